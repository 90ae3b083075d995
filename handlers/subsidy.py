"""The subsidy dialogue: kind, date and closure days from the message (or by asking), then the amount."""

from __future__ import annotations

import datetime as dt
import re

from handlers.common import cite, source_line
from handlers.context import Context
from handlers.messages import QuickReply, Reply
from handlers.session import SubsidySlots
from knowledge import text as jtext
from knowledge.formatting import full_date_ja, man_yen
from knowledge.models import Facts
from knowledge.subsidy import SubsidyResult, compute_subsidy

NOT_CYBER = ("サイバー攻撃ではない", "サイバー攻撃でない", "サイバー攻撃以外", "サイバー攻撃に起因しない", "攻撃ではない",
             "攻撃でない", "攻撃によらない", "攻撃に起因しない", "攻撃じゃな", "誤送信", "紛失", "置き忘れ", "盗難", "盗まれ")
CYBER_WORDS = ("サイバー攻撃", "攻撃", "ランサム", "ウイルス", "ウィルス", "不正アクセス", "ハッキング", "マルウェア", "emotet", "乗っ取",
               "cyber", "attack", "ransomware", "hack", "virus", "malware")
LEAK_WORDS = ("漏えい", "漏洩", "漏れ", "流出", "ろうえい")
INTERNAL_WORDS = ("内部の犯行", "内部犯行", "内部犯罪", "内部不正", "内部の者", "職員による", "職員の不正", "従業員による",
                  "従業員の不正", "スタッフによる", "内部の人")
STAFF_WORDS = ("職員", "従業員", "スタッフ", "事務員", "事務職員", "看護師", "元職員", "退職者", "身内")
MISCONDUCT_WORDS = ("持ち出", "売っ", "売却", "盗ん", "盗み", "横領", "不正に", "故意", "わざと", "漏らし")
CLOSURE_WORDS = ("休業", "休診", "診療停止", "停止", "閉院", "止め", "止ま", "休ん", "休み")
DEFINITION_WORDS = ("扱い", "定義", "含まれ", "該当", "みなされ", "見なされ", "なりますか", "なるの", "当たりますか")
NEW_PATIENT_WORDS = ("新患", "新規患者", "初診")
SUBSIDY_WORDS = ("支援金", "一時金", "助成金", "補助金", "給付金")
ENGLISH_DAYS_RE = re.compile(r"(?<![0-9])([0-9]{1,3})\s*days?\b", re.IGNORECASE)

# Button texts say 「の場合」: they name a case to compute, not an event being reported.
KIND_REPLIES = [
    QuickReply(label="サイバー攻撃の場合", text="サイバー攻撃の場合の一時支援金"),
    QuickReply(label="攻撃以外の漏えいの場合", text="サイバー攻撃ではない情報漏えいの場合の一時支援金"),
]


def _kind(normalized: str) -> str | None:
    if any(w in normalized for w in NOT_CYBER):
        return "leak"
    if any(w in normalized.lower() for w in CYBER_WORDS):
        return "cyber"
    return None  # a leak of unknown cause: both payments are possible


def _closed_days(normalized: str) -> int | None:
    english = ENGLISH_DAYS_RE.search(normalized)
    if english and any(w in normalized.lower() for w in ("closed", "close", "shut")):
        return int(english[1])
    days = jtext.find_days(normalized)
    if days is not None and any(w in normalized for w in CLOSURE_WORDS):
        return days
    if any(w in normalized for w in ("休業していない", "休診していない", "休業なし", "休診なし", "止まっていない", "通常通り", "休業はしてない")):
        return 0
    return None


def is_internal(normalized: str) -> bool:
    """Internal crime (内部犯罪): named as such, or staff doing something deliberate."""
    return any(w in normalized for w in INTERNAL_WORDS) or (
        any(w in normalized for w in STAFF_WORDS) and any(w in normalized for w in MISCONDUCT_WORDS)
    )


def update_slots(slots: SubsidySlots, normalized: str, today: dt.date, facts: Facts) -> None:
    """Fill what this message says; a bare 「2日です」 answers the closure-days question."""
    kind = _kind(normalized)
    if kind:
        slots.kind = kind  # type: ignore[assignment]
    day = jtext.find_date(normalized, today)
    if day is None:
        year = jtext.find_year(normalized)
        if year is not None and year < facts.subsidy.scheme_start.year:
            day = dt.date(year, 12, 31)  # any day of that year is before the scheme
    if day:
        slots.date = day
    closed = _closed_days(normalized)
    if closed is None and slots.kind == "cyber" and slots.closed_days is None and day is None:
        closed = jtext.find_days(normalized)
    if closed is not None:
        slots.closed_days = closed
    if is_internal(normalized):
        slots.internal = True


def answers_pending(normalized: str, slots: SubsidySlots) -> bool:
    """In an open subsidy dialogue, 「サイバー攻撃の方です」 or 「2日です」 answers its question."""
    if slots.kind is None and _kind(normalized):
        return True
    return slots.kind == "cyber" and slots.closed_days is None and jtext.find_days(normalized) is not None


def asks_closure_definition(normalized: str) -> bool:
    return any(w in normalized for w in ("休業", "休診")) and (
        any(w in normalized for w in DEFINITION_WORDS) or any(w in normalized for w in NEW_PATIENT_WORDS)
    )


# 「詳細はどこで確認できますか」「申請期限は？」「最大いくら？」 ask about the scheme itself, not for a
# computation: the pamphlet's text answers them (or says that it does not).
SCHEME_QUESTION_WORDS = ("詳細", "どこで確認", "どこで見", "期限", "締め切り", "締切", "最大", "上限", "申請方法", "申請先",
                         "手続き")


def asks_about_the_scheme(normalized: str, today: dt.date) -> bool:
    if not any(w in normalized for w in SCHEME_QUESTION_WORDS):
        return False
    computes = jtext.find_date(normalized, today) is not None or _closed_days(normalized) is not None
    return not computes


def starts_new_question(normalized: str) -> bool:
    return any(w in normalized for w in SUBSIDY_WORDS)


def _result_texts(result: SubsidyResult, assumed_date: bool, facts: Facts) -> list[str]:
    rules = facts.subsidy
    if result.internal:
        head = "内部犯罪に起因した案件は、日本医師会の一時支援金のお支払いの対象外です。"
    elif not result.eligible:
        head = f"事由発生日 {full_date_ja(result.date)} の事案は、一時支援金の対象期間外です。"
    else:
        head = f"日本医師会の一時支援金は {man_yen(result.amount_yen)} です。"
        if not assumed_date:
            # The amount depends on the date: say which date it was computed for.
            head += f"（事由発生日 {full_date_ja(result.date)} として計算しました）"
    texts = [head, "\n".join(result.breakdown)]
    if result.eligible:
        texts.append("お支払いの要件：" + "、".join(result.requirements) + "。")
        if assumed_date and result.kind == "cyber":
            periods = sorted(rules.cyber.closure_periods, key=lambda p: p.from_)
            texts.append(f"※事由発生日が{full_date_ja(periods[-1].from_)}以降の場合の金額です。" + periods[0].text)
    texts.append(" ".join(result.conditions))
    return texts


def handle(ctx: Context) -> Reply:
    """The subsidy dialogue: a new question starts from empty slots, a follow-up adds to them."""
    session = ctx.session
    if session.flow != "subsidy" or starts_new_question(ctx.text):
        session.subsidy = SubsidySlots()
    session.flow = "subsidy"
    update_slots(session.subsidy, ctx.text, ctx.now.date(), ctx.facts)
    return answer(ctx, session.subsidy)


def answer(ctx: Context, slots: SubsidySlots) -> Reply:
    """The amount for these slots, or the question that is still needed; never touches the session."""
    facts = ctx.facts
    sources = cite("sec-11")
    rules = facts.subsidy
    if asks_closure_definition(ctx.text) and slots.closed_days is None:
        current = max(rules.cyber.closure_periods, key=lambda p: p.from_)
        texts = [rules.closure_definition.text, f"休業による追加額：{current.text}", source_line(sources)]
        return Reply(texts=texts, intent="subsidy", sources=sources)

    if slots.internal:
        result = compute_subsidy(slots.kind or "cyber", slots.date or ctx.now.date(), 0, True, facts)
        return Reply(texts=[*_result_texts(result, False, facts), source_line(sources)], intent="subsidy", sources=sources)

    if slots.kind is None:
        texts = [
            f"日本医師会の一時支援金（{rules.eligible_members}が対象）は、次の2種類です。",
            f"・{rules.cyber.label}：{man_yen(rules.cyber.base_yen)}。1日以上休業した場合は休業日数に応じて追加があります。\n"
            f"・{rules.leak.label}：{man_yen(rules.leak.amount_yen)}",
            "どちらに当たりますか？",
            source_line(sources),
        ]
        return Reply(texts=texts, intent="subsidy", sources=sources, quick_replies=KIND_REPLIES)

    assumed_date = slots.date is None
    result = compute_subsidy(slots.kind, slots.date or ctx.now.date(), slots.closed_days or 0, False, facts)
    texts = _result_texts(result, assumed_date, facts)
    quick: list[QuickReply] = []
    if slots.kind == "cyber" and slots.closed_days is None:
        texts.append("休業した日数を教えていただければ、追加額を含めて計算します。")
        quick = [QuickReply(label=f"休業{n}日", text=f"休業{n}日") for n in (1, 2, 3)]
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="subsidy", sources=sources, quick_replies=quick)
