"""A question about cover asked again with a fact added or corrected (「それでも同じ扱いですか」) is
answered as the earlier question with the new fact: a cause corrected changes the verdict, a fact
added to a question about when the insurer pays keeps that rule, and a word the correction takes
back (「プロバイダの障害じゃなくて」) no longer decides. Dialogues written for these tests."""

from __future__ import annotations

import datetime as dt

from knowledge.clock import JST
from knowledge.rulings import get_rulings

NOON = dt.datetime(2026, 12, 2, 12, 0, tzinfo=JST)
OUTAGE = "昨日、回線業者のトラブルでネットが半日つながらず、予約の電話が殺到しました。電話番に派遣さんを臨時で頼んだ費用は補償されますか"
CORRECTED = "すみません、回線業者のトラブルではなく、院内のルーターが外部から乗っ取られていたのが原因だと分かりました。それでも同じ扱いですか"


def test_a_cause_corrected_after_the_answer_changes_the_verdict(conversation):
    say = conversation(NOON)
    assert "対象外" in say(OUTAGE)
    again = say(CORRECTED)
    assert "補償の対象となります" in again
    assert "臨時雇入れ費用" in again


def test_the_same_words_in_a_new_chat_get_no_verdict_of_their_own(conversation):
    reply = conversation(NOON)(CORRECTED)
    assert "補償の対象となります" not in reply and "お支払いの対象外" not in reply


def test_a_fact_added_to_a_question_about_when_the_insurer_pays_keeps_that_rule(conversation):
    say = conversation(NOON)
    assert "30日以内" in say("請求の書類を全部出したあと、支払いまで何日くらいかかりますか")
    again = say("原因の調査で、海外のデータセンターにあるサーバーも調べるそうです。その場合も同じですか")
    assert "30日以内" in again and "日本国外での調査" in again


def test_a_question_asked_long_after_is_not_read_with_the_old_one(conversation):
    say = conversation(NOON)
    say(OUTAGE)
    later = say(CORRECTED, NOON + dt.timedelta(hours=2))
    assert "臨時雇入れ費用" not in later


def test_a_word_taken_back_in_the_correction_is_taken_back_in_the_question_before_it():
    rulings = get_rulings()
    assert rulings.first_naming(OUTAGE).id == "utility_outage"
    named = [r.id for r in rulings.naming_after(OUTAGE, CORRECTED)]
    assert "utility_outage" not in named and named[0] in ("response_costs", "response_costs_in_an_incident")


def test_a_fact_taken_back_inside_an_incident_answers_the_question_again(conversation):
    """No 「それでも」: 「理事の分だけじゃなくて…」 takes back the fact the officers' exclusion was read from."""
    say = conversation(NOON)
    first = say("人間ドックの結果を入れていたフォルダが攻撃で抜かれました。中身は医療法人の理事長と理事2人の分だけです。お知らせや調査の費用は出ますか")
    assert "役員に関する個人情報" in first and "対象外" in first
    again = say("すみません、理事の分だけじゃなくて、ドックを受けた一般の方300人分も同じフォルダに入ってました")
    assert "補償の対象となります" in again and "役員に関する個人情報" not in again


def test_a_statement_that_takes_back_nothing_asked_is_only_filed(conversation):
    say = conversation(NOON)
    say("人間ドックの結果を入れていたフォルダが攻撃で抜かれました。中身は医療法人の理事長と理事2人の分だけです。お知らせや調査の費用は出ますか")
    reply = say("気づいたのは今朝の9時ごろです")
    assert "補償の対象となります" not in reply and "対象外" not in reply


def test_an_item_the_follow_up_names_itself_is_the_one_answered(conversation):
    say = conversation(NOON)
    assert "謝罪文作成・送付費用" in say("A fax with three patients' details went to the wrong number. "
                                 "Would the insurance pay for sending them letters of apology?")
    reply = say("We'd also like to enclose a 1,000-yen gift card for each of them. Covered too?")
    assert "個人見舞費用" in reply and "補償の対象となります" in reply


def test_the_service_pointed_at_is_the_one_asked_about(conversation):
    say = conversation(NOON)
    say("漏えいが起きたら、問い合わせの電話窓口を作るのを手伝ってくれるサービスがあるって聞いたけど本当？")
    reply = say("そこに払うお金は自腹ですか")
    assert "補償の対象となります" in reply and "コールセンター費用" in reply


def test_the_fine_taken_back_for_damages_paid_to_the_patients(conversation):
    say = conversation(NOON)
    assert "対象外" in say("もし個人情報保護委員会の命令に従わんかったってことで、法人に罰金が科されたら、それって保険でカバーできる？")
    again = say("ほな、罰金やのうて、漏れた患者さんらに払う慰謝料やったら？")
    assert "補償の対象となります" in again and "損害賠償金" in again


LATE_RESULTS = ("企業の健診を請け負っていますが、結果を期限までに出せず、その企業から損害賠償を求められています。"
                "原因は、検査を外注している検査センターがランサムウェアにやられて結果が返ってこなかったことです。この保険は使えますか")


def test_a_correction_of_the_story_without_a_question_answers_it_again_and_is_filed(conversation):
    """No 「それでも」 and no word of the table taken back: 「すみません、よく調べたら…のせいでした」 corrects the story."""
    say = conversation(NOON)
    say(LATE_RESULTS)
    again = say("すみません、よく調べたら検査センターは無関係で、結果を送るうちのサーバーがディスク故障で止まっていたせいでした")
    assert "補償の対象となります" in again and "イ. 偶然な事故による被保険者のコンピュータシステムの損壊" in again
    assert "メモとして記録に残しました" in again  # and kept in the record


def test_a_correction_of_a_triage_answer_is_not_taken_for_the_question(conversation):
    say = conversation(NOON)
    say("ランサムウェアに感染しました。身代金を払ったら補償されますか")
    say("2日休診しました")
    reply = say("すみません、3日でした")
    assert "記録を直しました" in reply and "3日" in reply
    assert "身代金の支払いが補償されるかどうか" not in reply


def test_a_claim_told_in_a_report_gets_the_liability_cover_unasked(conversation):
    reply = conversation(NOON)("ランサムウェアに感染して患者情報が漏れ、患者さんから損害賠償を求められています")
    assert "0120-318-258" in reply  # the emergency first
    assert "提起された損害賠償請求について" in reply and "補償の対象となります" in reply


def test_an_officers_data_found_later_is_their_exclusion_and_files_no_patient_data(conversation):
    say = conversation(NOON)
    say("医療法人の病院です。院内のサーバーの共有フォルダに不正アクセスがあって、職員の給与明細のデータを見られていたようです。"
        "職員向けの説明やお詫びにかかる費用は保険で出ますか")
    reply = say("追加でわかったんですが、同じフォルダに監事の先生の報酬の振込先も入っていました。監事は理事ではないので、こちらも同じ扱いでいいんですよね？")
    assert "役員に関する個人情報" in reply and "対象外" in reply
    # 「入っていました」 is said of the officer's data, and 「監事の先生の」 names whose data, not someone told.
    assert "患者さんの個人情報：関係あり" not in reply and "知っている人" not in reply


def test_a_plan_told_after_a_question_is_no_report_and_is_read_with_the_question(conversation):
    say = conversation(NOON)
    first = say("医療法人で病院を2つやっています。今は電子カルテも別々なので、サイバー保険は片方の病院だけ入ろうと思っています。それで問題ないですか")
    assert "パンフレットには記載がありません" not in first  # 片方 names no topic of its own
    again = say("ただ、再来年から2つの病院の電子カルテを一つにまとめて、患者さんの情報を共有する予定なんです")
    assert "0120-318-258（年中無休・24時間365日・いまも受付中）" not in again and "記録番号" not in again
    assert "お支払いができないケース" in again


def test_one_more_thing_claimed_and_pointed_at_is_answered_by_its_own_ruling(conversation):
    say = conversation(NOON)
    say("開業のときにデザイナーに頼んだ医院のロゴとマスコットを、ホームページと予約サイトに使っていました。"
        "ある会社から『うちの登録商標に似ている、損害賠償を』と内容証明が届きました。この保険で対応できますか")
    reply = say("さらに、予約サイトの『順番が来たらスマホに知らせる仕組み』が自社の特許を侵害している、とも書いてありました。そっちは？")
    assert "0120-318-258（年中無休・24時間365日・いまも受付中）" not in reply  # no alarm of the learned layer
    assert "⑥ 知的財産権の侵害" in reply and "対象外" in reply  # the trademark before does not take the patent's ruling away


def test_a_short_question_about_this_one_reads_the_story_before_it(conversation):
    say = conversation(NOON)
    say("開業のとき、前の勤め先の病院の患者リストを、事務の子に頼んでこっそりコピーさせて、案内のハガキを出したんじゃ。"
        "そのリストが今度ウイルスで外に漏れてしもうて、お詫びや調査の費用がかかりよる。保険で出るかいのう")
    reply = say("同じサーバーにあった、うちの患者さん600人分も漏れとる。こっちの調査やお詫びは？")
    assert "補償の対象となります" in reply


def test_what_about_another_item_is_the_same_question_of_that_item(conversation):
    say = conversation(NOON)
    assert "対象外" in say("個人情報の漏えいで国から罰金を科された場合、その罰金はこの保険で払ってもらえるのでしょうか。")
    reply = say("では、患者さんから損害賠償を請求された分はどうですか。")
    assert "補償の対象となります" in reply and "損害賠償金" in reply


def test_a_cost_paid_only_on_a_condition_says_the_condition_before_the_pamphlets_words(conversation):
    say = conversation(NOON)
    say("ランサムで業務が止まったとき、専門の調査会社に原因を調べてもらう費用は保険でまかなえますか？")
    reply = say("まだ攻撃されたか分からない段階で、念のため調べてもらう費用も出ますか？")
    lead = reply.split("\n")[0]
    assert "公的機関からの通報" in lead and "場合にかぎり" in lead  # the answer first, in one sentence
    assert "(注1)" in reply  # then the pamphlet's own words
