"""`clinic-bot line richmenu`: the menu under the LINE chat's text box.

What a user would notice: the five buttons, in order, send texts the bot understands; the image
is the declared size, within LINE's limits, drawn in a real Japanese font (never tofu) with the
emergency button unmistakable; an upload goes to the right LINE hosts, moves the default only
when everything worked, and cleans up the menus of earlier runs (and only those).
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from linebot.v3.messaging import MessageAction, RichMenuArea, RichMenuBounds, RichMenuRequest, RichMenuSize
from PIL import Image, ImageDraw

from bot.channels import line_richmenu as rm
from bot.cli import main
from tests.line_standin import Call, LineStandin

TOKEN = "test-channel-token"
EXPECTED = [
    ("緊急時", "サイバー事故が起きました"),
    ("見積もり", "保険料の見積もりをしたい"),
    ("補償内容", "どんな損害が補償されますか"),
    ("一時支援金", "日本医師会の一時支援金について知りたい"),
    ("問い合わせ先", "問い合わせ先を教えてください"),
]
CREATE = "/v2/bot/richmenu"
SET_DEFAULT = "/v2/bot/user/all/richmenu/"


@pytest.fixture(autouse=True)
def _no_font_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(rm.FONT_ENV, raising=False)


@pytest.fixture
def line_hosts(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Two stand-ins, one per LINE host: api.line.me (base) and api-data.line.me (data)."""
    with LineStandin() as base, LineStandin() as data:
        monkeypatch.setenv("LINE_CHANNEL_SECRET", "test-secret")
        monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("LINE_API_BASE_URL", base.base_url)
        monkeypatch.setenv("LINE_API_DATA_URL", data.base_url)
        yield base, data


def _dry_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], Path, str]:
    out = tmp_path / "menu.png"
    main(["line", "richmenu", "--dry-run", "--out", str(out)])
    printed = capsys.readouterr().out
    menu, end = json.JSONDecoder().raw_decode(printed)
    return menu, out, printed[end:]


def _run(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(["line", "richmenu"])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- dry run: the menu and its image ------------------------------------------------------


def test_dry_run_prints_five_buttons_in_order_that_tile_the_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    menu, out, rest = _dry_run(tmp_path, capsys)

    actions = [(a["action"]["label"], a["action"]["text"]) for a in menu["areas"]]
    assert actions == EXPECTED
    assert all(a["action"]["type"] == "message" for a in menu["areas"])
    assert 1 <= len(menu["chatBarText"]) <= 14 and menu["selected"] is True
    assert menu["name"].startswith(rm.NAME_PREFIX)

    width, height = menu["size"]["width"], menu["size"]["height"]
    assert 800 <= width <= 2500 and height >= 250 and width / height >= 1.45
    boxes = [a["bounds"] for a in menu["areas"]]
    for b in boxes:
        assert b["x"] >= 0 and b["y"] >= 0 and b["x"] + b["width"] <= width and b["y"] + b["height"] <= height
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                     or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert apart, (a, b)
    assert sum(b["width"] * b["height"] for b in boxes) == width * height  # no gaps either
    emergency = boxes[0]["width"] * boxes[0]["height"]
    assert all(emergency > b["width"] * b["height"] for b in boxes[1:])

    assert str(out.resolve()) in rest
    assert out.is_file()


def test_dry_run_image_is_the_declared_size_within_1_mb_with_the_emergency_button_set_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    menu, out, _ = _dry_run(tmp_path, capsys)
    data = out.read_bytes()
    assert len(data) <= 1_000_000
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (menu["size"]["width"], menu["size"]["height"])
    rgb = image.convert("RGB")

    def colour(bounds: dict[str, int]) -> tuple[int, int, int]:
        return rgb.getpixel((bounds["x"] + 20, bounds["y"] + 20))  # inside the area, clear of text

    first, *others = [colour(a["bounds"]) for a in menu["areas"]]
    assert all(first != other for other in others)
    red, green, blue = first
    assert red > 150 and green < 100 and blue < 100  # red, not just "different"

    # Not colour alone: a warning sign in the emergency colour's foreground fills much of the upper
    # half of the emergency area, where the other buttons' labels sit in their own colours.
    b = menu["areas"][0]["bounds"]
    upper = rgb.crop((b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"] // 2))
    light = sum(upper.convert("L").histogram()[231:])
    assert light > 30_000


def test_the_menu_is_drawn_in_a_japanese_font_not_tofu() -> None:
    font = rm.find_cjk_font("緊急時")
    face = font.load(96)

    def glyph(ch: str) -> tuple[bytes, tuple[int, int, int, int] | None]:
        image = Image.new("L", (200, 200), 0)
        ImageDraw.Draw(image).text((40, 40), ch, font=face, fill=255)
        return image.tobytes(), image.getbbox()

    notdef = glyph("\U0010fffd")
    drawn = {ch: glyph(ch) for ch in "緊急時"}
    assert len({pixels for pixels, _ in drawn.values()}) == 3  # three different kanji, three different shapes
    for ch, (pixels, box) in drawn.items():
        assert box is not None, ch
        assert pixels != notdef[0], f"{ch} is drawn as the .notdef box"
    assert rm.missing_glyphs(font, rm.menu_characters(rm.load_spec())) == ""


def test_a_latin_only_font_is_caught_before_anything_is_drawn() -> None:
    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if not dejavu.is_file():
        pytest.skip("DejaVu Sans is not installed")
    choice = rm.FontChoice(dejavu, 0, "test")
    assert set(rm.missing_glyphs(choice, "緊急時A")) == set("緊急時")
    with pytest.raises(rm.FontNotFound, match="fonts-noto-cjk"):
        rm.find_cjk_font("緊急時", environ={rm.FONT_ENV: str(dejavu)})


def test_no_font_anywhere_says_how_to_install_one() -> None:
    with pytest.raises(rm.FontNotFound) as caught:
        rm.find_cjk_font("緊急時", environ={}, use_fc_match=False, candidates=())
    message = str(caught.value)
    assert "fonts-noto-cjk" in message and rm.FONT_ENV in message and "\n" not in message


def test_a_missing_configured_font_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(rm.FONT_ENV, "/nonexistent")
    out = tmp_path / "menu.png"
    with pytest.raises(SystemExit) as caught:
        main(["line", "richmenu", "--dry-run", "--out", str(out)])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("clinic-bot: error: ")
    assert "/nonexistent" in err and "fonts-noto-cjk" in err and "CLINIC_BOT_FONT" in err
    assert not out.exists()


# --- the rules, checked in code -----------------------------------------------------------


def _request(width: int = 2500, height: int = 843, areas: list[RichMenuArea] | None = None,
             chat_bar_text: str = "メニュー") -> RichMenuRequest:
    if areas is None:
        areas = [RichMenuArea(bounds=RichMenuBounds(x=0, y=0, width=width, height=height),
                              action=MessageAction(label="緊急時", text="サイバー事故が起きました"))]
    return RichMenuRequest(size=RichMenuSize(width=width, height=height), selected=True, name="clinic-bot richmenu x",
                           chat_bar_text=chat_bar_text, areas=areas)


def _area(x: int, y: int, w: int, h: int, label: str = "見積もり", text: str = "保険料の見積もりをしたい") -> RichMenuArea:
    return RichMenuArea(bounds=RichMenuBounds(x=x, y=y, width=w, height=h), action=MessageAction(label=label, text=text))


@pytest.mark.parametrize(
    ("request_", "complaint"),
    [
        (_request(width=700, height=250), "幅 700px"),
        (_request(width=2600, height=1686), "幅 2600px"),
        (_request(width=800, height=240), "高さ 240px"),
        (_request(width=2500, height=1800), "縦横比"),
        (_request(areas=[_area(0, 0, 2500, 843, label="あ" * 21)]), "ラベルは20文字以内"),
        (_request(areas=[_area(0, 0, 2500, 843, text="あ" * 301)]), "1〜300文字"),
        (_request(areas=[_area(1700, 0, 900, 843)]), "はみ出しています"),
        (_request(areas=[_area(0, 0, 125, 843) for _ in range(21)]), "1〜20個"),
    ],
)
def test_requests_breaking_lines_rules_are_refused(request_: RichMenuRequest, complaint: str) -> None:
    with pytest.raises(rm.RichMenuInvalid, match=complaint):
        rm.validate_request(request_)


def test_the_bundled_menu_passes_lines_rules() -> None:
    request = rm.build_request(rm.load_spec())
    rm.validate_request(request)
    assert request.chat_bar_text == "メニュー"


def test_an_image_over_1_mb_or_of_the_wrong_size_is_refused() -> None:
    request = _request()
    buffer = io.BytesIO()
    Image.new("RGB", (2500, 1686), "#FFFFFF").save(buffer, format="PNG")
    with pytest.raises(rm.RichMenuInvalid, match="2500×1686"):
        rm.validate_image(buffer.getvalue(), request)
    noisy = Image.frombytes("RGB", (2500, 843), random.Random(0).randbytes(2500 * 843 * 3))  # incompressible
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    assert buffer.tell() > 1_000_000
    with pytest.raises(rm.RichMenuInvalid, match="バイト"):
        rm.validate_image(buffer.getvalue(), request)


# --- the data file ------------------------------------------------------------------------


def _spec_with(tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(rm.SPEC_PATH.read_text(encoding="utf-8"))
    change(raw)
    path = tmp_path / "richmenu.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_a_broken_entry_is_refused_naming_it(tmp_path: Path) -> None:
    path = _spec_with(tmp_path, lambda raw: raw["areas"][2].pop("text"))
    with pytest.raises(rm.RichMenuSpecError) as caught:
        rm.load_spec(path)
    assert "エリア 3「補償内容」" in str(caught.value) and "text" in str(caught.value)

    path = _spec_with(tmp_path, lambda raw: raw["areas"][1].update(label="見積もり" * 6))
    with pytest.raises(rm.RichMenuSpecError, match="エリア 2「見積もり"):
        rm.load_spec(path)


def test_overlapping_areas_and_a_second_emergency_button_are_refused(tmp_path: Path) -> None:
    def overlap(raw: dict[str, Any]) -> None:
        raw["areas"][4]["bounds"]["x"] = 1600

    with pytest.raises(rm.RichMenuSpecError, match="エリア 4「一時支援金」 と エリア 5「問い合わせ先」"):
        rm.load_spec(_spec_with(tmp_path, overlap))
    with pytest.raises(rm.RichMenuSpecError, match="ちょうど1つ"):
        rm.load_spec(_spec_with(tmp_path, lambda raw: raw["areas"][1].update(emergency=True)))


# --- uploading --------------------------------------------------------------------------


def test_a_run_creates_the_menu_uploads_the_image_to_the_data_host_and_makes_it_the_default(
    line_hosts: tuple[MenuStandin, LineStandin], capsys: pytest.CaptureFixture[str]
) -> None:
    base, data = line_hosts
    code, out, err = _run(capsys)
    assert code == 0, err

    [create] = [c for c in base.calls_to(CREATE) if c.method == "POST" and c.path == CREATE]
    assert create.header("authorization") == f"Bearer {TOKEN}"
    body = create.json
    assert [(a["action"]["label"], a["action"]["text"]) for a in body["areas"]] == EXPECTED
    menu_id = base.rich_menus[-1]

    [upload] = data.calls
    assert (upload.method, upload.path) == ("POST", f"/v2/bot/richmenu/{menu_id}/content")
    assert upload.header("authorization") == f"Bearer {TOKEN}"
    assert upload.header("content-type") == "image/png"
    image = Image.open(io.BytesIO(upload.body))
    assert image.format == "PNG" and image.size == (body["size"]["width"], body["size"]["height"])
    assert len(upload.body) <= 1_000_000

    assert not base.calls_to(f"/v2/bot/richmenu/{menu_id}/content")  # never to the base host
    [default] = base.calls_to(SET_DEFAULT)
    assert default.path == f"{SET_DEFAULT}{menu_id}" and default.header("authorization") == f"Bearer {TOKEN}"
    assert base.default_menu == menu_id
    assert menu_id in out and f"richMenuId: {menu_id}" in out.splitlines()[-1]


def test_a_second_run_moves_the_default_then_deletes_the_first_menu_only(
    line_hosts: tuple[MenuStandin, LineStandin], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = line_hosts
    other = base.add_menu("季節のお知らせ")
    assert _run(capsys)[0] == 0
    first = base.default_menu
    assert first is not None

    code, out, err = _run(capsys)
    assert code == 0, err
    second = base.default_menu
    assert second not in (None, first)
    assert base.rich_menus == [other, second]  # the first is gone; a menu the tool did not make stays

    paths = [(c.method, c.path) for c in base.calls]
    set_default = paths.index(("POST", f"{SET_DEFAULT}{second}"))
    delete = paths.index(("DELETE", f"/v2/bot/richmenu/{first}"))
    assert set_default < delete  # never a moment without a working default
    assert ("DELETE", f"/v2/bot/richmenu/{other}") not in paths
    assert first in out


def test_a_failed_image_upload_exits_1_and_leaves_the_default_where_it_was(
    line_hosts: tuple[MenuStandin, LineStandin], capsys: pytest.CaptureFixture[str]
) -> None:
    base, data = line_hosts
    assert _run(capsys)[0] == 0
    first = base.default_menu
    defaults_before = len(base.calls_to(SET_DEFAULT))

    data.fail_next("/v2/bot/richmenu/", 500)
    code, out, err = _run(capsys)
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "アップロード" in err and "500" in err
    assert len(base.calls_to(SET_DEFAULT)) == defaults_before
    assert base.default_menu == first and base.rich_menus == [first]  # the half-made menu was removed


def test_a_failure_after_the_default_moved_says_the_new_menu_is_live(
    line_hosts: tuple[MenuStandin, LineStandin], capsys: pytest.CaptureFixture[str]
) -> None:
    base, _ = line_hosts
    assert _run(capsys)[0] == 0
    first = base.default_menu

    base.fail_next("/v2/bot/richmenu/list", 500)
    code, _, err = _run(capsys)
    assert code == 1 and err.count("\n") == 1
    assert base.default_menu not in (None, first)
    assert "一覧" in err and "500" in err and f"{base.default_menu} は既定に設定済み" in err
    assert first in base.rich_menus  # left for the next run to delete


def test_without_a_channel_access_token_nothing_is_sent(
    line_hosts: tuple[MenuStandin, LineStandin], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, data = line_hosts
    monkeypatch.delenv("LINE_CHANNEL_ACCESS_TOKEN")
    code, _, err = _run(capsys)
    assert code == 2
    assert err.count("\n") == 1 and "LINE_CHANNEL_ACCESS_TOKEN" in err and "--dry-run" in err
    assert base.calls == [] and data.calls == []


def test_quote_does_not_load_pillow_or_the_line_sdk() -> None:
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        "main(['quote', '--facility', 'clinic', '--json'])\n"
        "print(sorted(m for m in ('PIL', 'linebot') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.strip().splitlines()[-1] == "[]"
