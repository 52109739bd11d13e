"""The date grammar (otsqa/dates.py) against hand-read expectations: what is a date, what it reads as,
and what only looks like one."""

from __future__ import annotations

import subprocess
import sys

import pytest

from otsqa.dates import DateMention, find_dates


@pytest.mark.parametrize(
    "text, written, read, until, normalised",
    [
        ("The leaders met on 7 October 2025 in Gabala.", "7 October 2025", (2025, 10, 7), None, "7 October 2025"),
        ("It was held on October 7, 2025, in Gabala.", "October 7, 2025", (2025, 10, 7), None, "7 October 2025"),
        ("Signed Oct. 7, 2025 by all five.", "Oct. 7, 2025", (2025, 10, 7), None, "7 October 2025"),
        ("on the 7th of October 2025", "7th of October 2025", (2025, 10, 7), None, "7 October 2025"),
        ("03 Nov 2023, 16:40 (GMT+6)", "03 Nov 2023", (2023, 11, 3), None, "3 November 2023"),
        ("Published: 07.10.2025", "07.10.2025", (2025, 10, 7), None, "7 October 2025"),
        ("a decree of 7/10/2025 took effect", "7/10/2025", (2025, 10, 7), None, "7 October 2025"),
        ("the minutes (2025-10-07) say", "2025-10-07", (2025, 10, 7), None, "7 October 2025"),
        ("filed 2025/10/07", "2025/10/07", (2025, 10, 7), None, "7 October 2025"),
        ("They met in May 2024 in Baku.", "May 2024", (2024, 5, None), None, "May 2024"),
        ("The 12th OTS Summit (Gabala, October, 2025) ended.", "October, 2025", (2025, 10, None), None, "October 2025"),
        ("It was founded in 2009.", "2009", (2009, None, None), None, "2009"),
        ("during 2024 the talks stalled", "2024", (2024, None, None), None, "2024"),
        ("The Shusha Declaration of 2021 changed that.", "2021", (2021, None, None), None, "2021"),
        ("after the 2020 war", "2020", (2020, None, None), None, "2020"),
        ("Azerbaijan's 2023 reassertion of control", "2023", (2023, None, None), None, "2023"),
        ("ties with Russia (2025) remain", "2025", (2025, None, None), None, "2025"),
        ("published in early 2017", "2017", (2017, None, None), None, "2017"),
        ("by mid-2024 the unit was ready", "2024", (2024, None, None), None, "2024"),
        ("The summit ran 11–12 November 2021.", "11–12 November 2021", (2021, 11, 11), (2021, 11, 12), "11–12 November 2021"),
        ("It ran from 6 to 8 September 2023.", "6 to 8 September 2023", (2023, 9, 6), (2023, 9, 8), "6–8 September 2023"),
        ("held 18-19 September 2024", "18-19 September 2024", (2024, 9, 18), (2024, 9, 19), "18–19 September 2024"),
        ("held November 11-12, 2021", "November 11-12, 2021", (2021, 11, 11), (2021, 11, 12), "11–12 November 2021"),
        ("from 29 June to 1 July 2022", "29 June to 1 July 2022", (2022, 6, 29), (2022, 7, 1), "29 June – 1 July 2022"),
        ("from 29 December to 2 January 2022", "29 December to 2 January 2022", (2021, 12, 29), (2022, 1, 2),
         "29 December 2021 – 2 January 2022"),
        ("members joined in 2008-2009", "2008-2009", (2008, None, None), (2009, None, None), "2008–2009"),
        ("between 2022 and 2024 the format grew", "2022 and 2024", (2022, None, None), (2024, None, None), "2022–2024"),
        ("ASTANA, 3 November (Wire) — Tokayev said", "3 November", (None, 11, 3), None, "3 November"),
        ("It was 29 February 2024.", "29 February 2024", (2024, 2, 29), None, "29 February 2024"),
    ],
)  # fmt: skip
def test_a_date_is_read_with_its_span(text, written, read, until, normalised):
    [date] = find_dates(text)
    assert (date.text, (date.year, date.month, date.day), date.until) == (written, read, until)
    assert text[date.start : date.end] == written
    assert date.normalised() == normalised


@pytest.mark.parametrize(
    "text",
    [
        "Article 7 of the charter applies.",
        "1,200 troops took part.",
        "COVID-19 closed the borders.",
        "the Baku-2023 International Exercise",
        "Birlestik-2024 was a command-post drill",
        "influence in the 2020s",
        "POLICY BRIEF No. 11/2025",
        "Members may 2 times a year ask for help.",  # "may" in lower case is a verb
        "The talks may 2025 be resumed.",
        "It is 31 November 2024.",  # no such day
        "It is 29 February 2023.",
        "see https://example.org/2023-10-12/report and www.example.org/2024/05/01",
        "Caspian Breeze 2025 was a naval drill.",  # a name, not a date
        "the Turkic World Vision 2040",
        "a cooperation plan for 2025",  # a target
        "Kazakhstan has 42 percent coverage and 16 px margins.",
        "the 12th summit adopted 35 documents",
        "It cost $2025 in all.",
        "the 12–11 November list",  # no range runs backwards
    ],
)
def test_what_only_looks_like_a_date_is_none(text):
    assert find_dates(text) == []


def test_bare_years_count_only_when_asked_for_a_table_row():
    row = "Fourth meeting: Tashkent, 2025"
    assert find_dates(row) == []
    [year] = find_dates(row, bare_years=True)
    assert (year.text, year.year, row[year.start : year.end]) == ("2025", 2025, "2025")
    assert find_dates("Exercise: Baku-2023", bare_years=True) == []


def test_days_of_a_list_share_the_year_written_at_its_end():
    text = "Rounds were held on 23 May, 30 May and 2 June 2023, then on 4–5 July 2023; talks ended on 7 June."
    dates = find_dates(text)
    assert [(d.text, d.year, d.month, d.day) for d in dates] == [
        ("23 May", 2023, 5, 23),
        ("30 May", 2023, 5, 30),
        ("2 June 2023", 2023, 6, 2),
        ("4–5 July 2023", 2023, 7, 4),
        ("7 June", None, 6, 7),  # not in the list: a caller places it
    ]
    assert [text[d.start : d.end] for d in dates] == [d.text for d in dates]


def test_several_dates_come_in_text_order():
    text = "The 2010 agreement and the Shusha Declaration of 2021 were followed on 4 July 2023 by a treaty."
    assert [d.text for d in find_dates(text)] == ["2010", "2021", "4 July 2023"]


def test_the_sort_key_puts_known_days_before_their_month_and_months_before_their_year():
    day, month, year = DateMention("", 0, 0, 2025, 10, 7), DateMention("", 0, 0, 2025, 10), DateMention("", 0, 0, 2025)
    earlier = DateMention("", 0, 0, 2024, 12, 31)
    assert sorted([year, month, earlier, day], key=DateMention.key) == [earlier, day, month, year]


def test_a_day_without_a_year_is_placed_and_a_range_follows_it_into_the_next_year():
    [day] = find_dates("on 3 November")
    assert day.with_year(2023).normalised() == "3 November 2023"
    [span] = find_dates("from 29 December to 2 January")
    placed = span.with_year(2021)
    assert (placed.year, placed.until) == (2021, (2022, 1, 2))
    assert (placed.first_day().isoformat(), placed.last_day().isoformat()) == ("2021-12-29", "2022-01-02")


def test_the_last_day_of_a_month_or_a_year():
    [month] = find_dates("in February 2024")
    [year] = find_dates("in 2023")
    assert (month.last_day().isoformat(), year.last_day().isoformat()) == ("2024-02-29", "2023-12-31")


def test_the_date_grammar_imports_nothing_of_the_layers_above():
    code = "import sys, otsqa.dates; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert not {name.split(".")[0] for name in out.split()} & {"ingest", "store", "assistant", "evals", "cli", "app", "tools"}


# -- the region's languages in running text (otsqa/dates.json) ------------------------------------------


@pytest.mark.parametrize(
    "text, written, read, until, normalised",
    [
        # Russian: the genitive after a day, the year word after a year, the prepositional of a month
        ("Совет министров собрался 16 марта 2026 года в Баку.", "16 марта 2026 года", (2026, 3, 16), None, "16 March 2026"),
        ("Соглашение вступило в силу 12 сентября 2025 г. после ратификации.", "12 сентября 2025 г.", (2025, 9, 12), None,
         "12 September 2025"),
        ("Письмо датировано 4 июля 2023 г.", "4 июля 2023 г.", (2023, 7, 4), None, "4 July 2023"),
        ("Первые учения прошли в марте 2025 года на полигоне.", "марте 2025 года", (2025, 3, None), None, "March 2025"),
        ("План утвердили в ноябре 2024 г. без поправок.", "ноябре 2024 г.", (2024, 11, None), None, "November 2024"),
        ("Март 2026 станет проверкой для штаба.", "Март 2026", (2026, 3, None), None, "March 2026"),
        ("В 2024 году стороны обменялись делегациями.", "2024 году", (2024, None, None), None, "2024"),
        ("С 2019 года группа расширилась.", "2019 года", (2019, None, None), None, "2019"),
        ("Сессии шли 11–12 ноября 2021 года в Анкаре.", "11–12 ноября 2021 года", (2021, 11, 11), (2021, 11, 12),
         "11–12 November 2021"),
        ("Сборы длились с 29 июня – 1 июля 2022 г. в горах.", "29 июня – 1 июля 2022 г.", (2022, 6, 29), (2022, 7, 1),
         "29 June – 1 July 2022"),
        ("Переговоры 2022–2024 гг. были трудными.", "2022–2024 гг.", (2022, None, None), (2024, None, None), "2022–2024"),
        ("Встреча прошла 3 окт. 2025 в Бишкеке.", "3 окт. 2025", (2025, 10, 3), None, "3 October 2025"),
        # Turkish: capitalised or not, endings after an apostrophe, a year with its ending
        ("Liderler 3 Kasım 2025 tarihinde bir araya geldi.", "3 Kasım 2025", (2025, 11, 3), None, "3 November 2025"),
        ("Tatbikat 14 EKİM 2025 sabahı başladı.", "14 EKİM 2025", (2025, 10, 14), None, "14 October 2025"),
        ("Anlaşma 2 Şubat 2023'te imzalandı.", "2 Şubat 2023", (2023, 2, 2), None, "2 February 2023"),
        ("Toplantılar Mart 2026'da yeniden başlayacak.", "Mart 2026", (2026, 3, None), None, "March 2026"),
        ("Komisyon 2025 yılının Ekim ayında kuruldu.", "2025 yılının Ekim", (2025, 10, None), None, "October 2025"),
        ("Proje 2024 yılında onaylandı.", "2024 yılında", (2024, None, None), None, "2024"),
        ("İlk adım 2024'te atıldı.", "2024", (2024, None, None), None, "2024"),
        ("Zirve 11-12 Kasım 2021 tarihlerinde yapıldı.", "11-12 Kasım 2021", (2021, 11, 11), (2021, 11, 12),
         "11–12 November 2021"),
        ("Bakanlar 12 Ara 2025 günü görüştü.", "12 Ara 2025", (2025, 12, 12), None, "12 December 2025"),
        # Kazakh: the year first, with its word; endings glued to the month
        ("Келісімге 2025 жылғы 12 қыркүйек күні қол қойылды.", "2025 жылғы 12 қыркүйек", (2025, 9, 12), None,
         "12 September 2025"),
        ("Кеңес 2025 жылғы қыркүйекте құрылды.", "2025 жылғы қыркүйекте", (2025, 9, None), None, "September 2025"),
        ("Жоспар 2024 жылы бекітілді.", "2024 жылы", (2024, None, None), None, "2024"),
        ("Жаттығу 5 наурызда 2024 жылы өтті.", "5 наурызда 2024 жылы", (2024, 3, 5), None, "5 March 2024"),
        # Uzbek (Latin and Cyrillic) and Azerbaijani
        ("Uchrashuv 12-sentabr 2025-yil kuni bo'ldi.", "12-sentabr 2025-yil", (2025, 9, 12), None, "12 September 2025"),
        ("Hujjat 2025-yil 12-sentabrda imzolandi.", "2025-yil 12-sentabrda", (2025, 9, 12), None, "12 September 2025"),
        ("Mashg'ulot 7 oktyabr 2025 da boshlandi.", "7 oktyabr 2025", (2025, 10, 7), None, "7 October 2025"),
        ("Кенгаш 2024 йилда тузилди.", "2024 йилда", (2024, None, None), None, "2024"),
        ("Sammit 2025-ci il 12 sentyabrda Bakıda keçirildi.", "2025-ci il 12 sentyabrda", (2025, 9, 12), None,
         "12 September 2025"),
        ("Görüş 7 may 2025 tarixində oldu.", "7 may 2025", (2025, 5, 7), None, "7 May 2025"),
    ],
)  # fmt: skip
def test_a_date_in_the_regions_languages_is_read_with_its_span(text, written, read, until, normalised):
    [date] = find_dates(text)
    assert (date.text, (date.year, date.month, date.day), date.until) == (written, read, until)
    assert text[date.start : date.end] == written
    assert date.normalised() == normalised


@pytest.mark.parametrize(
    "text, written, read",
    [
        ("Совещание назначено на 3 ноября.", "3 ноября", (11, 3)),
        ("Toplantı 7 Ekim'de yapıldı.", "7 Ekim", (10, 7)),
        ("toplantı 7 ekimde yapıldı", "7 ekimde", (10, 7)),
        ("Ұшу 12 қыркүйекте басталды.", "12 қыркүйекте", (9, 12)),
        ("Yig'ilish 12-sentabrda bo'ldi.", "12-sentabrda", (9, 12)),
    ],
)
def test_a_day_without_a_year_in_the_regions_languages_is_left_for_the_caller_to_place(text, written, read):
    [date] = find_dates(text)
    assert (date.text, date.year, (date.month, date.day)) == (written, None, read)
    assert date.with_year(2025).normalised().endswith("2025")


@pytest.mark.parametrize(
    "text",
    [
        "Up to 5 may be sent next year.",  # "may": a short form of "mayıs", read only with a year after it
        "Отряд из 12 человек прибыл.",  # a number and a word
        "План сотрудничества на 2025 год принят.",  # a target, as "a plan for 2025"
        "Учения 31 ноября 2024 года.",  # no such day
        "Türkiye 12 kas 5 mar gibi kısaltmalar kullanmaz.",  # short forms without a year
        "Bakanlık 2025 hedeflerini açıkladı.",  # a year without its word
        "Kazakhstan and Uzbekistan sent 12 martial arts teams.",
    ],
)
def test_what_only_looks_like_a_date_in_the_regions_languages_is_none(text):
    assert find_dates(text) == []


def test_days_of_a_russian_or_turkish_list_share_the_year_at_its_end():
    text = "Раунды прошли 23 мая, 30 мая и 2 июня 2023 года."
    assert [(d.text, d.year) for d in find_dates(text)] == [("23 мая", 2023), ("30 мая", 2023), ("2 июня 2023 года", 2023)]
    text = "Turlar 5 Mayıs ve 9 Haziran 2024 tarihlerinde yapıldı."
    assert [(d.text, d.year, d.month) for d in find_dates(text)] == [("5 Mayıs", 2024, 5), ("9 Haziran 2024", 2024, 6)]


def test_english_and_the_regions_dates_mix_in_one_text_in_order():
    text = "The charter (2 February 2023) was ratified 4 июля 2023 г. and took effect in 2024."
    assert [d.normalised() for d in find_dates(text)] == ["2 February 2023", "4 July 2023", "2024"]


# -- a date as a reader of each language writes it (issue 24: the app's own dates, not the articles') ---------


@pytest.mark.parametrize(
    "language, day, month",
    [
        ("en", "7 October 2025", "October 2025"),
        ("ru", "7 октября 2025 г.", "октябрь 2025 г."),
        ("tr", "7 Ekim 2025", "Ekim 2025"),
        ("az", "7 oktyabr 2025", "oktyabr 2025"),
        ("kk", "2025 жылғы 7 қазан", "2025 жылғы қазан"),
        ("uz", "7-oktabr 2025", "oktabr 2025"),
        ("uz-Cyrl", "7-октябрь 2025", "октябрь 2025"),
        ("fr", "7 October 2025", "October 2025"),  # a language without a shape: English
    ],
)
def test_a_date_is_written_in_the_readers_language(language, day, month):
    from otsqa.dates import written_date

    assert written_date("2025-10-07", language) == day
    assert written_date("2025-10", language) == month


def test_every_month_is_written_from_the_data_and_reads_back_as_itself():
    from otsqa.dates import date_shapes, written_date

    assert written_date("2026-03-16", "ru") == "16 марта 2026 г." and written_date("2024-08-31", "tr") == "31 Ağustos 2024"
    for language in date_shapes():
        for month in range(1, 13):
            written = written_date(f"2025-{month:02d}-12", language)
            found = find_dates(f"It was signed {written}.")
            assert [(m.year, m.month, m.day) for m in found] == [(2025, month, 12)], (language, written)


@pytest.mark.parametrize("value", ["", "n.d.", "2025", "2025-13-01", "October 2025", "2025/10/07"])
def test_what_is_not_an_iso_date_is_written_as_it_is(value):
    from otsqa.dates import written_date

    assert written_date(value, "ru") == value


def test_a_shape_that_picks_no_form_is_a_config_error(monkeypatch):
    from otsqa import dates
    from otsqa.errors import ConfigError

    broken = {**dates._data(), "written": {"ru": {"day": "{d} {m} {y}", "month": "{m} {y}", "day_form": 9, "month_form": 0}}}
    monkeypatch.setattr(dates, "_data", lambda: broken)
    dates.date_shapes.cache_clear()
    try:
        with pytest.raises(ConfigError, match="'ru'"):
            dates.date_shapes()
    finally:
        monkeypatch.undo()
        dates.date_shapes.cache_clear()
