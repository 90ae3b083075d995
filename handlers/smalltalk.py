"""Greetings, help and out-of-scope: what the bot can do, in four lines, with buttons."""

from __future__ import annotations

from handlers.common import agent_text, cite, phone
from handlers.context import Context
from handlers.messages import QuickReply, Reply
from knowledge.models import Facts
from knowledge.vocab import vocabulary

# Words matched in the user's message live in knowledge/lexicon/smalltalk.yaml; the bot's own
# reply texts below stay here.
_V = vocabulary("smalltalk").check(terms=("thanks", "good_morning", "good_evening"))

MENU = [
    QuickReply(label="保険料を見積もる", text="保険料の見積もりをしたい"),
    QuickReply(label="補償内容を知りたい", text="どんな損害が補償されますか"),
    QuickReply(label="サイバー事故が起きた", text="サイバー事故が起きました"),
    QuickReply(label="一時支援金を調べる", text="日本医師会の一時支援金について知りたい"),
    QuickReply(label="担当者と話したい", text="担当者と話したい"),
]
CAPABILITIES = (
    "・保険料の見積もり（一般診療所・病院・介護老人保健施設、H1〜H7）\n"
    "・補償内容のご質問（パンフレットの記載に基づいてお答えします）\n"
    "・サイバー事故が起きたときの連絡先と最初の対応\n"
    "・日本医師会の一時支援金の計算"
)
INTRO = "宮崎県医師会「医療機関用団体サイバー保険」のご案内をする自動応答のアシスタントです。次のことをお手伝いできます。"


def greeting(ctx: Context) -> Reply:
    hello = "お問い合わせありがとうございます。" if _V.has("thanks", ctx.text) else "こんにちは。"
    if _V.has("good_morning", ctx.text):
        hello = "おはようございます。"
    elif _V.has("good_evening", ctx.text):
        hello = "こんばんは。"
    return Reply(texts=[hello + INTRO, CAPABILITIES], quick_replies=MENU, intent="greeting")


def help_reply(ctx: Context, unclear: bool = False) -> Reply:
    head = "すみません、ご質問の内容を読み取れませんでした。" if unclear else ""
    return Reply(texts=[head + INTRO, CAPABILITIES, "下のボタンから選ぶか、そのまま文章でご質問ください。"], quick_replies=MENU, intent="help")


SCOPE = "このアシスタントは、宮崎県医師会の「医療機関用団体サイバー保険」と日本医師会のサイバーセキュリティ支援制度についてご案内しています。"


def out_of_scope(ctx: Context, topic: str | None) -> Reply:
    if topic:
        # Another insurance: say plainly that the pamphlet does not cover it (its premium, its cover).
        first = f"{topic}の保険料や補償内容は、このパンフレットには記載がありません。{SCOPE}"
    else:
        first = f"申し訳ありません。そのご質問にはお答えできません。{SCOPE}"
    texts = [
        first,
        f"{topic or 'ほかの保険'}のご相談は、ご契約中（またはご検討中）の保険会社・代理店へお問い合わせください。サイバー保険のご加入やお手続きについては、{agent_text(ctx.facts)}が窓口です。",
    ]
    sources = ["sec-18"]
    prerequisite = ctx.facts.terms.prerequisite
    if topic and topic in prerequisite.text:
        # 「医師賠償責任保険に入っていなくても加入できますか」: what the pamphlet says of that insurance
        # is the answer, so it comes first.
        texts.insert(0, f"パンフレットには「{prerequisite.text}」とあります。")
        sources.insert(0, prerequisite.source)
    return Reply(texts=texts, quick_replies=MENU, intent="out_of_scope", sources=cite(*sources))


def not_a_cyber_emergency(ctx: Context) -> Reply:
    """「患者さんが待合室で倒れました！」: urgent, but about a patient and no system: not this assistant's to handle,
    said at once so that no one waits on it; the SOMPO desk stays at hand in case a system is involved after all."""
    return Reply(texts=[
        "患者さんの急病やけがなど、サイバー事故ではない緊急のことは、このアシスタントではご案内できません。院内の救急対応の手順に沿って、すぐに対応してください。",
        SCOPE,
    ], quick_replies=MENU, intent="out_of_scope", sources=[])


def not_a_cyber_matter(ctx: Context) -> Reply:
    """「院内の空調が全部止まってしまいました」: a fault of the building's equipment, no system named: whom this assistant
    cannot name (the equipment's own contractor), said at once; the SOMPO desk stays at hand in case a system is hit."""
    return Reply(texts=[
        "空調や水回り、エレベーターなど建物の設備の故障は、このアシスタントではご案内できません（設備の業者の連絡先もわかりません）。"
        "設備の保守業者や建物の管理会社へご連絡ください。",
        SCOPE,
    ], quick_replies=MENU, intent="out_of_scope", sources=[])


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


def welcome(facts: Facts) -> Reply:
    """A new friend (LINE follow): what the bot does, the emergency number, and the menu."""
    desk = facts.contact("sompo_desk")
    return Reply(
        texts=["友だち追加ありがとうございます。" + INTRO, CAPABILITIES,
               f"サイバー事故が起きたときは、このトークに状況を送ってください。すぐにお電話先と最初の対応をお知らせします。"
               f"（{desk.name} ☎ {desk.phone}・{desk.hours_text}）"],
        quick_replies=MENU, intent="greeting", phones=[phone(desk, True)], sources=cite(desk.source),
    )


def group_intro(facts: Facts) -> Reply:
    """Joining a group: how to ask here, and that incident details go to a one-to-one chat."""
    return Reply(
        texts=["グループに招待いただきありがとうございます。" + INTRO.removesuffix("次のことをお手伝いできます。"),
               "このグループでは、メンション（@）を付けたご質問と、サイバー事故のご連絡にお答えします。"
               "事故の詳しい聞き取りは、患者さんの情報がグループに出ないよう、個別のトークで行います。"],
        intent="greeting",
    )


def member_welcome() -> Reply:
    return Reply(
        texts=["ようこそ。" + INTRO.removesuffix("次のことをお手伝いできます。")
               + "ご質問はメンション（@）を付けて送ってください。"],
        intent="greeting",
    )


ATTACHMENT_NAMES = {"image": "画像", "video": "動画", "audio": "音声", "file": "ファイル", "location": "位置情報",
                    "sticker": "スタンプ"}


def attachment_name(kind: str) -> str:
    """How an incident record names what arrived (「画像」); an unknown kind keeps LINE's name."""
    return ATTACHMENT_NAMES.get(kind, kind)


def reads_text_only(during_incident: bool) -> Reply:
    """An image, sticker, file…: the bot reads text; during an incident the arrival is recorded."""
    text = "申し訳ありません。このアシスタントは文字のメッセージだけを読み取れます。ご質問は文章で送ってください。"
    if during_incident:
        text += "\n受け取ったことはインシデント記録に残しました。画像やファイルの内容は、お電話の際にSOMPOサイバーインシデントサポートデスクへお伝えください。"
    return Reply(texts=[text], intent="help")


def private_followup() -> str:
    """Said in a group after an emergency answer: the triage continues one-to-one."""
    return ("詳しい状況は、このあと個別のトークでお伺いします（患者さんの情報はグループに書き込まないでください）。"
            "個別のトークが届かない場合は、このアカウントを友だち追加してください。")
