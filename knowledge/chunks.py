"""The pamphlet cut into units that keep their meaning: a sentence group, one table row with
its header, one list item (an exclusion, a duty, a service) with the line that introduces it.

Pure functions over knowledge/pamphlet; no index, no heavy imports. Each chunk keeps the
section it came from, so every answer built from it can cite that section.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from knowledge.pamphlet import Section, load_sections

Kind = Literal["sentences", "table_row", "item"]
MAX_GROUP_CHARS = 160  # a few sentences: enough context, still one idea
LONG_ROW = 300
ITEM_START = re.compile(r"^\s*(?:-\s+|・|●|■|◆|✔|\d+\.\s|[①-⑳]|<\d>|\(\d\)|NO\t)")
SUB_ITEM = re.compile(r"^\s*(?:[ア-ン]\.|ただし|※)")
NOISE = {"など", "概要", "主なサポート機能"}
HEADING_LINE = re.compile(r"^(【.+】|<.+>|■.+|●.+|◆.+|□.+)$")
SPACED_CJK = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff]) (?=[\u3040-\u30ff\u4e00-\u9fff])")
# A contact card is printed as one short line per block: name, address, TEL/FAX, hours. Cut
# line by line, "FAX番号は？" finds the name and never the number; kept whole, the card answers.
CARD_LINE_CHARS = 90
CONTACT_LINE = re.compile(r"(TEL|FAX|MAIL|〒|受付時間|\d{2,4}-\d{2,4}-\d{3,4}|https?://)")
CARD_JOIN = " ／ "


class Chunk(BaseModel):
    id: str
    section: str
    title: str  # the section's label, e.g. "13. 保険金をお支払いできない主な場合"
    position: int
    kind: Kind
    text: str  # what an answer may quote
    context: str  # the header or lead-in line that gives the text its meaning (may be empty)
    subject: str = ""  # the section's subject when its title does not name it (see Section.subject)

    @property
    def search_text(self) -> str:
        """What retrieval indexes: the text with its header and the section title."""
        return " ".join(part for part in (self.title, self.subject, self.context, self.text) if part)

    @property
    def quotable(self) -> str:
        """The text as an answer quotes it: with the heading it sits under (「■保険契約者：公益社団法人
        宮崎県医師会」, 「◆…約2.8倍に増加：出典：警察庁…」), which often holds the fact itself."""
        return f"{self.context}：{self.text}" if self.context and self.context not in self.text else self.text


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _is_table(block: list[str]) -> bool:
    return sum("\t" in line for line in block) >= 2


def _merge_headers(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    merged = []
    for col in range(width):
        parts = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
        # 「対 象 事 由」 is spaced out for the printed layout; searched, it is 対象事由.
        merged.append(SPACED_CJK.sub("", " ".join(parts)))
    return merged


def _table_rows(block: list[str]) -> tuple[str, list[str]]:
    """Header cells joined, and each data row rendered as 'header: value' pairs."""
    if block[0].lstrip().startswith(("■", "●")):
        # Rows that start with a marker have no header row of their own (section 9's service table).
        return "", [" ／ ".join(c.strip() for c in line.split("\t") if c.strip()) for line in block]
    header_lines = [block[0]]
    rest = block[1:]
    # A second header line (it starts with an empty cell) continues the first: section 8's tables.
    while rest and rest[0].startswith("\t"):
        header_lines.append(rest[0])
        rest = rest[1:]
    header_cells = _merge_headers([line.split("\t") for line in header_lines])
    rows = []
    for line in rest:
        cells = line.split("\t")
        if not any(c.strip() for c in cells):
            continue
        if len(header_cells) >= 2 and len(cells) >= 2:
            pairs = [f"{h}: {c.strip()}" if h else c.strip() for h, c in zip(header_cells, cells) if c.strip()]
            row = "／".join(pairs)
            long_cell = max(cells, key=len)
            parts = [p.strip() for p in re.split(r"(?=[①②③④⑤⑥⑦⑧⑨⑩])", long_cell) if p.strip()]
            if len(row) > LONG_ROW and len(parts) >= 2:
                # Section 7's cost row lists four kinds of cost in one cell: one chunk each,
                # every one keeping the row's first cell so it still says what it is about.
                rows.extend(f"{header_cells[0]}: {cells[0].strip()}／{part}" for part in parts)
            else:
                rows.append(row)
        else:
            rows.append(" ".join(c.strip() for c in cells if c.strip()))
    return " ".join(c for c in header_cells if c), rows


def _items(block: list[str]) -> list[str]:
    items: list[str] = []
    for line in block:
        stripped = line.strip()
        if ITEM_START.match(stripped) or not items:
            items.append(re.sub(r"^-\s+", "", stripped))
        elif SUB_ITEM.match(stripped) or not stripped.endswith("。") or len(items[-1]) < 400:
            items[-1] += "\n" + stripped
        else:
            items.append(stripped)
    return items


def _sentence_groups(block: list[str]) -> list[str]:
    text = " ".join(line.strip() for line in block)
    sentences = [s for s in re.split(r"(?<=[。！？])\s*", text) if s.strip()]
    groups: list[str] = []
    for sentence in sentences:
        if groups and len(groups[-1]) + len(sentence) <= MAX_GROUP_CHARS:
            groups[-1] += sentence
        else:
            groups.append(sentence)
    return groups


def _is_card_line(block: list[str]) -> bool:
    line = block[0].strip()
    return len(block) == 1 and len(line) <= CARD_LINE_CHARS and not HEADING_LINE.match(line)


def _with_cards(blocks: list[list[str]]) -> list[tuple[bool, list[str]]]:
    """Blocks, with each run of short one-line blocks that holds a contact line joined into one
    card (flagged True)."""
    out: list[tuple[bool, list[str]]] = []
    run: list[list[str]] = []

    def flush() -> None:
        if len(run) >= 2 and any(CONTACT_LINE.search(b[0]) for b in run):
            out.append((True, [b[0].strip() for b in run]))
        else:
            out.extend((False, b) for b in run)
        run.clear()

    for block in blocks:
        if _is_card_line(block):
            run.append(block)
            continue
        flush()
        out.append((False, block))
    flush()
    return out


def _is_caption(block: list[str]) -> bool:
    line = block[0].strip()
    return len(block) == 1 and len(line) < 60 and "。" not in line and not line.endswith((":", "：")) and not ITEM_START.match(line)


def section_chunks(section: Section) -> list[Chunk]:
    chunks: list[Chunk] = []
    lead = ""  # the last heading-like line: it names what the following items or rows are
    lead_blocks = 0  # how many more blocks a ■/● heading still applies to; 【】 and <> headings last

    def add(kind: Kind, text: str, context: str) -> None:
        if len(text.strip()) < 6 or text.strip() in NOISE:
            return  # a column caption or a lone 「など」 says nothing on its own
        chunks.append(Chunk(
            id=f"{section.id}-{len(chunks):03d}", section=section.id, title=section.label,
            position=len(chunks), kind=kind, text=text.strip(), context=context, subject=section.subject,
        ))

    for is_card, block in _with_cards(_blocks(section.text)):
        if is_card:
            add("sentences", CARD_JOIN.join(block), lead)
            continue
        line = block[0].strip()
        if len(block) == 1 and HEADING_LINE.match(line) and len(line) < 60 and not line.endswith("。"):
            lead = line
            lead_blocks = 3 if lead.startswith(("■", "●", "◆", "□")) else -1
            continue
        if lead_blocks == 0 or (lead_blocks in (1, 2) and _is_caption(block)):
            # A short caption after a ■ heading's own text starts something new (「〜の対応〔例〕」).
            lead = ""
            lead_blocks = 0
        lead_blocks -= 1 if lead_blocks > 0 else 0
        if _is_table(block):
            header, rows = _table_rows(block)
            for row in rows:
                add("table_row", row, " ".join(p for p in (lead, header) if p))
            continue
        if any(ITEM_START.match(line.strip()) for line in block) and len(block) >= 2:
            intro = "" if ITEM_START.match(block[0].strip()) else block[0].strip()
            body = block[1:] if intro else block
            if intro and not intro.endswith(("。", ":", "：")) and len(intro) < 60:
                lead = intro
            elif intro:
                add("sentences", intro, lead)
            for item in _items(body):
                add("item", item, lead)
            continue
        for group in _sentence_groups(block):
            add("sentences", group, lead)
    return chunks


@lru_cache(maxsize=1)
def all_chunks() -> tuple[Chunk, ...]:
    return tuple(chunk for section in load_sections() for chunk in section_chunks(section))


@lru_cache(maxsize=1)
def _by_position() -> dict[tuple[str, int], Chunk]:
    return {(c.section, c.position): c for c in all_chunks()}


def chunk_at(section: str, position: int) -> Chunk | None:
    """The chunk at a position of a section, for reading what follows a retrieved one."""
    return _by_position().get((section, position))
