"""Messages read as a clinic means them, through the whole engine (dialogues written for these tests):
a story told as an example is no report; a remote-support scam and an old thread answered with a zip in
our name get the steps of what they are; 「電子カルテとは別のネット」 asks nothing; a question whether
something costs more follows the question just answered; the territory, a plan's limits and a privacy
claim over a blog post are answered from the pamphlet's own rules."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

SATURDAY_MORNING = dt.datetime(2031, 3, 8, 10, 40, tzinfo=JST)
WEDNESDAY = dt.datetime(2031, 1, 15, 10, 0, tzinfo=JST)


def test_a_remote_support_scam_gets_the_steps_of_unauthorised_access(conversation):
    say = conversation(SATURDAY_MORNING)
    reply = say("さっき『電子カルテのメーカーのサポートです、至急更新が必要です』って電話がきて、言われたとおりサイトから遠隔操作の"
                "アプリを入れて6桁の番号を読み上げたら、いまマウスが勝手に動いてフォルダを次々開いてます。どうしたら")
    assert "0120-318-258" in reply and "ネットワークから切り離" in reply
    assert "改ざんされたページ" not in reply  # no website was changed


@pytest.mark.parametrize("text", [
    "取引先から『そちらから前のメールへの返信みたいなのがパスワード付きのzipで届いた、大丈夫？』って電話がありました。うちは誰も送ってません",
    "Two suppliers called: they got a reply to an old email thread from our address, with a zip file attached. Nobody here sent it.",
])
def test_an_old_thread_answered_with_a_zip_in_our_name_is_malware_here(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "0120-318-258" in reply
    assert "切り離" in reply or "Disconnect" in reply  # the infected PC is ours: it is taken off the network


def test_a_fact_that_compares_asks_nothing_inside_a_triage(conversation):
    say = conversation(WEDNESDAY)
    say("取引先から、うちのアドレスで前のメールへの返信みたいなのがzipで届いたと電話がありました")
    reply = say("メールは院長の事務用パソコンでしか使ってません。そのパソコンは電子カルテとは別のネットにつないでます")
    assert "メモとして記録" in reply and "パンフレットの記載" not in reply


@pytest.mark.parametrize("text", [
    "職員がノートパソコンを電車に置き忘れてなくしました、みたいな場合、パソコン本体の代金と情報漏えいの対応費用はどうなりますか？",
    "紹介状と検査結果を郵送したら、郵便事故で行方不明になりました…みたいな紙の書類の紛失で情報漏えいしたケースも対象ですか？",
    "職員がメールの誤送信で患者さんの情報を漏らしてしもうたら対象になる？漏れたのが理事長の個人情報やったらどうなん？",
])
def test_a_story_told_as_an_example_is_a_question_not_a_report(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "記録番号" not in reply and "今すぐお電話ください" not in reply


@pytest.mark.parametrize("text", ["USBメモリをなくしたみたいなんですが、保険は使えますか？",
                                  "ランサムウェアに感染して電子カルテが止まってしまいました、こういう場合保険は出ますか？"])
def test_a_report_that_asks_about_its_own_case_is_still_an_emergency(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "今すぐお電話ください" in reply and "記録番号" in reply


def test_whether_a_declaration_costs_more_is_asked_of_the_rule_just_answered(conversation):
    say = conversation(WEDNESDAY)
    say("うちの法人、経理は病院じゃなくて川向こうのテナントビルに置いた本部でやってます。そこから請求先リストが漏れたら対象になりますか")
    reply = say("申告するとき、追加で保険料はかかりますか")
    assert "追加保険料は不要" in reply and "年間保険料は" not in reply


@pytest.mark.parametrize("text", [
    "院のブログにのせた記事が、患者さんから「プライバシーの侵害だ」と言われて賠償請求されたら、これって補償の対象？",
])
def test_a_privacy_claim_over_the_clinics_own_content_is_covered(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "補償の対象となります" in reply and "プライバシー侵害" in reply


@pytest.mark.parametrize("text", [
    "海外の学会に持っていったノートパソコンがハッキングされた場合も補償されますか",
    "If one of our doctors gets hacked on his laptop while attending a conference in Europe, does the coverage still apply outside Japan?",
])
def test_the_insurance_applies_worldwide(conversation, text):
    assert "保険適用地域は全世界" in conversation(WEDNESDAY)(text)


def test_a_plans_limit_asked_by_a_clinic_in_it_is_the_answer_not_its_premium(conversation):
    say = conversation(WEDNESDAY)
    reply = say("うちは診療所でH2タイプに入ってます。賠償の上限っていくらですか？")
    assert reply.startswith("H2の損害賠償の保険金額（支払限度額）は 3,000万円 です")
    assert "500万円" in say("事故対応の費用のほうは？")


def test_money_wired_to_a_fraudster_gets_no_verdict_read_off_another_payment(conversation):
    reply = conversation(WEDNESDAY)("振り込んだ86万円そのものは、この保険で戻ってきますか")
    assert "補償の対象となります" not in reply


@pytest.mark.parametrize("text", ["保険金が出ないのはどんな場合ですか", "What are the main exclusions of this policy?"])
def test_what_is_not_covered_asked_as_a_whole_gets_the_pamphlets_list(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "保険金をお支払いできない主な場合は次のとおりです" in reply
    assert "⑩ 暗号資産の換金" in reply and "役員に関する個人情報" in reply


@pytest.mark.parametrize(("first", "then", "lead", "expected"), [
    # (⑪ names the state-involved attacks of a war or its preparation: one outside a war is not ruled on)
    ("What are the main exclusions of this policy?", "Is a state-sponsored cyber attack one of them?", "パンフレットには記載がありません",
     "イ. アの過程または直接的な準備として行われる国家関与型サイバー攻撃"),
    ("対象外になるのはどんな場合ですか", "その中に暗号資産は入りますか", "補償されません", "⑩ 暗号資産"),
])
def test_an_item_asked_of_the_list_just_given_gets_its_own_ruling(conversation, first, then, lead, expected):
    say = conversation(WEDNESDAY)
    say(first)
    reply = say(then)
    assert lead in reply and expected in reply
    assert "一時支援金" not in reply


def test_an_english_question_that_names_an_attack_is_asked_not_reported(conversation):
    reply = conversation(WEDNESDAY)("Is a state-sponsored cyber attack excluded?")
    assert "Call now" not in reply and "記録番号" not in reply
    assert "⑪ 戦争等" in reply


@pytest.mark.parametrize("text", ["もし事故が起きたら、保険金をちゃんと受け取るために院としてやらないといけないことって何がありますか？",
                                  "After a cyber incident, what do we have to do to get the insurance claim paid?"])
def test_the_duties_after_an_accident_asked_as_a_whole(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "保険金の一部を差し引いてお支払いする場合があります" in reply
    assert "1. 以下の事項を遅滞なく書面で通知してください。" in reply and "3. 損害の発生および拡大の防止" in reply


@pytest.mark.parametrize("text", ["緊急時サポート総合サービスって何をしてくれる？", "What does the emergency support service actually do?"])
def test_what_the_support_service_does_is_its_functions(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "■ 緊急時広報支援機能" in reply and "■ GDPR対応支援機能" in reply


def test_whether_the_service_costs_extra_follows_the_service_just_described(conversation):
    say = conversation(WEDNESDAY)
    say("緊急時サポート総合サービスって何をしてくれる？")
    reply = say("それって別料金かかる？")
    assert "保険金額を上限に損保ジャパンから保険金として" in reply


@pytest.mark.parametrize("text", ["この保険ってどんな費用が出るの？", "What costs does the policy pay for?"])
def test_what_the_insurance_pays_asked_as_a_whole_gets_the_cover_table(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "ア. 賠償責任を負担することによって生じる損害" in reply and "④事故を医療機関(被保険者)が保険期間中に発見" in reply


def test_an_item_of_the_cover_list_no_ruling_names_is_not_answered_by_the_list_again(conversation):
    say = conversation(WEDNESDAY)
    say("この保険ってどんな費用が出るの？")
    reply = say("その中で弁護士に払うお金は入ってる？")
    assert not reply.startswith("パンフレットには、次のとおり定められています")  # the list's own lead
    assert "弁護士相談費用" in reply


def test_the_staff_are_insured_as_far_as_the_clinics_business(conversation):
    reply = conversation(WEDNESDAY)("老健で働いてる介護職員も補償されるの？")
    assert "記名被保険者の使用人等。ただし、記名被保険者の業務に関するかぎりにおいて被保険者とします。" in reply


def test_a_what_if_after_the_talks_question_asks_about_paying_first(conversation):
    say = conversation(WEDNESDAY)
    say("保険会社が代わりに相手と交渉してくれるんですか？")
    reply = say("先にこっちで謝って払っちゃったら？")
    assert "事前に損保ジャパンの承認を得ることなく損害賠償責任を認めたり" in reply


@pytest.mark.parametrize(("text", "kind"), [
    ("ランサムウェアの被害って対象なん？", "ランサムウェア"),
    ("不正アクセスされた場合は補償されますか", "不正アクセス"),
    ("Is ransomware covered?", "ランサムウェア"),
])
def test_whether_a_kind_of_incident_is_covered_gets_its_cause_of_cover(conversation, text, kind):
    reply = conversation(WEDNESDAY)(text)
    assert f"{kind}" in reply and "の被害は、この保険の対象事由「③サイバー攻撃」" in reply
    assert "今回の件" not in reply  # no event was told


def test_the_ransom_itself_asked_of_as_an_object_of_cover_is_not_stated(conversation):
    reply = conversation(WEDNESDAY)("ランサムウェアの身代金は対象ですか")
    assert "身代金の支払いが補償されるかどうかは、パンフレットには記載がありません" in reply


def test_mail_in_our_name_with_an_attachment_gets_our_pcs_checked(conversation):
    reply = conversation(WEDNESDAY)("うちのクリニックを名乗るメールが患者さんに届いていて、添付ファイルが付いているそうです")
    assert "Emotet" in reply and "ネットワークから切り離" in reply
