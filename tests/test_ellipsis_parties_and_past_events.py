"""Patterns an outside tester found (probes written blind to the rules, session 30), through the whole
engine: a 「…も」 fragment carries the sentence before it (「警察には連絡してません。厚労省も」 tells nobody);
a no said with its hedge is a no; the health centre, the prefecture and a lawyer are parties of their own;
the record is reached again after the conversation moved on; a suspicious mail left unopened, another
clinic's trouble and an event told as history are no report; a question that is only the item
(「罰金は？」) gets the pamphlet's verdict, and a system that failed without an attack is covered event ④."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.session import Session
from handlers.understand import understand
from knowledge.clock import JST
from knowledge.text import normalize

WEDNESDAY = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)
DESK = "0120-318-258"
RANSOM = "電子カルテが暗号化されて身代金を要求されています"


def level(text: str, at: dt.datetime = WEDNESDAY) -> str:
    return understand(normalize(text), Session(key="t"), at).emergency.level


# --- triage: what the answer means -------------------------------------------------------------

def test_a_fragment_with_mo_says_the_same_as_the_sentence_before_it(record_chat):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    chat.say("警察とかには連絡してません。厚労省も")
    assert not chat.answers.notified  # neither the police nor the ministry was told
    chat.say("院長には伝えました。事務長にも")
    assert chat.answers.told_people == ["院長", "事務長"]


@pytest.mark.parametrize("answer", ["患者さんの情報はないと思います", "患者の情報はメールにはないと思う。たぶん"])
def test_a_no_said_with_its_hedge_is_a_no(record_chat, answer):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    chat.say(answer)
    assert chat.answers.patient_data == "no"


def test_a_denial_of_the_data_is_no_answer_about_care(record_chat):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    chat.say("患者情報はありません")
    chat.say("いや…入ってないです")  # asked about care: 入って is said of the data
    assert chat.answers.care_stopped is None


def test_the_health_centre_the_prefecture_and_a_lawyer_are_filed_as_told(record_chat):
    chat = record_chat(WEDNESDAY)
    chat.say("職員がUSBメモリをなくしました。患者30人分のデータが入っています")
    chat.say("保健所と県には報告しました。弁護士にも相談済みです")
    answers = chat.answers
    assert {"health_center", "local_gov"} <= set(answers.notified or [])
    assert "lawyer" in (answers.told or [])
    summary = chat.say("まとめ")
    assert "保健所" in summary and "県・市町村" in summary and "弁護士" in summary


def test_the_record_is_reached_again_after_a_question_moved_the_conversation_on(record_chat):
    chat = record_chat(dt.datetime(2026, 5, 27, 9, 27, tzinfo=JST))
    chat.say("不正アクセスです。今朝7時に見つけて、院長・事務長・保守業者・警察署に連絡済み、外来は今日1日止めます、"
             "患者情報は約800人分が対象です")
    chat.say("厚労省と日医はまだです")  # every question answered: the summary
    chat.say("どのくらい払ってくれる？")
    corrected = chat.say("やっぱり休診は2日になりました")
    assert "1日 → 2日" in corrected
    summary = chat.say("まとめ")
    assert "まとめる事故の記録はまだありません" not in summary and "休業2日" in summary
    # the first message's other facts stay in the staff's own words; only the clause with 1日 goes
    assert "患者情報は約800人分が対象です" in summary and "今日1日止めます" not in summary


def test_the_false_alarm_said_again_confirms_it(record_chat):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    assert "閉じますか" in chat.say("間違いでした")
    chat.say("うん、誤報です")
    assert chat.store.get_incident(chat.incident_id).status == "false_alarm"


# --- no report of the writer's own -------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "怪しいメールが届いたけど、開かずにそのまま削除しました。これで大丈夫ですよね？",
    "近くの歯科医院がウイルスで診療を止めたらしいです。うちの電子カルテも同じメーカーなんですが、予防で何をしておくべきですか？",
    "うちもランサムとかやられたらどげんなるとやろか。保険入っとった方がいいと？",
    "去年FAXの誤送信があって、そのときは自分たちで対処して終わりました。今からでも保険って使えますか？",
    "以前、メールの誤送信がありました。こういうのも補償されますか？",
    "2年前にUSBを紛失したことがあります。保険の対象になりますか？",
])
def test_what_did_not_happen_here_or_happened_long_ago_is_no_alarm(text):
    assert level(text) != "emergency"


@pytest.mark.parametrize("text", [
    "怪しいメールが届いたけど、開かずに削除しました。でも別の職員が開いてしまったみたいです",
    "検査データを別の病院にメールしてしまいました",
    "去年導入したサーバーがランサムウェアに感染しました。補償されますか？",
    "昨年の患者データが流出しました。補償は？",
    "さっき警察を名乗る人から電話があって、捜査のためだと言われて事務の子が患者名簿をFAXしてしまいました",
])
def test_a_report_beside_those_words_is_still_an_emergency(text):
    assert level(text) == "emergency"


def test_a_mistake_just_found_with_a_payment_question_gets_the_desk_first_and_the_amount(conversation):
    reply = conversation(WEDNESDAY)("検査結果の郵送で、Aさん宛の封筒にBさんの結果を入れて送ってしまったと、"
                                    "Aさんからお電話がありました。日医の支援金ってもらえますか？")
    assert "今すぐお電話ください" in reply and DESK in reply
    assert "5万円" in reply


# --- questions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("question", "verdict"), [
    ("罰金は？", "対象外"),
    ("Fines?", "not covered"),
    ("Is a system outage caused by hardware failure covered?", "covered"),
    ("戦争は？", "対象外"),
    ("停電は？", "対象外"),
    ("罰金とか科料は出らんと？", "対象外"),
    ("サイバー攻撃じゃなくて、ただのシステム故障で止まった場合も対象ですか", "補償の対象となります"),
])
def test_a_question_that_names_a_ruled_item_gets_its_verdict(conversation, question, verdict):
    assert verdict in conversation(WEDNESDAY)(question)


@pytest.mark.parametrize(("question", "verdict"), [
    ("医療機関側が故意に情報を流出させた場合でも保険金は支払われますか。", "補償されません"),
    ("システム停止で診療が遅れ、患者さんの体に障害が残ったとして賠償請求された場合、補償されますか。", "補償されません"),
    ("診察代返せ言われたら、その分は保険で出るん？", "補償されません"),
    ("仮想通貨の盗難は？", "補償されません"),
    ("身代金は？", "記載がありません"),
    ("検査結果をメールで別の患者さんに誤送信して情報が漏れた場合、補償の対象になりますか。", "補償の対象となります"),
    ("問い合わせ窓口を臨時で外注したら、そのお金も保険で出してくれるん？", "補償の対象となります"),
])
def test_an_outside_testers_wording_reaches_the_ruled_item(conversation, question, verdict):
    assert verdict in conversation(WEDNESDAY)(question)


@pytest.mark.parametrize(("question", "first", "second"), [
    ("罰金とコールセンターの費用は、それぞれ保険で出ますか。", "「罰金」について：補償されません", "「コールセンター」について：補償の対象となります"),
    ("著作権侵害と特許侵害の賠償請求は、どちらも補償されますか。", "「著作権」について：補償の対象となります", "「特許」について：補償されません"),
    ("Are regulatory fines and forensic investigation costs both covered?", "In short (fines): not covered", "In short (forensic): covered"),
])
def test_two_items_asked_together_get_a_verdict_each(conversation, question, first, second):
    reply = conversation(WEDNESDAY)(question)
    assert first in reply and second in reply


def test_a_cost_asked_after_a_story_of_an_excluded_item_is_no_pair(conversation):
    reply = conversation(WEDNESDAY)("特許侵害で訴えられた。弁護士に相談する費用は出ますか？")
    assert "補償されません" in reply and "について：" not in reply


def test_an_accidental_stoppage_is_no_answer_to_a_question_about_income_lost(conversation):
    reply = conversation(WEDNESDAY)("システム止まって外来止めだ分の売上、保険で補填されっかな？")
    assert "上記①～③以外" not in reply  # not answered as covered event ④


def test_a_price_asked_of_the_plan_just_quoted_is_that_plans_premium(conversation):
    say = conversation(WEDNESDAY)
    say("診療所のH7の保険料は？")
    assert "67,650円" in say("それいくら？")
    assert "パンフレットには記載がありません" in say("それって月いくら？")


@pytest.mark.parametrize("text", ["JMAからはいくらになりますか", "さいばー攻撃の一時支援きんってなんまんえん？"])
def test_money_from_the_jma_asked_in_other_words_is_the_payment(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "一時支援金" in reply and "万円" in reply
    assert "施設の種類" not in reply


# --- second round (probes 13-15) ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("ランサムウェアに感染したらしいです、どうしたらいい？", "emergency"),  # らしい is hearsay, not an if
    ("漏えいしたら本人に知らせる義務ってあるの？", "possible"),  # what follows the if is no event told
    ("One of our nurses lost a folder of paper referral letters.", "emergency"),
    ("Have you lost patient files before?", "possible"),
])
def test_hearsay_is_a_report_and_an_if_in_a_question_is_not(text, expected):
    assert level(text) == expected


def test_english_parties_said_in_a_fragment_are_filed(record_chat):
    chat = record_chat(WEDNESDAY)
    chat.say("One of our nurses lost a folder of paper referral letters on the way home.")
    chat.say("We have told the police and the head nurse. Patients not yet.")
    answers = chat.answers
    assert "police" in (answers.notified or []) and "staff" in (answers.told or [])
    assert "patients" not in (answers.told or []) and answers.patient_data != "no"


def test_a_question_of_what_to_do_beside_a_report_gets_no_passage_of_the_pamphlet(conversation):
    reply = conversation(WEDNESDAY)("受付PCがランサムウェアにやられたっぽいです。再起動したら直るかな？")
    assert "今すぐお電話ください" in reply and "ご質問の点は" not in reply
    assert "再起動・初期化・ファイル削除もせず" in reply  # the first steps answer it


def test_a_question_of_what_to_report_beside_a_report_gets_the_reports_owed(conversation):
    reply = conversation(WEDNESDAY)("看護師が患者名簿の入ったUSBメモリを帰りの電車でなくしたそうです。"
                                    "個人情報保護委員会への報告って何日以内ですか？")
    assert "今すぐお電話ください" in reply and "速報" in reply and "確報" in reply


def test_the_payment_worked_out_beside_an_incident_is_the_one_asked_about_next(conversation):
    say = conversation(dt.datetime(2031, 2, 13, 9, 30, tzinfo=JST))
    say("電子カルテが急に動かなくなって、業者さんはサイバー攻撃だろうと言っています。日医の支援金ってどういう仕組みですか")
    assert "一時支援金は 20万円" in say("2031年2月10日（月）に攻撃を受けて、10日は休診。11日は建国記念の日でもともと休み、12日（水）から再開しました")
    reply = say("申請するのに、事前に必要な手続きはありますか")
    assert "一時支援金は 20万円" in reply and "厚生労働省への届出" in reply


def test_another_member_class_told_inside_an_incident_gets_no_payment(conversation):
    say = conversation(dt.datetime(2031, 5, 13, 14, 0, tzinfo=JST))
    first = say("A label printer misfeed put each vaccination certificate in the next patient's envelope - 40 patients "
                "affected. It's a mailing error, not an attack. Director is JMA A①. Any JMA payment for this?")
    assert DESK in first and "5万円" in first
    assert "5万円" in say("What do we have to do to receive it?")
    assert "対象になりません" in say("Hold on - our director just checked his membership card: he's A②, not A①.")


@pytest.mark.parametrize(("question", "said"), [
    ("10億円の補償にしたいんですが、保険料はいくら？", "個別設計"),
    ("同じ法人で3つのクリニックをまとめて入ったら保険料は？", "保険金額を共有して引き受ける場合"),
    ("途中から加入したら保険料はどうなるの？", "毎月、受付をしています"),
    ("告知書割引がなかったらクリニックH1はいくら？", "割引が適用されない場合の保険料は、パンフレットには記載がありません"),
])
def test_premium_questions_that_are_no_table_lookup_get_what_the_pamphlet_says(conversation, question, said):
    assert said in conversation(WEDNESDAY)(question)


@pytest.mark.parametrize(("report", "hint"), [
    # (a report that says where — 「帰りの電車でなくしました」 — fills the line instead: tests/test_notice_items_in_their_words.py)
    ("看護師が患者名簿の入ったUSBメモリをなくしました", "なくした（盗まれた）場所・経路"),
    ("紹介状を間違った番号にFAXしてしまいました", "送信（送付）元と、誤って届いた先"),
    (RANSOM, "院内の該当端末・システム"),
])
def test_the_notice_draft_hints_at_the_place_this_kind_of_incident_has(record_chat, report, hint):
    chat = record_chat(WEDNESDAY)
    chat.say(report)
    draft = chat.store.get_incident(chat.incident_id).notice_draft
    assert f"場所：【未確認】（{hint}）" in draft


def test_just_now_is_when_it_was_noticed_though_the_sending_hour_comes_first(record_chat):
    chat = record_chat(dt.datetime(2026, 12, 8, 14, 17, tzinfo=JST))
    chat.say("すんません、紹介状ばFAXで間違った番号に送ってしもたっちゃけど、どげんしたらいいと？")
    chat.say("送ったのは昼前、11時半ごろやったと思う。気づいたのはさっき相手の病院から電話があってからよ")
    assert chat.answers.found_at.startswith("2026-12-08T14")


def test_days_said_only_as_a_maybe_are_no_days_closed(record_chat):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    chat.say("今日は休診にした。明日もあかんかったら2日やな")
    assert (chat.answers.care_stopped, chat.answers.closure_days) == ("yes", 1)


@pytest.mark.parametrize("text", [
    "歯科医院です。レントゲン画像のサーバーが暗号化されて見られなくなりました。うちは日医のA①会員じゃないんですが、支援金はもらえますか？",
    "サーバーが暗号化されました。うちは医師会に入っていません。支援金は？",
])
def test_a_member_class_said_not_eligible_in_the_first_message_gets_no_amount(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert DESK in reply and "対象になりません" in reply and "一時支援金は 10万円" not in reply


@pytest.mark.parametrize(("question", "verdict"), [
    ("以前ニュースで、院長が患者名簿を名簿業者に売っていた事件を見ました。もし被保険者本人がそういうことをしたら、その損害も補償されるんですか。",
     "補償されません"),
    ("前に受付の職員が、紹介状をFAXで間違った番号に送ってしまったことがありました。サイバー攻撃じゃなくても、こういう漏えいは保険で出ますか。",
     "補償の対象となります"),
])
def test_a_story_told_before_the_question_reaches_its_ruling(conversation, question, verdict):
    assert verdict in conversation(WEDNESDAY)(question)


@pytest.mark.parametrize(("answer", "told"), [
    ("先生おらんし、どうしよう。事務長には電話しました", ["事務長"]),
    ("院長は今日は学会で不在です。看護師長には伝えてあります", ["看護師長"]),
    ("The director is away this week; I told the office manager", None),
])
def test_someone_away_is_not_filed_as_told(record_chat, answer, told):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    chat.say(answer)
    people = chat.answers.told_people or []
    assert not {"院長", "先生", "director"} & set(people)
    if told is not None:
        assert people == told


@pytest.mark.parametrize("answer", ["外部は未連絡です、患者情報は不明", "院外にはまだどこにも知らせていません"])
def test_no_outside_body_told_answers_the_bodies_question(record_chat, answer):
    chat = record_chat(WEDNESDAY)
    chat.say(RANSOM)
    chat.say(answer)
    assert chat.answers.notified == []  # answered: none yet (not 未確認)
