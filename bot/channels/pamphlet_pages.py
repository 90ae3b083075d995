"""GET /pamphlet and /pamphlet/{section}: the pamphlet itself, readable in a browser.

Answers cite pamphlet sections; these pages let a reader open the cited section and read it
whole. Plain server-rendered HTML with one same-origin stylesheet: no script, no other host,
and a Content-Security-Policy that forbids both.
"""

from __future__ import annotations

import html
from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bot.channels.pages import html_page
from bot.channels.pamphlet_render import render_text
from knowledge.models import get_facts
from knowledge.pamphlet import Section, get_section, section_ids

router = APIRouter()

STYLESHEET = "/static/pamphlet.css"
INDEX_TITLE = "パンフレット"
NOT_FOUND = "お探しのページは見つかりませんでした"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _sections() -> list[Section]:
    return [get_section(section_id) for section_id in section_ids()]


def _source_note() -> str:
    """Who wrote the text the reader is reading, and as of when."""
    info = get_facts().pamphlet
    return (
        f"<p>このページの本文は、{_esc(info.policyholder)}の団体サイバー保険のパンフレット"
        f"『{_esc(info.title)}』の内容です。{_esc(info.as_of_note)}</p>"
    )


def _page(title: str, main: str) -> str:
    return f"""<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(title)}</title>
<link rel="stylesheet" href="{STYLESHEET}">
</head>
<body>
<header class="site">
<nav aria-label="サイト"><a href="/pamphlet">パンフレット目次</a> <a href="/">チャットに戻る</a></nav>
</header>
<main>
{main}
</main>
<footer class="site">
{_source_note()}
</footer>
</body>
</html>
"""


def _html(content: str, status_code: int = 200) -> HTMLResponse:
    return html_page(content, status_code)


def _toc_item(section: Section) -> str:
    number = f'<span class="num">{_esc(section.number)}.</span> ' if section.number else ""
    return f'<li><a href="/pamphlet/{_esc(section.id)}">{number}{_esc(section.title)}</a></li>'


def _index_html() -> str:
    items = "\n".join(_toc_item(section) for section in _sections())
    title = get_facts().pamphlet.title
    return _page(
        f"目次｜{title}",
        f'<h1>{_esc(title)}</h1>\n<h2>目次</h2>\n<ol class="toc">\n{items}\n</ol>',
    )


def _pager(section: Section) -> str:
    sections = _sections()
    position = [s.id for s in sections].index(section.id)
    links = []
    if position > 0:
        before = sections[position - 1]
        links.append(f'<a rel="prev" href="/pamphlet/{_esc(before.id)}">← 前へ：{_esc(before.label)}</a>')
    links.append('<a href="/pamphlet">目次</a>')
    if position < len(sections) - 1:
        after = sections[position + 1]
        links.append(f'<a rel="next" href="/pamphlet/{_esc(after.id)}">次へ：{_esc(after.label)} →</a>')
    return '<nav class="pager" aria-label="前後のページ">' + "\n".join(links) + "</nav>"


def _section_html(section: Section) -> str:
    main = (
        f'<article id="{_esc(section.id)}">\n<h1>{_esc(section.label)}</h1>\n'
        f"{render_text(section.text)}\n</article>\n{_pager(section)}"
    )
    return _page(f"{section.label}｜{INDEX_TITLE}", main)


def _not_found_html() -> str:
    main = (
        f"<h1>{NOT_FOUND}</h1>\n"
        "<p>ページが移動したか、アドレスが間違っている可能性があります。</p>\n"
        '<p><a href="/pamphlet">パンフレットの目次へ</a></p>'
    )
    return _page(f"{NOT_FOUND}｜{INDEX_TITLE}", main)


@router.get("/pamphlet", response_class=HTMLResponse)
def pamphlet_index() -> HTMLResponse:
    return _html(_index_html())


@router.get("/pamphlet/{section}", response_class=HTMLResponse)
def pamphlet_section(section: str) -> HTMLResponse:
    try:
        found = get_section(section)
    except KeyError:
        return _html(_not_found_html(), status_code=404)
    return _html(_section_html(found))
