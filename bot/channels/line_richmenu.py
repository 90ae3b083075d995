"""The LINE rich menu: the menu under the chat's text box (`clinic-bot line richmenu`).

The labels, texts, colours and layout live in richmenu.yaml next to this module; this module
checks them, builds the Messaging API request with the SDK's models, draws the image with
Pillow in a Japanese font, and uploads both.

LINE's rules, checked here before anything is sent:
- image: JPEG or PNG, width 800–2500 px, height at least 250 px, width / height at least 1.45,
  at most 1 MB; an image set to a rich menu can't be replaced
  (https://developers.line.biz/en/reference/messaging-api/#upload-rich-menu-image)
- rich menu object: at most 20 areas, chatBarText at most 14 characters, name at most 300
  (https://developers.line.biz/en/reference/messaging-api/#rich-menu-object)
- message action: label at most 20 characters, text at most 300
  (https://developers.line.biz/en/reference/messaging-api/#message-action)

Because an image can't be replaced, every upload creates a new menu, makes it the default and
only then deletes the menus this tool made before (recognised by their name's prefix).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Mapping, Sequence

import yaml
from linebot.v3.messaging import (
    MessageAction,
    RichMenuArea,
    RichMenuBounds,
    RichMenuRequest,
    RichMenuSize,
)
from PIL import Image, ImageDraw, ImageFont
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from bot.settings import Settings

SPEC_PATH = Path(__file__).with_name("richmenu.yaml")

# Every menu this tool creates is named "<prefix><digest>"; earlier ones are deleted by this prefix.
NAME_PREFIX = "clinic-bot richmenu "

MIN_WIDTH, MAX_WIDTH = 800, 2500
MIN_HEIGHT = 250
MIN_ASPECT = 1.45
MAX_IMAGE_BYTES = 1_000_000  # "1 MB"; the decimal reading is the stricter one
MAX_AREAS = 20
MAX_LABEL = 20
MAX_TEXT = 300
MAX_CHAT_BAR_TEXT = 14
MAX_NAME = 300

FONT_ENV = "CLINIC_BOT_FONT"
FONT_QUERY = "Noto Sans CJK JP:style=Bold"
# Tried after fc-match, in order: Debian/Ubuntu (fonts-noto-cjk), Fedora, Arch, then other Japanese fonts.
KNOWN_FONT_PATHS: tuple[str, ...] = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Black.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/truetype/takao-gothic/TakaoPGothic.ttf",
)
INSTALL_HINT = (
    "Debian の fonts-noto-cjk を入れる（sudo apt-get install fonts-noto-cjk）か、"
    f"{FONT_ENV} に日本語フォントのファイルパスを設定してください"
    f" / no Japanese (CJK) font: install Debian's fonts-noto-cjk or set {FONT_ENV} to a font file path."
)

_NOTDEF_PROBE = "\U0010fffd"  # a private-use code point fonts leave unmapped: drawn as the .notdef glyph


class RichMenuSpecError(ValueError):
    """richmenu.yaml is missing, not YAML, or an entry in it is broken."""


class RichMenuInvalid(ValueError):
    """The request or the image breaks one of LINE's rules."""


class FontNotFound(RuntimeError):
    """No font that has every character the menu draws."""


class RichMenuDeployError(RuntimeError):
    """A Messaging API call failed; `step` says which one."""

    def __init__(self, step: str, detail: str, note: str = "") -> None:
        self.step = step
        self.detail = detail
        self.note = note
        super().__init__(f"{step}に失敗しました（{detail}）。{note}".rstrip())


# --- the menu's data --------------------------------------------------------------------

Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


class Bounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    x: int = Field(ge=0)
    y: int = Field(ge=0)
    width: int = Field(ge=1)
    height: int = Field(ge=1)

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    @property
    def area(self) -> int:
        return self.width * self.height

    def overlaps(self, other: Bounds) -> bool:
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


class Size(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    width: int
    height: int


class AreaSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1, max_length=MAX_LABEL)
    caption: str = Field(min_length=1, max_length=20)
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    emergency: bool = False
    background: Colour
    foreground: Colour
    bounds: Bounds


class MenuSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    chat_bar_text: str = Field(min_length=1, max_length=MAX_CHAT_BAR_TEXT)
    selected: bool = True
    size: Size
    areas: list[AreaSpec] = Field(min_length=1, max_length=MAX_AREAS)

    @model_validator(mode="after")
    def _layout(self) -> MenuSpec:
        width, height = self.size.width, self.size.height
        for i, a in enumerate(self.areas):
            b = a.bounds
            if b.right > width or b.bottom > height:
                raise ValueError(f"{_name(i, a)} は画像（{width}×{height}）からはみ出しています: {_box(b)}")
        for i, a in enumerate(self.areas):
            for j in range(i + 1, len(self.areas)):
                if a.bounds.overlaps(self.areas[j].bounds):
                    raise ValueError(f"{_name(i, a)} と {_name(j, self.areas[j])} が重なっています")
        covered = sum(a.bounds.area for a in self.areas)
        if covered != width * height:
            raise ValueError(f"エリアが画像全体を覆っていません（{width * height - covered} ピクセルがどのエリアにも属しません）")
        emergency = [i for i, a in enumerate(self.areas) if a.emergency]
        if len(emergency) != 1:
            raise ValueError(f"緊急時のエリア（emergency: true）はちょうど1つにしてください（{len(emergency)} 個あります）")
        first = self.areas[emergency[0]]
        bigger = [_name(i, a) for i, a in enumerate(self.areas) if not a.emergency and a.bounds.area >= first.bounds.area]
        if bigger:
            raise ValueError(f"緊急時のエリアはいちばん大きくしてください（{'、'.join(bigger)} が同じか大きい）")
        return self

    @property
    def emergency(self) -> AreaSpec:
        return next(a for a in self.areas if a.emergency)


def _name(index: int, area: AreaSpec | Mapping[str, Any] | None) -> str:
    if isinstance(area, AreaSpec):
        label: Any = area.label
    elif isinstance(area, Mapping):
        label = area.get("label")
    else:
        label = None
    return f"エリア {index + 1}「{label}」" if label else f"エリア {index + 1}"


def _box(b: Bounds | RichMenuBounds) -> str:
    return f"x={b.x} y={b.y} 幅={b.width} 高さ={b.height}"


def load_spec(path: Path = SPEC_PATH) -> MenuSpec:
    """The menu described in `path`; a broken entry is refused with a message that names it."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RichMenuSpecError(f"{path}: 読めません（{exc.strerror or exc}）") from exc
    except yaml.YAMLError as exc:
        raise RichMenuSpecError(f"{path}: YAML として読めません（{' '.join(str(exc).split())}）") from exc
    try:
        return MenuSpec.model_validate(raw)
    except ValidationError as exc:
        raise RichMenuSpecError(f"{path}: {_describe(exc, raw)}") from exc


def _describe(exc: ValidationError, raw: Any) -> str:
    areas = raw.get("areas") if isinstance(raw, dict) else None
    problems = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "areas" and isinstance(loc[1], int):
            entry = areas[loc[1]] if isinstance(areas, list) and loc[1] < len(areas) else None
            where = _name(loc[1], entry if isinstance(entry, Mapping) else None)
            loc = loc[2:]
        field_path = ".".join(str(p) for p in loc)
        message = str(err["msg"]).removeprefix("Value error, ")
        problems.append(" の ".join(p for p in (where, field_path) if p) + (": " if where or field_path else "") + message)
    return "; ".join(problems)


# --- the request ------------------------------------------------------------------------


def menu_name(spec: MenuSpec) -> str:
    digest = hashlib.sha256(spec.model_dump_json().encode()).hexdigest()[:12]
    return f"{NAME_PREFIX}{digest}"


def build_request(spec: MenuSpec) -> RichMenuRequest:
    request = RichMenuRequest(
        size=RichMenuSize(width=spec.size.width, height=spec.size.height),
        selected=spec.selected,
        name=menu_name(spec),
        chat_bar_text=spec.chat_bar_text,
        areas=[
            RichMenuArea(
                bounds=RichMenuBounds(x=a.bounds.x, y=a.bounds.y, width=a.bounds.width, height=a.bounds.height),
                action=MessageAction(label=a.label, text=a.text),
            )
            for a in spec.areas
        ],
    )
    validate_request(request)
    return request


def validate_request(request: RichMenuRequest) -> None:
    """Raise RichMenuInvalid listing every LINE rule the request breaks."""
    problems: list[str] = []
    size = request.size
    if size is None or size.width is None or size.height is None:
        raise RichMenuInvalid("リッチメニューに size（幅と高さ）がありません")
    width, height = size.width, size.height
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        problems.append(f"画像の幅 {width}px は {MIN_WIDTH}〜{MAX_WIDTH}px にしてください")
    if height < MIN_HEIGHT:
        problems.append(f"画像の高さ {height}px は {MIN_HEIGHT}px 以上にしてください")
    if width / height < MIN_ASPECT:
        problems.append(f"画像の縦横比（幅÷高さ）{width / height:.3f} は {MIN_ASPECT} 以上にしてください")
    if not request.name or len(request.name) > MAX_NAME:
        problems.append(f"name は1〜{MAX_NAME}文字にしてください")
    if not request.chat_bar_text or len(request.chat_bar_text) > MAX_CHAT_BAR_TEXT:
        problems.append(f"chatBarText「{request.chat_bar_text or ''}」は1〜{MAX_CHAT_BAR_TEXT}文字にしてください")
    areas = request.areas or []
    if not 1 <= len(areas) <= MAX_AREAS:
        problems.append(f"エリアは1〜{MAX_AREAS}個にしてください（{len(areas)} 個あります）")
    for i, area in enumerate(areas):
        action = area.action
        label = getattr(action, "label", None)
        where = f"エリア {i + 1}" + (f"「{label}」" if label else "")
        b = area.bounds
        if b is None or None in (b.x, b.y, b.width, b.height):
            problems.append(f"{where}: bounds がありません")
        elif b.x < 0 or b.y < 0 or b.width < 1 or b.height < 1 or b.x + b.width > width or b.y + b.height > height:
            problems.append(f"{where}: 画像（{width}×{height}）の外にはみ出しています（{_box(b)}）")
        if not isinstance(action, MessageAction):
            problems.append(f"{where}: アクションはメッセージアクションにしてください")
            continue
        if label is not None and len(label) > MAX_LABEL:
            problems.append(f"{where}: ラベルは{MAX_LABEL}文字以内にしてください（{len(label)} 文字）")
        if not action.text or len(action.text) > MAX_TEXT:
            problems.append(f"{where}: 送信するテキストは1〜{MAX_TEXT}文字にしてください")
    if problems:
        raise RichMenuInvalid("リッチメニューが LINE の制限に合いません: " + "; ".join(problems))


def validate_image(png: bytes, request: RichMenuRequest) -> None:
    """Raise RichMenuInvalid unless `png` is a PNG of the request's size within LINE's 1 MB."""
    with Image.open(io.BytesIO(png)) as image:
        kind, size = image.format, image.size
    expected = (request.size.width, request.size.height) if request.size else None
    if kind != "PNG":
        raise RichMenuInvalid(f"画像が PNG ではありません（{kind}）")
    if size != expected:
        raise RichMenuInvalid(f"画像の大きさ {size[0]}×{size[1]} がリッチメニューの size {expected} と違います")
    if len(png) > MAX_IMAGE_BYTES:
        raise RichMenuInvalid(f"画像が {len(png):,} バイトあります（上限 {MAX_IMAGE_BYTES:,} バイト）")


def request_json(request: RichMenuRequest) -> str:
    return json.dumps(request.to_dict(), ensure_ascii=False, indent=2)


# --- the font ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FontChoice:
    path: Path
    index: int
    source: str  # where it was found: CLINIC_BOT_FONT, fc-match, or a known path

    def load(self, size: int) -> ImageFont.FreeTypeFont:
        return ImageFont.truetype(str(self.path), size, index=self.index)


def menu_characters(spec: MenuSpec) -> str:
    """Every character the image draws."""
    return "".join(sorted({ch for a in spec.areas for ch in a.label + a.caption if not ch.isspace()}))


def find_cjk_font(
    characters: str,
    *,
    environ: Mapping[str, str] | None = None,
    use_fc_match: bool = True,
    candidates: Sequence[str] = KNOWN_FONT_PATHS,
) -> FontChoice:
    """A font that has a glyph for every one of `characters`.

    CLINIC_BOT_FONT, when set, is the only font tried: a wrong setting is reported, never papered
    over with another font. Otherwise fc-match's answer for Noto Sans CJK JP Bold, then the known
    paths. fc-match always answers with *some* font, so every answer is checked for the glyphs.
    """
    env = os.environ if environ is None else environ
    configured = env.get(FONT_ENV, "").strip()
    if configured:
        path = Path(configured).expanduser()
        if not path.is_file():
            raise FontNotFound(f"{FONT_ENV}={configured} はフォントファイルではありません。{INSTALL_HINT}")
        choice = _open_font(path, None, FONT_ENV)
        if choice is None:
            raise FontNotFound(f"{FONT_ENV}={configured} はフォントとして読めません。{INSTALL_HINT}")
        missing = missing_glyphs(choice, characters)
        if missing:
            raise FontNotFound(f"{FONT_ENV}={configured} には日本語の文字（{missing}）がありません。{INSTALL_HINT}")
        return choice
    for choice in _font_candidates(use_fc_match, candidates):
        if not missing_glyphs(choice, characters):
            return choice
    raise FontNotFound(f"日本語フォントが見つかりません。{INSTALL_HINT}")


def _font_candidates(use_fc_match: bool, candidates: Sequence[str]) -> Iterable[FontChoice]:
    seen: set[tuple[Path, int]] = set()
    if use_fc_match and shutil.which("fc-match"):
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}\n%{index}", FONT_QUERY],
                capture_output=True, text=True, timeout=10, check=False,
            ).stdout.split("\n")
        except (OSError, subprocess.SubprocessError):
            found = []
        if len(found) == 2 and found[0] and found[1].strip().isdigit():
            choice = _open_font(Path(found[0]), int(found[1]), "fc-match")
            if choice is not None:
                seen.add((choice.path, choice.index))
                yield choice
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            choice = _open_font(path, None, "known path")
            if choice is not None and (choice.path, choice.index) not in seen:
                seen.add((choice.path, choice.index))
                yield choice


def _open_font(path: Path, index: int | None, source: str) -> FontChoice | None:
    """The font at `path`; in a collection (.ttc) without a given index, its Japanese face."""
    if index is None:
        index = _japanese_face(path)
    try:
        ImageFont.truetype(str(path), 24, index=index)
    except OSError:
        return None
    return FontChoice(path, index, source)


def _japanese_face(path: Path) -> int:
    """A .ttc holds several faces (Noto Sans CJK: JP, KR, SC, TC, HK…); the JP one draws Japanese
    kanji forms. Fonts that are not collections have the one face, 0."""
    for index in range(64):
        try:
            family = ImageFont.truetype(str(path), 24, index=index).getname()[0] or ""
        except OSError:
            break
        if re.search(r"\bJP\b|Japanese|Gothic|ゴシック", family) and "Mono" not in family:
            return index
    return 0


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> bytes:
    size = int(font.size)
    image = Image.new("L", (size * 2, size * 2), 0)
    ImageDraw.Draw(image).text((size // 2, size // 2), ch, font=font, fill=255)
    return image.tobytes()


def missing_glyphs(choice: FontChoice, characters: str) -> str:
    """The characters the font would draw as the .notdef box (tofu) or not at all."""
    font = choice.load(48)
    notdef = _glyph(font, _NOTDEF_PROBE)
    missing = []
    for ch in dict.fromkeys(characters):
        if ch.isspace():
            continue
        drawn = _glyph(font, ch)
        if drawn == notdef or not any(drawn):
            missing.append(ch)
    return "".join(missing)


# --- the image --------------------------------------------------------------------------

GUTTER = 8  # px of white between areas, so that neighbouring areas read as separate buttons
LABEL_WIDTH_SHARE = 0.84
CAPTION_WIDTH_SHARE = 0.88


def _fitted_size(font: FontChoice, text: str, start: int, max_width: float, floor: int = 24) -> int:
    """The largest size from `start` down at which `text` is at most `max_width` wide."""
    size = start
    while size > floor:
        left, _, right, _ = font.load(size).getbbox(text)
        if right - left <= max_width:
            return size
        size -= max(2, size // 20)
    return floor


def _text_height(font: ImageFont.FreeTypeFont, text: str) -> int:
    _, top, _, bottom = font.getbbox(text)
    return bottom - top


def _draw_centred(draw: ImageDraw.ImageDraw, cx: float, top: float, text: str, font: ImageFont.FreeTypeFont, fill: str) -> None:
    left, t, right, _ = font.getbbox(text)
    draw.text((cx - (left + right) / 2, top - t), text, font=font, fill=fill)


def _warning_sign(draw: ImageDraw.ImageDraw, cx: float, top: float, height: float, sign: str, mark: str) -> None:
    """A warning triangle with an exclamation mark, drawn from shapes (no font needed)."""
    half = height / 3**0.5  # equilateral: side = 2h/√3
    draw.polygon([(cx, top), (cx + half, top + height), (cx - half, top + height)], fill=sign)
    bar_w = height * 0.12
    draw.rounded_rectangle(
        [cx - bar_w / 2, top + height * 0.30, cx + bar_w / 2, top + height * 0.70], radius=bar_w / 2, fill=mark
    )
    dot = bar_w * 0.62
    cy = top + height * 0.83
    draw.ellipse([cx - dot, cy - dot, cx + dot, cy + dot], fill=mark)


def _type_sizes(spec: MenuSpec, font: FontChoice) -> dict[bool, tuple[int, int]]:
    """(label, caption) font sizes for the emergency area and for the others: one size per group,
    the largest at which every label (caption) of the group fits its area, so the buttons match."""
    sizes: dict[bool, tuple[int, int]] = {}
    for emergency in (True, False):
        group = [a for a in spec.areas if a.emergency == emergency]
        if not group:
            continue
        label = min(
            _fitted_size(font, a.label, int(min(a.bounds.height * 0.24, (a.bounds.width - GUTTER) * 0.30)),
                         (a.bounds.width - GUTTER) * LABEL_WIDTH_SHARE)
            for a in group
        )
        caption = min(
            _fitted_size(font, a.caption, max(40, int(label * 0.5)), (a.bounds.width - GUTTER) * CAPTION_WIDTH_SHARE)
            for a in group
        )
        sizes[emergency] = (label, caption)
    return sizes


def render_image(spec: MenuSpec, font: FontChoice) -> bytes:
    """The menu image as PNG bytes, within LINE's 1 MB."""
    image = Image.new("RGB", (spec.size.width, spec.size.height), "#FFFFFF")
    draw = ImageDraw.Draw(image)
    sizes = _type_sizes(spec, font)
    for area in spec.areas:
        b = area.bounds
        half = GUTTER / 2
        draw.rectangle([b.x + half, b.y + half, b.right - half - 1, b.bottom - half - 1], fill=area.background)
        inner_w = b.width - GUTTER
        cx = b.x + b.width / 2
        label_size, caption_size = sizes[area.emergency]
        label_font, caption_font = font.load(label_size), font.load(caption_size)
        label_h = _text_height(label_font, area.label)
        caption_h = _text_height(caption_font, area.caption)
        gap = label_size * 0.35
        sign_h = min(inner_w * 0.45, b.height * 0.2) if area.emergency else 0
        sign_gap = label_size * 0.45 if area.emergency else 0
        total = sign_h + sign_gap + label_h + gap + caption_h
        top = b.y + (b.height - total) / 2
        if area.emergency:
            _warning_sign(draw, cx, top, sign_h, sign=area.foreground, mark=area.background)
        _draw_centred(draw, cx, top + sign_h + sign_gap, area.label, label_font, area.foreground)
        _draw_centred(draw, cx, top + sign_h + sign_gap + label_h + gap, area.caption, caption_font, area.foreground)
    return _png(image)


def _png(image: Image.Image) -> bytes:
    attempts = [image, image.quantize(colors=256), image.quantize(colors=64)]
    for attempt in attempts:
        buffer = io.BytesIO()
        attempt.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_IMAGE_BYTES:
            return buffer.getvalue()
    raise RichMenuInvalid(f"画像を {MAX_IMAGE_BYTES:,} バイト以内にできません（{buffer.tell():,} バイト）")


# --- building everything ----------------------------------------------------------------


@dataclass(frozen=True)
class BuiltMenu:
    spec: MenuSpec
    request: RichMenuRequest
    png: bytes
    font: FontChoice


def build_menu(spec_path: Path = SPEC_PATH, *, environ: Mapping[str, str] | None = None) -> BuiltMenu:
    """The checked request and its checked image; nothing is sent anywhere."""
    spec = load_spec(spec_path)
    request = build_request(spec)
    font = find_cjk_font(menu_characters(spec), environ=environ)
    png = render_image(spec, font)
    validate_image(png, request)
    return BuiltMenu(spec, request, png, font)


# --- uploading --------------------------------------------------------------------------


@dataclass
class DeployResult:
    rich_menu_id: str
    image_bytes: int
    deleted: list[str] = field(default_factory=list)


def _reason(exc: BaseException) -> str:
    from linebot.v3.messaging import ApiException

    if isinstance(exc, ApiException):
        message = ""
        try:
            body = json.loads(exc.body) if exc.body else {}
            message = str(body.get("message", "")) if isinstance(body, dict) else ""
        except (TypeError, ValueError):
            message = ""
        if not exc.status:  # the SDK's own wrapping of a connection-level failure
            return " ".join(str(exc.reason or "connection error").split())
        return " ".join(p for p in (f"HTTP {exc.status}", message) if p)
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


def _api_errors() -> tuple[type[BaseException], ...]:
    import urllib3
    from linebot.v3.messaging import ApiException

    return (ApiException, urllib3.exceptions.HTTPError, OSError)


def deploy(request: RichMenuRequest, png: bytes, settings: Settings, *, log: Callable[[str], None] = print) -> DeployResult:
    """Create the menu, upload its image (data host), make it the default, then delete the menus
    this tool made before. Raises LineNotConfigured without a channel access token and
    RichMenuDeployError when a call fails; until the default is moved, a failure leaves the
    menu users see as it was."""
    from bot.channels.line_api import blob_api, messaging_api

    api = messaging_api(settings)
    blob = blob_api(settings)
    errors = _api_errors()
    try:
        try:
            menu_id = api.create_rich_menu(request).rich_menu_id
        except errors as exc:
            raise RichMenuDeployError("リッチメニューの作成（create rich menu）", _reason(exc),
                                      "既定のメニューは変更していません。") from exc
        log(f"リッチメニューを作成しました: {menu_id}")

        try:
            blob.set_rich_menu_image(menu_id, body=png, _headers={"Content-Type": "image/png"})
        except errors as exc:
            raise RichMenuDeployError("リッチメニュー画像のアップロード（upload rich menu image）", _reason(exc),
                                      _discard(api, menu_id)) from exc
        log(f"画像をアップロードしました（PNG {len(png):,} バイト）")

        try:
            api.set_default_rich_menu(menu_id)
        except errors as exc:
            raise RichMenuDeployError("既定のリッチメニューの設定（set default rich menu）", _reason(exc),
                                      _discard(api, menu_id)) from exc
        log(f"既定のリッチメニューにしました: {menu_id}")

        moved = f"新しいメニュー {menu_id} は既定に設定済みです。"
        try:
            previous = [m for m in _menus_made_here(api) if m != menu_id]
        except errors as exc:
            raise RichMenuDeployError("リッチメニュー一覧の取得（get rich menu list）", _reason(exc), moved) from exc
        deleted: list[str] = []
        for old in previous:
            try:
                api.delete_rich_menu(old)
            except errors as exc:
                raise RichMenuDeployError(f"以前のリッチメニュー {old} の削除（delete rich menu）", _reason(exc), moved) from exc
            deleted.append(old)
            log(f"以前のリッチメニューを削除しました: {old}")
        if not deleted:
            log("削除する以前のリッチメニューはありません")
        return DeployResult(menu_id, len(png), deleted)
    finally:
        api.api_client.close()
        blob.api_client.close()


def _discard(api: Any, menu_id: str) -> str:
    """Delete a menu that never became the default; the message says what happened to it."""
    try:
        api.delete_rich_menu(menu_id)
    except _api_errors():
        return f"既定のメニューは変更していません（作りかけのメニュー {menu_id} は次回の実行で削除されます）。"
    return f"既定のメニューは変更していません（作りかけのメニュー {menu_id} は削除しました）。"


def _menus_made_here(api: Any) -> list[str]:
    """IDs of the channel's rich menus whose name carries this tool's prefix.

    Read from the raw response: a menu without all of the response fields (made by hand, or an
    old format) must not make the SDK's strict model refuse the whole list."""
    response = api.get_rich_menu_list_with_http_info(_preload_content=False)
    raw = response.raw_data
    payload = json.loads(raw.decode("utf-8") if isinstance(raw, (bytes, bytearray)) else raw or "{}")
    menus = payload.get("richmenus", []) if isinstance(payload, dict) else []
    return [
        str(m["richMenuId"])
        for m in menus
        if isinstance(m, dict) and m.get("richMenuId") and str(m.get("name") or "").startswith(NAME_PREFIX)
    ]
