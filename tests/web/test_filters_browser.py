"""Filters (issue 25, point 11) as people and scripts meet them, on a real uvicorn server on 127.0.0.1:
the HTTP API's filters and article list, and the chat's Filters panel in Debian's headless Chromium, in
light and dark and on a phone. The server, the intranet pages and the browser are test_browser.py's."""

from __future__ import annotations

import httpx
import pytest

from tests.web import test_browser as shared
from tests.web.test_browser import ANSWER_TIMEOUT_MS, QUESTION, _contrast, screenshot

# The same real server, intranet pages and browser as test_browser.py's (pytest finds fixtures by name).
assistant, sites, server, browser, page = shared.assistant, shared.sites, shared.server, shared.browser, shared.page

pytestmark = pytest.mark.slow

BROKERS = "002-e92a9778611ebab8"  # "Brokers on the Bloc": says nothing of where the 12th summit was held
GABALA = "001-9d64fbbbf1f74134"


def test_the_api_filters_an_answer_and_refuses_bad_filters_naming_the_fix(server):
    url, _ = server
    listed = httpx.get(f"{url}/api/articles", timeout=30).json()["articles"]
    assert len(listed) == 4 and BROKERS in {a["doc_id"] for a in listed}
    filtered = httpx.post(f"{url}/api/ask", json={"question": QUESTION, "filters": {"doc_ids": [GABALA]}}, timeout=120)
    answer = filtered.json()
    assert filtered.status_code == 200 and "Gabala" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} == {GABALA}
    assert answer["scope"] == {"searched": 1, "total": 4, "filters": {"doc_ids": [GABALA], "date_from": "", "date_to": ""}}

    unknown = httpx.post(f"{url}/api/ask", json={"question": QUESTION, "filters": {"doc_ids": ["000-nope"]}}, timeout=60)
    assert unknown.status_code == 400 and "no article with the id '000-nope'" in unknown.json()["error"]
    assert "GET /api/articles" in unknown.json()["error"]
    for path in ("/api/ask", "/api/ask/stream"):
        bad = httpx.post(f"{url}{path}", json={"question": QUESTION, "filters": {"date_to": "31.12.2025"}}, timeout=60)
        assert bad.status_code == 400
        assert bad.json() == {"error": "filters: date_to must be a date like 2025-12-31, not '31.12.2025'"}


# Every element of the filters panel that shows text (or takes it): its colour and the nearest opaque background.
_PANEL_TEXT_JS = """() => {
  const ground = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
      const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(Number); if (p.length < 4 || p[3] > 0.5) return c; }
    return getComputedStyle(document.body).backgroundColor; };
  return [...document.querySelectorAll('#ots-filters *')]
    .filter(el => el.offsetParent !== null && (['INPUT', 'TEXTAREA'].includes(el.tagName)
                  || [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())))
    .map(el => [el.tagName + '.' + el.className, getComputedStyle(el).color, ground(el)]); }"""


def _open_filters(page) -> None:
    page.click("#ots-filters > button.label-wrap")
    page.locator("#ots-filter-articles input").wait_for(state="visible", timeout=10_000)


def _choose_article(page, title_start: str) -> None:
    page.click("#ots-filter-articles input")
    page.locator(f"#ots-filter-articles [role=option][aria-label^='{title_start}']").click()
    page.keyboard.press("Escape")
    page.locator("#ots-filter-articles [role=listbox]").wait_for(state="detached", timeout=5_000)


def _date_box(page, which: str):
    return page.locator(f"#ots-filter-{which} textarea, #ots-filter-{which} input").first


def _ask(page, question: str, n: int) -> None:
    page.fill("#ots-question textarea", question)
    page.keyboard.press("Enter")
    page.locator(".ots-turn").nth(n).locator(".ots-a:not(.ots-pending)").wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(300)  # the last re-draw settles


def test_the_chat_filters_narrow_every_following_question_until_cleared(server, page):
    url, _ = server
    page.goto(url + "/")
    page.wait_for_selector(".ots-holdings", timeout=30_000)
    assert page.locator("#ots-filter-articles").is_hidden()  # the panel starts closed
    _open_filters(page)
    _choose_article(page, "Brokers on the Bloc")
    page.locator("#ots-filters > button.label-wrap", has_text="Filters: 1 article").wait_for(timeout=10_000)

    # The seed question with only an article that does not answer it: its sources come from that article
    # alone (or it abstains), and the answer says what was searched.
    _ask(page, QUESTION, 0)
    turn = page.locator(".ots-turn").nth(0)
    assert turn.locator(".ots-scope").inner_text() == "Searched 1 of 4 articles (the 1 chosen)."
    links = turn.locator(".ots-open").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(f"/article/{BROKERS}" in href for href in links), links
    assert links or turn.locator(".ots-abstained").count() == 1
    screenshot(page, "chat-filtered.png", full_page=True)

    # A bad date is said in the transcript, the question stays in the box, and nothing is searched.
    _date_box(page, "from").fill("9 Jan 2026")
    page.fill("#ots-question textarea", "What is the Turkic Investment Fund?")
    page.keyboard.press("Enter")
    error = page.locator(".ots-turn").nth(1).locator(".ots-error")
    error.wait_for(timeout=30_000)
    assert error.inner_text() == "Filters: “Published from” must be a day written YYYY-MM-DD, like 2025-12-31, not “9 Jan 2026”."
    assert page.input_value("#ots-question textarea") == "What is the Turkic Investment Fund?"

    # Cleared, the next question searches everything again and says nothing of a scope.
    page.click("#ots-filter-clear")
    page.locator("#ots-filters > button.label-wrap", has_text="Filters").wait_for()
    page.wait_for_function("() => !document.querySelector('#ots-filters > button.label-wrap').innerText.includes(':')")
    assert _date_box(page, "from").input_value() == ""
    _ask(page, QUESTION, 2)
    third = page.locator(".ots-turn").nth(2)
    assert "Gabala" in third.locator(".ots-a").inner_text() and third.locator(".ots-scope").count() == 0
    assert page.dialogs == []


@pytest.mark.parametrize(
    "scheme, viewport", [("light", (1366, 900)), ("dark", (1366, 900)), ("light", (390, 844))], ids=["light", "dark", "phone"]
)
def test_the_filters_panel_is_readable_in_light_and_dark_and_fits_a_phone(server, browser, scheme, viewport):
    url, _ = server
    phone = viewport[0] < 600
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    try:
        page.goto(url + "/")
        page.wait_for_selector(".ots-holdings", timeout=30_000)
        _open_filters(page)
        _choose_article(page, "Brokers on the Bloc")
        _date_box(page, "from").fill("2025-01-01")
        _date_box(page, "from").press("Tab")
        page.locator("#ots-filters > button.label-wrap", has_text="from 2025-01-01").wait_for(timeout=10_000)
        unreadable = [(c, t, g) for c, t, g in page.evaluate(_PANEL_TEXT_JS) if _contrast(t, g) < 4.5]
        assert not unreadable, (scheme, unreadable)
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]  # nothing off the side
        for which in ("from", "to"):
            assert _date_box(page, which).bounding_box()["width"] >= min(150, viewport[0] / 3)
        name = "phone" if phone else scheme
        page.wait_for_timeout(300)  # Gradio's transitions end
        screenshot(page, f"chat-filters-{name}.png", full_page=True)
    finally:
        context.close()


def test_a_widget_scoped_by_its_attributes_searches_only_those_articles_and_says_so(server, sites, page):
    folder, allowed, _ = sites
    inline = (folder / "inline.html").read_text()
    scoped = inline.replace('data-mode="inline"', f'data-mode="inline" data-articles="{BROKERS}" data-date-from="2025-01-01"')
    (folder / "inline-scoped.html").write_text(scoped)
    page.goto(f"{allowed}/inline-scoped.html")
    widget = page.locator("#assistant-slot [data-ots-widget]")
    widget.locator("textarea").fill(QUESTION)
    widget.locator("textarea").press("Enter")
    widget.locator(".fb").wait_for(timeout=ANSWER_TIMEOUT_MS)
    said = "Searched 1 of 4 articles (the 1 chosen, published since 1 January 2025)."
    assert widget.locator(".scope").inner_text() == said
    links = widget.locator(".sources .open").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(f"/article/{BROKERS}" in href for href in links), links
    assert links or widget.locator(".msg.a.abstained").count() == 1
    screenshot(page, "widget-scoped.png", full_page=True)

    # A scope the server refuses is said in the panel, with the fix.
    (folder / "inline-bad.html").write_text(inline.replace('data-mode="inline"', 'data-mode="inline" data-date-to="June 2025"'))
    page.goto(f"{allowed}/inline-bad.html")
    widget.locator("textarea").fill(QUESTION)
    widget.locator("textarea").press("Enter")
    widget.locator(".msg.a.error").wait_for(timeout=30_000)
    assert widget.locator(".msg.a.error").inner_text() == "filters: date_to must be a date like 2025-12-31, not 'June 2025'"
