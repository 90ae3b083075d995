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
    # Read as typed, 保検 and 対称 are words the pamphlet never uses: "the pamphlet does not say".
    reply = engine.handle(Inbound(session_key="t1", text="保検の対称になりますか？ウイルスで患者さんのデータが消えた場合の復旧費用です",
                                  at=dt.datetime(2026, 12, 3, 11, 0, tzinfo=JST)))
    assert reply.intent == "coverage"
    assert "対象とされています" in reply.plain_text() and "記載がありません" not in reply.plain_text()


def test_real_words_that_look_alike_are_left_alone():
    assert correct_typos("保健所から連絡があり、保険金の清求について聞かれました") == "保健所から連絡があり、保険金の請求について聞かれました"
    assert correct_typos("左右対称的なデザイン") == "左右対称的なデザイン"


def test_a_correction_that_would_apply_again_is_refused_at_load(tmp_path):
    broken = tmp_path / "typos.yaml"
    broken.write_text(PATH.read_text(encoding="utf-8").replace("保検: 保険", "保検: 保検です"), encoding="utf-8")
    with pytest.raises(DataError, match="保検"):
        load_model(broken, TypoFile)
