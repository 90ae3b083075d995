"""Incident triage as typed slot filling: what one message says about each field of the record.

Every message of an open incident is read for every field, each by its type (a kind, yes/no/
unknown and a count, days closed, a moment, parties told), so an answer given early, late or to
another question lands in its own field. The question just asked only breaks ties: a bare 「はい」
or 「2日」 answers it. Commands (まとめ, 最初から, 訂正, キャンセル) are never values, and a message
that changes an earlier answer is a correction, recorded with its time (handlers/incident.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import takewhile
from typing import Callable, Literal

from handlers import notice_details
from handlers.session import Change, IncidentAnswers, YesNo
from knowledge import text as jtext
from knowledge.clock import JST, holiday_name
from knowledge.dates import lexicon as date_lexicon
from knowledge.dates import (Moment, english_date_lists_in_japanese, english_days, english_numbers_as_digits, is_relative_day, kana_numbers_as_digits, names_a_day, part_of_today, read_moment,
                             said_just_now)
from knowledge.incident_flow import NOTIFIED_PARTIES, SLOTS, TOLD_PARTIES, IncidentFlow, Party
from knowledge.vocab import key_and_mask, vocabulary

# The days a closure may be named by, one vocabulary list each (「今日と明日は休診」 → 2).
CLOSURE_DAYS = ("closure_today", "closure_tomorrow", "closure_day_after")
PAST_CLOSURE_DAYS = {"closure_yesterday": -1, "closure_day_before": -2, "closure_this_morning": 0}

_V = vocabulary("incident_words").check(
    terms=("summary", "summary_fillers", "restart", "correct", "false_alarm", "correction_cues", "contrast", "affirms", "denies",
           "unknown", "possibly", "exposed", "likeness", "shown", "long_ago", "coming_and_going", "holding_cover", "denies_tail", "count_words", "reopens", "contrast_clause", "care_stopped_plainly", "party_joiner",
           "patients_as_people", "closure_until_a_day", "done_before", "contrast_ja", "how_to",
           "self_intro", "topic_marker", "auxiliary_before_not", "occurred", "last_seen", "telling", "hypothetical_if", "withdraws", "apology", "thanks", "staff_data", "patient_notice", "recipients", "drafting", "not_a_draft", "regular_day_off", "closure_decided", "care_undecided", "names_a_field", "total_words", "another_incident", "happened_again", "was_wrong",
           "only_that", "closure_part_of_day", "report_words", "duty_words", "first_steps_asked", "notice_words", "contents_asked", "hearsay", "party_place", "people_of_a_place", *CLOSURE_DAYS, *PAST_CLOSURE_DAYS, "closed_until_today", "closed_until_yesterday",
           "closure_from_the_event", "closure_only_days", "closure_also", "closure_goes_on", "resumed_today", "resumed_yesterday", "patient", "patient_systems", "care_stopped", "stopped_of_anything", "stopped_things", "care_continues", "only_inside", "nobody", "not_done", "absent", "absent_verbs", "outside_bodies", "zero_days", "warning_went_away", "nothing_done_on_it", "when_words", "noticed_self", "what_to_do", "procedure_topics", "taken_back_opener",
           "not_a_contact", "asks_hours_or_number", "what_the_matter_is", "noticed", "party_staff_generic", "done", "intends", "call_failed", "found_again", "not_found_again", "cause_not_an_attack", "working_again", "attack_named", "confirm", "after_hours", *(f"party_{p}" for p in (*TOLD_PARTIES, *NOTIFIED_PARTIES))),
    patterns=("denies_first", "affirms_first", "people", "calls_counted_before", "the_other_side_before", "seen_in_a_log", "excepted_after", "excepted_before_en", "reported_speech", "asks_what_to_tell_patients", "asks_how_to_tell", "cause_found", "attack_taken_back", "hearsay_end", "content_denied", "patient_told_us", "telling_word_as_a_thing", "source_of_a_thing_after", "screen_quote", "cost_after_party", "membership_after", "addressee_of_a_document_after", "addressee_of_a_document_before_en", "notice_quote", "notice_source_after", "people_about", "event_topic", "began_after_moment", "bare_number", "clause_break", "sentence_break", "party_as_subject", "plan_joined", "taken_back_after", "negation_stem_before",
              "count_instead_after", "count_instead_before", "days_taken_back", "bcc_not_used", "care_negated", "care_object_stopped", "care_goes_on", "party_as_object", "sentence_with_end", "asks_or_supposes",
              "moment_filler", "moment_taken_back_after", "people_present_after", "others_closed_en", "care_fine_when_asked", "resultative_aru", "people_range", "dated_thing", "new_patients_refused", "usual_day_closed", "rest_times", "patients_addressed", "closure_day_ordinal", "supposes", "wishes_not", "negated_verb_before", "self_intro_en",
              "withdrawal_denied", "just_not_yet", "list_item_rest", "yesterday_and_today", "resumed_on", "resumed_on_en", "closed_until_a_date", "usual_hours_aside", "day_label_before",
              "closure_since_a_past_day", "date_range_joiner", "closed_on_before_dates", "day_named_also", "adverb_before_closing", "requests_it", "if_done", "supposed_after_done", "past_after_supposed", "denial_asked", "unknown_of_a_thing", "call_unanswered", "also_fragment", "predicate_start", "another_day", "days_among", "moment_instead_en", "also_fragment_en", "exclaimed_no"),
)
UNKNOWN_MOMENT = "不明"
QUESTION_MARKS = ("？", "?")
# A reply this short that ends in a question mark is a hedged answer (「3日かな？」), not a question.
SHORT_ANSWER = 10
# 「患者情報？」 "Patient data?": the bot's question echoed before the answer, no verdict of its own.
SHORT_QUESTION = 16
# The last clause of a message that withdraws the report is short: 「誤報です」「間違いでした」.
WITHDRAWAL_LENGTH = 18
WITHDRAWAL_LENGTH_EN = 40
# A question is a sentence of its own; a sentence this long that asks has reported first.
LONG_SENTENCE = 50
# A command is a short message: 「まとめ」 inside 「通知書のまとめ方は？」 is a question, not a command.
COMMAND_LENGTH = 16
SUMMARY_REST = 2  # characters besides the summary word and its fillers in a message that is only the command
# Kinds that are an outage or something odd of unknown cause: a cause found later may be no attack at all.
OUTAGE_KINDS = ("system_down", "other")
# Kinds whose thing's encryption, told later, is its protection (a lost stick 「暗号化されていました」), not an attack.
PROTECTED_BY_ENCRYPTION = ("lost_device", "misdelivery")
# Kinds whose report names data that left the clinic: patient words in it mean patient data.
DATA_KINDS = ("data_leak", "misdelivery", "lost_device", "insider", "ransomware", "unauthorized_access",
              "account_takeover", "extortion")

# Questions whose quick-reply labels say what they answer (「誤送信」「警察に相談済み」).
DISTINCT_CHOICES = ("kind", "told", "notified")

Command = Literal["summary", "restart", "correct", "false_alarm"]
# The incident kind a fragment of a message names (「…じゃなくて誤送信でした」 → misdelivery), or None.
KindReader = Callable[[str], "str | None"]


@dataclass
class TriageReading:
    """What one message says; None = it says nothing about that field."""

    command: Command | None = None
    correction: bool = False
    kind: str | None = None
    kind_explicit: bool = False  # chosen, or named as the right one (「…じゃなくて誤送信」)
    patient_data: YesNo | None = None
    affected_people: int | None = None
    affected_people_from: int | None = None  # the low end of a range said (「300〜500人」)
    care_stopped: YesNo | None = None
    closure_days: int | None = None
    # The days closed, when the message names them (「今日と明日は休診」): a closure told day by day
    # (「結局今日も開けられませんでした」) adds to the days already recorded rather than replacing them.
    closure_dates: list[dt.date] | None = None
    closure_until: dt.date | None = None  # the last day of the closure recorded (「結局10日まで閉めて」)
    found_at: str | None = None
    occurred_at: str | None = None  # when it happened or began, said apart from its noticing (no question asks it)
    last_seen_at: str | None = None  # when the thing lost was last seen or used (no question asks it)
    told: list[Party] | None = None
    notified: list[Party] | None = None
    not_told: list[Party] = field(default_factory=list)  # 「警察にはまだ」: parties explicitly not told
    people: list[str] = field(default_factory=list)  # staff named: 「院長と事務長」
    people_untold: list[str] = field(default_factory=list)  # staff named as not told: 「事務長にはまだでした」
    still_missing: bool = False  # a lost thing searched for and not found (「あちこち探したけどやっぱりない」)
    no_attack: bool = False  # an outage found to have a cause of its own (「プロバイダ側の回線障害だって」)
    staff_data: bool = False  # personal data of others than patients involved (「職員の名簿とシフト表ぐらい」)
    also_kind: str | None = None  # another kind of incident told beside the recorded one (not a correction of it)
    # The notice's own items (handlers/notice_details.py), asked by no question: told in passing.
    details: notice_details.NoticeDetails = field(default_factory=notice_details.NoticeDetails)

    def fills_beyond_yes_no(self) -> bool:
        """Whether the message says more than a bare yes/no (「はい、でも患者情報は…」)."""
        return any(s not in ("patient_data", "care_stopped") for s in self.fills()) or self.affected_people is not None \
            or self.closure_days not in (None, 0)

    def fills(self) -> list[str]:
        """The triage slots this message answers (each slot is a field of this reading), and when it
        happened, which no question asks but a message may tell or correct (「訂正：発生は一昨日の夜」)."""
        return [slot for slot in (*SLOTS, "occurred_at", "last_seen_at") if getattr(self, slot) is not None] + self.details.said()


# --- readers, one per type -------------------------------------------------------------------


def _clauses(text: str) -> list[str]:
    """Clauses, each with the question mark that ends it: 「JMAの窓口って今電話つながる？」 asks,
    and a party named in a clause that asks was told nothing."""
    clauses: list[str] = []
    start = 0
    text = jtext.spaces_as_commas(text)
    for match in _V.pattern("clause_break").finditer(text):
        # A word that turns the sentence (けど, ましたが) stays with its clause: 「メールしましたが」 told.
        kept = match[0] if match[0] in QUESTION_MARKS or not _V.pattern("sentence_break").fullmatch(match[0]) and len(match[0]) > 1 else ""
        clause = text[start:match.start()] + kept
        if clause.strip():
            clauses.append(clause)
        start = match.end()
    if text[start:].strip():
        clauses.append(text[start:])
    return clauses


def _choice(flow: IncidentFlow, text: str, asked: str | None) -> tuple[str, str] | None:
    """A quick reply sent back as its label: (slot, value). Short answers (はい, いいえ, わからない,
    昨日, 2日) are labels of several questions and answer only the one asked; the labels that
    name a kind or a contact are unmistakable whenever they come (a button tapped late)."""
    order = [q for q in flow.triage if q.slot == asked] + [
        q for q in flow.triage if q.slot != asked and q.slot in DISTINCT_CHOICES]
    for question in order:
        for choice in question.quick_replies:
            if text == choice.label:
                return question.slot, choice.value
    return None


_ENGLISH_STOP = re.compile(r"(?<=[a-z0-9)][.!?])\s+(?=\S)", re.IGNORECASE)


def with_ellipsis_filled(text: str) -> str:
    """「警察とかには連絡してません。厚労省も」 → 「…。厚労省も連絡してません」: a sentence that is only 「…も」 says
    of one more thing what the sentence before it says, in its polarity; read alone, 「厚労省も」 would
    be a yes. Text without such a fragment is returned as it is."""
    # (English sentences end at a full stop too: "We have told the police. Patients not yet.")
    parts = [p for p in _ENGLISH_STOP.split(text) if p] if text.isascii() else _sentences_with_ends(text)
    if len(parts) < 2:
        return text
    filled = [parts[0]]
    for before, sentence in zip(parts, parts[1:]):
        english = _V.pattern("also_fragment_en").match(sentence.strip())
        told = _V.terms("done_before").search(*key_and_mask(before)) if english is not None else None
        if english is not None and told is not None:
            # "We have told the police. Patients not yet." → "… We have not told the patients yet."
            verb, thing = told.label, english["thing"].strip()
            said = f"We have not {verb} the {thing} yet." if english["how"].lower().startswith("not") else f"We have {verb} the {thing} too."
            filled.append(said)
            continue
        fragment = _V.pattern("also_fragment").match(sentence.strip())
        starts = list(_V.pattern("predicate_start").finditer(before.rstrip("。．.!！ ")))
        if fragment is None or not starts or asks(before):
            filled.append(sentence)
            continue
        predicate = before.rstrip("。．.!！ ")[starts[-1].end():]
        filled.append(f"{fragment['thing']}{fragment['particle']}{predicate}。")
    return (" " if text.isascii() else "").join(filled)


def _stated(text: str) -> str:
    """The message without its questions that suppose (「休業したら支援金って出るんですか？」): their
    closure is an if. 「今日は休診にしましたが大丈夫ですか？」 states its closure and asks about it. A
    short reply (「3日かな？」) is an answer to the bot's question. A wish not to (「止めたくないです」) states nothing."""
    if _V.pattern("wishes_not").search(text):
        text = "".join(c + "。" for c in _clauses(text) if not _V.pattern("wishes_not").search(c))
    if len(text) <= SHORT_ANSWER:
        return text
    sentences = [m[0] for m in _V.pattern("sentence_with_end").finditer(text) if m[0].strip()]
    # A long run-on sentence that ends by asking (「…業者さんにはさっき電話して院長にも言いました
    # どうしたらいいですか」) reports everything before its question.
    kept = []
    for sentence in sentences:
        # English spends more characters on a sentence ("If we close for a week, is the lost income covered?").
        if len(sentence) >= LONG_SENTENCE * (3 if sentence.isascii() else 1) or not (_V.pattern("asks_or_supposes").search(sentence)
                                                  and (_V.pattern("supposes").search(sentence)
                                                       or _V.has("hypothetical_if", sentence))):
            kept.append(sentence)
            continue
        # 「3日休診しましたが、もし1週間になったらいくら出ますか？」: the clauses before the if stand.
        for clause in _clauses(sentence):
            if _V.pattern("supposes").search(clause) or _V.has("hypothetical_if", clause):
                break
            kept.append(clause + "。")
    return "".join(kept)


def _people_said(clause: str) -> tuple[str, int | None]:
    """The clause as numbers are read (kana and English numbers as digits), and the count of people it says, if any.
    (「お問い合わせが5件ほど」 counts the calls: the count after it, if any, is the people's)"""
    read = kana_numbers_as_digits(english_numbers_as_digits(clause))
    match = next((m for m in _V.pattern("people").finditer(read)
                  if not _V.pattern("calls_counted_before").search(read[:m.start()])
                  and not _V.pattern("people_present_after").match(read, m.end())), None)
    if match is None:
        return read, None
    try:
        return read, jtext.parse_japanese_number(match[1].replace(",", "")) * (10_000 if match[2] else 1)
    except ValueError:
        return read, None


def _count(text: str, skip_parties: bool = False) -> int | None:
    """The first count of people; with ``skip_parties``, not one in a clause that names a party
    (「薬剤師2人とベンダーさんには伝えました」 counts the people told)."""
    pieces = _clauses(text) if skip_parties else [text]
    # (a clause that ends on its subject, 「患者さん1人が」 before 「慰謝料とかの話してて」, is read with what it did)
    with_verb = [c + pieces[n + 1] if c.rstrip().endswith("が") and n + 1 < len(pieces) else c for n, c in enumerate(pieces)]
    if skip_parties and len(pieces) > 1:
        # 「閲覧は計5件、閲覧された患者様は3名」: a count said of the patients, before one said of anything else
        said_of_patients = (_people_said(with_verb[n])[1] for n, c in enumerate(pieces) if _V.has("patient", c))
        if (count := next((c for c in said_of_patients if c is not None), None)) is not None:
            return count
    for n, clause in enumerate(pieces):
        if skip_parties and _party_spans(clause) and not _V.has("patient", clause) \
                and not _V.pattern("reported_speech").search(clause):
            continue  # (「…最大で約300人分と業者は言っています」: the vendor tells the count, it is not counted)
        read, count = _people_said(with_verb[n])
        if count is None and (_names_patient_data(clause) or (n and _names_patient_data(pieces[n - 1]))):
            # "Patient records yes, about 1200.": about so many, no unit, said of the patient data (in its clause or
            # the one right after it)
            about = _V.pattern("people_about").search(read)
            if about is not None:
                return int(about[1].replace(",", ""))
        if count is not None:
            return count
    return None


def _last_count(text: str) -> int | None:
    """The count of people said last in ``text``, sentence by sentence (the earlier ones are taken back)."""
    for sentence in reversed(_sentences_with_ends(text)):
        count = _count(sentence, skip_parties=True)
        if count is not None:
            return count
    return None


def _range_from(text: str, top: int) -> int | None:
    """The low end of a range of people whose top is ``top`` (「たぶん3〜5千人」 → 3000 for 5000; 「300〜500人」 → 300),
    or None when the count was said as one number."""
    for match in _V.pattern("people_range").finditer(kana_numbers_as_digits(english_numbers_as_digits(text))):
        high_unit = match["high_unit"] or ""
        if jtext.parse_japanese_number(match["high"].replace(",", "") + high_unit) != top:
            continue
        # (the low end without a unit of its own takes the top's: 「3〜5千人」 is 3000 to 5000)
        low = jtext.parse_japanese_number(match["low"].replace(",", "") + (match["low_unit"] or high_unit))
        return low if 0 < low < top else None
    return None


def _sentences_with_ends(text: str) -> list[str]:
    """Sentences with their end marks (「Patient data?」 keeps its question mark)."""
    return [m[0] for m in _V.pattern("sentence_with_end").finditer(text) if m[0].strip()]


def clauses(text: str) -> list[str]:
    """The clauses of a message (at 、。！？ and at けど/ですが), as the triage reads them."""
    return _clauses(text)


def sentences(text: str) -> list[str]:
    """The sentences of a message, each with its end mark."""
    return _sentences_with_ends(text)


def asks(sentence: str) -> bool:
    """A sentence that asks or supposes (「…出るんですか？」「番号を教えてください」): it states no fact."""
    return bool(_V.pattern("asks_or_supposes").search(sentence))


def corrects(text: str) -> bool:
    """The message says it corrects something said before (「訂正です」「すみません、…でした」 "Correction:")."""
    return _V.has("correction_cues", text)


def says_courtesy(sentence: str) -> bool:
    """A sentence with an apology or thanks in it (「助かりました。」「すみません、」)."""
    return _V.has("apology", sentence) or _V.has("thanks", sentence)


def _names_patient_data(sentence: str) -> bool:
    """Patient words other than the patients as people to tell: 「患者さんご本人にはまだ伝えて
    いません」 is about whom to tell; 「患者さん35人分の結果を、別の患者さんに渡した」 is about data."""
    key, mask = key_and_mask(sentence)
    # 「個人情報保護委員会」 is a body to tell, 「電子カルテ」 a system (「カルテのメーカー」 its maker: before the
    # parties, which hold メーカー), "seeing patients" the care given.
    key = _V.terms("patient_systems").blank(key, mask)
    for party in (*TOLD_PARTIES, *NOTIFIED_PARTIES):
        key = _V.terms(f"party_{party}").blank(key, mask)
    key = _V.terms("patients_as_people").blank(key, mask)
    return _V.terms("patient").search(key, mask) is not None


def _count_instead(text: str, correction: bool) -> int | None:
    """The count that replaces another in the same breath: 「80人じゃなくて120人」 → 120, "350
    patients, not 200" → 350 (the negation there belongs to the wrong count, not to the data); in
    a correction that names two counts (「さっきの450人は間違いで…540人でした」) the later one."""
    for name in ("count_instead_after", "count_instead_before"):
        match = _V.pattern(name).search(text)
        if match:
            # ("around 350 patients, not 200": a count said with its unit may follow "around")
            return int((match.groupdict().get("right") or match["counted"]).replace(",", ""))
    if correction:
        counts = list(_V.pattern("people").finditer(text))
        key, mask = key_and_mask(text)
        total = _V.terms("total_words").search(key, mask)
        if total is not None:
            # 「もう一件見つかって、全部で4名でした」: the total is the count.
            after = _V.pattern("people").search(text, pos=min(len(text), total.start))
            if after is not None:
                try:
                    return jtext.parse_japanese_number(after[1].replace(",", "")) * (10_000 if after[2] else 1)
                except ValueError:
                    pass
        # Only when the words between them say the first was wrong: 「患者さん1200人分と、職員30名」 names two groups;
        # the last such pair (「3人じゃなかった。5人分やった。検査結果も2人分」: 5, a group added after it is no correction).
        for wrong, right in reversed(list(zip(counts, counts[1:]))):
            if _V.has("was_wrong", text[wrong.end():right.start()]):
                try:
                    return jtext.parse_japanese_number(right[1].replace(",", "")) * (10_000 if right[2] else 1)
                except ValueError:
                    return None
    return None


def _patient(text: str, asked: str | None, kind: str | None, known: YesNo | None,
             correction: bool = False) -> tuple[YesNo | None, int | None]:
    # Words that say nothing of the data are blanked (same length): a BCC not used (its negation is the BCC's), "Oh no,
    # …", 「…大丈夫ですか」 (asks, denies nothing), "an unknown sender".
    for name in ("bcc_not_used", "exclaimed_no", "denial_asked", "unknown_of_a_thing"):
        text = _V.pattern(name).sub(lambda m: "_" * len(m[0]), text)
    # ... and the facility's size said as who it introduces (「定員80人の老健です」): no count of the people involved
    for start, end in jtext.facility_size_spans(text):
        text = text[:start] + "_" * (end - start) + text[end:]
    instead = _count_instead(text, correction)
    if instead is not None:
        return "yes", instead
    # 「薬剤師2人とベンダーさん」 counts the people told, not the patients.
    count = _count(text, skip_parties=True)
    if correction and count is not None and (last := _last_count(text)) is not None:
        count = last  # 「いや、よく見たら裏にもう1人分ありました。2人分です」: the count said last is the one meant
    # 「患者情報は入ってます、人数は不明」: a clause about the count (人数, 何人) says nothing about
    # whether the data is involved; 「…関係ないと思うけど、正直わかりません」 still hedges it.
    # (nor does a patient who told the clinic, "A patient messaged us at 7pm", or an unknown said of the time, "We
    # don't know when it started")
    about = [" ".join(c for c in _clauses(sentence) if (_names_patient_data(c) or not _V.has("count_words", c))
                      and not (_V.has("unknown", c) and _V.has("when_words", c) and not _names_patient_data(c)))
             for sentence in _sentences_with_ends(text)
             if any(_names_patient_data(c) and not _tells_patients(c) and not _V.pattern("patient_told_us").search(c)
                    for c in _clauses(sentence))
             and not (_V.pattern("asks_or_supposes").search(sentence) and len(sentence) <= SHORT_QUESTION)]
    if not about:
        if asked == "patient_data" or known in ("yes", "unknown"):
            bare = _V.pattern("bare_number").match(text) if asked == "patient_data" else None
            digits = bare[1].replace(",", "") if bare else ""
            if asked == "patient_data" and any(_V.has("unknown", c) and not _V.has("when_words", c) for c in _clauses(text)):
                return "unknown", None
            # (not the "no" of "We have no idea when it started": an unknown said of the time, nor that of
            # 「休みは関係あらへん」, said of the closure)
            of_data = " ".join(c for c in _clauses(text) if not (_V.has("unknown", c) and _V.has("when_words", c))
                               and not _V.has("care_stopped", c) and not _V.has("care_stopped_plainly", c)
                               and not _V.pattern("attack_taken_back").search(c))  # (「攻撃の形跡はなし」)
            if asked == "patient_data" and (_V.pattern("denies_first").match(text) or _V.has("denies", of_data)):
                return "no", None
            if correction and known == "yes" and _V.has("denies", text) and not _party_spans(text) \
                    and not _V.has("names_a_field", text) and not _V.has("care_stopped", text) and not _V.has("care_stopped_plainly", text):
                # 「いや、すみません、入ってないです。そのサーバーは事務の書類だけでした」 right after the data was said to
                # be in: a correction that denies, naming no other field, takes the data back.
                return "no", None
            if digits:
                return "yes", int(digits)  # 「200」 to 「何人くらい？」
            # 「たぶん1200人分くらいです」 after patient data was said to be involved: how many.
            # (An affirming word in a question is no answer: 「保険会社の人が間に入ってくれます？」.)
            stated = " ".join(s for s in _sentences_with_ends(text) if not asks(s))
            # (nor one said of the insurance joined: 「うちはH2タイプに入ってます」)
            stated = " ".join(c for c in _clauses(stated) if not _V.pattern("plan_joined").search(c))
            stated = _V.pattern("resultative_aru").sub("", stated)  # (「…って書いてあります」 affirms nothing)
            # (nor one said of others' data: 「監事の先生の報酬の振込先も入っていました」 is no patients' data)
            yes = asked == "patient_data" and (_V.pattern("affirms_first").match(text) or (
                _V.has("affirms", stated) and not _names_staff_data(stated)))
            if count is not None or yes:
                return ("yes" if known != "unknown" or asked == "patient_data" else known), count
        return None, None
    sentence = " ".join(about)
    if _V.has("unknown", sentence):
        return "unknown", count
    if _V.has("possibly", sentence):
        # 「入っていないはずですが、アクセスされた可能性は否定できません」: a denial beside it keeps it unknown.
        exposed = _V.has("exposed", sentence) and not (_V.has("denies", sentence) or _V.has("denies_tail", sentence))
        return ("yes" if exposed else "unknown"), count
    # (「いや、よう見たら2枚目にも別の患者さんのが入ってたわ」: its いや takes back a count, it affirms the data)
    if _V.has("denies", sentence) or _V.has("denies_tail", sentence) \
            or (_V.pattern("denies_first").match(text) and not _V.has("affirms", sentence)):
        if any(_V.has("likeness", c) and _V.has("shown", c) and not _V.has("denies", c) and not _V.has("denies_tail", c)
               for c in _clauses(sentence)):
            return "yes", count  # 「顔が映っちょっと思う、名前は出ちょらん」: the faces shown are the patients' data
        return "no", None
    if count is not None or _V.has("affirms", sentence) or asked == "patient_data" or kind in DATA_KINDS:
        return "yes", count
    return None, None


def names_the_plan_joined(text: str) -> bool:
    """「うちはH2タイプに入ってます」 "we're on plan H2": the plan the clinic is in, told."""
    return _V.pattern("plan_joined").search(text) is not None


def _names_staff_data(text: str) -> bool:
    """Personal data of staff (or others than patients) said to be involved, in a clause that does not
    deny it (「職員の名簿は入っていません」)."""
    return any(_V.has("staff_data", c) and not (_V.has("denies", c) or _V.has("denies_tail", c)) for c in _clauses(text))


def _tells_patients(clause: str) -> bool:
    """「患者さんさも連絡してねえ」: the patients named as the ones told, and no data of theirs named
    beside (「別の患者さんにレントゲン画像を送っちゃいました」 names the image)."""
    addressed = _V.pattern("patients_addressed")
    return _V.has("telling", clause) and addressed.search(clause) is not None \
        and not _names_patient_data(addressed.sub("、", clause))


def _care(text: str, asked: str | None, correction: bool, answers: IncidentAnswers,
          whole: str | None = None, now: dt.datetime | None = None) -> tuple[YesNo | None, int | None]:
    """``text``: the message's statements; ``whole``: the message, whose 「休診？してないです」 echoes
    the bot's question before it denies."""
    whole = whole or text
    # 「昼休みに気づいた」: the 休み of a lunch break is no closure, and 「2日じゃなくて4日」 leaves 4 days
    # alone (the same length keeps offsets).
    text, whole = (_V.pattern("days_taken_back").sub(lambda m: "_" * len(m[0]), _V.pattern("rest_times").sub(lambda m: "_" * len(m[0]), t))
                   for t in (text, whole))
    # 「業者は正月休みで」 "our web vendor is closed for the holiday": another's closing, no day of ours.
    for clause in _clauses(whole):
        if _someone_elses_closure(clause):
            text, whole = (t.replace(clause, "_" * len(clause)) for t in (text, whole))
    clauses = _clauses(text)
    refused = [c for c in clauses if _V.pattern("new_patients_refused").search(c) and not _V.has("care_undecided", c)
               and not _V.pattern("care_negated").search(c)]
    if refused:
        # 「外来は止めとらんけど、新患は断っとる」: closed, by the bot's own rule; 「3日の月曜と4日の火曜は、
        # 初診の受付のみお断りし」 for the days it names.
        whole_days = [c for c in clauses if c not in refused and _closes(c)]

        def on_another_day(i: int) -> bool:
            # (the day said in the refused clause, or in the one just before it: "the following day we only saw
            # follow-up patients, no new patients")
            said = [clauses[i], *([clauses[i - 1]] if i > 0 and clauses[i - 1] not in whole_days else [])]
            return any(_V.pattern("another_day").search(c) and _closure_days(_V.pattern("another_day").sub("", c)) is None
                       for c in said)

        if whole_days and (counted := _closure_days("、".join(whole_days))):
            # 「全休は1日だけで、2日目は再診だけ診て新患はお断り」 "fully closed only 1 day; on the second day … no new
            # patients": the day new patients were refused is one more day closed (sec-11); 「全日休診は2日で、残り2日は
            # …新患は止めていました」 counts its own days (not 「そのうち2日は」, days among those closed).
            more = [n for c in refused if not _V.pattern("days_among").search(c) and (n := _closure_days(c))]
            if more:
                return "yes", counted + sum(more)
            if any(on_another_day(i) for i, c in enumerate(clauses) if c in refused):
                return "yes", counted + 1
        days = _closure_days(text)
        if days is None:
            said = [s for s in _sentences_with_ends(text) if any(c.strip() in s for c in refused)]
            days = _range_days(" ".join(said), clauses, now)
        if days is None:
            # 「火曜と水曜は閉めた。木曜は再診だけ診て、初診はお断りした」: the weekdays closed and refused, each once.
            days = _weekdays_closed(text, now) or None
        if days is None:
            days = _days_named(clauses) or None  # 「今朝から初診の受付を止めてます」: today
        return "yes", days
    # 「休診は0日です」「休診日数はゼロでいい？」: a closure of no days is care that went on.
    if any(_V.has("zero_days", c) and (_V.has("care_stopped", c) or _V.has("care_stopped_plainly", c)
                                       or asked == "care_stopped") for c in clauses):
        return "no", 0
    # 「サーバーは停止していませんが、念のため今日は休診にしました」: a closure said plainly in a clause of
    # its own (not denied, not weighed, not asked back) stands whatever else the message denies.
    plain = [c for c in clauses if (_V.has("care_stopped_plainly", c) or _V.pattern("care_object_stopped").search(c))
             and not _V.pattern("care_negated").search(c)
             and not _V.has("care_undecided", c) and not c.rstrip().endswith(QUESTION_MARKS)
             and not _care_goes_on(c) and not _a_usual_day_off(c)]
    if plain:
        # (「明日もあかんかったら2日やな」: days said only as a maybe are no days closed)
        maybes = [c for c in clauses if _V.has("care_undecided", c)]
        decided = ("、".join(c for c in clauses if c not in maybes) or text) if maybes else text
        days = _dates_closed(decided, now)
        if days is None:
            # (not a date in a sentence that says care went on: 「4日は…全員診ていました。閉めたのは今日だけです」)
            days = _closure_days(" ".join(s for s in _sentences_with_ends(decided) if not _care_goes_on(s)) or decided)
        if days is None:
            since = _dates_closed_since(decided, now)
            days = len(since) if since else None
        if days is None:
            days = _range_days(" ".join(plain), clauses, now)
        if days is None:
            days = _weekdays_closed(text, now) or None
        # (a day said only as a maybe, 「明日も休むかもしれん」, is no day closed yet)
        return "yes", days if days is not None else (_days_named([c for c in clauses if not _V.has("care_undecided", c)
                                                                 and not _a_usual_day_off(c)]) or None)
    # care_continues first: 「止まっていない」 contains 「止ま」.
    if _care_goes_on(whole) or _V.pattern("care_negated").search(whole) \
            or (asked == "care_stopped" and text in ("0", "0日")):
        return "no", 0
    # 「日曜は定休日なので、月曜と火曜を休診に」「連休中で閉めてますけど」: a clause about the usual days
    # off holds no closure.
    key, mask = key_and_mask("、".join(c for c in clauses if not _a_usual_day_off(c)))
    stop_words = _V.terms("care_stopped").search(key, mask) is not None or _V.terms("care_stopped_plainly").search(key, mask) is not None
    closure = [c for c in clauses if _V.has("care_stopped", c) or _V.has("care_stopped_plainly", c)]
    if stop_words and any(_V.has("care_undecided", c) for c in closure):
        return "unknown", None  # 「休診にするかどうかは相談中です」
    days = _closure_days(text)
    if days is None and stop_words:
        # 「1月5日と6日は休業」; 「12月5日と6日に届いたメールが原因で、本日は休診」 names mail, not days closed.
        days = _range_days(" ".join(closure), clauses, now)
    # 「すみません、3日でした」 after the days were given: the days again, not the 3rd of the month.
    # (「やっぱり3日」 after a closure told without its days: the days it lasted)
    # (「すみません、3日でした」 after a closure said as a maybe, 「2日くらい休診にするかも」: the days it came to)
    days_meant = stop_words or asked == "care_stopped" or (correction and (answers.closure_days is not None
                                                                            or answers.care_stopped in ("yes", "unknown")))
    if days is not None and days_meant:
        return ("yes" if days else "no"), days
    if asked == "care_stopped":
        # (「いや…入ってないです」 denies the data, whatever was asked: 入って is said of data, not of care)
        if _V.pattern("denies_first").match(text) and not _V.has("affirms", text):
            return "no", 0  # 「いいえ」 to 「診療は止まっていますか」
        if _V.pattern("affirms_first").match(text):
            return "yes", None
        if _V.pattern("care_fine_when_asked").match(text.strip()) and not text.rstrip().endswith(QUESTION_MARKS):
            return "no", 0  # 「それは大丈夫」 to 「診療は止まっていますか」
        if re.fullmatch(r"[0-9]{1,3}", text):
            value = int(text)
            return ("yes" if value else "no"), value
        # (an unknown said of something else — 「外部に漏れたかはまだわかりません」 is about the data — leaves it open)
        # (nor 「何人分かは今のところ分かりません」, about the count)
        # (nor 「いつからかは分からんけど」, about the time)
        if any(_V.has("unknown", c) and not _V.has("exposed", c) and not _names_patient_data(c) and not _V.has("count_words", c)
               and not _V.has("when_words", c) for c in _clauses(text)):
            return "unknown", None
    # 「サーバーが止まって、今日は画面が固まったまま」: unasked, a word said of machines too is the system's; asked,
    # one said with a thing staff stop (「IDはさっき止めました」) is that thing's.
    if stop_words and (asked == "care_stopped" or not _said_of_machines_only(key, mask)) and not _stops_things_only(closure):
        # 「今日は休診にして明日もたぶん無理」: the days named are the days closed (not one said as a maybe only:
        # 「明日も休むかもしれん」).
        named = _days_named([c for c in clauses if not _V.has("care_undecided", c)])
        if named:
            return "yes", named
        # 「午後の診療は中止しました」 says care stopped whatever was asked.
        if asked in ("care_stopped", None) or _V.has("care_stopped_plainly", text):
            return "yes", None
    return None, None


def closes_part_of_a_day(text: str) -> bool:
    """「午前だけ休診にしました」: a closure said of part of a day, in the clause that says it (not 「夕方から…
    暗号化されて、明日は休診にします」, whose evening is the event's). A day new patients were all turned away is
    closed whatever was done in part of it (「12日は午前だけ再診をやって午後は休み。新患は受けてません」, sec-11)."""
    if _V.pattern("new_patients_refused").search(text) is not None:
        return False
    return any(_closes_part_of_the_day(c) and jtext.find_days(c) is None for c in _clauses(text))


def _closes_part_of_the_day(clause: str) -> bool:
    """The clause closes for part of a day."""
    return _names_part_of_a_day(clause) and (_V.has("care_stopped", clause) or _V.has("care_stopped_plainly", clause))


def _names_part_of_a_day(clause: str) -> bool:
    """A part of a day is named, other than the usual hours said beside a whole day closed (「10/20（土）臨時休診
    （いつもは午前診療）」)."""
    return _V.has("closure_part_of_day", _V.pattern("usual_hours_aside").sub("", clause))


def days_closed(text: str, now: dt.datetime, part_of_a_day: bool = True) -> int | None:
    """The days closed a message states, read as the triage reads them (usual days off and holidays
    inside a range are not days closed; refusing only new patients is a closure); None when it
    states no closure with a count. Without ``part_of_a_day``, 「午後だけ休診」 is no count (the
    payment asks rather than count half a day as a whole one)."""
    care, days = _care(text, None, False, IncidentAnswers(), None, now)
    if not part_of_a_day and days == 1 and closes_part_of_a_day(text):
        return None
    if not part_of_a_day and days and days > 1 and closes_part_of_a_day(text):
        # 「2/10 は午後だけ休診、2/12 は終日休診」: the whole days only (the part of a day is asked about, not counted)
        whole = "、".join(c for c in _clauses(text) if not (_names_part_of_a_day(c) and _closes(c)))
        care_whole, days_whole = _care(whole, None, False, IncidentAnswers(), None, now)
        return days_whole if care_whole == "yes" and days_whole else None
    return days if care == "yes" else None


def _range_days(text: str, clauses: list[str], now: dt.datetime | None) -> int | None:
    """The days closed in a range (「4日から6日まで」「月曜から水曜まで」) without the days the facility
    is shut anyway: Sundays, public holidays and a day the message names as its usual day off
    (「5日は木曜で定休日」); a list of dates (「5日と6日」) counts every date named."""
    run = _closure_range(text)
    weekdays = jtext.find_weekday_run(text)
    if now is None or (run is None and weekdays is None):
        return jtext.find_date_range_days(_without_days_off(text))
    today = now.astimezone(JST).date()
    first: dt.date | None
    if run is not None:
        m1, d1, m2, d2 = run
        first = _date_near(m1, d1, today)
        last = _date_near(m2, d2, today, after=first) if first is not None else None
        if first is None or last is None or (last - first).days > 61:
            return jtext.find_date_range_days(text)
    else:
        a, b = weekdays  # type: ignore[misc]
        first = today - dt.timedelta(days=(today.weekday() - a) % 7)  # the latest such weekday
        last = first + dt.timedelta(days=(b - a) % 7)
    return _working_days(first, last, clauses)


def _without_days_off(text: str) -> str:
    """``text`` with the clauses that tell the usual break blanked (「年末年始は29日から3日まで休みで、4日と5日も閉めました」:
    the break's range of dates is no closure)."""
    for clause in days_off_said(text):
        text = text.replace(clause, "＿" * len(clause))
    return text


def _closure_range(text: str) -> tuple[int | None, int, int | None, int] | None:
    """The range of dates a message gives, not counting the usual break's."""
    return jtext.find_date_range(_without_days_off(text))


def closure_span(text: str, now: dt.datetime) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a closure told as a range of dates (「1月8日(金)から1月12日(火)まで休診しました」);
    None without one, or with dates too far apart to be one closure."""
    run = _closure_range(text)
    if run is None or not any(_closes(c) or _V.has("care_stopped", c) for c in _clauses(text)):
        return None
    today = now.astimezone(JST).date()
    m1, d1, m2, d2 = run
    first = _date_near(m1, d1, today)
    last = _date_near(m2, d2, today, after=first) if first is not None else None
    if first is None or last is None or (last - first).days > REOPENING_WITHIN_DAYS:
        return None
    return first, last


def days_off_said(text: str) -> list[str]:
    """The clauses that name the facility's usual days off (「土日と祝日はもともと休診日です」)."""
    return [c for c in _clauses(text) if _a_usual_day_off(c)]


def working_days(first: dt.date, last: dt.date, days_off: list[str]) -> int:
    """The days closed from ``first`` to ``last``: without Sundays, holidays and the usual days off said."""
    return _working_days(first, last, days_off)


_SPAN_START = re.compile(r"(?:(?P<month>[0-9]{1,2})\s?月\s?)?(?<![0-9])(?P<day>[0-9]{1,2})\s?日\s?(?:\([^)]{1,3}\))?\s?から(?!\s?[0-9])")
_SPAN_END = re.compile(r"(?:(?P<month>[0-9]{1,2})\s?月\s?)?(?<![0-9])(?P<day>[0-9]{1,2})\s?日\s?(?:\([^)]{1,3}\))?\s?まで")


def tells_reopening(text: str) -> bool:
    """「再開は14日からでした」 "we reopened on Tuesday": the message speaks of care resuming."""
    return _V.has("reopens", text)


def span_corrected(text: str, span: tuple[dt.date, dt.date], now: dt.datetime) -> tuple[dt.date, dt.date] | None:
    """A correction of a closure's first or last day alone (「訂正、休診を始めたのは8日じゃなくて7日(木)からでした」
    「休んだのは13日まででした」): the span it makes; None when the message corrects no end of it (a new range is read
    as such, by closure_span)."""
    if not corrects(text) or jtext.find_date_range(text) is not None:
        return None
    today = now.astimezone(JST).date()
    first, last = span
    if tells_reopening(text):
        # 「再開したのは14日の金曜ではなく12日の水曜でした」: the day care resumed, said instead, ends the closure the
        # day before (the day said after the contrast, or the last one said); 「再開は14日からでした」 alone is read by
        # days_closed_until_reopening.
        plain = jtext.normalize(text)
        turn = _V.terms("contrast").search(*key_and_mask(plain))
        days = [m for m in _DAY_OF_MONTH.finditer(plain) if m["day"] and (turn is None or m.start() >= turn.end)]
        if turn is None or not days:
            return None
        resumed = _date_near(int(days[0]["month"]) if days[0]["month"] else None, int(days[0]["day"]), today, after=first)
        if resumed is None or not first < resumed <= last + dt.timedelta(days=REOPENING_WITHIN_DAYS):
            return None
        return (first, resumed - dt.timedelta(days=1)) if resumed - dt.timedelta(days=1) != last else None
    starts, ends = list(_SPAN_START.finditer(text)), list(_SPAN_END.finditer(text))
    if starts:
        m = starts[-1]  # 「8日じゃなくて7日から」: the day said last is the one meant
        day = _date_near(int(m["month"]) if m["month"] else None, int(m["day"]), today)
        if day is not None and day <= last and (last - day).days <= REOPENING_WITHIN_DAYS:
            first = day
    if ends:
        m = ends[-1]
        day = _date_near(int(m["month"]) if m["month"] else None, int(m["day"]), today, after=first)
        if day is not None and day >= first and (day - first).days <= REOPENING_WITHIN_DAYS:
            last = day
    return (first, last) if (first, last) != span else None


def names_days_within(text: str, span: tuple[dt.date, dt.date], now: dt.datetime) -> bool:
    """Whether every day of the month the message names falls inside the closure already told (「12日は午前だけ
    再診をやって…」 of a closure from the 8th to the 12th): it tells one of those days in detail."""
    today = now.astimezone(JST).date()
    days = [_date_near(int(m["month"]) if m["month"] else None, int(m["day"]), today)
            for m in _DAY_OF_MONTH.finditer(jtext.normalize(text)) if m["day"]]
    return bool(days) and all(d is not None and span[0] <= d <= span[1] for d in days)


def _working_days(first: dt.date, last: dt.date, clauses: list[str]) -> int:
    """Days from ``first`` to ``last`` without Sundays, public holidays and the usual days off the
    message names (「土日はもともと休み」「5日は木曜で定休日」)."""
    off = [c for c in clauses if _a_usual_day_off(c)]
    off_weekdays = {day for c in off for day in jtext.weekdays_named(c)}
    off_days = {int(n) for c in off for n in re.findall(r"([0-9]{1,2})\s?日", jtext.normalize(c))}
    span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return sum(1 for day in span if day.weekday() != 6 and holiday_name(day) is None
               and day.weekday() not in off_weekdays and day.day not in off_days)


# The longest span from the event to the day care resumed that is read as one closure.
REOPENING_WITHIN_DAYS = 31


def days_closed_until_reopening(text: str, event_day: dt.date, now: dt.datetime) -> int | None:
    """「10日に攻撃を受けて…12日（水）から再開しました」「月曜から診療を戻しました」: the working days from
    the event's day (the day after, when it struck after hours or the day was worked through) to
    the day before care resumed, without Sundays, holidays and the usual days off the message names;
    None when no day of resuming is named."""
    clauses = _clauses(text)
    today = now.astimezone(JST).date()
    for clause in clauses:
        if not _V.has("reopens", clause):
            continue
        found = _resumed_on(jtext.normalize(clause))
        if found is None:
            continue
        resumed = _named_day(found, today, after=event_day + dt.timedelta(days=1))
        if resumed is None or not 0 < (resumed - event_day).days <= REOPENING_WITHIN_DAYS or resumed > today + dt.timedelta(days=1):
            return None
        # 「火曜の夜にやられて」「２２日は最後まで診療」: the event's own day was no day closed.
        after_hours = any(_V.has("after_hours", c) and not _V.has("care_stopped", c) for c in clauses)
        first = event_day + dt.timedelta(days=1) if after_hours else event_day
        last = resumed - dt.timedelta(days=1)
        return _working_days(first, last, clauses) if first <= last else 0
    return None


def says_closed_until_today(text: str) -> bool:
    """「今日まで休んでます」: closed until today (its 今日 is no event day)."""
    return any(_V.has("closed_until_today", c) and _V.has("care_stopped", c) for c in _clauses(text))


def days_closed_through_today(text: str, first: dt.date, now: dt.datetime) -> int | None:
    """「結局、今日まで休んでます（土日はもともと休み）」 said after the event's day is known: the working
    days from that day through today; None unless the message says closed until today."""
    clauses = _clauses(text)
    today = now.astimezone(JST).date()
    if not (first <= today and (today - first).days <= 61):
        return None
    return _working_days(first, today, clauses) if says_closed_until_today(text) else None


def days_closed_from_the_event(text: str, event_day: dt.date, now: dt.datetime) -> int | None:
    """「3日前に攻撃を受けて、その日から昨日まで休みました。今日から再開しています」: a closure said to begin
    on the event's own day (pointed back to: その日から, 当日から) and to end yesterday or today, or the
    day before care resumed (today or yesterday, or a day named): the working days of that span (without
    Sundays, holidays and the usual days off named); None when the message says no such span."""
    clauses = _clauses(text)
    if not any(_V.has("closure_from_the_event", c) for c in clauses):
        return None
    if says_closed_until_today(text):
        return days_closed_through_today(text, event_day, now)
    today = now.astimezone(JST).date()
    last: dt.date | None = None
    if any(_V.has("closed_until_yesterday", c) for c in clauses):
        last = today - dt.timedelta(days=1)
    elif any(_V.has("reopens", c) and _V.has("resumed_today", c) for c in clauses):
        last = today - dt.timedelta(days=1)
    elif any(_V.has("reopens", c) and _V.has("resumed_yesterday", c) for c in clauses):
        last = today - dt.timedelta(days=2)
    if last is None:
        return days_closed_until_reopening(text, event_day, now)
    if not 0 <= (last - event_day).days <= REOPENING_WITHIN_DAYS:
        return None
    return _working_days(event_day, last, clauses)


def _resumed_on(plain: str) -> re.Match[str] | None:
    """A day named with から/より (「16日（火）から」), or the day care resumed in English ("reopened on
    Tuesday the 16th"); an English reopening that names no day is none."""
    found = _V.pattern("resumed_on").search(plain)
    if found is None:
        found = _V.pattern("resumed_on_en").search(plain)
        if found is not None and not (found["day"] or found["weekday"]):
            return None
    return found


def _named_day(found: re.Match[str], today: dt.date, after: dt.date | None = None) -> dt.date | None:
    """The date a match of resumed_on or closed_until_a_date names: a day of the month, or the
    latest such weekday (the first after ``after``, when given)."""
    if found["day"]:
        return _date_near(int(found["month"]) if found["month"] else None, int(found["day"]), today, after=after)
    weekday = date_lexicon().weekdays[found["weekday"].lower()]
    if after is not None:
        return after + dt.timedelta(days=(weekday - after.weekday()) % 7)
    return today - dt.timedelta(days=(today.weekday() - weekday) % 7)


def _dates_closed_since(text: str, now: dt.datetime | None) -> list[dt.date] | None:
    """「7日（月）から外来を止めています」 said on the 8th: a closure from the day named through today, still
    going on; its working days (without Sundays, holidays and the usual days off named), or None."""
    if now is None:
        return None
    today = now.astimezone(JST).date()
    # (The day and its verb may stand in clauses of their own: 「7日（月）から、攻撃の影響で外来を止めています」.)
    clauses = _clauses(text)
    for sentence in _sentences_with_ends(text):
        found = _resumed_on(jtext.normalize(sentence))
        own = _clauses(sentence)
        if found is None or any(_V.has("reopens", c) for c in own) \
                or not any(_closes(c) and _V.has("closure_goes_on", c) for c in own):
            continue
        first = _named_day(found, today)
        if first is None or not 0 <= (today - first).days <= REOPENING_WITHIN_DAYS:
            return None
        off = [c for c in clauses if _a_usual_day_off(c)]
        span = [first + dt.timedelta(days=i) for i in range((today - first).days + 1)]
        return [d for d in span if _working_days(d, d, off)] or None
    return None


def _speaks_of_closing(clause: str) -> bool:
    """A clause that closes (see _closes), or says 休み/閉め in any form (「明日も休みます」「10日まで閉めて」),
    though not of a machine (「止め」「停止」)."""
    return _closes(clause) or (_V.has("care_stopped", clause) and not _V.has("stopped_of_anything", clause))


def closes_on_the_day_named(text: str, named: str) -> bool:
    """「今日も閉めてます」「金曜も休みにしました」: the clause that names the day ``named`` closes on it (a
    day closed, not the day something happened)."""
    return any(named in clause and _speaks_of_closing(clause) for clause in _clauses(jtext.normalize(text)))


def tells_care_on_the_day_named(text: str, named: str) -> bool:
    """「月曜は紙カルテで全員診ていました」 "on Monday we did see every patient": the sentence that names the day
    ``named`` says care went on that day (a day of the closure told again, not the day something happened)."""
    sentences = re.split(r"(?<=[。！？!?\n])|(?<=\.)\s+", jtext.normalize(text))  # (English sentences end in a full stop)
    return any(named in sentence and _care_goes_on(sentence) for sentence in sentences)


def adds_closure_days(text: str) -> bool:
    """「今日も閉めてます」「明日も休みます」: days closed as well as those already told."""
    return any((_V.has("closure_also", c) or _V.pattern("day_named_also").search(c)) and _speaks_of_closing(c)
               for c in _clauses(jtext.normalize(text)))


def closes_a_day_to_come(text: str) -> bool:
    """「明日は休診にします」「明日も休みます」: a closure still to come, so the incident is in hand now."""
    clauses = _clauses(jtext.normalize(text))
    to_come = [c for c in clauses if (_V.has("closure_tomorrow", c) or _V.has("closure_day_after", c)) and _speaks_of_closing(c)]
    offsets = _closure_offsets(clauses) if to_come else None
    return bool(offsets) and max(offsets) > 0


def last_day_closed(text: str, now: dt.datetime, since: dt.date) -> dt.date | None:
    """The last day of a closure that a message ends (「結局10日（木）まで閉めて」「今日から再開しました」:
    yesterday; 「明日から開けます」: today), after ``since``; None when it names no end."""
    today = now.astimezone(JST).date()
    for clause in _clauses(text):
        plain = jtext.normalize(clause)
        until = _V.pattern("closed_until_a_date").search(plain)
        if until is not None and _speaks_of_closing(clause):
            return _named_day(until, today, after=since)
        if not _V.has("reopens", clause) or _V.has("care_stopped_plainly", clause):
            continue
        if _V.has("resumed_today", clause):
            return today - dt.timedelta(days=1)
        if _V.has("resumed_yesterday", clause):
            return today - dt.timedelta(days=2)
        if _V.has("closure_tomorrow", clause):
            return today
        resumed = _resumed_on(plain)
        if resumed is not None:
            day = _named_day(resumed, today, after=since + dt.timedelta(days=1))
            return day - dt.timedelta(days=1) if day is not None else None
    return None


def _date_near(month: int | None, day: int, today: dt.date, after: dt.date | None = None) -> dt.date | None:
    """「3月5日」「5日」 as a date: the latest one not more than a week ahead of today (a closure is
    reported while or after it happens); with ``after``, the first one on or after it."""
    candidates = []
    for offset in range(-13, 2):  # months from this one
        year, month0 = divmod(today.month - 1 + offset, 12)
        if month is not None and month0 + 1 != month:
            continue
        try:
            candidates.append(dt.date(today.year + year, month0 + 1, day))
        except ValueError:
            continue
    if after is not None:
        later = [d for d in candidates if d >= after]
        return min(later) if later else None
    past = [d for d in candidates if d <= today + dt.timedelta(days=7)]
    return max(past) if past else None


def _a_usual_day_off(clause: str) -> bool:
    """「日曜は定休日」「今日は日曜で外来は休みなので」, not 「土曜は急きょ休みにしました」."""
    return _V.has("regular_day_off", clause) or (_V.pattern("usual_day_closed").search(clause) is not None
                                                 and not _V.has("closure_decided", clause))


def _care_goes_on(text: str) -> bool:
    return _V.has("care_continues", text) or _V.pattern("care_goes_on").search(text) is not None


def _stops_things_only(closure: list[str]) -> bool:
    """Every clause that stops something names a thing staff stop that is not care and says its stopping in a word
    said of machines too (「IDはさっき止めました」「共有フォルダを停止しました」, not 「サーバーが止まったので休診」)."""
    return bool(closure) and all(_V.has("stopped_things", c) and _said_of_machines_only(*key_and_mask(c)) for c in closure)


def _said_of_machines_only(key: str, mask: bytes) -> bool:
    """Every word of stopping in the text is one said of machines as well (止まる, 停止)."""
    rest = _V.terms("stopped_of_anything").blank(key, mask)
    return _V.terms("care_stopped").search(rest, mask) is None and _V.terms("care_stopped_plainly").search(rest, mask) is None


def _closure_days(text: str) -> int | None:
    """Days closed as counted in Japanese (「3日間」, 「休診3日目」) or English ("3 days in total", "two days")."""
    ordinal = _V.pattern("closure_day_ordinal").search(jtext.normalize(text))
    if ordinal is not None and _V.has("care_stopped", text):
        return int(ordinal[1])
    days = jtext.find_days(text)
    return days if days is not None else english_days(text)


def _closes(clause: str) -> bool:
    """A clause that says care was closed, plainly and not denied (「また閉めたよー」「月曜は訪問ば全部休ませで」)."""
    # A day new patients were all turned away counts as closed (sec-11: 新規患者の診察業務を一切停止 is 休業),
    # whatever was done for the others (「木曜は再診の人だけ診て、初診の人はみんなお断りした」).
    return (_V.has("care_stopped_plainly", clause) or _V.pattern("care_object_stopped").search(clause) is not None
            or _V.pattern("new_patients_refused").search(clause) is not None) \
        and not _V.pattern("care_negated").search(clause) and not _care_goes_on(clause) and not _a_usual_day_off(clause) \
        and not _someone_elses_closure(clause)


def _someone_elses_closure(clause: str) -> bool:
    """「業者は正月休みで」 "Our web vendor is closed for the holiday": the closing is another's (an
    outside party as the subject of the clause), not the clinic's."""
    key, _ = key_and_mask(clause)
    return _V.pattern("others_closed_en").search(clause) is not None or any(
        party != "staff" and _V.pattern("party_as_subject").match(key, end) for _, end, party, _ in _party_spans(clause))


_DAY_OF_MONTH = re.compile(r"(?:(?P<month>[0-9]{1,2})\s?月\s?)?(?<![0-9])(?P<day>[0-9]{1,2})\s?日(?!\s?(?:間|目|分|以上|ほど|程|くらい|ぐらい))"
                           r"|(?<![0-9/.])(?P<slash_month>[0-9]{1,2})/(?P<slash_day>[0-9]{1,2})(?![0-9/])")
# What may stand between the last of a clause's dates and the word that closes (「24日(水)だけ休診」「9/17・9/18休診」).
_AFTER_A_DATE = re.compile(r"\s?(?:\([^)]{1,3}\))?\s?(?:は|も|だけ|のみ|とも|を|に)?\s?")
_WEEKDAY_AFTER = re.compile(r"\s?\([月火水木金土日]\)")
_DATE_LIST_JOINER = re.compile(r"\s?(?:\([^)]{1,3}\))?\s?(?:・|と|、|,|&)\s?")
# What is left of a clause that is only dates (「30日」「12月29日・30日」, a weekday after each).
_DATES_ONLY = re.compile(r"\([^)]{1,3}\)|[・と、,&\s]|(?i:and)")


def _dates_closed(text: str, now: dt.datetime | None) -> int | None:
    """Dates named as closed in several clauses: 「28日（火）は休診。…29日から1月3日まで年末年始休みで、1月4日（火）
    も…休診」 is 2 (the 28th and the 4th), 「5月1日（土）は臨時休診、2日から5日はもともと連休、6日（木）と7日（金）も
    …休診」 3. A date written without its month takes the month last written before it. None unless at
    least two closing clauses name dates of their own (one clause is the range reader's)."""
    if now is None:
        return None
    # 「9日（土・ふだんは午前診療）」: the usual hours said in the brackets go; the weekday stays (a date's mark)
    text = _V.pattern("usual_hours_aside").sub(lambda m: f"({m[0][1]})" if m[0][1] in "月火水木金土日" else "", text)
    today = now.astimezone(JST).date()
    closed: set[dt.date] = set()
    dated_clauses = 0
    month: int | None = None
    dates_as_topic = False
    listed: list[dt.date] = []  # 「12月29日、30日、31日と休診」: clauses that are nothing but dates, before the one that closes
    for clause in _clauses(english_date_lists_in_japanese(text)):
        plain = jtext.normalize(clause)
        named: list[dt.date] = []
        found = list(_DAY_OF_MONTH.finditer(plain))
        for m in found:
            if m["slash_month"] or m["month"]:
                month = int(m["slash_month"] or m["month"])
            day = _date_near(month, int(m["day"] or m["slash_day"]), today)
            if day is not None:
                named.append(day)
        if named and not _DATES_ONLY.sub("", _DAY_OF_MONTH.sub("", plain)).strip():
            listed += named
            continue
        if named and not _closes(clause) and not _DATES_ONLY.sub("", plain[found[-1].end():]).strip():
            listed = named[-1:]  # 「年末の12月26日、27日、28日と休診」: the list begins at the clause's last date
            continue
        items, listed = listed, []
        if not named or not _closes(clause):
            continue
        dated_clauses += 1
        if len(named) == 2 and not items and _V.pattern("date_range_joiner").search(plain):
            first, last = sorted(named)
            span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)] if (last - first).days <= 61 else named
            named = [d for d in span if d.weekday() != 6 and holiday_name(d) is None] or named
        else:
            # (a list that began in the clauses before, or "closed … on 12月29日・30日" in English order, is of dates)
            dates_as_topic = dates_as_topic or (items and _dates_lead_the_closure(plain, found, listed=True)) \
                or _dates_lead_the_closure(plain, found) or _V.pattern("closed_on_before_dates").search(plain[:found[0].start()]) is not None
        closed.update([*items, *named])
    # One clause whose dates are what it closes (「24日(水)だけ休診しました」「9/17・9/18休診」) counts them too;
    # a date elsewhere in a closing clause may be the event's (「5日にウイルスに感染して休診」).
    return len(closed) if dated_clauses >= 2 or (dated_clauses == 1 and dates_as_topic) else None


def _dates_lead_the_closure(plain: str, found: list[re.Match[str]], listed: bool = False) -> bool:
    """Do the clause's dates, one after another, stand right before the word that closes, each written
    as a date (with its month, or its weekday after it, or ``listed`` after other dates)? A bare 「2日休診します」
    counts days."""
    def explicit(m: re.Match[str]) -> bool:
        # (with its month, its weekday after it, or a day's name before it: 「今日の5日」)
        return bool(m["month"] or m["slash_month"] or _WEEKDAY_AFTER.match(plain, m.end()) or _V.pattern("day_label_before").search(plain[:m.start()]))

    # (dates listed together are dates when one of them is written as a date: 「4日と今日の5日も閉めました」)
    if not listed and not (all(explicit(m) for m in found) or (len(found) >= 2 and any(explicit(m) for m in found))):
        return False
    for before, after in zip(found, found[1:]):
        if not _DATE_LIST_JOINER.fullmatch(_V.pattern("day_label_before").sub("", plain[before.end():after.start()])):
            return False
    rest = plain[found[-1].end():]
    rest = rest[_AFTER_A_DATE.match(rest).end():]  # type: ignore[union-attr]
    rest = rest[_V.pattern("adverb_before_closing").match(rest).end():]  # type: ignore[union-attr]
    return _closes(rest[:CLOSING_WORD_CHARS])


CLOSING_WORD_CHARS = 4  # 「休診しま」「臨時休診」「閉めまし」: the closing word right after the dates, not later on


def _weekdays_closed(text: str, now: dt.datetime | None = None) -> int:
    """Weekdays named with a closure: 「月曜は薬局閉めた。火曜は手書きで開けたけど、水曜は…また閉めた」 is
    2 (Monday, Wednesday). A clause without a weekday of its own speaks of the last one its sentence named;
    beside weekdays, a closing clause that says 今日 adds today's (「水・木と休診、今日も休んでます」 on a
    Friday is 3)."""
    closed: set[int] = set()
    today: set[int] = set()
    # "closed on Friday, Saturday and Monday" is one list (「金曜と土曜と月曜」), not three clauses.
    text = jtext.english_weekdays_in_japanese(jtext.normalize(text))
    for sentence in _sentences_with_ends(text):
        named: set[int] = set()
        for clause in _clauses(sentence):
            own = jtext.weekdays_named(clause)
            if not own and now is not None and _V.has("closure_today", clause) and not _a_usual_day_off(clause) \
                    and (_closes(clause) or (_V.has("care_stopped", clause) and not _said_of_machines_only(*key_and_mask(clause)))):
                today.add(now.astimezone(JST).weekday())  # 「今日も休んでます」 speaks of today
                continue
            named = own or named
            if named and _closes(clause):
                closed |= named
    return len(closed | today) if closed else 0


def _days_named(clauses: list[str]) -> int:
    """Days named in a closure (今日, 明日, 明後日, and 昨日 or 今朝 in a clause that says closed), each
    once; "closed just today, reopening tomorrow": the day it opens again is not a day closed."""
    offsets = _closure_offsets(clauses)
    if offsets is None:
        return 1  # 「午後は休診にしました」: part of today, a day closed
    return len(offsets)


def _closure_offsets(clauses: list[str]) -> set[int] | None:
    """The days named as closed, as offsets from today (-1 yesterday … 2 the day after tomorrow);
    None for part of today named with no day (「午後は休診」)."""
    # 「今日は開けてる」: a day named as open is no day closed; 「今日も開けられませんでした」 is closed.
    kept = [c for c in clauses if (not _V.has("reopens", c) or _V.has("care_stopped", c) or _V.has("care_stopped_plainly", c))
            and not _care_goes_on(c)]
    closing = " ".join(kept)
    named = {offset for offset, day in enumerate(CLOSURE_DAYS) if _V.has(day, closing)}
    # 「昨日と今日、休みました」: yesterday listed with today (「昨日攻撃を受けて、今日は休診」 is one day).
    if named and _V.pattern("yesterday_and_today").search("、".join(clauses)):
        named.add(-1)
    for clause in kept:
        if _a_usual_day_off(clause) or not (_V.has("care_stopped", clause) or _V.has("care_stopped_plainly", clause)
                                            or _V.pattern("new_patients_refused").search(clause)):
            continue
        named |= {offset for name, offset in PAST_CLOSURE_DAYS.items() if _V.has(name, clause)}
        since = _V.pattern("closure_since_a_past_day").search(clause)
        if since is not None and not any(_V.has("reopens", c) for c in clauses):
            first = PAST_CLOSURE_DAYS["closure_day_before" if since["day"] in ("一昨日", "おととい") else "closure_yesterday"]
            named |= set(range(first, 1))  # 「昨日から休診しています」: through today
    if not named and _V.has("closure_part_of_day", closing):
        return None
    if named and _V.has("closure_until_a_day", closing) and not _V.has("closure_today", closing):
        named.add(0)  # 「明日まで休診」: today as well
    return named


def _moment(text: str, asked: str | None, first: bool, correction: bool, now: dt.datetime,
            known: str | None = None) -> str | None:
    """When it was noticed: beside 気づいた/発見/最初の電話 whenever said; otherwise when asked, in the
    first report, in a correction, while it is still unknown, or as a message that is only a moment."""
    if asked == "found_at" and _V.has("unknown", text):
        return UNKNOWN_MOMENT
    text = _outside_reports(text)
    # 「気づいたのは今朝ではなく、昨日の午後4時ごろでした」: the moment after the contrast is the right one.
    key, mask = key_and_mask(text)
    turn = _V.terms("contrast_ja").search(key, mask)
    # Only a moment said instead of another: 「今朝ではなく」, not 「院長ではなく、事務長が昨日…」.
    if turn is not None and (asked == "found_at" or correction or _V.has("noticed", text)) \
            and read_moment(text[max(0, turn.start - 8):turn.start], now) is not None:
        # Read in its own sentence: 「昨日じゃなくて月曜の午後でした。私が昨日休みで…」 is Monday.
        rest = _sentences_with_ends(text[turn.end:]) if turn.end < len(text) else []
        after = read_moment(rest[0], now) if rest else None
        if after:
            return after.iso()
    instead = _V.pattern("moment_instead_en").search(text)
    if instead is not None and (asked == "found_at" or correction or _V.has("noticed", text)) \
            and read_moment(instead["wrong"], now) is not None and (right := read_moment(instead["right"], now)) is not None:
        return right.iso()  # "Sorry, not yesterday — it was this morning."
    clauses = _clauses(text)
    # 「ログイン通知が来てたのはおとといの夕方で、気づいたのは今朝です」: the clinic's own noticing, when said,
    # before a notice received.
    self_noticed = [i for i, c in enumerate(clauses) if _V.has("noticed_self", c) and not _V.has("last_seen", c)]
    # 「昨日18時にリンクを開き、今朝…わかりました」: the moment beside 気づいた/わかった is the one noticed;
    # 「昨晩遅く、11時過ぎに…気づきました」 names its day in the clause before.
    for i, clause in sorted(enumerate(clauses), key=lambda ic: (bool(self_noticed) and ic[0] not in self_noticed, ic[0])):
        # (「最後に見たのはおとといの金曜です」: the last time it was seen is no noticing, though 見たのは often is)
        if _V.has("noticed", clause) and not _V.has("last_seen", clause):
            moment = read_moment(clause, now)
            if (taken_back := _moment_taken_back(clause, now)) is not None:
                # 「あと見つけたのは夕方6時じゃなくて5時」 after a count corrected: the moment said instead
                return taken_back[1].iso() if (taken_back[1].day, taken_back[1].hour or 0) <= (now.date(), now.hour) else None
            # (not 「さっき」, whose day and hour are now's: 「送ったのは11時半ごろ。気づいたのはさっき」)
            if moment and moment.hour is not None and i and not names_a_day(clause, now) and not said_just_now(moment) \
                    and ((before := read_moment(clauses[i - 1], now)) is None or before.hour is None):
                # (「FAXしたのは10時10分で、10時20分に気づきました」: the clause before has its own hour, another moment)
                moment = read_moment(clauses[i - 1] + "、" + clause, now) or moment
            vague = moment is None or moment.hour is None or said_just_now(moment)
            if vague and i + 1 < len(clauses) and not names_a_day(clauses[i + 1], now) and not _party_spans(clauses[i + 1]) \
                    and _occurrence(clauses[i + 1], now) is None:
                # 「分かったのは今日の夕方、17時半ごろです」 "noticed last night, around 10 pm": the hour
                # of that day follows in the next clause (not 「…昨日です、それから9時に院長に報告」).
                # 「見つけたのは6日、朝8時15分ごろ」: the day, then its hour; 「気づいたのはさっき、1時50分
                # くらいです」: the clock says when 「さっき」 was. (Not an event told next: 「気づいたとは今やけど、
                # 夕方5時半くらいから動きが遅かった」 began at 5:30.)
                joined = read_moment(clause + "、" + clauses[i + 1], now)
                if joined is not None and joined.hour is not None and (moment is None or joined.day == moment.day
                                                                      or said_just_now(moment)):
                    moment = joined
            if moment is None:
                moment = part_of_today(clause, now)  # 「昼休みに気づいたんですが」
            if moment is None and i + 1 < len(clauses) and not _V.pattern("hearsay_end").search(clauses[i + 1]):
                # 「気づいたのは、1時間くらい前です」 (not what was heard: 「…って連絡をもらいました。日曜の夜中に届いたそうです」)
                moment = read_moment(clauses[i + 1], now)
                # 「最初に気づいたのは夜勤の看護師で、2月1日の明け方、4時半ごろです」: the day, then its hour.
                if moment is not None and moment.hour is None and i + 2 < len(clauses) \
                        and not names_a_day(clauses[i + 2], now) and not _party_spans(clauses[i + 2]):
                    joined = read_moment(clauses[i + 1] + "、" + clauses[i + 2], now)
                    if joined is not None and joined.hour is not None and joined.day == moment.day:
                        moment = joined
            if moment is None and i:
                moment = read_moment(clauses[i - 1], now)  # 「先週金曜の夜に、…報告で知りました」
            # 「気ぃついたんは朝4時半ごろ。いや4時15分やったわ」「…今朝8時です。いや、昨日の夜10時でした」: the moment
            # said instead, on the same day unless it names one
            said_instead = "、".join(clauses[i + 1:i + 3]) if i + 1 < len(clauses) and _takes_back(clauses[i + 1]) else ""
            if moment is not None and said_instead and (instead := read_moment(said_instead, now)) is not None:
                moment = instead if names_a_day(said_instead, now) or instead.hour is None else \
                    Moment(moment.day, instead.hour, instead.minute, instead.text)
            if moment and (moment.day, moment.hour or 0) <= (now.date(), now.hour):
                return moment.iso()
    # Known to the day only (「朝、…立ち上げたら」): a later message that is only a moment with its hour
    # (「今朝7時50分です」) gives it; another one tells the hour only of that day.
    refining = known is not None and known != UNKNOWN_MOMENT and "T" not in known
    if not (asked == "found_at" or first or correction or known is None or refining):
        return None
    # While it is not known yet, a message that is only a moment (「今朝です」) is when it was noticed;
    # so is the event told with its hour or a day word (「ひったくられたのは今朝の8時40分ごろです」), not a
    # date that names something else (「12月5日と6日に届いたメール」).
    guessing = (known is None or refining) and not (asked == "found_at" or first or correction)
    if guessing:
        # "Who can I call right now?" asks; its "now" is no discovery.
        # (nor is the last time a lost thing was seen: 「最後に見たのはおとといの金曜です」)
        sentences = [s for s in _sentences_with_ends(text) if not _V.pattern("asks_or_supposes").search(s) and not _V.has("last_seen", s)]
        text = "".join(sentences)
        # The whole message, or one sentence of it (「ゆうべ11時半ごろの話よ。院長がすぐLANを抜いた」).
        for said in dict.fromkeys([text, *sentences]):
            moment = read_moment(said, now) if said.strip() else None
            rest = _without_moment(said, moment.text) if moment is not None else said
            if moment is not None and moment.hour is not None and not said_just_now(moment) \
                    and (just_now := read_moment(rest, now)) is not None and said_just_now(just_now):
                rest = _without_moment(rest, just_now.text)  # 「さっき10時過ぎ」: the clock says when 「さっき」 was
            if moment is not None and _V.pattern("moment_filler").fullmatch(rest) \
                    and not (refining and moment.hour is None) and (moment.day, moment.hour or 0) <= (now.date(), now.hour):
                return moment.iso()
        # Otherwise only the moment of the event said as such (「ひったくられたのは今朝の8時40分ごろです」):
        # 「昨日受診した患者さん」「今日は紙カルテで続けます」 date something else.
        clauses = [c for c in _clauses(text) if _V.has("topic_marker", c) and not _V.has("last_seen", c)]
        text = " ".join(clauses)
    if first:
        # 「昨日の夜に…ログインした記録が残ってます」: a log dates the event it shows, not when it was noticed.
        # 「最後に使ったのは昨日の夕方ですが、今朝…見当たりません」: the last time it was seen is no noticing either.
        text = " ".join(c for c in _clauses(text) if not ((_V.pattern("seen_in_a_log").search(c) or _V.has("last_seen", c))
                                                          and not _V.has("noticed", c)))
    if not first:
        # 「1月5日と6日は休業します」「we closed just today」: the days of a closure are not when it was
        # noticed, nor is the time a body was called (「警察には昨日届けました」), nor a date that
        # names a thing (「バックアップは先週金曜日のものが残っています」).
        # (nor the time of a call the clinic made, to a line by a name no list knows: 「さっきサイ窓に電話したけど
        # つながらなかった」; a call received, 「業者からの連絡は20時40分」, is how it was noticed)
        text = " ".join(c for c in clauses if not (_V.has("care_stopped_plainly", c) or _V.has("reopens", c)
                                                   or _party_spans(c) or _V.pattern("dated_thing").search(c)
                                                   or (_V.has("telling", c) and not _V.has("noticed", c))))
    moment = read_moment(text, now) if text.strip() else None
    if moment is None and first:
        moment = part_of_today(text, now)  # 「朝、電子カルテを立ち上げたら…開けず」: found this morning
    if moment is None or (moment.day, moment.hour or 0) > (now.date(), now.hour):
        return None  # 「明日の10時に業者が来ます」: no discovery is in the future
    if guessing and moment.hour is None and not is_relative_day(moment.text):
        return None
    if guessing and refining and (moment.hour is None or moment.day.isoformat() != known[:10]):
        return None  # only the hour of the day already known
    return moment.iso()


def _occurrence(text: str, now: dt.datetime) -> tuple[str, str] | None:
    """When the incident happened or began, when a clause of ``text`` tells it apart from the noticing:
    「送られ始めたのは一昨日の夜10時で、気づいたのは昨晩」「発生は昨日の夜」 "it started Monday night";
    a log's time (「昨日の夜に…ログインした記録が残ってます」); a moment followed by から (「一昨日の夜から変な
    メールが…」); the act in the clause just before a noticing that names its own day (「昨日18時にリンクを開き、
    今朝…わかりました」); an act on a day before another day the message goes on to (「金曜の夕方に添付を開いた。
    今日PCがおかしい」: the later day is when it showed). Clauses about closures, calls, the parties told,
    dated things and questions tell none.

    Returns the moment and the words after its clause (where the noticing may be told), or None."""
    clauses = _moments_set_off_joined(_clauses(text), now)

    def said_by(clause: str) -> bool:
        # (「…変だったってその職員が話してました」: the one who said it is no party told)
        return _V.pattern("reported_speech").search(clause) is not None

    def set_aside(clause: str) -> bool:
        return bool(_V.has("last_seen", clause) or (_party_spans(clause) and not said_by(clause))
                    or _V.has("care_stopped_plainly", clause) or _V.has("reopens", clause) or _V.has("hypothetical_if", clause)
                    # (「月曜からデイケアは休みにするかも」: a closure's day, in words not said of machines too)
                    or (_V.has("care_stopped", clause) and not _said_of_machines_only(*key_and_mask(clause)))
                    or _V.pattern("dated_thing").search(clause) or _V.pattern("asks_or_supposes").search(clause))

    def tells_nothing(clause: str) -> bool:
        return set_aside(clause) or (_tells_someone(clause) and not said_by(clause))

    def later_day_follows(i: int, moment: Moment) -> bool:
        for later in clauses[i + 1:]:
            if tells_nothing(later) or not names_a_day(later, now):
                continue
            then = read_moment(later, now)
            if then is not None and moment.day < then.day <= now.date():
                return True
        return False

    def noticed_later(i: int, moment: Moment) -> bool:
        # "We noticed this morning around 8. The emails were sent last night around 11pm.": a moment before the
        # one the message says it was noticed at is the event's.
        for j, other in enumerate(clauses):
            if j == i or not _V.has("noticed", other) or _V.has("last_seen", other):
                continue
            then = read_moment(other, now)
            if then is not None and then.hour is not None and moment.hour is not None \
                    and (moment.day, moment.hour) < (then.day, then.hour) <= (now.date(), now.hour):
                return True
        return False

    # 「薬局さんから…って電話で教えてもらいました。12月30日の夜に届いたそうです」: told as heard, beside a notice
    # received, a moment is the event the notice was about.
    heard_of = any(_V.has("noticed", c) for c in clauses)

    # 「ログイン通知が来てたのはおとといの夕方で、気づいたのは今朝」: beside the clinic's own noticing, a notice
    # received dates the event.
    self_noticed = any(_V.has("noticed_self", c) for c in clauses)
    for i, clause in enumerate(clauses):
        if not (_V.has("last_seen", clause) or _V.has("hypothetical_if", clause) or _V.pattern("asks_or_supposes").search(clause)) \
                and (reported := _reported_moment(clause, now)) is not None:
            # 「監視会社から、12/8の夜中2時に…ログインがあったと連絡がありました」: the event the notice reports.
            return reported[0].iso(), "、".join([clause[reported[1]:], *clauses[i + 1:]])
        received = self_noticed and _V.has("noticed", clause) and not _V.has("noticed_self", clause)
        if (_V.has("noticed", clause) and not received) or set_aside(clause):
            continue
        moment = read_moment(clause, now)
        if (taken_back := _moment_taken_back(clause, now)) is not None:
            moment = taken_back[1]  # 「送ったのは9時40分じゃなくて8時40分でした」: the moment said instead
        if moment is None or said_just_now(moment) or (moment.day, moment.hour or 0) > (now.date(), now.hour):
            continue
        last_word = moment.text.split()[-1] if moment.text.split() else ""
        at = jtext.normalize(clause).find(last_word) if last_word else -1
        began = at >= 0 and _V.pattern("began_after_moment").search(jtext.normalize(clause)[at + len(last_word):]) is not None
        before_noticing = i + 1 < len(clauses) and _V.has("noticed", clauses[i + 1]) and names_a_day(clauses[i + 1], now) \
            and names_a_day(clause, now)
        # (a call or a message sent is no event: 「電話したのは昨日の夜」, but 「…って本人は言ってます」 only tells
        # who said it; a log or 発生 says so whatever else)
        if _V.has("occurred", clause) or _V.pattern("seen_in_a_log").search(clause) or received \
                or not (_tells_someone(clause) and not said_by(clause)) \
                and (_V.pattern("event_topic").search(clause) or began or before_noticing or noticed_later(i, moment)
                     or (heard_of and _V.pattern("hearsay_end").search(clause) is not None)
                     or (names_a_day(clause, now) and later_day_follows(i, moment))):
            return moment.iso(), "、".join(clauses[i + 1:])
    return None


def _last_seen(text: str, now: dt.datetime) -> str | None:
    """When the thing lost was last seen or used: 「最後に見たのは15時ごろ」「最後に使ったのは今朝の9時すぎ」 "I last saw
    it at 3 pm". The loss happened after it and before it was noticed, so it is neither moment; a question
    (「最後に使ったのはいつ？」) or a moment still to come tells none."""
    for clause in _clauses(text):
        if not _V.has("last_seen", clause) or _V.pattern("asks_or_supposes").search(clause):
            continue
        moment = read_moment(clause, now)
        if moment is not None and not said_just_now(moment) and (moment.day, moment.hour or 0) <= (now.date(), now.hour):
            return moment.iso()
    return None


def _moments_set_off_joined(clauses: list[str], now: dt.datetime) -> list[str]:
    """「昨日、海外からログインされた形跡があります」: a clause that is only a moment, set off by a comma, dates the
    clause after it (read together, the log words and the moment stand in one clause)."""
    out: list[str] = []
    carried = ""
    for clause in clauses:
        clause = carried + clause
        moment = read_moment(clause, now) if clause.strip() else None
        if moment is not None and _V.pattern("moment_filler").fullmatch(_without_moment(clause, moment.text)):
            carried = clause + "、"
            continue
        carried = ""
        out.append(clause)
    if carried:
        out.append(carried.rstrip("、"))
    return out


def _reported_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` (the normalised text or its folded key) tells what someone else reported: from the start of
    its clause to the quote before the notice (「…12/8の夜中2時にログインがあった」と連絡がありました). A clause
    set off before it (「昨日の夕方、患者さんから…と電話」) dates the notice, not what it reports; words that tell of
    noticing (「今朝気づいたと院長から連絡」) report the noticing itself and are no event."""
    spans = []
    for quote in _V.pattern("notice_quote").finditer(text):
        start = max(text.rfind(mark, 0, quote.start()) for mark in "、,。！？!?\n") + 1
        if quote.start() and text[quote.start() - 1] in "」』":
            # 「業者の担当者は『工事は問題なく終わった』と言っています」: the words in brackets, not the speaker
            start = max(text.rfind(mark, 0, quote.start()) for mark in "「『") + 1
        if not _V.has("noticed_self", text[start:quote.start()]):
            spans.append((start, quote.start()))
    return spans


def _outside_reports(text: str) -> str:
    """``text`` with what others reported left out, for reading when the clinic noticed: 「業者から、昨夜不正ログイン
    があったと今朝連絡がありました」 was noticed this morning."""
    for start, end in reversed(_reported_spans(text)):
        text = text[:start] + "それ" + text[end:]
    return text


def _reported_moment(clause: str, now: dt.datetime) -> tuple[Moment, int] | None:
    """The moment told inside a report received (「12/8の夜中2時に…ログインがあったと連絡」), with where the
    report's words end."""
    for start, end in _reported_spans(clause):
        if _V.pattern("content_denied").search(clause[start:end]):
            continue  # 「『昨日の設定変更は関係ない』と言ってます」: what is denied is no event
        moment = read_moment(clause[start:end], now)
        if moment is not None and not said_just_now(moment) and (moment.day, moment.hour or 0) <= (now.date(), now.hour):
            return moment, end
    return None


def _takes_back(clause: str) -> bool:
    """「いや4時15分やったわ」 "no wait, 4:15": the clause opens by taking back what was just said."""
    key, mask = key_and_mask(clause.strip())
    opener = _V.terms("taken_back_opener").search(key, mask)
    return opener is not None and opener.start == 0


def _tells_someone(clause: str) -> bool:
    """A word of telling used as one (「電話したのは昨日の夜」), not a noun of a thing (「請求書ってメールの添付
    開いだの」 opened an e-mail's attachment)."""
    key, mask = key_and_mask(clause)
    return any(not key.startswith("の", span.end) and not _V.pattern("telling_word_as_a_thing").match(key, span.end)
               for span in _V.terms("telling").find(key, mask))


def _moment_taken_back(text: str, now: dt.datetime) -> tuple[Moment, Moment] | None:
    """(the moment taken back, the moment said instead): 「6月29日じゃなくて6月28日」, also after another thing taken
    back (「1,200件じゃなくて1,020件。あと先週木曜じゃなくて先週水曜(1/13)でした」)."""
    key, mask = key_and_mask(text)
    for turn in _V.terms("contrast_ja").find(key, mask):
        if turn.end >= len(text):
            break
        wrong = read_moment(text[max(0, turn.start - 12):turn.start], now)
        said = _sentences_with_ends(text[turn.end:])
        right = read_moment(said[0], now) if said else None
        if wrong is not None and right is not None:
            return wrong, right
    return None


def _without_moment(text: str, words: str) -> str:
    """``text`` without the words its moment was read from (「今朝です」 → 「です」)."""
    rest = jtext.normalize(text)
    for word in words.split():
        # The reader's words may overlap (「今朝 朝7時50分」): what the one before took is not there twice.
        for start in range(max(1, len(word) - 1)):
            part = word[start:]
            if re.search(re.escape(part), rest, flags=re.IGNORECASE):
                rest = re.sub(re.escape(part), "", rest, count=1, flags=re.IGNORECASE)
                break
    return rest


def asks_about_the_police(text: str) -> bool:
    """「警察に届けたほうがいいですか？」: the police named in a question (the reports owed by law leave them out)."""
    return any(asks(s) and any(p == "police" for _, _, p, _ in _party_spans(s)) for s in _sentences_with_ends(text))


def _party_spans(clause: str) -> list[tuple[int, int, Party, str]]:
    """(start, end, party, the word that named it) in order: 「院長と事務長」 → staff twice."""
    key, mask = key_and_mask(clause)
    spans = []
    for party in (*TOLD_PARTIES, *NOTIFIED_PARTIES):
        spans += [(s.start, s.end, party, s.label) for s in _V.terms(f"party_{party}").find(key, mask)
                  # 「相手の業者さんには電話して削除してもらいました」: the company the mail went to by mistake, not ours
                  if not _V.pattern("the_other_side_before").search(key[max(0, s.start - 8):s.start])
                  and not _addressee_of_a_document(key, s.start, s.end)]
    # 「日本医師会」 is the JMA, not a doctor: a span inside a longer one of another party goes.
    kept = [s for s in spans if not any(o is not s and o[0] <= s[0] and s[1] <= o[1] and (o[1] - o[0]) > (s[1] - s[0]) for o in spans)]
    return sorted(kept)  # type: ignore[return-value]


def _addressee_of_a_document(key: str, start: int, end: int) -> bool:
    """「損保ジャパンへの通知の下書き」 "the draft notice to the insurer": the party a document asked for is
    addressed to, not one told."""
    return _V.pattern("addressee_of_a_document_after").match(key, end) is not None \
        or _V.pattern("addressee_of_a_document_before_en").search(key[max(0, start - 30):start]) is not None


# Kinds a later message may make precise by saying what the matter is (「USBをなくした件です」).
VAGUE_KINDS = ("data_leak", "other")


def _names_only_parties(key: str, named: list[tuple[int, int, Party, str]]) -> bool:
    """A clause that is nothing but parties (「警察、」「医師会さんにも、」): an item of a list."""
    rest = list(key)
    for start, end, _, _ in named:
        rest[start:end] = [""] * (end - start)
    return _V.pattern("list_item_rest").fullmatch("".join(rest)) is not None


def _as_object(key: str, party_end: int, tail: str) -> bool:
    """The party named as the one something went to (「知り合いの業者に渡していた」), its particle read after
    the party or as the last character of the word that named it (「患者さんに不審なSMSが届いてる」)."""
    as_object = _V.pattern("party_as_object")
    if as_object.match(tail):
        return True
    # Only with words after it in the clause: 「ご家族全員に、お詫びのメールを…」 names them before the verb.
    return bool(party_end and key[party_end - 1] in "にへを" and any(ch.isalnum() for ch in tail)
                and as_object.match(key[party_end - 1:]))


def _asks_when_or_where(clause: str) -> bool:
    """「医師会の窓口は何時から？」: a question about a body's hours or number, not a report of telling it."""
    return _V.has("asks_hours_or_number", clause)


def _parties(text: str, asked: str | None) -> tuple[list[Party] | None, list[Party] | None, list[Party], list[str], list[str]]:
    """Who has been told (people and bodies), who explicitly has not, the staff named as told and as not told.

    Each party is judged by the words that follow it up to the next party named: 「業者には連絡
    したけど警察はまだ」 told the vendor, not the police; 「警察に連絡した方がいい？」 asks and
    reports nothing; 「院長と事務長だけ」 (no verb) answers the question."""
    # (the words of a screen quoted name no one told: 「『管理者によってロックされました』という画面」)
    text = _V.pattern("screen_quote").sub(lambda m: "＿" * len(m[0]), text)
    told: list[Party] = []
    notified: list[Party] = []
    not_told: list[Party] = []
    unreached: list[Party] = []  # called, and the call did not get through
    people: list[str] = []
    people_untold: list[str] = []
    answered_none = told_nobody = told_another = outside_untold = False
    verbless: list[Party] = []  # parties of the last clause filed with no word of telling
    away_people: list[str] = []  # staff of the last clause said to be away (「院長は出張中で、」), told or not by the next
    denied_before = False  # the last clause named nobody and said 「まだ…していません」
    # Parties of the clauses just before that named nothing but them: 「損保ジャパン、警察、医師会、
    # どこにもまだ連絡できていません」 lists them and the last clause's verb is theirs too.
    listed: list[Party] = []
    list_denied = False  # the last party of the clause before was denied (in this sentence)
    # Parties the clause before only named as a short question, echoing the bot's (「警察？」 "cops?"):
    # a not-yet right after answers for them.
    echoed: list[Party] = []
    # (the fourth: the sentence tells of other cover held, 「損保ジャパン以外に、…賠償責任保険にも加入しております」: its
    # insurer is no body told)
    clauses = [(c, _V.pattern("asks_or_supposes").search(sentence) is not None, n == 0, _V.has("holding_cover", sentence))
               for sentence in (m[0] for m in _V.pattern("sentence_with_end").finditer(text)) for n, c in enumerate(_clauses(sentence))]
    for number, (clause, asking, opens_sentence, holds_cover) in enumerate(clauses):
        first_clause = number == 0
        if opens_sentence:
            listed, list_denied = [], False  # a list runs inside one sentence
        key, mask = key_and_mask(clause)
        if holds_cover and not _V.terms("telling").search(key, mask):
            continue  # (「…入っていて、そのことをまだ損保ジャパンに言ってません」 still tells of the insurer)
        # 「…院長のアカウントで…ログインがあったと連絡がありました」: someone a report received speaks of was told
        # nothing; the one it came from (「業者から」) knows.
        reports = _reported_spans(key)
        named = [span for span in _party_spans(clause) if _V.pattern("notice_source_after").match(key, span[1])
                 or not any(start <= span[0] and span[1] <= end for start, end in reports)]
        for start, end in reports:
            # (the words reported are not the writer's about the party: 「『…関係ない』と言ってます」)
            key = key[:start] + "＿" * (end - start) + key[end:]
        if _V.has("only_inside", clause) and not any(p == "staff" for _, _, p, _ in named):
            named.insert(0, (0, 0, "staff", ""))
        if not named:
            # 「外部は未連絡です」: no body outside the clinic was told
            # (not 「外部への持ち出しは確認されておりません」: data taken out, nothing said of telling)
            outside_untold = outside_untold or (not asking and _V.has("outside_bodies", clause) and _says_not_done(key, mask)
                                                and _about_telling(clause))
            # 「タクシー会社にはもう電話した」: someone no list names was told (so 「警察にはまだ」 is no "told nobody")
            # (a notice received, 「…と連絡がありました」, told no one)
            told_another = told_another or (not asking and not _V.has("noticed", clause) and _V.has("telling", clause)
                                            and _V.terms("done").search(key, mask) is not None
                                            and not _says_not_done(key, mask) and not _V.has("nobody", clause))
            # (a short 「休診はしていません」 or 「患者情報は入っていません」 denies another slot's fact, not the telling)
            answered_none = answered_none or _V.has("nobody", clause) or (_V.has("not_done", clause) and (
                _about_telling(clause) or (len(clause.strip()) <= SHORT_ANSWER and not _speaks_of_closing(clause)
                                           and not _names_patient_data(clause))))
            # 「まだ誰にも連絡してません」 answers for everyone, whichever question was open.
            told_nobody = told_nobody or (_V.has("nobody", clause) and _V.has("telling", clause))
            # Only a denial about telling (「まだ誰にも言っていません」「まだです」), not 「まだ直っていません」.
            denied_before = _V.has("nobody", clause) or (_says_not_done(key, mask) and _about_telling(clause))
            if echoed and (_V.terms("not_a_contact").search(key, mask) or clause.rstrip().endswith(QUESTION_MARKS)):
                echoed = []  # 「保険会社？連絡したほうがいいですか？」: asked back, nothing reported
            elif echoed and _V.terms("not_done").search(key, mask):
                not_told += echoed  # "cops? not yet."「保険会社？電話したけどつながらなかった」
                echoed = []
            elif echoed and _V.terms("done").search(key, mask):
                # 「警察？はい、連絡しました」; 「保険会社？電話したけどつながらなかった」 tried and failed.
                after = clauses[number + 1][0] if number + 1 < len(clauses) and not clauses[number + 1][2] else ""
                failed = bool(after) and _V.terms("not_done").search(*key_and_mask(after)) is not None
                for party in echoed:
                    (not_told if failed else told if party in TOLD_PARTIES else notified).append(party)
                echoed = []
            if verbless and _V.has("call_failed", clause) and not asking:
                # 「制作会社はウェブ工房さくらさん。正月休みで電話つながらへん」: the party named just before was called and
                # not reached.
                told = [p for p in told if p not in verbless]
                notified = [p for p in notified if p not in verbless]
                not_told += verbless
                unreached += verbless
            elif verbless and _says_not_done(key, mask) and _about_telling(clause):
                # 「制作会社にお願いしていますが、まだ連絡していません」: the party named just before
                # without a word of telling is the one not told yet (「…感染はしとらんそうです」 denies
                # something else); so are all of a list just before it (「警察、医師会、どこにもまだ…」).
                denied_ones = [*listed, *verbless]
                told = [p for p in told if p not in denied_ones]
                notified = [p for p in notified if p not in denied_ones]
                not_told += denied_ones
            if away_people and _says_not_done(key, mask) and _about_telling(clause):
                # 「院長は出張中で、まだ伝わっていません」: the one away, in the clause before, is the one not told yet
                people_untold += away_people
            verbless, away_people = [], []
            listed, list_denied = [], False
            continue
        verbless, away_people = [], []
        echoed = []
        listed_before, listed = listed, []
        bare = _names_only_parties(key, named)
        # "We haven't called the police, the insurer or the JMA": a bare list after a denied party shares it.
        denied, denied_before = denied_before or (list_denied and bare), False
        list_denied = False
        if _V.has("nobody", clause):
            answered_none = True
            # 「まだ院長にも誰にも言ってないです」: the staff named and everyone else, whichever question was open
            told_nobody = told_nobody or (_V.has("telling", clause) and not asking)
        # Parties joined by と/や share the words after the last of them.
        groups: list[list[tuple[int, int, Party, str]]] = [[named[0]]]
        for span in named[1:]:
            gap = _V.terms("party_joiner").blank(key[groups[-1][-1][1]:span[0]], mask[groups[-1][-1][1]:span[0]])
            (groups[-1].append(span) if len(gap.replace("\0", "").replace(" ", "")) <= 2 else groups.append([span]))
        for i, group in enumerate(groups):
            tail_end = groups[i + 1][0][0] if i + 1 < len(groups) else len(key)
            tail_mask = mask[group[-1][1]:tail_end]
            # 「…への報告ってどうしたらええの？」: the した of a question word reports nothing.
            tail = _V.terms("how_to").blank(key[group[-1][1]:tail_end], tail_mask)
            head_start = groups[i - 1][-1][1] if i else 0
            head, head_mask = key[head_start:group[0][0]], mask[head_start:group[0][0]]
            done = _V.terms("done").search(tail, tail_mask) or _V.terms("done_before").search(head, head_mask)
            if done is not None and asking and _V.pattern("if_done").search(tail[:done.start]):
                done = None  # 「保険会社には電話で一報入れればそれで済みますか」: asked on a condition, not done
            if done is not None and done.label.endswith("た") and _V.pattern("supposed_after_done").match(tail[done.end:]):
                # 「業者に見てもらったらお金かかるし」 supposes the telling; 「業者に連絡したら、すぐ来てくれました」 tells it
                rest = tail[done.end:] + "".join(c for c, _, _, _ in takewhile(lambda c: not c[2], clauses[number + 1:]))
                if not _V.pattern("past_after_supposed").search(rest):
                    done = None
            if done is not None and asking and done.label.endswith("て") \
                    and _V.terms("done").search(key, mask, group[-1][1] + done.end) is None:
                # 「元職員に直接連絡して消させるのはアリ？」: a verb in て form in a question runs into what is asked;
                # one followed by an act done still tells (「業者さんにはさっき電話して院長にも言いましたどうしたらいい」).
                done = None
            asks = _V.terms("not_a_contact").search(tail, tail_mask)
            parties = list(dict.fromkeys(p for _, _, p, _ in group))
            # 「夜勤の看護師です。…」 "I'm the practice manager": the writer introduces themself at the start
            # of the message; 「最初に気づいたのは院長です」 says who did something.
            # 「病院の情報システム担当です」 introduces the writer by a role of their own place, whatever the
            # role; 「警察です」 alone answers the question.
            own_role = all(p == "staff" for p in parties) or "の" in head
            if own_role and ((asked != "told" and first_clause and _V.terms("self_intro").search(tail[:4], tail_mask[:4])
                              and not _V.has("topic_marker", clause)) or _V.pattern("self_intro_en").search(head)):
                continue
            if _V.pattern("source_of_a_thing_after").match(key, group[-1][1]):
                continue  # 「医師会から来たっぽいメールの添付を開いたら」: the sender of what was opened, not one told
            if _V.pattern("cost_after_party").match(key, group[-1][1]):
                continue  # 「復旧の業者代とか…保険で出るのか」: what they are paid, not whether they were told
            if bare and not done and len(key.strip()) <= SHORT_QUESTION and clause.rstrip().endswith(QUESTION_MARKS):
                echoed += parties  # 「警察？」 "cops?": the bot's question echoed; what follows answers it
                continue
            # 「院内のPCが…」: the clinic as the place of a thing, no one told (「院内の者しか知りません」「院内の
            # みんなに伝えました」 name people).
            # Nor is someone whose thing is spoken of (「監事の先生の報酬の振込先」「事務長のPCが」) while no one
            # asked who was told, nor a body the clinic is a member of (「うちは日医のA①会員ばい」).
            if tail.startswith("の") and not _V.terms("people_of_a_place").search(tail[1:7], tail_mask[1:7]) \
                    and not _V.terms("telling").search(tail, tail_mask) \
                    and (all(p == "staff" and label and _V.has("party_place", label) for _, _, p, label in group)
                         or (asked not in ("told", "notified") and all(p == "staff" for _, _, p, _ in group))
                         or _V.pattern("membership_after").match(tail)
                         # (「日医のお金でるんでしたっけ」: the body's money, no telling, while no one asked who was told)
                         or (asked not in ("told", "notified") and (asking or (not done and _V.terms("done").search(key, mask) is None
                                                                                    and _V.terms("telling").search(key, mask) is None)))):
                continue
            # "We haven't called the police": an English verb and its negation stand before the party.
            # 「まだ誰にも言っていません。スタッフにも警察にもです」: the parties after a denial share it.
            # (「医師会の相談窓口ってまだ間に合う？」: in a question, まだ is "still" unless a word of telling follows it,
            # 「警察にはまだ連絡してない？」)
            if _V.pattern("excepted_after").match(tail) or _V.pattern("excepted_before_en").search(head):
                # 「院長以外は誰にも言ってません」: the one excepted from the denial knows
                people += [label for _, _, p, label in group if p == "staff" and label and not _V.has("party_staff_generic", label)]
                for party in parties:
                    (told if party in TOLD_PARTIES else notified).append(party)
                continue
            # 「先生おらんし」「院長は今日は学会で不在です」: the one away is neither told nor left untold by these
            # words (「院長は不在なので電話で伝えました」 was told; in "The director is away; I told the manager"
            # the verb after the absence is the next party's).
            # (「報告していません」「連絡しておりません」 are no one away: いません after て is a verb's negation)
            away = _V.terms("absent").search(tail, tail_mask)
            if away is None and (verb := _V.terms("absent_verbs").search(tail, tail_mask)) is not None \
                    and not _V.pattern("negation_stem_before").search(tail[:verb.start]):
                away = verb
            # (「院長は学会出張中でまだ伝わっていません」: away, and said in so many words not to be told yet)
            untold_after = away is not None and _says_not_done(tail[away.end:], tail_mask[away.end:]) \
                and _V.terms("telling").search(tail[away.end:], tail_mask[away.end:]) is not None
            if away is not None and not untold_after and (not done or (away.label.isascii() and away.start < done.start)):
                away_people += [label for _, _, q, label in group if q == "staff" and label and not _V.has("party_staff_generic", label)]
                continue
            yet = _V.terms("not_done").search(tail, tail_mask)
            still_asked = asking and yet is not None and _V.terms("telling").search(tail[yet.end:], tail_mask[yet.end:]) is None
            if not still_asked and (_V.pattern("negated_verb_before").search(head) or _says_not_done(tail, tail_mask)
                                    or (denied and not done)):
                # 「院長は知りません」 denies one person of the staff, not the staff as a whole (others may know)
                not_told += [p for p in parties if p != "staff" or not any(
                    q == "staff" and label and not _V.has("party_staff_generic", label) for _, _, q, label in group)]
                people_untold += [label for _, _, q, label in group if q == "staff" and label and not _V.has("party_staff_generic", label)]
                list_denied = i == len(groups) - 1
                if i == 0 and listed_before:
                    told = [p for p in told if p not in listed_before]
                    notified = [p for p in notified if p not in listed_before]
                    not_told += listed_before
                continue
            # 「保険会社には書面で知らせないといけないと聞きました」: a duty to tell, not a telling.
            duty = _V.terms("duty_words").search(tail, tail_mask)
            if duty is not None and (not done or _V.terms("hearsay").search(tail[duty.end:], tail_mask[duty.end:])):
                continue
            # 「警察に連絡した方がいい？」 asks (its 「した」 runs into 「方がいい」); 「業者に電話しました。
            # どうしたらいいですか」 reports, then asks.
            if asks and not (done and asks.start - done.end > 2):
                continue
            if _V.pattern("asks_how_to_tell").search(tail):
                continue  # 「見てしまった業者さんたちに何と伝えればいいか」: what to tell them, asked; none told
            # 「医師会の窓口にかけます」「これから警察に届けます」: told next, not yet; 「医師会にかけたけど、
            # もうつながらない」: tried, not told.
            after = clauses[number + 1][0] if number + 1 < len(clauses) and not clauses[number + 1][2] else ""
            if _V.terms("call_failed").search(tail, tail_mask) or (after and (_V.has("call_failed", after)
                                                                              or _V.pattern("call_unanswered").search(after))):
                not_told += parties
                unreached += parties
                continue
            if not done and _V.terms("intends").search(tail, tail_mask):
                continue
            # 「院長と事務長だけ」 (no verb) answers the question about whom they told, and 「業者さんが
            # 作業のミスで…」 names someone who knows; a body named in a question with no word of telling
            # (「医師会の窓口は何時から？」) was told nothing, and 「院内のネットが全部つながらない」 names
            # the clinic in passing, not the staff as told.
            if not done and (_asks_when_or_where(clause) or asking or (asked not in ("told", "notified") and (all(
                    p == "staff" and (not label or _V.has("party_staff_generic", label)) for _, _, p, label in group)
                    or (_as_object(key, group[-1][1], tail) and not _V.terms("telling").search(tail, tail_mask))))):
                continue
            rest, rest_mask = key[group[-1][1]:], mask[group[-1][1]:]
            if _V.terms("coming_and_going").search(rest, rest_mask) and not _V.terms("telling").search(rest, rest_mask):
                # 「業者さんが2人出入りしていました」「清掃の業者さんと給食の業者さんが出入りして」: who was there, not who was told
                continue
            if not done and _V.has("long_ago", clause):
                continue  # 「カメラは業者さんが去年つけたやつで」: what they did long before tells them nothing of today
            people += [label for _, _, p, label in group if p == "staff" and label and not _V.has("party_staff_generic", label)]
            if not done:
                verbless += parties
            for party in parties:
                (told if party in TOLD_PARTIES else notified).append(party)
            # 「警察には言ってません…あ、いや、昨日、生活安全課に相談してました」: what is said later stands
            not_told = [p for p in not_told if p not in parties]
        if verbless and bare:
            listed = listed_before + verbless
    # (a party of the other question denied answers nothing here: 「業者へのメールはまだ送ってなかった」 to the
    # question about the police and the authorities says nothing of them)
    told_answer = list(dict.fromkeys(told)) or (
        [] if ((answered_none or any(p in TOLD_PARTIES for p in not_told)) and asked == "told") or told_nobody else None)
    notified_answer = list(dict.fromkeys(notified)) or (
        [] if ((answered_none or any(p in NOTIFIED_PARTIES for p in not_told)) and asked == "notified") or told_nobody else None)
    # 「警察にはまだ」 answers the question about outside bodies; a call that did not get through
    # (「医師会にかけたけど、もうつながらない」) answers nothing about the others.
    # (Those who know, only as the answer to a question about whom they told: 「予約システムの業者にはまだ連絡して
    # おりません」 told beside the patient data is no "told nobody"; 「院長は知りません」 denies one of the staff only.)
    denied = [p for p in not_told if p not in unreached]
    if (outside_untold or any(p in NOTIFIED_PARTIES for p in denied)) and notified_answer is None and not told_another:
        notified_answer = []
    if any(p in TOLD_PARTIES and p != "staff" for p in denied) and told_answer is None and asked in ("told", "notified", None):
        told_answer = []
    # 「院長と事務長には報告済み。…いや、事務長にはまだでした」: the one denied after is not told
    people = [p for p in dict.fromkeys(people) if p not in people_untold]
    return told_answer, notified_answer, list(dict.fromkeys(not_told)), people, list(dict.fromkeys(people_untold))


def _withdraws_at_the_end(text: str) -> bool:
    """Whether the message withdraws the report in so many words, in a short clause of its own that
    opens or ends it: 「すみません、間違いでした。USBはロッカーにありました」 "Sorry, false alarm. Our IT
    person moved the files" 「NTTの回線障害だったそうです。間違いでした、お騒がせしました」 do; 「…予約の
    患者さんにはキャンセルの連絡をしました」「サーバーは被害はなかったけど、受付のPCが暗号化」 report."""
    clauses = [c for c in _clauses(text) if not (_V.has("apology", c) and not _V.has("withdraws", c))]
    for clause in {*clauses[:1], *clauses[-1:]}:
        key, mask = key_and_mask(clause)
        short = WITHDRAWAL_LENGTH if not key.isascii() else WITHDRAWAL_LENGTH_EN
        # 「さっきの人数は間違いでした」 says which answer was wrong: a correction, not a withdrawal.
        if len(key.strip()) <= short and _V.terms("withdraws").search(key, mask) is not None \
                and not _V.terms("names_a_field").search(key, mask) and not _V.pattern("withdrawal_denied").search(clause):
            return True
    return False


def _about_telling(clause: str) -> bool:
    """「まだ連絡していません」「まだです」 are about telling; 「まだ直っていません」 is not."""
    return _V.has("telling", clause) or _V.pattern("just_not_yet").match(clause.strip()) is not None


def _says_not_done(key: str, mask: Sequence[int]) -> bool:
    """「まだ連絡していません」「届けてない」: a word of not having done it, not followed back by one of
    having done it (「連絡していません」 holds 「連絡してい」, which its negation overrides)."""
    not_done = _V.terms("not_done").search(key, mask)
    done = _V.terms("done").search(key, mask)
    only = _V.terms("only_that").search(key, mask)
    if not_done is not None and only is not None and only.start < not_done.start:
        return False  # 「院長にしか伝えていません」 told the director
    return not_done is not None and not (done is not None and not_done.start > done.end)


def asks_what_the_notice_says(text: str) -> bool:
    """「書面で知らせないといけないと聞きました。何を書けばいいですか」: what the written notice holds."""
    sentences = _sentences_with_ends(text)
    return any(_V.has("contents_asked", s) for s in sentences) and _V.has("notice_words", text)


def asks_what_to_report(text: str) -> bool:
    """「これってどこかに届け出ないといけないものですか」 "Do we have to notify anyone?": a word of reporting
    and one of duty in the same sentence (the caller knows the message is a question)."""
    return any(_V.has("report_words", s) and _V.has("duty_words", s) for s in _sentences_with_ends(text))


def asks_first_steps(text: str) -> bool:
    """「とりあえず電源は切ったほうがいいですか」 "Should we unplug it?" (the caller knows it is a question)."""
    return _V.has("first_steps_asked", text)


def asks_what_to_do(text: str) -> bool:
    """「…どないしたらええですか」 "What should we do?" in a sentence with no procedure for its topic (not
    「申し込みはどうすればいいですか」): what to do now, which a report's first steps answer."""
    return any(_V.has("what_to_do", s) and not _V.has("procedure_topics", s) for s in _sentences_with_ends(text))


def statements(text: str) -> str:
    """The sentences of a message that neither ask nor suppose."""
    return "".join(s for s in _sentences_with_ends(text) if not _V.pattern("asks_or_supposes").search(s))


def _withdrawal_said(text: str) -> bool:
    """A word of withdrawal stated, not denied, hoped for or asked about (「誤報ではないです」「誤報で
    あってほしい」「警察は間違いでしたか？」 withdraw nothing)."""
    return _V.has("false_alarm", _V.pattern("withdrawal_denied").sub("", statements(text)))


def notice_asked_for(text: str) -> Literal["patients", "recipients"] | None:
    """Whom the draft a message asks for is to: those a misdelivery reached (「見てしまった業者さんたちに何と伝えれば
    いいか、文面の案をください」), the patients (asks_for_a_patient_notice), or None when it asks for none."""
    if any(_V.has("recipients", s) and (_V.has("drafting", s) or _V.pattern("asks_how_to_tell").search(s) is not None
                                        or (_V.has("patient_notice", s) and _V.pattern("requests_it").search(s) is not None))
           for s in _sentences_with_ends(text)):
        return "recipients"
    return "patients" if asks_for_a_patient_notice(text) else None


def asks_for_a_notice(text: str) -> bool:
    """A draft asked for, for the patients or for those a misdelivery reached."""
    return notice_asked_for(text) is not None


def asks_for_a_patient_notice(text: str) -> bool:
    """「受付に貼る注意書きを作ってほしい」「患者さんへのお詫び文の案をください」: a draft for the patients."""
    # (or what to tell them, asked: 「患者さんには何て伝えたらええ？」 "What should we tell the patients?")
    # (sentence by sentence: 「これって保険の対象ですか？あと受診者さんへのお詫びって何を書けば」 asks for one beside a
    # question about cover)
    return any(_V.has("patient_notice", s) and not _V.has("not_a_draft", s)
               and (_V.has("drafting", s) or _V.pattern("requests_it").search(s) is not None) for s in _sentences_with_ends(text)) \
        or _V.pattern("asks_what_to_tell_patients").search(jtext.normalize(text)) is not None


def asks_for_the_summary(text: str) -> bool:
    """「まとめ」 "summary please", alone: the record's summary asked for (a longer message that says
    まとめて or 並べて asks something else)."""
    said = jtext.normalize(text).strip()
    if len(said) > COMMAND_LENGTH or _command(said) != "summary":
        return False
    key, mask = key_and_mask(said)
    rest = _V.terms("summary_fillers").blank(_V.terms("summary").blank(key, mask), mask)
    return len(re.sub(r"[\0\s、。,.!！?？ー〜~]", "", rest)) <= SUMMARY_REST  # 「診療所の保険料をまとめて見せて」 asks premiums


def told_beside_the_summary(text: str) -> str:
    """The sentences of a message that asks for the summary which tell something else (「制作会社に頼んで、サイト全体を
    『メンテナンス中』にしてもらいました。ここまでの内容をまとめてもらえますか」): kept in the record before it is
    summed up; "" when the message is the request alone."""
    return "".join(s for s in _sentences_with_ends(jtext.normalize(text)) if not _V.has("summary", s)).strip()


def _command(text: str) -> Command | None:
    if asks_for_a_notice(text):
        return None  # 「お詫び文の下書きを」 asks for a letter, not the record's summary
    if len(text) > COMMAND_LENGTH:
        # A withdrawal may explain itself (「間違いでした。USBはロッカーにありました」); it still
        # withdraws only when the message fills no field (checked by the caller).
        if _withdrawal_said(text):
            return "false_alarm"
        asks = _V.has("not_a_contact", text) and not _V.pattern("requests_it").search(text)
        return "summary" if _V.has("summary", text) and not asks else None
    for name in ("summary", "restart", "correct"):
        if _V.has(name, text):
            return name  # type: ignore[return-value]
    return "false_alarm" if _withdrawal_said(text) else None


def read(text: str, asked: str | None, now: dt.datetime, flow: IncidentFlow, answers: IncidentAnswers,
         named_kind: str | None, kind_of: KindReader, first: bool = False, correcting: bool = False,
         alarm: bool = False) -> TriageReading:
    """Everything ``text`` says about the incident record. ``named_kind`` is the kind the
    understanding step found in the whole message; ``kind_of`` reads a fragment's kind."""
    text = with_ellipsis_filled(jtext.normalize(text).strip())
    # After 「訂正」 the next message is the correction (「3日でした」).
    vague = answers.kind in (None, *VAGUE_KINDS)
    reading = TriageReading(correction=correcting or _V.has("correction_cues", text)
                            or (vague and _V.has("what_the_matter_is", text)))
    chosen = _choice(flow, text, asked)
    if chosen is not None:
        return _from_choice(reading, chosen, now)

    contrast = _V.terms("contrast")
    key, mask = key_and_mask(text)
    turn = contrast.search(key, mask)
    if turn is not None and turn.label == "not" and key[:turn.start].split()[-1:] \
            and key[:turn.start].split()[-1] in _V.terms("auxiliary_before_not").natural:
        turn = None  # "I do not think the stick is encrypted": a negated verb, no kind taken back
    if turn is not None:
        right = kind_of(text[turn.end:]) if turn.end <= len(text) else None
        if right:
            reading.kind, reading.kind_explicit = right, True
    taken_back = turn is not None and reading.kind is None and named_kind is not None and kind_of(text[:turn.start]) == named_kind
    if reading.kind is None and named_kind and not taken_back:
        # (「ランサムウェアじゃなくて、ただの画面ロック型の詐欺広告かも」: the kind named is the one taken back)
        reading.kind = named_kind
        # 「やっぱり…でした」 corrects the kind only when its words name one (not a guess of the learned layer).
        reading.kind_explicit = asked == "kind" or (reading.correction and kind_of(text) == named_kind)
    # A sentence that asks or supposes (「休業したら支援金って出るんですか？」) states no fact; who was
    # told is read from the whole message, whose own reader knows a question from a report.
    facts = _stated(text)
    # (「いや、よく見たら…2人分です」: a message that opens by taking back says what is meant instead)
    reading.patient_data, reading.affected_people = _patient(facts, asked, reading.kind or answers.kind, answers.patient_data,
                                                             reading.correction or _takes_back(facts))
    if asks_for_a_notice(text) and not reading.affected_people:
        # 「患者さん向けのお知らせの下書き作ってもらえます？」 asks for a letter; its 患者 says nothing of the data.
        reading.patient_data = None
    if reading.affected_people is not None:
        reading.affected_people_from = _range_from(facts, reading.affected_people)
    reading.care_stopped, reading.closure_days = _care(facts, asked, reading.correction, answers, text, now)
    if reading.closure_days:
        rested = _V.pattern("rest_times").sub(lambda m: "_" * len(m[0]), facts)
        offsets = _closure_offsets(_clauses(rested))
        since = _dates_closed_since(rested, now)
        if since and len(since) == reading.closure_days:
            reading.closure_dates = since
        elif offsets and len(offsets) == reading.closure_days:
            reading.closure_dates = sorted(now.astimezone(JST).date() + dt.timedelta(days=o) for o in offsets)
    if answers.closure_through is not None and not reading.correction:
        reading.closure_until = last_day_closed(facts, now, answers.closure_through)
    reading.staff_data = _names_staff_data(facts)
    reading.told, reading.notified, reading.not_told, reading.people, reading.people_untold = _parties(text, asked)
    reading.found_at = _moment(facts, asked, first, reading.correction, now, answers.found_at)
    if reading.found_at is not None and reading.correction and not first and asked != "found_at" \
            and not _V.has("noticed", facts) and any(f not in ("found_at", "kind") for f in reading.fills()):
        # 「…復旧が火曜までかかるそうなので、休診日数は3日に訂正」 corrects the days; its 火曜 is no discovery.
        reading.found_at = None
    occurrence = _occurrence(facts, now)
    reading.occurred_at = occurrence[0] if occurrence is not None else None
    reading.last_seen_at = _last_seen(facts, now)
    if occurrence is not None and reading.found_at == reading.occurred_at and not _V.has("noticed", facts) \
            and not _V.pattern("moment_taken_back_after").match(occurrence[1]) \
            and (after := _moment(occurrence[1], asked, first, reading.correction, now, answers.found_at)) is not None:
        # 「金曜の夕方に添付を開いた。今日PCがおかしい」: the event's moment is not when it was noticed;
        # the moment told after it is (not one taken back: "created on March 13, not March 3").
        reading.found_at = after
    if reading.occurred_at is not None and reading.found_at is not None and not _V.has("noticed", facts) \
            and (answers.found_at is not None or reading.correction) and reading.found_at[:13] == reading.occurred_at[:13]:
        # 「訂正：発生は一昨日の夜」 corrects when it happened; when it was noticed stays (or stays unsaid:
        # 「訂正です。海外からのログインは3月8日でした」 says nothing of when it was noticed).
        reading.found_at = None
    if reading.correction and reading.occurred_at is None and answers.occurred_at \
            and (said := _moment_taken_back(facts, now)) is not None:
        # 「さっきの日付、6月29日じゃなくて6月28日の間違いでした」: the day taken back is the event's (not the
        # noticing's): the event moves to the day said instead, at the hour it had.
        wrong, right = said
        if wrong.day.isoformat() == answers.occurred_at[:10] != (answers.found_at or "")[:10]:
            kept = answers.occurred_at[10:] if right.hour is None else ""
            reading.occurred_at, reading.found_at = right.iso()[:10] + kept if kept else right.iso(), None
    if reading.correction and reading.occurred_at is not None and "T" not in reading.occurred_at \
            and answers.occurred_at is not None and "T" in answers.occurred_at and reading.occurred_at != answers.occurred_at[:10]:
        # 「あ、ちゃうわ、送ったん一昨日やった」 after 「送ったんは昨日の夕方4時ごろ」: the day is corrected, the hour stays.
        reading.occurred_at += answers.occurred_at[10:]
    if reading.occurred_at is not None and (noticed := reading.found_at or answers.found_at) \
            and noticed != UNKNOWN_MOMENT and reading.occurred_at[:10] > noticed[:10]:
        reading.occurred_at = None  # nothing happens after it was noticed: that moment is something else
    if asked == "kind" and reading.kind is None and not reading.fills() and _V.has("unknown", text):
        reading.kind, reading.kind_explicit = "other", True
    if not first and alarm and reading.kind is not None and not reading.kind_explicit and not reading.correction \
            and answers.kind not in (None, *VAGUE_KINDS, *OUTAGE_KINDS) and reading.kind not in (*VAGUE_KINDS, *OUTAGE_KINDS) \
            and flow.group_of(reading.kind) != flow.group_of(answers.kind) and reading.kind not in answers.also_kinds \
            and not (answers.kind in PROTECTED_BY_ENCRYPTION and flow.group_of(reading.kind) == flow.group_of("ransomware")):
        # (「USBは暗号化されていました」 of a lost stick: its encryption is its protection, no ransomware)
        # 「あと、ホームページのお知らせ欄も昨日から変な広告に書き換わってる」 in the triage of a list taken out: an alarm
        # of another kind, not said to correct the first, is another incident told into the same record.
        reading.also_kind = reading.kind

    details = notice_details.read(text, answers.address, answers.claim)
    for name in details.said():
        said, held = getattr(details, name), getattr(answers, name)
        # (「みなと病院」 after 「医療法人みなと会 みなと病院」 is the same name, shorter)
        if held is not None and said in held:
            setattr(details, name, None)
    reading.details = details

    command = _command(text)
    # (a first report says 「見当たりません」 of what it reports lost: only a later message tells of a search)
    found_again = False
    reading.still_missing = not first and answers.kind == "lost_device" and _V.has("not_found_again", text)
    # (said, not asked or supposed: 「見つかったら報告しなくていいんですよね？」 withdraws nothing)
    if command is None and answers.kind == "lost_device" and _V.has("found_again", statements(text)) and not _V.has("not_found_again", text):
        # 「すみません、出てきました！洗濯室の棚にありました」: the thing lost was found, the report withdrawn
        # (confirmed before the record is marked 誤報), wherever it turned up (「患者さんのファイルに紛れてました」).
        command, found_again = "false_alarm", True
    if command is None and not first and _V.has("warning_went_away", statements(text)) and _V.has("nothing_done_on_it", text):
        # 「ブラウザ閉じたら消えました。何も入力してないし電話もしてません」: a warning that went away, nothing done on
        # it: a false alarm to confirm. (Its 「入力してない」 is no answer about patient data.)
        command, found_again = "false_alarm", True
        reading.patient_data, reading.affected_people = None, None
    # (or any kind, once the cause is said in so many words to be no attack: 「ライセンス更新の手違いで…攻撃ではないと言われました」,
    # or found and the machines working again: 「Windowsの一斉更新で、英語の画面は更新の途中の表示だったそうです。もう普通に動いています」)
    stated = statements(text)
    if command in (None, "false_alarm") and not first \
            and (answers.kind in OUTAGE_KINDS or _V.pattern("attack_taken_back").search(stated) or _V.has("working_again", stated)) \
            and _V.has("cause_not_an_attack", stated) and _V.pattern("cause_found").search(stated) \
            and not _V.has("attack_named", _V.pattern("attack_taken_back").sub("", text)):
        # 「ベンダーさんと電話つながった。プロバイダ側の回線障害だって」: an outage of unknown cause found to be no attack:
        # closing it as no cyber incident is offered (confirmed first), what was told is filed.
        command, found_again, reading.no_attack = "false_alarm", True, True
    if command == "false_alarm" and _V.pattern("affirms_first").match(text) and _V.has("withdraws", text):
        # 「はい、誤報ってことで処理してください」: the yes agrees to the withdrawal, it answers no question of the triage.
        reading.patient_data = reading.affected_people = reading.care_stopped = reading.closure_days = None
    if command == "false_alarm" and alarm and not reading.no_attack and len(text) > COMMAND_LENGTH and not _withdraws_at_the_end(text):
        # 「サーバーは被害はなかったけど、受付のPCが暗号化」 reports; it does not withdraw (but the alarm's own words explained as
        # no attack, 「英語の画面は更新の途中の表示だったそうです」, withdraw it)
        command = None
    # 「NTTの回線障害だったそうです。間違いでした」: the cause of a false alarm names a kind, which is no news.
    # (「ありました！カルテの間に挟まってました」 names カルテ again: a value the record already holds is no news)
    news = [f for f in reading.fills()
            if (f != "kind" and _tells_news(reading, answers, f))
            or (f == "kind" and reading.kind != answers.kind and (command != "false_alarm" or reading.kind_explicit))]
    if command in ("false_alarm", "correct") and news and not (command == "false_alarm" and (found_again or _withdraws_at_the_end(text))):
        # 「さっきの人数は間違いでした、30人です」 corrects; it does not withdraw the report, while
        # 「業者に聞いたら偽の警告で、感染はしとらんそうです。誤報です」 tells what it learned and withdraws
        # (the facts are filed, and the withdrawal is confirmed before the record is marked).
        reading.correction, command = True, None
    reading.command = command
    return reading


def _tells_news(reading: TriageReading, answers: IncidentAnswers, slot: str) -> bool:
    """Whether what the message says for ``slot`` differs from the record (the days closed count with care, the
    number of people with the patient data)."""
    beside = {"care_stopped": "closure_days", "patient_data": "affected_people"}.get(slot)
    if beside is not None and getattr(reading, beside) is not None and getattr(reading, beside) != getattr(answers, beside):
        return True
    said = getattr(reading.details, slot) if slot in notice_details.FIELDS else getattr(reading, slot)
    return said != getattr(answers, slot, None)


def _from_choice(reading: TriageReading, chosen: tuple[str, str], now: dt.datetime) -> TriageReading:
    slot, value = chosen
    if slot == "kind":
        reading.kind, reading.kind_explicit = value, True
    elif slot == "patient_data":
        reading.patient_data = value  # type: ignore[assignment]
    elif slot == "care_stopped":
        if value == "unknown":
            reading.care_stopped = "unknown"
        else:
            reading.closure_days = int(value)
            reading.care_stopped = "yes" if reading.closure_days else "no"
    elif slot == "found_at":
        days_back = {"now": 0, "today": 0, "yesterday": 1}
        if value == "unknown":
            reading.found_at = UNKNOWN_MOMENT
        elif value == "now":
            reading.found_at = f"{now:%Y-%m-%dT%H:%M}"
        else:
            reading.found_at = (now.date() - dt.timedelta(days=days_back[value])).isoformat()
    elif slot in ("told", "notified"):
        told, notified, _, _, _ = _parties(value, slot)
        reading.told, reading.notified = (told if slot == "told" else None), (notified if slot == "notified" else None)
        if slot == "told" and reading.told is None:
            reading.told = []
        if slot == "notified" and reading.notified is None:
            reading.notified = []
    return reading


# --- applying a reading to the record ----------------------------------------------------------


def names_another_incident(text: str) -> bool:
    """「別件ですが…」 "another incident": the message says it is about something else."""
    return _V.has("another_incident", jtext.normalize(text))


def says_it_happened_again(text: str) -> bool:
    """「また別の職員がリンクを開いて…」「今度は別の患者さんの紹介状を…」: the same kind, once more."""
    return _V.has("happened_again", jtext.normalize(text))


def answers_yes_or_no_first(text: str) -> bool:
    """「はい、…」「いいえ、…」: the message opens with a yes or a no."""
    text = jtext.normalize(text).strip()
    return bool(_V.pattern("denies_first").match(text) or _V.pattern("affirms_first").match(text))


def affirms(text: str) -> bool:
    """「はい」「お願いします」: a yes to the bot's own yes/no question. One that opens with はい is a yes whatever
    follows (「はい、大丈夫です」 to 「誤報として閉じますか？」: 大丈夫 is no denial there)."""
    text = jtext.normalize(text).strip()
    if _V.pattern("denies_first").match(text):
        return False
    return bool(_V.pattern("affirms_first").match(text)) or (_V.has("confirm", text) and not denies(text))


def after_yes_or_no(text: str) -> str:
    """The message without the はい/いいえ that opens it (it answered the bot's own question)."""
    text = jtext.normalize(text).strip()
    match = _V.pattern("denies_first").match(text) or _V.pattern("affirms_first").match(text)
    return text[match.end():].lstrip("、,。. ") if match else text


def denies(text: str) -> bool:
    text = jtext.normalize(text).strip()
    return bool(_V.pattern("denies_first").match(text)) or _V.has("denies", text)


def people_value(answers: IncidentAnswers) -> str | None:
    """The head count as the record keeps it in its history: 「5000」, or a range 「3000〜5000」."""
    if answers.affected_people is None:
        return None
    low = answers.affected_people_from
    return f"{low}〜{answers.affected_people}" if low else str(answers.affected_people)


def show(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "なし"
    return str(value)


def _closure_after(answers: IncidentAnswers, reading: TriageReading, text: str) -> tuple[int, dt.date | None]:
    """The days closed after this message, and the last of them when known.

    Days named (「今日も開けられませんでした」「明日も休みます」) after a closure already recorded add the
    days past its last one: staff tell a closure as it goes on, a day at a time. A count
    (「休診は3日になりました」), a correction or days named as the only ones (「今日だけ」) replace it."""
    days = reading.closure_days or 0
    dates = reading.closure_dates
    if not dates:
        return days, None
    if (reading.correction and not _V.has("closure_also", text)) or not answers.closure_days \
            or _V.has("closure_only_days", text):
        return days, dates[-1]
    through = answers.closure_through or _recorded_closure_end(answers)
    if through is None:
        return max(days, answers.closure_days), None  # no day to add to: a day named never shortens it
    later = [d for d in dates if d > through]
    return answers.closure_days + len(later), max(through, dates[-1])


def _recorded_closure_end(answers: IncidentAnswers) -> dt.date | None:
    """The last day of a closure recorded as a count, taken to start on the day it was noticed and
    to skip Sundays and holidays; None without that day."""
    try:
        day = dt.date.fromisoformat((answers.found_at or "")[:10])
    except ValueError:
        return None
    left = answers.closure_days or 0
    while True:
        if day.weekday() != 6 and holiday_name(day) is None:
            left -= 1
            if left <= 0:
                return day
        day += dt.timedelta(days=1)


def apply(answers: IncidentAnswers, reading: TriageReading, text: str, now: dt.datetime) -> list[Change]:
    """Write the reading into the record; every field that changed is returned as a Change."""
    before = answers.model_copy(deep=True)
    # An outage of unknown cause is made precise by what is found later (「画面の隅に英語のメッセージ…bitcoin」).
    refines = answers.kind == "system_down" and reading.kind not in (None, "other", "system_down")
    # A leak named after its cause (「利用者さん52人分の記録が見られる状態です」 after a lost tablet) is what the
    # cause risks, not another cause: a vague kind never replaces a precise one.
    explicit = reading.kind_explicit and reading.kind not in VAGUE_KINDS and reading.kind is not None
    if reading.kind is not None and (answers.kind in (None, "other") or refines or explicit):
        answers.kind = reading.kind
    if reading.patient_data is not None:
        answers.patient_data = reading.patient_data
        if reading.patient_data == "no":
            answers.affected_people = answers.affected_people_from = None
    if reading.affected_people is not None:
        answers.affected_people, answers.affected_people_from = reading.affected_people, reading.affected_people_from
    if reading.care_stopped is not None:
        answers.care_stopped = reading.care_stopped
        if reading.closure_days is not None or reading.care_stopped == "no":
            answers.closure_days, answers.closure_through = _closure_after(answers, reading, text)
    through = answers.closure_through
    if reading.closure_until is not None and through is not None and answers.closure_days \
            and 0 < (reading.closure_until - through).days <= REOPENING_WITHIN_DAYS:
        # 「結局10日（木）まで閉めて、今日から再開しました」: the closure recorded went on to that day.
        answers.care_stopped = "yes"
        answers.closure_days += _working_days(through + dt.timedelta(days=1), reading.closure_until, [])
        answers.closure_through = reading.closure_until
    if reading.found_at is not None:
        answers.found_at = reading.found_at
    if reading.occurred_at is not None:
        answers.occurred_at = reading.occurred_at
    if reading.last_seen_at is not None:
        answers.last_seen_at = reading.last_seen_at
    for name in ("told", "notified"):
        new: list[Party] | None = getattr(reading, name)
        old: list[Party] | None = getattr(answers, name)
        if new is None and not (old and set(old) & set(reading.not_told)):
            continue
        merged = [p for p in dict.fromkeys([*(old or []), *(new or [])]) if p not in reading.not_told]
        setattr(answers, name, merged)
    # Those said not told yet, until they are told (a telling said later stands).
    now_told = {*(answers.told or []), *(answers.notified or [])}
    answers.not_told = [p for p in dict.fromkeys([*answers.not_told, *reading.not_told]) if p not in now_told]
    struck = [*_people_taken_back(text), *reading.people_untold]
    if reading.people or struck:
        # 「すみません、院長じゃなくて事務長に電話したんでした」: the one named first is taken back.
        answers.told_people = [p for p in dict.fromkeys([*answers.told_people, *reading.people]) if p not in struck]
    if reading.staff_data:
        answers.staff_data = True
    if reading.also_kind is not None and reading.also_kind != answers.kind and reading.also_kind not in answers.also_kinds:
        answers.also_kinds = [*answers.also_kinds, reading.also_kind]
    for name in reading.details.said():
        said = getattr(reading.details, name)
        if name == "witnesses" and answers.witnesses and not reading.correction and notice_details.NONE not in (said, answers.witnesses):
            said = f"{answers.witnesses}、{said}"  # 「院長も見ていました」 adds a witness; 「…じゃなくて…」 corrects one
        setattr(answers, name, said)
    changes = []
    message = text[:200]
    for name in ("kind", "also_kinds", "patient_data", "affected_people", "care_stopped", "closure_days", "occurred_at", "last_seen_at", "found_at", "told",
                 "notified", *notice_details.FIELDS):
        old_value, new_value = getattr(before, name), getattr(answers, name)
        if name == "also_kinds":  # (none told yet is no answer: a first one is recorded, not changed)
            old_value, new_value = old_value or None, new_value or None
        if name == "affected_people":  # (a range is one value: 「3000〜5000」)
            old_value, new_value = people_value(before), people_value(answers)
        if old_value != new_value:
            changes.append(Change(at=now, field=name, old=show(old_value), new=show(new_value), message=message))
        elif name == "told" and before.told_people != answers.told_people:
            # the staff told, by name: 「院長」 → 「事務長」 changes who knows, though "staff" stays
            changes.append(Change(at=now, field=name, old=show(before.told_people), new=show(answers.told_people), message=message))
    return changes


def _people_taken_back(text: str) -> list[str]:
    """Staff named and taken back in the same breath (「院長じゃなくて事務長に」): not the ones told."""
    struck = []
    for clause in _clauses(text):
        key, _ = key_and_mask(clause)
        struck += [label for _, end, party, label in _party_spans(clause)
                   if party == "staff" and label and _V.pattern("taken_back_after").match(key, end)]
    return struck
