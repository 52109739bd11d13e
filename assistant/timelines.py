# ruff: noqa: E501 (a question pattern reads best on one line)
"""Timelines: dated events from the articles, oldest first, each an exact quote (issue #23, 4).

"Timeline of the OTS summits", "Give me a chronology of X", "List the events of X in order", "What
happened in 2025?", "What happened between 2022 and 2024 regarding X?". Told from the question's whole
wording by patterns (`recognise`), never a language model; anything else returns None and the
grounded answerer takes it, so "When was the Gabala summit held?" (one date) is left alone.

An event is a sentence or a table row ("Entry into force: 4 July 2023") that states a date
(`otsqa.dates.find_dates`). Left out: headings, lines that date the article rather than an event
("Published: 14.10.2025", a line holding only a date, a byline), and references in footnotes (a
cited title followed by its date). A day written without a year ("on 7 October") takes the year of
the last dated sentence before it in its paragraph, else the article's publication year when that
makes it no later than the publication (a wire's "ASTANA, 3 November"); otherwise it is not placed.

Which events:

- a topic: the hybrid retriever's passages for the topic name the articles, and a dated sentence of
  theirs is an event when it is about the topic (`TimelineAnswerer._relevance`): its stored vector
  close to the topic's, helped by saying the topic's rarer words, and its paragraph saying at least
  one of them unless the vectors alone are very close;
- a period ("in 2025", "between 2022 and 2024", "since 2023", "in May 2024"): every dated sentence
  whose date starts in it, from the articles whose chunks hold the period's years (BM25), and the
  topic's articles when there is a topic too (then only those about the topic);
- at most `cap` events: the most relevant (without a topic: the most exactly dated, the body before
  footnotes), then put in date order, with a line saying how many were left out.

Order: by date, a range by its first day; what is dated to the day comes before what is dated only to
its month, and that before what is dated only to its year ("7 October 2025", "October 2025",
"2025"); ties keep the articles' order and the text's. A sentence with several dates is placed by
its first (in a period: its first inside the period), and that date is shown first, normalised
("7 October 2025"), whatever form the article wrote it in. The same event told by two articles (same
date, sentence vectors closer than `same_event`) is one line citing both.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from assistant.answer import Citation, Passage
from assistant.grounded import ABSTAIN_TEXT
from assistant.hybrid import HybridRetriever
from assistant.retrieval import Filters, passage_from_record
from otsqa.dates import DateMention, find_dates, publication_label
from otsqa.request_words import subject_words
from otsqa.text import DOCUMENT_WORDS, MONTH_WRITTEN, MONTHS, QUESTION_END, is_row, month_number, section_heading, stem, terms
from store.base import ArticleRecord, SentenceRecord, Store, chunk_doc_id, chunk_id

# -- recognising a timeline question -----------------------------------------------------------

_MY = rf"(?:{MONTH_WRITTEN}\s+)?(?:19|20)\d\d"  # "2025", "May 2024" (questions may be lower case)
_PERIOD = (
    rf"(?P<period>(?:in|during|throughout|over)\s+(?:the\s+(?:year|years|period)\s+)?{_MY}(?:\s*(?:–|-|to|and)\s*{_MY})?"
    rf"|between\s+{_MY}\s+and\s+{_MY}|from\s+{_MY}\s+(?:to|until|till|through)\s+{_MY}"
    rf"|(?:since|after|before|until)\s+{_MY})"
)
_LINK = r"(?:regarding|concerning|about|on|in|at|with|for|involving|related\s+to|in\s+relation\s+to|as\s+regards|to)"
_ORDER = (
    r"(?:in\s+(?:chronological|date|time|temporal)\s+order|in\s+order(?:\s+of\s+(?:date|time|occurrence))?|chronologically"
    r"|by\s+date|in\s+(?:the\s+)?sequence|from\s+(?:the\s+)?(?:first|earliest|oldest)\s+to\s+(?:the\s+)?(?:last|latest|newest|most\s+recent))"
)
_ASK = r"(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+)?"
_KEY = r"(?:(?:key|main|major|important|principal|significant)\s+)?"
_NOUN = r"(?:timeline|chronology|time\s*line|chronological\s+(?:overview|list|account|summary|record|history))"
_QUESTION_WORD = r"(?:is|are|was|were|do|does|did|can|could|will|would|should|has|have|what|which|who|when|where|why|how)"
_PATTERNS: list[re.Pattern[str]] = [
    re.compile(
        rf"^{_ASK}(?:(?:give|show|make|build|draw|create|provide|produce|write|prepare|get|list)\s+(?:me\s+|us\s+)?)?"
        rf"(?:an?\s+|the\s+)?(?:(?:brief|short|full|detailed|complete|quick)\s+)?{_NOUN}"
        rf"(?:\s+(?:of|for|on|about|regarding|covering|concerning)\s+(?P<t>.+?))?{QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^(?:what\s+is|what's|what\s+was)\s+the\s+{_NOUN}(?:\s+(?:of|for|on|about|regarding)\s+(?P<t>.+?))?{QUESTION_END}", re.I
    ),
    # "OTS summits timeline", "Gabala summit: timeline" (not "Is there a timeline?": a yes-or-no question)
    re.compile(rf"^(?!{_QUESTION_WORD}\b)(?P<t>[^?]+?)\s*[:–—-]?\s+(?:a\s+)?{_NOUN}(?:,?\s+please)?{QUESTION_END}", re.I),
    re.compile(
        rf"^{_ASK}(?:list|show|give|outline|trace|order|arrange|sort|put|present|walk\s+me\s+through|take\s+me\s+through)"
        rf"\s+(?:me\s+|us\s+)?(?P<t>.+?),?\s+{_ORDER}{QUESTION_END}",
        re.I,
    ),
    re.compile(rf"^(?P<t>[^?]+?),?\s+in\s+chronological\s+order{QUESTION_END}", re.I),
    re.compile(
        rf"^(?:what|which)\s+(?:are|were)\s+the\s+{_KEY}(?:milestones|key\s+dates|dates|stages)\s+(?:of|in|for)\s+(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    re.compile(
        rf"^{_ASK}(?:list|give|show)\s+(?:me\s+)?(?:the\s+)?{_KEY}(?:milestones|key\s+dates)\s+(?:of|in|for)\s+(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "What is the sequence of events in X?", "Walk me through the history of X"
    re.compile(
        rf"^(?:what\s+(?:is|was)\s+the\s+(?:sequence|order|succession|course)\s+of\s+(?:events|developments|steps)"
        rf"|{_ASK}(?:walk|take|run)\s+(?:me|us)\s+through\s+(?:the\s+)?(?:history|story|development|evolution|stages|steps))"
        rf"\s+(?:of|in|for|around|behind)\s+(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "How did X develop over time?", "How has X evolved since 2020?"
    re.compile(
        rf"^how\s+(?:did|has|have|do|does)\s+(?P<t>.+?)\s+(?:develop(?:ed)?|evolve[d]?|unfold(?:ed)?|progress(?:ed)?|change[d]?|grow[n]?)"
        rf"(?:\s+over\s+(?:time|the\s+years)|\s+{_PERIOD})+{QUESTION_END}",
        re.I,
    ),
    # "Chronologically, what were X?"
    re.compile(
        rf"^(?:chronologically|in\s+chronological\s+order|in\s+order),?\s+(?:what|which)\s+(?:are|were)\s+(?P<t>.+?){QUESTION_END}",
        re.I,
    ),
    # "What happened in 2025 (regarding X)?"
    re.compile(
        rf"^(?:what|(?:which|what)\s+(?:events|things|developments))\s+(?:happened|took\s+place|occurred|has\s+happened|have\s+happened)"
        rf"\s+{_PERIOD}(?:\s*,?\s*{_LINK}\s+(?P<t>.+?))?{QUESTION_END}",
        re.I,
    ),
    # "What happened to/regarding X in 2025?"
    re.compile(
        rf"^what\s+(?:happened|took\s+place|occurred|has\s+happened)\s+(?:to|with|regarding|concerning|in|at|on|about|for)\s+"
        rf"(?P<t>.+?),?\s+{_PERIOD}{QUESTION_END}",
        re.I,
    ),
    # "What were the main events of 2024 (in X)?", "List the events of 2023"
    re.compile(
        rf"^(?:(?:what|which)\s+(?:are|were)\s+the\s+|{_ASK}(?:list|give|show)\s+(?:me\s+)?(?:the\s+|all\s+)?){_KEY}"
        rf"(?:events|developments)\s+(?:of|in|during)\s+(?:the\s+year\s+)?(?P<period>{_MY}(?:\s*(?:–|-|to|and)\s*{_MY})?)"
        rf"(?:\s*,?\s*{_LINK}\s+(?P<t>.+?))?{QUESTION_END}",
        re.I,
    ),
]
# Words that only say "events" once the timeline wording is gone: what is left is the topic.
_LEADING = re.compile(
    r"^(?:(?:the|all|of|key|main|major|important|principal|significant|events?|developments?|milestones?|dates?|steps?"
    r"|stages?|happenings?|things?|that\s+(?:happened|took\s+place)|what\s+happened)\s+)*"
    r"(?:(?:of|in|on|about|regarding|concerning|for|related\s+to|around|with)\s+)?",
    re.I,
)
_NO_TOPIC = frozenset(
    "events event everything anything it things the articles collection store corpus all dates what happened".split()
    # what is yet to come is a period, not a topic ("what happened and what's already scheduled")
    + "scheduled planned upcoming expected foreseen ahead already coming next future whats what's and itself review".split()
    + "january february march april may june july august september october november december".split()
)
_TRAILING_PERIOD = re.compile(rf"[,\s]+{_PERIOD}$", re.I)


@dataclass(frozen=True)
class Period:
    """The days a question asks about, inclusive, with its words ("in 2025")."""

    first: dt.date
    last: dt.date
    text: str

    def holds(self, date: DateMention) -> bool:
        """Whether ``date`` starts inside the period (a date known only to its year is not in a month)."""
        return self.first <= date.first_day() <= self.last


@dataclass(frozen=True)
class TimelineQuestion:
    topic: str = ""  # what the timeline is of ("" : everything dated)
    period: Period | None = None
    # Events the question names one by one to be put in order ("Put in order: A, B and C"): each is dated
    # on its own, and the timeline is theirs alone. Empty for a timeline of a topic.
    events: tuple[str, ...] = ()
    # The event a period starts with, named instead of a date ("What has happened since the Budapest summit?"):
    # dated by the articles, then read as "since <its date>".
    since: str = ""


def recognise(question: str) -> TimelineQuestion | None:
    """The timeline ``question`` asks for, or None when it asks anything else: a list of events to put in
    order (`listed_events`), a whole-question pattern, else the cues of `_loose`."""
    text = " ".join(question.split())
    if _COMPARING.search(text) and _NAMED_CHRONOLOGY.search(text):
        return None  # "the interview vs the chronology on X": a chronology compared with another piece
    if events := listed_events(text):
        return TimelineQuestion(", ".join(events), None, events)
    if (after := _SINCE_EVENT.match(text)) and not _SINCE.search(text):
        event = (after["f"] or after["e"]).strip(" ,")
        if not re.match(_MY, event) and subject_words(event):
            return TimelineQuestion("", None, since=event)
    strict = _strict(text)
    return strict if strict is not None else _loose(text)


# A chronology or timeline named as one of the pieces: "the chronology", "the frontier timeline", "Aksoy's
# chronology" (with a comparing word, the question compares it with another piece).
_NAMED_CHRONOLOGY = re.compile(r"\b(?:the|[\w’'-]+['’]s)\s+(?:[\w-]+\s+){0,2}(?:chronology|timeline)\b(?!\s+of\b)", re.I)
_COMPARING = re.compile(r"\b(?:vs\.?|versus|compar\w*|contrast\w*|differ\w*|(?:dis)?agree\w*|side[- ]by[- ]side)(?!\w)", re.I)


# "Put in order: A, B and C", "Put A, B and C in chronological order", "In what order did A, B and C happen?",
# "Which came first, A or B?": a request to order, and the events it names.
_ORDER_REQUEST = re.compile(
    rf"^(?:{_ASK}(?:put|place|arrange|sort|order|rank|list)\s+(?:(?:these|the\s+following)(?:\s+events)?\s+)?(?:{_ORDER})?\s*[:—–-]?\s*"
    rf"(?P<a>.+?)(?:,?\s+{_ORDER})?"
    rf"|in\s+(?:what|which)\s+order\s+(?:did|were|was|do|have|had)\s+(?P<b>.+?)(?:\s+(?:happen|take\s+place|occur|come|signed|held|adopted|approved|launched|founded|created|established|ratified)\w*)?"
    rf"|which\s+came\s+(?:first|earlier|last)\s*[:,]?\s*(?P<c>.+?))\s*[?.!]*$",
    re.I,
)
# "What happened from the Budapest informal summit onward?", "What has happened since the Gabala summit?": a
# period that starts with an event the articles date, not with a year (that is `_PERIOD`'s). Only "from …
# on(ward)" and "since": "What happened to turnaround times after the cranes were replaced?" asks one fact.
_SINCE_EVENT = re.compile(
    r"^(?:and\s+)?(?:what|which\s+(?:events|developments))\s+(?:has\s+|have\s+)?(?:happened|took\s+place|occurred)"
    r"\s+(?:from\s+(?P<f>.+?)\s+(?:on|onwards?)|since\s+(?P<e>.+?))"
    r"\s*(?:[?.!](?:\s*(?:in\s+(?:date\s+)?order|chronologically|oldest\s+first)?(?:\s*,?\s*please)?\s*[?.!]*)?)?$",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*;\s*|,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+(?=[^,;]*$)", re.I)


def listed_events(text: str) -> tuple[str, ...]:
    """The events ``text`` names to be put in order, two to eight of them, or () when it asks no such thing.
    A list is split at its commas and semicolons, and at its last "and" or "or" ("A, B, and C"; "A and B");
    each event keeps its own words ("the switch from the Turkic Council to the OTS format")."""
    found = _ORDER_REQUEST.match(text)
    if found is None:
        return ()
    listed = next(g for g in (found["a"], found["b"], found["c"]) if g is not None)
    if _YES_NO.match(listed) or not re.search(r",|;|\s(?:and|or)\s", listed):
        return ()
    events = tuple(e.strip(" .") for e in _LIST_SPLIT.split(listed) if subject_words(e.strip(" .")))
    if any(_PLURAL.search(e) for e in events):
        # "the summits, the ministerial meetings and the declarations", "the migration and police-training steps":
        # kinds of event, each with a timeline of its own, not events to date one by one
        return ()
    return events if 2 <= len(events) <= 8 else ()


_PLURAL = re.compile(r"\b[a-z][a-z-]*[^sui\W]s\b")  # "summits", "milestones"; not "Declaration", "process", "status"


def _strict(text: str) -> TimelineQuestion | None:
    for pattern in _PATTERNS:
        if match := pattern.match(text):
            groups = match.groupdict()
            topic = (groups.get("t") or "").strip(" \"“”'‘’,")
            period_text = groups.get("period") or ""
            if not period_text and (trailing := _TRAILING_PERIOD.search(topic)):
                period_text, topic = trailing.group("period"), topic[: trailing.start()]
            if not period_text and (inside := re.fullmatch(rf"(?:the\s+year\s+)?(?P<period>{_MY})", topic, re.I)):
                period_text, topic = inside.group("period"), ""  # "Timeline of 2025"
            period = parse_period(period_text) if period_text else None
            if period_text and period is None:
                return None
            return TimelineQuestion(_clean_topic(topic), period)
    return None


# -- the loose reading: a cue that asks for dates in order, anywhere in the question ----------------
# "I need the chronology of the border dispute, oldest first", "key dates for the green corridor",
# "how the fund has grown over the years": a cue that only a request for several dated events says.
# A period alone is no cue ("Who chaired the meeting in 2024?" is one fact), nor a place ("What
# happened at the Gabala summit?"), nor a yes-or-no question ("Is there a timeline for the army?"),
# and a question about what articles say or how they compare is left to those answerers.

_POLITE = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|so|also|and|please|kindly)\b[,:!]?\s*)*(?:(?:can|could|would|will)\s+you(?:\s+please)?\s+)?"
    r"(?:(?:i|we)(?:'d|\s+would)\s+like(?:\s+to\s+(?:see|know|have|get))?\s+|(?:i|we)\s+(?:need|want)(?:\s+to\s+(?:see|know|have|get))?\s+)?"
    r"(?:(?:give|show|tell|get|make|build|draw|create|provide|produce|prepare|write|list|outline|trace|track|chart|map|recount"
    r"|retrace|describe|sketch|lay\s+out|set\s+out|walk|take|run)\s+(?:me\s+|us\s+)?(?:through\s+)?)?",
    re.I,
)
_YES_NO = re.compile(r"^(?:is|are|was|were|has|have|had|does|do|did|will|would|should|can|could|may|might)\b", re.I)
_OTHER_KIND = re.compile(
    r"\b(?:summar\w*|gist|key\s+points|main\s+(?:points?|arguments?|findings)|says?|said|argue[sd]?|claims?|portray\w*"
    r"|compar\w*|differ\w*|contrast\w*|agree\w*|disagree\w*|consensus|who\s+(?:wrote|authored))\b",
    re.I,
)
_CHANGE = (
    r"(?:evolv\w*|evolution|develop(?:ed|s|ing)?|progress(?:ed|es)?|unfold\w*|chang(?:ed|es|ing)|gr[eo]wn?|grew|shift(?:ed)?"
    r"|expand\w*|deepen\w*|matur\w*)"
)
_LOOSE_PERIOD = (
    rf"(?:(?:in|during|throughout|over|since|after|before|until|between|from|of)\s+(?:the\s+(?:year|years|period)\s+)?{_MY}"
    rf"(?:\s*(?:–|-|to|and|until|through|till)\s*{_MY})?"
    rf"|(?<![\w-]){_MY}(?=\s+in\s+review\b))"  # "2024 in review"
)
_SINCE = re.compile(_LOOSE_PERIOD, re.I)
_CUES = [
    rf"\b(?:an?\s+|the\s+)?(?:{_NOUN}|chronolog\w*)(?:\s+(?:of|for|on|about|regarding|covering|concerning))?\b",
    r"\b(?:the\s+)?(?:sequence|succession|order|course)\s+of\s+(?:events|developments|steps)(?:\s+(?:of|in|for|around|behind|on))?\b",
    rf"\b{_ORDER}\b|\b(?:step|year|date|month)\s+by\s+(?:step|year|date|month)\b|\b(?:oldest|earliest|first)\s+(?:first|to\s+(?:newest|latest|last))\b",
    r"\b(?:the\s+)?(?:history|evolution|trajectory|progression|chronicle)\s+(?:of|behind)\b",
    r"\b(?:the\s+)?(?:development|course|path|progress|story|rise|growth)\s+of\b(?=.*\b(?:since|over\s+time|over\s+the\s+years|through\s+the\s+years|from\s+\S+\s+to)\b)",
    r"\bover\s+(?:time|the\s+(?:years|decades?)|the\s+(?:past|last)\s+(?:\w+\s+)?(?:years|decades?|months))\b|\bthrough\s+the\s+years\b",
    # "how has X evolved since 2020", "X's growth over the years"; not "How much did trade grow in 2024?"
    rf"\b(?:has|have|did|do|does|had)?\s*\b{_CHANGE}\b(?=.*\b(?:since|between|from|throughout|over|through)\s+(?:time|the\s+years|{_MY}))",
    r"\b(?:the\s+)?(?:key|main|major|important|principal|significant)?\s*(?:milestones?|key\s+dates|important\s+dates|turning\s+points|landmarks)(?:\s+(?:of|in|for|on))?\b",
    rf"\b(?:what|which\s+(?:events|things|developments))\s+(?:has\s+|have\s+)?(?:happened|took\s+place|occurred|went\s+on)\b(?=.*{_LOOSE_PERIOD})",
    rf"\b(?:the\s+)?(?:key|main|major|important)?\s*(?:events|developments|happenings)\b(?=\s+(?:of|in|during|since|throughout|between|from)\s+(?:the\s+year\s+)?{_MY})",
    r"\bwhen\s+did\s+(?:each|every|all|the\s+various)\b(?:\s+of\s+the)?",
    # "List the dates of the summits" (the polite part and its verb are out by then): several events
    r"^(?:what\s+(?:are|were)\s+)?(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:key\s+)?dates\s+(?:of|for|on)\b(?=.*s\W*$)",
    r"\b(?:the\s+)?dates\s+(?:of|for|on)\s+(?=(?:each|every|all)\b)",
]
_CUE = re.compile("|".join(_CUES), re.I)
_EDGES = (
    r"(?:of|for|on|in|about|regarding|concerning|with|to|at|from|between|the|a|an|and|please|me|us|what|how|has|have|had"
    r"|did|does|do|is|are|was|were|it|its|so|far|exactly|all|each|every|various|happened|took|place|occurred|went|on"
    r"|account|rundown|breakdown|record|list|overview|picture|events|developments)"
)


def _loose(text: str) -> TimelineQuestion | None:
    """The timeline asked by a cue anywhere in ``text`` (see above), or None."""
    body = _POLITE.sub("", text, count=1)
    if _YES_NO.match(body) or _OTHER_KIND.search(body) or not _CUE.search(body):
        return None
    period = None
    if found := _SINCE.search(body):
        period = parse_period(re.sub(r"^(?:of|over|throughout)\s+", "in ", found.group(), flags=re.I))
        if period is None:
            return None  # "between 2024 and 2022"
    return TimelineQuestion(loose_topic(body), period)


def loose_topic(body: str) -> str:
    """What a timeline is of once its cues and period are out: the longest piece of the question left
    between them, without the glue words at its edges ("the chronology of the border dispute, oldest
    first" → "border dispute"; "how has the fund grown over the years" → "fund"). A piece that only
    bounds the events ("from the founding decree to its own satellite") is no topic beside another."""
    body = _SINCE.sub(" | ", _CUE.sub(" | ", _WISE.sub(" ", body)), count=1)
    body = re.sub(rf"\b(?:has|have|did|do|does|had)?\s*\b{_CHANGE}\b", " | ", body, flags=re.I)
    pieces = re.split(r"\s*(?:\||[?!;:()]|\s[—–-]\s|[—–]|,)\s*", body)
    edges = re.compile(rf"^(?:{_EDGES}\b\s*)+|(?:\s*\b{_EDGES})+$", re.I)
    topics = [edges.sub("", edges.sub("", p.strip())).strip() for p in pieces if not _BOUNDS.match(p.strip())]
    topics = topics or [edges.sub("", edges.sub("", p.strip())).strip() for p in pieces]
    return _clean_topic(max(topics, key=len, default=""))


# "space- and digital-wise": the field of events asked for, said with "-wise" ("space and digital").
_WISE = re.compile(r"(?<=\w)-?wise\b|(?<=\w)-(?=\s+(?:and|or)\s)", re.I)
# The bounds of a sequence, not what it is of: "from the founding decree to its own satellite".
_BOUNDS = re.compile(r"^from\s+\S.*\s(?:to|until|till|through)\s+\S", re.I)


# Where the events are to come from and in what order, said beside the topic ("…, according to the interior
# articles, in date order"): no part of what the timeline is of.
_SOURCE_OR_ORDER = re.compile(
    rf"[,\s]*\b(?:according\s+to|in|from|across|per|as\s+told\s+by)\s+(?:the\s+|these\s+|our\s+|your\s+|all\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?(?:{DOCUMENT_WORDS}|collection|sources)\b"
    rf"|[,\s]*\bas\s+(?:the|these|those|our|your|all\s+the)\s+(?:{DOCUMENT_WORDS}|sources)\s+(?:tell|say|have|give|present|show)\s+it\b"
    rf"|[,\s]*\b(?:{_ORDER}|(?:oldest|earliest)\s+first|dated\s+list)\b",
    re.I,
)


def subject_of(text: str) -> str:
    """What a timeline request no pattern reads is of, in any word order: its subject words (`subject_words`)
    without its period, where its events come from, the order asked for, and words that only say when
    ("2024 in review: dated list of what happened, per the collection" is of nothing but 2024)."""
    text = _SOURCE_OR_ORDER.sub(" ", _WISE.sub(" ", _SINCE.sub(" ", text)))
    return " ".join(w for w in subject_words(text).split() if w.casefold() not in _NO_TOPIC)


def _clean_topic(topic: str) -> str:
    topic = _SOURCE_OR_ORDER.sub(" ", topic)
    topic = re.sub(r"[,\s]+please$", "", _LEADING.sub("", " ".join(topic.split())), flags=re.I).strip(" ,")
    # "I'm tracking the year": nothing but the words of the request, so no topic
    return "" if not topic or all(w.lower() in _NO_TOPIC for w in topic.split()) or not subject_words(topic) else topic


def parse_period(text: str) -> Period | None:
    """The days of "in 2025", "in May 2024", "between 2022 and 2024", "from 2022 to 2024", "2022-2024",
    "since 2023" (to the end of time), "before 2023" (from its beginning); None when it names no year."""
    items = [
        (int(m.group("y")), month_number(m.group("m")) if m.group("m") else None)
        for m in re.finditer(rf"(?:(?P<m>{MONTH_WRITTEN[1:-4]})\.?\s+)?(?P<y>(?:19|20)\d\d)", text, re.I)
    ]
    if not items:
        return None
    first, last = _span(*items[0]), _span(*items[-1])
    word = text.split()[0].lower()
    if word[0].isdigit() or word.rstrip(".") in _MONTH_WORDS:
        text = f"in {text}"  # "the events of 2023": shown as "in 2023"
    if word in ("since", "after") or (word == "from" and len(items) == 1):  # "from November 2025 on"
        start = first[0] if word in ("since", "from") else first[1] + dt.timedelta(days=1)
        return Period(start, dt.date.max, text)
    if word in ("before", "until"):
        end = first[0] - dt.timedelta(days=1) if word == "before" else first[1]
        return Period(dt.date.min, end, text)
    if last[1] < first[0]:
        return None
    return Period(first[0], last[1], text)


_MONTH_WORDS = frozenset(m.lower() for m in MONTHS) | frozenset(m[:3].lower() for m in MONTHS) | {"sept"}


def _span(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, month, 1), end


# -- dated sentences ---------------------------------------------------------------------------


@dataclass
class Dated:
    """A sentence (or table row) of an article that states dates, with its stored vector."""

    record: SentenceRecord
    vector: np.ndarray
    dates: list[DateMention]  # placed in a year, in the sentence's order
    heading: str = ""  # a table row's section heading: what the row is about
    words: frozenset[str] = frozenset()  # the roots of its words (and its heading's)
    context: frozenset[str] = frozenset()  # the roots of its paragraph's words (and its heading's)


# What opens a list item: "- ", "• ", "1. ", "(b) ".
_LIST_MARK = re.compile(r"^(?:[-*•·▪◦]\s+|\(?[0-9a-z]{1,2}[.)]\s+)")
# A byline: "By John Smith, 12 May 2024", "— Filed by Aida Karimova, Baku" (a name: two capitalised words).
_BYLINE = re.compile(r"^[—–-]*\s*(?i:(?:prepared|written|compiled|reported|edited|filed)\s+)?(?i:by)\s+[A-Z][\w.’'-]*\s+[A-Z]")
# A cited work: a title in quotes or italics, and its date right after a comma.
_CITED_TITLE = re.compile(r"[\"“][^\"”]{8,}[\"”]|\*[^*]{3,}\*")


def is_article_date_line(text: str, dates: Sequence[DateMention]) -> bool:
    """Whether ``text`` dates the article rather than an event: a "Published: …" row, a byline with a
    date, a line that is a date and little else ("November 2025", "03 Nov 2023, 16:40 (GMT+6)"), or a
    footnote's reference (a cited title, then its date after a comma)."""
    if publication_label().match(text) or (_BYLINE.match(text) and len(text.split()) <= 20):
        return True
    if is_row(text):
        return False  # "Entry into force: 4 July 2023": the label says what happened
    rest = text
    for date in sorted(dates, key=lambda d: -d.start):
        rest = rest[: date.start] + " " + rest[date.end :]
    if len([w for w in terms(rest) if w.isalpha()]) <= 2:
        return True
    return bool(_CITED_TITLE.search(text)) and any(text[: d.start].rstrip().endswith(",") for d in dates)


def dated_sentences(records: Sequence[tuple[SentenceRecord, np.ndarray]], text: str, published: str = "") -> list[Dated]:
    """The sentences of one article that state an event's date (see the module docstring), in text
    order. ``records`` are its stored sentences with their vectors, ``text`` the cleaned article,
    ``published`` its ISO publication date (places a day written without a year)."""
    out: list[Dated] = []
    seen: set[str] = set()
    context: tuple[int, int] | None = None  # (paragraph start, year) of the last dated sentence
    for record, vector in sorted(records, key=lambda rv: rv[0].start):
        if record.heading or record.text in seen or text[record.start : record.end] != record.text or record.start < 0:
            continue  # a heading, a repeat, or a record the text no longer holds (its quote would be wrong)
        row = is_row(record.text)
        dates = find_dates(record.text, bare_years=row)
        if not dates:
            continue
        if is_article_date_line(record.text, dates):
            continue
        paragraph, paragraph_end = _paragraph(text, record.start, record.end)
        year = context[1] if context and context[0] == paragraph else None
        placed = [d if d.year is not None else _place(d, year, published) for d in dates]
        placed = [d for d in placed if d is not None]
        if not placed:
            continue
        seen.add(record.text)
        context = (paragraph, next(d.year for d in reversed(placed) if d.year))
        heading = section_heading(text, record.start) if row and record.kind == "body" and record.start >= 0 else ""
        words = _roots(f"{heading} {record.text}")
        out.append(Dated(record, vector, placed, heading, words, words | _roots(text[paragraph:paragraph_end])))
    return out


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (between blank lines) holding ``text[start:end]``."""
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    return (before + 2 if before >= 0 else 0), (after if after >= 0 else len(text))


def _place(date: DateMention, year: int | None, published: str) -> DateMention | None:
    """A day written without a year, placed in its paragraph's year, else the publication's when that
    makes it no later than the publication; None when neither applies."""
    if year is not None:
        return date.with_year(year)
    try:
        issued = dt.date.fromisoformat(published)
    except ValueError:
        return None  # no full publication date ("2025-11" or none)
    placed = date.with_year(issued.year)
    return placed if placed.first_day() <= issued else None


def _pick_date(dated: Dated, period: Period | None, weights: dict[str, float]) -> DateMention | None:
    """The date that places ``dated``: its first (inside ``period``, when one is asked), a month or day
    before a bare year; when it has several and says a topic word, the one nearest that word ("the 2010
    Agreement and the 2021 Shusha Declaration" is 2021 in a timeline of the Shusha Declaration)."""
    dates = [d for d in dated.dates if period is None or period.holds(d)]
    # A date given to the month or the day places the sentence before a bare year beside it: "Istanbul
    # Declaration (12 November 2021): … 'Turkic World Vision 2040' adopted" is 2021; the year is a name's.
    dates = [d for d in dates if d.precision != "year"] or dates
    if len(dates) <= 1 or not weights:
        return dates[0] if dates else None
    at = [m.start() for m in re.finditer(r"[^\W_]+", dated.record.text) if _root(m.group().lower()) in weights]
    if not at:
        return dates[0]
    return min(dates, key=lambda d: min(abs(d.start - a) for a in at))


# -- the answerer --------------------------------------------------------------------------------


@dataclass
class _Event:
    date: DateMention
    dated: Dated
    score: float
    article: ArticleRecord
    also: list[tuple[Dated, ArticleRecord]] = field(default_factory=list)  # the same event in other articles


class TimelineAnswerer:
    """Answers timeline questions from ``store``'s sentences; ``texts`` gives cleaned texts, ``retriever``
    finds a topic's passages (and its BM25 index the chunks that hold a period's years)."""

    def __init__(
        self,
        store: Store,
        texts: Callable[[str], str],
        retriever: HybridRetriever,
        *,
        cap: int = 15,
        passages: int = 20,
        articles: int = 12,
        relevant: float = 0.45,
        word_weight: float = 0.4,
        floor: float = 0.2,
        strong: float = 0.6,
        titled: float = 0.1,
        same_event: float = 0.9,
        within: int = 6,
        within_share: float = 0.5,
        cache: int = 128,
    ):
        self.store = store
        self.texts = texts
        self.retriever = retriever
        self.cap = cap
        self.passages = passages  # the topic's passages retrieved
        self.articles = articles  # at most this many articles are read for events
        # How much a dated sentence is about the topic (`_relevance`): its vector's cosine to the topic's,
        # plus ``word_weight`` times the share of the topic's words (weighed by rarity) it says. An event
        # needs ``relevant``, a cosine of at least ``floor``, and its paragraph saying one of the topic's
        # words unless its cosine reaches ``strong``: MiniLM finds any two Turkic names alike, so a
        # sentence about Yerlikaya comes close to "Tokayev's proposals" by its vector alone.
        self.relevant = relevant
        self.word_weight = word_weight
        self.floor = floor
        self.strong = strong
        # An article whose own title says the topic is about it throughout: its dated sentences need only
        # a cosine of ``titled`` (a fact sheet's "Entry into force: 4 July 2023" names no subject at all).
        self.titled = titled
        self.same_event = same_event
        # A dated line inside one of the topic's ``within`` best passages, a passage that says at least
        # ``within_share`` of the topic's words (by weight), is read in that passage's light as a titled
        # article's lines are: a table of milestones or a list of operations stands under the paragraph
        # that names the topic, while its rows ("Interstate agreement signed: 19 March 2019") say none of
        # its words and their vectors alone come no closer to it than an unrelated sentence's.
        self.within = within
        self.within_share = within_share
        self._dated = lru_cache(maxsize=cache)(self._read_article)

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The timeline and its citations, or None when ``question`` asks for no timeline."""
        return self.answer_to(recognise(question), question)

    def answer_to(self, asked: TimelineQuestion | None, question: str) -> tuple[str, list[Citation]] | None:
        """The timeline ``asked`` for (read by `recognise` or the kind model), or None without one."""
        if asked is None:
            return None
        if asked.events:
            return self._ordered(asked, question)
        if asked.since:
            anchor = self._best_dated(asked.since)
            if anchor is None:
                return self._abstain(question, [], None)
            start = anchor.date.first_day()
            asked = replace(asked, period=Period(start, dt.date.max, f"since {anchor.date.normalised()}"), since="")
        vector: np.ndarray | None = None
        doc_ids: list[str] = []
        closest: list[Passage] = []
        if asked.topic:
            retrieval = self.retriever.retrieve(asked.topic, self.passages)
            vector = np.asarray(retrieval.vector, dtype=np.float32)
            closest = retrieval.passages
            for p in retrieval.passages:
                doc_ids += [p.doc_id] if p.doc_id not in doc_ids else []
        if asked.period or not asked.topic:
            for doc_id in self._articles_for_years(asked):
                doc_ids += [doc_id] if doc_id not in doc_ids else []
        # the cap counts only articles that can be read (complete, and in the catalogue a deployment shows)
        records = {a.doc_id: a for a in self.store.articles(doc_ids=doc_ids, status="complete")} if doc_ids else {}
        doc_ids = [d for d in doc_ids if d in records][: self.articles]
        events, total = self._events(asked, doc_ids, records, vector, closest[: self.within])
        if not events:
            return self._abstain(question, closest, vector)
        return self._write(asked, events, total)

    def _ordered(self, asked: TimelineQuestion, question: str) -> tuple[str, list[Citation]]:
        """The events the question lists, each dated by its best dated sentence on it, in date order; those
        no article dates are said after them."""
        found: list[tuple[_Event, str]] = []
        undated: list[str] = []
        for event in asked.events:
            best = self._best_dated(event)
            if best is None or any(best.dated.record.id == e.dated.record.id for e, _ in found):
                undated.append(event)  # none, or only the sentence that dates an event listed before it
            else:
                found.append((best, event))
        if not found:
            return self._abstain(question, [], None)
        found.sort(key=lambda en: (en[0].date.key(), en[0].dated.record.start))
        events = [e for e, _ in found]
        text, cited = self._write(asked, events, len(events), {i: name for i, (_, name) in enumerate(found)})
        if undated:
            text += "\n(No dated sentence found for: " + "; ".join(undated) + ".)"
        return text, cited

    def _best_dated(self, event: str) -> _Event | None:
        """The dated sentence that best dates ``event`` (a named happening: "the Shusha Declaration"), or None."""
        retrieval = self.retriever.retrieve(event, self.passages)
        vector = np.asarray(retrieval.vector, dtype=np.float32)
        doc_ids = list(dict.fromkeys(p.doc_id for p in retrieval.passages))
        records = {a.doc_id: a for a in self.store.articles(doc_ids=doc_ids, status="complete")} if doc_ids else {}
        doc_ids = [d for d in doc_ids if d in records][: self.articles]
        best = retrieval.passages[: self.within]
        found, _ = self._events(TimelineQuestion(event), doc_ids, records, vector, best)
        return max(found, key=lambda e: e.score, default=None)

    # Finding the events

    def _articles_for_years(self, asked: TimelineQuestion) -> list[str]:
        """The articles whose chunks hold the period's years (or any year, with neither a topic nor a
        period), best BM25 match first (the topic's words join the query so its chunks come first),
        then those published in the period: their days written without a year fall in it."""
        period = asked.period
        first = period.first.year if period and period.first != dt.date.min else 1990
        last = period.last.year if period and period.last != dt.date.max else dt.date.today().year + 5
        years = " ".join(str(y) for y in range(max(first, 1900), min(last, 2099) + 1)[-60:])
        hits = self.retriever.lexical.search(f"{years} {asked.topic}", 4 * self.articles)
        out: list[str] = []
        for chunk, _ in hits:
            if (doc_id := chunk_doc_id(chunk)) not in out:
                out.append(doc_id)
        if period is not None:
            published = Filters(date_from=period.first.isoformat(), date_to=period.last.isoformat())
            out += [d for d in self.retriever.allowed_docs(published) or [] if d not in out]
        return out

    def _read_article(self, doc_id: str, seen: str, published: str) -> list[Dated]:
        """An article's dated sentences (kept per store stamp ``seen``: a re-ingest reads them again)."""
        return dated_sentences(self.store.sentences.vectors_of(doc_id), self.texts(doc_id) or "", published)

    def _events(
        self,
        asked: TimelineQuestion,
        doc_ids: list[str],
        records: dict[str, ArticleRecord],
        vector: np.ndarray | None,
        best: Sequence[Passage] = (),
    ) -> tuple[list[_Event], int]:
        """The events to show, in date order, and how many there were before the cap; ``best``: the
        topic's best passages (see `within`)."""
        candidates: list[_Event] = []
        weights = self._topic_weights(asked.topic) if vector is not None else {}
        inside = [(p.doc_id, p.start, p.end) for p in best if p.start >= 0 and _names_topic(p.text, weights, self.within_share)]
        for order, doc_id in enumerate(doc_ids):
            article = records[doc_id]
            titled = _share(weights, _roots(article.title)) if article.title_source != "derived" else 0.0
            for dated in self._dated(doc_id, self.store.seen, article.date):
                date = _pick_date(dated, asked.period, weights)
                if date is None:
                    continue
                if vector is not None:
                    record = dated.record
                    within = any(d == doc_id and a <= record.start and record.end <= b for d, a, b in inside)
                    score = self._relevance(dated, vector, weights, titled, within)
                    if score is None:
                        continue
                else:
                    # No topic: the most exactly dated first, the body before footnotes, earlier articles
                    # (better BM25 matches for the period's years) first.
                    precision = {"day": 2.0, "month": 1.0, "year": 0.0}[date.precision]
                    score = precision + (0.5 if dated.record.kind == "body" else 0.0) - order / (10 * len(doc_ids))
                candidates.append(_Event(date, dated, score, article))
        events = self._merge(candidates)
        chosen = sorted(events, key=lambda e: -e.score)[: self.cap]
        position = {doc_id: i for i, doc_id in enumerate(sorted(doc_ids, key=lambda d: records[d].source))}
        chosen.sort(key=lambda e: (e.date.key(), position[e.article.doc_id], e.dated.record.start))
        return chosen, len(events)

    def _topic_weights(self, topic: str) -> dict[str, float]:
        """The topic's words (stemmed), each weighed by how rare it is in the collection (BM25's idf):
        "Shusha" says more about a sentence than "declaration", and "OTS" next to nothing."""
        words = terms(topic)
        lexical = self.retriever.lexical
        total = max(lexical.passage_count(), 1)
        frequency = lexical.document_frequency(words)
        weights: dict[str, float] = {}
        for word in words:
            weights[_root(word)] = max(weights.get(_root(word), 0.0), math.log(1 + total / (1 + frequency.get(word, 0))))
        return weights

    def _relevance(
        self, dated: Dated, vector: np.ndarray, weights: dict[str, float], titled: float, within: bool = False
    ) -> float | None:
        """How much ``dated`` is about the topic (see `__init__`), or None when not enough; ``titled``
        is the share of the topic's words its article's title says, ``within`` whether the line stands
        in one of the topic's best passages."""
        similar = _cosine(vector, dated.vector)
        said, around = _share(weights, dated.words), _share(weights, dated.context)
        score = similar + self.word_weight * max(said, around / 2, titled / 2)
        if titled >= 0.5 and similar >= self.titled:
            return score
        if within and similar >= self.titled:
            return score
        if similar < self.floor or score < self.relevant or (not around and similar < self.strong):
            return None
        return score

    def _merge(self, candidates: list[_Event]) -> list[_Event]:
        """One event per happening: a candidate with the same date as a better one and a sentence vector
        closer than ``same_event`` (or the same words) joins it as a further citation."""
        kept: list[_Event] = []
        for event in sorted(candidates, key=lambda e: -e.score):
            twin = next(
                (
                    k
                    for k in kept
                    if k.date.key() == event.date.key()
                    and (
                        k.dated.record.text == event.dated.record.text
                        or _cosine(k.dated.vector, event.dated.vector) > self.same_event
                    )
                ),
                None,
            )
            if twin is None:
                kept.append(event)
            elif event.article.doc_id != twin.article.doc_id and all(a.doc_id != event.article.doc_id for _, a in twin.also):
                twin.also.append((event.dated, event.article))
        return kept

    # Writing the answer

    def _write(
        self, asked: TimelineQuestion, events: list[_Event], total: int, named: dict[int, str] | None = None
    ) -> tuple[str, list[Citation]]:
        """The timeline's lines, the date first; ``named``: the event the question named, by its place in
        ``events``, said after the date ("2021 — the Shusha Declaration: …")."""
        cited: list[Citation] = []
        chunks = self._chunks([e.dated for e in events] + [d for e in events for d, _ in e.also])
        lines = [_title(asked)]
        for i, event in enumerate(events):
            marks = []
            for dated, article in [(event.dated, event.article), *event.also]:
                cited.append(self._citation(len(cited) + 1, dated, article, chunks))
                marks.append(f"[{len(cited)}]")
            quote = cited[-len(marks)].quote
            section = f" (section: “{event.dated.heading}”)" if event.dated.heading else ""
            label = f"{named[i]}: " if named and i in named else ""
            # The date first, unless the quote opens with it as written here ("3 November 2022 — Kyrgyzstan and …",
            # a chronology's line); "Mart 2025'te …" is still dated "March 2025" first.
            said_first = not label and quote.startswith(event.date.normalised())
            dated = "" if said_first else f"{event.date.normalised()} — "
            lines.append(f"{dated}{label}{quote} {''.join(marks)}{section}")
        if total > len(events):
            which = "closest to the topic" if asked.topic else "most exactly dated"
            lines.append(f"({len(events)} of {total} dated events shown: the {which}.)")
        return "\n".join(lines), cited

    def _chunks(self, dated: list[Dated]) -> dict[str, Passage]:
        ids = sorted({d.record.chunk_id for d in dated if d.record.chunk_id})
        return {c.id: passage_from_record(c, 0, 1.0) for c in self.store.passages.get(ids)}

    def _citation(self, n: int, dated: Dated, article: ArticleRecord, chunks: dict[str, Passage]) -> Citation:
        """Cite the sentence, exactly, in the chunk that holds it (else in a passage of itself)."""
        record = dated.record
        start = record.start + len(mark.group()) if (mark := _LIST_MARK.match(record.text)) else record.start
        quote = (self.texts(record.doc_id) or "")[start : record.end]  # a list item's words, without its "- "
        chunk = chunks.get(record.chunk_id)
        if chunk is not None and quote in chunk.text:
            passage = replace(chunk, rank=n)
        else:
            passage = Passage(
                rank=n, doc_id=record.doc_id, source=article.source, chunk_id=record.chunk_id or chunk_id(record.doc_id, 0),
                text=quote, score=1.0, start=start, end=record.end, title=article.title, author=article.author,
                date=article.date, title_source=article.title_source, kind=record.kind, marker=record.marker,
            )  # fmt: skip
        return Citation(n, passage, quote, start, record.end)

    def _abstain(self, question: str, closest: list[Passage], vector: np.ndarray | None) -> tuple[str, list[Citation]]:
        """The grounded answerer's abstention: its wording, and the two sentences of the best passages
        closest to the topic (without one, to the question, retrieved now)."""
        if not closest:
            retrieval = self.retriever.retrieve(question, 3)
            closest, vector = retrieval.passages, np.asarray(retrieval.vector, dtype=np.float32)
        chunks = {c.id: c for c in self.store.passages.get([p.chunk_id for p in closest[:3]])}
        ids = [sid for p in closest[:3] if p.chunk_id in chunks for sid in chunks[p.chunk_id].sentence_ids()]
        scored = [
            (_cosine(vector, v) if vector is not None else 0.0, r)
            for r, v in self.store.sentences.get_with_vectors(ids)
            if not r.heading
        ]
        cited: list[Citation] = []
        for _, record in sorted(scored, key=lambda sr: -sr[0])[:2]:
            passage = next(p for p in closest if p.chunk_id == record.chunk_id or p.doc_id == record.doc_id)
            quote = (self.texts(record.doc_id) or "")[record.start : record.end]
            cited.append(Citation(len(cited) + 1, replace(passage, rank=len(cited) + 1), quote, record.start, record.end))
        text = ABSTAIN_TEXT
        if cited:
            text += " The closest they come: " + " ".join(f"“{c.quote}” [{c.n}]" for c in cited)
        return text, cited


def _title(asked: TimelineQuestion) -> str:
    if asked.events:
        return "In date order, oldest first:"
    what = f"Timeline of {asked.topic.rstrip(' .?!')}" if asked.topic else "Dated events in the articles"
    when = f", {asked.period.text}" if asked.period else ""
    return f"{what}{when}, oldest first:"


def _names_topic(text: str, weights: dict[str, float], share: float) -> bool:
    """Whether a passage is on the topic, for its dated lines to be read in its light: it says ``share``
    of the topic's words (by weight). A table of milestones stands under the heading or paragraph that names
    its topic, or names it in one row: its rows ("Interstate agreement signed: 19 March 2019") are the
    topic's. A chronology of sentences names each line's own subject in the line, and one line on the topic
    ("3 November 2022 — … the Kempir-Abad reservoir") does not make the others, about other things, part
    of it: there the topic must be said around the dated lines, or in two of them."""
    if _share(weights, _roots(text)) < share:
        return False
    lines = text.split("\n")
    dated = [line for line in lines if find_dates(line, bare_years=True)]
    rows = sum(1 for line in dated if is_row(_LIST_MARK.sub("", line)))
    if rows * 2 >= len(dated):
        return True
    around = "\n".join(line for line in lines if line not in dated)
    saying = sum(1 for line in dated if _share(weights, _roots(line)) > 0)
    return _share(weights, _roots(around)) >= share or saying >= 2


def _share(weights: dict[str, float], words: frozenset[str]) -> float:
    """The share of the topic's words (by weight) among ``words``."""
    return sum(w for word, w in weights.items() if word in words) / (sum(weights.values()) or 1.0)


def _root(word: str) -> str:
    """`stem` twice: once strips "meetings" to "meeting", where "meeting" goes to "meet"; twice, both
    meet (and every word keeps one root however it was inflected)."""
    return stem(stem(word))


def _roots(text: str) -> frozenset[str]:
    return frozenset(_root(word) for word in terms(text))


def _cosine(a: np.ndarray | Sequence[float], b: np.ndarray) -> float:
    return float(np.dot(a, b) / ((np.linalg.norm(a) * np.linalg.norm(b)) or 1.0))


__all__ = [
    "Dated",
    "Period",
    "TimelineAnswerer",
    "TimelineQuestion",
    "dated_sentences",
    "is_article_date_line",
    "listed_events",
    "parse_period",
    "recognise",
]
