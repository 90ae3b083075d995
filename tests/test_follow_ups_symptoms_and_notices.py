"""Questions and reports as an outside tester wrote them (dialogues written for these tests), through the
whole engine: short quote follow-ups keep the facility (「じゃあ2億のは？」「有床だったら？」「その中で一番
手厚いのは？」), another insurer's premium is not in the pamphlet, symptoms without the incident's name get
the steps of what they are, and a notice about incidents, a closed case or a half-remembered number is no
report."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.clock import JST

WEDNESDAY = dt.datetime(2026, 12, 2, 11, 0, tzinfo=JST)
DESK = "0120-318-258"


def test_a_limit_said_alone_after_a_premium_prices_its_plans_for_that_hospital(conversation):
    say = conversation(WEDNESDAY)
    say("病院100床のH3はいくら？")
    reply = say("じゃあ2億のは？")
    assert "病院（100床）" in reply and "328,490円" in reply and "393,090円" in reply  # H5 and H7 at 100 beds
    assert "56,500円" not in reply and "67,650円" not in reply  # never a clinic's premiums


def test_beds_said_after_a_clinic_premium_keep_the_flat_premium(conversation):
    say = conversation(WEDNESDAY)
    say("診療所のH4はいくら？")
    reply = say("有床だったら？")
    assert "51,800円" in reply and "有床・無床を問わず" in reply


def test_another_kind_of_facility_asks_its_own_size(conversation):
    say = conversation(WEDNESDAY)
    say("病院100床のH2")
    reply = say("老健なら？")
    assert "定員" in reply and "66,620円" not in reply  # 100 beds are no capacity of 100 residents


@pytest.mark.parametrize(("follow_up", "answer"), [
    ("その中で一番手厚いのは？", "最も大きいのは H3"),
    ("いちばん安いのは？", "いちばん保険料が低いのは H1（年103,540円）"),
])
def test_a_superlative_after_a_budget_answers_within_it(conversation, follow_up, answer):
    say = conversation(WEDNESDAY)
    say("宮崎市の病院、ベッド100床です。予算は30万くらいです")
    assert answer in say(follow_up)


@pytest.mark.parametrize("text", ["診療所のプラン一覧を見せて", "Can you list all plans for a clinic?"])
def test_every_plan_asked_as_plans_gets_the_table(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert all(p in reply for p in ("27,200円", "51,800円", "67,650円"))


@pytest.mark.parametrize("text", ["東京海上のサイバー保険と比べてどっちが安い？", "他社の保険料と比べたい"])
def test_another_insurers_premium_is_not_in_the_pamphlet(conversation, text):
    reply = conversation(WEDNESDAY)(text)
    assert "ほかの保険会社の保険の保険料や補償内容は、このパンフレットには記載がありません" in reply
    assert "0985-23-9100" in reply


def test_an_insurer_named_in_a_story_is_no_question_about_it(conversation):
    reply = conversation(WEDNESDAY)("医賠責は個人で別の保険会社のに入ってます。このサイバー保険に入れますか")
    assert "ほかの保険会社の保険の保険料" not in reply


def test_a_quote_asked_for_is_no_refund_of_fees(conversation):
    reply = conversation(WEDNESDAY)("うちは病床数80の病院ですが、見積もりってお願いできますか")
    assert "補償されません" not in reply and "30床・50床・100床" in reply


def test_a_payment_event_out_of_the_schemes_period_asks_no_days(conversation):
    reply = conversation(WEDNESDAY)("2022年1月にサイバー攻撃を受けたんですが、一時支援金の対象ですか？")
    assert "対象期間外" in reply and "休業した日数を教えて" not in reply


def test_a_period_quoted_after_it_ended_says_so(conversation):
    reply = conversation(WEDNESDAY)("途中加入ってできますか？今12月なんですけど")
    assert "令和8年8月1日午後4時までとなります" in reply and "すでに終わっています" in reply


@pytest.mark.parametrize(("text", "step"), [
    ("USBメモリがない！レセプトのデータ入ってたのに、職員の誰も知らないって言ってる", "遺失届"),
    ("法人口座からネットバンキングで知らん振込が3件されとる。誰もやっとらんとよ", "取引銀行"),
    ("クリニックのHPのトップに、わけのわからん画像と文字が出てます。私たちは何も更新してません", "改ざんされたページの公開を止めて"),
    ("市役所の人を名乗る電話で患者さんの住所と電話番号を教えちゃったんですが、あとで市役所に聞いたらそんな人いないって",
     "漏れた（おそれのある）情報の中身"),
    ("院長のメールアドレスから知らない英語のメールが何百通も送られてるみたいで、エラーで戻ってきたメールが大量に届いてます",
     "パスワードを変更"),
    ("事務長のメールにログインできなくなった。パスワード変えられたっぽい。昨日「海外からのログインがありました」って通知も来てた",
     "パスワードを変更"),
    ("「電子カルテのライセンス更新」ってメールのリンクからログインしたら、その後から電カルのIDでログインできなくなりました",
     "パスワードを変更"),
    ("施設のパソコンで利用者さんの記録フォルダが丸ごと消えてて、代わりに変なテキストファイルが1個だけある", "身代金"),
    ("All the files on our reception PC are locked and there is a note asking for bitcoin.", "ransom"),
    ("患者さんから「ネットにお宅の患者リストが出てる」と言われて見たら、本当に掲示板に載ってました", "削除を依頼"),
])
def test_symptoms_without_the_incidents_name_get_its_steps(conversation, text, step):
    reply = conversation(WEDNESDAY)(text)
    assert DESK in reply and step in reply


@pytest.mark.parametrize("text", [
    "医師会から「不審なメールに注意」っていう回覧が来ました。何か対策しといたほうがいいですか",
    "来月の研修で使う「偽の不審メール」の文面例ってありますか",
    "2年前にうちでメール誤送信があったんですが、その時にもう対応は全部済んでます。今から保険の対象になりますか？",
    "昨年の情報漏えいの件は弁護士さんと対応して全部終わってます。再発防止の研修メニューってありますか",
    "パソコンが乗っ取られたら日医の窓口に電話すればいいんでしたっけ？",
    "患者さんにメールで検査結果送るのって、セキュリティ的に問題あります？",
])
def test_a_notice_a_closed_case_or_a_what_if_opens_no_incident(retrieval_engine, text):
    from handlers.messages import Inbound

    reply = retrieval_engine.handle(Inbound(session_key=f"n:{hash(text)}", text=text, at=WEDNESDAY, channel="eval"))
    assert not reply.is_emergency and reply.incident_id is None


def test_a_call_for_help_beside_a_report_gets_no_not_found(conversation):
    reply = conversation(WEDNESDAY)("デスクトップの壁紙が真っ黒に変わってて、「README.txt」ってファイルがあちこちのフォルダにできてます。"
                                    "どうしたらいいですか")
    assert DESK in reply and "ネットワークから切り離" in reply
    assert "記載が見つかりませんでした" not in reply


def test_a_word_with_kana_in_it_is_no_question(conversation):
    reply = conversation(WEDNESDAY)("ｶﾙﾃが開かない!!ｱｲｺﾝが全部白い紙みたいになっててﾌｧｲﾙ名の後ろに変な英数字がついてる😱")
    assert DESK in reply and "記載が見つかりませんでした" not in reply  # 開かない asks nothing


def test_the_duties_after_an_accident_asked_politely_are_listed(conversation):
    reply = conversation(WEDNESDAY)("事故が起きたら保険会社に対して何をしないといけませんか？")
    assert "遅滞なく書面で通知" in reply and "他の保険契約" in reply


def test_a_dispute_with_the_insurer_gets_the_lines_with_the_adr_centre(conversation):
    reply = conversation(WEDNESDAY)("損保ジャパンの対応に納得いかない時はどこに相談したらいい？")
    assert "そんぽADRセンター" in reply and "0570-022808" in reply


def test_joining_this_month_gets_the_mid_term_rule_and_that_the_period_is_over(conversation):
    reply = conversation(WEDNESDAY)("今月申し込んだら保険期間はいつまで？")
    assert "毎月、受付をしています" in reply and "すでに終わっています" in reply


def test_a_facility_and_its_size_beside_a_question_about_a_service_ask_no_premium(conversation):
    reply = conversation(WEDNESDAY)("うちは19床の有床診療所。無料でやってもらえるセキュリティ診断とかあります？")
    assert "診断" in reply and "年間保険料" not in reply


def test_joining_two_facilities_together_is_asked_of_the_terms_not_the_table(conversation):
    say = conversation(WEDNESDAY)
    say("50床の病院でH2タイプの保険料は？")
    reply = say("同じ法人で病院と老健があるけど、まとめて入れる？")
    assert "ご加入の単位" in reply and "年間保険料（" not in reply


def test_premiums_asked_together_are_no_summary_command(conversation):
    reply = conversation(WEDNESDAY)("診療所の保険料をまとめて見せて")
    assert "27,200円" in reply and "記録はまだありません" not in reply


def test_leave_asked_to_promise_compensation_gets_the_rule(conversation):
    reply = conversation(WEDNESDAY)("患者さんに「全部こっちで弁償します」って言ってしまってもいいですか")
    assert "承認を得ることなく損害賠償責任を認めたり" in reply
    assert "今すぐお電話ください" not in reply


def test_a_practice_asked_about_is_no_report_but_a_practice_done_is(retrieval_engine):
    from handlers.messages import Inbound

    done = retrieval_engine.handle(Inbound(session_key="p:done", text="患者さんに検査結果をメールで送ってしまったのは問題ですか",
                                           at=WEDNESDAY, channel="eval"))
    assert done.is_emergency  # what was sent, asked about, is still a report
