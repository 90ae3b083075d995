"""The ruling examples: a question that names no ruling word still gets the ruling its nearest
example asks about — only when that example is close and clearly closer than any other label."""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from bot.runtime import LazyRetriever
from handlers.rulings import ruling_for
from knowledge import text as jtext
from knowledge.ruling_examples import MIN_MARGIN, MIN_SIMILARITY, Examples, get_examples, nearest_ruling


def similarities(best: int, value: float, rival: float) -> np.ndarray:
    """One similarity per example: `value` for example `best`, `rival` for every other."""
    s = np.full(len(get_examples().examples), rival, dtype=np.float32)
    s[best] = value
    return s


def index_of(ruling: str | None) -> int:
    return next(i for i, e in enumerate(get_examples().examples) if e.ruling == ruling)


def test_every_example_names_a_ruling_of_the_table():
    assert len(get_examples().examples) > 200
    with pytest.raises(ValidationError, match="does not hold"):
        Examples(version=1, examples=[{"ruling": "no_such_ruling", "text": "テストの質問です"}])


def test_a_close_and_clear_nearest_example_decides():
    war = index_of("war")
    assert nearest_ruling(similarities(war, 0.95, 0.80)) == "war"


def test_not_close_enough_or_not_clear_enough_decides_nothing():
    war = index_of("war")
    assert nearest_ruling(similarities(war, MIN_SIMILARITY - 0.01, 0.5)) is None
    assert nearest_ruling(similarities(war, 0.95, 0.95 - MIN_MARGIN / 2)) is None


def test_a_nearest_example_that_no_ruling_answers_decides_nothing():
    assert nearest_ruling(similarities(index_of(None), 0.99, 0.5)) is None


@pytest.fixture(scope="module")
def retriever(shared_pamphlet_index):
    return LazyRetriever(shared_pamphlet_index, dense=True)  # the examples are the hybrid's (e5 vectors)


@pytest.mark.parametrize(("question", "ruling"), [
    ("わざとやった場合でも保険はおりますか？", "intent"),
    ("故意に患者さんのデータを消したときって、保険はおりますか", "intent"),
    # (「せんそうが原因で…」 was one: the table holds せんそう in hiragana now)
])
def test_questions_without_a_ruling_word_get_the_ruling_of_their_nearest_example(retriever, question, ruling):
    text = jtext.normalize(question)
    assert ruling_for(text) is None  # the word lists alone miss it
    assert ruling_for(text, retriever).id == ruling


@pytest.mark.parametrize("question", ["待合室のテレビが壊れたら補償されますか？", "保険料は分割で払えますか？", "駐車場の契約はどうなりますか"])
def test_questions_about_nothing_the_table_rules_on_get_no_ruling(retriever, question):
    assert ruling_for(jtext.normalize(question), retriever) is None


def test_without_the_built_vectors_nothing_is_decided(tmp_path):
    assert LazyRetriever(tmp_path / "never-built", dense=True).nearest_ruling("わざとやった場合でも保険はおりますか？") is None


def test_lexical_retrieval_never_embeds_a_question(shared_pamphlet_index, monkeypatch):
    import knowledge.embeddings as embeddings

    monkeypatch.setattr(embeddings, "_query_vector", lambda text: pytest.fail("embedded a question"))
    retriever = LazyRetriever(shared_pamphlet_index)
    assert retriever.nearest_ruling("わざとやった場合でも保険はおりますか？") is None
    assert retriever.search("罰金は補償されますか", k=3)
