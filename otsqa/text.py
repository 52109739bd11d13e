"""Language helpers shared by every layer: sentences, words, stems, months and names.

They live on the ground floor (this module imports nothing of the project) because layers that must
agree use them: the chunker and the assistant's quotes split sentences the same way (a quote is an
exact slice of the article), the BM25 index and the questions put to it read words the same way, and
what counts as a name is decided once, for the grounded answerer and for the checker of generated
answers alike. Everything here is plain string work: no models, no I/O.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Collection

# -- months ------------------------------------------------------------------------------------------

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# A month written out in full and capitalised, as the articles' prose writes it ("on May 2").
MONTH = "(?:" + "|".join(MONTHS) + ")"
# A month as dates in bylines and headers write it: full or abbreviated ("Sept.", "Dec"), one capturing
# group; compile with re.I. `month_number` reads what it captured.
MONTH_WRITTEN = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTH_NUMBERS = {month[:3].lower(): number for number, month in enumerate(MONTHS, 1)}


def month_number(name: str) -> int:
    """1 for "January", "jan" or "Jan." … 12 for "December": what `MONTH_WRITTEN` captured, as a number."""
    return _MONTH_NUMBERS[name.lower()[:3]]


# -- sentences ---------------------------------------------------------------------------------------

SENTENCES_PATH = Path(__file__).with_name("sentences.json")


def fold(word: str) -> str:
    """A word compared as the data files list it: case-folded, Turkish dotted and dotless i alike
    ("KASIM", "Kasım" and "kasım" are one; "İ".casefold() is "i" plus a combining dot)."""
    return word.casefold().replace("i\u0307", "i").replace("ı", "i")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words that end with a full stop without ending a sentence, folded and without the stop, in
    every language of otsqa/sentences.json: "dr", "u.s", "т.е", "г", "doç", "ж". Months abbreviate to
    their first three letters ("Sept" too); "May" is a whole word, so "May." ends one."""
    data = json.loads(SENTENCES_PATH.read_text(encoding="utf-8"))
    return frozenset(fold(word) for words in data["abbreviations"].values() for word in words)


@lru_cache(maxsize=1)
def _ordinal_words() -> tuple[str, ...]:
    """How the words that follow an ordinal written "12." begin (otsqa/sentences.json), and the months:
    English ones and the full forms of otsqa/dates.json (read here as data: this module imports nothing)."""
    words = json.loads(SENTENCES_PATH.read_text(encoding="utf-8"))["ordinal_words"]
    months = json.loads(SENTENCES_PATH.with_name("dates.json").read_text(encoding="utf-8"))["months"]
    found = {fold(w) for ws in words.values() for w in ws} | {m.lower() for m in MONTHS}
    found |= {fold(forms[0]) for language in months.values() for forms in language}
    return tuple(sorted(found))


# Words a sentence does not end on: a line ending in one was cut, whatever its length (the cleaner
# rejoins it), and a title cut short must not stop on one (ingest/titles.py).
CANNOT_END = frozenset(
    """a an the and or but nor of to in on at by for with from into onto over under as than that which who
    whose whom whose its their his her our your this these those is are was were be been has have had
    not no such between among via per about against toward towards within without including""".split()
)

_END = re.compile(r"[.!?…]+[\"”’')\]»]*(?=\s)")
_SENTENCE_STARTS = "\"“‘'([¿¡«"  # marks a sentence may open with, before its first word
# Initials run together: "А.Б." in "А.Б. Иванов", "J.R.R." (a single one is checked apart).
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
# A Turkish genitive before a number makes the number an ordinal ("Teşkilatı'nın 12. Zirvesi").
_GENITIVE = re.compile(r"['’]n?[ıiuü]n$")
_LETTERS = re.compile(r"[^\W\d_]+")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``, whitespace trimmed.

    Offsets, not strings, so chunks and quotes are exact slices of the article. A rule-based split is
    enough for edited prose: after . ! ? … (and any closing quote or bracket) when the next word starts
    a sentence, except after common abbreviations and initials (otsqa/sentences.json, in the region's
    languages too: "в 2024 г. Казахстан", "Doç. Dr. Ayşe") and after an ordinal written with a full
    stop ("Teşkilatı'nın 12. Zirvesi"). A line break always ends a sentence (headings and list items
    stand alone).
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text, start, end):
        cursor = para_start
        for match in _END.finditer(text, para_start, para_end):
            cut = match.end()
            if _is_boundary(text, match.start(), cut, para_end):
                _append(text, spans, cursor, cut)
                cursor = cut
        _append(text, spans, cursor, para_end)
    return spans


def _paragraphs(text: str, start: int, end: int):
    cursor = start
    for match in re.finditer(r"\n", text[start:end]):
        yield cursor, start + match.start()
        cursor = start + match.end()
    yield cursor, end


def _is_boundary(text: str, punct_at: int, cut: int, limit: int) -> bool:
    nxt = cut
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return False  # the paragraph end closes the sentence anyway
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in _SENTENCE_STARTS):
        return False
    if text[punct_at] != ".":
        return True
    word_start = punct_at
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in '("“«':
        word_start -= 1
    word = text[word_start:punct_at]
    if fold(word) in abbreviations():
        return False
    if word.isdigit() and len(word) <= 3 and _ordinal(text, word_start, nxt, limit):
        return False
    # A capital letter is an initial ("John F. Kennedy"), and so are several run together ("А.Б. Иванов").
    return not ((len(word) == 1 or _INITIALS.fullmatch(word)) and word.isupper())


def _ordinal(text: str, number_at: int, next_at: int, limit: int) -> bool:
    """Whether the number at ``number_at``, written with a full stop, is an ordinal ("12. Zirvesi"): a
    Turkish genitive before it, or a word after it that such ordinals come before (or a month)."""
    before = text[max(0, number_at - 40) : number_at].split()
    if before and _GENITIVE.search(before[-1]):
        return True
    following = _LETTERS.match(text, next_at, limit)
    return bool(following) and fold(following.group()).startswith(_ordinal_words())


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# -- words -------------------------------------------------------------------------------------------

# Question words and glue that carry no topic; BM25's IDF would mostly ignore them, but an OR query
# over them would still pull in every chunk.
# What people call a piece of the collection when they ask about it ("the fact sheet on …", "the
# interview about …"): a regex alternation for the question patterns of every answer kind.
DOCUMENT_WORDS = (
    r"(?:articles?|documents?|pieces?|papers?|texts?|reports?|analys[ie]s|essays?|commentar(?:y|ies)|briefs?|briefings?|"
    r"fact ?sheets?|newsletters?|interviews?|transcripts?|(?:press |news )?releases?|stor(?:y|ies)|columns?|op-eds?|"
    r"stud(?:y|ies)|bulletins?|dispatch(?:es)?|publications?|write-ups?|wire reports?|digests?|(?:slide )?decks?|"
    r"presentations?|FAQs?)"
)

# Shared pieces of the question patterns of every answer kind: how a question may end, how a
# request may open politely, and how people name the collection itself ("in your library").
QUESTION_END = r"\s*[?.!]*\s*$"
PLEASE = r"(?:(?:please|can you|could you|would you|will you|kindly|now),?\s+)*"
IN_COLLECTION = r"(?:the|this|your|my) (?:collection|store|corpus|library|database|archive|set)"

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto about over under between
    among through during before after above below up down out off than then so such is are was were be
    been being am do does did doing have has had having can could may might must shall should will would
    it its it's this that these those there here which who whom whose what when where why how i you he
    she we they them their his her our your my me him us not no nor only own same too very just also
    any each few more most other some all both either neither much many one two per via what's which's
    do did according article articles say said says tell describe described mention mentioned""".split()
)

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
# "OTS+" (a format), "C5+1": the "+" makes a different name, and tokenizers drop it. Both the index and
# the question spell it out as one word ("otsplus"), so BM25 can tell OTS+ from OTS.
_PLUS = re.compile(r"(?<![\w+])([^\W_]+)\+(?![\w+])", re.UNICODE)


ENGLISH = "en"
LANGUAGES_PATH = Path(__file__).with_name("languages.json")


@lru_cache(maxsize=None)
def stopwords(language: str = ENGLISH) -> frozenset[str]:
    """The function words a question's content words are read without: English's always (an English word
    in another language's question is as empty), and ``language``'s own from otsqa/languages.json."""
    if language == ENGLISH:
        return STOPWORDS
    profiles = json.loads(LANGUAGES_PATH.read_text(encoding="utf-8"))["languages"]
    return STOPWORDS | {fold(w) for w in profiles.get(language, {}).get("stopwords", ())}


def terms(text: str, language: str = ENGLISH) -> list[str]:
    """Lower-cased content words of ``text`` in order, without stopwords ("OTS+" is "otsplus").

    The words a BM25 query searches for, and the words the assistant weighs a question and a sentence by:
    one definition, so what the index is asked and what the answer is judged by are the same words.
    ``language``: whose stopwords go too, and in a language other than English what an apostrophe joins
    to a name, its suffix ("Kırgızistan'ın" reads "kırgızistan")."""
    out = []
    skip = stopwords(language)
    for word in _WORD.findall(_PLUS.sub(r"\1plus", text.lower())):
        if language != ENGLISH:
            word = re.split(r"['’]", word)[0]
        for part in re.split(r"[-'’]", word):
            if part and (part if language == ENGLISH else fold(part)) not in skip and (len(part) > 1 or part.isdigit()):
                out.append(part)
    return out


def index_form(text: str) -> str:
    """The text as the BM25 index stores it: "OTS+" also as "OTSplus", the word `terms` asks for.

    Beside `terms` so the two spell "+" alike; changing it changes what the index holds (bump
    ``store.lexical.INDEX_FORMAT``)."""
    return _PLUS.sub(r"\1+ \1plus", text)


# -- stems -------------------------------------------------------------------------------------------


# The region's languages inflect by endings (Russian "таможенников"/"таможенные") or stack suffixes on a
# stem that rarely changes (Turkish "panelinde"/"paneli", Kazakh "мемлекеттері"): a word's first letters are
# a stem good enough to tell whether a sentence says a question's word in the same language. Prefixes of
# about five letters retrieve Turkish as well as a full stemmer (Can et al., JASIST 2008); one rule for all
# six languages, where no stemmer ships for Kazakh, Azerbaijani or Uzbek.
PREFIX_STEM = 5


def stem(word: str, language: str = ENGLISH) -> str:
    """A crude stem, for comparing a question's words with a sentence's in the same language; ``word`` is
    one of `terms` (lower case). English: enough to match "exercises"/"exercise", "evolved"/"evolve" and
    "reported"/"report" (a plural or verb ending goes, and then a final silent "e"). Another language: the
    word's first `PREFIX_STEM` letters, case-folded (a number stays whole)."""
    if language != ENGLISH:
        return word if any(ch.isdigit() for ch in word) else fold(word)[:PREFIX_STEM]
    for suffix in ("ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 3 else word


def stemmed_terms(text: str, language: str = ENGLISH) -> list[str]:
    """`terms` of ``text``, each by its `stem` (both in ``language``)."""
    return [stem(t, language) for t in terms(text, language)]


# -- names -------------------------------------------------------------------------------------------

# Words capitalised only because they open a sentence or a clause (besides the stopwords).
_ORDINARY_OPENERS = STOPWORDS | frozenset(
    """according additionally also although as both despite during each either for furthermore however in
    including it its meanwhile moreover neither no not notably overall since such that the their there
    these they this those thus together under unlike until when where whereas which while who with yes
    he she we i you one some many several most""".split()
)
# What a sentence or clause opens after (or the text's start).
_OPENING_AFTER = (":", ".", "!", "?", "—", '"', "“", "(")
# A capitalised word, wherever it begins: also inside a hyphenated or apostrophised word
# ("pro-Russian", "d’Estaing"); "&" may join it ("AT&T").
_CAPITAL_WORD = re.compile(r"\b[A-ZÀ-ÖØ-Þ][\w’'&-]*")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
# Whole words and single marks: a mark between two capitalised words ends a run.
_TOKEN = re.compile(r"[\w’'-]+|[^\w\s]")


def proper_names(text: str, *, runs: bool = False, openers: bool = True, ignore: Collection[str] = ()) -> list[str]:
    """The proper names ``text`` says, in order: the one place that decides what a name is.

    By default, every capitalised word is a name, cut to what another text would have to say too: a
    possessive goes ("Aliyev's" is "Aliyev") and a capital inside a word starts one ("pro-Russian"
    names "Russian"). Months count. The checker of generated answers looks each one up in the cited
    passages. Capitals here are Latin ones (A-Z, À-Þ).

    ``runs=True``: runs of two or more whole capitalised words, as written ("Bakhodir Kurbanov",
    "Azerbaijan’s Ilham Aliyev"); a word starts a run when its first letter is a capital of any
    script ("İlham"). A single capitalised word is usually a country or an institution, so a run is
    how the grounded answerer tells that a sentence names a person.

    ``openers``: whether an ordinary word capitalised only because it opens the text, a sentence or a
    clause ("However", "The", "According …") is left out (the default). The grounded answerer passes
    False, as its detector always did: "However Kurbanov said" holds the run "However Kurbanov", so a
    person is named (its ``ignore`` already drops "The").

    ``ignore``: lower-case words that are never (part of) a name, each compared as it would be reported
    (in ``runs`` mode a whole word as written, possessive and all, and such a word ends the run).

    The two capital tests (Latin-only by default, any script in runs) differ only because the two
    detectors this one replaced did; kept so answers and verdicts stay as they were.
    """
    found: list[str] = []
    if not runs:
        for match in _CAPITAL_WORD.finditer(text):
            word = _POSSESSIVE.sub("", match.group()).strip("-’'")
            if not word or word.lower() in ignore or (openers and _opener(text, match.start(), word)):
                continue
            found.append(word)
        return found
    run: list[str] = []
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token[:1].isupper() and token.lower() not in ignore and not (openers and _opener(text, match.start(), token)):
            run.append(token)
            continue
        if len(run) >= 2:
            found.append(" ".join(run))
        run = []
    if len(run) >= 2:
        found.append(" ".join(run))
    return found


def capitalised_words(text: str) -> list[str]:
    """Every word of two letters or more that starts with a capital (À-Ý and Cyrillic ones included: a
    Russian or Kazakh article answers "where" too), as written: the
    candidates for a place or a name that an answer must hold when a question asks "where" or "which
    country" (the caller drops institutions and adjectives). Wider than `proper_names`: no opener is
    skipped and no possessive cut, because there a sentence's first word may be the place itself."""
    return [w for w in _CAPITALISED.findall(text) if w[0].isupper()]  # the Cyrillic range holds small letters too


def capitalised_runs(text: str) -> list[str]:
    """Runs of capitalised words that "of", "the" and "and" may join, as written ("State Security
    Service", "Organization of Turkic States", "Azerbaijan’s"): how an organisation's or a country's
    name is found among the actors a sentence names."""
    return [run for run in _CAPITALISED_RUN.findall(text) if run]


_CAPITALISED = re.compile(r"\b[A-ZÀ-ÝЀ-ЯҐ-Ӿ][\w’'-]+")
_CAPITALISED_RUN = re.compile(r"[A-ZÀ-Ý][\w’'-]*(?:\s+(?:(?:of|the|and)\s+)*[A-ZÀ-Ý][\w’'-]*)*")


def _opener(text: str, at: int, word: str) -> bool:
    """Is ``word`` (at ``at``) an ordinary word capitalised only because a sentence or clause opens there?"""
    if word.lower() not in _ORDINARY_OPENERS:
        return False
    before = text[:at].rstrip()
    return not before or before.endswith(_OPENING_AFTER)


# ---------------------------------------------------------------------------------------------
# Table rows

_ROW = re.compile(r"^([^:\n]{2,60}):\s+\S")


def is_row(text: str) -> bool:
    """A table row or key-value line as the cleaner writes it ("Entry into force: 4 July 2023"): a short
    label, a colon, a value. Content, not a heading, however short; an ALL-CAPS label
    ("1. ORIGINS: ANKARA AND ISTANBUL") is a heading's."""
    match = _ROW.match(text)
    words = len(text.split())
    if not match or words > 40 or (words > 12 and text.rstrip()[-1:] in ".!?"):
        return False  # a long sentence with a colon is prose
    letters = [c for c in match.group(1) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) < 0.8 * len(letters)


def section_heading(text: str, at: int, reach: int = 1500) -> str:
    """The heading of the section holding offset ``at``: the nearest paragraph above it, within ``reach``
    characters, that is short, ends without a full stop and is not a row itself ("" if none). A table
    row is read with it: "Established: 11 December 2022" says what was established only there."""
    cursor = at
    floor = max(0, at - reach)
    while cursor > floor:
        end = text.rfind("\n\n", floor, cursor)
        if end < 0:
            return ""
        start = text.rfind("\n\n", floor, end)
        paragraph = text[(start + 2 if start >= 0 else floor) : end].strip()
        if paragraph and not is_row(paragraph):
            if len(paragraph.split()) <= 12 and paragraph[-1:] not in ".!?;:…":
                return paragraph
            return ""
        cursor = end
    return ""
