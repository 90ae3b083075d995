"""Messages in English get English for what must be understood at once; other languages get the
number and a note that the bot answers in Japanese."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from knowledge.english import get_english
from knowledge.models import get_facts
from knowledge.vocab import DataError

JST = dt.timezone(dt.timedelta(hours=9))
FACTS = get_facts()
DESK, JMA = FACTS.contact("sompo_desk").phone, FACTS.contact("jma_line").phone


@pytest.fixture
def engine(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    yield Engine(store)
    store.close()


def say(engine, text, at, key="en"):
    return engine.handle(Inbound(session_key=key, text=text, at=at))


def test_an_english_emergency_at_night_says_whom_to_call_and_when_the_other_line_opens(engine):
    reply = say(engine, "All the files on our reception PC have a strange extension and a ransom note popped up",
                dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST))
    first = reply.texts[0]
    assert reply.intent == "incident"
    assert first.startswith("Call now:") and DESK in first
    assert JMA in first and "closed now" in first and "tomorrow, Thursday 3 December, 06:00" in first
    assert "Disconnect the affected PCs" in first and "do not pay a ransom" in first
    assert reply.private_from is not None and "患者" in reply.texts[reply.private_from]  # triage follows


def test_an_english_emergency_in_the_afternoon_says_the_jma_line_is_open_too(engine):
    reply = say(engine, "Someone logged into our VPN from abroad last night and we are locked out now",
                dt.datetime(2026, 12, 6, 14, 0, tzinfo=JST))
    assert "Also available now" in reply.texts[0] and "until 21:00" in reply.texts[0]


def test_an_english_greeting_is_answered_in_english(engine):
    reply = say(engine, "Hi, what can you do?", dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST))
    assert reply.texts[0].startswith("Hello.")
    assert not any("こんにちは" in t for t in reply.texts)


def test_another_language_gets_the_number_and_a_note(engine):
    reply = say(engine, "병원 서버가 멈췄어요", dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST), key="ko")
    assert "answers in Japanese" in reply.texts[0] and DESK in reply.texts[0]
    assert any(p.number == DESK for p in reply.phones)


def test_japanese_answers_are_untouched(engine):
    reply = say(engine, "こんにちは", dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST), key="ja")
    assert not any("Hello" in t for t in reply.texts)


def test_an_english_file_missing_a_first_step_is_refused(tmp_path):
    from knowledge.english import PATH

    text = PATH.read_text(encoding="utf-8").replace("  preserve:", "  preserved:")
    bad = tmp_path / "english.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="first_steps"):
        get_english(bad)


def test_an_english_coverage_question_gets_the_pamphlets_japanese_with_an_english_lead(tmp_path, shared_pamphlet_index):
    from bot.runtime import LazyRetriever

    store = SQLiteStore(tmp_path / "cov.sqlite3")
    engine = Engine(store, retriever=LazyRetriever(shared_pamphlet_index))
    reply = say(engine, "Does the policy cover ransomware?", dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST), key="cov")
    store.close()
    text = reply.plain_text()
    assert reply.intent == "coverage"
    assert text.startswith("Here is the answer from the pamphlet (in Japanese):")
    assert "ランサムウェア" in text  # the English words reach the Japanese pamphlet through the synonyms
    assert "戦争" not in text  # not the war exclusion, which an English query used to retrieve


def test_an_english_greeting_before_a_possible_incident_keeps_the_desk_number_in_the_text(engine):
    reply = say(engine, "Hello, our server is down", dt.datetime(2026, 12, 5, 23, 40, tzinfo=JST), key="hs")
    assert DESK in reply.plain_text()


def test_another_language_keeps_the_triage_questions_private_in_groups(engine):
    reply = say(engine, "병원 서버가 ransomware 에 감염됐어요", dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST), key="ko2")
    if reply.private_from is not None:
        assert "まず" not in reply.texts[reply.private_from]  # the first steps stay in the group


def test_an_english_emergency_in_office_hours_names_the_branch_and_agent_too(engine):
    reply = say(engine, "Our server got encrypted and there is a ransom note on every screen",
                dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST), key="office")
    first = reply.texts[0]
    assert "(24 hours, every day — open now)" in first and "(6:00–21:00 daily, free)" in first
    assert FACTS.contact("agent").phone in first and FACTS.contact("sompo_branch").phone in first


def test_the_triage_asks_its_next_question_in_english_and_takes_english_answers(engine):
    at = dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST)
    first = say(engine, "Our server was hit by ransomware and the EMR is encrypted", at)
    assert "Next question (you can answer in English)" in first.texts[0]
    reply = say(engine, "Yes, about 200 patients.", at + dt.timedelta(minutes=2))
    assert reply.texts[0].startswith("Recorded. Next question") and "Has care stopped?" in reply.texts[0]
    reply = say(engine, "Who can I call right now?", at + dt.timedelta(minutes=3))
    assert reply.texts[0].startswith("Call now:") and DESK in reply.texts[0]


def test_an_english_false_alarm_is_confirmed_in_english(engine, tmp_path):
    at = dt.datetime(2026, 12, 2, 15, 0, tzinfo=JST)
    first = say(engine, "All the files on our reception PC seem to have disappeared. Could it be ransomware?", at)
    reply = say(engine, "Sorry, false alarm. Our IT person moved the files to a new folder.", at + dt.timedelta(minutes=5))
    assert "as a false alarm?" in reply.texts[0] and "Reply yes or no" in reply.texts[0]
    say(engine, "Yes", at + dt.timedelta(minutes=6))
    record = engine.store.get_incident(first.incident_id)
    assert record.status == "false_alarm"


def test_a_report_duty_asked_in_english_inside_an_incident_gets_the_reports_with_their_dates(engine):
    night = dt.datetime(2033, 2, 9, 20, 55, tzinfo=JST)
    say(engine, "Ten minutes ago I emailed one patient's lab results to another patient with a similar name. What now?", night)
    reply = say(engine, "The other patient wrote back saying she deleted it. Do we still have to report this anywhere?",
                night + dt.timedelta(minutes=35))
    first = reply.texts[0]
    assert first.startswith("The reports this incident owes")
    assert "Personal Information Protection Commission" in first and "by Monday 14 February 2033" in first
    assert "even one person's data must be reported" in first
    assert "簡易診断" not in reply.plain_text()  # no passage found for its words instead


def test_the_english_jma_line_closed_says_when_it_answers_again(engine):
    night = dt.datetime(2033, 2, 9, 20, 55, tzinfo=JST)
    say(engine, "I emailed one patient's lab results to another patient by mistake. What now?", night)
    reply = say(engine, "The JMA number doesn't pick up anymore. When can I reach them?", night + dt.timedelta(minutes=20))
    assert "tomorrow, Thursday 10 February, 06:00" in reply.texts[0]


def test_a_summary_asked_for_before_the_last_question_is_led_as_the_summary(engine):
    """"summary" sent while a question is open: the reply shows the summary, so its English lead says so,
    not "Recorded. Next question" (the open question waits; nothing was recorded)."""
    at = dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST)
    first = say(engine, "Our server was hit by ransomware and the EMR is encrypted", at, key="en-summary")
    record = first.incident_id
    say(engine, "Yes, about 200 patients.", at + dt.timedelta(minutes=2), key="en-summary")
    reply = say(engine, "summary", at + dt.timedelta(minutes=3), key="en-summary")
    assert reply.texts[0].startswith(f"Summary of record {record}")
    assert "Next question" not in reply.texts[0]
    # the record's fields in English, the questions not answered yet said so
    assert "- What happened: ransomware" in reply.texts[0] and "- Patient data: involved, about 200 people" in reply.texts[0]
    assert "- Who knows: not answered yet" in reply.texts[0]
    assert "のまとめです" in reply.plain_text()  # the record itself, in Japanese


def test_new_patients_stopped_and_a_payment_asked_for_supposed_days_in_english(engine):
    """"we stopped new patients … probably 2 days" is a closure of 2 days (new patients refused is a closure
    for the JMA payment); "how much … if we close 2 days?" is worked out for the 2 days the question supposes,
    not for a count the record held before."""
    at = dt.datetime(2026, 3, 18, 8, 30, tzinfo=JST)
    key = "en-new-patients"
    say(engine, "Our electronic medical record system is down since this morning, we can't see patients. Is it a cyber attack?", at, key=key)
    say(engine, "not sure if patient data is involved", at + dt.timedelta(minutes=3), key=key)
    reply = say(engine, "we stopped new patients for today, probably 2 days", at + dt.timedelta(minutes=5), key=key)
    assert "2日" in reply.plain_text()
    reply = say(engine, "how much is the JMA payment if we close 2 days?", at + dt.timedelta(minutes=7), key=key)
    assert "休業2日による追加" in reply.plain_text() and "合計: 30万円" in reply.plain_text()


def test_an_english_report_of_a_vendors_remote_tool_broken_into_is_an_emergency(engine):
    at = dt.datetime(2026, 3, 22, 6, 30, tzinfo=JST)
    reply = say(engine, "Hi. Our IT vendor just phoned. They said someone outside their company got into the remote support tool "
                        "they use to connect to our EMR server, last night. What should we do now?", at)
    assert reply.is_emergency and "0120-318-258" in reply.texts[0] and "0120-179-066" in reply.texts[0]
