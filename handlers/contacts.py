"""「連絡先は？」: every line with its hours and whether it answers at the message's time."""

from __future__ import annotations

import re

from handlers import triage
from handlers.common import cite, phone, source_line
from handlers.context import Context
from handlers.messages import Reply
from handlers.verdicts import asks_for_a_verdict
from knowledge.clock import contact_status, contacts_at
from knowledge.formatting import moment_ja
from knowledge.models import get_facts
from knowledge.vocab import vocabulary

# The words live in knowledge/lexicon/contacts.yaml; a missing or unknown name stops the start-up.
_V = vocabulary("contacts").check(terms=("contact_words", "line_words", "where_when", "no_listed_contact", "someones_details",
                                         "asks_the_list", "cost_asked", "named_lines", "opens_words", "open_now", "dispute_words",
                                         "requests_the_lines", "lines_called", "no_answer", "where_to_turn"),
                                  patterns=("not_a_call",))


def asks_for_contacts(normalized: str) -> bool:
    normalized = _V.pattern("not_a_call").sub(lambda m: "＿" * len(m[0]), normalized)  # (「数日かけても」 is no call)
    asked = [s for s in triage.sentences(normalized) if s.rstrip().endswith(("?", "？"))]
    if _V.has("no_listed_contact", "".join(asked) if asked else normalized):
        # The pamphlet names it without a number: its text answers, not the list. (Only in the sentence
        # that asks: 「駅と警察には遺失届を出しました。今からどこに電話すればいいですか？」 tells of the police.)
        return False
    if _V.has("someones_details", normalized):
        return False  # 「患者さんの連絡先が漏れた」: the details are what happened to data
    # 「窓口」「電話」 ask for the list only with a where/when/which word.
    wants = _V.has("contact_words", normalized) or (
        (_V.has("line_words", normalized) or _V.has("named_lines", normalized))
        and (_V.has("where_when", normalized) or _V.has("opens_words", normalized)) and not _V.has("cost_asked", normalized)) or (
        _V.has("lines_called", normalized) and _V.has("open_now", normalized)) or (
        _V.has("dispute_words", normalized) and _V.has("lines_called", normalized) and _V.has("where_when", normalized))
    # A question about cover asks for the list only in so many words (「連絡先を教えて」「夜でも連絡できる？」):
    # 「知り合いの連絡先を聞き出して…保険出る？」 is about cover.
    return wants and (not asks_for_a_verdict(normalized) or _V.has("asks_the_list", normalized))


def asks_where_to_turn(normalized: str) -> bool:
    """「正式な見積もりはどこに頼めばいいですか」: whom to turn to for something, a question of the lines."""
    return _V.has("where_to_turn", normalized) and not _V.has("no_listed_contact", normalized) \
        and not _V.has("someones_details", normalized)


def names_a_line(normalized: str) -> bool:
    """「医師会にかけたけど」 "I tried the number but nobody answers": a line named by its owner or by its own number (as
    the facts print it)."""
    digits = re.sub(r"[^0-9]", "", normalized)
    return _V.has("lines_called", normalized) or any(
        re.sub(r"[^0-9]", "", c.phone) in digits for c in get_facts().contacts if c.phone)


def requests_the_lines(normalized: str) -> bool:
    """「番号をもう一回」「医師会にかけたけど、もうつながらない」: the lines asked for without a question."""
    return (asks_for_contacts(normalized) and _V.has("requests_the_lines", normalized)) or (
        _V.has("no_answer", normalized) and names_a_line(normalized))


def handle(ctx: Context) -> Reply:
    facts = ctx.facts
    report = contacts_at(ctx.now, facts)
    lines = [f"{moment_ja(ctx.now)}時点の受付状況です。"]
    for status in report.contacts:
        contact = facts.contact(status.id)
        if status.open_now:
            state = "受付中" + (f"（{status.closes_at.hour}:{status.closes_at.minute:02d}まで）" if status.closes_at else "")
        else:
            state = f"時間外（次は {moment_ja(status.next_open)} から）" if status.next_open else "時間外"
        extra = "".join(f"　{label} {value}" for label, value in (("FAX", contact.fax), ("✉", contact.email)) if value)
        lines.append(f"・{contact.name}（{contact.role}）\n  ☎ {contact.phone}{extra}　{contact.hours_text}　→ {state}")
        lines.extend(f"  ※{note}" for note in status.notes if "17時以降" not in note)
    for other in facts.inquiry_contacts:
        extra = "".join(f"　{label} {value}" for label, value in (("FAX", other.fax), ("✉", other.email)) if value)
        lines.append(f"・{other.name}（{other.role}）\n  ☎ {other.phone}{extra}　※{other.hours_note}")
    sources = cite(*dict.fromkeys(c.source for c in [*facts.contacts, *facts.inquiry_contacts]))
    return Reply(
        texts=["\n".join(lines), "サイバー事故が起きている場合は、まずSOMPOサイバーインシデントサポートデスクへお電話ください。", source_line(sources)],
        intent="coverage", sources=sources, phones=[phone(c) for c in [*facts.contacts, *facts.inquiry_contacts]],
    )


def trouble_reply(ctx: Context, everyday: bool = False, left_alone: bool = False) -> Reply:
    """Trouble with a device or a login told that may or may not be an incident (「受付のパソコンがやたら遅い」
    「パスワード忘れてログインできん」): the JMA line, which takes everyday security troubles too, and whether it
    answers now; the SOMPO desk for anything that looks like an attack. ``everyday``: the writer named an
    everyday cause of their own (a forgotten password, a paper jam); ``left_alone``: something received was not
    acted on (a suspicious mail left unopened)."""
    facts = ctx.facts
    jma, desk = facts.contact("jma_line"), facts.contact("sompo_desk")
    item = next(i for i in facts.services.jma_support.items if i.contact == jma.id)
    status = contact_status(jma, ctx.now, facts)
    if status.open_now:
        state = "いま受付中" + (f"（{status.closes_at.hour}:{status.closes_at.minute:02d}まで）" if status.closes_at else "")
    else:
        state = f"いまは時間外です（次は {moment_ja(status.next_open)} から）" if status.next_open else "いまは時間外です"
    sources = cite(jma.source, desk.source)
    if everyday:
        # 「プリンターが紙詰まりして」「パスワード忘れてしもて」: the writer's own everyday cause, no attack told
        lead = ("お書きの内容からは、サイバー攻撃などの事故ではなく、日常の機器や操作のトラブルのようです。"
                "パスワードの再設定や機器の故障・紙詰まりなどは、院内の管理担当者や機器・システムの業者にご相談ください。"
                "セキュリティの面で気になることがあれば、次の窓口に相談できます。")
    elif left_alone:
        # 「添付付きのメールが届きました。開いてないけど、削除して大丈夫？」: received and not acted on
        lead = ("開いたり操作したりしていないとのことですので、お書きの内容からは、いまのところ事故が起きた様子は見当たりません。"
                "削除してよいかなど、セキュリティの相談は次の窓口にできます。")
    else:
        lead = "このメッセージだけでは、サイバー攻撃などの事故かどうかは判断できません。"
    return Reply(texts=[
        lead,
        f"{jma.name}：{item.summary}\n☎ {jma.phone}（{jma.hours_text}・{state}）",
        f"身に覚えのない操作や脅迫文の表示、ファイルが開けなくなったなど、攻撃が疑われるときは、{desk.name} "
        f"☎ {desk.phone}（{desk.hours_text}）へすぐにお電話ください。",
        source_line(sources),
    ], intent="coverage", sources=sources, phones=[phone(jma), phone(desk)])
