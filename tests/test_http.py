"""GET /api/quote, /api/subsidy, /api/contacts and /healthz: the CLI's JSON over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from tests.pamphlet_tables import all_cells


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    return TestClient(create_app(Settings(data_dir=tmp_path_factory.mktemp("data"))))


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok"}


@pytest.mark.parametrize(("facility", "size", "plan", "premium"), all_cells())
def test_quote_for_every_cell(client, facility, size, plan, premium):
    params = {"facility": facility, "type": plan}
    if size is not None:
        params["beds" if facility == "hospital" else "capacity"] = size
    response = client.get("/api/quote", params=params)
    assert response.status_code == 200
    assert response.json()["premium_yen"] == premium and response.json()["exact"] is True


def test_quote_off_the_table(client):
    body = client.get("/api/quote", params={"facility": "hospital", "beds": 120, "type": "H2"}).json()
    assert body["premium_yen"] is None and body["range_yen"] == [121_130, None]


def test_subsidy(client):
    body = client.get("/api/subsidy", params={"kind": "cyber", "date": "2023-03-01", "closed_days": 2}).json()
    assert body["amount_yen"] == 150_000 and body["eligible"] is True
    body = client.get("/api/subsidy", params={"kind": "leak", "date": "2025-01-01", "internal": "true"}).json()
    assert body["amount_yen"] == 0 and body["eligible"] is False


def test_contacts(client):
    body = client.get("/api/contacts", params={"now": "2026-12-02T23:30:00+09:00"}).json()
    jma = next(c for c in body["contacts"] if c["id"] == "jma_line")
    assert jma["open_now"] is False and jma["next_open"] == "2026-12-03T06:00:00+09:00"


@pytest.mark.parametrize(
    ("path", "params", "needle"),
    [
        ("/api/quote", {"facility": "hospital", "beds": -5, "type": "H1"}, "-5"),
        ("/api/quote", {"facility": "clinic", "type": "H9"}, "H9"),
        ("/api/quote", {"facility": "zoo"}, "zoo"),
        ("/api/quote", {"facility": "hospital", "beds": "many"}, "beds"),
        ("/api/quote", {}, "facility"),
        ("/api/subsidy", {"kind": "cyber", "date": "2023-13-01"}, "2023-13-01"),
        ("/api/subsidy", {"kind": "cyber", "date": "2023-01-01", "closed_days": -2}, "-2"),
        ("/api/contacts", {"now": "tomorrow"}, "tomorrow"),
        ("/api/contacts", {"now": "9999-12-31T23:59:59+09:00"}, "2099年"),
    ],
)
def test_bad_input_is_422_with_a_clear_message(client, path, params, needle):
    response = client.get(path, params=params)
    assert response.status_code == 422
    assert needle in response.json()["detail"]
