"""Pamphlet sections: one Markdown file per section with a YAML front matter block.

Each ``<id>.md`` file in this directory looks like::

    ---
    id: sec-08
    number: "8"
    order: 9
    title: 『医療機関用団体サイバー保険(オールリスクプラン)』の加入タイプ
    ---
    <body text>

Only stdlib, pydantic and PyYAML are imported here on purpose: this module is
loaded by the bot at start-up and by tests, and must stay light.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

import pydantic
import yaml

__all__ = [
    "PAMPHLET_DIR",
    "PamphletError",
    "Section",
    "get_section",
    "load_sections",
    "pamphlet_hash",
    "section_ids",
]

PAMPHLET_DIR = Path(__file__).resolve().parent

_FENCE = "---"


class PamphletError(Exception):
    """A section file is missing, malformed or inconsistent with the others."""


class Section(pydantic.BaseModel):
    """One section of the pamphlet."""

    model_config = pydantic.ConfigDict(frozen=True, extra="forbid", strict=True)

    id: str
    number: str
    order: int
    title: str
    text: str
    # What the section's statements mean by 「本サービス」, when the title does not name it
    # (section 9's 緊急時サポート総合サービス): retrieval reads it with every statement.
    subject: str = ""

    @property
    def label(self) -> str:
        """Heading as printed, e.g. ``"8. 『…』の加入タイプ"`` (just the title when unnumbered)."""
        return f"{self.number}. {self.title}" if self.number else self.title


def _split_front_matter(path: Path, content: str) -> tuple[dict, str]:
    lines = content.split("\n")
    if not lines or lines[0].rstrip() != _FENCE:
        raise PamphletError(f"{path.name}: missing YAML front matter (file must start with '---')")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == _FENCE)
    except StopIteration:
        raise PamphletError(f"{path.name}: front matter is not closed by a '---' line") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        raise PamphletError(f"{path.name}: front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise PamphletError(f"{path.name}: front matter must be a YAML mapping")
    body = "\n".join(lines[end + 1 :]).strip("\n")
    return meta, body


def _parse_file(path: Path, raw: bytes) -> Section:
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PamphletError(f"{path.name}: not valid UTF-8: {exc}") from exc
    content = content.removeprefix("\ufeff").replace("\r\n", "\n")
    meta, body = _split_front_matter(path, content)
    if "text" in meta:
        raise PamphletError(f"{path.name}: 'text' must not be set in the front matter")
    try:
        section = Section(**meta, text=body)
    except pydantic.ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'front matter'}: {err['msg']}"
            for err in exc.errors()
        )
        raise PamphletError(f"{path.name}: invalid front matter: {problems}") from exc
    except TypeError as exc:  # e.g. non-string keys
        raise PamphletError(f"{path.name}: invalid front matter: {exc}") from exc
    if not section.title.strip():
        raise PamphletError(f"{path.name}: title is empty")
    if not section.text.strip():
        raise PamphletError(f"{path.name}: body text is empty")
    return section


def _load(directory: Path | None) -> list[tuple[Path, bytes, Section]]:
    directory = PAMPHLET_DIR if directory is None else Path(directory)
    if not directory.is_dir():
        raise PamphletError(f"{directory}: pamphlet directory does not exist")
    files = sorted(directory.glob("*.md"))
    if not files:
        raise PamphletError(f"{directory}: no section files (*.md) found")
    entries: list[tuple[Path, bytes, Section]] = []
    seen_ids: dict[str, Path] = {}
    seen_orders: dict[int, Path] = {}
    for path in files:
        raw = path.read_bytes()
        section = _parse_file(path, raw)
        if section.id in seen_ids:
            raise PamphletError(
                f"{path.name}: duplicate id {section.id!r} (also in {seen_ids[section.id].name})"
            )
        if section.id != path.stem:
            raise PamphletError(
                f"{path.name}: id {section.id!r} does not match the file name {path.stem!r}"
            )
        if section.order in seen_orders:
            raise PamphletError(
                f"{path.name}: duplicate order {section.order} (also in {seen_orders[section.order].name})"
            )
        seen_ids[section.id] = path
        seen_orders[section.order] = path
        entries.append((path, raw, section))
    entries.sort(key=lambda entry: entry[2].order)
    return entries


def load_sections(directory: Path | None = None) -> list[Section]:
    """Load and validate every ``*.md`` section file, sorted by ``order``.

    Raises :class:`PamphletError` (naming the offending file) on any problem.
    """
    return [section for _, _, section in _load(directory)]


@functools.lru_cache(maxsize=1)
def _default_sections() -> tuple[tuple[Section, ...], dict[str, Section]]:
    sections = tuple(load_sections())
    return sections, {s.id: s for s in sections}


def get_section(section_id: str) -> Section:
    """Return the section with ``section_id`` from the bundled pamphlet (cached)."""
    _, by_id = _default_sections()
    try:
        return by_id[section_id]
    except KeyError:
        raise KeyError(
            f"unknown pamphlet section id {section_id!r}; known ids: {', '.join(by_id)}"
        ) from None


def section_ids() -> list[str]:
    """Ids of the bundled pamphlet sections, in pamphlet order (cached)."""
    sections, _ = _default_sections()
    return [s.id for s in sections]


def pamphlet_hash(directory: Path | None = None) -> str:
    """SHA-256 hex digest of all section files' bytes, concatenated in section order.

    Read fresh from disk on every call (not cached), so it changes whenever any
    section file changes; use it to decide when a search index must be rebuilt.
    """
    digest = hashlib.sha256()
    for _, raw, _ in _load(directory):
        digest.update(raw)
    return digest.hexdigest()
