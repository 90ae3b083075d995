"""The ruling table read in the words staff use: a city abroad for the support service's area (and
a product made abroad that is no such place), a device infected from the clinic that is the
liability cover's example and not a lost thing, 「取引先に」 that holds no 「先に」 paid first, a hurt
arm in dialect, a katakana-heavy question, and a shared word list named in a ruling's words."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.verdicts import asks_for_a_verdict
from knowledge.rulings import get_rulings
from knowledge.clock import JST
from knowledge.text import normalize

NOON = dt.datetime(2031, 1, 15, 12, 0, tzinfo=JST)


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


@pytest.mark.parametrize("question", [
    "院の予約システムが乗っ取られて、リマインドのメールで職員が添付を開いた委託先のパソコンがウイルスにやられて、中のデータが全部消えたと弁償を求められとる。保険で払える？",
    "うちの事務用パソコンがウィルスにやられてたのに気づかずUSBでデータを渡したら、取引先のサーバーの中身が消えて弁償しろと言われました。保険の対象ですか",
])
def test_data_wiped_by_a_virus_passed_on_from_the_clinic_is_the_liability_cover_whatever_verb_tells_it(question):
    assert named(question) == "liability_claims"


@pytest.mark.parametrize("question", [
    "温熱治療器がハッキングされて熱くなりすぎ、患者さんが低温やけどと凍傷みたいな跡になりました。賠償は保険で出ますか",
    "検査の機械の設定を外から書き換えられて、患者さんが被ばくしすぎたそうです。訴えられたら保険は使えますか",
    "給食のシステムが改ざんされてアレルギーの人に卵が出てしまい、賠償を求められています。保険で出ますか",
])
def test_harm_to_a_body_told_by_what_the_device_or_record_did_is_bodily_injury(question):
    assert named(question) in ("bodily_injury", "bodily_harm_claimed")


def test_a_fine_for_a_copyright_infringement_is_a_fine_not_the_copyright_exception():
    assert named("院のブログに雑誌の記事を丸ごと載せて著作権法違反で罰金を科されました。この罰金は保険で出ますか") == "fines"
    assert named("院のブログに雑誌の記事を丸ごと載せて、出版社から著作権侵害の損害賠償を求められています。保険で出ますか") == "copyright_trademark_design"


@pytest.mark.parametrize("question", [
    "夜勤の看護師が『電子カルテのサーバーの音がいつもと違う』と言うだけです。調査会社に頼んだら費用は出ますか",
    "出入りの業者さんが『ルーターのランプが変な点き方しとる』って。それだけで調べてもらう費用は出る？",
])
def test_an_alarm_raised_only_by_someone_who_does_not_count_gets_the_rule_with_its_conditions(question):
    assert named(question) == "investigation_on_suspicion"


@pytest.mark.parametrize("question", [
    "職員が患者さんの一覧を取引先にうっかりメールで送ってしまいました。お詫びや説明にかかる費用は保険で出ますか",
    "不正アクセスで職員の給与データを見られていました。職員への説明の費用は保険で出ますか",
])
def test_the_cost_of_apologising_and_explaining_after_a_leak_is_a_response_cost(question):
    assert get_rulings().first_naming(normalize(question), True).id == "response_costs_in_an_incident"


def test_the_board_members_data_counted_by_heads_is_still_the_officers_exclusion():
    question = "理事4名分の住所と口座番号のファイルがウイルスで抜かれました。患者さんの分はありません。お詫びの費用は出ますか"
    assert named(question) == "officers_personal_data"


@pytest.mark.parametrize(("question", "ruling"), [
    ("攻撃で受付のシステムが止まって、前に勤めていた事務の人に日払いで手伝いに来てもらいました。その日当は出ますか", "response_costs_in_an_incident"),
    ("感染した本院の復旧に、分院の職員を2人出張させました。出張の手当は保険で出ますか", "response_costs"),
    ("うけつけの ぱそこんが ういるすに かかった。ぎょうしゃに なおして もらう ひよう でる？", "response_costs_in_an_incident"),
])
def test_response_costs_in_the_words_staff_use(question, ruling):
    assert get_rulings().first_naming(normalize(question), True).id == ruling


def test_telling_the_patients_and_a_fee_for_the_regulatory_report_are_named_costs():
    lost = "往診先で医師が業務用のタブレットをなくしました。漏れたかはわかりません。患者さんへのお知らせの費用は出ますか"
    assert named(lost) == "response_costs"
    report = "不正アクセスで職員の情報が抜かれ、個人情報保護委員会への報告を社労士さんに手伝ってもらっています。その報酬は出ますか"
    assert named(report) == "regulatory_costs"


@pytest.mark.parametrize("question", [
    # written for this test, not taken from an evaluation set
    "外部から電子カルテに侵入されて、紹介先の病院に間違った検査結果が送られ、先方から再検査にかかった損害を払ってほしいと言われています。保険で出ますか",
    "受付の入力ミスで、提携先の薬局に別人の処方データが届き、薬局から確認の手間の分を補償してほしいと言われました。保険の対象ですか",
    "Someone broke in to our booking server and cancelled a partner lab's slots; the lab says it will make a claim against us. Are we covered?",
])
def test_a_third_party_asking_the_clinic_to_pay_its_loss_after_an_intrusion_or_a_slip_is_a_liability_claim(question):
    assert named(question) == "liability_claims"


def test_the_price_of_what_a_hijacker_bought_is_no_liability_claim():
    question = "院のネット通販のアカウントが乗っ取られて事務用品を大量に注文され、お店から代金を払ってほしいと言われています。保険で出ますか"
    assert named(question) != "liability_claims"


@pytest.mark.parametrize("question", [
    # written for this test, not taken from an evaluation set
    "保険会社の人がサーバー室を見に来たいと言ってますが、忙しい時期なので断ってもいいですか",
    "損保から事故の記録の提出を求められていますが、まだ出していない。このまま出さないと何か困りますか",
    "The insurer wants to send someone to inspect our server room next week. Can we refuse?",
])
def test_the_insurers_checks_refused_or_left_undone_get_the_rule_on_payment_in_time(question):
    assert named(question) == "refusing_the_insurers_checks"


def test_a_settlement_signed_on_the_spot_is_paying_without_approval():
    question = "怒った患者さんに言われるまま、その場で示談書にハンコを押してしまいました。保険会社には言っていません。あとで保険金は出ますか"
    assert named(question) == "paying_without_approval"


def test_a_facility_converted_is_a_change_to_notify():
    assert named("来年、うちの老健を介護医療院に転換する予定です。保険のほうに何か連絡は要りますか") == "notice_of_changes"


def test_the_money_a_response_came_to_is_a_response_cost():
    assert named("ランサムウェアの対応で、受付に臨時で人を雇った分は保険で出ますか") in ("response_costs", "response_costs_in_an_incident")


@pytest.mark.parametrize("negated", ["停電やのうて", "停電やなくて", "停電とちゃうくて"])
def test_a_word_taken_back_in_dialect_decides_nothing(negated):
    question = f"ネットが止まったのは{negated}、ルーターの乗っ取りのせいでした。臨時で雇った人の費用は保険で出ますか"
    assert named(question) != "utility_outage"


@pytest.mark.parametrize("question", [
    "4月から訪問看護ステーションを始めます。保険に連絡いる？",
    "来年、病床を増やすんだけど、保険のほうで手続きいるわけ？",
])
def test_a_procedure_asked_as_needed_in_plain_words_gets_the_notice_of_changes(question):
    from handlers.rulings import ruling_for

    ruling = ruling_for(normalize(question))
    assert ruling is not None and ruling.id == "notice_of_changes"


@pytest.mark.parametrize("question", [
    "Do we need to notify Sompo Japan in writing, or is a phone call enough?",
    "損保ジャパンへの連絡は電話だけでいいですか",
    "保険会社には口頭で大丈夫？",
])
def test_notice_by_phone_alone_asked_is_the_written_notice_duty(conversation, question):
    reply = conversation(NOON)(question)
    assert "以下の事項を遅滞なく書面で通知してください" in reply


def test_a_late_notice_keeps_its_own_ruling():
    assert named("保険会社への報告が1か月遅れてしまいそうです。書面で出せば不利になりませんか") == "late_notice"


@pytest.mark.parametrize("question", [
    "じゃあ話し合いを始める前に、保険会社には何をどうやって知らせておけばいい？",
    "Do we have to tell Sompo about the lawsuit now, or can we just send them the bills when it's over?",
])
def test_how_and_when_to_tell_the_insurer_gets_the_written_notice(conversation, question):
    assert "遅滞なく書面で通知" in conversation(NOON)(question)


@pytest.mark.parametrize("question", [
    "保険金ば請求しよるとこですけど、損保ジャパンからファイアウォールのログを半年分出してって言われたと。量の多かけん断ってもよかですか",
    "保険会社から資料を出すように言われましたが、出さないとどうなりますか",
    "Sompo asked us for six months of firewall logs. Can we refuse?",
    "What happens if we don't send the documents the insurer asked for?",
])
def test_refusing_what_the_insurer_asks_for_gets_the_duty_and_its_cost(conversation, question):
    reply = conversation(NOON)(question)
    assert "損保ジャパンの損害の調査に協力" in reply and "保険金の一部を差し引いて" in reply


def test_a_request_from_someone_other_than_the_insurer_is_not_that_duty(conversation):
    reply = conversation(NOON)("患者さんから診療記録のコピーを出してと言われました。断ってもいいですか")
    assert "損保ジャパンの損害の調査に協力" not in reply


@pytest.mark.parametrize("question", [
    "示談の話し合い、保険会社がやってもらえますか",
    "Will the insurer handle the talks with the family for us?",
])
def test_asking_whether_the_insurer_takes_over_the_talks_gets_that_it_cannot(conversation, question):
    assert "代わり示談交渉を行うことはできません" in conversation(NOON)(question)


def test_the_same_question_inside_a_triage_is_answered_and_files_no_answer(conversation):
    say = conversation(NOON)
    say("待合室のフリーWi-Fiのルーターが乗っ取られてて、つないだ患者さんのスマホが偽サイトに飛ばされてウイルスに感染したそうです。"
        "患者さんから損害賠償を求められたら、保険で払えますか")
    reply = say("そのご家族との話し合い、保険会社の人が間に入ってくれます？")
    assert "代わり示談交渉を行うことはできません" in reply
    # 「入って」 in the question is no answer to whether patients' data is involved.
    assert "患者さんの個人情報：関係あり" not in reply


@pytest.mark.parametrize("question", [
    "今回は印刷会社のミスなので、かかった分を向こうに払わせたい。弁護士を頼む費用も保険で見てもらえる？",
    "委託業者のせいなので業者に払わせたいです。弁護士に依頼するお金は出ますか",
])
def test_a_lawyer_hired_to_recover_the_costs_from_whoever_caused_them_is_a_response_cost(question):
    assert named(question) == "response_costs"


@pytest.mark.parametrize("question", [
    "うちの法人、経理と請求書の発送は、病院じゃなくて川向こうのテナントビルに置いた本部でやってます。そこのパソコンから患者さんの請求先リストが漏れたら、この保険の対象になりますか",
    "Our billing is done at the corporation's head office in another building. Is a leak from there covered?",
])
def test_a_head_office_outside_the_facility_gets_the_declaration_rule(question):
    assert named(question) == "head_office_outside"


def test_a_head_office_moved_into_the_hospital_needs_no_declaration(conversation):
    say = conversation(NOON)
    say("うちの法人、経理と請求書の発送は、病院じゃなくて川向こうのテナントビルに置いた本部でやってます。"
        "そこのパソコンから患者さんの請求先リストが漏れたら、この保険の対象になりますか")
    assert "申告の必要はありません" in say("来年、その本部を病院の建物の中に移す予定なんですが、そのときは？")
