"""Questions asked in the middle of a triage, beside facts the triage files: a first step asked about
(the police for a lost bag, a password after a fake e-mail) gets that kind's steps after the facts, and
「電話で一報入れればそれで済みますか」 gets the duty of notice in writing, while the insurer it asks about is
not recorded as told; no attack after all, told as a story, is offered as a false alarm. Dialogues written
for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=JST)


def test_a_question_about_the_police_after_a_fact_gets_the_lost_things_steps(conversation):
    say = conversation(at(2030, 12, 8, 19, 30))
    say("訪問看護ステーションの者です。スタッフがスーパーの駐車場で、記録用のタブレットとファイルを入れたカバンを車の屋根に"
        "置いたまま走り出したっちゃ。すぐ戻ったけど、もう無いとよ")
    reply = say("まだ所長にしか言うちょらん。警察は明日でもいいと？", at(2030, 12, 8, 20, 5))
    assert "所長" in reply  # the fact filed
    assert "遺失届・被害届" in reply and "パンフレットに直接の記載が見つかりませんでした" not in reply


def test_a_question_about_the_password_after_a_fake_transfer_request_gets_the_steps(conversation):
    say = conversation(at(2031, 7, 9, 16, 30))
    say("事務長です。医薬品の卸さんから『振込先が変わりました』ってメールが来ていて、今月分の86万円をその新しい口座に"
        "振り込んだんですが、さっき卸さんの担当から電話で、そんなメールは出してないと")
    reply = say("偽メールのアドレス、卸さんのと一文字だけ違ってました。うちのメールが覗かれてた可能性もありますか？パスワードは変えた方がいい？",
                at(2031, 7, 9, 17, 40))
    assert "パスワードを変更" in reply


def test_asking_whether_a_call_is_enough_gets_notice_in_writing_and_records_no_call(conversation):
    say = conversation(at(2030, 9, 16, 7, 20))
    say("祝日ですが、朝来たら裏口のガラスが割られていて、受付のノートパソコン一台と、カルテ棚の紙カルテが一段分なくなっています")
    reply = say("警察の方が来てくれました。保険会社には電話で一報入れればそれで済みますか", at(2030, 9, 16, 8, 10))
    assert "遅滞なく書面で通知" in reply
    assert "損保ジャパン（SOMPOのデスク・代理店）" not in reply  # asked on a condition: not told yet


def test_no_attack_after_all_told_as_a_story_is_offered_as_a_false_alarm(conversation):
    say = conversation(at(2031, 4, 17, 22, 15))
    say("夜分すみません、医院の事務長です。患者さんから『閉院したんですか？』って電話が何件かあって、見たらうちのホームページの"
        "トップが『当院は閉院いたしました』に変わってます。誰もそんなの書いてません")
    reply = say("朝になって制作会社から連絡がありました。新人さんが別の医院のページと取り違えて、うちのお知らせを更新してしまったそうです。"
                "乗っ取りではなかったです", at(2031, 4, 18, 7, 50))
    assert "誤報" in reply and "閉じますか" in reply
    assert "「誤報」として残しました" in say("はい", at(2031, 4, 18, 7, 55))


def test_a_police_question_beside_a_lost_device_report_gets_the_police_step(conversation):
    reply = conversation(at(2026, 12, 12, 10, 30))("USBメモリをなくしました。患者20人分のデータが入っています。警察に届けた方がいいですか？")
    assert "0120-318-258" in reply.split("\n")[1]  # the emergency answer first
    after = reply.split("警察については")[1]
    assert "遺失届・被害届" in after
    assert "【共通】" not in reply  # no exclusion passage found for the words 警察・届け


def test_a_police_question_beside_a_ransomware_report_says_the_pamphlet_sets_none(conversation):
    reply = conversation(at(2026, 12, 12, 10, 30))("電子カルテが暗号化されて身代金を要求されています。警察にも連絡した方がいい？")
    assert "警察への届出について、パンフレットには定めがありません" in reply
    assert "SOMPOサイバーインシデントサポートデスク（☎ 0120-318-258）にご相談ください" in reply


def test_a_police_question_inside_the_triage_gets_the_reports_and_the_police_step(conversation):
    say = conversation(at(2026, 12, 12, 10, 30))
    say("USBメモリをなくしました。患者20人分のデータが入っています。")
    reply = say("警察に届けた方がいいですか？")
    assert "個人情報保護委員会" in reply and "遺失届・被害届" in reply


def test_whether_the_desk_answers_now_asked_inside_the_triage_gets_the_lines(conversation):
    say = conversation(at(2026, 12, 12, 10, 30))  # a Saturday morning
    say("電子カルテが暗号化されて開けません")
    reply = say("SOMPOのデスクって今も繋がりますか？")
    assert "受付状況" in reply and "0120-318-258" in reply and "受付中" in reply
    assert "加入者証" not in reply  # no passage found for the words


@pytest.mark.parametrize("split", [False, True])
def test_what_to_write_to_the_patients_gets_the_draft_for_them(conversation, split):
    say = conversation(at(2026, 4, 23, 13, 0))
    report, question = "往診用のノートPCを車ごと盗まれました。", "患者さんへのお知らせには何を書けばいいですか"
    if split:
        say(report)
        reply = say(question)
    else:
        reply = say(report + question)
        assert reply.index("今すぐお電話ください") < reply.index("ご本人へのお詫びとお知らせ（下書き）")
    assert "ご本人へのお詫びとお知らせ（下書き）" in reply and "【患者さまのお名前】" in reply


def test_how_soon_to_tell_the_insurer_is_the_written_notice_without_delay(conversation):
    reply = conversation(at(2026, 6, 16, 12, 10))(
        "Someone logged into our reception PC remotely and changed passwords. How soon do we have to tell the insurer?")
    assert "1. 以下の事項を遅滞なく書面で通知してください。" in reply
    assert "告知事項に変更が発生する場合" not in reply  # not the notice of changes to the contract



@pytest.mark.parametrize("question", ["念のため何か報告いる？", "ねんのためなにかほうこくいる？", "どこかに報告って要ります？"])
def test_a_casual_question_whether_a_report_is_needed_gets_the_reports_owed(conversation, question):
    say = conversation(at(2026, 12, 2, 10, 0))
    say("電子カルテのサーバーがランサムウェアに感染しました")
    reply = say(question, at(2026, 12, 2, 10, 5))
    assert "必要な報告・届出" in reply


def test_a_question_about_the_police_mid_triage_gets_what_the_pamphlet_sets_not_passages(conversation):
    say = conversation(at(2026, 3, 20, 14, 0))
    say("先月やめた職員のIDで、昨日の夜に介護記録システムにログインした記録が残ってます。本人はもう退職してるのに…どうしたら")
    say("施設長には伝えました。システム会社は祝日で休みで電話つながりません", at(2026, 3, 20, 14, 5))
    reply = say("警察にも相談したほうがいいですか？", at(2026, 3, 20, 14, 8))
    assert "警察への届出について、パンフレットには定めがありません" in reply and "0120-318-258" in reply
    assert "パンフレットの記載" not in reply


def test_whether_to_call_the_insurer_on_a_holiday_is_answered_by_the_pamphlets_rule(conversation):
    say = conversation(at(2027, 7, 19, 8, 15))  # 海の日
    say("受付のパソコンに「ウイルスに感染しました　サポートに電話してください」って画面いっぱいに出て消えません")
    reply = say("JMAに電話したらリモートで見てくれるって。SOMPOにも連絡いる？休みの日だけど", at(2027, 7, 19, 9, 5))
    assert "日本医師会" in reply  # the call made is filed
    assert "平日夜間、土日祝日の場合は、下記SOMPOサイバーインシデントサポートデスクまでご連絡ください" in reply
    assert "パンフレットに直接の記載が見つかりませんでした" not in reply


def test_a_demand_for_money_told_beside_a_question_gets_dont_pay_at_once_and_the_question_answered(conversation):
    say = conversation(at(2027, 7, 19, 8, 15))
    say("受付のパソコンに「ウイルスに感染しました　サポートに電話してください」って画面いっぱいに出て消えません")
    reply = say("LANケーブル抜きました。相手から「修理代3万円をコンビニで電子マネーで払え」と言われてるみたいで、払わないとデータ消すって。"
                "払ったら保険で戻ってきます？", at(2027, 7, 19, 8, 30))
    assert "すぐに次をお願いします。\n1. 攻撃者に連絡したり、身代金を支払ったりしないでください。" in reply
    assert "ネットワークからの切り離しは済んでいる" in reply  # the step said done, though the message also asks
    assert "脅されて支払ったお金（口止め料など）が補償されるかどうかは、パンフレットには記載がありません" in reply


def test_when_and_how_to_reach_the_patients_gets_the_notice_for_them_not_the_lines(conversation):
    say = conversation(at(2027, 9, 23, 21, 0))
    say("予約システムに不正ログインされて、患者さん約1200人分の予約データがダウンロードされていました")
    reply = say("患者さまへのご連絡はいつ・どのようにすればよいでしょうか。明日の朝いちばんで全員にお電話しようかと思っているのですが。",
                at(2027, 9, 23, 21, 30))
    assert "ご本人へのお詫びとお知らせ（下書き）" in reply
    assert "時点の受付状況です" not in reply


def test_leave_to_apologise_asked_mid_triage_gets_the_rule_and_the_claimant_is_no_count(conversation):
    say = conversation(at(2027, 12, 28, 7, 20))
    say("職員がインスタに患者さんの写真を載せてしまって、患者さんから苦情がきてます")
    reply = say("あと患者さん1人が　慰謝料とかの話してて　院長いないしわたしが謝っていいですか", at(2027, 12, 28, 7, 40))
    assert "事前に損保ジャパンの承認を得ることなく損害賠償責任を認めたり" in reply
    assert "人数：約1名" not in reply  # the one asking for money is no count of those whose data got out


def test_a_line_named_by_its_number_that_does_not_answer_gets_every_lines_status(conversation):
    reply = conversation(at(2028, 2, 11, 21, 10))("I tried the 0120-179-066 number but nobody answers?")
    jma = next(line for line in reply.splitlines() if line.startswith("  ☎ 0120-179-066"))
    assert "時間外（次は 2月12日（土）6:00 から）" in jma  # it closed at 21:00
    assert next(line for line in reply.splitlines() if line.startswith("  ☎ 0120-318-258")).endswith("受付中")


@pytest.mark.parametrize("asked", ["来客用wifiのルーター、抜いちゃっていいですか？", "ルーターの線ば抜いてよかと？"])
def test_leave_to_unplug_asked_in_any_form_gets_the_steps_that_stop_the_exposure(conversation, asked):
    say = conversation(at(2027, 8, 2, 11, 0))
    say("来院者用のフリーWi-Fiにつないだ患者さんのスマホから、事務室のパソコンの共有フォルダが見えていたそうです")
    reply = say(asked, at(2027, 8, 2, 11, 5))
    assert "来院者用Wi-Fiのルーターを止める" in reply


def test_in_english_a_case_supposed_after_a_cover_question_and_who_answers_now_are_both_answered(conversation):
    say = conversation(at(2027, 10, 11, 20, 50))
    say("Our clinic's patient list is on a criminal group's leak site, a reporter told us. Names and birth dates.")
    reply = say("Would the insurance pay a ransom in Bitcoin? And what if the group turns out to be state-backed?")
    assert "not covered" in reply and "⑩" in reply
    reply = say("Sorry, I was busy. Who can we still call right now?", at(2027, 10, 11, 21, 20))
    assert "0120-318-258" in reply and "時間外（次は 10月12日（火）6:00 から）" in reply


def test_the_deductible_asked_in_the_middle_of_a_triage_is_answered_and_the_triage_goes_on(conversation):
    say = conversation(at(2031, 2, 4, 9, 40))
    say("レセコンの画面に英語の脅迫文が出ていて、どのファイルも開けません")
    reply = say("ところで、保険を使うとき自分で払う分ってあるんですか？")
    assert "自己負担額" in reply and "「なし」" in reply
    assert "メモとして記録に残しました" not in reply and "引き続き、状況を教えてください" in reply
