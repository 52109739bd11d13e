"""A direct answer: the exact phrase of the best quote that answers a question asking for a date, a
number, a place, a person or a name ("7 October 2025", "in Gabala"), stated before the quotes.

An analyst reading "When and where was the summit held?" wants the day and the place at a glance, not
to find them inside two quoted sentences. The phrase is always a slice of a quoted sentence, so it is
as exact as the quote it is cited to; when the sentence holds no phrase of the asked-for kind that the
question does not already say, or two that are equally close to what the question asks about, there is
no direct answer and the quotes speak for themselves. Plain string work, no models, no collection
knowledge (the lexicon tells institutions from names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.grounded.question_types import phrase_kinds
from assistant.lexicon import Lexicon
from assistant.quantities import FIRST_ALIASES, ORDINALS, TENS, UNITS
from otsqa.text import MONTH, MONTHS, STOPWORDS, stem, terms

_RANGE = r"\d{1,2}(?:\s*[–-]\s*\d{1,2})?"
_SEASON = r"(?:(?:early|mid|late|the end of|the beginning of|the start of|the middle of)[\s-]+)?"
_DATES = (
    re.compile(rf"\b{_RANGE}\s+{MONTH}\s+\d{{4}}\b"),  # 7 October 2025, 11–12 November 2021
    re.compile(rf"\b{MONTH}\s+{_RANGE},?\s+\d{{4}}\b"),  # October 7, 2025
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b"),  # 2025-10-07, 07.10.2025
    re.compile(rf"\b{_SEASON}{MONTH}\s+\d{{4}}\b"),  # October 2025, early October 2025
    re.compile(rf"\b{_RANGE}\s+{MONTH}\b|\b{MONTH}\s+{_RANGE}\b(?!,?\s*\d)"),  # 3 November (the year said elsewhere)
    re.compile(rf"\b{_SEASON}(?:1[89]|20)\d\d\b"),  # 2025, early 2026
)
# A span of days or months is one answer: "1 to 15 March 2023" is when the assessors were there, and its
# last day alone ("15 March 2023") would say something else. Each is looked for before the single dates.
_DATE_RANGES = (
    re.compile(rf"\b\d{{1,2}}\s+(?:to|and|until|till)\s+\d{{1,2}}\s+{MONTH}\s+\d{{4}}\b"),  # 1 to 15 March 2023
    # 28 May to 2 June 2024
    re.compile(rf"\b\d{{1,2}}\s+{MONTH}\s*(?:[–-]|\s(?:to|until|and)\s)\s*\d{{1,2}}\s+{MONTH}\s+\d{{4}}\b"),
    re.compile(rf"\b{MONTH}\s*(?:[–-]|\s(?:to|until|through|and)\s)\s*{MONTH}\s+\d{{4}}\b"),  # June to August 2026
)
# Longest first, whole words only: "fourteen-point" is fourteen, never four.
_NUMBER_WORDS = (
    "|".join(sorted((w for w in [*UNITS, *TENS] if w != "zero"), key=len, reverse=True)) + "|dozens?|hundreds?|thousands?"
)
_QUANTITY = re.compile(
    r"(?:(?i:more than|over|about|around|nearly|almost|at least|up to|some|roughly|approximately)\s)?"
    rf"(?:(?:US)?\$|€|£)?\s?(?<![\w.,-])(?:\d+(?:[.,]\d+)*|(?i:(?:{_NUMBER_WORDS})(?:-(?:{_NUMBER_WORDS}))?)\b)"
    r"(?:\s?(?:%|per ?cent\b|percent\b))?(?:\s(?:million|billion|thousand|trillion)\b)?"
)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_PLACE = re.compile(
    r"\b(?:in|at|from|to|(?:city|town|village|capital|port) of)\s+"
    r"((?:the\s+)?[A-ZÀ-Ý][\w’'-]+(?:(?:,\s+|\s+)[A-ZÀ-Ý][\w’'-]+)*)"
)
_NAME_RUN = re.compile(r"[A-ZÀ-Ý][\w’'.-]*(?:\s+(?:(?:of|the|and|al|bin|de|van|von)\s+)*[A-ZÀ-Ý][\w’'.-]*)+")
# A capitalised word before one of these describes it ("in the Turkmen capital", "at the Uzbek border"): the
# place is the noun's, which the phrase would cut off.
_MODIFIED = frozenset(
    "capital city town village port region province district border borders side coast shore government "
    "authorities delegation side's part section frontier".split()
)
_MONTHS = frozenset(m.lower() for m in MONTHS)
_FIRST = frozenset({*FIRST_ALIASES, "founding"})
_ROW = re.compile(r"^([^:\n]{2,60}):\s+(\S.{0,60}?)[.;]?$")  # "Label: value" (otsqa.text.is_row)
_WINDOW = 80  # characters either side of a phrase in which the question's words count as "about it"


@dataclass(frozen=True)
class Phrase:
    kind: str  # date, place, number or person
    start: int  # offsets inside the sentence
    end: int


def direct_phrases(question: str, sentence: str, lexicon: Lexicon) -> list[Phrase]:
    """For each kind the question asks for, the phrase of ``sentence`` that answers it, if one does."""
    return [phrase for phrase, _ in scored_phrases(question, sentence, lexicon)]


def scored_phrases(question: str, sentence: str, lexicon: Lexicon, context: str = "") -> list[tuple[Phrase, tuple[int, int]]]:
    """`direct_phrases` with how close each is to what the question asks about: (question words its clause
    says, question words said around it). ``context`` is the sentence ``sentence`` points back at ("It
    entered into force in May 2021." after the sentence naming the accord): its words count as said by
    every clause, as the pronoun stands for them."""
    out = []
    if _other_ordinal(question, sentence):
        return out
    row = _ROW.match(sentence)
    if row and row.group(1).count("(") > row.group(1).count(")"):
        row = None  # "third meeting, Ankara (host: Turkish Space Agency)": a colon inside brackets, no label
    for kind in phrase_kinds(question):
        if row:
            # "Venue of second meeting: Istanbul": a table row's value answers what its label names.
            value, at = row.group(2), row.start(2)
            fits = _CANDIDATES[kind](value, lexicon) or ([(0, len(value))] if kind == "place" and value[:1].isupper() else [])
            spans = [(at + s, at + e) for s, e in fits if _new(value[s:e], question)]
        else:
            spans = [(s, e) for s, e in _CANDIDATES[kind](sentence, lexicon) if _new(sentence[s:e], question)]
        if closest := _closest(question, sentence, spans, context):
            (start, end), score = closest
            out.append((Phrase(kind, start, end), score))
    return out


def _ordinals(text: str) -> set[int]:
    words = {w.lower() for w in re.findall(r"[\w-]+", text)}
    found = {n for w, n in ORDINALS.items() if w in words} | {int(m) for m in re.findall(r"\b(\d{1,3})(?:st|nd|rd|th)\b", text)}
    return found | ({1} if words & _FIRST else set())


def _other_ordinal(question: str, sentence: str) -> bool:
    """The question asks about the third meeting and the sentence tells of the founding one: whatever
    phrase it holds answers about another event."""
    asked, told = _ordinals(question), _ordinals(sentence)
    return bool(asked and told and not asked & told)


def _dates(sentence: str, _lexicon: Lexicon) -> list[tuple[int, int]]:
    # A span of dates first; then the most precise single form present: a day over its month, a month
    # over its year, none that lies inside a span.
    spans = [m.span() for pattern in _DATE_RANGES for m in pattern.finditer(sentence)]
    spans = [s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)]
    for pattern in _DATES:
        found = [m.span() for m in pattern.finditer(sentence) if not any(a <= m.start() < b for a, b in spans)]
        if found:
            return sorted(spans + found)
    return sorted(spans)


def _numbers(sentence: str, _lexicon: Lexicon) -> list[tuple[int, int]]:
    found = []
    for m in _QUANTITY.finditer(sentence):
        text = m.group(0).strip()
        in_date = re.search(rf"{MONTH}\s*$", sentence[: m.start()]) or re.match(rf"\s+{MONTH}", sentence[m.end() :])
        if _YEAR.fullmatch(text) or in_date:
            continue  # a year or a day of a date, not a count
        start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        found.append((start, m.end()))
    return found


def _places(sentence: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    found = []
    for m in _PLACE.finditer(sentence):
        name = m.group(1)
        words = [w.lower().strip(",") for w in name.split()]
        if any(w in lexicon.institutional or w in STOPWORDS for w in words if w != "the") or _YEAR.fullmatch(name):
            continue
        if re.match(MONTH, name):
            continue
        following = re.match(r"\s+([a-z][\w’']*)", sentence[m.end() :])
        if following and following.group(1) in _MODIFIED:
            continue
        # "in Gabala" reads as an answer with its preposition; "the city of Gabala" is just "Gabala".
        found.append((m.start() if m.group(0)[:2].lower() in ("in", "at", "fr", "to") else m.start(1), m.end()))
    return found


def _people(sentence: str, lexicon: Lexicon) -> list[tuple[int, int]]:
    found = []
    for m in _NAME_RUN.finditer(sentence):
        words = [w.lower().strip(".,’'") for w in m.group(0).split()]
        if m.start() == 0 and words[0] in STOPWORDS:
            continue
        if all(w in lexicon.institutional or w in STOPWORDS for w in words):
            continue
        if set(words) & (lexicon.organisation_heads | lexicon.not_people) or set(words) & _MONTHS:
            continue  # "Azerbaijan's Ministry of Emergency Situations" is who acted, "the National Library" where, but no person
        if len(words) == 1 or re.search(r"['’]s$", m.group(0)) or "of" in words:
            continue  # a lone capitalised word is a country or an adjective more often than a person
        end = m.end() - 1 if m.group(0).endswith(".") and not re.search(r"\b[A-Z]\.$", m.group(0)) else m.end()
        found.append((m.start(), end))  # a sentence's full stop is not part of a name, an initial's is
    return found


_CANDIDATES = {"date": _dates, "number": _numbers, "place": _places, "person": _people}


def _new(phrase: str, question: str) -> bool:
    """A phrase the question already says is no answer to it ("When did Baku host …?" → not "in Baku")."""
    words = {stem(w) for w in terms(phrase)} - {"in", "at", "from", "to", "the"}
    asked = {stem(w) for w in terms(question)}
    return bool(words) and not words <= asked


def _closest(
    question: str, sentence: str, spans: list[tuple[int, int]], context: str = ""
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The span whose clause says most of the question's words, then the one with most of them around it
    (within `_WINDOW` characters), with those two counts; None when two differ and tie on both. The clause
    comes first: in "its visit is scheduled for June to August 2026 and the report for May 2027", the
    report's date is the one whose clause says "report", though both lie within a few words of it.
    ``context``'s words count as said by every clause and around every span (`scored_phrases`)."""
    if not spans:
        return None
    asked = {stem(w) for w in terms(question)} - STOPWORDS
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence) + 1]
    scored = []
    for s, e in spans:
        clause_start = max(c for c in cuts if c <= s)
        clause_end = min((c for c in cuts if c >= e), default=len(sentence))
        clause = sentence[clause_start:s] + " " + sentence[e:clause_end] + " " + context
        around = sentence[max(0, s - _WINDOW) : s] + " " + sentence[e : e + _WINDOW] + " " + context
        scored.append(((_said(asked, clause), _said(asked, around)), s, e))
    best = max(score for score, _, _ in scored)
    top = [(s, e) for score, s, e in scored if score == best]
    texts = {sentence[s:e].lower() for s, e in top}
    return (top[0], best) if len(texts) == 1 else None


def words_said(question: str, text: str) -> int:
    """How many of the question's words (stemmed, no stopwords) ``text`` says."""
    return _said({stem(w) for w in terms(question)} - STOPWORDS, text)


def _said(asked: set[str], text: str) -> int:
    return len(asked & {stem(w) for w in terms(text)})


# Where a clause ends: a semicolon or colon, or a comma or "and"/"but"/"while" that opens another clause.
_CLAUSE_END = re.compile(
    r"[;:]\s|,?\s+(?:and|but|while|whereas)\s+(?=(?:the|its|his|her|their|a|an|this|that)\b)|,\s+(?:and|but)\s+"
)
