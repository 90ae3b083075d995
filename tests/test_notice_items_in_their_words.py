"""The written notice's own items — the insured institution and its address, the place, who found it, the
damages claim and other insurance (pamphlet sec-16) — filled from what staff write in passing, and kept
out when what they write is about someone else or only supposed."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

EVENING = dt.datetime(2027, 2, 9, 19, 40, tzinfo=JST)


def _notice(chat) -> str:
    return chat.store.get_incident(chat.incident_id).notice_draft


def test_an_introduction_and_details_told_in_passing_fill_the_notice(record_chat):
    chat = record_chat(EVENING)
    chat.say("お疲れ様です。たんぽぽ小児科クリニックの事務長の川野と申します。予約システムのサーバーが暗号化されて、英語の脅迫文が出ています")
    chat.say("所在地は宮崎県児湯郡高鍋町大字南高鍋1500番地です。最初に見つけたのは看護師の井上さんで、2階の処置室の端末で気づいたそうです")
    chat.say("保護者の方からの損害賠償の請求はまだありません。ほかに、小児科医向けの医師賠償責任保険に加入しています")
    draft = _notice(chat)
    assert "記名被保険者（医療機関名・所在地）：たんぽぽ小児科クリニック・宮崎県児湯郡高鍋町大字南高鍋1500番地" in draft
    assert "発見者・証人：看護師の井上さん" in draft
    assert "場所：2階の処置室の端末" in draft
    assert "現時点で請求はありません" in draft
    assert "他の保険契約・共済契約の有無：小児科医向けの医師賠償責任保険" in draft
    assert "【未確認】（院内の該当端末" not in draft


def test_what_is_someone_elses_or_only_supposed_stays_out_of_the_notice(record_chat):
    chat = record_chat(EVENING)
    chat.say("検査結果のFAXを別の医院に誤送信しました。送り先は近くのさくら内科医院です")
    chat.say("患者さんの住所（日向市本町3-3）も載っていました。もし患者さんから慰謝料を請求されたらどうなりますか？")
    chat.say("火災保険のほうで出たりしないんですか？院長には報告済みです")
    answers = chat.answers
    assert answers.insured is None and answers.address is None
    assert answers.claim is None and answers.other_insurance is None
    assert answers.witnesses is None
    draft = _notice(chat)
    assert "さくら内科医院" not in draft.split("事故の状況")[0]
    assert "記名被保険者（医療機関名・所在地）：【未確認】" in draft


def test_a_labelled_list_after_the_summary_rewrites_the_draft(record_chat):
    chat = record_chat(EVENING)
    chat.say("往診用のノートパソコンを車ごと盗まれました。車上荒らしです")
    chat.say("まとめ")
    reply = chat.say("追記です。【施設名】ひだまり在宅クリニック【住所】延岡市東本小路2-5【場所】訪問先の駐車場【発見者】医師の甲斐【請求】なし【他の保険】なし")
    assert "作り直しました" in reply
    answers = chat.answers
    assert (answers.insured, answers.address, answers.place, answers.witnesses) == ("ひだまり在宅クリニック", "延岡市東本小路2-5", "訪問先の駐車場", "医師の甲斐")
    assert answers.claim == answers.other_insurance == "なし"
    assert "他の保険契約・共済契約の有無：なし" in _notice(chat)


def test_a_witness_and_an_address_corrected_replace_the_old_ones(record_chat):
    chat = record_chat(EVENING)
    chat.say("メールの添付を開いたら受付のPCが乗っ取られたみたいです。あおば歯科です、住所は都城市牟田町7-7")
    chat.say("気づいたのは歯科助手の森です")
    chat.say("訂正します、気づいたのは森じゃなくて歯科衛生士の長友でした。住所も牟田町7-7ではなく牟田町7-17です")
    answers = chat.answers
    assert answers.witnesses == "歯科衛生士の長友"
    assert answers.address == "都城市牟田町7-17"
    changed = {c.field for c in chat.store.get_incident(chat.incident_id).history}
    assert {"witnesses", "address"} <= changed


def test_a_claim_made_is_kept_in_the_staffs_words(record_chat):
    chat = record_chat(EVENING)
    chat.say("職員が利用者さんの記録を勝手にSNSに載せていました")
    chat.say("利用者さんのご家族から、謝罪と慰謝料30万円を求める手紙が来ました")
    assert "慰謝料30万円を求める" in (chat.answers.claim or "")
    assert "慰謝料30万円を求める" in _notice(chat).split("損害賠償の請求の内容")[1]


def test_the_english_summary_lists_the_notice_items_told(record_chat):
    chat = record_chat(EVENING)
    chat.say("Our clinic's shared mailbox was taken over and sent phishing mail to our patients.")
    chat.say("This is Lisa at Palm Beach Dental. The problem was first spotted by our receptionist Emi Kuroki. "
             "No claim has been made against us, and we don't have any other insurance.")
    reply = chat.say("summary")
    assert "Institution: Palm Beach Dental" in reply
    assert "Found or seen by: receptionist Emi Kuroki" in reply
    assert "Damages claim: none so far" in reply
    assert "Other insurance or mutual aid: none" in reply


@pytest.mark.parametrize(("said", "claim", "other"), [
    ("いまんところ誰からも請求はなか。他の保険には入っちょらんです", "なし", "なし"),
    ("請求はないかな？ほかの保険は、入ってないと思うけどどうだろう？", None, None),
    ("損害賠償の請求はまだありません。保険は医師会のこれだけです", "なし", "なし"),
    ("We haven't received any claim yet. We also carry medical malpractice insurance.", None, "medical malpractice insurance"),
])
def test_no_claim_and_other_cover_said_or_only_wondered(record_chat, said, claim, other):
    chat = record_chat(EVENING)
    chat.say("電子カルテのサーバーが暗号化されました。脅迫文が出ています")
    chat.say(said)
    assert (chat.answers.claim, chat.answers.other_insurance) == (claim, other)


@pytest.mark.parametrize(("said", "insured", "address"), [
    # the address first, after a label, and the name after it (an address written with placeholders as staff do)
    ("施設は宮崎県小林市○○町3-3、特別養護老人ホームききょう苑です。下書きお願いします", "特別養護老人ホームききょう苑", "宮崎県小林市○○町3-3"),
    # the kind of facility as the label
    ("病院は医療法人白樺会 しらかば病院、宮崎県西都市□□2-8です", "医療法人白樺会 しらかば病院", "宮崎県西都市□□2-8"),
    # in English, the name in quotes
    ('Please draft the notice. Clinic is "Hyuga Bay Clinic", 4-5-6 Tomitaka, Hyuga.', "Hyuga Bay Clinic", "4-5-6 Tomitaka, Hyuga"),
])
def test_the_institution_told_with_its_address_in_any_order(record_chat, said, insured, address):
    chat = record_chat(EVENING)
    chat.say("職員のメールアカウントが乗っ取られて、患者さんに迷惑メールが送られています")
    chat.say(said)
    assert (chat.answers.insured, chat.answers.address) == (insured, address)


def test_who_found_it_named_after_a_relative_clause_and_not_one_who_only_called(record_chat):
    chat = record_chat(EVENING)
    chat.say("中古で売ったノートPCに患者さんのデータが残っとったらしいです")
    chat.say("連絡してくれた購入者さんは熊本の森さんという方です。見つけてくれた購入者さんは森さんです")
    assert chat.answers.witnesses == "森さん"
    chat = record_chat(EVENING)
    chat.say("患者さんにショートメールで変なリンクが届いたと聞きました")
    chat.say("事務長から連絡があって、業者の試しの送信だったそうです")
    assert chat.answers.witnesses is None


def test_a_witness_whose_call_told_of_it_is_named_with_the_name_given_after(record_chat):
    chat = record_chat(EVENING)
    chat.say("搬出した紙カルテが、病院の前の道路に散らばっていると連絡がありました")
    chat.say("気づいたのは6時すぎの、ジョギング中の近所の方からのお電話でした。お名前は川越さんです")
    assert chat.answers.witnesses == "ジョギング中の近所の方（川越さん）"


def test_other_cover_told_beside_this_insurer_is_other_insurance_and_no_body_told(record_chat):
    chat = record_chat(EVENING)
    chat.say("検査結果の封筒を別の患者さんのご自宅に送ってしまいました")
    chat.say("損保ジャパン以外に、県の医師会を通して医師賠償責任保険にも加入しております。当院の所在地は日向市本町4-4、ひゅうが内科でございます。")
    answers = chat.answers
    assert answers.other_insurance and "医師賠償責任保険" in answers.other_insurance
    assert not answers.notified
    assert (answers.insured, answers.address) == ("ひゅうが内科", "日向市本町4-4")


def test_one_who_stood_by_is_a_witness_and_english_details_fill_their_items(record_chat):
    chat = record_chat(EVENING)
    chat.say("業者さんのサーバー作業中に、患者さんのデータが入ったフォルダが消えてしまいました")
    chat.say("立ち会いは看護師の黒木さんでした")
    assert chat.answers.witnesses == "看護師の黒木さん"
    chat = record_chat(EVENING)
    chat.say("Our clinic's website was changed overnight and now shows a gambling advert.")
    chat.say("The patient who told us is Mr. Tanaka. We also carry a separate cyber policy with Tokio Marine.")
    assert chat.answers.witnesses == "Mr. Tanaka"
    assert "Tokio Marine" in (chat.answers.other_insurance or "")


def test_a_claims_sum_said_next_is_kept_with_it_and_its_correction_replaces_it(record_chat):
    chat = record_chat(EVENING)
    chat.say("紹介状を別の患者さんに渡してしまった件で、その患者さんのご家族から手紙が届きました。謝罪と、慰謝料として30万円を求める内容です。")
    assert "30万円" in (chat.answers.claim or "")
    reply = chat.say("すみません訂正です。慰謝料は30万円ではなく50万円でした。")
    assert "50万円" in (chat.answers.claim or "") and "30万円" not in (chat.answers.claim or "")
    assert "損害賠償の請求" in reply
