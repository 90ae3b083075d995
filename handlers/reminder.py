"""「開いたら知らせる」: the JMA line's next opening, offered when an incident arrives while it is closed.

Channel-neutral texts only; a channel that can push (LINE) stores the reminder and sends it.
"""

from __future__ import annotations

import datetime as dt

from handlers.common import cite, phone
from handlers.messages import QuickReply, Reply
from handlers.session import IncidentRecord
from knowledge.clock import contact_status
from knowledge.formatting import moment_ja
from knowledge.incident_flow import get_incident_flow
from knowledge.models import Facts

# The buttons' own texts: the channel recognises exactly these, never a free-text guess.
REMIND = QuickReply(label="開いたら知らせる", text="日本医師会の窓口が開いたら知らせてください")
CANCEL = QuickReply(label="通知を取り消す", text="窓口が開いたときのお知らせを取り消してください")


def jma_next_opening(facts: Facts, now: dt.datetime) -> dt.datetime | None:
    """When the JMA line opens next, or None while it is open (nothing to wait for)."""
    status = contact_status(facts.contact("jma_line"), now, facts)
    return None if status.open_now else status.next_open


def offer(facts: Facts, now: dt.datetime) -> list[QuickReply]:
    """The button to add to an incident answer given while the JMA line is closed."""
    return [REMIND] if jma_next_opening(facts, now) is not None else []


def confirmed(facts: Facts, due_at: dt.datetime) -> Reply:
    jma, desk = facts.contact("jma_line"), facts.contact("sompo_desk")
    return Reply(
        texts=[f"{moment_ja(due_at)}、{jma.name}（☎ {jma.phone}）の受付が始まったら、このトークでお知らせします。"
               f"それまでの間も、{desk.name}（☎ {desk.phone}・{desk.hours_text}）へお電話いただけます。"],
        quick_replies=[CANCEL], intent="incident", sources=cite(jma.source),
    )


def already_open(facts: Facts, now: dt.datetime) -> Reply:
    jma = facts.contact("jma_line")
    status = contact_status(jma, now, facts)
    until = f"（本日{status.closes_at.hour}:00まで）" if status.closes_at else ""
    return Reply(texts=[f"{jma.name}はいま受付中です{until}。☎ {jma.phone} へお電話ください。"],
                 intent="incident", phones=[phone(jma, True)], sources=cite(jma.source))


def cancelled(count: int) -> Reply:
    text = "窓口が開いたときのお知らせを取り消しました。" if count else "取り消すお知らせはありませんでした。"
    return Reply(texts=[text], intent="incident")


def due(facts: Facts, record: IncidentRecord | None) -> Reply:
    """The reminder itself, at the opening: the number, and the incident so far for the call."""
    jma = facts.contact("jma_line")
    lines = [f"{jma.name}の受付が始まりました（{jma.hours_text}）。☎ {jma.phone}"]
    if record is not None:
        answers = record.answers
        lines.append(f"記録番号 {record.id}（{moment_ja(record.opened_at)} 受付）")
        lines.append(f"・何が起きたか：{get_incident_flow().kind_label(answers.kind)}")
        if answers.found_at:
            lines.append(f"・気づいた日時：{answers.found_at}")
        if answers.closure_days:
            lines.append(f"・休診：{answers.closure_days}日")
        lines.append("お電話の際は、この記録番号と状況をお伝えください。")
    return Reply(texts=["\n".join(lines)], intent="incident", phones=[phone(jma, True)], sources=cite(jma.source),
                 incident_id=record.id if record else None)
