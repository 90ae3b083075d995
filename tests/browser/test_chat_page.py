"""The chat page in a real browser at phone size: what a receptionist sees and taps."""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot_dir

EMERGENCY = "電子カルテがランサムウェアで暗号化されて、身代金を要求する画面が出ています"
DESK = "0120-318-258"


def bot_bubbles(page):
    return page.locator("#log .msg.bot")


def send(page, text: str) -> None:
    """Type into the box and press Enter, as a user would; wait until the answer is in."""
    before = bot_bubbles(page).count()
    page.fill("#message", text)
    page.press("#message", "Enter")
    bot_bubbles(page).nth(before).wait_for(timeout=10_000)


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_page_is_japanese_self_contained_and_fits_a_phone(page):
    response = page.goto("/")
    assert response.status == 200
    assert page.get_attribute("html", "lang") == "ja"
    assert page.get_attribute("#log", "role") == "log"
    assert page.locator("button#send").inner_text() == "送信"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    # The desk's number is in the HTML itself: there even when the server cannot be reached later.
    assert page.locator(f".emergency-bar a[href='tel:{DESK.replace('-', '')}']").count() == 1
    assert no_sideways_scroll(page)


def test_an_emergency_is_answered_within_two_seconds_with_a_tappable_desk_number(page, tmp_path):
    page.goto("/")
    page.wait_for_selector(".msg.bot.welcome")
    page.fill("#message", EMERGENCY)
    page.press("#message", "Enter")
    bubble = page.wait_for_selector(".msg.bot.emergency", timeout=2_000)  # the 2 s, as a deadline
    alert = bubble.query_selector(".alert")
    assert "緊急" in alert.inner_text() and alert.query_selector(".alert-icon").inner_text() == "⚠"  # not colour alone
    first_call = bubble.query_selector(".phones a.call")
    assert first_call.get_attribute("href") == "tel:0120318258" and "primary" in first_call.get_attribute("class")
    assert "いま受付中" in first_call.inner_text()
    box = first_call.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 200  # large enough to tap
    # Every number in the text is tappable too.
    assert bubble.query_selector_all("p.text a[href^='tel:']")
    assert re.search(r"INC-\d{8}-[0-9A-F]{6}", bubble.inner_text())
    assert no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir(tmp_path) / "chat-emergency.png"))


def test_a_quote_finished_by_tapping_quick_replies_shows_an_html_table(page, tmp_path):
    page.goto("/")
    page.get_by_role("button", name="保険料を見積もる").click()
    page.get_by_role("button", name="一般診療所・医院").click()
    table = page.wait_for_selector("#log table.premiums")
    assert table.query_selector("caption").inner_text().startswith("一般医院・診療所")
    headers = [th.inner_text() for th in table.query_selector_all("thead th")]
    assert headers == ["タイプ", "①損害賠償", "②事故対応特別費用", "年間保険料"]
    rows = [[c.inner_text() for c in tr.query_selector_all("th, td")] for tr in table.query_selector_all("tbody tr")]
    assert rows[0] == ["H1", "1,000万円", "500万円", "27,200円"] and len(rows) == 7
    # The table is drawn once: its plain lines are not repeated as a paragraph.
    paragraphs = page.locator("#log p.text").all_inner_texts()
    assert "27,200円" not in " ".join(paragraphs)
    # Sources are links under the answer, not also a plain 「出典:」 line.
    assert not any("出典" in line for p in paragraphs for line in p.splitlines() if line.startswith("出典"))
    assert no_sideways_scroll(page)
    page.screenshot(path=str(screenshot_dir(tmp_path) / "chat-quote.png"), full_page=True)
    page.get_by_role("button", name="H4", exact=True).click()
    bot_bubbles(page).nth(3).wait_for()  # welcome, facility question, table, H4
    assert "51,800円" in bot_bubbles(page).nth(3).inner_text()
    # Sources open the pamphlet viewer.
    source = bot_bubbles(page).last.locator(".sources a").first
    assert source.get_attribute("href") == "/pamphlet/sec-08"
    source.click()
    page.wait_for_url("**/pamphlet/sec-08")
    assert "加入タイプ" in page.locator("h1").inner_text()
    assert no_sideways_scroll(page)


def test_enter_while_an_ime_is_composing_does_not_send_and_shift_enter_is_a_new_line(page):
    page.goto("/")
    page.wait_for_selector(".msg.bot.welcome")
    page.fill("#message", "かんじ")
    # The keydown that confirms a conversion carries isComposing (Chrome, Firefox)…
    page.evaluate("""() => {
        const box = document.querySelector('#message');
        box.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true}));
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', isComposing: true, bubbles: true, cancelable: true}));
    }""")
    # …and Safari sends it without the flag before compositionend: the page tracks composition itself.
    page.evaluate("""() => document.querySelector('#message').dispatchEvent(
        new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}))""")
    page.wait_for_timeout(300)
    assert page.locator("#log .msg.user").count() == 0 and page.input_value("#message") == "かんじ"
    page.evaluate("() => document.querySelector('#message').dispatchEvent(new CompositionEvent('compositionend', {bubbles: true}))")
    page.wait_for_timeout(50)
    page.focus("#message")
    page.keyboard.press("End")
    page.keyboard.press("Shift+Enter")
    page.keyboard.type("漢字")
    assert page.input_value("#message") == "かんじ\n漢字" and page.locator("#log .msg.user").count() == 0
    page.keyboard.press("Enter")
    page.wait_for_selector("#log .msg.user")
    assert page.locator("#log .msg.user p.text").inner_text() == "かんじ\n漢字"


def test_markup_typed_by_a_user_shows_as_typed_and_never_runs(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto("/")
    attacks = [
        '<img src=x onerror="window.__xss=1;alert(1)">',
        "<script>window.__xss=2;alert(2)</script>",
        '"><svg onload=alert(3)>',
    ]
    for attack in attacks:
        send(page, attack)
    shown = [p.inner_text() for p in page.query_selector_all("#log .msg.user p.text")]
    assert shown == attacks
    assert page.evaluate("window.__xss") is None and not dialogs
    assert page.locator("#log img, #log script, #log svg").count() == 0
    # After a reload the history is drawn from the server: still text, still inert.
    page.reload()
    page.wait_for_selector("#log .msg.user")
    assert [p.inner_text() for p in page.query_selector_all("#log .msg.user p.text")] == attacks
    assert page.locator("#log img, #log script, #log svg").count() == 0 and not dialogs


def test_a_reload_shows_the_conversation_so_far_and_start_over_clears_it(page):
    page.goto("/")
    send(page, "保険料の見積もりをしたい")
    page.reload()
    page.wait_for_selector("#log .msg.user")
    assert page.locator("#log .msg.user p.text").all_inner_texts() == ["保険料の見積もりをしたい"]
    assert "施設の種類を教えてください" in page.locator("#log .msg.bot").last.inner_text()
    assert page.get_by_role("button", name="病院", exact=True).count() == 1  # the open question's buttons are back
    page.get_by_role("button", name="最初から").click()
    assert page.locator("#log .msg.user").count() == 0
    page.reload()
    page.wait_for_selector(".msg.bot.welcome")
    assert page.locator("#log .msg.user").count() == 0


def test_the_page_works_with_the_keyboard_alone(page):
    page.goto("/")
    page.wait_for_selector(".msg.bot.welcome")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "message":
            break
    assert page.evaluate("document.activeElement.id") == "message"
    page.keyboard.type("保険料の見積もりをしたい")
    page.keyboard.press("Enter")
    page.wait_for_selector("#log .quick button:has-text('病院')")
    # From the box, Shift+Tab walks back into the conversation to the quick replies.
    for _ in range(30):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.textContent") == "病院":
            break
    assert page.evaluate("document.activeElement.textContent") == "病院"
    page.keyboard.press("Enter")
    page.locator("#log .msg.user p.text", has_text=re.compile("^病院$")).wait_for()
    bot_bubbles(page).nth(2).wait_for()


def test_when_the_server_cannot_be_reached_the_page_says_so_with_the_desk_number(page):
    page.goto("/")
    page.wait_for_selector(".msg.bot.welcome")
    page.route("**/api/chat", lambda route: route.abort())
    page.fill("#message", "ウイルスに感染したかもしれません")
    page.press("#message", "Enter")
    error = page.wait_for_selector("#log .msg.error")
    assert "接続できませんでした" in error.inner_text()
    assert error.query_selector("a[href='tel:0120318258']") is not None
    assert page.input_value("#message") == "ウイルスに感染したかもしれません"  # nothing typed is lost


def test_a_server_error_is_told_apart_from_a_lost_connection_and_the_text_is_kept(page):
    page.goto("/")
    page.wait_for_selector(".msg.bot.welcome")
    page.route("**/api/chat", lambda route: route.fulfill(status=500, body="Internal Server Error", content_type="text/plain"))
    page.fill("#message", "保険料を知りたい")
    page.press("#message", "Enter")
    error = page.wait_for_selector("#log .msg.error")
    assert "サーバーでエラー" in error.inner_text() and "0120-318-258" in error.inner_text()
    assert page.locator("#log .msg.user").count() == 0  # not left standing as if it had been sent
    assert page.input_value("#message") == "保険料を知りたい"


def test_after_tapping_a_quick_reply_the_focus_moves_to_the_answer(page):
    page.goto("/")
    button = page.get_by_role("button", name="保険料を見積もる")
    button.focus()
    page.keyboard.press("Enter")
    bot_bubbles(page).nth(1).wait_for()
    page.locator("#log .quick").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('bot')")


def test_a_missing_pamphlet_section_is_a_japanese_404(page):
    response = page.goto("/pamphlet/sec-99")
    assert response.status == 404 and "見つかりませんでした" in page.locator("h1").inner_text()


def test_docs_load_nothing_from_another_host(page):
    assert page.goto("/docs").status == 404  # turned off: Swagger UI would come from a CDN
    assert page.goto("/openapi.json").status == 200
