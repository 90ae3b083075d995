"""Where a reply's premium table stands as plain lines, so a channel that draws the table (a LINE
Flex bubble, an HTML table on the web page) shows it once, in its place."""

from __future__ import annotations

from handlers.messages import PremiumTableView


def is_table_block(block: str, table: PremiumTableView) -> bool:
    """Whether a paragraph is exactly the table as plain lines (quote.py's `_table`): a title line, then one
    line per row starting with the row's first cell. Strict on purpose: no other text is ever dropped."""
    lines = block.strip("\n").split("\n")
    if not table.rows or len(lines) != len(table.rows) + 1 or table.title not in lines[0]:
        return False
    return all(line.startswith(row[0]) for line, row in zip(lines[1:], table.rows) if row)


def find_table_block(texts: list[str], table: PremiumTableView) -> tuple[int, int] | None:
    """(text index, paragraph index) of the first paragraph that repeats the table, or None."""
    for index, text in enumerate(texts):
        for block_index, block in enumerate(text.split("\n\n")):
            if is_table_block(block, table):
                return index, block_index
    return None


def split_around_table(texts: list[str], table: PremiumTableView) -> list[tuple[str, bool]]:
    """The texts, with the table's paragraph as a piece of its own marked True (the text before and
    after it in the same message become pieces of their own); nothing is dropped."""
    found = find_table_block(texts, table)
    if found is None:
        return [(t, False) for t in texts]
    index, block_index = found
    blocks = texts[index].split("\n\n")
    before, after = "\n\n".join(blocks[:block_index]), "\n\n".join(blocks[block_index + 1:])
    pieces = [(t, False) for t in texts[:index]]
    pieces += [(before, False)] if before.strip() else []
    pieces.append((blocks[block_index], True))
    pieces += [(after, False)] if after.strip() else []
    return pieces + [(t, False) for t in texts[index + 1:]]
