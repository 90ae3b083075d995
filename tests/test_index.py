"""Chunks that keep their meaning, an idempotent persisted index, hybrid search with citations."""

from __future__ import annotations

import json

import pytest

from knowledge.chunks import all_chunks
from knowledge.index import IndexDirError, PamphletIndex, get_index
from knowledge.pamphlet import section_ids


def by_section(section: str):
    return [c for c in all_chunks() if c.section == section]


def test_every_section_is_chunked_and_ids_are_unique():
    chunks = all_chunks()
    assert {c.section for c in chunks} == set(section_ids())
    assert len({c.id for c in chunks}) == len(chunks)


def test_premium_table_rows_keep_their_headers():
    rows = [c for c in by_section("sec-08") if c.kind == "table_row"]
    assert len(rows) == 21
    hospital_h2 = next(c for c in rows if "H2" in c.text and "121,130円" in c.text)
    assert "100床: 121,130円" in hospital_h2.text and "タイプ: H2" in hospital_h2.text


def test_each_exclusion_is_its_own_chunk_with_its_heading():
    items = [c for c in by_section("sec-13") if c.kind == "item"]
    common = [c for c in items if c.context == "【共通】"]
    specific = [c for c in items if "固有部分" in c.context]
    assert [c.text[0] for c in common] == list("①②③④⑤⑥⑦⑧⑨⑩⑪")
    assert [c.text[0] for c in specific] == list("①②③")
    assert "ただし、他人の紙または記録媒体" in common[3].text  # the exception stays with its item


def test_spaced_table_header_is_joined():
    assert any("対象事由" in c.context for c in by_section("sec-04"))


def test_the_long_cost_row_is_split_by_item():
    costs = [c for c in by_section("sec-07") if c.kind == "table_row" and "イ." in c.text]
    assert len(costs) == 4 and all("事故時の対応" in c.text for c in costs)


def test_build_is_idempotent_and_searchable(shared_pamphlet_index):
    index = PamphletIndex(shared_pamphlet_index)
    assert index.is_current()
    assert index.build().rebuilt is False
    hits = index.search("クーリングオフの対象ですか", k=3)
    assert hits[0].chunk.section == "sec-14"


def test_a_changed_manifest_triggers_a_rebuild(tmp_path, shared_pamphlet_index):
    import shutil

    copy = tmp_path / "chroma"
    shutil.copytree(shared_pamphlet_index, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["pamphlet_sha256"] = "0" * 64
    (copy / "manifest.json").write_text(json.dumps(manifest))
    index = PamphletIndex(copy)
    assert not index.is_current()
    assert index.build().rebuilt is True and index.is_current()


def test_refuses_to_clear_a_directory_that_is_not_an_index(tmp_path):
    (tmp_path / "precious.txt").write_text("do not delete")
    (tmp_path / "manifest.json").write_text("{}")  # looks stale, so a build would clear it
    with pytest.raises(IndexDirError, match="precious.txt"):
        PamphletIndex(tmp_path).build()
    assert (tmp_path / "precious.txt").read_text() == "do not delete"


def test_search_returns_both_ranks_and_the_section(shared_pamphlet_index):
    hits = get_index(shared_pamphlet_index).search("示談交渉を代行してもらえますか", k=5)
    assert any(h.chunk.section == "sec-16" for h in hits[:3])
    assert all(h.lexical_rank or h.dense_rank for h in hits)


def test_no_sentence_of_the_pamphlet_is_left_out_of_the_chunks():
    """Every sentence (a line ending in 。) must be searchable and quotable."""
    import re

    from knowledge.pamphlet import load_sections

    def squash(text: str) -> str:
        return re.sub(r"\s+|[-・●■◆□※]", "", text)

    chunked = {s: squash(" ".join(c.context + c.text for c in all_chunks() if c.section == s)) for s in section_ids()}
    missing = []
    for section in load_sections():
        cells = [cell for line in section.text.splitlines() for cell in line.split("\t")]
        for cell in cells:
            for sentence in re.findall(r"[^。]*。", cell):
                if len(sentence.strip()) > 8 and squash(sentence) not in chunked[section.id]:
                    missing.append(f"{section.id}: {sentence.strip()[:60]}")
    assert not missing, missing


def test_a_contact_card_is_one_chunk():
    """Name, address, TEL/FAX and hours of the agent stay together, so 「FAXは？」 finds the number."""
    from knowledge.chunks import all_chunks

    cards = [c for c in all_chunks() if c.text.startswith("宮崎県医師協同組合")]
    assert len(cards) == 1
    assert "0985-23-9179" in cards[0].text and "午前9時から午後5時" in cards[0].text


def test_a_heading_stops_at_the_caption_that_starts_something_new():
    """「■サービスの適用地域」 heads 「日本国内での対応に限られます。」 and not the example chart after it,
    else 「海外でも使えますか」 is answered with the list of support functions."""
    by_text = {c.text: c for c in all_chunks() if c.section == "sec-09b"}
    assert by_text["日本国内での対応に限られます。"].context == "■サービスの適用地域"
    follower = next(c for t, c in by_text.items() if t.startswith("このような緊急時に"))
    assert follower.context == ""


def test_the_rarest_word_is_one_the_user_wrote():
    """院長 is not in the pamphlet and is searched through 役員; the subject is still 故意."""
    from knowledge.lexical import lexical_index

    assert lexical_index().rarest_word("院長が故意に起こした事故は補償されますか") == "w:故意"


def test_dense_search_is_exact(shared_pamphlet_index):
    """The graph search must return the true nearest chunks: at chroma's default breadth a chunk
    was found in some processes and missed in others, and answers flickered with it."""
    import numpy as np

    index = get_index(shared_pamphlet_index)
    stored = index._dense_store().get(include=["embeddings"])
    ids, vectors = stored["ids"], np.asarray(stored["embeddings"], dtype=float)
    for question in ("再発防止の費用もでるんでしょうか", "夜間の連絡先は？", "保険料はいくら？"):
        query = np.asarray(index.embeddings.embed_query(question), dtype=float)
        exact = [ids[i] for i in np.argsort(-(vectors @ query))[:20]]
        found = [chunk.id for chunk, _ in index.dense_search(question, k=20)]
        assert set(found) == set(exact), question


def test_a_sections_subject_is_read_with_its_statements():
    """Section 9 calls its service 「本サービス」; staff call it 緊急時サポート."""
    note = next(c for c in all_chunks() if c.text.startswith("※本サービスは、医療機関用サイバー保険で"))
    assert "緊急時サポート総合サービス" in note.search_text
    assert "緊急時サポート総合サービス" not in note.quotable  # retrieval reads it; answers do not quote it
