"""Section text → HTML for the pamphlet pages, with every piece of text escaped.

Our own renderer rather than a Markdown library: the section files use only a few forms
(paragraphs, ``- `` lists with one nested level, and tables, either pipe rows or the
tab-separated rows of the PDF conversion), and a Markdown library would pass raw HTML
through, while the pamphlet must never inject markup into a page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["render_text"]

_ITEM = re.compile(r"^(?P<indent>[ \t]*)- (?P<text>.*)$")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
# A first table row is taken as the header only when it reads like labels, not like content.
_LABEL_MAX_CHARS = 20
# Cells this short (amounts, plan names, bed counts) are kept on one line.
_SHORT_CELL_CHARS = 12


@dataclass
class _Item:
    lines: list[str]
    children: list[_Item] = field(default_factory=list)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _is_table_row(line: str) -> bool:
    return "\t" in line or line.lstrip().startswith("|")


def _kind(line: str) -> str:
    if not line.strip():
        return "blank"
    if _is_table_row(line):
        return "table"
    if _ITEM.match(line):
        return "item"
    return "text"


def _blocks(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Group lines into ("table" | "list" | "paragraph", lines) blocks.

    A text line right after a list item continues that item (as in Markdown).
    """
    blocks: list[tuple[str, list[str]]] = []
    for line in lines:
        kind = _kind(line)
        if kind == "blank":
            blocks.append(("blank", []))
            continue
        block = {"table": "table", "item": "list", "text": "paragraph"}[kind]
        previous = blocks[-1][0] if blocks else "blank"
        joins = previous == block or (previous == "list" and kind == "text")
        if joins:
            blocks[-1][1].append(line)
        else:
            blocks.append((block, [line]))
    return [(kind, block_lines) for kind, block_lines in blocks if kind != "blank"]


# --- paragraphs and lists -------------------------------------------------------------


def _lines_html(lines: list[str]) -> str:
    """The pamphlet's own line breaks are kept: they separate amounts, phone numbers, hours."""
    return "<br>\n".join(_esc(line.strip()) for line in lines)


def _paragraph(lines: list[str]) -> str:
    return f"<p>{_lines_html(lines)}</p>"


def _list_items(lines: list[str]) -> list[_Item]:
    items: list[_Item] = []
    for line in lines:
        match = _ITEM.match(line)
        if match is None:  # continuation of the item above
            target = items[-1].children[-1] if items[-1].children else items[-1]
            target.lines.append(line)
        elif match["indent"] and items:
            items[-1].children.append(_Item([match["text"]]))
        else:
            items.append(_Item([match["text"]]))
    return items


def _list_html(items: list[_Item]) -> str:
    parts = []
    for item in items:
        nested = _list_html(item.children) if item.children else ""
        parts.append(f"<li>{_lines_html(item.lines)}{nested}</li>")
    return "<ul>\n" + "\n".join(parts) + "\n</ul>"


# --- tables --------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    if "\t" in line:
        return [cell.strip() for cell in line.split("\t")]
    row = line.strip().removeprefix("|")
    row = row[:-1] if row.endswith("|") else row
    return [cell.strip() for cell in row.split("|")]


def _is_separator(cells: list[str]) -> bool:
    return all(_SEPARATOR_CELL.match(cell) for cell in cells)


def _split_header(rows: list[list[str]], separator_at: int | None) -> int:
    """How many of the rows are header rows.

    Rows above a ``|---|`` separator are the header (unless no row is left below it: a
    label over nothing labels nothing). Otherwise the first row is the header
    when all its cells are short labels, together with the rows right below it that start with
    an empty cell (the second line of a two-line header, as in the premium tables).
    """
    if separator_at is not None and separator_at < len(rows):
        return separator_at
    if len(rows) < 2 or any(len(cell) > _LABEL_MAX_CHARS for cell in rows[0]):
        return 0
    count = 1
    while count < len(rows) - 1 and not rows[count][0]:
        count += 1
    return count


def _table_rows(lines: list[str]) -> tuple[list[list[str]], int]:
    rows: list[list[str]] = []
    separator_at: int | None = None
    for line in lines:
        cells = _cells(line)
        if _is_separator(cells):
            separator_at = len(rows) if separator_at is None else separator_at
        else:
            rows.append(cells)
    width = max((len(row) for row in rows), default=0)
    rows = [row + [""] * (width - len(row)) for row in rows]
    return rows, _split_header(rows, separator_at)


def _spans(cells: list[str]) -> list[tuple[str, int]]:
    """Top header row: an empty cell widens the label to its left (「保険金額」 over ① and ②)."""
    spans: list[tuple[str, int]] = []
    for cell in cells:
        if not cell and spans:
            text, span = spans[-1]
            spans[-1] = (text, span + 1)
        else:
            spans.append((cell, 1))
    return spans


def _cell_html(tag: str, text: str, colspan: int = 1, rowspan: int = 1) -> str:
    attrs = f' colspan="{colspan}"' if colspan > 1 else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    if text and len(text) <= _SHORT_CELL_CHARS:
        attrs += ' class="nw"'
    if tag == "th":
        attrs += ' scope="col"'
    return f"<{tag}{attrs}>{_esc(text)}</{tag}>"


def _header_html(rows: list[list[str]]) -> str:
    """Header rows; a top label with nothing below it spans all header rows (「タイプ」)."""
    below = rows[1:]
    top: list[str] = []
    covered: set[int] = set()
    column = 0
    for text, colspan in _spans(rows[0]):
        columns = range(column, column + colspan)
        alone = bool(below) and all(not row[c] for row in below for c in columns)
        covered.update(columns if alone else ())
        top.append(_cell_html("th", text, colspan, len(rows) if alone else 1))
        column += colspan
    lower = ["".join(_cell_html("th", cell) for c, cell in enumerate(row) if c not in covered)
             for row in below]
    return "<thead>" + "\n".join(f"<tr>{cells}</tr>" for cells in ["".join(top), *lower]) + "</thead>"


def _body_html(rows: list[list[str]]) -> str:
    trs = ("<tr>" + "".join(_cell_html("td", cell) for cell in row) + "</tr>" for row in rows)
    return "<tbody>" + "\n".join(trs) + "</tbody>"


def _table(lines: list[str]) -> str:
    rows, header_count = _table_rows(lines)
    parts = ['<div class="table-wrap"><table>']
    if header_count:
        parts.append(_header_html(rows[:header_count]))
    if rows[header_count:]:
        parts.append(_body_html(rows[header_count:]))
    parts.append("</table></div>")
    return "\n".join(parts)


# --- entry point ---------------------------------------------------------------------


def render_text(text: str) -> str:
    """HTML for a section's body text; every character of the text comes out escaped."""
    lines = text.replace("\r\n", "\n").split("\n")
    html_blocks = []
    for kind, block_lines in _blocks(lines):
        if kind == "table":
            html_blocks.append(_table(block_lines))
        elif kind == "list":
            html_blocks.append(_list_html(_list_items(block_lines)))
        else:
            html_blocks.append(_paragraph(block_lines))
    return "\n".join(html_blocks)
