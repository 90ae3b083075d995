"""Typed triage through the whole engine: each answer in its own field whatever the order,
corrections with their history, commands never stored, false alarms kept as 誤報, first steps
that fit the kind of incident."""

from __future__ import annotations

import datetime as dt

import pytest

from handlers.session import IncidentAnswers
from knowledge.dates import read_moment
from knowledge.incident_flow import IncidentFlow, get_incident_flow
from knowledge.vocab import DataError, load_model
from tests.chats import TriageChat

JST = dt.timezone(dt.timedelta(hours=9))
FLOW = get_incident_flow()
LAN = "LANケーブル"


def test_answers_land_in_their_own_fields_whatever_was_asked(chat):
    chat.say("電子カルテがランサムウェアで暗号化されました")
    # Asked about patient data, the user answers when it was noticed and who knows.
    chat.say("気づいたのは昨日の夜10時ごろです。院長と事務長には伝えました")
    a = chat.record.answers
    assert a.found_at == "2026-12-01T22"
    assert a.told == ["staff"] and a.told_people == ["院長", "事務長"]
    assert a.patient_data is None  # still open: asked again
    reply = chat.say("はい、約300人分です")
    a = chat.record.answers
    assert (a.patient_data, a.affected_people) == ("yes", 300)
    assert "診療は止まっていますか" in reply


def test_a_bare_answer_answers_only_the_question_asked(chat):
    chat.say("受付のパソコンがウイルスに感染しました。患者さんの情報は入っていません")
    chat.say("いいえ")  # asked: has care stopped?
    a = chat.record.answers
    assert (a.patient_data, a.care_stopped, a.closure_days) == ("no", "no", 0)


def test_summary_is_a_command_never_an_answer(chat):
    chat.say("ランサムウェアに感染しました")
    reply = chat.say("まとめ")
    record = chat.record
    assert record.status == "summarised"
    assert "まとめ" not in (record.answers.found_at or "")
    assert "まとめ" not in record.notice_draft and "まとめ" not in " ".join(record.answers.notes)
    assert "事故のご通知" in reply


def test_a_correction_changes_the_field_the_amount_and_the_notice_and_is_kept_in_history(chat):
    chat.say("ランサムウェアで電子カルテが止まりました。2日休診します")
    assert chat.record.answers.closure_days == 2
    chat.say("まとめ")
    reply = chat.say("すみません、3日でした")
    record = chat.record
    assert record.answers.closure_days == 3
    assert "2日 → 3日" in reply
    assert "40万円" in reply  # the JMA payment for three days, recomputed
    assert "休業3日" in record.notice_draft and "休業2日" not in record.notice_draft
    change = next(c for c in record.history if c.field == "closure_days" and c.new == "3")
    assert change.old == "2" and change.message == "すみません、3日でした"


def test_correction_command_then_the_fact(chat):
    chat.say("不正アクセスされました。患者さん約50人分のデータが見られたかもしれません")
    reply = chat.say("訂正")
    assert "直しますか" in reply
    chat.say("患者さんは30人でした")
    assert chat.record.answers.affected_people == 30


def test_a_false_alarm_is_confirmed_then_kept_as_gohou_and_says_whom_to_tell(chat):
    chat.say("サーバーに不正アクセスされたかもしれません。損保ジャパンのデスクと警察にはもう電話しました")
    reply = chat.say("間違いでした")
    assert "誤報" in reply and chat.record.status != "false_alarm"
    reply = chat.say("はい")
    record = chat.record
    assert record.status == "false_alarm"
    assert "警察" in reply and "損保ジャパン" in reply
    assert record.answers.description  # kept, never deleted


def test_a_declined_false_alarm_keeps_the_record_open(chat):
    chat.say("USBメモリをなくしました。患者さんの名簿が入っています")
    chat.say("キャンセルで")
    chat.say("いいえ")
    assert chat.record.status == "open"


def test_a_correction_that_says_mistake_is_not_a_false_alarm(chat):
    chat.say("検査結果を別の患者さんにメールで送ってしまいました。約480人分の一覧です")
    reply = chat.say("さっきの人数は間違いでした、30人です")
    assert chat.record.answers.affected_people == 30
    assert "480" not in chat.record.notice_draft.replace(chat.record.id, "") and "誤報" not in reply


@pytest.mark.parametrize(("report", "expected_step", "foreign_step"), [
    ("患者さんの紹介状を間違えて別の病院にFAXしてしまいました", "誤って送った相手に連絡", LAN),
    ("患者さんの名簿が入ったUSBメモリをなくしました", "遺失届", "身代金"),
    ("当院を名乗る不審なメールが患者さんに届いているそうです", "患者さん・取引先にお知らせ", "身代金"),
    ("職員が患者さんのカルテ情報を無断で持ち出していました", "アカウントを一時停止", LAN),
    ("クリニックのホームページが改ざんされています", "公開を止めて", "身代金"),
    ("電子カルテのサーバーがランサムウェアに感染しました", LAN, "遺失届"),
])
def test_first_steps_fit_the_kind_of_incident(chat, report, expected_step, foreign_step):
    reply = chat.say(report)
    assert "0120-318-258" in reply
    assert expected_step in reply
    assert foreign_step not in reply


def test_an_emergency_that_asks_about_cover_gets_the_numbers_then_the_answer(store):
    chat = TriageChat(store)
    reply = chat.say("ランサムウェアにやられました。この場合、保険って使えますか？")
    assert reply.index("0120-318-258") < reply.index("出典")
    assert chat.record.status == "open"
    assert any(word in reply for word in ("補償", "保険金", "お支払い"))


def test_a_closure_named_by_its_days(chat):
    chat.say("ランサムウェアで電子カルテが開きません。今日と明日は休診にします")
    assert chat.record.answers.closure_days == 2


def test_whom_to_tell_reads_each_party_by_its_own_words(chat):
    chat.say("メールを誤送信してしまいました")
    chat.say("業者には連絡したけど警察はまだです")
    a = chat.record.answers
    assert "vendor" in (a.told or []) and "police" not in (a.notified or [])


def test_records_saved_before_typed_triage_keep_their_free_text():
    old = IncidentAnswers.model_validate({"kind": "ransomware", "who_knows": "院長と業者"})
    assert any("院長と業者" in n for n in old.notes)


def test_a_step_group_naming_an_unknown_step_is_refused_by_name(tmp_path):
    from knowledge import incident_flow

    text = incident_flow.PATH.read_text(encoding="utf-8").replace(
        "steps: [recall_misdelivery,", "steps: [recall_the_fax,", 1)
    broken = tmp_path / "first_steps.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="recall_the_fax"):
        load_model(broken, IncidentFlow)


def test_a_step_for_kinds_that_do_not_exist_is_refused_by_name(tmp_path):
    from knowledge import incident_flow

    text = incident_flow.PATH.read_text(encoding="utf-8").replace(
        "only_for_kinds: [ransomware, extortion]", "only_for_kinds: [ransomware, blackmail]", 1)
    broken = tmp_path / "first_steps.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="blackmail"):
        load_model(broken, IncidentFlow)


@pytest.mark.parametrize(("kind", "report", "wanted", "unwanted"), [
    # no ransom asked: nothing to refuse paying
    ("malware", "朝来たらプリンターが勝手に動いて意味不明な英文の紙が何十枚も出てました", "isolate", "no_attacker_contact"),
    ("ransomware", "ファイル名が全部 .lockbit になってます", "no_attacker_contact", None),
    # paper cannot be locked remotely; a laptop can
    ("lost_device", "訪問看護の記録ファイル（紙）を一冊置き忘れたみたいです", "report_loss_police", "lock_lost_device"),
    ("lost_device", "ノートパソコンを車上荒らしに盗まれました", "lock_lost_device", None),
])
def test_first_steps_fit_what_the_report_tells(kind, report, wanted, unwanted):
    ids = [s.id for s in FLOW.steps_for(kind, report)]
    assert wanted in ids and (unwanted is None or unwanted not in ids)
    if kind == "lost_device":
        still = [s.id for s in FLOW.steps_when_still_missing(report)]
        assert ("lock_lost_device" in still) == (unwanted is None)


def test_every_kind_has_steps_and_every_step_is_translated():
    from knowledge.english import get_english

    for kind in FLOW.kind_labels:
        assert FLOW.steps_for(kind)
    assert set(get_english().first_steps) == {s.id for s in FLOW.steps}


@pytest.mark.parametrize(("text", "expected"), [
    ("昨日の夜10時ごろ", "2026-12-01T22"),
    ("今朝", "2026-12-02 朝"),
    ("さっき", "2026-12-02T09:10"),
    ("22時ごろ", "2026-12-01T22"),  # said at 9:10: last night
    ("30分前", "2026-12-02T08:40"),
    ("11/30の夜9時頃", "2026-11-30T21"),
    ("10pm yesterday", "2026-12-01T22"),
    ("24時間受付", None),
    # English hours in words
    ("at half past eight this morning", "2026-12-02T08:30"),
    ("around a quarter to eleven last night", "2026-12-01T22:45"),
    ("at seven this morning", "2026-12-02T07"),
    ("closed for five to ten days", None),
    # the small hours of last night are today's
    ("昨夜の2時過ぎ", "2026-12-02T02"),
    ("last night at 1:30", "2026-12-02T01:30"),
    ("昨夜の11時ごろ", "2026-12-01T23"),
    ("Yesterday at twenty past two in the afternoon", "2026-12-01T14:20"),
    # the part of the day before a comma
    ("昨日の夜、10時ごろ", "2026-12-01T22"),
    ("昨日の夕方、5時半", "2026-12-01T17:30"),
])
def test_when_it_was_noticed_is_read_against_the_message_time(text, expected):
    now = dt.datetime(2026, 12, 2, 9, 10, tzinfo=JST)
    moment = read_moment(text, now)
    assert (moment.iso() if moment else None) == expected


@pytest.mark.parametrize(("report", "final_due"), [
    ("患者さんの検査結果を別の人にFAXで誤送信しました。昨日の夕方に気づきました。患者さんは1名です", "12月31日"),  # 30 days
    ("サーバーに不正アクセスされ、患者さん約300人分のデータが見られたかもしれません。昨日の夜気づきました", "1月30日"),  # 60 days
])
def test_reports_owed_carry_deadlines_from_the_day_it_was_noticed_marked_as_outside_the_pamphlet(chat, report, final_due):
    chat.say(report, when="2026-12-02T10:00")
    reply = chat.say("まとめ", when="2026-12-02T10:00")
    assert "個人情報保護委員会" in reply and "12月6日" in reply and final_due in reply  # 速報: 5 days after 12/1
    assert "【パンフレット外の情報】" in reply and "ガイドライン" in reply
    assert final_due in chat.record.notice_draft


def test_no_patient_data_owes_no_leak_report(chat):
    chat.say("ホームページが改ざんされています。患者さんの情報は置いていません")
    reply = chat.say("まとめ")
    assert "損保ジャパンへの書面による通知" in reply
    assert "漏えい等の報告" not in reply


def test_a_report_naming_an_unknown_outside_source_is_refused_by_name(tmp_path):
    from knowledge import reports

    text = reports.PATH.read_text(encoding="utf-8").replace("outside: [appi, appi_rules, ppc_guideline]", "outside: [appi, the_gazette]", 1)
    broken = tmp_path / "reports.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="the_gazette"):
        load_model(broken, reports.Reports)


@pytest.mark.parametrize(("text", "expected"), [
    ("夜12時ごろ", "2026-12-02T00"), ("昨日の夜12時", "2026-12-02T00"), ("深夜11時", "2026-12-01T23"), ("深夜2時", "2026-12-02T02"),
])
def test_night_hours_are_read_as_the_night(text, expected):
    assert read_moment(text, dt.datetime(2026, 12, 2, 9, 10, tzinfo=JST)).iso() == expected


@pytest.mark.parametrize("text", [",", "約,", ",人"])
def test_punctuation_as_an_answer_is_kept_and_asked_again_not_a_crash(chat, text):
    chat.say("ランサムウェアに感染しました")
    reply = chat.say(text)
    assert "0120-318-258" in reply and "処理できませんでした" not in reply


def test_hai_inside_a_word_is_no_yes(chat):
    chat.say("ランサムウェアに感染しました")
    chat.say("院長はいま外出中です")
    assert chat.record.answers.patient_data is None


def test_iya_as_a_filler_is_no_no(chat):
    chat.say("ランサムウェアに感染しました")
    chat.say("いやー、患者さんの情報も200人分漏れているようです")
    a = chat.record.answers
    assert (a.patient_data, a.affected_people) == ("yes", 200)


def test_a_bare_day_count_does_not_change_the_patient_count(chat):
    chat.say("ランサムウェアに感染しました。患者さん約300人分のデータがあります")
    chat.say("2")  # answers 「診療は止まっていますか」
    a = chat.record.answers
    assert a.affected_people == 300 and a.closure_days == 2


def test_a_correction_cue_does_not_change_the_kind(chat):
    chat.say("電子カルテがランサムウェアで暗号化されました")
    chat.say("やっぱり患者さんの情報は含まれていませんでした")
    chat.say("すみません、発見は一昨日の21時ごろでした")
    assert chat.record.answers.kind == "ransomware"


def test_a_report_mentioning_no_damage_is_no_false_alarm(chat):
    chat.say("ランサムウェアに感染しました")
    reply = chat.say("サーバーは被害はなかったけど、受付のパソコンが全部暗号化されています")
    assert "誤報" not in reply


def test_new_facts_given_with_a_no_to_the_false_alarm_question_are_kept(chat):
    chat.say("ランサムウェアに感染しました")
    chat.say("誤報です")
    chat.say("いいえ、患者さんの情報は200人分含まれています")
    a = chat.record.answers
    assert chat.record.status == "open" and (a.patient_data, a.affected_people) == ("yes", 200)


def test_a_refusal_that_holds_hai_does_not_close_the_record(chat):
    chat.say("ランサムウェアに感染しました")
    chat.say("誤報です")
    chat.say("それはいらないです")
    assert chat.record.status != "false_alarm"


def test_correction_after_the_command_correct_is_applied(chat):
    chat.say("ランサムウェアで電子カルテが止まりました。2日休診します")
    chat.say("訂正")
    chat.say("3日でした")
    assert chat.record.answers.closure_days == 3


def test_a_correction_with_a_question_after_the_summary_is_filed(chat):
    chat.say("ランサムウェアで電子カルテが止まりました。2日休診します")
    chat.say("まとめ")
    chat.say("休診は3日でした。支援金はいくらになりますか？")
    assert chat.record.answers.closure_days == 3


def test_a_question_inside_an_open_incident_is_answered(chat):
    chat.say("ランサムウェアに感染しました")
    reply = chat.say("別のパソコンも暗号化されました。身代金は補償されますか？")
    assert "記載がありません" in reply and "0120-318-258" in reply


def test_thanks_after_the_summary_does_not_resend_it(chat):
    chat.say("ランサムウェアで電子カルテが止まりました。2日休診します")
    chat.say("まとめ")
    reply = chat.say("ありがとうございました")
    assert "事故のご通知" not in reply and "まとめ" not in chat.record.notice_draft


def test_asking_a_bodys_hours_during_triage_files_no_contact(chat):
    """「医師会の窓口は何時から？」 names the JMA line without having told it anything."""
    chat.say("サーバーがランサムウェアに感染しました")
    reply = chat.say("医師会の窓口は何時から？")
    assert "6時" in reply or "6:00" in reply
    assert not chat.record.answers.notified


def test_saying_what_the_matter_is_sets_the_kind_and_its_first_steps(chat):
    """「USBをなくした件です」 after a vague first report says what happened: the kind changes, with
    the first steps for a lost device."""
    chat.say("情報漏えいかもしれません、どうしたらいいですか")
    reply = chat.say("USBをなくした件です")
    assert chat.record.answers.kind == "lost_device"
    assert "なくした" in reply


def test_a_cause_told_as_the_matter_keeps_a_clear_kind(chat):
    """After a clear ransomware report, 「…添付を開いた件です」 tells the cause; it is no new kind."""
    chat.say("電子カルテのサーバーがランサムウェアに感染しました")
    chat.say("原因は、先週届いた請求書を装ったメールの添付を開いた件です")
    assert chat.record.answers.kind == "ransomware"


def test_a_police_reference_number_is_a_report_to_the_police(chat):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say("警察には通報済みで、受理番号は12345です")
    assert "police" in (chat.record.answers.notified or [])


def test_a_statement_in_triage_gets_no_not_in_the_pamphlet_line(chat):
    """「わからんの」 or "We'll stay open tomorrow" report; they ask nothing of the pamphlet."""
    chat.say("サーバーがランサムウェアに感染しました")
    for text in ("わからんの", "We'll stay open tomorrow"):
        assert "パンフレットに直接の記載が見つかりませんでした" not in chat.say(text)


# --- reading by type: negation, questions, corrections, moments (probe 17 and blind set 3) ---


@pytest.mark.parametrize("answer, party", [
    ("ベンダーにはまだ。警察にも届けてない", "police"),
    ("We haven't called the police yet, and we haven't contacted the vendor either.", "police"),
    ("Not the police yet.", "police"),
    ("警察に相談するつもりですが、まだ連絡はしていません", "police"),
])
def test_a_party_named_with_a_negative_verb_was_not_told(chat, answer, party):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    answers = chat.record.answers
    assert party not in (answers.told or []) + (answers.notified or [])


@pytest.mark.parametrize("question, party", [
    ("JMAの窓口って今電話つながる？", "jma"),
    ("日本医師会の相談窓口って、今の時間でもつながりますか？", "jma"),
    ("個人情報保護委員会への報告ってどうしたらええの？", "ppc"),
    ("損保の事故受付の電話番号をもう一度教えてください", "insurer"),
])
def test_a_body_named_in_a_question_was_not_told(chat, question, party):
    chat.say("患者さんの検査データを入れたUSBメモリを失くしました")
    chat.say(question)
    answers = chat.record.answers
    assert party not in (answers.told or []) + (answers.notified or [])


def test_a_question_about_closing_files_no_closure(chat):
    chat.say("院内のパソコン数台がウイルスに感染して、勝手に再起動を繰り返しています")
    chat.say("休業したら医師会の支援金って出るんですか？何日休めば対象になりますか")
    assert chat.record.answers.care_stopped is None


@pytest.mark.parametrize("answer, stopped", [
    ("休診？してないです", "no"),
    ("We haven't closed, clinic is running normally.", "no"),
    ("診療は止めてねぇ。今日は休みの日だし", "no"),
    ("午後の診療は中止しました", "yes"),
])
def test_care_stopped_read_through_negation_dialect_and_english(chat, answer, stopped):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    assert chat.record.answers.care_stopped == stopped


@pytest.mark.parametrize("report", [
    "患者さんの情報はホームページには置いとらんけん関係なかと思う",
    "患者さんのデータはそのパソコンさ入ってねぇ",
])
def test_no_patient_data_said_in_dialect(chat, report):
    chat.say("ホームページが書き換えられています")
    chat.say(report)
    assert chat.record.answers.patient_data == "no"


def test_data_involved_with_its_count_unknown_is_a_yes(chat):
    chat.say("ランサムウェアにやられました。レセコンも電カルも動きません")
    chat.say("患者情報は入ってます、人数は不明")
    assert chat.record.answers.patient_data == "yes"


@pytest.mark.parametrize("first, correction, count", [
    ("利用者さんの情報、80人分くらい入ってます", "訂正です、80人じゃなくて120人でした", 120),
    ("It has patient records on it, about 200 patients.", "Sorry, correction: it was 350 patients, not 200.", 350),
    ("患者さんの情報は入っています。450人分くらいです", "さっきの450人は間違いで、予約台帳で数え直したら540人でした", 540),
])
def test_a_count_corrected_in_one_breath_keeps_the_new_count(chat, first, correction, count):
    chat.say("介護記録のPCに身代金の要求文が出ています")
    chat.say(first)
    chat.say(correction)
    answers = chat.record.answers
    assert (answers.patient_data, answers.affected_people) == ("yes", count)
    assert str(count) in chat.say("まとめ").replace(",", "")


def test_a_closure_on_listed_dates_counts_the_dates_and_is_no_discovery(chat):
    chat.say("当番で出てきたら介護記録のPCが全部真っ黒な画面で、身代金の要求文が出てます", "2027-01-02T21:30")
    chat.say("攻撃のせいで1月5日と6日は休業します", "2027-01-02T21:32")
    answers = chat.record.answers
    assert answers.closure_days == 2
    assert not (answers.found_at or "").startswith("2026-01-05")


def test_the_day_care_reopens_is_not_a_day_closed(chat):
    chat.say("All PCs show a screen saying our files are locked and we need to pay in bitcoin.", "2026-12-13T10:00")
    chat.say("We closed today. Probably tomorrow too.", "2026-12-13T10:02")
    chat.say("Found it at 8:40 when the first staff arrived.", "2026-12-13T10:04")
    chat.say("Correction: we closed just today, reopening tomorrow.", "2026-12-13T10:06")
    answers = chat.record.answers
    assert answers.closure_days == 1
    assert answers.found_at == "2026-12-13T08:40"


@pytest.mark.parametrize("first, then, found", [
    # the moment after 「ではなく」 is the right one
    ("検査結果のPDFを、別の患者さんのメールアドレスに送ってしまいました。気づいたのは今朝9時ごろです。",
     "訂正：気づいたのは今朝ではなく、昨日の午後4時ごろでした", "2026-12-15T16"),
    # a moment alone answers when, whatever was asked
    ("共有フォルダのファイルが全部見たことのない拡張子に変わっていて開けません", "今朝です", "2026-12-16"),
])
def test_when_it_was_noticed_is_read_from_the_words_that_say_so(chat, first, then, found):
    chat.say(first, "2026-12-16T11:20")
    chat.say(then, "2026-12-16T11:26")
    assert (chat.record.answers.found_at or "").startswith(found)


def test_the_moment_beside_the_word_of_noticing_beats_the_moment_of_the_event(chat):
    chat.say("昨日の夕方18時ごろ、職員がフィッシングメールのリンクからパスワードを入力してしまい、"
             "今朝そのアカウントから予約リストが外部に転送されていたことがわかりました。", "2026-12-03T09:05")
    assert (chat.record.answers.found_at or "").startswith("2026-12-03")


def test_an_explained_false_alarm_keeps_what_was_learned_and_asks_to_confirm(chat):
    chat.say("院長のパソコンに『ウイルスに感染しました、ここに電話してください』という画面が出ています")
    reply = chat.say("業者に聞いたら偽の警告で、感染はしとらんそうです。誤報です")
    assert "誤報" in reply and "vendor" in (chat.record.answers.told or [])
    chat.say("はい、お願いします")
    assert chat.record.status == "false_alarm"


def test_a_false_alarm_told_with_its_cause_after_the_summary_is_confirmed(chat):
    chat.say("院内のネットが全部つながらなくて、電子カルテも使えません。攻撃かも")
    chat.say("まとめ")
    assert "誤報" in chat.say("NTTの回線障害だったそうです。間違いでした、お騒がせしました")


def test_a_correction_the_next_day_reaches_the_open_record(chat):
    chat.say("朝から電子カルテが全端末で起動しません。原因はまだ分かりません", "2027-01-26T08:50")
    chat.say("診療は紙カルテで続けています", "2027-01-26T08:55")
    chat.say("昨日の件の訂正です。結局外来は止めることになり、昨日と今日の2日間休診にしました", "2027-01-27T09:10")
    answers = chat.record.answers
    assert (answers.care_stopped, answers.closure_days) == ("yes", 2)


def test_a_fact_after_the_summary_is_kept_in_the_record(chat):
    chat.say("昨夜から電子カルテとオーダリングが止まっています。原因は不明です")
    chat.say("まとめ")
    chat.say("保健所にも報告しました")
    # The health centre is a body told: its field, and the summary sent again shows it.
    assert "health_center" in (chat.record.answers.notified or [])
    assert "保健所" in chat.say("まとめ")


def test_the_writer_introducing_themself_has_told_nobody(chat):
    chat.say("夜勤の看護師です。ナースステーションのPCに身代金を要求する画面が出ています")
    assert not chat.record.answers.told


def test_whoever_was_told_is_no_witness_in_the_notice(chat):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say("ベンダーには連絡済みです")
    notice = chat.record.notice_draft
    witnesses = notice.split("<2>")[1].split("<3>")[0]
    assert "システム業者" not in witnesses and "システム業者" in notice


@pytest.mark.parametrize("report, kind", [
    ("Our website now shows a 'hacked by' message instead of our homepage.", "defacement"),
    ("We can't log in to any PC; the admin password was changed by someone, not by us.", "account_takeover"),
    ("The EHR server is sending huge amounts of data to an unknown IP abroad every night.", "unauthorized_access"),
    ("院内のWi-Fiルーターの管理画面のパスワードが勝手に変えられていて、設定も誰かに書き換えられています", "account_takeover"),
    ("今朝から予約システムにつながりません。ウイルスなのか故障なのかも分かりません", "system_down"),
    ("医事課の職員がフィッシングメールのリンクからパスワードを入力してしまい、そのアカウントから予約リストが外部に転送されていました",
     "phishing"),
])
def test_the_kind_is_read_from_what_happened(chat, report, kind):
    chat.say(report)
    assert chat.record.answers.kind == kind


# --- what an independent review of the reading rules showed wrong (kept right) ---


@pytest.mark.parametrize("message", [
    "はい、患者さん500人分のデータが入っています。お騒がせしてすみません",
    "今日は休診にして、予約の患者さんにはキャンセルの連絡をしました",
    "はい、300人分です。ただ、レセコンの方は被害はありませんでした",
    "さっきの人数は間違いでした、30人です",
])
def test_a_report_with_an_apology_or_a_word_of_no_damage_is_no_withdrawal(chat, message):
    chat.say("サーバーがランサムウェアに感染しました")
    assert "誤報（実際には事故ではなかった）として" not in chat.say(message)


@pytest.mark.parametrize("answer, stopped, days", [
    ("日曜は定休日なので、月曜と火曜を休診にしました", "yes", 2),
    ("診療は中止してません", "no", 0),
    ("はい、200人。休診はせず、紙で診療を続けます", "no", 0),
    ("休業の予定はありません", "no", 0),
    ("休診にするかどうかは院長と相談中です", "unknown", None),
    ("外来は止めとらんけど、新患は断っとる", "yes", None),
    ("12月5日と6日に届いたメールが原因で、本日は休診にしました", "yes", 1),
    ("今日と明日休診して再開のめどは立っていません", "yes", 2),
    ("診療は休んどらんです。午後も開けます", "no", 0),
    ("お盆休みで閉めとったけん、休診にはしとらんです", "no", 0),
    ("このせいで休診にはしてしまへん", "no", 0),
    ("外来も訪問も通常運転です", "no", 0),
    ("休んどらんけど、新患の受付は断っとる", "yes", None),
    ("連休中で閉めてますけど、連休明けも開けられんと思います", "yes", None),
    # negations and ongoing care as staff write them; a run of weekdays; yesterday with today
    ("休診：なし", "no", 0),
    ("休みはとってない", "no", 0),
    ("休診ばしとらん", "no", 0),
    ("診療継続中です", "no", 0),
    ("予約の患者さんだけ診てます", "no", 0),
    ("外来はストップしてます", "yes", None),
    ("予約はすべてキャンセルしました", "yes", None),
    ("月曜から水曜まで休みました", "yes", 3),
    ("昨日と今日、休みました", "yes", 2),
    ("昨日攻撃を受けて、今日は休診にしました", "yes", 1),
    # part of a day closed is a day closed, as the JMA payment counts it
    ("The EHR isn't affected but we closed the reception for the afternoon", "yes", 1),
    ("午後は休診にしました", "yes", 1),
])
def test_closure_read_through_days_off_negation_and_plans(chat, answer, stopped, days):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    answers = chat.record.answers
    assert (answers.care_stopped, answers.closure_days) == (stopped, days)


def test_a_care_word_about_a_device_is_no_closure(chat):
    chat.say("ウイルス感染の疑いがあるので、院内Wi-Fiの利用を見合わせています")
    assert chat.record.answers.care_stopped is None


@pytest.mark.parametrize("report", [
    "電子カルテのサーバーが朝から止まっていて、画面が固まったままです。",
    "今日の午後から、検査データを取り込むパソコンが青い画面で止まって立ち上がりません。",
    "Our server stopped working and the screen is frozen.",
])
def test_a_machine_that_stopped_is_no_closure_of_care(chat, report):
    chat.say(report)
    assert chat.record.answers.care_stopped is None
    assert "診療：停止" not in chat.say("まとめ")


@pytest.mark.parametrize("report, answer, stopped, days", [
    ("予約システムのサーバーが起動しません", "受付は紙に切り替えて、診療は止めずにやっています。", "no", 0),
    ("検査のPCが止まっています", "止まったのは検査データの取り込みだけで、診察は手書きで続けました。", "no", 0),
    ("案内モニターに知らない広告が出ています", "今日は日曜で外来は休みなので、診療への影響はありません。", "no", 0),
    ("ルーターに知らない機器がつながっています", "今日の外来は最後まで診たで、診療を止めたりはしとらんがね。", "no", 0),
    ("ランサムウェアの被害で電子カルテが使えません", "再診は紙カルテで診て、初診の受付は今日から3日間止めることにしました。", "yes", 3),
    ("サーバーが止まりました", "不正アクセスがあり、診療が止まっています。", "yes", None),
    ("サーバーが止まりました", "今日は診察ができない状態です。", "yes", 1),
    ("サーバーが止まりました", "院内の業務がすべて止まっています。", "yes", None),
])
def test_care_kept_going_or_stopped_is_read_from_what_is_said_of_care(chat, report, answer, stopped, days):
    chat.say(report)
    chat.say(answer)
    answers = chat.record.answers
    assert (answers.care_stopped, answers.closure_days) == (stopped, days)


@pytest.mark.parametrize("report, found", [
    # a part of the day alone, once begun: today
    ("昼休みに気づいたんですが、外来の端末のデスクトップに身代金を求めるファイルが置かれています。", "2029-04-19"),
    # the noticing, then its moment in the next sentence
    ("患者さんから電話をいただいて分かりました。今朝の9時半ごろです。メールの誤送信です。", "2029-04-19T09:30"),
    # a part of the day not yet begun names no day (it may be yesterday's)
    ("夕方に気づいたのですが、サーバーにランサムウェアの脅迫文が出ています。", None),
])
def test_when_it_was_noticed_beside_the_noticing(chat, report, found):
    chat.say(report, "2029-04-19T12:15")
    assert chat.record.answers.found_at == found


def test_a_first_report_said_this_morning_is_found_today_and_its_hour_follows(chat):
    chat.say("仕事始めの朝なのに、レセコンも電子カルテも起動しません。原因は分かりません", "2027-01-04T08:10")
    assert chat.record.answers.found_at == "2027-01-04"
    chat.say("休診はしていません", "2027-01-04T08:11")
    chat.say("今朝7時50分です", "2027-01-04T08:12")
    assert chat.record.answers.found_at == "2027-01-04T07:50"


def test_a_day_already_known_is_not_moved_by_a_day_said_of_something_else(chat):
    chat.say("朝、電子カルテを立ち上げたら全部のファイルが暗号化されていました", "2027-01-04T08:10")
    chat.say("昨日受診した患者さんのデータも入っています", "2027-01-04T08:12")
    assert chat.record.answers.found_at == "2027-01-04"


def test_a_desktop_is_no_desk_called(chat):
    chat.say("外来の端末のデスクトップに、身代金を求める README ファイルが置かれています")
    answers = chat.record.answers
    assert "insurer" not in (answers.told or []) + (answers.notified or [])
    chat.say("SOMPOのデスクに電話しました")
    assert "insurer" in (chat.record.answers.told or []) + (chat.record.answers.notified or [])


@pytest.mark.parametrize("answer, when, days", [
    ("4日から6日まで休診しました。5日は定休日です。", "2030-03-12T10:00", 2),  # the usual day off named
    ("10日（日）から12日（火）まで休診しました", "2030-03-12T10:00", 2),  # Sunday the 10th
    ("18日から21日まで外来を閉めました", "2030-03-22T10:00", 3),  # 春分の日, the 20th
    ("月曜から水曜まで外来を閉めました", "2030-03-14T10:00", 3),
    ("明日まで休診します", "2030-03-12T10:00", 2),  # today as well
    ("診療が止まって3日目です", "2030-03-12T10:00", 3),  # the closure's own count so far
])
def test_days_closed_are_days_the_facility_would_have_worked(chat, answer, when, days):
    chat.say("ランサムウェアで電子カルテが暗号化されました", when)
    chat.say(answer, when)
    assert (chat.record.answers.care_stopped, chat.record.answers.closure_days) == ("yes", days)


def test_home_visits_cancelled_are_care_stopped_and_a_vendors_visit_is_not(chat):
    chat.say("訪問看護ステーションです。記録用タブレットが全部ウイルスに感染しました")
    chat.say("業者の訪問はキャンセルになりました")
    assert chat.record.answers.care_stopped is None
    chat.say("今日の訪問はすべてキャンセルしました。")
    assert chat.record.answers.care_stopped == "yes"


def test_patients_not_told_yet_says_nothing_of_their_data(chat):
    chat.say("往診の帰りに、カルテの写しの入ったかばんを川に落としてしまいました")
    chat.say("かばんに入ってたのは患者さん五人分の紙です。")
    chat.say("警察にはまだ届けていません。患者さんさも連絡してねえ。")
    answers = chat.record.answers
    assert (answers.patient_data, answers.affected_people) == ("yes", 5)
    assert "patients" not in (answers.told or [])


def test_seeing_the_alert_is_when_it_was_noticed(chat):
    chat.say("Our cloud viewer sent an alert: an account signed in at 3:12 am today from abroad.", "2029-03-23T05:20")
    chat.say("I saw the alert at 4:50 this morning.", "2029-03-23T05:24")
    assert chat.record.answers.found_at == "2029-03-23T04:50"


@pytest.mark.parametrize("answer, stopped", [
    ("土曜は急きょ休みにしました", "yes"),  # a day named with a closure made for the occasion
    ("土曜は休みなので影響はありません", "no"),  # the usual day off
    ("診療は続けられず、午後から閉めました", "yes"),
    ("休診にすべきか迷っています", "unknown"),
    ("今日は祝日だから外来は元々休みで、往診だけだったのす。診療を止めたわけでねえ。", "no"),
    ("診療は止める予定はありません", "no"),
])
def test_the_answer_to_the_care_question(answer, stopped):
    from handlers import triage
    from handlers.understand import kind_named

    now = dt.datetime(2030, 3, 12, 14, 30, tzinfo=JST)
    reading = triage.read(answer, "care_stopped", now, get_incident_flow(), IncidentAnswers(kind="ransomware"), None, kind_named)
    assert reading.care_stopped == stopped


@pytest.mark.parametrize("question", [
    "If we close for a week, is the lost income covered?",
    "仮に3日休んだら、いくら出るんでしょう",
])
def test_a_closure_supposed_in_a_question_without_a_question_mark_or_in_english_is_no_closure(chat, question):
    chat.say("サーバーにランサムウェアの脅迫文が出ています")
    chat.say(question)
    assert chat.record.answers.care_stopped is None


def test_a_closure_supposed_in_a_question_is_no_closure(chat):
    chat.say("外来の端末に、仮想通貨で支払えというファイルが置かれています")
    chat.say("診療は止めていません。")
    chat.say("仮に明日から2日休んだら、日本医師会の一時金は2日分出るんでしょうか？")
    answers = chat.record.answers
    assert (answers.care_stopped, answers.closure_days) == ("no", 0)


@pytest.mark.parametrize("answer, party, told", [
    ("院長にしか伝えていません", "staff", True),
    ("The director was not in so I called the vendor", "vendor", True),
    ("We did not pay the ransom and we called the police", "police", True),
    ("This is the second time we've called the vendor this month", "vendor", True),
    ("まだ誰にも言っていません。スタッフにも警察にもです", "police", False),
    # A list of parties whose verb comes once, at its end or before it, is judged by that verb.
    ("保険会社、警察、厚労省、どこにもまだ連絡できていません", "insurer", False),
    ("業者さん、医師会にもまだ言うとらん", "vendor", False),
    ("We haven't phoned the police, SOMPO or the JMA yet", "insurer", False),
    ("We haven't phoned the police, SOMPO or the JMA yet", "jma", False),
    ("The IT vendor is closed until Monday, so not them yet", "vendor", False),
    ("院長と事務長だけ、警察にはまだ連絡していません", "staff", True),
    ("院長、事務長。警察はまだ連絡していません", "staff", True),
    # the bot's question echoed, then answered
    ("警察？まだです。", "police", False),
    ("警察？はい、連絡しました", "police", True),
    ("保険会社？連絡したほうがいいですか？", "insurer", False),
    ("医師会？連絡しました方がよかですか", "jma", False),
    ("保険会社？電話したけどつながらなかった", "insurer", False),
    ("We read the insurance pamphlet. Nobody else has been contacted.", "insurer", False),
    ("cops? not yet. insurance company? nope, not yet either.", "insurer", False),
    # a help desk is a vendor's; the support desk the bot names is SOMPO's
    ("業者のヘルプデスクに問い合わせました", "insurer", False),
    ("サポートデスクに電話しました", "insurer", True),
    # a party then its status after a colon; a Tohoku まだ
    ("Police: not contacted. Vendor: not yet either, their helpdesk only opens at 9.", "police", False),
    ("警察さは、まんだ届け出してねえんだ。", "police", False),
])
def test_who_was_told_read_through_only_and_english_negation(chat, answer, party, told):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    answers = chat.record.answers
    assert (party in (answers.told or []) + (answers.notified or [])) is told


@pytest.mark.parametrize("answer, count", [
    ("すみません、ランサムウェアです。患者さん約1200人分のデータと、職員30名の情報が入っています", 1200),
    ("はい、300人分くらい。あ、すみません、職員の情報も20人分くらい", 300),
    ("Sorry, it was 1 patient, not 2", 1),
])
def test_a_second_group_of_people_is_no_correction_of_the_count(chat, answer, count):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    assert chat.record.answers.affected_people == count


def test_an_answer_about_another_field_keeps_the_moment_known(chat):
    chat.say("昨日の夜10時ごろ、受付のPCが暗号化されているのに気づきました", "2026-12-08T09:00")
    chat.say("今日です", "2026-12-08T09:02")
    assert chat.record.answers.found_at == "2026-12-07T22"


def test_another_kind_reported_days_later_opens_its_own_record(chat):
    chat.say("サーバーがランサムウェアに感染しました", "2026-12-07T10:00")
    first = chat.incident_id
    chat.say("別件ですが、職員がUSBメモリを紛失しました。患者さん30人分の名簿が入っています", "2026-12-09T10:00")
    assert chat.incident_id != first and chat.record.answers.kind == "lost_device"


# --- what the second review showed wrong (kept right) ---


@pytest.mark.parametrize("report, kind", [
    ("ランサムウェアに感染してパソコンが起動しない。今朝気づいた。", "ransomware"),
    ("USBメモリをなくしました。中身は暗号化されていない患者リストで、約40名分です", "lost_device"),
])
def test_a_negation_about_something_else_leaves_the_kind(chat, report, kind):
    chat.say(report)
    assert chat.record.answers.kind == kind


@pytest.mark.parametrize("message", [
    "誤報ではないです。今朝9時に気づきました",
    "誤報であってほしいですが、院長と業者には伝えました",
    "FAXの送り先が間違いでした、今朝10時ごろです",
    "Sorry, not a false alarm. We closed for the day.",
])
def test_a_withdrawal_denied_hoped_for_or_about_a_detail_withdraws_nothing(chat, message):
    chat.say("サーバーがランサムウェアに感染しました")
    assert "誤報（実際には事故ではなかった）として" not in chat.say(message)


@pytest.mark.parametrize("answer, days", [
    ("明日を臨時休診日にしました", 1),
    ("サーバーは停止していませんが、念のため今日は休診にしました", 1),
    ("2日間休診しました。その後の再開日は業者と検討中です", 2),
])
def test_a_closure_said_plainly_stands(chat, answer, days):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    assert (chat.record.answers.care_stopped, chat.record.answers.closure_days) == ("yes", days)


@pytest.mark.parametrize("answer, party", [
    ("院長と業者さんです。まだ直っていません", "vendor"),
    ("警察です。さっき電話しました", "police"),
])
def test_parties_named_as_an_answer_are_told(chat, answer, party):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    answers = chat.record.answers
    assert party in (answers.told or []) + (answers.notified or [])


def test_an_acknowledgement_is_no_discovery(chat):
    chat.say("昨日の夜10時ごろ、受付のPCが暗号化されているのに気づきました", "2026-12-08T09:00")
    chat.say("わかりました。明日の10時に業者が来ます", "2026-12-08T09:05")
    assert chat.record.answers.found_at == "2026-12-07T22"


def test_an_attachment_opened_before_our_address_sent_odd_mail_is_the_malware(chat):
    """Emotet-style: the cause named beside its effect decides the kind and its first steps."""
    reply = chat.say("取引先を名乗るメールの添付を開いてから、うちのアドレスから変なメールが患者さんに勝手に送られています")
    assert chat.record.answers.kind == "malware" and LAN in reply


def test_a_short_follow_up_asks_more_about_the_last_question_answered_on_the_side(chat):
    """「日医の支援金はもらえますか？」 then 「条件はありますか」: the requirements of that payment, not
    the pamphlet searched for 条件."""
    chat.say("FAXの番号を間違えて、患者さんの紹介状を知らない会社に送ってしまいました", "2026-12-02T15:00")
    chat.say("日医の支援金はもらえますか？", "2026-12-02T15:05")
    reply = chat.say("条件はありますか", "2026-12-02T15:07")
    assert "個人情報保護委員会" in reply and "本人" in reply


def test_the_lines_asked_for_in_hiragana_say_when_each_opens(chat):
    chat.say("ぱそこんの がめんに かねはらえって でてる。でんしかるても みれない", "2026-12-07T05:30")
    reply = chat.say("にちいの まどぐちは なんじから？", "2026-12-07T05:40")
    assert "0120-179-066" in reply and "6:00" in reply


def test_the_one_who_did_it_is_no_patient_to_tell(chat):
    """「本人への聞き取り」 in an insider incident is about the staff member: kept as a note, no party."""
    chat.say("職員が患者さんの検査データを私物のUSBにコピーして持ち帰っていました")
    chat.say("本人への聞き取りは明日の朝に行う予定です")
    answers = chat.record.answers
    assert any("聞き取り" in n for n in answers.notes) and "patients" not in (answers.told or [])


def test_a_short_safety_question_is_no_follow_up_of_a_payment_question(chat):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say("日医の支援金はもらえますか？")
    assert "万円" not in chat.say("電源は切っていい？")


@pytest.mark.parametrize("answer", ["受付のPCを止めて、業者を待っています", "業者からは『すぐ連絡します』と言われました"])
def test_a_vendor_awaited_or_quoted_knows(chat, answer):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    assert "vendor" in (chat.record.answers.told or [])


@pytest.mark.parametrize("question", ["What's the number for the JMA line?", "What is the SOMPO 24-hour number?"])
def test_the_lines_asked_for_by_their_number_in_english(chat, question):
    reply = chat.say(question, "2026-12-02T10:00")
    assert "0120-179-066" in reply and "0120-318-258" in reply and "受付状況" in reply


def test_a_question_about_what_must_be_reported_gets_the_reports_this_record_owes(chat):
    chat.say("電子カルテのサーバーに知らない管理者アカウントができていて、データが一部消えています", "2026-12-02T10:00")
    reply = chat.say("これってどこかに届け出ないといけないものですか", "2026-12-02T10:05")
    assert "必要な報告・届出" in reply and "個人情報保護委員会" in reply
    assert "対象外とされています" not in reply and "見つかりませんでした" not in reply


@pytest.mark.parametrize("answer, told", [("院内の者しか知りません", ["staff"]), ("院内のみんなと業者", ["staff", "vendor"]),
                                          ("院内の事務担当が業者に電話しました", ["staff", "vendor"]),
                                          ("院長と情報システム担当には連絡済みです", ["staff"])])
def test_the_people_of_the_clinic_are_told(chat, answer, told):
    chat.say("サーバーがランサムウェアに感染しました")
    for reply in ("患者情報は入っていません", "休診はしていません", "今朝8時ごろです"):
        chat.say(reply)
    chat.say(answer)  # to 「誰が知っていますか」
    assert sorted(chat.record.answers.told or []) == told


def test_one_person_of_the_staff_who_does_not_know_is_not_filed_as_knowing(chat):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say("院長は知りません")
    assert chat.record.answers.told is None  # not 院長 as told, and not "nobody" either
    chat.say("事務長しか知りません")
    assert chat.record.answers.told == ["staff"]
    chat.say("院長は知らない")  # the director's not knowing takes nothing away from the office manager's
    assert chat.record.answers.told == ["staff"]


def test_a_vendor_not_told_yet_beside_the_patient_data_is_no_told_nobody(chat):
    chat.say("当院を名乗る不審なSMSが出回っているようです")
    reply = chat.say("予約システムに患者様の電話番号が約1,200件登録されております。予約システムの業者にはまだ連絡しておりません。")
    assert chat.record.answers.patient_data == "yes"
    assert chat.record.answers.told is None and "まだ誰にも伝えていない" not in reply


@pytest.mark.parametrize("report, answer", [
    ("検診結果のエクセルを別の業者さんにメールで送ってしまいました", "相手の業者さんには電話して削除してもらいました。事務長にも言いました"),
    ("紹介状を違う病院にFAXしてしまいました", "送り先の病院には電話して破棄をお願いしました。事務長にも言いました"),
])
def test_the_other_side_of_a_mis_sent_mail_is_not_our_vendor_or_a_body_told(chat, report, answer):
    chat.say(report)
    chat.say(answer)
    assert chat.record.answers.told == ["staff"]  # the office manager; the recipient is neither our vendor nor a hospital told


def test_the_police_not_yet_beside_a_call_to_someone_unlisted_is_no_nobody_contacted(chat):
    chat.say("タクシーにノートパソコンを置き忘れました。患者さんの名簿が入っています")
    chat.say("気づいたのは0時半くらい。タクシー会社にはもう電話した。警察にはまだ")
    assert chat.record.answers.notified is None  # the taxi company was called: not 「まだどこにも連絡していない」


def test_the_notice_says_nobody_knows_only_when_the_staff_answer_says_so(chat):
    chat.say("電子カルテのサーバーがランサムウェアに感染しました")
    chat.say("警察にはまだです")
    notice = chat.record.notice_draft
    assert "（参考）：まだどこにも連絡していない" in notice and "まだ誰にも伝えていない" not in notice


def test_the_clinic_named_as_the_place_of_a_machine_has_told_nobody(chat):
    chat.say("メールの添付を開いたあと、院内のPCが次々固まって動かなくなりました")
    assert chat.record.answers.told is None
    chat.say("院内のみんなには伝えました")
    assert chat.record.answers.told == ["staff"]


def test_a_payment_asked_inside_an_incident_uses_the_day_it_was_reported(chat):
    chat.say("メールの添付を開いたあと、院内のPCが次々固まって動かなくなりました", "2026-12-04T16:40")
    reply = chat.say("土日はもともと休みで、月曜だけ休診にしました。日医の支援金はいくらになりますか", "2026-12-07T09:30")
    assert "20万円" in reply and "2026年12月4日" in reply


def test_a_day_of_recovery_expected_is_no_discovery(chat):
    chat.say("サーバーがランサムウェアに感染しました", "2026-12-02T09:00")
    chat.say("業者と話して、復旧は木曜になりそうなので、休診は4日に訂正します", "2026-12-02T11:40")
    assert chat.record.answers.found_at is None and chat.record.answers.closure_days == 4


@pytest.mark.parametrize("answer", ["入っちょらん", "患者さんのデータはなかです", "職員の情報だけです"])
def test_no_patient_data_in_dialect_or_staff_data_only(chat, answer):
    chat.say("サーバーがランサムウェアに感染しました")
    chat.say(answer)
    assert chat.record.answers.patient_data == "no"


# --- closure days and the moment noticed, as staff write them (read from triage set 9, session 16) ---

@pytest.mark.parametrize(("messages", "when", "days"), [
    # a range of dates with the usual day off inside it, said by its date
    (["朝、電子カルテのファイルが全部知らない拡張子に変わって開けません。脅迫文も出ています。",
      "6日から8日まで外来を閉めています。うちは木曜が定休なので、7日はいつもどおりの休みですが。"], "2030-02-08T18:20", 2),
    # a range written 「27日の土曜から30日の火曜まで」 with a Sunday and 昭和の日 inside
    (["カルテの管理者アカウントが知らん名前に変えられてて、海外から入られとったらしいです。",
      "27日の土曜から30日の火曜まで外来閉めてました。うちは日曜と祝日はいつも休みです。今日から開けてます。"], "2030-05-01T08:50", 2),
    # a pharmacy closed on two weekdays, open by hand between them, open today
    (["薬歴のパソコンの画面が真っ黒で、英語の文と仮想通貨の送り先が出て、薬歴が開かなくなりました。",
      "月曜は薬局閉めたさー。火曜は手書きで何とか開けたけど、水曜はレセコンも動かなくなって、また閉めたよー。今日は開けてる。"], "2030-06-06T12:30", 2),
    # new patients refused on two days while revisits went on by paper
    (["ファイルサーバーに身代金を要求する英文のテキストが置かれておりました。",
      "3月4日と5日の2日間、初診の患者様の受け入れをすべてお断りいたしました。再診の方は紙運用で診療を継続しております。"], "2030-03-06T09:30", 2),
    # a count said as the topic, with no date beside it
    (["電子カルテのサーバーがランサムウェアにやられました", "3日は休診になりそうです"], "2026-12-02T10:00", 3),
])
def test_days_closed_are_counted_as_staff_write_them(store, messages, when, days):
    chat = TriageChat(store)
    for text in messages:
        chat.say(text, when=when)
    answers = chat.record.answers
    assert (answers.care_stopped, answers.closure_days) == ("yes", days)


@pytest.mark.parametrize(("text", "said_at", "expected"), [
    ("見つけたのは6日、朝8時15分ごろに事務の者が電源を入れたときです。", "2030-02-08T18:30", "2030-02-06T08:15"),
    ("警告に気づいたのは23日の16:05です。", "2030-01-25T10:04", "2030-01-23T16:05"),
    ("気づいたのはさっき、1時50分くらいです。", "2030-02-11T02:33", "2030-02-11T01:50"),
    ("足りないと気ずいたのは、おとといのお昼です。", "2030-04-22T12:18", "2030-04-20 昼"),
    ("ご家族のおひとりから指摘のお電話をいただいたのが、今日の午前11時15分です。", "2030-06-30T14:07", "2030-06-30T11:15"),
])
def test_the_moment_noticed_is_read_as_staff_write_it(store, text, said_at, expected):
    chat = TriageChat(store)
    chat.say("患者さんの検査結果を別の患者さんに郵送してしまいました", when=said_at)
    chat.say(text, when=said_at)
    assert chat.record.answers.found_at == expected


@pytest.mark.parametrize(("messages", "told"), [
    (["事務所のパソコンの記録が一つも開かなくなって、画面に英語の脅し文句が出ています。", "パソコン屋さんさは電話したども、保険会社さはまだ連絡してねぇす。"], "vendor"),
    (["薬歴のパソコンの画面が真っ黒で、仮想通貨の送り先が出ています。", "システムの会社には連絡したさー。警察はまだよ。"], "vendor"),
    (["お便りのメールを宛先全員分「TO」に入れて送ってしまい、ご家族のアドレスが見える状態になりました。", "ご家族全員に、お詫びのメールをBCCで送りまひた。"], "patients"),
])
def test_who_was_told_is_read_in_everyday_words(store, messages, told):
    chat = TriageChat(store)
    for text in messages:
        chat.say(text)
    assert told in (chat.record.answers.told or [])


@pytest.mark.parametrize(("text", "kind"), [
    ("パソコン3台で、ファイルが勝手に消えたり、知らないプログラムが外部と通信しようとしているという警告が出ています。", "malware"),
    ("お便りをメールで送ったら、宛先を全員分「TO」に入れてしまっていて、ほかのご家族のアドレスが見える状態でした。", "misdelivery"),
    ("ヘルパーさんが りようしゃさんの ふぁいるを じてんしゃの かごに いれて まわっていたら、とちゅうで なくなっていたそうです。", "lost_device"),
])
def test_the_kind_is_read_from_symptoms(text, kind):
    from handlers.emergency import detect

    assert detect(text).kind == kind


def test_a_question_about_downloading_a_program_is_no_incident():
    from handlers.emergency import detect

    assert detect("ネットで知らないプログラムをダウンロードしてもいいですか").level == "none"


def test_a_lost_tablet_still_missing_after_a_search_gets_the_police_step_and_keeps_its_kind(chat):
    chat.say("老健です。介護記録用のタブレットが1台見当たりません。デイルームに置きっぱなしにしていました")
    reply = chat.say("あちこち探したけどやっぱりない。利用者さん52人分の記録が見られる状態です")
    assert chat.record.answers.kind == "lost_device"  # the leak it risks is no other cause
    assert "遺失届" in reply and LAN not in reply
    # Found after all: offered as a false alarm, which only a lost thing can be.
    assert "誤報" in chat.say("すみません、出てきました！洗濯室の棚にありました")


def test_the_police_step_is_not_repeated_once_the_police_know(chat):
    chat.say("往診用のノートパソコンが見当たりません")
    chat.say("警察には遺失届を出しました")
    assert "遺失届・被害届を出してください" not in chat.say("車の中も探しましたが、やっぱりないです")


def test_a_machine_still_connected_gets_the_isolation_step_again(chat):
    chat.say("レントゲン用のパソコンに『ウイルスに感染しました』という画面が出て、言われるまま遠隔操作のソフトを入れてしまいました")
    reply = chat.say("相手が電子マネーを買えと言ってきたので断りました。パソコンはネットにつながったままです")
    assert "すぐに次をお願いします" in reply and LAN in reply
    # A question about the step asks; it reports nothing undone.
    assert "すぐに次をお願いします" not in chat.say("ネットにつながったままでも大丈夫ですか？")


def test_a_call_that_did_not_get_through_records_no_one_as_told(chat):
    chat.say("受付のパソコンがランサムウェアに感染しました")
    chat.say("医師会のほうにかけたけど、もうつながらない")
    a = chat.record.answers
    assert a.notified is None and a.told is None  # still to be asked, not 「まだ誰にも」


def test_a_payment_promised_without_the_insurer_gets_the_warning_at_once(chat):
    chat.say("受付のパソコンが乗っ取られて、患者さんの病名が漏れたと内容証明が届きました")
    reply = chat.say("実は、事務長がその患者さんに電話で『全額お支払いします』って言っちゃったんです")
    assert "すぐに次をお願いします" in reply and "承認を得ないまま" in reply


def test_a_fake_site_in_the_clinics_likeness_gets_the_impersonation_steps(chat):
    reply = chat.say("調べたら、うちとそっくりの偽の予約サイトが検索の上のほうに出ていて、名前や保険証の番号まで入力させてるんです")
    assert chat.record.answers.kind == "spoofing"
    assert "削除を依頼" in reply and LAN not in reply


def test_a_staff_list_taken_by_an_attack_owes_the_commissions_report(chat):
    chat.say("事務員がメールのリンクを踏んで、IDとパスワードを入れてしまいました。そのアカウントで共有ドライブも使ってます")
    reply = chat.say("共有ドライブには職員の名簿とシフト表ぐらい。患者情報は入れてないはず")
    assert chat.record.answers.patient_data == "no" and chat.record.answers.staff_data
    assert "職員など患者さん以外の個人情報が関係するため" in reply and "個人情報保護委員会" in reply
    assert "人数にかかわらず報告の対象です" in reply
    assert "・職員など患者さん以外の個人情報：関係あり" in chat.say("まとめ")


def test_a_staff_list_sent_to_the_wrong_address_by_a_slip_owes_no_commission_report_by_itself(chat):
    chat.say("職員の名簿を添付したメールを、間違えて取引先に送ってしまいました")
    reply = chat.say("患者さんの情報は入っていません")
    assert "個人情報保護委員会" not in reply


def test_a_poster_for_the_patients_is_drafted_for_a_fake_site_and_never_filed_as_an_answer(chat):
    chat.say("うちとそっくりの偽の予約サイトが出回っていて、保険証の番号まで入力させてるんです")
    reply = chat.say("受付に貼る注意書きを作ってほしい。短めで")
    assert "当院を装った偽のサイト" in reply and "入力もなさらないでください" in reply
    assert chat.record.answers.notes == []


def test_a_letter_of_apology_is_drafted_for_a_leak_with_the_day_it_was_noticed(chat):
    chat.say("検査結果を別の患者さんに郵送してしまいました。気づいたのは今日の昼です")
    reply = chat.say("患者さんへのお詫び文の下書きを作ってもらえますか")
    assert "個人情報の取り扱いに関するお詫びとお知らせ" in reply and "2026年12月2日に判明いたしました" in reply
    assert "のまとめです" not in reply  # the patients' letter, not the record's summary


def test_a_notice_draft_with_a_number_of_its_own_is_refused():
    from knowledge.patient_notices import Notice

    with pytest.raises(ValueError, match="placeholder"):
        Notice(id="x", groups=["general"], title="t", text="お問い合わせは 0120-000-000 まで")
    assert Notice(id="x", groups=["general"], title="t", text="電話：【当院の電話番号】").text


def test_a_cost_question_about_the_letter_is_no_request_for_a_draft(chat):
    chat.say("検査結果を別の患者さんに郵送してしまいました")
    reply = chat.say("お詫び文を作って送る費用は保険で出ますか")
    assert "お詫びとお知らせ（下書き）" not in reply


def test_the_incident_flow_is_read_once_not_on_every_message():
    """Each message asks for the flow several times: re-reading its YAML made a message cost ~60 ms more."""
    assert get_incident_flow() is get_incident_flow()
