"""otsqa/messages.py: the answer's own words in the question's language (issue 24, point 1)."""

import pytest

from otsqa.languages import languages
from otsqa.messages import abstention_prefixes, messages, say

KEYS = ("abstain", "closest", "no_match", "sources", "closest_passages", "english_only", "not_in_articles", "you", "assistant")


@pytest.mark.parametrize("language", languages())
def test_every_language_detect_can_answer_has_all_the_words(language):
    assert all(messages()[language].get(key) for key in KEYS)


def test_the_words_come_in_the_language_asked_and_in_english_otherwise():
    assert say("sources", "ru") == "Источники" and say("abstain", "tr") == "Makaleler bu soruyu yanıtlamıyor."
    assert say("sources", "fr") == "Sources"  # a language it has no words for
    assert say("abstain") == "The articles do not answer this question."
    assert "В статьях нет ответа на этот вопрос." in abstention_prefixes()


def test_the_widget_is_served_with_every_languages_words_and_no_way_to_close_its_script():
    from web.widget import build_widget_router

    body = build_widget_router().routes[0].endpoint().body.decode("utf-8")
    assert '"sources": "Дереккөздер"' in body and "/*OTSQA_MESSAGES*/" not in body
    assert "</" not in body.split("var WORDS = ", 1)[1].split(";", 1)[0]
