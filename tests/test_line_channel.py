"""The LINE channel end to end: /callback → inbox → engine → a loopback stand-in of LINE's API."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from bot.store.sqlite import SQLiteStore
from tests.line_helpers import (
    SECRET, TOKEN, Clock, at_jst, event_of, fixture_events, group, sign, text_event, user, webhook_body,
)
from tests.line_standin import LOADING, PUSH, REPLY, LineStandin

NIGHT = at_jst(2026, 12, 2, 22, 30)  # a Wednesday: the SOMPO desk answers, the JMA line is closed
DAY = at_jst(2026, 12, 2, 11, 0)
SOMPO_TEL = "tel:0120318258"


@pytest.fixture()
def standin() -> Iterator[LineStandin]:
    with LineStandin() as api:
        yield api


def settings_for(tmp_path: Path, api: LineStandin, **extra: Any) -> Settings:
    return Settings(data_dir=tmp_path, line_channel_secret=SECRET, line_channel_access_token=TOKEN,
                    line_api_base_url=api.base_url, line_api_data_url=api.base_url, **extra)


class Line:
    """A running app with its LINE channel, and ways to talk to it like LINE does."""

    def __init__(self, tmp_path: Path, api: LineStandin, clock: Clock, **options: Any) -> None:
        options = {"clock": clock, "backoff": (0.01, 0.01, 0.01), "tick_seconds": 3600, "workers": 2, **options}
        self.app = create_app(settings_for(tmp_path, api), line_options=options)
        self.api = api
        self.clock = clock
        self.client = TestClient(self.app)

    def __enter__(self) -> Line:
        self.client.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.client.__exit__(*exc)

    @property
    def channel(self) -> Any:
        return self.app.state.line

    def post(self, *events: dict[str, Any], body: bytes | None = None, signature: str | None = None) -> Any:
        body = body if body is not None else webhook_body(*events)
        headers = {"Content-Type": "application/json"}
        if signature != "":
            headers["X-Line-Signature"] = signature or sign(body)
        response = self.client.post("/callback", content=body, headers=headers)
        assert self.channel.dispatcher.wait_idle(60)
        return response

    def say(self, text: str, source: dict[str, str] | None = None, **kw: Any) -> list[dict[str, Any]]:
        """Send one text as LINE would at the clock's moment; the messages LINE was asked to show."""
        before = len(self.api.sent())
        assert self.post(text_event(text, self.clock.moment, source, **kw)).status_code == 200
        return [m for call in self.api.sent()[before:] for m in call.json["messages"]]


def texts_of(messages: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(m, ensure_ascii=False) for m in messages)


def tel_uris(message: dict[str, Any]) -> list[str]:
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            uri = node.get("uri")
            if isinstance(uri, str) and uri.startswith("tel:"):
                found.append(uri)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message)
    return found


# --- the door: signatures, verify requests, configuration ------------------------------------


def test_bad_signatures_are_refused_before_anything_is_stored(tmp_path, standin):
    body = webhook_body(text_event("ランサムウェアに感染しました", DAY))
    with Line(tmp_path, standin, Clock(DAY)) as line:
        assert line.post(body=body, signature="").status_code == 400  # missing
        assert line.post(body=body, signature="AAAA" + sign(body)[4:]).status_code == 400  # wrong
        assert line.post(body=body, signature=sign(body, "another-channels-secret")).status_code == 400
        assert line.post(body=body + b" ", signature=sign(body)).status_code == 400  # body changed after signing
        assert line.channel.store.inbox_pending() == []
    assert standin.calls == []
    store = SQLiteStore(tmp_path / "clinic-bot.sqlite3")
    assert store.inbox_pending() == [] and store.outgoing_pending(DAY + dt.timedelta(days=1)) == []
    store.close()


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"destination": "U1"}', b'{"events": "x"}', b"\xff\xfe"])
def test_a_signed_body_that_is_not_a_webhook_is_400(tmp_path, standin, body):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        assert line.post(body=body, signature=sign(body)).status_code == 400
    assert standin.calls == []


def test_verify_requests_get_200_and_no_answer(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        assert line.post().status_code == 200  # the console's Verify: no events
        dummy = text_event("test", DAY)
        dummy["replyToken"] = "00000000000000000000000000000000"
        assert line.post(dummy).status_code == 200
    assert standin.calls == []


def test_without_line_settings_callback_is_503_and_the_rest_runs(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path))) as client:
        response = client.post("/callback", content=b"{}", headers={"X-Line-Signature": "x"})
        assert response.status_code == 503
        assert "LINE_CHANNEL_SECRET" in response.json()["detail"]
        assert client.get("/healthz").status_code == 200
        chat = client.post("/api/chat", json={"session_id": "s", "text": "こんにちは"})
        assert chat.status_code == 200


# --- every event kind ---------------------------------------------------------------------------


def test_every_event_of_the_sdk_fixture_one_by_one(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        for event in fixture_events():
            assert line.post(event).status_code == 200, event["type"]
        assert line.channel.store.inbox_pending() == []
    pushed = [c for c in standin.calls if c.path == PUSH]
    # The fixture's tokens are years old, so every answer is a push, each with its own retry key.
    assert standin.calls_to(REPLY) == []
    keys = [c.header("x-line-retry-key") for c in pushed]
    assert all(keys) and len(set(keys)) == len(keys)
    by_target: dict[str, list[str]] = {}
    for call in pushed:
        by_target.setdefault(call.json["to"], []).append(texts_of(call.json["messages"]))
    everything = "\n".join(t for ts in by_target.values() for t in ts)
    assert "友だち追加ありがとうございます" in everything  # follow
    assert "文字のメッセージだけ" in everything  # image, video, audio, location, sticker, file in a 1:1 chat
    assert "グループに招待" in everything  # join
    assert "ようこそ" in everything  # memberJoined
    assert "This automated assistant explains" in everything  # an English 'Hello, world': help in English, not silence


def test_the_sdk_fixture_as_one_batch(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        assert line.post(*fixture_events()).status_code == 200
        assert line.channel.store.inbox_pending() == []
        sent_once = len(standin.sent())
        # The verbatim file gives all 28 events one id: LINE would mean one event, answered once.
        assert line.post(*fixture_events(unique_ids=False)).status_code == 200
    assert sent_once >= 10
    assert len(standin.sent()) == sent_once + 1


def test_a_batch_of_twenty_events_each_answered_once(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        events = [text_event("一般診療所の保険料を教えて", DAY, user(f"U{i:032d}")) for i in range(20)]
        assert line.post(*events).status_code == 200
    replied = [c.json["replyToken"] for c in standin.sent()]
    assert sorted(replied) == sorted(e["replyToken"] for e in events)


def test_a_redelivered_event_is_answered_once(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        event = text_event("保険料の見積もりをしたい", DAY)
        assert line.post(event).status_code == 200
        again = json.loads(json.dumps(event))
        again["deliveryContext"]["isRedelivery"] = True
        assert line.post(again).status_code == 200
        assert line.post(event).status_code == 200  # a replay of the very same call
    assert len(standin.sent()) == 1


def test_unfollow_forgets_the_conversation_but_keeps_the_incident(tmp_path, standin):
    with Line(tmp_path, standin, Clock(NIGHT)) as line:
        line.say("電子カルテのサーバーが暗号化されて身代金を要求されています")
        store = line.channel.store
        key = "line:" + user()["userId"]
        incident_id = store.load_session(key).incident.incident_id
        assert line.post(event_of("unfollow", NIGHT)).status_code == 200
        assert store.load_session(key) is None
        assert store.get_incident(incident_id) is not None


@pytest.mark.parametrize(("typed", "secret"), [
    ("患者の山田太郎さんのカルテも見られたかもしれません", "山田太郎"),
    # typed in kana and with full-width digits: the record holds it as read (患者さん, 3), the inbox as sent
    ("かんじゃさんの やまだたろうさんの しんりょうきろくも ３にんぶん はいってます", "やまだたろう"),
])
def test_unsend_takes_the_text_out_of_the_inbox_and_the_incident(tmp_path, standin, typed, secret):
    with Line(tmp_path, standin, Clock(NIGHT)) as line:
        line.say("ランサムウェアに感染しました")
        event = text_event(typed, NIGHT)
        line.post(event)
        store = line.channel.store
        record_id = store.load_session("line:" + user()["userId"]).incident.incident_id
        assert any(secret in d.text for d in store.get_incident(record_id).answers.description)
        unsend = event_of("unsend", NIGHT, unsend={"messageId": event["message"]["id"]})
        assert line.post(unsend).status_code == 200
        assert not any(secret in d.text for d in store.get_incident(record_id).answers.description)
    raw = (tmp_path / "clinic-bot.sqlite3").read_bytes()
    assert secret.encode() not in raw.replace(b"\x00", b"")


def test_an_image_during_an_incident_is_noted_in_the_record(tmp_path, standin):
    with Line(tmp_path, standin, Clock(NIGHT)) as line:
        line.say("ウイルスに感染したみたいです")
        image = event_of("message", NIGHT, message={"id": "9001", "type": "image", "quoteToken": "q",
                                                    "contentProvider": {"type": "line"}})
        line.post(image)
        record_id = line.channel.store.load_session("line:" + user()["userId"]).incident.incident_id
        assert line.channel.store.get_incident(record_id).attachments == ["2026-12-02 22:30 画像"]
    assert "インシデント記録に残しました" in texts_of(standin.sent()[-1].json["messages"])


def test_an_edited_message_is_answered_only_when_it_reports_an_emergency(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        plain = event_of("messageEdited", DAY, message={"id": "1", "type": "text", "text": "明日の会議は10時からです"})
        line.post(plain)
        assert standin.sent() == []
        urgent = event_of("messageEdited", DAY, message={"id": "2", "type": "text", "text": "サーバーがランサムウェアに感染しました"})
        line.post(urgent)
    assert SOMPO_TEL in tel_uris(standin.sent()[0].json["messages"][0])


# --- replies, pushes, retries ---------------------------------------------------------------------


def test_a_fresh_token_is_used_to_reply(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        line.say("保険料の見積もりをしたい")
    assert len(standin.calls_to(REPLY)) == 1 and standin.calls_to(PUSH) == []
    assert standin.calls_to(REPLY)[0].header("authorization") == f"Bearer {TOKEN}"


def test_an_expired_token_means_a_push_with_a_retry_key(tmp_path, standin):
    clock = Clock(DAY)
    with Line(tmp_path, standin, clock) as line:
        event = text_event("保険料の見積もりをしたい", DAY - dt.timedelta(seconds=55))
        line.post(event)
    assert standin.calls_to(REPLY) == []
    (push,) = standin.calls_to(PUSH)
    assert push.json["to"] == user()["userId"] and len(push.header("x-line-retry-key")) == 36


def test_a_failing_reply_falls_back_to_push_and_a_failing_push_is_retried_with_the_same_key(tmp_path, standin):
    standin.fail_next(REPLY, 500)
    standin.fail_next(PUSH, 500, times=2)
    with Line(tmp_path, standin, Clock(DAY)) as line:
        line.say("保険料の見積もりをしたい")
        stats = line.channel.stats.snapshot()
    pushes = standin.calls_to(PUSH)
    assert [c.status for c in pushes] == [500, 500, 200]
    assert len({c.header("x-line-retry-key") for c in pushes}) == 1
    assert stats["line_reply_failed"] == 1 and stats["line_push_retry"] == 2


def test_a_push_that_timed_out_but_arrived_is_not_sent_twice(tmp_path, standin):
    standin.hang_next(PUSH, 1.0)
    with Line(tmp_path, standin, Clock(DAY), send_timeout=0.3) as line:
        line.post(text_event("保険料の見積もりをしたい", DAY - dt.timedelta(minutes=5)))
    pushes = standin.calls_to(PUSH)
    assert len(pushes) == 2 and pushes[0].header("x-line-retry-key") == pushes[1].header("x-line-retry-key")
    assert pushes[1].status == 409  # LINE had accepted the first: 409 counts as sent, nothing doubled


def test_a_push_refused_with_a_4xx_is_not_retried_and_is_counted(tmp_path, standin, caplog):
    standin.fail_next(PUSH, 400)
    with Line(tmp_path, standin, Clock(DAY)) as line:
        line.post(text_event("患者の山田さんの件で相談です", DAY - dt.timedelta(minutes=5)))
        stats = line.channel.stats.snapshot()
    assert len(standin.calls_to(PUSH)) == 1 and stats["line_send_failed"] == 1
    assert "山田" not in caplog.text  # failures are logged without the message text


def test_a_restart_answers_what_was_stored_but_not_answered(tmp_path, standin):
    events = [text_event(t, DAY, user(f"U{i:032d}")) for i, t in enumerate(["保険料の見積もりをしたい", "こんにちは", "ランサムウェアに感染しました"])]
    from bot.channels.line_webhook import parse_webhook
    from linebot.v3 import WebhookParser

    body = webhook_body(*events)
    store = SQLiteStore(tmp_path / "clinic-bot.sqlite3")  # the process that said 200 and then died
    store.inbox_add(parse_webhook(WebhookParser(SECRET), body, sign(body), DAY))
    store.close()
    with Line(tmp_path, standin, Clock(DAY)) as line:
        # The recovery round runs on the scheduler's thread: wait for its answers, not for an idle
        # dispatcher (idle too before the round has queued anything).
        assert standin.wait_for(lambda api: len(api.sent()) >= 3, timeout=60)
        assert line.post(*events).status_code == 200  # LINE redelivers them too: still once
        assert line.channel.dispatcher.wait_idle(60)
        assert line.channel.store.inbox_pending() == []
    assert standin.calls_to(REPLY) == []  # after a restart the token is not trusted: push
    assert sorted(c.json["to"] for c in standin.sent()) == sorted(f"U{i:032d}" for i in range(3))


def test_a_restart_sends_answers_that_were_stored_but_not_sent(tmp_path, standin):
    clock = Clock(DAY)
    standin.fail_next(REPLY, 500)
    standin.fail_next(PUSH, 503, times=4)  # LINE is down while the worker tries: the answer stays stored
    with Line(tmp_path, standin, clock) as line:
        line.say("保険料の見積もりをしたい")
        assert len(standin.calls_to(PUSH)) == 4
    assert standin.sent() == []
    with Line(tmp_path, standin, clock):
        assert standin.wait_for(lambda api: api.sent(), timeout=30)  # the new process's first round
    (push,) = standin.sent()
    assert push.path == PUSH and push.json["to"] == user()["userId"]


def test_the_loading_animation_shows_in_one_to_one_chats_only(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY), loading_after=0.0) as line:
        line.say("どんな損害が補償されますか")
        line.say("@保険アシスタント どんな損害が補償されますか", group())
    loading = standin.calls_to(LOADING)
    assert loading and all(c.json["chatId"] == user()["userId"] for c in loading)
    assert all(5 <= c.json["loadingSeconds"] <= 60 and c.json["loadingSeconds"] % 5 == 0 for c in loading)


# --- dialogues over LINE ---------------------------------------------------------------------------


def test_a_four_turn_quote_dialogue(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        first = line.say("保険料の見積もりをお願いします")
        second = line.say("病院です")
        third = line.say("50床")
        fourth = line.say("H3でお願いします")
    assert "quickReply" in first[-1] or "quickReply" in second[-1]
    final = texts_of(fourth)
    assert "H3" in final and "円" in final
    assert len(standin.sent()) == 4 and all(len(c.json["messages"]) <= 5 for c in standin.sent())


def test_an_incident_at_2230_leads_with_the_number_that_answers_now(tmp_path, standin):
    with Line(tmp_path, standin, Clock(NIGHT)) as line:
        messages = line.say("受付のパソコンの画面に英語のメッセージが出て、ファイルが全部開けなくなりました")
    first = messages[0]
    assert first["type"] == "flex" and tel_uris(first)[0] == SOMPO_TEL
    everything = texts_of(messages)
    assert "0120-179-066" in everything and "6:00" in everything  # the JMA line and when it opens
    assert "ネットワークから切り離" in everything  # first steps
    labels = [item["action"]["label"] for item in messages[-1]["quickReply"]["items"]]
    assert "開いたら知らせる" in labels


def test_a_payment_asked_beside_an_incident_at_night_still_leads_with_the_desk_and_offers_the_reminder(tmp_path, standin):
    with Line(tmp_path, standin, Clock(NIGHT)) as line:
        messages = line.say("夕方から電子カルテがランサムウェアで暗号化されて、明日は休診にします。日医の支援金はいくらですか")
    assert messages[0]["type"] == "flex" and tel_uris(messages[0])[0] == SOMPO_TEL
    assert "万円" in texts_of(messages)  # the payment is answered too
    labels = [item["action"]["label"] for item in messages[-1]["quickReply"]["items"]]
    assert "開いたら知らせる" in labels


def test_the_reminder_fires_once_at_six_and_not_after_cancellation(tmp_path, standin):
    clock = Clock(NIGHT)
    with Line(tmp_path, standin, clock) as line:
        line.say("サーバーがランサムウェアに感染しました")
        confirmation = texts_of(line.say("日本医師会の窓口が開いたら知らせてください"))
        assert "12月3日（木）6:00" in confirmation
        before = len(standin.sent())
        line.channel.tick(at_jst(2026, 12, 3, 5, 59, 59).astimezone(dt.timezone.utc))
        assert len(standin.sent()) == before
        line.channel.tick(at_jst(2026, 12, 3, 6, 0).astimezone(dt.timezone.utc))
        line.channel.tick(at_jst(2026, 12, 3, 6, 1).astimezone(dt.timezone.utc))
        fired = standin.sent()[before:]
        assert len(fired) == 1 and fired[0].path == PUSH
        text = texts_of(fired[0].json["messages"])
        assert "0120-179-066" in text and "INC-20261202" in text

    other = Clock(NIGHT)
    standin.calls.clear()
    with Line(tmp_path / "second", standin, other) as line:
        line.say("サーバーがランサムウェアに感染しました")
        line.say("日本医師会の窓口が開いたら知らせてください")
        assert "取り消しました" in texts_of(line.say("窓口が開いたときのお知らせを取り消してください"))
        before = len(standin.sent())
        line.channel.tick(at_jst(2026, 12, 3, 6, 0).astimezone(dt.timezone.utc))
        assert len(standin.sent()) == before


def test_the_reminder_survives_a_restart(tmp_path, standin):
    clock = Clock(NIGHT)
    with Line(tmp_path, standin, clock) as line:
        line.say("ランサムウェアに感染しました")
        line.say("日本医師会の窓口が開いたら知らせてください")
    before = len(standin.sent())
    with Line(tmp_path, standin, clock) as line:
        line.channel.tick(at_jst(2026, 12, 3, 6, 0).astimezone(dt.timezone.utc))
    assert len(standin.sent()) == before + 1


# --- groups ----------------------------------------------------------------------------------------


def test_in_a_group_the_bot_answers_when_mentioned_and_stays_quiet_otherwise(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        assert line.say("今日のお昼どうする？", group()) == []
        messages = line.say("一般診療所の保険料を教えて", group(), mention_self=True)
    first_text = next(m for m in messages if m["type"] in ("text", "textV2"))
    assert first_text["quoteToken"].startswith("q-")


def test_an_emergency_in_a_group_is_answered_there_and_the_triage_goes_one_to_one(tmp_path, standin):
    sender = "U" + "d" * 32
    with Line(tmp_path, standin, Clock(NIGHT)) as line:
        line.say("電子カルテのサーバーが暗号化されて身代金を要求されてます！", group(user_id=sender))
        store = line.channel.store
        assert store.load_session("line:" + sender).flow == "incident"
    group_call, private_call = standin.sent()
    group_messages = group_call.json["messages"]
    assert group_call.path == REPLY  # the group's message: with the event's fresh token
    assert tel_uris(group_messages[0])[0] == SOMPO_TEL
    first_text = next(m for m in group_messages if m["type"] in ("text", "textV2"))
    assert first_text["quoteToken"].startswith("q-")
    assert first_text["type"] == "textV2" and first_text["substitution"]["user"]["mentionee"]["userId"] == sender
    assert "個別のトーク" in texts_of(group_messages)
    assert "患者さんの個人情報" not in texts_of(group_messages)  # the triage question is not asked in the group
    assert private_call.path == PUSH and private_call.json["to"] == sender
    assert "個人情報" in texts_of(private_call.json["messages"]) or "診療" in texts_of(private_call.json["messages"])


def test_in_a_group_a_reply_to_the_bots_own_message_is_answered(tmp_path, standin):
    with Line(tmp_path, standin, Clock(DAY)) as line:
        line.say("保険料の見積もりをしたい", group(), mention_self=True)
        assert line.say("病院です", group()) == []  # not addressed to the bot
        answer = line.say("病院です", group(), quoted=_last_bot_message_id(line))
    assert answer and "病院" in texts_of(answer)


def _last_bot_message_id(line: Line) -> str:
    """The id LINE gave the bot's last message (the stand-in answers with one, as LINE does)."""
    db = line.channel.store._db
    row = db.execute("SELECT message_id FROM line_bot_messages ORDER BY rowid DESC LIMIT 1").fetchone()
    assert row, "the bot's sent message ids are recorded"
    return row[0]


def test_an_event_whose_answer_failed_is_retried_by_its_own_worker(tmp_path, standin):
    import sqlite3

    clock = Clock(DAY)
    with Line(tmp_path, standin, clock) as line:
        store = line.channel.store
        real_save = store.save
        failures = iter([sqlite3.OperationalError("database is locked")])

        def flaky(*args: Any, **kwargs: Any) -> None:
            failure = next(failures, None)
            if failure is not None:
                raise failure
            real_save(*args, **kwargs)

        store.save = flaky
        line.post(text_event("保険料の見積もりをしたい", DAY))
        assert [e.payload["message"]["text"] for e in store.inbox_pending()] == ["保険料の見積もりをしたい"]
        assert standin.sent() == []
        clock.advance(seconds=3)  # the pause after a first failure has passed
        line.channel.tick()
        assert line.channel.dispatcher.wait_idle(30)
        assert store.inbox_pending() == [] and len(standin.sent()) == 1  # answered once, by push
