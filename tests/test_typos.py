"""Mis-converted words are read as the word meant (knowledge/lexicon/typos.yaml)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.runtime import LazyRetriever
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from knowledge.clock import JST
from knowledge.typos import PATH, TypoFile, correct_typos
from knowledge.vocab import DataError, load_model


@pytest.fixture(scope="module")
def engine(tmp_path_factory, shared_pamphlet_index):
    store = SQLiteStore(tmp_path_factory.mktemp("typos") / "bot.sqlite3")
    yield Engine(store, retriever=LazyRetriever(shared_pamphlet_index))
    store.close()


def test_a_question_typed_with_a_wrong_kanji_is_answered_as_meant(engine):
    # Read as typed, 補賞 is no word of the pamphlet's and the question asks for no verdict.
    reply = engine.handle(Inbound(session_key="t1", text="ランサムウエアの復旧費用は補賞されますか",
                                  at=dt.datetime(2026, 12, 3, 11, 0, tzinfo=JST)))
    assert reply.intent == "coverage" and "対象とされています" in reply.plain_text()


def test_real_words_that_look_alike_are_left_alone():
    assert correct_typos("保健所から連絡があり、保険金の清求について聞かれました") == "保健所から連絡があり、保険金の請求について聞かれました"
    # 確保検証 holds 保検 and 非対称外観 holds 対称外: after a kanji they are parts of other words.
    assert correct_typos("人員確保検討中、非対称外観のサーバー室、左右対称に配置") == "人員確保検討中、非対称外観のサーバー室、左右対称に配置"
    assert correct_typos("サイバー保険検討中です。うちの保検は？") == "サイバー保険検討中です。うちの保険は？"


@pytest.mark.parametrize(("entry", "typo"), [
    ("保検: 保検です", "保検"),  # the correction holds the typo
    ("保検: 保険\n  険検: 険検査", "険検"),  # 保険 + 検… would make the typo 険検 on a second reading
])
def test_a_correction_that_would_apply_again_is_refused_at_load(tmp_path, entry, typo):
    broken = tmp_path / "typos.yaml"
    broken.write_text(PATH.read_text(encoding="utf-8").replace("保検: 保険", entry), encoding="utf-8")
    with pytest.raises(DataError, match=typo):
        load_model(broken, TypoFile)
