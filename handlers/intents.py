"""Which job a message asks for, when it is not an emergency (that check always runs first)."""

from __future__ import annotations

from handlers import subsidy
from handlers.messages import Intent
from handlers.quote import looks_like_quote
from knowledge import text as jtext

SUBSIDY_WORDS = ("支援金", "一時金", "助成金", "補助金", "給付金", "しえんきん", "subsidy", "support payment")
QUOTE_WORDS = ("保険料", "見積", "みつもり", "掛金", "掛け金", "値段", "料金", "年額", "月額", "ほけんりょう")
PRICE_WORDS = ("いくら", "幾ら", "金額", "how much")
PLAN_WORDS = ("タイプ", "プラン", "型")
HELP_WORDS = ("ヘルプ", "使い方", "つかいかた", "何ができ", "なにができ", "メニュー", "できること", "help", "menu")
GREETING_WORDS = ("おはよう", "こんにちは", "こんばんは", "はじめまして", "よろしく", "ありがとう", "お疲れ", "おつかれ",
                  "もしもし", "hello", "hi", "thanks", "thank you", "助かりました")
OTHER_INSURANCE = ("自動車保険", "車の保険", "生命保険", "火災保険", "医療保険", "がん保険", "学資保険", "地震保険",
                   "傷害保険", "ペット保険", "旅行保険", "年金保険", "所得補償保険", "自転車保険", "car insurance",
                   "auto insurance", "life insurance", "fire insurance", "health insurance")
# 保険料 in a question about refunds, tax or how to pay is a question about the terms, not a quote.
PREMIUM_TERMS = ("戻り", "戻っ", "返金", "返還", "税", "経費", "払い方", "支払方法", "支払い方法", "引き落", "引落", "引き去り",
                 "月払", "分割", "領収", "振込", "振り込", "上が", "安くな", "いつ払", "解約", "月割", "日割", "あが",
                 "高くな", "翌年", "どれくらいで", "どのくらいで", "何日で")
OFF_TOPIC = ("天気", "株価", "占い", "レシピ", "競馬", "宝くじ")
DOMAIN_WORDS = ("保険", "補償", "対象", "支払", "払われ", "加入", "契約", "期間", "締切", "締め切り", "解約", "脱退", "示談",
                "請求", "賠償", "費用", "サービス", "窓口", "連絡先", "電話", "免責", "除外", "クーリング", "告知", "申込",
                "更新", "特約", "約款", "漏え", "漏洩", "ウイルス", "サイバー", "攻撃", "不正", "情報", "事故", "届出", "報告",
                "損保", "sompo", "医師会", "代理店", "罰金", "訴", "弁護士", "謝罪", "お詫び", "コールセンター", "調査",
                "フォレンジック", "データ", "復旧", "停止", "個人情報", "ランサム", "診断", "訓練", "gdpr", "プラン",
                "侵害", "著作権", "名誉", "プライバシー", "損害",
                "insurance", "cover", "claim", "policy", "premium")
ASKING = ("?", "？", "ですか", "ますか", "でしょうか", "教えて", "知りたい", "いくら", "だっけ", "とは", "どう", "なに", "何",
          "どこ", "いつ", "誰", "かな", "ません？", "の？", "る？", "how", "what", "when", "where", "is ", "are ", "can ", "does ")


def is_question(normalized: str) -> bool:
    """Whether a message asks something (as opposed to reporting or answering)."""
    lowered = normalized.lower()
    return any(w in lowered for w in ASKING) or lowered.rstrip("。 ").endswith(("か", "の"))


def other_insurance(normalized: str) -> str | None:
    """The other kind of insurance a message asks about (生命保険 …), if any."""
    lowered = normalized.lower()
    return next((w for w in OTHER_INSURANCE if w in lowered), None)


def classify(normalized: str) -> Intent | None:
    """The intent of a non-emergency message, or None when nothing in it points anywhere."""
    lowered = normalized.lower()
    folded = jtext.fold(normalized)
    if any(w in lowered for w in SUBSIDY_WORDS) or subsidy.asks_closure_definition(normalized):
        return "subsidy"
    if other_insurance(lowered):
        return "out_of_scope"
    if looks_like_quote(normalized):
        return "quote"
    if any(w in normalized for w in QUOTE_WORDS):
        return "coverage" if any(w in normalized for w in PREMIUM_TERMS) else "quote"
    if any(w in normalized for w in PLAN_WORDS) and jtext.find_amounts_yen(normalized):
        return "quote"
    if any(w in lowered for w in PRICE_WORDS) and (jtext.find_facility(normalized) or jtext.find_size(normalized)):
        return "quote"
    if any(w in lowered for w in HELP_WORDS):
        return "help"
    if any(w in normalized for w in OFF_TOPIC):
        return "out_of_scope"
    if any(w in lowered for w in DOMAIN_WORDS) or any(w in folded for w in ("ほけん", "ほしょう")):
        return "coverage"
    if len(normalized) <= 30 and any(w in lowered for w in GREETING_WORDS):
        return "greeting"
    if is_question(normalized) and len(normalized) >= 6:
        return "coverage"
    return None
