"""Dates in an article's header lines: the shapes a date is written in (the region's languages too), date
lines, labelled dates and lines of several dated parts.

Apart from the header walk (ingest/header.py) because the walk and the reading after it
(ingest/header_rest.py) both read dates, and a date's shape is a question of its own; it needs nothing of
the walk. Month names and labels are data in otsqa/dates.json.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ingest.lines import word_count
from otsqa.dates import date_labels, foreign_month, is_update_label, month_in_language, publication_label, year_words
from otsqa.text import MONTH_WRITTEN

# The parts of a line of several dates.
PART_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s*;\s+")
UPDATED = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|revised|edited)\b", re.I)


_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"), ("y", "m", "d")),
    # "March 7, 2025", "MAR. 7, 2025", "8th March 2025": an ordinal's ending is no part of the day
    (re.compile(rf"\b{MONTH_WRITTEN}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("M", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_WRITTEN},?\s+(\d{{4}})\b", re.I), ("d", "M", "y")),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{4})\.(\d{1,2})\.(\d{1,2})\b"), ("y", "m", "d")),  # 2025.03.16 (Hungarian, East Asian)
    (re.compile(rf"\b(\d{{1,2}})-{MONTH_WRITTEN}-(\d{{4}})\b", re.I), ("d", "M", "y")),  # 03-Mar-2025 (archives)
    # 18/09/2025: day first, as the region and Europe write it; 09/18/2025 can only be month first
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), ("d", "m", "y")),
    # 24.III.2025: the month in Roman numerals, as Polish, Hungarian and military usage writes it
    (re.compile(r"\b(\d{1,2})\.\s?(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s?(\d{4})\b"), ("d", "r", "y")),
]
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MONTH_YEAR = re.compile(rf"^{MONTH_WRITTEN},?\s+(\d{{4}})$", re.I)


@lru_cache(maxsize=1)
def _region_dates() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Dates written with a month name of the region's other languages (otsqa/dates.json): "16 марта
    2026 года", "14 Ekim 2025 - 09:30", "12-sentabr 2025", "2025 жылғы 12 қыркүйек", "2025-yil 12-sentabr"."""
    month = foreign_month()
    return [
        (re.compile(rf"(?<!\d)(\d{{1,2}})(?:-|\s+)?{month},?\s+(\d{{4}})(?!\d)", re.I), ("d", "M", "y")),
        (re.compile(rf"(?<!\d)(\d{{4}})(?:-?\s*(?:{year_words()})\.?)?,?\s+(\d{{1,2}})(?:-|\s+)?{month}", re.I), ("y", "d", "M")),
    ]


@lru_cache(maxsize=1)
def region_month_year() -> re.Pattern[str]:
    return re.compile(rf"^{foreign_month()},?\s+(\d{{4}})(?:\s+(?:{year_words()})\.?)?$", re.I)


@lru_cache(maxsize=1)
def region_day() -> re.Pattern[str]:
    """A day without a year ("12 сентября", "14 Ekim, 09:30"): a date line that gives no date."""
    return re.compile(rf"^(\d{{1,2}})(?:-|\s+)?{foreign_month()}(?:[,\s]+\d{{1,2}}:\d{{2}}.*)?$", re.I)


def part_date(part: str) -> str | None:
    """The date of one part of a header line: a date line's ("3rd May 2025"), a posting's ("Posted by admin on
    Saturday 8th March 2025 at 10:14 am"), or a labelled month's ("Print edition: May 2025": ISO year-month)."""
    if (date := date_in_line(part)) is not None:
        return date
    if (_POSTED.match(part) or publication_label().match(part)) and (date := date_in(part)) is not None:
        return date
    if month := MONTH_YEAR.match(re.sub(r"^[^\W\d_][^:]{0,30}:\s*", "", part)):
        return f"{month.group(2)}-{month_in_language(month.group(1)):02d}"
    return None


# (after a label and a dash: "Transcript — aired Thursday 14 November 2024, 19:30 Bishkek time")
_POSTED = re.compile(r"^(?:[^\W\d_]+\s+[—–-]\s+)?(?:posted|published|first\s+published|filed|aired|broadcast|released)\b", re.I)


def posted_part(part: str) -> bool:
    """Whether a header line's part says when the piece came out ("Published …", "Released 9 Dec 2025", "aired
    …"), over one saying when it was recorded or drafted."""
    return bool(_POSTED.match(part))


# The parts of a header line: "A | B", "A · B", "A; B", and columns set apart by three spaces or more.
HEADER_PARTS = re.compile(r"\s+[|·•]\s+|\s*;\s+|\s{3,}")


def is_date_line(text: str) -> bool:
    """A line that is a date and little more ("16 марта 2026 года", "12 сентября", "March 2026")."""
    bare = text.strip("*_ ")
    if date_in_line(bare) is not None:
        return True
    return bool(region_day().match(bare) or MONTH_YEAR.match(bare) or region_month_year().match(bare))


def take_dates(meta: dict[str, str], published: str, changed: str, updated: str) -> str:
    """A header line's published date into ``meta`` (the first one read wins); the updated date so far."""
    if published:
        meta.setdefault("date", published)
    return updated or changed


def labelled_dates(text: str) -> tuple[str, str] | None:
    """The published and the updated date (ISO, "" where absent) labelled inside a line of parts ("Drafted:
    4 November 2025; Circulated: 11 November 2025"); None when it labels none. The first publication label
    gives the published date; an update label ("Drafted", "Last reviewed") only the other."""
    published = changed = ""
    for match in _labelled_date().finditer(text):
        if (date := date_in(match.group(2)) or _month_in(match.group(2))) is None:
            continue
        if is_update_label(match.group(1)):
            changed = changed or date
        else:
            published = published or date
    return (published, changed) if published or changed else None


def _month_in(text: str) -> str | None:
    """The ISO year-month a labelled part opens with ("Print edition: March 2025 ", "Issue period: Q1" is none)."""
    if month := re.match(rf"{MONTH_WRITTEN},?\s+(\d{{4}})\b", text.strip(), re.I):
        return f"{month.group(2)}-{month_in_language(month.group(1)):02d}"
    return None


@lru_cache(maxsize=1)
def _labelled_date() -> re.Pattern[str]:
    # A part runs to the next label: "Drafted: 18 Feb 2025: Circulated: 6 March 2025" (a row's cells) holds two.
    return re.compile(rf"(?<![^\s|·•;:])({date_labels()})\s*:\s*((?:(?!(?:{date_labels()})\s*:)[^;|·•])+)", re.I)


def dated_parts(text: str) -> tuple[str, str] | None:
    """A header line of several dated parts ("First published 2 April 2025 | Updated 5 April 2025"):
    the published date and the updated one ("" where absent); None for any other line."""
    parts = PART_SEPARATOR.split(text)
    if len(parts) < 2 or any(date_in_line(p) is None for p in parts):
        return None
    published = [p for p in parts if not updated_part(p)]
    # "Interview recorded: 14 April 2025 · Posted: 22 April 2025": the date labelled as the publication's wins.
    published = [p for p in published if publication_label().match(p.strip("*_ "))] or published
    changed = [p for p in parts if updated_part(p)]
    return (date_in(published[0]) or "" if published else ""), (date_in(changed[0]) or "" if changed else "")


def updated_part(text: str) -> bool:
    return bool(UPDATED.match(text) or ((label := publication_label().match(text)) and is_update_label(label.group(1))))


def date_in_line(text: str) -> str | None:
    """An ISO date if ``text`` is a date line (a date and at most a few other words), or a line of short
    parts one of which is ("Tbilisi Regional Review · Report · 14 November 2025": outlet, kind, date)."""
    if word_count(text) <= 8:
        return date_in(text)
    parts = [p for p in PART_SEPARATOR.split(text.strip("*_ ")) if p.strip()]
    if 2 <= len(parts) <= 4 and all(word_count(p) <= 5 for p in parts):
        dated = [(p, d) for p in parts if word_count(p) <= 5 and (d := date_in(p)) is not None]
        if len(dated) > 1:  # "Published Mar 25, 2025 · Updated Mar 26, 2025 · 6 min read": the published one
            dated = [(p, d) for p, d in dated if not updated_part(p)]
        return dated[0][1] if len(dated) == 1 else None
    return None


def date_in(text: str) -> str | None:
    for pattern, order in _DATE_PATTERNS + _region_dates():
        if match := pattern.search(text):
            parts = dict(zip(order, match.groups()))
            if "r" in parts:
                month = _ROMAN.index(parts["r"]) + 1
            else:
                month = int(parts["m"]) if "m" in parts else month_in_language(parts["M"])
            day = int(parts["d"])
            if "m" in parts and month > 12 >= day:
                month, day = day, month  # "09/18/2025": only a month-first reading is a date
            try:
                return dt.date(int(parts["y"]), month, day).isoformat()
            except ValueError:
                return None
    return None
