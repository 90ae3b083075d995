"""understand(text, session, now) -> Understanding: what one message says, read once.

The engine calls this once per message; the router and the handlers read the result instead of
scanning the text again. Three layers, each with a job:

* the emergency lexicon and its rules (handlers/emergency.py) — high precision about reports;
* the learned layer (knowledge/intent_model.py, trained on knowledge/lexicon/intents/) — recall
  on wordings nobody wrote a rule for, such as an emergency described only by its symptoms;
* the conversation — the open flow and an earlier question shape what a message means
  (「50床です」 answers the quote; 「実は今うちで起きています」 turns a question into a report).

Recall comes first for emergencies: the lexicon and the learned layer may each raise one, and an
uncertain case is ``possible`` (the numbers are shown in one line and the question is answered).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, PrivateAttr

from handlers.emergency import (KIND_ASKED_REASON, Detection, detect, is_a_drill, says_not, supposes_all_it_asks, tells_a_bodily_emergency,
                                tells_a_facility_fault,
                                tells_it_left_alone,
                                tells_only_slowness,
                                without_notice_titles)
from handlers.intents import (
    asks_about_cover, asks_how_to_answer_someone, asks_more, says_it_may_be_nothing, is_question, language, refers_to_the_pamphlet, reveal_position, reveals_a_report, rule_intent, says_it_is_over,
    still_going_on, tells_history, tells_a_fresh_discovery, is_greeting, is_help_request, is_self_introduction, names_sum_insured, points_back, tells_a_plan,
    asks_about_an_extra_premium, asks_permission, supposes_a_case, restates_the_question, names_a_premium, asks_a_price, names_its_everyday_cause,
    asks_if_it_is_an_attack,
)
from handlers.messages import Intent
from handlers.triage import closes_a_day_to_come, corrects, days_closed, names_another_incident, names_the_plan_joined, tells_reopening
from handlers.premium_questions import asks_for_a_floor, names_a_limit_item, names_a_way_of_paying, premium_question
from handlers.quote import QuoteUpdate, asks_a_difference, looks_like_quote, wants_a_limit
from handlers.quote import parse as parse_quote
from handlers.subsidy import closed_days, kind_of_event, names_another_member_class, names_the_payments_by_their_sums, shifted_day
from handlers.session import Session
from handlers.verdicts import asks_for_a_verdict, names_an_item_alone
from knowledge import text as jtext
from knowledge.dates import DateReading, least_days_back, read_date
from knowledge.dates import lexicon as date_lexicon
from knowledge.incident_flow import get_incident_flow
from knowledge.intent_model import Prediction, intent_model, kind_model
from knowledge.rulings import get_rulings

# The learned layer's probability of "incident" above which it raises an emergency on its own,
# and above which it makes a message "possible" (numbers shown, question answered). Recall first:
# 0.9 missed a remote-login report in English at 0.79 (second held-out set); 0.7 costs one false
# alarm on the first set.
LEARNED_EMERGENCY = 0.7
LEARNED_POSSIBLE = 0.2
# Above this the learned layer's intent replaces a rule's mere suggestion.
LEARNED_OVERRIDES = 0.9
# The learned layer speaks only when it knows enough of the message (「'; DROP TABLE」, emoji and
# other strings unlike every example get no opinion from it).
MIN_EVIDENCE = 4
# A reply this short inside an open quote/subsidy dialogue is read as its answer (「びょういんです」).
SHORT_ANSWER = 20
# How long 「実は今…」 can refer back to an earlier question about an incident.
REVEAL_WINDOW = dt.timedelta(minutes=30)
PAST_EVENT_DAYS = 30
LONG_FOR_A_GREETING = 60  # characters: past this, a message that opens with 「こんにちは」 says more
# A payment asked about an attack on a day at least this far back (「先週の金曜に攻撃を受けて…支援金は？」)
# is the paperwork after it (the day before yesterday, or 先週 on a Tuesday); today and yesterday may still
# be the incident itself.
PAYMENT_QUESTION_PAST_DAYS = 2
# Why an incident report that asks about the JMA payment is answered as the payment question (the
# router puts the desk's number first for it).
PAYMENT_QUESTION_REASON = "a question about the JMA payment; nothing says the incident is in hand now"

# The learned layer's incident kinds, in the detector's vocabulary of kinds.
KIND_OF_LEARNED = {
    "ransomware": "ransomware", "malware": "malware", "unauthorized_access": "unauthorized_access",
    "misdelivery": "misdelivery", "lost_device": "lost_device", "spoofing": "spoofing",
    "insider": "insider", "website_tampering": "defacement", "outage": "system_down", "other": "other",
}

Language = Literal["ja", "en", "other"]
T = TypeVar("T")


class Slot(BaseModel, Generic[T]):
    """A value read from the message, with the words it came from."""

    model_config = ConfigDict(frozen=True)

    value: T
    evidence: str


class Slots(BaseModel):
    facility: Slot[str] | None = None
    beds: Slot[int] | None = None
    capacity: Slot[int] | None = None
    plan: Slot[str] | None = None
    amounts_yen: Slot[list[int]] | None = None
    date: Slot[dt.date | None] | None = None  # value None: a date is written but cannot be read safely
    closure_days: Slot[int] | None = None


class Understanding(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str  # normalised
    language: Language
    emergency: Detection
    emergency_by: list[Literal["lexicon", "learned", "conversation"]]
    intent: Intent | None
    intent_by: Literal["emergency", "rules", "learned", "flow", "none"]
    asks: Intent | None  # what the message asks besides reporting (「…支援金は？」 → subsidy)
    learned: dict[str, float]  # the learned layer's probability per intent
    question: bool
    quote: QuoteUpdate  # the quote handler's slots (facility, size, plan, plans compared, limits)
    # The kind of incident the message's own words name (the lexicon's), not a learned guess: what may take
    # the JMA payment away (an insider's act) is read only from it.
    named_kind: str | None = None
    _reading: SlotReading = PrivateAttr()

    @property
    def slots(self) -> Slots:
        """The values the message states (facility, size, date, days closed …), read when first asked."""
        return self._reading.slots

    @property
    def is_emergency(self) -> bool:
        return self.emergency.level == "emergency"


_UNREAD = object()


class SlotReading:
    """A message's slots, read the first time something asks for them: most messages (a coverage
    question, a greeting, an emergency told without a date) never need their date or size read."""

    __slots__ = ("_text", "_now", "_slots", "_date")

    def __init__(self, text: str, now: dt.datetime) -> None:
        self._text, self._now = text, now
        self._slots: Slots | None = None
        self._date: Any = _UNREAD

    @property
    def slots(self) -> Slots:
        if self._slots is None:
            self._slots = read_slots(self._text, self._now, self.date_reading())
        return self._slots

    def date_reading(self) -> DateReading | None:
        """read_date() of the message, alone: whether a report states a payment case is decided by
        its date first (most reports have none, and then no other slot need be read)."""
        if self._date is _UNREAD:
            self._date = read_date(self._text, self._now.date())
        return self._date


def read_slots(text: str, now: dt.datetime, date_reading: Any = _UNREAD) -> Slots:
    """``date_reading``: read_date(text, now.date()) when the caller has read it already."""
    slots = Slots()
    facility = jtext.find_facility(text)
    if facility:
        slots.facility = Slot[str](value=facility, evidence=text)
    size = jtext.find_size(text)
    if size is not None:
        if size.unit == "beds":
            slots.beds = Slot[int](value=size.value, evidence=text)
        else:
            slots.capacity = Slot[int](value=size.value, evidence=text)
    plan = jtext.find_plan(text)
    if plan:
        slots.plan = Slot[str](value=plan, evidence=plan)
    amounts = jtext.find_amounts_yen(text)
    if amounts:
        slots.amounts_yen = Slot[list[int]](value=amounts, evidence=text)
    reading = read_date(text, now.date()) if date_reading is _UNREAD else date_reading
    if reading is not None:
        slots.date = Slot[dt.date | None](value=reading.date, evidence=reading.text)
    days = closed_days(text)
    if days is not None:
        slots.closure_days = Slot[int](value=days, evidence=text)
    return slots


# Questions about the premium table as a whole (every plan, a budget, which is better, what the printed
# premium assumes): inside a quote dialogue they ask about the facility being quoted.
PLAN_TABLE_QUESTIONS = ("all_plans", "budget", "better", "basis")


def _dated_long_ago(reading: SlotReading, now: dt.datetime) -> bool:
    """The message dates the event more than PAST_EVENT_DAYS back."""
    day = reading.slots.date.value if reading.slots.date is not None else None
    return day is not None and (now.date() - day).days > PAST_EVENT_DAYS


def _about_a_past_event(text: str, asks: Intent | None, question: bool, reading: SlotReading, now: dt.datetime) -> bool:
    """「2023年3月にランサムウェアで2日休業しました。支援金は？」「R5.5.31に攻撃、2日休業。支援金」
    and 「昨日サイバー攻撃で1日休診、もう復旧済みです。支援金の額は？」 are about history.

    It takes a question (or a request about the payment, cover or premium) and either an explicit
    date more than a month back or the writer's word that it is over; any message without them
    stays an emergency, because recall comes first.
    """
    if not (question or asks in ("subsidy", "coverage", "quote") or reading.slots.closure_days is not None):
        return False
    if still_going_on(text):
        return False
    # (「…対応して全部終わってます。再発防止の研修メニューってありますか」: any question after the writer's
    # word that it is over)
    if (asks in ("subsidy", "coverage") or question) and says_it_is_over(text):
        return True
    if question and asks in ("subsidy", "coverage") and (tells_history(text) or _dated_a_year_back(text)):
        # 「去年FAXの誤送信があって…今からでも保険って使えますか？」「以前USBをなくしたことがあります。対象？」
        return True
    slots = reading.slots
    if asks != "subsidy" and slots.closure_days is None:
        # Only a payment question dates the incident itself; in 「2年前に導入したサーバーが感染して
        # います。補償されますか？」 the date belongs to something else.
        return False
    today = now.date()
    day = slots.date.value if slots.date is not None else None
    if asks == "subsidy" and question and not calls_for_help(text):
        # (A payment question that also asks what to do now — "What should we do now, and how much can
        # the JMA pay us?" — is about an incident still in hand: the first steps come with the amount.)
        back = (today - day).days if day is not None else least_days_back(text, today)
        if back is not None and back >= PAYMENT_QUESTION_PAST_DAYS:
            # The reply still closes with the 24-hour desk, for an incident that is not over after all.
            return True
    if day is None:
        year = jtext.find_year(text)
        if year is None or year >= today.year:
            return False
        day = dt.date(year, 12, 31)
    # (Days rather than a month back were tried and withdrawn: 「11/27に感染して休診しました。復旧作業中です」
    # is still going on in words no list holds, and 「休診しました」 says they closed, not that it is over.)
    return (today - day).days > PAST_EVENT_DAYS


def _dated_a_year_back(text: str) -> bool:
    """「去年FAXの誤送信があって…」: the event dated a year or more back by a word that dates it — not 「去年の
    患者データ」「去年から」 (what, or since when) or 「去年導入したサーバー」 (when something else happened)."""
    words = date_lexicon()
    low = text.lower()
    for word in words.past_periods["year"]:
        start = low.find(word.lower())
        if start < 0:
            continue
        after = low[start + len(word):].lstrip(" 、,")
        if after.startswith(tuple(words.names_a_thing_after_year)) or any(c in after[:10] for c in words.context_after_month):
            continue
        return True
    return False


def _may_be_going_on(text: str, reading: SlotReading, now: dt.datetime) -> bool:
    """Whether a message that asks about the JMA payment also says its incident may be in hand now:
    still going on (「まだ」「休診中」), a call for help, or an event dated today or yesterday.

    Nothing dating the event or telling how it went since (days closed or not, care resumed) leaves it may be
    in hand. With days told, 「ランサムウェアにやられて4日休診しました。支援金は？」 and 「こうげきは うけたけど
    やすみには しなかった。しえんきん いくら？」 ask about the payment for what happened: the payment is the
    answer, led by the desk's number in case it is not over (see router)."""
    if still_going_on(text) or calls_for_help(text) or closes_a_day_to_come(text):
        return True
    day = reading.slots.date.value if reading.slots.date is not None else None
    if day is None and (reading.slots.closure_days is None or tells_a_fresh_discovery(text)):
        # Nothing dates the event or tells how it went since (days closed, care resumed): 「FAXの誤送信で…送って
        # しまいました。日医からお金出ますか？」 may be minutes old. The emergency answer comes first, the amount
        # after it (two blind probes found the amount alone given to fresh reports).
        return True
    if day is None or (now.date() - day).days >= PAYMENT_QUESTION_PAST_DAYS:
        return False
    # 「今年の3月に…月曜から水曜まで閉めました」: the weekdays belong to the month named, not to this week.
    return (least_days_back(text, now.date()) or 0) < PAYMENT_QUESTION_PAST_DAYS


def _states_a_payment_case(lexicon: Detection, reading: SlotReading) -> bool:
    """「23/6/1 ランサム 休診4日」: an incident, its date and the days closed are exactly what the JMA
    payment is computed from; whatever else the message asks, that is the question."""
    # (slots.date is set exactly when read_date() reads something.)
    return lexicon.kind is not None and reading.date_reading() is not None and reading.slots.closure_days is not None


def _asks_a_ruled_item(text: str, session: Session, kind: str | None) -> bool:
    """「昨日プロバイダの障害で丸一日止まりました。臨時で雇ったアルバイトの代金は出ますか」: a cost the pamphlet
    rules on, asked about cover, is the question, though the story holds a payment's facts. ``kind``:
    the incident the message reports, if any (an event under a 対象事由 holds a ruling's event words)."""
    if session.flow is not None:
        return False
    # (「仮想通貨の盗難は？」: nothing but the item, which asks whether it is paid)
    asks_whether = asks_for_a_verdict(text) or names_an_item_alone(text)
    if not asks_whether and not is_question(text):
        return False  # (the table is walked only for a question)
    ruling = get_rulings().first_naming(text, get_incident_flow().cover_event(kind) is not None)
    if ruling is not None and ruling.lists and is_question(text):
        return True  # "What does the emergency support service actually do?": the list is the answer
    return asks_whether and ruling is not None and not ruling.answers_when


def kind_named(text: str) -> str | None:
    """The incident kind a fragment of a message names (「…じゃなくて誤送信でした」), or None."""
    return detect(text).kind if text.strip() else None


def _learned_kind(text: str) -> str:
    # "…strange texts from our number. What should we do?": the kind is read from the report alone.
    return KIND_OF_LEARNED.get(kind_model().predict(report_part(text)).label, "other")


_PIECE_END = re.compile(r"(?<=[。！？!?\n、,，])|(?<=\.)(?=\s)")
GREETING_PIECE = 16  # a greeting clause is short: 「いつもお世話になっております。」 "Hello,"
# 「申請するのに必要なことって何かある？」: a question this short that asks more leans on the open flow.
FLOW_FOLLOW_UP_CHARS = 30
INTRODUCTION_PIECE = 60  # and a sentence that says who writes: "I'm the office manager at an eye clinic."
HELP_PIECE = 24  # so is a call for help: 「どうしたらいいですか？」 "What should we do?"


def _without_pieces(text: str, help_requests: bool) -> str:
    """The message without its short greetings (and, with ``help_requests``, its short calls for
    help); the whole message when that would leave nothing."""
    pieces = [p for p in _PIECE_END.split(text) if p.strip()]
    kept = [p for p in pieces if not (len(p) <= GREETING_PIECE and is_greeting(p))
            and not (len(p) <= INTRODUCTION_PIECE and is_self_introduction(p))
            and not (help_requests and len(p) <= HELP_PIECE and is_help_request(p))]
    return "".join(kept) if kept and len(kept) < len(pieces) else text


def without_greetings(text: str) -> str:
    return _without_pieces(text, help_requests=False)


def report_part(text: str) -> str:
    return _without_pieces(text, help_requests=True)


def calls_for_help(text: str) -> bool:
    """A short piece of the message asks what to do (「どうしたらいいですか」 "What should we do now,"):
    the writer wants the first steps, whatever else the message asks."""
    return any(len(p) <= HELP_PIECE and is_help_request(p) for p in _PIECE_END.split(text) if p.strip())


def learned_for_emergency(text: str, whole: Prediction) -> Prediction:
    """The learned layer's reading of the message without its greeting or its call for help: one
    word the incident examples never use (「いつもありがとうございます。」, "Hello,") or a closing
    "What should we do?" (taught as how-to questions) must not hide the report beside it. Other
    intents keep the whole message's reading."""
    report = report_part(text)
    # Only in Japanese: taught few English statements that report nothing, the learned layer reads a bare
    # English sentence ("We got a renewal notice from SOMPO in the mail.") as a report.
    if report == text or says_not(report) or language(text) != "ja":
        # "We found a USB stick in the car park. We haven't plugged it in. What should we do?": with a
        # denial in it the call for help may be about what did not happen; the whole message decides.
        return whole
    rest = intent_model().predict(report)
    if rest.evidence < 2 * MIN_EVIDENCE or rest.of("incident") <= whole.of("incident"):
        return whole
    scores = dict(whole.scores, incident=rest.of("incident"))
    label = max(scores, key=lambda c: scores[c])
    return Prediction(label, scores[label], scores, whole.evidence)


def _recent_topic(session: Session, now: dt.datetime | None) -> str | None:
    if not session.last_topic_kind:
        return None
    if now is not None and session.updated_at is not None and now - session.updated_at > REVEAL_WINDOW:
        return None
    return session.last_topic_kind


def _tells_the_days_closed(text: str, reading: SlotReading, now: dt.datetime | None) -> bool:
    """「休業は2日でした」「再開したのは10日ではなく8日でした」 "Only Tuesday was a real closure.": the days closed told
    (or the day care resumed), as the payment reads them."""
    return reading.slots.closure_days is not None or tells_reopening(text) \
        or (now is not None and days_closed(text, now, part_of_a_day=False) is not None)


def _no_report_for_the_learned_layer(text: str, lexicon: Detection, session: Session, now: dt.datetime | None) -> bool:
    """Messages the learned layer, taught reports (「…てしまって」「…が来ました」), would raise an alarm on, and
    that the rules read as no report of the writer's own; the lexicon still alarms on its own words."""
    if lexicon.ruled_out or (lexicon.level == "none" and tells_it_left_alone(text)):
        # 「怪しいメールが届いたけど、開かずにそのまま削除しました」「添付付きのメールが届きました。開いてないけど」:
        # received and left alone.
        return True
    if lexicon.level == "none" and now is not None and session.question_to_restate(now) is not None \
            and (tells_a_plan(text) or (is_question(text) and (points_back(text) or restates_the_question(text)))):
        # A plan told after a question about cover adds to that question, and 「…とも書いてありました。そっちは？」
        # 「警察が捜査中で、その結果ば待つって言われたら？」 ask it of one more thing.
        return True
    if lexicon.level != "emergency" and is_a_drill(text):
        # 「【訓練】電子カルテが暗号化されました。…という想定で来週机上訓練をやります」: a drill's scenario.
        return True
    if lexicon.level == "possible" and supposes_all_it_asks(text):
        # 「もし職員が紹介状を電車に置き忘れて…ってなったら、こういうのも対象？」: one sentence that supposes what it
        # tells and asks.
        return True
    if lexicon.level == "possible" and lexicon.reason == KIND_ASKED_REASON and asks_if_it_is_an_attack(text) \
            and tells_only_slowness(text):
        # 「ここ数日パソコンの動きがすごく遅いです。これってウイルスでしょうか？」: whether slowness is an attack,
        # asked of nothing else (files that will not open, a screen, a PC acting by itself still alarm).
        return True
    if lexicon.level != "emergency" and names_its_everyday_cause(text):
        # 「電子カルテのパスワード忘れてしもてログインできんのやけど」: a login refused for a forgotten password (the
        # outage it tells is possible at most).
        return True
    if lexicon.level == "none" and asks_how_to_answer_someone(text):
        # 「患者さんに『ここのフリーWi-Fiって安全ですか』と聞かれたけど、どう答えたらいい？」: a question passed on.
        return True
    if lexicon.level == "possible" and lexicon.kind is None and tells_only_slowness(text) and says_it_may_be_nothing(text):
        # 「なんか今朝から電カルがいつもより重い気がする。気のせいかな」: slowness alone, said as maybe nothing.
        return True
    if lexicon.level == "none" and tells_a_facility_fault(text):
        # 「院内の空調が全部止まってしまいました」: the building's equipment, with no word of a system.
        return True
    if lexicon.level == "none" and tells_a_bodily_emergency(text):
        # 「患者さんが待合室で倒れました！」: an urgent message about a patient, with no word of a system.
        return True
    if (lexicon.level == "none" or (lexicon.level == "possible" and lexicon.reason == KIND_ASKED_REASON)) and supposes_a_case(text):
        # 「院のインスタに載せた写真を消し忘れて、慰謝料を求められたら補償されますか」: a case supposed and asked of.
        return True
    if lexicon.level == "none" and is_question(text) and asks_permission(text):
        # 「患者さんに『全部弁償します』って言ってしまってもいいですか」: leave asked for something not done.
        return True
    # 「医師会から『不審なメールに注意』っていう回覧が来ました」: the message is about a circular the lexicon set aside.
    return lexicon.level == "none" and without_notice_titles(text) != text


def _emergency(text: str, lexicon: Detection, learned: Prediction, session: Session,
               now: dt.datetime | None = None, quote: QuoteUpdate | None = None,
               reading: SlotReading | None = None) -> tuple[Detection, list]:
    by: list = []
    p = learned.of("incident") if learned.evidence >= MIN_EVIDENCE else 0.0
    # While the bot waits for an answer (「何床ですか」「いつ気づきましたか」), a short reply is read as that answer: the
    # learned layer alone does not turn it into an emergency (the lexicon still does).
    # Inside an open incident every answer tells of it (「車を離れていたのは夜9時から10時の間です」); the learned
    # layer, taught reports, would raise each as a new alarm of a guessed kind. There it names a kind
    # at most (for 「何が起きていますか？」); a new alarm must be one the lexicon sees.
    in_incident = session.flow == "incident"
    # 「すいません、定員は今年から５０名に増えてました」 corrects the quote's size: the learned layer alone raises no alarm.
    answers_quote = session.flow == "quote" and quote is not None and bool(quote.size or quote.facility or quote.plan)
    # "Correction: we're shut on Saturdays anyway, so it was really only Friday and Monday." 「再開したのは10日では
    # なく8日でした」 correct the payment's days closed: the learned layer alone raises no alarm there either.
    # (Said as a correction, of days past: 「また止まって今日も閉めてます」 is news.)
    answers_payment = session.flow == "subsidy" and reading is not None and (names_another_member_class(text) or (
        corrects(text) and _tells_the_days_closed(text, reading, now) and not still_going_on(text) and not closes_a_day_to_come(text)))
    answering = in_incident or answers_quote or answers_payment or (session.flow in ("quote", "subsidy") and len(text) <= SHORT_ANSWER)
    learned_alarm = p >= LEARNED_EMERGENCY or (lexicon.level == "possible" and learned.label == "incident")
    if learned_alarm and _no_report_for_the_learned_layer(text, lexicon, session, now):
        learned_alarm = False
    if lexicon.level == "emergency":
        by.append("lexicon")
    if not answering and learned_alarm:
        by.append("learned")
    if _recent_topic(session, now) and reveals_a_report(text):
        by.append("conversation")
    if in_incident and learned_alarm and not by and names_another_incident(text):
        by.append("learned")  # 「それとは別に、院長のPCが再起動を繰り返して…」: a new alarm after all
    if not by and in_incident and learned_alarm:
        return lexicon.model_copy(update={"level": "possible", "kind": lexicon.kind or _learned_kind(text),
                                          "reason": f"an answer inside an incident (learned incident {p:.2f})"}), by
    if not by:
        if lexicon.level == "none" and p >= LEARNED_POSSIBLE:
            return lexicon.model_copy(update={"level": "possible", "reason": f"learned layer: incident {p:.2f}"}), by
        return lexicon, by
    if lexicon.level == "emergency":
        if lexicon.kind in (None, "other"):
            # 「サイバー攻撃かも」 names no kind; what the message describes may (the first steps differ).
            # An attack word (kind "other") keeps the guess among the attacks: 「攻撃に気づいたのは火曜の朝でした」
            # is no insider's act, whatever the learned layer makes of it (an insider's kind takes the JMA payment away).
            guess = _learned_kind(text)
            if lexicon.kind == "other" and "cyber" not in get_incident_flow().payment_kinds(guess):
                guess = "other"
            return lexicon.model_copy(update={"kind": guess}), by
        return lexicon, by
    # In a payment dialogue (「結局、サーバーを調べるために明日とあさっての2日、外来を閉めることになりました」) the event is
    # the one the dialogue is about: its kind, not the learned layer's guess (an insider's act would take the payment away).
    topic = _recent_topic(session, now) if "conversation" in by or session.flow == "subsidy" else None
    kind = lexicon.kind or topic or _learned_kind(text)
    return Detection(level="emergency", kind=kind, matched=lexicon.matched,
                     reason=f"{' + '.join(by)} (learned incident {p:.2f})"), by


def _revealed_in_the_same_message(text: str, detection: Detection, by: list, session: Session) -> tuple[Detection, list]:
    """「もしUSBをなくしたら補償される？…というか実は昨日から1本見当たらなくて」: what follows
    「実は」 is read on its own, without the hypothetical before it."""
    start = reveal_position(text)
    if start is None or start == 0:
        return detection, by
    tail = text[start:]
    tail_detection, tail_by = _emergency(tail, detect(tail), intent_model().predict(tail), session)
    if tail_detection.level == "emergency":
        return tail_detection.model_copy(update={"kind": tail_detection.kind or detection.kind}), tail_by
    return detection, by


def _intent(text: str, learned: Prediction, session: Session, question: bool,
            quote: QuoteUpdate, kind: str | None = None, now: dt.datetime | None = None) -> tuple[Intent | None, str]:
    rule = rule_intent(text, quote)
    if now is not None and session.question_to_restate(now) is not None and not (quote.facility or quote.size or quote.plan) \
            and (asks_about_an_extra_premium(text) or (question and points_back(text) and not rule.strong)):
        # Right after a question about cover, 「申告するとき、追加で保険料はかかりますか」 asks about the terms of
        # what was just answered, and "Is a state-sponsored cyber attack one of them?" asks it again of
        # one more thing: the same question, not a premium to quote or a payment to work out.
        return "coverage", "rules"
    # A word of price alone (「弁護士に相談する料金は出る？」) does not make a question about a ruled cost a
    # premium question; quote slots (a facility with its size, a plan) do.
    priced_only = rule.intent == "quote" and not looks_like_quote(text, quote)
    # A payment question keeps its calculator, and a question that names a plan asks about its
    # limits or premium (「H3で賠償4,500万と費用800万、合わせて出る？」), whatever item it mentions.
    if rule.intent == "quote" and quote.plan is not None and question and asks_for_a_verdict(text) and names_the_plan_joined(text) \
            and not names_a_premium(text) and not jtext.find_amounts_yen(text) \
            and premium_question(text, quote.plans_mentioned, [], plan_known=True) is None:
        # 「これって保険の対象になりますか？うちはH2タイプに入ってます」: whether it is covered, the plan joined told
        # beside it; no premium, limit or sum spent set against the plan (those stay the quote's).
        return "coverage", "rules"
    if rule.strong and not priced_only and (rule.intent == "subsidy" or (rule.intent == "quote" and quote.plan is not None)):
        return rule.intent, "rules"
    if rule.intent != "quote" and question and names_the_payments_by_their_sums(text):
        # 「攻撃の…万と休業と、漏えいの…万、全部でいくら？」: the payments named by their sums, not a question of cover.
        return "subsidy", "rules"
    if wants_a_limit(text, quote) and not rule.strong:
        # 「賠償は12億円くらいの補償にしたいんです。表にないけど可能ですか」: the plans (or the custom design) by their limits.
        return "quote", "rules"
    if _asks_a_ruled_item(text, session, kind):
        # "If we pay the ransom, will the insurer reimburse us?": an item the pamphlet rules on
        # (knowledge/rulings.yaml), asked about cover, is a coverage question whatever else it resembles:
        # a story's facility and head count (「介護医療院です…3名受け入れる約束」), a word of another
        # trade (料理サイトのレシピ) or of other insurance (車の保険みたいに示談…) included.
        return "coverage", "rules"
    if rule.strong and not priced_only:
        return rule.intent, "rules"
    if rule.strong:
        return rule.intent, "rules"
    asked_of_premium = premium_question(text, quote.plans_mentioned, jtext.find_amounts_yen(text))
    if asked_of_premium in ("beyond", "deductible") or (asked_of_premium == "basis" and names_a_way_of_paying(text)):
        # 「自己負担ってあるんですか」「H7よりもっと大きい補償はありますか」: a column of the premium table, or past it;
        # 「月払いはできますか」: how the premium is paid.
        return "quote", "rules"
    if session.flow == "quote" and not rule.strong and get_rulings().first_naming(text) is None \
            and premium_question(text, quote.plans_mentioned, jtext.find_amounts_yen(text), session.quote.last_budget_yen) \
            in PLAN_TABLE_QUESTIONS:
        # 「全部のプラン並べてもらえますか」「予算内で一番補償が厚いのは？」 in a quote dialogue: the plans of the
        # facility in hand, however much the wording (もらえますか, 補償) sounds like a question of cover.
        return "quote", "flow"
    if session.flow == "quote" and not rule.strong and (
            (not asks_for_a_verdict(text) and (names_sum_insured(text) or (
                not asks_about_cover(text) and premium_question(text, quote.plans_mentioned, jtext.find_amounts_yen(text),
                                                                session.quote.last_budget_yen))))
            or (not asks_about_cover(text) and not rule.domain
                and (quote.size is not None or quote.plans_mentioned or quote.liability_yen or quote.response_yen
                     or (quote.facility and len(text) <= FLOW_FOLLOW_UP_CHARS)))
            or ((quote.liability_yen or quote.response_yen) and asks_for_a_floor(text))):
        # 「全部のプラン見せて」「月払いだと？」 in a quote dialogue ask about the premiums being quoted,
        # 「50床やったら？」「定員を60人に増やしたら？」「有床だったら？」 for them at another size or
        # facility, 「じゃあ2億のは？」 for the plans with that limit, and 「その場合の補償額は？」
        # about the limits of the plan being quoted (a facility alone is no such question: 「病院でも
        # クーリングオフはできますか」); a limit named with 「どれがいちばん安い？」 asks for the cheapest plan that reaches it.
        return "quote", "flow"
    if session.flow == "quote" and not rule.strong and premium_question(text, quote.plans_mentioned, jtext.find_amounts_yen(text)) == "estimate":
        # 「だいたいでいいので、間くらいの数字で言ってもらえます？」 after a size the table lacks: the premium in hand
        return "quote", "flow"
    if session.flow == "quote" and len(session.quote.priced) >= 1 and len(text) <= FLOW_FOLLOW_UP_CHARS \
            and points_back(text) and (names_a_premium(text) or asks_a_price(text)) and get_rulings().first_naming(text) is None \
            and not rule.strong:
        # 「それいくら？」「それって月いくら？」 right after premiums: the premium just answered.
        return "quote", "flow"
    if session.flow == "quote" and len(session.quote.priced) >= 1 and len(text) <= FLOW_FOLLOW_UP_CHARS \
            and asks_a_difference(text) and get_rulings().first_naming(text) is None and not rule.strong:
        # 「その差額は？」「補償の違いは賠償の額だけですか」 right after premiums: the plans or premiums just answered.
        return "quote", "flow"
    if session.flow == "quote" and session.quote.last_ask == "limits" and len(text) <= FLOW_FOLLOW_UP_CHARS and (
            premium_question(text, quote.plans_mentioned, []) == "limits"
            or (names_a_limit_item(text) and not asks_for_a_verdict(text))):
        # 「事故対応の費用のほうは？」「両方あわせて、1年で使える上限ってあるの？」 after a plan's limits
        return "quote", "flow"
    if session.flow == "subsidy" and names_another_member_class(text):
        return "subsidy", "flow"  # 「A②会員でももらえますか」: whom the payments are for, not a question of cover
    if session.flow == "subsidy" and shifted_day(text, session.subsidy.date) is not None:
        return "subsidy", "flow"  # 「1日後だったらどうなりますか？」: the same payment for the day moved
    if session.flow in ("quote", "subsidy"):
        # 「申請するのに必要なことって何かある？」 after a payment's amount asks more about it: a short
        # question of that kind that names no topic strongly stays in the flow.
        if session.flow == "subsidy" and rule.intent is not None and not rule.strong \
                and len(text) <= FLOW_FOLLOW_UP_CHARS and asks_more(text):
            return None, "flow"
        # An answer to the open flow's question (「50床です」) stays in the flow unless a rule sees
        # something else in it; the learned layer was not taught bare answers.
        return rule.intent, "rules" if rule.intent else "flow"
    best = max((c for c in learned.scores if c != "incident"), key=lambda c: (learned.scores[c], c))
    if session.flow == "incident" and not question and best == "quote" and rule.intent != "quote":
        # 「宛先は42人です」 answers the triage: a head count is no premium question there.
        return rule.intent, "rules" if rule.intent else "flow"
    confidence = learned.scores[best] / max(1e-9, 1 - learned.of("incident"))
    if learned.evidence < MIN_EVIDENCE:
        return rule.intent, "rules" if rule.intent else "none"
    if rule.intent is None:
        return (best, "learned") if confidence >= LEARNED_POSSIBLE else (None, "none")  # type: ignore[return-value]
    # A bare suggestion (a question, a greeting word) gives way to a learned layer that is sure;
    # one backed by a word of the insurance's domain (補償, 窓口, 申込 …) stays: on the labelled
    # coverage questions the learned layer moved such questions to quote or help and lost answers.
    if best != rule.intent and confidence >= LEARNED_OVERRIDES and not rule.domain:
        return best, "learned"  # type: ignore[return-value]
    return rule.intent, "rules"


Layers = Literal["both", "rules", "learned"]


def _learned_alone(text: str, learned: Prediction) -> tuple[Detection, list, Intent | None, str]:
    if learned.of("incident") >= 0.5:
        return Detection(level="emergency", kind=_learned_kind(text), matched=[], reason="learned"), ["learned"], "incident", "learned"
    best = max((c for c in learned.scores if c != "incident"), key=lambda c: (learned.scores[c], c))
    return Detection(level="none", kind=None, matched=[], reason="learned"), [], best, "learned"  # type: ignore[return-value]


def understand(text: str, session: Session, now: dt.datetime, layers: Layers = "both") -> Understanding:
    """Read one normalised message in its conversation. Pure: nothing in ``session`` changes.

    ``layers`` other than "both" exist for benchmarks/understanding.py, which measures what each
    layer earns on its own."""
    question = is_question(text)
    reading = SlotReading(text, now)
    quote = parse_quote(text, session.quote.plan)
    # (a circular's title, 「不審なメールに注意」っていう回覧, is read by no layer as a report)
    untitled = without_notice_titles(text)
    learned = intent_model().predict(untitled)
    if learned.label == "greeting" and len(text) > LONG_FOR_A_GREETING and (body := without_greetings(text)) != text:
        # "Hi, I run the front desk at a small travel clinic. On Sunday night our booking PC…": a greeting
        # opening a long message is not what the message says; the rest of it is read.
        learned = intent_model().predict(body)
    named_kind = None
    if layers == "learned":
        detection, by, intent, intent_by = _learned_alone(text, learned)
    else:
        if layers == "rules":
            learned = Prediction("coverage", 0.0, {c: 0.0 for c in learned.scores}, 0)
        lexicon = detect(text)
        named_kind = lexicon.kind
        detection, by = _emergency(text, lexicon, learned_for_emergency(untitled, learned), session, now, quote, reading)
        intent, intent_by = _intent(text, learned, session, question, quote, lexicon.kind, now)
        if _states_a_payment_case(lexicon, reading) and intent != "subsidy" \
                and not _asks_a_ruled_item(text, session, lexicon.kind):
            intent, intent_by = "subsidy", "rules"
    if detection.level == "possible" and layers != "learned":
        detection, by = _revealed_in_the_same_message(text, detection, by, session)
    if detection.level == "emergency" and (
        (learned.of("incident") < LEARNED_EMERGENCY
         and (_about_a_past_event(text, intent, question, reading, now) or (question and refers_to_the_pamphlet(text))))
        # 「令和4年の秋に攻撃を受けた件、支援金の申請はまだ間に合いますか」: a payment question about a dated past
        # event, however much it reads like a report.
        or (intent == "subsidy" and question and _about_a_past_event(text, intent, question, reading, now))
    ):
        detection = detection.model_copy(update={"level": "possible", "reason": "a question about a past or example event"})
        by = []
    elif detection.level == "emergency" and not _may_be_going_on(text, reading, now) and (
        # (asked, or the payment named by the rules: 「支援金の計算をお願いします」「なんぼ出るもんだべ」)
        (intent == "subsidy" and (question or intent_by == "rules"))
        # 「調べたら、ウイルスではなく、職員がメールの宛先を間違えただけでした」 answers the payment dialogue's
        # "which of the two payments?" with the event's cause.
        or (session.flow == "subsidy" and intent in (None, "subsidy") and session.subsidy.kind is None
            and kind_of_event(text, detection.kind) is not None and learned.of("incident") < LEARNED_EMERGENCY)
        # 「あ、よく見たら攻撃は3年前の春でした、すみません」 corrects the payment's day: an event long past.
        or (session.flow == "subsidy" and corrects(text) and _dated_long_ago(reading, now))
        # 「訂正です、休業は2日でした。あと患者情報の漏えいもありました」: the payment's event, corrected
        or (session.flow == "subsidy" and corrects(text) and _tells_the_days_closed(text, reading, now))
    ):
        detection = detection.model_copy(update={"level": "possible", "reason": PAYMENT_QUESTION_REASON})
        by = []
    asks = intent
    if detection.level == "emergency":
        intent, intent_by = "incident", "emergency"
    understanding = Understanding(
        text=text, language=language(text), emergency=detection, emergency_by=by, intent=intent,
        intent_by=intent_by, asks=asks, quote=quote, learned=learned.scores, question=question,  # type: ignore[arg-type]
        named_kind=named_kind,
    )
    understanding._reading = reading
    return understanding


def warm_up_understanding() -> None:
    """Load and validate every vocabulary, example file and English text, and train the learned
    layer: at start-up a broken file stops the server by name, and no user waits for training."""
    from knowledge.english import get_english
    from knowledge.facility_words import facility_words

    facility_words()
    intent_model()
    kind_model()
    get_english()
    date_lexicon()
    understand("warm up", Session(key="warm-up"), dt.datetime.now(dt.timezone.utc))
