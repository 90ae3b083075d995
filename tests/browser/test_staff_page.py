"""The staff page in a real browser: refused without the token; with it, the incident a user
reported on the chat page, its audit entry, and a conversation waiting for a person."""

from __future__ import annotations

import re

from tests.browser.conftest import ADMIN_TOKEN, screenshot_dir
from tests.browser.test_chat_page import send


def staff_login(page, name: str = "事務局 佐藤") -> None:
    response = page.goto("/staff")
    assert response.status == 401
    page.fill("#name", name)
    page.fill("#token", ADMIN_TOKEN)
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/staff")


def test_the_staff_page_shows_a_reported_incident_only_with_the_token_and_audits_the_view(browser, live_server, tmp_path):
    clinic = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url)
    chat = clinic.new_page()
    chat.goto("/")
    send(chat, "受付のパソコンが乗っ取られて、勝手に患者さんにメールが送られています")
    incident = re.search(r"INC-\d{8}-[0-9A-F]{6}", chat.locator(".msg.bot.emergency").inner_text())[0]
    clinic.close()

    staff = browser.new_context(viewport={"width": 1100, "height": 900}, base_url=live_server.url)
    seen: list[str] = []
    staff.on("request", lambda r: seen.append(r.url))
    page = staff.new_page()
    refused = page.goto("/staff")
    assert refused.status == 401 and incident not in page.content()
    page.fill("#name", "不正")
    page.fill("#token", "wrong-token")
    page.click("form.login button[type=submit]")
    assert "トークンを確認" in page.locator(".error").inner_text() and incident not in page.content()

    page.fill("#name", "事務局 佐藤")
    page.fill("#token", ADMIN_TOKEN)
    page.click("form.login button[type=submit]")
    page.wait_for_url("**/staff")
    page.get_by_role("link", name=incident).click()
    page.wait_for_url(f"**/staff/incidents/{incident}")
    assert incident in page.locator("#notice").inner_text()  # the notice draft
    assert "損保ジャパンへの書面による通知" in page.locator("ul.reports").inner_text()
    audit = page.locator("table.audit").inner_text()
    assert "事務局 佐藤" in audit and "記録を表示" in audit and incident in audit
    page.screenshot(path=str(screenshot_dir(tmp_path) / "staff-incident.png"), full_page=False)
    page.goto("/staff/audit")
    assert "記録を表示" in page.locator("table.audit").inner_text()
    staff.close()
    assert all(u.startswith(live_server.url + "/") for u in seen)


def test_a_handoff_appears_on_the_staff_page_and_staff_can_close_it(browser, live_server):
    clinic = browser.new_context(viewport={"width": 375, "height": 740}, base_url=live_server.url)
    chat = clinic.new_page()
    chat.goto("/")
    chat.get_by_role("button", name="担当者と話したい").click()
    chat.locator("#log .msg.bot", has_text="担当者へおつなぎします").wait_for()
    send(chat, "みやざき内科の田中です。0985-00-0000 にお電話ください")
    clinic.close()

    staff = browser.new_context(base_url=live_server.url)
    page = staff.new_page()
    staff_login(page)
    notice = page.locator("section.notice")
    assert "担当者を待っている会話" in notice.inner_text()
    notice.locator("a").first.click()
    page.wait_for_url("**/staff/handoffs/*")
    assert "みやざき内科の田中です" in page.locator("ol.turns").inner_text()
    page.get_by_role("button", name="対応済みにする").click()
    page.wait_for_load_state()
    assert "対応済み" in page.locator("dl.fields").inner_text()
    assert "おつなぎを対応済みに" in page.locator("table.audit").inner_text()
    staff.close()


def test_the_notice_draft_can_be_copied(browser, live_server):
    clinic = browser.new_context(base_url=live_server.url)
    chat = clinic.new_page()
    chat.goto("/")
    send(chat, "職員のUSBメモリを紛失しました。患者名簿が入っています")
    # (a long reply comes as several bubbles: the one with the record number is waited for, not the first)
    numbered = chat.locator(".msg.bot", has_text=re.compile(r"INC-\d{8}-[0-9A-F]{6}")).last
    numbered.wait_for(timeout=10_000)
    incident = re.search(r"INC-\d{8}-[0-9A-F]{6}", numbered.inner_text())[0]
    clinic.close()
    staff = browser.new_context(base_url=live_server.url, permissions=["clipboard-read", "clipboard-write"])
    page = staff.new_page()
    staff_login(page)
    page.goto(f"/staff/incidents/{incident}")
    page.get_by_role("button", name="下書きをコピー").click()
    page.locator(".copied", has_text="コピー").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert incident in copied and copied == page.locator("#notice").inner_text()
    page.goto(f"/staff/incidents/{incident}/print")
    assert page.locator("button.print").count() == 1 and incident in page.locator("h1").inner_text()
    staff.close()
