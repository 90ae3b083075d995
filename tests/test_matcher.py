"""knowledge.vocab's matcher against a plain reference: at each position the longest word that fits,
a Latin word never running on into another letter or digit, a hiragana-only word never matching
what was katakana (unless the word has three or more characters: a Japanese word spelled in
katakana), and a word inside a longer occurrence dropped. Whatever the matcher is built
on (an automaton now), what a handler sees must be exactly this."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.vocab import Matcher, MatcherSet, Span, ascii_word_char, key_and_mask

ALPHABET = ["a", "b", "1", " ", "あ", "い", "ア", "イ", "ー", "病", "。"]
words = st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=8)
texts = st.text(alphabet=ALPHABET, max_size=30)


def reference(matcher: Matcher, key: str, mask: bytes, start: int, end: int) -> list[Span]:
    spans = []
    for s in range(start, end):
        best = None
        for word in matcher.natural:
            e = s + len(word)
            if e > end or not key.startswith(word, s):
                continue
            if ascii_word_char(word[0]) and s > 0 and ascii_word_char(key[s - 1]):
                continue
            if ascii_word_char(word[-1]) and e < end and ascii_word_char(key[e]):
                continue
            spelled_in_katakana = e - s >= 3  # 「シュウリヒ」「ナオすギョウシャ」: a word, not a loanword
            if word in matcher._hiragana_only and any(mask[s:e]) and not spelled_in_katakana:
                continue
            if best is None or e > best[1]:
                best = (word, e)
        if best is not None:
            spans.append(Span(s, best[1], matcher.natural[best[0]], matcher.kind))
    kept, reach = [], -1
    for span in spans:
        if span.end > reach:
            kept.append(span)
            reach = span.end
    return kept


@settings(max_examples=300, deadline=None)
@given(words, texts, st.integers(0, 30), st.integers(0, 30))
def test_a_matcher_finds_what_the_reference_finds(vocabulary, text, a, b):
    matcher = Matcher(vocabulary, "k")
    key, mask = key_and_mask(text)
    start, end = min(a, b, len(key)), min(max(a, b), len(key))
    assert matcher.find(key, mask, start, end) == reference(matcher, key, mask, start, end)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=4), texts)
def test_a_matcher_set_gives_each_list_what_it_finds_alone(lists, text):
    matchers = [Matcher(vocabulary, f"k{i}") for i, vocabulary in enumerate(lists)]
    key, mask = key_and_mask(text)
    together = MatcherSet(matchers).find_all(key, mask)
    assert all(together[id(m)] == m.find(key, mask) for m in matchers)


def test_the_longest_word_wins_and_the_ones_inside_it_are_dropped():
    matcher = Matcher(["ランサム", "ランサムウェア", "ウェア"])
    assert matcher.all("ランサムウェアに感染") == ["ランサムウェア"]


def test_a_hiragana_word_does_not_match_katakana_but_its_katakana_form_does():
    assert Matcher(["けが"]).all("ケガをした") == []
    assert Matcher(["けが", "ケガ"]).all("ケガをした") == ["けが"]  # named by the form written first


def test_a_japanese_word_spelled_wholly_in_katakana_is_read_as_its_hiragana_term():
    # 「シュウリヒはホショウタイショウ？」 as some staff type on a phone: the repair bill is named
    assert Matcher(["しゅうりひ"]).all("マルウェアでウゴかない。シュウリヒはホショウタイショウ？") == ["しゅうりひ"]
    assert Matcher(["なおすぎょうしゃ"]).all("ナオすギョウシャのヒヨウ") == ["なおすぎょうしゃ"]
    # ... but a short katakana word (a country, a loanword) is not a hiragana word that reads alike
    assert Matcher(["たい"]).all("タイの会社") == []


def test_a_latin_word_matches_only_as_a_whole_word():
    matcher = Matcher(["dos", "pc"])
    assert matcher.all("windows pcr") == []
    assert matcher.all("DoS攻撃でPCが止まった") == ["dos", "pc"]


gapped_words = st.lists(st.builds(lambda a, b: f"{a}…{b}", st.text(alphabet=ALPHABET, min_size=1, max_size=3),
                                  st.text(alphabet=ALPHABET, min_size=1, max_size=3)), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(words, gapped_words, texts, st.integers(0, 30), st.integers(0, 30))
def test_a_gapped_term_is_found_whether_or_not_its_parts_are_looked_for_first(vocabulary, gapped, text, a, b):
    """「弁護士…相談」 is matched by its pattern; the matcher first asks whether the key holds each part at
    all, to spare most messages the pattern. That shortcut must never lose or add a match."""
    matcher = Matcher([*vocabulary, *gapped], "k")
    unfiltered = Matcher([*vocabulary, *gapped], "k")
    unfiltered._gapped_held = lambda key: [(pattern, label) for pattern, label, _ in unfiltered._gapped]  # tries every pattern
    key, mask = key_and_mask(text)
    start, end = min(a, b, len(key)), min(max(a, b), len(key))
    assert matcher.find(key, mask, start, end) == unfiltered.find(key, mask, start, end)
    together = MatcherSet([matcher]).find_all(key, mask)
    assert together[id(matcher)] == unfiltered.find(key, mask)
