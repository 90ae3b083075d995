"""「連絡先は？」: every line with its hours and whether it answers at the message's time."""

from __future__ import annotations

from handlers.common import cite, phone, source_line
from handlers.context import Context
from handlers.messages import Reply
from knowledge.clock import contacts_at
from knowledge.formatting import moment_ja

CONTACT_WORDS = ("連絡先", "電話番号", "問い合わせ先", "問合せ先", "お問合せ", "お問い合わせ", "営業時間", "受付時間", "相談先")
# 「窓口」「電話」 ask for the list only with a where/when/which word: 「窓口で弁護士を紹介して
# もらえますか」 asks what the line does, which the pamphlet's own text answers.
LINE_WORDS = ("窓口", "電話")
WHERE_WHEN = ("どこ", "何時", "なんじ", "いつ", "何番", "番号", "教えて", "おしえて", "つなが", "かけ", "は？", "は?")
# Organisations the pamphlet names without giving a number: the contact list would not answer
# 「SOMPOリスクマネジメントの電話番号は？」, so the question goes to the pamphlet's text.
NO_LISTED_CONTACT = ("リスクマネジメント", "東京海上", "個人情報保護委員会", "警察", "厚生労働省", "ラック", "エルテス")


def asks_for_contacts(normalized: str) -> bool:
    if any(w in normalized for w in NO_LISTED_CONTACT):
        return False
    if any(w in normalized for w in CONTACT_WORDS):
        return True
    return any(w in normalized for w in LINE_WORDS) and any(w in normalized for w in WHERE_WHEN)


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
