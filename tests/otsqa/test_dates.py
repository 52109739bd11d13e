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
