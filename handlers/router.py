"""Emergency first, on every message; then the open flow; then the intent."""

from __future__ import annotations

import datetime as dt
from typing import Callable

from handlers import contacts, coverage, incident, quote, smalltalk, subsidy
from handlers.common import cite, desk_footer, phone
from handlers.context import Context
from handlers.emergency import detect
from handlers.intents import classify, is_question, other_insurance
from handlers.messages import MAX_MESSAGES, Intent, QuickReply, Reply
from knowledge import text as jtext
from knowledge.incident_flow import get_incident_flow

PAST_EVENT_DAYS = 30
ASIDE_INTENTS = ("coverage", "quote", "subsidy", "out_of_scope")


def route(ctx: Context) -> Reply:
    detection = detect(ctx.text)
    session = ctx.session
    intent = classify(ctx.text)
    previous_flow = session.flow
    in_incident = session.flow == "incident" and session.incident is not None and ctx.incident is not None

    if detection.level == "emergency" and (_asks_about_a_past_event(ctx, intent) or _asks_about_the_pamphlet(ctx)):
        detection = detection.model_copy(update={"level": "possible"})

    if detection.level == "emergency":
        reply = incident.open_incident(ctx, detection, ctx.incident if in_incident else None)
        if (intent == "subsidy" or previous_flow == "subsidy") and ctx.incident is not None:
            # 「…で2日休業しました。支援金は？」: the emergency comes first, the question is still answered.
            reply = _merge(reply, incident.subsidy_aside(ctx, ctx.incident))
        return reply

    if in_incident and ctx.incident is not None:
        summarised = session.incident is not None and session.incident.summarised
        if summarised and intent in ASIDE_INTENTS:
            session.flow = None  # the triage is done; the record stays, the conversation moves on
            return _dispatch(ctx, intent)
        if intent in ASIDE_INTENTS and is_question(ctx.text):
            return _remind(_aside(ctx, intent), ctx)
        return incident.continue_triage(ctx, ctx.incident)

    if session.flow == "quote" and intent in (None, "quote"):
        reply = quote.handle(ctx)
    elif session.flow == "subsidy" and (intent in (None, "subsidy") or subsidy.answers_pending(ctx.text, session.subsidy)):
        reply = subsidy.handle(ctx)
    else:
        reply = _dispatch(ctx, intent)

    if detection.level == "possible":
        reply = _with_desk(reply, ctx)
    return reply


def _asks_about_a_past_event(ctx: Context, intent: Intent | None) -> bool:
    """「2023年3月にランサムウェアで2日休業しました。支援金は？」 is a question about history.

    Only a question with an explicit date (or year) more than a month back qualifies; any
    message without one stays an emergency, because recall comes first.
    """
    if intent not in ("subsidy", "coverage", "quote") or not is_question(ctx.text):
        return False
    today = ctx.now.date()
    day = jtext.find_date(ctx.text, today)
    if day is None:
        year = jtext.find_year(ctx.text)
        if year is None or year >= today.year:
            return False
        day = dt.date(year, 12, 31)
    return (today - day).days > PAST_EVENT_DAYS


# Words that point at the pamphlet itself; kept narrow, since a downgrade costs recall.
PAMPHLET_REFERENCES = ("事例", "パンフ", "被害例", "例では", "例だと")


def _asks_about_the_pamphlet(ctx: Context) -> bool:
    """「事例では何人分の情報に不正アクセスされた？」 asks about the pamphlet's own example."""
    return is_question(ctx.text) and any(w in ctx.text for w in PAMPHLET_REFERENCES)


def _dispatch(ctx: Context, intent: Intent | None) -> Reply:
    handlers: dict[str | None, Callable[[Context], Reply]] = {
        "quote": quote.handle,
        "subsidy": lambda c: coverage.handle(c) if subsidy.asks_about_the_scheme(c.text, c.now.date()) else subsidy.handle(c),
        "coverage": lambda c: contacts.handle(c) if contacts.asks_for_contacts(c.text) else coverage.handle(c),
        "greeting": smalltalk.greeting,
        "out_of_scope": lambda c: smalltalk.out_of_scope(c, other_insurance(c.text)),
        "help": smalltalk.help_reply,
    }
    handler = handlers.get(intent)
    if handler is None:
        return smalltalk.help_reply(ctx, unclear=True)
    return handler(ctx)


def _aside(ctx: Context, intent: Intent) -> Reply:
    """Answer a question asked in the middle of a triage without leaving the incident."""
    assert ctx.incident is not None
    if intent == "subsidy":
        return incident.subsidy_aside(ctx, ctx.incident)
    session = ctx.session
    flow, state = session.flow, session.incident
    reply = _dispatch(ctx, intent)
    session.flow, session.incident = flow, state
    reply.incident_id = ctx.incident.id
    return reply


def _remind(reply: Reply, ctx: Context) -> Reply:
    asked = ctx.session.incident.asked if ctx.session.incident else None
    if asked:
        question = get_incident_flow().question(asked)
        reply.texts.append("引き続き、状況を教えてください。" + question.question)
        if not reply.quick_replies:
            reply.quick_replies = [QuickReply(label=c.label, text=c.label) for c in question.quick_replies]
    return _with_desk(reply, ctx)


def _merge(first: Reply, second: Reply) -> Reply:
    """One reply from two, within LINE's five messages; the first reply's order is kept."""
    first.texts = first.texts + second.texts
    first.sources = first.sources + [s for s in second.sources if s not in first.sources]
    first.phones = first.phones + [p for p in second.phones if p not in first.phones]
    return first.fit(MAX_MESSAGES)


def _with_desk(reply: Reply, ctx: Context) -> Reply:
    """Recall before precision: a message near an incident still shows the desk's number."""
    desk = ctx.facts.contact("sompo_desk")
    if desk.phone not in reply.plain_text():
        reply.texts.append(desk_footer(ctx.facts))
        reply.phones.append(phone(desk))
        reply.sources = reply.sources + [s for s in cite(desk.source) if s not in reply.sources]
    return reply
