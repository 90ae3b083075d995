"""bot/channels/line_render: a Reply as LINE message objects, within LINE's documented limits.

Every test looks at what a clinic's staff would see (or what LINE would refuse): the number to call first
in an emergency, a table that is a table, no text lost to the five-message limit, quick replies that fit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from linebot.v3.messaging import (
    AllMentionTarget,
    FlexBox,
    FlexBubble,
    FlexButton,
    FlexMessage,
    FlexText,
    MentionSubstitutionObject,
    MessageAction,
    QuickReplyItem,
    TextMessage,
    TextMessageV2,
    URIAction,
)
from linebot.v3.messaging import QuickReply as LineQuickReply

from bot.channels.line_render import (
    SHORTENED_NOTE,
    LineLimitError,
    check_limits,
    from_payload,
    render,
    to_payload,
    utf16_len,
)
from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound, Phone, PremiumTableView, QuickReply, Reply, Source

JST = dt.timezone(dt.timedelta(hours=9))
WEDNESDAY_NIGHT = dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST)  # the desk answers, the JMA line is closed
WEDNESDAY_MORNING = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)
CASES = Path(__file__).parent / "cases"


@pytest.fixture
def engine(tmp_path: Path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    yield Engine(store)
    store.close()


def ask(engine: Engine, text: str, at: dt.datetime = WEDNESDAY_MORNING, key: str = "U1") -> Reply:
    return engine.handle(Inbound(session_key=key, text=text, at=at, channel="line"))


def texts_of(messages: list[Any]) -> list[str]:
    return [m.text for m in messages if isinstance(m, (TextMessage, TextMessageV2))]


def flexes_of(messages: list[Any]) -> list[FlexMessage]:
    return [m for m in messages if isinstance(m, FlexMessage)]


def buttons_of(flex: FlexMessage) -> list[dict[str, Any]]:
    body = flex.contents.to_dict()["body"]["contents"]
    return [c for c in body if c["type"] == "button"]


def flex_texts(flex: FlexMessage) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "text":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(flex.contents.to_dict())
    return found


def squash(text: str) -> str:
    """The characters a reader sees, without the line breaks that splitting and joining move around."""
    return text.replace("\n", "")


def long_text(tag: str, units: int, line: int = 80) -> str:
    """A multi-line Japanese text of about `units` characters, each line unique (so a lost line shows)."""
    lines, total, n = [], 0, 0
    while total < units:
        body = f"{tag}{n:04d}" + "あ" * (line - len(tag) - 4)
        lines.append(body)
        total += len(body) + 1
        n += 1
    return "\n".join(lines)


# --- emergencies ------------------------------------------------------------------------


def test_emergency_leads_with_the_number_that_answers_now(engine):
    reply = ask(engine, "ランサムウェアに感染しました", WEDNESDAY_NIGHT)
    messages = render(reply)
    check_limits(messages)

    first = messages[0]
    assert isinstance(first, FlexMessage), "an emergency answer starts with the phone bubble"
    assert flex_texts(first)[0] == "今すぐお電話ください"
    buttons = buttons_of(first)
    assert buttons[0]["action"]["uri"] == "tel:0120318258"  # the 24-hour desk first
    assert buttons[0]["action"]["label"].startswith("0120-318-258")
    assert buttons[1]["action"]["uri"] == "tel:0120179066"  # the JMA line: shown, not dropped …
    assert any("時間外" in t and "日本医師会" in t for t in flex_texts(first))  # … and marked closed at 22:30
    assert first.alt_text.startswith("お電話先：SOMPO")
    assert first.alt_text.index("0120-318-258") < first.alt_text.index("0120-179-066")
    # every text of the reply is still there, after the bubble
    sent = "".join(squash(t) for t in texts_of(messages))
    for text in reply.texts:
        assert squash(text) in sent


def test_phones_open_first_then_unknown_then_closed_and_after_the_text_when_no_emergency():
    reply = Reply(
        texts=["連絡先です。"], intent="coverage",
        phones=[
            Phone(label="閉まっている窓口", number="03-1111-1111", open_now=False),
            Phone(label="わからない窓口A", number="03-2222-2222"),
            Phone(label="開いている窓口", number="0120-333-333", open_now=True),
            Phone(label="わからない窓口B", number="03-4444-4444"),
        ],
    )
    messages = render(reply)
    check_limits(messages)
    assert isinstance(messages[0], TextMessage) and isinstance(messages[-1], FlexMessage)
    uris = [b["action"]["uri"] for b in buttons_of(messages[-1])]
    assert uris == ["tel:0120333333", "tel:0322222222", "tel:0344444444", "tel:0311111111"]
    assert flex_texts(messages[-1])[0] == "お電話先"
    assert any(t.startswith("時間外") and "閉まっている窓口" in t for t in flex_texts(messages[-1]))


def test_a_long_contact_name_is_shortened_in_the_button_never_the_number():
    name = "一般社団法人とても長い名前の医療情報セキュリティ相談支援センター（平日昼間の総合窓口）"
    reply = Reply(texts=["こちらへどうぞ。"], intent="coverage", phones=[Phone(label=name, number="0570-022-808")])
    messages = render(reply)
    check_limits(messages)
    button = buttons_of(messages[-1])[0]["action"]
    assert button["uri"] == "tel:0570022808"
    assert button["label"].startswith("0570-022-808 ")
    assert len(button["label"]) <= 40
    assert name in flex_texts(messages[-1])  # the full name stays readable under the button


# --- the premium table ------------------------------------------------------------------


def test_quote_table_is_a_flex_bubble_and_its_plain_lines_are_not_repeated(engine):
    reply = ask(engine, "一般診療所の保険料を全部見せて")
    assert reply.table is not None
    messages = render(reply)
    check_limits(messages)

    (table,) = flexes_of(messages)
    assert reply.table.title in table.alt_text and "27,200円" in table.alt_text and "67,650円" in table.alt_text
    cells = flex_texts(table)
    assert "②事故対応特別費用" in cells and "27,200円" in cells and "67,650円" in cells
    assert reply.table.note in cells
    sent = "\n".join(texts_of(messages))
    assert "H1：賠償1,000万円" not in sent, "the table must not also arrive as plain lines"
    assert "タイプ（H1〜H7）を選ぶと" in sent and "出典" in sent, "no other text is dropped"
    assert messages.index(table) == 0, "the table stands where its lines stood"
    labels = [item.action.label for item in messages[-1].quick_reply.items]
    assert labels == ["H1", "H2", "H3", "H4", "H5", "H6", "H7"]
    assert all(m.quick_reply is None for m in messages[:-1])


def _table(rows: int, cell: str = "1,000万円") -> tuple[PremiumTableView, str]:
    view = PremiumTableView(
        title="テスト病院の年間保険料", columns=["タイプ", "①損害賠償", "②事故対応特別費用", "年間保険料"],
        rows=[[f"H{i}", cell, "500万円", "27,200円"] for i in range(rows)], note="保険期間1年。",
    )
    lines = [f"{view.title}（保険期間1年）"] + [f"{r[0]}：賠償{r[1]}／事故対応{r[2]} → {r[3]}" for r in view.rows]
    return view, "\n".join(lines)


def test_only_the_table_paragraph_is_dropped_from_a_joined_text():
    view, table_text = _table(3)
    joined = "ご質問の件です。\n\n" + table_text + "\n\nタイプを選んでください。"
    messages = render(Reply(texts=[joined, "出典: 8. 加入タイプ"], table=view, intent="quote"))
    check_limits(messages)
    sent = "\n".join(texts_of(messages))
    assert "ご質問の件です。" in sent and "タイプを選んでください。" in sent
    assert "H1：賠償" not in sent
    assert len(flexes_of(messages)) == 1


def test_a_table_too_big_for_a_bubble_stays_as_text():
    view, table_text = _table(400, cell="1,000万円" * 3)
    messages = render(Reply(texts=[table_text], table=view, intent="quote"))
    check_limits(messages)
    assert not flexes_of(messages)
    assert squash("".join(texts_of(messages))) == squash(table_text)


# --- five messages, 5,000 units ----------------------------------------------------------


@pytest.mark.parametrize("with_phones", [False, True])
def test_seven_long_texts_fit_five_messages_without_losing_a_character(with_phones):
    # 7 × 3,000 fills five messages; with the phone bubble four are left for 7 × 2,600
    texts = [long_text(f"T{i}-", 2600 if with_phones else 3000) for i in range(7)]
    phones = [Phone(label="デスク", number="0120-318-258", open_now=True)] if with_phones else []
    messages = render(Reply(texts=texts, intent="coverage", phones=phones))
    check_limits(messages)
    assert len(messages) <= 5
    assert squash("".join(texts_of(messages))) == squash("".join(texts))
    assert all(utf16_len(t) <= 5000 for t in texts_of(messages))


def test_a_few_short_texts_stay_separate_messages():
    messages = render(Reply(texts=["一つ目", "二つ目", "三つ目"], intent="greeting"))
    assert texts_of(messages) == ["一つ目", "二つ目", "三つ目"]


def test_eight_short_texts_join_the_tail_like_reply_fit():
    texts = [f"文{i}" for i in range(8)]
    messages = render(Reply(texts=texts, intent="help"))
    assert texts_of(messages) == ["文0", "文1", "文2", "文3", "\n\n".join(texts[4:])]


def test_a_six_thousand_character_text_is_split_at_line_boundaries():
    text = long_text("L", 6000)
    messages = render(Reply(texts=[text], intent="coverage"))
    check_limits(messages)
    sent = texts_of(messages)
    assert len(sent) == 2
    assert all(utf16_len(t) <= 5000 for t in sent)
    assert "\n".join(sent) == text  # cut between lines: every line arrives whole


def test_emoji_count_twice_towards_the_limit():
    assert (utf16_len("🍎"), utf16_len("𠮷"), utf16_len("あ"), utf16_len("A")) == (2, 2, 1, 1)
    text = "\n".join("🍎" * 49 + "🚑" for _ in range(60))  # 3,000 code points but 6,000 UTF-16 units
    assert len(text) < 5000 < utf16_len(text)
    messages = render(Reply(texts=[text], intent="coverage"))
    check_limits(messages)
    assert len(messages) == 2 and "\n".join(texts_of(messages)) == text


def test_too_much_text_is_cut_at_a_line_with_a_note_and_the_first_text_intact():
    texts = [long_text(f"X{i}-", 4900) for i in range(10)]
    messages = render(Reply(texts=texts, intent="coverage"))
    check_limits(messages)
    sent = texts_of(messages)
    assert len(sent) == 5
    assert sent[0] == texts[0]
    assert sent[-1].endswith("\n" + SHORTENED_NOTE)
    kept_lines = sent[-1].split("\n")[:-1]
    all_lines = {line for t in texts for line in t.split("\n")}
    assert all(line in all_lines for line in kept_lines), "the cut falls between lines"


def test_a_line_longer_than_a_message_is_never_cut_inside_a_phone_number():
    unit = "緊急時は0120-318-258へ"  # 19 characters, no punctuation to break at
    line = unit * 330  # 6,270 characters on one line
    messages = render(Reply(texts=[line], intent="incident"))
    check_limits(messages)
    sent = texts_of(messages)
    assert len(sent) == 2 and "".join(sent) == line
    assert sum(t.count("0120-318-258") for t in sent) == 330


# --- quick replies ----------------------------------------------------------------------


def test_twenty_quick_replies_become_thirteen_and_long_labels_are_cut():
    base = [QuickReply(label=f"選択{i}", text=f"選択{i}") for i in range(18)]
    long_label = "とても長いラベルのクイックリプライでございますのでご注意を"  # 28 characters
    assert len(long_label) > 20
    extra = [QuickReply.model_construct(label=long_label, text=long_label), QuickReply(label="まとめ", text="まとめ")]
    messages = render(Reply(texts=["どうしますか？", "出典: 8"], intent="help", quick_replies=base[:1]),
                      extra_quick_replies=extra)
    assert [i.action.label for i in messages[-1].quick_reply.items][1] == long_label[:19] + "…"
    assert messages[-1].quick_reply.items[1].action.text == long_label  # a tap still sends the whole text

    many = render(Reply(texts=["どれにしますか？"], intent="help", quick_replies=base), extra_quick_replies=extra)
    check_limits(many)
    items = many[-1].quick_reply.items
    assert len(items) == 13
    assert all(len(i.action.label) <= 20 for i in items)
    assert [i.action.label for i in items[:3]] == ["選択0", "選択1", "選択2"]


# --- mention, quote token ---------------------------------------------------------------


def test_mention_and_quote_token_go_on_the_first_text_and_braces_survive():
    user_text = "保険料は{H1}と{H2}の比較です}"
    reply = Reply(texts=[user_text, "二通目"], intent="quote", phones=[Phone(label="代理店", number="0985-23-9100")])
    messages = render(reply, mention_user_id="U4af4980629", quote_token="q-123")
    check_limits(messages)
    first = messages[0]
    assert isinstance(first, TextMessageV2)
    assert first.text.startswith("{user} ")
    assert first.to_dict()["substitution"] == {"user": {"type": "mention", "mentionee": {"type": "user", "userId": "U4af4980629"}}}
    assert first.quote_token == "q-123"
    shown = first.text[len("{user} "):].replace("{{", "{").replace("}}", "}")
    assert shown == user_text  # what LINE displays after the mention
    assert isinstance(messages[1], TextMessage) and messages[1].quote_token is None
    assert "quoteToken" not in to_payload(messages)[2]


def test_emergency_mention_goes_on_the_first_text_after_the_phone_bubble(engine):
    messages = render(ask(engine, "ランサムウェアに感染しました", WEDNESDAY_NIGHT), mention_user_id="Uabc", quote_token="qt")
    check_limits(messages)
    assert isinstance(messages[0], FlexMessage)
    assert isinstance(messages[1], TextMessageV2) and messages[1].quote_token == "qt"


def test_quote_token_alone_keeps_a_plain_text_message():
    messages = render(Reply(texts=["はい、{承知}しました"], intent="greeting"), quote_token="q-1")
    assert isinstance(messages[0], TextMessage)
    assert messages[0].text == "はい、{承知}しました" and messages[0].quote_token == "q-1"


# --- sources, private_from -----------------------------------------------------------------


def test_sources_line_is_added_once():
    sources = [Source(section="sec-08", title="8. 加入タイプ"), Source(section="sec-18", title="18. お問い合わせ先")]
    messages = render(Reply(texts=["一通目", "二通目"], intent="coverage", sources=sources))
    assert texts_of(messages)[-1] == "二通目\n出典: 8. 加入タイプ／18. お問い合わせ先"
    already = render(Reply(texts=["本文\n出典: 8. 加入タイプ"], intent="coverage", sources=sources))
    assert texts_of(already) == ["本文\n出典: 8. 加入タイプ"]


def test_private_from_is_left_to_the_caller():
    reply = Reply(texts=["番号です", "詳しく教えてください"], intent="incident", private_from=1)
    assert texts_of(render(reply)) == ["番号です", "詳しく教えてください"]


# --- check_limits -----------------------------------------------------------------------


def _bubble(*components: Any) -> FlexBubble:
    return FlexBubble(body=FlexBox(layout="vertical", contents=list(components)))


def _flex(*components: Any, alt: str = "代替テキスト") -> FlexMessage:
    return FlexMessage(alt_text=alt, contents=_bubble(*components))


def _with_quick(items: list[QuickReplyItem]) -> TextMessage:
    return TextMessage.construct(type="text", text="選んでください", quick_reply=LineQuickReply.construct(items=items))


def _button(label: str, uri: str) -> FlexButton:
    return FlexButton(action=URIAction(label=label, uri=uri))


OVER_LIMIT = {
    "six messages": ([TextMessage(text=str(i)) for i in range(6)], "at most 5 messages"),
    "no message": ([], "at least 1 message"),
    "empty text": ([TextMessage(text="")], "must not be empty"),
    "5,001 UTF-16 units": ([TextMessage(text="あ" * 4999 + "🍎")], "5000 UTF-16 units"),
    "altText 1,501": ([_flex(FlexText(text="x"), alt="あ" * 1501)], "altText at most 1500"),
    "bubble over 30 KB": ([_flex(*[FlexText(text="保険料" * 50) for _ in range(80)])], "JSON at most 30000 bytes"),
    "14 quick replies": ([_with_quick([QuickReplyItem(action=MessageAction(label=f"{i}", text=f"{i}")) for i in range(14)])],
                         "at most 13 quick reply"),
    "quick reply label 21": ([_with_quick([QuickReplyItem(action=MessageAction(label="あ" * 21, text="a"))])],
                             "label at most 20"),
    "quick reply without label": ([_with_quick([QuickReplyItem(action=MessageAction(text="a"))])], "needs a label"),
    "message action text 301": ([_with_quick([QuickReplyItem(action=MessageAction(label="a", text="あ" * 301))])],
                                "text 1 to 300"),
    "flex button label 41": ([_flex(_button("0" * 41, "tel:0120318258"))], "label at most 40"),
    "tel with hyphens": ([_flex(_button("デスク", "tel:0120-318-258"))], "digits only"),
    "ftp uri": ([_flex(_button("資料", "ftp://example.com/a"))], "URI scheme"),
    "uri 1,001": ([_flex(_button("資料", "https://example.com/" + "a" * 990))], "at most 1000"),
    "textV2 lone brace": ([TextMessageV2(text="料金は{H1}です")], "needs a substitution"),
    "textV2 unbalanced": ([TextMessageV2(text="閉じ括弧}だけ")], "must be written '}}'"),
}


@pytest.mark.parametrize("case", list(OVER_LIMIT), ids=list(OVER_LIMIT))
def test_check_limits_rejects_what_line_would_refuse(case):
    messages, named = OVER_LIMIT[case]
    with pytest.raises(LineLimitError) as raised:
        check_limits(messages)
    assert named in str(raised.value)


def test_check_limits_accepts_the_edges():
    check_limits([TextMessage(text="あ" * 4998 + "🍎")])  # exactly 5,000 units
    check_limits([_flex(_button("0" * 40, "tel:0120318258"), alt="あ" * 1500)])
    check_limits([_with_quick([QuickReplyItem(action=MessageAction(label="あ" * 20, text="a" * 300))] * 13)])
    everyone = MentionSubstitutionObject(mentionee=AllMentionTarget())
    check_limits([TextMessageV2(text="{{リテラル}} と {user}", substitution={"user": everyone})])


# --- the outbox -------------------------------------------------------------------------


def test_payload_round_trips_exactly(engine):
    view, table_text = _table(3)
    reply = Reply(
        texts=["見積もりです。{注意}", table_text, "出典: 8. 加入タイプ"], table=view, intent="incident",
        phones=[Phone(label="デスク", number="0120-318-258", open_now=True),
                Phone(label="窓口", number="0120-179-066", open_now=False)],
        quick_replies=[QuickReply(label="H1", text="H1")],
    )
    messages = render(reply, mention_user_id="Uabc", quote_token="qt")
    stored = json.loads(json.dumps(to_payload(messages), ensure_ascii=False))  # as the outbox keeps it
    again = from_payload(stored)
    assert again == messages
    assert [type(m) for m in again] == [type(m) for m in messages]
    assert to_payload(again) == stored
    assert stored[0]["type"] == "flex" and stored[1]["type"] == "textV2"
    assert stored[-1]["quickReply"]["items"][0]["action"] == {"type": "message", "label": "H1", "text": "H1"}


# --- every case file, through the engine --------------------------------------------------


def _first_turns() -> list[tuple[str, str, dt.datetime]]:
    turns = []
    for name in ("quote.json", "incident.json", "other.json"):
        for case in json.loads((CASES / name).read_text(encoding="utf-8")):
            turn = case["turns"][0]
            at = dt.datetime.fromisoformat(turn["now"]) if turn.get("now") else WEDNESDAY_MORNING
            turns.append((case["id"], turn["text"], at))
    return turns


def test_every_case_file_reply_renders_within_limits(tmp_path):
    from bot.runtime import LazyRetriever
    from bot.settings import Settings

    store = SQLiteStore(tmp_path / "cases.sqlite3")
    engine = Engine(store, retriever=LazyRetriever(Settings.from_env().pamphlet_index_dir))
    problems = []
    try:
        for number, (case_id, text, at) in enumerate(_first_turns()):
            reply = engine.handle(Inbound(session_key=f"case-{number}", text=text, at=at, channel="line"))
            for options in ({}, {"mention_user_id": "Uabc", "quote_token": "qt"}):
                messages = render(reply, **options)
                try:
                    check_limits(messages)
                except LineLimitError as error:
                    problems.append(f"{case_id}: {error}")
                if to_payload(from_payload(to_payload(messages))) != to_payload(messages):
                    problems.append(f"{case_id}: payload does not round-trip")
            sent = squash("".join(texts_of(render(reply))))
            lost = [t for t in reply.texts if reply.table is None and squash(t) not in sent]
            if lost:
                problems.append(f"{case_id}: text lost: {lost[0][:40]}")
    finally:
        store.close()
    assert not problems, "\n".join(problems)


# --- whatever the handlers say ----------------------------------------------------------

PIECES = st.sampled_from(["あ", "🍎", "{", "}", "{user}", "\n", "\n\n", "0120-318-258", "。", "a", "𠮷", " "])
TEXTS = st.lists(st.lists(PIECES, min_size=1, max_size=40).map("".join), min_size=1, max_size=9)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=TEXTS, repeat=st.integers(1, 400), mention=st.booleans(), phones=st.booleans())
def test_any_reply_renders_within_limits_and_keeps_its_text(texts, repeat, mention, phones):
    texts = [t * repeat for t in texts]  # from a few characters to far beyond five messages
    reply = Reply(texts=texts, intent="incident" if phones else "coverage",
                  phones=[Phone(label="デスク", number="0120-318-258", open_now=True)] if phones else [])
    messages = render(reply, mention_user_id="Uabc" if mention else None, quote_token="qt")
    if not messages:  # nothing visible to say: nothing is sent
        assert not phones and not any(t.strip() for t in texts)
        return
    check_limits(messages)
    sent = []
    for i, m in enumerate(texts_of(messages)):
        if mention and i == 0:  # what LINE shows after the mention: the braces the user wrote
            m = m[len("{user} "):].replace("{{", "{").replace("}}", "}")
        sent.append(m)
    joined = squash("".join(sent))
    if not any(SHORTENED_NOTE in m for m in sent):
        assert "".join(squash(t) for t in texts).replace(" ", "") == joined.replace(" ", "")
