"""What a question in the region's languages asks for (otsqa/question_words.json), read as the English
patterns read an English question: the abstention's type check then works in every language. The
questions are written for these tests about places and people outside the corpus (Tbilisi, Helsinki,
Saudi Arabia)."""

from __future__ import annotations

import json
import re

import pytest

from assistant.grounded.question_types import expected_type, holds_type, phrase_kinds
from otsqa.languages import ENGLISH, QUESTION_WORDS_PATH, languages


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # Turkish
        ("Tiflis zirvesi hangi tarihte yapıldı?", "day"),
        ("Suudi Arabistan kaç drone satın aldı?", "number"),
        ("Helsinki toplantısı ne zaman yapıldı?", "date"),
        ("Tiflis toplantısına kim başkanlık etti?", "actor"),
        ("Bir sonraki zirve hangi şehirde yapılacak?", "place"),
        ("Tiflis bildirisi neyi öngörüyor?", ""),
        # Russian
        ("Какого числа прошла встреча в Тбилиси?", "day"),
        ("Сколько дронов купила Саудовская Аравия?", "number"),
        ("Когда прошла встреча в Хельсинки?", "date"),
        ("Кто председательствовал на встрече в Тбилиси?", "actor"),
        ("В каком городе пройдёт следующий саммит?", "place"),
        ("О чём договорились в Тбилиси?", ""),
        # Azerbaijani
        ("Tbilisi görüşü hansı tarixdə keçirildi?", "day"),
        ("Səudiyyə Ərəbistanı neçə dron alıb?", "number"),
        ("Növbəti sammit hansı şəhərdə keçiriləcək?", "place"),
        # Kazakh
        ("Тбилисидегі кездесу қай күні өтті?", "day"),
        ("Сауд Арабиясы қанша дрон сатып алды?", "number"),
        ("Келесі саммит қайда өтеді?", "place"),
        # Uzbek, Latin and Cyrillic
        ("Tbilisidagi uchrashuv qachon boʻldi?", "date"),
        ("Saudiya Arabistoni nechta dron sotib oldi?", "number"),
        ("Тбилисидаги учрашувга ким раислик қилди?", "actor"),
        ("Кейинги саммит қаерда ўтказилади?", "place"),
        # English is read by its own patterns, as before
        ("How many drones did Saudi Arabia buy?", "number"),
        ("Where did the envoys meet in Tbilisi?", "place"),
    ],
)
def test_a_question_asks_for_the_kind_its_languages_question_words_say(question, kind):
    assert expected_type(question) == kind


def test_every_language_the_assistant_reads_has_question_words_that_compile():
    data = json.loads(QUESTION_WORDS_PATH.read_text(encoding="utf-8"))
    for language in languages():
        if language == ENGLISH:
            continue
        assert language in data, f"{language} has no question words"
        assert {"day", "number", "date", "person", "place", "ahead"} <= set(data[language])
        for pattern in data[language].values():
            re.compile(pattern)


@pytest.mark.parametrize(
    ("question", "evidence", "holds"),
    [
        # A number asked in Russian: the English evidence must give one (not the question's own year).
        ("Сколько дронов купила Саудовская Аравия в 2024 году?", "Saudi Arabia bought 12 drones in 2024.", True),
        ("Сколько дронов купила Саудовская Аравия в 2024 году?", "Saudi Arabia bought drones in 2024.", False),
        # An exact day asked in Turkish: a year alone does not answer it.
        ("Tiflis tatbikatının kesin tarihi ne?", "The exercise in Tbilisi is planned for 2026.", False),
        ("Tiflis tatbikatının kesin tarihi ne?", "The exercise in Tbilisi is planned for 14 May 2026.", True),
        # What is still to come, asked in Russian: a past meeting's place does not answer it.
        ("В каком городе пройдёт следующий саммит?", "The last summit was held in Helsinki.", False),
        ("В каком городе пройдёт следующий саммит?", "The next summit will be held in Helsinki.", True),
        # Someone, in a Russian or Turkish article: a capitalised word past the sentence's first names one.
        ("Кто назначен оператором реестра?", "Оператором реестра назначен таможенный комитет Грузии.", True),
        ("Кто назначен оператором реестра?", "Реестр будет обновляться каждые сутки.", False),
        ("Rejistrin operatörü kim oldu?", "Bu protokol ile operatör olarak Tiflis gümrük idaresi seçildi.", True),
    ],
)
def test_the_evidence_is_checked_for_what_a_question_in_another_language_asks(question, evidence, holds):
    assert holds_type(expected_type(question), question, evidence) is holds


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("Когда и где прошла встреча в Тбилиси?", ["date", "place"]),
        ("Tiflis toplantısı ne zaman ve nerede yapıldı?", ["date", "place"]),
        ("Сауд Арабиясы қанша дрон сатып алды?", ["number"]),  # read as Russian: its Kazakh word still counts
        ("Tbilisidagi uchrashuvga kim raislik qildi?", ["person"]),
        ("О чём договорились в Тбилиси?", []),
    ],
)
def test_a_direct_answer_states_what_a_question_in_another_language_asks(question, phrases):
    assert phrase_kinds(question) == phrases
