"""GET /pamphlet, /pamphlet/{section} and /static/pamphlet.css: the pamphlet as web pages.

The table check reads the section files with its own small parser, so a renderer that
drops, reorders or rewrites a cell fails here.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.channels.pamphlet_render import render_text
from bot.settings import Settings
from knowledge.pamphlet import get_section, section_ids

# Nothing from another host, no inline script: the policy every page of the server sends.
EXPECTED_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
TABLE_SECTIONS = [sid for sid in section_ids() if "\t" in get_section(sid).text or "\n|" in get_section(sid).text]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("data"))))


class _TableCells(HTMLParser):
    """Texts of the <th>/<td> cells inside <table> elements, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.tables = 0
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables += 1
        elif tag in ("th", "td"):
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._current is not None:
            self.cells.append("".join(self._current).strip())
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def _rendered_cells(page: str) -> tuple[int, list[str]]:
    parser = _TableCells()
    parser.feed(page)
    return parser.tables, [cell for cell in parser.cells if cell]


def _source_cells(text: str) -> list[str]:
    cells: list[str] = []
    for line in text.split("\n"):
        if "\t" in line:
            row = line.split("\t")
        elif line.lstrip().startswith("|"):
            row = line.strip().strip("|").split("|")
        else:
            continue
        row = [cell.strip() for cell in row]
        if not all(re.fullmatch(r":?-+:?", cell) for cell in row):
            cells.extend(cell for cell in row if cell)
    return cells


def _links(page: str) -> list[str]:
    return re.findall(r'(?:href|src)\s*=\s*"([^"]*)"', page)


def _all_pages(client: TestClient) -> list[str]:
    paths = ["/pamphlet", "/pamphlet/no-such-section", *(f"/pamphlet/{sid}" for sid in section_ids())]
    return [client.get(path).text for path in paths]


@pytest.mark.parametrize("section_id", section_ids())
def test_every_section_has_a_page(client, section_id):
    section = get_section(section_id)
    response = client.get(f"/pamphlet/{section_id}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<html lang="ja">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert f"<h1>{html.escape(section.label)}</h1>" in page
    assert f"<title>{html.escape(section.label)}｜パンフレット</title>" in page
    assert f'id="{section_id}"' in page
    assert 'href="/pamphlet"' in page and 'href="/"' in page
    assert "宮崎県医師会" in page and "医療機関用団体サイバー保険のご案内" in page


def test_previous_and_next_follow_the_pamphlet_order(client):
    ids = section_ids()
    for before, current, after in zip(ids, ids[1:], ids[2:]):
        page = client.get(f"/pamphlet/{current}").text
        assert f'rel="prev" href="/pamphlet/{before}"' in page
        assert f'rel="next" href="/pamphlet/{after}"' in page
    assert 'rel="prev"' not in client.get(f"/pamphlet/{ids[0]}").text
    assert 'rel="next"' not in client.get(f"/pamphlet/{ids[-1]}").text


def test_there_are_tables_to_check():
    assert "sec-08" in TABLE_SECTIONS and len(TABLE_SECTIONS) >= 5


@pytest.mark.parametrize("section_id", TABLE_SECTIONS)
def test_tables_keep_every_cell(client, section_id):
    text = get_section(section_id).text
    tables, cells = _rendered_cells(client.get(f"/pamphlet/{section_id}").text)
    assert tables >= 1
    assert cells == _source_cells(text)


def test_premium_table_has_header_cells(client):
    page = client.get("/pamphlet/sec-08").text
    assert page.count("<table>") == 3
    for header in ("タイプ", "保険金額", "①損害賠償", "30床", "30人"):
        assert re.search(rf"<th[^>]*>{header}</th>", page), header
    assert re.search(r"<td[^>]*>27,200円</td>", page)


def test_index_links_every_section_in_order(client):
    response = client.get("/pamphlet")
    assert response.status_code == 200
    linked = re.findall(r'href="/pamphlet/([^"]+)"', response.text)
    assert linked == section_ids()
    for section_id in section_ids():
        assert html.escape(get_section(section_id).title) in response.text


def test_unknown_section_is_404_in_japanese(client):
    response = client.get("/pamphlet/sec-99")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "お探しのページは見つかりませんでした" in response.text
    assert 'href="/pamphlet"' in response.text
    assert response.headers["content-security-policy"] == EXPECTED_CSP


def test_renderer_escapes_markup():
    crafted = (
        '<script>alert("x")</script>\n\n'
        "- <img src=x onerror=alert(1)>\n\n"
        "| <b>head</b> | h2 |\n|---|---|\n| <script>x</script> | a&b |\n\n"
        "<a\tb>\tc"
    )
    out = render_text(crafted)
    assert "<script" not in out and "<img" not in out and "<b>" not in out and "<a" not in out
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;b&gt;head&lt;/b&gt;" in out and "a&amp;b" in out


def test_renderer_forms():
    out = render_text("一行目\n二行目\n\n- 項目\n  続き\n - 下位\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert "<p>一行目<br>\n二行目</p>" in out
    assert "<ul>\n<li>項目<br>\n続き<ul>\n<li>下位</li>\n</ul></li>\n</ul>" in out
    assert re.search(r"<thead><tr><th[^>]*>a</th><th[^>]*>b</th></tr></thead>", out)
    assert re.search(r"<tbody><tr><td[^>]*>1</td><td[^>]*>2</td></tr></tbody>", out)
    assert '<div class="table-wrap"><table>' in out


@pytest.mark.parametrize("path", ["/pamphlet", "/pamphlet/sec-08", "/pamphlet/jma-leaflet"])
def test_csp_header(client, path):
    response = client.get(path)
    assert response.headers["content-security-policy"] == EXPECTED_CSP


def test_no_other_host_and_no_inline_code(client):
    for page in _all_pages(client):
        for link in _links(page):
            assert link.startswith("/") and not link.startswith("//"), link
        assert "<script" not in page and "<style" not in page and " style=" not in page


def test_stylesheet_is_served_as_css(client):
    response = client.get("/static/pamphlet.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "max-age" in response.headers["cache-control"]
    assert "overflow-x: auto" in response.text and "@media print" in response.text
    assert "http://" not in response.text and "https://" not in response.text
    assert 'href="/static/pamphlet.css"' in client.get("/pamphlet").text
