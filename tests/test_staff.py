"""The staff page and /api/incidents: only with the admin token, CSRF on every form, every view of a
record audited, failed logins rate-limited, and nothing a user wrote ever rendered as markup."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings

TOKEN = "staff-token-for-tests-0123456789"
NIGHT = "2026-12-02T22:30:00+09:00"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html)[1]


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, admin_token=TOKEN, chat_rate_limit=1000))) as c:
        yield c


def login(client: TestClient, name: str = "佐藤") -> None:
    form = client.get("/staff")
    assert form.status_code == 401
    response = client.post("/staff/login", data={"csrf": _csrf(form.text), "name": name, "token": TOKEN}, follow_redirects=False)
    assert response.status_code == 303, response.text


def report_incident(client: TestClient, session: str = "clinic-a", text: str = "ランサムウェアに感染しました") -> str:
    body = client.post("/api/chat", json={"session_id": session, "text": text, "now": NIGHT}).json()
    return body["incident_id"]


def test_without_a_configured_token_there_is_no_staff_page(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path))) as c:
        assert c.get("/staff").status_code == 404
        assert c.get("/api/incidents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404
        assert c.post("/staff/login", data={"token": TOKEN}).status_code == 404


def test_without_login_the_page_shows_only_the_login_form(client):
    incident = report_incident(client)
    response = client.get("/staff")
    assert response.status_code == 401 and "ログイン" in response.text and incident not in response.text
    assert client.get(f"/staff/incidents/{incident}").status_code == 401


def test_login_sets_a_strict_httponly_cookie_and_shows_the_records(client):
    incident = report_incident(client)
    form = client.get("/staff")
    response = client.post("/staff/login", data={"csrf": _csrf(form.text), "name": "佐藤", "token": TOKEN}, follow_redirects=False)
    cookie = response.headers["set-cookie"]
    assert "clinic_staff=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie.split(",")[0]  # plain http in this test: see the https test
    page = client.get("/staff")
    assert page.status_code == 200 and incident in page.text and "対応中" in page.text


def test_the_cookie_is_secure_over_https(tmp_path):
    with TestClient(create_app(Settings(data_dir=tmp_path, admin_token=TOKEN)), base_url="https://testserver") as c:
        form = c.get("/staff")
        response = c.post("/staff/login", data={"csrf": _csrf(form.text), "name": "佐藤", "token": TOKEN}, follow_redirects=False)
        assert "Secure" in response.headers["set-cookie"].split(", clinic_staff_login")[0]


def test_a_wrong_token_is_refused_and_repeated_failures_are_rate_limited(client):
    for _ in range(5):
        form = client.get("/staff")
        refused = client.post("/staff/login", data={"csrf": _csrf(form.text), "name": "x", "token": "guess"})
        assert refused.status_code == 401 and "トークンを確認" in refused.text
    form = client.get("/staff")
    blocked = client.post("/staff/login", data={"csrf": _csrf(form.text), "name": "x", "token": TOKEN})
    assert blocked.status_code == 429  # even the right token waits once the budget is spent


def test_a_login_without_the_forms_csrf_token_is_refused(client):
    client.get("/staff")
    response = client.post("/staff/login", data={"csrf": "forged", "name": "x", "token": TOKEN})
    assert response.status_code == 403
    assert "clinic_staff=" not in response.headers.get("set-cookie", "").replace("clinic_staff_login", "")


def test_a_tampered_cookie_is_not_a_login(client):
    login(client)
    value = client.cookies.get("clinic_staff")
    assert client.get("/staff").status_code == 200
    payload, mac = value.rsplit(".", 1)
    client.cookies.clear()
    client.cookies.set("clinic_staff", payload + "." + mac[:-2] + ("00" if not mac.endswith("00") else "11"))
    assert client.get("/staff").status_code == 401
    # Another name in the payload with the old signature is refused too.
    client.cookies.clear()
    client.cookies.set("clinic_staff", payload[:-4] + "AAAA." + mac)
    assert client.get("/staff").status_code == 401


def test_viewing_a_record_is_audited_and_the_audit_shows_on_the_page(client):
    incident = report_incident(client)
    login(client, "鈴木")
    page = client.get(f"/staff/incidents/{incident}")
    assert page.status_code == 200
    for part in ("通知書の下書き", "必要な報告と期限", "損保ジャパンへの書面による通知", "変更の履歴", "閲覧記録"):
        assert part in page.text
    audit = re.search(r'<table class="records audit">(.*?)</table>', page.text, re.S)[1]
    assert "鈴木" in audit and "記録を表示" in audit and incident in audit
    assert "記録を表示" in client.get("/staff/audit").text


def test_what_a_user_wrote_is_shown_as_text_on_the_staff_page(client):
    incident = report_incident(client, text='ウイルス感染<script>alert("x")</script><img src=x onerror=alert(1)>')
    login(client)
    page = client.get(f"/staff/incidents/{incident}").text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page or "&lt;script&gt;alert(&quot;x&quot;)" in page


def test_forms_need_their_csrf_token(client):
    incident = report_incident(client)
    login(client)
    refused = client.post(f"/staff/incidents/{incident}/close", data={"csrf": "nope"})
    assert refused.status_code == 403 and "有効期限" in refused.text and "<html" in refused.text
    page = client.get(f"/staff/incidents/{incident}").text
    closed = client.post(f"/staff/incidents/{incident}/close", data={"csrf": _csrf(page)})
    assert closed.status_code == 200 and "対応完了" in closed.text
    history = re.search(r"変更の履歴(.*?)</table>", closed.text, re.S)[1]
    assert "佐藤" in history


def test_a_closed_record_lets_the_conversation_start_afresh(client):
    incident = report_incident(client)
    login(client)
    page = client.get(f"/staff/incidents/{incident}").text
    client.post(f"/staff/incidents/{incident}/close", data={"csrf": _csrf(page)})
    body = client.post("/api/chat", json={"session_id": "clinic-a", "text": "保険料の見積もりをしたい", "now": NIGHT}).json()
    assert body["intent"] == "quote"


def test_a_handoff_shows_with_a_notice_and_staff_can_close_it(client):
    client.post("/api/chat", json={"session_id": "clinic-b", "text": "保険料の見積もりをしたい"})
    client.post("/api/chat", json={"session_id": "clinic-b", "text": "担当者と話したい"})
    login(client)
    home = client.get("/staff").text
    assert "担当者を待っている会話が 1 件あります" in home
    link = re.search(r'href="(/staff/handoffs/[^"]+)"', home)[1]
    conversation = client.get(link).text
    assert "保険料の見積もりをしたい" in conversation and "担当者へおつなぎします" in conversation
    done = client.post(link + "/close", data={"csrf": _csrf(conversation)})
    assert done.status_code == 200 and "対応済み" in done.text
    assert "担当者を待っている会話" not in client.get("/staff").text


def test_the_json_api_needs_the_bearer_token_and_is_audited(client):
    incident = report_incident(client)
    assert client.get("/api/incidents").status_code == 401
    assert client.get("/api/incidents", headers={"Authorization": "Bearer wrong"}).status_code == 401
    body = client.get("/api/incidents", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert body["incidents"][0]["id"] == incident and body["incidents"][0]["reports_owed"]
    one = client.get(f"/api/incidents/{incident}", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert one["status"] == "open" and one["notice_draft"]
    login(client)
    assert "API" in client.get("/staff/audit").text


def test_an_unknown_record_is_a_japanese_page_for_staff_and_json_for_the_api(client):
    login(client)
    page = client.get("/staff/incidents/INC-20260101-000000")
    assert page.status_code == 404 and "見つかりませんでした" in page.text and "text/html" in page.headers["content-type"]
    api = client.get("/api/incidents/INC-20260101-000000", headers={"Authorization": f"Bearer {TOKEN}"})
    assert api.status_code == 404 and api.json()["detail"]


def test_closing_twice_is_one_change_and_one_audit_entry(client):
    incident = report_incident(client)
    login(client)
    csrf = _csrf(client.get(f"/staff/incidents/{incident}").text)
    client.post(f"/staff/incidents/{incident}/close", data={"csrf": csrf})
    client.post(f"/staff/incidents/{incident}/close", data={"csrf": csrf})
    api = client.get(f"/api/incidents/{incident}", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert api["status"] == "closed" and [c["field"] for c in api["history"]].count("status") == 1
    assert client.get("/staff/audit").text.count("記録を対応完了に") == 1


def test_wrong_bearer_tokens_are_rate_limited_too(client):
    for _ in range(5):
        assert client.get("/api/incidents", headers={"Authorization": "Bearer guess"}).status_code == 401
    assert client.get("/api/incidents", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 429


def test_a_successful_login_does_not_use_up_the_budget(client):
    for _ in range(7):
        login(client)
        client.cookies.clear()


def test_the_login_address_reloaded_leads_back_to_the_form(client):
    assert client.get("/staff/login").status_code == 401  # redirected to /staff, which shows the form


def test_logout_ends_the_login(client):
    login(client)
    page = client.get("/staff").text
    client.post("/staff/logout", data={"csrf": _csrf(page)})
    assert client.get("/staff").status_code == 401
