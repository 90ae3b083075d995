"""A triage that files what it is told where it belongs, in words the assistant had not read before (eval set 24's
dev half, asked here in other words), through the whole engine: when a lost thing was last seen or used is kept
(apart from when it was noticed) and stands in the summary and the notice; people who came and went, and people
who saw a message sent to the wrong group, are neither parties told nor a count of patients; a draft for those a
misdelivery reached asks them to delete it; e-money codes handed to a fraudster bring the step of calling the card's
issuer; an English head count and an English "should we switch it off?" are read; a kind of place said before
「の者」 is no institution's name; a correction of the day care resumed changes the JMA payment, not the event's day."""

from __future__ import annotations

import datetime as dt

from handlers import notice_details
from knowledge.clock import JST


def test_when_a_lost_card_was_last_used_is_kept_apart_from_when_it_was_noticed(conversation):
    say = conversation(dt.datetime(2031, 9, 2, 13, 0, tzinfo=JST))
    say("受付の引き出しに入れていた、オンライン資格確認用の顔認証端末の管理カードが見つかりません")
    reply = say("事務長によると、最後に触ったのは昨日の夕方5時ごろです", dt.datetime(2031, 9, 2, 13, 10, tzinfo=JST))
    assert "最後に確認できた日時：2031年9月1日 17時ごろ" in reply
    assert "気づいた日時" not in reply  # (nobody said when it was noticed)
    summary = say("まとめ", dt.datetime(2031, 9, 2, 13, 15, tzinfo=JST))
    assert "・最後に確認できた日時：2031年9月1日 17時ごろ" in summary
    assert "最後に確認できた日時：2031年9月1日 17時ごろ、発見：" in summary  # the notice's 事故発生の日時 line


def test_people_who_came_and_went_are_no_one_told(conversation):
    say = conversation(dt.datetime(2031, 9, 2, 16, 0, tzinfo=JST))
    say("処置室のノートパソコンがなくなっています。患者さんの検査予定が入っています")
    reply = say("今日の午後は清掃の業者さんと給食の業者さんが何度も出入りしていました", dt.datetime(2031, 9, 2, 16, 5, tzinfo=JST))
    assert "知っている人：システム業者" not in reply and "連絡済みの先" not in reply


def test_those_who_saw_a_message_sent_astray_are_no_count_of_patients(conversation):
    say = conversation(dt.datetime(2032, 2, 8, 18, 0, tzinfo=JST))
    say("透析室の申し送りの写真を、間違えて院外の人も入っている連絡グループに送ってしまいました。患者さん12人の名前が写っています")
    reply = say("すぐ消しましたが、消すまでに3人が見てしまったようです", dt.datetime(2032, 2, 8, 18, 5, tzinfo=JST))
    assert "約3名" not in reply
    summary = say("まとめ", dt.datetime(2032, 2, 8, 18, 10, tzinfo=JST))
    assert "約12名" in summary


def test_a_draft_for_those_a_misdelivery_reached_asks_them_to_delete_it(conversation):
    say = conversation(dt.datetime(2032, 2, 8, 18, 0, tzinfo=JST))
    say("検査結果のPDFを、別の患者さんのメールアドレスに送ってしまいました")
    reply = say("受け取ってしまった方へのお願いの文面を作ってもらえますか", dt.datetime(2032, 2, 8, 18, 20, tzinfo=JST))
    assert "削除のお願い" in reply and "削除・破棄してください" in reply
    assert "知っている人" not in reply  # (asking how to word it tells no one)


def test_a_draft_for_the_patients_is_still_the_patients_letter(conversation):
    say = conversation(dt.datetime(2032, 2, 8, 18, 0, tzinfo=JST))
    say("検査結果のPDFを、別の患者さんのメールアドレスに送ってしまいました")
    reply = say("結果が漏れてしまった患者さんご本人へのお詫び文の案をください", dt.datetime(2032, 2, 8, 18, 20, tzinfo=JST))
    assert "ご本人へのお詫びとお知らせ" in reply and "削除のお願い" not in reply


def test_gift_codes_already_sent_bring_the_issuers_step(conversation):
    say = conversation(dt.datetime(2031, 6, 3, 11, 0, tzinfo=JST))
    first = say("理事長を名乗るLINEから、事務の子に『今すぐギフトカードを10万円分買って写真を送れ』と指示が来ました。理事長は出張中です")
    assert "発行会社" in first
    reply = say("もう3万円分を買って、裏のコードの写真を送ってしまったそうです", dt.datetime(2031, 6, 3, 11, 10, tzinfo=JST))
    assert "発行会社" in reply and "警察" in reply


def test_an_english_head_count_and_switching_off_are_read(conversation):
    say = conversation(dt.datetime(2028, 1, 20, 3, 0, tzinfo=JST))
    say("Night shift here. The ward's two medication laptops show a message that all records are locked until we pay.")
    reply = say("Noticed at 2:40. The records of roughly 30 inpatients are on them. Should we turn the Wi-Fi off?",
                dt.datetime(2028, 1, 20, 3, 10, tzinfo=JST))
    assert "約30名" in reply
    assert "Wi-Fiを切る" in reply or "turn off Wi-Fi" in reply


def test_a_kind_of_place_before_no_mono_is_no_institutions_name():
    assert notice_details.read("デイケアの者ですけど、送迎表のファイルが開けなくなりました").insured is None
    assert notice_details.read("訪問看護ステーションひなたの看護師です").insured == "訪問看護ステーションひなた"


def test_the_day_care_resumed_corrected_changes_the_payment_not_the_event_day(conversation):
    say = conversation(dt.datetime(2031, 10, 20, 10, 0, tzinfo=JST))
    say("日医の支援金の計算をお願いします")
    reply = say("10月5日（日）の夜に攻撃されました。6日から8日まで休診、9日は定休日で、10日（金）に再開しました",
                dt.datetime(2031, 10, 20, 10, 1, tzinfo=JST))
    assert "休業3日" in reply and "40万円" in reply
    reply = say("ごめんなさい、再開したのは10日ではなく8日（水）でした", dt.datetime(2031, 10, 20, 10, 2, tzinfo=JST))
    assert "休業2日" in reply and "30万円" in reply and "2031年10月5日" in reply and "2031年10月8日" not in reply


def test_a_letter_for_the_other_side_asks_for_the_paper_back(conversation):
    say = conversation(dt.datetime(2032, 9, 13, 10, 30, tzinfo=JST))
    say("健診結果の封筒を、隣の会社の郵便受けに間違えて入れてしまいました。中身は社員さん1人分の結果です")
    reply = say("先方に送るお詫びとお願いの手紙の文面を作ってください", dt.datetime(2032, 9, 13, 10, 45, tzinfo=JST))
    assert "削除のお願い" in reply and "お返しください" in reply


def test_a_vendor_saying_it_was_no_attack_offers_to_close_any_kind_as_a_false_alarm(conversation):
    say = conversation(dt.datetime(2029, 5, 6, 8, 30, tzinfo=JST))
    say("朝いちばんに来たら、予約システムに誰のIDでもログインできず『このアカウントは停止されています』と出ます")
    reply = say("業者に確認したら、夜中の契約更新の手違いで全国的に起きていて、攻撃ではないそうです", dt.datetime(2029, 5, 6, 8, 50, tzinfo=JST))
    assert "誤報" in reply and "閉じますか" in reply
