"""Verdicts: is a question one that "covered / excluded / cannot" answers, and which does a pamphlet
statement give? Also the exclusion that names a question's subject, checked before any answer
says "covered".

A verdict is stated only when the leading statement gives it; a wrong confident verdict is the
worst answer this product can give (benchmarks/answers.py counts them).
"""

from __future__ import annotations

import re

from typing import Any, Literal

from knowledge.answerability import general_words, noun_runs, nouns
from knowledge.pamphlet import get_section
from knowledge.text import fold, kata_to_hira, per_text
from knowledge.vocab import vocabulary

Verdict = Literal["covered", "excluded", "excepted", "cannot", "service", "info"]

# The patterns live in knowledge/lexicon/verdicts.yaml (what each one means is said there); a
# missing or unknown name stops the start-up.
_V = vocabulary("verdicts").check(patterns=(
    "sentence_end", "yes_no", "about_cover", "asks_for_help", "about_a_law", "about_tax", "hypothetical", "names_a_cost", "wh_words", "english_condition_first", "consequence",
    "story_break", "embedded_question", "asks_payment", "ends_as_question", "names_the_cover", "clause_break", "refers_back", "who_pays",
    "asks_a_duty", "tell_me_frame", "does_it_for_us", "asks_if_possible", "consequence_of_a_case",
    "excluded", "cannot", "covered", "exception", "payment_said", "item_alone", "cover_noun",
))
EXCLUSION_SECTION = "sec-13"
COVERED_SECTIONS = ("sec-04", "sec-06", "sec-07")

EXCLUSION_SPREAD = 3  # a word in more chunks than this says too little to pick an exclusion by


@per_text
def names_an_item_alone(question: str) -> bool:
    """「罰金は？」「戦争って？」 "Fines?": the question is the item and nothing else."""
    return _V.pattern("item_alone").match(question.strip()) is not None


@per_text
def asks_for_a_verdict(question: str) -> bool:
    """Is this a question whose answer is "covered", "excluded" or "cannot"? (Katakana-heavy
    writing, 「ホケンきく？」, is read as the hiragana its words fold to.)"""
    return _asks_for_a_verdict(question) or (_KATAKANA_RUN.search(question) is not None
                                             and _asks_for_a_verdict(kata_to_hira(question)))


# A katakana word the verdict patterns write in hiragana or kanji (ホケン, デマス): read folded too.
_KATAKANA_RUN = re.compile(r"[ァ-ヶー]{2,}")


def asks_the_consequence_of_a_case(question: str) -> bool:
    """「戦争のせいで攻撃受けたら、どげんなっと？」 "And if a company claims our logo infringes their trademark?": what
    follows from a case supposed (a verdict, of an item the pamphlet rules on)."""
    return _V.pattern("consequence_of_a_case").search(question.strip()) is not None


def _asks_for_a_verdict(question: str) -> bool:
    q = question.strip()
    unframed = _V.pattern("tell_me_frame").sub("", q)
    rest = unframed.rstrip("、, ")
    if rest and unframed != q:
        # 「サイバー保険の金額、ざっくりでいいので教えてもらえますか」 asks for the amount; 「身代金が補償されるか
        # 教えてください」 still asks whether (its embedded か is the question).
        q = rest + ("？" if rest.endswith("か") else "")
    # The question is the last sentence: 「報告が何週間も遅れました。…補償されますか？」 tells a story
    # with 何 in it and asks yes or no. The どう of 「どうなる」 asks for a consequence, which is
    # still a yes/no-style question.
    asked = _last_sentence(q)
    for pattern in ("story_break", "embedded_question"):
        tail = _V.pattern(pattern).split(asked)[-1]
        if _V.pattern("asks_payment").search(tail):
            asked = tail
    without_consequence = _V.pattern("consequence").sub("", asked.lower())
    if without_consequence.isascii() and re.match(r"^\W*(?:(?:and|so|but|also)\W+)?what if\b", asked.lower()):
        # "Does the insurance pay if we pay in Bitcoin? And what if it turns out to be a state hacker group?": a case
        # supposed after a question of cover asks the same, of that case.
        before = q[:q.rfind(asked)].strip()
        return (bool(before) and _asks_for_a_verdict(before)) or bool(_V.pattern("about_cover").search(q))
    if without_consequence.isascii():
        # English asks "what …?" first: "Will the policy pay for a firm to find out what happened?" asks yes or no.
        opened = re.sub(r"^\W*(?:(?:and|so|but|ok|okay|also|then)\b\W*)?", "", without_consequence)
        asks_what = _V.pattern("wh_words").match(_V.pattern("english_condition_first").sub("", opened))
    else:
        asks_what = _V.pattern("wh_words").search(without_consequence)
    if asks_what or _V.pattern("about_a_law").search(q) or _V.pattern("about_tax").search(asked):
        return False
    if _V.pattern("hypothetical").search(q) or _V.pattern("names_a_cost").search(q):
        return True
    if _V.pattern("yes_no").search(q) and _V.pattern("about_cover").search(q):
        return True
    last_clause = _V.pattern("clause_break").split(asked)[-1]
    # 「…知的財産はダメって聞いた。これもダメ？」: a back-reference asks about what was named before it.
    about = q if _V.pattern("refers_back").search(last_clause.strip()) else last_clause
    return (bool(_V.pattern("ends_as_question").search(asked)) and not _V.pattern("consequence").search(asked)
            and bool(_V.pattern("names_the_cover").search(about)))


def asks_who_pays(question: str) -> bool:
    """「…費用はうちが払うの？」"Who pays IIJ for …?": whom a cost falls on (the support service's rule)."""
    return bool(_V.pattern("who_pays").search(question))


def asks_whether_someone_helps(question: str) -> bool:
    """「保険会社の人が間に入ってくれます？」「記者会見の準備とか手伝ってくれますか」: whether someone does
    something for the clinic, which a ruling of what the insurer cannot do (or what a service does) answers."""
    asked = _last_sentence(question.strip())
    return bool(_V.pattern("asks_for_help").search(asked) or _V.pattern("does_it_for_us").search(asked))


def asks_if_possible(question: str) -> bool:
    """「質権を設定したいそうです。応じられますか？」"Can we let them?": whether a thing can be done at all, which a
    ruling of what cannot be done answers (not whether it is paid for)."""
    return bool(_V.pattern("asks_if_possible").search(_last_sentence(question.strip())))


def asks_about_a_duty(question: str) -> bool:
    """「保険のほうに連絡しておく必要はありますか」「知らせたほうがいい？」"Do we need to tell the insurer?":
    whether something must be done, a question a duty the pamphlet sets out answers."""
    return bool(_V.pattern("asks_a_duty").search(_last_sentence(question.strip())))


def _last_sentence(text: str) -> str:
    """The question of a message: its last sentence that ends in a question mark, else its last
    sentence (「どんな事が起きたら対象になるの？一覧ほしい」 asks 「どんな…」)."""
    pieces = [p for p in _V.pattern("sentence_end").split(text) if p.strip()]
    asked = [p for p in pieces if p.rstrip().endswith(("?", "？"))]
    return (asked or pieces or [text])[-1]


def falls_under_the_exception(question: str, text: str) -> bool:
    """「紙カルテをなくして漏えいした」 meets exclusion ④ only in its ただし clause (紙の紛失による
    漏えい is excepted): the question names something the exception names and the exclusion does not."""
    match = _V.pattern("exception").search(text)
    if match is None:
        return False
    main, exception = fold(text[: match.start()]), fold(match.group(1))
    return any(noun in exception and noun not in main for noun in nouns(question))


def _names_a_thing(noun: str) -> bool:
    """A noun that names a thing of the question's own, not one every question has (保険, 対象, 費用, いくら)."""
    return len(noun) >= 2 and noun not in general_words() and not _V.pattern("cover_noun").fullmatch(noun)


def names_a_topic(question: str) -> bool:
    """Whether the question names a thing of its own (「罰金は出ますか」), not only the cover (「補償されますか」)."""
    return any(_names_a_thing(n) for n in nouns(question))


def _names_a_word_of(question: str, text: str) -> bool:
    """Whether ``text`` names every noun of one of the question's compounds (or the pamphlet's word for it: 理事長 →
    役員), beyond the words every question about cover has (保険, 対象, 費用)."""
    from knowledge.lexical import synonyms_of

    folded = fold(text)

    def named(noun: str) -> bool:
        return any(term in folded for term in synonyms_of(noun) if len(term) >= 2)

    runs = [[n for n in run if _names_a_thing(n)] for run in noun_runs(question)]
    # (a compound of the question the exclusion names only in part, 「役員賠償」 beside ② 役員に関する個人情報, is
    # another thing than the one it rules on; a compound it names nothing of is the story's)
    return any(own and all(named(n) for n in own) for own in runs) \
        and not any(len(own) >= 2 and any(named(n) for n in own) and not all(named(n) for n in own) for own in runs)


def verdict_of(question: str, chunk: Any, note: Any | None = None) -> Verdict:
    """The verdict the leading statement (with its ※ note: 「※…罰金については…支払対象外」) gives
    the question ("info" when it gives none)."""
    if not asks_for_a_verdict(question):
        return "info"
    text = chunk.quotable + (" " + note.text if note is not None else "")
    if chunk.kind == "table_row" and chunk.subject and _V.pattern("asks_for_help").search(question):
        return "service"  # a row of the service's support functions (■ 緊急時広報支援機能 ／ ● 記者会見実施支援)
    if chunk.section == EXCLUSION_SECTION or _V.pattern("excluded").search(text):
        if falls_under_the_exception(question, text):
            return "excepted"
        if chunk.section == EXCLUSION_SECTION and not _names_a_word_of(question, text):
            # 「サーバーが故障して…これも対象？」 led to the power-cut exclusion (停止、障害) by retrieval alone, 「役員賠償
            # (D&O)もカバーされる？」 to ② 役員に関する個人情報: an exclusion that names nothing the question names
            # (every noun of one of its compounds) rules nothing on it.
            return "info"
        return "excluded"
    if _V.pattern("cannot").search(text):
        # 「…示談交渉を行うことはできません」 answers whether something can be done, not whether
        # money is paid: 「示談金は保険で出ますか？」 is no question it answers.
        asked = _last_sentence(question)
        if _V.pattern("asks_payment").search(asked) and not _V.pattern("asks_for_help").search(asked):
            return "info"
        return "cannot"
    if _V.pattern("covered").search(text):
        return "covered"
    if chunk.section in COVERED_SECTIONS and not _V.pattern("consequence").search(question):
        # A cost item answers 「〜の費用は？」; 「〜したらどうなる？」 asks for a consequence, which a
        # cost item does not state.
        return "covered"
    return "info"


# A cost or liability the pamphlet lists is paid only when the incident itself is not excluded:
# said with every such "covered", since a situation the bot did not recognise may be excluded.
def covered_caveat() -> str:
    return f"ただし、「{get_section(EXCLUSION_SECTION).title}」に当たるときは、お支払いの対象外です。"


# A verdict is said twice in its first line: plainly, as staff ask (「補償されますか」→「補償の対象と
# なります」), then as the pamphlet's ruling (「…とされています」, words the pamphlet itself never uses, so
# that a verdict the bot gives is never confused with one it quotes).
# The leads of a ruling that neither pays nor excludes: a rule quoted as it stands, or an item the pamphlet never names.
RULE_LEAD = "パンフレットには、次のとおり定められています。"
NOT_STATED_TAIL = "が補償されるかどうかは、パンフレットには記載がありません。"
PLAINLY = {"covered": "補償の対象となります。", "excepted": "補償の対象となります。", "excluded": "補償されません。", "cannot": "できません。"}
RULED = {
    "covered": "パンフレットでは、お支払い（補償）の対象とされています。",
    "excepted": "パンフレットでは、お支払いできない場合から除かれており、対象とされています（「ただし…を除きます」の部分）。",
    "excluded": "パンフレットでは、お支払いの対象外とされています。",
    "excluded_elsewhere": "パンフレットでは、保険金の支払対象外とされています。",
    "excluded_generally": "パンフレットでは、対象外とされています。",
    "cannot": "パンフレットでは、できないとされています。",
}


def verdict_lead(verdict: str, ruled: str | None = None) -> str:
    """「補償されません。パンフレットでは、お支払いの対象外とされています。」"""
    return PLAINLY[verdict] + RULED[ruled or verdict]


def verdict_line(verdict: Verdict, lead: Any, quoted: str) -> str | None:
    if verdict == "service":
        return f"パンフレットでは、{lead.subject}のサポート機能の対象とされています。ご利用の条件は下の記載のとおりです。"
    if verdict == "excluded":
        if lead.section == EXCLUSION_SECTION or _V.pattern("payment_said").search(quoted):
            return verdict_lead("excluded")
        # (「クーリングオフできますか」 → 「…クーリングオフの対象とはなりません」: not a payment refused)
        return "対象外です。" + RULED["excluded_generally"]
    if verdict == "excepted":
        return verdict_lead("excepted") + "詳しい条件は下の記載のとおりです。"
    if verdict == "cannot":
        return verdict_lead("cannot")
    if verdict == "covered":
        return verdict_lead("covered") + f"詳しい条件は下の記載のとおりです。{covered_caveat()}"
    return None


def exclusion_naming(question: str) -> Any | None:
    """The exclusion item that names the question's subject: its rarest noun with the nouns it is
    compounded with (「院長が故意に…」 → ① 故意; 「お詫び広告」 is not ⑧'s 広告宣伝活動), or the
    pamphlet's word for a word of the user's (理事長 → ② 役員) when it names another of its nouns."""
    from knowledge.chunks import all_chunks
    from knowledge.lexical import lexical_index, pamphlet_text, synonyms_of

    index = lexical_index()
    runs = noun_runs(question)
    named = [noun for run in runs for noun in run if len(noun) >= 2]
    known = [noun for noun in named if noun in pamphlet_text()]
    exclusions = [c for c in all_chunks() if c.section == EXCLUSION_SECTION]
    own = {noun: index.spread(noun) for noun in known}
    rare = min(own, key=lambda noun: (own[noun], noun)) if own else None
    if rare is not None and 0 < own[rare] <= EXCLUSION_SPREAD:
        companions = [noun for run in runs if rare in run for noun in run if noun != rare]
        return next((c for c in exclusions if rare in (text := fold(c.quotable))
                     and all(noun in text for noun in companions)), None)
    # 「理事長の個人情報がもれた時は？」: the pamphlet says 役員 where the user says 理事長. A stand-in
    # alone is thin evidence, so the exclusion must also name another of the question's nouns
    # (② 役員に関する「個人情報」の漏えい); 「理事長が起こした事故」 does not meet ②.
    stand_ins = {term: index.spread(term) for noun in named if noun not in pamphlet_text()
                 for term in sorted(synonyms_of(noun)) if len(term) >= 2 and term in pamphlet_text()}
    rare = min(stand_ins, key=lambda term: (stand_ins[term], term)) if stand_ins else None
    if rare is None or not 0 < stand_ins[rare] <= EXCLUSION_SPREAD:
        return None
    return next((c for c in exclusions if rare in (text := fold(c.text)) and any(n in text for n in known)), None)


