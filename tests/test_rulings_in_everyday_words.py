"""The ruling table read in the words staff use: a city abroad for the support service's area (and
a product made abroad that is no such place), a device infected from the clinic that is the
liability cover's example and not a lost thing, 「取引先に」 that holds no 「先に」 paid first, a hurt
arm in dialect, a katakana-heavy question, and a shared word list named in a ruling's words."""

from __future__ import annotations

import pytest

from handlers.verdicts import asks_for_a_verdict
from knowledge.rulings import get_rulings
from knowledge.text import normalize


def named(text: str) -> str | None:
    ruling = get_rulings().first_naming(normalize(text))
    return ruling.id if ruling else None


@pytest.mark.parametrize("question", [
    "フィンランドの大学から症例データが流出しました。SOMPOの緊急時サポートで、ヘルシンキに人を出して調べてもらえますか？",
    "緊急時サポートの人、スリランカまで調べに行ってくれるら？翻訳の外注先で漏れたんだに。",
    "イスタンブールの提携先で漏えい。サポートの人に現地まで来てもらえる？",
])
def test_help_wanted_in_a_city_or_country_abroad_is_the_service_area(question):
    assert named(question) == "service_area"


@pytest.mark.parametrize("question", [
    "ドイツ製の検査機器がウイルスに感染しました。緊急時サポートで業者に来てもらえますか",
    "ウインドウズのパソコンが壊れたら緊急時サポートで対応してもらえますか？",
])
def test_a_thing_from_abroad_or_a_word_holding_a_name_is_no_place_abroad(question):
    assert named(question) != "service_area"


def test_a_device_infected_from_the_clinics_site_is_a_liability_claim_not_a_lost_thing():
    question = ("院のサイトのページに誰かが細工していて、ページを開いた販売店のパソコンがウイルスに感染し、"
                "販売店が弁償してくれと言ってきています。保険でいけますか？")
    assert named(question) == "liability_claims"


def test_a_borrowed_thing_broken_is_still_someone_elses_property():
    assert named("医師会から借りていた人体模型を倒してしまい、腕の部分が割れました。修理代を弁償してほしいと言われています。保険で出ますか") == "others_property"


def test_a_business_partner_named_before_ni_is_no_payment_made_first():
    question = "うちのPCの感染に気付かないまま取引先にメールを送って、先方のデータが消えたと賠償を求められたら、保険は使えますか"
    assert named(question) == "liability_claims"


def test_an_arm_hurt_in_dialect_is_bodily_harm():
    assert named("老健の自動血圧計が乗っ取られで、カフ締まりっぱなしで入所者さんの腕ば痛めだ。賠償は保険で出っぺか？") == "bodily_harm_claimed"


def test_a_katakana_heavy_question_asks_for_a_verdict():
    assert asks_for_a_verdict(normalize("ボットにマカせてたカソウツウカ、バグでゼンブ売られた。ホケンきく？"))
