"""The learned layer's data and model: examples as validated data, a deterministic classifier."""

from __future__ import annotations

import pytest

from knowledge.examples import load_examples
from knowledge.intent_model import features, intent_model, train
from knowledge.vocab import DataError


def write(tmp_path, name: str, body: str):
    (tmp_path / name).write_text(body, encoding="utf-8")
    load_examples.cache_clear()
    return tmp_path


def test_the_shipped_examples_cover_every_intent_and_incident_kind_in_hundreds():
    examples = load_examples()
    per_intent = {}
    for e in examples:
        per_intent[e.intent] = per_intent.get(e.intent, 0) + 1
    assert set(per_intent) == {"quote", "coverage", "incident", "subsidy", "greeting", "help", "out_of_scope"}
    assert per_intent["incident"] >= 400 and per_intent["coverage"] >= 250 and per_intent["quote"] >= 150
    kinds = {e.kind for e in examples if e.intent == "incident"}
    assert {"ransomware", "malware", "unauthorized_access", "misdelivery", "lost_device", "spoofing", "insider",
            "website_tampering", "outage", "other"} <= kinds
    assert sum(e.decoy for e in examples) >= 150  # questions *about* incidents, taught as non-reports


@pytest.mark.parametrize("body, problem", [
    ('examples:\n  - {text: "a", intent: weather}\n', "intent"),
    ('examples:\n  - {text: "a", intent: quote, kind: ransomware}\n', "kind"),
    ('examples:\n  - {text: no, intent: quote}\n', "text"),
    ('examples:\n  - {text: "a", intnet: quote}\n', "intnet"),
    ('examples: []\n', "examples"),
])
def test_a_broken_example_is_refused_naming_the_file_and_the_entry(tmp_path, body, problem):
    write(tmp_path, "bad.yaml", body)
    with pytest.raises(DataError) as info:
        load_examples(tmp_path)
    assert "bad.yaml" in str(info.value) and problem in str(info.value)


def test_one_text_labelled_two_ways_is_refused(tmp_path):
    write(tmp_path, "a.yaml", 'examples:\n  - {text: "保険料は？", intent: quote}\n')
    write(tmp_path, "b.yaml", 'examples:\n  - {text: "保険料は？", intent: coverage}\n')
    with pytest.raises(DataError, match="labelled coverage"):
        load_examples(tmp_path)


def test_latin_text_counts_as_whole_words_and_japanese_as_character_ngrams():
    f = features("This PC ウイルス")
    assert {"w:this", "w:pc", "w2:this_pc"} <= f
    assert "w:hi" not in f and "うい" in f


def test_the_model_is_the_same_every_time_it_is_built():
    examples = load_examples()
    a, b = train(examples), train(examples)
    for text in ("電子カルテが動かない", "保険料を教えて", "こんにちは", "支援金はいくら？"):
        assert a.predict(text) == b.predict(text)


def test_a_long_message_is_no_surer_than_a_short_one():
    short = intent_model().predict("保険の見直しを考えています")
    long = intent_model().predict("保険の見直しを考えています。" * 200)
    assert long.probability <= max(short.probability, 0.999)


def test_a_prediction_reads_exactly_the_features_of_the_text():
    """predict() finds the n-grams by code (numpy), not by string: the columns it reads must be
    exactly those of features(), on Japanese, English, mixed, padding-like and odd characters."""
    model = intent_model()
    vocabulary: set[str] = set()
    for example in load_examples():
        vocabulary |= features(example.text)
    column = {f: j for j, f in enumerate(sorted(vocabulary))}
    texts = [e.text for e in load_examples()][:400] + [
        "", "^$", "__", "^_^", "$$$ 売上", "a", "PC", "x\x00y", "\ud800ランサム", "😀🎉ウイルス",
        "電子カルテが暗号化されて開けません", "We got hacked, the server is encrypted", "ﾗﾝｻﾑ ｳｪｱ!!",
    ]
    for text in texts:
        expected = sorted(j for j in map(column.get, features(text)) if j is not None)
        assert model.columns(text).tolist() == expected, text
