"""Does the question name a topic the pamphlet never mentions?

「保険料は経費で落とせますか」 retrieves chunks about 保険料 — but the pamphlet says nothing of
経費, and quoting the premium table would be a wrong confident answer. A question holds an
*unknown topic* when one of its nouns (whole compounds, SudachiPy mode C) appears nowhere in
the pamphlet, in no synonym group, and is not one of the general words people ask with
(knowledge/lexicon/general_words.yaml). Such a question gets "the pamphlet does not say".

English questions are left alone: most of their words are unknown to a Japanese pamphlet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge.lexical import pamphlet_text, synonym_groups, synonyms_of, thread_tokenizer
from knowledge.text import fold, kana_only, normalize

GENERAL_WORDS_PATH = Path(__file__).parent / "lexicon" / "general_words.yaml"
MIN_PART_CHARS = 2  # a compound is known when its parts are; one-character parts (再, 月) do not count
COST_SUFFIXES = ("代", "費", "料", "額")  # 「修理代」「調査費」 are the cost of a known thing


def _tokenizers():  # type: ignore[no-untyped-def]
    """This thread's whole-compound (C) and middle (B) tokenizers (one per thread: see thread_tokenizer)."""
    return thread_tokenizer("C"), thread_tokenizer("B")


@lru_cache(maxsize=1)
def _synonyms() -> tuple[str, ...]:
    return tuple(term for group in synonym_groups() for term in group if len(term) >= 2)


@lru_cache(maxsize=1)
def general_words() -> frozenset[str]:
    data = yaml.safe_load(GENERAL_WORDS_PATH.read_text(encoding="utf-8"))
    return frozenset(fold(str(w)) for w in data["words"])


@lru_cache(maxsize=4096)
def _known(word: str) -> bool:
    # Cached: the same nouns come back in question after question, and each check scans every synonym.
    folded = fold(word)
    if folded in general_words() or folded in pamphlet_text():
        return True
    # Part of a synonym, or a synonym with one more character (見舞い金, 出張中); a longer compound
    # around a synonym (ウイルス対策ソフト around ウイルス) is judged by its parts.
    return any(folded in term or (term in folded and len(folded) - len(term) <= 1) for term in _synonyms())


def _together(pieces: list[str]) -> bool:
    """Does one chunk of the pamphlet hold every part of a compound? 「ウイルス対策ソフト」's parts
    are each in the pamphlet, but no statement speaks of all three."""
    from knowledge.lexical import lexical_index

    folded = [synonyms_of(p) for p in pieces if fold(p) not in general_words()]
    return any(all(any(v in text for v in variants) for variants in folded) for text in lexical_index().folded)


def _mostly_english(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isascii() for ch in letters) > 0.6 * len(letters)


def unknown_topics(question: str) -> list[str]:
    """The question's nouns that the pamphlet never mentions (empty: nothing unknown)."""
    text = normalize(question)
    if _mostly_english(text):
        return []
    whole, parts = _tokenizers()
    unknown = []
    for m in whole.tokenize(text[:500]):
        pos = m.part_of_speech()
        surface = m.surface()
        if pos[0] != "名詞" or pos[1] in ("数詞", "代名詞") or len(surface) < 2:
            continue
        if kana_only(surface):
            continue  # a question typed in kana is cut at random (「けいやくきかん」 → けい/やく/きかん)
        if surface.isascii() and not (len(surface) >= 3 and surface[:1].isupper()):
            continue  # 「H4」「ok」; a product name such as Windows or BCP still counts
        if _known(surface) or _known(m.normalized_form()):
            continue
        if surface.endswith(COST_SUFFIXES) and len(surface) > MIN_PART_CHARS and _known(surface[:-1]):
            continue  # 「修理代」 asks what 修理 costs
        pieces = [p.surface() for p in parts.tokenize(surface)]
        if len(pieces) > 1 and all(len(p) >= MIN_PART_CHARS and _known(p) for p in pieces) and _together(pieces):
            continue  # 「作成費用」 is 作成 + 費用, both in the pamphlet, in one statement
        unknown.append(surface)
    return unknown


def nouns(question: str) -> list[str]:
    """The question's nouns (SudachiPy mode B), as folded text: 「紙カルテ」 → 紙, かるて."""
    _, parts = _tokenizers()
    return [fold(m.surface()) for m in parts.tokenize(normalize(question)[:500])
            if m.part_of_speech()[0] == "名詞" and m.part_of_speech()[1] not in ("数詞", "代名詞")
            and fold(m.surface()) not in general_words()]


def noun_runs(question: str) -> list[list[str]]:
    """The question's runs of nouns (SudachiPy mode B, folded, general words left out): 「お詫び広告」
    is one run, so 広告 in it is not the 広告 of 広告宣伝活動."""
    _, parts = _tokenizers()
    runs: list[list[str]] = [[]]
    for m in parts.tokenize(normalize(question)[:500]):
        pos = m.part_of_speech()
        if pos[0] == "名詞" and pos[1] not in ("数詞", "代名詞"):
            word = fold(m.surface())
            if word not in general_words():
                runs[-1].append(word)
        elif pos[0] != "接頭辞" and runs[-1]:
            runs.append([])
    return [run for run in runs if run]


# 「クレジットカード払い」「メールで送って」「LINEで相談」: the question names how something is done;
# a statement that does not name that means for that act does not answer it (section 3 names
# クレジットカード as data at risk, not as a way to pay).
MEANS = re.compile(r"([一-龥ァ-ヴーA-Za-z]{2,})(?:(払)い|で(払|支払|お支払|送|申し?込|提出|申請|手続|相談|連絡|請求))")
NOT_A_MEANS = ("保険", "保険金", "自費", "全額", "一括", "個人", "法人", "施設", "病院", "医院")
# Words a statement uses for the act: paying is also 引き去り or 振込.
ACT_WORDS = {"払": ("払", "振込", "引き去り"), "支払": ("払", "振込", "引き去り"), "お支払": ("払", "振込", "引き去り"),
             "送": ("送",), "申込": ("申込", "申し込"), "申し込": ("申込", "申し込")}


def asked_means(question: str) -> tuple[str, tuple[str, ...]] | None:
    """The means the question names and the words for the act it is the means of."""
    match = MEANS.search(normalize(question))
    if match is None or match.group(1).endswith(NOT_A_MEANS):
        return None
    act = match.group(2) or match.group(3)
    return match.group(1), ACT_WORDS.get(act, (act,))


def names_means(text: str, means: tuple[str, tuple[str, ...]]) -> bool:
    """Does the statement name the means (or a synonym of it) together with the act?"""
    word, act = means
    text = fold(text)
    terms = synonyms_of(word)
    return any(term in text for term in terms) and any(fold(a) in text for a in act)
