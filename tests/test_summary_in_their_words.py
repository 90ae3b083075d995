"""The incident summary restates what staff told in their own words, with the time of each message:
a director briefed from it learns what was lost where. It never restates a value the record has
since corrected, a question, or a courtesy."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.engine import Engine
from bot.store.sqlite import SQLiteStore
from handlers.messages import Inbound
from handlers.session import IncidentAnswers

JST = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def engine(tmp_path):
    store = SQLiteStore(tmp_path / "bot.sqlite3")
    yield Engine(store)
    store.close()


def _chat(engine: Engine, turns: list[tuple[str, str]]) -> str:
    text = ""
    for at, message in turns:
        reply = engine.handle(Inbound(session_key="words", text=message, channel="web",
                                      at=dt.datetime.fromisoformat(at).replace(tzinfo=JST)))
        text = reply.plain_text()
    return text


def test_the_summary_asked_in_other_words_restates_the_report_with_its_times(engine):
    summary = _chat(engine, [
        ("2030-12-05T19:00", "訪問看護のスタッフが、自転車の前かごのカバンをバイクの人にひったくられました。中に訪問記録の紙の束が入ってます"),
        ("2030-12-05T19:30", "警察には届けました。記録は8人分で、名前と住所と病名が書いてあります。どうしたらいいですか？"),
        ("2030-12-05T20:40", "所長への報告用に、経過を一覧にしてもらえる？"),
    ])
    assert "のまとめです" in summary
    assert "19:00 訪問看護のスタッフが、自転車の前かごのカバンをバイクの人にひったくられました。" in summary
    assert "19:30 警察には届けました。" in summary
    assert "どうしたらいいですか" not in summary  # a question states no fact


def test_a_corrected_count_is_not_restated_beside_the_corrected_one(engine):
    summary = _chat(engine, [
        ("2027-05-11T10:15", "受付のパソコンから、患者さんの名簿を添付したメールを別の患者さんに送ってしまいました。名簿は80人分です。"),
        ("2027-05-11T10:17", "気づいたのは今朝9時半ごろです"),
        ("2027-05-11T10:25", "すみません、数え直したら80人ではなく112人分でした"),
        ("2027-05-11T10:26", "まとめ"),
    ])
    assert "112" in summary and "80人" not in summary
    assert "別の患者さんに送ってしまいました。" in summary  # the account itself stays


def test_a_summary_typed_in_kana_with_a_number_in_figures_and_kana(engine):
    summary = _chat(engine, [
        ("2030-03-27T04:30", "よるの とうちょく です。でんしかるての がめんに えいごで おかねを はらえと でて ぜんぶ うごきません"),
        ("2030-03-27T05:10", "かんじゃさんの でーたは 1まん5せんにん くらい です。きづいたのは 4じ ごろ"),
        ("2030-03-27T05:30", "いんちょうに つたえる ないようを かじょうがきに して ください"),
    ])
    assert "のまとめです" in summary and "15,000名" in summary
    assert "でんしかるての がめんに" in summary  # 「文面のまま」: as typed, not the words read from the kana


def test_records_kept_before_each_message_had_its_time_still_load():
    answers = IncidentAnswers.model_validate({"description": ["USBメモリをなくしました"]})
    assert answers.description[0].text == "USBメモリをなくしました" and answers.description[0].at is None


def test_a_count_of_calls_is_no_count_of_people_and_its_sentence_stays_whole(engine):
    summary = _chat(engine, [
        ("2026-03-17T10:15", "お世話になっております。本日朝から、患者様より「クリニック名義で『未払い金がある』というSMSが届いた」"
                             "とのお問い合わせが5件ほど寄せられております。当院からはSMSは一切送っておりません。"),
        ("2026-03-17T10:20", "予約システムに患者様の電話番号が約1,200件登録されております。"),
        ("2026-03-17T10:22", "まとめ"),
    ])
    assert "約1,200名" in summary and "約5名" not in summary
    assert "『未払い金がある』というSMSが届いた" in summary  # what the patients received, in the staff's words
