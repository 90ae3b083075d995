"""Emergency first, on every message; then the open flow; then the intent."""

from __future__ import annotations

import dataclasses
import logging
from typing import Callable

from handlers import contacts, coverage, handoff, incident, premium_questions, quote, rulings, smalltalk, subsidy, triage
from handlers.common import cite, desk_footer, phone
from handlers.context import Context
from handlers.emergency import tells_a_bodily_emergency, tells_a_facility_fault, tells_it_left_alone
from handlers.english import in_language
from handlers.intents import (asks_about_cover, asks_permission, asks_cover_of_a_kind, asks_cover_of_the_event, asks_more, asks_plainly, is_greeting,
                              asks_a_price, asks_if_it_is_an_attack, is_question, names_a_premium, names_its_everyday_cause, other_insurance,
                              points_back, rule_intent)
from handlers.messages import MAX_MESSAGES, Intent, QuickReply, Reply
from handlers.session import IncidentRecord
from handlers.understand import FLOW_FOLLOW_UP_CHARS, PAYMENT_QUESTION_REASON, calls_for_help
from handlers.verdicts import asks_for_a_verdict, names_a_topic
from knowledge import text as jtext
from knowledge.incident_flow import get_incident_flow

log = logging.getLogger(__name__)
ASIDE_INTENTS = ("coverage", "quote", "subsidy", "out_of_scope")
# A message of two or three questions about cover is answered question by question (more would not fit LINE's
# five messages); a part shorter than this is no question of its own (「本当？」).
MIN_PARTS, MAX_PARTS, MIN_PART_CHARS = 2, 3, 6
FOLLOW_UP_CHARS = 16  # 「条件はありますか」: short enough to lean on the question before it


def route(ctx: Context) -> Reply:
    """The reply to one message, in the language it was written in (Japanese unless English, or
    the numbers and a note for any other language)."""
    return in_language(_route(ctx), ctx, ctx.understood().language)


def _route(ctx: Context) -> Reply:
    u = ctx.understood()
    detection = u.emergency
    session = ctx.session
    intent = u.intent
    previous_flow = session.flow
    in_incident = session.flow == "incident" and session.incident is not None and ctx.incident is not None
    if in_incident and incident.starts_another(ctx):
        # 「別件ですが、職員がUSBメモリを紛失しました」, or a new kind reported after a day of silence:
        # a record of its own (the open one stays as it is, for a payment question later).
        session.recent_incident_id = session.incident.incident_id if session.incident else None
        session.flow, session.incident, ctx.incident, ctx.triage = None, None, None, None
        in_incident = False
    # Remembered so that 「実は今うちで起きています」 next turn is read as a report of this kind.
    session.last_topic_kind = detection.kind if detection.level == "possible" else None
    if not in_incident and session.flow != "incident" and session.incident is not None and ctx.incident is not None \
            and detection.level != "emergency" and _back_to_the_record(ctx):
        # The conversation moved on after the summary (「JMAからはいくら？」 started a quote) and comes back to the
        # record: 「まとめ」, or 「やっぱり休診は2日になりました」, is the record's, not the new dialogue's.
        session.flow, in_incident = "incident", True

    # (「全部並べて」 in a quote dialogue asks for the plans, not for a record's summary)
    if not in_incident and detection.level != "emergency" and triage.asks_for_the_summary(ctx.text) \
            and not (session.flow == "quote" and intent == "quote"):
        return incident.summary_without_an_open_record(ctx)  # 「まとめ」 after the record was closed
    wants_person = handoff.asks_for_person(ctx.text)
    if wants_person and not in_incident:
        return _handoff(ctx, detection.level == "emergency")

    if in_incident and ctx.incident is not None:
        if wants_person and not incident.speaks_to_the_record(ctx):
            return handoff.request(ctx)
        reply = _incident_turn(ctx)
        # 「サーバーは止めました。担当者と話したいです」: the facts are filed, then the hand-off.
        return _merge_safely(reply, lambda: handoff.request(ctx)) if wants_person else reply

    if detection.level == "emergency":
        reply = incident.open_incident(ctx, detection)
        record = ctx.incident
        if (u.asks == "subsidy" or previous_flow == "subsidy") and record is not None:
            # 「…で2日休業しました。支援金は？」: the emergency comes first, the question is still answered.
            reply = _merge_safely(reply, lambda: incident.subsidy_aside(ctx, record))
            if session.incident is not None:
                session.incident.aside = "subsidy"  # 「休みが長くなれば増えますか」 next leans on it
            if u.asks == "subsidy" and u.question:
                # The reply answers what was asked (the record and the desk come with it): staff who ask
                # 「いま休診中です。支援金はいくら？」 asked about the payment.
                reply = reply.model_copy(update={"intent": "subsidy", "emergency": True})
        elif u.question and record is not None and asks_cover_of_the_event(ctx.text) and rulings.ruling_in(ctx) is None \
                and (cover := incident.cover_aside(ctx, record)) is not None:
            # 「…こういうのも保険の対象ですか」: what the insurance is for, for this kind of incident.
            reply = _merge(reply, cover)
        elif u.question and record is not None and u.language in ("ja", "en") and triage.asks_what_to_report(ctx.text) \
                and not asks_about_cover(ctx.text) and not asks_for_a_verdict(ctx.text) and rulings.ruling_in(ctx) is None \
                and not triage.asks_about_the_police(ctx.text):
            # 「…誤送信してしまいました。どこかに報告しないといけない？何日以内？」: the reports this record owes.
            reply = _merge_safely(reply, lambda: incident.reports_aside(ctx, record))
        elif record is not None and triage.asks_for_a_notice(ctx.text):
            # 「…盗まれました。患者さんへのお知らせには何を書けばいいですか」: the draft for the patients, after the numbers.
            reply = _merge_safely(reply, lambda: incident.patient_notice_aside(ctx, record))
        elif record is not None and _asks_about_the_police(ctx):
            # 「USBをなくしました…警察に届けた方がいいですか？」: the steps of its kind that say so, or that the
            # pamphlet sets none (not a passage found for the words 警察・届け).
            reply = _merge_safely(reply, lambda: incident.police_aside(ctx, record))
        elif record is not None and ((u.question and (rulings.ruling_in(ctx) or (u.asks == "coverage" and not _asks_what_to_do(ctx))))
                                     or _said_unasked(ctx)):
            # 「ランサムウェアにやられた…保険って使える？」: the answer to the question follows the numbers
            # (and a claim told, 「…から損害賠償を求められています」, gets the cover it is for unasked). A question of
            # what to do (「再起動したら直るかな？」「私が電話しちゃっていいですか？」) is the emergency answer's own:
            # whom to call now and the first steps, not a passage of the pamphlet found for its words.
            reply = _merge_safely(reply, lambda: _aside(ctx, "coverage"))
        if u.question and record is not None and quote.asks_what_a_plan_pays_of(ctx):
            # 「H2です。調査会社と電話窓口に…万円かかりました。全部出ますか」: and the plan's limits.
            reply = _merge_safely(reply, lambda: _aside(ctx, "quote"))
        return reply

    if detection.level == "possible" and detection.kind and u.question and session.flow is None and intent in (None, "coverage") \
            and (cover := _cover_of_the_kind_asked(ctx, detection.kind)) is not None:
        # 「…翻訳サイトに貼り付けていました。これも情報漏えいとして補償されますか」: an event told, not in hand
        # now, asked whether it is covered: what the insurance is for, for this kind of event. (A plan or a
        # payment named makes it a question of limits or of the payment; a sum of money told, 「知らん乗車代が
        # 20万」, a question about that money.) 「ランサムウェアの被害は対象になりますか？」 asks the same of the kind
        # as such, no event told.
        return _with_desk(cover, ctx)
    if session.flow in ("quote", "subsidy") and detection.level == "none" and contacts.asks_where_to_turn(jtext.normalize(ctx.text)):
        # 「正式な見積もりはどこに頼めばいいですか」 in a quote dialogue: the lines and what each is for.
        reply = contacts.handle(ctx)
    elif session.flow == "quote" and (intent in (None, "quote") or (u.question and quote.asks_what_a_plan_pays_of(ctx))):
        # 「同じ年に賠償で…万、事故対応で…万かかったら、両方とも満額出ますか」 after the plan's limits: the
        # sums against them, computed (the rule of the yearly total among the lines).
        reply = quote.handle(ctx)
    elif session.flow == "subsidy" and (intent in (None, "subsidy") or subsidy.answers_pending(ctx.text, session.subsidy, ctx.now.date())):
        reply = subsidy.handle(ctx)
    elif detection.level == "possible" and session.flow is None and tells_a_bodily_emergency(jtext.normalize(ctx.text)) \
            and intent not in ("quote", "subsidy") and (intent != "coverage" or not rule_intent(jtext.normalize(ctx.text)).domain):
        # 「患者さんが待合室で倒れました！」: urgent, about a patient, no system named (not a question about a payment
        # or cover that tells of a patient's fall).
        reply = smalltalk.not_a_cyber_emergency(ctx)
    elif detection.level != "emergency" and session.flow is None and tells_a_facility_fault(jtext.normalize(ctx.text)) \
            and not rule_intent(jtext.normalize(ctx.text)).domain and not asks_about_cover(ctx.text) and not asks_for_a_verdict(ctx.text):
        # 「院内の空調が全部止まってしまいました。業者の連絡先わかりますか」: the building's equipment, no system named.
        reply = smalltalk.not_a_cyber_matter(ctx)
    elif detection.level == "possible" and session.flow is None and _trouble_told(ctx, intent):
        # 「最近受付のパソコンがやたら遅いんですけど」「パスワード忘れてログインできん」: trouble that may be nothing;
        # the line for everyday troubles too, and the desk if it looks like an attack.
        said = jtext.normalize(ctx.text)
        reply = contacts.trouble_reply(ctx, everyday=names_its_everyday_cause(said), left_alone=tells_it_left_alone(said))
    else:
        reply = _dispatch(ctx, intent)

    if detection.level == "possible":
        # A payment asked about an incident not said to be over: whom to call comes first.
        reply = _with_desk(reply, ctx, first=detection.reason == PAYMENT_QUESTION_REASON)
    return reply


def _cover_of_the_kind_asked(ctx: Context, kind: str) -> Reply | None:
    """The cover of an event of this kind, asked of one told (「…これも情報漏えいとして補償されますか」) or of the
    kind as such (「ランサムウェアの被害は対象になりますか？」); None when the question names a ruled item or money."""
    told = asks_cover_of_the_event(ctx.text)
    if not (told or asks_cover_of_a_kind(ctx.text)) or rulings.ruling_in(ctx) is not None or jtext.find_amounts_yen(ctx.text):
        return None
    return incident.cover_of_kind(ctx, kind, told=told)


def _asks_what_to_do(ctx: Context) -> bool:
    """The question beside a report asks what to do now (「再起動したら直るかな？」「誰に電話すればいい？」「私が電話
    しちゃっていいですか？」), which the emergency answer's lines and steps answer, not about the insurance."""
    text = jtext.normalize(ctx.text)
    if asks_about_cover(text) or asks_cover_of_the_event(text):
        return False
    return triage.asks_first_steps(text) or triage.asks_what_to_do(text) or contacts.asks_for_contacts(text) \
        or contacts.requests_the_lines(text) or asks_permission(text)


def _back_to_the_record(ctx: Context) -> bool:
    """A message for the incident record kept in the session: its summary asked for, or a correction of it."""
    if triage.asks_for_the_summary(ctx.text):
        return True
    read = incident.reading(ctx)
    return read.correction and bool(read.fills())


def _incident_turn(ctx: Context) -> Reply:
    """A message inside an open incident: filed in its record, with a question asked on the side answered."""
    u = ctx.understood()
    detection = u.emergency
    session = ctx.session
    intent = u.intent
    talks = incident.speaks_to_the_record(ctx)
    # (the payment was the last question answered: a fact it is computed from, told next, computes it again)
    after_payment = session.incident is not None and session.incident.aside == "subsidy"
    # What the message asks besides reporting (an emergency's intent is "incident"; u.asks keeps
    # the question: 「別のPCも暗号化されました。身代金は補償されますか？」).
    # "Who can I call right now?" 「SOMPOの番号をもう一度」: the lines with whether each answers now.
    text = jtext.normalize(ctx.text)
    wants_lines = u.asks not in ("quote", "subsidy") and (
        (u.question and contacts.asks_for_contacts(text)) or contacts.requests_the_lines(text))
    aside: Intent | None = "coverage" if wants_lines else u.asks if u.asks in ASIDE_INTENTS else (
        "coverage" if rulings.ruling_in(ctx) else None)
    if aside == "coverage" and ctx.restated_only_as_amended() and incident.reading(ctx).fills():
        aside = None  # 「すみません、3日でした」 corrects the triage's answer, not the question about cover before it
    # 「…万円の賠償を求められています。こちらはどうなりますか」 against the plan named before; 「請求額は…万円。
    # うちはH3です」 tells the sum and the plan together, which asks it as plainly.
    pays_of = quote.asks_what_a_plan_pays_of(ctx) and (u.question or ctx.understood().quote.plan is not None)
    if pays_of:
        aside = "quote"
    if aside == "out_of_scope" and rule_intent(jtext.normalize(ctx.text)).intent != "out_of_scope":
        # 「カードの番号も伝えた。どうしよう」「警察にはまだ言ってないです。言ったほうがいい？」: inside an incident the
        # learned layer's "out of scope" is chatter about the incident, never a question to refuse; only a
        # question the rules place elsewhere (another insurance, another trade) gets that reply.
        aside = None
    if aside == "subsidy" and not u.question and rule_intent(jtext.normalize(ctx.text)).intent != "subsidy":
        # 「あ、3日くらい前から何か変だったって本人は言ってます」: a statement the learned layer takes for the payment,
        # naming no payment, tells the incident; only a question or the payment's own words ask for the amount.
        aside = None
    follows_up = not wants_lines and _follows_up(ctx)
    if follows_up:
        aside = session.incident.aside  # type: ignore[union-attr]
    # 「保険料の見積もりをお願いしたいです」 asks without a question mark.
    # 「すみません、理事の分だけじゃなくて…」 after a question about cover corrects what it was answered on:
    # answered again, though it asks nothing in so many words.
    restated = aside == "coverage" and ctx.question_restated() is not None
    # (「1人分です。…相手の医院には電話して」「暗号化？してないです。80人分くらい」 name a facility or a head count: inside
    # an incident no premium is asked without a word of price or a plan)
    # (the deductible, 「自分で払う分ってあるの？」, is asked of the table as plainly as a price)
    unasked_quote = aside == "quote" and not pays_of and not (names_a_premium(text) or asks_a_price(text) or u.quote.plan
                                                                or premium_questions.asks_about_the_deductible(text))
    asks_aside = aside is not None and not unasked_quote and (u.question or follows_up or wants_lines or restated or pays_of
                                        or (intent in ("quote", "subsidy") and u.asks == intent)
                                        or (aside == "coverage" and _said_unasked(ctx))) \
        and not incident.reading(ctx).command
    if not asks_aside and session.incident is not None:
        session.incident.aside = None  # a follow-up leans only on the question just before it
    summarised = session.incident is not None and session.incident.summarised
    moves_on = u.question or intent in ("quote", "subsidy") or (intent == "greeting" and is_greeting(jtext.normalize(ctx.text))) \
        or (intent == "coverage" and asks_plainly(ctx.text))
    if summarised and intent is not None and intent != "incident" and not talks and detection.level != "emergency" \
            and moves_on and not follows_up:
        # 「ありがとうございました」 or a new question after the summary: the record stays, the
        # conversation moves on (the summary is not sent again). A statement (「保健所にも報告しました」
        # "The phone has a passcode lock.") is one more fact about the incident, kept as a note.
        if intent == "subsidy" and ctx.incident is not None and ctx.understood().slots.date is None:
            # 「支援金いくら？」 after the summary: the payment of this record (its kind, its days, its day), not the
            # scheme's two payments to choose from; the record stays in hand, so that 「仮に5日止まったら？」 asks the
            # same payment for other days and 「厚労省にはさっき報告しました」 is one more fact for it.
            if session.incident is not None:
                session.incident.aside = "subsidy"
            return incident.subsidy_aside(ctx, ctx.incident)
        session.flow = None  # the triage is done; the record stays, the conversation moves on
        return _dispatch(ctx, "coverage" if wants_lines else intent)
    if not talks and triage.asks_for_a_notice(ctx.text):
        # 「受付に貼る注意書きを作ってほしい。短めで」: the draft for the patients, never a triage answer.
        notice = incident.patient_notice_aside(ctx, ctx.incident)  # type: ignore[arg-type]
        if asks_cover_of_the_event(ctx.text) and rulings.ruling_in(ctx) is None \
                and (cover := incident.cover_aside(ctx, ctx.incident)) is not None:  # type: ignore[arg-type]
            notice = _merge(cover, notice)  # 「これって保険の対象ですか？あとお詫びって何を書けば」: both asked
        return _remind(notice, ctx)
    if u.question and not talks and triage.asks_what_the_notice_says(ctx.text):
        # 「書面で知らせないといけないと聞きました。何を書けばいいですか」: the notice's items, and the draft.
        return _remind(incident.notice_contents_aside(ctx, ctx.incident), ctx)  # type: ignore[arg-type]
    if u.question and not talks and u.language in ("ja", "en") and triage.asks_what_to_report(ctx.text):
        # 「これってどこかに届け出ないといけないものですか」: the reports this record owes, not a verdict
        # (in English, handlers.english puts the same reports in English before them).
        return _remind(_reports_asked(ctx, ctx.incident), ctx)  # type: ignore[arg-type]
    # (「今からどこに電話すればいいですか？」 asks for the lines, not what to do)
    # (「今夜のうちにほかにやっておくことはありますか」 asks what to do: the steps of this kind answer it too)
    steps_asked = u.question and not wants_lines and aside in (None, "out_of_scope", "coverage") \
        and (triage.asks_first_steps(ctx.text) or triage.asks_what_to_do(ctx.text)) and not asks_about_cover(ctx.text) and not asks_for_a_verdict(ctx.text) and not rulings.ruling_in(ctx)
    if steps_asked and not talks:
        # 「とりあえず電源は切ったほうがいいですか」: what to do with the machines is in this kind's first steps.
        return _remind(incident.first_steps_aside(ctx, ctx.incident), ctx)  # type: ignore[arg-type]
    if not talks and not wants_lines and _asks_about_the_police(ctx) and not rulings.ruling_in(ctx):
        # 「警察にも相談したほうがいいですか？」 mid-triage: the steps of its kind that say so, or that the pamphlet
        # sets none and whom to ask (not passages found for the word 警察), as beside a report.
        return _remind(incident.police_aside(ctx, ctx.incident), ctx)  # type: ignore[arg-type]
    # A correction of the story (「よく調べたら…のせいでした」) is filed in the record as well, its answer after.
    if asks_aside and not talks and not (restated and ctx.restated_only_as_amended()):
        side = _aside(ctx, aside)  # type: ignore[arg-type]
        if side is not None:
            return _remind(side, ctx)
    # Inside an open incident every message, a new alarm included, is filed in the same record;
    # a question asked beside the facts (「3日休診しました。支援金は？」) is answered after them.
    told_before = session.incident is not None and session.incident.reports_told
    # (the payment was the last question answered: a fact it is computed from, told next, computes it again)
    amount_again = after_payment and not asks_aside and session.flow == "incident" \
        and bool(set(incident.reading(ctx).fills()) & incident.PAYMENT_FIELDS)
    reply = incident.continue_triage(ctx, ctx.incident, amount_follows=amount_again)
    # (the reports a leak owes, set out by this very reply, are not listed twice)
    told_now = not told_before and session.incident is not None and session.incident.reports_told
    asks_reports = u.question and u.language in ("ja", "en") and triage.asks_what_to_report(ctx.text)
    # "She deleted it. Do we still have to report this anywhere?": the reports owed answer it, not a
    # passage of the pamphlet found for its words (a ruling named still gets its verdict).
    reports_rather = asks_reports and aside == "coverage" and not wants_lines and not rulings.ruling_in(ctx)
    if steps_asked and session.flow == "incident" and ctx.incident is not None:
        # 「まだ所長にしか言うちょらん。警察は明日でもいいと？」: the facts filed, then the steps asked about.
        reply = _merge_safely(reply, lambda: incident.first_steps_aside(ctx, ctx.incident))  # type: ignore[arg-type]
    elif asks_aside and session.flow == "incident" and ctx.incident is not None and not reports_rather:
        reply = _merge_safely(reply, lambda: _aside(ctx, aside))  # type: ignore[arg-type]
    elif triage.asks_for_a_notice(ctx.text) and ctx.incident is not None:
        reply = _merge_safely(reply, lambda: incident.patient_notice_aside(ctx, ctx.incident))  # type: ignore[arg-type]
    elif asks_reports and not told_now and ctx.incident is not None:
        # 「警察にはまだ言ってないです。言ったほうがいい？」: the fact is filed, and the reports owed answer the question
        # (with what the pamphlet says of the police).
        reply = _merge_safely(reply, lambda: _reports_asked(ctx, ctx.incident))  # type: ignore[arg-type]
    elif u.question and triage.asks_about_the_police(ctx.text) and ctx.incident is not None and session.flow == "incident":
        reply = _merge_safely(reply, lambda: incident.police_aside(ctx, ctx.incident))  # type: ignore[arg-type]
    elif amount_again and ctx.incident is not None and session.flow == "incident":
        # 「調べたら、ウイルスではなく宛先を間違えただけでした」「10日に攻撃、12日から再開」 right after the payment's amount:
        # the amount again, from the record as it now stands.
        reply = _merge_safely(reply, lambda: incident.subsidy_aside(ctx, ctx.incident))  # type: ignore[arg-type]
        if session.incident is not None:
            session.incident.aside = "subsidy"
    return reply


def _trouble_told(ctx: Context, intent: Intent | None) -> bool:
    """A message near an incident that asks nothing the bot answers otherwise, or tells trouble with its own
    everyday cause, or asks whether what it sees is an attack (not a premium, payment or cover question)."""
    said = jtext.normalize(ctx.text)
    return intent in (None, "out_of_scope") or (
        (names_its_everyday_cause(said) or asks_if_it_is_an_attack(said) or tells_it_left_alone(said)) and intent not in ("quote", "subsidy")
        and not asks_about_cover(ctx.text))


def _asks_about_the_police(ctx: Context) -> bool:
    """「警察に届けた方がいいですか？」: a question about the police that asks no verdict on cover."""
    return ctx.understood().question and triage.asks_about_the_police(ctx.text) and not asks_about_cover(ctx.text) \
        and not asks_for_a_verdict(ctx.text)


def _reports_asked(ctx: Context, record: IncidentRecord) -> Reply:
    """The reports the record owes; a question about the police (not among those reports) gets what this
    kind's steps say of the police, or that the pamphlet sets no police report, after them."""
    reply = incident.reports_aside(ctx, record)
    if triage.asks_about_the_police(ctx.text):
        reply = _merge(reply, incident.police_aside(ctx, record))
    return reply




def _said_unasked(ctx: Context) -> bool:
    """The message tells what a ruling said unasked is about (knowledge/rulings.yaml said_unasked)."""
    ruling = rulings.ruling_in(ctx)
    return ruling is not None and ruling.said_unasked


def _follows_up(ctx: Context) -> bool:
    """「条件はありますか」「いくらですか？」 right after a question answered on the side: a short
    question that names no topic of its own asks more about the last one."""
    state = ctx.session.incident
    u = ctx.understood()
    text = jtext.normalize(ctx.text)
    if state is not None and state.aside == "subsidy" and subsidy.names_another_member_class(text):
        return True  # "Hold on - he's A②, not A①." after the payment: whether it is paid at all
    if state is None or state.aside is None or not u.question:
        return False
    if state.aside == "subsidy" and subsidy.asks_the_amount_again(text):
        return True  # 「休みが長くなれば増えますか」 after the payment's amount
    if state.aside == "subsidy" and state.payment is not None and subsidy.answers_pending(text, state.payment, ctx.now.date()):
        return True  # 「仮に5日止まったらどうなります？」 after the payment's amount: the same payment for other days
    # (English spends more characters on it: "What do we have to do to receive it?")
    if state.aside == "subsidy" and len(text) <= FLOW_FOLLOW_UP_CHARS * (2 if text.isascii() else 1) and asks_more(text) \
            and not rule_intent(text).strong \
            and not incident.speaks_to_the_record(ctx):
        return True  # 「申請するのに、事前に必要な手続きはありますか」 "What do we have to do to receive it?"
    return len(text) <= FOLLOW_UP_CHARS and asks_more(text) and not rule_intent(text).strong \
        and not incident.speaks_to_the_record(ctx)


def _handoff(ctx: Context, emergency: bool) -> Reply:
    """「担当者と話したい」: the conversation waits for a person; an emergency in the same message
    (「ウイルスに感染した、担当者と話したい」) still gets its numbers and first steps first."""
    if emergency:
        u = ctx.understood()
        reply = incident.open_incident(ctx, u.emergency)
        record = ctx.incident
        if u.asks == "subsidy" and record is not None:
            # (the card leaves the amount to the payment answer: it still comes, before the hand-off)
            reply = _merge_safely(reply, lambda: incident.subsidy_aside(ctx, record))
        return _merge_safely(reply, lambda: handoff.request(ctx))
    return handoff.request(ctx)


def _dispatch(ctx: Context, intent: Intent | None) -> Reply:
    handlers: dict[str | None, Callable[[Context], Reply]] = {
        "quote": quote.handle,
        "subsidy": lambda c: (subsidy.where_to_apply(c) if subsidy.asks_where_to_apply(c.text) else _scheme_text(c))
        if _about_the_scheme(c) else _subsidy(c),
        "coverage": coverage.handle,
        "greeting": smalltalk.greeting,
        "out_of_scope": lambda c: smalltalk.out_of_scope(c, other_insurance(c.text)),
        "help": smalltalk.help_reply,
    }
    # "Is there a free line we can call…?" 「日本医師会に直接問い合わせたいので番号を教えて」: a line asked
    # for is the contact list, whatever else the message is read as.
    if intent == "subsidy" and subsidy.asks_where_to_apply(ctx.text) and _about_the_scheme(ctx):
        return subsidy.where_to_apply(ctx)  # 「日医への届出って、どこからどうやって出す？書式や窓口は？」
    if intent in ("coverage", None) and subsidy.asks_where_to_apply(ctx.text) and _of_a_payment(ctx):
        # "Where do we apply?" after the payment's amount; 「厚生労働省への届出はどこにすれば」 in an incident: the scheme's
        # own pointers, not a search of the insurance's pages.
        return subsidy.where_to_apply(ctx)
    if intent in ("coverage", "help", "greeting", "subsidy", None) and (
            contacts.asks_for_contacts(ctx.text) or contacts.requests_the_lines(ctx.text)):
        reply = contacts.handle(ctx)
        if intent == "subsidy":
            reply.intent = "subsidy"  # the payment scheme's own office is what was asked about
        return reply
    if intent == "coverage" and subsidy.asks_about_the_scheme(ctx.text, ctx.now.date()) and _of_a_payment(ctx):
        # 「休業日数はどうやって証明するの？」 after the payment's amount, 「医師会の支援金をもらったら、保険金が減らされたり
        # しますか？」 naming the payment: a question about the scheme.
        return _scheme_text(ctx)
    if intent == "coverage" and ctx.session.flow == "subsidy" and subsidy.follows_the_payment(ctx.text):
        # 「その攻撃で個人情報も漏れてたら、漏えいの分も一緒にもらえる？」: the payment dialogue goes on.
        return _subsidy(ctx)
    if intent == "quote" and ctx.understood().quote.plan is not None and ctx.understood().question \
            and (ruled := rulings.ruling_in(ctx)) is not None and ruled.scope == "service" and ruled.verdict == "rule":
        # 「老健でH4です。ラックさんに事故判定をお願いした費用は、どこまで保険で出ますか？」: the service's firms are paid as
        # insurance money up to the sum insured: that rule, then the plan's limits it names.
        plan_id = ctx.understood().quote.plan
        return _merge_safely(rulings.answer(ctx, ruled), lambda: premium_questions.limits_reply(ctx, plan_id))
    handler = handlers.get(intent)
    if handler is None:
        return smalltalk.help_reply(ctx, unclear=True)
    if intent == "coverage" and (apart := _questions_apart(ctx)):
        # 「保険金ってどのくらいで払われるん？あと示談交渉は保険会社がやってくれる？」: each question its own answer
        reply = handler(dataclasses.replace(ctx, text=apart[0], understanding=None, triage=None))
        for part in apart[1:]:
            reply = _merge_safely(reply, lambda part=part: handler(dataclasses.replace(ctx, text=part, understanding=None, triage=None)))
        return reply
    return handler(ctx)


def _questions_apart(ctx: Context) -> list[str] | None:
    """The questions of a message that asks about cover twice or more, each a sentence that stands on its own
    (every sentence a question about the insurance, none pointing back: "And what about fines?" asks of the one
    before); None otherwise."""
    parts = triage.sentences(ctx.text)
    if not MIN_PARTS <= len(parts) <= MAX_PARTS:
        return None
    # (each asks in so many words and names its own topic: 「…賠償請求されました。補償されますか？」 is one question)
    # (「保険金ってどのくらいで払われるん？」 asks how long: a question of its own, though it names only the cover)
    if all(is_question(p) and triage.asks(p) and not points_back(p) and rule_intent(p).domain
           and (names_a_topic(p) or not asks_for_a_verdict(p)) and len(p.strip()) >= MIN_PART_CHARS for p in parts):
        return [p.strip() for p in parts]
    return None


def _subsidy(ctx: Context) -> Reply:
    """A payment question. One that names no event day of its own, days after an incident's triage
    closed (「結局3日休診しました。支援金は？」), is about that incident: what its record knows is used,
    and the reply says so."""
    if ctx.session.flow == "subsidy":
        return subsidy.handle(ctx)
    earlier = ctx.session.recent_payment(ctx.now)
    if earlier is not None and earlier.date is not None and subsidy.kind_of_event(ctx.text) is None \
            and (ctx.understood().slots.date is None or triage.says_closed_until_today(ctx.text)) \
            and ctx.recent_incident() is None:
        # 「結局、今日まで休んでます。金額は増えますか」 days after the amount was answered: that event still.
        note = f"{earlier.date.month}月{earlier.date.day}日の事故についての先日のご質問の続きとして計算します。"
        return subsidy.handle(ctx, seed=earlier, seed_note=note)
    if ctx.understood().slots.date is not None:
        return subsidy.handle(ctx)
    recent = ctx.recent_incident()
    if recent is None:
        return subsidy.handle(ctx)
    day = recent.opened_at.astimezone(ctx.now.tzinfo)
    note = f"{day.month}月{day.day}日にご相談いただいた事故（記録番号：{recent.id}）についてのご質問として計算します。"
    reply = subsidy.handle(ctx, seed=incident.subsidy_slots_from(recent), seed_note=note)
    reply.incident_id = recent.id
    return reply


def _of_a_payment(ctx: Context) -> bool:
    """In the payment dialogue, or naming one of the payments: a question of the JMA scheme, not of the insurance."""
    return ctx.session.flow == "subsidy" or subsidy.names_a_payment(ctx.text)


def _scheme_text(ctx: Context) -> Reply:
    """A question about the JMA scheme answered from the pamphlet's text; when it has none, the scheme's own
    office (the insurance's agent does not run it)."""
    reply = coverage.handle(ctx)
    # (of a payment named, passages from outside the scheme's own section answer nothing: 「支援金をもらったら保険金が
    # 減らされたりしますか？」 found the support service's fee note)
    off_the_scheme = subsidy.names_a_payment(ctx.text) and ctx.facts.subsidy.details_note.source not in reply.sources
    return subsidy.not_in_the_pamphlet(ctx) if coverage.is_not_found(reply) or off_the_scheme else reply


def _about_the_scheme(ctx: Context) -> bool:
    """A question about the JMA scheme itself (who, where, since when) is answered from the
    pamphlet's text; the calculator takes questions that name a payment or give its facts."""
    u = ctx.understood()
    if subsidy.asks_about_the_scheme(ctx.text, ctx.now.date()):
        return True
    # "What does the JMA pay if we get hacked?" names the kind of event: the calculator answers it.
    return u.intent_by == "learned" and u.slots.date is None and u.slots.closure_days is None \
        and subsidy.kind_of_event(ctx.text) is None


def _aside(ctx: Context, intent: Intent) -> Reply | None:
    """Answer a question asked in the middle of a triage without leaving the incident; None when
    the pamphlet has no answer and nothing was asked in so many words (「わからんの」 reports)."""
    assert ctx.incident is not None
    session = ctx.session
    if session.incident is not None and intent in ASIDE_INTENTS:
        session.incident.aside = intent  # type: ignore[assignment]
    if intent == "subsidy" and (subsidy.asks_where_to_apply(ctx.text) or subsidy.asks_about_the_scheme(ctx.text, ctx.now.date())) \
            and not subsidy.asks_requirements(ctx.text) and not contacts.asks_for_contacts(ctx.text) \
            and not contacts.requests_the_lines(ctx.text):
        # 「支援金はいつまでに申請すれば」 in the triage: the scheme's own pointers, not the amount again (what the
        # payment requires comes with its amount; the lines asked for, with the payment below).
        reply = subsidy.where_to_apply(ctx) if subsidy.asks_where_to_apply(ctx.text) else _scheme_text(ctx)
        reply.incident_id = ctx.incident.id
        return reply
    if intent in ("subsidy", "coverage") and subsidy.asks_whose_facilities(ctx.text):
        # 「勤務医の先生が日医の会員なんですが、それで対象になりますか」: whose facilities the payments are for.
        reply = subsidy.eligibility(ctx)
        reply.incident_id = ctx.incident.id
        return reply
    if intent == "subsidy":
        paid = incident.subsidy_aside(ctx, ctx.incident)
        if contacts.asks_for_contacts(ctx.text) or contacts.requests_the_lines(ctx.text):
            # 「これって支援金の対象？あと電話はどこにすればいいの？年末年始ってやってる？」: the lines asked beside the
            # payment, with whether each answers now.
            return _merge_safely(paid, lambda: contacts.handle(ctx))
        return paid
    if intent == "coverage" and asks_cover_of_the_event(ctx.text) and rulings.ruling_in(ctx) is None:
        cover = incident.cover_aside(ctx, ctx.incident)  # 「これって保険の対象になりますか」 during the triage
        if cover is not None:
            return cover
    flow, state = session.flow, session.incident
    reply = _dispatch(ctx, intent)
    if coverage.is_not_found(reply):
        # (「…どうしたらいいですか」 asks for the first steps, which the reply gives: no "not found" beside them;
        # 「…これも関係ある？」 with another incident told is answered where it is recorded)
        if not asks_plainly(ctx.text) or calls_for_help(ctx.text) or incident.reading(ctx).also_kind is not None:
            return None
        reply = Reply(texts=[coverage.NOT_FOUND_BESIDE_A_REPORT], intent="coverage")
    session.flow, session.incident = flow, state
    reply.incident_id = ctx.incident.id
    return reply


def _remind(reply: Reply, ctx: Context) -> Reply:
    asked = ctx.session.incident.asked if ctx.session.incident else None
    if asked:
        question = get_incident_flow().question(asked)
        reply.texts.append("引き続き、状況を教えてください。" + question.question)
        if not reply.quick_replies:
            reply.quick_replies = [QuickReply(label=c.label, text=c.label) for c in question.quick_replies]
    return _with_desk(reply, ctx)


def _merge_safely(first: Reply, second: Callable[[], Reply | None]) -> Reply:
    """The answer to a question asked beside an emergency, after it; if answering fails (the index,
    a bug), the emergency reply still goes out whole."""
    try:
        answer = second()
        return first if answer is None else _merge(first, answer)
    except Exception:
        log.exception("the question beside an emergency could not be answered")
        return first


def _merge(first: Reply, second: Reply) -> Reply:
    """One reply from two, within LINE's five messages; the first reply's order is kept."""
    first.texts = first.texts + second.texts
    first.sources = first.sources + [s for s in second.sources if s not in first.sources]
    first.phones = first.phones + [p for p in second.phones if p.number not in {q.number for q in first.phones}]
    return first.fit(MAX_MESSAGES)


def _with_desk(reply: Reply, ctx: Context, first: bool = False) -> Reply:
    """Recall before precision: a message near an incident still shows the desk's number (``first``:
    before the answer rather than after it)."""
    desk = ctx.facts.contact("sompo_desk")
    if desk.phone not in reply.plain_text():
        if first:
            reply.texts.insert(0, desk_footer(ctx.facts))
        else:
            reply.texts.append(desk_footer(ctx.facts))
        reply.phones.append(phone(desk))
        reply.sources = reply.sources + [s for s in cite(desk.source) if s not in reply.sources]
    return reply
