"""Retrieval over the pamphlet: lexical (character-bigram BM25 with readings and synonyms,
knowledge.lexical), optionally fused with dense (chromadb through langchain-chroma, e5 vectors) by
reciprocal rank, then reranked by how much of the question's own evidence each chunk holds.

Which runs on every question was decided by measuring what each part earns (the README's
"Retrieval: lexical by default"): the dense leg costs ~34 ms of CPU a question (the e5 query
embedding) against ~4 ms for everything else; on questions nobody tuned with, it got one more of 80
held-out answers right and one fewer of 240 blind ruled verdicts. So a server answers from the
lexical index alone (``dense=False``); the hybrid, with the ruling examples that need the same
vectors, is CLINIC_BOT_RETRIEVAL=hybrid.

The chroma collection is persisted in a directory of its own (CLINIC_BOT_DATA_DIR/chroma by
default, or CLINIC_BOT_INDEX_DIR) and rebuilt only when its manifest (pamphlet hash, chunks,
embedding model) differs from the code's: building is idempotent. Only the coverage path
imports this module; quotes, subsidies and incidents never load chromadb or langchain.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from knowledge.chunks import Chunk, all_chunks
from knowledge.lexical import expand, lexical_index
from knowledge.pamphlet import pamphlet_hash

log = logging.getLogger(__name__)

COLLECTION = "pamphlet"
CHUNKER_VERSION = "3"
# Reciprocal rank fusion: ranks matter, raw scores from two scorers do not compare. Measured on
# tests/data/retrieval_questions.jsonl (benchmarks/retrieval.py): a small k (top ranks count most)
# and the dense list at half the lexical weight gave the best recall@3; with k=60 and equal
# weights the weaker dense ranking pulled good lexical hits out of the top three.
RRF_K = 5
DENSE_WEIGHT = 0.35
CANDIDATES = 20
# 309 vectors: a search breadth above their number makes the graph search exact. At chroma's
# default breadth the neighbours found varied from process to process (a chunk with similarity
# 0.8588 was in the top 20 in some runs and missing in others), and answers flickered with them.
HNSW = {"hnsw:space": "cosine", "hnsw:search_ef": 512, "hnsw:construction_ef": 512, "hnsw:M": 32}
RERANK_DEPTH = 10
BUILD_BATCH = 64  # passages embedded per step of a build (progress is reported after each)
COVERAGE_FLOOR = 1.0  # measured with benchmarks/retrieval.py after contact cards were merged (recall@3 0.935)
RARE_WORD_BONUS = 1.3  # measured: 1.3 keeps the case file's answers; 1.5 and 2.0 lose some
MANIFEST = "manifest.json"
# What a directory may hold for this module to delete it on a rebuild: its own files only.
RULING_VECTORS = "ruling_examples.npy"  # e5 query vectors of knowledge/lexicon/ruling_examples.yaml
OWN_FILES = {MANIFEST, "chroma.sqlite3", RULING_VECTORS}


class IndexDirError(RuntimeError):
    """The index directory cannot be used; the message says which and why."""


class IndexNotBuilt(RuntimeError):
    """The dense index has not been built (or is out of date): search falls back to lexical only."""


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float  # fused and reranked
    lexical_rank: int | None
    dense_rank: int | None
    lexical_score: float


@dataclass(frozen=True)
class BuildReport:
    rebuilt: bool
    chunks: int
    manifest: dict[str, str]
    path: Path


def _embeddings():  # type: ignore[no-untyped-def]
    from knowledge.embeddings import PamphletEmbeddings

    return PamphletEmbeddings()


def manifest_for(embedding_id: str) -> dict[str, str]:
    from knowledge.ruling_examples import examples_digest

    chunks_digest = hashlib.sha256("\n".join(c.id + c.search_text for c in all_chunks()).encode()).hexdigest()
    return {
        "ruling_examples_sha256": examples_digest(),
        "pamphlet_sha256": pamphlet_hash(),
        "chunks_sha256": chunks_digest,
        "chunker": CHUNKER_VERSION,
        "hnsw": json.dumps(HNSW, sort_keys=True),
        "embeddings": embedding_id,
    }


def _clear(path: Path) -> None:
    """Remove a stale index directory — but only one that holds nothing except an index.

    A mistyped CLINIC_BOT_INDEX_DIR (".", the data directory, a home directory) must never be
    wiped: anything that is not chroma's own files makes this refuse.
    """
    resolved = path.resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home() or resolved == Path.cwd():
        raise IndexDirError(f"refusing to clear {resolved}: not an index directory")
    for entry in resolved.iterdir():
        own = entry.name in OWN_FILES or (entry.is_dir() and len(entry.name) == 36 and entry.name.count("-") == 4)
        if not own:
            raise IndexDirError(f"refusing to clear {resolved}: it holds {entry.name!r}, which is not part of an index")
    shutil.rmtree(resolved)


class PamphletIndex:
    """The persisted dense index plus the in-memory lexical one, searched together."""

    def __init__(self, path: Path, embeddings: Any | None = None, dense: bool = True) -> None:
        self.path = Path(path)
        self.dense = dense  # False: questions are answered from the lexical index alone
        self._embeddings = embeddings
        self._store: Any = None
        self._lock = threading.Lock()
        self._by_id = {c.id: c for c in all_chunks()}
        self._ruling_vectors: Any = None
        self._matrix: Any = None  # the collection's vectors, one row per chunk (searched exactly)
        self._matrix_ids: list[str] = []

    @property
    def embeddings(self) -> Any:
        """The embedding model's wrapper, made on first use: a lexical-only process never imports
        langchain or the model."""
        if self._embeddings is None:
            self._embeddings = _embeddings()
        return self._embeddings

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def _expected_manifest(self) -> dict[str, str]:
        return manifest_for(getattr(self.embeddings, "identity", type(self.embeddings).__name__))

    def is_current(self) -> bool:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8")) == self._expected_manifest()
        except (OSError, ValueError):
            return False

    def _open(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from langchain_chroma import Chroma

        client = chromadb.PersistentClient(path=str(self.path), settings=ChromaSettings(anonymized_telemetry=False))
        return Chroma(
            client=client, collection_name=COLLECTION, embedding_function=self.embeddings,
            collection_metadata=HNSW,
        )

    def build(self, force: bool = False, progress: Callable[[str], None] | None = None) -> BuildReport:
        """Create the dense index when missing or out of date; otherwise leave it as it is.
        `progress` hears what is being done (a first build embeds every passage: about a minute)."""
        say = progress or (lambda _: None)
        with self._lock:
            manifest = self._expected_manifest()
            if not force and self.is_current():
                return BuildReport(rebuilt=False, chunks=len(self._by_id), manifest=manifest, path=self.path)
            self._store = None
            if self.path.exists():
                _clear(self.path)  # a stale index is thrown away whole, never patched
            self.path.mkdir(parents=True, exist_ok=True)
            store = self._open()
            chunks = list(all_chunks())
            say(f"embedding {len(chunks)} pamphlet passages with {getattr(self.embeddings, 'identity', 'the model')}")
            for start in range(0, len(chunks), BUILD_BATCH):
                batch = chunks[start : start + BUILD_BATCH]
                store.add_texts(
                    texts=[c.search_text for c in batch],
                    metadatas=[{"section": c.section, "position": c.position, "kind": c.kind} for c in batch],
                    ids=[c.id for c in batch],
                )
                say(f"  {min(start + BUILD_BATCH, len(chunks))}/{len(chunks)} passages")
            self._write_ruling_vectors(say)
            # Written last: a build that dies half-way leaves no manifest and is redone.
            self.manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
            self._store = store
            log.info("pamphlet index built: %d chunks at %s", len(chunks), self.path)
            return BuildReport(rebuilt=True, chunks=len(chunks), manifest=manifest, path=self.path)

    def _write_ruling_vectors(self, say: Callable[[str], None]) -> None:
        import numpy as np

        from knowledge.ruling_examples import get_examples

        texts = [e.text for e in get_examples().examples]
        say(f"embedding {len(texts)} labelled ruling questions (knowledge/lexicon/ruling_examples.yaml)")
        vectors = np.asarray([self.embeddings.embed_query(t) for t in texts], dtype=np.float32)
        np.save(self.path / RULING_VECTORS, vectors)
        self._ruling_vectors = vectors

    def nearest_ruling(self, question: str) -> str | None:
        """The ruling id the nearest example questions point to (knowledge/ruling_examples.py), or None."""
        from knowledge.ruling_examples import nearest_ruling

        if not self.dense:
            return None  # the examples are compared by e5 vectors: none are computed in this mode
        vectors = self._vectors_of_examples()
        if vectors is None:
            return None
        import numpy as np

        return nearest_ruling(vectors @ np.asarray(self.embeddings.embed_query(question), dtype=np.float32))

    def _vectors_of_examples(self) -> Any:
        if self._ruling_vectors is None:
            if not self.is_current():
                return None  # never built inside a request: without the build product, no decision
            import numpy as np

            with self._lock:
                if self._ruling_vectors is None:
                    self._ruling_vectors = np.load(self.path / RULING_VECTORS)
        return self._ruling_vectors

    def warm(self) -> bool:
        """Load everything a coverage question needs (chroma, the lexical index and kana vocabulary,
        the model, the example vectors) so that no user waits for it; False when there is no current
        index to load (it is built by `clinic-bot index build`, never here). Lexical only: the
        lexical index is built here, in memory (a second or two), and nothing else is needed."""
        lexical_index()
        expand("罰金は補償されますか")
        if not self.dense:
            return True
        if not self.is_current():
            return False
        self._vectors_of_chunks()
        self.embeddings.embed_query("ウォームアップ")
        self._vectors_of_examples()
        return True

    def _dense_store(self) -> Any:
        if self._store is None:
            if not self.is_current():
                # Building takes a minute: never inside a user's request. The caller answers from
                # the lexical index alone (see search) until `clinic-bot index build` has run.
                raise IndexNotBuilt(f"no current pamphlet index at {self.path} (run: clinic-bot index build)")
            else:
                with self._lock:
                    if self._store is None:
                        self._store = self._open()
        return self._store

    def _vectors_of_chunks(self) -> tuple[Any, list[str]]:
        """The collection's vectors, read out of chroma once. Over ~300 chunks an exact product
        is cheaper than a graph search through langchain and chroma (~5 ms a question) and gives
        the same neighbours (the graph search is configured to be exact: HNSW above)."""
        if self._matrix is None:
            import numpy as np

            store = self._dense_store()
            with self._lock:
                if self._matrix is None:
                    got = store._collection.get(include=["embeddings"])
                    matrix = np.asarray(got["embeddings"], dtype=np.float32)
                    self._matrix_ids = list(got["ids"])
                    self._matrix = matrix
        return self._matrix, self._matrix_ids

    def dense_search(self, query: str, k: int = CANDIDATES) -> list[tuple[Chunk, float]]:
        import numpy as np

        matrix, ids = self._vectors_of_chunks()
        similarity = matrix @ np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        # Ties (equal vectors) broken by id, so that the order never depends on storage order.
        order = sorted(range(len(ids)), key=lambda i: (-float(similarity[i]), ids[i]))[:k]
        return [(self._by_id[ids[i]], float(similarity[i])) for i in order if ids[i] in self._by_id]

    def lexical_search(self, query: str, k: int = CANDIDATES, weights: Mapping[str, float] | None = None) -> list[tuple[Chunk, float]]:
        return lexical_index().search(query, k, weights)

    def search(self, query: str, k: int = 5) -> list[Hit]:
        """The lexical ranking (fused by reciprocal rank with the dense one when ``dense``), the head
        reranked by evidence coverage."""
        weights = expand(query)
        lexical = self.lexical_search(query, weights=weights)
        dense: list[tuple[Chunk, float]] = []
        if self.dense:
            try:
                dense = self.dense_search(query)
            except IndexNotBuilt:
                log.warning("pamphlet index not built: answering from the lexical index alone")
        scores: dict[str, float] = {}
        lexical_rank: dict[str, int] = {}
        dense_rank: dict[str, int] = {}
        lexical_score: dict[str, float] = {}
        for rank, (chunk, score) in enumerate(lexical, 1):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank)
            lexical_rank[chunk.id] = rank
            lexical_score[chunk.id] = score
        for rank, (chunk, _) in enumerate(dense, 1):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + DENSE_WEIGHT / (RRF_K + rank)
            dense_rank[chunk.id] = rank
        # Fusion alone lets a chunk full of generic words (保険金, 補償されます) outrank the one
        # about the question's subject (罰金): weigh the head by the share of evidence it holds.
        lexical_ix = lexical_index()
        evidence = lexical_ix.evidence(weights)
        for cid in sorted(scores, key=lambda c: -scores[c])[:RERANK_DEPTH]:
            scores[cid] *= COVERAGE_FLOOR + lexical_ix.share(evidence, lexical_ix.position[cid])
        # The question's rarest word (故意, 財物, 罰金) is usually its subject: a chunk that holds
        # it beats one that only shares the common words (事故, 補償, 費用).
        rare = lexical_ix.rarest_word(query)
        if rare is not None:
            for cid in sorted(scores, key=lambda c: -scores[c])[:RERANK_DEPTH]:
                if rare in lexical_ix.docs[lexical_ix.position[cid]]:
                    scores[cid] *= RARE_WORD_BONUS
        ordered = sorted(scores, key=lambda cid: (-scores[cid], lexical_rank.get(cid, 999)))[:k]
        return [
            Hit(chunk=self._by_id[cid], score=scores[cid], lexical_rank=lexical_rank.get(cid),
                dense_rank=dense_rank.get(cid), lexical_score=lexical_score.get(cid, 0.0))
            for cid in ordered
        ]


_shared: dict[str, PamphletIndex] = {}
_shared_lock = threading.Lock()


def get_index(path: Path, dense: bool = True) -> PamphletIndex:
    """One index per directory and mode per process: opening chroma is not free."""
    key = f"{Path(path).resolve()}|{dense}"
    with _shared_lock:
        if key not in _shared:
            _shared[key] = PamphletIndex(Path(path), dense=dense)
        return _shared[key]
