"""The learned layer: which intent a message is closest to, from the labelled examples.

A multinomial naive Bayes over character n-grams of the match key (NFKC, lower case, katakana
folded to hiragana, no spaces) plus whole ASCII words. Chosen over the alternatives measured in
benchmarks/understanding.py because it trains in well under a second at start-up from the
examples as data, is exactly reproducible (no random state; features are summed in a fixed
order), and scores a message in a few tens of microseconds (a column sum over a numpy matrix).
Each feature counts once per message: staff messages are short, and a repeated 「！！！」 should
not outweigh the words.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.examples import Example, load_examples
from knowledge.text import CACHED_CHARS
from knowledge.vocab import match_key

EVIDENCE_SCALE = 30
ALPHA = 0.1  # additive smoothing; chosen by k-fold over the examples (benchmarks/understanding.py)
_ASCII_WORD = re.compile(r"[a-z0-9]+")
# n-grams of nothing but the padding and the mark of a Latin word ("^", "$", "_"): never features.
_PADDING_GRAMS = frozenset("".join(p) for n in range(1, 4) for p in itertools.product("^$_", repeat=n))
_CONTENT = re.compile(r"[a-z0-9\u3040-\u30ff\u4e00-\u9fff]")  # not punctuation alone


def features(text: str) -> frozenset[str]:
    """Character 1-, 2- and 3-grams of the Japanese in a message, whole words (and word pairs) of its
    Latin text. Japanese has no spaces, so n-grams stand in for words; English has them, and its
    letter n-grams would make any Latin string (「'; DROP TABLE」) look like some English example.
    What the models are trained on; a prediction reads the same n-grams as codes (_reading)."""
    return _features(text)


def _features(text: str) -> frozenset[str]:
    key = match_key(text)
    words = _ASCII_WORD.findall(key)
    out: set[str] = {"w:" + w for w in words}
    out.update(f"w2:{a}_{b}" for a, b in zip(words, words[1:]))
    rest = _ASCII_WORD.sub("_", key).replace(" ", "")
    if rest.strip("_"):
        padded = f"^{rest}$"
        # All n-grams at once (string slices joined by map, no per-gram test), then the few made
        # of padding and word marks alone taken out: a third of the cost of filtering each gram.
        out.update(padded)
        pairs = list(map(operator.add, padded, padded[1:]))
        out.update(pairs)
        out.update(map(operator.add, pairs, padded[2:]))
        out -= _PADDING_GRAMS
    return frozenset(out)


# A character n-gram as one integer: each code point plus one (so that no character is zero, the
# mark of "no character here") in 21 bits, the first lowest. Unicode ends at 0x10FFFF, so three fit
# in 63 bits; different n-grams always get different codes.
_BITS = 21


def gram_code(gram: str) -> int:
    return sum((ord(ch) + 1) << (_BITS * i) for i, ch in enumerate(gram))


def _reading(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """features() of a text for a prediction: its Latin word features, and its character n-grams as
    codes (gram_code), distinct. The same n-grams as features(), made as integers from the code
    points: a prediction then never builds or looks up a string per n-gram (in the running server
    those lookups in a table of ~30,000 strings were most of a prediction's time)."""
    return _reading_cached(text) if len(text) <= CACHED_CHARS else _read(text)


@functools.lru_cache(maxsize=256)
def _reading_cached(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    return _read(text)


def _read(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    key = match_key(text)
    words = _ASCII_WORD.findall(key)
    named = tuple(dict.fromkeys(["w:" + w for w in words] + [f"w2:{a}_{b}" for a, b in zip(words, words[1:])]))
    rest = _ASCII_WORD.sub("_", key).replace(" ", "")
    if not rest.strip("_"):
        return named, frozenset()
    # Plain ints rather than numpy arrays: a message has a few dozen characters, and a dozen numpy
    # calls on arrays that small cost more than the arithmetic (measured: a prediction ~2x faster).
    # (N-grams of padding alone stay in: features() leaves them out, so no model knows them.)
    points = [ord(ch) + 1 for ch in f"^{rest}$"]
    pairs = [a | (b << _BITS) for a, b in zip(points, points[1:])]
    triples = [ab | (c << (2 * _BITS)) for ab, c in zip(pairs, points[2:])]
    return named, frozenset((*points, *pairs, *triples))


@dataclass(frozen=True)
class Prediction:
    label: str
    probability: float
    scores: dict[str, float]  # every label's posterior probability
    evidence: int  # known features with a letter, kana or kanji in them: few means a guess

    def of(self, label: str) -> float:
        return self.scores.get(label, 0.0)


class NaiveBayes:
    def __init__(self, texts: Sequence[str], labels: Sequence[str], alpha: float = ALPHA) -> None:
        if len(texts) != len(labels) or not texts:
            raise ValueError("texts and labels must be non-empty and of one length")
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        docs: Counter[str] = Counter(labels)
        vocabulary: set[str] = set()
        for text, label in zip(texts, labels):
            feats = features(text)
            counts[label].update(feats)
            vocabulary |= feats
        self.labels = tuple(sorted(docs))
        size = len(vocabulary)
        # Equal priors: how many examples a label has says how much was written, not how often
        # staff ask it; a message with little known in it must not fall to the biggest label.
        prior = -math.log(len(self.labels))
        # Each label's log-likelihood of each known feature: a prediction adds up those of its
        # features (a few hundred) for every label at once.
        columns = sorted(vocabulary)
        self._column = {f: j for j, f in enumerate(columns) if f.startswith(("w:", "w2:"))}  # Latin words
        # Character n-grams by code (see _read), with their columns.
        grams = sorted((gram_code(f), j) for j, f in enumerate(columns) if not f.startswith(("w:", "w2:")))
        self._code_column = dict(grams)
        rows = []
        for c in self.labels:
            denom = sum(counts[c].values()) + alpha * size
            rows.append([math.log((counts[c][f] + alpha) / denom) for f in columns])
        # Stored one row per feature, its labels' log-likelihoods side by side and, last, whether it
        # counts as evidence (two characters or more, with a letter, kana or kanji in it): a
        # prediction reads one 64-byte row per feature of the message. (Rows per label made it
        # read a cache line per label per feature: in the running server, where the matrix is not
        # in cache, that was most of a prediction's time.)
        content = [float(len(f) >= 2 and bool(_CONTENT.search(f.split(":", 1)[-1]))) for f in columns]
        self._rows = np.ascontiguousarray(np.column_stack(
            [np.asarray(rows, dtype=np.float64).reshape(len(self.labels), len(columns)).T, content]))
        self._prior = np.full(len(self.labels), prior)

    def columns(self, text: str) -> np.ndarray:
        """The columns of the text's known features, in column order (the same sum every run)."""
        named, codes = _reading(text)
        found = [j for j in map(self._code_column.get, codes) if j is not None]
        found += [j for j in map(self._column.get, named) if j is not None]
        found.sort()
        return np.array(found, dtype=np.intp)

    def predict(self, text: str) -> Prediction:
        cols = self.columns(text)
        # A long message is not surer than a short one: past EVIDENCE_SCALE features the
        # likelihoods are scaled down, so a 4,000-character letter is not "certain" of anything.
        scale = min(1.0, EVIDENCE_SCALE / max(1, len(cols)))
        summed = self._rows[cols].sum(axis=0)
        raw = (self._prior + scale * summed[:-1]).tolist()
        top = max(raw)
        exp = [math.exp(v - top) for v in raw]
        norm = sum(exp)
        scores = {c: v / norm for c, v in zip(self.labels, exp)}
        label = max(self.labels, key=lambda c: (scores[c], c))
        return Prediction(label, scores[label], scores, int(summed[-1]))


def train(examples: Iterable[Example], alpha: float = ALPHA) -> NaiveBayes:
    items = list(examples)
    return NaiveBayes([e.text for e in items], [e.intent for e in items], alpha)


def train_kinds(examples: Iterable[Example], alpha: float = ALPHA) -> NaiveBayes:
    items = [e for e in examples if e.intent == "incident" and e.kind is not None]
    return NaiveBayes([e.text for e in items], [e.kind for e in items], alpha)  # type: ignore[misc]


@functools.lru_cache(maxsize=1)
def intent_model() -> NaiveBayes:
    return train(load_examples())


@functools.lru_cache(maxsize=1)
def kind_model() -> NaiveBayes:
    return train_kinds(load_examples())
