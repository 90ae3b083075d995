"""Premium questions beyond one plan's price, through the whole engine: every plan, a budget,
which plan is better, what the printed premium assumes, a change during the year, another
insurance. Every yen comes from the pamphlet's table (tests/pamphlet_tables.py checks the table)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from tests.pamphlet_tables import CARE, CLINIC, HOSPITAL

JST = dt.timezone(dt.timedelta(hours=9))
HOSPITAL_30 = {"H1": "55,690円", "H2": "65,150円", "H3": "102,220円", "H4": "164,120円"}


@pytest.fixture
def ask(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    counter = iter(range(1000))

    def _ask(text: str) -> str:
        at = dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST)
        return engine.handle(Inbound(session_key=f"s{next(counter)}", text=text, at=at)).plain_text()

    yield _ask
    store.close()


@pytest.mark.parametrize("text", ["病院で50床、H1からH7まで全部の保険料を一覧で", "50床の病院、全プランならべて"])
def test_every_plan_for_one_facility_in_one_table(ask, text):
    reply = ask(text)
    for premium in ("78,410円", "91,730円", "143,930円", "231,070円", "248,760円", "276,710円", "297,680円"):
        assert premium in reply


@pytest.mark.parametrize("text", ["30床の病院で、年間の保険料は15万円までに抑えたいです。どのプランなら入れますか？",
                                  "Budget 150,000 yen a year for a 30-bed hospital, which plans fit?"])
def test_plans_that_fit_a_budget_and_none_above_it(ask, text):
    reply = ask(text)
    assert all(HOSPITAL_30[p] in reply for p in ("H1", "H2", "H3"))
    assert HOSPITAL_30["H4"] not in reply


def test_which_is_better_puts_the_plans_side_by_side_without_advice(ask):
    reply = ask("30床の病院でH1とH2どっちがいい？")
    assert HOSPITAL_30["H1"] in reply and HOSPITAL_30["H2"] in reply
    assert "1,000万円" in reply and "3,000万円" in reply
    assert "パンフレットには書かれていません" in reply


@pytest.mark.parametrize("text", ["保険料って分割できますか？一括だといくら？", "50床の病院でH1、月払いだと毎月いくら？",
                                  "パンフレットの保険料はどういう条件の金額ですか"])
def test_the_basis_of_the_printed_premium_and_no_invented_monthly_amount(ask, text):
    reply = ask(text)
    assert "団体割引20%" in reply and "告知書割引30%" in reply and "一括払" in reply
    assert ("記載がありません" in reply) == any(w in text for w in ("分割", "月払い"))  # said only when asked
    assert "6,534" not in reply and "6,535" not in reply  # 78,410 / 12


@pytest.mark.parametrize(("text", "low", "high"), [
    ("50床の病院です。H1からH4に上げると保険料はいくら増えますか", HOSPITAL[50]["H1"], HOSPITAL[50]["H4"]),
    ("定員100人の老健、H3をH6に切り替えたら年間でいくら高くなる？", CARE[100]["H3"], CARE[100]["H6"]),
])
def test_moving_up_from_one_plan_to_another_is_priced_as_their_difference(ask, text, low, high):
    """Two plans named with what they are quoted for: a choice between them, priced by the table
    (only a change during the policy year has no printed price)."""
    reply = ask(text)
    assert f"{high - low:,}円" in reply and f"{low:,}円" in reply and f"{high:,}円" in reply


def test_the_price_of_the_insurance_asked_in_everyday_words_is_the_premium_with_no_verdict(ask):
    """「保険の金額」 (with の) is what the insurance costs, 「保険金額」 what it pays; and a polite
    「教えてもらえますか」 asks for it, it asks no yes-or-no about cover."""
    reply = ask("内科の診療所です。サイバー保険の金額をざっくり教えてもらえますか")
    assert all(f"{yen:,}円" in reply for yen in CLINIC.values())
    assert "対象とされています" not in reply and "補償の対象となります" not in reply


def test_a_change_during_the_year_gets_the_duty_to_notify_and_the_agent(ask):
    reply = ask("今クリニックでH2に入ってます。期間の途中でH5に変更できますか？差額はいくら？")
    assert "ご通知ください" in reply and "0985-23-9100" in reply
    assert "記載がありません" in reply
    assert "56,500円" not in reply  # clinic H5: no price for a change the pamphlet does not price


@pytest.mark.parametrize("text", ["医師賠償責任保険の保険料はいくらですか？", "How much is the medical liability insurance premium?"])
def test_another_insurance_is_not_answered_from_this_table(ask, text):
    reply = ask(text)
    assert any(s in reply for s in ("記載がありません", "does not state"))
    assert "0985-23-9100" in reply
    assert "円" not in reply.replace("0985", "")


def test_the_most_cover_within_a_budget_is_named_by_its_limits(ask):
    reply = ask("クリニックで、保険料の予算は年5万円以内です。一番補償が手厚いプランは？")
    assert "39,820円" in reply and "51,800円" not in reply.split("予算を超えます")[0]
    assert "最も大きいのは H3" in reply
    # the limits do not rise together: within 65,000円 H5 has the larger liability, H6 the larger response cost
    reply = ask("診療所で、保険料の予算6万5千円以内のプランで一番補償が手厚いのは？")
    assert "賠償の限度額が最も大きいのは H5" in reply and "事故対応の限度額が最も大きいのは H6" in reply


def test_an_amount_in_a_cover_question_is_no_budget(ask):
    reply = ask("クリニックですが、損害額が300万円以下なら保険で全部出ますか？")
    assert "27,200円" not in reply


@pytest.mark.parametrize("text", ["診療所で一番安いプランと一番高いプランの差額は？",
                                  "For a clinic, what is the difference between the cheapest plan and the most expensive plan?"])
def test_plans_named_by_rank_are_compared(ask, text):
    reply = ask(text)
    assert "27,200円" in reply and "67,650円" in reply


def test_a_budget_for_something_else_is_no_premium_question(ask):
    reply = ask("クリニックのセキュリティ対策に予算50万円以内で何ができる？")
    assert "27,200円" not in reply


def test_premiums_rise_from_h1_to_h7_for_every_facility_and_size():
    """Plans named by rank (「一番安いプラン」) rest on this order of the table."""
    from knowledge.models import get_facts
    from knowledge.premiums import quote_all

    facts = get_facts()
    for facility, sizes in (("clinic", [None]), ("hospital", [30, 50, 100, 150, 199]), ("care", [30, 50, 100, 150])):
        for size in sizes:
            premiums = [q.premium_yen for q in quote_all(facility, size, facts) if q.exact]
            assert premiums == sorted(premiums) and len(premiums) in (0, 7), (facility, size, premiums)


def test_every_plan_asked_in_the_middle_of_a_quote_is_the_facility_being_quoted(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    minute = iter(range(60))

    def say(text: str) -> str:
        at = dt.datetime(2026, 12, 2, 10, next(minute), tzinfo=JST)
        return engine.handle(Inbound(session_key="q", text=text, at=at)).plain_text()

    say("老健の保険料を知りたい")
    say("定員100人です")
    assert "106,130円" in say("H3でお願いします")
    reply = say("全部のプラン見せて")
    assert "57,100円" in reply and "216,010円" in reply
    store.close()


def test_a_question_about_joining_without_the_required_insurance_leads_with_the_pamphlets_rule(ask):
    reply = ask("医師賠償責任保険に入っていなくても加入できますか")
    assert reply.startswith("パンフレットには「本保険のご加入には医師賠償責任保険のご契約が必要となります。」")


def _dialogue(tmp_path, texts: list[str]) -> list[str]:
    store = SQLiteStore(tmp_path / "dialogue.sqlite3")
    engine = Engine(store)
    at = dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST)
    try:
        return [engine.handle(Inbound(session_key="d", text=t, at=at)).plain_text() for t in texts]
    finally:
        store.close()


def test_a_plan_named_by_its_rank_is_quoted(tmp_path):
    """「一番高いプランは？」 in a clinic's quote: the dearest plan of the table, H7, with its premium."""
    *_, reply = _dialogue(tmp_path, ["クリニックの保険料が知りたいです", "一番高いプランは？"])
    assert "H7" in reply and "67,650円" in reply


def test_the_limits_asked_inside_a_quote_are_the_plan_being_quoted(tmp_path):
    """「その場合の補償額は？」 after 「H6だと？」 asks what H6 pays, from the table."""
    *_, reply = _dialogue(tmp_path, ["診療所のH2はいくら？", "やっぱりH6だと？", "その場合の補償額は？"])
    assert "H6" in reply and "1億円" in reply and "5,000万円" in reply


def test_a_size_said_as_a_what_if_in_the_quote_dialogue_is_quoted(tmp_path):
    _, h4, beds50, home45 = _dialogue(tmp_path, ["30床の病院です", "H4で", "50床やったら？", "定員45人の介護老人保健施設に変わったら？"])
    assert "164,120円" in h4 and "231,070円" in beds50  # a 50-bed hospital, H4
    assert "掲載されていません" in home45  # 45 lies between the printed sizes


def test_the_cheapest_and_the_dearest_named_by_rank_side_by_side(ask):
    reply = ask("30床の病院で、一番安いのと一番高いのだけ教えて")
    assert "55,690円" in reply and "211,430円" in reply and "差" in reply


@pytest.mark.parametrize("text", ["矯正歯科のクリニックです。H2とH4で保険料はどれくらい違いますか",
                                  "Compare H4 and H6 for a 100-bed hospital"])
def test_two_plans_compared_with_their_premiums_or_where_the_premium_comes_from(ask, text):
    reply = ask(text)
    if "100-bed" in text:
        assert "305,130円" in reply and "365,400円" in reply and "60,270円" in reply
    else:
        assert "掲載されていません" in reply and "0985-23-9100" in reply


@pytest.mark.parametrize("question", ["病院でもクーリングオフはできますか", "定員100人の施設だと、損保ジャパンの窓口はどこ？"])
def test_a_facility_or_size_named_in_a_question_about_something_else_is_no_quote(tmp_path, question):
    *_, reply = _dialogue(tmp_path, ["30床の病院です", "H4で", question])
    assert "円 です" not in reply and "年間保険料" not in reply


def test_a_plans_limits_are_given_without_asking_a_hospitals_beds(ask):
    reply = ask("H5で加入している病院です。賠償と事故対応、年間で合計いくらまで出ますか")
    assert "損害賠償2億円・事故対応特別費用3,000万円" in reply and "総保険金額）2億円 が限度" in reply
    assert "病床数" not in reply


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # two costs summed against the response-cost limit
    ("H1です。フォレンジックに300万円、お詫び状の発送に250万円かかりました。全部出ますか",
     ["事故対応の費用 550万円 → 保険金額 500万円 を超えています", "お支払いは 500万円 が限度"], ["範囲内です"]),
    # damages named after the amount, costs before it; their total within the plan's total a year
    ("H4に入っています。患者さんから1,500万円の賠償を請求され、弁護士費用などで800万円かかりそうです。保険でまかなえますか",
     ["損害賠償 1,500万円 → 保険金額 1億円 の範囲内", "事故対応の費用 800万円 → 保険金額 3,000万円 の範囲内", "合計 2,300万円"], ["超えています"]),
    ("We are on plan H2. The investigation and the call centre cost us 6 million yen. Is all of it covered?",
     ["事故対応の費用 600万円 → 保険金額 500万円 を超えています"], []),
])
def test_amounts_spent_or_claimed_against_the_plans_limits(ask, text, expected, absent):
    reply = ask(text)
    assert all(e in reply for e in expected), reply
    assert not any(a in reply for a in absent), reply


def test_amounts_told_beside_an_incident_and_after_it_are_held_against_the_plan_named(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    at = dt.datetime(2026, 12, 2, 10, 0, tzinfo=JST)
    say = lambda text: engine.handle(Inbound(session_key="one", text=text, at=at)).plain_text()  # noqa: E731
    first = say("ランサムウェアにやられました。うちはH3です。復旧業者に1,200万円かかると言われました。保険で全部出ますか")
    assert "0120-318-258" in first and "事故対応の費用 1,200万円 → 保険金額 1,000万円 を超えています" in first
    later = say("別に患者さんから800万円の賠償を求められています。こちらは出ますか")
    assert "損害賠償 800万円 → 保険金額 5,000万円 の範囲内" in later
    store.close()


@pytest.mark.parametrize("text", [
    "事故対応の費用は最低でも4,000万円は見ておきたいです。どのタイプを選べばいいですか",
    "事故んときん対応費用を、最低でん4,000万円は見ておきたかどん、どんタイプを選べばよかとな？",
])
def test_a_floor_asked_before_the_facility_lists_the_plans_that_reach_it(ask, text):
    reply = ask(text)
    assert "H6" in reply and "H7" in reply and "H5：" not in reply  # 5,000万 of response cost; H5 has 3,000万
    assert "ありません" not in reply  # not «no such combination»


def test_a_facility_named_again_keeps_its_own_size_told_before(tmp_path):
    """「老健のほうは？」 after another facility's head count: the 老健's own 100, not the other's 50."""
    *_, reply = _dialogue(tmp_path, ["定員100人の介護老人保健施設で、H1の保険料を教えてください",
                                     "もう一つ、定員50人の介護医療院もあります。そちらはいくらですか",
                                     "予算が年12万円なら、老健のほうはどのタイプまで入れますか"])
    assert "介護老人保健施設（100人）" in reply
    assert "次の3つ" in reply and "H4〜H7は予算を超えます" in reply


def test_joining_the_two_facilities_quoted_asks_about_the_shared_limit(tmp_path):
    *_, reply = _dialogue(tmp_path, ["定員100人の老健のH2はいくら？", "介護医療院（定員60人）のほうは？",
                                     "この2施設を一緒に加入すると、保険金額はどうなりますか"])
    assert "共有する保険金額" in reply


@pytest.mark.parametrize(("text", "basis"), [
    ("月払いはできますか？", True),  # a way of paying named, no 保険料
    ("Can we pay monthly?", True),
    ("毎月の点検は補償されますか", False),  # 毎月 of something else
])
def test_a_way_of_paying_asked_without_the_word_premium_gets_the_basis(ask, text, basis):
    assert ("一括払の場合の金額です" in ask(text)) == basis


def test_the_debit_month_quoted_after_the_pamphlets_year_is_said_to_be_over(tmp_path):
    engine = Engine(SQLiteStore(tmp_path / "bot.sqlite3"))
    reply = engine.handle(Inbound(session_key="s", text="保険料は月払いできますか？",
                                  at=dt.datetime(2027, 6, 3, 10, 40, tzinfo=JST))).plain_text()
    assert "令和7年7月に宮崎県医師会の届出口座から引き去り" in reply
    assert "すでに終わっています" in reply


@pytest.mark.parametrize("text", ["病院です。H2とH4どっちがいい？", "病院でH1にしたいんですが、月払いはできますか？"])
def test_a_hospital_whose_beds_are_not_said_gets_the_plans_without_a_price(ask, text):
    reply = ask(text)
    assert "ただいまご質問を処理できませんでした" not in reply  # (it had crashed on the missing bed count)
    assert "損害賠償" in reply or "一括払" in reply


@pytest.mark.parametrize("correction", ["すみません、一般病床が70で療養病床が30、合計100床でした",
                                        "あ、療養病床30も入れると一般病床70と合わせて100床です"])
def test_beds_of_several_kinds_correct_the_size_to_their_total(tmp_path, correction):
    """「病院75床のH4」 then the beds told by kind: the price is the total's (100床), not the first count's."""
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    engine = Engine(store)
    at = dt.datetime(2027, 5, 10, 10, 0, tzinfo=JST)
    engine.handle(Inbound(session_key="s", text="うちは病院で70床です。H4だと年間いくら？", at=at))
    reply = engine.handle(Inbound(session_key="s", text=correction, at=at + dt.timedelta(minutes=2))).plain_text()
    store.close()
    assert f"{HOSPITAL[100]['H4']:,}円" in reply
    assert "70床" not in reply


@pytest.mark.parametrize(("text", "plans"), [
    ("50床の病院、H2からH5までそれぞれ年額いくら？", ("H2", "H3", "H4", "H5")),
    ("50床の病院でH1とH4とH6を比べたいです", ("H1", "H4", "H6")),
])
def test_a_range_or_three_plans_are_all_set_side_by_side(ask, text, plans):
    reply = ask(text)
    for plan in plans:
        assert f"{plan}：" in reply and f"{HOSPITAL[50][plan]:,}円" in reply
    assert "年間保険料の差は" not in reply


def test_a_dental_clinic_typed_in_kana_is_a_dental_clinic(ask):
    reply = ask("しかいいんの保険料っていくらなん？")
    assert "歯科医院・診療所" in reply and "施設の種類を教えてください" not in reply


def test_a_nursing_care_hospital_named_in_english_or_romaji_is_a_kaigo_iryoin_not_a_hospital(ask):
    reply = ask("What would a nursing care hospital (kaigo iryoin) with 60 residents pay for H5?")
    assert "介護医療院" in reply and "病院（60床）" not in reply
