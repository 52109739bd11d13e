"""Issue 25, points 2 and 12 in Debian's headless Chromium against a real server: on a 390×844 phone each
answer's sources start closed behind "Sources (N)" in the chat and the widget, and a [n] still opens them
at its quote; the widget keeps its conversation across a reload, forgets it on "New conversation", and
ignores a stored value it cannot use. The server, the intranet pages and the browser are test_browser.py's."""

from __future__ import annotations

import json

import pytest

from tests.web import test_browser as shared
from tests.web.test_browser import ANSWER_TIMEOUT_MS, QUESTION, screenshot

# The same real server, intranet pages and browser as test_browser.py's (pytest finds fixtures by name).
assistant, sites, server, browser, page = shared.assistant, shared.sites, shared.server, shared.browser, shared.page

pytestmark = pytest.mark.slow

FUND = "What is the Turkic Investment Fund?"
FOLLOW_UP = "How large is its authorized capital, and when is it supposed to start operating?"


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_chats_sources_start_closed_and_a_citation_opens_them(server, phone, page):
    url, _ = server
    phone.goto(url + "/")
    phone.wait_for_selector("#ots-question textarea", timeout=30_000)
    phone.fill("#ots-question textarea", QUESTION)
    phone.keyboard.press("Enter")
    phone.locator(".ots-feedback").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    phone.wait_for_timeout(300)  # the last re-draw settles
    sources = phone.locator("details.ots-sources").first
    assert sources.evaluate("d => d.open") is False and sources.locator("summary").inner_text().startswith("Sources (")
    screenshot(phone, "chat-phone-sources-closed.png")
    cite = phone.locator(".ots-cite").first
    target = cite.get_attribute("data-target")
    cite.click()
    phone.wait_for_selector(f"#{target}.ots-flash", timeout=5_000)
    assert sources.evaluate("d => d.open") is True and phone.locator(f"#{target}").is_visible()
    # Opened, they stay open when the next answer draws the transcript again; the new answer's start closed.
    phone.fill("#ots-question textarea", FUND)
    phone.keyboard.press("Enter")
    phone.locator(".ots-feedback").nth(1).wait_for(timeout=ANSWER_TIMEOUT_MS)
    phone.wait_for_timeout(300)
    assert phone.locator("details.ots-sources").evaluate_all("ds => ds.map(d => d.open)") == [True, False]

    # A desktop is as it was: sources open under every answer.
    page.goto(url + "/")
    page.wait_for_selector("#ots-question textarea", timeout=30_000)
    page.fill("#ots-question textarea", QUESTION)
    page.keyboard.press("Enter")
    page.locator(".ots-feedback").first.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert page.locator("details.ots-sources").first.evaluate("d => d.open") is True


def test_on_a_phone_the_widgets_sources_start_closed_and_a_citation_opens_them(server, sites, phone):
    _, allowed, _ = sites
    phone.goto(f"{allowed}/intranet.html")
    widget = phone.locator("[data-ots-widget]")
    widget.locator(".launcher").click()
    widget.locator("textarea").fill(QUESTION)
    widget.locator("textarea").press("Enter")
    widget.locator(".fb").wait_for(timeout=ANSWER_TIMEOUT_MS)
    panel = widget.locator("details.srcs")
    assert panel.evaluate("d => d.open") is False and widget.locator(".sources").is_hidden()
    assert panel.locator("summary").inner_text().startswith("Sources (")
    screenshot(phone, "widget-phone-sources-closed.png")
    cite = widget.locator(".msg.a .cite").first
    target = cite.get_attribute("data-target")
    cite.click()
    widget.locator(f"#{target}.flash").wait_for(timeout=5_000)
    assert panel.evaluate("d => d.open") is True and widget.locator(f"#{target}").is_visible()


def _inline_widget(page, url: str):
    page.goto(url)
    return page.locator("#assistant-slot [data-ots-widget]")


def _ask(widget, question: str, n: int) -> None:
    widget.locator("textarea").fill(question)
    widget.locator("textarea").press("Enter")
    widget.locator(".fb").nth(n).wait_for(timeout=ANSWER_TIMEOUT_MS)


def test_the_widget_keeps_its_conversation_across_a_reload_until_new_conversation(server, sites, page):
    url, _ = server
    _, allowed, _ = sites
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    widget = _inline_widget(page, f"{allowed}/inline.html")
    _ask(widget, FUND, 0)
    key = f"ots-assistant:{url}"
    kept = json.loads(page.evaluate("k => sessionStorage.getItem(k)", key))
    assert [t["question"] for t in kept["turns"]] == [FUND] and kept["turns"][0]["answer_id"]
    assert page.evaluate("k => localStorage.getItem(k)", key) is None  # the tab's storage, not the browser's

    page.reload()
    widget.locator(".msg.a").first.wait_for(timeout=10_000)
    assert widget.locator(".msg.q").all_inner_texts() == [FUND]
    assert "Investment Fund" in widget.locator(".msg.a").first.inner_text() and widget.locator(".sources li").count() >= 1
    assert widget.locator(".fb").count() == 1  # its thumbs too
    _ask(widget, FOLLOW_UP, 1)  # the follow-up reads the kept turn
    assert "600 million" in widget.locator(".msg.a").nth(1).inner_text()
    screenshot(page, "widget-reloaded.png", full_page=True)

    # A question the reload cuts off is not kept: the page comes back with the answered turns only.
    widget.locator("textarea").fill("Where was the 12th OTS summit held?")
    widget.locator("textarea").press("Enter")
    page.reload()
    widget.locator(".msg.a").nth(1).wait_for(timeout=10_000)
    assert widget.locator(".msg.q").all_inner_texts() == [FUND, FOLLOW_UP]

    widget.locator(".reset").click()
    assert widget.locator(".msg").count() == 0 and widget.locator(".hint").is_visible()
    assert page.evaluate("k => sessionStorage.getItem(k)", key) is None
    page.reload()
    widget.locator(".hint").wait_for(timeout=10_000)
    assert widget.locator(".msg").count() == 0
    assert errors == []


@pytest.mark.parametrize(
    "value",
    [
        "{not json",
        json.dumps({"version": 1, "turns": "nope"}),
        json.dumps({"version": 1, "turns": [None, 7, {"question": "Q?", "answer": {"answer": 3}}]}),
        json.dumps({"turns": [{"question": "Q?", "answer": {"answer": "A", "citations": [{"n": 1, "passage": 5}]}}]}),
        "x" * 2_000_000,
    ],
    ids=["not-json", "not-turns", "bad-turns", "bad-citation", "oversized"],
)
def test_the_widget_ignores_a_stored_conversation_it_cannot_use(server, sites, page, value):
    url, _ = server
    _, allowed, _ = sites
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{allowed}/inline.html")
    page.evaluate("([k, v]) => sessionStorage.setItem(k, v)", [f"ots-assistant:{url}", value])
    page.reload()
    widget = page.locator("#assistant-slot [data-ots-widget]")
    widget.locator(".hint").wait_for(timeout=10_000)
    assert widget.locator(".msg").count() == 0 and errors == []
    assert page.evaluate("k => sessionStorage.getItem(k)", f"ots-assistant:{url}") is None  # dropped, not read again
    _ask(widget, QUESTION, 0)  # and the widget works as ever
    assert "Gabala" in widget.locator(".msg.a").inner_text()


def test_data_remember_local_keeps_it_in_the_browsers_storage_and_off_keeps_nothing(server, sites, page):
    url, _ = server
    folder, allowed, _ = sites
    inline = (folder / "inline.html").read_text()
    (folder / "inline-local.html").write_text(inline.replace('data-mode="inline"', 'data-mode="inline" data-remember="local"'))
    (folder / "inline-off.html").write_text(inline.replace('data-mode="inline"', 'data-mode="inline" data-remember="off"'))
    key = f"ots-assistant:{url}"
    widget = _inline_widget(page, f"{allowed}/inline-local.html")
    _ask(widget, QUESTION, 0)
    assert json.loads(page.evaluate("k => localStorage.getItem(k)", key))["turns"][0]["question"] == QUESTION
    assert page.evaluate("k => sessionStorage.getItem(k)", key) is None
    widget.locator(".reset").click()
    assert page.evaluate("k => localStorage.getItem(k)", key) is None

    widget = _inline_widget(page, f"{allowed}/inline-off.html")
    _ask(widget, QUESTION, 0)
    assert page.evaluate("k => [sessionStorage.getItem(k), localStorage.getItem(k)]", key) == [None, None]
    page.reload()
    widget.locator(".hint").wait_for(timeout=10_000)
