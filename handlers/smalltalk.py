"""Greetings, help and out-of-scope: what the bot can do, in four lines, with buttons."""

from __future__ import annotations

from handlers.common import agent_text, cite, phone
from handlers.context import Context
from handlers.messages import QuickReply, Reply
from knowledge.models import Facts

MENU = [
    QuickReply(label="保険料を見積もる", text="保険料の見積もりをしたい"),
    QuickReply(label="補償内容を知りたい", text="どんな損害が補償されますか"),
    QuickReply(label="サイバー事故が起きた", text="サイバー事故が起きました"),
    QuickReply(label="一時支援金を調べる", text="日本医師会の一時支援金について知りたい"),
]
CAPABILITIES = (
    "・保険料の見積もり（一般診療所・病院・介護老人保健施設、H1〜H7）\n"
    "・補償内容のご質問（パンフレットの記載に基づいてお答えします）\n"
    "・サイバー事故が起きたときの連絡先と最初の対応\n"
    "・日本医師会の一時支援金の計算"
)
INTRO = "宮崎県医師会「医療機関用団体サイバー保険」のご案内アシスタントです。次のことをお手伝いできます。"


def greeting(ctx: Context) -> Reply:
    hello = "お問い合わせありがとうございます。" if any(w in ctx.text for w in ("ありがとう", "助かり")) else "こんにちは。"
    if "おはよう" in ctx.text:
        hello = "おはようございます。"
    elif "こんばんは" in ctx.text:
        hello = "こんばんは。"
    return Reply(texts=[hello + INTRO, CAPABILITIES], quick_replies=MENU, intent="greeting")


def help_reply(ctx: Context, unclear: bool = False) -> Reply:
    head = "すみません、ご質問の内容を読み取れませんでした。" if unclear else ""
    return Reply(texts=[head + INTRO, CAPABILITIES, "下のボタンから選ぶか、そのまま文章でご質問ください。"], quick_replies=MENU, intent="help")


def out_of_scope(ctx: Context, topic: str | None) -> Reply:
    about = f"{topic}については" if topic else "そのご質問については"
    texts = [
        f"申し訳ありません。{about}お答えできません。このアシスタントは、宮崎県医師会の「医療機関用団体サイバー保険」と日本医師会のサイバーセキュリティ支援制度についてご案内しています。",
        f"{topic or 'ほかの保険'}のご相談は、ご契約中（またはご検討中）の保険会社・代理店へお問い合わせください。サイバー保険のご加入やお手続きについては、{agent_text(ctx.facts)}が窓口です。",
    ]
    return Reply(texts=texts, quick_replies=MENU, intent="out_of_scope", sources=cite("sec-18"))


def fallback_reply(facts: Facts) -> Reply:
    """What the bot says when something inside it failed: apologise and give the numbers."""
    desk, agent = facts.contact("sompo_desk"), facts.contact("agent")
    return Reply(
        texts=[
            "申し訳ありません。ただいまご質問を処理できませんでした。",
            f"サイバー事故が起きている場合は、{desk.name} ☎ {desk.phone}（{desk.hours_text}）へお電話ください。",
            f"その他のお問い合わせは {agent.name} ☎ {agent.phone}（{agent.hours_text}）へお願いします。",
        ],
        intent="help",
        phones=[phone(desk), phone(agent)],
        sources=cite("sec-17", "sec-18"),
    )
