"""The words around an answer and the errors a reader meets, in the reader's language (issue 24): the scope
line, the Markdown to copy, a footnote's label, "Open in the article"; a refused question, the rate limit and
the store's outages. The API keeps its English ``error`` for scripts and adds the reader's ``message``.
Fast: no browser (test_reader_words_browser.py has the chat and the widget in Chromium)."""

from __future__ import annotations

import re

import pytest

from assistant.answer import MAX_QUESTION_CHARS, check_question
from otsqa.answer_markdown import answer_markdown, scope_line
from otsqa.errors import QuestionError, StoreDamagedError, StoreNotFoundError, StoreUnavailableError
from otsqa.messages import messages, say
from web.reader_messages import BROKEN, EMPTY, UNREACHABLE, for_readers, question_refusal
from web.render import answer_as_text, render_transcript
from web.security import RateLimiter

from .conftest import client_for

# Every word this change added (the English ones are the words the code wrote before).
NEW_KEYS = (
    "scope_searched_one",
    "scope_searched",
    "scope_chosen",
    "scope_from_to",
    "scope_since",
    "scope_until",
    "markdown_question",
    "markdown_characters",
    "markdown_footnote",
    "footnote_of",
    "untitled_article",
    "derived_title",
    "open_in_article",
    "copy_title",
    "not_shown_again",
    "question_empty",
    "question_too_long",
    "question_control",
    "question_encoding",
    "rate_limited",
    "store_unreachable",
    "store_empty",
    "store_broken",
    "went_wrong",
    "too_old_to_rate",
)
LANGUAGES = sorted(messages())
BLANK = re.compile(r"\{(\w+)\}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_word_english_has_with_the_same_blanks(language):
    english, words = messages()["en"], messages()[language]
    missing = [key for key in english if not (words.get(key) or "").strip()]
    assert not missing, (language, missing)
    for key in english:
        assert sorted(BLANK.findall(words[key])) == sorted(BLANK.findall(english[key])), (language, key, words[key])


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_the_new_words_are_translated_in_the_languages_script(language):
    words = messages()[language]
    assert [key for key in NEW_KEYS if words[key] == messages()["en"][key]] == [], language
    for key in NEW_KEYS:
        text = BLANK.sub("", words[key]).replace("Markdown", "")
        latin, cyrillic = re.search(r"[A-Za-z]", text), re.search(r"[\u0400-\u04ff]", text)
        if language in ("ru", "kk", "uz-Cyrl"):
            assert cyrillic and not latin, (language, key, words[key])
        else:
            assert latin and not cyrillic, (language, key, words[key])


def test_the_english_words_are_the_ones_the_checks_and_pages_said_before():
    """English must not change: scripts and older tests read it. The question's checks are assistant/'s."""
    for question in ("", "   ", "x" * (MAX_QUESTION_CHARS + 5), "a\x00b", "bad \ud800 text"):
        with pytest.raises(QuestionError) as said:
            check_question(question)
        assert question_refusal(question) == str(said.value)
    assert question_refusal("Where was the summit?") is None
    limiter = RateLimiter(1, clock=lambda: 100.0)
    assert limiter.refusal("10.0.0.1") is None
    assert limiter.refusal("10.0.0.1") == ("Too many questions from 10.0.0.1: the limit is 1 a minute. Try again in 61 s.", 61)
    assert UNREACHABLE.startswith("The assistant cannot reach") and EMPTY.startswith("The assistant has no articles")
    assert BROKEN == "The assistant's collection needs attention from the people who run it. Please try again later."


def test_a_refused_question_and_the_rate_limit_in_the_readers_language():
    assert question_refusal("", "ru") == "Вопрос пуст: напишите вопрос о статьях."
    long = "ә" * (MAX_QUESTION_CHARS + 1)
    assert (
        question_refusal(long, "kk")
        == f"Сұрақ {MAX_QUESTION_CHARS + 1} таңбадан тұрады; шегі — {MAX_QUESTION_CHARS}. Қысқартыңыз."
    )
    assert question_refusal("a\x07", "tr") == "Soruda denetim karakterleri var; düz metin gönderin."
    limiter = RateLimiter(2, clock=lambda: 0.0)
    limiter.refusal("c"), limiter.refusal("c")
    message, wait = limiter.refusal("c", "uz-Cyrl")
    assert message == f"c манзилидан саволлар жуда кўп: чегара дақиқасига 2 та. {wait} сониядан кейин қайта уриниб кўринг."
    assert for_readers(StoreUnavailableError("chroma at http://x down"), "ru").startswith("Ассистент сейчас не может")
    assert for_readers(StoreNotFoundError("run otsqa ingest"), "az").startswith("Köməkçinin hazırda")
    assert for_readers(StoreDamagedError("broken"), "uz") == say("store_broken", "uz")


SCOPE = {"searched": 1, "total": 4, "filters": {"doc_ids": ["a", "b"], "date_from": "2026-01-01", "date_to": ""}}


def test_the_scope_line_in_the_answers_language():
    assert scope_line(SCOPE) == "Searched 1 of 4 articles (the 2 chosen, published since 1 January 2026)."
    assert scope_line(SCOPE, "ru") == "Просмотрено статей: 1 из 4 (выбранных: 2, опубликованных с 1 января 2026 г.)."
    one = {"searched": 1, "total": 1, "filters": {"date_from": "2025-01-01", "date_to": "2025-12-31"}}
    assert scope_line(one) == "Searched 1 of 1 article (published from 1 January 2025 to 31 December 2025)."
    assert scope_line(one, "tr") == "1 makaleden 1 tanesinde arandı (1 Ocak 2025 – 31 Aralık 2025 arasında yayımlanan)."
    assert scope_line({"searched": 0, "total": 3, "filters": {"date_to": "2020-05"}}, "kk") == (
        "3 мақаланың ішінен 0 мақала қаралды (2020 жылғы мамыр және одан бұрын жарияланған)."
    )


def _answer(language: str) -> dict:
    cited = {
        "n": 1,
        "chunk_id": "a#4",
        "doc_id": "a",
        "title": "",
        "source": "",
        "quote": "Customs will run it.",
        "passage": "Customs will run it.",
        "start": 10,
        "end": 30,
        "footnote": "3",
    }
    return {
        "question": "Кто?",
        "answer": "Customs will run it. [1]",
        "abstained": False,
        "citations": [cited],
        "scope": SCOPE,
        "language": language,
    }


def test_the_markdown_and_the_sources_in_the_answers_language_and_english_as_before():
    english = answer_markdown(_answer("en"))
    assert english.startswith("**Question:** Кто?") and "(characters 10–30, footnote 3)" in english
    assert "[1] *(untitled article)*" in english and "*Searched 1 of 4 articles" in english
    russian = answer_markdown(_answer("ru"))
    assert russian.startswith("**Вопрос:** Кто?") and "(символы 10–30, сноска 3)" in russian
    assert "[1] *(статья без названия)*" in russian and "*Просмотрено статей: 1 из 4" in russian
    assert "Searched" not in russian and "characters" not in russian

    html = render_transcript([{"question": "Q?", "answer": _answer("en"), "id": "x"}])
    assert '<span class="ots-footnote">footnote 3 of</span> <span class="ots-title">(untitled article)</span>' in html
    assert ">Open in the article</a>" in html
    turkish = render_transcript([{"question": "Q?", "answer": _answer("tr"), "id": "x"}])
    # Turkish puts the title first: "<title> makalesinin 3 numaralı dipnotu".
    assert (
        '<span class="ots-title">(başlıksız makale)</span> <span class="ots-footnote">makalesinin 3 numaralı dipnotu</span>'
        in turkish
    )
    assert ">Makalede aç</a>" in turkish and "Open in the article" not in turkish and "footnote 3" not in turkish
    assert (
        '<p class="ots-scope">4 makaleden 1 tanesinde arandı (seçilen 2 makale, 1 Ocak 2026 ve sonrasında yayımlanan).</p>'
        in turkish
    )
    assert 'data-lang="tr"' in turkish  # what chat.js sends back with a rating, for the server's reply

    assert "[1] footnote 3 of (untitled article): “Customs will run it.”" in answer_as_text(_answer("en"))
    assert "[1] сноска 3 к статье (статья без названия): “Customs will run it.”" in answer_as_text(_answer("ru"))


def test_a_derived_titles_tooltip_in_the_answers_language():
    answer = _answer("kk")
    answer["citations"][0] |= {"title": "Opening words", "title_source": "derived"}
    html = render_transcript([{"question": "Q?", "answer": answer}])
    assert 'title="Мақаланың атауы жоқ: бұл оның алғашқы сөздері."' in html


def test_the_api_keeps_its_english_error_and_adds_the_readers_message(ingested, assistant):
    client = client_for(ingested, assistant, rate_limit_per_minute=1)
    empty = client.post("/api/ask", json={"question": "  "}, headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    assert empty.status_code == 400
    assert empty.json() == {
        "error": "The question is empty: type a question about the articles.",
        "message": say("question_empty", "ru"),
    }
    script = client.post("/api/ask/stream", json={"question": "x" * (MAX_QUESTION_CHARS + 1)})
    assert script.status_code == 400 and script.json()["message"] == script.json()["error"]  # no Accept-Language: English
    assert client.post("/api/ask", json={"question": "Where was the 12th OTS summit held?"}).status_code == 200
    refused = client.post("/api/ask/stream", json={"question": "Again?"}, headers={"Accept-Language": "kk"})
    assert refused.status_code == 429 and refused.headers["retry-after"]
    body = refused.json()
    assert body["error"].startswith("Too many questions from ") and "a minute" in body["error"]
    assert "мекенжайынан сұрақтар тым көп" in body["message"] and "минутына 1" in body["message"]


def test_the_chat_tells_a_rating_too_late_in_the_answers_language(ingested, assistant):
    """The chat's rate function is Gradio's; what it says back for an answer the server forgot is checked
    here through the words it uses (its wiring is in the browser test)."""
    assert say("too_old_to_rate", "ru") == "Этот ответ слишком старый для оценки; спросите ещё раз."
    assert say("too_old_to_rate") == "This answer is too old to rate; ask again."
