"""The one object every handler receives: the message, the session, the moment, the facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from handlers.messages import Inbound
from handlers.session import IncidentRecord, Session
from knowledge.models import Facts


@dataclass
class Context:
    inbound: Inbound
    session: Session
    now: dt.datetime  # JST, the message's own time
    facts: Facts
    text: str = ""  # normalised (NFKC, unified dashes), what handlers parse
    incident: IncidentRecord | None = field(default=None)  # set by a handler; saved by the engine
    retriever: Any = None  # knowledge.index.PamphletIndex (or a stand-in); None: no retrieval available
    rephraser: Any = None  # handlers.rephrase.Rephraser when CLINIC_BOT_LLM is set
