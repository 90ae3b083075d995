"""The store contract, run against every backend (SQLite today; PostgreSQL/Redis join the list later)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from bot.store import open_store
from bot.store.base import TRANSCRIPT_KEEP, AuditEntry, ClaimLost, Delivery, Handoff, InboxEvent, Outgoing, Reminder, StoreError, Turn
from bot.store.sqlite import SQLiteStore
from tests.backends import Postgres
from handlers.session import IncidentAnswers, IncidentRecord, IncidentState, Session

JST = dt.timezone(dt.timedelta(hours=9))
T0 = dt.datetime(2026, 12, 2, 22, 30, tzinfo=JST)


def record(incident_id: str, opened: dt.datetime, kind: str = "ransomware") -> IncidentRecord:
    return IncidentRecord(
        id=incident_id, opened_at=opened, updated_at=opened, channel="web", session_key="s1", kind=kind,
        answers=IncidentAnswers(kind=kind, closure_days=2), notice_draft="下書き",
    )


class StoreContract:
    """Every backend must pass these; subclasses provide `store`."""

    def test_unknown_session_is_none(self, store):
        assert store.load_session("nobody") is None

    def test_session_round_trip(self, store):
        session = Session(key="line:U1", flow="quote", updated_at=T0, turns=3)
        session.quote.facility, session.quote.size = "hospital", 50
        store.save(session)
        assert store.load_session("line:U1") == session

    def test_session_is_replaced_not_duplicated(self, store):
        store.save(Session(key="k", turns=1, updated_at=T0))
        store.save(Session(key="k", turns=2, updated_at=T0))
        assert store.load_session("k").turns == 2

    def test_incident_saved_with_its_session(self, store):
        session = Session(key="s1", flow="incident", incident=IncidentState(incident_id="INC-1"), updated_at=T0)
        store.save(session, record("INC-1", T0))
        assert store.get_incident("INC-1").answers.closure_days == 2
        assert store.load_session("s1").incident.incident_id == "INC-1"

    def test_incident_update_keeps_one_row(self, store):
        store.save(Session(key="s1", updated_at=T0), record("INC-1", T0))
        store.save(Session(key="s1", updated_at=T0), record("INC-1", T0, kind="malware"))
        assert [r.kind for r in store.list_incidents()] == ["malware"]

    def test_list_newest_first_with_limit(self, store):
        for i in range(5):
            store.save(Session(key=f"s{i}", updated_at=T0), record(f"INC-{i}", T0 + dt.timedelta(minutes=i)))
        assert [r.id for r in store.list_incidents(limit=3)] == ["INC-4", "INC-3", "INC-2"]

    def test_list_orders_by_moment_not_by_text_of_the_offset(self, store):
        utc = dt.timezone.utc
        store.save(Session(key="a", updated_at=T0), record("INC-early", dt.datetime(2026, 12, 2, 13, 0, tzinfo=utc)))  # 22:00 JST
        store.save(Session(key="b", updated_at=T0), record("INC-late", T0))  # 22:30 JST
        assert [r.id for r in store.list_incidents()] == ["INC-late", "INC-early"]

    def test_unknown_incident_is_none(self, store):
        assert store.get_incident("INC-none") is None

    def test_concurrent_saves_lose_nothing(self, store):
        def work(n: int) -> None:
            for i in range(20):
                store.save(Session(key=f"t{n}-{i}", updated_at=T0), record(f"INC-{n}-{i}", T0))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(store.list_incidents(limit=1000)) == 80

    def test_ping(self, store):
        assert store.ping() is True

    def test_forgetting_a_session_keeps_its_incident(self, store):
        store.save(Session(key="line:U1", updated_at=T0), record("INC-1", T0))
        store.delete_session("line:U1")
        assert store.load_session("line:U1") is None and store.get_incident("INC-1") is not None

    # --- LINE inbox, outgoing messages, reminders -------------------------------------------

    def test_an_event_is_new_once_and_pending_until_finished(self, store):
        first = store.inbox_add([inbox_event("e1"), inbox_event("e2", chat="user:U2")])
        assert [e.event_id for e in first] == ["e1", "e2"] and first[0].seq < first[1].seq
        assert store.inbox_add([inbox_event("e1")]) == []  # a redelivery
        assert [e.event_id for e in store.inbox_pending()] == ["e1", "e2"]
        store.inbox_finish(Delivery(event_id="e1", outgoing=[outgoing("o1")]))
        assert [e.event_id for e in store.inbox_pending()] == ["e2"]
        assert [o.id for o in store.outgoing_pending(T0 + dt.timedelta(minutes=1))] == ["o1"]

    def test_an_answer_is_committed_with_its_session(self, store):
        store.inbox_add([inbox_event("e1")])
        store.save(Session(key="line:U1", turns=1, updated_at=T0), record("INC-1", T0),
                   Delivery(event_id="e1", outgoing=[outgoing("o1")]))
        assert store.inbox_pending() == [] and store.load_session("line:U1").turns == 1
        assert store.outgoing_pending(T0)[0].messages == [{"type": "text", "text": "こんにちは"}]

    def test_storing_an_outgoing_twice_keeps_one(self, store):
        store.inbox_finish(Delivery(event_id=None, outgoing=[outgoing("o1")]))
        store.inbox_finish(Delivery(event_id=None, outgoing=[outgoing("o1")]))
        assert len(store.outgoing_pending(T0)) == 1

    def test_sent_and_retried_outgoing(self, store):
        store.inbox_finish(Delivery(event_id=None, outgoing=[outgoing("o1"), outgoing("o2")]))
        sent = store.outgoing_pending(T0)[0].model_copy(update={"status": "sent", "sent_message_ids": ["m1"]})
        store.outgoing_update(sent)
        later = store.outgoing_pending(T0)[0].model_copy(update={"attempts": 3, "next_attempt_at": T0 + dt.timedelta(seconds=30)})
        store.outgoing_update(later)
        assert store.outgoing_pending(T0) == []
        assert [o.attempts for o in store.outgoing_pending(T0 + dt.timedelta(seconds=30))] == [3]
        assert store.is_bot_message("m1") and not store.is_bot_message("m2")

    # --- several workers: who answers an event, who sends a message ------------------------

    def test_an_event_held_by_a_live_worker_is_left_to_it(self, store):
        store.worker_alive("A", T0 + dt.timedelta(seconds=20))
        store.inbox_add([inbox_event("e1")], owner="A")
        assert store.inbox_pending(T0) == []  # A is alive and answering it
        assert store.inbox_claim("e1", "B", T0) is False
        assert store.inbox_claim("e1", "A", T0) is True  # its own
        assert [e.event_id for e in store.inbox_pending()] == ["e1"]  # still unanswered

    def test_a_dead_workers_event_is_taken_over_once(self, store):
        store.worker_alive("A", T0 + dt.timedelta(seconds=20))
        store.inbox_add([inbox_event("e1")], owner="A")
        later = T0 + dt.timedelta(seconds=21)  # A stopped beating
        assert [e.event_id for e in store.inbox_pending(later)] == ["e1"]
        assert store.inbox_claim("e1", "B", later) is True
        store.worker_alive("B", later + dt.timedelta(seconds=20))
        assert store.inbox_claim("e1", "C", later) is False and store.inbox_pending(later) == []

    def test_a_worker_that_lost_its_event_stores_nothing(self, store):
        store.inbox_add([inbox_event("e1")], owner="A")
        store.inbox_claim("e1", "B", T0)  # nobody alive held it: B takes it
        with pytest.raises(ClaimLost):
            store.save(Session(key="line:U1", turns=5, updated_at=T0), record("INC-A", T0),
                       Delivery(event_id="e1", outgoing=[outgoing("oA")], owner="A"))
        assert store.load_session("line:U1") is None and store.get_incident("INC-A") is None
        assert store.outgoing_pending(T0 + dt.timedelta(hours=1)) == []
        store.save(Session(key="line:U1", turns=1, updated_at=T0), delivery=Delivery(event_id="e1", owner="B"))
        assert store.inbox_pending() == [] and store.load_session("line:U1").turns == 1
        with pytest.raises(ClaimLost):  # answered: nobody answers it again
            store.inbox_finish(Delivery(event_id="e1", owner="B"))

    def test_a_chats_events_go_to_the_worker_already_answering_it(self, store):
        store.worker_alive("A", T0 + dt.timedelta(seconds=20))
        store.worker_alive("B", T0 + dt.timedelta(seconds=20))
        (first,) = store.inbox_add([inbox_event("e1")], owner="A", now=T0)
        (second,) = store.inbox_add([inbox_event("e2")], owner="B", now=T0)  # same chat, reached B
        (other,) = store.inbox_add([inbox_event("e3", chat="user:U9")], owner="B", now=T0)
        assert (first.claimed_by, second.claimed_by, other.claimed_by) == ("A", "A", "B")
        assert [e.event_id for e in store.inbox_held("A")] == ["e1", "e2"]  # in the order sent
        store.inbox_finish(Delivery(event_id="e1", owner="A"))
        store.inbox_finish(Delivery(event_id="e2", owner="A"))
        (third,) = store.inbox_add([inbox_event("e4")], owner="B", now=T0)  # nothing pending: B's own
        assert third.claimed_by == "B" and store.inbox_held("A") == []
        later = T0 + dt.timedelta(minutes=1)  # B died: its chat goes to whoever receives next
        (fourth,) = store.inbox_add([inbox_event("e5")], owner="C", now=later)
        assert fourth.claimed_by == "C"

    def test_outgoing_is_taken_by_one_worker_and_a_dead_senders_at_once(self, store):
        store.worker_alive("A", T0 + dt.timedelta(seconds=20))
        store.worker_alive("B", T0 + dt.timedelta(hours=1))
        mine = outgoing("o1").model_copy(update={"owner": "A", "next_attempt_at": T0 + dt.timedelta(minutes=2)})
        due = outgoing("o2").model_copy(update={"next_attempt_at": T0})
        store.inbox_finish(Delivery(event_id=None, outgoing=[mine, due]))
        until = T0 + dt.timedelta(minutes=2)
        assert [o.id for o in store.outgoing_take(T0, "B", until)] == ["o2"]  # A is sending o1 itself
        assert store.outgoing_take(T0, "C", until) == []  # o2 is B's now
        dead = T0 + dt.timedelta(seconds=30)  # A died with o1 unsent: no need to wait out its lease
        taken = store.outgoing_take(dead, "B", dead + dt.timedelta(minutes=2))
        assert [(o.id, o.owner) for o in taken] == [("o1", "B")]

    def test_a_nul_character_in_a_line_payload_is_stored_without_it(self, store):
        (added,) = store.inbox_add([inbox_event("e1", text="ランサム\x00ウェアです")])
        assert store.inbox_pending()[0].payload["message"]["text"] in ("ランサムウェアです", "ランサム\x00ウェアです")

    def test_a_nul_character_in_a_message_costs_no_answer(self, store):
        """A NUL typed or pasted into a message (jsonb refuses one) is saved without it, and a
        backslash the user wrote before "u0000" is kept as written."""
        said = "ランサム\x00ウェア \\u0000 です"
        incident = record("INC-N", T0).model_copy(update={"notice_draft": said})
        store.save(Session(key="s1", updated_at=T0), incident, turn=Turn(session_key="s1", at=T0, text=said, reply={}))
        kept = store.get_incident("INC-N").notice_draft
        assert kept in ("ランサムウェア \\u0000 です", said)  # SQLite keeps the NUL; PostgreSQL cannot
        assert store.transcript("s1")[0].text == kept

    def test_two_reminders_added_at_once_leave_one_pending(self, store):
        due = T0 + dt.timedelta(hours=8)
        barrier = threading.Barrier(2)

        def add(n: int) -> None:
            barrier.wait()
            store.reminder_add(Reminder(id=f"r{n}", session_key="line:U5", to="U5", incident_id="INC-5", due_at=due))

        threads = [threading.Thread(target=add, args=(n,)) for n in range(2)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert len(store.reminders_pending("line:U5")) == 1

    def test_unsent_text_is_scrubbed(self, store):
        store.inbox_add([inbox_event("e1", text="患者の山田さんの件", message_id="m9")])
        assert store.inbox_scrub("user:U1", "m9") == "患者の山田さんの件"
        assert "text" not in store.inbox_pending()[0].payload["message"]
        assert store.inbox_scrub("user:U1", "m-unknown") is None

    def test_old_answered_events_are_purged_and_recent_ones_kept(self, store):
        old = inbox_event("old", received=T0 - dt.timedelta(days=9))
        store.inbox_add([old, inbox_event("new"), inbox_event("pending-old", received=T0 - dt.timedelta(days=9))])
        store.inbox_finish(Delivery(event_id="old"))
        store.inbox_finish(Delivery(event_id="new"))
        assert store.inbox_purge(T0 - dt.timedelta(days=8)) == 1
        assert store.inbox_add([inbox_event("new")]) == []  # still deduplicated
        assert [e.event_id for e in store.inbox_pending()] == ["pending-old"]  # never purged unanswered

    def test_reminders_fire_once_and_can_be_cancelled(self, store):
        due = T0 + dt.timedelta(hours=7, minutes=30)
        store.reminder_add(Reminder(id="r1", session_key="line:U1", to="U1", incident_id="INC-1", due_at=due))
        store.reminder_add(Reminder(id="r2", session_key="line:U1", to="U1", incident_id="INC-1", due_at=due))
        assert [r.id for r in store.reminders_pending("line:U1")] == ["r2"]  # one per incident
        assert store.reminders_due(due - dt.timedelta(seconds=1)) == []
        assert [r.id for r in store.reminders_due(due)] == ["r2"]
        assert store.reminder_set_status("r2", "sent") is True
        assert store.reminder_set_status("r2", "sent") is False and store.reminders_due(due) == []
        store.reminder_add(Reminder(id="r3", session_key="line:U1", to="U1", incident_id="INC-2", due_at=due))
        assert store.reminders_cancel("line:U1") == 1 and store.reminders_due(due) == []

    def test_a_reminders_push_is_stored_only_while_it_is_pending(self, store):
        due = T0 + dt.timedelta(hours=8)
        store.reminder_add(Reminder(id="r1", session_key="line:U1", to="U1", incident_id="INC-1", due_at=due))
        push = outgoing("r1")
        store.inbox_finish(Delivery(event_id=None, outgoing=[push], reminder_id="r1"))
        assert store.reminders_due(due) == [] and [o.id for o in store.outgoing_pending(T0)] == ["r1"]
        store.reminder_add(Reminder(id="r2", session_key="line:U2", to="U2", incident_id="INC-2", due_at=due))
        store.reminders_cancel("line:U2")  # the user cancelled just before it fired
        with pytest.raises(ClaimLost):
            store.inbox_finish(Delivery(event_id=None, outgoing=[outgoing("r2")], reminder_id="r2"))
        assert [o.id for o in store.outgoing_pending(T0)] == ["r1"]

    def test_transcript_is_kept_in_order_and_bounded(self, store):
        for n in range(TRANSCRIPT_KEEP + 5):
            turn = Turn(session_key="web:a", at=T0 + dt.timedelta(seconds=n), text=f"q{n}", reply={"texts": [f"a{n}"]})
            store.save(Session(key="web:a", updated_at=T0), turn=turn)
        store.save(Session(key="web:b", updated_at=T0), turn=Turn(session_key="web:b", at=T0, text="other", reply={}))
        kept = store.transcript("web:a")
        assert len(kept) == TRANSCRIPT_KEEP
        assert kept[0].text == "q5" and kept[-1].text == f"q{TRANSCRIPT_KEEP + 4}"  # the oldest went first
        assert [t.text for t in store.transcript("web:a", limit=2)] == [f"q{TRANSCRIPT_KEEP + 3}", f"q{TRANSCRIPT_KEEP + 4}"]
        assert [t.text for t in store.transcript("web:b")] == ["other"]
        assert store.transcript("nobody") == []

    def test_a_message_taken_back_leaves_the_transcript(self, store):
        said = '山田太郎さんの "カルテ" が\n流出'
        store.save(Session(key="web:a"), turn=Turn(session_key="web:a", at=T0, text=said, reply={"texts": [f"記録：{said}"]}))
        store.save(Session(key="web:a"), turn=Turn(session_key="web:a", at=T0, text="次", reply={"texts": ["はい"]}))
        assert store.transcript_scrub("web:a", said, "（取り消し）") == 1
        first = store.transcript("web:a")[0]
        assert first.text == "（取り消し）" and first.reply["texts"] == ["記録：（取り消し）"]
        assert store.transcript_scrub("web:b", "次", "x") == 0 and store.transcript("web:a")[1].text == "次"

    def test_taking_back_a_short_answer_leaves_the_rest_of_the_transcript_readable(self, store):
        at = dt.datetime(2026, 12, 1, 21, 11, tzinfo=JST)  # 「1」 stands in the date and in the bot's words
        store.save(Session(key="line:U1"), turn=Turn(session_key="line:U1", at=at, text="1", reply={"texts": ["1日休診ですね。10人"]}))
        assert store.transcript_scrub("line:U1", "1", "（取り消し）") == 1
        turn = store.transcript("line:U1")[0]
        assert turn.text == "（取り消し）" and turn.at == at and turn.reply["texts"] == ["1日休診ですね。10人"]

    def test_forgetting_a_session_forgets_its_transcript(self, store):
        store.save(Session(key="line:U9"), turn=Turn(session_key="line:U9", at=T0, text="こんにちは", reply={}))
        store.delete_session("line:U9")
        assert store.transcript("line:U9") == []

    def test_a_handoff_waits_until_staff_close_it_once(self, store):
        first = Handoff(id="h1", session_key="web:a", channel="web", requested_at=T0, message="担当者と話したい")
        later = Handoff(id="h2", session_key="web:b", channel="line", requested_at=T0 + dt.timedelta(minutes=5), message="人と")
        store.save(Session(key="web:a"), handoff=first)
        store.save(Session(key="web:b"), handoff=later)
        assert [h.id for h in store.handoffs("waiting")] == ["h2", "h1"]  # newest first
        assert store.handoff_close("h1", "事務局 佐藤", T0 + dt.timedelta(hours=1)) is True
        assert store.handoff_close("h1", "someone else", T0 + dt.timedelta(hours=2)) is False
        closed = store.handoff_get("h1")
        assert closed.status == "closed" and closed.closed_by == "事務局 佐藤"
        assert [h.id for h in store.handoffs("waiting")] == ["h2"]
        assert {h.id for h in store.handoffs()} == {"h1", "h2"}
        assert store.handoff_get("nope") is None

    def test_audit_log_appends_and_filters_by_record(self, store):
        store.audit_add(AuditEntry(at=T0, who="佐藤", action="view_incident", target="INC-1"))
        store.audit_add(AuditEntry(at=T0 + dt.timedelta(minutes=1), who="api", action="list_incidents"))
        store.audit_add(AuditEntry(at=T0 + dt.timedelta(minutes=2), who="鈴木", action="view_incident", target="INC-1"))
        assert [e.who for e in store.audit_list()] == ["鈴木", "api", "佐藤"]
        assert [e.who for e in store.audit_list(target="INC-1")] == ["鈴木", "佐藤"]
        assert len(store.audit_list(limit=1)) == 1


def inbox_event(event_id: str, chat: str = "user:U1", text: str = "こんにちは", message_id: str = "m1",
                received: dt.datetime = T0) -> InboxEvent:
    payload = {"type": "message", "webhookEventId": event_id, "message": {"id": message_id, "type": "text", "text": text}}
    return InboxEvent(event_id=event_id, chat_key=chat, received_at=received, payload=payload)


def outgoing(out_id: str) -> Outgoing:
    return Outgoing(id=out_id, to="U1", messages=[{"type": "text", "text": "こんにちは"}], created_at=T0)


class TestPostgresStore(StoreContract):
    @pytest.fixture
    def store(self, postgres):
        from bot.store.postgres import PostgresStore

        s = PostgresStore(postgres.new_database())
        yield s
        s.close()

    def test_data_survives_reopening(self, postgres):
        from bot.store.postgres import PostgresStore

        url = postgres.new_database()
        first = PostgresStore(url)
        first.save(Session(key="k", turns=7, updated_at=T0), record("INC-9", T0))
        first.close()
        second = PostgresStore(url)  # the schema is already at head: migrating again changes nothing
        assert second.load_session("k").turns == 7 and second.get_incident("INC-9") is not None
        second.close()

    @pytest.mark.parametrize("ping_after_idle", [0.0, 3600.0], ids=["idle-connections-pinged", "drop-found-in-use"])
    def test_a_database_restart_costs_no_message(self, ping_after_idle):
        """PostgreSQL restarted (every pooled connection cut): the next messages are read and saved,
        whether the pool's ping finds the dead connections or the first use does."""
        from bot.store.postgres import PostgresStore

        server = Postgres.start()
        try:
            store = PostgresStore(server.new_database(), ping_after_idle=ping_after_idle)
            store.save(Session(key="k", turns=1, updated_at=T0), turn=Turn(session_key="k", at=T0, text="a", reply={"texts": ["b"]}))
            assert store.get_incident("INC-0") is None  # a second pooled connection was used too
            server.restart()
            assert store.load_session("k").turns == 1
            store.save(Session(key="k", turns=2, updated_at=T0), record("INC-1", T0),
                       turn=Turn(session_key="k", at=T0, text="c", reply={"texts": ["d"]}))
            assert store.get_incident("INC-1") is not None and store.load_session("k").turns == 2
            assert [t.text for t in store.transcript("k")] == ["a", "c"]
            assert store.list_incidents()  # SQLAlchemy's own paths share the pool: they work too
            store.close()
        finally:
            server.stop()

    def test_workers_starting_at_once_migrate_once(self, postgres):
        from bot.store.postgres import PostgresStore

        url = postgres.new_database()
        stores: list[object] = []
        errors: list[BaseException] = []

        def start() -> None:
            try:
                stores.append(PostgresStore(url))
            except BaseException as exc:  # noqa: BLE001 - the test reports it
                errors.append(exc)

        threads = [threading.Thread(target=start) for _ in range(4)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert errors == [] and len(stores) == 4
        stores[0].save(Session(key="k", updated_at=T0))
        assert all(s.load_session("k") is not None for s in stores)
        for s in stores:
            s.close()

    def test_a_release_older_than_the_schema_still_starts(self, postgres):
        import psycopg

        from bot.store.postgres import PostgresStore

        url = postgres.new_database()
        PostgresStore(url).close()
        with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute("UPDATE alembic_version SET version_num = '0999'")  # a newer release migrated
        store = PostgresStore(url)  # a rolling upgrade's old worker restarts: it must still serve
        store.save(Session(key="k", updated_at=T0))
        assert store.load_session("k") is not None
        store.close()

    def test_the_migrations_build_the_schema_the_code_uses(self, postgres):
        from sqlalchemy import create_engine, inspect

        from bot.store import sql_schema
        from bot.store.postgres import PostgresStore

        url = postgres.new_database()
        PostgresStore(url).close()
        inspector = inspect(create_engine(url))
        for table in sql_schema.metadata.sorted_tables:
            columns = {c["name"] for c in inspector.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name

    def test_an_unreachable_server_is_refused_clearly_without_its_password(self):
        from tests.backends import free_port

        with pytest.raises(StoreError, match="cannot open the PostgreSQL store") as caught:
            open_store("/nonexistent", f"postgresql://bot:secret@127.0.0.1:{free_port()}/db")
        assert "secret" not in str(caught.value)


class TestSQLiteStore(StoreContract):
    @pytest.fixture
    def store(self, tmp_path):
        s = SQLiteStore(tmp_path / "data" / "bot.sqlite3")
        yield s
        s.close()

    def test_data_survives_reopening(self, tmp_path):
        path = tmp_path / "bot.sqlite3"
        first = SQLiteStore(path)
        first.save(Session(key="k", turns=7, updated_at=T0), record("INC-9", T0))
        first.close()
        second = SQLiteStore(path)
        assert second.load_session("k").turns == 7 and second.get_incident("INC-9") is not None
        second.close()


def test_open_store_defaults_to_sqlite_in_the_data_dir(tmp_path):
    store = open_store(tmp_path)
    assert (tmp_path / "clinic-bot.sqlite3").exists()
    store.close()


def test_unsupported_database_url_is_refused_clearly(tmp_path):
    with pytest.raises(StoreError, match="mysql"):
        open_store(tmp_path, "mysql://localhost/db")


def test_unwritable_location_is_refused_clearly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(blocker / "sub" / "db.sqlite3")
