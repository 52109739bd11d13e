"""Quantities in a generated sentence, and whether the cited passages give each one for the same subject.

A generated sentence is checked as strictly as a quote: every quantity it states — digits, number words
("three", "twenty-five", "a dozen", "two hundred"), vague counts ("dozens", "thousands"), ordinals
("second", "12th"), dates ("7 October 2025", "October 7, 2025", "07.10.2025", "in March"), years,
percentages and money ("$1.5 billion") — is read as a value (three → 3, "1.5 billion" → 1500000000)
and must be found in a sentence of a cited passage that is about the same thing:

- that passage sentence holds the same value (in any of the forms above: "3 drones" gives "three");
- it shares at least one of the generated sentence's names or content words (or its question's: a
  sentence leans on the question for its subject, "It was held in 2022."), other than quantities;
- when the generated sentence has a year, that passage sentence is about the same year (its own years;
  when it has none, the previous sentence's, or the nearest earlier one's, else the next one's);
- it is not an other event's: when the passage sentence most about this one (the most of its names and
  words, at least two) gives another value of the same kind, in the same slot ("600 personnel" is no
  rival to "two armies"), that the generated sentence does not state itself, a sentence holding this
  value with under 2/3 of those words belongs to another event.

So "three drones" with no number in the passage fails ("no number in the cited passages says
'three'"), and "36 died in 2022" fails when the passage gives 36 for a 2021 clash ("'36' belongs to
another sentence: …"). Codes with digits ("F-16", "C5+1") are not quantities: they must appear as
written, like names. Plain string work, no models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from otsqa.dates import DAY as _DAY
from otsqa.dates import DAY_ITEM as _DAY_ITEM
from otsqa.dates import DAY_SEP as _SEP
from otsqa.dates import YEAR as _YEAR
from otsqa.text import MONTH_WRITTEN, STOPWORDS, month_number, proper_names, split_sentences, stem, terms

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
}  # fmt: skip
# Words a passage may use for "first" ("the inaugural summit"): the same ordinal.
FIRST_ALIASES = ("inaugural", "first-ever", "maiden", "debut")
# Vague counts: the word itself, or a number in the range it stands for.
VAGUE = {
    "dozens": (24, 100),
    "scores": (40, 200),
    "hundreds": (200, 1_000),
    "thousands": (2_000, 1_000_000),
    "millions": (2_000_000, 1_000_000_000),
    "billions": (2_000_000_000, 10**12),
}
PERCENT = r"(?:\s*%|\s*per\s?cent\b|\s*percent\b)"
CURRENCY_BEFORE = r"(?:US\$|\$|€|£|₺|₸|USD\s?|EUR\s?)"
# Words that say nothing about what a quantity belongs to: they cannot tie it to a passage sentence.
GENERIC = frozenset(
    """year years month months day days week weeks time times total number numbers percent per cent
    share amount figure figures about around approximately nearly almost over least more less than
    some people person thing things including include includes included part parts date dates article
    passage passages text say said says state stated according reported report reports also""".split()
)
_MONTH_NAMES = {m.lower() for m in ("January February March April May June July August September October "
                                    "November December").split()}  # fmt: skip
# Number words as a sentence may open with them ("Three drones …", "Dozens of …"): quantities, not names.
NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | frozenset(ORDINALS) | frozenset(VAGUE) | {"dozen"}
_NUMBER_WORDS = NUMBER_WORDS | {"a", "and"}

_DATES = [
    # 7 October 2025, 7th of October, 7 Oct. 2025
    (re.compile(rf"\b{_DAY}\s+(?:of\s+)?{MONTH_WRITTEN}(?:,?\s+{_YEAR})?(?![\w])", re.I), ("d", "m", "y")),
    # October 7, 2025; October 7
    (re.compile(rf"\b{MONTH_WRITTEN}\s+{_DAY}(?:,?\s+{_YEAR})?(?![\w%])", re.I), ("m", "d", "y")),
    # 07.10.2025, 7/10/2025 (day first, as the region writes it)
    (re.compile(rf"(?<![\w.])(\d{{1,2}})[./](0?[1-9]|1[0-2])[./]{_YEAR}(?!\w|\.\d)"), ("d", "m", "y")),
    # 2025-10-07
    (re.compile(rf"(?<![\w.-]){_YEAR}-(0[1-9]|1[0-2])-([0-3]\d)(?![\w-])"), ("y", "m", "d")),
    # October 2025
    (re.compile(rf"\b{MONTH_WRITTEN}\s+{_YEAR}(?![\w])", re.I), ("m", "y")),
]
# Several days of one month: "18 and 19 December", "23–24 February 2021", "May 23, 30" (a day followed by
# its own month is not in the list: "May 23, 30, and 2 June" is 23 and 30 May, then 2 June).
_DAY_LISTS = [  # month first, so that "May 23, 30, and 2 June" is not read as days of June
    re.compile(
        rf"\b{MONTH_WRITTEN}\s+(?P<days>{_DAY_ITEM}(?:{_SEP}{_DAY_ITEM}(?!\s*(?:of\s+)?{MONTH_WRITTEN}))+)"
        rf"(?:,?\s+(?P<y>(?:19|20)\d\d))?(?![\w])",
        re.I,
    ),
    re.compile(
        rf"\b(?P<days>{_DAY_ITEM}(?:{_SEP}{_DAY_ITEM})+)\s+(?:of\s+)?{MONTH_WRITTEN}(?:,?\s+(?P<y>(?:19|20)\d\d))?(?![\w])", re.I
    ),
]
# A month named alone ("in March"): "May" only after a word that makes it the month.
_MONTH_ALONE = re.compile(
    r"\b(?P<m>January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\b(?:in|of|since|until|by|from|during|early|late|mid|last|next|this|that)[\s-](?P<may>May)\b"
)
# Codes that hold digits: read like names (they must appear as written), not as quantities.
_CODE = re.compile(r"\b(?!(?:mid|early|late|pre|post|end|over|under)-)[A-Za-z]+-?\d+[A-Za-z0-9]*(?:[-+]\d+)*\b")
_DIGITS = re.compile(
    rf"(?P<cur>{CURRENCY_BEFORE})?(?<![\w.,])(?P<num>\d+(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?:(?P<ord>st|nd|rd|th)(?![\w])|(?P<pct>{PERCENT})"
    rf"|(?P<scale>\s*(?:hundred|thousand|million|billion|trillion)\b|\s?(?:bn|mn|mln|m|k|b)\b)|(?:['’]?s)?(?![\w]))",
    re.I,
)
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


@dataclass(frozen=True)
class Quantity:
    """One quantity as a value. ``kind``: number (counts and money), year (a number too: "2,022" and
    "2022" match), ordinal, percent, date (``value`` is day and month), month, vague (the word)."""

    kind: str
    value: object
    text: str  # as written
    start: int
    end: int
    year: int | None = None  # a date's year, when it gives one

    def matches(self, other: Quantity) -> bool:
        if self.kind in ("number", "year") and other.kind in ("number", "year"):
            return abs(float(self.value) - float(other.value)) < 1e-9 * max(1.0, abs(float(self.value)))
        if self.kind == "vague":
            low, high = VAGUE[str(self.value)]
            return (other.kind == "vague" and other.value == self.value) or (
                other.kind == "number" and low <= float(other.value) < high
            )
        if self.kind == "month":
            return other.kind in ("month", "date") and _month(other) == self.value
        return self.kind == other.kind and self.value == other.value


def _month(q: Quantity) -> object:
    return q.value[1] if q.kind == "date" else q.value


def _masked(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def quantities(text: str) -> list[Quantity]:
    """Every quantity ``text`` states, in order. A date gives a `date` (day and month) or a `month`,
    and its year as a `year` of its own."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = [m.span() for m in _CODE.finditer(text)]
    work = _masked(text, taken)
    for pattern in _DAY_LISTS:
        for m in pattern.finditer(work):
            month = month_number(re.search(MONTH_WRITTEN, m.group(), re.I).group(1))
            year = int(m.group("y")) if m.group("y") else None
            days = [int(d) for d in re.findall(r"\d{1,2}(?=\D|$)", m.group("days"))]
            if not all(1 <= d <= 31 for d in days):
                continue
            found += [Quantity("date", (d, month), m.group(), m.start(), m.end(), year) for d in days]
            if year:
                found.append(Quantity("year", year, str(year), m.start(), m.end()))
            work = _masked(work, [m.span()])
    for pattern, order in _DATES:
        for m in pattern.finditer(work):
            parts = dict(zip(order, m.groups()))
            month = parts["m"]
            month = int(month) if month.isdigit() else month_number(month)
            year = int(parts["y"]) if parts.get("y") else None
            if parts.get("d"):
                day = int(parts["d"])
                if not 1 <= day <= 31:
                    continue
                found.append(Quantity("date", (day, month), m.group(), m.start(), m.end(), year))
            else:
                found.append(Quantity("month", month, m.group(), m.start(), m.end(), year))
            if year:
                found.append(Quantity("year", year, str(year), m.start(), m.end()))
            taken.append(m.span())
            work = _masked(work, [m.span()])
    for m in _MONTH_ALONE.finditer(work):
        name = "m" if m.group("m") else "may"
        found.append(Quantity("month", month_number(m.group(name)), m.group(name), m.start(name), m.end(name)))
        work = _masked(work, [m.span(name)])
    for m in _DIGITS.finditer(work):
        raw = m.group("num").replace(",", "")
        value = float(raw)
        if m.group("ord"):
            found.append(Quantity("ordinal", int(value), m.group().strip(), m.start(), m.end()))
        elif m.group("pct"):
            found.append(Quantity("percent", value, m.group().strip(), m.start(), m.end()))
        else:
            scale = (m.group("scale") or "").strip().lower()
            if scale in SHORT_SCALES and not m.group("cur") and scale in ("m", "b", "k"):
                scale = ""  # "5 m" is five metres, "5 k" anything: only "$5m" is money
            value *= SCALES.get(scale, SHORT_SCALES.get(scale, 1))
            is_year = not scale and not m.group("cur") and "." not in raw and 1900 <= value <= 2099 and raw == m.group("num")
            found.append(Quantity("year" if is_year else "number", int(value) if value.is_integer() else value,
                                  m.group().strip(), m.start(), m.end()))  # fmt: skip
        work = _masked(work, [m.span()])
    found += _word_quantities(work)
    return sorted(found, key=lambda q: (q.start, q.kind != "date"))


def _word_quantities(text: str) -> list[Quantity]:
    """Number words, ordinals and vague counts ("twenty-five", "a dozen", "two hundred", "second")."""
    words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: list[Quantity] = []
    i = 0
    while i < len(words):
        word, start, end = words[i]
        low = word.lower()
        parts = low.split("-")
        if word[:1].isupper() and not _opens(text, start) and _in_name(words, i):
            i += 1  # "Group of Seven", "Three Seas": part of a name (the name check reads it)
            continue
        if low in VAGUE:
            out.append(Quantity("vague", low, word, start, end))
        elif low in ORDINALS or low in FIRST_ALIASES:
            before = words[i - 1][0].lower() if i else ""
            if before in ("a", "an", "one") and _next(words, i) in ("of", ""):
                pass  # "a tenth of", "one third": a fraction, not a rank
            elif not (low == "second" and _is_time_unit(words, i)):
                if low != "first" or _first_is_ordinal(words, i):
                    out.append(Quantity("ordinal", ORDINALS.get(low, 1), word, start, end))
        elif all(p in UNITS or p in TENS for p in parts) or (
            low in ("a", "an") and _next(words, i) in ("dozen", "hundred", "thousand", "million", "billion")
        ):
            j, value, current = i, 0, 0
            while j < len(words):
                if j > i and text[words[j - 1][2] : words[j][1]].strip():
                    break  # a comma or a full stop ends the number ("fifty, twenty-five" are two)
                w = words[j][0].lower()
                ps = w.split("-")
                if all(p in UNITS or p in TENS for p in ps):
                    current += sum(UNITS.get(p, 0) + TENS.get(p, 0) for p in ps)
                elif w in ("a", "an") and j == i:
                    current = 1
                elif w == "dozen":
                    current = (current or 1) * 12
                elif w == "hundred":
                    current = (current or 1) * 100
                elif w in SCALES:
                    value += (current or 1) * SCALES[w]
                    current = 0
                elif w == "and" and j > i and j + 1 < len(words) and words[j + 1][0].lower() in {**UNITS, **TENS}:
                    pass
                else:
                    break
                j += 1
            total = value + current
            last = j - 1
            if low == "one" and j == i + 1 and _pronoun_one(text, words, i):
                i += 1
                continue
            if low in ("a", "an") and last == i:
                i += 1
                continue
            out.append(Quantity("number", total, text[start : words[last][2]], start, words[last][2]))
            i = j
            continue
        i += 1
    return out


_DATE_WORDS = {stem(w) for w in _MONTH_NAMES | {"updated", "published", "posted", "established", "founded", "date"}} | {
    w[:3] for w in _MONTH_NAMES
}


def _in_name(words: list[tuple[str, int, int]], i: int) -> bool:
    """A capitalised word beside another ("Three Seas", "Group of Seven"), not "the Three countries"."""

    def capital(j: int) -> bool:
        return 0 <= j < len(words) and words[j][0][:1].isupper()

    before = words[i - 1][0].lower() if i else ""
    return capital(i + 1) or capital(i - 1) or (before in ("of", "the") and capital(i - 2))


def _next(words: list[tuple[str, int, int]], i: int) -> str:
    return words[i + 1][0].lower() if i + 1 < len(words) else ""


def _opens(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before.endswith((".", ":", "!", "?", "(", '"', "“", "—", "-", "•", "*"))


def _is_time_unit(words: list[tuple[str, int, int]], i: int) -> bool:
    before = words[i - 1][0].lower() if i else ""
    return before in ("a", "per", "one", "split") and _next(words, i) in ("", "later", "of", "or", "and")


def _first_is_ordinal(words: list[tuple[str, int, int]], i: int) -> bool:
    """Whether "first" is a rank: "the first summit", "Norvania's first drill"; not "at first", "was first signed"."""
    before = words[i - 1][0].lower() if i else ""
    return (before in ("the", "its", "their", "his", "her", "our", "a", "s") or before.endswith("'s")) and _next(
        words, i
    ) not in ("of", "", "and")


def _pronoun_one(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Whether "one" is a pronoun, not a count: "one of the", "one another", "no one", "the one", "each one"."""
    before = words[i - 1][0].lower() if i else ""
    after = _next(words, i)
    return before in ("no", "the", "each", "any", "every", "this", "that", "which", "someone", "anyone") or after in (
        "of", "another", "", "and", "or", "which", "that", "who",
    )  # fmt: skip


# -- tying a quantity to what it is about ---------------------------------------------------------


@dataclass
class _PassageSentence:
    text: str
    quantities: list[Quantity]
    years: set[int]
    words: set[str]
    names: int  # distinct proper names (for "the two countries")


def _years(qs: Sequence[Quantity]) -> set[int]:
    return {int(q.value) for q in qs if q.kind == "year"}


def anchors(text: str) -> set[str]:
    """The words that say what ``text`` is about: its names and content words (stemmed), not its
    quantities, months or words that fit any subject."""
    out = set()
    names = {n.upper() for n in proper_names(text)}
    for word in terms(text):
        if word.isdigit() or word in GENERIC or word in _MONTH_NAMES or word in STOPWORDS:
            continue
        if any(p in _NUMBER_WORDS or p in FIRST_ALIASES for p in word.split("-")) or word in _NUMBER_WORDS:
            continue
        if re.fullmatch(r"\d+(?:st|nd|rd|th|s)?|\d+[a-z]{0,3}", word):
            continue
        if len(word) >= 4 or word.upper() in names:
            out.add(stem(word))
    return out


def _sentences(passages: Sequence[str]) -> list[list[_PassageSentence]]:
    out = []
    for passage in passages:
        rows = []
        for s, e in split_sentences(passage):
            text = passage[s:e]
            qs = quantities(text)
            words = {stem(w) for w in terms(text) if not w.isdigit()}
            rows.append(_PassageSentence(text, qs, _years(qs), words, len(set(proper_names(text)))))
        out.append(rows)
    return out


def _context_years(rows: list[_PassageSentence], i: int) -> set[int]:
    """The years a passage sentence is about: its own; when it has none, the previous sentence's, or
    the nearest earlier sentence's with one, else the next one's."""
    for j in range(i, -1, -1):
        if rows[j].years:
            return rows[j].years
    for j in range(i + 1, len(rows)):
        if rows[j].years:
            return rows[j].years
    return set()


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def check(sentence: str, passages: Sequence[str], question: str = "") -> str:
    """An empty string when every quantity of ``sentence`` is given, for its subject, by a sentence of
    ``passages`` (the cited passages' texts); else the reason, readable. ``question`` lends its words to the
    sentence's ("Three [1]." answering "How many drones …?")."""
    wanted = quantities(sentence)
    evidence = " ".join(passages)
    codes = [m.group() for m in _CODE.finditer(sentence)]
    missing = [c for c in codes if not re.search(_code_pattern(c), evidence, re.I)]
    if missing:
        return f"not in the cited passages: {', '.join(missing)}"
    if not wanted:
        return ""
    # The question's words count too: a sentence leans on it for its subject ("It was held in 2022.").
    own = anchors(sentence) | (anchors(question) if question else set())
    years = _years(wanted)
    rows = _sentences(passages)
    # The passage sentence(s) most about this one: the most of its own names and words (at least two).
    mine = anchors(sentence)
    overlap = {(k, i): len(mine & row.words) for k, rows_ in enumerate(rows) for i, row in enumerate(rows_)}
    most = max(overlap.values(), default=0)
    closest = [rows[k][i] for (k, i), n in overlap.items() if n == most] if most >= 2 else []
    for q in wanted:
        if q.kind == "year" and any(w.kind in ("date", "month") and w.start == q.start for w in wanted):
            continue  # a date's year: checked with the date (its year must be near it)
        carriers = [(rows_, i) for rows_ in rows for i, row in enumerate(rows_) if any(q.matches(p) for p in row.quantities)]
        if q.kind == "ordinal" and q.value == 1 and not carriers:
            carriers = [
                (rows_, i) for rows_ in rows for i, row in enumerate(rows_) if re.search(r"\b(?:inaugural|first)", row.text, re.I)
            ]
        if not carriers:
            if (
                q.kind == "number"
                and _definite(sentence, q)
                and any(row.names >= int(q.value) and (not own or own & row.words) for rows_ in rows for row in rows_)
            ):
                continue  # "the two countries" where a sentence names them
            noun = "date" if q.kind in ("date", "month") else "number"
            return f'no {noun} in the cited passages says "{q.text}"'
        need = years if q.kind != "year" else set()
        if q.kind in ("date", "month") and q.year:
            need = {q.year}
        # The sentence most about this one gives another value of the same kind, and none of this one:
        # a carrier far less about it (under 2/3 of its words) is another event's.
        rival = next((r for r in closest if _rival_values(q, r, sentence, wanted)), None)
        if any(any(q.matches(x) for x in r.quantities) for r in closest):
            rival = None
        reasons = []
        for rows_, i in carriers:
            row = rows_[i]
            # a bare date line ("12 January 2026") says nothing of a subject, so nothing to share
            shared = not own or not (row.words - _DATE_WORDS) or bool(own & row.words)
            context = _context_years(rows_, i)
            timely = not need or bool(need & context)
            outdone = rival is not None and 3 * len(mine & row.words) < 2 * most
            if shared and timely and not outdone:
                break
            if outdone:
                given = ", ".join(x.text for x in _rival_values(q, rival, sentence, wanted))
                reasons.append(
                    f'"{q.text}" belongs to another sentence: "{_short(row.text)}"; the one about this gives '
                    f'{given}: "{_short(rival.text)}"'
                )
            elif not timely:
                about = ", ".join(str(y) for y in sorted(context)) or "no year"
                wanted_years = ", ".join(str(y) for y in sorted(need))
                reasons.append(f'"{q.text}" belongs to another sentence: "{_short(row.text)}" ({about}, not {wanted_years})')
            else:
                reasons.append(
                    f'"{q.text}" belongs to another sentence: "{_short(row.text)}" (it shares no name or word with this one)'
                )
        else:
            return reasons[0]
    return ""


def _same_kind(q: Quantity, other: Quantity) -> bool:
    if q.kind in ("date", "month"):
        return other.kind in ("date", "month")
    return other.kind == q.kind


def _rival_values(q: Quantity, row: _PassageSentence, sentence: str, stated: Sequence[Quantity]) -> list[Quantity]:
    """The values ``row`` gives that could stand where ``q`` does in ``sentence``: of the same kind, not
    stated anywhere in the sentence, and, for counts, ordinals and percentages, in the same slot (one of
    the three words after it is one of the three after ``q``: "600 personnel" is no rival to "two
    armies"). Vague counts have none."""
    if q.kind == "vague":
        return []
    slot = set(_after(sentence, q))
    return [
        x
        for x in row.quantities
        if _same_kind(q, x)
        and not any(x.matches(y) or y.matches(x) for y in stated)
        and (q.kind in ("date", "month", "year") or slot & set(_after(row.text, x)))
    ]


def _after(text: str, q: Quantity, n: int = 3) -> list[str]:
    return [stem(w) for w in terms(text[q.end :])[:n] if not w.isdigit() and w not in _NUMBER_WORDS]


def _definite(sentence: str, q: Quantity) -> bool:
    """Whether a number counts what the sentence names ("the two countries"), not a new fact."""
    before = sentence[: q.start].rstrip().lower()
    return bool(re.search(r"\b(?:the|these|those|all|its|their)$", before)) and isinstance(q.value, int) and 2 <= q.value <= 6


def _code_pattern(code: str) -> str:
    """A code as a pattern: "F-16" as "F-16", "F 16" or "F16"; "C5+1" as written."""
    return r"\b" + r"[-\s]?".join(re.escape(part) for part in re.split(r"-", code)) + r"(?![\w])"
