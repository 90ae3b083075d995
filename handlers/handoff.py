"""「担当者と話したい」: mark the conversation as waiting for a person and say when one answers.

The person is the agent's staff (the pamphlet's 取扱代理店), who read waiting conversations on the
staff page; when they answer comes from the agent's hours in the fact file, by the message's clock.
The bot goes on answering while the conversation waits: an emergency still gets the numbers.
"""

from __future__ import annotations

import secrets

from handlers.common import cite, desk_footer, phone
from handlers.context import Context
from handlers.messages import Reply
from handlers.session import Handoff
from knowledge.clock import contact_status
from knowledge.formatting import moment_ja
from knowledge.vocab import match_key, vocabulary

_V = vocabulary("handoff").check(
    terms=("person", "wish", "reported", "phrases", "alone"), patterns=("sentence_break", "polite_tail"),
)
_ALONE = frozenset(_V.terms("alone").natural)  # match keys of the one-word requests


def asks_for_person(normalized: str) -> bool:
    """True when the message asks for a person rather than the bot (「担当者と話したい」)."""
    if _V.has("phrases", normalized):
        return True
    if match_key(_V.pattern("polite_tail").sub("", normalized.strip())).strip() in _ALONE:
        return True
    return any(
        _V.has("person", s) and _V.has("wish", s) and not _V.has("reported", s)
        for s in _V.pattern("sentence_break").split(normalized)
    )


def request(ctx: Context) -> Reply:
    """Open a hand-off (or tell that one is already waiting) and say when the agent answers."""
    ctx.handoff_asked = True  # an English message gets this in English (handlers/english.py)
    waiting = ctx.handoff is not None and ctx.handoff.status == "waiting"
    if not waiting:
        ctx.handoff = Handoff(
            id=f"HO-{ctx.now:%Y%m%d}-{secrets.token_hex(6).upper()}", session_key=ctx.session.key,
            channel=ctx.inbound.channel, requested_at=ctx.now, message=ctx.inbound.content[:200],
        )
        ctx.new_handoff = ctx.handoff
        ctx.session.handoff_id = ctx.handoff.id
        head = "担当者へおつなぎします。この会話の内容を担当者が確認してご連絡します。"
    else:
        head = "担当者へのおつなぎはお受けしています。担当者が確認するまで、このままお待ちください。"
    agent = ctx.facts.contact("agent")
    status = contact_status(agent, ctx.now, ctx.facts)
    if status.open_now:
        when = f"ただいま受付時間内です（{agent.hours_text}）。"
    else:
        when = f"ただいまは受付時間外です（{agent.hours_text}）。担当者の確認は{moment_ja(status.next_open)}以降になります。" if status.next_open else f"受付時間は{agent.hours_text}です。"
    texts = [
        head,
        f"{agent.name}（取扱代理店）☎ {agent.phone}　{when}",
        "ご連絡先（医療機関名・お名前・お電話番号）とご用件をこのトークに送っていただくと、担当者に伝わります。",
        desk_footer(ctx.facts) + "担当者を待っている間も、事故のご連絡にはこのトークですぐにお電話先をお知らせします。",
    ]
    desk = ctx.facts.contact("sompo_desk")
    return Reply(
        texts=texts, intent="help", phones=[phone(agent, status.open_now), phone(desk, True)],
        sources=cite(agent.source, desk.source),
        incident_id=ctx.incident.id if ctx.incident is not None else None,
    )
