"""What the bot remembers about one conversation, and the incident records it opens.

Both are plain pydantic models so that every store (SQLite now; PostgreSQL/Redis later) keeps
them as JSON and a record reads the same from the CLI, the staff page and the API.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from knowledge.incident_flow import Party

Flow = Literal["quote", "subsidy", "incident"]
YesNo = Literal["yes", "no", "unknown"]

# How long an open flow survives silence. An incident stays open much longer than a quote:
# staff come back to it after calling the desk, and the next morning or the day after with the
# days they closed (「昨日の件の訂正です。…2日間休診にしました」).
FLOW_TTL: dict[str, dt.timedelta] = {
    "quote": dt.timedelta(minutes=30),
    "subsidy": dt.timedelta(minutes=30),
    "incident": dt.timedelta(hours=72),
}
# How long after its last change a closed incident still answers for a payment question that names
# no event of its own (the JMA payment is claimed after the closure days are known).
RECENT_INCIDENT = dt.timedelta(days=30)
# How long a question about cover stays the one a 「それでも同じ扱いですか」 asks again.
QUESTION_WINDOW = dt.timedelta(minutes=30)


class PricedPlan(BaseModel):
    """A premium the quote dialogue answered: 「その差額は？」 next leans on the last two."""

    facility: str
    size: int | None = None
    plan: str
    premium_yen: int
    subject: str  # 「介護老人保健施設（定員30人）」, as the answer named it


class FacilityPlan(BaseModel):
    """One facility of a corporation quoted beside another (「50床の病院と定員30人の老健、それぞれH3で」)."""

    facility: str
    size: int | None = None
    plan: str


class QuoteSlots(BaseModel):
    facility: str | None = None
    size: int | None = None
    plan: str | None = None
    budget_yen: int | None = None  # a budget given before the facility was known, answered once it is
    last_budget_yen: int | None = None  # the budget last answered: 「あと2千円足せるなら？」 adds to it
    # What the last answer was about, when a short follow-up leans on it: "limits" (「事故対応の費用のほうは？」)
    # "budget": the plans a budget allows (「じゃあ30床だったら？」 asks the same of another size)
    # "beyond": the custom design past the table (「それだと保険料は？」 asks its premium, which no table prints)
    last_ask: Literal["limits", "claimed", "budget", "beyond"] | None = None
    # The sums last set against a plan's limits (damages, response costs): 「H7だったら？」 sets them against another.
    last_claimed: tuple[int, int] | None = None
    priced: list[PricedPlan] = []  # the last premiums answered, newest last (at most two)
    # The facilities last summed, each with its plan: 「老健のほうだけH1に下げたら、2つ合わせていくら？」 re-sums them.
    facilities: list[FacilityPlan] = []
    # Each facility's size as last told (「老健は定員100人」, then 「介護医療院は40人」): 「老健のほうは？」 is the 100 again.
    sizes: dict[str, int] = {}


class SubsidySlots(BaseModel):
    kind: Literal["cyber", "leak"] | None = None
    date: dt.date | None = None
    unreadable_date: str | None = None  # a date was written but cannot be read safely: ask, never guess
    closed_days: int | None = None
    internal: bool | None = None
    # 「2024年の発生だったら？」: only a year was said, and every day of it pays the same (date is its last day).
    year_only: int | None = None
    season: str | None = None  # 「令和4年の秋」: the season of year_only said with it
    # A closure told as a range of dates (「1月8日(金)から1月12日(火)まで休診」): its first and last day and the
    # usual days off said of it, so that a later message can correct it (「休診を始めたのは7日からでした」「土日は
    # もともと休み」) or tell one of its days in detail (「12日は午前だけ再診…新患は受けてません」) without a new count.
    closed_from: dt.date | None = None
    closed_to: dt.date | None = None
    days_off_said: list[str] = []




class Said(BaseModel):
    """One message of the staff's report, as written, and when: the summary restates it in their words."""

    at: dt.datetime | None = None  # None: kept before the record held the time of each message
    text: str


class IncidentAnswers(BaseModel):
    """The triage answers, each typed; None means not asked or not answered yet."""

    kind: str | None = None
    description: list[Said] = []
    patient_data: YesNo | None = None
    affected_people: int | None = None
    # The low end when a range was said (「3〜5千人」: 3000, with affected_people 5000); None for one count.
    affected_people_from: int | None = None
    care_stopped: YesNo | None = None
    closure_days: int | None = None
    closure_through: dt.date | None = None  # the last day closed, when the days were named (今日, 明日)
    found_at: str | None = None  # 「2026-12-01」「2026-12-01T22」「2026-12-01T22:30」 or 「不明」
    occurred_at: str | None = None  # when it happened or began, when said apart from the noticing (same forms)
    # When the thing lost was last seen or used (「最後に見たのは15時ごろ」): it bounds when a loss happened, which
    # is seldom known; no question asks it (same forms).
    last_seen_at: str | None = None
    told: list[Party] | None = None  # [] = answered: nobody yet
    notified: list[Party] | None = None
    told_people: list[str] = []  # the staff named (院長, 事務長): who to ask, in the summary
    # Parties said not to be told yet (「患者さんにはまだ言うてへん」): the summary says so of them, not "nobody".
    not_told: list[Party] = []
    # Personal data of others than patients (a staff list) involved: with a wrongful act it is reportable.
    staff_data: bool = False
    notes: list[str] = []  # answers that fitted no question, kept for the record
    # Other kinds of incident told into the same record (「あと、ホームページも変な広告に書き換わってる」 beside
    # a list taken out by a former employee): each gets its own first steps and stands in the notice.
    also_kinds: list[str] = []
    # The notice's own items no question asks (sec-16), in the staff's words when they tell them: the insured
    # institution and its address, where it happened, who found or saw it, the damages claim made so far
    # (「なし」: none yet) and other insurance or mutual aid held (「なし」: none).
    insured: str | None = None
    address: str | None = None
    place: str | None = None
    witnesses: str | None = None
    claim: str | None = None
    other_insurance: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _older_records(cls, data: object) -> object:
        """Records saved before typed triage had a free-text ``who_knows``: kept as a note; records
        saved before each message kept its time hold the messages alone."""
        if isinstance(data, dict) and "who_knows" in data:
            data = dict(data)
            old = data.pop("who_knows")
            if old:
                data["notes"] = [*data.get("notes", []), f"知っている人・連絡状況：{old}"]
        if isinstance(data, dict) and any(isinstance(d, str) for d in data.get("description", [])):
            data = dict(data)
            data["description"] = [{"text": d} if isinstance(d, str) else d for d in data["description"]]
        return data


class Change(BaseModel):
    """One change of a triage answer, with when and why: the record's history."""

    at: dt.datetime
    field: str
    old: str | None
    new: str | None
    message: str  # what the user wrote (first 200 characters)


class IncidentState(BaseModel):
    incident_id: str
    asked: str | None = None
    summarised: bool = False
    # A question the bot asked about the conversation itself: 「誤報として記録しますか？」
    # (false_alarm) or 「どの項目を直しますか？」 (correct).
    pending: Literal["false_alarm", "correct"] | None = None
    # What the last question answered on the side was about (「日医の支援金はもらえますか？」: subsidy),
    # so that a short follow-up (「条件はありますか」) is read as more of the same.
    aside: Literal["coverage", "quote", "subsidy", "out_of_scope"] | None = None
    # The reports a leak of patient data owes were set out (once, as soon as the data is known to be involved).
    reports_told: bool = False
    # The JMA payment as last worked out on the side (its event day and days closed may come from a message the
    # triage filed nowhere: 「10日に攻撃を受けて、12日から再開」): the next payment question starts from it.
    payment: SubsidySlots | None = None
    # How many times in a row the question in ``asked`` was asked again, unanswered.
    times_asked: int = 0


class Session(BaseModel):
    key: str
    flow: Flow | None = None
    quote: QuoteSlots = Field(default_factory=QuoteSlots)
    subsidy: SubsidySlots = Field(default_factory=SubsidySlots)
    incident: IncidentState | None = None
    updated_at: dt.datetime | None = None
    turns: int = 0
    # The incident kind the last message asked about (「ランサムウェアの被害は補償される？」), so that a
    # following 「実は今うちで起きています」 is read as a report of that kind.
    last_topic_kind: str | None = None
    # 「担当者と話したい」: the hand-off this conversation waits on (bot.store keeps its status).
    handoff_id: str | None = None
    # The incident whose triage closed after its silence: 「結局3日休診しました。支援金は？」 days later
    # is still about it (the engine hands the record to the handlers for RECENT_INCIDENT).
    recent_incident_id: str | None = None
    # The payment dialogue closed after its silence, and when it was last answered: 「結局、今日まで休んで
    # ます。金額は増えますか」 days later goes on from its kind and event day.
    recent_subsidy: SubsidySlots | None = None
    recent_subsidy_at: dt.datetime | None = None
    # The last question about cover answered (as typed, with the question it restated, if any), and when:
    # 「それでも同じ扱いですか」 after a fact added or corrected asks it again (handlers.rulings).
    last_question: str | None = None
    last_question_at: dt.datetime | None = None

    def question_to_restate(self, now: dt.datetime) -> str | None:
        """The question about cover answered within QUESTION_WINDOW, if any."""
        if self.last_question is None or self.last_question_at is None or not (
                dt.timedelta(0) <= now - self.last_question_at <= QUESTION_WINDOW):
            return None
        return self.last_question

    def recent_payment(self, now: dt.datetime) -> SubsidySlots | None:
        """The payment dialogue closed within RECENT_INCIDENT that knew the event's kind and day."""
        if self.recent_subsidy is None or self.recent_subsidy_at is None or now - self.recent_subsidy_at > RECENT_INCIDENT:
            return None
        return self.recent_subsidy

    def expire_stale_flow(self, now: dt.datetime) -> bool:
        """Close an open flow after its period of silence; True when one was closed."""
        if self.flow is None or self.updated_at is None:
            return False
        if now - self.updated_at <= FLOW_TTL[self.flow]:
            return False
        if self.flow == "quote":
            self.quote = QuoteSlots()
        elif self.flow == "subsidy":
            if self.subsidy.kind is not None and self.subsidy.date is not None:
                self.recent_subsidy, self.recent_subsidy_at = self.subsidy, self.updated_at
            self.subsidy = SubsidySlots()
        else:
            if self.incident is not None:
                self.recent_incident_id = self.incident.incident_id
            self.incident = None
        self.flow = None
        return True


class Handoff(BaseModel):
    """「担当者と話したい」: a conversation waiting for a person, until staff close it."""

    id: str
    session_key: str
    channel: str
    requested_at: dt.datetime
    message: str  # the words that asked for a person (first 200 characters)
    status: Literal["waiting", "closed"] = "waiting"
    closed_at: dt.datetime | None = None
    closed_by: str | None = None


class IncidentRecord(BaseModel):
    id: str
    opened_at: dt.datetime
    updated_at: dt.datetime
    channel: str
    session_key: str
    kind: str | None
    answers: IncidentAnswers
    notice_draft: str
    status: Literal["open", "summarised", "closed", "false_alarm"] = "open"
    history: list[Change] = []
    attachments: list[str] = []  # 「2026-12-02 22:41 画像」: what arrived that the bot cannot read


def new_incident_id(now: dt.datetime) -> str:
    """INC-20261202-7F3A9C: the date a person can read over the phone, plus a random tail (the
    engine makes sure no other conversation holds it)."""
    return f"INC-{now:%Y%m%d}-{secrets.token_hex(3).upper()}"
