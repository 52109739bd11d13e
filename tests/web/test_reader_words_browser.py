# ruff: noqa: E501  (the articles here keep their one-line paragraphs)
"""The words around an answer and the errors a reader meets, in the reader's language (issue 24), as a reader
meets them: a real uvicorn server on 127.0.0.1 and Debian's headless Chromium, the chat and the widget on an
intranet page of another origin. Answers in Russian and Kazakh with their sources need the multilingual model:
three short articles (Russian, Kazakh, English) written for this test, ingested by `otsqa ingest` with
OTSQA_EMBEDDING_MODEL=e5 (tests/helpers.py). The refusals come from the usual English store with a rate limit
of one question a minute. Screenshots land in test-artifacts/."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ingest_e5_store
from tests.web import test_browser as shared
from tests.web.test_browser import ANSWER_TIMEOUT_MS, running, screenshot
from tests.web.test_chrome_browser import _open_chat

# The same intranet pages and browser as test_browser.py's (pytest finds fixtures by name).
assistant, sites, browser = shared.assistant, shared.sites, shared.browser

pytestmark = pytest.mark.slow

RUSSIAN = """# Пограничные службы договорились об общем реестре грузовиков

February 4, 2026

Пограничные службы пяти государств Организации тюркских государств подписали в Ташкенте протокол об общем реестре грузовых транспортных средств. Реестр будет обновляться каждые сутки, а доступ к нему получат все пункты пропуска на Среднем коридоре.[^1]

Первыми к реестру подключатся пункты пропуска на казахстанско-узбекской границе. Оператором реестра назначен таможенный комитет Узбекистана.

[^1]: Резервная копия реестра будет храниться на сервере в Астане.
"""

KAZAKH = """# Шекарашылар Ақтауда бірлескен жаттығу өткізді

March 10, 2026

Түркі мемлекеттері ұйымына мүше елдердің шекара қызметтері Ақтау қаласында бірлескен жаттығу өткізді. Жаттығуға бес елден үш жүз шекарашы қатысты.

Жаттығудың басты мақсаты Каспий теңізіндегі кемелерді бірлесіп тексеру тәртібін пысықтау болды. Келесі жаттығу 2027 жылы Бакуде өтеді.
"""

ENGLISH = """# Transport corridors and the Turkic summit

The summit of the Organization of Turkic States discussed transport corridors, border crossings and trucks on the Middle Corridor. Leaders said that freight traffic across the Caspian Sea had grown and that border procedures should become faster for every truck.
"""

RUSSIAN_QUESTION = "Кто назначен оператором реестра грузовых транспортных средств?"
KAZAKH_QUESTION = "Шекарашылардың бірлескен жаттығуы қай қалада өтті?"


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory, sites):
    """The app over the three articles with the multilingual model, the intranet's origin allowed."""
    from assistant import open_assistant
    from otsqa.settings import load_settings

    env, _ = ingest_e5_store(tmp_path_factory, {"ru_reestr.md": RUSSIAN, "kk_zhattygu.md": KAZAKH, "en_corridors.md": ENGLISH})
    _, allowed, _ = sites
    settings = load_settings(env=env, allowed_origins=[allowed], rate_limit_per_minute=0)
    with running(settings, open_assistant(settings)) as url:
        yield url


def _chat(browser, url: str, locale: str, scheme: str, viewport: tuple[int, int]):
    return _open_chat(browser, url + "/", locale, scheme, viewport)


def _ask_chat(page, question: str, n: int = 0):
    page.fill("#ots-question textarea", question)
    page.keyboard.press("Enter")
    turn = page.locator(".ots-turn").nth(n)
    turn.locator(".ots-a:not(.ots-pending)").wait_for(timeout=ANSWER_TIMEOUT_MS)
    page.wait_for_timeout(500)  # the last re-draw, and the chrome following the answer, settle
    return turn


def _widget_page(folder, name: str, url: str, attributes: str) -> str:
    """An intranet page with the widget; nothing kept across reloads unless ``attributes`` say so."""
    if "data-remember" not in attributes:
        attributes += ' data-remember="off"'
    (folder / name).write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>desk</title></head>'
        '<body><h1>Desk</h1><div id="slot"></div>'
        f'<script src="{url}/widget.js" {attributes}></script></body></html>',
        encoding="utf-8",
    )
    return name


def _ask_widget(widget, question: str, n: int = 0):
    widget.locator("textarea").fill(question)
    widget.locator("textarea").press("Enter")
    widget.locator(".fb").nth(n).wait_for(timeout=ANSWER_TIMEOUT_MS)


def test_a_russian_answer_in_the_dark_chat_has_russian_words_around_its_quotes(multilingual, browser):
    context, page = _chat(browser, multilingual, "ru-RU", "dark", (1366, 900))
    try:
        assert page.evaluate("document.documentElement.lang") == "ru"  # screen readers and translation read it
        page.click("#ots-filters > button.label-wrap")
        box = page.locator("#ots-filter-from textarea, #ots-filter-from input").first
        box.wait_for(state="visible", timeout=10_000)
        box.fill("2026-01-01")
        box.press("Tab")
        page.locator("#ots-filters > button.label-wrap", has_text="Фильтры: с 2026-01-01").wait_for(timeout=10_000)
        turn = _ask_chat(page, RUSSIAN_QUESTION)
        assert turn.locator(".ots-sources summary").inner_text().startswith("Источники")
        assert "таможенный комитет Узбекистана" in turn.locator(".ots-a").inner_text()
        assert turn.locator(".ots-scope").inner_text() == "Просмотрено статей: 2 из 3 (опубликованных с 1 января 2026 г.)."
        assert turn.locator(".ots-open").first.inner_text() == "Открыть в статье"
        markdown = turn.locator(".ots-copy").get_attribute("data-markdown")
        assert markdown.startswith(f"**Вопрос:** {RUSSIAN_QUESTION}") and "(символы " in markdown
        assert "*Просмотрено статей: 2 из 3" in markdown
        shown = page.inner_text("body")
        for english in ("Searched", "Open in the article", "Sources", "characters", "Question:"):
            assert english not in shown and english not in markdown, english
        # The source's date as a Russian reader writes it (the article's "February 4, 2026"), here and in the copy.
        assert turn.locator(".ots-source-head .ots-byline").first.inner_text() == "4 февраля 2026 г."
        assert "— 4 февраля 2026 г. (символы " in markdown
        screenshot(page, "reader-ru-dark-chat.png", full_page=True)

        # Its article, opened from the source: the page's own words and the date in Russian, the text its own.
        with context.expect_page() as opened:
            turn.locator(".ots-open").first.click()
        article = opened.value
        article.wait_for_load_state()
        assert article.evaluate("document.documentElement.lang") == "ru"
        assert article.locator(".by").inner_text() == "4 февраля 2026 г."
        assert article.locator("article").get_attribute("lang") == "ru"
        assert "таможенный комитет Узбекистана" in " ".join(article.locator("mark").all_inner_texts())
        screenshot(article, "article-ru-dark.png")
        article.close()

        # A footnote's label: "сноска 1 к статье <title>".
        turn = _ask_chat(page, "Где будет храниться резервная копия реестра?", 1)
        head = turn.locator(".ots-source-head").first.inner_text()
        assert "сноска 1 к статье Пограничные службы" in head, head
        assert "footnote" not in turn.inner_text()
    finally:
        context.close()


def test_a_russian_answer_in_the_dark_widget_has_russian_words_around_its_quotes(multilingual, sites, browser):
    folder, allowed, _ = sites
    name = _widget_page(
        folder,
        "reader-ru.html",
        multilingual,
        'data-mode="inline" data-target="#slot" data-lang="ru" data-date-from="2026-01-01" data-height="760px"',
    )
    context = browser.new_context(locale="en-US", color_scheme="dark", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{allowed}/{name}")
        widget = page.locator("[data-ots-widget]")
        _ask_widget(widget, RUSSIAN_QUESTION)
        assert widget.locator(".scope").inner_text() == "Просмотрено статей: 2 из 3 (опубликованных с 1 января 2026 г.)."
        assert widget.locator(".sources .date").first.inner_text() == "4 февраля 2026 г."  # the source's date too
        assert widget.locator(".open").first.inner_text() == "Открыть в статье"
        assert widget.locator("button.copy").get_attribute("title") == "Скопировать ответ и источники в Markdown"
        shown = widget.evaluate("h => h.shadowRoot.querySelector('.log').innerText")
        for english in ("Searched", "Open in the article", "Sources", "footnote"):
            assert english not in shown, english
        _ask_widget(widget, "Где будет храниться резервная копия реестра?", 1)
        assert "сноска 1 к статье Пограничные службы" in widget.locator(".sources").last.inner_text()
        screenshot(page, "reader-ru-dark-widget.png")
    finally:
        context.close()


def test_a_kazakh_answer_on_a_phone_in_the_chat_and_the_widget(multilingual, sites, browser):
    context, page = _chat(browser, multilingual, "kk-KZ", "light", (390, 844))
    try:
        assert page.evaluate("document.documentElement.lang") == "kk"
        turn = _ask_chat(page, KAZAKH_QUESTION)
        assert "Ақтау" in turn.locator(".ots-a").inner_text()
        turn.locator(".ots-sources summary").click()  # closed on a phone until wanted
        assert turn.locator(".ots-open").first.inner_text() == "Мақалада ашу"
        assert turn.locator(".ots-copy").inner_text() == "Markdown ретінде көшіру"
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "reader-kk-phone-chat.png", full_page=True)
    finally:
        context.close()

    folder, allowed, _ = sites
    name = _widget_page(folder, "reader-kk.html", multilingual, 'data-mode="launcher" data-lang="kk"')
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{allowed}/{name}")
        widget = page.locator("[data-ots-widget]")
        widget.locator(".launcher").click()
        _ask_widget(widget, KAZAKH_QUESTION)
        widget.locator("details.srcs summary").click()
        assert widget.locator(".open").first.inner_text() == "Мақалада ашу"
        box = widget.locator(".open").first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        screenshot(page, "reader-kk-phone-widget.png")
    finally:
        context.close()


def test_refusals_in_the_chats_and_the_widgets_language(ingested, assistant, sites, browser, tmp_path):
    """One question a minute: a question too long, then one answered, then one refused, in a Kazakh chat;
    then the widget, told Russian, refused too (the same client); an earlier answer it cannot show again."""
    folder, allowed, _ = sites
    settings = ingested.settings.model_copy(
        update={"data_dir": tmp_path / "data", "allowed_origins": [allowed], "rate_limit_per_minute": 1}
    )
    with running(settings, assistant) as url:
        context, page = _chat(browser, url, "kk-KZ", "light", (1100, 900))
        try:
            page.fill("#ots-question textarea", "ә" * 2001)
            page.keyboard.press("Enter")
            error = page.locator(".ots-turn").nth(0).locator(".ots-error")
            error.wait_for(timeout=30_000)
            assert error.inner_text() == "Сұрақ 2001 таңбадан тұрады; шегі — 2000. Қысқартыңыз."
            page.click("#ots-new")
            page.locator(".ots-empty").wait_for(timeout=10_000)
            _ask_chat(page, "Where was the 12th OTS summit held?")
            turn = _ask_chat(page, "Who hosted it?", 1)
            said = turn.locator(".ots-error").inner_text()
            assert said.startswith("127.0.0.1 мекенжайынан сұрақтар тым көп: шегі минутына 1.") and "Too many" not in said
        finally:
            context.close()

        name = _widget_page(folder, "refused-ru.html", url, 'data-mode="inline" data-target="#slot" data-lang="ru"')
        context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 900})
        page = context.new_page()
        try:
            page.goto(f"{allowed}/{name}")
            widget = page.locator("[data-ots-widget]")
            widget.locator("textarea").fill("Where was the 12th OTS summit held?")
            widget.locator("textarea").press("Enter")
            widget.locator(".error").wait_for(timeout=30_000)
            assert widget.locator(".error").inner_text().startswith("Слишком много вопросов с 127.0.0.1: не больше 1 в минуту.")
        finally:
            context.close()

        # An earlier answer kept in the tab that no longer shows (here: a link it cannot read).
        kept = {
            "version": 1,
            "turns": [
                {
                    "question": "Q?",
                    "answer": {"answer": "A [1]", "citations": [{"n": 1, "passage": "A", "quote": "A", "article_url": 5}]},
                }
            ],
        }
        name = _widget_page(
            folder, "kept-kk.html", url, 'data-mode="inline" data-target="#slot" data-lang="kk" data-remember="session"'
        )
        context = browser.new_context(locale="en-US", viewport={"width": 1100, "height": 900})
        context.add_init_script(f"sessionStorage.setItem({json.dumps('ots-assistant:' + url)}, {json.dumps(json.dumps(kept))})")
        page = context.new_page()
        try:
            page.goto(f"{allowed}/{name}")
            error = page.locator("[data-ots-widget] .error")
            error.wait_for(timeout=10_000)
            assert error.inner_text() == "Бұл бұрынғы жауапты қайта көрсету мүмкін болмады."
        finally:
            context.close()
