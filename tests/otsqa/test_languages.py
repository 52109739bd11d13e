"""otsqa/languages.py: the language of a question from its letters and words (issue 24)."""

import pytest

from otsqa.languages import ENGLISH, detect, languages


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Where was the 12th OTS summit held?", "en"),
        ("Who represented the United States in Tbilisi?", "en"),
        ("What did Saudi Arabia say about Ankara's position?", "en"),
        ("Gabala", "en"),  # nothing tells: the articles' language
        ("12. Türk Devletleri Teşkilatı zirvesi nerede yapıldı?", "tr"),
        ("Kazakistan hangi konseyin kurulmasını önerdi?", "tr"),
        ("Türk Dövlətləri Təşkilatının 12-ci sammiti harada keçirildi?", "az"),
        ("Sammit nə vaxt keçirildi?", "az"),
        ("Turkiy davlatlar tashkilotining 12-sammiti qayerda boʻlib oʻtdi?", "uz"),
        ("Sammit qachon bo'lib o'tdi?", "uz"),  # the plain apostrophe people type for ʻ
        ("Где прошёл 12-й саммит ОТГ?", "ru"),
        ("Сколько учений провели в 2025 году?", "ru"),
        ("Түркі мемлекеттері ұйымының 12-саммиті қайда өтті?", "kk"),
        ("Саммит қашан өтті?", "kk"),
        ("Туркий давлатлар ташкилотининг 12-саммити қаерда бўлиб ўтди?", "uz-Cyrl"),
        # no listed word of any language: Turkish letters in a word that is no name tell Turkish
        ("Her birim kendi verisini Semerkant'taki ortak merkeze gönderecek.", "tr"),
        ("Beş ülkenin sınır birimleri uzlaştı.", "tr"),
        # names alone in a line of English stay English
        ("Member countries: Azerbaijan, Türkiye, Uzbekistan, Kazakhstan, Kyrgyzstan", "en"),
        ("Kılıçdaroğlu: 12%", "en"),
    ],
)
def test_a_question_is_told_by_its_letters_and_words(question, expected):
    assert detect(question) == expected


def test_every_language_detect_answers_is_one_of_the_listed_codes():
    assert set(languages()) == {"en", "tr", "az", "uz", "ru", "kk", "uz-Cyrl"}
    assert ENGLISH in languages()
