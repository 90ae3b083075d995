"""Ratchet on the frozen held-out messages (tests/data/heldout/messages.jsonl, written blind).

The set is never edited after reading a failure: a failure there becomes a new, differently worded
training example or a general rule. These figures may only go up. Measured 2026-12-02:
- before any learned layer (rules only): emergency recall 0.453, false alarms 0.074, intent 0.600;
- first contact of the learned layer (blind): recall 0.995, false alarms 0.085, intent 0.909;
- rules + learned, 「実は」 read on its own: recall 1.000 (190/190), false alarms 0.074 (20/272),
  intent 0.907. A rule that let the learned layer overrule the lexicon on questions cut false alarms
  to 6/272 but missed 11 of the team's labelled reports that also ask a question (「ランサムウェアに
  感染、保険は使えますか」), so it was not kept: recall comes first.
- then, after reading those 20 false alarms, three general rules (each with its own tests in
  tests/test_understand.py): an incident the writer says is over (復旧済み, 再開して) in a question
  about the payment or cover; a payment request with a date more than a month back, question mark or
  not; a bare incident word beside a question about cover in another sentence: recall 1.000
  (190/190), false alarms 0.026 (7/272), intent 0.931; then an incident + date + closure days read as
  a payment case, and new training examples (small talk, English, payment terms): intent 0.948.
  These are figures after tuning on the set; the blind first-contact figures are the ones above.
- after the second set's first contact: English outage words, and the learned layer alone raising an
  emergency from 0.7 (was 0.9): recall 1.000, false alarms 0.029 (8/272), intent 0.948.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import contact_status
from knowledge.models import get_facts
from knowledge.text import normalize

DATA = Path(__file__).parent / "data"
JST = dt.timezone(dt.timedelta(hours=9))
UNREAD = "読み取れませんでした"


def load(name: str) -> list[dict]:
    path = DATA / name / "messages.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


ROWS = load("heldout")


def score(rows: list[dict]) -> tuple[int, int, int]:
    """(emergencies raised, false alarms, intents right) of the understanding step on a set."""
    raised = alarms = right = 0
    for row in rows:
        u = understand(normalize(row["text"]), Session(key="h"), dt.datetime.fromisoformat(row["now"]))
        is_emergency = u.emergency.level == "emergency"
        raised += is_emergency and row["emergency"]
        alarms += is_emergency and not row["emergency"]
        right += u.intent == row["intent"]
    return raised, alarms, right


def test_heldout_emergencies_alarms_and_intents_hold_their_level():
    raised, alarms, right = score(ROWS)
    emergencies = sum(r["emergency"] for r in ROWS)
    assert len(ROWS) >= 400 and emergencies >= 150
    assert raised >= 190, f"recall {raised}/{emergencies}"
    assert alarms <= 8, f"false alarms {alarms}/{len(ROWS) - emergencies}"
    assert right / len(ROWS) >= 0.95, f"intent accuracy {right / len(ROWS):.3f}"


def test_the_second_heldout_set_holds_its_blind_first_contact_figures():
    """tests/data/heldout2/ was written blind after the first set had been tuned on; measured on
    first contact (2026-12-02): recall 78/80, false alarms 7/120, intent 0.910. After reading its two
    misses (English: an outage in words the lexicon lacked; a remote login the learned layer gave 0.79):
    English outage words and the learned layer's emergency threshold 0.9 -> 0.7 give recall 80/80,
    false alarms 7/120, intent 0.920; then 「N年前」 dates, 誤検知 as "it is over" and 想定 as a
    hypothetical: false alarms 4/120, intent 0.935 (figures after reading the set's failures)."""
    rows = load("heldout2")
    raised, alarms, right = score(rows)
    assert len(rows) == 200
    assert raised >= 80, f"recall {raised}/80"
    assert alarms <= 4, f"false alarms {alarms}/120"
    assert right / len(rows) >= 0.935, f"intent accuracy {right / len(rows):.3f}"


def test_the_third_heldout_set_holds_its_figures_on_both_halves():
    """tests/data/heldout3/ was written blind in one go (session 13) and split in two: the dev half is
    read while tuning, the test half never (only these counts are looked at). First contact at
    806b1e7: dev recall 54/55, false alarms 6/65, intent 0.900; test recall 54/55, false alarms 3/65,
    intent 0.925. After reading the dev half (English ransomware words and present-tense events,
    decoy examples for the learned layer: drills, planned maintenance, what-ifs, new staff asking how
    to report): dev 55/55, 1/65, 0.942; test 54/55, 2/65, 0.933."""
    for split, (recall, alarms_at_most, intent) in {"dev": (55, 1, 0.94), "test": (54, 2, 0.93)}.items():
        rows = [r for r in load("heldout3") if r["split"] == split]
        raised, alarms, right = score(rows)
        assert len(rows) == 120
        assert raised >= recall, f"{split} recall {raised}/55"
        assert alarms <= alarms_at_most, f"{split} false alarms {alarms}/65"
        assert right / len(rows) >= intent, f"{split} intent accuracy {right / len(rows):.3f}"


@pytest.mark.parametrize("moment", [
    dt.datetime(2026, 12, 2, 23, 30, tzinfo=JST),  # a weekday night: only the SOMPO desk answers
    dt.datetime(2026, 12, 6, 14, 0, tzinfo=JST),  # a Sunday afternoon
    dt.datetime(2027, 1, 1, 9, 0, tzinfo=JST),  # New Year's Day
])
def test_every_heldout_emergency_gets_the_number_that_answers_at_that_moment(tmp_path, moment):
    facts = get_facts()
    desk, jma = facts.contact("sompo_desk"), facts.contact("jma_line")
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    missing = []
    for row in (r for r in ROWS if r["emergency"]):
        text = engine.handle(Inbound(session_key=row["id"], text=row["text"], at=moment)).plain_text()
        if desk.phone not in text or (contact_status(jma, moment).open_now and jma.phone not in text):
            missing.append(f"{row['id']} {row['text'][:60]}")
    store.close()
    assert not missing, "\n".join(missing)


def test_no_heldout_message_about_a_system_data_or_incident_is_left_unread(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    unread = []
    for row in (r for r in ROWS if r["intent"] in ("incident", "coverage", "subsidy", "quote")):
        reply = engine.handle(Inbound(session_key=row["id"], text=row["text"], at=dt.datetime.fromisoformat(row["now"])))
        if UNREAD in reply.plain_text():
            unread.append(f"{row['id']} {row['text'][:60]}")
    store.close()
    assert not unread, "\n".join(unread)
