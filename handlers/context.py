"""The one object every handler receives: the message, the session, the moment, the facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from handlers.messages import Inbound
from handlers.session import Handoff, IncidentRecord, Session
from knowledge.models import Facts
from knowledge.typos import read_as_typed, read_message

if TYPE_CHECKING:
    from handlers.understand import Understanding


@dataclass
class Context:
    inbound: Inbound
    session: Session
    now: dt.datetime  # JST, the message's own time
    facts: Facts
    text: str = ""  # normalised (NFKC, unified dashes), what handlers parse
    incident: IncidentRecord | None = field(default=None)  # set by a handler; saved by the engine
    # A closed triage's record while it is recent, read from the store only when a handler asks
    # (a payment question): the engine sets the reader.
    read_recent_incident: Callable[[], IncidentRecord | None] | None = None
    _recent: IncidentRecord | None = field(default=None, init=False, repr=False)
    retriever: Any = None  # knowledge.index.PamphletIndex (or a stand-in); None: no retrieval available
    rephraser: Any = None  # handlers.rephrase.Rephraser when CLINIC_BOT_LLM is set
    understanding: Understanding | None = None  # set once per message by the engine (handlers.understand)
    triage: Any = None  # handlers.triage.TriageReading of this message inside an incident, read once
    handoff: Handoff | None = None  # the hand-off the session points at, as the store has it (engine)
    new_handoff: Handoff | None = None  # set by handlers.handoff when this message asks for a person
    handoff_asked: bool = False  # this message asked for a person (answered by handlers.handoff)
    summary_shown: bool = False  # this message's reply shows the incident summary (handlers.incident.summary_reply)
    _typed: str | None = field(default=None, init=False, repr=False)
    _restated: tuple[str | None, bool] | None = field(default=None, init=False, repr=False)

    def recent_incident(self) -> IncidentRecord | None:
        """The incident whose triage closed after its silence, while recent (read once)."""
        if self.read_recent_incident is not None:
            self._recent = self.read_recent_incident()
            self.read_recent_incident = None
        return self._recent

    @property
    def typed(self) -> str:
        """The message as typed (normalised, mis-conversions corrected) with its kana left as kana:
        ``text`` also reads the words a message typed in kana alone spells (knowledge.kana_words).
        What the pamphlet's rulings and statements are matched with (handlers.rulings.ruling_in)."""
        if self._typed is None:
            content = self.inbound.content
            self._typed = read_as_typed(content) if content and read_message(content) == self.text else self.text
        return self._typed

    def question_restated(self) -> str | None:
        """The question about cover this message asks again with a fact added or corrected
        (「…が原因でした。それでも同じ扱いですか」), or None."""
        from handlers.intents import amends_the_story, asks_about_an_extra_premium, is_question, points_back, restates_the_question
        from knowledge.rulings import get_rulings

        if self._restated is None:  # read once: answering the message makes it the question remembered
            before = self.session.question_to_restate(self.now)
            # 「それでも同じ扱いですか」 asks it again in so many words; 「すみません、理事の分だけじゃなくて…」
            # takes back a fact it was answered on.
            # 「すみません、よく調べたら…のせいでした」「ただ、…予定なんです」 amends the story it was told, without a question.
            said_again = before is not None and before != self.typed and (
                restates_the_question(self.text) or (is_question(self.text) and points_back(self.text))
                or asks_about_an_extra_premium(self.text)
                or get_rulings().takes_back_words_of(before, self.typed))
            corrected = before is not None and before != self.typed and not said_again and amends_the_story(self.text)
            self._restated = (before if said_again or corrected else None, corrected)
        return self._restated[0]

    def restated_only_as_amended(self) -> bool:
        """The question is asked again only because the message corrects or adds to the story (no 「それでも」,
        no word of the table taken back): inside a triage, a correction may be of an answer instead."""
        self.question_restated()
        return bool(self._restated and self._restated[1])

    def understood(self) -> Understanding:
        """The message read once (handlers.understand); computed here when no engine set it."""
        if self.understanding is None:
            from handlers.understand import understand

            self.understanding = understand(self.text, self.session, self.now)
        return self.understanding
