"""Tests for the pamphlet section files (knowledge/pamphlet/*.md) and their loader."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from knowledge.pamphlet import (
    PAMPHLET_DIR,
    PamphletError,
    Section,
    get_section,
    load_sections,
    pamphlet_hash,
    section_ids,
)

# The pamphlet exactly as the project received it (provenance in knowledge/source/README.md).
SEED_FILE = Path(__file__).resolve().parents[1] / "knowledge" / "source" / "pamphlet.txt"

EXPECTED_IDS = [
    "sec-00",
    "sec-01",
    "sec-02",
    "sec-03",
    "sec-04",
    "sec-05",
    "sec-05b",
    "sec-06",
    "sec-07",
    "sec-08",
    "sec-09",
    "sec-09b",
    "sec-10",
    "jma-leaflet",
    "sec-11",
    "sec-12",
    "sec-13",
    "sec-14",
    "sec-15",
    "sec-16",
    "sec-17",
    "sec-18",
]


# --------------------------------------------------------------------------- helpers

_HTML_TAG = re.compile(r"</?(?:p|ul|ol|li|br)\b[^>]*>", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SUPERSCRIPT = re.compile(r"\^\{([^{}]*)\}")
_BRACKETED_URL = re.compile(r"<(https?://[^<>\s]+)>")


def _strip_markup(line: str) -> str:
    line = _HTML_TAG.sub(" ", line)
    line = _BOLD.sub(r"\1", line)
    line = _SUPERSCRIPT.sub(r"\1", line)
    return _BRACKETED_URL.sub(r"\1", line)


def _norm(text: str) -> str:
    """NFKC and drop all whitespace, so layout differences do not matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="module")
def sections() -> list[Section]:
    return load_sections()


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED_FILE.is_file():
        pytest.fail(
            f"pamphlet seed file not found at {SEED_FILE}; the coverage test needs the original "
            "pamphlet text to check that no content was lost"
        )
    return SEED_FILE.read_text(encoding="utf-8").splitlines()


@pytest.fixture()
def pamphlet_copy(tmp_path: Path) -> Path:
    for path in PAMPHLET_DIR.glob("*.md"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


# --------------------------------------------------------------------------- structure


def test_exact_ids_in_order(sections: list[Section]) -> None:
    assert [s.id for s in sections] == EXPECTED_IDS
    assert [s.order for s in sections] == list(range(len(EXPECTED_IDS)))
    assert section_ids() == EXPECTED_IDS


def test_files_match_ids() -> None:
    assert sorted(p.stem for p in PAMPHLET_DIR.glob("*.md")) == sorted(EXPECTED_IDS)


@pytest.mark.parametrize(
    ("section_id", "number", "title"),
    [
        ("sec-00", "", "医療機関用団体サイバー保険のご案内"),
        ("sec-05", "5", "情報漏えい事故はあとを絶たず、法規制も強化"),
        ("sec-05b", "5", "サイバー攻撃の被害例"),
        ("sec-08", "8", "『医療機関用団体サイバー保険(オールリスクプラン)』の加入タイプ"),
        ("sec-09b", "9", "自動セットサービスの概要 (SOMPOリスクマネジメント社提供) (つづき)"),
        ("jma-leaflet", "", "日本医師会 サイバーセキュリティ支援制度（その1〜その3）"),
        ("sec-11", "11", "サイバーセキュリティ支援制度の概要<(公社)日本医師会提供>"),
        ("sec-12", "12", "この保険のあらまし"),
        ("sec-13", "13", "保険金をお支払いできない主な場合"),
        ("sec-16", "16", "万一事故にあわれたら"),
        ("sec-17", "17", "万一事故にあわれたら(つづき)"),
        ("sec-18", "18", "お問い合わせ先"),
    ],
)
def test_titles_as_printed(section_id: str, number: str, title: str) -> None:
    section = get_section(section_id)
    assert section.number == number
    assert section.title == title


def test_label() -> None:
    assert get_section("sec-08").label == "8. 『医療機関用団体サイバー保険(オールリスクプラン)』の加入タイプ"
    assert get_section("sec-00").label == "医療機関用団体サイバー保険のご案内"


def test_numbered_labels_are_seed_headings(sections: list[Section], seed_lines: list[str]) -> None:
    """Every numbered section's label is a heading line of the seed, in the same order."""
    stripped = [line.strip() for line in seed_lines]
    positions = []
    for section in sections:
        if section.number:
            assert section.label in stripped, f"{section.id}: heading {section.label!r} not in seed"
            start = positions[-1] + 1 if positions else 0
            positions.append(stripped.index(section.label, start))
    assert positions == sorted(positions)


def test_body_does_not_start_with_heading(sections: list[Section]) -> None:
    for section in sections:
        if section.number:
            assert not section.text.startswith(section.label), section.id


def test_unknown_id_raises_key_error() -> None:
    with pytest.raises(KeyError, match="no-such-section"):
        get_section("no-such-section")


# --------------------------------------------------------------------------- content


def test_every_seed_line_is_covered(sections: list[Section], seed_lines: list[str]) -> None:
    texts = [_norm(s.text) for s in sections]
    headings = {_norm(s.label) for s in sections if s.number}
    missing = []
    for lineno, line in enumerate(seed_lines, start=1):
        needle = _norm(_strip_markup(line))
        if not needle or needle in headings:
            continue
        if not any(needle in text for text in texts):
            missing.append(f"line {lineno}: {line[:80]!r}")
    assert not missing, "seed lines missing from the sections:\n" + "\n".join(missing)


@pytest.mark.parametrize(
    ("section_id", "fact"),
    [
        ("sec-00", "団体割引"),
        ("sec-00", "令和7年6月6日（金）"),
        ("sec-05", "加入手続きの簡素化"),
        ("sec-05b", "喪失利益"),
        ("sec-08", "27,200円"),
        ("sec-08", "393,090円"),
        ("sec-09b", "(株)ベルシステム24"),
        ("sec-10", "標的型攻撃メール訓練 <Lightプラン>"),
        ("sec-11", "内部犯罪"),
        ("sec-11", "0120-179-066"),
        ("jma-leaflet", "0120-179-066"),
        ("jma-leaflet", "制度概要動画はこちら"),
        ("sec-12", "ご加入に際して特にご確認いただきたい事項"),
        ("sec-14", "クーリングオフ"),
        ("sec-16", "示談交渉"),
        ("sec-17", "0120-318-258"),
        ("sec-17", "30日以内"),
        ("sec-18", "0985-23-9100"),
        ("sec-18", "加入者証は大切に保管してください。"),
    ],
)
def test_key_facts_in_right_section(section_id: str, fact: str) -> None:
    assert fact in get_section(section_id).text


def test_section_boundaries(sections: list[Section]) -> None:
    by_id = {s.id: s for s in sections}
    assert "制度概要動画はこちら" not in by_id["sec-10"].text
    assert by_id["jma-leaflet"].text.startswith("制度概要動画はこちら")
    assert by_id["sec-11"].text.rstrip().endswith(
        "※2024年1月現在の内容となっております。最新の内容は日本医師会ホームページおよびメンバーズルームをご覧ください。"
    )
    assert by_id["sec-12"].text.startswith("ご加入に際して特にご確認いただきたい事項や、")
    assert "1. 日本におけるサイバー攻撃の脅威の高まり" not in by_id["sec-00"].text


def test_no_markup_left(sections: list[Section]) -> None:
    for section in sections:
        for marker in ("<p", "<ul", "<li", "<br", "</", "^{", "**", "<http"):
            assert marker not in section.text, f"{section.id}: {marker!r} left in text"
            assert marker not in section.title, f"{section.id}: {marker!r} left in title"


def test_text_is_clean(sections: list[Section]) -> None:
    for section in sections:
        assert "\n\n\n" not in section.text, f"{section.id}: more than one blank line in a row"
        for line in section.text.split("\n"):
            assert not line.endswith(" "), f"{section.id}: trailing space in {line!r}"


def test_tables_kept_as_tab_rows() -> None:
    rows = get_section("sec-08").text.split("\n")
    assert "H1\t1,000万円\t500万円\tなし\t27,200円" in rows
    rows = get_section("sec-09b").text.split("\n")
    assert any(r.startswith("■ コーディネーション機能\t● 必要となる各種サポート機能の調整") for r in rows)
    assert "\tH タイプ" in get_section("sec-07").text


# --------------------------------------------------------------------------- hash


def test_pamphlet_hash(pamphlet_copy: Path) -> None:
    digest = pamphlet_hash()
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert pamphlet_hash() == digest
    assert pamphlet_hash(pamphlet_copy) == digest
    path = pamphlet_copy / "sec-18.md"
    path.write_text(path.read_text(encoding="utf-8") + "追記\n", encoding="utf-8")
    assert pamphlet_hash(pamphlet_copy) != digest


# --------------------------------------------------------------------------- broken files


def test_copy_loads(pamphlet_copy: Path) -> None:
    assert [s.id for s in load_sections(pamphlet_copy)] == EXPECTED_IDS


def test_missing_front_matter_refused(pamphlet_copy: Path) -> None:
    path = pamphlet_copy / "sec-03.md"
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    path.write_text(body, encoding="utf-8")
    with pytest.raises(PamphletError, match=r"sec-03\.md.*front matter"):
        load_sections(pamphlet_copy)


def test_unclosed_front_matter_refused(pamphlet_copy: Path) -> None:
    path = pamphlet_copy / "sec-03.md"
    path.write_text("---\nid: sec-03\nnumber: \"3\"\norder: 3\ntitle: x\nbody\n", encoding="utf-8")
    with pytest.raises(PamphletError, match=r"sec-03\.md"):
        load_sections(pamphlet_copy)


def test_invalid_yaml_refused(pamphlet_copy: Path) -> None:
    path = pamphlet_copy / "sec-04.md"
    path.write_text("---\nid: [sec-04\n---\nbody\n", encoding="utf-8")
    with pytest.raises(PamphletError, match=r"sec-04\.md"):
        load_sections(pamphlet_copy)


def test_duplicate_id_refused(pamphlet_copy: Path) -> None:
    text = (pamphlet_copy / "sec-01.md").read_text(encoding="utf-8")
    (pamphlet_copy / "sec-99.md").write_text(text.replace("order: 1\n", "order: 99\n"), encoding="utf-8")
    with pytest.raises(PamphletError, match=r"sec-99\.md.*duplicate id 'sec-01'"):
        load_sections(pamphlet_copy)


def test_id_not_matching_file_name_refused(pamphlet_copy: Path) -> None:
    path = pamphlet_copy / "sec-02.md"
    path.rename(pamphlet_copy / "sec-02x.md")
    with pytest.raises(PamphletError, match=r"sec-02x\.md.*does not match the file name"):
        load_sections(pamphlet_copy)


def test_duplicate_order_refused(pamphlet_copy: Path) -> None:
    path = pamphlet_copy / "sec-18.md"
    path.write_text(path.read_text(encoding="utf-8").replace("order: 21\n", "order: 0\n"), encoding="utf-8")
    with pytest.raises(PamphletError, match=r"sec-18\.md.*duplicate order"):
        load_sections(pamphlet_copy)


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        ('id: sec-05\nnumber: "5"\norder: 5\ntitle: ""\n', "title"),
        ('id: sec-05\nnumber: "5"\norder: 5\n', "title"),
        ('id: sec-05\nnumber: 5\norder: 5\ntitle: x\n', "number"),
        ('id: sec-05\nnumber: "5"\norder: five\ntitle: x\n', "order"),
    ],
)
def test_bad_fields_refused(pamphlet_copy: Path, front_matter: str, problem: str) -> None:
    (pamphlet_copy / "sec-05.md").write_text(f"---\n{front_matter}---\nbody\n", encoding="utf-8")
    with pytest.raises(PamphletError, match=rf"sec-05\.md.*{problem}"):
        load_sections(pamphlet_copy)


def test_empty_body_refused(pamphlet_copy: Path) -> None:
    (pamphlet_copy / "sec-06.md").write_text(
        '---\nid: sec-06\nnumber: "6"\norder: 7\ntitle: x\n---\n\n  \n', encoding="utf-8"
    )
    with pytest.raises(PamphletError, match=r"sec-06\.md.*empty"):
        load_sections(pamphlet_copy)


def test_empty_directory_refused(tmp_path: Path) -> None:
    with pytest.raises(PamphletError, match="no section files"):
        load_sections(tmp_path)
