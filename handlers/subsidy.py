"""The subsidy dialogue: kind, date and closure days from the message (or by asking), then the amount."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from handlers.common import cite, phone, source_line
from handlers.context import Context
from handlers.emergency import medical_talk, without_everyday_words
from handlers.messages import QuickReply, Reply
from handlers import triage
from handlers.session import SubsidySlots
from knowledge import text as jtext
from knowledge.clock import JST
from knowledge.dates import english_days, season_of_year
from knowledge.dates import lexicon as date_lexicon
from knowledge.formatting import full_date_ja, man_yen
from knowledge.incident_flow import get_incident_flow
from knowledge.models import Facts, InquiryContact, get_facts
from knowledge.subsidy import SubsidyResult, compute_subsidy
from knowledge.vocab import key_and_mask, vocabulary

if TYPE_CHECKING:
    from handlers.understand import Slot

# The words live in knowledge/lexicon/subsidy.yaml; a missing or unknown name stops the start-up.
_V = vocabulary("subsidy").check(
    terms=("not_cyber", "leak_payment_named", "cyber", "taken_back", "internal", "staff", "misconduct", "closure", "closed_english", "not_closed",
           "closed_that_day", "contrast", "leak_words", "both", "added_on_top", "total_asked", "illness", "other_cause", "done_in", "machines",
           "closure_asked", "definition", "new_patient", "membership_asked", "jma_membership", "facility_named", "eligible_asked", "payment_names", "scheme_named", "scheme_question", "where_to_apply", "what_if", "requirements_asked", "maximum_asked", "amount_changes",
           "other_member_class", "eligible_member_class", "staff_as_doer", "leak_by_mishap"),
    patterns=("one_day_closed", "not_cyber_said", "eligible_class_denied", "day_later", "day_earlier"),
)

JMA_OFFICE = "jma_office"  # facts.yaml inquiry_contacts: the JMA office for the support scheme
TAKEN_BACK_WITHIN = 6  # match-key characters after an attack word where 「ではなく」 takes it back (「とかではなく」)

# Button texts say 「の場合」: they name a case to compute, not an event being reported.
KIND_REPLIES = [
    QuickReply(label="サイバー攻撃の場合", text="サイバー攻撃の場合の一時支援金"),
    QuickReply(label="攻撃以外の漏えいの場合", text="サイバー攻撃ではない情報漏えいの場合の一時支援金"),
]


def kind_of_event(normalized: str, incident_kind: str | None = None) -> str | None:
    """"cyber" or "leak" as the message names the event, or None. ``incident_kind`` is the
    understanding step's reading of the incident the message tells (handlers.emergency's kinds)."""
    if _V.has("not_cyber", normalized) or _V.pattern("not_cyber_said").search(normalized):  # first: 「サイバー攻撃ではない」 contains 「サイバー攻撃」
        return "leak"
    if _names_an_attack(normalized) or (_V.has("done_in", normalized) and _V.has("machines", normalized)
                                         and not _V.has("other_cause", normalized)):
        return "cyber"
    if _V.has("leak_payment_named", normalized) or (_V.has("leak_words", normalized) and _V.has("leak_by_mishap", normalized)):
        return "leak"
    # 「受付で患者さんのリストを落としてしまい…」「ファイルのアイコンが全部…ビットコインを払えば」: no word names
    # the payment, but the kind of incident told decides it (knowledge/first_steps.yaml).
    told = get_incident_flow().payment_of(incident_kind)
    if told in ("cyber", "leak"):
        return told
    return None  # a leak of unknown cause: both payments are possible


def _names_an_attack(normalized: str) -> bool:
    """A word of an attack not taken back right after it (「ウイルスとかではなく、宛先の間違いでした」)."""
    key, mask = key_and_mask(normalized)
    key = without_everyday_words(key, mask)  # 「インフルエンザウイルスの院内感染で休診」 names no attack
    taken_back = _V.terms("taken_back")
    return any(taken_back.search(key, mask, span.end, min(len(key), span.end + TAKEN_BACK_WITHIN)) is None
               for span in _V.terms("cyber").find(key, mask))


def closed_days(normalized: str) -> int | None:
    """Days closed as the message states them: 「休診2日」「休業なし」 (0), 'closed for 2 days';
    in a correction (「4日じゃなくて2日」) the value after the contrast."""
    key, mask = key_and_mask(normalized)
    turn = _V.terms("contrast").search(key, mask)
    if turn is not None and jtext.find_days(normalized[turn.end:]) is not None:
        normalized = normalized[turn.end:] + " 休業"  # the corrected value, still a closure
    english = english_days(normalized)
    if english is not None and _V.has("closed_english", normalized):
        return english
    days = jtext.find_days(normalized)
    if days is None:
        # 「3月3日〜3月5日まで休診」「10/6から10/8まで休診」: the days of a range of dates, both counted
        days = jtext.find_date_range_days(normalized)
    if days is not None and (_V.has("closure", normalized) or _V.has("closed_english", normalized)):
        return days  # (「金曜と月曜」 read from "shut … only Friday and Monday" too)
    if _V.has("not_closed", normalized):
        return 0
    if _V.has("closed_that_day", normalized) or _V.pattern("one_day_closed").search(normalized):
        return 1
    return None


def names_the_payments_by_their_sums(normalized: str) -> bool:
    """「攻撃の…万と休業と、漏えいの…万、全部でいくら？」: the JMA payments named by their own sums (the base sum of the
    attack payment, its sum a day closed, the leak payment) beside the event they are for."""
    rules = get_facts().subsidy
    sums = {rules.cyber.base_yen, rules.leak.amount_yen,
            *(p.per_day_yen for p in rules.cyber.closure_periods if p.per_day_yen), *(p.flat_yen for p in rules.cyber.closure_periods if p.flat_yen)}
    said = set(jtext.find_amounts_yen(normalized))
    return bool(said) and said <= sums and _V.has("total_asked", normalized) and (
        kind_of_event(normalized) is not None or closed_days(normalized) is not None or _V.has("closure", normalized))


def names_a_closure_day(normalized: str) -> bool:
    """「月曜だけ休診にしました」: the day named is the one closed, not the day of the event."""
    return _V.pattern("one_day_closed").search(normalized) is not None


def is_internal(normalized: str) -> bool:
    """Internal crime (内部犯罪): named as such, or staff doing something deliberate."""
    return _V.has("internal", normalized) or (_V.has("staff", normalized) and _V.has("misconduct", normalized))


def asks_the_amount_again(normalized: str) -> bool:
    """「来週までかかりそうです。休みが長くなれば増えますか」: the payment asked again as the closure goes on."""
    return _V.has("amount_changes", normalized) and (_V.has("closure", normalized) or _V.has("closed_english", normalized))


def update_slots(slots: SubsidySlots, normalized: str, today: dt.date, facts: Facts,
                 date: Slot[dt.date | None] | None = None, incident_kind: str | None = None,
                 named_kind: str | None = None) -> None:
    """Fill what this message says; a bare 「2日です」 answers the closure-days question.

    ``date`` is the understanding step's reading of the message's date (None: no date written;
    a slot whose value is None: written but not readable with confidence); ``incident_kind`` its
    reading of the incident told (see kind_of_event), ``named_kind`` the kind the message's own
    words name (Understanding.named_kind)."""
    kind = kind_of_event(normalized, incident_kind)
    if kind == "leak" and slots.kind == "cyber" and (_V.has("added_on_top", normalized) or _V.has("both", normalized)) \
            and not (_V.has("not_cyber", normalized) or _V.pattern("not_cyber_said").search(normalized)):
        kind = "cyber"  # the leak payment asked for on top of the attack's: a leak of that attack
    if kind:
        slots.kind = kind  # type: ignore[assignment]
    if get_incident_flow().payment_of(named_kind) == "none":
        # 「辞めたスタッフが患者名簿をこっそりUSBにコピーして…」: insider crime, read in the message's own words
        # (a learned guess of the kind never takes the payment away: 「攻撃に気づいたのは火曜の朝でした」).
        slots.internal = True
    reported = _without_the_definition_question(normalized)
    if reported != normalized:
        # 「休業の日数って、もともとの休診日（木曜午後と日曜）も数に入りますか」: the days named in the
        # question whether they count are asked about, not reported as days closed.
        if date is not None and date.evidence not in reported:
            date = None
        normalized = reported
    if date is not None and date.value == today and triage.says_closed_until_today(normalized):
        date = None  # 「今日まで休んでます」: the days closed run to today; the event was earlier
    if date is not None and date.value is not None and slots.date is not None and date.value >= slots.date \
            and slots.closed_days is not None and (triage.closes_on_the_day_named(normalized, date.evidence)
                                                   or (triage.corrects(normalized) and triage.tells_care_on_the_day_named(normalized, date.evidence))):
        # 「すみません、再開は明日からでした。今日も閉めてます」「訂正です、2/10も終日休診でした」 once the event's day and
        # the days closed are known: a day closed on or after it, not a new day of the event; nor a day a correction
        # says care went on ("Sorry, on Monday we did see every patient").
        date = None
    if date is not None and slots.closed_from is not None and slots.closed_to is not None and triage.tells_reopening(normalized) \
            and triage.span_corrected(normalized, (slots.closed_from, slots.closed_to),
                                      dt.datetime.combine(today, dt.time(12), tzinfo=JST)) is not None:
        date = None  # 「再開したのは14日ではなく12日でした」: the day care resumed, corrected; the event's day stands
    day = date.value if date is not None else None
    if date is not None and date.value is None:
        slots.unreadable_date = date.evidence
        slots.date = None  # a correction to an unreadable date: the earlier date no longer holds
    shifted = shifted_day(normalized, slots.date)
    if shifted is not None:
        day, date = shifted, None  # 「1日後だったら？」 of the event's day in hand, not of today
    year = _year_said(normalized) if day is None and date is None else None
    if year is not None and slots.date is not None and (slots.year_only is None) and _V.has("contrast", normalized):
        # 「すみません、令和5年じゃなくて令和6年でした」 once the day is known: the same day of the year said instead.
        day, year = _same_day_in(slots.date, year), None
    if year is not None and year < facts.subsidy.scheme_start.year:
        day, year = dt.date(year, 12, 31), None  # any day of that year is before the scheme
    if year is not None and (year > today.year or names_another_year_of_ours(normalized)):
        year = None  # 「2024年から加入しています」 dates the membership, not the event
    if day:
        slots.date = day
        slots.year_only = slots.season = None
        slots.unreadable_date = None
    # The triage's reading first: 「21日(土)から24日(火)まで休業…23日はもともと休診日」 is 2 days, not 4,
    # and 「初診の受付を止めてます」 is a closure.
    noon = dt.datetime.combine(today, dt.time(12), tzinfo=JST)
    if not _closure_span_read(slots, normalized, noon):
        closed = triage.days_closed(normalized, noon, part_of_a_day=False)
        if slots.date is not None:
            # 「その日から昨日まで休みました」: from the event's own day, which this reader knows and the triage's does not.
            closed = triage.days_closed_from_the_event(normalized, slots.date, noon) or closed
        if slots.date is not None and day is None:
            # 「結局、今日まで休んでます」 once the day of the event is known: the days from it through today.
            closed = triage.days_closed_through_today(normalized, slots.date, noon) or closed
        if slots.date is not None and slots.closed_days is not None and day is None and triage.adds_closure_days(normalized):
            # 「すみません、再開は明日からでした。今日も閉めてます」: days added to those already counted (up to the day
            # care resumes, when it is named), not a new count.
            added = triage.days_closed_until_reopening(normalized, slots.date, noon)
            closed = max(added or 0, slots.closed_days + (closed or 0))
        if closed is None and slots.date is not None:
            # 「10日に攻撃を受けて…12日（水）から再開しました」: the days up to the day care resumed.
            closed = triage.days_closed_until_reopening(normalized, slots.date, noon)
        if closed is None:
            closed = closed_days(normalized)
        if closed is None and slots.kind == "cyber" and day is None and year is None \
                and (slots.closed_days is None or _V.has("what_if", normalized)):
            closed = jtext.find_days(normalized)  # 「2日です」 to the question of days; 「じゃあ5日なら？」 for other days
        if closed is not None:
            slots.closed_days = closed
    if year is not None:
        # 「2024年の発生だったら？」「令和4年の秋」: a year (or a season of it) alone, read once the days
        # closed are known.
        season = season_of_year(normalized, year)
        first, last = (season[1], season[2]) if season else (dt.date(year, 1, 1), dt.date(year, 12, 31))
        if _one_rate_throughout(slots, first, min(last, today), facts):
            slots.date, slots.year_only, slots.unreadable_date = min(last, today), year, None
            slots.season = season[0] if season else None
        else:
            # 「2023年だったら？」: the amount differs within that year, so its day is asked for.
            slots.date, slots.year_only, slots.season = None, None, None
            slots.unreadable_date = f"{year}年{season[0]}" if season else f"{year}年"
    if is_internal(normalized):
        slots.internal = True


def _closure_span_read(slots: SubsidySlots, normalized: str, noon: dt.datetime) -> bool:
    """A closure told as a range of dates, kept; and a later message read against it: a correction of its first or
    last day (「訂正、休診を始めたのは8日じゃなくて7日(木)からでした」) or the usual days off told after it (「土日と祝日は
    もともと休診日です」) count its days again, and a day of it told in detail (「12日は午前だけ再診をやって午後は
    休みました」) changes no count. True when the message was read so (the other readings of days closed are skipped)."""
    span = triage.closure_span(normalized, noon)
    off = triage.days_off_said(normalized)
    if span is not None:
        slots.closed_from, slots.closed_to, slots.days_off_said = span[0], span[1], off
        return False  # (the count is read from the message itself, as before)
    if slots.closed_from is None or slots.closed_to is None or slots.closed_days is None:
        return False
    known = (slots.closed_from, slots.closed_to)
    moved = triage.span_corrected(normalized, known, noon)
    if moved is not None or off:
        slots.closed_from, slots.closed_to = moved or known
        slots.days_off_said = [*slots.days_off_said, *off]
        slots.closed_days = triage.working_days(slots.closed_from, slots.closed_to, slots.days_off_said)
        return True
    return triage.names_days_within(normalized, known, noon) and not triage.adds_closure_days(normalized)


def shifted_day(normalized: str, day: dt.date | None) -> dt.date | None:
    """The event's day moved by the days a what-if names (「1日後だったら？」「前日なら」 "what if it had happened one
    day later?"), when a day is in hand; None otherwise."""
    if day is None or not _V.has("what_if", normalized):
        return None
    for name, sign in (("day_later", 1), ("day_earlier", -1)):
        match = _V.pattern(name).search(normalized)
        if match is not None:
            # (「翌日」「前日」 name no number: one day; "one"/"a" by the date lexicon's English numbers)
            said = (match["n"] or match["en"] or "1").lower()
            days = date_lexicon().english_numbers.get(said) or jtext.parse_japanese_number(said)
            return day + dt.timedelta(days=sign * days)
    return None


def _year_said(normalized: str) -> int | None:
    """The year a message names; in a correction the one said instead (「令和5年じゃなくて令和6年」 → 2024,
    "2024, not 2023" → 2024)."""
    key, mask = key_and_mask(normalized)
    turn = _V.terms("contrast").search(key, mask)
    if turn is not None and turn.end <= len(normalized):
        before, after = jtext.find_year(normalized[:turn.start]), jtext.find_year(normalized[turn.end:])
        if before is not None and after is not None:
            return before if normalized[turn.start:turn.end].isascii() else after
    return jtext.find_year(normalized)


def _same_day_in(day: dt.date, year: int) -> dt.date:
    """The day of the month and month of ``day`` in ``year`` (29 February in a common year: the 28th)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])")


def _without_the_definition_question(normalized: str) -> str:
    """The message without its sentences that ask what counts as a closure day."""
    if not asks_closure_definition(normalized):
        return normalized
    return "".join(s for s in _SENTENCE_END.split(normalized) if not _V.has("definition", s))


def names_another_year_of_ours(normalized: str) -> bool:
    """「2024年から加入」「2025年に開業」: a year that dates the clinic or its membership, not an event."""
    return any(word in normalized for word in date_lexicon().context_after_month)


def _one_rate_throughout(slots: SubsidySlots, first: dt.date, last: dt.date, facts: Facts) -> bool:
    """Whether the payment for these slots is the same on every day from ``first`` to ``last``: the
    first and last day and every day a rate changes within them, for either kind, any days closed."""
    days = [first, last, facts.subsidy.scheme_start, *(p.from_ for p in facts.subsidy.cyber.closure_periods)]
    days = [d for d in days if first <= d <= last]
    kinds = [slots.kind] if slots.kind else ["cyber", "leak"]
    closed = [slots.closed_days] if slots.closed_days is not None else [0, 1, 3, 30]
    for kind in kinds:
        for n in closed:
            if len({(r.eligible, r.amount_yen) for r in (compute_subsidy(kind, d, n, False, facts) for d in days)}) > 1:
                return False
    return True


def answers_pending(normalized: str, slots: SubsidySlots, today: dt.date | None = None) -> bool:
    """In an open subsidy dialogue, 「サイバー攻撃の方です」 or 「2日です」 answers its question,
    「もし2024年の発生だったら？」 asks for the same payment on another date, and 「2031年2月10日（月）に攻撃を
    受けて、10日は休診…12日（水）から再開しました」 gives the event's day (with ``today``) that the amount was
    still assumed without."""
    if slots.kind is None and kind_of_event(normalized):
        return True
    if today is not None and kind_of_event(normalized) and jtext.find_date(normalized, today) is not None \
            and (closed_days(normalized) is not None or _V.has("not_closed", normalized)):
        # 「同じ法人の別の診療所でも2日前にサイバー攻撃がありましたが、そちらは休診していません」: another
        # event told whole (its kind, its day, its closure), the payment for it
        return True
    if today is not None and slots.date is None and slots.year_only is None and jtext.find_date(normalized, today) is not None:
        return True
    if today is not None and slots.kind is not None and triage.corrects(normalized) and jtext.find_date(normalized, today) is not None:
        return True  # 「あ、よく見たら攻撃は前の年の夏でした、すみません」: the event's day corrected
    if slots.kind is not None and triage.corrects(normalized) and closed_days(normalized) is not None:
        return True  # 「訂正です、休業は2日でした」: the days corrected
    if slots.kind is not None and jtext.find_year(normalized) is not None and _V.has("what_if", normalized):
        return True
    if slots.kind is not None and _V.has("what_if", normalized) and kind_of_event(normalized) not in (None, slots.kind):
        return True  # 「サイバー攻撃じゃなくて書類の紛失で漏れたら？」: the other payment, asked the same way
    if slots.kind is not None and _V.has("requirements_asked", normalized) and not _V.has("scheme_question", normalized) \
            and not _V.has("where_to_apply", normalized):  # (「その届出ってどこに出せば？」 asks where, which the scheme's text answers)
        return True  # 「申請の前に、どこかへ届け出ておかないといけないんでしたっけ」: what the payment in hand requires
    if slots.kind is not None and _V.has("what_if", normalized) and is_internal(normalized):
        return True  # 「もしこれが内部の職員のしわざだったら？」: the same payment, for an insider's act
    if slots.kind != "cyber":
        return False
    if slots.closed_days is None:  # 「2日です」 answers the question of days
        return jtext.find_days(normalized) is not None or closed_days(normalized) is not None
    # 「3日休んでたら？」「じゃあ5日なら？」 "And if we had to close for a whole week?": the same payment for other days.
    return _V.has("what_if", normalized) and (closed_days(normalized) is not None or jtext.find_days(normalized) is not None)


def asks_closure_definition(normalized: str) -> bool:
    return _V.has("closure_asked", normalized) and (_V.has("definition", normalized) or _V.has("new_patient", normalized))


def asks_about_the_scheme(normalized: str, today: dt.date) -> bool:
    """「詳細はどこで確認できますか」「申請期限は？」 ask about the scheme itself, not for a
    computation: the pamphlet's text answers them (or says that it does not)."""
    if not _V.has("scheme_question", normalized):
        return False
    computes = jtext.find_date(normalized, today) is not None or closed_days(normalized) is not None
    return not computes


def asks_where_to_apply(normalized: str) -> bool:
    """「申請方法は？」「届出の書式や窓口は？」: where and how, which the pamphlet answers by pointing to the
    JMA's members' site and its office."""
    return _V.has("where_to_apply", normalized)


def _office_text(office: InquiryContact) -> str:
    """The JMA office as the pamphlet prints it: name, phone, fax and e-mail, and that no hours are printed."""
    extra = "".join(f"　{label} {value}" for label, value in (("FAX", office.fax), ("✉", office.email)) if value)
    return f"お問い合わせ先：{office.name}\n☎ {office.phone}{extra}\n※{office.hours_note}"


def _jma_office(facts: Facts) -> InquiryContact:
    return next(c for c in facts.inquiry_contacts if c.id == JMA_OFFICE)


def names_another_member_class(normalized: str) -> bool:
    """「院長はA②でした」 "he's A②, not A①": the facility's doctor is of a class the payments are not for."""
    if not _V.has("other_member_class", normalized):
        return False
    return not _V.has("eligible_member_class", normalized) or _V.pattern("eligible_class_denied").search(normalized) is not None


def not_eligible(ctx: Context) -> Reply:
    """The payments are for facilities run by A① members (sec-11): another class gets no payment; its
    office answers questions about the class."""
    rules = ctx.facts.subsidy
    office = _jma_office(ctx.facts)
    texts = [rules.eligibility_text,
             f"お知らせの会員区分の場合は、日本医師会の一時支援金の対象になりません（{rules.eligible_members}のみが対象です）。",
             f"会員区分や支援制度についてのお問い合わせ先：{office.name} ☎ {office.phone}"]
    sources = cite(*dict.fromkeys((rules.cyber.source, office.source)))
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="subsidy", sources=sources, phones=[phone(office)])


def where_to_apply(ctx: Context) -> Reply:
    """The scheme's details and forms are on the JMA's members' site; its office answers questions (no
    hours printed); the requirement for the attack payment is a notification to the MHLW or the JMA."""
    rules = ctx.facts.subsidy
    office = _jma_office(ctx.facts)
    texts = [
        rules.details_note.text,
        _office_text(office),
        f"お支払いの要件：{rules.cyber.label}は{'、'.join(rules.cyber.requirements)}、"
        f"{rules.leak.label}は{'、'.join(rules.leak.requirements)}です。",
    ]
    sources = cite(*dict.fromkeys((rules.details_note.source, office.source)))
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="subsidy", sources=sources, phones=[phone(office)])


def asks_requirements(text: str) -> bool:
    """「申請するのに、事前に必要な手続きは？」: what a payment requires (answered with its amount)."""
    return _V.has("requirements_asked", jtext.normalize(text))


def names_a_payment(text: str) -> bool:
    """「個人情報漏えいの分も一緒にもらえる？」「支援金」: the message speaks of one of the payments."""
    normalized = jtext.normalize(text)
    return _V.has("scheme_named", normalized) or _V.has("leak_payment_named", normalized)


def follows_the_payment(text: str) -> bool:
    """In the payment dialogue, a follow-up that speaks of a payment, its closure days, or whose facilities it is
    for (「休業したら上乗せはありますか？」「じゃあA①会員の先生がやっているデイサービスは？」)."""
    normalized = jtext.normalize(text)
    return names_a_payment(normalized) or _V.has("closure_asked", normalized) or _V.has("jma_membership", normalized) \
        or _V.has("facility_named", normalized)


def asks_whose_facilities(text: str) -> bool:
    """「勤務医の先生が日医の会員なんですが、それで対象になりますか」: membership asked with whether it makes the
    facility eligible."""
    normalized = jtext.normalize(text)
    # (「うちの院長はA①です。こういうのも対象？」 says the class that is eligible: it asks about the event, and the
    # payment's answer says for whom it is)
    return _V.has("jma_membership", normalized) and _V.has("eligible_asked", normalized) \
        and not _V.has("eligible_member_class", normalized)


def eligibility(ctx: Context, slots: SubsidySlots | None = None) -> Reply:
    """Whose facilities the payments are for, with the two payments and the internal-crime rule."""
    rules = ctx.facts.subsidy
    sources = cite("sec-11")
    texts = [rules.eligibility_text, _both_payments(ctx, slots or SubsidySlots()), rules.internal_crime_excluded.text, source_line(sources)]
    return Reply(texts=texts, intent="subsidy", sources=sources, quick_replies=KIND_REPLIES)


def not_in_the_pamphlet(ctx: Context) -> Reply:
    """A question about the payment scheme the pamphlet does not answer (「申請の期限は？」「休業日数はどうやって
    証明するの？」): said so, with where the scheme's details are and its own office (not the insurance's agent)."""
    rules = ctx.facts.subsidy
    office = _jma_office(ctx.facts)
    texts = [
        "申し訳ありません。日本医師会の一時支援金について、このご質問に直接お答えできる記載はパンフレットに見つかりませんでした"
        "（パンフレットには記載がありません）。",
        rules.details_note.text,
        _office_text(office),
    ]
    sources = cite(*dict.fromkeys((rules.details_note.source, office.source)))
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="subsidy", sources=sources, phones=[phone(office)])


def starts_new_question(normalized: str) -> bool:
    return _V.has("payment_names", normalized)


def _result_texts(result: SubsidyResult, assumed_date: bool, facts: Facts, year_only: int | None = None,
                  season: str | None = None) -> list[str]:
    rules = facts.subsidy
    if result.internal:
        head = "内部犯罪に起因した案件は、日本医師会の一時支援金のお支払いの対象外です。"
    elif not result.eligible:
        # A year or a season told: the period told, not the day the computation stood in for it.
        told = (f"{year_only}年{season}" if season else f"{year_only}年") if year_only is not None else full_date_ja(result.date)
        head = f"事由発生日 {told} の事案は、一時支援金の対象期間外です。"
    else:
        head = f"日本医師会の一時支援金は {man_yen(result.amount_yen)} です。"
        if year_only is not None and season:
            head += f"（事由発生日を{year_only}年{season}として計算しました。その時期のどの日でも同じ金額です）"
        elif year_only is not None:
            head += f"（事由発生日を{year_only}年中として計算しました。{year_only}年のどの日でも同じ金額です）"
        elif not assumed_date:
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


def handle(ctx: Context, seed: SubsidySlots | None = None, seed_note: str | None = None) -> Reply:
    """The subsidy dialogue: a new question starts from empty slots (or from ``seed``: what a recent
    incident's record already knows, said in ``seed_note``), a follow-up adds to them."""
    session = ctx.session
    seeded = False
    # The kind buttons say 「…の場合の一時支援金」: naming the payment there answers the open kind question
    # (the date and days already given still hold) rather than starting a new one.
    told = ctx.understood().emergency.kind
    answers_kind = session.flow == "subsidy" and session.subsidy.kind is None and kind_of_event(ctx.text, told) is not None
    if session.flow != "subsidy" or (starts_new_question(ctx.text) and not answers_kind):
        seeded = seed is not None
        session.subsidy = seed.model_copy() if seed is not None else SubsidySlots()
    session.flow = "subsidy"
    update_slots(session.subsidy, ctx.text, ctx.now.date(), ctx.facts, ctx.understood().slots.date, told,
                 ctx.understood().named_kind)
    if names_another_member_class(ctx.text):
        return not_eligible(ctx)  # 「院長はA②でした」: whatever the event, no payment
    reply = answer(ctx, session.subsidy)
    if seeded and seed_note:
        reply.texts.insert(0, seed_note)
    return reply


def _both_payments(ctx: Context, slots: SubsidySlots) -> str:
    """The two payments, each with its amount for the days closed when those are known and no other
    cause of the closure is named: 「3/4にやられて、翌日だけ休診。支援金なんぼ？」 names no cause, and
    either answer of the kind question then gives its amount at once; 「インフルエンザにやられて3日休診」
    names one that neither payment is for, so no amount is offered for it."""
    rules = ctx.facts.subsidy
    if slots.closed_days and not slots.unreadable_date and not _V.has("other_cause", ctx.text):
        day = slots.date or ctx.now.date()
        cyber = compute_subsidy("cyber", day, slots.closed_days, False, ctx.facts)
        leak = compute_subsidy("leak", day, slots.closed_days, False, ctx.facts)
        if cyber.eligible and leak.eligible:
            return (f"・{rules.cyber.label}：休業{slots.closed_days}日で{man_yen(cyber.amount_yen)}"
                    f"（{full_date_ja(day)}の発生として計算）\n"
                    f"・{rules.leak.label}：{man_yen(leak.amount_yen)}（休業による追加はありません）")
    # How the days closed add to it (「休んだ日数で増えるって…どういう計算？」 is asked before any day is told).
    latest = max(rules.cyber.closure_periods, key=lambda p: p.from_)
    return (f"・{rules.cyber.label}：{man_yen(rules.cyber.base_yen)}。{latest.text}\n"
            f"・{rules.leak.label}：{man_yen(rules.leak.amount_yen)}")


def answer(ctx: Context, slots: SubsidySlots) -> Reply:
    """The amount for these slots, or the question that is still needed; never touches the session."""
    facts = ctx.facts
    sources = cite("sec-11")
    rules = facts.subsidy
    defines = asks_closure_definition(ctx.text)
    if defines and slots.closed_days is None:
        current = max(rules.cyber.closure_periods, key=lambda p: p.from_)
        texts = [rules.closure_definition.text, f"休業による追加額：{current.text}", source_line(sources)]
        return Reply(texts=texts, intent="subsidy", sources=sources)

    if slots.internal:
        result = compute_subsidy(slots.kind or "cyber", slots.date or ctx.now.date(), 0, True, facts)
        return Reply(texts=[*_result_texts(result, False, facts), source_line(sources)], intent="subsidy", sources=sources)

    if slots.closed_days is None and slots.date is None and _V.has("maximum_asked", ctx.text):
        # 「サイバー攻撃で休業した場合の支援金の上限は？」: the most each payment can be, by the rates in force.
        current = max(rules.cyber.closure_periods, key=lambda p: p.from_)
        most = rules.cyber.base_yen + (current.max_yen or 0)
        texts = [
            f"日本医師会の一時支援金（{rules.eligible_members}が対象）の上限は、次のとおりです。",
            f"・{rules.cyber.label}：{man_yen(rules.cyber.base_yen)}。{current.text}合わせて最大{man_yen(most)}です。\n"
            f"・{rules.leak.label}：{man_yen(rules.leak.amount_yen)}",
            *(p.text for p in rules.cyber.closure_periods if p is not current),
            source_line(sources),
        ]
        return Reply(texts=texts, intent="subsidy", sources=sources)

    if slots.kind is None and slots.closed_days is None and (_V.has("membership_asked", ctx.text) or _V.has("jma_membership", ctx.text)
                                                             or (_V.has("facility_named", ctx.text) and _V.has("eligible_asked", ctx.text))):
        # 「管理者の院長はA①会員です。うちは対象になりますか」: whose facilities the payments are for.
        return eligibility(ctx, slots)

    if slots.kind is None and _V.has("requirements_asked", ctx.text):
        # 「日医に届け出たら、厚労省にも別に届け出せんといかんと？支援金の要件として」: each payment's requirements.
        texts = [
            f"日本医師会の一時支援金（{rules.eligible_members}が対象）の要件は、次のとおりです。",
            f"・{rules.cyber.label}（{man_yen(rules.cyber.base_yen)}＋休業日数に応じた追加）：{'、'.join(rules.cyber.requirements)}\n"
            f"・{rules.leak.label}（{man_yen(rules.leak.amount_yen)}）：{'、'.join(rules.leak.requirements)}",
            rules.internal_crime_excluded.text,
            source_line(sources),
        ]
        return Reply(texts=texts, intent="subsidy", sources=sources, quick_replies=KIND_REPLIES)

    if slots.kind is None and _V.has("illness", ctx.text) and medical_talk(ctx.text):
        # 「インフルエンザの院内感染で休診した場合、支援金って出ます？」: an illness is neither payment's event.
        texts = [f"日本医師会の一時支援金（{rules.eligible_members}が対象）は、次の2種類です。", _both_payments(ctx, slots),
                 "感染症などの病気による休診は、サイバー攻撃の被害にも個人情報漏えいにも当たらないため、"
                 "どちらの一時支援金の対象にもなりません。", source_line(sources)]
        return Reply(texts=texts, intent="subsidy", sources=sources)
    if slots.kind is None:
        texts = [f"日本医師会の一時支援金（{rules.eligible_members}が対象）は、次の2種類です。", _both_payments(ctx, slots),
                 "どちらに当たりますか？", source_line(sources)]
        return Reply(texts=texts, intent="subsidy", sources=sources, quick_replies=KIND_REPLIES)

    if slots.date is None and slots.unreadable_date:
        # The amount depends on the date (the rates changed on 2023-06-01): a guess could pay the
        # wrong amount, so the date is asked for.
        texts = [f"「{slots.unreadable_date}」の日付を確実に読み取れませんでした。金額は事由発生日で変わるため、"
                 "「2023年5月31日」「令和5年5月31日」のように年・月・日で教えてください。", source_line(sources)]
        return Reply(texts=texts, intent="subsidy", sources=sources)

    assumed_date = slots.date is None
    result = compute_subsidy(slots.kind, slots.date or ctx.now.date(), slots.closed_days or 0, False, facts)
    texts = _result_texts(result, assumed_date, facts, slots.year_only, slots.season)
    if defines:
        # 「新患の受付だけ止めました。これも休業？」 with the days known: the definition, then the amount.
        texts.insert(0, rules.closure_definition.text)
    if slots.kind == "cyber" and (_V.has("leak_words", ctx.text) or _V.has("both", ctx.text)):
        # An attack that leaked data: the second payment is for leaks NOT caused by an attack.
        leak_rule = (f"個人情報漏えいの一時支援金（{man_yen(rules.leak.amount_yen)}）は「{rules.leak.label}」の"
                     "お支払いです。サイバー攻撃による漏えいは、サイバー攻撃の一時支援金の対象です。")
        if _V.has("both", ctx.text) or man_yen(rules.leak.amount_yen) in jtext.normalize(ctx.text):
            # 「攻撃の分と漏えいの分、両方もらえますか」: that question answered first.
            texts.insert(0, f"サイバー攻撃による漏えいは、個人情報漏えいの一時支援金（{man_yen(rules.leak.amount_yen)}）の"
                            f"対象になりません。{leak_rule}")
        else:
            texts.append("なお、" + leak_rule)
    if result.eligible and _V.has("staff_as_doer", ctx.text):
        # 「支援金って出る？辞めた人がやったなら」: the rule on internal crime, and that the pamphlet does not say
        # whether a former member of staff is inside.
        office = _jma_office(facts)
        texts.append(f"{rules.internal_crime_excluded.text}職員や退職した職員による場合が内部犯罪に当たるかどうかは、"
                     f"パンフレットに記載がありません。{office.name}（☎ {office.phone}）にご確認ください。")
    if slots.kind == "cyber" and result.eligible and triage.closes_part_of_a_day(ctx.text):
        # 「2/10 は午後だけ休診、2/12 は終日休診」: the part of a day is left out of the count, and said so.
        office = _jma_office(facts)
        texts.append("午前だけ・午後だけなど一日の一部の休診を「休業」1日と数えるかどうかは、パンフレットに記載がありません"
                     f"（この計算では数えていません）。{office.name}（☎ {office.phone}）にご確認ください。")
    quick: list[QuickReply] = []
    if slots.kind == "cyber" and slots.closed_days is None and result.eligible:
        # (an event outside the scheme's period gets no sum for days closed either: no days are asked for)
        # The rule for days closed and the most it comes to, as in force on the event's day: 「どういう
        # 仕組みですか」「いくらもらえますか」 before any day is known are answered by it.
        day = slots.date or ctx.now.date()
        period = next((p for p in rules.cyber.closure_periods if p.from_ <= day and (p.to is None or day <= p.to)), None)
        if period is not None:
            most = rules.cyber.base_yen + (period.max_yen or period.flat_yen or 0)
            texts.append(f"{period.text}（合計で最大{man_yen(most)}）")
        texts.append("休業した日数を教えていただければ、追加額を含めて計算します。")
        quick = [QuickReply(label=f"休業{n}日", text=f"休業{n}日") for n in (1, 2, 3)]
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="subsidy", sources=sources, quick_replies=quick)
