"""The staff page (/staff) and /api/incidents: incident records, conversations waiting for a person,
and the audit log of who looked at what. Exists only when CLINIC_BOT_ADMIN_TOKEN is set (404 otherwise).

Every view of a record or a conversation is written to the audit log before the page is sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from bot.channels.pages import render
from bot.engine import Engine
from bot.ratelimit import RateLimiter, client_key
from bot.runtime import build_limiter
from bot.staff_auth import COOKIE, LOGIN_COOKIE, MAX_NAME, SESSION_SECONDS, StaffAuth, new_login_secret, same_secret
from bot.store.base import AuditEntry
from handlers.incident import FIELD_LABELS, field_text, reports_owed
from handlers.session import Change, Handoff, IncidentRecord
from knowledge.clock import to_jst
from knowledge.incident_flow import get_incident_flow
from knowledge.models import get_facts

router = APIRouter()
STATUS_LABELS = {"open": "対応中", "summarised": "まとめ済み", "closed": "対応完了", "false_alarm": "誤報"}
HANDOFF_LABELS = {"waiting": "担当者待ち", "closed": "対応済み"}
ACTION_LABELS = {
    "login": "ログイン", "list_incidents": "一覧を表示", "view_incident": "記録を表示", "print_incident": "記録を印刷用に表示",
    "close_incident": "記録を対応完了に", "view_conversation": "会話を表示", "close_handoff": "おつなぎを対応済みに",
    "login_failed": "ログイン失敗", "api_refused": "APIの認証失敗",
}
LOGIN_FAILURES = (5, 300.0)  # failed logins per client address per 5 minutes before 429


def _auth(request: Request) -> StaffAuth:
    auth: StaffAuth | None = request.app.state.staff_auth
    if auth is None:
        raise HTTPException(status_code=404)  # no token configured: the staff page does not exist
    return auth


def _engine(request: Request) -> Engine:
    return request.app.state.engine


Auth = Annotated[StaffAuth, Depends(_auth)]
EngineDep = Annotated[Engine, Depends(_engine)]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _client(request: Request) -> str:
    return client_key(request.client.host if request.client else None)


async def _form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (the page's only kind of form)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return {key: values[0] for key, values in parse_qs(body, keep_blank_values=True).items()}


def _jst(moment: dt.datetime | None) -> str:
    return f"{to_jst(moment):%Y-%m-%d %H:%M}" if moment is not None else ""


def _login_page(request: Request, status_code: int, error: str = "") -> HTMLResponse:
    secret = new_login_secret()
    response = render("staff_login.html", status_code, error=error, csrf=secret)
    _set_cookie(request, response, LOGIN_COOKIE, secret, 3600)
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, httponly=True, samesite="strict", secure=request.url.scheme == "https",
        path="/staff",
    )


def _staff(request: Request, auth: StaffAuth) -> tuple[str, str] | None:
    """(who, cookie) of a logged-in member of staff, or None."""
    cookie = request.cookies.get(COOKIE)
    who = auth.who(cookie)
    return (who, cookie) if who and cookie else None


def _require(request: Request, auth: StaffAuth) -> tuple[str, str]:
    staff = _staff(request, auth)
    if staff is None:
        raise _LoginRequired()
    return staff


class _LoginRequired(Exception):
    """Raised by a view that needs a login; answered with the login form (401)."""


class _PageError(Exception):
    """A staff page that cannot be shown: answered as an HTML page in Japanese, not as JSON."""

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


def _audit(engine: Engine, who: str, action: str, target: str = "") -> None:
    engine.store.audit_add(AuditEntry(at=_now(), who=who, action=action, target=target))


async def _checked_form(request: Request, auth: StaffAuth) -> tuple[str, dict[str, str]]:
    """The form of a logged-in member of staff, with its CSRF token checked; returns (who, form)."""
    who, cookie = _require(request, auth)
    form = await _form(request)
    if not auth.csrf_ok(cookie, form.get("csrf")):
        raise _PageError(403, "フォームの有効期限が切れました。ページを開き直してから、もう一度操作してください。")
    return who, form


def install(app: Any) -> None:
    """Add the staff routes and what they need to `app` (called by create_app)."""
    token = app.state.settings.admin_token
    app.state.staff_auth = StaffAuth(token) if token else None
    app.state.login_failures = build_limiter(app.state.redis, *LOGIN_FAILURES, "login")

    @app.exception_handler(_LoginRequired)
    async def _login_required(request: Request, _: _LoginRequired) -> HTMLResponse:
        return _login_page(request, 401)

    @app.exception_handler(_PageError)
    async def _page_error(request: Request, exc: _PageError) -> HTMLResponse:
        staff = _staff(request, request.app.state.staff_auth)
        who, csrf = (staff[0], request.app.state.staff_auth.csrf_for(staff[1])) if staff else ("", "")
        return render("staff_error.html", exc.status_code, who=who, csrf=csrf, message=exc.message)

    app.include_router(router)


# --- login ------------------------------------------------------------------------------------


@router.get("/staff/login", include_in_schema=False)
def login_form() -> Response:
    return RedirectResponse("/staff", status_code=303)  # a reload or bookmark of the form's address


@router.post("/staff/login", include_in_schema=False)
async def login(request: Request, auth: Auth, engine: EngineDep) -> Response:
    form = await _form(request)
    if not same_secret(form.get("csrf", ""), request.cookies.get(LOGIN_COOKIE, "") or "\0"):
        return _login_page(request, 403, "フォームの有効期限が切れました。もう一度ログインしてください。")
    # Every attempt is counted before the token is compared (parallel guesses cannot slip between a
    # check and a count); a successful one is taken back.
    failures: RateLimiter = request.app.state.login_failures
    client = _client(request)
    if not failures.allow(client):
        return render("staff_login.html", 429, error="ログインの失敗が続いたため、しばらく時間をおいてからお試しください。", csrf="")
    name = form.get("name", "").strip()[:MAX_NAME]
    if not auth.token_matches(form.get("token", "")) or not name:
        _audit(engine, name or "（名前なし）", "login_failed", client)
        return _login_page(request, 401, "お名前とトークンを確認してください。" if name else "お名前を入力してください。")
    failures.refund(client)
    _audit(engine, name, "login")
    response = RedirectResponse("/staff", status_code=303)
    _set_cookie(request, response, COOKIE, auth.issue(name), SESSION_SECONDS)
    response.delete_cookie(LOGIN_COOKIE, path="/staff")
    return response


@router.post("/staff/logout", include_in_schema=False)
async def logout(request: Request, auth: Auth) -> Response:
    await _checked_form(request, auth)
    response = RedirectResponse("/staff", status_code=303)
    response.delete_cookie(COOKIE, path="/staff")
    return response


# --- pages ------------------------------------------------------------------------------------


def _row(record: IncidentRecord) -> dict[str, str]:
    flow = get_incident_flow()
    return {
        "id": record.id, "opened": _jst(record.opened_at), "updated": _jst(record.updated_at),
        "kind": field_text(record.answers, "kind", flow), "status": STATUS_LABELS[record.status],
        "status_id": record.status, "channel": record.channel,
    }


def _handoff_row(handoff: Handoff) -> dict[str, str]:
    return {
        "id": handoff.id, "requested": _jst(handoff.requested_at), "channel": handoff.channel,
        "message": handoff.message, "status": HANDOFF_LABELS[handoff.status], "status_id": handoff.status,
        "closed": _jst(handoff.closed_at), "closed_by": handoff.closed_by or "",
    }


@router.get("/staff", response_class=HTMLResponse, include_in_schema=False)
def staff_home(request: Request, auth: Auth, engine: EngineDep) -> HTMLResponse:
    who, cookie = _require(request, auth)
    _audit(engine, who, "list_incidents")
    return render(
        "staff_list.html", who=who, csrf=auth.csrf_for(cookie),
        incidents=[_row(r) for r in engine.store.list_incidents(200)],
        waiting=[_handoff_row(h) for h in engine.store.handoffs("waiting")],
        handoffs=[_handoff_row(h) for h in engine.store.handoffs(limit=50)],
    )


def _turns(engine: Engine, session_key: str) -> list[dict[str, Any]]:
    return [
        {"at": _jst(t.at), "text": t.text, "reply": "\n\n".join(t.reply.get("texts", [])),
         "emergency": bool(t.reply.get("emergency")) or t.reply.get("intent") == "incident"}
        for t in engine.store.transcript(session_key)
    ]


def _record_view(record: IncidentRecord) -> dict[str, Any]:
    flow = get_incident_flow()
    answers = record.answers
    return {
        **_row(record),
        "fields": [(label, field_text(answers, name, flow)) for name, label in FIELD_LABELS.items()],
        "description": [f"{_jst(said.at)} {said.text}" if said.at else said.text for said in answers.description], "notes": answers.notes, "attachments": record.attachments,
        "told_people": answers.told_people,
        "reports": reports_owed(answers, get_facts(), record.opened_at),
        "notice": record.notice_draft,
        "history": [_change_row(c) for c in record.history],
    }


def _change_row(change: Change) -> dict[str, str]:
    return {"at": _jst(change.at), "field": FIELD_LABELS.get(change.field, change.field),
            "old": change.old or "", "new": change.new or "", "message": change.message}


def _record_or_404(engine: Engine, incident_id: str, page: bool = True) -> IncidentRecord:
    record = engine.store.get_incident(incident_id)
    if record is None:
        if page:
            raise _PageError(404, f"記録 {incident_id} は見つかりませんでした。")
        raise HTTPException(status_code=404, detail="no such incident record")
    return record


@router.get("/staff/incidents/{incident_id}", response_class=HTMLResponse, include_in_schema=False)
def staff_incident(incident_id: str, request: Request, auth: Auth, engine: EngineDep) -> HTMLResponse:
    who, cookie = _require(request, auth)
    record = _record_or_404(engine, incident_id)
    _audit(engine, who, "view_incident", record.id)
    return render(
        "staff_incident.html", who=who, csrf=auth.csrf_for(cookie), record=_record_view(record),
        turns=_turns(engine, record.session_key), audit=_audit_rows(engine, record.id),
    )


@router.get("/staff/incidents/{incident_id}/print", response_class=HTMLResponse, include_in_schema=False)
def staff_incident_print(incident_id: str, request: Request, auth: Auth, engine: EngineDep) -> HTMLResponse:
    who, _ = _require(request, auth)
    record = _record_or_404(engine, incident_id)
    _audit(engine, who, "print_incident", record.id)
    return render("staff_print.html", who=who, record=_record_view(record), printed=_jst(_now()))


@router.post("/staff/incidents/{incident_id}/close", include_in_schema=False)
async def staff_close_incident(incident_id: str, request: Request, auth: Auth, engine: EngineDep) -> Response:
    who, _ = await _checked_form(request, auth)
    record = _record_or_404(engine, incident_id)
    if engine.close_incident(record.id, who, _now()) is not None:
        _audit(engine, who, "close_incident", record.id)
    return RedirectResponse(f"/staff/incidents/{record.id}", status_code=303)


def _handoff_or_404(engine: Engine, handoff_id: str) -> Handoff:
    handoff = engine.store.handoff_get(handoff_id)
    if handoff is None:
        raise _PageError(404, "その会話は見つかりませんでした。")
    return handoff


@router.get("/staff/handoffs/{handoff_id}", response_class=HTMLResponse, include_in_schema=False)
def staff_handoff(handoff_id: str, request: Request, auth: Auth, engine: EngineDep) -> HTMLResponse:
    who, cookie = _require(request, auth)
    handoff = _handoff_or_404(engine, handoff_id)
    _audit(engine, who, "view_conversation", handoff.id)
    return render(
        "staff_handoff.html", who=who, csrf=auth.csrf_for(cookie), handoff=_handoff_row(handoff),
        turns=_turns(engine, handoff.session_key), audit=_audit_rows(engine, handoff.id),
    )


@router.post("/staff/handoffs/{handoff_id}/close", include_in_schema=False)
async def staff_close_handoff(handoff_id: str, request: Request, auth: Auth, engine: EngineDep) -> Response:
    who, _ = await _checked_form(request, auth)
    handoff = _handoff_or_404(engine, handoff_id)
    if engine.store.handoff_close(handoff.id, who, _now()):
        _audit(engine, who, "close_handoff", handoff.id)
    return RedirectResponse(f"/staff/handoffs/{handoff.id}", status_code=303)


def _audit_rows(engine: Engine, target: str | None = None) -> list[dict[str, str]]:
    return [{"at": _jst(e.at), "who": e.who, "action": ACTION_LABELS.get(e.action, e.action), "target": e.target}
            for e in engine.store.audit_list(200, target)]


@router.get("/staff/audit", response_class=HTMLResponse, include_in_schema=False)
def staff_audit(request: Request, auth: Auth, engine: EngineDep) -> HTMLResponse:
    who, cookie = _require(request, auth)
    return render("staff_audit.html", who=who, csrf=auth.csrf_for(cookie), audit=_audit_rows(engine))


# --- JSON --------------------------------------------------------------------------------------


def _bearer(request: Request, auth: StaffAuth, engine: Engine) -> None:
    """The API's token check, rate-limited like the login form (counted first, refunded on success)."""
    failures: RateLimiter = request.app.state.login_failures
    client = _client(request)
    if not failures.allow(client):
        raise HTTPException(status_code=429, detail="Too many failed attempts; try again later")
    if not auth.bearer_ok(request.headers.get("authorization")):
        _audit(engine, "API", "api_refused", client)
        raise HTTPException(status_code=401, detail="Bearer token required", headers={"WWW-Authenticate": "Bearer"})
    failures.refund(client)


def _record_json(record: IncidentRecord) -> dict[str, Any]:
    return {**record.model_dump(mode="json"), "reports_owed": reports_owed(record.answers, get_facts(), record.opened_at)}


@router.get("/api/incidents")
def api_incidents(request: Request, auth: Auth, engine: EngineDep, limit: int = 100) -> JSONResponse:
    """Incident records, newest first, with the reports owed (same as the staff page); audited."""
    _bearer(request, auth, engine)
    records = engine.store.list_incidents(max(1, min(limit, 500)))
    _audit(engine, "API", "list_incidents")
    return JSONResponse({
        "incidents": [_record_json(r) for r in records],
        "handoffs_waiting": [h.model_dump(mode="json") for h in engine.store.handoffs("waiting")],
    })


@router.get("/api/incidents/{incident_id}")
def api_incident(incident_id: str, request: Request, auth: Auth, engine: EngineDep) -> JSONResponse:
    _bearer(request, auth, engine)
    record = _record_or_404(engine, incident_id, page=False)
    _audit(engine, "API", "view_incident", record.id)
    return JSONResponse(_record_json(record))
