"""Coverage questions, answered from the pamphlet's own sentences, cited.

Extractive on purpose: the answer quotes the chunks retrieval found, so it cannot state a
number, date or phone number that its cited section lacks. When retrieval is not confident,
the bot says the pamphlet does not answer the question and gives the agent: a wrong confident
answer is worse than "I don't know".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol, Sequence

from handlers.common import agent_text, cite, period_ended_note, phone, source_line
from handlers.context import Context
from handlers.messages import Reply
from handlers import rulings
from handlers.intents import language
from handlers.verdicts import (COVERED_SECTIONS, EXCLUSION_SECTION, Verdict, asks_for_a_verdict, exclusion_naming, verdict_line,
                              verdict_of)
from knowledge.answerability import asked_means, names_means, noun_runs, unknown_topics
from knowledge.answer_types import AnswerType, holds, wanted
from knowledge.chunks import chunk_at
from knowledge.lexical import expand, lexical_index, pamphlet_text, synonyms_of
from knowledge.pamphlet import get_section
from knowledge.text import fold, kana_only, normalize
from knowledge.vocab import vocabulary

# How the pamphlet's text is laid out, and whether a question asks for a whole list: patterns in
# knowledge/lexicon/coverage.yaml (what each one means is said there). A missing or unknown name
# stops the start-up.
_V = vocabulary("coverage").check(patterns=("introduces", "points_onward", "enumerates", "footnote_mark"))

# Share of the question's own evidence the best chunk must hold, else "not in the pamphlet".
# Most unanswerable questions are caught by knowledge.answerability (a noun the pamphlet never
# mentions), so this floor only catches questions that match nothing. Measured over the 460
# answerable questions of the labelled sets and the case file: at 0.15 one is refused, at 0.25
# thirty-eight were.
MIN_COVERAGE = 0.15
MAX_QUOTE_CHARS = 260
# A runner-up is quoted too when it scores nearly as well and holds nearly as much of the
# question's evidence: two short quotes beat one wrong one (measured on tests/cases/coverage.json).
RUNNER_UP_SAME = 0.5
RUNNER_UP_OTHER = 0.5
RUNNER_UP_EVIDENCE = 0.5


class Retriever(Protocol):
    def search(self, query: str, k: int = 5) -> Sequence[Any]: ...  # list[knowledge.index.Hit]


def _trim(text: str) -> str:
    text = re.sub(r"\s*\n\s*", " ", text).strip()
    if len(text) <= MAX_QUOTE_CHARS:
        return text
    cut = text.rfind("。", 0, MAX_QUOTE_CHARS)
    return text[: cut + 1] if cut > 60 else text[:MAX_QUOTE_CHARS] + "…"


NOT_FOUND = "申し訳ありません。パンフレットには、このご質問に直接お答えできる記載が見つかりませんでした（パンフレットには記載がありません）。"
# Beside an emergency's answer, which already gives whom to call now: the agent's weekday hours and a
# loosely related quote would only be noise at 22:30.
NOT_FOUND_BESIDE_A_REPORT = ("ご質問の点は、パンフレットに直接の記載が見つかりませんでした（パンフレットには記載がありません）。"
                             "補償の詳しいことは、上の窓口へのお電話の際にご確認ください。")


def is_not_found(reply: Reply) -> bool:
    return bool(reply.texts) and reply.texts[0] == NOT_FOUND


def not_found(ctx: Context, related: Any | None = None) -> Reply:
    """The pamphlet does not answer: say so, give the agent, and (when retrieval found the
    question's subject) quote what the pamphlet does say about it, cited."""
    texts = [NOT_FOUND]
    sections = ["sec-18"]
    if related is not None:
        texts.append(f"関連する記載：{_quote(related)}")
        sections.insert(0, related.section)
    sources = cite(*sections)
    texts += [f"確実なご案内のため、{agent_text(ctx.facts)}へお問い合わせください。", source_line(sources)]
    return Reply(texts=texts, intent="coverage", sources=sources, phones=[phone(ctx.facts.contact("agent"))])


def evidence(question: str, chunk: Any) -> float:
    """How much of the question's own evidence the chunk holds (0..1)."""
    index = lexical_index()
    return index.coverage(expand(question), index.position[chunk.id])


NOTE_EVIDENCE = 0.2


def _note_speaks_to(question: str, note: Any) -> bool:
    """A ※ note gives the verdict only when it is about the question (「※…罰金については…支払対象外」
    for 罰金), not when it shares only its heading (内部犯罪 for a question on 報告の費用)."""
    return lexical_index().text_coverage(expand(question), note.text) >= NOTE_EVIDENCE


TABLE_NOTES = 3


def _table_notes(row: Any) -> list[Any]:
    """The ※ notes printed under the table a row belongs to: its conditions (「※本サービスは、…
    保険金がお支払いできる場合にご利用いただけるサービスです」)."""
    n = row.position + 1
    while (following := chunk_at(row.section, n)) is not None and following.kind == row.kind:
        n += 1
    notes = []
    while (note := chunk_at(row.section, n)) is not None and note.text.startswith("※") and len(notes) < TABLE_NOTES:
        notes.append(note)
        n += 1
    return notes


def _following_note(chunk: Any) -> Any | None:
    """The ※ note printed right after a statement belongs to it (section 2's 罰金 note)."""
    following = chunk_at(chunk.section, chunk.position + 1)
    return following if following is not None and following.text.startswith("※") else None


LIST_ITEMS = 4


def _introduced_items(chunk: Any) -> list[Any]:
    """「以下の事項を…通知してください。」 is answered by the items that follow it."""
    if not _V.pattern("introduces").search(chunk.text):
        return []
    following = [c for n in range(1, LIST_ITEMS + 1) if (c := chunk_at(chunk.section, chunk.position + n)) is not None]
    return [c for c in following if c.kind in ("item", "table_row") or LIST_ITEM.match(c.text)]


def _quote(chunk: Any) -> str:
    """「heading：statement」, the statement trimmed to what a chat message can hold."""
    heading = chunk.quotable[: -len(chunk.text)]
    return f"「{heading}{_trim(chunk.text)}」"


HEADING_CHARS = 40
POINTER_CHARS = 60
# A runner-up that holds the asked-for kind of statement goes first only when it holds at least
# half as much of the question: another office's opening hours must not answer for the desk's.
# Measured on the labelled answers and the case file: 0.8 and 0.65 lose 「Tokio Cyber Portは
# どこの会社？」 (powered by 東京海上日動) and 「サイ窓って何時まで？」; 0.5 loses nothing.
PROMOTE_EVIDENCE = 0.5
PROMOTE_DEPTH = 5
# Asked-for statements that nothing else can stand in for: without the number, the address, the
# date (or a deadline such as 遅滞なく), the count or the ratio itself, the answer is "not in the
# pamphlet" — the statement about 申込締切日 does not answer 「一時支援金の申請期限はいつまで？」.
# Amounts are not strict: measured, a statement of what is paid answers most 「いくら？」 questions.
STRICT_TYPES = ("fax", "email", "url", "phone", "date", "day", "count", "ratio")
OWNED_TYPES = ("fax", "email", "url", "phone")  # each belongs to one organisation: it must be the one asked about
# How far from a retrieved chunk its asked-for statement may sit: a contact card follows the
# sentence that names it ("…下記SOMPOサイバーインシデントサポートデスクまで" → the number).
NEIGHBOURS = (1, 2, 3)


def _is_heading(chunk: Any) -> bool:
    return len(chunk.text) < HEADING_CHARS and not chunk.text.endswith("。") and chunk.kind == "sentences"


def _heading_body(chunk: Any) -> Any | None:
    """A retrieved heading (「加入手続きの簡素化」) is answered by what it heads, and a short pointer
    (「詳しい内容については下記をご確認ください。」) by what it points to."""
    pointer = len(chunk.text) < POINTER_CHARS and _V.pattern("points_onward").search(chunk.text) is not None
    if not (_is_heading(chunk) or pointer):
        return None
    return chunk_at(chunk.section, chunk.position + 1)


def _promote_answer_type(question: str, hits: list[Any], types: tuple[AnswerType, ...]) -> list[Any]:
    """When the question asks for a kind of statement (a number, a time, a URL) that the best hit
    lacks but a runner-up about the question holds, the runner-up answers it."""
    top_evidence = evidence(question, hits[0].chunk)
    for i, hit in enumerate(hits[1:PROMOTE_DEPTH], 1):
        if holds(hit.chunk.quotable, types) and evidence(question, hit.chunk) >= PROMOTE_EVIDENCE * top_evidence:
            return [hit] + hits[:i] + hits[i + 1:]
    return hits


def _answer_type_neighbour(question: str, top: Any, types: tuple[AnswerType, ...]) -> Any | None:
    """A chunk right after the best one, in its section, that holds what the question asks for —
    and is about the same thing: the best chunk points on to it (「下記…サポートデスクまで」) or
    it shares the question's evidence. Another organisation's card a line away must not answer."""
    pointing = _V.pattern("points_onward").search(top.text) is not None
    top_evidence = evidence(question, top)
    for step in NEIGHBOURS:
        near = chunk_at(top.section, top.position + step)
        if near is None or not holds(near.quotable, types):
            continue
        if pointing or evidence(question, near) >= RUNNER_UP_EVIDENCE * top_evidence:
            return near
    return None


HEADING_YIELDS_TO = 3  # how far down a statement may sit to take the lead from a heading


def _statement_before_heading(question: str, hits: list[Any]) -> list[Any]:
    """A heading ranks high because it is short and all subject words (「日本医師会…相談窓口」), but it
    states nothing: a statement close behind it that holds as much of the question leads instead."""
    if not hits or not _is_heading(hits[0].chunk):
        return hits
    top_evidence = evidence(question, hits[0].chunk)
    for i, hit in enumerate(hits[1:HEADING_YIELDS_TO], 1):
        if not _is_heading(hit.chunk) and evidence(question, hit.chunk) >= top_evidence:
            return [hit] + hits[:i] + hits[i + 1:]
    return hits


def choose(question: str, hits: Sequence[Any]) -> list[Any]:
    """The chunks to quote: the best, its ※ note or the list it introduces, and a runner-up
    that is as close and as relevant. When the question asks for a number, a time or an
    address that the best chunk lacks, the chunk right after it that holds one comes first
    (the desk's number follows the sentence naming the desk); failing that, a runner-up that
    holds one and is nearly as relevant takes the lead."""
    types = wanted(question)
    ordered = _statement_before_heading(question, list(hits))
    if not types or holds(ordered[0].chunk.quotable, types):
        return _chosen(question, ordered)
    near = _answer_type_neighbour(question, ordered[0].chunk, types)
    if near is not None:
        return [ordered[0].chunk, near] + [c for c in _chosen(question, ordered)[1:] if c != near][:2]
    return _chosen(question, _promote_answer_type(question, ordered, types))


# Numbered markers, not words, so they stay here: ① … ⑳ starts a condition under a note or an
# exclusion item; <1>, ① or "1." starts a list item.
NOTE_ITEM = re.compile(r"^[①-⑳]")
LIST_ITEM = re.compile(r"^(<\d>|[①-⑳]|\d+\.\s?)")
NOTE_ITEMS = 3


def _footnotes(chunk: Any) -> list[Any]:
    """「…ネットワークの遮断対応を外部委託した場合に支出する費用など(注1)」: the (注1) it refers
    to, with the numbered conditions under it, is part of the statement."""
    out: list[Any] = []
    for mark in dict.fromkeys(_V.pattern("footnote_mark").findall(chunk.text)):
        n = chunk.position + 1
        while (note := chunk_at(chunk.section, n)) is not None and not note.text.startswith(f"({mark})"):
            n += 1
        if note is None:
            continue
        out.append(note)
        for step in range(1, NOTE_ITEMS + 1):
            item = chunk_at(chunk.section, n + step)
            if item is None or not NOTE_ITEM.match(item.text):
                break
            out.append(item)
    return out


MAX_SIBLINGS = 6


def _siblings(chunk: Any) -> list[Any]:
    """The rows or items of the table or list the chunk belongs to (same heading, same kind),
    in the pamphlet's order; just the chunk when the list is longer than a message can hold."""
    def same(other: Any | None) -> bool:
        return other is not None and other.kind == chunk.kind and other.context == chunk.context

    first = chunk.position
    while same(chunk_at(chunk.section, first - 1)):
        first -= 1
    last = chunk.position
    while same(chunk_at(chunk.section, last + 1)):
        last += 1
    if last - first + 1 > MAX_SIBLINGS:
        return [chunk]
    return [c for n in range(first, last + 1) if (c := chunk_at(chunk.section, n)) is not None]


def _chosen(question: str, hits: Sequence[Any]) -> list[Any]:
    top = hits[0]
    # 「どんな事由が対象？」 asks for the whole list: one row of it is a wrong, partial answer.
    if _V.pattern("enumerates").search(question) and top.chunk.kind in ("table_row", "item") and top.chunk.context:
        rows = _siblings(top.chunk)
        if len(rows) > 1:
            return rows
    chosen = [top.chunk]
    body = _heading_body(top.chunk)
    if body is not None:
        chosen.append(body)
    note = _following_note(top.chunk)
    if note is not None:
        chosen.append(note)
    notes = [c for c in _footnotes(top.chunk) if c not in chosen]
    if notes:
        return chosen + notes
    items = _introduced_items(top.chunk)
    if items:
        return chosen + items
    top_evidence = evidence(question, top.chunk)
    for hit in hits[1:3]:
        if hit.chunk in chosen or len(chosen) >= 3:
            continue
        same_section = hit.chunk.section == top.chunk.section
        close = hit.score >= (RUNNER_UP_SAME if same_section else RUNNER_UP_OTHER) * top.score
        if close and evidence(question, hit.chunk) >= RUNNER_UP_EVIDENCE * top_evidence:
            chosen.append(hit.chunk)
    return chosen


@dataclass(frozen=True)
class _Found:
    """A chunk the composer brings in itself (not from retrieval), shaped like a retrieval hit."""
    chunk: Any
    score: float


def _exclusion_first(question: str, hits: list[Any]) -> list[Any]:
    """Before a question about payment is answered "covered", the exclusions are checked: one that
    names the question's rarest noun, with the words that noun comes with in the question
    (「院長が故意に起こした事故は？」 → ① 故意; 「お詫び広告」 is not ⑧'s 広告宣伝活動), answers it."""
    if not asks_for_a_verdict(question):
        return hits
    if hits[0].chunk.section == EXCLUSION_SECTION:
        return _exclusion_on_own_words(question, hits)
    exclusion = exclusion_naming(question)
    if exclusion is None:
        return hits
    return [_Found(chunk=exclusion, score=hits[0].score)] + [h for h in hits if h.chunk != exclusion]


def _subject_nouns(question: str, types: tuple[AnswerType, ...]) -> tuple[list[str], str]:
    """What the question asks the number of: the nouns of its longest run of nouns once the words
    asking for a number are taken out (「医師協同組合」, 「SOMPOリスクマネジメント」), and that run
    as written (「損保ジャパン」, to be found under its synonyms); nothing when it names none."""
    subject = normalize(question)
    for kind in types:
        subject = kind.question.sub("、", subject)
    # A name in kana is too often the pamphlet's Latin letters (トーキョーサイバーポート for Tokio Cyber
    # Port), and a kana fragment turns up inside other words (ポート in サポート): only nouns with
    # kanji or Latin letters that the pamphlet writes are looked for.
    runs = [([noun for noun in run if noun in pamphlet_text() and not kana_only(noun)], "".join(run))
            for run in noun_runs(subject)]
    runs = [(nouns, whole) for nouns, whole in runs if nouns]
    return max(runs, key=lambda r: (sum(map(len, r[0])), r[0])) if runs else ([], "")


def _names_all(chunk: Any, subject: tuple[list[str], str]) -> bool:
    """Does the statement name that subject: every one of its nouns, or the whole name under one of
    its synonyms (損保ジャパン is the card's 引受保険会社)?"""
    nouns, whole = subject
    text = fold(chunk.search_text)
    if all(noun in text for noun in nouns):
        return True
    return any(term in text for term in synonyms_of(whole) if len(term) >= 2 and term != whole)


# A noun found in more chunks than this (事故, 賠償, 情報) is common to the whole pamphlet: holding
# it says nothing of whether a statement is about the question.
SUBJECT_SPREAD = 20


def _names_its_subject(question: str, exclusion: Any) -> bool:
    """Does the question name what the exclusion is about: one of the question's own nouns that is
    not common to the whole pamphlet is in the exclusion's words, or exclusion_naming() reads it?
    Met through a stand-in alone (「理事長が起こした事故」 meets ② 役員 of officers' *data* only
    through 理事長 → 役員), it is not."""
    if language(question) != "ja":
        return True  # an English question's nouns are not the pamphlet's: its terms were matched already
    index = lexical_index()
    text = fold(exclusion.text)
    # 紙 is a noun of one character; a lone kana is no noun of a subject.
    own = {noun for run in noun_runs(question) for noun in run if len(noun) >= 2 or not kana_only(noun)}
    if any(noun in text and index.spread(noun) <= SUBJECT_SPREAD for noun in own):
        return True
    return exclusion_naming(question) == exclusion


def _exclusion_on_own_words(question: str, hits: list[Any]) -> list[Any]:
    """An exclusion that retrieval put first leads only when the question names its subject; else
    it would answer 対象外 to a question it is not about, and the next statement leads instead."""
    if len(hits) < 2 or _names_its_subject(question, hits[0].chunk):
        return hits
    return hits[1:] + hits[:1]


REFERS_TO_SUBJECT = "本サービス"


def _what_it_refers_to(chosen: list[Any]) -> list[str]:
    """Quoted alone, 「本サービスは…」 leaves the reader asking which service: the section names it."""
    subjects = dict.fromkeys(c.subject for c in chosen if c.subject and REFERS_TO_SUBJECT in c.text)
    return [f"（「{REFERS_TO_SUBJECT}」は{subject}のことです）" for subject in subjects]


def _verdict(question: str, chosen: list[Any]) -> tuple[Verdict, list[Any]]:
    """The verdict of the lead statement (with its ※ note when the note speaks to the question).
    When the lead says nothing of payment (a claims form, an example) and an exclusion item quoted
    beside it does, the exclusion answers and leads. Measured: letting a cost item beside the lead
    answer gave as many wrong verdicts as right ones; an exclusion item gave none."""
    note = _following_note(chosen[0])
    verdict = verdict_of(question, chosen[0], note if note in chosen and _note_speaks_to(question, note) else None)
    if verdict == "covered" and chosen[0].section not in COVERED_SECTIONS and not _names_its_subject(question, chosen[0]):
        # A question whether money wired to a fraudster comes back met the JMA's payment line through
        # the yen unit alone: a payment stated outside the cover's own sections, about nothing the
        # question names, is quoted without a verdict read off it.
        verdict = "info"
    if verdict == "service":
        # A support function is offered on the table's conditions: they are quoted with it.
        return verdict, chosen[:1] + [c for c in _table_notes(chosen[0]) if c not in chosen] + chosen[1:2]
    if verdict != "info":
        return verdict, chosen
    exclusion = next((c for c in chosen[1:] if c.section == EXCLUSION_SECTION and NOTE_ITEM.match(c.text)), None)
    if exclusion is not None and not _names_its_subject(question, exclusion):
        # Quoted beside the answer, an exclusion the question is not about reads as its verdict.
        return verdict, [c for c in chosen if c != exclusion]
    if exclusion is None or (beside := verdict_of(question, exclusion)) == "info":
        return verdict, chosen
    return beside, [exclusion] + [c for c in chosen if c != exclusion]


HIRAGANA_TYPED = 0.7  # of the kana: a message in hiragana with the odd katakana word (not 「クーリングオフってできますか」)


def _typed_in_hiragana(question: str) -> bool:
    """「こうげきの たいおうで …ほけんで でる？」: a Japanese question with no kanji, mostly in hiragana (the IME off)."""
    if any("\u4e00" <= ch <= "\u9fff" or ch == "々" for ch in question):
        return False
    hiragana = sum("\u3041" <= ch <= "\u309f" for ch in question)
    katakana = sum("\u30a1" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f" for ch in question)
    return hiragana > 0 and hiragana >= HIRAGANA_TYPED * (hiragana + katakana)


QUESTION_KEPT = 2000  # characters of the question remembered for 「それでも同じ扱いですか」


def _asked(ctx: Context) -> str:
    """The question this message asks: as typed, after the one it asks again (「それでも同じですか」), and
    remembered as the question about cover last answered."""
    before = ctx.question_restated()
    question = ctx.typed if before is None else f"{before}\n{ctx.typed}"
    ctx.session.last_question, ctx.session.last_question_at = question[-QUESTION_KEPT:], ctx.now
    return question


def answer(ctx: Context, retriever: Retriever) -> Reply:
    question = _asked(ctx)  # (as typed, as the ruling below: see handlers.rulings.ruling_in)
    ruling = rulings.ruling_in(ctx, retriever)
    if ruling is not None:
        # What the pamphlet rules on plainly is answered with that ruling, however it is worded.
        return rulings.answer(ctx, ruling)
    hits = list(retriever.search(question, k=5))
    if not hits or evidence(question, hits[0].chunk) < MIN_COVERAGE:
        return not_found(ctx)
    if unknown_topics(question):
        # 「保険料は経費で落とせますか」: the pamphlet never mentions 経費; what it says of 保険料
        # is related, not an answer.
        return not_found(ctx, related=hits[0].chunk)
    chosen = choose(question, _exclusion_first(question, hits))
    means = asked_means(question)
    if means is not None and not any(names_means(c.quotable, means) for c in chosen):
        # 「加入依頼書はメールで送ってもいいですか」: the statement on sending names no e-mail.
        return not_found(ctx, related=chosen[0])
    strict = tuple(t for t in wanted(question) if t.name in STRICT_TYPES)
    owned = tuple(t for t in strict if t.name in OWNED_TYPES)
    subject = _subject_nouns(question, owned) if owned else ([], "")
    if strict and not any(holds(c.quotable, strict) and _names_all(c, subject) for c in chosen):
        # 「SOMPOリスクマネジメントの電話番号は？」: the pamphlet names it but prints no number. A number
        # (fax, e-mail, URL, phone) belongs to one organisation: another's is no answer, and is not
        # quoted beside the refusal either.
        related = chosen[0] if not owned else next(
            (h.chunk for h in hits if _names_all(h.chunk, subject) and not holds(h.chunk.quotable, owned)), None)
        return not_found(ctx, related=related)
    verdict, chosen = _verdict(question, chosen)
    if verdict in ("covered", "excluded", "excepted", "cannot") and language(question) != "ja":
        # An English question is matched to the Japanese statements by a few shared words: on the
        # ruled sets a verdict read off the statement retrieved for one was as often wrong as
        # right (6 and 6). The statements are quoted; a verdict comes only from the rulings table.
        verdict = "info"
    if verdict == "covered" and _typed_in_hiragana(question):
        # A question typed in hiragana cannot tell its own nouns from the pamphlet's (「ほうじんかーどの ぽいんと」
        # names nothing the pamphlet lists, yet matched its list of costs): "covered" is said only from the
        # rulings table, the statement is quoted (on the ruled sets: 2 wrong "covered" gone, 4 right ones
        # left as quotes without the verdict line; an exclusion quoted keeps its verdict).
        verdict = "info"
    quotes = [_quote(chunk) for chunk in chosen]
    texts = []
    line = verdict_line(verdict, chosen[0], " ".join(c.text for c in chosen))
    if line:
        texts.append(line)
    texts.append("パンフレットの記載：\n" + "\n".join(quotes + _what_it_refers_to(chosen)))
    sources = cite(*[c.section for c in chosen])
    if ctx.rephraser is not None:
        section_text = "\n".join(get_section(s.section).text for s in sources)
        smoother = ctx.rephraser.rephrase("\n".join(texts), section_text)
        if smoother:
            texts = [smoother]
    caveat = period_ended_note(ctx.facts, ctx.now, quotes)
    if caveat:
        texts.append(caveat)
        sources = cite(*[c.section for c in chosen], "sec-18")  # (the agent's number and hours)
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="coverage", sources=sources)


def handle(ctx: Context) -> Reply:
    if ctx.retriever is None:
        # No index (a terminal without one): what the pamphlet rules on plainly is still answered.
        _asked(ctx)
        ruling = rulings.ruling_in(ctx)
        return rulings.answer(ctx, ruling) if ruling is not None else not_found(ctx)
    return answer(ctx, ctx.retriever)
