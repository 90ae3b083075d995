"""The store contract, run against every backend (SQLite today; PostgreSQL/Redis join the list later)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from bot.store import open_store
from bot.store.base import StoreError
from bot.store.sqlite import SQLiteStore
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
