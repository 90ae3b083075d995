"""Small pieces several handlers write: contact lines, citations, tappable numbers."""

from __future__ import annotations

import datetime as dt

from handlers.messages import Phone, Source
from knowledge.models import Contact, Facts, InquiryContact
from knowledge.pamphlet import get_section


def cite(*section_ids: str) -> list[Source]:
    """Sources for the reply, each once, in the order given."""
    seen: list[str] = []
    for section_id in section_ids:
        if section_id not in seen:
            seen.append(section_id)
    return [Source(section=s, title=get_section(s).label) for s in seen]


def source_line(sources: list[Source]) -> str:
    """「出典: 8. …の加入タイプ」: the short citation at the end of an answer."""
    return "出典: " + "／".join(s.title for s in sources)


def phone(contact: Contact | InquiryContact, open_now: bool | None = None) -> Phone:
    return Phone(label=contact.name, number=contact.phone, open_now=open_now)


def agent_text(facts: Facts) -> str:
    agent = facts.contact("agent")
    return f"取扱代理店 {agent.name}（TEL {agent.phone}、{agent.hours_text}）"


def desk_footer(facts: Facts) -> str:
    desk = facts.contact("sompo_desk")
    return f"サイバー事故が起きている場合は、{desk.name} {desk.phone}（{desk.hours_text}）へすぐにお電話ください。"


def period_ended_note(facts: Facts, now: dt.datetime, quoted: list[str]) -> str:
    """A quote that names the end of the pamphlet's insurance period (facts.yaml terms.insurance_period.end_text),
    read after that end: the period quoted is over, and the agent knows the current one ("" otherwise)."""
    period = facts.terms.insurance_period
    if now < period.end or not any(period.end_text in q for q in quoted):
        return ""
    return (f"※このパンフレットの保険期間（{period.text}）は、すでに終わっています。"
            f"いま加入できる内容や保険期間は、{agent_text(facts)}にご確認ください。")
