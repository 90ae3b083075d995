"""Premium questions beyond one plan's price: every plan, a budget, which is better, what the
printed premium assumes, a change during the policy year.

Each answer is built from the pamphlet's table and statements (knowledge/facts.yaml); where the
pamphlet says nothing (a monthly amount, the premium of another insurance, the price of a
mid-term change) the answer says so and gives the agent.
"""

from __future__ import annotations

import re
from typing import Literal

from handlers.common import agent_text, cite, period_ended_note, phone, source_line
from handlers.context import Context
from handlers.messages import QuickReply, Reply
from handlers.session import FacilityPlan, QuoteSlots
from knowledge import text as jtext
from knowledge.formatting import man_yen, yen
from knowledge.models import PLAN_IDS, Facts, get_facts
from knowledge.premiums import Quote, custom_design_note, lacks_its_size, quote, quote_all
from knowledge.vocab import vocabulary

_V = vocabulary("premium_questions").check(terms=("all_plans", "budget", "budget_more", "better", "basis", "change", "mid_term", "cover_sum", "estimate_asked", "per_month", "budget_per_month", "price",
                                                  "most_cover", "limit_floor", "cheapest", "limits", "premium_word",
                                                  "liability_item", "response_item", "limits_total", "sum_of_facilities", "joined",
                                                  "incurred", "claimed_damages", "joining_together", "beyond_plans", "deductible", "way_of_paying"),
                                           patterns=("per_month_amount", "premium_up_to", "without_discount", "limit_after", "total_before"))

Ask = Literal["all_plans", "budget", "better", "basis", "change", "limits", "claimed", "beyond", "deductible", "estimate"]
CLAIM_LABEL_REACH = 12  # characters before or after an amount where the word saying it is damages stands


def premium_question(text: str, plans_mentioned: tuple[str, ...], amounts: list[int], last_budget_yen: int | None = None,
                     plan_known: bool = False) -> Ask | None:
    """What a premium question asks besides one plan's price; None for a plain quote. A budget
    names an amount; then what the printed premium assumes: 「途中加入だと月割り？」 asks about the
    basis, not a change."""
    if plans_mentioned and amounts and max(amounts) > max(p.liability_limit_yen for p in get_facts().plans) \
            and _V.has("cover_sum", text) and not _V.has("premium_word", text) and not _V.has("incurred", text):
        # 「H7でも足りない。もっと上の金額の補償ってできないの？」: a sum past the plan named and every other
        # (with no plan named, the limits wanted are matched against the plans and the custom design's cap)
        return "beyond"
    if plan_known and amounts and _V.has("incurred", text) and _V.has("claimed_damages", text) and not _V.has("premium_word", text):
        # 「H3に加入…賠償が…万円、費用が…万円かかる見込み…それぞれ枠の中に収まり」: sums spent against the plan,
        # though 収まる is also a word of a budget
        return "claimed"
    if amounts and (_V.has("budget", text) or _V.pattern("premium_up_to").search(text) is not None
                    or (last_budget_yen is not None and _V.has("budget_more", text))):
        return "budget"  # an amount beside 以内 or 予算 is a budget, though a 条件 beside it is also a word of the basis
    if not amounts and _asks_within_the_last_budget(text, last_budget_yen):
        return "budget"  # 「その中で一番手厚いのは？」 right after the plans a budget allows
    if _V.has("beyond_plans", text):
        return "beyond"  # 「H7よりもっと大きい補償はありますか」: past the table, the custom design
    if asks_about_the_deductible(text) and not amounts:
        return "deductible"  # 「自己負担ってあるんですか」: a column of the table
    if _V.has("limits", text) and not _V.has("premium_word", text) and not _V.has("budget", text):
        return "limits"  # 「上限いくらまで出ますか」: what the plan pays, not what it costs
    if plan_known and amounts and _V.has("incurred", text) and not _V.has("premium_word", text):
        return "claimed"  # 「H2です。調査に何百万円かかりました。全部出ますか」: amounts against the plan's limits
    if _V.has("basis", text):
        return "basis"
    if _V.has("change", text):
        return "change"
    if len(plans_mentioned) >= 2 and _V.has("better", text):
        return "better"
    if _V.has("all_plans", text) and not (_V.has("joining_together", text) and not _V.has("price", text)):
        return "all_plans"
    if _V.has("estimate_asked", text) and not amounts:
        return "estimate"  # 「だいたいでいいので、間くらいの数字で」: a figure between the printed examples
    return None


def beyond_reply(ctx: Context) -> Reply:
    """The largest plan of the table, and the custom design the pamphlet offers beyond it (no premium printed)."""
    facts = ctx.facts
    top = max(facts.plans, key=lambda p: (p.liability_limit_yen, p.response_cost_limit_yen))
    design = facts.custom_design
    sources = cite(design.source, "sec-18")
    texts = [f"パンフレットの表でいちばん大きい補償のタイプは {top.id}（損害賠償{man_yen(top.liability_limit_yen)}・"
             f"事故対応特別費用{man_yen(top.response_cost_limit_yen)}）です。",
             f"パンフレットの記載：\n「{design.text}」",
             f"個別設計の保険料は表にありませんので、{agent_text(facts)}へご相談ください。", source_line(sources)]
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])


def asks_about_the_deductible(text: str) -> bool:
    """「自己負担ってあるの？」「じぶんで はらう ぶんって あるの？」: the table's deductible column asked."""
    return _V.has("deductible", text)


def deductible_reply(ctx: Context) -> Reply:
    """The 自己負担額 column of the table, plan by plan (one line when every plan has the same)."""
    facts = ctx.facts
    amounts = {p.id: p.deductible_yen for p in facts.plans}
    sources = cite(*dict.fromkeys(p.source for p in facts.plans))
    if set(amounts.values()) == {0}:
        text = f"自己負担額は、パンフレットの表のどのタイプ（{facts.plans[0].id}〜{facts.plans[-1].id}）も「なし」です。"
    else:
        text = "自己負担額（パンフレットの表）：\n" + "\n".join(f"{i}：{yen(d) if d else 'なし'}" for i, d in amounts.items())
    return Reply(texts=[text, source_line(sources)], intent="quote", sources=sources)


def names_a_limit_item(text: str) -> bool:
    """「事故対応の費用のほうは？」「賠償は？」: one of a plan's two limits, named by its item."""
    return _V.has("liability_item", text) or _V.has("response_item", text)


def limits_reply(ctx: Context, plan_id: str) -> Reply:
    """A plan's limits (the one its item names, or both), and the total a year when asked."""
    facts = ctx.facts
    plan = facts.plan(plan_id)
    liability = f"損害賠償{man_yen(plan.liability_limit_yen)}"
    response = f"事故対応特別費用{man_yen(plan.response_cost_limit_yen)}"
    names_liability, names_response = _V.has("liability_item", ctx.text), _V.has("response_item", ctx.text)
    total = _V.has("limits_total", ctx.text)
    if names_liability and not names_response and not total:
        lead = f"{plan_id}の損害賠償の保険金額（支払限度額）は {man_yen(plan.liability_limit_yen)} です（事故対応特別費用は {man_yen(plan.response_cost_limit_yen)}）。"
    elif names_response and not names_liability and not total:
        lead = f"{plan_id}の事故対応特別費用の保険金額（支払限度額）は {man_yen(plan.response_cost_limit_yen)} です（損害賠償は {man_yen(plan.liability_limit_yen)}）。"
    else:
        lead = f"{plan_id}の保険金額（支払限度額）は、{liability}・{response} です。"
    notes = [n for n in facts.plan_notes if "保険金額" in n.text]
    texts = [lead]
    if total:
        texts.append(f"1年間（保険期間中）にお支払いする保険金の合計は、損害賠償の保険金額（総保険金額）{man_yen(plan.liability_limit_yen)} が限度です。")
    texts.append("パンフレットの記載：\n" + "\n".join(f"「{n.text}」" for n in notes))
    sources = cite("sec-08")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources,
                 quick_replies=[QuickReply(label=p, text=f"{p}の補償額") for p in PLAN_IDS if p != plan_id][:6])


def claimed_amounts(text: str, plan_id: str | None = None) -> tuple[int, int]:
    """The damages claimed and the response costs spent that a message names, each summed
    (two sums for the investigation and the phone line are one sum of costs; a sum 「…の賠償を求められ」 is damages).
    The plan's own limits said again after its name (「H2は賠償…万円と事故対応…万円なので」) are no sums spent."""
    normalized = jtext.normalize(text)
    limits = {get_facts().plan(plan_id).liability_limit_yen, get_facts().plan(plan_id).response_cost_limit_yen} if plan_id else set()
    damages = costs = 0
    for value, start, end in jtext.find_amount_spans(normalized):
        sentence = re.split(r"[。！？!?]", normalized[:start])[-1]
        rest = re.split(r"[。！？!?]", normalized[end:])[0]
        if value in limits and (re.search(rf"{plan_id}\s?(?:は|の)", sentence) or _V.pattern("limit_after").match(rest)) \
                and not _V.has("incurred", rest):
            continue  # (「H5で…3千万かかったら」 is a sum spent, though the plan's limit is the same)
        if _V.pattern("total_before").search(normalized[:start]):
            continue  # 「全部で…万円受け取れますか」: the total asked about, no sum spent
        # (only the clause the amount stands in: 「賠償で…万円、事故対応の費用で…万円」 labels each its own)
        before = re.split(r"[、,。]", normalized[max(0, start - CLAIM_LABEL_REACH):start])[-1]
        after = re.split(r"[、,。]", normalized[end:end + CLAIM_LABEL_REACH])[0]
        if _V.has("claimed_damages", before + " " + after) and not _V.has("response_item", before):
            damages += value
        else:
            costs += value
    return damages, costs


def claimed_reply(ctx: Context, plan_id: str, damages: int, costs: int) -> Reply:
    """Each amount against the plan's limit for it, and their total against the total a year."""
    facts = ctx.facts
    plan = facts.plan(plan_id)
    liability, response = plan.liability_limit_yen, plan.response_cost_limit_yen
    lines = []
    for label, amount, limit in (("損害賠償", damages, liability), ("事故対応の費用", costs, response)):
        if not amount:
            continue
        if amount <= limit:
            lines.append(f"・{label} {man_yen(amount)} → 保険金額 {man_yen(limit)} の範囲内です。")
        else:
            lines.append(f"・{label} {man_yen(amount)} → 保険金額 {man_yen(limit)} を超えています。お支払いは {man_yen(limit)} が限度で、"
                         f"超える {man_yen(amount - limit)} はこの保険からはお支払いされません。")
    if damages and costs:
        total = min(damages, liability) + min(costs, response)
        within = "の範囲内です" if total <= liability else f"を超えるため、お支払いは {man_yen(liability)} が限度です"
        lines.append(f"・合計 {man_yen(total)}（各保険金額までの分）→ 1年間（保険期間中）の総保険金額 {man_yen(liability)} {within}。")
    else:
        lines.append(f"1年間（保険期間中）にお支払いする保険金の合計は、損害賠償の保険金額（総保険金額）{man_yen(liability)} が限度です。")
    if damages > liability or costs > response or damages + costs > liability:
        # 「H1で足りますか」: over a limit, the plans whose limits hold these amounts (the table's own rows).
        enough = [p for p in facts.plans if p.liability_limit_yen >= damages + costs and p.response_cost_limit_yen >= costs]
        lines.append("この金額が保険金額の範囲内に収まるタイプ：" + ("、".join(
            f"{p.id}（損害賠償{man_yen(p.liability_limit_yen)}・事故対応特別費用{man_yen(p.response_cost_limit_yen)}）" for p in enough)
            if enough else "パンフレットのタイプ（H1〜H7）にはありません"))
    texts = [f"{plan_id}の保険金額（支払限度額）は、損害賠償{man_yen(liability)}・事故対応特別費用{man_yen(response)} です。",
             "\n".join(lines),
             "事故がお支払いの対象となる場合、保険金はこの保険金額の範囲内でお支払いの対象となります。"
             f"実際にお支払いできるかどうかと金額は事故の内容によりますので、{agent_text(facts)}または損保ジャパンへご確認ください。",
             # (both sums told: the yearly total is the pamphlet's rule that decides, said as such)
             ("合計の限度は、パンフレットに次のとおり定められています。\n" if damages and costs else "")
             + "パンフレットの記載：\n" + "\n".join(f"「{n.text}」" for n in facts.plan_notes if "保険金額" in n.text)]
    sources = cite("sec-08", "sec-18")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])


def asks_for_a_floor(text: str) -> bool:
    """「賠償が1億ないと不安。いちばん安いのは？」: a limit the plan must reach (read by the understanding
    step), said as a minimum or with the cheapest asked for."""
    return not _V.has("budget", text) and (_V.has("limit_floor", text) or _V.has("cheapest", text))


def floor_reply(ctx: Context, slots: QuoteSlots, liability_yen: int | None, response_yen: int | None) -> Reply:
    """The plans whose limits reach what was asked, their premiums, and the cheapest of them."""
    facts = ctx.facts
    quotes = quote_all(slots.facility, slots.size, facts)
    wanted = "・".join(w for w in ((f"賠償{man_yen(liability_yen)}" if liability_yen else ""),
                                   (f"事故対応{man_yen(response_yen)}" if response_yen else "")) if w)
    if not quotes[0].exact:
        return _not_exact(quotes, facts, f"{wanted}以上のタイプ")
    fitting = sorted((q for q in quotes if q.premium_yen is not None and q.liability_limit_yen >= (liability_yen or 0)
                      and q.response_cost_limit_yen >= (response_yen or 0)), key=lambda q: (q.premium_yen or 0, q.type))
    sources = cite("sec-08")
    if not fitting:
        # 「賠償のほうは5億くらいほしい」: beyond the table, the custom design may still reach it.
        sources = cite("sec-08", "sec-18")
        texts = [f"{quotes[0].subject}で{wanted}以上のタイプは、パンフレットの表にはありません。",
                 custom_design_note(liability_yen, response_yen, facts)[1], source_line(sources)]
        return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])
    cheapest = fitting[0]
    texts = [f"{quotes[0].subject}で{wanted}以上のタイプは次の{len(fitting)}つです（{facts.premium_basis.label}、保険料の低い順）。",
             "\n".join(f"{q.type}：{yen(q.premium_yen or 0)}（賠償{man_yen(q.liability_limit_yen)}／事故対応{man_yen(q.response_cost_limit_yen)}）"
                       for q in fitting),
             f"そのうち年間保険料がいちばん低いのは {cheapest.type}（{yen(cheapest.premium_yen or 0)}）です。",
             source_line(sources)]
    return Reply(texts=texts, intent="quote", sources=sources,
                 quick_replies=[QuickReply(label=q.type, text=q.type) for q in fitting])


def floor_by_limits(ctx: Context, liability_yen: int | None, response_yen: int | None) -> tuple[list[str], list[str]]:
    """「対応費用は最低でもこれだけは見ておきたい。どのタイプ？」 with no facility yet: the plans whose limits
    reach what was asked (by their limits alone: the premium needs the facility), as reply texts, and the
    plans found."""
    facts = ctx.facts
    wanted = "・".join(w for w in ((f"損害賠償{man_yen(liability_yen)}" if liability_yen else ""),
                                   (f"事故対応特別費用{man_yen(response_yen)}" if response_yen else "")) if w)
    fitting = [p for p in facts.plans if p.liability_limit_yen >= (liability_yen or 0)
               and p.response_cost_limit_yen >= (response_yen or 0)]
    if not fitting:
        return [f"{wanted}以上のタイプは、パンフレットの表（H1〜H7）にはありません。"], []
    texts = [f"{wanted}以上のタイプは次の{len(fitting)}つです。",
             "\n".join(f"{p.id}：損害賠償{man_yen(p.liability_limit_yen)}・事故対応特別費用{man_yen(p.response_cost_limit_yen)}"
                       for p in fitting),
             "保険料は施設の種類と規模で決まります。施設の種類（と病床数・定員）を教えていただければ、各タイプの保険料をお示しします。"]
    return texts, [p.id for p in fitting]


def budget_reply(ctx: Context, slots: QuoteSlots, budget_yen: int) -> Reply:
    facts = ctx.facts
    quotes = quote_all(slots.facility, slots.size, facts)
    subject = quotes[0].subject
    if not quotes[0].exact:
        return _not_exact(quotes, facts, f"年{yen(budget_yen)}以内のタイプ")
    fitting = [q for q in quotes if q.premium_yen is not None and q.premium_yen <= budget_yen]
    lines = [f"{q.type}：{yen(q.premium_yen or 0)}（賠償{man_yen(q.liability_limit_yen)}／事故対応{man_yen(q.response_cost_limit_yen)}）"
             for q in fitting]
    if fitting:
        texts = [f"{subject}で年間保険料が{yen(budget_yen)}以内のタイプは次の{len(fitting)}つです（{facts.premium_basis.label}）。",
                 "\n".join(lines)]
        if len(fitting) >= 2 or _V.has("most_cover", ctx.text):
            # Limit by limit: they do not rise together (H5 has the larger liability, H6 the larger
            # response cost), and which matters more is not for the bot to advise. Said whatever the
            # wording (「…まで出せるなら？」 after 「その中で補償が一番厚いのは？」 asks it again): it is the
            # table's fact that a budget question is after.
            liability = max(fitting, key=lambda q: (q.liability_limit_yen, q.premium_yen or 0))
            response = max(fitting, key=lambda q: (q.response_cost_limit_yen, q.premium_yen or 0))
            if liability.type == response.type:
                slots.plan = liability.type  # 「そのプランと、ひとつ下のH4とでは」 points at it
                texts.append(f"予算内で保険金額（支払限度額）が最も大きいのは {liability.type} です"
                             f"（賠償{man_yen(liability.liability_limit_yen)}／事故対応{man_yen(liability.response_cost_limit_yen)}）。")
            else:
                texts.append(f"予算内で、賠償の限度額が最も大きいのは {liability.type}（{man_yen(liability.liability_limit_yen)}）、"
                             f"事故対応の限度額が最も大きいのは {response.type}（{man_yen(response.response_cost_limit_yen)}）です。")
        if _V.has("cheapest", ctx.text) and not _V.has("most_cover", ctx.text):
            low = min(fitting, key=lambda q: (q.premium_yen or 0, q.type))
            texts.insert(0, f"いちばん保険料が低いのは {low.type}（年{yen(low.premium_yen or 0)}）です。")
        if len(fitting) < len(quotes):
            over = quotes[len(fitting)].type
            texts.append(f"{over}は予算を超えます。" if over == quotes[-1].type else f"{over}〜{quotes[-1].type}は予算を超えます。")
    else:
        cheapest = quotes[0]
        texts = [f"{subject}で年間保険料が{yen(budget_yen)}以内のタイプは、パンフレットの表にはありません。"
                 f"いちばん低いのは{cheapest.type}の {yen(cheapest.premium_yen or 0)} です（{facts.premium_basis.label}）。"]
    sources = cite("sec-08")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources,
                 quick_replies=[QuickReply(label=q.type, text=q.type) for q in fitting])


def better_reply(ctx: Context, slots: QuoteSlots, plans: tuple[str, ...]) -> Reply:
    """Side by side by their limits and premiums; the pamphlet does not say which to choose."""
    facts = ctx.facts
    # (a hospital whose beds are not said yet: the plans by their limits alone)
    priced = slots.facility is not None and not lacks_its_size(slots.facility, slots.size, facts)
    quotes = {q.type: q for q in quote_all(slots.facility, slots.size, facts)} if priced else {}
    lines = []
    for plan_id in plans:
        plan = facts.plan(plan_id)
        price = ""
        q = quotes.get(plan_id)
        if q is not None and q.exact and q.premium_yen:
            price = f"、年間保険料 {yen(q.premium_yen)}"
        lines.append(f"{plan_id}：損害賠償{man_yen(plan.liability_limit_yen)}・事故対応特別費用{man_yen(plan.response_cost_limit_yen)}{price}")
    priced = [quotes[p].premium_yen for p in plans if p in quotes and quotes[p].exact and quotes[p].premium_yen]
    if len(plans) == 2 and len(priced) == 2:
        # 「H5とH6、どっちがいいの？差額は？」: the difference, from the table.
        lines.append(f"年間保険料の差は {yen(abs(priced[1] - priced[0]))} です。")
    texts = [
        f"{'と'.join(plans)}を並べます。" + (f"（{next(iter(quotes.values())).subject}、{facts.premium_basis.label}）" if quotes else ""),
        "\n".join(lines),
        "どちらが良いかは、パンフレットには書かれていません。万一のときに必要な賠償額と事故対応費用の上限で比べてください。"
        f"ご相談は{agent_text(facts)}へどうぞ。",
        facts.plan_notes[1].text,
    ]
    if not slots.facility:
        texts.insert(2, "施設の種類と規模を教えていただければ、それぞれの年間保険料も並べます。")
    sources = cite("sec-08", "sec-18")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])


def names_a_way_of_paying(text: str) -> bool:
    """「月払いはできますか」「分割で払えますか」: how the premium is paid, asked without the word 保険料."""
    return _V.has("way_of_paying", text)


def basis_reply(ctx: Context, slots: QuoteSlots) -> Reply:
    """What the printed premium assumes; that no monthly or instalment amount is printed."""
    facts = ctx.facts
    basis = facts.premium_basis
    texts = [
        f"パンフレットの年間保険料は、{basis.label}の金額です。{basis.note}",
        f"保険料のお支払い：{facts.terms.payment.text}",
        f"保険期間の途中からのご加入：{facts.terms.mid_term_joining.text}",
    ]
    if _V.has("per_month", ctx.text):
        texts.insert(1, "月払い・分割払いの金額や、月割り・日割りの保険料は、パンフレットには記載がありません。")
    if _V.pattern("without_discount").search(ctx.text):
        texts.insert(1, "割引が適用されない場合の保険料は、パンフレットには記載がありません（表の金額は割引後です）。")
    if slots.facility and slots.plan and not lacks_its_size(slots.facility, slots.size, facts):
        q = next((q for q in quote_all(slots.facility, slots.size, facts) if q.type == slots.plan), None)
        if q is not None and q.exact and q.premium_yen:
            texts.insert(1, f"{q.subject}・{q.type}の年間保険料は {yen(q.premium_yen)}（{basis.payment}）です。")
    texts.append(f"お支払い方法や途中加入の保険料は、{agent_text(facts)}へお問い合わせください。")
    # (the debit month and the period's end quoted above are the pamphlet's year: said to be over once it is)
    ended = period_ended_note(facts, ctx.now, [facts.terms.payment.text, facts.terms.mid_term_joining.text])
    if ended:
        texts.insert(3, ended)
    sources = cite(basis.source, facts.terms.payment.source)
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])


MID_TERM_PRICE_NOT_PRINTED = "ご加入後のタイプの変更や、病床数・定員数が変わったときの保険料（差額）は、パンフレットには記載がありません。"


def asks_mid_term(text: str) -> bool:
    """「途中でH2からH6に」: a change during the policy year, not a choice between two plans' yearly premiums."""
    return _V.has("mid_term", text)


def change_reply(ctx: Context) -> Reply:
    """A change during the policy year: the duty to notify; the price of the change is not printed."""
    facts = ctx.facts
    notice = facts.terms.change_notice
    texts = [
        f"パンフレットには次のとおりあります：{notice.text}",
        f"変更のお手続きは、{agent_text(facts)}へお問い合わせください。",
    ]
    if _V.has("price", ctx.text):
        texts.insert(1, MID_TERM_PRICE_NOT_PRINTED)
    sources = cite(notice.source, "sec-18")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])



def _not_exact(quotes: list[Quote], facts: Facts, what: str) -> Reply:
    first = quotes[0]
    texts = [f"{first.subject}の{what}は、パンフレットの表からは正確にお答えできません。", "\n".join(first.conditions)]
    sources = cite(first.source, "sec-18")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))],
                 quick_replies=[QuickReply(label=p, text=p) for p in PLAN_IDS])


def budget_by_the_month(text: str) -> bool:
    """「月にならして…くらいまで」「月額…まで」: the budget is said by the month."""
    return _V.has("budget_per_month", text) or _V.pattern("per_month_amount").search(text) is not None


def budget_of(text: str, last_budget_yen: int | None = None) -> int | None:
    """The yearly budget written in the message (the largest amount it names), or, said as more than
    the budget last answered (「あと2千円ぐらい足せるなら？」), that budget plus it."""
    amounts = jtext.find_amounts_yen(text)
    if not amounts:
        return last_budget_yen if _asks_within_the_last_budget(text, last_budget_yen) else None
    if last_budget_yen is not None and _V.has("budget_more", text) and not _V.has("budget", text):
        return last_budget_yen + max(amounts)
    return max(_top_of_its_range(text, amount) for amount in amounts) * (12 if budget_by_the_month(text) else 1)


def _top_of_its_range(text: str, amount: int) -> int:
    """An amount said with 台 (「…万円台」) is the range of its last round digit: it runs up to the yen before the next
    round amount; any other amount is itself."""
    said = jtext.normalize(text)
    for value, _, end in jtext.find_amount_spans(text):
        if value == amount and said[end:end + 2].lstrip("円").startswith("台"):
            zeros = len(str(value)) - len(str(value).rstrip("0"))
            return value + 10 ** zeros - 1 if zeros else value
    return amount


def _asks_within_the_last_budget(text: str, last_budget_yen: int | None) -> bool:
    """The plan with the most cover, or the cheapest, asked with no amount right after a budget was
    answered: among the plans that budget allows."""
    return last_budget_yen is not None and (_V.has("most_cover", text) or _V.has("cheapest", text))


SIZING_UNIT = {"beds": "beds", "capacity": "people"}


def asks_for_a_sum_of_facilities(text: str, named: list[str], quoted: str | None) -> bool:
    """「同じ法人の病院と老健、それぞれH2で入ったら合計は？」: two kinds of facility (one of them may be the one
    being quoted) and a word for their sum or for each."""
    kinds = set(named) | ({quoted} if quoted else set())
    return len(kinds) >= 2 and bool(named) and _V.has("sum_of_facilities", text)


def sum_of_facilities_reply(ctx: Context, slots: QuoteSlots, named: list[str], plan_id: str) -> Reply | None:
    """Each facility's premium for the plan, joined one by one, and their sum; None when a facility's
    size is not known (the dialogue asks for it). A bed count goes to the facility priced by beds, a
    head count to the one priced by capacity; the facility being quoted keeps its size."""
    facts = ctx.facts
    sizes = list(jtext.find_sizes(ctx.text))
    kinds = list(dict.fromkeys(([slots.facility] if slots.facility and slots.facility not in named else []) + named))
    items: list[FacilityPlan] = []
    for kind in kinds:
        facility = facts.facility(kind)
        unit = SIZING_UNIT.get(facility.sizing)
        size = next((s.value for s in sizes if s.unit == unit), None) if unit else None
        if unit and size is None and kind == slots.facility:
            size = slots.size
        if unit and size is None:
            return None
        items.append(FacilityPlan(facility=kind, size=size, plan=plan_id))
    return facilities_sum_reply(ctx, slots, items)


def facilities_resummed(ctx: Context, slots: QuoteSlots, named: list[str], plan_id: str | None,
                        sized: bool = False) -> Reply | None:
    """A follow-up on the facilities last summed: a plan changed for one of them (「老健のほうだけH1に下げたら、
    2つ合わせていくら？」) or for all (「両方H2なら？」) re-sums them; joining them in one contract
    (「1本にまとめて入ったほうが安くなる？」) is answered with the pamphlet's note. ``plan_id``: the plan the
    message names; ``sized``: it gives a size (「20床の病院でH1は」 is a new question). None when the message is
    about something else (another facility or size, a plan alone)."""
    if len(slots.facilities) < 2 or sized:
        return None
    if plan_id is None and _V.has("joined", ctx.text):
        return joined_reply(ctx)
    remembered = {f.facility for f in slots.facilities}
    if set(named) - remembered:
        return None
    kept = set(named) & remembered
    if not (_V.has("sum_of_facilities", ctx.text) or (kept and plan_id)):
        return None
    items = [f.model_copy(update={"plan": plan_id}) if plan_id and (not kept or f.facility in kept) else f
             for f in slots.facilities]
    return facilities_sum_reply(ctx, slots, items)


NO_ESTIMATE = ("掲載例の間の規模の保険料を、按分や推定で計算してお伝えすることはできません"
               "（実際の保険料は告知内容に基づいて算出されます）。")
JOINED_NOT_PRINTED = ("パンフレットの表の保険料は、施設ごとにご加入の場合の金額です。まとめた場合の保険料は掲載されていないため、"
                      "安くなるかどうかはお答えできません。")


def joins_several_facilities(text: str) -> bool:
    """「3つのクリニックをまとめて入ったら」「一緒に加入」: several facilities in one contract."""
    return _V.has("joining_together", text)


def joined_reply(ctx: Context) -> Reply:
    """「同じ法人で病院と老健があるけど、まとめて入れる？」: the unit of joining (section 12), and that joined they
    are priced off the table (section 8)."""
    facts = ctx.facts
    sources = cite(*dict.fromkeys(f.source for f in facts.joining_unit), "sec-08", "sec-18")
    unit = "\n".join(f"「{f.text}」" for f in facts.joining_unit)
    texts = [f"パンフレットの記載（■ご加入の単位）：\n{unit}", facts.multi_facility.text + f"（{agent_text(facts)}）",
             JOINED_NOT_PRINTED, source_line(sources)]
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])


def facilities_sum_reply(ctx: Context, slots: QuoteSlots, items: list[FacilityPlan]) -> Reply | None:
    facts = ctx.facts
    quotes = [quote(item.facility, item.size, item.plan, facts) for item in items]
    if not all(q.exact and q.premium_yen for q in quotes):
        return None
    slots.facilities = items
    total = sum(q.premium_yen or 0 for q in quotes)
    lines = [f"{q.subject}・{q.type}：{yen(q.premium_yen or 0)}" for q in quotes]
    texts = [
        f"施設ごとにご加入の場合の年間保険料です（{facts.premium_basis.label}）。",
        "\n".join(lines) + f"\n合計：{yen(total)}",
        facts.multi_facility.text + f"（{agent_text(facts)}）",
    ]
    sources = cite("sec-08", "sec-18")
    texts.append(source_line(sources))
    return Reply(texts=texts, intent="quote", sources=sources, phones=[phone(facts.contact("agent"))])
