"""What comes in and what goes out, independent of the channel (web, LINE, terminal).

These models live in handlers/ rather than bot/ so that the dependency arrow stays one way
(bot -> handlers -> knowledge): handlers build replies, channels only render them.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from knowledge.clock import check_moment

Intent = Literal["quote", "coverage", "incident", "subsidy", "greeting", "help", "out_of_scope"]
Channel = Literal["web", "line", "cli", "eval"]
MAX_TEXT = 5000
MAX_MESSAGES = 5  # LINE sends at most five messages per reply; every channel keeps the same shape


def printable(value: str) -> str:
    """An id as given, refused when it holds control characters (a NUL cannot even be stored)."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        raise ValueError("control characters are not allowed in an id")
    return value


class Inbound(BaseModel):
    """One message from a user: text typed, or the data of a tapped button (postback)."""

    # A channel's prefix ("web:", "line:user:") plus the id it was given (the web API allows 128).
    session_key: str = Field(min_length=1, max_length=160)
    text: str | None = Field(default=None, max_length=MAX_TEXT)
    postback: str | None = Field(default=None, max_length=300)
    at: dt.datetime
    channel: Channel = "web"

    @field_validator("at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("'at' needs a UTC offset")
        return check_moment(value)

    @field_validator("text", "postback")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        # A NUL means nothing in a message, and PostgreSQL refuses to store it.
        return value.replace("\x00", "") if value is not None else None

    _printable_key = field_validator("session_key")(printable)

    @property
    def content(self) -> str:
        """What the user said; a postback is handled like the text of its button."""
        return (self.text if self.text is not None else self.postback or "").strip()


class QuickReply(BaseModel):
    label: str = Field(max_length=20)  # LINE cuts quick-reply labels at 20 characters
    text: str


class Source(BaseModel):
    section: str
    title: str


class Phone(BaseModel):
    """A number the channel should make tappable (tel: link / LINE button)."""

    label: str
    number: str
    open_now: bool | None = None  # None: not said; channels put a number that answers now first


class PremiumTableView(BaseModel):
    """A premium table to render as a table (web) or a Flex bubble (LINE); also in texts as plain lines."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str


class Reply(BaseModel):
    texts: list[str]
    quick_replies: list[QuickReply] = []
    table: PremiumTableView | None = None
    phones: list[Phone] = []
    sources: list[Source] = []
    intent: Intent
    incident_id: str | None = None
    # A reply to an emergency (whom to call now) whose intent is the question it also answers:
    # 「ランサムでいま休診中です。支援金はいくら？」 is answered as a payment question, and is an emergency.
    emergency: bool = False
    # texts[private_from:] ask for details of an incident (patient data, closure…): a group chat
    # gets the numbers and first steps, and these go to the sender's one-to-one chat instead.
    private_from: int | None = None

    @property
    def is_emergency(self) -> bool:
        """Shown as an emergency (the channels' alert, the LINE reminder offer, the staff page)."""
        return self.emergency or self.intent == "incident"

    def fit(self, max_messages: int) -> Reply:
        """Join the tail so that at most `max_messages` texts remain; nothing is dropped."""
        if len(self.texts) > max_messages:
            self.texts = self.texts[: max_messages - 1] + ["\n\n".join(self.texts[max_messages - 1:])]
        return self

    def plain_text(self) -> str:
        """Everything a reader sees, as one string (CLI, eval, logs)."""
        return "\n\n".join(self.texts)
