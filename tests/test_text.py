"""Tests for knowledge.text: Japanese input normalisation and extractors."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.text import (
    Size,
    find_amounts_yen,
    find_days,
    find_facility,
    find_int_with_suffix,
    find_invalid_plan,
    find_plan,
    find_size,
    fold,
    normalize,
    parse_japanese_number,
)

# ---------------------------------------------------------------------------
# normalize / fold
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("３０床の病院でＨ７", "30床の病院でH7"),
        ("ｸﾘﾆｯｸ h-3", "クリニック h-3"),
        ("ｸﾘﾆｯｸ ｈ３", "クリニック h3"),  # case kept
        ("  賠償\u3000 1億\t\n円  ", "賠償 1億 円"),
        ("1〜3日", "1〜3日"),
        ("1～3日", "1〜3日"),  # fullwidth tilde
        ("1~3日", "1〜3日"),
        ("1∼3日", "1〜3日"),
        ("0120ー318ー258", "0120-318-258"),
        ("0120－318－258", "0120-318-258"),
        ("0120ｰ318ｰ258", "0120-318-258"),
        ("2023‐03–05", "2023-03-05"),
        ("3—5床", "3-5床"),
        ("10−2", "10-2"),
        ("データー", "データー"),  # long vowel not between digits stays
        ("Aー1", "Aー1"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_never_turns_wave_dash_into_long_vowel() -> None:
    out = normalize("5〜10床、3～4日")
    assert "ー" not in out
    assert out.count("〜") == 2


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ｸﾘﾆｯｸ", "くりにっく"),
        ("クリニック", "くりにっく"),
        ("くりにっく", "くりにっく"),
        ("Dental Clinic", "dentalclinic"),
        ("ロウケン です", "ろうけんです"),
        ("Ｈ ７", "h7"),
        ("1 ー 2", "1-2"),  # whitespace removed before the digit-hyphen rule
        ("T¨", "\u1e97"),  # lowercasing enables a composition; fold re-normalises
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


@settings(max_examples=500)
@given(st.text())
def test_normalize_idempotent(s: str) -> None:
    once = normalize(s)
    assert normalize(once) == once


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from("ｸﾘﾆｯｸ クリニック〜～~ー－-‐ 　0123456789Hhａ漢字\t\n")))
def test_normalize_idempotent_on_relevant_alphabet(s: str) -> None:
    once = normalize(s)
    assert normalize(once) == once


@settings(max_examples=500)
@given(st.text())
def test_fold_idempotent(s: str) -> None:
    once = fold(s)
    assert fold(once) == once


# ---------------------------------------------------------------------------
# parse_japanese_number
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5,000", 5000),
        ("27,200", 27200),
        ("1,000,000", 1_000_000),
        ("２０", 20),
        ("20", 20),
        ("五十", 50),
        ("百", 100),
        ("三百五十", 350),
        ("千五百", 1500),
        ("二千", 2000),
        ("一千", 1000),
        ("十", 10),
        ("十五", 15),
        ("二〇二三", 2023),
        ("三千万", 30_000_000),
        ("千万", 10_000_000),
        ("1億", 100_000_000),
        ("10億", 1_000_000_000),
        ("1億5000万", 150_000_000),
        ("1億5,000万", 150_000_000),
        ("５千万", 50_000_000),
        ("3千万", 30_000_000),
        ("5,000万", 50_000_000),
        ("15,000万", 150_000_000),
        ("12万3千", 123_000),
        ("十万", 100_000),
        ("一億二千三百四十五万六千七百八十九", 123_456_789),
        ("1.5億", 150_000_000),
        ("〇", 0),
        ("零", 0),
        ("0", 0),
        ("1兆", 10**12),
        ("壱万", 10_000),
    ],
)
def test_parse_japanese_number(raw: str, expected: int) -> None:
    assert parse_japanese_number(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "abc",
        "万",  # big unit with nothing before it
        "億円",
        "1億円",  # 円 is not part of a number
        "1,00",
        "1,0000",
        "十十",
        "百千",  # units out of order
        "50千",
        "2.5",  # decimal only before 万/億
        "1.5",
        "0.00001万",  # not whole
        "1万20000",
        "1万2万",
        "一1",
        "H3",
        "3日",
        "-5",
    ],
)
def test_parse_japanese_number_rejects(raw: str) -> None:
    with pytest.raises(ValueError, match="cannot parse"):
        parse_japanese_number(raw)


_KANJI_DIGITS = "〇一二三四五六七八九"


def _kanji_section(x: int, explicit_one: bool) -> str:
    """Render 1..9999 in kanji, e.g. 1500 -> 千五百 (or 一千五百)."""
    out = ""
    for unit, ch in ((1000, "千"), (100, "百"), (10, "十")):
        d, x = divmod(x, unit)
        if d:
            out += ("" if d == 1 and not explicit_one else _KANJI_DIGITS[d]) + ch
    if x:
        out += _KANJI_DIGITS[x]
    return out


def to_kanji(n: int, explicit_one: bool = False) -> str:
    """Conventional kanji rendering of 0 <= n < 10**12."""
    if n == 0:
        return "〇"
    oku, rest = divmod(n, 10**8)
    man, ones = divmod(rest, 10**4)
    out = ""
    if oku:
        out += _kanji_section(oku, explicit_one) + "億"
    if man:
        out += _kanji_section(man, explicit_one) + "万"
    if ones:
        out += _kanji_section(ones, explicit_one)
    return out


def to_mixed(n: int, commas: bool) -> str:
    """Arabic sections with 億/万, e.g. 150_005_000 -> 1億5000万... or 1億5,000万."""
    if n == 0:
        return "0"
    oku, rest = divmod(n, 10**8)
    man, ones = divmod(rest, 10**4)
    fmt = "{:,}" if commas else "{}"
    out = ""
    if oku:
        out += fmt.format(oku) + "億"
    if man:
        out += fmt.format(man) + "万"
    if ones:
        out += fmt.format(ones)
    return out


def test_to_kanji_helper() -> None:
    assert to_kanji(1500) == "千五百"
    assert to_kanji(30_000_000) == "三千万"
    assert to_kanji(10_010) == "一万十"
    assert to_kanji(1500, explicit_one=True) == "一千五百"


numbers = st.integers(min_value=0, max_value=99_999_999)


@settings(max_examples=1000)
@given(numbers)
def test_parse_arabic_roundtrip(n: int) -> None:
    assert parse_japanese_number(str(n)) == n
    assert parse_japanese_number(f"{n:,}") == n
    assert parse_japanese_number(str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == n


@settings(max_examples=1000)
@given(numbers, st.booleans())
def test_parse_kanji_roundtrip(n: int, explicit_one: bool) -> None:
    assert parse_japanese_number(to_kanji(n, explicit_one)) == n


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=10**12 - 1), st.booleans())
def test_parse_mixed_roundtrip(n: int, commas: bool) -> None:
    assert parse_japanese_number(to_mixed(n, commas)) == n
    assert parse_japanese_number(to_kanji(n)) == n


# ---------------------------------------------------------------------------
# find_amounts_yen
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("賠償1億・事故対応5,000万円", [100_000_000, 50_000_000]),
        ("1億円", [100_000_000]),
        ("5,000万円", [50_000_000]),
        ("三千万", [30_000_000]),
        ("1000万", [10_000_000]),
        ("保険料は27,200円です", [27_200]),
        ("10万円", [100_000]),
        ("1億", [100_000_000]),
        ("1億5,000万円まで", [150_000_000]),
        ("1.5億円", [150_000_000]),
        ("５千万円と３千万円", [50_000_000, 30_000_000]),
        ("5万円,10万円", [50_000, 100_000]),
        ("¥27,200", [27_200]),
        ("三千円", [3_000]),
        ("1億円〜3億円", [100_000_000, 300_000_000]),
        ("万一1億円の損害が出たら", [100_000_000]),
        ("万が一の場合", []),
        ("30床で2023年", []),  # bare numbers are not money
        ("0120-318-258", []),
        ("H7プラン", []),
        ("一般診療所", []),
        ("", []),
    ],
)
def test_find_amounts_yen(text: str, expected: list[int]) -> None:
    assert find_amounts_yen(text) == expected


# ---------------------------------------------------------------------------
# find_size
# ---------------------------------------------------------------------------


def test_size_is_frozen() -> None:
    size = Size(30, "beds")
    with pytest.raises(dataclasses.FrozenInstanceError):
        size.value = 31  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("３０床の病院でＨ７", Size(30, "beds")),
        ("30床", Size(30, "beds")),
        ("五十床", Size(50, "beds")),
        ("ベッド数100", Size(100, "beds")),
        ("ベッド数：100", Size(100, "beds")),
        ("100ベッド", Size(100, "beds")),
        ("病床数50", Size(50, "beds")),
        ("病床数は50です", Size(50, "beds")),
        ("有床診療所19床", Size(19, "beds")),
        ("1,200床の大病院", Size(1200, "beds")),
        ("定員50人", Size(50, "people")),
        ("定員五十名", Size(50, "people")),
        ("定員百人の老健", Size(100, "people")),
        ("50人", Size(50, "people")),
        ("100名", Size(100, "people")),
        ("入所定員30", Size(30, "people")),
        ("入所定員は80名です", Size(80, "people")),
        ("定員 30 人", Size(30, "people")),
        # first mention wins
        ("30床、職員50人", Size(30, "beds")),
        ("定員50人、30床", Size(50, "people")),
        # a head count of staff or of the patients something happened to is no capacity
        ("職員50人、30床", Size(30, "beds")),
        ("漏れた患者さん300人にお詫び", None),
        # dates / days / plans in front do not block the real size
        ("12月3日からH3で、1日休業、病床数20", Size(20, "beds")),
        # the common typo ベット, and an approximation or a comma before the number
        ("うちは80ベット", Size(80, "beds")),
        ("ベッド数は大体150くらい", Size(150, "beds")),
        ("ベッドは、ざっと200", Size(200, "beds")),
        ("病床、ほぼ8割埋まってます。うちは120床", Size(120, "beds")),  # a share is no count
        ("ﾋﾞｮｳｲﾝ 30ｼｮｳ H1", Size(30, "beds")),  # 床 typed in kana, not converted
        ("病院で50しょう", Size(50, "beds")),
    ],
)
def test_find_size(text: str, expected: Size | None) -> None:
    assert find_size(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1日",
        "3日間",
        "H3",
        "H3プランで",
        "50万円",
        "50万人",
        "2023年12月3日",
        "2023-03-05",
        "12/3",
        "0120-318-258",
        "電話 0120-318-258 まで",
        "有床診療所です",
        "無床",
        "病床 3日",  # keyword followed by a day count is not a bed count
        "定員の変更は2023年から",
        "1名あたり1000万円",
        "被害者1人につき",
        "ベッド、消毒しました。2日休診",
        "そうでしょう",
        "",
    ],
)
def test_find_size_negatives(text: str) -> None:
    assert find_size(text) is None


# ---------------------------------------------------------------------------
# find_facility
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("クリニック", "clinic"),
        ("くりにっく", "clinic"),
        ("ｸﾘﾆｯｸ h-3", "clinic"),
        ("田中医院です", "clinic"),
        ("診療所", "clinic"),
        ("有床診療所19床", "clinic"),
        ("無床診療所", "clinic"),
        ("開業医です", "clinic"),
        ("一般診療所", "clinic"),
        ("clinic", "clinic"),
        ("Clinic", "clinic"),
        ("３０床の病院でＨ７", "hospital"),
        ("病院", "hospital"),
        ("Hospital", "hospital"),
        ("介護老人保健施設", "care"),
        ("定員百人の老健", "care"),
        ("ろうけん", "care"),
        ("ロウケン", "care"),
        ("介護医療院", "care_medical"),
        ("介護医療院で50床", "care_medical"),
        ("歯科医院", "dental"),
        ("歯科診療所", "dental"),
        ("歯科クリニック", "dental"),
        ("歯医者", "dental"),
        ("デンタルクリニック", "dental"),
        ("ﾃﾞﾝﾀﾙｸﾘﾆｯｸ", "dental"),
        ("dental clinic", "dental"),
        ("病院の中の歯科", "dental"),  # dental wins wherever it appears
        ("歯科病院", "dental"),
        ("病院ではなくクリニックです", "clinic"),  # negated mention skipped
        ("猫が好き", None),
        ("", None),
    ],
)
def test_find_facility(text: str, expected: str | None) -> None:
    assert find_facility(text) == expected


def test_care_medical_is_not_clinic() -> None:
    assert find_facility("介護医療院") != "clinic"
    assert find_facility("介護医療院") == "care_medical"


def test_bedded_clinic_is_not_hospital() -> None:
    assert find_facility("有床診療所で19床あります") == "clinic"


# ---------------------------------------------------------------------------
# find_plan / find_invalid_plan
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H3", "H3"),
        ("ｈ３", "H3"),
        ("Ｈ３", "H3"),
        ("h-3", "H3"),
        ("H－3", "H3"),
        ("H 3", "H3"),
        ("Hー3", "H3"),
        ("エイチ3", "H3"),
        ("H1", "H1"),
        ("H7", "H7"),
        ("３０床の病院でＨ７", "H7"),
        ("ｸﾘﾆｯｸ h-3", "H3"),
        ("H3プランの保険料", "H3"),
        ("プランはH5", "H5"),
        ("H9とH2", "H2"),
        ("H8", None),
        ("H9", None),
        ("H0", None),
        ("平成H30年", None),
        ("H30年度", None),
        ("H3年", None),  # Heisei 3, not plan H3
        ("H3.4.1", None),
        ("CH3", None),
        ("each 3", None),
        ("プランなし", None),
        ("", None),
    ],
)
def test_find_plan(text: str, expected: str | None) -> None:
    assert find_plan(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("H9", "H9"),
        ("ｈ８", "H8"),
        ("H0はありますか", "H0"),
        ("H12", "H12"),
        ("H3", None),
        ("H9とH2", "H9"),
        ("H30年", None),
        ("なし", None),
    ],
)
def test_find_invalid_plan(text: str, expected: str | None) -> None:
    assert find_invalid_plan(text) == expected


# ---------------------------------------------------------------------------
# find_int_with_suffix / find_days
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "suffixes", "expected"),
    [
        ("3日", ("日",), 3),
        ("三日間", ("日間", "日"), 3),
        ("4日休業", ("日",), 4),
        ("職員12人", ("人", "名"), 12),
        ("1,200人", ("人",), 1200),
        ("50万人", ("人",), None),  # counts never carry 万
        ("12/3日", ("日",), None),  # tail of another number
        ("なし", ("日",), None),
        ("3日", (), None),
    ],
)
def test_find_int_with_suffix(text: str, suffixes: tuple[str, ...], expected: int | None) -> None:
    assert find_int_with_suffix(text, suffixes) == expected


def test_find_int_with_suffix_guards() -> None:
    assert find_int_with_suffix("12月3日", ("日",), not_preceded_by=("月",)) is None
    assert find_int_with_suffix("12月3日、5日", ("日",), not_preceded_by=("月",)) == 5
    assert find_int_with_suffix("1日あたり", ("日",), not_followed_by=("あたり",)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("休業3日", 3),
        ("3日間休診", 3),
        ("三日", 3),
        ("4日休業", 4),
        ("十日間", 10),
        ("３日間", 3),
        ("5営業日", 5),
        ("12月3日から3日間休診", 3),
        ("12月3日", None),
        ("毎月3日", None),
        ("12月 3日", None),
        ("3日(月)", None),
        ("2023-03-05", None),
        ("2023年3月5日", None),
        ("12/3", None),
        ("1日あたり10万円", None),
        ("3日目", None),
        ("30床", None),
        ("", None),
    ],
)
def test_find_days(text: str, expected: int | None) -> None:
    assert find_days(text) == expected


@pytest.mark.parametrize(("text", "days"), [("1週間休診します", 7), ("二週間休業", 14), ("2週間前に気づいた", None), ("1週間あたり2回", None)])
def test_a_closure_in_weeks_is_counted_in_days(text, days):
    from knowledge.text import find_days

    assert find_days(text) == days


@pytest.mark.parametrize("text, plans", [("H1vsH2", ["H1", "H2"]), ("with 2 days closed", []), ("ｈ３とエイチ5", ["H3", "H5"])])
def test_plans_named_stand_alone_or_after_vs(text, plans):
    from knowledge.text import normalize, plans_named
    assert [p for _, p in plans_named(normalize(text))] == plans


def test_a_facility_word_listed_under_two_kinds_is_refused_by_name(tmp_path) -> None:
    from knowledge.facility_words import PATH, FacilityWordsError, load_facility_words

    broken = PATH.read_text(encoding="utf-8").replace("hospital: [病院,", "hospital: [医院, 病院,")
    (tmp_path / "facilities.yaml").write_text(broken, encoding="utf-8")
    with pytest.raises(FacilityWordsError, match="医院.*names both clinic and hospital"):
        load_facility_words(tmp_path / "facilities.yaml")

