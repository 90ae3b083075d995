"""One loader and one matcher for every vocabulary in knowledge/lexicon/.

Loader: :func:`load_model` reads a YAML file and validates it with a pydantic model; a missing
file, bad YAML or a broken entry raises :class:`DataError` naming the file and the entry, so a
typo in a word list stops the start-up instead of silently changing what the bot understands.

Matcher: words are compared on a *match key* (:func:`match_key`): NFKC, lower case, katakana
folded to hiragana, spaces dropped — except one space kept between two ASCII words, so that an
English or romaji term matches only as a whole word (``hi`` never inside ``this``, ``pc`` never
inside ``pcr``). A word written only in hiragana never matches characters that were katakana in
the message (「ろぐ」 is not inside 「ログ」 … 「ブログ」).

:class:`Vocabulary` is the plain form most handlers need: named term lists and named regular
expressions in one file, each name declared by the code that uses it and checked at load.

Standard library, PyYAML, pydantic and pyahocorasick only: this sits on the request path of every
message (each message is asked about some forty word lists).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import ahocorasick
import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, StrictStr, ValidationError, field_validator

from knowledge.text import fold, kana_only, normalize

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"

M = TypeVar("M", bound=BaseModel)


class DataError(ValueError):
    """A data file cannot be used; the message names the file and the entry."""


def describe_errors(err: ValidationError, limit: int = 8) -> str:
    """Every problem, one per clause: 「events: Field required; evnets: Extra inputs are not permitted」."""
    parts = []
    for e in err.errors()[:limit]:
        where = ".".join(str(p) for p in e["loc"]) or "(top level)"
        parts.append(f"{where}: {e['msg']}")
    if err.error_count() > limit:
        parts.append(f"and {err.error_count() - limit} more")
    return "; ".join(parts)


def read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{path}: not valid YAML: {exc}") from exc


def load_model(path: Path, model: type[M]) -> M:
    """``path`` parsed and validated as ``model``; :class:`DataError` names what is wrong."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError(f"{path}: must be a mapping, got {type(data).__name__}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise DataError(f"{path}: {describe_errors(exc)}") from exc


def _not_blank(word: str) -> str:
    if not word.strip():
        raise ValueError("empty term")
    return word


# StrictStr: an unquoted `no` / `on` / `1` in the YAML is refused instead of becoming "False".
Word = Annotated[StrictStr, AfterValidator(_not_blank)]
Terms = list[Word]


# ---------------------------------------------------------------------------------------------
# match key
# ---------------------------------------------------------------------------------------------


def ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30ff"  # ァ..ヿ, including ー


class _KatakanaFlags(dict[int, str]):
    """``str.translate`` table: a katakana character → "\x01", any other → "\x00". Filled on first
    sight of each character, so that the mask of a message is one C-level pass (a Python loop per
    character was a third of the cost of reading a message's match key)."""

    LIMIT = 8192  # past this many distinct characters, rare ones are answered but not remembered

    def __missing__(self, code: int) -> str:
        flag = "\x01" if _is_katakana(chr(code)) else "\x00"
        if len(self) < self.LIMIT:
            self[code] = flag
        return flag


_KATAKANA_FLAGS = _KatakanaFlags()


@functools.lru_cache(maxsize=512)
def key_and_mask(text: str) -> tuple[str, bytes]:
    """The match key, and for each of its characters whether it was katakana before folding (1 or
    0: bytes, indexable and sliceable like a sequence of flags)."""
    lines: list[str] = []
    mask: list[str] = []
    for line in text.splitlines() or [""]:
        if lines:
            mask.append("\x00")  # the "\n" joining the lines
        out: list[str] = []
        for token in normalize(line).split(" "):
            folded = fold(token)
            if not folded:
                continue
            if out and ascii_word_char(out[-1][-1]) and ascii_word_char(folded[0]):
                out.append(" ")
                mask.append("\x00")
            out.append(folded)
            plain = normalize(token)
            if len(plain) == len(folded):
                mask.append(plain.translate(_KATAKANA_FLAGS))
            else:  # lower() changed a length (rare letters): no script information
                mask.append("\x00" * len(folded))
        lines.append("".join(out))
    return "\n".join(lines), "".join(mask).encode("latin-1")


def match_key(text: str) -> str:
    """``fold()`` of ``text``, keeping line breaks and one space between two ASCII words.

    Japanese runs are exactly ``fold()`` (``ﾗﾝｻﾑ ｳｪｱ`` → ``らんさむうぇあ``); ``we got hacked`` stays
    ``we got hacked`` so that ``hacked`` and ``dos`` can be matched as whole words.
    """
    return key_and_mask(text)[0]


# ---------------------------------------------------------------------------------------------
# matcher
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # the word in its natural form, as written in the lexicon
    kind: str = ""


# A term written 「弁護士…相談」 matches its parts in this order with a few characters between them
# and no sentence or clause end: staff write 「弁護士さんに相談」「臨時で雇って」「派遣さん臨時で雇ってん」, and a
# word list cannot enumerate what comes between. Only the parts are folded like any other term.
GAP = "…"
GAP_CHARS = 6
_GAP_FILL = r"[^\n。．！？!?、，,]{0,%d}?" % GAP_CHARS




class Matcher:
    """All occurrences of a word list in a match key, longest word first at each position."""

    def __init__(self, words: Iterable[str], kind: str = "") -> None:
        self.kind = kind
        self.natural: dict[str, str] = {}
        # (pattern, label, parts): a gapped term can only match a key that holds each of its parts, and
        # that test (substrings, in C) spares most messages the pattern.
        self._gapped: list[tuple[re.Pattern[str], str, tuple[str, ...]]] = []
        forms: dict[str, list[str]] = {}
        for word in words:
            if GAP in word:
                keys = [match_key(part) for part in word.split(GAP)]
                if all(keys):
                    self._gapped.append((re.compile(_GAP_FILL.join(re.escape(k) for k in keys)), word, tuple(keys)))
                continue
            key = match_key(word)
            if key:
                self.natural.setdefault(key, word)
                forms.setdefault(key, []).append(word)
        self._hiragana_only = frozenset(k for k, ws in forms.items() if all(kana_only(w) for w in ws))
        # Every part of the gapped terms in one automaton, and the terms by their first part: a message is
        # walked once for the parts it holds, and only the terms whose every part it holds try their pattern.
        self._gap_parts = _automaton((part, part) for _, _, parts in self._gapped for part in parts)
        self._gapped_by_first: dict[str, list[int]] = {}
        for index, (_, _, parts) in enumerate(self._gapped):
            self._gapped_by_first.setdefault(parts[0], []).append(index)
        # An Aho-Corasick automaton of the keys: every occurrence of every key in one pass in C,
        # whatever the number of words (a character trie walked in Python at each position was a
        # tenth of a message's CPU; a regular expression of alternatives, more). A key that starts
        # or ends with a Latin letter or digit must not touch another one there (「dos」 is not in
        # 「windows」): checked on the few occurrences found.
        self._automaton = _automaton(
            (key, (key, ascii_word_char(key[0]), ascii_word_char(key[-1]), key in self._hiragana_only))
            for key in self.natural)

    def find(self, key: str, mask: Sequence[int], start: int = 0, end: int | None = None) -> list[Span]:
        """Occurrences in ``key[start:end]``; one contained in a longer occurrence is dropped."""
        end = len(key) if end is None else min(end, len(key))
        longest: dict[int, tuple[int, str]] = {}  # start -> (end, key) of the longest key there
        if self._automaton is not None and start < end:
            for last, (word, guard_before, guard_after, hiragana_only) in self._automaton.iter(key, start, end):
                e = last + 1
                s = e - len(word)
                if _fits(key, mask, s, e, end, guard_before, guard_after, hiragana_only):
                    held = longest.get(s)
                    if held is None or held[0] < e:
                        longest[s] = (e, word)
        if not longest and not self._gapped:
            return []  # most lists find nothing in most messages
        natural, kind = self.natural, self.kind
        candidates = [Span(s, e, natural[word], kind) for s, (e, word) in sorted(longest.items())]
        return self._finish(candidates, key, start, end)

    def _finish(self, candidates: list[Span], key: str, start: int, end: int) -> list[Span]:
        """The longest words by position, with the gapped terms, minus those inside another."""
        gapped_found = False
        for pattern, label in self._gapped_held(key):
            before = len(candidates)
            candidates.extend(Span(m.start(), m.end(), label, self.kind) for m in pattern.finditer(key, start, end))
            gapped_found = gapped_found or len(candidates) > before
        if gapped_found:  # (the automaton's candidates come sorted, one per start)
            candidates.sort(key=lambda sp: (sp.start, sp.start - sp.end))  # longest first at each position
        found = []
        reach = -1
        for span in candidates:
            if span.end <= reach:  # inside the previous, longer match
                continue
            reach = span.end
            found.append(span)
        return found

    def _gapped_held(self, key: str) -> list[tuple[re.Pattern[str], str]]:
        """The gapped terms whose every part ``key`` holds somewhere, in the list's order: only they
        can match (a pattern tried on every message for every such term was a tenth of its CPU)."""
        if self._gap_parts is None:
            return []
        held = {part for _, part in self._gap_parts.iter(key)}
        if not held:
            return []
        indices = sorted(i for part in held for i in self._gapped_by_first.get(part, ())
                         if all(p in held for p in self._gapped[i][2]))
        return [self._gapped[i][:2] for i in indices]

    def search(self, key: str, mask: Sequence[int], start: int = 0, end: int | None = None) -> Span | None:
        spans = self.find(key, mask, start, end)
        return spans[0] if spans else None

    def blank(self, key: str, mask: Sequence[int]) -> str:
        """``key`` with every occurrence replaced by NUL characters (offsets are kept)."""
        spans = self.find(key, mask)
        if not spans:
            return key
        chars = list(key)
        for sp in spans:
            chars[sp.start : sp.end] = "\0" * (sp.end - sp.start)
        return "".join(chars)

    # The text-level questions handlers ask.
    def in_text(self, text: str) -> bool:
        return self.first(text) is not None

    def first(self, text: str) -> str | None:
        """The first word found in ``text`` (natural form), or None."""
        key, mask = key_and_mask(text)
        span = self.search(key, mask)
        return span.label if span else None

    def all(self, text: str) -> list[str]:
        key, mask = key_and_mask(text)
        return [sp.label for sp in self.find(key, mask)]


class MatcherSet:
    """Several word lists found in one text in one walk: ``find_all`` gives each matcher exactly
    what its own ``find`` over the whole text gives. The emergency detector asks some forty lists
    about every message; one automaton pass over all their words, rather than forty passes one
    after another, is most of the saving (each occurrence found is then handled in Python)."""

    def __init__(self, matchers: Iterable[Matcher]) -> None:
        self._matchers: list[Matcher] = list({id(m): m for m in matchers}.values())
        self._gapped_indices = [i for i, m in enumerate(self._matchers) if m._gapped]
        self._member_ids = frozenset(id(m) for m in self._matchers)
        owners: dict[str, list[int]] = {}
        for index, matcher in enumerate(self._matchers):
            for key in matcher.natural:
                owners.setdefault(key, []).append(index)
        # (key, guards as in Matcher, owners, owners for which the key is hiragana-only)
        self._automaton = _automaton(
            (key, (key, ascii_word_char(key[0]), ascii_word_char(key[-1]), tuple(indices),
                   frozenset(i for i in indices if key in self._matchers[i]._hiragana_only)))
            for key, indices in owners.items())

    def find_all(self, key: str, mask: Sequence[int]) -> dict[int, list[Span]]:
        """``{id(matcher): matcher.find(key, mask)}`` for every matcher of the set."""
        end = len(key)
        longest: dict[int, dict[int, tuple[int, str]]] = {}  # matcher index -> start -> (end, key)
        if self._automaton is not None and end:
            for last, (word, guard_before, guard_after, indices, hiragana) in self._automaton.iter(key):
                e = last + 1
                s = e - len(word)
                if not _fits(key, mask, s, e, end, guard_before, guard_after, False):
                    continue
                katakana = bool(hiragana) and _katakana_not_spelled(mask, s, e)
                for index in indices:
                    if katakana and index in hiragana:
                        continue
                    held = longest.setdefault(index, {}).get(s)
                    if held is None or held[0] < e:
                        longest[index][s] = (e, word)
        # Only the lists with an occurrence (or a gapped term) are finished; the rest found nothing.
        out = _FoundAll(self._member_ids)
        for index in {*longest, *self._gapped_indices}:
            matcher = self._matchers[index]
            natural, kind = matcher.natural, matcher.kind
            spans = [Span(s, e, natural[word], kind) for s, (e, word) in sorted(longest.get(index, {}).items())]
            out[id(matcher)] = matcher._finish(spans, key, 0, end)
        return out


class _FoundAll(dict):  # type: ignore[type-arg]
    """What MatcherSet.find_all found, by id(matcher): a member that found nothing reads as an empty
    list without being stored (a set of a hundred lists, most finding nothing in a message, built a
    hundred empty entries a call); a matcher outside the set is absent (None from get)."""

    __slots__ = ("_members",)

    def __init__(self, members: frozenset[int]) -> None:
        super().__init__()
        self._members = members

    def __missing__(self, key: int) -> list[Span]:
        if key in self._members:
            return []
        raise KeyError(key)

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        found = dict.get(self, key)
        if found is None and key in self._members:
            return []
        return default if found is None else found


def _automaton(entries: Iterable[tuple[str, tuple[Any, ...]]]) -> Any:
    """An Aho-Corasick automaton of (key, value) pairs, or None without keys."""
    automaton = ahocorasick.Automaton()
    for key, value in entries:
        automaton.add_word(key, value)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _fits(key: str, mask: Sequence[int], s: int, e: int, end: int, guard_before: bool, guard_after: bool,
          hiragana_only: bool) -> bool:
    """An occurrence key[s:e] counts: a Latin word does not run on into another Latin letter or
    digit, and a short word written only in hiragana does not match text that was katakana (たい is
    not the タイ of 「タイの会社」; a longer one reads a word spelled in katakana: see KATAKANA_SPELLED_FROM)."""
    return ((not guard_before or s == 0 or not ascii_word_char(key[s - 1]))
            and (not guard_after or e >= end or not ascii_word_char(key[e]))
            and (not hiragana_only or not _katakana_not_spelled(mask, s, e)))


# A hiragana term this long that reads a run written (wholly or partly) in katakana is a Japanese word
# spelled in katakana (「シュウリヒ」「ナオすギョウシャ」, as some staff type on a phone), not a loanword: it
# matches (「ヒヨウはデますか」 is ひよう, でます). Shorter terms (たい in タイ, けが in ケガ) stay apart from katakana.
KATAKANA_SPELLED_FROM = 3


def _katakana_not_spelled(mask: Sequence[int], s: int, e: int) -> bool:
    """Whether key[s:e] was katakana in a way a hiragana-only term must not match."""
    return e - s < KATAKANA_SPELLED_FROM and any(mask[s:e])


# ---------------------------------------------------------------------------------------------
# named vocabularies
# ---------------------------------------------------------------------------------------------


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc
    return pattern


Pattern = Annotated[StrictStr, AfterValidator(_not_blank), AfterValidator(_compiles)]


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: Literal[1]
    terms: dict[str, Terms] = {}
    patterns: dict[str, Pattern] = {}

    @field_validator("terms")
    @classmethod
    def _non_empty(cls, terms: dict[str, list[str]]) -> dict[str, list[str]]:
        for name, words in terms.items():
            if not words:
                raise ValueError(f"{name}: an empty list")
        return terms


class Vocabulary:
    """Named term lists (matched by :class:`Matcher`) and named patterns (matched on the
    NFKC-normalised text, case-insensitive) from one file. The code that uses a file declares
    the names it reads; a name missing from the file, or one the code does not know, is refused."""

    def __init__(self, path: Path, raw: VocabularyFile) -> None:
        self.path = path
        self._terms = {name: Matcher(words, name) for name, words in raw.terms.items()}
        self._patterns = {name: re.compile(p, re.IGNORECASE) for name, p in raw.patterns.items()}

    def terms(self, name: str) -> Matcher:
        try:
            return self._terms[name]
        except KeyError:
            raise DataError(f"{self.path}: terms.{name}: missing") from None

    def pattern(self, name: str) -> re.Pattern[str]:
        try:
            return self._patterns[name]
        except KeyError:
            raise DataError(f"{self.path}: patterns.{name}: missing") from None

    def has(self, name: str, text: str) -> bool:
        return self.terms(name).in_text(text)

    def first(self, name: str, text: str) -> str | None:
        return self.terms(name).first(text)

    def check(self, terms: Iterable[str] = (), patterns: Iterable[str] = ()) -> Vocabulary:
        """Refuse the file unless it holds exactly the names the code reads."""
        for label, have, want in (("terms", set(self._terms), set(terms)), ("patterns", set(self._patterns), set(patterns))):
            missing, unknown = sorted(want - have), sorted(have - want)
            if missing or unknown:
                raise DataError(f"{self.path}: {label}: missing {missing}, not used by the code {unknown}")
        return self


@functools.lru_cache(maxsize=32)
def vocabulary(name: str, directory: Path = LEXICON_DIR) -> Vocabulary:
    """knowledge/lexicon/{name}.yaml as a :class:`Vocabulary` (cached)."""
    path = directory / f"{name}.yaml"
    return Vocabulary(path, load_model(path, VocabularyFile))
