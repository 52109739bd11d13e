"""web/chrome.py: the page's own words in the reader's language (issue 24): every language has every word,
the language is chosen as documented, and the chat's filters, empty chat and starting page and the widget
use it. Fast: no browser (test_chrome_browser.py has the pages in Chromium)."""

from __future__ import annotations

import json
import re
import string

import pytest
from fastapi.testclient import TestClient

from otsqa.messages import messages
from web.chat import chat_filters, filters_label
from web.chat_mount import ChatMount
from web.chrome import CHROME_KEYS, chat_words, choose, preferred, supported, word
from web.render import render_empty, render_transcript

LANGUAGES = sorted(messages())


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_chrome_word_with_the_same_blanks_as_english(language):
    words = messages()[language]
    missing = [key for key in CHROME_KEYS if not (words.get(key) or "").strip()]
    assert not missing, (language, missing)
    for key in CHROME_KEYS:
        assert _fields(words[key]) == _fields(messages()["en"][key]), (language, key, words[key])


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_chrome_is_translated_not_copied_from_english(language):
    # Words that stay alike in every language (a format, a command) are not chrome words: each must differ.
    same = [key for key in CHROME_KEYS if messages()[language][key] == messages()["en"][key]]
    assert not same, (language, same)


def test_kazakh_and_uzbek_keep_the_scripts_the_file_already_uses():
    cyrillic, latin = re.compile(r"[\u0400-\u04ff]"), re.compile(r"[A-Za-z]")
    for key in ("filters", "question_placeholder", "new_conversation", "ask"):
        assert cyrillic.search(word(key, "kk")) and not latin.search(word(key, "kk").replace("Enter", ""))
        assert cyrillic.search(word(key, "uz-Cyrl")) and not latin.search(word(key, "uz-Cyrl").replace("Enter", ""))
        assert latin.search(word(key, "uz")) and not cyrillic.search(word(key, "uz"))


def test_english_keeps_the_words_the_page_had():
    assert word("question_placeholder", "en") == "Ask about the articles (Enter sends)"
    assert word("send", "en") == "Send" and word("filters", "en") == "Filters" and word("ask", "en") == "Ask"
    assert word("widget_placeholder", "en") == "Ask a question about the articles"


@pytest.mark.parametrize(
    "tag, language",
    [
        ("ru", "ru"),
        ("ru-RU", "ru"),
        ("KK_kz", "kk"),
        ("tr-TR", "tr"),
        ("az-Latn-AZ", "az"),
        ("uz-UZ", "uz"),
        ("uz-Latn", "uz"),
        ("uz-Cyrl", "uz-Cyrl"),
        ("uz-cyrl-UZ", "uz-Cyrl"),
        ("en-GB", "en"),
        ("zh-CN", None),
        ("", None),
        (None, None),
        ("*", None),
    ],
)
def test_a_language_tag_names_a_language_of_the_file_or_none(tag, language):
    assert supported(tag) == language


def test_the_browsers_languages_are_taken_by_their_weight_then_their_order():
    assert preferred("zh-CN,zh;q=0.9,ru;q=0.8,en;q=0.7") == "ru"
    assert preferred("en-US,en;q=0.9,tr;q=0.8") == "en"
    assert preferred("de;q=0.9,kk;q=0.95") == "kk"
    assert preferred("ru;q=0,tr;q=0.5") == "tr"  # q=0: not wanted
    assert preferred("zh-CN,ja;q=0.5") is None and preferred("") is None and preferred(None) is None
    assert preferred("ru;q=abc, tr") == "tr"  # a broken weight counts as not wanted


def test_the_setting_forces_then_lang_then_the_browser_then_english():
    assert choose("kk", "tr", "ru-RU") == ("kk", True)
    assert choose("auto", "tr", "ru-RU") == ("tr", True)
    assert choose("auto", "xx", "ru-RU") == ("ru", False)  # an unknown ?lang is no choice
    assert choose("auto", None, "zh-CN") == ("en", False)
    assert choose(None, None, None) == ("en", False)
    assert choose("uz-Cyrl", None, None) == ("uz-Cyrl", True)


def test_the_filters_say_what_is_on_and_what_is_wrong_in_the_pages_language():
    assert filters_label(["a"], "2025-01-01", "", "en")["label"] == "Filters: 1 article, from 2025-01-01"
    assert filters_label(["a", "b"], "", "2026-01-01", "en")["label"] == "Filters: 2 articles, to 2026-01-01"
    assert filters_label(["a", "b"], "2025-01-01", "", "ru")["label"] == "Фильтры: статей: 2, с 2025-01-01"
    assert filters_label([], "", "", "kk")["label"] == "Сүзгілер"
    assert filters_label(["a"], "", "2026-01-01", "tr")["label"] == "Filtreler: 1 makale, 2026-01-01 tarihine kadar"
    from otsqa.errors import QuestionError

    with pytest.raises(QuestionError) as said:
        chat_filters(None, "9 Jan 2026", "", "ru")
    assert (
        str(said.value) == "Фильтры: в поле «Опубликовано с» нужна дата вида YYYY-MM-DD, например 2025-12-31, а не «9 Jan 2026»."
    )
    with pytest.raises(QuestionError) as said:
        chat_filters(None, "", "soon")
    assert str(said.value) == "Filters: “Published to” must be a day written YYYY-MM-DD, like 2025-12-31, not “soon”."


class _Article:
    def __init__(self, title, date):
        self.title, self.date, self.author, self.source = title, date, "", f"{title}.md"


def test_the_empty_chat_and_a_pending_answer_speak_the_pages_language():
    articles = [_Article(f"T{i}", f"2025-0{i}-01") for i in range(1, 10)]
    kazakh = render_empty(articles, "kk")
    # The dates too, as a Kazakh reader writes them (otsqa/dates.py written_date), the newest titles' as well.
    assert "Жинақта 9 мақала бар (2025 жылғы 1 қаңтар – 2025 жылғы 1 қыркүйек):" in kazakh and "… және тағы 1." in kazakh
    assert "— 2025 жылғы 1 ақпан</span>" in kazakh
    assert "The collection holds" not in kazakh and "January" not in kazakh
    english = render_empty(articles[:1])
    assert "The collection holds 1 article:" in english and "Ask about security cooperation" in english
    pending = render_transcript([{"question": "Где?", "answer": None, "partial": ""}], None, "ru")
    assert "Поиск по статьям…" in pending
    assert "Searching the articles…" in render_transcript([{"question": "Q?", "answer": None, "partial": ""}])


def test_the_starting_page_speaks_the_readers_language_and_scripts_get_english():
    mount = ChatMount("OTS assistant")
    client = TestClient(mount)
    russian = client.get("/", headers={"Accept": "text/html", "Accept-Language": "ru-RU,ru;q=0.9"})
    assert russian.status_code == 503 and '<html lang="ru">' in russian.text
    assert "Чат запускается" in russian.text
    turkish = client.get("/?lang=tr", headers={"Accept": "text/html", "Accept-Language": "ru"})
    assert "Sohbet başlatılıyor" in turkish.text
    assert "The chat is starting" in client.get("/", headers={"Accept": "text/html", "Accept-Language": "zh"}).text
    assert client.get("/", headers={"Accept-Language": "ru"}).json()["error"].startswith("The chat is starting")
    forced = TestClient(ChatMount("OTS assistant", "kk")).get("/?lang=tr", headers={"Accept": "text/html"})
    assert "Чат іске қосылып жатыр" in forced.text
    mount.fail("RuntimeError: no")
    assert (
        "Чат не удалось запустить (RuntimeError: no)"
        in client.get("/", headers={"Accept": "text/html", "Accept-Language": "ru"}).text
    )


def test_the_widget_is_told_a_forced_language_and_nothing_otherwise():
    from web.widget import build_widget_router

    def served(*language: str) -> str:
        return build_widget_router(*language).routes[0].endpoint().body.decode("utf-8")

    assert 'var FORCED = "";' in served() and 'var FORCED = "";' in served("auto")
    assert 'var FORCED = "kk";' in served("kk") and "/*OTSQA_LANGUAGE*/" not in served("kk")
    assert '"widget_placeholder": "Мақалалар туралы сұрақ қойыңыз"' in served()


def _sent(client, path: str, **headers) -> tuple[str, dict[str, dict]]:
    """The chat page as the server sends it: its <html lang> and each component's properties by elem_id."""
    page = client.get(path, headers={"Accept": "text/html", **headers})
    assert page.status_code == 200 and "Accept-Language" in page.headers.get("vary", "")
    config = json.loads(re.search(r"<script>window\.gradio_config = (.*?);</script>", page.text, re.S).group(1))
    props = {c["props"]["elem_id"]: c["props"] for c in config["components"] if c.get("props", {}).get("elem_id")}
    return re.search(r'<html\s+lang="([^"]+)"', page.text).group(1), props


def test_the_chat_page_is_sent_in_the_readers_language_not_dressed_after_it_is_drawn(client):
    """Issue 24: the words the load event sets are in the page the server sends (web/first_paint.py), so
    nothing English shows before them (test_chrome_browser.py watches it in Chromium)."""
    lang, props = _sent(client, "/", **{"Accept-Language": "ru-RU,ru;q=0.9"})
    assert lang == "ru"
    for elem, words in chat_words("ru", "OTS security assistant").items():
        assert {k: props[elem][k] for k in words} == words, elem
    assert props["ots-send"]["value"] == "Отправить" and props["ots-filters"]["label"] == "Фильтры"
    assert props["ots-transcript"]["value"].startswith('<div class="ots-empty"><p>Задайте вопрос о сотрудничестве')
    lang, props = _sent(client, "/?lang=uz-Cyrl", **{"Accept-Language": "ru"})
    assert lang == "uz-Cyrl" and props["ots-new"]["value"] == word("new_conversation", "uz-Cyrl")
    # English, and a language the file lacks, as Gradio made it.
    for accepted in ("en-US", "zh-CN"):
        lang, props = _sent(client, "/", **{"Accept-Language": accepted})
        assert lang == "en" and props["ots-send"]["value"] == "Send" and props["ots-page-lang"]["value"] == "en"


def test_the_setting_forces_the_language_of_the_page_sent(ingested, assistant):
    from tests.web.conftest import client_for

    lang, props = _sent(client_for(ingested, assistant, language="kk"), "/?lang=tr", **{"Accept-Language": "ru"})
    assert lang == "kk" and props["ots-send"]["value"] == "Жіберу" and props["ots-page-lang"]["value"] == "kk"


def test_text_written_into_the_page_cannot_end_its_script():
    from web.first_paint import FirstPaint

    components = b'[{"props":{"elem_id":"ots-send"}},{"props":{"elem_id":"ots-intro"}}]'
    page = b'<html\n\tlang="en"><script>window.gradio_config = {"components":' + components + b"};</script>"
    hostile = FirstPaint(None, title="</script><script>alert(1)</script> & 'x'")
    scope = {"type": "http", "path": "/", "query_string": b"lang=ru", "headers": []}
    sent = hostile.edit(scope, page).decode()
    assert sent.count("</script>") == 1 and "<script>alert" not in sent and '<html\n\tlang="ru">' in sent
    config = json.loads(re.search(r"gradio_config = (.*?);</script>", sent).group(1))
    assert config["components"][0]["props"]["value"] == "Отправить"
    assert config["components"][1]["props"]["value"].startswith("## </script><script>alert(1)</script> & 'x'\n")


def test_every_language_of_the_page_writes_dates_its_own_way():
    from otsqa.dates import date_shapes, written_date

    assert set(date_shapes()) == set(LANGUAGES) - {"en"}  # a language added to messages.json needs its date shape too
    assert len({written_date("2025-10-07", language) for language in LANGUAGES}) == len(LANGUAGES)
