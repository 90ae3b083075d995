"""GET /api/quote, /api/subsidy, /api/contacts: the CLI's JSON over HTTP."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from bot.queries import contacts_query, quote_query, subsidy_query

router = APIRouter(prefix="/api")


@router.get("/quote")
def get_quote(
    facility: str,
    beds: int | None = None,
    capacity: int | None = None,
    type: str | None = None,  # noqa: A002 - the contract's parameter name
    liability: str | None = None,
    response_cost: str | None = None,
) -> dict[str, Any]:
    return quote_query(facility, beds, capacity, type, liability, response_cost)


@router.get("/subsidy")
def get_subsidy(kind: str, date: str, closed_days: int = 0, internal: bool = False) -> dict[str, Any]:
    return subsidy_query(kind, date, closed_days, internal)


@router.get("/contacts")
def get_contacts(now: str | None = None) -> dict[str, Any]:
    return contacts_query(now)
