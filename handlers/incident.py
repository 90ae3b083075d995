"""Incidents: whom to call now, the first steps, then triage one question at a time.

The first reply is built so that the most important line comes first: the number to call and
whether it answers at this moment. Everything after it (first steps, questions, the notice
draft) is secondary to that line.
"""

from __future__ import annotations

import datetime as dt
import re

from handlers import notice_details, subsidy, triage
from handlers.common import agent_text, cite, phone, source_line
from handlers.context import Context
from handlers.emergency import Detection
from handlers.messages import Phone, QuickReply, Reply
from handlers.own_words import in_their_words, leaves_out_corrected_words
from handlers.session import Change, IncidentAnswers, IncidentRecord, IncidentState, Said, SubsidySlots, new_incident_id
from handlers.triage import TriageReading
from handlers.understand import kind_named
from handlers.verdicts import EXCLUSION_SECTION, covered_caveat
from knowledge import text as jtext
from knowledge.clock import contact_status
from knowledge.dates import month_only_ja, month_part_of
from knowledge.formatting import date_ja, man_yen, moment_ja
from knowledge.incident_flow import SLOTS, IncidentFlow, get_incident_flow
from knowledge.outside_sources import outside_sources
from knowledge.patient_notices import patient_notices
from knowledge.reports import Report, get_reports
from knowledge.models import Facts
from knowledge.subsidy import compute_subsidy

# How the record writes a moment (ISO, a number format, not words): the event day for the subsidy.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NEXT_STEPS = 2  # steps offered after one the staff say is done: the next ones, not the whole list again


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


def first_steps_text(flow: IncidentFlow, kind: str | None, report: str = "") -> str:
    """The steps that fit this kind of incident (a mis-sent fax gets no 「LANケーブルを抜く」), and the
    situation ``report`` tells of (money transferred gets the bank first)."""
    steps = flow.steps_for(kind, report)
    lines = ["まず、次のことをお願いします。", *(f"{i}. {s.text}" for i, s in enumerate(steps, 1))]
    outside = outside_sources().line([o for s in steps for o in s.outside])
    if outside:
        lines.append(f"（{outside}）")
    return "\n".join(lines)


def _question(flow: IncidentFlow, slot: str, again: bool = False) -> tuple[str, list[QuickReply]]:
    question = flow.question(slot)
    return (question.again if again else question.question), [QuickReply(label=c.label, text=c.label) for c in question.quick_replies]


# --- reading answers ---------------------------------------------------------------------


def reading(ctx: Context, first: bool = False) -> TriageReading:
    """What this message says about the open incident, read once per message."""
    if ctx.triage is None:
        session = ctx.session
        asked = session.incident.asked if session.incident else None
        answers = ctx.incident.answers if ctx.incident else IncidentAnswers()
        u = ctx.understood()
        # A report (not only the first) names when it happened: 「今日の午前中に…渡してしまいました」.
        # After 「最初から」 the report is written again; its time is read as in a first report.
        reports = first or (u.emergency.level == "emergency" and answers.kind is None)
        # The kind the whole message names counts only when the message is a report: 「間違いでした」
        # has a word of misdelivery in it and is no report of one.
        named = u.emergency.kind if u.emergency.level == "emergency" or asked == "kind" else None
        pending = session.incident.pending if session.incident is not None else None
        # 「いいえ、患者さんの情報は200人分…」 after 「誤報として閉じますか？」: the いいえ answers the bot.
        text = triage.after_yes_or_no(ctx.text) if pending == "false_alarm" else ctx.text
        # A message the lexicon reads as a new alarm (「…被害はなかったけど、受付のPCが暗号化」) withdraws nothing.
        alarm = u.emergency.level == "emergency" and "lexicon" in u.emergency_by
        ctx.triage = triage.read(text, asked, ctx.now, get_incident_flow(), answers,
                                 named, kind_named, first=reports, correcting=pending == "correct", alarm=alarm)
    return ctx.triage


def starts_another(ctx: Context) -> bool:
    """Whether a message inside an open incident reports a different one: a new kind named as a
    separate matter (別件), or after a day's silence (the record stays open 72 hours for the days
    closed and the corrections, not for the next incident)."""
    u = ctx.understood()
    record = ctx.incident
    if record is None or u.emergency.level != "emergency" or "lexicon" not in u.emergency_by:
        return False
    if triage.names_another_incident(ctx.text):
        return True
    updated = ctx.session.updated_at
    if updated is None or ctx.now - updated <= SEPARATE_AFTER:
        return False
    # After a day's silence: another kind, or the same kind said to have happened again
    # (「また別の職員がフィッシングメールのリンクを開いて…」).
    flow = get_incident_flow()
    return flow.group_of(u.emergency.kind) != flow.group_of(record.answers.kind) or triage.says_it_happened_again(ctx.text)


def speaks_to_the_record(ctx: Context) -> bool:
    """A message inside an incident that answers, corrects or commands the triage (as opposed to
    a question about cover or payments asked on the side)."""
    r = reading(ctx)
    return bool(r.command or r.fills()) or (ctx.session.incident is not None and ctx.session.incident.pending is not None)


# After this long without a word, a report of another kind is another incident.
SEPARATE_AFTER = dt.timedelta(hours=24)


def _told(answers: IncidentAnswers, text: str) -> str:
    """Everything the record was told, and this message: what the first steps fit."""
    return "\n".join([*(said.text for said in answers.description), text])


def _keep_description(answers: IncidentAnswers, text: str, at: dt.datetime) -> None:
    """The message as the staff sent it (the summary says 「文面のまま」: not the words read from kana)."""
    if text:
        answers.description.append(Said(at=at, text=text[:1000]))
        del answers.description[:-20]  # a record, not a transcript: keep the last twenty messages


# The buttons of the bot's own yes/no questions (「誤報として閉じますか？」).
YES_NO = (QuickReply(label="はい", text="はい"), QuickReply(label="いいえ", text="いいえ"))
REASK_LIMIT = 2  # times a question is asked again, unanswered, before the next one is asked


def _next_slot(answers: IncidentAnswers, after: str | None = None) -> str | None:
    """The first question still unanswered; with ``after``, the first one past it (and round to the start),
    that one excepted: a question asked three times unanswered waits its turn again."""
    order = SLOTS
    if after is not None and after in order:
        at = order.index(after)
        order = order[at + 1:] + order[:at]
    for slot in order:
        if getattr(answers, slot) is None:
            return slot
    return None


# --- what is owed, the support amount, the notice draft --------------------------------


def record_moment(said: str | None) -> tuple[dt.date, str] | None:
    """A record's moment (found_at, occurred_at) as its day and the rest as said: 「2026-12-01T22」 →
    (1 Dec, "22"), 「2026-12-01 夕方」 → (1 Dec, "夕方"); None for 「不明」 or nothing."""
    if not said or not ISO_DATE.match(said):
        return None
    return dt.date.fromisoformat(said[:10]), said[11:]


def _noticed_day(answers: IncidentAnswers) -> dt.date | None:
    moment = record_moment(answers.found_at)
    return moment[0] if moment else None


def _event_day(answers: IncidentAnswers, today: dt.date) -> dt.date:
    return _noticed_day(answers) or today


def _occurred_day(answers: IncidentAnswers) -> dt.date | None:
    moment = record_moment(answers.occurred_at)
    return moment[0] if moment else None


def _known_by_text(answers: IncidentAnswers, known_by: list[str], flow: IncidentFlow, unknown: str) -> str:
    """Who knows, for the notice: the parties told, or that nobody is — only as far as the answers say it (no outside
    body contacted says nothing of the staff: 「まだ誰にも」 needs the staff's answer too)."""
    if known_by:
        return flow.parties_text(known_by)
    if answers.told == [] and answers.not_told:
        return told_text(answers, flow)  # 「患者さんにはまだ伝えていない」, of the others nothing said
    if answers.told == []:
        return flow.parties_text([])  # nobody knows: nobody outside either
    if answers.notified == []:
        return flow.no_body_told
    return unknown


# 「（昨日）」 after a day the chat confirms, so that staff who said 「昨日の夜」 see it read as they meant.
_DAYS_BACK = {0: "今日", 1: "昨日", 2: "一昨日"}


def found_text(found_at: str | None, today: dt.date | None = None) -> str:
    """「2026年12月1日 22時ごろ」 for the record's ISO moment; 「不明」 and None as they are. With ``today``
    (a reply in the chat, not the written notice), a day up to two days back also says which it is:
    「2026年12月1日 夜（昨日）」."""
    moment = record_moment(found_at)
    if moment is None:
        return found_at or "未確認"
    day, time = moment
    if (part := month_part_of(time)) is not None:
        return month_only_ja(day, part)
    text = f"{day.year}年{day.month}月{day.day}日"
    if time and not time[0].isdigit():
        text = f"{text} {time}"  # the part of the day said (「夕方」)
    elif len(time) == 2:
        text = f"{text} {int(time)}時ごろ"
    elif len(time) == 5:
        text = f"{text} {int(time[:2])}:{time[3:]}"
    back = _DAYS_BACK.get((today - day).days) if today is not None else None
    return f"{text}（{back}）" if back is not None else text


def told_text(answers: IncidentAnswers, flow: IncidentFlow) -> str:
    """「院内の職員（院長・事務長）、システム業者」."""
    untold = [p for p in answers.not_told if p in flow.party_labels and p not in (answers.told or [])]
    if not answers.told and untold:
        # 「患者さんにはまだ言うてへん」 says nothing of the others: not "nobody"
        return f"{flow.parties_text(untold)}にはまだ伝えていない" + ("（ほかは未確認）" if answers.told is None else "")
    text = flow.parties_text(answers.told)
    if answers.told_people and answers.told and "staff" in answers.told:
        label = flow.party_labels["staff"]
        text = text.replace(label, f"{label}（{'・'.join(answers.told_people)}）", 1)
    return text


# The cyber payment of a kind that is no attack by itself (an outage of unknown cause, a spoofed mail).
NOT_YET_AN_ATTACK = "※原因がサイバー攻撃による被害と確認された場合の金額です。回線や機器の障害など、攻撃によらない場合は対象になりません。"


def subsidy_lines(answers: IncidentAnswers, facts: Facts, flow: IncidentFlow, today: dt.date) -> list[str]:
    """The JMA one-time payment this incident may receive, from the subsidy calculator."""
    # The payment is for the event: the day it happened when said, else the day it was noticed.
    day = _occurred_day(answers) or _event_day(answers, today)
    days = answers.closure_days or 0
    lines = []
    for kind in flow.payment_kinds(answers.kind):
        result = compute_subsidy(kind, day, days, False, facts)
        label = facts.subsidy.cyber.label if kind == "cyber" else facts.subsidy.leak.label
        if kind == "leak" and answers.patient_data == "no" and not answers.staff_data:
            # 「PC本体には患者データは保存してないはず」: the leak payment is for a leak of personal data.
            lines.append(f"・{label}：個人情報の漏えいがなければ対象になりません（記録では患者さんの個人情報：関係なし）")
            continue
        if result.eligible:
            closure = f"（休業{days}日）" if kind == "cyber" and days else ""
            detail = "／".join(line for line in result.breakdown[1:] if not line.startswith("合計"))
            lines.append(f"・{label}{closure}：{man_yen(result.amount_yen)}" + (f"（{detail}）" if detail else ""))
            lines.append(f"  要件：{'、'.join(result.requirements)}")
            if kind == "cyber" and answers.kind not in flow.attack_kinds:
                # A kind that is no attack by itself (an outage of unknown cause, a spoofed mail, a leak) may
                # have none behind it: a router's red lamp or a tripped breaker is no attack.
                lines.append(f"  {NOT_YET_AN_ATTACK}")
    if lines:
        why = "事故が起きた日" if _occurred_day(answers) is not None \
            else "気づいた日。事故の日が違えばお知らせください" if _noticed_day(answers) is not None \
            else "気づいた日が未確認のため、この日で計算しました。気づいた日を教えてください"
        said = next((m for m in (record_moment(answers.occurred_at), record_moment(answers.found_at)) if m), None)
        if said is not None and (part := month_part_of(said[1])) is not None and said[0] == day:
            # 「去年の12月ごろ」「7月末」: no day was said; the month's (or its part's) first is used and the user is asked for the day.
            why += f"。日が未確認のため、{f'{part}の初日' if part else 'その月の1日'}で計算しました"
        lines.append(f"  計算に使った日：{day.year}年{day.month}月{day.day}日（{why}）")
    lines.append(f"  対象：{facts.subsidy.eligible_members}。内部犯罪に起因した案件は対象外です。")
    return lines


def dated_reports(answers: IncidentAnswers, flow: IncidentFlow, opened_at: dt.datetime,
                  applies: tuple[str, ...] = ("always", "patient_data", "cyber_payment")) -> tuple[dt.date, list[tuple[Report, dt.date | None]]]:
    """The day the deadlines count from, and the reports owed (of those that apply for the reasons
    given), each with its deadline when it has one."""
    reports = get_reports()
    noticed = _event_day(answers, opened_at.date())
    cyber = "cyber" in flow.payment_kinds(answers.kind)
    wrongful = answers.kind in reports.wrongful_kinds
    return noticed, [(r, r.due(noticed, wrongful)) for r in reports.owed(personal_data_owed(answers), cyber) if r.applies in applies]


def personal_data_owed(answers: IncidentAnswers) -> bool:
    """Whether the personal-data reports are owed: patient data involved (or maybe), or others' data (a
    staff list) taken by what may be a wrongful act."""
    return answers.patient_data in ("yes", "unknown") or (answers.staff_data and answers.kind in get_reports().wrongful_kinds)


def staff_data_only(answers: IncidentAnswers) -> bool:
    """Owed for others' data alone: the reason is the wrongful act, not the medical data."""
    return personal_data_owed(answers) and answers.patient_data not in ("yes", "unknown")


def report_lines(answers: IncidentAnswers, facts: Facts, flow: IncidentFlow, opened_at: dt.datetime,
                 applies: tuple[str, ...] = ("always", "patient_data", "cyber_payment")) -> tuple[list[str], str]:
    """The reports owed (of those that apply for the reasons given), each with its deadline counted
    from the day it was noticed, and the line that names the sources outside the pamphlet the
    deadlines come from ("" when none)."""
    noticed, owed = dated_reports(answers, flow, opened_at, applies)
    lines, outside = [], []
    for report, due in owed:
        counted = f"{noticed.year}年{date_ja(noticed)}の発覚から数えて" if _noticed_day(answers) is not None \
            else f"気づいた日が未確認のため、{noticed.year}年{date_ja(noticed)}から数えています"
        by = f"。目安の期限：{due.year}年{date_ja(due)}まで（{counted}）" if due else ""
        mark = "【パンフレット外の情報】" if report.outside else ""
        why = report.wrongful_basis if staff_data_only(answers) else report.basis
        basis = f"。{why}" if why else ""
        lines.append(f"{report.to}：{report.what}（{report.when}{by}{basis}）{mark}")
        outside += report.outside
    return lines, outside_sources().line(outside)


def reports_owed(answers: IncidentAnswers, facts: Facts, opened_at: dt.datetime) -> list[str]:
    desk = facts.contact("sompo_desk")
    flow = get_incident_flow()
    told = "（電話での連絡は済み。書面の通知は別に必要です）" if "insurer" in (answers.notified or []) else ""
    dated, outside = report_lines(answers, facts, flow, opened_at)
    owed = [
        f"損保ジャパンへの書面による通知{told}（遅滞なく。事故発生の日時・場所・状況など。夜間・休日は {desk.name} ☎ {desk.phone}）",
        *[line for line in dated if not line.startswith("損保ジャパン")],
    ]
    if answers.patient_data in ("yes", "unknown"):
        leak = facts.subsidy.leak
        owed.append(
            f"パンフレットより：{facts.terms.leak_report_duty.text}"
            f"攻撃以外の漏えいの一時支援金の要件は、{'と'.join(leak.requirements)}です。"
        )
    if outside:
        owed.append(f"（{outside}）")
    return owed


def people_text(answers: IncidentAnswers) -> str:
    """「約500名」, or the range as it was said 「約3,000〜5,000名」."""
    low = answers.affected_people_from
    return f"約{low:,}〜{answers.affected_people:,}名" if low else f"約{answers.affected_people:,}名"


def _victims(answers: IncidentAnswers, unknown: str) -> str:
    people = people_text(answers) if answers.affected_people else ""
    if answers.patient_data == "yes":
        return f"患者さま{people}（氏名・住所は別紙一覧）" if people else f"患者さま（人数・氏名・住所は{unknown}）"
    if answers.patient_data == "no":
        return "現時点で被害者となる方は確認されていません"
    return unknown


def _care_text(answers: IncidentAnswers, unknown: str) -> str:
    if answers.care_stopped == "yes":
        return f"診療を停止（休業{answers.closure_days}日）" if answers.closure_days else f"診療を停止（日数は{unknown}）"
    if answers.care_stopped == "no":
        return "診療は継続"
    return f"診療への影響は{unknown}"


def notice_draft(record_id: str, answers: IncidentAnswers, opened_at: dt.datetime, facts: Facts, flow: IncidentFlow) -> str:
    """A draft of the written notice to Sompo, with the items of section 16 (1.) and unknowns
    marked. Each line holds only its own field's answer."""
    unknown = "【未確認】"
    items = {i.key: i for i in facts.duties_after_accident.items[0].notice_items or []}
    found = found_text(answers.found_at) if answers.found_at else unknown
    known_by = [*(answers.told or []), *(answers.notified or [])]
    insured = "・".join(v for v in (answers.insured, answers.address) if v)
    if insured and not (answers.insured and answers.address):
        insured += f"（{'所在地' if answers.insured else '医療機関名'}は{unknown}）"
    lines = [
        "損害保険ジャパン株式会社 御中",
        f"事故のご通知（下書き・{record_id}）",
        "",
        f"保険契約者：{facts.pamphlet.policyholder}（医療機関用団体サイバー保険）",
        f"記名被保険者（医療機関名・所在地）：{insured or unknown}",
        "",
        f"{items['occurrence'].mark} {items['occurrence'].text}",
        f"  事故発生の日時：{found_text(answers.occurred_at) if answers.occurred_at else unknown}（"
        + (f"最後に確認できた日時：{found_text(answers.last_seen_at)}、" if answers.last_seen_at else "") + f"発見：{found}）",
        f"  場所：{answers.place or f'{unknown}（{flow.place_hint(answers.kind)}）'}",
        f"  事故の状況：{flow.kind_label(answers.kind)}。"
        + (f"あわせて、{field_text(answers, 'also_kinds', flow)}。" if answers.also_kinds else "") + f"{_care_text(answers, unknown)}。",
        f"  被害者の住所・氏名・名称：{_victims(answers, unknown)}",
        # Who has been told is no witness: it stands on a line of its own, not under <2>.
        f"{items['witnesses'].mark} {items['witnesses'].text}",
        f"  {f'発見者・証人：{answers.witnesses}（住所は{unknown}）' if answers.witnesses else unknown}",
        f"{items['claim'].mark} {items['claim'].text}",
        f"  {_notice_item(answers, 'claim') or f'{unknown}（現時点で損害賠償の請求の有無を記入）'}",
        "",
        f"知っている人・連絡済みの先（参考）：{_known_by_text(answers, known_by, flow, unknown)}",
        f"他の保険契約・共済契約の有無：{_notice_item(answers, 'other_insurance') or unknown}",
        f"記録開始：{moment_ja(opened_at)}",
    ]
    dated, outside = report_lines(answers, facts, flow, opened_at)
    others = [line for line in dated if not line.startswith("損保ジャパン")]
    if others:
        noticed = _event_day(answers, opened_at.date())
        lines += ["", f"【参考】この事故で必要な報告・届出（発覚日 {noticed.year}年{date_ja(noticed)} から計算）",
                  *(f"・{line}" for line in others), *([f"（{outside}）"] if outside else [])]
    return "\n".join(lines)


def summary_without_an_open_record(ctx: Context) -> Reply:
    """「まとめ」 with no incident open: the summary of the recent one, or that it was closed as 誤報, or that
    there is no record yet (never a reply about something else)."""
    flow = get_incident_flow()
    recent = ctx.recent_incident()
    if recent is not None:
        return summary_reply(ctx, recent, flow)
    desk = ctx.facts.contact("sompo_desk")
    call = f"事故が起きている場合は、{desk.name} ☎ {desk.phone}（{desk.hours_text}）へお電話ください。"
    if ctx.session.recent_incident_id:
        text = (f"記録 {ctx.session.recent_incident_id} は「誤報」として閉じています（記録は消さずに保存しています）。"
                "報告や通知書の下書きはありません。やはり事故だった場合は、あらためて状況をお知らせください。")
    else:
        text = "まとめる事故の記録はまだありません。何が起きたかを送っていただくと、記録を作ってまとめます。"
    return Reply(texts=[text, call], intent="incident", phones=[phone(desk)], sources=cite("sec-17"),
                 incident_id=ctx.session.recent_incident_id)


def summary_reply(ctx: Context, record: IncidentRecord, flow: IncidentFlow, lead: str = "", withdrawn: bool = False) -> Reply:
    """The record's summary with the reports owed, the JMA payment and the notice draft; ``withdrawn``: the staff
    said it was no accident and have not confirmed 誤報 yet, so what was told comes without any of those."""
    ctx.summary_shown = True
    facts = ctx.facts
    answers = record.answers
    patient = field_text(answers, "patient_data", flow)
    if answers.patient_data == "yes" and answers.affected_people:
        patient += f"（{field_text(answers, 'affected_people', flow)}）"
    care = field_text(answers, "care_stopped", flow)
    if answers.care_stopped == "yes":
        care += f"（休業{answers.closure_days}日）" if answers.closure_days else "（日数未確認）"
    lines = [
        *([lead] if lead else []),
        f"インシデント記録 {record.id} のまとめです。",
        f"・何が起きたか：{flow.kind_label(answers.kind)}",
        *([f"・あわせて起きたこと：{field_text(answers, 'also_kinds', flow)}"] if answers.also_kinds else []),
        *([f"・ご報告の内容（お送りいただいた文面のまま{'。後で訂正された値を含む部分は除いています' if leaves_out_corrected_words(record) else ''}）：",
           *(f"  {line}" for line in told)] if (told := in_their_words(record)) else []),
        f"・患者さんの個人情報：{patient}",
        *(["・職員など患者さん以外の個人情報：関係あり"] if answers.staff_data else []),
        f"・診療：{care}",
        *([f"・事故が起きた日時：{found_text(answers.occurred_at)}"] if answers.occurred_at else []),
        *([f"・最後に確認できた日時：{found_text(answers.last_seen_at)}"] if answers.last_seen_at else []),
        f"・気づいた日時：{found_text(answers.found_at)}",
        f"・知っている人：{told_text(answers, flow)}",
        f"・連絡済みの先：{flow.bodies_text(answers.notified)}",
        *(f"・{label}：{_notice_item(answers, name)}" for name, label in NOTICE_LABELS.items() if getattr(answers, name)),
    ]
    if answers.notes:
        lines.append("・メモ：" + "／".join(answers.notes[-5:]))
    if withdrawn:
        lines[:0] = [f"記録 {record.id} は、事故ではなかった（誤報）とのご連絡を受けて、誤報として閉じるかどうかの確認中です。"
                     "誤報であれば、損保ジャパンへの事故の通知書の下書きはお作りしません。"]
        return _ask(ctx, record, ["\n".join(lines),
                                  "誤報として閉じる場合は「はい」、事故として記録を続ける場合は「いいえ」と送ってください"
                                  "（続けたあと「まとめ」と送ると、通知書の下書きを作ります）。"], list(YES_NO))
    lines.append("（内容が違うときは、そのまま「休診は3日でした」のように送ってください。記録を直して下書きも作り直します）")
    owed = "必要な報告・届出：\n" + "\n".join(f"{i}. {line}" for i, line in enumerate(reports_owed(answers, facts, record.opened_at), 1))
    support = "日本医師会の一時支援金（目安）：\n" + "\n".join(subsidy_lines(answers, facts, flow, ctx.now.date()))
    draft = ("書面通知の下書き（【未確認】の箇所を埋めてからお使いください。「施設名：…」「住所：…」「発見者：…」「請求：なし」"
             "「他の保険：なし」のように送っていただければ、下書きに書き入れます）：\n" + record.notice_draft)
    call, phones = call_now_lines(facts, ctx.now)
    sources = cite("sec-17", "sec-16", "sec-11", "sec-18", *(["sec-02"] if answers.patient_data in ("yes", "unknown") else []))
    return Reply(
        texts=["\n".join(lines), owed, support, draft, call + "\n出典: " + "／".join(s.title for s in sources)],
        intent="incident", incident_id=record.id, sources=sources, phones=phones,
    )


def reports_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """The reports owed, from what the record knows so far (the summary lists the same)."""
    answers = record.answers
    known = "" if answers.patient_data in ("yes", "no") else \
        "（患者さんの個人情報が関係するかどうかで、必要な報告が変わります。関係する場合の報告も含めています）\n"
    if answers.patient_data is None:
        answers = answers.model_copy(update={"patient_data": "unknown"})
    lines = reports_owed(answers, ctx.facts, record.opened_at)
    sources = cite("sec-17", "sec-16", "sec-11", *(["sec-02"] if answers.patient_data in ("yes", "unknown") else []))
    return Reply(
        texts=["この事故で必要な報告・届出は次のとおりです（記録の内容から）。\n" + known
               + "\n".join(f"{i}. {line}" for i, line in enumerate(lines, 1)),
               "出典: " + "／".join(s.title for s in sources)],
        intent="incident", incident_id=record.id, sources=sources,
    )


def police_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """「警察に届けた方がいいですか？」 beside a report: the steps of its kind that say so, or that the pamphlet
    sets no police report, with the desk's number."""
    flow = get_incident_flow()
    steps = flow.police_steps_for(record.kind, ctx.text)
    if steps:
        lines = "\n".join(f"・{s.text}" for s in steps)
        texts = [f"警察については、次のとおりお願いします。\n{lines}"]
        sources = cite(*dict.fromkeys(src for s in steps for src in s.sources))
    else:
        desk = ctx.facts.contact("sompo_desk")
        texts = [flow.police_not_in_steps.format(desk=desk.name, phone=desk.phone)]
        sources = cite("sec-16", "sec-18")
    return Reply(texts=[*texts, source_line(sources)], intent="incident", incident_id=record.id, sources=sources)


def notice_contents_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """「何を書けばいいですか」 about the written notice: what the pamphlet says it holds, and the draft."""
    duty = ctx.facts.duties_after_accident.items[0]
    sources = cite(ctx.facts.duties_after_accident.source)
    lines = "\n".join(f"{item.mark} {item.text}" for item in duty.notice_items or [])
    return Reply(
        texts=[f"損保ジャパンへの書面の通知（{duty.text}）には、次の事項を書きます。\n{lines}",
               f"「まとめ」と送ると、記録 {record.id} の内容から通知書の下書きを作ります（わからない項目は「未確認」のままで構いません）。",
               source_line(sources)],
        intent="incident", incident_id=record.id, sources=sources,
    )


def patient_notice_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """「受付に貼る注意書きを作ってほしい」: the draft for the patients that fits the incident's kind (a poster
    against a fake site, a letter of apology for a leak), filled from the record where it can be."""
    flow = get_incident_flow()
    answers = record.answers
    group = flow.group_of(answers.kind)
    # (a draft for those a misdelivery reached, when asked and the kind has one; otherwise the patients')
    notice = patient_notices().for_group(group, triage.notice_asked_for(ctx.text) or "patients") or patient_notices().for_group(group)
    if notice is None:
        return Reply(texts=["この種類の事故について、患者さん向けの文面のひな形はありません。"], intent="incident", incident_id=record.id)
    day = _noticed_day(answers)
    text = notice.text.format(noticed=f"{day.year}年{day.month}月{day.day}日" if day else "【判明した日】",
                              what=flow.kind_label(answers.kind))
    return Reply(texts=[f"{notice.title}です。当アシスタントが作ったひな形で、パンフレットの文面ではありません。"
                        "【】の箇所を埋め、院内でご確認のうえお使いください。", text.rstrip()],
                 intent="incident", incident_id=record.id)


def first_steps_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """「電源は切ったほうがいいですか」 inside an incident: the steps for its kind, which say what to do with
    the machines (and what not to)."""
    flow = get_incident_flow()
    return Reply(texts=[first_steps_text(flow, record.answers.kind, _told(record.answers, ctx.text))], intent="incident", incident_id=record.id)


def subsidy_slots_from(record: IncidentRecord) -> SubsidySlots:
    """What an incident's triage already knows for the JMA payment: the kind, the day, the closure."""
    flow = get_incident_flow()
    answers = record.answers
    kinds = flow.payment_kinds(answers.kind)
    return SubsidySlots(
        kind=kinds[0] if len(kinds) == 1 else None,  # type: ignore[arg-type]
        date=_occurred_day(answers) or _noticed_day(answers),
        closed_days=answers.closure_days,
        internal=True if answers.kind in flow.no_support_kinds else None,
    )


def subsidy_aside(ctx: Context, record: IncidentRecord) -> Reply:
    """A subsidy question inside an incident: answered from what the triage already knows."""
    if subsidy.names_another_member_class(jtext.normalize(ctx.text)):
        reply = subsidy.not_eligible(ctx)  # "he's A②, not A①": no payment, whatever the event
        reply.incident_id = record.id
        return reply
    slots = subsidy_slots_from(record)
    state = ctx.session.incident
    earlier = state.payment if state is not None and state.incident_id == record.id else None
    if earlier is not None:
        # What an earlier payment answer read (the event's day, the days closed) and the record still lacks.
        slots = slots.model_copy(update={k: v for k, v in earlier.model_dump().items()
                                         if v is not None and getattr(slots, k) is None})
    # The day it was noticed, else a day this message gives for the event ("In autumn 2022 …"), but
    # not the day of a closure (「月曜だけ休診にしました」), else the day it was reported.
    said = ctx.understood().slots.date if slots.date is None and not subsidy.names_a_closure_day(ctx.text) else None
    recorded_days = slots.closed_days
    # 「午前だけ休診にしました」: the record notes a day with care stopped, but whether part of a day counts as a
    # day closed for the payment the pamphlet does not say; the payment asks rather than count it whole.
    if recorded_days == 1 and triage.closes_part_of_a_day(ctx.text) and triage.days_closed(ctx.text, ctx.now) == 1:
        slots.closed_days = recorded_days = None
    subsidy.update_slots(slots, ctx.text, ctx.now.date(), ctx.facts, said)
    # 「3日休んだらいくら？」 "how much if we close 2 days?": the days a question supposes, which the triage filed
    # nowhere, are the ones asked about.
    supposed = ctx.understood().question and reading(ctx).closure_days is None and slots.closed_days is not None
    if recorded_days is not None and not supposed:
        # The triage has read this message already, with the usual days off (「水曜から金曜まで閉めました。
        # 木曜はもともと定休日」 is 2 days): the amount uses the record's count, never a second reading.
        slots.closed_days = recorded_days
    if state is not None and state.incident_id == record.id:
        state.payment = slots.model_copy()  # (before the day it was reported stands in for an unknown one)
    if slots.date is None and not slots.unreadable_date:
        slots.date = record.opened_at.astimezone(ctx.now.tzinfo).date()
    reply = subsidy.answer(ctx, slots)
    flow = get_incident_flow()
    if slots.kind == "cyber" and record.answers.kind not in flow.attack_kinds and reply.texts:
        # An outage of unknown cause (「回線障害だって」 told since): the amount holds only for an attack.
        reply.texts.insert(len(reply.texts) - 1, NOT_YET_AN_ATTACK)
    reply.incident_id = record.id
    return reply


def cover_aside(ctx: Context, record: IncidentRecord) -> Reply | None:
    """「こういうのも保険の対象ですか」 beside an incident: the pamphlet's 対象事由 its kind falls under,
    quoted, and what is paid for it; None for a kind the file ties to none (knowledge/first_steps.yaml)."""
    return cover_of_kind(ctx, record.kind, record.id)


def cover_of_kind(ctx: Context, kind: str | None, incident_id: str | None = None, told: bool = True) -> Reply | None:
    """The cover of an event of this kind told before the question (「…翻訳サイトに貼り付けていました。これも
    情報漏えいとして補償されますか」), with or without an open incident: the 対象事由 it falls under, quoted.
    Without ``told`` the kind was asked about as such (「ランサムウェアの被害は対象？」), no event of the clinic's."""
    flow = get_incident_flow()
    event = flow.cover_event(kind)
    if event is None or flow.cover_section is None:
        return None
    scope = "\n".join(f"「{line}」" for line in flow.cover_scope)
    texts = [
        (f"今回の件（{flow.kind_label(kind)}）は" if told else f"{flow.kind_label(kind)}の被害は")
        + f"、この保険の対象事由「{event.label}」（{event.statement}）に当たれば、補償の対象となる可能性があります。",
        f"パンフレットの記載：\n{scope}",
        covered_caveat(),
        "実際に対象となるかは、上の窓口へのお電話の際にご確認ください。" if incident_id else
        f"実際に対象となるかは、{agent_text(ctx.facts)}または損保ジャパンへご確認ください。",
    ]
    # (without an open incident the agent's number is given: its section is cited)
    sources = cite(flow.cover_section, EXCLUSION_SECTION, *([] if incident_id else ["sec-18"]))
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="coverage", sources=sources, incident_id=incident_id)


# --- the handler -------------------------------------------------------------------------


def _record(ctx: Context, answers: IncidentAnswers, flow: IncidentFlow, record_id: str, opened_at: dt.datetime,
            status: str, history: list[Change]) -> IncidentRecord:
    return IncidentRecord(
        id=record_id, opened_at=opened_at, updated_at=ctx.now, channel=ctx.inbound.channel,
        session_key=ctx.inbound.session_key, kind=answers.kind, answers=answers,
        notice_draft=notice_draft(record_id, answers, opened_at, ctx.facts, flow), status=status,  # type: ignore[arg-type]
        history=history[-200:],
    )


def open_incident(ctx: Context, detection: Detection) -> Reply:
    """An emergency message outside an open incident: open the record, answer with whom to call now.
    (Inside an open incident every message, a new alarm included, goes to continue_triage.)"""
    flow = get_incident_flow()
    session = ctx.session
    record_id = new_incident_id(ctx.now)
    answers = IncidentAnswers()
    opened_at = ctx.now
    session.incident = IncidentState(incident_id=record_id)
    session.flow = "incident"
    ctx.incident = None
    read = reading(ctx, first=True)
    history = triage.apply(answers, read, ctx.text, ctx.now)
    if detection.kind and answers.kind in (None, "other"):
        answers.kind = detection.kind
    _keep_description(answers, ctx.inbound.text, ctx.now)
    next_slot = _next_slot(answers)
    session.incident.asked = next_slot
    ctx.incident = _record(ctx, answers, flow, record_id, opened_at, "open", history)

    call, phones = call_now_lines(ctx.facts, ctx.now)
    texts = [call, first_steps_text(flow, answers.kind, _told(answers, ctx.text))]
    sources = cite("sec-17", "sec-11", "sec-16", "sec-18")
    quick: list[QuickReply] = []
    status_line = f"記録番号：{record_id}"
    if answers.closure_days and ctx.understood().asks != "subsidy":
        # (A payment question gets the whole payment answer after this card: the amount is not said twice.)
        status_line += "\n" + "\n".join(subsidy_lines(answers, ctx.facts, flow, ctx.now.date()))
    private_from = None
    if next_slot:
        question, quick = _question(flow, next_slot)
        texts.append(f"{status_line}\n状況を一つずつ確認させてください。\n{question}")
        private_from = len(texts) - 1
    else:
        texts.append(status_line)
    texts[-1] += "\n出典: " + "／".join(s.title for s in sources)
    return Reply(texts=texts, quick_replies=quick, intent="incident", incident_id=record_id, sources=sources,
                 phones=phones, private_from=private_from)


# The notice's own items (handlers/notice_details.py), as the summary and the history name them.
NOTICE_LABELS = {
    "insured": "医療機関名", "address": "所在地", "place": "場所", "witnesses": "発見者・証人", "claim": "損害賠償の請求",
    "other_insurance": "他の保険契約・共済契約",
}

# The record's fields the JMA payment is computed from (its kind, the days closed, the day of the event).
PAYMENT_FIELDS = {"kind", "care_stopped", "found_at", "occurred_at"}

FIELD_LABELS = {
    "kind": "何が起きたか", "also_kinds": "あわせて起きたこと", "patient_data": "患者さんの個人情報", "affected_people": "人数", "care_stopped": "診療",
    "closure_days": "休業日数", "found_at": "気づいた日時", "occurred_at": "事故が起きた日時", "last_seen_at": "最後に確認できた日時", "told": "知っている人", "notified": "連絡済みの先",
    **NOTICE_LABELS,
}


def field_text(answers: IncidentAnswers, name: str, flow: IncidentFlow, today: dt.date | None = None) -> str:
    """One field of the record as the summary shows it."""
    unset = "未確認"
    if name == "kind":
        return flow.kind_label(answers.kind) if answers.kind else unset
    if name == "also_kinds":
        return "、".join(flow.kind_label(k) for k in answers.also_kinds) or "なし"
    if name == "patient_data":
        return {"yes": "関係あり", "no": "関係なし", "unknown": "不明"}.get(answers.patient_data or "", unset)
    if name == "affected_people":
        return people_text(answers) if answers.affected_people else unset
    if name == "care_stopped":
        return {"yes": "停止", "no": "継続", "unknown": "不明"}.get(answers.care_stopped or "", unset)
    if name == "closure_days":
        return f"{answers.closure_days}日" if answers.closure_days is not None else unset
    if name == "found_at":
        return found_text(answers.found_at, today)
    if name in ("occurred_at", "last_seen_at"):
        return found_text(getattr(answers, name), today)
    if name == "told":
        return told_text(answers, flow)
    if name in NOTICE_LABELS:
        return _notice_item(answers, name) or unset
    return flow.bodies_text(answers.notified)


def _notice_item(answers: IncidentAnswers, name: str) -> str | None:
    """A notice item as told, with 「なし」 said in full (no claim so far; no other cover)."""
    value: str | None = getattr(answers, name)
    if value == notice_details.NONE:
        return {"claim": "現時点で請求はありません", "other_insurance": "なし"}[name]
    return value


def _change_lines(changes: list[Change], before: IncidentAnswers, after: IncidentAnswers, flow: IncidentFlow,
                  today: dt.date | None = None) -> list[str]:
    """「休業日数：2日 → 3日」 for every answer given before that this message changed."""
    return [f"・{FIELD_LABELS[c.field]}：{field_text(before, c.field, flow)} → {field_text(after, c.field, flow, today)}"
            for c in changes if c.old is not None and c.field in FIELD_LABELS]


def _recorded_lines(changes: list[Change], after: IncidentAnswers, flow: IncidentFlow, today: dt.date | None = None) -> list[str]:
    """「気づいた日時：5月6日 14:10」 for every answer this message gave for the first time, so that staff
    see where each was filed (and correct it if it went astray). The kind is not repeated: the card
    that opened the record named it."""
    fields = dict.fromkeys(c.field for c in changes if c.old is None and c.field in FIELD_LABELS and c.field != "kind")
    return [f"・{FIELD_LABELS[name]}：{field_text(after, name, flow, today)}" for name in fields]


def _false_alarm_confirmed(ctx: Context, existing: IncidentRecord, flow: IncidentFlow) -> Reply:
    """Mark the record 誤報 (kept, never deleted) and say whom to tell if anyone was called."""
    answers = existing.answers
    history = [*existing.history, Change(at=ctx.now, field="status", old=existing.status, new="false_alarm", message=ctx.text[:200])]
    ctx.incident = _record(ctx, answers, flow, existing.id, existing.opened_at, "false_alarm", history)
    ctx.session.flow = None
    ctx.session.incident = None
    ctx.session.recent_incident_id = existing.id  # 「まとめ」 next is told the record is closed as 誤報
    desk = ctx.facts.contact("sompo_desk")
    told = [p for p in [*(answers.told or []), *(answers.notified or [])] if p != "staff"]
    lines = [f"記録 {existing.id} を「誤報」として残しました（記録は消さずに保存しています）。"]
    if told:
        lines.append(f"すでに連絡した先（{flow.parties_text(told)}）には、誤報だったことをお伝えください。")
    else:
        lines.append("損保ジャパン・代理店・警察などにすでに連絡していた場合は、誤報だったことをお伝えください。")
    lines.append(f"念のため：やはり異常がある場合は、{desk.name} ☎ {desk.phone}（{desk.hours_text}）へご連絡ください。")
    return Reply(texts=["\n".join(lines)], intent="incident", incident_id=existing.id, phones=[phone(desk)],
                 sources=cite("sec-17"))


def _ask(ctx: Context, existing: IncidentRecord, texts: list[str], quick: list[QuickReply]) -> Reply:
    desk = ctx.facts.contact("sompo_desk")
    texts.append(f"緊急連絡先：{desk.name} ☎ {desk.phone}（{desk.hours_text}）")
    return Reply(texts=texts, quick_replies=quick, intent="incident", incident_id=existing.id,
                 sources=cite("sec-16", "sec-11", "sec-17"), phones=[phone(desk)])


def continue_triage(ctx: Context, existing: IncidentRecord, amount_follows: bool = False) -> Reply:
    """A message inside an open incident: file what it answers where it belongs, take
    corrections and commands, then ask the next open question. ``amount_follows``: the JMA payment's
    amount is answered in full after this reply (a fact of it told right after it was asked)."""
    flow = get_incident_flow()
    session = ctx.session
    assert session.incident is not None
    state = session.incident
    answers = existing.answers
    read = reading(ctx)

    if state.pending == "false_alarm" and read.command == "summary" and not read.fills_beyond_yes_no():
        # 「まとめ」 before 「誤報として閉じますか？」 was answered: what was told, without an accident notice for
        # what may be no accident; the question is asked again, and the draft is one いいえ away.
        ctx.incident = existing
        return summary_reply(ctx, existing, flow, withdrawn=True)
    if state.pending == "false_alarm" and ctx.understood().question and not triage.answers_yes_or_no_first(ctx.text) \
            and not read.fills_beyond_yes_no() and read.command is None:
        # 「じゃあ保険は関係ない感じ？一時支援金も無理？」 asks before answering 「…閉じますか？」: the question stays open
        # (its 関係ない is no いいえ), and the router answers what was asked after this.
        ctx.incident = existing
        return _ask(ctx, existing, [f"記録 {existing.id} を「誤報」として閉じるかどうかは、「はい」か「いいえ」でお知らせください。"],
                    list(YES_NO))
    if state.pending == "false_alarm":
        # The answer to 「誤報として閉じますか？」: a bare はい/いいえ is that, not a triage answer.
        state.pending = None
        # (「うん、誤報です」 says it again: a yes)
        if (triage.affirms(ctx.text) or read.command == "false_alarm") and not read.fills_beyond_yes_no():
            return _false_alarm_confirmed(ctx, existing, flow)
        if triage.denies(ctx.text) and not read.fills_beyond_yes_no():
            # A bare いいえ answers 「誤報として閉じますか？」; it is no triage answer.
            ctx.incident = existing
            texts = [f"わかりました。記録 {existing.id} はそのまま続けます。"]
            if state.asked:
                question, quick = _question(flow, state.asked)
                texts.append(question)
                return _ask(ctx, existing, texts, quick)
            return _ask(ctx, existing, texts, [])
        # 「いいえ、患者さんの情報は200人分含まれています」: not a false alarm, and new facts: filed below.
    if read.command == "false_alarm":
        state.pending = "false_alarm"
        ctx.incident = existing
        # 「業者に聞いたら偽の警告でした。誤報です」: what was learned is kept whatever the answer, and so are the
        # words (「洗濯室の棚にありました」 is the record's end).
        changes = triage.apply(answers, read, ctx.text, ctx.now) if read.fills() else []
        _keep_description(answers, ctx.inbound.text, ctx.now)
        existing = _record(ctx, answers, flow, existing.id, existing.opened_at, existing.status, [*existing.history, *changes])
        ctx.incident = existing
        if read.no_attack:
            # 「プロバイダ側の回線障害だって」: the outage was real, the attack was not
            return _ask(ctx, existing, [
                "サイバー攻撃ではなかったようで、何よりです。"
                "原因がサイバー攻撃ではない（回線や機器の障害など）と分かったのであれば、サイバー事故としては"
                f"「誤報」として記録 {existing.id} を閉じることができます。閉じますか？記録は消さずに「誤報」として残します。"
                "攻撃の疑いが残るときは閉じずに、SOMPOサイバーインシデントサポートデスクへご相談ください。"
            ], list(YES_NO))
        return _ask(ctx, existing, [
            "大事に至らなかったようで何よりです。"
            f"誤報（実際には事故ではなかった）として、記録 {existing.id} を閉じますか？記録は消さずに「誤報」として残します。"
        ], list(YES_NO))
    if read.command == "restart":
        history = list(existing.history)
        fresh = IncidentAnswers(description=answers.description, notes=answers.notes)
        for name in FIELD_LABELS:  # every answer given so far stays in the history
            if getattr(answers, name) is not None:
                history.append(Change(at=ctx.now, field=name, old=triage.show(getattr(answers, name)), new=None, message=ctx.text[:200]))
        state.asked, state.summarised, state.pending = SLOTS[0], False, None
        ctx.incident = _record(ctx, fresh, flow, existing.id, existing.opened_at, "open", history)
        question, quick = _question(flow, SLOTS[0])
        return _ask(ctx, existing, [f"記録 {existing.id} の質問を最初からやり直します（これまでの回答は履歴に残っています）。", question], quick)
    if read.command == "correct":
        state.pending = "correct"
        ctx.incident = existing
        return _ask(ctx, existing, ["どこを直しますか？正しい内容をそのまま送ってください（例：「休診は3日」「発見は昨日の21時ごろ」「患者情報は含まれていませんでした」）。"], [])

    correcting = state.pending == "correct" or read.correction
    state.pending = None
    before = answers.model_copy(deep=True)
    changes = triage.apply(answers, read, ctx.text, ctx.now)
    history = [*existing.history, *changes]
    if not read.command:  # 「まとめ」 asks for the summary; it describes nothing
        _keep_description(answers, ctx.inbound.text, ctx.now)
    # The kind named again (every report of a ransomware names it) is not an answer by itself.
    fitted = bool(changes) or bool(set(read.fills()) - {"kind"})
    if not fitted and not read.command and ctx.text:
        answers.notes.append(ctx.text[:300])
        del answers.notes[:-20]
    elif not fitted and read.command == "summary" and (told := triage.told_beside_the_summary(ctx.text)):
        answers.notes.append(told[:300])  # what was done, told with 「まとめて」, is in the summary it asks for
        del answers.notes[:-20]
    next_slot = _next_slot(answers)
    asked_before = state.asked
    # The same question left unanswered three times in a row (the staff telling other things each time) waits
    # while the next one is asked; it comes round again.
    state.times_asked = state.times_asked + 1 if next_slot is not None and next_slot == asked_before and not read.command else 0
    if state.times_asked >= REASK_LIMIT and (later := _next_slot(answers, after=next_slot)) is not None:
        next_slot, state.times_asked = later, 0
    state.asked = next_slot
    changed_lines = _change_lines(changes, before, answers, flow, ctx.now.date())

    if next_slot is None and not read.command and state.summarised and not changes:
        # After the summary, a remark that changes nothing is kept as a note; the summary is not resent.
        record = _record(ctx, answers, flow, existing.id, existing.opened_at, "summarised", history)
        ctx.incident = record
        return _ask(ctx, record, [f"記録 {existing.id} にメモとして残しました。「まとめ」と送ると、いつでも最新のまとめと下書きを表示します。"],
                    [QuickReply(label="まとめ", text="まとめ")])
    if read.command == "summary" or next_slot is None:
        state.summarised = True
        record = _record(ctx, answers, flow, existing.id, existing.opened_at, "summarised", history)
        ctx.incident = record
        lead = ("記録を直しました：\n" + "\n".join(changed_lines)) if changed_lines else ""
        return summary_reply(ctx, record, flow, lead)

    record = _record(ctx, answers, flow, existing.id, existing.opened_at,
                     "summarised" if state.summarised else existing.status if existing.status != "false_alarm" else "open", history)
    ctx.incident = record
    texts: list[str] = []
    if ctx.understood().emergency.level == "emergency" and not read.correction:
        texts.append(call_now_lines(ctx.facts, ctx.now)[0])  # a new alarm mid-triage: whom to call, again
    recorded_lines = _recorded_lines(changes, answers, flow, ctx.now.date())
    told_also = next((c for c in changes if c.field == "also_kinds"), None)
    if changed_lines:
        texts.append("記録を直しました：\n" + "\n".join(changed_lines + recorded_lines))
    elif recorded_lines:
        texts.append("ありがとうございます。次のとおり記録しました：\n" + "\n".join(recorded_lines))
    elif fitted:
        texts.append("ありがとうございます。記録しました。")
    else:
        texts.append("メモとして記録に残しました。")
    if told_also is not None:
        added = answers.also_kinds[-1]
        steps = first_steps_text(flow, added, ctx.text).replace("まず、次のことをお願いします。",
                                                                 f"{flow.kind_label(added)}について、次のこともお願いします。", 1)
        texts.append(f"同じ記録に、別に起きたこととして書き留めました（はじめの件と関係があるかどうかは、調べてみないとわかりません。"
                     f"窓口へのお電話の際に、あわせてお伝えください）。\n{steps}")
    if ({c.field for c in changes} & {"closure_days", "kind", "found_at", "occurred_at"}) and answers.closure_days \
            and not amount_follows:
        texts.append(
            f"休業{answers.closure_days}日の場合、日本医師会の一時支援金の目安は次のとおりです。\n"
            + "\n".join(subsidy_lines(answers, ctx.facts, flow, ctx.now.date()))
        )
    others = staff_data_only(answers)
    if (answers.patient_data == "yes" or others) and not state.reports_told and not read.command:
        # 「4万人分くらい入ってます」, or the next message of a report that told of patient data: the reports a
        # leak of patient data owes, with their dates, once, as soon as it is known (and a staff list taken
        # by an attack owes them too).
        state.reports_told = True
        dated, outside = report_lines(answers, ctx.facts, flow, existing.opened_at, applies=("patient_data",))
        owed = [f"・{line}" for line in dated]
        whose = "職員など患者さん以外の個人情報" if others else "患者さんの個人情報"
        if owed:
            texts.append(f"{whose}が関係するため、次の報告・通知が必要になります：\n" + "\n".join(owed)
                         + (f"\n（{outside}）" if outside else ""))
    # (what the message states: 「相手から『電子マネーで払え』と言われてる。払ったら保険で戻ってきます？」 tells of a demand beside
    # its question)
    stated = triage.statements(ctx.text)
    urgent = flow.steps_made_urgent(answers.kind, stated, _told(answers, "")) if stated else []
    if urgent:
        texts.append("お知らせの状況について、すぐに次をお願いします。\n" + "\n".join(f"{i}. {s.text}" for i, s in enumerate(urgent, 1)))
    done = flow.steps_done(stated, answers.kind) if stated else []
    if done:
        # 「あ、あとLANケーブルは抜きました」: thanked for, and what comes next for this kind of incident.
        after = flow.steps_after(answers.kind, done, _told(answers, ctx.text))[:NEXT_STEPS]
        said = "・".join(s.done_label for s in done)
        texts.append(f"{said}は済んでいるとのこと、ありがとうございます。" + (
            "続けて、次もお願いします。\n" + "\n".join(f"{i}. {s.text}" for i, s in enumerate(after, 1)) if after else ""))
    if read.still_missing and "police" not in [*(answers.told or []), *(answers.notified or [])]:
        steps = flow.steps_when_still_missing(_told(answers, ctx.text))
        texts.append("見つからないとのことですので、次をお願いします。\n" + "\n".join(f"{i}. {s.text}" for i, s in enumerate(steps, 1)))
    old_kind = next((c.old for c in changes if c.field == "kind"), None)
    if old_kind is not None and flow.group_of(answers.kind) != flow.group_of(old_kind):
        texts.append(first_steps_text(flow, answers.kind, _told(answers, ctx.text)))  # 「ランサムじゃなくて誤送信」: the steps change too
    if state.summarised and (changes or fitted):
        texts.append("まとめと通知書の下書きも、この内容で作り直しました。「まとめ」と送ると、改めた下書きを表示します。")
        return _ask(ctx, record, texts, [QuickReply(label="まとめ", text="まとめ")])
    again = not fitted and not correcting and asked_before == next_slot
    question, quick = _question(flow, next_slot, again=again)
    texts.append(f"{question}\n（「まとめ」と送ると、ここまでの内容で報告事項と通知書の下書きを作ります）")
    return _ask(ctx, record, texts, quick)

