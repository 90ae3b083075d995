"""POST /api/chat: the engine over HTTP, with the contract's limits."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, Field, field_validator

from bot.channels.table_text import split_around_table
from bot.engine import Engine
from bot.ratelimit import RateLimiter, client_key
from handlers.messages import MAX_TEXT, Inbound, Phone, PremiumTableView, QuickReply, Reply, Source, printable
from knowledge.clock import check_moment
from knowledge.models import get_facts

router = APIRouter()
def too_many() -> str:
    desk = get_facts().contact("sompo_desk")
    return (f"短時間にたくさんのメッセージを受け付けたため、少し時間をおいてから送信してください。"
            f"緊急の場合は{desk.name} ☎ {desk.phone}（{desk.hours_text}）へお電話ください。")


class ChatRequest(BaseModel):
    session_id: str = Field(min_length=1, max_length=128)
    text: str = Field(max_length=MAX_TEXT)
    now: dt.datetime | None = None

    _session_id = field_validator("session_id")(printable)

    @field_validator("now")
    @classmethod
    def _offset(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("now needs a UTC offset, e.g. 2026-12-02T23:30:00+09:00")
        return check_moment(value) if value is not None else None


class ChatMessage(BaseModel):
    text: str
    quick_replies: list[QuickReply] = []
    # This text is the premium table as plain lines: a page that draws `table` shows it here instead.
    is_table: bool = False


class ChatResponse(BaseModel):
    replies: list[ChatMessage]
    intent: str
    # Shown as an emergency: every incident reply, and a question answered beside an incident in hand.
    emergency: bool = False
    sources: list[Source]
    incident_id: str | None = None
    phones: list[Phone] = []
    table: PremiumTableView | None = None


class ChatTurn(BaseModel):
    text: str
    at: dt.datetime
    response: ChatResponse


class ChatHistory(BaseModel):
    turns: list[ChatTurn]


def to_response(reply: Reply) -> ChatResponse:
    pieces = split_around_table(reply.texts, reply.table) if reply.table is not None else [(t, False) for t in reply.texts]
    messages = [ChatMessage(text=t, is_table=is_table) for t, is_table in pieces]
    if messages:
        messages[-1].quick_replies = reply.quick_replies
    return ChatResponse(
        replies=messages, intent=reply.intent, emergency=reply.is_emergency, sources=reply.sources, incident_id=reply.incident_id,
        phones=reply.phones, table=reply.table,
    )


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


@router.post("/api/chat", response_model=ChatResponse)
def chat(body: ChatRequest, request: Request) -> Response:
    engine: Engine = request.app.state.engine
    limiter: RateLimiter = request.app.state.chat_limiter
    client = client_key(request.client.host if request.client else None)
    if not limiter.allow_all([f"s:{body.session_id}", f"ip:{client}"]):
        raise HTTPException(status_code=429, detail=too_many())
    now = body.now or dt.datetime.now(dt.timezone.utc)
    reply = engine.handle(Inbound(session_key=f"web:{body.session_id}", text=body.text, at=now, channel="web"))
    # Serialised here, once: returned as a model, FastAPI would validate it again against the
    # response model (the schema still says what it is).
    return Response(content=to_response(reply).model_dump_json(), media_type="application/json")


class HistoryRequest(BaseModel):
    session_id: str = Field(min_length=1, max_length=128)

    _session_id = field_validator("session_id")(printable)


@router.post("/api/chat/history", response_model=ChatHistory)
def history(body: HistoryRequest, engine: Annotated[Engine, Depends(get_engine)]) -> ChatHistory:
    """The conversation so far (the web page shows it again after a reload), oldest first. A POST
    body rather than a query string: the session id is the key to the conversation, and URLs end up
    in access logs."""
    turns = engine.store.transcript(f"web:{body.session_id}")
    return ChatHistory(turns=[
        ChatTurn(text=t.text, at=t.at, response=to_response(Reply.model_validate(t.reply))) for t in turns
    ])
