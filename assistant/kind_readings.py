"""A question the kind model claims, read into its answerer's request without the whole-question patterns.

When no pattern claimed a question and the model (assistant/kind_model.py) says it asks for a
summary, a comparison, a timeline or a record of the collection, what it is about still has to be
read. Each kind's cue-based reading is tried first (it knows the kind's word orders); when that finds
nothing, the question's own words are the subject: the question without its cue words (what a
timeline, a comparison or a summary is asked with, the document words, the polite framing and the
glue words). Retrieval and article matching work on those words in any order, so "cyber threats -
how does each article treat them? compare" is a comparison on "cyber threats".
"""

from __future__ import annotations

import re

from assistant import collection_questions as cq
from assistant import comparisons, summaries, timelines
from assistant.collection_questions import CollectionQuestion
from assistant.comparisons import ComparisonRequest
from assistant.summaries import SummaryRequest
from assistant.timelines import TimelineQuestion

# The words a request beyond a single fact is made of, never its subject. English function words, the
# kinds' cue words and the words for a document: language, not knowledge of any collection.
_GLUE = """a an the of on in at to for from by with about regarding concerning over across between among and or
    vs versus as into onto than then so such that this these those it its they them their there here what which who
    whom whose when where why how is are was were be been being do does did done has have had can could would will
    should may might must shall i me my we us our you your he she his her one ones each both all any every some more
    most very just also only really exactly please thanks pls plz kindly hi hello hey ok okay if whether not no yes""".split()
_FRAMING = """tell show give get find need want like love looking look help let know see wonder wondering curious
    briefing writing prepare preparing note memo quick question quickly short shortly brief briefly long detail details
    detailed full complete whole overall general nutshell words sentences lines bullet bullets points point""".split()
_DOCUMENTS = """article articles piece pieces report reports reporting source sources item items doc docs document
    documents text texts story stories paper papers op-ed oped commentary commentaries analysis analyses feature
    features factsheet fact sheet sheets wire newsletter post posts collection corpus library material coverage
    covered cover covers author authors writer writers title titles wrote write writes written penned authored
    published publish anything everything something work works contributions contribution""".split()
_CUES = """timeline timelines timline chronology chronological chronologically chronicle sequence order ordered
    dates dated date key events event happened happen happening occurred took place went history historical evolution
    evolve evolved evolving develop developed development developments progress progressed progression milestones
    milestone trajectory course steps step year-by-year time over through since
    compare compared comparing comparison contrast contrasting differ differs differed difference differences
    different differently disagree disagrees disagreement agree agrees agreement same similar similarly similarity
    views view position positions stance stances take takes framing frame frames framed portray portrays portrayed
    portrayal treat treats treated treatment say says said saying argue argues argued argument arguments claim claims
    summary summaries summarise summarize summarised summarized summarising summarizing sum up recap gist overview
    overviews tl dr tldr takeaways takeaway main central core thesis rundown synopsis digest highlights outline
    break down walk through explain describe discuss discusses discussed discussing mention mentions mentioned
    address addresses addressed deal deals""".split()
_DROP = frozenset(w.casefold() for w in _GLUE + _FRAMING + _DOCUMENTS + _CUES)
_WORD = re.compile(r"[^\W_][\w'’.-]*[\w]|[^\W_]")
_POSSESSIVE = re.compile(r"['’]s?$")


def subject_words(text: str, keep_years: bool = False) -> str:
    """``text`` without the words a request is made of: what it is about, in the order written."""
    kept = []
    for word in _WORD.findall(text):
        bare = _POSSESSIVE.sub("", word)
        if bare.casefold() in _DROP or (not keep_years and re.fullmatch(r"(?:19|20)\d\d", bare)):
            continue
        kept.append(bare)
    return " ".join(kept)


def collection_question(question: str, record: str) -> CollectionQuestion | None:
    """The collection question asking for ``record`` ("author", "date", "list", "newest", "oldest",
    "by_author"); None for "which_articles" (a topic, see `which_articles_topic`) or no subject."""
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
    topic = subject_words(text)
    if not topic and period is None:
        return None
    return TimelineQuestion(topic, period)


def comparison_readings(question: str) -> list[ComparisonRequest]:
    if readings := comparisons.loose(question):
        return readings
    topic = subject_words(question, keep_years=True)
    return [ComparisonRequest(topic)] if topic else []


def summary_request(question: str) -> SummaryRequest | None:
    if (read := summaries.recognise(question)) is not None:
        return read
    subject = subject_words(question, keep_years=True)
    # "summarise": the article(s) the words name, else the articles at large on them as a topic.
    return SummaryRequest("summarise", subject) if subject else None
