"""Dates as articles write them, read into (year, month, day): the one date grammar of the project.

Built on `otsqa.text`'s month names. The pieces that quantities share (a day, a year, how days of one
month are listed) are defined here and imported by `assistant.quantities`; ingest's header reader takes
its label of a publication date line from here too, so "Published: …" means the same to the cleaner that
drops it from the header and to the timeline that leaves it out of the events.

`find_dates(text)` returns every date mention of a sentence, in order, each with its exact span:

- a day: "7 October 2025", "7th of October 2025", "October 7, 2025", "Oct. 7, 2025", "03 Nov 2023",
  "07.10.2025" and "7/10/2025" (day first, as the region writes it), "2025-10-07", "2025/10/07";
- a day range: "11–12 November 2021", "6 to 8 September 2023", "November 11-12, 2021",
  "29 June to 1 July 2022";
- a month: "October 2025", "October, 2025", "in May 2024";
- a year, only where the words around it make it a date ("in 2023", "during 2024", "of 2021",
  "the 2020 war", "Azerbaijan's 2023 reassertion", "(2024)", "in early 2017", "from 2022 to 2024",
  "in 2008-2009"), or anywhere in a table row's value (``bare_years``): a bare four-digit number is as
  often a name ("Caspian Breeze 2025", "Vision 2040") or a target ("a plan for 2025");
- a day without a year ("on 7 October", "3 November"): ``year`` None, for the caller to place (a year
  later in the same list is taken: "23 May, 30 May and 2 June 2023").

The region's other languages (Russian, Turkish, Azerbaijani, Kazakh, Uzbek in both scripts) are read
too, their words kept as data in otsqa/dates.json:

- a day: "16 марта 2026 года", "12 сентября 2025 г.", "3 Kasım 2025", "3 Kasım 2025'te", "7 oktyabr 2025",
  "12-sentabr 2025-yil", "2025 жылғы 12 қыркүйек", "2025-yil 12-sentabrda"; without a year: "7 Ekim'de",
  "3 ноября", "12 қыркүйекте";
- a day range: "11–12 ноября 2021 года", "18 и 19 декабря", "29 июня – 1 июля 2022 г.";
- a month: "Mart 2026", "в марте 2025 года", "Ekim 2025'te", "2025 yılının Ekim ayında", "2025 жылғы қыркүйекте";
- a year its year word dates: "в 2024 году", "2025 yılında", "2024'te", "2025 жылы", "2025-yil", "2025-ci ildə",
  and years: "2022–2024 гг.".

A month there is a word of dates.json's months with one of its case endings ('month_endings', or any
after an apostrophe), in either case (Russian and Kazakh months are written in lower case); a short
form ("мар", "Kas", and so "may", the short form of "mayıs") only between a day and a year, so "5 may
be" and "may 2025" stay English. Ingest's header reader reads the same months through `month_in_language`,
`foreign_month` and `year_words`, beside the labels of a publication date line (`publication_label`).

The other way round, `written_date("2025-10-07", language)` writes a stored date as a reader of that language
does ("7 октября 2025 г.", "7 Ekim 2025", "2025 жылғы 7 қазан"): the dates the app shows of its own (a source's,
the article page's), from dates.json's 'written' shapes and its 'months'; `human_date` is its English.

Not dates: "Article 7", "1,200 troops", "COVID-19", "Baku-2023", "the 2020s", "No. 11/2025", a month
written in lower case ("may 2"), impossible days ("31 November 2024"), anything inside a web address.
Plain string work, nothing of the project above this floor.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from otsqa.errors import ConfigError
from otsqa.text import MONTH_WRITTEN, MONTHS, fold, month_number

# -- pieces shared with assistant.quantities ------------------------------------------------------
DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
YEAR = r"((?:19|20)\d\d)"
# Between days of one month: "18 and 19", "23–24", "23, 30".
DAY_SEP = r"(?:\s*,\s*(?:and\s+)?|\s+(?:and|to)\s+|\s*[–&-]\s*)"
DAY_ITEM = r"\d{1,2}(?:st|nd|rd|th)?(?!\d)"

DATES_PATH = Path(__file__).with_name("dates.json")


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(DATES_PATH.read_text(encoding="utf-8"))


def _alternation(words) -> str:
    """A regex alternation of ``words``, longest first (so "last updated" wins over "updated")."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@lru_cache(maxsize=1)
def date_labels() -> str:
    """A regex alternation (no group) of the labels of `publication_label`, longest first."""
    data = _data()
    return _alternation(w for key in ("publication_labels", "update_labels") for words in data[key].values() for w in words)


@lru_cache(maxsize=1)
def publication_label() -> re.Pattern[str]:
    """The label of a line that dates the article itself, not an event in it ("Published: 14.10.2025",
    "Last updated on: …", "Yayınlanma: 14 Ekim 2025", "Опубликовано: …"), in any language of
    dates.json; group 1 is the label. Ingest's header reader and the timeline use it alike."""
    return re.compile(rf"^({date_labels()})\b[^:]{{0,20}}:", re.I)


@lru_cache(maxsize=1)
def _update_labels() -> frozenset[str]:
    return frozenset(fold(w) for words in _data()["update_labels"].values() for w in words)


def is_update_label(label: str) -> bool:
    """Whether a label `publication_label` matched says the article was updated ("Updated",
    "Güncelleme", "Обновлено"), not published: its date is the article's only when no other is given."""
    return fold(" ".join(label.split())) in _update_labels()


@lru_cache(maxsize=1)
def _foreign_months() -> dict[str, int]:
    months: dict[str, int] = {}
    for language, forms in _data()["months"].items():
        if len(forms) != 12:
            raise ValueError(f"{DATES_PATH}: months of {language!r} must list 12 months, not {len(forms)}")
        for number, names in enumerate(forms, 1):
            for name in names:
                if months.setdefault(fold(name), number) != number:
                    raise ValueError(f"{DATES_PATH}: {name!r} names two months")
    return months


@lru_cache(maxsize=1)
def foreign_month() -> str:
    """A month in the region's other languages as date lines write it ("марта", "Ekim", "Kas.",
    "қыркүйек"), one capturing group (compile with re.I; `month_in_language` reads what it captured);
    no letter may follow it."""
    return rf"({_alternation(_foreign_months())})\.?(?![^\W\d_])"


def month_in_language(name: str) -> int | None:
    """1..12 for a month `foreign_month` captured (or an English one `MONTH_WRITTEN` did), else None."""
    number = _foreign_months().get(fold(name.rstrip(".")))
    if number is None and re.fullmatch(MONTH_WRITTEN, name, re.I):
        number = month_number(name.rstrip("."))
    return number


@lru_cache(maxsize=1)
def year_words() -> str:
    """A regex alternation of the words a year may take before the day it dates ("2025 жылғы")."""
    return _alternation(_data()["year_words"])


@lru_cache(maxsize=1)
def _running_months() -> dict[str, tuple[int, bool]]:
    """Every spelling of a month of dates.json in running text, folded → (its number, whether it is a
    short form, read only between a day and a year). A full form also with each case ending.

    A short form begins a form of its month two letters longer or more ("сент", "нояб", "kas"), or is
    three letters that begin a longer one ("июн", "eki"); "март" and "август" begin only their own
    genitive ("марта", "августа"), so they are whole words."""
    data = _data()
    short: set[str] = set()
    for forms in data["months"].values():
        for names in forms:
            folded = [fold(n) for n in names]
            for name in folded:
                longer = [len(o) - len(name) for o in folded if o != name and o.startswith(name)]
                if longer and (max(longer) >= 2 or len(name) <= 3):
                    short.add(name)
    endings = {fold(e) for words in data["month_endings"].values() for e in words}
    spellings: dict[str, tuple[int, bool]] = {}
    for name, number in _foreign_months().items():
        spellings[name] = (number, name in short)
        if name not in short:
            for ending in endings:
                spellings.setdefault(name + ending, (number, False))
    return spellings


def _words_of(forms) -> str:
    """A regex alternation of words, longest first, none followed by a letter; a word written with a
    full stop ("г.") may come without it."""
    pieces = []
    for word in sorted(set(forms), key=len, reverse=True):
        stem = re.escape(word.rstrip("."))
        pieces.append(rf"{stem}(?:\.|(?![^\W\d_]))" if word.endswith(".") else rf"{stem}(?![^\W\d_])")
    return "|".join(pieces)


@lru_cache(maxsize=1)
def _running_patterns() -> tuple[list[tuple[str, re.Pattern[str]]], list[tuple[str, re.Pattern[str]]]]:
    """The region's date forms in running text (see the module docstring), as (form, pattern): those
    naming a month (run only when a word of the text may be one) and those of a year alone."""
    data = _data()
    year_forms = _words_of(w for words in data["year_forms"].values() for w in words)
    year_words_first = _words_of([*data["year_words"], *(w for words in data["year_forms"].values() for w in words)])
    ordinal = rf"(?:-(?:{_alternation(data['year_ordinals'])}))?"
    endings = _alternation(data["year_endings"])
    listed = _alternation(w for words in data["list_words"].values() for w in words)

    def month(name: str) -> str:  # a word that may be a month (read by `_running_months`), its ending after an apostrophe
        return rf"(?P<{name}>[^\W\d_]{{3,}})(?:['’][^\W\d_]+)?\.?"

    def day(name: str, lookbehind: bool = True) -> str:  # a day, and what parts it from its month
        return (r"(?<![\w.,/-])" if lookbehind else "") + rf"(?P<{name}>\d{{1,2}})(?!\d)(?:-|\s+)?"

    year = rf"(?P<y>(?:19|20)\d\d)(?:{ordinal}(?:-|\s+)(?P<yw>{year_forms}))?(?![\w%])"
    then_year = rf"(?:,?\s+{year})"
    year_first = rf"(?<![\w./-])(?P<y>(?:19|20)\d\d){ordinal}(?:-|\s+)(?P<yw>{year_words_first}),?\s+"
    to = r"\s*[–—-]\s*"
    with_months = [
        ("range", rf"{day('d')}{month('fa')}{to}{day('d2', False)}{month('fb')}{then_year}?"),
        ("range", rf"{day('d')}(?:{to}|\s+(?:{listed})\s+){day('d2', False)}{month('fa')}{then_year}?"),
        ("day", rf"{year_first}{day('d', False)}{month('fa')}"),
        ("day", rf"{day('d')}{month('fa')}{then_year}?"),
        ("month", rf"{year_first}{month('fa')}"),
        ("month", rf"(?<![\w'’])(?<!\d[-\s]){month('fa')},?\s+{year}"),
    ]
    years = [
        ("years", rf"(?<![\w./-])(?P<y>(?:19|20)\d\d){to}(?P<y2>(?:19|20)\d\d){ordinal}(?:-|\s+)(?P<yw>{year_forms})"),
        ("year", rf"(?<![\w./-])(?P<y>(?:19|20)\d\d){ordinal}(?:-|\s+)(?P<yw>{year_forms})"),
        ("year", rf"(?<![\w./-])(?P<y>(?:19|20)\d\d)['’](?:{endings})(?![^\W\d_])"),
    ]
    compiled = [(form, re.compile(pattern, re.I)) for form, pattern in with_months]
    return compiled, [(form, re.compile(pattern, re.I)) for form, pattern in years]


@lru_cache(maxsize=1)
def _region_words() -> frozenset[str]:
    """The words one of which a text must hold for the region's forms to be tried on it (or a year with
    an apostrophe after it): the months' spellings (`_running_months`) and the year words, folded, as
    `_LETTERS` cuts them ("г" of "г.", "ci" and "il" of "2025-ci il")."""
    data = _data()
    words = [*data["year_words"], *data["year_ordinals"], *(w for forms in data["year_forms"].values() for w in forms)]
    return _month_spellings() | {part for w in words for part in _LETTERS.findall(fold(w))}


@lru_cache(maxsize=1)
def _month_spellings() -> frozenset[str]:
    return frozenset(_running_months())  # a set: `isdisjoint` would walk a dict's every key


@lru_cache(maxsize=1)
def _short_months() -> frozenset[str]:
    return frozenset(name for name, (_, short) in _running_months().items() if short)


@lru_cache(maxsize=1)
def _short_month_shape() -> re.Pattern[str]:
    """A short form between a day and a year, the only place it counts ("5 may 2025", "12 Ara 2025"):
    a text whose only month-like word is a short form ("may" in English) is tried only when it has it."""
    return re.compile(rf"\d[\s-]+(?:{_alternation(_short_months())})\.?,?\s+(?:19|20)\d\d", re.I)


@lru_cache(maxsize=1)
def _region_sources() -> frozenset[str]:
    with_months, years = _running_patterns()
    return frozenset(pattern.pattern for _, pattern in with_months + years)


@lru_cache(maxsize=1)
def _list_gap() -> re.Pattern[str]:
    """What may stand between days of a list that share the year at its end ("23 May, 30 May and 2 June
    2023", "23 мая и 2 июня 2023 года")."""
    listed = _alternation(w for words in _data()["list_words"].values() for w in words)
    return re.compile(rf"^[\s,;]*(?:(?:{listed})\s+)?(?:on\s+)?$", re.I)


_TO = r"\s*(?:–|—|-|\bto\b|\buntil\b|\btill\b)\s*"  # between the two ends of a range
_AND = rf"(?:{_TO}|\s+and\s+|\s*&\s*)"  # between two days of one month ("18 and 19 December")
_ORD = r"(?:st|nd|rd|th)?"
_Y = r"(?:,?\s+(?P<y>(?:19|20)\d\d))"
_D1, _D2 = rf"(?P<d>\d{{1,2}}){_ORD}", rf"(?P<d2>\d{{1,2}}){_ORD}"
_AFTER = r"(?![\w%])"  # nothing glued to the end ("2020s", "12th", "45%")


def _month(name: str) -> str:
    """`MONTH_WRITTEN` with its group named ``name`` (two months in one pattern need two names)."""
    return MONTH_WRITTEN.replace("(", f"(?P<{name}>", 1)


_MA, _MB = _month("ma"), _month("mb")
# Words that make a bare year a date: "in 2023", "the 2020 war", "Azerbaijan's 2023 reassertion", "(2024)".
_SEASON = r"(?:\s+(?:early|late|mid|the\s+(?:spring|summer|autumn|fall|winter)\s+of))?"
_YEAR_CUE = rf"(?:\b(?:[Ii]n|[Dd]uring|[Oo]f|[Tt]he|[Ff]rom|[Bb]etween|[Tt]hroughout)|['’]s){_SEASON}\s+|\(|\bmid-"

# In order: a longer form before any shorter form it holds; each match is masked before the next form.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 29 June to 1 July 2022 / June 29 to July 1, 2022
    ("range", re.compile(rf"\b{_D1}\s+(?:of\s+)?{_MA}{_TO}{_D2}\s+(?:of\s+)?{_MB}{_Y}?{_AFTER}", re.I)),
    ("range", re.compile(rf"\b{_MA}\s+{_D1}{_TO}{_MB}\s+{_D2}{_Y}?{_AFTER}", re.I)),
    # 11–12 November 2021, 6 to 8 September 2023 / November 11-12, 2021
    ("range", re.compile(rf"\b{_D1}{_AND}{_D2}\s+(?:of\s+)?{_MA}{_Y}?{_AFTER}", re.I)),
    ("range", re.compile(rf"\b{_MA}\s+{_D1}{_AND}{_D2}{_Y}?{_AFTER}", re.I)),
    # 7 October 2025, 7th of October, 03 Nov 2023
    ("day", re.compile(rf"\b{_D1}\s+(?:of\s+)?{_MA}{_Y}?{_AFTER}", re.I)),
    # October 7, 2025; October 7 (but "May 2025" is a month: a year is no day)
    ("day", re.compile(rf"\b{_MA}\s+{_D1}{_Y}?(?![\w%]|[.,]\d)", re.I)),
    # 07.10.2025, 7/10/2025 (day first, as the region writes it); 2025-10-07, 2025/10/07
    ("day", re.compile(r"(?<![\w./-])(?P<d>\d{1,2})([./])(?P<m>0?[1-9]|1[0-2])\2(?P<y>(?:19|20)\d\d)(?![\w/-]|\.\d)")),
    ("day", re.compile(r"(?<![\w./-])(?P<y>(?:19|20)\d\d)([-/])(?P<m>0?[1-9]|1[0-2])\2(?P<d>[0-3]?\d)(?![\w/-]|\.\d)")),
    # October 2025, October, 2025
    ("month", re.compile(rf"\b{_MA}{_Y}{_AFTER}", re.I)),
    # from 2022 to 2024, between 2022 and 2024, in 2008-2009
    ("years", re.compile(rf"(?:{_YEAR_CUE})(?P<y>(?:19|20)\d\d)(?:{_TO}|\s+and\s+)(?P<y2>(?:19|20)\d\d){_AFTER}(?!-)")),
    # in 2023, the 2020 war, (2024)
    ("year", re.compile(rf"(?:{_YEAR_CUE})(?P<y>(?:19|20)\d\d){_AFTER}(?![-/]\w)")),
]
# Any year, for a table row's value ("Fourth meeting: Tashkent, 2025"); not a code's ("Baku-2023").
_BARE_YEAR = re.compile(r"(?<![\w./-])(?P<y>(?:19|20)\d\d)(?![\w%/-])")
_URL = re.compile(r"(?:https?://|www\.)\S+")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
_YEAR_ENDING = re.compile(r"(?:19|20)\d\d['’]")  # "2024'te": the year's ending is tried then


@dataclass(frozen=True)
class DateMention:
    """One date as written at ``text[start:end]``, read as (year, month, day); ``month``/``day`` None
    when not given. A range ends at ``until`` (year, month, day), None for a single date; ``year`` is
    None for a day written without one, until a caller places it (`with_year`)."""

    text: str
    start: int
    end: int
    year: int | None
    month: int | None = None
    day: int | None = None
    until: tuple[int | None, int | None, int | None] | None = None

    @property
    def precision(self) -> str:
        """ "day", "month" or "year": how exactly the date is given."""
        return "day" if self.day else "month" if self.month else "year"

    def key(self) -> tuple[int, int, int]:
        """The sort key: a date without a day sorts after that month's days, one without a month after
        that year's months (what is known more exactly comes first)."""
        return (self.year or 0, self.month or 13, self.day or 32)

    def first_day(self) -> dt.date:
        return dt.date(self.year or 1, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        year, month, day = self.until or (self.year, self.month, self.day)
        year = year or self.year or 1
        if month is None:
            return dt.date(year, 12, 31)
        return dt.date(year, month, day or _days_in(year, month))

    def with_year(self, year: int) -> DateMention:
        """This date placed in ``year`` (a day written without one); a range's end follows it, into
        the next year when it ends in an earlier month ("29 December to 2 January")."""
        until = self.until
        if until is not None and until[0] is None:
            later = until[1] is not None and self.month is not None and until[1] < self.month
            until = (year + int(later), until[1], until[2])
        return replace(self, year=year, until=until)

    def normalised(self) -> str:
        """The date written one way whatever the source wrote: "7 October 2025", "11–12 November 2021",
        "29 June – 1 July 2022", "October 2025", "2025", "2008–2009"."""
        if self.year is None:
            return self.text
        if self.until is None:
            return _written(self.year, self.month, self.day)
        year2, month2, day2 = self.until
        if year2 == self.year and month2 == self.month and self.day and day2:
            return f"{self.day}–{day2} {MONTHS[self.month - 1]} {self.year}"
        if self.month is None:
            return f"{self.year}–{year2}"
        first = _written(None if year2 == self.year else self.year, self.month, self.day)
        return f"{first} – {_written(year2, month2, day2)}"


def _written(year: int | None, month: int | None, day: int | None) -> str:
    parts = [str(day)] if day and month else []
    parts += [MONTHS[month - 1]] if month else []
    parts += [str(year)] if year else []
    return " ".join(parts)


def _days_in(year: int, month: int) -> int:
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day


def _valid(year: int | None, month: int, day: int | None) -> bool:
    try:
        dt.date(year or 2000, month, day or 1)  # 2000: a leap year, so "29 February" without a year stands
    except ValueError:
        return False
    return True


def find_dates(text: str, bare_years: bool = False) -> list[DateMention]:
    """Every date ``text`` states, in order, each with its span (see the module docstring for the forms).
    ``bare_years``: any year counts, not only one the words around it date (a table row's value)."""
    if not _DIGIT.search(text):
        return []  # every form has a number
    work = _URL.sub(lambda m: " " * len(m.group()), text)
    found: list[DateMention] = []
    work = _find(_PATTERNS, work, found)
    if _DIGIT.search(work):  # what English left: the region's forms, when its words may date it
        words = set(_LETTERS.findall(fold(work)))
        if not words.isdisjoint(_region_words()) or _YEAR_ENDING.search(work):
            with_months, years = _running_patterns()
            months = words & _month_spellings()
            if months and (not months <= _short_months() or _short_month_shape().search(work)):
                work = _find(with_months, work, found)
            work = _find(years, work, found)
    if bare_years:
        for match in _BARE_YEAR.finditer(work):
            found.append(DateMention(match.group(), match.start(), match.end(), int(match.group("y"))))
    found.sort(key=lambda m: m.start)
    return _share_list_years(text, found)


def _find(patterns: list[tuple[str, re.Pattern[str]]], work: str, found: list[DateMention]) -> str:
    """Add to ``found`` the dates ``patterns`` match in ``work``, in order; return ``work`` with each
    masked, so no later (shorter) form takes it again."""
    for form, pattern in patterns:
        for match in pattern.finditer(work):
            mention = _read(form, match)
            if mention is not None:
                found.append(mention)
                start, end = mention.start, mention.end
            elif _capitalised(match) and _named_months(match) is not None:
                start, end = match.span()  # an impossible day ("31 November 2024"): no shorter form may take it
            else:
                continue
            work = work[:start] + " " * (end - start) + work[end:]
    return work


def _read(form: str, match: re.Match[str]) -> DateMention | None:
    """The mention a pattern matched, or None when it is no date (a month in lower case, an impossible day)."""
    groups = match.groupdict()
    if not _capitalised(match):
        return None  # "may 2": a verb; articles capitalise months
    named = _named_months(match)
    if named is None:
        return None  # a word where a month of the region's languages could stand, but none
    year = int(groups["y"]) if groups.get("y") else None
    month, named2 = named
    day = int(groups["d"]) if groups.get("d") else None
    if month is not None and not _valid(year, month, day):
        return None
    until: tuple[int | None, int | None, int | None] | None = None
    if form == "range":
        month2, day2 = (named2 or month), int(groups["d2"])
        if not _valid(year, month2, day2) or (named2 is None and day2 <= (day or 0)):
            return None  # "12–11 November" is no range
        until = (year, month2, day2)
        if year is not None and month2 < month:
            year -= 1  # "29 December to 2 January 2022": the year written is the end's
    elif form == "years":
        if int(groups["y2"]) <= (year or 0):
            return None
        until = (int(groups["y2"]), None, None)
    start = match.start("y") if form in ("year", "years") else match.start()
    end = match.end()
    if match.re.pattern in _region_sources():
        # The region's forms end with their last word: no ending after an apostrophe ("Ekim'de"), no stop.
        end = max(match.end(name) for name, value in groups.items() if value is not None)
    elif match.string[end - 1] == "." and match.string[start:end].rstrip(".").split()[-1].capitalize() in MONTHS:
        end -= 1  # "on 7 June." ends a sentence; only an abbreviation ("Oct.") keeps its stop
    return DateMention(match.string[start:end], start, end, year, month, day, until)


def _capitalised(match: re.Match[str]) -> bool:
    """Whether every English month the match names is capitalised (or it names none)."""
    groups = match.groupdict()
    return all(groups[name][0].isupper() for name in ("ma", "mb") if groups.get(name))


def _named_months(match: re.Match[str]) -> tuple[int | None, int | None] | None:
    """The months the match names (None where it names none), or None when a word in a month's place
    of the region's forms is no month, or a short form stands without both a day and a year ("may 2025"
    is English)."""
    groups = match.groupdict()
    if groups.get("ma"):
        return month_number(groups["ma"]), month_number(groups["mb"]) if groups.get("mb") else None
    if not groups.get("fa"):
        return (int(groups["m"]) if groups.get("m") else None), None
    months = []
    for name in ("fa", "fb"):
        if groups.get(name):
            spelled = _running_months().get(fold(groups[name]))
            if spelled is None or (spelled[1] and not (groups.get("y") and groups.get("d"))):
                return None
            months.append(spelled[0])
    return months[0], months[1] if len(months) > 1 else None


def _share_list_years(text: str, found: list[DateMention]) -> list[DateMention]:
    """A day without a year takes the year of the next date when only a list lies between them ("23
    May, 30 May and 2 June 2023")."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        following = out[i + 1]
        if out[i].year is None and following.year is not None and _list_gap().match(text[out[i].end : following.start]):
            out[i] = out[i].with_year(following.year)
    return out


__all__ = [
    "DAY",
    "DAY_ITEM",
    "DAY_SEP",
    "YEAR",
    "DateMention",
    "date_labels",
    "date_shapes",
    "find_dates",
    "fold",
    "foreign_month",
    "is_update_label",
    "month_in_language",
    "publication_label",
    "written_date",
    "year_words",
]


def human_date(date: str) -> str:
    """An ISO date (as ingest stores an article's) as analysts write it: "2025-12-11" → "11 December
    2025", "2025-11" → "November 2025"; anything else as it is."""
    parts = _iso_parts(date)
    if parts is None:
        return date
    year, month, day = parts
    written = f"{MONTHS[month - 1]} {year}"
    return written if day is None else f"{day} {written}"


def written_date(date: str, language: str = "en") -> str:
    """An ISO date as a reader of ``language`` writes it (issue 24): "2025-10-07" → "7 октября 2025 г." (ru),
    "7 Ekim 2025" (tr), "2025 жылғы 7 қазан" (kk), "7-oktabr 2025" (uz); "2025-10" → "октябрь 2025 г.".
    The shapes and month forms are dates.json's ('written', 'months'); a language without a shape there,
    English included, gets `human_date`'s; anything not an ISO date stays as it is."""
    shape, parts = date_shapes().get(language), _iso_parts(date)
    if shape is None or parts is None:
        return human_date(date)
    year, month, day = parts
    if day is None:
        return shape["month"].format(m=shape["months"][month - 1][1], y=year)
    return shape["day"].format(d=day, m=shape["months"][month - 1][0], y=year)


@lru_cache(maxsize=1)
def date_shapes() -> dict[str, dict]:
    """Per language of dates.json's 'written': its two shapes ('day', 'month') and, for each month, the form
    each takes, capitalised where the language writes it so. `written_date` reads it; so does the widget
    (web/static/widget.js), which gets it whole."""
    data = _data()
    shapes = {}
    for language, shape in data["written"].items():
        if language.startswith("_"):
            continue
        months = data["months"].get(language)
        if months is None:
            raise ConfigError(f"{DATES_PATH}: 'written' has {language!r}, which 'months' lacks: add its months")
        try:
            forms = [[names[shape["day_form"]], names[shape["month_form"]]] for names in months]
        except (KeyError, IndexError) as exc:
            raise ConfigError(f"{DATES_PATH}: the 'written' shape of {language!r} picks no form of its months ({exc})") from None
        if shape.get("capital"):
            forms = [[name[:1].upper() + name[1:] for name in pair] for pair in forms]
        shapes[language] = {"day": shape["day"], "month": shape["month"], "months": forms}
    return shapes


def _iso_parts(date: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) of "2025-10-07" or "2025-10"; None for anything else."""
    parts = date.split("-")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
        return None
    return int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else None
