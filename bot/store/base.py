"""The store protocol every backend implements; tests/test_store.py runs one contract suite on each."""

from __future__ import annotations

from typing import Protocol

from handlers.session import IncidentRecord, Session


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message says which and why."""


class Store(Protocol):
    def load_session(self, key: str) -> Session | None:
        """The saved session for `key`, or None for a new conversation."""

    def save(self, session: Session, incident: IncidentRecord | None = None) -> None:
        """Save the session and (if given) the incident record together: both or neither."""

    def get_incident(self, incident_id: str) -> IncidentRecord | None:
        """One incident record by id, or None."""

    def list_incidents(self, limit: int = 100) -> list[IncidentRecord]:
        """The most recently opened incident records first."""

    def ping(self) -> bool:
        """True when the backend answers (for /readyz)."""

    def close(self) -> None:
        """Release connections."""
