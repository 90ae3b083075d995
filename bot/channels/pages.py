"""What every HTML page of the server shares: its security headers, its templates and its static
files (served by name from one allowlist: nothing else on disk can be asked for)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

CHANNELS_DIR = Path(__file__).resolve().parent
STATIC_DIR = CHANNELS_DIR / "static"
# Same origin only: no CDN, web font or tracker can load, and no inline script can run (the pages'
# data travel in <script type="application/json">, which is never executed).
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PAGE_HEADERS = {
    "Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
STATIC_FILES = {
    "chat.js": "text/javascript", "chat.css": "text/css", "pamphlet.css": "text/css",
    "staff.js": "text/javascript", "staff.css": "text/css",
}
_STATIC_HEADERS = {"Cache-Control": "public, max-age=300", "X-Content-Type-Options": "nosniff"}

templates = Environment(
    loader=FileSystemLoader(CHANNELS_DIR / "templates"), autoescape=select_autoescape(["html"]),
    trim_blocks=True, lstrip_blocks=True,
)

router = APIRouter()


def html_page(content: str, status_code: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(content, status_code=status_code, headers={**PAGE_HEADERS, **(headers or {})})


def render(template: str, status_code: int = 200, **values: object) -> HTMLResponse:
    return html_page(templates.get_template(template).render(**values), status_code)


@router.get("/static/{name}", include_in_schema=False)
def static_file(name: str) -> FileResponse:
    media_type = STATIC_FILES.get(name)
    if media_type is None:
        raise HTTPException(status_code=404)
    return FileResponse(STATIC_DIR / name, media_type=media_type, headers=_STATIC_HEADERS)
