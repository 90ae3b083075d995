"""The staff's report in their own words, for the summary of an incident.

A director briefed from the summary needs what was lost where, and to whom a fax went: the typed
fields (kind, count, moment) hold none of that. The summary therefore restates the sentences staff
wrote that state something, with the time each was sent, and leaves out what would mislead: a
question, a courtesy, a bare answer to a button, and every sentence that carries a value the record
has since corrected (「80人分です」 after 「80人ではなく112人分でした」 — the corrected count stands in its field).
"""

from __future__ import annotations

import datetime as dt
import re

from handlers import triage
from handlers.session import IncidentRecord, Said
from knowledge.clock import to_jst

# A sentence shorter than this is an answer to a button (「はい」「2日」「わからない」), no account of anything.
SHORTEST = 6
# A courtesy this short (「助かりました。」「すみません、」) says nothing of the incident.
COURTESY = 12
LONGEST = 160
MOST = 12


def _superseded(record: IncidentRecord) -> list[re.Pattern[str]]:
    """Patterns of the values the record held and no longer holds: a count, an hour, a number of days."""
    answers = record.answers
    shown = {"affected_people": answers.affected_people, "found_at": answers.found_at, "occurred_at": answers.occurred_at,
             "closure_days": answers.closure_days}
    patterns: list[re.Pattern[str]] = []
    for change in record.history:
        if change.field not in shown or change.old is None or change.old == str(shown[change.field]):
            continue
        if change.field == "affected_people" and change.old.isdigit():
            patterns.append(re.compile(rf"(?<![0-9,.]){change.old}(?![0-9])"))
        elif change.field == "closure_days" and change.old.isdigit():
            patterns.append(re.compile(rf"(?<![0-9]){change.old}\s?(?:日|days?\b)", re.IGNORECASE))
        elif change.field in ("found_at", "occurred_at") and (hour := re.search(r"T([0-9]{2})", change.old)):
            hours = {int(hour[1])} | ({int(hour[1]) - 12} if int(hour[1]) > 12 else set())
            said = "|".join(str(h) for h in sorted(hours))
            patterns.append(re.compile(rf"(?<![0-9])(?:{said})\s?(?:時|じ|[:：]|\s?(?:am|pm|a\.m|p\.m|o'clock))", re.IGNORECASE))
    return patterns


def _states_something(sentence: str) -> bool:
    plain = sentence.strip()
    if len(plain) < SHORTEST or triage.asks(plain):
        return False
    return not (len(plain) <= COURTESY and triage.says_courtesy(plain))


def _without_stale(sentence: str, stale: list[re.Pattern[str]]) -> str:
    """The sentence without its clauses that carry a corrected value: 「今朝7時に見つけて、…外来は今日1日止めます、
    患者情報は約800人分」 keeps its other facts once the days closed are corrected ("" when nothing is left)."""
    if not any(p.search(sentence) for p in stale):
        return sentence.strip()
    kept = [c.strip(" 、。") for c in triage.clauses(sentence) if not any(p.search(c) for p in stale)]
    kept = [c for c in kept if c]
    return "、".join(kept) + "。" if kept else ""


def _when(said: Said, opened: dt.date) -> str:
    if said.at is None:
        return ""
    at = to_jst(said.at)
    return f"{at.hour}:{at.minute:02d} " if at.date() == opened else f"{at.month}月{at.day}日 {at.hour}:{at.minute:02d} "


def leaves_out_corrected_words(record: IncidentRecord) -> bool:
    """Whether in_their_words() leaves out a clause that carries a value corrected since (the summary says so)."""
    stale = _superseded(record)
    return bool(stale) and any(p.search(said.text) for said in record.answers.description for p in stale)


def in_their_words(record: IncidentRecord) -> list[str]:
    """One line per message that states something, its time first, each sentence as written."""
    stale = _superseded(record)
    opened = to_jst(record.opened_at).date()
    lines: list[str] = []
    kept = 0
    for said in record.answers.description:
        sentences = [s for s in (_without_stale(s, stale) for s in triage.sentences(said.text)) if _states_something(s)]
        sentences = sentences[:MOST - kept]
        if not sentences:
            continue
        kept += len(sentences)
        # English sentences keep the space between them; Japanese ones run on.
        text = ("" if not said.text.isascii() else " ").join(s if len(s) <= LONGEST else s[:LONGEST] + "…" for s in sentences)
        lines.append(_when(said, opened) + text)
        if kept >= MOST:
            break
    return lines
