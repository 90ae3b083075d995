"""Is this message a cyber incident in progress? The router asks this first, for every message.

Missing an emergency is the worst failure the product can have, so the detector leans to
recall: a bare incident term (「ランサム」, 「漏洩」, 「誤送信」) is an emergency. What it must not
do is treat a question *about* an incident type as one (「ランサムウェアの被害は補償されますか」),
so it looks for the user's own event and for question, hypothetical and topic words around it.

Levels:

* ``emergency`` — an incident term with an event of the user's own in the same sentence and no
  question word between them (「ランサムウェアに感染しました」, a question after it does not
  matter); a short report (「ランサム感染、保険は？」); an incident term with no question word at
  all; an incident term with distress (至急, 助けて, 🆘) or with an outage / something odd on a
  device; an outage with distress or on several systems at once.
* ``possible`` — an incident term asked about (coverage, subsidy, cost, prevention, definition,
  "if"), someone else's incident, an outage or an odd device without attack words, distress alone.
* ``none`` — everything else, including medical wording (ノロウイルス, 院内感染) and antivirus products.

The vocabulary lives in ``knowledge/lexicon/emergency.yaml``; this module holds only the rules.
Matching runs on :func:`knowledge.text.fold` keys (NFKC, lower case, hiragana, no spaces — except
one space kept between two ASCII words, so that English terms match as whole words).

Standard library, PyYAML and pydantic only: this sits on the request path of every message.
"""

from __future__ import annotations

import re

import bisect
import dataclasses
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator

from knowledge.vocab import DataError, Matcher, MatcherSet, Span, Terms, key_and_mask, load_model, match_key

__all__ = [
    "KINDS",
    "LEXICON_PATH",
    "Detection",
    "Kind",
    "Level",
    "Lexicon",
    "LexiconError",
    "detect",
    "load_lexicon",
    "match_key",
]

Level = Literal["emergency", "possible", "none"]
Kind = Literal[
    "ransomware",
    "unauthorized_access",
    "malware",
    "data_leak",
    "misdelivery",
    "lost_device",
    "phishing",
    "spoofing",
    "insider",
    "account_takeover",
    "defacement",
    "dos",
    "extortion",
    "system_down",
    "other",
]
KINDS: tuple[str, ...] = get_args(Kind)
LEXICON_PATH = Path(__file__).resolve().parent.parent / "knowledge" / "lexicon" / "emergency.yaml"


class Detection(BaseModel):
    """What :func:`detect` found. ``matched`` lists the lexicon words that decided, in natural form."""

    level: Level
    kind: Kind | None
    matched: list[str]
    reason: str
    # The lexicon read a report and found nothing happened (a suspicious mail left unopened): no other
    # layer raises an alarm on it.
    ruled_out: bool = False


COMBO_JOIN = "+"  # between the words of a combo in its label (「拡張子+変わ」)
DENY_REACH = 6  # characters between an incident word and the negation that denies it (「脅迫文は出ていません」)
ASKED_REACH = 4
EVIDENCE_REACH = 3  # characters after an incident word where 「形跡」「兆候」 may begin (「漏れた形跡は…ない」)  # characters after a negation word where a question mark makes it asked (「大丈夫ですか」)
HEDGE_REACH = 6  # characters after an incident word where 「なのか」「かどうか」 make it a guess


class LexiconError(DataError):
    """The lexicon file cannot be used; the message names the file and the problem."""


# ---------------------------------------------------------------------------------------------
# lexicon file -> validated model -> compiled matchers
# ---------------------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Weak(_Strict):
    objects: list[Literal["devices", "data", "web"]] = Field(min_length=1)
    terms: Terms = Field(min_length=1)


class _KindSpec(_Strict):
    terms: Terms = Field(default_factory=list)
    weak: _Weak | None = None
    combos: list[list[Terms]] = Field(default_factory=list)

    @field_validator("combos")
    @classmethod
    def _combo_groups(cls, combos: list[list[list[str]]]) -> list[list[list[str]]]:
        for combo in combos:
            if len(combo) < 2:
                raise ValueError("a combo needs at least two groups")
            if any(not group for group in combo):
                raise ValueError("a combo group is empty")
        return combos


class _Questions(_Strict):
    coverage: Terms
    subsidy: Terms
    cost: Terms
    prevention: Terms
    definition: Terms
    wish: Terms
    interrogative: Terms
    # An English question opens with its verb (「Is a state-sponsored cyber attack excluded?」): these words
    # ask only at the start of a sentence that ends with a question mark.
    english_leads: Terms


class _Hypothetical(_Strict):
    before: Terms
    after: Terms
    clause_if_question: Terms
    after_if_question: Terms
    not_after_if: Terms
    hedge_before_marker: Terms
    example_after: Terms
    supposed_after: Terms
    anaphora: Terms
    asks: Terms
    drill: Terms


class _Distress(_Strict):
    strong: Terms
    weak: Terms


class _Outage(_Strict):
    words: Terms
    systems: Terms
    mass: Terms


class _Objects(_Strict):
    devices: Terms
    data: Terms
    web: Terms


class _NotActedOn(_Strict):
    kinds: list[str]
    words: Terms
    unless: Terms


class _Hedge(_Strict):
    after_term: Terms
    unknown: Terms
    # "no ransom note", "without any virus": an English negation just before the term.
    negated_before: Terms
    # 「漏れた形跡は今のところないです」: a noun of evidence right after the term, and its absence said
    # before the clause ends, deny the term however far apart they are.
    evidence_after: Terms
    evidence_absent: Terms


class _LexiconFile(_Strict):
    version: Literal[1]
    kinds: dict[str, _KindSpec]
    objects: _Objects
    events: Terms
    event_not_before: Terms
    copula_pasts: Terms
    copula_stems: Terms
    english_events_before: Terms
    english_event_fillers: Terms
    english_negations: Terms
    report_nouns: Terms
    report_particles: Terms
    phrase_particles: Terms
    topic_nouns: Terms
    report_tail: Terms
    negations: Terms
    questions: _Questions
    neutral: Terms
    hypothetical: _Hypothetical
    someone_else: Terms
    # A sentence told as heard (「…やられたって」「…らしい」), at its end: beside news named in a sentence before it
    # (「昨日のニュース見た？」), the event is someone else's.
    heard_end: Terms = []
    # Right after an incident term, its denial (「攻撃じゃなかった」「ウイルスではなく」).
    denied_at_once: Terms = []
    denied_before_en: Terms = []
    denied_fillers_en: Terms = []
    doubted_before_en: Terms = []
    suspected_after: Terms = []  # ... unless it is a suspicion (「ウイルスじゃないかと思う」)
    # Closing particles of a sentence (「…らしいですよ」), left out before heard_end is read at its end.
    closing_particles: Terms = []
    # Right after someone else's word, a likeness (「ニュースみたいに」「他院と同じで」): the event is the writer's own.
    likened_after: Terms = []
    own: Terms
    distress: _Distress
    outage: _Outage
    odd: Terms
    # Of the odd words, slowness alone: beside an attack word only asked about (「遅いんですけど、これってウイルス
    # ですかね？」) it is a worry to talk through, not an incident in hand.
    slow: Terms = []
    security_software: Terms = []
    software_alerts: Terms = []
    software_routine: Terms = []
    exclude: Terms
    notice_after: Terms
    not_it: Terms
    bodily_emergency: Terms
    facility_faults: Terms
    it_words: Terms
    # A short sentence with one of these points back (「それ」 "we never added that"): its object may
    # stand in the sentence before.
    refers_back: Terms
    # ... unless the sentence before tells a plan or an instruction (「…を追加したい。」 "We want to add a
    # payment field. We never added that before."): no object of an event there.
    plan_before: Terms
    hedge: _Hedge
    not_acted_on: _NotActedOn
    priority: list[str]
    cause_over: dict[str, list[str]] = {}

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, kinds: dict[str, _KindSpec]) -> dict[str, _KindSpec]:
        for name, spec in kinds.items():
            if name not in KINDS or name == "system_down":
                raise ValueError(f"unknown incident kind {name!r} (system_down comes from the outage rules)")
            if not spec.terms and not spec.combos and spec.weak is None:
                raise ValueError(f"kind {name!r} has no terms")
        return kinds

    @field_validator("cause_over")
    @classmethod
    def _known_causes(cls, cause_over: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted({k for cause, effects in cause_over.items() for k in (cause, *effects)} - set(KINDS))
        if unknown:
            raise ValueError(f"cause_over names unknown kinds {unknown}")
        return cause_over

    @field_validator("priority")
    @classmethod
    def _full_priority(cls, priority: list[str]) -> list[str]:
        if sorted(priority) != sorted(KINDS):
            missing = sorted(set(KINDS) - set(priority))
            extra = sorted(set(priority) - set(KINDS))
            dups = sorted({k for k in priority if priority.count(k) > 1})
            raise ValueError(
                f"priority must list every kind once (missing {missing}, unknown {extra}, twice {dups})"
            )
        return priority


@dataclass(frozen=True)
class _Combo:
    kind: str
    groups: tuple[Matcher, ...]


@dataclass(frozen=True)
class Lexicon:
    """The compiled lexicon. Build it with :func:`load_lexicon`."""

    path: Path
    terms: tuple[Matcher, ...]  # one per kind
    weak: tuple[tuple[Matcher, tuple[str, ...]], ...]  # (matcher, object classes)
    combos: tuple[_Combo, ...]
    objects: dict[str, Matcher]
    events: Matcher
    english_events_before: Matcher
    english_event_fillers: frozenset[str]
    english_negations: Matcher
    event_not_before: frozenset[str]
    copula_pasts: frozenset[str]
    copula_stems: frozenset[str]
    report_nouns: tuple[str, ...]
    report_particles: tuple[str, ...]
    phrase_particles: frozenset[str]
    report_tail: tuple[str, ...]
    negations: Matcher
    questions: Matcher  # every question / topic category
    topics: Matcher  # coverage, subsidy, cost, definition: nouns an event may modify
    neutral: Matcher
    hyp_before: Matcher
    hyp_after: Matcher
    hyp_supposed: Matcher
    hyp_drill: Matcher
    hyp_anaphora: tuple[str, ...]
    hyp_clause_q: Matcher
    hyp_after_q: tuple[str, ...]
    hyp_not_after_q: tuple[str, ...]
    hyp_hedge: tuple[str, ...]
    hyp_example: Matcher
    english_leads: tuple[str, ...]
    asks: Matcher
    someone_else: Matcher
    heard_end: Matcher
    denied_at_once: Matcher
    denied_before_en: Matcher
    denied_fillers_en: frozenset[str]
    doubted_before_en: Matcher
    suspected_after: Matcher
    closing_particles: Matcher
    likened_after: Matcher
    own: Matcher
    distress_strong: Matcher
    distress_weak: Matcher
    outage: Matcher
    systems: Matcher
    mass: Matcher
    odd: Matcher
    slow: Matcher
    security_software: Matcher
    software_alerts: Matcher
    software_routine: Matcher
    exclude: Matcher
    notice_after: Matcher
    not_it: Matcher
    bodily_emergency: Matcher
    facility_faults: Matcher
    it_words: Matcher
    refers_back: Matcher
    plan_before: Matcher
    not_acted_on: Matcher
    acted_on_after_all: Matcher
    received_only_kinds: frozenset[str]
    hedge_after: Matcher
    hedge_unknown: Matcher
    negated_before: Matcher
    evidence_after: Matcher
    evidence_absent: Matcher
    rank: dict[str, int]
    cause_over: dict[str, tuple[str, ...]]
    # Every list above that is searched over a whole message's key, found in one walk.
    whole_text: MatcherSet = field(default_factory=lambda: MatcherSet(()))


def _folded(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in (match_key(w) for w in words) if k))


def _compile(raw: _LexiconFile, path: Path) -> Lexicon:
    lex = _compile_lists(raw, path)
    whole_text = MatcherSet([
        *lex.terms, *(m for m, _ in lex.weak), *(g for c in lex.combos for g in c.groups), *lex.objects.values(),
        lex.events, lex.distress_strong, lex.distress_weak, lex.outage, lex.odd, lex.not_it, lex.it_words,
        lex.topics, lex.refers_back, lex.plan_before,
    ])
    return dataclasses.replace(lex, whole_text=whole_text)


def _compile_lists(raw: _LexiconFile, path: Path) -> Lexicon:
    q = raw.questions
    hyp = raw.hypothetical
    return Lexicon(
        path=path,
        terms=tuple(Matcher(spec.terms, kind) for kind, spec in raw.kinds.items() if spec.terms),
        weak=tuple(
            (Matcher(spec.weak.terms, kind), tuple(spec.weak.objects))
            for kind, spec in raw.kinds.items()
            if spec.weak is not None
        ),
        combos=tuple(
            _Combo(kind, tuple(Matcher(group, kind) for group in combo))
            for kind, spec in raw.kinds.items()
            for combo in spec.combos
        ),
        objects={name: Matcher(getattr(raw.objects, name)) for name in _Objects.model_fields},
        events=Matcher(raw.events),
        english_events_before=Matcher(raw.english_events_before),
        english_event_fillers=frozenset(_folded(raw.english_event_fillers)),
        english_negations=Matcher(raw.english_negations),
        event_not_before=frozenset(_folded(raw.event_not_before)),
        copula_pasts=frozenset(_folded(raw.copula_pasts)),
        copula_stems=frozenset(_folded(raw.copula_stems)),
        report_nouns=_folded(raw.report_nouns),
        report_particles=_folded(raw.report_particles),
        phrase_particles=frozenset(_folded(raw.phrase_particles)),
        report_tail=_folded(raw.report_tail),
        negations=Matcher(raw.negations),
        questions=Matcher(
            q.coverage + q.subsidy + q.cost + q.prevention + q.definition + q.wish + q.interrogative
        ),
        topics=Matcher(q.coverage + q.subsidy + q.cost + q.definition + raw.topic_nouns),
        neutral=Matcher(raw.neutral),
        hedge_after=Matcher(raw.hedge.after_term),
        hedge_unknown=Matcher(raw.hedge.unknown),
        negated_before=Matcher(raw.hedge.negated_before),
        evidence_after=Matcher(raw.hedge.evidence_after),
        evidence_absent=Matcher(raw.hedge.evidence_absent),
        hyp_before=Matcher(hyp.before),
        hyp_after=Matcher(hyp.after),
        hyp_clause_q=Matcher(hyp.clause_if_question),
        hyp_after_q=_folded(hyp.after_if_question),
        hyp_not_after_q=_folded(hyp.not_after_if),
        hyp_hedge=_folded(hyp.hedge_before_marker),
        hyp_example=Matcher(hyp.example_after),
        hyp_supposed=Matcher(hyp.supposed_after),
        hyp_drill=Matcher(hyp.drill),
        hyp_anaphora=_folded(hyp.anaphora),
        english_leads=_folded(q.english_leads),
        asks=Matcher(hyp.asks),
        someone_else=Matcher(raw.someone_else),
        heard_end=Matcher(raw.heard_end),
        denied_at_once=Matcher(raw.denied_at_once),
        denied_before_en=Matcher(raw.denied_before_en),
        denied_fillers_en=frozenset(w.lower() for w in raw.denied_fillers_en),
        doubted_before_en=Matcher(raw.doubted_before_en),
        suspected_after=Matcher(raw.suspected_after),
        closing_particles=Matcher(raw.closing_particles),
        likened_after=Matcher(raw.likened_after),
        own=Matcher(raw.own),
        distress_strong=Matcher(raw.distress.strong),
        distress_weak=Matcher(raw.distress.weak),
        outage=Matcher(raw.outage.words),
        systems=Matcher(raw.outage.systems),
        mass=Matcher(raw.outage.mass),
        odd=Matcher(raw.odd),
        slow=Matcher(raw.slow),
        security_software=Matcher(raw.security_software),
        software_alerts=Matcher(raw.software_alerts),
        software_routine=Matcher(raw.software_routine),
        exclude=Matcher(raw.exclude),
        notice_after=Matcher(raw.notice_after),
        not_it=Matcher(raw.not_it),
        bodily_emergency=Matcher(raw.bodily_emergency),
        facility_faults=Matcher(raw.facility_faults),
        it_words=Matcher(raw.it_words),
        refers_back=Matcher(raw.refers_back),
        plan_before=Matcher(raw.plan_before),
        not_acted_on=Matcher(raw.not_acted_on.words),
        acted_on_after_all=Matcher(raw.not_acted_on.unless),
        received_only_kinds=frozenset(raw.not_acted_on.kinds),
        rank={kind: i for i, kind in enumerate(raw.priority)},
        cause_over={cause: tuple(effects) for cause, effects in raw.cause_over.items()},
    )


@functools.lru_cache(maxsize=8)
def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Load, validate and compile the lexicon (cached per path).

    A missing file, bad YAML, a misspelt key, a non-string term (``no`` read as a bool), an
    unknown kind or an incomplete priority list raises :class:`LexiconError` (a ``ValueError``)
    naming the file and the problem.
    """
    p = Path(path) if path is not None else LEXICON_PATH
    try:
        raw = load_model(p, _LexiconFile)
    except DataError as exc:
        raise LexiconError(str(exc)) from exc
    return _compile(raw, p)


# ---------------------------------------------------------------------------------------------
# rules
# ---------------------------------------------------------------------------------------------

_SENTENCE_END = frozenset("。!?\n")  # after fold: ！→!, ？→?
_CLAUSE_END = _SENTENCE_END | frozenset("、,…‥・")
_PAST = frozenset("ただ")


class _SpanList:
    """Spans sorted by start, for quick "which start in [a, b)" questions."""

    def __init__(self, spans: Iterable[Span]) -> None:
        self.spans = sorted(spans, key=lambda sp: sp.start)
        self._starts = [sp.start for sp in self.spans]

    def within(self, start: int, end: int) -> list[Span]:
        return self.spans[bisect.bisect_left(self._starts, start) : bisect.bisect_left(self._starts, end)]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.spans)

    def __bool__(self) -> bool:
        return bool(self.spans)


@dataclass
class _Text:
    """One message, keyed and split, with the markers found once."""

    key: str  # match key with excluded words blanked
    mkey: str  # key with neutral phrases blanked too: for question/hypothetical/negation markers
    mask: bytes  # key[i] was katakana in the message (1) or not (0)
    sentences: list[tuple[int, int]]
    starts: list[int]
    questions: _SpanList
    hyp_before: _SpanList
    hyp_after: _SpanList
    negations: _SpanList
    drill: bool  # the whole message is a drill's scenario (「【訓練】…という想定で来週机上訓練をやります」)
    software: list[Span]  # security software named (found before exclude blanks its names)

    found: dict[int, list[Span]]  # the lexicon's whole-text lists over key, found at once

    def find(self, m: Matcher, start: int = 0, end: int | None = None) -> list[Span]:
        if start == 0 and end is None and (spans := self.found.get(id(m))) is not None:
            return list(spans)
        return m.find(self.key, self.mask, start, end)

    def finds(self, m: Matcher) -> bool:
        """Whether ``m`` occurs anywhere in the message: ``bool(self.find(m))`` without copying a list
        (the combos ask it of some seventy lists per message, and most find nothing)."""
        spans = self.found.get(id(m))
        return bool(spans) if spans is not None else bool(m.find(self.key, self.mask))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        return self.sentences[bisect.bisect_right(self.starts, pos) - 1]

    def clause_end(self, pos: int) -> int:
        _, s_end = self.sentence_of(pos)
        for i in range(pos, s_end):
            if self.key[i] in _CLAUSE_END:
                return i
        return s_end

    def clause_start(self, pos: int) -> int:
        s_start, _ = self.sentence_of(pos)
        for i in range(pos - 1, s_start - 1, -1):
            if self.key[i] in _CLAUSE_END:
                return i + 1
        return s_start


def _english_full_stop(key: str, i: int) -> bool:
    """A full stop between two English words ends a sentence (「Our server was hit by ransomware this
    morning. Is recovery covered?」: the question is the second sentence, not the report's); one in a
    number or before a digit (「No.3」「1.5」) does not."""
    return (key[i] == "." and 0 < i < len(key) - 1 and key[i - 1].isascii() and key[i - 1].isalpha()
            and key[i + 1].isascii() and key[i + 1].isalpha())


def _sentences(key: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for i, ch in enumerate(key):
        if ch in _SENTENCE_END or (ch == "." and _english_full_stop(key, i)):
            if i + 1 < len(key) and key[i + 1] in _SENTENCE_END:
                continue  # keep 「！！」「?!」 with their sentence
            out.append((start, i + 1))
            start = i + 1
    if start < len(key) or not out:
        out.append((start, len(key)))
    return out


SHORT_SENTENCE = 40  # characters of a sentence that may leave its object in the sentence before


def _term_hits(lex: Lexicon, t: _Text) -> list[Span]:
    """Incident terms: plain terms, weak terms with an object in their sentence, combos."""
    hits = [sp for m in lex.terms for sp in t.find(m)]
    objects = {name: _SpanList(t.find(m)) for name, m in lex.objects.items()}
    back = _SpanList(t.find(lex.refers_back))
    plans = _SpanList(t.find(lex.plan_before))
    for matcher, classes in lex.weak:
        for sp in t.find(matcher):
            s_start, s_end = t.sentence_of(sp.start)
            if s_end - s_start <= SHORT_SENTENCE and s_start > 0 and back.within(s_start, s_end) \
                    and not plans.within(*t.sentence_of(s_start - 1)):
                # "…our booking page now asks for card numbers. We never added that." 「…欄が出ている。それ
                # は誰も入れた覚えがない」: a short sentence that points back leaves its object in the one before.
                s_start = t.sentence_of(s_start - 1)[0]
            if any(objects[c].within(s_start, s_end) for c in classes):
                hits.append(sp)
    combos: list[tuple[Span, list[Span]]] = []
    for combo in lex.combos:
        if not all(t.finds(g) for g in combo.groups):
            continue
        groups = [_SpanList(t.find(g)) for g in combo.groups]
        for s_start, s_end in t.sentences:
            parts = [g.within(s_start, s_end) for g in groups]
            if all(parts):
                chosen = _tightest(parts)
                label = COMBO_JOIN.join(p.label for p in chosen)
                combos.append((Span(min(p.start for p in chosen), max(p.end for p in chosen), label, combo.kind), chosen))
    hits += _nearest_combos(t, combos)
    hits += _software_alarms(lex, t, hits)
    # a term inside a longer one of another kind (「攻撃」 in 「DoS攻撃」) is not a second hit; a combo's
    # span runs from its first word to its last and hides nothing between them (「職員が
    # フィッシングメールの…転送」 names the phishing too)
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[Span] = []
    widest: Span | None = None  # the kept word (not combo) reaching furthest right
    for h in hits:
        if widest is not None and widest.end >= h.end and (widest.end - widest.start) > (h.end - h.start):
            continue
        kept.append(h)
        if COMBO_JOIN not in h.label and (widest is None or h.end > widest.end):
            widest = h
    return kept


def _tightest(parts: list[list[Span]]) -> list[Span]:
    """One word of each group, the nearest together: in 「サイトから…アプリを入れたら、マウスが勝手に
    動いて」 a combo's words are taken as close as the sentence has them."""
    best: list[Span] | None = None
    for anchor in parts[0]:
        chosen = [anchor] + [min(group, key=lambda sp: abs(sp.start - anchor.start)) for group in parts[1:]]
        width = max(p.end for p in chosen) - min(p.start for p in chosen)
        if best is None or width < max(p.end for p in best) - min(p.start for p in best):
            best = chosen
    assert best is not None
    return best


def _software_alarms(lex: Lexicon, t: _Text, hits: list[Span]) -> list[Span]:
    """A warning or a detection shown by security software named in its sentence (「ウイルスバスターから警告が
    出ました」), not its routine notices (licence, update): a term of malware at the alert's word — unless the
    alert names its kind itself (「『不正アクセスを検知しました』って通知」 is unauthorised access)."""
    alarms = []
    for software in t.software:
        s_start, s_end = t.sentence_of(software.start)
        if lex.software_routine.find(t.key, t.mask, s_start, s_end) or any(s_start <= h.start < s_end for h in hits):
            continue
        alarms += [Span(a.start, a.end, f"{software.label}{COMBO_JOIN}{a.label}", "malware")
                   for a in lex.software_alerts.find(t.key, t.mask, s_start, s_end)][:1]
    return alarms


def _nearest_combos(t: _Text, combos: list[tuple[Span, list[Span]]]) -> list[Span]:
    """A word two combos of different kinds share belongs to the one whose words stand in one clause:
    「…サイトから遠隔操作のアプリを入れたら、マウスが勝手に動いて」 is the mouse moving by itself
    (勝手に+マウス+動), not a site changed by itself (サイト+勝手に, its words clauses apart)."""
    def one_clause(words: list[Span]) -> bool:
        return len({t.clause_start(w.start) for w in words}) == 1

    places = [{(w.start, w.end) for w in words} for _, words in combos]
    together = [one_clause(words) for _, words in combos]
    return [hit for (hit, _), mine, close in zip(combos, places, together)
            if close or not any(other.kind != hit.kind and theirs_close and mine & theirs
                                for (other, _), theirs, theirs_close in zip(combos, places, together))]


def _asks_after(lex: Lexicon, t: _Text, pos: int) -> bool:
    """Does the sentence ask something after ``pos``?"""
    _, s_end = t.sentence_of(pos)
    return bool(t.questions.within(pos, s_end)) or bool(t.find(lex.asks, pos, s_end))


def _not_yet(lex: Lexicon, t: _Text, ev: Span) -> bool:
    """An event that is not (yet) a report: negated, hypothetical, or modifying a question topic.

    「感染していない」「漏えいした場合」「漏えいした件数」; 「感染したら…？」「〜した時の…？」「〜の際…？」
    only when the sentence asks something (「朝来たら画面に英語が…」 is a report).
    """
    key = t.key
    c_end = t.clause_end(ev.start)
    limit = min(ev.end + 6, c_end + 1)
    if any(n.end > ev.end and n.start < limit and n.start >= ev.start for n in t.negations):
        return True  # 「感染していない」「受けていないか」 (the negation may start inside the event)
    if t.hyp_after.within(ev.start, c_end):
        return True
    if key[ev.end : ev.end + 1] == "を" and not t.mask[ev.end] and _asks_after(lex, t, ev.end):
        if t.find(lex.topics, ev.end + 1, _noun_phrase_end(lex, t, ev.end + 1, c_end)):
            return True  # 「攻撃の疑いを調べる費用は…？」: the event is what a cost is for
    s_start, s_end = t.sentence_of(ev.start)
    example = t.find(lex.hyp_example, ev.end, s_end)
    if example and _asks_after(lex, t, example[0].end):
        # 「職員がPCを電車に置き忘れてなくしました、みたいな場合、…どうなりますか？」: what comes before
        # 「みたいな場合」 is an example the question is about, however many clauses it runs to.
        return True
    for supposed in t.find(lex.hyp_supposed, ev.end, s_end):
        # 「偽の請求書メールにだまされて、…50万振り込んじゃった場合は保険でカバーされますか」: the case supposed at the
        # end of a question holds every clause before it (not 「…感染しました。この場合…」, which points back).
        if not _points_back(lex, t, s_start, supposed) and _asks_after(lex, t, supposed.end):
            return True
    for hedge in lex.hyp_hedge:
        # 「不正アクセスされたかもしれない時に…費用って出ますか」: a maybe, then 時/ら, in a sentence that asks
        at = key.find(hedge, ev.start, c_end)
        if at >= 0 and _if_marker(lex, key[at + len(hedge):c_end]) and _asks_after(lex, t, at + len(hedge)):
            return True
    maybe = lex.hyp_clause_q.find(t.mkey, t.mask, ev.start, c_end)
    if maybe and _asks_after(lex, t, maybe[0].end):
        return True
    for p in range(ev.start, c_end):
        if key[p] in _PAST and not t.mask[p]:
            rest = key[p + 1 : c_end]
            hedge = next((h for h in lex.hyp_hedge if rest.startswith(h)), "")
            if _if_marker(lex, rest[len(hedge):]) and _asks_after(lex, t, p + 1):  # 「…されたかもしれない時に」
                return True
            if t.find(lex.topics, p + 1, _noun_phrase_end(lex, t, p + 1, c_end)):
                return True  # 「漏えいした件数で」「盗まれたお金は」「送られたメールの損害賠償は」
            break
    return False


def _supposed(lex: Lexicon, t: _Text, ev: Span) -> bool:
    """The event's past ending is an if (「…したら」「…した時」) in a sentence that asks."""
    end = ev.end
    while end < len(t.key) and t.key[end - 1] not in _PAST and end < ev.end + 2:
        end += 1
    return _if_marker(lex, t.key[end:]) and _asks_after(lex, t, end)


def _if_marker(lex: Lexicon, rest: str) -> bool:
    """``rest`` (after a past ending) opens with an if (ら, 時, とき…) and not with hearsay (らしい)."""
    return rest.startswith(lex.hyp_after_q) and not rest.startswith(lex.hyp_not_after_q)


def _noun_phrase_end(lex: Lexicon, t: _Text, start: int, end: int) -> int:
    """End of the noun phrase a verb at ``start`` modifies: up to the first particle (の links on,
    and so does a particle before の: 「患者さんへのお見舞いの費用」)."""
    for i in range(start, end):
        if t.key[i] in lex.phrase_particles and not t.mask[i] and t.key[i + 1 : i + 2] != "の":
            return i
    return end


def _event_ok(lex: Lexicon, t: _Text, ev: Span) -> bool:
    nxt = t.key[ev.end : ev.end + 1]
    katakana_next = ev.end < len(t.mask) and t.mask[ev.end]
    if match_key(ev.label)[-1] in _PAST and nxt in lex.event_not_before and not katakana_next:
        return False  # 「受けたい」「されないため」「教えていただく」
    before = t.key[ev.start - 1:ev.start] if ev.start else ""
    if match_key(ev.label) in lex.copula_pasts and before in lex.copula_stems and not t.mask[ev.start - 1]:
        return False  # 「攻撃は先月の5日でした」「原因は停電だった」: a copula, no event
    return True


def _hypothetical_before(t: _Text, pos: int) -> bool:
    s_start, _ = t.sentence_of(pos)
    return t.drill or bool(t.hyp_before.within(s_start, pos))


def _own_event(lex: Lexicon, t: _Text, hit: Span, events: _SpanList) -> tuple[Span | None, bool]:
    """The first event of the user's own after ``hit`` in its sentence, with no question word between.

    The second value says whether an event was seen that is hypothetical or negated: such a
    sentence (「フィッシングメールが来たらどうすればいい？」) is not a bare report either.
    """
    s_start, s_end = t.sentence_of(hit.start)
    if _hypothetical_before(t, hit.start):
        return None, True
    # "Does the policy cover ransomware that's demanding payment?": English asks before its term.
    asked_before = _asked(t, s_start, hit.start, [hit])
    not_yet = False
    for ev in events.within(hit.start, s_end):
        if ev.end <= hit.end or (asked_before and ev.label.isascii()):
            continue
        if t.questions.within(hit.end, ev.start) or t.hyp_after.within(hit.end, ev.start):
            return None, not_yet  # 「ランサムウェアの研修を受けた」: the topic word breaks the link
        if not _event_ok(lex, t, ev):
            continue
        if _not_yet(lex, t, ev):
            if _supposed(lex, t, ev):
                # 「漏えいしたら本人に知らせる義務ってあるの？」: what follows the if is its consequence, no event told
                return None, True
            not_yet = True
            continue
        return ev, not_yet
    return _english_event_before(lex, t, hit), not_yet


def _english_event_before(lex: Lexicon, t: _Text, hit: Span) -> Span | None:
    """"our server was hit by ransomware", "we got hacked": an English event just before the term
    (only filler words between), in a clause that asks nothing."""
    if not hit.label.isascii():
        return None
    c_start, c_end = t.clause_start(hit.start), t.clause_end(hit.end)
    before = [ev for ev in t.find(lex.english_events_before, c_start, hit.start) if ev.end <= hit.start]
    if not before or _asked(t, c_start, c_end, [hit]) or t.find(lex.english_negations, c_start, hit.start):
        return None
    ev = before[-1]
    between = t.key[ev.end : hit.start].split()
    if all(word in lex.english_event_fillers for word in between):
        return ev
    return None


def _telegraphic(lex: Lexicon, t: _Text, hit: Span) -> str | None:
    """「ランサム感染、保険は？」「漏えい発生、」「改ざん被害」: term + report noun + end of clause."""
    key = t.key
    c_end = t.clause_end(hit.end)
    rest = key[hit.end : c_end]
    if rest[:1] and rest[0] in lex.report_particles:
        rest = rest[1:]
    for noun in lex.report_nouns:
        if rest.startswith(noun):
            tail = rest[len(noun) :]
            for suffix in lex.report_tail:
                if tail.startswith(suffix):
                    tail = tail[len(suffix) :]
                    break
            if not any(ch.isalnum() for ch in tail) and not _hypothetical_before(t, hit.start):
                return noun
    return None


DENIAL_REACH = 8  # characters after an incident term read for its denial


def _denied_at_once(t: _Text, hit: Span) -> bool:
    """The incident term followed at once by its denial (「攻撃じゃなかった」「ウイルスではない」, a particle at most
    between): not 「攻撃されて…大丈夫じゃない」, where the denial is of something else."""
    # (「ランサムウェアじゃないかと思う」 suspects it: a denial followed by か is none)
    lex = load_lexicon()
    after = t.key[hit.end:hit.end + DENIAL_REACH]
    mask = t.mask[hit.end:hit.end + DENIAL_REACH]
    if any(s.start <= 1 for s in lex.suspected_after.find(after, mask)):
        return False
    return any(d.start <= 1 for d in lex.denied_at_once.find(after, mask))


def _denied_before_en(t: _Text, hit: Span) -> bool:
    """"the disk isn't encrypted", "I don't think the disk is encrypted": an English term denied or doubted just
    before it in its clause (not "we didn't notice until the files were encrypted": only a copula's negation right
    before the term, or a doubt a few words before it, count)."""
    if not hit.label.isascii():
        return False
    lex = load_lexicon()
    start = t.clause_start(hit.start)
    if any(all(w in lex.denied_fillers_en for w in t.key[d.end:hit.start].split())
           for d in t.find(lex.denied_before_en, start, hit.start)):
        return True  # "isn't (yet) encrypted"
    return any(len(words := t.key[d.end:hit.start].split()) <= DOUBTED_WITHIN_WORDS and "but" not in words
               for d in t.find(lex.doubted_before_en, start, hit.start))


DOUBTED_WITHIN_WORDS = 4  # "don't think (the disk is) encrypted"


def _someone_elses(lex: Lexicon, t: _Text, hit: Span) -> bool:
    """「他院で」「ニュースで」「〜と聞きました」 in the sentence, and no 「うちの」「当院」 in the hit's clause."""
    s_start, s_end = t.sentence_of(hit.start)
    others = [o for o in t.find(lex.someone_else, s_start, s_end)
              if not any(lk.start <= 1 for lk in lex.likened_after.find(t.key[o.end:o.end + 8], t.mask[o.end:o.end + 8]))]
    if not others:
        # 「昨日のニュース見た？また病院がランサムウェアにやられたって。」: the news asked about just before, the event
        # told as heard, and no word of the writer's own place anywhere.
        # (the sentence's closing marks and particles left out: 「…らしいですよ」「…やられたってね」)
        said = re.sub(r"[\W_ー〜]+$", "", t.key[s_start:s_end])
        while (tail := [p for p in lex.closing_particles.find(said, t.mask[s_start:s_start + len(said)]) if p.end == len(said)]):
            said = re.sub(r"[\W_ー〜]+$", "", said[:tail[0].start])
        heard = any(h.end == len(said) for h in lex.heard_end.find(said, t.mask[s_start:s_start + len(said)]))
        return heard and bool(t.find(lex.someone_else, 0, s_start)) and not t.find(lex.own)
    # (「うちの近くのクリニックで」 "our neighbour clinic": the own word is part of the other's name)
    return not any(all(not 0 <= o.start - own.end <= 1 for o in others)
                   for own in t.find(lex.own, t.clause_start(hit.start), t.clause_end(hit.end)))


def _on_system(lex: Lexicon, t: _Text, spans: Sequence[Span]) -> list[Span]:
    """Outage / odd-device words with a system word in their sentence (「プリンターがつながらない」 has none)."""
    out = []
    for sp in spans:
        s_start, s_end = t.sentence_of(sp.start)
        if t.find(lex.systems, s_start, s_end):
            out.append(sp)
    return out


def _active(lex: Lexicon, t: _Text, spans: Sequence[Span]) -> list[Span]:
    """Those of ``spans`` that are happening: not negated, hypothetical or a prevention phrase."""
    out = []
    for sp in spans:
        if _hypothetical_before(t, sp.start) or _not_yet(lex, t, sp):
            continue
        if any(q.start < sp.end and q.end > sp.start for q in t.questions):
            continue  # 「開かないように」 is prevention, not an outage
        out.append(sp)
    return out


def _outside(spans: Iterable[Span], hits: Sequence[Span]) -> list[Span]:
    """Markers that are not part of an incident term (「誰」 in 「誰でも見られる」)."""
    return [sp for sp in spans if not any(h.start <= sp.start and sp.end <= h.end for h in hits)]


def _asked(t: _Text, start: int, end: int, hits: Sequence[Span]) -> bool:
    """Is there a question, topic or hypothetical word in ``[start, end)``?"""
    markers = [*t.questions.within(start, end), *t.hyp_before.within(start, end)]
    markers += t.hyp_after.within(start, end)
    return bool(_outside(markers, hits))


def _topic_asked_elsewhere(t: _Text, lex: Lexicon, hits: Sequence[Span]) -> bool:
    """A bare incident term (no event of the user's own) in a message whose other sentence asks
    about cover, payments or cost: 「しえんきん いくら もらえる？ さいばーこうげき」 names the topic
    of the question. 「ランサムウェア！どうすれば？」 asks no such thing and stays a report."""
    return bool(_outside(t.find(lex.topics), hits)) and bool(_outside(t.questions.spans, hits))


def _linked(t: _Text, a: Span, b: Span) -> bool:
    """No question / topic word between two spans, in whichever order they come. A question word that opens
    the later span's own sentence ("…we can't see patients. Is it a cyber attack?") asks about that word, as
    「…診察できません。サイバー攻撃でしょうか？」 does after it: it does not part the two."""
    lo, hi = (a.end, b.start) if a.start <= b.start else (b.end, a.start)
    later_sentence, _ = t.sentence_of(hi)
    asked_until = later_sentence if later_sentence > lo else hi
    return not t.questions.within(lo, asked_until) and not t.hyp_after.within(lo, hi)


def _negated_or_asked(t: _Text, h: Span, own: Sequence[Span]) -> bool:
    """Whether the sentence of ``h`` denies it after it or asks about it (「ウイルスではなさそう」「感染してる？」)."""
    s_start, s_end = t.sentence_of(h.start)
    return bool(_outside(t.negations.within(h.end, s_end), own)) or _asked(t, s_start, s_end, own)


def _hedged(lex: Lexicon, t: _Text, h: Span) -> bool:
    """「ウイルスなのか故障なのかも分かりません」: a kind named as one guess among others is no kind."""
    s_start, s_end = t.sentence_of(h.start)
    end = h.end + HEDGE_REACH
    after = lex.hedge_after.find(t.key[h.end:end], t.mask[h.end:end])
    return bool(after) and bool(lex.hedge_unknown.find(t.key[s_start:s_end], t.mask[s_start:s_end]))


def _denied(lex: Lexicon, t: _Text, h: Span, hits: Sequence[Span]) -> bool:
    """「変なメッセージや脅迫文は出ていません」 "no ransom note": the report says it is not there."""
    # Only a negation right after the word denies it: 「ランサムウェアに感染してパソコンが起動しない」's
    # 「ない」 is about the PC.
    s_start, s_end = t.sentence_of(h.start)
    before = max(s_start, h.start - 12)
    # 「暗号化されていない」: the negation may begin inside the word (されていない).
    # 「…zipで届いた、大丈夫？」: a negation word that is asked (大丈夫？) says nothing is wrong of nothing.
    after = [n for n in _outside(t.negations.within(h.start, s_end), hits)
             if n.end > h.end and not t.find(lex.asks, n.end, n.end + ASKED_REACH)]
    evidence = lex.evidence_after.find(t.key, t.mask, h.end, min(s_end, h.end + EVIDENCE_REACH))
    if evidence and lex.evidence_absent.find(t.key, t.mask, evidence[0].end, t.clause_end(evidence[0].end)):
        return True
    return any(n.start - h.end <= DENY_REACH for n in after) or bool(
        lex.negated_before.find(t.key[before:h.start], t.mask[before:h.start]))


def _kind(lex: Lexicon, t: _Text, hits: Sequence[Span], outages: Sequence[Span]) -> str | None:
    """The kind the report's own words name; a system that stopped when the only kind named is a
    guess (「ウイルスか故障か分からない」) or said not to be there (「暗号化されていない」), or the
    unknown kind when nothing else is said."""
    sure = [h for h in hits if not _hedged(lex, t, h) and not _denied(lex, t, h, hits)]
    if not sure and hits:
        return "system_down" if outages else "other"
    return _first(lex, [h.kind for h in sure] + (["system_down"] if outages else []))


def _first(lex: Lexicon, kinds: Iterable[str]) -> str | None:
    ks = [k for k in kinds if k]
    if not ks:
        return None
    first = min(ks, key=lambda k: lex.rank[k])
    # 「添付を開いてから、うちのアドレスから変なメールが送られとる」: the cause named beside its effect wins.
    return next((cause for cause in ks if first in lex.cause_over.get(cause, ())), first)


def _labels(*groups: Iterable[Span]) -> list[str]:
    return list(dict.fromkeys(sp.label for g in groups for sp in g))


def _result(level: Level, kind: str | None, matched: list[str], reason: str) -> Detection:
    return Detection(level=level, kind=kind, matched=matched, reason=reason)  # type: ignore[arg-type]


def says_not(text: str) -> bool:
    """A word of negation anywhere (「まだ差し込んでいません」 "We haven't plugged it in"): a message
    that denies something may be telling what did not happen."""
    lex = load_lexicon()
    key, mask = key_and_mask(text)
    return bool(lex.negations.find(key, mask) or lex.english_negations.find(key, mask))


ANAPHORA_REACH = 8  # characters before a supposition where 「この」「こういった」 "this" would point back


def _points_back(lex: Lexicon, t: _Text, sentence_start: int, supposed: Span) -> bool:
    """「この場合」「こういったケース」: the supposition points back at what was told, it supposes nothing."""
    return t.key[max(sentence_start, supposed.start - ANAPHORA_REACH):supposed.start].endswith(lex.hyp_anaphora)
HYPOTHESIS_OPENING = 4  # characters from the start of the sentence where its 「もし」 stands


# A kind named in a question with no event of the clinic's (「ランサムウェアにやられた時はどんな費用が出るんですか」):
# the kind is asked about, not told of.
KIND_ASKED_REASON = "a question about an incident type"


# A past ending closing a clause (「変だった、」「出ました。」): after 「…たら」 it tells what happened then.
_PAST_AFTER_IF = re.compile(r"(?:た|だった|でした|ました|かった)(?=[、,。.!！?？\s]|$|よ|ね|わ|けど|が|って|と)")


def supposes_all_it_asks(text: str) -> bool:
    """Every sentence that names an incident supposes it, and the message asks: one that opens with
    「もし」「万が一」「仮に」 "what if" (「もし職員が…置き忘れて…漏れたかもしれん、ってなったら、こういうのも対象？」),
    or one that ends on the case supposed (「…振り込んじゃった場合は保険でカバーされますか」「…ことがわかったら、
    保険は使えますか」「…訓練をやります。シナリオで…って設定にする…想定にしとけばいい？」), not pointing back at
    what was told (「…感染しました。この場合は…」)."""
    lex = load_lexicon()
    t = _text_of(lex, text)
    hits = _term_hits(lex, t)
    if not hits or not (t.questions.within(0, len(t.key)) or t.find(lex.asks)):
        return False
    for start, end in t.sentences:
        if not any(start <= h.start < end for h in hits):
            continue
        opening = lex.hyp_before.find(t.mkey, t.mask, start, min(end, start + HYPOTHESIS_OPENING))
        supposed = [sp for sp in (*lex.hyp_supposed.find(t.mkey, t.mask, start, end), *lex.hyp_example.find(t.mkey, t.mask, start, end))
                    if not _points_back(lex, t, start, sp)]
        # 「…データも扱ってるんだけど、漏れたらGDPR対応も助けてもらえる？」: every incident word of the sentence is an if
        # (…たら) in a sentence that asks.
        # (not a when told in the past, 「添付を開いたら変だった、本当に病院から？」: what followed is told as done)
        conditional = all(_supposed(lex, t, h) and _PAST_AFTER_IF.search(t.key, h.end + 2, end) is None
                          for h in hits if start <= h.start < end)
        if not opening and not supposed and not conditional:
            return False
    return True


def _english_questions(lex: Lexicon, key: str, sentences: list[tuple[int, int]]) -> list[Span]:
    """The opening verb of each English sentence that asks (「Is it excluded?」「Does the policy pay…?」)."""
    found = []
    for start, end in sentences:
        sentence = key[start:end]
        opening = len(sentence) - len(sentence.lstrip())
        words = sentence.lstrip().split(" ", 1)
        if sentence.isascii() and "?" in sentence and len(words) == 2 and words[0] in lex.english_leads:
            found.append(Span(start + opening, start + opening + len(words[0]), words[0], "question"))
    return found


_QUOTED = re.compile(r"「[^「」\n]{1,60}」|『[^『』\n]{1,60}』")
NOTICE_WORD_REACH = 6  # characters between a closing bracket and the notice it names (っていう, という, との)


def without_notice_titles(text: str) -> str:
    """``text`` with the titles it quotes of circulars or training material emptied (「」 left), for any
    reader that must not take a notice's words for a report (the learned layer)."""
    if "「" not in text and "『" not in text:
        return text
    lex = load_lexicon()
    kept, at = [], 0
    for m in _QUOTED.finditer(text):
        tail = text[m.end():m.end() + NOTICE_WORD_REACH + 8]
        key, mask = key_and_mask(tail)
        after = lex.notice_after.find(key, mask)
        if after and after[0].start <= NOTICE_WORD_REACH:
            kept += [text[at:m.start() + 1], text[m.end() - 1]]
            at = m.end()
    return "".join(kept) + text[at:]


def tells_only_slowness(text: str) -> bool:
    """「ここ数日パソコンの動きがすごく遅いです」: the only thing odd the message tells of is slowness (no outage,
    no screen, nothing acting by itself)."""
    lex = load_lexicon()
    key, mask = key_and_mask(text)
    slow = {(s.start, s.end) for s in lex.slow.find(key, mask)}
    return bool(slow) and not lex.outage.find(key, mask) and all((o.start, o.end) in slow for o in lex.odd.find(key, mask))


def medical_talk(text: str) -> bool:
    """「インフルエンザの院内感染で休診しました」: medical or paperwork words and no IT word."""
    lex = load_lexicon()
    return _medical(lex, *key_and_mask(text))


def _medical(lex: Lexicon, key: str, mask: Sequence[int]) -> bool:
    return bool(lex.not_it.find(key, mask)) and not lex.it_words.find(key, mask)


def tells_it_left_alone(text: str) -> bool:
    """「…メールが届きました。開いてないけど」: something received said not to have been acted on (nor acted on after all)."""
    lex = load_lexicon()
    key, mask = key_and_mask(text)
    # (「消してしまってもいいですか」 asks leave to delete: its しまって is no act done after all)
    done = [a for a in lex.acted_on_after_all.find(key, mask) if not key.startswith("も", a.end)]
    return bool(lex.not_acted_on.find(key, mask)) and not done


def is_a_drill(text: str) -> bool:
    """「【訓練】電子カルテが暗号化されました。…という想定で来週机上訓練をやります」: the message marks itself as a
    drill's scenario; nothing in it is a report."""
    lex = load_lexicon()
    key, mask = key_and_mask(text)
    return lex.hyp_drill.search(key, mask) is not None


def tells_a_bodily_emergency(text: str) -> bool:
    """「患者さんが待合室で倒れました！」: someone collapsed, bled, was taken by ambulance, and no IT word is said."""
    lex = load_lexicon()
    key, mask = key_and_mask(text)
    return bool(lex.bodily_emergency.find(key, mask)) and not lex.it_words.find(key, mask)


def tells_a_facility_fault(text: str) -> bool:
    """「院内の空調が全部止まってしまいました」: the building's equipment, and no IT word is said."""
    lex = load_lexicon()
    key, mask = key_and_mask(text)
    return bool(lex.facility_faults.find(key, mask)) and not lex.it_words.find(key, mask)


def without_everyday_words(key: str, mask: bytes) -> str:
    """A match key with the phrases the detector sets aside blanked (「ウイルス対策ソフト」「インフルエンザウイルス」)
    and its medical and paperwork words too (「院内感染」「コロナ」): other handlers asking whether a message
    names an attack do not read 「インフルエンザの院内感染」 as one, and still read 「コロナの頃にランサムで」."""
    lex = load_lexicon()
    return lex.not_it.blank(lex.exclude.blank(key, mask), mask)


def _text_of(lex: Lexicon, text: str) -> _Text:
    """The message as the detector reads it: its match key with excluded and neutral phrases blanked,
    its sentences, and the markers found once."""
    raw_key, mask = key_and_mask(without_notice_titles(text))
    key = lex.exclude.blank(raw_key, mask)
    mkey = lex.neutral.blank(key, mask)
    sentences = _sentences(key)
    return _Text(
        key=key,
        mkey=mkey,
        mask=mask,
        sentences=sentences,
        starts=[s for s, _ in sentences],
        questions=_SpanList([*lex.questions.find(mkey, mask), *_english_questions(lex, key, sentences)]),
        hyp_before=_SpanList(lex.hyp_before.find(mkey, mask)),
        hyp_after=_SpanList(lex.hyp_after.find(mkey, mask)),
        negations=_SpanList(lex.negations.find(mkey, mask)),
        drill=lex.hyp_drill.search(mkey, mask) is not None,
        software=lex.security_software.find(raw_key, mask),
        found=lex.whole_text.find_all(key, mask),
    )


def detect(text: str) -> Detection:
    """Classify one user message as ``emergency``, ``possible`` or ``none``, with the incident kind."""
    if not isinstance(text, str):
        raise TypeError(f"detect() expects str, got {type(text).__name__}")
    lex = load_lexicon()
    t = _text_of(lex, text)
    hits = _term_hits(lex, t)
    if hits and _medical(lex, t.key, t.mask):
        hits = []  # 「ノロウイルス」「職員がインフルエンザに感染」「点滴が漏れた」「保険証を紛失」
    others = [h for h in hits if _someone_elses(lex, t, h)]
    # (「攻撃じゃなかったみたい」「ウイルスじゃなくて、ただのサーバー故障で」: a term denied at once is no report of it)
    own = [h for h in hits if h not in others and not _denied_at_once(t, h) and not _denied_before_en(t, h)]
    events = _SpanList(t.find(lex.events))
    any_outage = _on_system(lex, t, t.find(lex.outage))
    any_odd = _on_system(lex, t, t.find(lex.odd))
    # (「ニュースで、大阪の病院が…電子カルテ止まったって見ました」: another's outage, as another's incident word is)
    outages = [o for o in _active(lex, t, any_outage) if not _someone_elses(lex, t, o)]
    odd = [o for o in _active(lex, t, any_odd) if not _someone_elses(lex, t, o)]
    strong = t.find(lex.distress_strong)
    weak = t.find(lex.distress_weak)

    # 1. incident term + the user's own event / short report / no question at all
    decided: list[Span] = []
    evidence: list[Span] = []
    reasons: list[str] = []
    for h in own:
        ev, not_yet = _own_event(lex, t, h, events)
        if ev is not None:
            decided.append(h)
            evidence.append(ev)
            reasons.append(f"incident term {h.label!r} with the user's own event {ev.label!r}")
            continue
        noun = _telegraphic(lex, t, h)
        if noun is not None:
            decided.append(h)
            reasons.append(f"short report {h.label!r} + {noun!r}")
            continue
        s_start, s_end = t.sentence_of(h.start)
        negated = _outside(t.negations.within(h.end, s_end), own)
        if not not_yet and not negated and not _asked(t, s_start, s_end, own) and not _topic_asked_elsewhere(t, lex, own):
            decided.append(h)
            reasons.append(f"incident term {h.label!r} with no question")
    if decided:
        # Once the message reports an incident, every word of its own report says what kind: 「フィッシング
        # メールのリンクから…入力してしまい、…職員が…転送されていた」 is phishing, the cause, even when
        # only the later clause carries the event.
        told = [h for h in own if not _negated_or_asked(t, h, own)]
        kind = _kind(lex, t, [*decided, *told], outages)
        if all(h.kind in lex.received_only_kinds for h in decided) and not strong and t.find(lex.not_acted_on) \
                and not t.find(lex.acted_on_after_all):
            # 「怪しいメールが届いたけど、開かずにそのまま削除しました。大丈夫ですよね？」: received and left alone.
            found = _result("possible", kind, _labels(decided), "a suspicious message said not to have been acted on")
            return found.model_copy(update={"ruled_out": True})
        return _result("emergency", kind, _labels(decided, evidence, outages), reasons[0])

    # 2. incident term + distress, or + an outage / something odd on a device
    if own and strong:
        kind = _kind(lex, t, own, outages)
        why = f"distress {strong[0].label!r} with an incident term"
        return _result("emergency", kind, _labels(own, strong), why)
    slow = {(sp.start, sp.end) for sp in t.find(lex.slow)}
    for sym in outages + odd:
        linked = [h for h in own if _linked(t, h, sym)]
        if linked and (sym.start, sym.end) in slow and sym not in outages and all(_negated_or_asked(t, h, own) for h in linked):
            continue  # 「最近パソコンがやたら遅いんですけど、これってウイルスですかね？」: slowness, a virus only asked about
        if linked:
            kind = _kind(lex, t, linked, outages)
            what = "outage" if sym in outages else "something odd on a device"
            why = f"{what} {sym.label!r} with an incident term"
            return _result("emergency", kind, _labels(linked, [sym]), why)

    # 3. no incident term: an outage or odd device with distress, or on several systems at once
    if outages:
        for o in outages:
            s_start, s_end = t.sentence_of(o.start)
            mass = t.find(lex.mass, s_start, s_end)
            if mass:
                why = f"outage {o.label!r} on several systems"
                return _result("emergency", "system_down", _labels([o], mass), why)
        if strong or weak:
            d = (strong or weak)[0]
            return _result("emergency", "system_down", _labels([d], outages), f"outage with distress {d.label!r}")
    if odd and (strong or weak):
        d = (strong or weak)[0]
        why = f"something odd on a device with distress {d.label!r}"
        return _result("emergency", "other", _labels([d], odd), why)

    # 4. possible
    if hits:
        # 「不正アクセスされないための設定」 asks about the kind it names; beside a stopped system, a kind
        # said not to be there (「脅迫文は出ていません」) is none.
        kind = _kind(lex, t, hits, any_outage) if any_outage else _first(lex, [h.kind for h in hits])
        why = "someone else's incident" if not own else KIND_ASKED_REASON
        if not own and not others:
            # 「ランサムウェアじゃなかったです」 "I don't think it's encrypted": every incident word denied names no kind
            # (a later message saying so must not make the record that kind).
            kind, why = None, "incident words denied"
            if any_outage:
                kind = "system_down"
        found = _result("possible", kind, _labels(hits), why)
        left_alone = t.find(lex.not_acted_on)
        if own and left_alone and not any_outage and not any_odd and not t.find(lex.acted_on_after_all) \
                and all(h.kind in lex.received_only_kinds or any(n.start < h.end and h.start < n.end for n in left_alone) for h in own):
            # 「怪しいメールが来たけど開いてません。削除でいい？」: received, left alone (「添付…開いてない」: the act
            # named is the one denied), and asked about.
            return found.model_copy(update={"ruled_out": True})
        return found
    if any_outage:
        return _result("possible", "system_down", _labels(any_outage), "outage without attack words")
    if any_odd:
        return _result("possible", None, _labels(any_odd), "something odd on a device, no incident word")
    if strong:
        return _result("possible", None, _labels(strong), "distress without an incident word")
    return _result("none", None, [], "no incident word")
