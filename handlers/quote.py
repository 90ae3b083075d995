"""The quote dialogue: facility, size and plan from one message or several, then the premium.

Slots are filled from whatever the message says; a value given again replaces the old one,
which is how corrections ("すみません、100床の間違いでした") work without special phrases.
"""

from __future__ import annotations

from dataclasses import dataclass

from handlers.common import agent_text, cite, phone, source_line
from handlers.context import Context
from handlers.messages import PremiumTableView, QuickReply, Reply
from handlers import premium_questions as pq
from handlers import triage
from handlers.session import PricedPlan, QuoteSlots
from knowledge import text as jtext
from knowledge.outside_sources import outside_sources
from knowledge.formatting import man_yen, yen
from knowledge.models import PLAN_IDS, Facts, get_facts
from knowledge.premiums import Quote, lacks_its_size, plans_for_limits, quote, quote_all
from knowledge.rulings import Ruling, get_rulings
from knowledge.vocab import key_and_mask, vocabulary

# Button labels (user-facing): the label sent back is read by knowledge.text.find_facility.
FACILITY_CHOICES = (
    ("一般診療所・医院", "clinic"),
    ("病院", "hospital"),
    ("介護老人保健施設", "care"),
    ("歯科医院・診療所", "dental"),
    ("介護医療院", "care_medical"),
)

# The words live in knowledge/lexicon/quote.yaml; a missing or unknown name stops the start-up.
_V = vocabulary("quote").check(terms=("every_plan", "limit_context", "liability", "response", "compare", "this_plan", "wants_a_limit", "cheapest_plan", "dearest_plan",
                                      "unlisted_facility", "one_up", "one_down", "doubled", "raised", "lowered", "only", "kept", "short_of_budget"),
                               patterns=("versus", "self_correction", "plan_range"))


@dataclass
class QuoteUpdate:
    facility: str | None = None
    size: int | None = None
    plan: str | None = None
    invalid_plan: str | None = None
    plans_mentioned: tuple[str, ...] = ()
    liability_yen: int | None = None
    response_yen: int | None = None


def _last_label(name: str, text: str, first: bool = False) -> int:
    """Where the last (with ``first``: the first) word of the term list ``name`` starts in ``text``
    (-1: none). Offsets are in the match key, which keeps the order of the text, so two lists'
    results compare."""
    key, mask = key_and_mask(text)
    spans = _V.terms(name).find(key, mask)
    return spans[0 if first else -1].start if spans else -1


LABEL_AFTER = 24  # characters after an English amount where its label stands ("… of liability cover")


def _limits(normalized: str) -> tuple[int | None, int | None]:
    """Read 賠償… and 事故対応… amounts; unlabeled amounts follow the table's column order."""
    liability = response = None
    unlabeled: list[int] = []
    for value, start, end in jtext.find_amount_spans(normalized):
        before = normalized[max(0, start - 10):start]
        last_liab, last_resp = _last_label("liability", before), _last_label("response", before)
        if last_liab == last_resp == -1:
            # "200 million yen of liability cover": in English the label follows the amount.
            after = normalized[end:end + LABEL_AFTER]
            first_liab, first_resp = _last_label("liability", after, first=True), _last_label("response", after, first=True)
            if first_liab >= 0 and (first_resp < 0 or first_liab < first_resp):
                last_liab = 1
            elif first_resp >= 0:
                last_resp = 1
        if last_liab > last_resp and liability is None:
            liability = value
        elif last_resp > last_liab and response is None:
            response = value
        else:
            unlabeled.append(value)
    for value in unlabeled:
        if liability is None:
            liability = value
        elif response is None:
            response = value
    return liability, response


def _a_printed_limit(normalized: str) -> tuple[int | None, int | None]:
    """One amount, said with no word of a limit, that is a limit printed in the table (「じゃあ2億のは？」
    after a premium): the plans with that limit, liability first (the table's first column). An
    amount no plan has as a limit is a budget, a sum spent or claimed, never read as a limit here."""
    amounts = jtext.find_amount_spans(normalized)
    if len(amounts) != 1:
        return None, None
    value = amounts[0][0]
    plans = get_facts().plans
    if any(p.liability_limit_yen == value for p in plans):
        return value, None
    if any(p.response_cost_limit_yen == value for p in plans):
        return None, value
    return None, None


def said_last(normalized: str) -> str:
    """What the message says after the writer corrects themself (「定員は50、あ、違いました、100名です」 →
    「、100名です」); the whole message when it corrects nothing."""
    last = None
    for last in _V.pattern("self_correction").finditer(normalized):
        pass
    return normalized[last.end():] if last is not None else normalized


def relative_plan(normalized: str, current: str | None) -> str | None:
    """A plan named by its place beside ``current`` (「ひとつ上のプラン」), or by one limit changed and the
    other kept (「事故対応の額はそのままで、賠償だけ倍に」: the plan of the table with the same response
    limit and twice the liability); None when the message names no such plan or the table has none."""
    if current is None or current not in PLAN_IDS:
        return None
    at = PLAN_IDS.index(current)
    if _V.has("one_up", normalized):
        return PLAN_IDS[at + 1] if at + 1 < len(PLAN_IDS) else None
    if _V.has("one_down", normalized):
        return PLAN_IDS[at - 1] if at > 0 else None
    up, down = _V.has("raised", normalized) or _V.has("doubled", normalized), _V.has("lowered", normalized)
    # (「費用が高くなったら全額出ますか」 asks about cover: one limit changes only beside だけ or the other kept)
    if up == down or not (_V.has("only", normalized) or _V.has("kept", normalized)):
        return None
    # The item changed is the one beside だけ or the word of change; the other keeps its amount.
    changed = [item for item in ("liability", "response")
               if any(_V.has(item, c) and (_V.has("only", c) or _V.has("raised", c) or _V.has("doubled", c) or _V.has("lowered", c))
                      for c in triage.clauses(normalized))]
    if len(changed) != 1:
        return None
    facts = get_facts()
    plan = facts.plan(current)
    limits = {"liability": lambda p: p.liability_limit_yen, "response": lambda p: p.response_cost_limit_yen}
    target, kept = limits[changed[0]], limits["response" if changed[0] == "liability" else "liability"]
    same = [p for p in facts.plans if kept(p) == kept(plan) and p.id != current]
    if _V.has("doubled", normalized):
        exact = [p for p in same if target(p) == 2 * target(plan)]
        if exact:
            return exact[0].id
    moved = [p for p in same if (target(p) > target(plan) if up else target(p) < target(plan))]
    if not moved:
        return None
    return (min(moved, key=target) if up else max(moved, key=target)).id



def parse(message: str, current_plan: str | None = None) -> QuoteUpdate:
    """The quote slots one message names; ``current_plan``: the plan in hand, which a plan named by its
    place beside it (「ひとつ上のプラン」) is read from."""
    normalized = jtext.normalize(message)
    meant = said_last(normalized)
    size = jtext.find_size(meant) or jtext.find_size(normalized)
    named = jtext.plans_named(normalized)
    # 「一番安いプランと一番高いプラン」: plans named by rank, in the order they are written
    for rank, plan in (("cheapest_plan", PLAN_IDS[0]), ("dearest_plan", PLAN_IDS[-1])):
        word = _V.first(rank, normalized)
        if word is not None and (at := normalized.lower().find(word.lower())) >= 0:
            named.append((at, plan))
    plans = tuple(dict.fromkeys(plan for _, plan in sorted(named)))
    if len(plans) == 2 and _V.pattern("plan_range").search(normalized):
        # 「H1からH7までそれぞれいくら」「H2〜H5」: every plan of the range, not its two ends
        low, high = sorted(PLAN_IDS.index(p) for p in plans)
        plans = PLAN_IDS[low:high + 1]
    # (a limit wanted is a limit named: 「…億円の補償にしたいんですが」)
    limits_named = _V.has("limit_context", normalized) or _V.has("wants_a_limit", normalized)
    liability, response = _limits(normalized) if limits_named else _a_printed_limit(normalized)
    plan = jtext.find_plan(meant) or jtext.find_plan(normalized)
    if plan is None and len(plans) == 1:
        plan = plans[0]  # 「一番高いプランは？」 names H7 by its rank
    if plan is None and not plans and (beside := relative_plan(normalized, current_plan)) is not None:
        plan, plans = beside, (beside,)
    return QuoteUpdate(
        facility=jtext.find_facility(meant) or jtext.find_facility(normalized),
        size=size.value if size else None,
        plan=plan,
        invalid_plan=jtext.find_invalid_plan(normalized),
        plans_mentioned=plans,
        liability_yen=liability,
        response_yen=response,
    )


def _beds_of_a_hospital(text: str) -> int | None:
    """The bed count of a message that names no facility, when it is a hospital's by law (20 or more)."""
    size = jtext.find_size(jtext.normalize(text))
    least = outside_sources().fact("hospital_min_beds").value
    return size.value if size is not None and size.unit == "beds" and size.value >= least else None


def wants_a_limit(message: str, update: QuoteUpdate) -> bool:
    """「賠償5億円、事故対応費用2億円くらいの補償にしたい。そういう設計はできますか」: a limit wanted, with its amount."""
    return bool(update.liability_yen or update.response_yen) and _V.has("wants_a_limit", message)


def asks_a_difference(message: str) -> bool:
    """「その差額は？」「補償の違いは？」: inside a quote, the difference of the plans or premiums just answered."""
    return _V.has("compare", message)


def looks_like_quote(message: str, update: QuoteUpdate | None = None) -> bool:
    """A message that carries quote slots even without the word 保険料 (e.g. "30床の病院でH7")."""
    update = update or parse(message)
    return update.plan is not None or update.invalid_plan is not None or (
        update.facility is not None and (update.size is not None or len(update.plans_mentioned) >= 2 or _V.has("every_plan", message))
    )


def _facility_replies() -> list[QuickReply]:
    return [QuickReply(label=label, text=label) for label, _ in FACILITY_CHOICES]


def _plan_replies() -> list[QuickReply]:
    return [QuickReply(label=p, text=p) for p in PLAN_IDS]



def _limits_text(liability: int, response: int) -> str:
    return f"損害賠償{man_yen(liability)}・事故対応特別費用{man_yen(response)}"


def _plan_limits(facts: Facts, plan_id: str) -> str:
    plan = facts.plan(plan_id)
    return _limits_text(plan.liability_limit_yen, plan.response_cost_limit_yen)


def _table(quotes: list[Quote], facts: Facts) -> tuple[PremiumTableView, str]:
    first = quotes[0]
    title = f"{first.subject}の年間保険料"
    rows = [[q.type, man_yen(q.liability_limit_yen), man_yen(q.response_cost_limit_yen), yen(q.premium_yen) if q.premium_yen else "掲載なし"] for q in quotes]
    view = PremiumTableView(
        title=title, columns=["タイプ", "①損害賠償", "②事故対応特別費用", "年間保険料"], rows=rows,
        note=f"{facts.premium_basis.label}。自己負担額なし。",
    )
    lines = [f"{title}（{facts.premium_basis.label}）"]
    lines += [f"{r[0]}：賠償{r[1]}／事故対応{r[2]} → {r[3]}" for r in rows]
    return view, "\n".join(lines)


def _ask(ctx: Context, slots: QuoteSlots, texts: list[str]) -> Reply | None:
    """Ask for the first missing slot, or None when facility and size are enough to quote."""
    facts = ctx.facts
    if slots.facility is None:
        size = f"（{slots.size}の規模で承りました）" if slots.size else ""
        texts.append(f"保険料をお調べします{size}。施設の種類を教えてください（一般診療所・医院、病院、介護老人保健施設など）。")
        return Reply(texts=texts, quick_replies=_facility_replies(), intent="quote", sources=cite("sec-08"))
    facility = facts.facility(slots.facility)
    if slots.size is None and facility.id in ("hospital", "care"):
        sizes = [t.size for t in facts.tables_for(facility.id)]
        unit = "床" if facility.sizing == "beds" else "人"
        what = "病床数（ベッド数）" if facility.sizing == "beds" else "施設の定員数"
        printed = "・".join(f"{s}{unit}" for s in sizes)
        texts.append(f"{facility.name}の保険料は{what}で決まります。{what}を教えてください（パンフレットの表は{printed}の例です）。")
        return Reply(
            texts=texts, quick_replies=[QuickReply(label=f"{s}{unit}", text=f"{s}{unit}") for s in sizes],
            intent="quote", sources=cite("sec-08"),
        )
    return None


def _unlisted_facility(ctx: Context, name: str) -> Reply:
    """「特養もこの保険に入れますか？保険料は？」: the pamphlet prints premiums for some kinds of facility
    only; for any other its premium (and whether it can join) is the agent's to say."""
    facts = ctx.facts
    printed = "、".join(f.name for f in facts.facilities if f.table_label)
    system_only = "、".join(f.name for f in facts.facilities if not f.table_label)
    sources = cite("sec-08", "sec-18")
    texts = [
        f"{name}の保険料（ご加入いただけるかどうかも含めて）は、パンフレットに記載がありません。",
        f"パンフレットの保険料表は {printed} の例です（{system_only}は保険料体系のみの記載です）。",
        f"確実なご案内のため、{agent_text(facts)}へお問い合わせください。",
        source_line(sources),
    ]
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])


def _not_printed(q: Quote, facts: Facts) -> Reply:
    texts = [f"{q.subject}の{q.type}の保険料は、パンフレットの表に掲載されていません。", "\n".join(q.conditions)]
    sources = cite(q.source, "sec-18")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))],
                 quick_replies=_plan_replies() if q.brackets else [])


def _exact(q: Quote, facts: Facts) -> Reply:
    basis = facts.premium_basis
    texts = [
        f"{q.subject}・{q.type}の年間保険料は {yen(q.premium_yen or 0)} です。",
        f"{q.type}：{_limits_text(q.liability_limit_yen, q.response_cost_limit_yen)}、自己負担額なし。\n"
        f"{basis.label}の金額です。{basis.note}",
    ]
    if q.facility == "clinic":
        texts[-1] += "\n" + facts.facility("clinic").note
    sources = cite(q.source)
    texts.append(source_line(sources))
    others = [p for p in PLAN_IDS if p != q.type]
    return Reply(texts=texts, intent="quote", sources=sources, quick_replies=[QuickReply(label=p, text=p) for p in others])


def _remember(slots: QuoteSlots, *quotes: Quote) -> None:
    """The premiums just answered, for 「その差額は？」 next (the last two kept)."""
    for q in quotes:
        if q.premium_yen and q.exact:
            slots.priced = [*slots.priced, PricedPlan(facility=q.facility, size=q.size, plan=q.type,
                                                      premium_yen=q.premium_yen, subject=q.subject)][-2:]


def _two_sizes_compared(ctx: Context, slots: QuoteSlots, named: list[str], update: QuoteUpdate) -> Reply | None:
    """「30床の病院と50床の病院、H5で比べたら差額はいくら？」: one plan of one kind of facility at two sizes, both
    premiums and their difference. None unless the message names exactly that (and both are in the table)."""
    sizes = list(dict.fromkeys(jtext.find_sizes(jtext.normalize(ctx.text))))
    facility = update.facility or slots.facility
    plan_id = update.plan or slots.plan
    if len(sizes) != 2 or sizes[0].unit != sizes[1].unit or len(set(named)) > 1 or facility is None \
            or plan_id is None or len(update.plans_mentioned) > 1 or not _V.has("compare", ctx.text):
        return None
    quotes = [quote(facility, size.value, plan_id, ctx.facts) for size in sizes]
    if not all(q.exact and q.premium_yen for q in quotes):
        return None
    slots.facility, slots.size, slots.plan, slots.priced = facility, sizes[1].value, plan_id, []
    _remember(slots, *quotes)
    return _difference(ctx, slots)


def _difference(ctx: Context, slots: QuoteSlots) -> Reply | None:
    """「その差額は？」「差はいくらになると？」 right after two premiums were answered: the two plans side by
    side (one facility, two plans), or the two premiums and their difference (one plan, two sizes or
    facilities). None when the last two answers are not such a pair."""
    if len(slots.priced) < 2:
        return None
    first, second = slots.priced[-2:]
    if (first.facility, first.size) == (second.facility, second.size) and first.plan != second.plan:
        return _compare(ctx, (first.plan, second.plan), slots.model_copy(update={"facility": first.facility, "size": first.size}))
    if first.plan != second.plan and (first.facility, first.size) != (second.facility, second.size):
        return None
    facts = ctx.facts
    diff = abs(second.premium_yen - first.premium_yen)
    texts = [
        f"{first.subject}・{first.plan}：年間保険料 {yen(first.premium_yen)}\n{second.subject}・{second.plan}：年間保険料 {yen(second.premium_yen)}",
        f"年間保険料の差は {yen(diff)} です（{facts.premium_basis.label}）。",
    ]
    sources = cite("sec-08")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources)


def _quotes_known(slots: QuoteSlots, plans: tuple[str, ...], facts: Facts) -> list[Quote]:
    """The plans' quotes when the facility and (for a hospital or a care facility) its size are known; none
    otherwise (「病院でH1とH3の違いは？」 before the beds are said compares the limits alone)."""
    if not slots.facility or lacks_its_size(slots.facility, slots.size, facts):
        return []
    return [quote(slots.facility, slots.size, p, facts) for p in plans]


def _compare(ctx: Context, plans: tuple[str, ...], slots: QuoteSlots, difference: bool = True) -> Reply:
    facts = ctx.facts
    quotes = _quotes_known(slots, plans, facts)
    _remember(slots, *quotes)
    lines = []
    for index, plan_id in enumerate(plans):
        price = ""
        if quotes and quotes[index].premium_yen:
            price = f"、年間保険料 {yen(quotes[index].premium_yen or 0)}"
        lines.append(f"{plan_id}：{_plan_limits(facts, plan_id)}{price}")
    # (「H1とH7の年額教えて」 asks both prices, not their difference: the difference still follows them)
    # (three plans or more are set side by side: their limits and prices, no one difference)
    compared = (difference or not quotes) and len(plans) <= 2
    texts = [f"{'と'.join(plans) if len(plans) <= 3 else f'{plans[0]}〜{plans[-1]}'}の{'違い' if compared else '補償と年間保険料'}です。",
             "\n".join(lines)]
    if len(quotes) == 2 and all(q.premium_yen for q in quotes):
        diff = abs((quotes[1].premium_yen or 0) - (quotes[0].premium_yen or 0))
        texts.append(f"{quotes[0].subject}の場合、年間保険料の差は {yen(diff)} です（{facts.premium_basis.label}）。")
    missing = [q for q in quotes if not q.premium_yen]
    if missing:
        # 「矯正歯科です。H2とH4で保険料はどれくらい違う？」: the table prints no premium there; say so
        # and where the amount comes from.
        texts.append("\n".join(missing[0].conditions))
    texts.append(facts.plan_notes[1].text)
    sources = cite("sec-08", *(["sec-18"] if missing else []))
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))] if missing else [])


def _ruled_unpaid(text: str) -> Ruling | None:
    """「H2です。身代金を請求されました。全部出ますか」: an item the pamphlet excludes or does not
    mention is answered by its ruling; a limit says nothing of whether it is paid at all."""
    ruling = get_rulings().first_naming(text)
    return ruling if ruling is not None and ruling.verdict in ("excluded", "cannot", "not_stated") else None


def asks_what_a_plan_pays_of(ctx: Context) -> bool:
    """「H2です。調査会社に…万円かかりました。全部出ますか」: amounts spent or claimed, asked against
    the limits of a plan named now or earlier (answered beside an incident too)."""
    update = ctx.understood().quote
    plan = update.plan or ctx.session.quote.plan
    return plan is not None and len(update.plans_mentioned) <= 1 and _ruled_unpaid(ctx.text) is None and pq.premium_question(
        ctx.text, update.plans_mentioned, jtext.find_amounts_yen(ctx.text), plan_known=True) == "claimed"


def handle(ctx: Context) -> Reply:
    """Fill the quote slots from this message and answer as far as they allow."""
    facts = ctx.facts
    session = ctx.session
    # Slots outlive a detour to another question (and expire with the session's silence),
    # so 「話戻って、H4だと？」 still knows the facility.
    session.flow = "quote"
    slots = session.quote
    update = ctx.understood().quote  # read once by the understanding step
    texts: list[str] = []

    if update.invalid_plan and not update.plan:
        texts.append(f"「{update.invalid_plan}」というタイプはありません。タイプは H1〜H7 の7種類です。")
    unlisted = None if update.facility else _V.first("unlisted_facility", ctx.text)
    if unlisted:
        return _unlisted_facility(ctx, unlisted)
    named = jtext.find_facilities(ctx.text)
    if _V.has("compare", ctx.text) and not update.facility and not update.size and len(update.plans_mentioned) <= 1:
        if len(update.plans_mentioned) == 1 and slots.plan and slots.facility and update.plans_mentioned[0] != slots.plan \
                and _V.has("this_plan", ctx.text):
            # 「そのプランと、ひとつ下のH4とでは補償の何が違うんですか」: the plan just answered beside the one named
            return _compare(ctx, (slots.plan, update.plans_mentioned[0]), slots)
        if not update.plans_mentioned and (answered := _difference(ctx, slots)) is not None:
            return answered  # 「その差額は？」 after two premiums
    resummed = pq.facilities_resummed(ctx, slots, named, update.plan, update.size is not None) if len(update.plans_mentioned) <= 1 else None
    if resummed is not None:
        return resummed
    if pq.joins_several_facilities(ctx.text) and (len(set(named)) >= 2 or (not named and len(slots.sizes) >= 2)) \
            and not update.plans_mentioned and not update.size:
        # (「2施設まとめて入ったら？」 after two facilities were quoted: the two told before)
        # 「同じ医療法人で病院1つと診療所2つ…まとめて入れますか？保険料は表のとおり？」: joining them in one contract,
        # which the pamphlet allows with a shared limit and prices off the table; no size is needed for that.
        return pq.joined_reply(ctx)
    two_sizes = _two_sizes_compared(ctx, slots, named, update)
    if two_sizes is not None:
        return two_sizes
    if update.facility or update.size:
        slots.facilities = []  # one facility quoted now: a later 「合わせて」 is not about the ones summed before
    plan_id = update.plan or slots.plan
    # (Two plans named, 「病院はH1、診療所はH2で」, give each facility its own plan: not this sum.)
    if plan_id and len(update.plans_mentioned) <= 1 and pq.asks_for_a_sum_of_facilities(ctx.text, named, slots.facility):
        summed = pq.sum_of_facilities_reply(ctx, slots, named, plan_id)
        if summed is not None:
            return summed
    if update.facility:
        sizings = {facts.facility(slots.facility).sizing, facts.facility(update.facility).sizing} if slots.facility else set()
        if slots.size and not update.size and len(sizings - {"flat"}) == 2:
            slots.size = None  # 「老健なら？」 after a hospital's 100 beds: beds are no head count of residents
        if not update.size and update.facility != slots.facility and update.facility in slots.sizes:
            slots.size = slots.sizes[update.facility]  # 「老健のほうは？」 after another facility: its own size, told before
        slots.facility = update.facility
    if update.size:
        slots.size = update.size
    if slots.facility and slots.size:
        slots.sizes[slots.facility] = slots.size
    if slots.facility is None and (beds := _beds_of_a_hospital(ctx.text)) is not None:
        # 「うちは45床。H3に入るとおいくら？」: only a hospital has that many beds, and only its table is priced by beds.
        slots.facility = "hospital"
        rule = outside_sources().fact("hospital_min_beds")
        texts.append(f"{beds}床とのことですので、病院の保険料表でお調べします（{rule.value}床以上の入院施設は病院です）。"
                     f"\n{outside_sources().line([rule.source])}")
    asks = pq.premium_question(ctx.text, update.plans_mentioned, jtext.find_amounts_yen(ctx.text), slots.last_budget_yen,
                               plan_known=bool(update.plan or slots.plan) and len(update.plans_mentioned) <= 1)
    follows_budget, same_budget = slots.last_ask == "budget", False
    if slots.last_ask == "beyond" and asks is None and not update.plans_mentioned and not update.facility and not update.size:
        asks = "beyond"  # 「それだと保険料はいくらになる？」 after the custom design: its premium is the agent's
    follows_limits, follows_claimed, slots.last_ask = slots.last_ask == "limits", slots.last_ask == "claimed", None
    if follows_budget and asks is None and update.plan is None and not update.plans_mentioned \
            and (update.size or update.facility) and not jtext.find_amounts_yen(ctx.text) and slots.last_budget_yen:
        asks, same_budget = "budget", True  # 「じゃあ30床だったら？」 right after the plans a budget allows: the same budget, another size
    if follows_limits and asks is None and update.plan is None and pq.names_a_limit_item(ctx.text):
        asks = "limits"  # 「事故対応の費用のほうは？」 right after a plan's limits
    estimate = asks == "estimate"  # answered as a quote; a premium the table lacks is not worked out
    if estimate:
        asks = None
    if asks == "beyond":
        slots.last_ask = "beyond"
        return pq.beyond_reply(ctx)
    if asks == "deductible":
        return pq.deductible_reply(ctx)
    claimed = pq.claimed_amounts(ctx.text, update.plan or slots.plan) if asks == "claimed" else None
    if follows_claimed and asks is None and update.plan is not None and len(update.plans_mentioned) == 1 \
            and not update.facility and not update.size and slots.last_claimed is not None:
        asks, claimed = "claimed", slots.last_claimed  # "And if we had H7 instead?" right after sums against H6
    # What a plan pays is its limits, answered first whatever else is known (「うちは診療所でH2タイプに入って
    # ます。賠償の上限っていくらですか？」 asks no premium); no size is asked for either (「H7で入っている病院
    # です。1年で合わせて最大いくらまで出ますか」 asks no premium, nor the beds it would need).
    plan_id = update.plan or slots.plan
    if asks in ("claimed", "limits") and plan_id and len(update.plans_mentioned) <= 1:
        slots.plan = update.plan or slots.plan
        if asks == "claimed":
            ruling = _ruled_unpaid(ctx.text)
            if ruling is not None:
                from handlers import rulings  # (handlers.rulings reads handlers.intents, which reads this module)

                return rulings.answer(ctx, ruling)
            slots.last_ask, slots.last_claimed = "claimed", claimed
            return pq.claimed_reply(ctx, slots.plan, *claimed)  # type: ignore[arg-type, misc]
        slots.last_ask = "limits"
        return pq.limits_reply(ctx, slots.plan)  # type: ignore[arg-type]
    # 「30床の病院、H2からH6に上げたら年いくら増える？」 names both plans and what they are quoted for: the
    # difference of their printed (yearly) premiums answers it. A change during the policy year
    # (「期間の途中でH5に」) is priced by no table: its duty to notify and the agent, and no premium.
    two_plans_priced = len(update.plans_mentioned) >= 2 and slots.facility is not None
    if asks == "change" and (not two_plans_priced or pq.asks_mid_term(ctx.text)):
        return pq.change_reply(ctx)
    # 「H2とH4で違いは？」, and two plans named by rank (「一番安いのと一番高いのだけ教えて」): side by side.
    # 「病院30床でH1とH7の年額教えて」: two plans asked for together (not one taken back for the other, 「H2じゃなくて
    # H4で」), each priced.
    together = len(jtext.plans_named(said_last(jtext.normalize(ctx.text)))) >= 2
    comparing = len(update.plans_mentioned) >= 2 and asks != "all_plans" and (
        asks in ("better", "change") or update.plan is None or _V.has("compare", ctx.text) or together
        or bool(_V.pattern("versus").search(ctx.text)))
    if update.plan and not comparing and asks != "all_plans":
        slots.plan = update.plan
    if asks == "all_plans":
        slots.plan = None  # 「H1からH7まで全部」: the whole row
    if asks == "budget":
        slots.budget_yen = slots.last_budget_yen if same_budget else pq.budget_of(ctx.text, slots.last_budget_yen)
        if slots.budget_yen and pq.budget_by_the_month(ctx.text):
            texts.append(f"月{yen(slots.budget_yen // 12)}のご予算を、年{yen(slots.budget_yen)}として比べます"
                         "（パンフレットの保険料は年額・一括払の場合の金額で、月払の金額は掲載されていません）。")
    # (「いちばん安いの」 names a plan by its rank; beside a limit it must reach, the floor decides)
    if (update.liability_yen or update.response_yen) and slots.facility and pq.asks_for_a_floor(ctx.text) \
            and jtext.find_plan(ctx.text) is None:
        slots.plan = None
        return pq.floor_reply(ctx, slots, update.liability_yen, update.response_yen)
    if (update.liability_yen or update.response_yen) and not slots.facility and pq.asks_for_a_floor(ctx.text) \
            and jtext.find_plan(ctx.text) is None:
        # The same question before the facility is known: the plans that reach the floor, by their limits.
        floor_texts, found = pq.floor_by_limits(ctx, update.liability_yen, update.response_yen)
        if found:
            sources = cite("sec-08")
            return Reply(texts=[*floor_texts, source_line(sources)], intent="quote", sources=sources,
                         quick_replies=_facility_replies())
    if asks == "basis":
        return pq.basis_reply(ctx, slots)

    if update.plan is None and asks != "budget" and (update.liability_yen or update.response_yen):
        match = plans_for_limits(update.liability_yen, update.response_yen, facts)
        if len(match.plans) == 1:
            slots.plan = match.plans[0]
            texts.append(f"その保険金額は {match.plans[0]} です（{_plan_limits(facts, match.plans[0])}）。")
        else:
            if len(match.plans) >= 2 and slots.facility and (slots.size is not None or facts.facility(slots.facility).sizing == "flat"):
                # 「じゃあ2億のは？」 after a premium: every plan with that limit, priced for the facility in hand.
                slots.plan = None
                view, table_text = _table([quote(slots.facility, slots.size, p, facts) for p in match.plans], facts)
                sources = cite("sec-08")
                return Reply(texts=[match.note, table_text, source_line(sources)], table=view, intent="quote",
                             sources=sources, quick_replies=_plan_replies())
            texts.append(match.note)
            if match.plans:
                texts.append("\n".join(f"{p}：{_plan_limits(facts, p)}" for p in match.plans))
            sources = cite(match.source, "sec-18")
            texts.append(source_line(sources))
            if not slots.facility:
                return Reply(texts=texts, intent="quote", sources=sources, quick_replies=_facility_replies())

    if comparing:
        if asks == "better":
            _remember(slots, *_quotes_known(slots, update.plans_mentioned[:2], facts))
            return pq.better_reply(ctx, slots, update.plans_mentioned[:2])
        # (「H1からH7までそれぞれいくら」 asks every price of the range, no difference)
        return _compare(ctx, update.plans_mentioned, slots,
                        difference=(not together and len(update.plans_mentioned) <= 2) or _V.has("compare", ctx.text)
                        or bool(_V.pattern("versus").search(ctx.text)))

    asked = _ask(ctx, slots, texts)
    if asked is not None:
        if slots.plan and slots.facility is None:
            asked.texts.insert(0, f"{slots.plan}は {_plan_limits(facts, slots.plan)} のタイプです。")
        return asked

    if slots.budget_yen is not None:
        budget, slots.budget_yen = slots.budget_yen, None  # answered once; the next message is a new question
        slots.last_budget_yen, slots.last_ask = budget, "budget"
        reply = pq.budget_reply(ctx, slots, budget)
        reply.texts[:0] = texts  # what was read on the way (a monthly budget, beds of a hospital)
        return reply

    if slots.plan is None:
        quotes = quote_all(slots.facility, slots.size, facts)
        if quotes[0].premium_yen is None and not quotes[0].brackets:
            return _not_printed(quotes[0], facts)
        view, table_text = _table(quotes, facts)
        texts.append(table_text)
        if not quotes[0].exact:
            texts.append("\n".join(quotes[0].conditions))
        texts.append("タイプ（H1〜H7）を選ぶと、そのタイプの保険料と補償内容をご案内します。")
        together = pq.joins_several_facilities(ctx.text)
        if together:
            # 「同じ法人で3つのクリニックをまとめて入ったら」: the table is per facility; joined, it prices differently.
            texts.append(pq.JOINED_NOT_PRINTED)
            texts.append(facts.multi_facility.text + f"（{agent_text(facts)}）")
        sources = cite("sec-08") if quotes[0].exact and not together else cite("sec-08", "sec-18")
        texts.append(source_line(sources))
        phones = [] if quotes[0].exact and not together else [phone(facts.contact("agent"))]
        return Reply(texts=texts, table=view, intent="quote", sources=sources, quick_replies=_plan_replies(), phones=phones)

    result = quote(slots.facility, slots.size, slots.plan, facts)
    _remember(slots, result)
    changed = len(slots.priced) >= 2 and slots.priced[-2].model_dump() != slots.priced[-1].model_dump()
    # (「すみません、100床の間違いでした」 corrects the size: its 違い asks no difference)
    if (update.plan or update.size or update.facility) and changed and _V.has("compare", ctx.text) \
            and not _V.pattern("self_correction").search(ctx.text) and (answered := _difference(ctx, slots)) is not None:
        # 「H7にすっと、なんぼ上がっと？」 "And H5? What extra do we get for the difference?"; 「50床だと？あと差額も」
        return answered
    reply = _exact(result, facts) if result.exact else _not_printed(result, facts)
    if estimate and not result.exact:
        reply.texts.insert(0, pq.NO_ESTIMATE)
    if update.plan and slots.last_budget_yen and result.premium_yen and result.exact and _V.has("short_of_budget", ctx.text):
        # 「H7にするにはあと何円足りない？」 after the budget: how far the plan's premium is from it.
        gap = result.premium_yen - slots.last_budget_yen
        texts.append(f"{result.type}（年間保険料 {yen(result.premium_yen)}）は、ご予算の年{yen(slots.last_budget_yen)}を "
                     + (f"{yen(gap)} 上回ります。" if gap > 0 else f"上回りません（{yen(-gap)} 下回ります）。"))
    reply.texts = texts + reply.texts
    return reply
