"""Answers for a message written in English or in another language (issue 10, item 5).

English gets English for what must be understood at once — whom to call now, when the other line
opens, the first steps, help and greetings — and a one-line English lead before the pamphlet's
Japanese. Any other language gets the emergency number and a note that the bot answers in Japanese.
Every time and status comes from the clock, like the Japanese answer.
"""

from __future__ import annotations

import datetime as dt
import re

from handlers import notice_details
from handlers.common import phone
from handlers.contacts import asks_for_contacts
from handlers.context import Context
from handlers.incident import dated_reports, record_moment, staff_data_only
from knowledge.dates import month_part_english, month_part_of
from handlers.intents import OTHER_INSURERS, other_insurance
from handlers.messages import Reply
from handlers.triage import asks_what_to_report
from handlers.verdicts import NOT_STATED_TAIL, PLAINLY, RULE_LEAD
from knowledge.clock import contact_status
from knowledge.english import get_english
from knowledge.incident_flow import get_incident_flow
from knowledge.outside_sources import outside_sources
from knowledge.models import Facts, Hours
from knowledge.text import normalize


def day_en(day: dt.date) -> str:
    """2033-02-10 → 'Thursday 10 February 2033'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def month_en(day: dt.date) -> str:
    """2025-12-01 → 'December 2025'."""
    return f"{day:%B %Y}"


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    """'tomorrow, Thursday 10 February, 06:00': the weekday and date written out, today or tomorrow said."""
    day = f"{moment:%A} {moment.day} {moment:%B}"
    relative = {0: "today, ", 1: "tomorrow, "}.get((moment.date() - now.date()).days, "")
    return f"{relative}{day}, {moment:%H:%M}"


def hours_en(hours: Hours) -> str:
    """「年中無休 6時〜21時」 in English, from the same facts: '6:00–21:00 daily'."""
    days = "daily" if hours.days == "every_day" else "weekdays"
    if hours.open == "00:00" and hours.close == "24:00":
        return f"24 hours, {'every day' if hours.days == 'every_day' else 'weekdays'}"
    return f"{hours.open.lstrip('0') or '0'}–{hours.close.lstrip('0') or '0'} {days}"


def call_now_en(facts: Facts, now: dt.datetime) -> str:
    en = get_english()
    desk, jma = facts.contact("sompo_desk"), facts.contact("jma_line")
    desk_status, jma_status = contact_status(desk, now, facts), contact_status(jma, now, facts)
    lines = [en.texts["call_now"].format(name=en.contact("sompo_desk"), phone=desk.phone, hours=hours_en(desk.hours))]
    if not desk_status.full_service_now and desk_status.full_service_from:
        lines.append(en.texts["night_service"].format(when=_when(desk_status.full_service_from, now)))
    if jma_status.open_now and jma_status.closes_at:
        lines.append(en.texts["other_open"].format(name=en.contact("jma_line"), phone=jma.phone, hours=hours_en(jma.hours),
                                                   until=jma_status.closes_at.strftime("%H:%M")))
    elif jma_status.next_open:
        lines.append(en.texts["other_closed"].format(name=en.contact("jma_line"), phone=jma.phone, hours=hours_en(jma.hours),
                                                     when=_when(jma_status.next_open, now)))
    if desk_status.full_service_now:
        # Weekday office hours: the insurer's branch and the agent answer too (as in Japanese).
        branch, agent = facts.contact("sompo_branch"), facts.contact("agent")
        lines.append(en.texts["office_hours"].format(branch=en.contact("sompo_branch"), branch_phone=branch.phone,
                                                     agent=en.contact("agent"), agent_phone=agent.phone))
    return "\n".join(lines)


def first_steps_en(kind: str | None = None, report: str = "") -> str:
    """The first steps that fit this kind of incident (and the situation ``report`` tells of), in English."""
    en = get_english()
    steps = get_incident_flow().steps_for(kind, report)
    return en.texts["first_steps"] + "\n" + "\n".join(f"{i}. {en.first_steps[s.id]}" for i, s in enumerate(steps, 1))


def reports_en(ctx: Context) -> str | None:
    """The reports the open incident owes, with their deadlines, in English (the same reports and
    dates as the Japanese aside: handlers.incident.dated_reports)."""
    record = ctx.incident
    if record is None:
        return None
    en = get_english()
    answers = record.answers
    unknown = answers.patient_data not in ("yes", "no")
    if answers.patient_data is None:
        answers = answers.model_copy(update={"patient_data": "unknown"})
    noticed, owed = dated_reports(answers, get_incident_flow(), record.opened_at)
    lines = [en.texts["reports_lead"].format(id=record.id, noticed=day_en(noticed))]
    outside: list[str] = []
    for i, (report, due) in enumerate(owed, 1):
        words = en.reports[report.id]
        by = "; " + en.texts["reports_due"].format(due=day_en(due)) if due else ""
        why = words.wrongful_basis if staff_data_only(answers) else words.basis
        basis = f" {why}" if why else ""
        mark = " " + en.texts["outside_pamphlet"] if report.outside else ""
        lines.append(f"{i}. {words.to} — {words.what}: {words.when}{by}.{basis}{mark}")
        outside += report.outside
    if unknown:
        lines.append(en.texts["reports_unknown"])
    titles = list(dict.fromkeys(outside_sources().sources[o].title for o in outside))
    if titles:
        lines.append(en.texts["outside_sources"].format(titles=" / ".join(titles)))
    return "\n".join(lines)


def _found_en(found_at: str | None, t: dict[str, str]) -> str:
    """The record's moment of discovery: 'Tuesday 1 December 2026, around 22:00'."""
    if not found_at:
        return t["unset"]
    moment = record_moment(found_at)
    if moment is None:
        return t["unknown"]  # 「不明」
    day, time = moment
    if (part := month_part_of(time)) is not None:
        return t["month_only"].format(month=f"{month_part_english(part)} {month_en(day)}" if part else month_en(day))
    if len(time) == 2 and time.isdigit():
        return f"{day_en(day)}, around {int(time)}:00"
    if len(time) == 5 and time[:2].isdigit():
        return f"{day_en(day)}, {time}"
    return f"{day_en(day)} ({time})" if time else day_en(day)  # a part of the day as said (「夕方」)


def _parties_en(parties: list[str] | None, none_yet: str, t: dict[str, str]) -> str:
    if parties is None:
        return t["unset"]
    return ", ".join(get_english().parties[p] for p in parties) or none_yet


def record_en(ctx: Context) -> str:
    """The record's fields in English, for the summary (the summary itself and the notice draft stay in Japanese)."""
    en = get_english()
    t = en.summary
    if ctx.incident is None:
        return ""
    a = ctx.incident.answers
    patient = t[a.patient_data] if a.patient_data else t["unset"]
    if a.patient_data == "yes" and a.affected_people:
        count = f"{a.affected_people_from:,}–{a.affected_people:,}" if a.affected_people_from else f"{a.affected_people:,}"
        patient += ", " + t["people"].format(count=count)
    care = {"yes": t["care_yes"], "no": t["care_no"], "unknown": t["unknown"]}.get(a.care_stopped or "", t["unset"])
    if a.care_stopped == "yes" and a.closure_days:
        care += ", " + t["days"].format(days=a.closure_days)
    lines = [
        f"- {t['what']}: {en.kinds.get(a.kind or '', t['unset'])}",
        f"- {t['patient_data']}: {patient}",
        f"- {t['care']}: {care}",
        *([f"- {t['happened']}: {_found_en(a.occurred_at, t)}"] if a.occurred_at else []),
        *([f"- {t['last_seen']}: {_found_en(a.last_seen_at, t)}"] if a.last_seen_at else []),
        f"- {t['noticed']}: {_found_en(a.found_at, t)}",
        f"- {t['told']}: {_parties_en(a.told, t['nobody'], t) if a.told or not a.not_told else t['not_yet'].format(parties=_parties_en(a.not_told, '', t))}",
        f"- {t['notified']}: {_parties_en(a.notified, t['no_body'], t)}",
        # (the notice's own items in the staff's words, only those told)
        *(f"- {t[name]}: {t[name + '_none'] if value == notice_details.NONE else value}"
          for name in notice_details.FIELDS if (value := getattr(a, name))),
    ]
    return "\n".join(lines)


def triage_en(ctx: Context) -> str | None:
    """Where the incident triage stands, in English: the false alarm to confirm, the next question,
    or the summary shown (its record and notice draft stay in Japanese)."""
    en = get_english()
    state = ctx.session.incident
    record_id = ctx.incident.id if ctx.incident is not None else state.incident_id if state is not None else ""
    if state is None:
        return None
    if state.pending == "false_alarm":
        return en.texts["confirm_false_alarm"].format(id=record_id)
    # ("summary" sent before every question was answered: the summary is what this reply shows, the open
    # question waits)
    if ctx.summary_shown or (not state.asked and state.summarised):
        return en.texts["summary_lead"].format(id=record_id) + "\n" + record_en(ctx)
    if state.asked:
        return en.texts["next_question"].format(question=en.triage[state.asked])
    return None


_ITEM_PREFIX = re.compile(r"^「(?P<item>[^」]{1,30})」について：")


def _verdicts_said(texts: list[str]) -> dict[str, str]:
    """The verdicts a Japanese answer states at the start of its texts, by the item each is said of ("" for the
    one verdict of a question about one item)."""
    found: dict[str, str] = {}
    for n, text in enumerate(texts):
        prefix = _ITEM_PREFIX.match(text)
        if prefix is None and n:
            continue  # (only the first text states a verdict without naming its item)
        body = text[prefix.end():] if prefix else text
        verdict = next((v for v, said in PLAINLY.items() if body.startswith(said)), None)
        if verdict is None and not prefix:
            # a rule quoted as it stands, or an item the pamphlet never names: said as such in English too
            first = body.split("。", 1)[0] + "。"
            verdict = "rule" if body.startswith(RULE_LEAD) or first.endswith(RULE_LEAD) else \
                "not_stated" if first.endswith(NOT_STATED_TAIL) else None
        if verdict is not None:
            found[prefix["item"] if prefix else ""] = verdict
    return found


def in_language(reply: Reply, ctx: Context, language: str) -> Reply:
    """The reply as the writer of ``language`` needs it; Japanese replies pass unchanged."""
    en = get_english()
    if language == "ja":
        return reply
    desk = ctx.facts.contact("sompo_desk")
    if language == "other":
        reply.texts = [en.texts["other_language"].format(name=en.contact("sompo_desk"), phone=desk.phone), *reply.texts]
        if reply.private_from is not None:
            reply.private_from += 1
        if all(p.number != desk.phone for p in reply.phones):
            reply.phones = [phone(desk, True), *reply.phones]
        return reply
    if reply.is_emergency and reply.texts and desk.phone in reply.texts[0]:
        kind = ctx.incident.kind if ctx.incident is not None else ctx.understood().emergency.kind
        lead = call_now_en(ctx.facts, ctx.now) + "\n\n" + first_steps_en(kind, ctx.text)
        triage = triage_en(ctx)
        lead += "\n\n" + (triage + "\n" if triage else "") + en.texts["japanese_follows"]
        reply.texts = [lead, *reply.texts]
        if reply.private_from is not None:
            reply.private_from += 1
    elif reply.is_emergency and ctx.understood().question and asks_what_to_report(ctx.text) and (owed := reports_en(ctx)):
        # "Do we still have to report this anywhere?": the reports owed, then the Japanese details.
        reply.texts = [owed + "\n" + en.texts["japanese_follows"], *reply.texts]
        if reply.private_from is not None:
            reply.private_from += 1
    elif reply.is_emergency and (triage := triage_en(ctx)):
        # Inside the triage: the question the bot asks next, or what it is showing, in English.
        reply.texts = [triage, *reply.texts]
        if reply.private_from is not None:
            reply.private_from += 1
    elif ctx.handoff_asked and not reply.is_emergency:
        agent = ctx.facts.contact("agent")
        status = contact_status(agent, ctx.now, ctx.facts)
        when = "They are in the office now." if status.open_now else (
            f"The office is closed now; they will read it from {_when(status.next_open, ctx.now)}." if status.next_open else "")
        reply.texts = [en.texts["handoff"].format(
            agent=en.contact("agent"), phone=agent.phone, hours=hours_en(agent.hours),
            when=when, desk=en.contact("sompo_desk"), desk_phone=desk.phone,
        ), en.texts["japanese_follows"], *reply.texts]
    elif reply.intent == "out_of_scope" and (topic := other_insurance(ctx.text)):
        agent = ctx.facts.contact("agent")
        topic = "another insurer's policy" if topic == OTHER_INSURERS else topic
        reply.texts = [en.texts["other_insurance"].format(topic=topic, agent=en.contact("agent"), phone=agent.phone),
                       *(t for t in reply.texts if desk.phone in t)]
    elif reply.intent in ("greeting", "help", "out_of_scope"):
        # The Japanese small talk goes; a line with the desk's number (a "possible" emergency) stays.
        reply.texts = [en.texts["hello"], en.texts["help"], *(t for t in reply.texts if desk.phone in t)]
    elif reply.intent == "coverage" and asks_for_contacts(normalize(ctx.text)):
        # "Who can I call right now?": the lines and whether each answers now, in English first.
        reply.texts = [call_now_en(ctx.facts, ctx.now) + "\n\n" + en.texts["japanese_follows"], *reply.texts]
    elif reply.intent in ("coverage", "quote", "subsidy"):
        lead = en.texts["lead"]
        verdicts = _verdicts_said(reply.texts)
        if verdicts:
            # "Fines?": the verdict the Japanese answer opens with (each item's, when it names two), in English first.
            said = [en.texts[f"verdict_{'covered' if v == 'excepted' else v}"].format(item=f" ({item})" if item else "")
                    for item, v in verdicts.items()]
            lead = "\n".join(said) + "\n" + lead
        reply.texts = [lead + "\n" + reply.texts[0], *reply.texts[1:]] if reply.texts else reply.texts
    return reply
