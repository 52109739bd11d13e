"""Russian in Latin letters told apart from the Latin-script languages the assistant reads, and read back."""

from __future__ import annotations

import pytest

from otsqa.translit import is_russian_in_latin, russian_from_latin


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("Kogda i gde proshel 12-y sammit?", "Когда и где прошел 12-й саммит?"),
        ("Kto napisal statyu o vstreche v Tbilisi?", "Кто написал статю о встрече в Тбилиси?"),
        ("Skolko ucheniy proveli Saudovskaya Araviya i SShA?", "Сколко учений провели Саудовская Аравия и США?"),
        ("Pochemu Vashington podpisal dogovor?", "Почему Вашингтон подписал договор?"),
        ("kakoy gorod vybrali dlya vstrechi ministrov", "какой город выбрали для встречи министров"),
        ("Chto zayavil prezident Kazakhstana?", "Что заявил президент Казахстана?"),
    ],
)
def test_russian_in_latin_letters_is_read_back_in_cyrillic(typed, reading):
    assert russian_from_latin(typed) == reading


@pytest.mark.parametrize(
    "question",
    [
        "Where and when was the 12th summit held?",
        "Who is the author of the data on state budgets?",  # English words that look Russian alone
        "Gabala zirvesi ne zaman yapıldı?",  # Turkish
        "12-ci zirvə harada keçirildi?",  # Azerbaijani
        "Qabala sammiti qachon boʻlib oʻtdi?",  # Uzbek (Latin)
        "Sammit qachon va qayerda bo'ldi?",  # Uzbek, sharing "sammit" with Russian
        "Где прошёл саммит?",  # Russian in Cyrillic needs no reading
        "Kto?",  # one word says too little
    ],
)
def test_other_languages_and_cyrillic_are_not_read_as_russian_in_latin(question):
    assert not is_russian_in_latin(question)
    assert russian_from_latin(question) is None
