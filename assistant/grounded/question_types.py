"""What kind of thing a question asks for, and whether a text holds one.

"How many …" wants a number, "on which day …" a day, "who …" a person or someone who can act,
"which treaties …" a name the question lacks. The candidates stage favours a sentence that names an
actor for a "who" question, and the confidence stage counts evidence without the asked-for kind
against answering. A compound question ("…, and which country initiated it?") is split into its
parts, each answered on its own. All of it reads only the question's and the text's words: no
store, no model.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.lexicon import Lexicon, load_lexicon
from otsqa.dates import foreign_month
from otsqa.languages import ENGLISH, question_words
from otsqa.languages import detect as detect_language
from otsqa.text import MONTH, STOPWORDS, capitalised_runs, capitalised_words, proper_names, stem, terms

_NUMBER_Q = re.compile(
    r"\bhow (?:many|much|long|large|big|far|high|often)\b"
    r"|\bwhat (?:percentage|percent|share|proportion|number|amount|size|value)\b"
    r"|\bwhat (?:is|was|are|were) (?:the )?(?:\w+ ){0,3}(?:population|budget|cost|price|rate|salary|revenue|turnover|total)\b"
    # "What annual budget has been proposed …?", "What fee do they charge?": an amount, asked for by its name
    r"|\bwhat (?:\w+ ){0,2}(?:budget|cost|price|salary|fee|sum|tariff)s?\b(?! (?:of|for) (?:the )?(?:whom|which|what)\b)",
    re.I,
)
# "How much will the cable cost?", "How much did the EU spend on …?": a sum of money, not any number
# ("up to 400 Tbit/s" answers how much the cable carries, not what it costs).
_MONEY_Q = re.compile(
    r"\bhow much\b(?! of\b)(?: [\w’'-]+){0,8}? (?:cost|costs|spend|spent|pay|paid|invest|invested|fund|funded|charge|charged|"
    r"raise|raised|allocate|allocated|budget|budgeted|worth)\b|\bhow much money\b"
    r"|\bwhat (?:is|was|will be|would be) the (?:\w+ ){0,2}(?:cost|price|budget)\b"
    r"|\bwhat (?:is|was|were|are|will be) (?:[\w’'-]+ ){1,8}?worth\b",  # "What was the 2023 crop worth?"
    re.I,
)
_CURRENCY = r"(?:US\$|\$|€|£|₺|₸|₼|USD|EUR|GBP|dollars?|euros?|pounds?|manats?|tenge|lira|liras|soms?|sums|roubles?|rubles?|yuan)"
_MONEY = re.compile(
    rf"{_CURRENCY}\s?\d|\d[\d.,]*\s*(?:(?:million|billion|thousand|bn|mn|m|k)\s*)?{_CURRENCY}(?![\w])",
    re.I,
)
# "how many joint exercises" → the counted thing ("how many of the Mehr-5 children" → "Mehr-5 children")
_COUNTED = re.compile(r"\bhow many (?:of (?:the|its|their|these|those) )?((?:[\w-]+ ){0,1}[\w-]+)", re.I)
_WHO_IS_NAME = re.compile(r"^\s*(?i:who) (?:is|was) [A-ZÀ-Ý]")
_DAY_Q = re.compile(r"\b(?:exact|precise) (?:date|day)\b|\b(?:which|what) (?:day|date)\b|\bon what date\b", re.I)
_DATE_Q = re.compile(r"^\s*when\b|\bwhat (?:year|month)\b|\b(?:in|by) (?:which|what) (?:year|month)\b", re.I)
_PERSON_Q = re.compile(r"^\s*who\b|\bwhich (?:person|official|minister|leader|president|chairman)\b", re.I)
# "Who plans to host …?" can be answered by a country or an organisation; "Who is the current
# Secretary-General …?" asks about an office, and only a person holds one.
_OFFICE = re.compile(
    r"\b(?:chair(?:man|woman|person)|secretary[- ]general|president|prime minister|minister|director|"
    r"commander|chief|governor|ambassador|spokes(?:man|woman|person))\b",
    re.I,
)
_PLACE_Q = re.compile(r"^\s*where\b|\b(?:which|what) (?:city|country|town|place|capital)\b", re.I)
# "Which drone models / formal agreements / partners …": the answer is a name the question lacks.
_NAME_Q = re.compile(
    r"\bwhich (?!(?:kinds?|types?|sorts?|forms?|aspects?|parts?) )(?:[\w-]+ ){0,3}"
    r"(?:models?|brands?|makes?|names?|countries|members?|partners?|states|agreements?|treaties|treaty|"
    r"exercises?|summits?|cities|companies|company|firms?|manufacturers?|organi[sz]ations?)\b",
    re.I,
)
# "From what earlier body did the OTS evolve, and which country initiated it?": two questions in one.
_PART_BREAK = re.compile(
    r"(?:,? and |; |\? )(?=(?:what|which|who|whom|whose|when|where|why|how|did|does|do|is|are|was|were|has|have|can)\b)",
    re.I,
)
# "How long is Uzbekistan's border …": a length (or duration) of that very thing, not any number.
_MEASURE_Q = re.compile(
    r"\bhow (long|far|high|tall|wide|deep|heavy) (?:is|are|was|were|will) (?:the |its |their )?([\w’'-]+(?: [\w’'-]+){0,3}?)"
    r"(?= in\b| overall\b|,|\?|$)"
    # "How much does the satellite weigh?": a weight, asked as "how heavy"
    r"|\bhow much (?:does|do|did|will) (?:the |its |their )?(?P<weighed>[\w’'-]+(?: [\w’'-]+){0,5}?) weigh\b",
    re.I,
)
_UNITS = {
    "long": r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|days?|weeks?|months?|years?|hours?",
    "far": r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?",
    "high": r"met(?:er|re)s?|m|feet|foot",
    "tall": r"met(?:er|re)s?|m|feet|foot",
    "wide": r"km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?",
    "deep": r"met(?:er|re)s?|m|feet|foot",
    "heavy": r"kg|kilo(?:gram(?:me)?s?)?|tonnes?|tons?|grams?|g|lbs?|pounds?",
}
# A question about what is still to come ("When will …", "Where is it to be held?"), and the words of a
# text that looks ahead (a plan, a schedule, an expectation, an offer to host).
_AHEAD_Q = re.compile(
    r"\bwill\b|\bshall\b|\b(?:is|are) (?:to|due to|set to|scheduled to|expected to|planned to|going to)\b", re.I
)
_AHEAD = re.compile(
    r"\b(?:will|would|shall)\b|\b(?:is|are|was|were) (?:to|due|set|scheduled|expected|planned|slated|likely)\b"
    r"|\b(?:plan|plans|planned|planning|schedule|scheduled|upcoming|forthcoming|next|intends?|intended)\b"
    r"|\b(?:offer(?:s|ed)?|propos(?:es|ed)|invit(?:es|ed)) (?:\w+ ){0,3}to (?:host|hold|convene)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_DAY = re.compile(rf"\b{MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b")
# A day as the region's other languages write it ("29 ноября 2024", "1 Haziran 2024'te", "12-sentyabr"):
# the evidence of an English question may be a Russian or Turkish article.
_DAY_ELSEWHERE = re.compile(rf"\b\d{{1,2}}(?:\.|-)?\s*{foreign_month()}", re.I)
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_QUANTITY = re.compile(
    r"(?<![\w+-])\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"hundreds?|thousands?|millions?|billions?)\b",
    re.I,
)


def _asked_in(question: str) -> list[dict[str, re.Pattern[str]]] | None:
    """None for an English question; else the question words of every other language, the detected
    one's first: a short question is easily read as its neighbour (Kazakh as Russian, Uzbek as
    Turkish), and its question word still says what it asks."""
    language = detect_language(question)
    if language == ENGLISH:
        return None
    words = question_words()
    return [words[language]] * (language in words) + [kinds for other, kinds in words.items() if other != language]


def expected_type(question: str) -> str:
    """The kind of thing ``question`` asks for (measure, number, day, date, person, actor, place or
    name), or "" when it asks for none in particular. A question in another of the region's languages
    is read by that language's question words (otsqa/question_words.json): "сколько" asks for a number,
    "kim" for someone who acts."""
    readings = _asked_in(question)
    if readings is not None:
        for words in readings:
            for kind, pattern in words.items():
                if kind != "ahead" and pattern.search(question):
                    return "actor" if kind == "person" else kind
        return ""
    if _WHO_IS_NAME.search(question):
        return ""  # "Who is Bakhodir Kurbanov?" asks for a role, not for another name
    kinds = (
        ("measure", _MEASURE_Q),
        ("money", _MONEY_Q),
        ("number", _NUMBER_Q),
        ("day", _DAY_Q),
        ("date", _DATE_Q),
        ("person", _PERSON_Q),  # narrowed to "actor" below unless an office is asked about
        ("place", _PLACE_Q),
        ("name", _NAME_Q),
    )
    for name, pattern in kinds:
        if pattern.search(question):
            if name == "person" and re.match(r"\s*who\b", question, re.I) and not _OFFICE.search(question):
                return "actor"
            return name
    return ""


# What each question word asks for; a question may ask for several ("When and where …?").
_PHRASE_ASKS = (
    (
        "date",
        re.compile(r"^\s*when\b|\bwhen and\b|\band when\b|\b(?:which|what) (?:day|date|year|month)\b|\bon what date\b", re.I),
    ),
    (
        "place",
        re.compile(
            r"^\s*(?:from )?where\b|\band (?:from )?where\b|\bwhere and\b"
            r"|\b(?:which|what) (?:city|town|place|capital)\b|\bin which (?:city|town|country)\b",
            re.I,
        ),
    ),
    (
        "number",
        re.compile(r"\bhow (?:many|much|large|big)\b|\bwhat (?:percentage|percent|share|proportion|number|amount)\b", re.I),
    ),
    (
        "person",
        re.compile(
            r"^\s*who\b(?! (?:is|was) [A-ZÀ-Ý])|\band who\b"
            r"|\bwhich (?:person|official|minister|leader|president|chairman|diplomat)\b",
            re.I,
        ),
    ),
)
# What each kind a question in another language asks for (otsqa/question_words.json) is as a phrase.
_PHRASE_OF = {"day": "date", "date": "date", "place": "place", "number": "number", "person": "person"}


def phrase_kinds(question: str) -> list[str]:
    """The kinds of phrase a direct answer to ``question`` states (date, place, number, person), in the
    order of the table; several for "When and where …?". A question in another of the region's
    languages is read by the first language's question words that say anything ("Когда и где …?")."""
    readings = _asked_in(question)
    if readings is None:
        return [kind for kind, pattern in _PHRASE_ASKS if pattern.search(question)]
    for words in readings:
        found = [_PHRASE_OF[kind] for kind, pattern in words.items() if kind in _PHRASE_OF and pattern.search(question)]
        if found:
            return list(dict.fromkeys(found))
    return []


def asked_kinds(question: str) -> list[str]:
    """Every kind of thing ``question`` asks for, the main one (`expected_type`) first: "Where and when
    did …?" asks for a place and a date, and an answer holding only one of them is half an answer."""
    main = expected_type(question)
    kinds = [main] if main else []
    for phrase in phrase_kinds(question):
        kind = "actor" if phrase == "person" else phrase
        implied = {"date": "day", "actor": "person", "number": "money"}.get(kind)  # said by the narrower kind
        if kind not in kinds and implied not in kinds:
            kinds.append(kind)
    return kinds


def question_parts(question: str) -> list[str]:
    """The questions inside a compound question, each with words enough to search for; else [question].

    "When and where was it held?" stays whole (its first part names nothing), and so does a trailing
    "…, and when?": the answer to the main part usually carries its date.
    """
    parts = [p.strip() for p in _PART_BREAK.split(question)]
    parts = [p for p in parts if len(terms(p)) >= 2]
    return parts if len(parts) > 1 else [question]


def holds_type(kind: str, question: str, text: str, lexicon: Lexicon | None = None) -> bool:
    """Does ``text`` hold a thing of the asked-for kind that the question does not already name?
    When or where something *will* happen is answered only by a text that looks ahead: the date of
    the first meeting answers "When will the council first meet?" for no council. A number, a sum, a measure
    or a date asked for a year ("How many hectares … in 2025?", "What was the 2023 crop worth?") is one of a
    sentence about that year: a sentence
    about another year answers another question (one naming no year is about the last one named before it)."""
    lexicon = lexicon or load_lexicon()
    sentences = None
    if (years := set(YEAR.findall(question))) and kind in ("number", "money", "measure", "day", "date"):
        sentences, carried = [], set()
        for sentence in _SENTENCE_END.split(text):
            carried = set(YEAR.findall(sentence)) or carried  # "Before it, …" is still about the year before
            if not carried or carried & years:
                sentences.append(sentence)
    readings = _asked_in(question)
    ahead = [_AHEAD_Q] if readings is None else [words["ahead"] for words in readings if "ahead" in words]
    if kind in ("day", "date", "place") and any(pattern.search(question) for pattern in ahead):
        # The date or place itself in a sentence that looks ahead, not a plan mentioned beside a past date.
        # (Its words are English: a sentence in another language is judged as before.)
        sentences = [
            s
            for s in (sentences if sentences is not None else _SENTENCE_END.split(text))
            if _AHEAD.search(s) or detect_language(s) != ENGLISH
        ]
    if sentences is not None:
        return any(_holds(kind, question, s, lexicon) for s in sentences)
    return _holds(kind, question, text, lexicon)


def _holds(kind: str, question: str, text: str, lexicon: Lexicon) -> bool:
    asked = question.lower()

    def new(found: str) -> bool:
        return found.lower() not in asked

    if kind == "measure":
        # A number with a unit of the asked dimension, in a sentence that names the measured thing.
        asked_for = _MEASURE_Q.search(question)
        if not asked_for:
            return True
        if asked_for["weighed"]:
            dimension, thing = "heavy", terms(asked_for["weighed"])
        else:
            dimension, thing = asked_for.group(1).lower(), terms(asked_for.group(2))
        head = stem(thing[-1]) if thing else ""
        unit = re.compile(rf"(?<![\w+-])\d+(?:[.,]\d+)*\s*(?:{_UNITS[dimension]})\b", re.I)
        for sentence in _SENTENCE_END.split(text):
            if unit.search(sentence) and (not head or head in {stem(w) for w in terms(sentence)}):
                return True
        return False
    if kind == "money":
        return any(new(m.group(0)) for m in _MONEY.finditer(text))
    if kind == "number":
        numbers = [m for m in _QUANTITY.finditer(text) if new(m.group(0)) and not YEAR.fullmatch(m.group(0))]
        counted = _COUNTED.search(question)
        nouns = _counted_nouns(counted.group(1), lexicon) if counted else set()
        if nouns and numbers:
            # "How many troops…" wants a number of troops: the counted word (or one counting the same things)
            # shortly after a number, or before it in a row's label ("TF convictions cited: 7").
            def counts(m: re.Match) -> bool:
                after = {stem(w) for w in terms(text[m.end() : m.end() + 40])}
                label = text[max(0, m.start() - 40) : m.start()]
                return bool(nouns & after) or (
                    bool(re.search(r":\s*(?:about|around|some|over|more than|at least|nearly)?\s*$", label, re.I))
                    and bool(nouns & {stem(w) for w in terms(label.rsplit(";", 1)[-1])})
                )

            return any(counts(m) for m in numbers)
        return bool(numbers)
    if kind == "day":
        return any(new(m.group(0)) for m in (*_DAY.finditer(text), *_DAY_ELSEWHERE.finditer(text)))
    if kind == "date":
        days = (*_DAY.finditer(text), *_DAY_ELSEWHERE.finditer(text))
        return any(new(m.group(0)) for m in YEAR.finditer(text)) or any(new(m.group(0)) for m in days)
    if kind in ("person", "actor") and detect_language(text) != ENGLISH:
        # "Оператором реестра назначен таможенный комитет Узбекистана.": the lexicon's names and the runs of
        # capitals are English ones; in another language any capitalised word past a sentence's first is a name.
        return any(new(word) for word in _inner_capitals(text))
    if kind == "person":
        return any(new(name) for name in proper_names(text, runs=True, openers=False, ignore=lexicon.institutional))
    if kind == "actor":
        return any(new(name) for name in _actors(text, lexicon))
    if kind in ("place", "name"):
        return any(
            new(word)
            and word.lower() not in lexicon.institutional
            and word.lower() not in STOPWORDS
            and not lexicon.is_adjective(word)
            for word in capitalised_words(text)
        )
    return True


def _counted_nouns(words: str, lexicon: Lexicon) -> set[str]:
    """The stems of what a "how many" question counts, with the words that count the same things. A
    capitalised word before it describes what is counted ("how many Afghan refugees"): a label naming
    Afghans ("Turkmen-Afghan border: about 800 km") counts no refugees."""
    common = [w for w in words.split() if not w[:1].isupper()]
    nouns = {stem(w) for w in terms(" ".join(common) if common else words)}
    for group in lexicon.counted_alike:
        if nouns & (stems := _group_stems(group)):
            nouns |= stems
    return nouns


@lru_cache(maxsize=256)  # a lexicon's groups are stemmed once, not on every "how many" sentence checked
def _group_stems(group: tuple[str, ...]) -> frozenset[str]:
    return frozenset(stem(w) for form in group for w in terms(form))


def _inner_capitals(text: str) -> list[str]:
    """Capitalised words of ``text`` (any script) but the one that opens a sentence."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        words = capitalised_words(sentence)
        opening = sentence.lstrip(' "“«(-—–*•')
        out += words[1:] if words and opening.startswith(words[0]) else words
    return out


def _actors(text: str, lexicon: Lexicon) -> list[str]:
    """People, countries and organisations named in ``text``: who can do something."""
    found = proper_names(text, runs=True, openers=False, ignore=lexicon.institutional)
    for run in capitalised_runs(text):
        words = [w.lower().removesuffix("’s").removesuffix("'s") for w in run.split()]
        found += lexicon.countries_in(words)
        if len(words) >= 2 and lexicon.organisation_heads & set(words):
            found.append(run)
    return found


# English ordinals in words; figures are read as "3rd", "24th" (the confidence's `ordinal_unsaid` and the
# candidates' `series_weight` both read them).
_ORDINAL_WORDS = {
    word: n
    for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
        "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        1,
    )
}
_ORDINAL = re.compile(r"\b(?:(\d{1,3})(?:st|nd|rd|th)|(" + "|".join(_ORDINAL_WORDS) + r"))\b", re.I)


def ordinals(text: str, before: frozenset[str] | None = None) -> set[int]:
    """The ordinals ``text`` gives, as numbers: "the third meeting" and "the 3rd meeting" both give 3.
    ``before``: only those followed, within two more words, by one of these ("the second OTS summit")."""
    found = set()
    for m in _ORDINAL.finditer(text):
        if before is not None and not any(w.lower() in before for w in re.findall(r"[\w-]+", text[m.end() :])[:3]):
            continue
        found.add(int(m[1]) if m[1] else _ORDINAL_WORDS[m[2].lower()])
    return found


def says_other_stage(question: str, text: str, lexicon: Lexicon) -> bool:
    """Whether the question asks about one stage of an event (lexicon event_stages: signed, ratified, entered
    into force; begun, completed) that ``text`` does not say while it says another stage of the same family.
    Saying no stage at all is no sign: the answer may put it in other words."""
    asked_text, said_text = f" {_words_only(question)} ", f" {_words_only(text)} "

    def says(stage: tuple[str, ...], text: str) -> bool:
        return any(f" {form} " in text for form in stage)

    for family in lexicon.event_stages:
        for i, stage in enumerate(family):
            if says(stage, asked_text) and not says(stage, said_text):
                if any(says(other, said_text) for j, other in enumerate(family) if j != i):
                    return True
    return False


def _words_only(text: str) -> str:
    """Lower-case words joined by single spaces: what a stage's words and phrases are looked for in."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))
