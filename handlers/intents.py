"""The rule layer of intent detection: high-precision cues, read from knowledge/lexicon/understanding.yaml.

A rule either decides (a strong cue such as 支援金 or 保険料 with a bed count) or only suggests
(a domain word, a bare question). The understanding step (handlers/understand.py) lets a strong
rule override the learned layer and the learned layer override a suggestion.
"""

from __future__ import annotations

import re

from typing import NamedTuple

from handlers import subsidy, triage
from handlers.messages import Intent
from handlers.premium_questions import joins_several_facilities
from handlers.quote import QuoteUpdate, looks_like_quote
from knowledge import text as jtext
from knowledge.rulings import get_rulings
from knowledge.vocab import key_and_mask, vocabulary

_V = vocabulary("understanding").check(
    terms=("subsidy", "quote", "money_lost", "claim_against_us", "application_form", "price_asked", "price", "sum_insured", "asks_more", "plan", "cover", "help", "help_request", "greeting", "other_insurance", "premium_terms", "off_topic",
           "domain", "asking", "indefinite", "pamphlet_references", "reveal", "happening_now", "resolved", "history", "just_found", "ongoing", "not_japanese_hint", "still_in_time", "across_facilities", "restates_the_question",
           "future_plan", "adds_a_fact", "points_back", "extra_premium", "service_topics", "everyday_cause", "everyday_cause_denied",
           "asked_by_someone", "how_to_answer", "maybe_nothing"),
    patterns=("asks_permission", "supposes_a_case", "anothers_grant", "jma_payment_named", "is_this_an_attack", "english_question", "other_script", "other_insurer", "plain_question", "both_payments", "jma_pays", "self_introduction", "cover_of_the_event", "story_clause_end",
              "another_question_opener", "question_particle_end"),
)
# What another insurer's policy is called in the reply (its name as written may hold a gap: 東京海上…保険).
OTHER_INSURERS = "ほかの保険会社の保険"
GREETING_MAX_CHARS = 30  # a greeting is short; a long message that opens with one asks something else
# The rest of a message that introduces its writer by the facility and its size (「150床の病院の守衛です。」): this long,
# it tells something of its own rather than answering what a quote needs.
INTRODUCTION_REST = 20


class RuleIntent(NamedTuple):
    intent: Intent | None
    strong: bool  # True: a high-precision cue decided; False: a suggestion
    domain: bool = False  # a suggestion backed by a word of the insurance's own domain (補償, 窓口 …)


@jtext.per_text
def is_question(normalized: str) -> bool:
    """Whether a message asks something (as opposed to reporting or answering)."""
    if normalized.isascii():
        return _V.pattern("english_question").search(normalized.strip()) is not None
    key, mask = key_and_mask(normalized)
    if _V.terms("asking").find(_V.terms("indefinite").blank(key, mask), mask):
        return True
    return normalized.rstrip("。 ").endswith(("か", "の")) or _V.pattern("question_particle_end").search(normalized) is not None


def asks_plainly(normalized: str) -> bool:
    """A question mark or a polite question ending: the message asks something in so many words."""
    return bool(_V.pattern("plain_question").search(normalized))


def asks_more(normalized: str) -> bool:
    """「条件はありますか」「いくら？」: a question about the terms of whatever was just answered."""
    return _V.has("asks_more", normalized)


def restates_the_question(normalized: str) -> bool:
    """「それでも同じ扱いですか」「その場合も出ますか」: the question just answered, asked again of the facts
    this message adds or corrects."""
    return _V.has("restates_the_question", normalized)


def asks_a_price(normalized: str) -> bool:
    """「いくら」「金額」 "how much": an amount asked for."""
    return _V.has("price", normalized)


def names_a_premium(normalized: str) -> bool:
    """「保険料」「見積もり」 "premium": the price of the insurance named."""
    return _V.has("quote", normalized)


def asks_about_an_extra_premium(normalized: str) -> bool:
    """「追加で保険料はかかりますか」「それって別料金？」: whether something costs more, asked."""
    return is_question(normalized) and _V.has("extra_premium", normalized)


def points_back(normalized: str) -> bool:
    """「そっちは？」「その場合は？」 "And that one?": a follow-up about what was just asked."""
    return _V.has("points_back", normalized)


def asks_permission(normalized: str) -> bool:
    """「…って言ってしまってもいいですか」 "Is it OK to promise them…?": asks leave for what is not done yet."""
    return _V.pattern("asks_permission").search(normalized) is not None


def supposes_a_case(normalized: str) -> bool:
    """「…を消し忘れて、慰謝料を求められたら補償されますか」 "If a patient sued us over it, would we be covered?": one
    question about a case supposed, which tells nothing of the writer's own."""
    return is_question(normalized) and _V.pattern("supposes_a_case").search(normalized.strip()) is not None


def tells_a_plan(normalized: str) -> bool:
    """「再来年から電子カルテを一つにまとめる予定なんです」: what the clinic means to do, not something happening."""
    return _V.has("future_plan", normalized)


def amends_the_story(normalized: str) -> bool:
    """A statement (no question) that corrects or adds to what the last question was told: 「すみません、よく調べたら
    検査センターは無関係で、うちのサーバーのディスク故障のせいでした」 (a correction), 「ただ、再来年から電子カルテを一つに
    まとめる予定なんです」 (a plan, or a fact opened as one added): that question, asked again of it."""
    from handlers.triage import corrects  # (handlers.triage reads this module)

    return not is_question(normalized) and (corrects(normalized) or tells_a_plan(normalized) or _V.has("adds_a_fact", normalized))


def names_sum_insured(normalized: str) -> bool:
    """「補償額は？」「保険金額」「限度額」: the amounts a plan pays."""
    return _V.has("sum_insured", normalized)


def asks_about_cover(normalized: str) -> bool:
    """「売上の減少も補償される？」「保険金が支払われない条件は？」: what the insurance pays, not its price."""
    return _V.has("cover", normalized)


def other_insurance(normalized: str) -> str | None:
    """The other kind of insurance a message asks about (生命保険 …, or another insurer's), if any."""
    return _V.first("other_insurance", normalized) or (OTHER_INSURERS if _V.pattern("other_insurer").search(normalized) else None)


def refers_to_the_pamphlet(normalized: str) -> bool:
    """「事例では…」: the pamphlet's own example cases."""
    return _V.has("pamphlet_references", normalized)


def is_help_request(normalized: str) -> bool:
    """「どうしたらいいですか」 "What should we do?": a call for help, no report and no topic of its own."""
    return _V.has("help_request", normalized)


def is_self_introduction(normalized: str) -> bool:
    """「病院の医事課でございます。」 "I'm the office manager at an eye clinic.": who writes, nothing more."""
    return bool(_V.pattern("self_introduction").search(normalized))


def is_greeting(normalized: str) -> bool:
    """A greeting or thanks word in the text (「お世話になります」, "hello")."""
    return _V.has("greeting", normalized)


def says_it_is_over(normalized: str) -> bool:
    """「もう復旧して通常診療に戻っています」: the incident the message mentions is over — and
    nothing says it is still going on (「まだ復旧していません」「早く復旧してほしい」)."""
    return _V.has("resolved", normalized) and not still_going_on(normalized)


_CLAUSE_END = re.compile(r"[。、,，！!\n]")


def asks_how_to_answer_someone(text: str) -> bool:
    """「患者さんに『ここのフリーWi-Fiって安全ですか』と聞かれたけど、どう答えたらいい？」: someone's question passed on,
    with how to answer it asked; what the question names happened to no one."""
    return _V.has("asked_by_someone", text) and _V.has("how_to_answer", text)


def says_it_may_be_nothing(text: str) -> bool:
    """「いつもより重い気がする。気のせいかな」: the writer says the trouble may be nothing."""
    return _V.has("maybe_nothing", text)


def asks_cover_of_the_event(normalized: str) -> bool:
    """The last clause asks whether the insurance covers what the message told, and names nothing
    else: 「…結果のデータは見えていないようですが、こういうのも保険の対象ですか」「ランサムにやられた。保険って
    使える？」 "Our site was defaced. Is this covered?"."""
    sentences = [s for s in re.split(r"(?<=[。！？!?\n])|(?<=\.)\s+", normalized.strip()) if s.strip()] or [""]
    # 「これって保険の対象になりますか？うちはH2タイプに入ってます」: the plan joined, told after the question,
    # leaves the question the last one asked.
    while len(sentences) > 1 and triage.names_the_plan_joined(sentences[-1]) and not is_question(sentences[-1]):
        sentences.pop()
    # 「これって保険の対象ですか？あと受診者さんへのお詫びって何を書けば」: a question of its own after it leaves it asked.
    while len(sentences) > 1 and is_question(sentences[-1]) and _V.pattern("another_question_opener").match(sentences[-1]) \
            and sentences[-2].rstrip().endswith(("？", "?")):
        sentences.pop()
    sentence = sentences[-1].strip().rstrip("。？?！! ")
    clauses = [c.strip() for c in _CLAUSE_END.split(sentence) if c.strip()]
    asks = _V.pattern("cover_of_the_event")
    if not clauses:
        return False
    if len(clauses) >= 2 and asks.search(f"{clauses[-2]}、{clauses[-1]}") is not None:
        # 「この件、保険で何が出ますか」: the clause before only points at the event (the pattern reads a
        # pointer, or nothing, before 保険: 「後始末のお金、保険で出る？」 is no such pair)
        told = clauses[:-2]
    elif asks.search(clauses[-1]) is not None:
        told = clauses[:-1]
    else:
        return False
    # 「…見えていないようですが、こういうのも保険の対象ですか」 tells before it asks; 「後始末のお金、保険で出る？」
    # names the thing asked about in the clause before, and 「…航空券を何枚も買われた。保険で出る？」 money lost
    # in the story: neither asks about the event itself.
    story_end = _V.pattern("story_clause_end")
    money_lost = _V.has("money_lost", normalized) and not _V.has("claim_against_us", normalized)
    return all(story_end.search(c) for c in told) and not money_lost


KIND_QUESTION_CHARS = 40  # 「ランサムウェアの被害は対象になりますか？」: a kind of event and the question, nothing else


def asks_cover_of_a_kind(normalized: str) -> bool:
    """A short question whether an incident of some kind is covered, no event told (「不正アクセスされた場合は
    補償されますか」 "Is ransomware covered?"): the caller knows the message names the kind."""
    return len(normalized.strip()) <= KIND_QUESTION_CHARS and asks_about_cover(normalized) and is_question(normalized)


def tells_history(normalized: str) -> bool:
    """「以前、メールの誤送信がありました」「USBをなくしたことがあります」: the event told as past history."""
    return _V.has("history", normalized) and not still_going_on(normalized)


def tells_a_fresh_discovery(normalized: str) -> bool:
    """「…入れて送ってしまったと、Aさんからお電話がありました」: the discovery told as just made."""
    return _V.has("just_found", normalized)


def still_going_on(normalized: str) -> bool:
    """「まだ」「今も」「〜ていません」: whatever dates the message names, the incident is live; 「まだ間に合い
    ますか」「まだ申請できる？」 ask whether it is not too late, which says nothing of the kind."""
    key, mask = key_and_mask(normalized)
    return _V.terms("ongoing").search(_V.terms("still_in_time").blank(key, mask), mask) is not None


def asks_if_it_is_an_attack(normalized: str) -> bool:
    """「これってウイルスですかね？」 "Could this be a virus?": whether what the writer sees is an attack."""
    return _V.pattern("is_this_an_attack").search(normalized) is not None


def names_its_everyday_cause(normalized: str) -> bool:
    """「パスワード忘れてしもてログインできん」「プリンターがトナー切れで」: the writer names an everyday cause of their own."""
    return _V.has("everyday_cause", normalized) and not _V.has("everyday_cause_denied", normalized)


def reveals_a_report(normalized: str) -> bool:
    """「実は今うちで起きています」: a message that turns an earlier question into a report."""
    return _V.has("reveal", normalized) and _V.has("happening_now", normalized)


def reveal_position(normalized: str) -> int | None:
    """Where a 「実は」-like cue starts in the message (its match-key offset maps to the same
    character only for plain text, so the cue is searched in the normalised text itself)."""
    word = _V.first("reveal", normalized)
    if word is None:
        return None
    index = normalized.lower().find(word.lower())
    return index if index >= 0 else None


@jtext.per_text
def language(text: str) -> str:
    """'ja', 'en' or 'other': which language the answer should be in."""
    if _V.pattern("other_script").search(text):
        return "other"
    kana = sum(1 for ch in text if "\u3040" <= ch <= "\u30ff" or "\uff66" <= ch <= "\uff9f")
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if kana == 0 and han >= 2 and _V.has("not_japanese_hint", text):
        return "other"  # Chinese: Han characters and no kana at all
    if kana == 0 and han == 0 and latin >= 2:
        return "en"
    if latin >= 12 and latin > 3 * (kana + han):
        return "en"
    return "ja"


def _introduces_only(normalized: str, quote: QuoteUpdate | None) -> bool:
    """「150床の病院の守衛です。30分前から玄関の自動ドアが勝手に…」 "Night porter at a 150-bed hospital. …": the facility
    and its size say who writes, and the rest of the message (a sentence of its own) asks nothing of a premium — no plan,
    no amount, no word of price or quote. Such a message is no quote request, whatever it goes on to tell."""
    if quote is not None and (quote.plan is not None or quote.plans_mentioned):
        return False
    if jtext.find_amounts_yen(normalized) or _V.has("price", normalized) or _V.has("quote", normalized) or _V.has("plan", normalized):
        return False
    spans = jtext.facility_size_spans(normalized)
    if not spans:
        return False
    rest = [s for s in re.split(r"(?<=[。！？!?])\s*|(?<=\.)\s+", normalized) if s.strip()
            and not any(start >= normalized.find(s) and start < normalized.find(s) + len(s) for start, _ in spans)]
    return sum(len(s) for s in rest) >= INTRODUCTION_REST


def _only_anothers_grant(normalized: str) -> bool:
    """「県のIT導入の補助金を、架空の見積書で多めに受け取ってた」: the grant named is another body's; the JMA's payment
    is not asked about."""
    return _V.pattern("anothers_grant").search(normalized) is not None and _V.pattern("jma_payment_named").search(normalized) is None


def rule_intent(normalized: str, quote: QuoteUpdate | None = None) -> RuleIntent:
    """The intent the rules see in a non-emergency message, and whether they are sure. ``quote``:
    the message's quote slots when the caller has read them already."""
    if (_V.has("subsidy", normalized) and not _only_anothers_grant(normalized)) or subsidy.asks_closure_definition(normalized) \
            or _V.pattern("jma_pays").search(normalized) \
            or _V.pattern("both_payments").search(normalized):
        return RuleIntent("subsidy", True)
    if other_insurance(normalized):
        return RuleIntent("out_of_scope", True)
    if _V.has("application_form", normalized) and not _V.has("price_asked", normalized):
        # 「見積もりの金額で納得したので、このまま申込書を送ってもらえますか」: how to apply, not another quote.
        return RuleIntent("coverage", True)
    if looks_like_quote(normalized, quote):
        if (quote is None or (quote.plan is None and not quote.plans_mentioned)) and is_question(normalized) \
                and _V.has("service_topics", normalized) and not jtext.find_amounts_yen(normalized) \
                and not _V.has("price", normalized) and not _V.has("quote", normalized) and not _V.has("plan", normalized):
            # 「うちは19床の有床診療所。無料でやってもらえるセキュリティ診断とかあります？」: the facility and its size
            # say who asks; the question is about something the pamphlet says, not a premium.
            return RuleIntent("coverage", False, True)
        if not _introduces_only(normalized, quote):
            return RuleIntent("quote", True)
    if joins_several_facilities(normalized) and len(set(jtext.find_facilities(normalized))) >= 2:
        # 「医療法人で診療所が2つと老健が1つあります。一緒に加入できますか？」: joining them in one contract, which the
        # premium tables' note answers (a shared limit, another premium); but 「…まとめて入っちょる。保険金額は施設ごと
        # にあるんかね？」 asks how the limit works, which a ruling answers whatever is asked of it.
        ruled = get_rulings().first_naming(normalized)
        if ruled is not None and ruled.answers_any_question:
            return RuleIntent("coverage", False, True)
        return RuleIntent("quote", True)
    if _V.has("quote", normalized):
        return RuleIntent("coverage" if _V.has("premium_terms", normalized) else "quote", True)
    if _V.has("plan", normalized) and jtext.find_amounts_yen(normalized):
        return RuleIntent("quote", True)
    # 「診療所の保険金額は？」 beside a facility asks for its table (premiums with each plan's limits).
    if _V.has("price", normalized) and (jtext.find_facility(normalized) or jtext.find_size(normalized)) \
            and not _V.has("across_facilities", normalized):
        return RuleIntent("quote", True)
    if _V.has("help", normalized):
        return RuleIntent("help", True)
    if _V.has("off_topic", normalized):
        return RuleIntent("out_of_scope", True)
    if _V.has("domain", normalized):
        return RuleIntent("coverage", False, True)
    if len(normalized) <= GREETING_MAX_CHARS and _V.has("greeting", normalized):
        return RuleIntent("greeting", False)
    if is_question(normalized) and len(normalized) >= 6:
        return RuleIntent("coverage", False)
    return RuleIntent(None, False)
