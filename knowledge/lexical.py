"""Lexical retrieval that understands Japanese: BM25 over character bigrams of the folded text
(NFKC, lower case, katakana -> hiragana), plus bigrams of the text's kana reading (SudachiPy),
with the domain's synonyms added to the query.

Character bigrams need no dictionary and cope with misspellings and mixed scripts; the reading
lets a question typed in hiragana (ばっきん) meet the pamphlet's kanji (罰金). Measured with
benchmarks/retrieval.py against dictionary words (SudachiPy normalised forms), bigrams won.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import yaml

from knowledge.chunks import Chunk, all_chunks
from knowledge.mapped_files import advise_random
from knowledge.text import CACHED_CHARS, fold, normalize

SYNONYMS_PATH = Path(__file__).parent / "lexicon" / "synonyms.yaml"
NGRAM = 2
TOKEN_MODE = "all"  # bigrams + dictionary words + reading bigrams; see benchmarks/retrieval.py --modes
K1, B = 1.2, 0.3  # a low length penalty: long table rows are often the answer
SYNONYM_WEIGHT = 0.5  # an added synonym counts half as much as a word the user wrote
RARE_WORD_MAX_CHUNKS = 8  # a word in more chunks than this is no subject of its own
READING_WEIGHT = 0.3  # reading bigrams confirm; they must not outvote the written words
_DROP = re.compile(r"[\s、。，．,.・:：;；!！?？()（）「」『』【】<>＜＞\[\]/／\-ー〜~※●■◆□✔'\"“”]+")
HIRAGANA_RUN = re.compile(r"[ぁ-ゖー]{3,}")
KANA_WORD_MIN = 3  # shorter readings (じこ, ほけん's parts) turn up by chance in any kana run
KANA_WORD_MAX = 10
PARTICLES = "はがをにでともへのや"
_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9.+\-]*|[^a-z0-9]+")
# Grams that appear in almost every question and say nothing about its topic.
STOP_GRAMS = frozenset({
    "です", "ます", "すか", "てく", "くだ", "ださ", "さい", "ので", "しょ", "でし", "ょう", "して", "した", "する",
    "ある", "いる", "なる", "れる", "られ", "この", "その", "あの", "とき", "ばあ", "あい", "おし", "しえ", "えて",
    "教え", "され", "れま", "ませ", "せん", "って", "った", "ない", "なら", "たら", "でき", "きま", "どの", "のく",
    "くら", "らい", "いで", "けど", "よね", "んで", "れた", "かな", "のは", "には", "では", "とは", "ても", "でも",
    "から", "など", "こと", "もの", "よう", "どう", "うい", "いう", "すが", "たい", "ほけ", "けん",
})


# The sudachidict-* package the tokenizer reads. "small" would map ~85 MB less, but it does not know
# compounds such as 自動更新 or 再発行 as words: the check for a topic the pamphlet never mentions
# (knowledge.answerability) then lets 「来年は自動更新になるの？」 be answered from a statement about
# something else, and building compounds from its pieces instead refused answerable questions
# (学会出張中, 患者さん: measured 2026-12-03). The memory is kept down by reading the mapped file at
# random instead (knowledge.mapped_files): ~30 MB less of every worker's RSS under load.
SUDACHI_DICT = "core"


@lru_cache(maxsize=1)
def sudachi_dictionary():  # type: ignore[no-untyped-def]
    """The one SudachiPy dictionary of the process: each one loaded costs ~80 MB of memory."""
    from sudachipy import Dictionary

    dictionary = Dictionary(dict=SUDACHI_DICT)
    advise_random("system.dic")  # ~30 MB less of it held by every worker (knowledge.mapped_files)
    return dictionary


_PER_THREAD = threading.local()


def thread_tokenizer(mode: str):  # type: ignore[no-untyped-def]
    """This thread's SudachiPy tokenizer for a split mode ("A", "B", "C"). A Tokenizer refuses to run
    in two threads at once (SudachiError "already in use"), and the server answers requests on a
    pool of threads: each thread gets its own, all reading the one dictionary."""
    from sudachipy import SplitMode

    tokenizers = getattr(_PER_THREAD, "tokenizers", None)
    if tokenizers is None:
        tokenizers = _PER_THREAD.tokenizers = {}
    if mode not in tokenizers:
        tokenizers[mode] = sudachi_dictionary().tokenizer(mode=getattr(SplitMode, mode))
    return tokenizers[mode]


def _tokenizer():  # type: ignore[no-untyped-def]
    # Mode A splits compounds (個人/情報/保護), which suits search.
    return thread_tokenizer("A")


def readings(text: str) -> str:
    """The kana reading of the text, so that 罰金 and ばっきん meet."""
    return _analysed(text)[1]


# Dictionary words (normalised forms) that every question has and no topic is about.
STOP_WORDS = frozenset({"為る", "有る", "居る", "成る", "出来る", "言う", "良い", "貰う", "呉れる", "下さる", "事", "物", "様", "其れ", "此れ"})


def words(text: str) -> list[str]:
    """Dictionary words in their normalised form (SudachiPy), without particles and empty verbs."""
    return list(_analysed(text)[0])


def _analysed(text: str) -> tuple[tuple[str, ...], str]:
    """Cached for short texts (knowledge.text.CACHED_CHARS; a longer one is analysed each time, so
    that the caches stay a few megabytes): a question is analysed by several steps of one answer,
    and the synonyms' terms by every question that uses them."""
    return _analysed_cached(text) if len(text) <= CACHED_CHARS else _analyse(text)


@lru_cache(maxsize=1024)
def _analysed_cached(text: str) -> tuple[tuple[str, ...], str]:
    return _analyse(text)


def _analyse(text: str) -> tuple[tuple[str, ...], str]:
    """(words, reading) of a text from one pass of the tokenizer."""
    out = []
    reading = []
    for m in _tokenizer().tokenize(normalize(text)[:2000]):
        reading.append(m.reading_form())
        if m.part_of_speech()[0] in ("助詞", "助動詞", "補助記号", "空白") or m.normalized_form() in STOP_WORDS:
            continue
        out.append(fold(m.normalized_form()))
    return tuple(out), "".join(reading)


def grams(text: str) -> list[str]:
    """Character bigrams of Japanese runs; whole words for runs of Latin letters and digits
    (letter bigrams of English would match unrelated URLs and product names)."""
    folded = _DROP.sub(" ", fold(text))
    out: list[str] = []
    for piece in (m.group(0) for chunk in folded.split() for m in _ASCII_WORD.finditer(chunk)):
        if piece[0].isascii() and piece[0].isalnum():
            out.append(piece)
            continue
        if len(piece) < NGRAM:
            out.append(piece)
            continue
        out.extend(piece[i : i + NGRAM] for i in range(len(piece) - NGRAM + 1))
    return [g for g in out if g not in STOP_GRAMS]


def tokens(text: str, mode: str = "") -> list[str]:
    """What the index counts: character bigrams of the text plus (``r:``) those of its reading."""
    mode = mode or TOKEN_MODE
    return list(_tokens(text, mode)) if len(text) <= CACHED_CHARS else _tokens_of(text, mode)


@lru_cache(maxsize=1024)
def _tokens(text: str, mode: str) -> tuple[str, ...]:
    return tuple(_tokens_of(text, mode))


def _tokens_of(text: str, mode: str) -> list[str]:
    if mode == "bigram":
        return grams(text)
    if mode == "words":
        return words(text)
    if mode == "bigram+words":
        return grams(text) + ["w:" + w for w in words(text)]
    if mode == "all":
        return grams(text) + ["w:" + w for w in words(text)] + ["r:" + g for g in grams(readings(text))]
    return grams(text) + ["r:" + g for g in grams(readings(text))]


@lru_cache(maxsize=1)
def synonym_groups() -> tuple[tuple[str, ...], ...]:
    data = yaml.safe_load(SYNONYMS_PATH.read_text(encoding="utf-8"))
    return tuple(tuple(fold(str(term)) for term in group) for group in data["groups"])


class Substrings:
    """Which of a fixed set of strings occur in a text (``term in text`` for each), in one walk of
    a character trie from every position rather than one substring search per term (some 600
    synonym terms were searched in every question)."""

    def __init__(self, terms: Iterable[str]) -> None:
        terms = tuple(terms)
        self._trie: dict[str, Any] = {}
        self._always = frozenset(t for t in terms if not t)  # "" is in every text
        for term in terms:
            node = self._trie
            for ch in term:
                node = node.setdefault(ch, {})
            node[""] = term

    def within(self, text: str) -> set[str]:
        found = set(self._always)
        trie = self._trie
        end = len(text)
        for start in range(end):
            node = trie.get(text[start])
            i = start + 1
            while node is not None:
                term = node.get("")
                if term is not None:
                    found.add(term)
                if i == end:
                    break
                node = node.get(text[i])
                i += 1
        return found


@lru_cache(maxsize=1)
def _synonym_terms() -> Substrings:
    return Substrings(term for group in synonym_groups() for term in group)


@lru_cache(maxsize=1)
def _groups_holding() -> dict[str, tuple[int, ...]]:
    """The synonym groups (their places in synonym_groups()) each term belongs to."""
    out: dict[str, list[int]] = {}
    for index, group in enumerate(synonym_groups()):
        for term in dict.fromkeys(group):
            out.setdefault(term, []).append(index)
    return {term: tuple(indices) for term, indices in out.items()}


def synonyms_of(word: str) -> frozenset[str]:
    """The word (folded) and every term of the synonym groups it belongs to."""
    term = fold(word)
    return frozenset({term}.union(*(group for group in synonym_groups() if term in group)))


def expand(query: str, mode: str = "") -> Mapping[str, float]:
    """Query tokens with weights: the user's own 1.0 (readings READING_WEIGHT), synonyms SYNONYM_WEIGHT.

    Read-only, and cached for short questions: one answer weighs its question for the search, for
    the evidence of the chosen statement and for each ※ note beside it."""
    mode = mode or TOKEN_MODE
    return _expand_cached(query, mode) if len(query) <= CACHED_CHARS else MappingProxyType(_expand(query, mode))


@lru_cache(maxsize=256)
def _expand_cached(query: str, mode: str) -> Mapping[str, float]:
    return MappingProxyType(_expand(query, mode))


def _expand(query: str, mode: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for gram in tokens(query, mode):
        weights[gram] = READING_WEIGHT if gram.startswith("r:") else 1.0
    folded = fold(query)
    text = pamphlet_text()
    # A word typed in kana (べんごし, ばっきん) is the pamphlet's word in kanji (弁護士, 罰金): the
    # user wrote it, so it counts in full.
    for word in kana_words(query):
        for gram in tokens(word, mode):
            if not gram.startswith("r:"):
                weights[gram] = 1.0
    present = _synonym_terms().within(folded)
    groups = synonym_groups()
    holding = _groups_holding()
    for group in (groups[i] for i in sorted({i for term in present for i in holding[term]})):
        used = [term for term in group if term in present]
        # A word the pamphlet never uses (ケガ, 停電) can only be found through its synonyms:
        # they stand in for it at full weight. Otherwise they only help.
        weight = 1.0 if not any(term in text for term in used) else SYNONYM_WEIGHT
        for term in group:
            for gram in tokens(term, mode):
                # A reading only confirms, whoever wrote the word.
                gram_weight = min(weight, READING_WEIGHT) if gram.startswith("r:") else weight
                if weights.get(gram, 0.0) < gram_weight:
                    weights[gram] = gram_weight
    return weights


@lru_cache(maxsize=1)
def _kana_vocabulary() -> dict[str, str]:
    """The pamphlet's nouns written with kanji, by their reading in hiragana (べんごし → 弁護士)."""
    from sudachipy import SplitMode

    dictionary = sudachi_dictionary()
    vocabulary: dict[str, str] = {}
    # Whole compounds first (けいやくきかん → 契約期間), then their parts (しめきり → 締切 of 申込締切日).
    for mode in (SplitMode.C, SplitMode.A):
        tokenizer = dictionary.tokenizer(mode=mode)
        for chunk in all_chunks():
            for m in tokenizer.tokenize(normalize(chunk.search_text)[:2000]):
                surface = m.surface()
                if m.part_of_speech()[0] != "名詞" or not any("\u4e00" <= ch <= "\u9fff" for ch in surface):
                    continue
                reading = fold(m.reading_form())
                if KANA_WORD_MIN <= len(reading) <= KANA_WORD_MAX:
                    vocabulary.setdefault(reading, surface)
    return vocabulary


def kana_words(query: str) -> list[str]:
    """The pamphlet's words that the question spells in hiragana, longest first at each place."""
    vocabulary = _kana_vocabulary()
    found = []
    for run in HIRAGANA_RUN.findall(normalize(query)):
        start = 0
        while start <= len(run) - KANA_WORD_MIN:
            # A word starts the run or follows a particle: 「だいこう」 holds いこう, but not as a word.
            word = None
            if start == 0 or run[start - 1] in PARTICLES:
                for end in range(min(len(run), start + KANA_WORD_MAX), start + KANA_WORD_MIN - 1, -1):
                    word = vocabulary.get(run[start:end])
                    if word is not None:
                        found.append(word)
                        start = end
                        break
            if word is None:
                start += 1
    return found


@lru_cache(maxsize=1)
def pamphlet_text() -> str:
    """All the pamphlet's indexed text, folded: to ask whether it uses a word at all."""
    return fold(" ".join(c.search_text for c in all_chunks()))


class LexicalIndex:
    def __init__(self, chunks: Sequence[Chunk], mode: str = "") -> None:
        self.mode = mode or TOKEN_MODE
        self.chunks = list(chunks)
        self.docs = [Counter(tokens(c.search_text, self.mode)) for c in self.chunks]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_len = sum(self.lengths) / max(1, len(self.lengths))
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update(doc.keys())
        n = len(self.docs)
        self.idf = {g: math.log(1 + (n - f + 0.5) / (f + 0.5)) for g, f in df.items()}
        self.position = {c.id: i for i, c in enumerate(self.chunks)}
        self.folded = [fold(c.search_text) for c in self.chunks]
        self._spread: dict[str, int] = {}
        self.postings: dict[str, list[int]] = {}
        for i, doc in enumerate(self.docs):
            for g in doc:
                self.postings.setdefault(g, []).append(i)
        # Each word's BM25 term factor in each chunk holding it, computed once: a search only
        # multiplies by the query's weight and adds. Same expression and order of additions as
        # scoring term by term, so the same floats.
        # (chunk ids, term factors, the word's idf, how many chunks): one lookup per word of a query.
        self._postings_arrays: dict[str, tuple[Any, Any, float, int]] = {
            g: (np.asarray(ids, dtype=np.intp),
                np.asarray([self._norm(self.docs[i][g], self.lengths[i]) for i in ids], dtype=np.float64),
                self.idf[g], len(ids))
            for g, ids in self.postings.items()
        }

    def _norm(self, tf: int, length: int) -> float:
        return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / self.avg_len))

    def coverage(self, weights: Mapping[str, float], chunk_index: int) -> float:
        """Share of the question's own evidence (idf of its grams and their readings; `weights`
        from expand()) that the chunk contains: it tells a chunk about 罰金 from one that merely
        says 補償され."""
        return self.share(self.evidence(weights), chunk_index)

    def text_coverage(self, weights: Mapping[str, float], text: str) -> float:
        """coverage() of a text that is not a whole chunk (a chunk without its heading)."""
        return self._share(self.evidence(weights), Counter(tokens(text, self.mode)))

    def evidence(self, weights: Mapping[str, float]) -> tuple[list[str], float]:
        """The question's own grams the index knows, and their idf in total: computed once for a
        question whose evidence is measured in several chunks."""
        # In the weights' order, not a set's: float sums in hash order differ run to run in the
        # last bits, which is enough to flip two near-tied chunks.
        known = [g for g, w in weights.items() if (w >= 1.0 or g.startswith("r:")) and g in self.idf]
        return known, sum(self.idf[g] for g in known)

    def share(self, evidence: tuple[list[str], float], chunk_index: int) -> float:
        """coverage() with the question's evidence() already computed."""
        return self._share(evidence, self.docs[chunk_index])

    def _share(self, evidence: tuple[list[str], float], doc: Counter[str]) -> float:
        known, total = evidence
        if not total:
            return 0.0
        return sum(self.idf[g] for g in known if g in doc) / total

    def rarest_word(self, query: str) -> str | None:
        """The dictionary word (``w:``) the user wrote that the fewest chunks hold, if it is rare.
        Only the user's own words: a synonym standing in for 院長 (役員) is no subject of the question."""
        own = sorted({g for g in tokens(query, self.mode) if g.startswith("w:") and g in self.idf and len(g) > 3})
        if not own:
            return None
        spread = {g: self.spread(g[2:]) for g in own}
        best = min(own, key=lambda g: (spread[g], -self.idf[g], g))
        return best if spread[best] <= RARE_WORD_MAX_CHUNKS else None

    def spread(self, word: str) -> int:
        """How many chunks hold the word or one of its synonyms: 日医 is a rare spelling of a
        common subject (日本医師会), not a rare subject."""
        if word not in self._spread:
            terms = synonyms_of(word)
            held = set(self.postings.get("w:" + word, []))
            held.update(i for i, text in enumerate(self.folded) if any(t in text for t in terms))
            self._spread[word] = len(held)
        return self._spread[word]

    def search(self, query: str, k: int = 10, weights: Mapping[str, float] | None = None) -> list[tuple[Chunk, float]]:
        postings = self._postings_arrays
        found = [(p, weight * p[2]) for g, weight in (weights if weights is not None else expand(query, self.mode)).items()
                 if (p := postings.get(g)) is not None]
        if found:
            # All the query's postings in one array, in the weights' order: bincount adds each
            # chunk's terms in that order, from 0.0, as adding posting by posting did (the same
            # floats), without a numpy call per word.
            ids = np.concatenate([p[0] for p, _ in found])
            factors = np.array([f for _, f in found], dtype=np.float64)
            terms = np.concatenate([p[1] for p, _ in found]) * factors.repeat([p[3] for p, _ in found])
            scores = np.bincount(ids, weights=terms, minlength=len(self.chunks))
        else:
            scores = np.zeros(len(self.chunks), dtype=np.float64)
        held = np.flatnonzero(scores)
        # Best first; equal scores by chunk order, so the ranking never depends on anything else.
        ranked = held[np.lexsort((held, -scores[held]))][:k]
        return [(self.chunks[i], float(scores[i])) for i in ranked]


@lru_cache(maxsize=1)
def lexical_index() -> LexicalIndex:
    return LexicalIndex(all_chunks())
