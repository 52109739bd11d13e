"""The page's own words in the reader's language (issue 24), as a reader meets them: the chat on a real uvicorn
server on 127.0.0.1 and the widget on an intranet page of another origin, in Debian's headless Chromium with
the browser's language set as a reader's would be; in light and dark and on a 390×844 phone with the longer
Russian and Kazakh words. The server, the intranet pages and the browser are test_browser.py's."""

from __future__ import annotations

import pytest

from tests.web import test_browser as shared
from tests.web.test_browser import ANSWER_TIMEOUT_MS, _contrast, running, screenshot

# The same real server, intranet pages and browser as test_browser.py's (pytest finds fixtures by name).
assistant, sites, server, browser = shared.assistant, shared.sites, shared.server, shared.browser

pytestmark = pytest.mark.slow

RUSSIAN_QUESTION = "Где прошёл двенадцатый саммит Организации тюркских государств?"

# What the chat shows of its own, read from the page: the question box's placeholder, the buttons, the
# filters' labels (the panel's fields are there while it is closed), the intro and the empty chat.
_CHAT_WORDS_JS = """() => {
  const text = s => { const e = document.querySelector(s); return e ? e.innerText.trim() : null; };
  const label = id => { const e = document.querySelector(`#${id} [data-testid=block-info], #${id} label span`);
    return e ? e.innerText.trim() : null; };
  return {
    placeholder: document.querySelector('#ots-question textarea').placeholder,
    send: text('#ots-send'),
    filters: text('#ots-filters > button.label-wrap').replace(/\\s*[▼▶]$/, ''),
    new: text('#ots-new'),
    intro: text('#ots-intro'),
    empty: text('.ots-empty'),
  }; }"""


def _open_chat(browser, url: str, locale: str, scheme: str = "light", viewport=(1100, 900)):
    phone = viewport[0] < 600
    context = browser.new_context(
        locale=locale,
        color_scheme=scheme,
        viewport={"width": viewport[0], "height": viewport[1]},
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.goto(url)
    # Drawn by the page's load event, with the page's words: until then the page is the server's English.
    page.wait_for_selector(".ots-holdings", timeout=30_000)
    page.wait_for_timeout(200)  # the load event's other updates land in the same tick; Gradio's transitions end
    return context, page


def _filters_open(page) -> dict:
    page.click("#ots-filters > button.label-wrap")
    page.locator("#ots-filter-articles input").wait_for(state="visible", timeout=10_000)
    page.wait_for_timeout(300)
    return page.evaluate(
        """() => Object.fromEntries(['ots-filter-articles', 'ots-filter-from', 'ots-filter-to'].map(id =>
             [id, document.querySelector(`#${id}`).innerText.trim().split('\\n')[0]]).concat(
             [['clear', document.querySelector('#ots-filter-clear').innerText.trim()]]))"""
    )


def test_a_russian_browser_gets_the_chat_in_russian(server, browser):
    url, _ = server
    context, page = _open_chat(browser, url + "/", "ru-RU")
    try:
        words = page.evaluate(_CHAT_WORDS_JS)
        assert page.evaluate("document.documentElement.lang") == "ru"  # for screen readers and translation
        assert words["placeholder"] == "Спросите о статьях (Enter — отправить)"
        assert words["send"] == "Отправить" and words["filters"] == "Фильтры" and words["new"] == "Новый разговор"
        assert "Нажмите [n], чтобы увидеть источник." in words["intro"]
        assert words["empty"].startswith("Задайте вопрос о сотрудничестве") and "Статей в коллекции: 4 (" in words["empty"]
        assert _filters_open(page) == {
            "ots-filter-articles": "Статьи",
            "ots-filter-from": "Опубликовано с",
            "ots-filter-to": "Опубликовано по",
            "clear": "Сбросить фильтры",
        }
        # What the panel says is on, and a bad date, in Russian too.
        page.locator("#ots-filter-from textarea, #ots-filter-from input").first.fill("2025-01-01")
        page.locator("#ots-filter-from textarea, #ots-filter-from input").first.press("Tab")
        page.locator("#ots-filters > button.label-wrap", has_text="Фильтры: с 2025-01-01").wait_for(timeout=10_000)
        page.locator("#ots-filter-to textarea, #ots-filter-to input").first.fill("скоро")
        page.fill("#ots-question textarea", RUSSIAN_QUESTION)
        page.keyboard.press("Enter")
        error = page.locator(".ots-turn .ots-error")
        error.wait_for(timeout=30_000)
        assert error.inner_text().startswith("Фильтры: в поле «Опубликовано по» нужна дата вида YYYY-MM-DD")
        assert "Filters" not in page.inner_text("body")
    finally:
        context.close()


def test_lang_on_the_url_wins_over_the_browser_and_stays_after_an_answer_in_another_language(server, browser):
    url, _ = server
    context, page = _open_chat(browser, url + "/?lang=tr", "ru-RU")
    try:
        words = page.evaluate(_CHAT_WORDS_JS)
        assert words["placeholder"] == "Makaleler hakkında sorun (Enter gönderir)"
        assert (words["send"], words["filters"], words["new"]) == ("Gönder", "Filtreler", "Yeni sohbet")
        assert words["empty"].startswith("Türk Devletleri Teşkilatı") and "Koleksiyonda 4 makale var (" in words["empty"]
        page.fill("#ots-question textarea", RUSSIAN_QUESTION)
        page.keyboard.press("Enter")
        page.locator(".ots-turn .ots-a:not(.ots-pending)").wait_for(timeout=ANSWER_TIMEOUT_MS)
        assert page.locator(".ots-turn .ots-who").first.inner_text().lower() == "вы"  # the answer's own: Russian
        page.wait_for_timeout(1000)  # time for the chrome to follow, were it to
        assert page.inner_text("#ots-send") == "Gönder"  # told by ?lang=: it stays
        assert page.evaluate("document.documentElement.lang") == "tr"
    finally:
        context.close()


def test_an_unsupported_browser_language_gets_english_until_it_asks_in_another(server, browser):
    """Chinese is not among messages.json's languages: English. A page whose language came from the browser
    follows the reader's answers: asked in Russian, its own words turn Russian (the commit's choice)."""
    url, _ = server
    context, page = _open_chat(browser, url + "/", "zh-CN")
    try:
        words = page.evaluate(_CHAT_WORDS_JS)
        assert words["placeholder"] == "Ask about the articles (Enter sends)"
        assert (words["send"], words["filters"], words["new"]) == ("Send", "Filters", "New conversation")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert words["empty"].startswith("Ask about security cooperation") and "The collection holds 4 articles" in words["empty"]
        page.fill("#ots-question textarea", RUSSIAN_QUESTION)
        page.keyboard.press("Enter")
        page.locator(".ots-turn .ots-feedback").wait_for(timeout=ANSWER_TIMEOUT_MS)
        page.locator("#ots-send", has_text="Отправить").wait_for(timeout=10_000)
        page.wait_for_function("document.documentElement.lang === 'ru'", timeout=10_000)  # the page's language followed
        words = page.evaluate(_CHAT_WORDS_JS)
        assert words["placeholder"] == "Спросите о статьях (Enter — отправить)" and words["filters"] == "Фильтры"
        # New conversation: the empty chat in the page's language now.
        page.click("#ots-new")
        page.locator(".ots-empty", has_text="Задайте вопрос").wait_for(timeout=10_000)
    finally:
        context.close()


def test_the_setting_that_forces_the_language_forces_the_chat_and_the_widget(ingested, assistant, sites, browser, tmp_path):
    folder, allowed, _ = sites
    settings = ingested.settings.model_copy(
        update={"data_dir": tmp_path / "data", "allowed_origins": [allowed], "rate_limit_per_minute": 0, "language": "kk"}
    )
    with running(settings, assistant) as url:
        context, page = _open_chat(browser, url + "/?lang=tr", "ru-RU")
        try:
            words = page.evaluate(_CHAT_WORDS_JS)
            assert (words["send"], words["filters"]) == ("Жіберу", "Сүзгілер")
            (folder / "forced.html").write_text(_widget_page(url, 'data-lang="tr"', "ru"), encoding="utf-8")
            page.goto(f"{allowed}/forced.html")
            widget = page.locator("[data-ots-widget]")
            widget.locator("button.send").wait_for()
            assert widget.locator("button.send").inner_text() == "Сұрау"
        finally:
            context.close()


def _widget_page(server_url: str, attributes: str, html_lang: str | None) -> str:
    lang = f' lang="{html_lang}"' if html_lang else ""
    return (
        f'<!doctype html><html{lang}><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>desk</title></head>'
        '<body><h1>Desk</h1><div id="slot"></div>'
        f'<script src="{server_url}/widget.js" data-mode="inline" data-target="#slot" {attributes}></script></body></html>'
    )


# The widget's own words, read from its shadow root.
_WIDGET_WORDS_JS = """host => { const r = host.shadowRoot; const q = s => r.querySelector(s);
  return { title: q('header h2').textContent, reset: q('button.reset').textContent, placeholder: q('textarea').placeholder,
           question: q('textarea').getAttribute('aria-label'), ask: q('button.send').textContent,
           hint: q('.hint') ? q('.hint').textContent : null, lang: q('.panel').getAttribute('lang') }; }"""


@pytest.mark.parametrize(
    "attributes, html_lang, locale, expected",
    [
        ('data-lang="kk"', "en", "en-US", "kk"),  # data-lang first
        ("", "tr", "ru-RU", "tr"),  # then the host page's <html lang>
        ("", None, "ru-RU", "ru"),  # then the browser's languages
        ('data-lang="zh"', "zh-CN", "zh-CN", "en"),  # nothing it has: English
    ],
    ids=["data-lang", "html-lang", "browser", "unsupported"],
)
def test_the_widget_speaks_data_lang_else_the_pages_lang_else_the_browsers(
    server, sites, browser, attributes, html_lang, locale, expected
):
    from otsqa.messages import messages

    url, _ = server
    folder, allowed, _ = sites
    name = f"widget-{expected}-{locale}.html"
    (folder / name).write_text(_widget_page(url, attributes, html_lang), encoding="utf-8")
    context = browser.new_context(locale=locale, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{allowed}/{name}")
        host = page.locator("[data-ots-widget]")
        host.locator(".hint").wait_for()
        words = messages()[expected]
        assert host.evaluate(_WIDGET_WORDS_JS) == {
            "title": words["widget_title"],
            "reset": words["new_conversation"],
            "placeholder": words["widget_placeholder"],
            "question": words["question"],
            "ask": words["ask"],
            "hint": words["widget_hint"],
            "lang": expected,
        }
    finally:
        context.close()


def test_the_widget_follows_the_readers_answers_unless_data_lang_says(server, sites, browser):
    url, _ = server
    folder, allowed, _ = sites
    for name, attributes in (("follow.html", 'data-title="Desk assistant"'), ("told.html", 'data-lang="tr"')):
        (folder / name).write_text(_widget_page(url, attributes + ' data-remember="off"', "en"), encoding="utf-8")
    context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        for name, after in (("follow.html", "Спросить"), ("told.html", "Sor")):
            page.goto(f"{allowed}/{name}")
            widget = page.locator("[data-ots-widget]")
            widget.locator("textarea").fill(RUSSIAN_QUESTION)
            widget.locator("textarea").press("Enter")
            widget.locator(".fb").wait_for(timeout=ANSWER_TIMEOUT_MS)
            assert widget.locator("button.send").inner_text() == after
        # data-title stays as the page wrote it, whatever the language.
        page.goto(f"{allowed}/follow.html")
        assert page.locator("[data-ots-widget] header h2").inner_text() == "Desk assistant"
    finally:
        context.close()


# Every element of the page's own chrome that shows text (or takes it), its colour and the nearest opaque background;
# Send too (Gradio's primary button, white on its theme's orange at 2.8:1, until chat-page.css darkened it).
_CHROME_TEXT_JS = """() => {
  const ground = el => { for (let e = el; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
      const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(Number); if (p.length < 4 || p[3] > 0.5) return c; }
    return getComputedStyle(document.body).backgroundColor; };
  return [...document.querySelectorAll('#ots-intro *, #ots-ask-row *, #ots-filters *, #ots-new, .ots-empty *')]
    .filter(el => el.offsetParent !== null && (['INPUT', 'TEXTAREA'].includes(el.tagName)
                  || [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())))
    .map(el => [el.tagName + '.' + el.className, getComputedStyle(el).color, ground(el)]); }"""

# Buttons and labels of the chrome whose text does not fit their box (cut off or spilling out).
_CLIPPED_JS = """() => [...document.querySelectorAll('#ots-send, #ots-new, #ots-filter-clear, #ots-filters > button.label-wrap')]
  .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.id || el.className)"""


@pytest.mark.parametrize("locale", ["ru-RU", "kk-KZ"])
@pytest.mark.parametrize(
    "scheme, viewport", [("dark", (1366, 900)), ("light", (390, 844)), ("dark", (390, 844))], ids=["dark", "phone", "dark-phone"]
)
def test_longer_words_still_fit_and_read_in_dark_and_on_a_phone(server, browser, locale, scheme, viewport):
    url, _ = server
    context, page = _open_chat(browser, url + "/", locale, scheme, viewport)
    try:
        assert page.inner_text("#ots-send") in ("Отправить", "Жіберу")
        _filters_open(page)
        colours = page.evaluate(_CHROME_TEXT_JS)
        assert any(c.startswith("BUTTON") and "primary" in c for c, _, _ in colours)  # Send is among them
        unreadable = [(c, t, g) for c, t, g in colours if _contrast(t, g) < 4.5]
        assert not unreadable, (locale, scheme, unreadable)
        page.hover("#ots-send")  # hovered, too
        page.wait_for_timeout(300)
        sent = page.evaluate(
            "() => { const s = getComputedStyle(document.querySelector('#ots-send')); return [s.color, s.backgroundColor]; }"
        )
        assert _contrast(*sent) >= 4.5, sent
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]  # nothing off the side
        assert page.evaluate(_CLIPPED_JS) == []
        for which in ("from", "to"):  # the longer labels leave the date boxes room to type in
            box = page.locator(f"#ots-filter-{which} textarea, #ots-filter-{which} input").first
            assert box.bounding_box()["width"] >= min(150, viewport[0] / 3)
        send, question = page.locator("#ots-send").bounding_box(), page.locator("#ots-question textarea").bounding_box()
        assert question["width"] >= viewport[0] * 0.5 and send["x"] + send["width"] <= viewport[0]
        name = f"chrome-{locale[:2]}-{scheme}-{viewport[0]}.png"
        screenshot(page, name, full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_widget_with_longer_words_fits_a_phone(server, sites, browser, lang):
    url, _ = server
    folder, allowed, _ = sites
    page_html = (folder / "intranet.html").read_text(encoding="utf-8")
    tag = 'data-title="Ask the OTS assistant"'
    assert tag in page_html
    (folder / f"intranet-{lang}.html").write_text(page_html.replace(tag, f'data-lang="{lang}"'), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(f"{allowed}/intranet-{lang}.html")
        widget = page.locator("[data-ots-widget]")
        launcher = widget.locator(".launcher")
        launcher.wait_for(timeout=10_000)
        assert launcher.bounding_box()["x"] >= 0  # the longer title still starts on the screen
        launcher.click()
        for selector in ("header h2", "button.reset", "button.send", ".hint"):
            box = widget.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
        clipped = widget.evaluate(
            "h => [...h.shadowRoot.querySelectorAll('button')].filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1)"
            ".map(b => b.className)"
        )
        assert clipped == []
        screenshot(page, f"widget-{lang}-phone.png")
    finally:
        context.close()


# Every text the chat's own elements show, noted from the page's very first DOM on: a MutationObserver's
# callback runs before the browser paints, so whatever a reader could have seen for a moment is noted.
_NOTE_EVERY_STATE_JS = """(() => {
  window.__otsSeen = new Set();
  const note = () => {
    for (const s of ['#ots-send', '#ots-new', '#ots-intro', '.ots-empty', '#ots-filters > button.label-wrap',
                     '#ots-filter-clear', '#ots-filter-articles', '#ots-filter-from', '#ots-filter-to']) {
      const e = document.querySelector(s);
      if (e && e.textContent.trim()) window.__otsSeen.add(e.textContent.trim());
    }
    const box = document.querySelector('#ots-question textarea');
    if (box && box.placeholder) window.__otsSeen.add(box.placeholder);
  };
  new MutationObserver(note).observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
})();"""


@pytest.mark.parametrize(
    "path, locale, language",
    [("/", "ru-RU", "ru"), ("/?lang=kk", "en-US", "kk")],
    ids=["russian-browser", "lang-kk-english-browser"],
)
def test_the_chat_shows_no_english_before_its_own_language(server, browser, path, locale, language):
    """Issue 24: a reader whose page is not English never sees the English chrome, not even while the page
    loads: the words come in the page the server sends (web/first_paint.py), not only with the load event."""
    from web.chrome import word

    url, _ = server
    context = browser.new_context(locale=locale, viewport={"width": 1100, "height": 900})
    context.add_init_script(_NOTE_EVERY_STATE_JS)
    page = context.new_page()
    try:
        page.goto(url + path)
        page.wait_for_selector(".ots-holdings", timeout=30_000)  # the load event has run
        page.wait_for_timeout(300)
        seen = page.evaluate("[...window.__otsSeen]")
        assert word("send", language) in seen and word("new_conversation", language) in seen  # the observer saw them
        keys = ("send", "new_conversation", "question_placeholder", "filters", "clear_filters", "published_from", "empty_intro")
        english = [word(key, "en") for key in keys] + [word("chat_intro", "en")[:40]]
        flashed = [(words, text) for words in english for text in seen if words in text]
        assert not flashed, flashed
    finally:
        context.close()


def test_the_article_page_speaks_russian_around_an_english_article(server, browser, ingested):
    """Issue 24: the article page's own words, its date and <html lang> in the reader's language; the article
    (title, text, quotes) as it wrote them, marked as English for screen readers and translation."""
    url, _ = server
    record = next(a for a in ingested.store.articles() if len(a.date or "") == 10)
    text = ingested.store.article(record.doc_id).text
    context = browser.new_context(locale="ru-RU", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{url}/article/{record.doc_id}?mark=0-60#m1")
        assert page.evaluate("document.documentElement.lang") == "ru"
        by = page.locator(".by").inner_text()
        assert by.endswith(" г.") and not any(m in by for m in ("January", "October", "December", "November")), by
        assert page.locator("h1").inner_text() == record.title and page.locator("h1").get_attribute("lang") == "en"
        assert page.locator("mark").inner_text() == text[0:60] and page.locator("article").get_attribute("lang") == "en"
        screenshot(page, "article-ru.png")
        page.goto(f"{url}/article/no-such-article")
        assert page.locator("h1").inner_text() == "Статья не найдена" and page.title() == "Статья не найдена"
    finally:
        context.close()


def test_a_kazakh_reader_signs_in_in_kazakh_and_lands_in_a_kazakh_chat(ingested, assistant, browser, tmp_path):
    token = "kazakh-sign-in-token-0123456789"
    settings = ingested.settings.model_copy(
        update={"data_dir": tmp_path / "data", "api_token": token, "rate_limit_per_minute": 0}
    )
    with running(settings, assistant) as url:
        context = browser.new_context(locale="kk-KZ", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
        page = context.new_page()
        try:
            page.goto(url + "/")
            assert page.url == url + "/sign-in" and page.evaluate("document.documentElement.lang") == "kk"
            assert page.locator("label[for=token]").inner_text() == "Кіру кілті"
            assert page.locator("button[type=submit]").inner_text() == "Кіру"
            page.fill("#token", "not-the-token-at-all-xxxx")
            page.click("button[type=submit]")
            assert page.locator(".problem").inner_text() == "Бұл кілт серверге берілген кілт емес."
            screenshot(page, "sign-in-kk-phone.png")
            page.fill("#token", token)
            page.click("button[type=submit]")
            page.wait_for_selector(".ots-holdings", timeout=30_000)
            assert page.inner_text("#ots-send") == "Жіберу"
        finally:
            context.close()
