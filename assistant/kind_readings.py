"""A question the kind model claims, read into its answerer's request without the whole-question patterns.

When no pattern claimed a question and the model (assistant/kind_model.py) says it asks for a
summary, a comparison, a timeline or a record of the collection, what it is about still has to be
read. Each kind's cue-based reading is tried first (it knows the kind's word orders); when that finds
nothing, the question's own words are the subject: the question without its cue words
(`otsqa.request_words`: what a timeline, a comparison or a summary is asked with, the document words,
the polite framing and the glue words). Retrieval and article matching work on those words in any order, so "cyber threats -
how does each article treat them? compare" is a comparison on "cyber threats".
"""

from __future__ import annotations

import re
from typing import Sequence

from assistant import collection_questions as cq
from assistant import comparison_questions, summaries, timelines
from assistant.collection_questions import CollectionQuestion
from assistant.comparison_questions import ComparisonRequest
from assistant.summaries import SummaryRequest
from assistant.timelines import TimelineQuestion
from otsqa.request_words import ABOUT_ARTICLES, DOCUMENT_WORD, subject_words


def collection_question(question: str, record: str) -> CollectionQuestion | None:
    """The collection question asking for ``record`` ("author", "date", "list", "newest", "oldest",
    "by_author", "outlet"); None for "which_articles" (a topic, see `which_articles_topic`) or no subject."""
    text = " ".join(question.split())
    if (read := cq.recognise(text)) is not None:
        return read
    body = cq.POLITE.sub("", text, count=1)
    match record:
        case "list":
            period = cq._PERIOD_WORDS.search(body)
            return CollectionQuestion("list", loose=True, period=period.group() if period else "")
        case "newest" | "oldest":
            return CollectionQuestion(record, loose=True)
        case "author" | "date":
            subject = cq.loose_subject(body)
            if cq._every(subject):
                return CollectionQuestion("list", loose=True)
            subject = subject_words(subject, keep_years=True)
            return CollectionQuestion(record, subject, loose=True) if subject else None
        case "by_author":
            person = subject_words(body)
            return CollectionQuestion("by_author", person, loose=True) if person else None
        case "outlet":  # "the Caucasus Ledger ran the water brief when?": where it appeared (and when, if asked)
            subject = subject_words(cq.loose_subject(body), keep_years=True)
            kind = "outlet_date" if cq._ASKS_DATE.search(body) else "outlet"
            return CollectionQuestion(kind, subject, loose=True) if subject else None
    return None


def which_articles_topic(question: str) -> str:
    return subject_words(question, keep_years=True)


def timeline_question(question: str) -> TimelineQuestion | None:
    text = " ".join(question.split())
    if (read := timelines.recognise(text)) is not None:
        return read
    period = None
    if found := timelines._SINCE.search(text):
        period = timelines.parse_period(re.sub(r"^(?:of|over|throughout)\s+", "in ", found.group(), flags=re.I))
    topic = timelines.subject_of(text)
    if not topic and period is None:
        return None
    return TimelineQuestion(topic, period)


def comparison_readings(question: str, authors: Sequence[str] = ()) -> list[ComparisonRequest]:
    """The comparisons ``question`` may ask for: the cue-based readings, else its subject words, with the
    words that are names of ``authors`` (the collection's) as the articles compared ("Put Karimova and
    Sultanov next to each other on border guards")."""
    # Articles named by their kind first: the cue-based readings may take a list of the question's own
    # words for the parties ("Repatriation of women and children from Syria and Iraq: contrast the FAQ, …").
    pieces = comparison_questions.named_pieces(question)
    if readings := comparison_questions.loose(question):
        return [pieces, *readings] if pieces else readings
    if pieces:
        return [pieces]
    words = subject_words(question, keep_years=True).split()
    surnames = {w.casefold() for author in authors for w in author.split() if len(w) > 2}
    parties = [w for w in words if w.casefold() in surnames]
    topic = " ".join(w for w in words if w.casefold() not in surnames)
    if not topic:
        return []
    if len(parties) >= 2:
        return [ComparisonRequest(topic, " and ".join(parties))]
    # Without named articles, only a comparison of what the articles say is one for the articles.
    return [ComparisonRequest(topic)] if ABOUT_ARTICLES.search(question) else []


def summary_request(question: str) -> SummaryRequest | None:
    if (read := summaries.recognise(question)) is not None:
        return read
    # "summarise": the article(s) the words name, else the articles at large on them as a topic. Where a
    # document word is said, the words around it name the article ("condensed version of the glacier
    # piece"); else the subject words are the topic.
    body = cq.POLITE.sub("", " ".join(question.split()), count=1)
    subject = cq.loose_subject(body) if DOCUMENT_WORD.search(body) else subject_words(question, keep_years=True)
    return SummaryRequest("summarise", subject) if subject_words(subject) else None
