"""Incidents: whom to call now, the first steps, then triage one question at a time.

The first reply is built so that the most important line comes first: the number to call and
whether it answers at this moment. Everything after it (first steps, questions, the notice
draft) is secondary to that line.
"""

from __future__ import annotations

import datetime as dt
import re

from handlers import subsidy
from handlers.common import cite, phone
from handlers.context import Context
from handlers.emergency import Detection
from handlers.messages import Phone, QuickReply, Reply
from handlers.session import IncidentAnswers, IncidentRecord, IncidentState, SubsidySlots, new_incident_id
from knowledge import text as jtext
from knowledge.clock import contact_status
from knowledge.formatting import man_yen, moment_ja
from knowledge.incident_flow import SLOTS, IncidentFlow, get_incident_flow
from knowledge.models import Facts
from knowledge.subsidy import compute_subsidy
from knowledge.vocab import vocabulary

# The words that read triage answers live in knowledge/lexicon/incident_words.yaml; a missing
# or unknown name stops the start-up.
_V = vocabulary("incident_words").check(
    terms=("summary", "unknown", "affirms", "denies", "patient", "care_stopped", "care_continues", "just_now"),
    patterns=("denies_first", "people", "hour"),
)
# How _found_at writes a day (a number format, not words): the event day for the subsidy.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- the first reply ---------------------------------------------------------------------


def call_now_lines(facts: Facts, now: dt.datetime) -> tuple[str, list[Phone]]:
    """Which line to call at `now`, and when the other answers next; every time from the clock."""
    desk = facts.contact("sompo_desk")
    jma = facts.contact("jma_line")
    desk_status = contact_status(desk, now, facts)
    jma_status = contact_status(jma, now, facts)
    lines = [f"今すぐお電話ください：{desk.name}\n☎ {desk.phone}（{desk.hours_text}・いまも受付中）"]
    if not desk_status.full_service_now and desk_status.full_service_from:
        when = moment_ja(desk_status.full_service_from)
        lines.append(f"※夜間・休日の受付のため、本格的な対応・サービス提供は {when} 以降となる場合があります。受付は今すぐできます。")
    if jma_status.open_now and jma_status.closes_at:
        lines.append(
            f"あわせて相談できます：{jma.name}\n☎ {jma.phone}（{jma.hours_text}・いま受付中、本日{jma_status.closes_at.hour}:00まで、無料）"
        )
    elif jma_status.next_open:
        lines.append(
            f"{jma.name} ☎ {jma.phone} は、いまは受付時間外です（{jma.hours_text}）。次は {moment_ja(jma_status.next_open)} から受け付けます。"
        )
    phones = [phone(desk, desk_status.open_now), phone(jma, jma_status.open_now)]
    if desk_status.full_service_now:
        # Weekday office hours: the pamphlet names the insurer and the agent first (section 17).
        branch, agent = facts.contact("sompo_branch"), facts.contact("agent")
        lines.append(
            f"平日の受付時間内ですので、損保ジャパン（{branch.name} ☎ {branch.phone}）または"
            f"取扱代理店（{agent.name} ☎ {agent.phone}）へのご連絡もできます。"
        )
        phones += [phone(c, contact_status(c, now, facts).open_now) for c in (branch, agent)]
    return "\n".join(lines), phones


def _first_steps_text(flow: IncidentFlow) -> str:
    return "まず、次のことをお願いします。\n" + "\n".join(f"{i}. {s.text}" for i, s in enumerate(flow.first_steps, 1))


def _question(flow: IncidentFlow, slot: str) -> tuple[str, list[QuickReply]]:
    question = flow.question(slot)
    return question.question, [QuickReply(label=c.label, text=c.label) for c in question.quick_replies]


# --- reading answers ---------------------------------------------------------------------


def _people(normalized: str) -> int | None:
    match = _V.pattern("people").search(normalized)
    if not match:
        return None
    try:
        value = jtext.parse_japanese_number(match[1].replace(",", ""))
    except ValueError:
        return None
    return value * (10_000 if match[2] else 1)


def _found_at(normalized: str, now: dt.datetime) -> str | None:
    """When it was noticed, as an ISO date (plus the hour when given); None when not said."""
    if _V.has("just_now", normalized):
        return now.strftime("%Y-%m-%d %H:%M")
    day = jtext.find_date(normalized, now.date())
    if day is None:
        return None
    hour = _V.pattern("hour").search(normalized)
    return day.isoformat() + (f" {hour[1]}時ごろ" if hour else "")


def _is_unknown(normalized: str) -> bool:
    return _V.has("unknown", normalized)


def read_answers(answers: IncidentAnswers, asked: str | None, message: str, now: dt.datetime, flow: IncidentFlow,
                 detection: Detection) -> list[str]:
    """Fill every slot this message answers; return the slots it filled."""
    normalized = jtext.normalize(message)
    filled: list[str] = []

    label_to_kind = {c.label: c.value for c in flow.question("kind").quick_replies}
    if normalized in label_to_kind:
        answers.kind = label_to_kind[normalized]
        filled.append("kind")
    elif detection.kind and (answers.kind is None or answers.kind == "other"):
        answers.kind = detection.kind
        filled.append("kind")
    elif asked == "kind" and normalized:
        answers.kind = answers.kind or "other"
        filled.append("kind")

    people = _people(normalized)
    patient_words = _V.has("patient", normalized)
    if people is not None and (patient_words or asked == "patient_data"):
        answers.affected_people = people
        answers.patient_data = "yes"
        filled.append("patient_data")
    elif asked == "patient_data":
        if _is_unknown(normalized):
            answers.patient_data = "unknown"
        elif _V.pattern("denies_first").match(normalized) or _V.has("denies", normalized):
            answers.patient_data = "no"
        elif _V.has("affirms", normalized) or patient_words:
            answers.patient_data = "yes"
        if answers.patient_data:
            filled.append("patient_data")
    elif patient_words and detection.kind in ("data_leak", "misdelivery", "lost_device", "ransomware", "unauthorized_access"):
        answers.patient_data = answers.patient_data or "yes"

    days = jtext.find_days(normalized)
    stop_words = _V.has("care_stopped", normalized)
    # care_continues first: 「止まっていない」 contains 「止ま」. A bare 「0」 answers the question too.
    if _V.has("care_continues", normalized) or (asked == "care_stopped" and normalized == "0"):
        answers.care_stopped, answers.closure_days = "no", 0
        filled.append("care_stopped")
    elif days is not None and (stop_words or asked == "care_stopped"):
        answers.care_stopped, answers.closure_days = "yes", days
        filled.append("care_stopped")
    elif asked == "care_stopped":
        if re.fullmatch(r"[0-9]+", normalized):
            answers.closure_days = int(normalized)
            answers.care_stopped = "yes" if answers.closure_days else "no"
        elif _is_unknown(normalized):
            answers.care_stopped = "unknown"
        elif stop_words:
            answers.care_stopped = "yes"
        if answers.care_stopped:
            filled.append("care_stopped")

    found = _found_at(normalized, now)
    if found and (asked == "found_at" or answers.found_at is None):
        answers.found_at = found
        filled.append("found_at")
    elif asked == "found_at" and normalized:
        answers.found_at = "不明" if _is_unknown(normalized) else normalized[:200]
        filled.append("found_at")

    if asked == "who_knows" and normalized and "who_knows" not in filled:
        answers.who_knows = normalized[:300]
        filled.append("who_knows")

    if normalized:
        answers.description.append(normalized[:1000])
        del answers.description[:-20]  # a record, not a transcript: keep the last twenty messages
    return filled


def _next_slot(answers: IncidentAnswers) -> str | None:
    for slot in SLOTS:
        if getattr(answers, slot) is None:
            return slot
    return None


# --- what is owed, the support amount, the notice draft --------------------------------


def _event_day(answers: IncidentAnswers, today: dt.date) -> dt.date:
    found = answers.found_at or ""
    return dt.date.fromisoformat(found[:10]) if ISO_DATE.match(found) else today


def _support_kinds(answers: IncidentAnswers, flow: IncidentFlow) -> list[str]:
    if answers.kind in flow.leak_kinds:
        return ["leak"]
    if answers.kind in flow.either_kinds:
        return ["cyber", "leak"]
    return ["cyber"]


def subsidy_lines(answers: IncidentAnswers, facts: Facts, flow: IncidentFlow, today: dt.date) -> list[str]:
    """The JMA one-time payment this incident may receive, from the subsidy calculator."""
    day = _event_day(answers, today)
    days = answers.closure_days or 0
    lines = []
    for kind in _support_kinds(answers, flow):
        result = compute_subsidy(kind, day, days, False, facts)
        label = facts.subsidy.cyber.label if kind == "cyber" else facts.subsidy.leak.label
        if result.eligible:
            closure = f"（休業{days}日）" if kind == "cyber" and days else ""
            detail = "／".join(line for line in result.breakdown[1:] if not line.startswith("合計"))
            lines.append(f"・{label}{closure}：{man_yen(result.amount_yen)}" + (f"（{detail}）" if detail else ""))
            lines.append(f"  要件：{'、'.join(result.requirements)}")
    lines.append(f"  対象：{facts.subsidy.eligible_members}。内部犯罪に起因した案件は対象外です。")
    return lines


def reports_owed(answers: IncidentAnswers, facts: Facts) -> list[str]:
    desk = facts.contact("sompo_desk")
    owed = [
        f"損保ジャパンへの書面による通知（遅滞なく。事故発生の日時・場所・状況など。夜間・休日は {desk.name} ☎ {desk.phone}）",
        f"日本医師会の一時支援金を受けるには：{facts.subsidy.cyber.requirements[0]}",
    ]
    if answers.patient_data in ("yes", "unknown"):
        leak = facts.subsidy.leak
        owed.append(
            f"個人情報が漏えいした（おそれがある）場合：{facts.terms.leak_report_duty.text}"
            f"攻撃以外の漏えいの一時支援金の要件は、{'と'.join(leak.requirements)}です。"
        )
    return owed


def notice_draft(record_id: str, answers: IncidentAnswers, opened_at: dt.datetime, facts: Facts, flow: IncidentFlow) -> str:
    """A draft of the written notice to Sompo, with the items of section 16 (1.) and unknowns marked."""
    unknown = "【未確認】"
    items = {i.key: i for i in facts.duties_after_accident.items[0].notice_items or []}
    found = answers.found_at or unknown
    people = f"約{answers.affected_people:,}名" if answers.affected_people else ""
    if answers.patient_data == "yes":
        victims = f"患者さま{people}（氏名・住所は別紙一覧）" if people else f"患者さま（人数・氏名・住所は{unknown}）"
    elif answers.patient_data == "no":
        victims = "現時点で被害者となる方は確認されていません"
    else:
        victims = unknown
    if answers.care_stopped == "yes":
        care = f"診療を停止（休業{answers.closure_days}日）" if answers.closure_days else f"診療を停止（日数は{unknown}）"
    elif answers.care_stopped == "no":
        care = "診療は継続"
    else:
        care = f"診療への影響は{unknown}"
    lines = [
        "損害保険ジャパン株式会社 御中",
        f"事故のご通知（下書き・{record_id}）",
        "",
        f"保険契約者：{facts.pamphlet.policyholder}（医療機関用団体サイバー保険）",
        f"記名被保険者（医療機関名・所在地）：{unknown}",
        "",
        f"{items['occurrence'].mark} {items['occurrence'].text}",
        f"  事故発生の日時：{unknown}（発見：{found}）",
        f"  場所：{unknown}（院内の該当端末・システム）",
        f"  事故の状況：{flow.kind_label(answers.kind)}。{care}。",
        f"  被害者の住所・氏名・名称：{victims}",
        f"{items['witnesses'].mark} {items['witnesses'].text}",
        f"  {unknown}（把握している関係者：{answers.who_knows or unknown}）",
        f"{items['claim'].mark} {items['claim'].text}",
        f"  {unknown}（現時点で損害賠償の請求の有無を記入）",
        "",
        f"他の保険契約・共済契約の有無：{unknown}",
        f"記録開始：{moment_ja(opened_at)}",
    ]
    return "\n".join(lines)


def summary_reply(ctx: Context, record: IncidentRecord, flow: IncidentFlow) -> Reply:
    facts = ctx.facts
    answers = record.answers
    people = f"（約{answers.affected_people:,}名）" if answers.affected_people else ""
    patient = {"yes": f"関係あり{people}", "no": "関係なし", "unknown": "不明"}.get(answers.patient_data or "", "未確認")
    care = {"yes": f"停止（休業{answers.closure_days}日）" if answers.closure_days else "停止（日数未確認）",
            "no": "継続", "unknown": "不明"}.get(answers.care_stopped or "", "未確認")
    summary = "\n".join([
        f"インシデント記録 {record.id} のまとめです。",
        f"・何が起きたか：{flow.kind_label(answers.kind)}",
        f"・患者さんの個人情報：{patient}",
        f"・診療：{care}",
        f"・気づいた日時：{answers.found_at or '未確認'}",
        f"・知っている人・連絡状況：{answers.who_knows or '未確認'}",
    ])
    owed = "必要な報告・届出：\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(reports_owed(answers, facts), 1))
    support = "日本医師会の一時支援金（目安）：\n" + "\n".join(subsidy_lines(answers, facts, flow, ctx.now.date()))
    draft = "書面通知の下書き（【未確認】の箇所を埋めてからお使いください）：\n" + record.notice_draft
    call, phones = call_now_lines(facts, ctx.now)
    sources = cite("sec-17", "sec-16", "sec-11", "sec-18", *(["sec-02"] if answers.patient_data in ("yes", "unknown") else []))
    return Reply(
        texts=[summary, owed, support, draft, call + "\n出典: " + "／".join(s.title for s in sources)],
        intent="incident", incident_id=record.id, sources=sources, phones=phones,
    )


def subsidy_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """A subsidy question inside an incident: answered from what the triage already knows."""
    flow = get_incident_flow()
    answers = record.answers
    kinds = _support_kinds(answers, flow)
    found = answers.found_at or ""
    slots = SubsidySlots(
        kind=kinds[0] if len(kinds) == 1 else None,  # type: ignore[arg-type]
        date=dt.date.fromisoformat(found[:10]) if ISO_DATE.match(found) else None,
        closed_days=answers.closure_days,
    )
    subsidy.update_slots(slots, ctx.text, ctx.now.date(), ctx.facts, ctx.understood().slots.date)
    reply = subsidy.answer(ctx, slots)
    reply.incident_id = record.id
    return reply


# --- the handler -------------------------------------------------------------------------


def _record(ctx: Context, answers: IncidentAnswers, flow: IncidentFlow, record_id: str, opened_at: dt.datetime, status: str) -> IncidentRecord:
    return IncidentRecord(
        id=record_id, opened_at=opened_at, updated_at=ctx.now, channel=ctx.inbound.channel,
        session_key=ctx.inbound.session_key, kind=answers.kind, answers=answers,
        notice_draft=notice_draft(record_id, answers, opened_at, ctx.facts, flow), status=status,  # type: ignore[arg-type]
    )


def open_incident(ctx: Context, detection: Detection, existing: IncidentRecord | None) -> Reply:
    """An emergency message: open (or continue) the incident, answer with whom to call now."""
    flow = get_incident_flow()
    session = ctx.session
    if existing is None or session.incident is None:
        record_id = new_incident_id(ctx.now)
        answers = IncidentAnswers()
        opened_at = ctx.now
        session.incident = IncidentState(incident_id=record_id)
        is_new = True
    else:
        record_id, answers, opened_at = existing.id, existing.answers, existing.opened_at
        is_new = False
    session.flow = "incident"
    read_answers(answers, session.incident.asked, ctx.text, ctx.now, flow, ctx.understood().emergency)
    if detection.kind and answers.kind in (None, "other"):
        answers.kind = detection.kind
    next_slot = _next_slot(answers)
    session.incident.asked = next_slot
    ctx.incident = _record(ctx, answers, flow, record_id, opened_at, "open")

    call, phones = call_now_lines(ctx.facts, ctx.now)
    texts = [call]
    if is_new:
        texts.append(_first_steps_text(flow))
    sources = cite("sec-17", "sec-11", "sec-16", "sec-18")
    quick: list[QuickReply] = []
    status = f"記録番号：{record_id}"
    if answers.closure_days:
        status += "\n" + "\n".join(subsidy_lines(answers, ctx.facts, flow, ctx.now.date()))
    private_from = None
    if next_slot:
        question, quick = _question(flow, next_slot)
        texts.append(f"{status}\n状況を一つずつ確認させてください。\n{question}")
        private_from = len(texts) - 1
    else:
        texts.append(status)
    texts[-1] += "\n出典: " + "／".join(s.title for s in sources)
    return Reply(texts=texts, quick_replies=quick, intent="incident", incident_id=record_id, sources=sources,
                 phones=phones, private_from=private_from)


def continue_triage(ctx: Context, existing: IncidentRecord) -> Reply:
    """A message inside an open incident: record what it answers, ask the next question."""
    flow = get_incident_flow()
    session = ctx.session
    assert session.incident is not None
    answers = existing.answers
    filled = read_answers(answers, session.incident.asked, ctx.text, ctx.now, flow, ctx.understood().emergency)
    wants_summary = _V.has("summary", ctx.text)
    next_slot = _next_slot(answers)
    session.incident.asked = next_slot

    if next_slot is None or wants_summary:
        session.incident.summarised = True
        record = _record(ctx, answers, flow, existing.id, existing.opened_at, "summarised")
        ctx.incident = record
        return summary_reply(ctx, record, flow)

    record = _record(ctx, answers, flow, existing.id, existing.opened_at, "open")
    ctx.incident = record
    texts: list[str] = []
    if filled:
        texts.append("ありがとうございます。記録しました。")
    if "care_stopped" in filled and answers.closure_days:
        texts.append(
            f"休業{answers.closure_days}日の場合、日本医師会の一時支援金の目安は次のとおりです。\n"
            + "\n".join(subsidy_lines(answers, ctx.facts, flow, ctx.now.date()))
        )
    question, quick = _question(flow, next_slot)
    desk = ctx.facts.contact("sompo_desk")
    texts.append(f"{question}\n（「まとめ」と送ると、ここまでの内容で報告事項と通知書の下書きを作ります）")
    texts.append(f"緊急連絡先：{desk.name} ☎ {desk.phone}（{desk.hours_text}）")
    sources = cite("sec-16", "sec-11", "sec-17")
    return Reply(texts=texts, quick_replies=quick, intent="incident", incident_id=existing.id, sources=sources, phones=[phone(desk)])
