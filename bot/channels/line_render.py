"""A channel-neutral `Reply` as LINE Messaging API messages (line-bot-sdk v3 models), within LINE's limits.

Only this package sees SDK types: handlers build a `Reply`, this module turns it into `linebot.v3.messaging`
message objects, and `check_limits` refuses anything LINE would answer with a 400 — a refused reply costs
the reply token, and for an incident the user would get nothing at all.

The limits, as LINE documents them (https://developers.line.biz/en/reference/messaging-api/):
  * at most 5 message objects per reply or push                       (#send-reply-message)
  * text / textV2 `text`: 5,000 characters, counted in UTF-16 units   (#text-message, #text-message-v2,
                                                                       docs/messaging-api/text-character-count/)
  * textV2: a literal `{` / `}` is written `{{` / `}}`; keys 0-9a-zA-Z_ (≤ 20); ≤ 100 substitutions,
    ≤ 20 mentions; mentions only work in group / multi-person chats    (#text-message-v2)
  * Flex `altText`: 1,500 characters; a bubble's JSON ≤ 30 KB (carousel 50 KB)   (#flex-message, #bubble)
  * quick reply: ≤ 13 buttons                                          (docs/messaging-api/using-quick-reply/)
  * action labels: quick reply button ≤ 20, Flex button ≤ 40 (required)   (#action-object-label-spec)
    Action properties count grapheme clusters; we count code points, which is never fewer, so we are safe.
  * message action `text` ≤ 300; URI action `uri` ≤ 1,000 with scheme http, https, line or tel
                                                                       (#message-action, #uri-action)
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from linebot.v3.messaging import (
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexComponent,
    FlexMessage,
    FlexSeparator,
    FlexText,
    MentionSubstitutionObject,
    Message,
    MessageAction,
    QuickReplyItem,
    TextMessage,
    TextMessageV2,
    URIAction,
    UserMentionTarget,
)
from linebot.v3.messaging import QuickReply as LineQuickReply

from bot.channels.table_text import find_table_block
from handlers.messages import Phone, PremiumTableView, QuickReply, Reply, Source

# --- LINE's limits (see the module docstring for where each is documented) ----------------

MAX_MESSAGES = 5
MAX_TEXT_UNITS = 5000
MAX_ALT_TEXT_UNITS = 1500
# "30 KB" / "50 KB": read as thousands of bytes, the stricter reading, measured on ASCII-escaped JSON
# (json.dumps' default), which is never shorter than what the SDK sends.
MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
MAX_QUICK_REPLY_ITEMS = 13
MAX_QUICK_REPLY_LABEL = 20
MAX_FLEX_ACTION_LABEL = 40
MAX_ACTION_TEXT = 300
MAX_POSTBACK_DATA = 300
MAX_URI = 1000
URI_SCHEMES = ("http", "https", "line", "tel")
MAX_SUBSTITUTIONS = 100
MAX_MENTIONS = 20
SUBSTITUTION_KEY = re.compile(r"[0-9A-Za-z_]{1,20}")

# --- wording ----------------------------------------------------------------------------

SHORTENED_NOTE = "（文字数の上限のため、以降を省略しました）"
EMERGENCY_HEADER = "今すぐお電話ください"
PHONES_HEADER = "お電話先"
PHONES_ALT_PREFIX = "お電話先："
TABLE_ALT_FALLBACK = "保険料の表"
OPEN_NOW = "受付中"
CLOSED_NOW = "時間外（いまは受付していません）"
MENTION_KEY = "user"
MENTION_PREFIX = "{" + MENTION_KEY + "} "
ELLIPSIS = "…"
LABEL_NAME_CHARS = 16  # of a phone button's name part: readable on a phone without shrinking the number
EMPTY_CELL = "－"  # a Flex text needs some text; an empty table cell shows a dash
EMERGENCY_COLOR = "#C62828"
NOTE_COLOR = "#888888"


class LineLimitError(ValueError):
    """A message object breaks one of LINE's documented limits; `limit` names it, `value` is what was found."""

    def __init__(self, limit: str, value: object, where: str = "") -> None:
        self.limit = limit
        self.value = value
        self.where = where
        super().__init__(f"{where + ': ' if where else ''}{limit} (found {value!r})")


def utf16_len(text: str) -> int:
    """LINE counts text in UTF-16 code units: 🍎 or 𠮷 counts 2, あ counts 1."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2  # a stray surrogate still counts 1


# =========================================================================================
# render
# =========================================================================================


def render(
    reply: Reply,
    *,
    mention_user_id: str | None = None,
    quote_token: str | None = None,
    extra_quick_replies: Sequence[QuickReply] = (),
) -> list[Message]:
    """The messages to send for `reply`: at most five, every one within LINE's limits.

    `mention_user_id` (group chats only; the caller decides) makes the first text a textV2 that mentions
    that user; `quote_token` quotes the user's message on the first text. `reply.private_from` is the
    caller's business: it splits the Reply before rendering. A Reply with nothing to show renders as [].
    """
    emergency = reply.is_emergency
    mention_user_id = mention_user_id or None  # "" is no user: LINE would refuse an empty userId / quoteToken
    quote_token = quote_token or None
    texts = [t for t in reply.texts if t.strip()]

    table_message: FlexMessage | None = None
    table_at = len(texts)
    if reply.table is not None:
        table_message = table_flex(reply.table)
        if table_message is not None:  # only drop the plain lines when the bubble really goes out
            texts, table_at = _drop_table_text(texts, reply.table)

    texts = _with_sources(texts, reply.sources)
    phone_message = phones_flex(reply.phones, emergency=emergency) if reply.phones else None

    bubbles = sum(m is not None for m in (table_message, phone_message))
    fits = _text_fits(mention=mention_user_id is not None)
    chunks = _fit_texts(texts, MAX_MESSAGES - bubbles, fits)
    body: list[Message] = [
        _text_message(c.text, mention_user_id=mention_user_id if i == 0 else None,
                      quote_token=quote_token if i == 0 else None)
        for i, c in enumerate(chunks)
    ]
    if table_message is not None:
        body.insert(_table_position(chunks, table_at), table_message)

    messages: list[Message] = body
    if phone_message is not None:
        # An emergency answer leads with the number that answers now; otherwise the numbers follow the text.
        messages = [phone_message, *body] if emergency else [*body, phone_message]

    quick = quick_reply([*reply.quick_replies, *extra_quick_replies])
    if quick is not None and messages:
        messages[-1].quick_reply = quick  # LINE shows quick replies of the last message only
    return messages


# --- texts ------------------------------------------------------------------------------


def escape_text_v2(text: str) -> str:
    """textV2 reads `{…}` as a placeholder; a brace the user should see is written twice."""
    return text.replace("{", "{{").replace("}", "}}")


def _mention_text(text: str) -> str:
    return MENTION_PREFIX + escape_text_v2(text)


def _text_message(text: str, *, mention_user_id: str | None, quote_token: str | None) -> Message:
    if mention_user_id:
        mention = MentionSubstitutionObject(mentionee=UserMentionTarget(user_id=mention_user_id))
        return TextMessageV2(text=_mention_text(text), substitution={MENTION_KEY: mention}, quote_token=quote_token)
    return TextMessage(text=text, quote_token=quote_token)


def _with_sources(texts: list[str], sources: Sequence[Source]) -> list[str]:
    """Name the pamphlet sections once, on the last text, unless a text already does."""
    titles = list(dict.fromkeys(s.title for s in sources))
    if not titles or any("出典" in t for t in texts):
        return texts
    line = "出典: " + "／".join(titles)
    return [*texts[:-1], texts[-1] + "\n" + line] if texts else [line]


# A text message as it will be sent: index 0 is the first text message, the one that may carry the mention.
TextFits = Callable[[str, int], bool]


def _text_fits(*, mention: bool) -> TextFits:
    """Whether `text` fits LINE's 5,000 units as the `index`-th text message (the mention and escapes count)."""

    def fits(text: str, index: int) -> bool:
        sent = _mention_text(text) if mention and index == 0 else text
        return utf16_len(sent) <= MAX_TEXT_UNITS

    return fits


@dataclass
class _Chunk:
    """The text of one message and which of the Reply's texts it carries (to place the table after them)."""

    text: str
    sources: set[int] = field(default_factory=set)


def _fit_texts(texts: list[str], budget: int, fits: TextFits) -> list[_Chunk]:
    """At most `budget` text messages, nothing dropped while the budget allows.

    Like `Reply.fit`, the head stays as separate messages and the tail is joined with a blank line; a text
    too long for one message is split at line boundaries. Only when even the packed whole does not fit is
    the end cut at a line boundary, with a note saying so.
    """
    if budget <= 0 or not texts:
        return []
    indexed = list(enumerate(texts))
    for head in range(len(texts), -1, -1):
        chunks: list[_Chunk] = []
        for item in indexed[:head]:
            chunks += _pack([item], len(chunks), fits)
        chunks += _pack(indexed[head:], len(chunks), fits)
        if len(chunks) <= budget:
            return chunks
    return _truncate(_pack(indexed, 0, fits), budget, fits)


def _pack(texts: list[tuple[int, str]], first: int, fits: TextFits) -> list[_Chunk]:
    """Fill messages line by line, in order: texts joined by a blank line, a text's own lines by a newline."""
    out: list[_Chunk] = []
    current: _Chunk | None = None
    for source, text in texts:
        for number, line in enumerate(text.split("\n")):
            if current is not None:
                candidate = current.text + ("\n" if number else "\n\n") + line
                if fits(candidate, first + len(out)):
                    current.text = candidate
                    current.sources.add(source)
                    continue
                out.append(current)
                current = None
            if not line:
                continue  # a message never starts with a blank line (and so is never empty)
            rest = line
            while not fits(rest, first + len(out)):  # a single line longer than a message
                index = first + len(out)
                cut = _cut_point(rest, lambda s, i=index: fits(s, i))
                out.append(_Chunk(rest[:cut], {source}))
                rest = rest[cut:]
            current = _Chunk(rest, {source})
    if current is not None:
        out.append(current)
    for chunk in out:
        chunk.text = chunk.text.rstrip("\n")  # a split just after a blank line leaves no empty last line
    return out


PHONE_CHARS = set("0123456789-‐－ー()（）+")
SOFT_BREAKS = "。、．，！？!? 　"


def _cut_point(text: str, fits: Callable[[str], bool]) -> int:
    """Where to cut a line that is too long: as late as fits, after punctuation if it is near, never inside
    a run of digits and hyphens (a phone number)."""
    low, high = 1, len(text)
    while low < high:  # the longest prefix that fits
        mid = (low + high + 1) // 2
        low, high = (mid, high) if fits(text[:mid]) else (low, mid - 1)
    cut = low
    window = max(1, cut - cut // 5)
    soft = max((text.rfind(ch, window, cut) for ch in SOFT_BREAKS), default=-1)
    if soft >= 0:
        cut = soft + 1
    safe = cut
    while 0 < safe < len(text) and text[safe - 1] in PHONE_CHARS and text[safe] in PHONE_CHARS:
        safe -= 1
    return safe if safe > 0 else cut


def _truncate(chunks: list[_Chunk], budget: int, fits: TextFits) -> list[_Chunk]:
    """Keep the first `budget` messages; end the last at a line boundary with the note that the rest is cut."""
    kept = chunks[:budget]
    last = kept[-1]
    index = len(kept) - 1
    lines = last.text.split("\n")
    while len(lines) > 1 and not fits("\n".join([*lines, SHORTENED_NOTE]), index):
        lines.pop()
    text = "\n".join(lines)
    if not fits(text + "\n" + SHORTENED_NOTE, index):  # one line left, still too long: cut inside it
        room = _cut_point(text, lambda s: fits(s + "\n" + SHORTENED_NOTE, index))
        text = text[:room]
    last.text = text + "\n" + SHORTENED_NOTE
    return kept


# --- the premium table ------------------------------------------------------------------


def _drop_table_text(texts: list[str], table: PremiumTableView) -> tuple[list[str], int]:
    """The texts without the paragraph that repeats the table, and where the table stood among them."""
    found = find_table_block(texts, table)
    if found is None:
        return texts, len(texts)
    index, block_index = found
    blocks = texts[index].split("\n\n")
    rest = [b for i, b in enumerate(blocks) if i != block_index]
    if not any(b.strip() for b in rest):
        return texts[:index] + texts[index + 1:], index
    remaining = texts[:index] + ["\n\n".join(rest)] + texts[index + 1:]
    return remaining, index if block_index == 0 else index + 1


def _table_position(chunks: list[_Chunk], table_at: int) -> int:
    """Right after the last message that carries a text from before the table."""
    before = [i for i, c in enumerate(chunks) if min(c.sources, default=table_at) < table_at]
    return before[-1] + 1 if before else 0


def _column_flex(table: PremiumTableView) -> list[int]:
    """Relative column widths from the longest cell (headers wrap, so they do not count)."""
    widths = []
    for col in range(len(table.columns)):
        longest = max((len(row[col]) for row in table.rows if col < len(row)), default=1)
        widths.append(max(2, min(6, longest)))
    return widths


def _table_row(cells: Sequence[str], flex: Sequence[int], *, header: bool) -> FlexBox:
    texts: list[FlexComponent] = [
        FlexText(
            text=cell or EMPTY_CELL, size="xxs" if header else "xs", weight="bold" if header else None,
            wrap=True, flex=flex[i] if i < len(flex) else 2, align="start" if i == 0 else "end",
        )
        for i, cell in enumerate(cells)
    ]
    return FlexBox(layout="horizontal", spacing="sm", contents=texts)


def table_alt_text(table: PremiumTableView) -> str:
    """The table as plain lines (title, header, rows), cut at a line boundary to LINE's 1,500."""
    lines = [table.title, "／".join(table.columns), *("／".join(row) for row in table.rows)]
    return _fit_lines(lines, MAX_ALT_TEXT_UNITS, "\n")


def table_flex(table: PremiumTableView) -> FlexMessage | None:
    """The premium table as one bubble; None when it would not fit LINE's 30 KB (the text then stays)."""
    flex = _column_flex(table)
    rows: list[FlexComponent] = [_table_row(table.columns, flex, header=True), FlexSeparator()]
    rows += [_table_row(row, flex, header=False) for row in table.rows]
    bubble = FlexBubble(
        size="giga",
        header=FlexBox(layout="vertical", contents=[FlexText(text=table.title or EMPTY_CELL, weight="bold", size="sm", wrap=True)]),
        body=FlexBox(layout="vertical", spacing="sm", contents=rows),
        footer=FlexBox(layout="vertical", contents=[FlexText(text=table.note, size="xxs", color=NOTE_COLOR, wrap=True)])
        if table.note else None,
    )
    if bubble_bytes(bubble) > MAX_BUBBLE_BYTES:
        return None
    return FlexMessage(alt_text=table_alt_text(table).strip() or TABLE_ALT_FALLBACK, contents=bubble)


def bubble_bytes(bubble: FlexBubble) -> int:
    return len(json.dumps(bubble.to_dict()).encode())


# --- phones -----------------------------------------------------------------------------


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def order_phones(phones: Sequence[Phone]) -> list[Phone]:
    """Open now first, then not said, then closed; the given order among equals; one entry per number."""
    rank = {True: 0, None: 1, False: 2}
    seen: set[str] = set()
    unique = []
    for p in phones:
        digits = _digits(p.number)
        if digits and digits not in seen:  # a "number" without digits cannot be dialled
            seen.add(digits)
            unique.append(p)
    return sorted(unique, key=lambda p: rank[p.open_now])  # sorted() is stable


def short_name(name: str, room: int) -> str:
    """A name that fits `room` characters: without its （…） asides first, then cut with an ellipsis."""
    if len(name) <= room:
        return name
    bare = re.sub(r"[（(][^）)]*[）)]", "", name).strip()
    if len(bare) <= room:
        return bare
    return bare[: room - 1] + ELLIPSIS if room > 1 else ""


def phone_label(phone: Phone) -> str:
    """「<number> SOMPOサイバーインシデ…」: the number whole and first (a button label does not wrap and
    LINE allows 40 characters), then a short name; the caption under the button carries the full name."""
    number = phone.number.strip()
    if len(number) > MAX_FLEX_ACTION_LABEL:  # not a real phone number; show its digits
        number = _digits(number)[:MAX_FLEX_ACTION_LABEL]
    room = min(LABEL_NAME_CHARS, MAX_FLEX_ACTION_LABEL - len(number) - 1)
    name = short_name(phone.label.strip(), room)
    return f"{number} {name}" if name else number


def _phone_caption(phone: Phone) -> str | None:
    """The small text under a button: whether it answers now, and the full name when the label shortened it."""
    status = {True: OPEN_NOW, False: CLOSED_NOW, None: ""}[phone.open_now]
    shortened = phone.label.strip() not in phone_label(phone)
    if status:
        return f"{status}｜{phone.label}"
    return phone.label if shortened else None


def phones_alt_text(phones: Sequence[Phone]) -> str:
    """「お電話先：name ☎ number／…」, open ones first; whole entries only, so no number is ever cut."""
    entries = [f"{p.label} ☎ {p.number}" + ("（時間外）" if p.open_now is False else "") for p in phones]
    text = PHONES_ALT_PREFIX
    for i, entry in enumerate(entries):
        candidate = text + ("／" if i else "") + entry
        if utf16_len(candidate) > MAX_ALT_TEXT_UNITS:
            break
        text = candidate
    return text


def _phone_bubble(phones: Sequence[Phone], *, emergency: bool) -> FlexBubble:
    rows: list[FlexComponent] = []
    for phone in phones:
        rows.append(FlexButton(
            action=URIAction(label=phone_label(phone), uri="tel:" + _digits(phone.number)),
            style="primary" if phone.open_now else "secondary",
            color=EMERGENCY_COLOR if emergency and phone.open_now else None,
            height="sm", adjust_mode="shrink-to-fit",
        ))
        caption = _phone_caption(phone)
        if caption:
            rows.append(FlexText(
                text=caption, size="xxs", wrap=True,
                color=EMERGENCY_COLOR if phone.open_now is False else NOTE_COLOR,
            ))
    header = FlexText(text=EMERGENCY_HEADER if emergency else PHONES_HEADER, weight="bold", size="md",
                      color=EMERGENCY_COLOR if emergency else None)
    return FlexBubble(
        header=FlexBox(layout="vertical", contents=[header]),
        body=FlexBox(layout="vertical", spacing="sm", contents=rows),
    )


def phones_flex(phones: Sequence[Phone], *, emergency: bool) -> FlexMessage | None:
    """One bubble of tel: buttons; None when no phone has a dialable number."""
    ordered = order_phones(phones)
    if not ordered:
        return None
    bubble = _phone_bubble(ordered, emergency=emergency)
    while bubble_bytes(bubble) > MAX_BUBBLE_BYTES and len(ordered) > 1:
        ordered = ordered[:-1]  # never in practice; the texts still carry every number
        bubble = _phone_bubble(ordered, emergency=emergency)
    return FlexMessage(alt_text=phones_alt_text(ordered), contents=bubble)


# --- quick replies ----------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def quick_reply(items: Sequence[QuickReply]) -> LineQuickReply | None:
    """Message-action buttons: labels cut to 20, texts to 300, duplicates once, at most 13."""
    seen: set[tuple[str, str]] = set()
    buttons: list[QuickReplyItem] = []
    for item in items:
        text = (item.text or item.label).strip()[:MAX_ACTION_TEXT]
        label = _cut((item.label or text).strip(), MAX_QUICK_REPLY_LABEL)
        if not text or not label or (label, text) in seen:
            continue
        seen.add((label, text))
        buttons.append(QuickReplyItem(action=MessageAction(label=label, text=text)))
    return LineQuickReply(items=buttons[:MAX_QUICK_REPLY_ITEMS]) if buttons else None


def _fit_lines(lines: Sequence[str], limit: int, joiner: str) -> str:
    """Whole lines while they fit `limit` UTF-16 units; a first line longer than that is cut."""
    text = ""
    for i, line in enumerate(lines):
        candidate = text + (joiner if i else "") + line
        if utf16_len(candidate) > limit:
            if i == 0:
                return line[: _cut_point(line, lambda s: utf16_len(s) <= limit)]
            break
        text = candidate
    return text


# =========================================================================================
# check_limits
# =========================================================================================


def check_limits(messages: Sequence[Message]) -> None:
    """Raise LineLimitError for the first of LINE's limits that `messages` break; called before every send."""
    if not messages:
        raise LineLimitError("a reply or push needs at least 1 message", 0, "messages")
    if len(messages) > MAX_MESSAGES:
        raise LineLimitError(f"at most {MAX_MESSAGES} messages per reply or push", len(messages), "messages")
    for number, message in enumerate(messages, 1):
        data = message.to_dict()
        where = f"message {number} ({data.get('type')})"
        _check_message(data, where)
        quick = data.get("quickReply")
        if quick:
            _check_quick_reply(quick, where + " quickReply")


def _check_message(data: dict[str, Any], where: str) -> None:
    kind = data.get("type")
    if kind in ("text", "textV2"):
        _check_text(data.get("text") or "", where)
        if kind == "textV2":
            _check_text_v2(data.get("text") or "", data.get("substitution") or {}, where)
    elif kind == "flex":
        _check_flex(data, where)


def _check_text(text: str, where: str) -> None:
    if not text:
        raise LineLimitError("text must not be empty", text, where)
    units = utf16_len(text)
    if units > MAX_TEXT_UNITS:
        raise LineLimitError(f"text at most {MAX_TEXT_UNITS} UTF-16 units", units, where)


def _placeholders(text: str, where: str) -> list[str]:
    """The `{key}`s of a textV2 text; `{{` and `}}` are literal braces; a lone brace is an error."""
    keys: list[str] = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in ("{{", "}}"):
            i += 2
            continue
        if text[i] == "}":
            raise LineLimitError("textV2: a literal '}' must be written '}}'", text[max(0, i - 10):i + 10], where)
        if text[i] == "{":
            end = text.find("}", i + 1)
            key = text[i + 1:end] if end > 0 else ""
            if end < 0 or not SUBSTITUTION_KEY.fullmatch(key):
                raise LineLimitError("textV2: '{' opens a placeholder {key} (key 0-9a-zA-Z_, at most 20); "
                                     "a literal '{' must be written '{{'", text[i:i + 25], where)
            keys.append(key)
            i = end + 1
            continue
        i += 1
    return keys


def _check_text_v2(text: str, substitution: dict[str, Any], where: str) -> None:
    if len(substitution) > MAX_SUBSTITUTIONS:
        raise LineLimitError(f"textV2: at most {MAX_SUBSTITUTIONS} substitutions", len(substitution), where)
    mentions = sum(1 for s in substitution.values() if s.get("type") == "mention")
    if mentions > MAX_MENTIONS:
        raise LineLimitError(f"textV2: at most {MAX_MENTIONS} mentions", mentions, where)
    for key in substitution:
        if not SUBSTITUTION_KEY.fullmatch(key):
            raise LineLimitError("textV2: substitution keys are 0-9a-zA-Z_, at most 20 characters", key, where)
    missing = [k for k in _placeholders(text, where) if k not in substitution]
    if missing:
        raise LineLimitError("textV2: every {key} in the text needs a substitution", missing, where)


def _check_flex(data: dict[str, Any], where: str) -> None:
    alt = data.get("altText") or ""
    if not alt:
        raise LineLimitError("flex altText must not be empty", alt, where)
    if utf16_len(alt) > MAX_ALT_TEXT_UNITS:
        raise LineLimitError(f"flex altText at most {MAX_ALT_TEXT_UNITS} characters", utf16_len(alt), where)
    contents = data.get("contents") or {}
    size = len(json.dumps(contents).encode())
    limit = MAX_CAROUSEL_BYTES if contents.get("type") == "carousel" else MAX_BUBBLE_BYTES
    if size > limit:
        raise LineLimitError(f"flex {contents.get('type')} JSON at most {limit} bytes", size, where)
    for component, path in _walk(contents, "contents"):
        action = component.get("action")
        if isinstance(action, dict):
            _check_action(action, f"{where} {path}.action", MAX_FLEX_ACTION_LABEL,
                          label_required=component.get("type") == "button")


def _walk(node: Any, path: str) -> list[tuple[dict[str, Any], str]]:
    """Every object inside a Flex container, with a readable path (for the error message)."""
    found: list[tuple[dict[str, Any], str]] = []
    if isinstance(node, dict):
        found.append((node, path))
        for key, value in node.items():
            if key != "action":
                found += _walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _walk(value, f"{path}[{i}]")
    return found


def _check_quick_reply(quick: dict[str, Any], where: str) -> None:
    items = quick.get("items") or []
    if len(items) > MAX_QUICK_REPLY_ITEMS:
        raise LineLimitError(f"at most {MAX_QUICK_REPLY_ITEMS} quick reply buttons", len(items), where)
    for i, item in enumerate(items):
        action = item.get("action") or {}
        _check_action(action, f"{where}.items[{i}].action", MAX_QUICK_REPLY_LABEL, label_required=True)


def _check_action(action: dict[str, Any], where: str, label_limit: int, *, label_required: bool) -> None:
    label = action.get("label") or ""
    if label_required and not label:
        raise LineLimitError("this action needs a label", label, where)
    if len(label) > label_limit:
        raise LineLimitError(f"action label at most {label_limit} characters here", len(label), where)
    kind = action.get("type")
    if kind == "message":
        text = action.get("text") or ""
        if not text or len(text) > MAX_ACTION_TEXT:
            raise LineLimitError(f"message action text 1 to {MAX_ACTION_TEXT} characters", len(text), where)
    elif kind == "postback":
        data = action.get("data") or ""
        if len(data) > MAX_POSTBACK_DATA:
            raise LineLimitError(f"postback data at most {MAX_POSTBACK_DATA} characters", len(data), where)
    elif kind == "uri":
        _check_uri(action.get("uri") or "", where)


def _check_uri(uri: str, where: str) -> None:
    if len(uri) > MAX_URI:
        raise LineLimitError(f"URI at most {MAX_URI} characters", len(uri), where)
    scheme = uri.split(":", 1)[0].lower() if ":" in uri else ""
    if scheme not in URI_SCHEMES:
        raise LineLimitError(f"URI scheme one of {', '.join(URI_SCHEMES)}", uri[:40], where)
    if scheme == "tel" and not re.fullmatch(r"tel:[0-9]+", uri):
        raise LineLimitError("tel: URI must be digits only, without hyphens or spaces", uri, where)


# =========================================================================================
# the outbox
# =========================================================================================


def to_payload(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """JSON-able dicts, LINE's own camelCase shape, for the outbox."""
    return [m.to_dict() for m in messages]


def from_payload(payload: Sequence[dict[str, Any]]) -> list[Message]:
    """SDK messages back from the outbox; `to_payload(from_payload(p)) == p`."""
    return [Message.from_dict(dict(item)) for item in payload]
