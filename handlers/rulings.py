"""Answer a question about cover that names an item the pamphlet rules on plainly (war, crypto-
assets, fines, a lost paper record …) with that ruling, whatever its wording, before retrieval.

The verdict and the quoted statement come from knowledge/rulings.yaml, where every statement is
checked to stand in its section; nothing here decides a verdict."""

from __future__ import annotations

from typing import Any

from handlers.common import agent_text, cite, period_ended_note, source_line
from handlers.context import Context
from handlers.emergency import KIND_ASKED_REASON
from handlers.messages import Reply
from handlers.intents import asks_permission, is_question, language, points_back
from handlers.verdicts import (EXCLUSION_SECTION, NOT_STATED_TAIL, RULE_LEAD, asks_about_a_duty, asks_for_a_verdict, asks_the_consequence_of_a_case, names_an_item_alone, asks_if_possible, asks_whether_someone_helps, asks_who_pays,
                               covered_caveat, verdict_lead)
from knowledge import text as jtext
from knowledge.clock import contact_status
from knowledge.formatting import moment_ja
from knowledge.incident_flow import get_incident_flow
from knowledge.rulings import Ruling, get_rulings


def covered_event_kind(ctx: Context) -> str | None:
    """The kind of the event under one of the pamphlet's 対象事由 that the conversation has told of:
    the incident open in the chat, or one the message itself reports (knowledge/first_steps.yaml
    cover_events); None when it has told of none."""
    flow = get_incident_flow()
    if ctx.incident is not None and ctx.session.flow == "incident" and flow.cover_event(ctx.incident.kind) is not None:
        return ctx.incident.kind
    detection = ctx.understood().emergency
    if detection.reason == KIND_ASKED_REASON:
        return None  # 「ランサムウェアにやられた時はどんな費用が出るんですか？加入検討中です」: a kind asked about, no event told
    return detection.kind if detection.level != "none" and flow.cover_event(detection.kind) is not None else None


def ruling_in(ctx: Context, retriever: Any = None) -> Ruling | None:
    """ruling_for() of the message as typed, in its conversation (see Ruling.event_group). (Read
    from kana into kanji words, messages typed in kana alone matched statements and examples they had
    not been understood by, and got their verdicts: new wrong verdicts on ruling sets 4, 11 and 14.)

    A message that asks the last question again with a fact added or corrected (「それでも同じ扱い
    ですか」) and names no ruling by itself is read with that question."""
    event_told = covered_event_kind(ctx) is not None
    before = ctx.question_restated()
    if before is None and ctx.incident is not None and points_back(jtext.normalize(ctx.typed)) \
            and ruling_for(ctx.typed, event_told=event_told) is None:
        # 「そのお金って保険で戻ってきますか？」 inside an incident points back at its report (「…先週そこに振り込み
        # ました」): the question is read with the record's words.
        told = " ".join(d.text for d in ctx.incident.answers.description if d.text != ctx.inbound.text)
        if told:
            return ruling_for(ctx.typed, event_told=event_told, before=told) or ruling_for(ctx.typed, retriever, event_told=event_told)
    if before is None:
        return ruling_for(ctx.typed, retriever, event_told=event_told)
    alone = ruling_for(ctx.typed, event_told=event_told)
    if alone is not None and alone.scope == "event":
        # 「よく調べたら…ディスク故障で止まっていたせいでした」 corrects the cause of the story asked about: the
        # question before, read with the new cause, is the one to answer (the cause alone is its fallback).
        return ruling_for(ctx.typed, event_told=event_told, before=before) or alone
    if alone is not None:
        return alone
    return ruling_for(ctx.typed, event_told=event_told, before=before) or ruling_for(ctx.typed, retriever, event_told=event_told)


def ruling_for(question: str, retriever: Any = None, event_told: bool = False, before: str | None = None) -> Ruling | None:
    """The ruling a question about cover names; None for a question that asks something else
    (「罰金って最高いくら？」 asks an amount, 「示談書も出すの？」 a document).

    With a retriever, a question that names no ruling word is compared with the example questions
    (knowledge/ruling_examples.py): 「院長がカッとなって元職員の履歴書をSNSに…賠償は出る？」.

    ``before``: the question this one asks again (Rulings.naming_after); what kind of question it is
    (whether, when, who pays) is then the earlier one's: 「それでも同じですか」 asks what it asked."""
    rulings = get_rulings()
    words = question
    if before is None:
        named = rulings.first_naming(words, event_told)
        if named is not None and named.lists and event_told and not named.beside_an_event:
            return None  # 「この件、保険で何が出ますか」 beside an incident asks the cover of that event, not the list
    else:
        named = next(rulings.naming_after(before, words, event_told), None)
        listed = rulings.first_naming(before, event_told)
        if listed is not None and listed.lists and named is not None:
            # "Is a state-sponsored cyber attack one of them?" after the exclusions listed: that item's own
            # ruling; an item no ruling names (「その中で弁護士に払うお金は入ってる？」) is not answered by the
            # list again.
            return None if named.lists else named
        question, retriever = before, None  # (the example questions are single messages)
    if before is None and names_an_item_alone(question):
        alone = named or rulings.naming_the_item_alone(words)
        if alone is not None and not alone.answers_when:
            return alone  # 「罰金は？」「身代金は？」 "Fines?": whether the item is paid, to an insurance assistant
    if named is not None and not named.lists and before is None and asks_the_consequence_of_a_case(question) \
            and not asks_for_a_verdict(question):
        return named  # 「戦争のせいでサイバー攻撃受けたら、どげんなっと？」: what follows for a ruled item is its verdict
    if is_question(question) and not asks_for_a_verdict(question):
        # 「罰金って最高いくら？」 asks an amount, 「費用の目安は？」 an example; but whom the support
        # service's firms are paid by is the service's own rule, asked with "who" or not, and
        # whether something must be done (「保険のほうに連絡しておく必要はありますか」) is a duty's.
        if asks_about_a_duty(question) and named is not None and named.duty:
            return named  # (before who pays: 「出さないとどうなりますか」 asks what not doing a duty costs)
        if asks_permission(question) and named is not None and named.verdict in ("rule", "cannot"):
            # 「『全部弁償します』って言ってしまってもいいですか」: the pamphlet's rule on that act answers;
            # 「保険金に質権をつけさせてもいいですか」: what cannot be done answers whether it may be
            return named

        if named is not None and named.lists:
            return named  # 「保険金が出ないのはどんな場合ですか」: the list is the answer
        if named is not None and named.answers_any_question:
            return named  # 「まとめて入ってるけど、片方で使ったら枠は減るの？」: the rule is the answer
        if asks_whether_someone_helps(question) and named is not None and (named.verdict == "cannot" or named.scope == "service"):
            return named  # 「保険会社の人が間に入ってくれます？」: what the insurer cannot do answers it
        if asks_if_possible(question) and named is not None and named.verdict == "cannot":
            return named  # 「質権を設定したいそうです。応じられますか？」: what cannot be done answers whether it can
        if asks_who_pays(question):
            return named if named is not None and named.scope == "service" else None
        if asks_about_a_duty(question) and not (named is not None and named.answers_when):
            return None  # (「はいりますか」 may be 入ります: a ruling that says when still answers it)
        # 「必要な書類を出したら、お金はいつごろ入りますか」: when the insurer pays is the pamphlet's rule.
        if named is not None and named.answers_when:
            return named
        return rulings.first_answering_when(words, event_told, before) if named is not None else None
    # A statement (「ハッキングでビットコインがなくなりました」) routed here asks about cover by itself.
    if named is not None and named.answers_when:
        # 「いつ感染したか分からないけど保険金は出ますか」 asks whether, not when.
        return None
    if named is not None or retriever is None or not hasattr(retriever, "nearest_ruling"):
        return named
    if language(question) != "ja":
        # English questions share one frame (「Does the policy cover X?」) that the model places close
        # together whatever X is: 「…cover ransomware?」 sat nearest to a question on lost profits.
        return None
    nearest = retriever.nearest_ruling(question)
    return rulings.by_id(nearest) if nearest is not None else None


def _lead(ruling: Ruling) -> str:
    if ruling.verdict == "excluded":
        return verdict_lead("excluded", None if ruling.section == EXCLUSION_SECTION else "excluded_elsewhere")
    if ruling.verdict == "not_stated":
        return f"{ruling.subject}{NOT_STATED_TAIL}"
    if ruling.verdict == "rule":
        return f"{ruling.condition}{RULE_LEAD}" if ruling.condition else RULE_LEAD
    return f"{ruling.condition}{verdict_lead(ruling.verdict)}"


def _next_full_service(ctx: Context, contact_id: str) -> str:
    """「明日は土曜ですが、いつになりますか」: the moment that rule gives for a request made now."""
    status = contact_status(ctx.facts.contact(contact_id), ctx.now, ctx.facts)
    if status.full_service_now or status.full_service_from is None:
        return f"いま（{moment_ja(ctx.now)}）は平日の受付時間内です。"
    return f"いま（{moment_ja(ctx.now)}）のご依頼の場合、対応は {moment_ja(status.full_service_from)} 以降になる場合があります。"


def _quoted(ruling: Ruling) -> str:
    label = "関連する記載" if ruling.verdict == "not_stated" else "パンフレットの記載"
    return f"{label}：\n" + "\n".join(f"「{q}」" for q in (ruling.statement, *ruling.also, *(line.text for line in ruling.elsewhere)))


def answer(ctx: Context, ruling: Ruling) -> Reply:
    texts = [_lead(ruling), _quoted(ruling)]
    sections = [ruling.section, *(line.section for line in ruling.elsewhere)]
    pair = get_rulings().named_beside(ctx.typed, ruling, covered_event_kind(ctx) is not None)
    beside = pair[0] if pair is not None else None
    if pair is not None and beside is not None:
        # 「罰金とコールセンターの費用は、それぞれ保険で出ますか」: each item its own verdict, named by the user's
        # word for it (one quote for both when the same line of the pamphlet rules on both: 著作権 and 特許).
        _, first_word, other_word = pair
        texts[0] = f"「{first_word}」について：{texts[0]}"
        texts.append(f"「{other_word}」について：{_lead(beside)}")
        if beside.statement != ruling.statement:
            texts.append(_quoted(beside))
        sections += [beside.section, *(line.section for line in beside.elsewhere)]
        if beside.verdict in ("not_stated", "rule") and ruling.verdict not in ("not_stated", "rule"):
            texts.append(f"個別のケースは、{agent_text(ctx.facts)}へご確認ください。")
            sections.append("sec-18")
    if ruling.verdict == "covered":
        texts.append(covered_caveat())
        sections.append(EXCLUSION_SECTION)
    if ruling.next_full_service_of is not None:
        texts.append(_next_full_service(ctx, ruling.next_full_service_of))
    if ruling.verdict in ("not_stated", "rule"):
        texts.append(f"個別のケースは、{agent_text(ctx.facts)}へご確認ください。")
        sections.append("sec-18")  # the agent's number and hours
    ended = period_ended_note(ctx.facts, ctx.now, [ruling.statement, *ruling.also])
    if ended:
        texts.append(ended)
        sections.append("sec-18")
    sources = cite(*sections)
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="coverage", sources=sources)
