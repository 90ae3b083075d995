"""Words typed in kana alone are read as the words they spell (knowledge/kana_words.py), and no word
list loses a word it holds in kana for such messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from knowledge.kana_words import get_kana_words, read_kana_words
from knowledge.typos import read_message
from knowledge.vocab import Matcher

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


@pytest.mark.parametrize(("typed", "read"), [
    # a whole message in kana, spaced as staff type it on a phone
    ("せんしゅうの きんようびだけ しんりょうを やすみました", "先週の 金曜日だけ 診療を 休みました"),
    ("えいちにの ほしょうって いくらまで でるの？", "H2の 補償って いくらまで でるの？"),
    ("ないかの いいん です", "内科の 医院 です"),
    # a compound read from its parts
    ("こじんじょうほうろうえいの ほうこく", "個人情報漏えいの 報告"),
])
def test_a_kana_message_is_read_as_the_words_it_spells(typed, read):
    assert read_kana_words(typed) == read


@pytest.mark.parametrize(("typed", "never"), [
    ("こういう場合でも支援金は出ますか", "行為"),        # こうい is no 行為 inside こういう
    ("きょうからは手書きのカルテで診察します", "強化"),  # きょうか is no 強化 inside きょうから
    ("ごかぞくには まだ いっていません", "一定"),        # いってい is no 一定 before ません
    ("しかいいんでも はいれますか", "会員"),             # a word starts only where a word can start
    ("だれも いない じかんに", "以内"),                  # いない is a verb's ending
    ("むしょうの くりにっく", "無償"),                   # 無床 or 無償: left as typed
])
def test_kana_that_spell_a_longer_word_or_several_words_are_not_read_as_a_shorter_one(typed, never):
    read = read_kana_words(typed)
    assert never not in read


def test_the_engine_reads_a_kana_message_through_the_same_reader():
    assert read_message("ｼｴﾝｷﾝ いくら？ しえんきんの じょうけんは？").endswith("支援金の 条件は?")


@pytest.mark.parametrize(("typed", "read"), [
    ("ぱそこん 2だいが うごかない", "2台"),
    ("3にちかん やすんだ", "3日間"),
    ("ごご2じはんに きづいた", "2時半"),
    ("よさんは 20まんえんです", "20万円"),
])
def test_a_counter_after_a_number_is_read_as_its_kanji(typed, read):
    assert read in read_message(typed)


@pytest.mark.parametrize(("typed", "read"), [
    ("にゅういんの べっどは よんじゅっしょうです", "40床"),
    ("かんじゃさん さんびゃくにんぶんの めーる", "300人"),
    ("ひゃくにん くらいの しせつです", "100人"),
    ("いちにちだけ やすみました", "1日"),
    ("よさんは にじゅうまんえんまでです", "20万円"),
])
def test_a_number_spelled_in_kana_before_a_counter_is_read_as_digits(typed, read):
    assert read in read_message(typed)


@pytest.mark.parametrize("typed", ["ごめいわくを おかけしました", "ごえんりょください", "いっしょうけんめい さがしました"])
def test_kana_that_only_look_like_a_number_and_a_counter_are_left_alone(typed):
    assert read_message(typed) == typed


def test_kana_after_a_number_that_begin_another_word_are_left_alone():
    assert read_message("2じゅんびします") == "2じゅんびします"  # (じゅ is no 時)


@pytest.mark.parametrize(("typed", "read"), [
    ("かんじゃさんの でーたは 1まん5せんにん くらい です", "15000人"),
    ("2せん5ひゃくにんぶん", "2500人"),
    ("よさんは 2じゅうまんえん", "20万円"),
])
def test_a_number_typed_with_figures_and_kana_places_is_read_whole(typed, read):
    """A phone's kana keyboard offers figures at hand: 「1まん5せんにん」 is 15000 people, not 1万 and 5せんにん."""
    assert read in read_message(typed)


def test_a_payment_told_in_kana_days_and_counts_is_computed(tmp_path):
    """「よっかまえ」 dates the attack four days before the message and 「2にち」 counts the days closed."""
    import datetime as dt

    from bot.engine import Engine
    from bot.store.sqlite import SQLiteStore
    from handlers.messages import Inbound
    from knowledge.clock import JST

    engine = Engine(SQLiteStore(tmp_path / "k.sqlite3"))
    reply = engine.handle(Inbound(session_key="kana-pay", text="むいかまえに ういるすで 2にち しんりょうを やすみました。しえんきんは いくら？",
                                  at=dt.datetime(2031, 6, 11, 10, 0, tzinfo=JST)))
    text = reply.plain_text()
    assert "2031年6月5日" in text and "30万円" in text


def _lists(node: object):
    if isinstance(node, list) and node and all(isinstance(v, str) for v in node):
        yield node
    elif isinstance(node, list):
        for v in node:
            yield from _lists(v)
    elif isinstance(node, dict):
        for v in node.values():
            yield from _lists(v)


def test_no_word_list_loses_a_word_it_holds_in_kana_once_the_message_is_read():
    kana = get_kana_words()
    lost = []
    for path in sorted((KNOWLEDGE / "lexicon").glob("*.yaml")) + [KNOWLEDGE / "rulings.yaml"]:
        if path.name == "kana_words.yaml":
            continue
        for words in _lists(yaml.safe_load(path.read_text(encoding="utf-8"))):
            matcher = Matcher(words)
            for word in words:
                # (a gapped term 「ほけんきん…でない」 is read part by part, as a message holding it would be)
                read = "…".join(kana.read(part) for part in word.split("…"))
                if re.search(r"[ぁ-ゖ]{3}", word) and read != word and not matcher.in_text(read.replace("…", "")):
                    lost.append(f"{path.name}: {word} → {read}")
    assert not lost, "read from kana, these no longer match their own list:\n" + "\n".join(lost)


@pytest.mark.parametrize(("words", "named"), [
    ("[歯科]", "歯科: read as 'しか'"),            # two kana spell too many words
    ("[昨日]", "昨日 is read きのう, which the file keeps"),  # the dates reader reads きのう as typed
])
def test_a_word_that_cannot_be_read_safely_is_refused_by_name(tmp_path, words, named):
    from knowledge.kana_words import PATH, get_kana_words
    from knowledge.vocab import DataError

    text = PATH.read_text(encoding="utf-8")
    broken = tmp_path / "kana_words.yaml"
    broken.write_text(text.replace("words: [", f"words: {words[:-1]}, ", 1), encoding="utf-8")
    with pytest.raises(DataError, match=named):
        get_kana_words.__wrapped__(broken)
