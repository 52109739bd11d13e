"""Collection and timeline questions in the many ways analysts word them (the loose readings of
assistant/collection_questions.py and assistant/timelines.py), and single facts that must stay facts.

Every wording here was written for these tests (none comes from an evaluation set): imperatives,
questions, fragments, polite forms, lower case, no question mark, two records asked at once. End to end,
the loose path answers from the made-up collections the other tests use, every quote an exact slice.
"""

from __future__ import annotations

import pytest

from assistant.collection_questions import CollectionAnswerer
from assistant.collection_questions import recognise as collection_question
from assistant.timelines import recognise as timeline_question
from store.memory import MemoryStore
from tests.assistant.test_collection_questions import ARTICLES
from tests.assistant.test_kinds import told

# (question, kind, subject): the subject an author or date question names, the person of a by_author one.
COLLECTION = [
    ("The brief on border guards: who wrote it?", "author", "The brief on border guards"),
    ("I need the publication date of the report on drought", "date", "the report on drought"),
    ("could you tell me who the author of the fact sheet on exercises is", "author", "the fact sheet on exercises"),
    ("Byline of the newsletter on Afghanistan?", "author", "the newsletter on Afghanistan"),
    ("the interview about cyber threats, when did that come out", "date", "the interview about cyber threats"),
    ("When was the brief on border guards written and by whom?", "author_date", "the brief on border guards"),
    ("author and publication date of the commentary on drone exports", "author_date", "the commentary on drone exports"),
    ("What's the date on the report about water shortages?", "date", "the report about water shortages"),
    ("In what year did the grain corridors piece come out?", "date", "the grain corridors piece"),
    ("Who's behind the brief on Batken?", "author", "the brief on Batken"),
    (
        "Who wrote the report on the Caspian pipeline and when was it published?",
        "author_date",
        "the report on the Caspian pipeline",
    ),
    ("please, who penned the op-ed on Turkic air defence", "author", "the op-ed on Turkic air defence"),
    ("Need the author's name for the analysis of the drone market.", "author", "the analysis of the drone market"),
    ("the piece on the steppe rivers - publication date?", "date", "the piece on the steppe rivers"),
    ("Hi, could you check when the dispatch from Bishkek was posted?", "date", "the dispatch from Bishkek"),
    ("how old is the study on cross-border water", "date", "the study on cross-border water"),
    ("'Grain Roads of the East': author?", "author", "Grain Roads of the East"),
    ("please give me the titles of all the articles", "list", ""),
    ("how many pieces do you hold", "list", ""),
    ("I'd like a list of the documents with authors and dates", "list", ""),
    ("what do you have in the library", "list", ""),
    ("Which articles were published in 2025?", "list", ""),
    ("Who are the authors of the articles?", "list", ""),
    ("Could you tell me who wrote each of the articles?", "list", ""),
    ("overview of the collection please", "list", ""),
    ("When were the reports published?", "list", ""),
    ("anything by Dana Abenova?", "by_author", "Dana Abenova"),
    ("Show me Karimova's articles", "by_author", "Karimova"),
    ("has Bolat Sultanov published any reports here", "by_author", "Bolat Sultanov"),
    ("I'm looking for pieces written by Kerem Aydin", "by_author", "Kerem Aydin"),
    ("What's the most recent piece you've got", "newest", ""),
    ("latest article in the collection", "newest", ""),
    ("which document came out first", "oldest", ""),
    ("Can you find the earliest report in the archive?", "oldest", ""),
    # the header's dates, quoted (the records keep one)
    ("When was the brief on drones published, and when was it last revised?", "dates", "the brief on drones"),
]

# (question, topic, period words)
TIMELINES = [
    ("I need the chronology of the border dispute, oldest first", "border dispute", None),
    ("key dates for the green corridor project please", "green corridor project", None),
    ("how the investment fund has grown over the years", "investment fund", None),
    ("evolution of the investment fund since 2021", "investment fund", "since 2021"),
    ("what happened during 2024 with the cyber agreement", "cyber agreement", "during 2024"),
    ("describe the events of 2022 in the border conflict", "border conflict", "in 2022"),
    ("Turkic military cooperation over time", "Turkic military cooperation", None),
    ("could you lay out the sequence of events around the border clashes", "border clashes", None),
    ("list the dates of the OTS summits", "OTS summits", None),
    ("the history of the civil protection mechanism", "civil protection mechanism", None),
    ("milestones in defence industry cooperation", "defence industry cooperation", None),
    ("How have intelligence contacts developed between 2021 and 2024?", "intelligence contacts", "between 2021 and 2024"),
    ("Put the joint exercises in date order", "joint exercises", None),
    ("What went on in 2023 regarding migration?", "migration", "in 2023"),
    ("walk me through the evolution of the cyber security dialogue", "cyber security dialogue", None),
    ("I'd like a timeline for the emergency response centre", "emergency response centre", None),
    ("give me a year by year account of the Turkic investment fund", "Turkic investment fund", None),
    ("What are the turning points in OTS security cooperation?", "OTS security cooperation", None),
    ("what developments occurred between 2020 and 2023 in border security", "border security", "between 2020 and 2023"),
    ("Could you trace the history of the water commission, please?", "water commission", None),
]

# Single facts (and questions of other kinds) that neither loose reading may take.
FACTS = [
    "When was the Shusha Declaration signed?",
    "What did the report say about the pipeline?",
    "When did the summit take place?",
    "Who chaired the meeting in 2024?",
    "What happened at the Gabala summit?",
    "In which year was the fund created?",
    "When was the fund created, according to the report?",
    "How many reports did the ministry publish in 2024?",
    "When was the OTS charter adopted?",
    "What date was the agreement signed?",
    "How many articles mention drones?",
    "Who leads the organisation?",
    "Who are the members of the council of elders?",
    "When did the report's authors visit Baku?",
    "What was the publication date of the ministry's strategy?",
    "Is there a timeline for establishing the joint army?",
    "How did the Turkic Council become the OTS?",
    "How many summits were held since 2020?",
    "What did Tokayev propose in 2023?",
    "Which exercises took place in 2025?",
    "What changed in the charter in 2023?",
    "Has cooperation deepened since 2020?",
    "What was agreed at the 2024 summit?",
    "What happened on 7 October 2025?",
    "How much did trade grow in 2024?",
    "What is the order of the steps in the accession procedure?",
    "Where was the latest summit held?",
    "Who signed the first agreement on defence industry?",
    "what is the newest drone the army bought",
    "When does the report expect the corridor to open?",
    "What has Kazakhstan contributed to the rescue mechanism?",
    "Has Uzbekistan published its defence strategy yet?",
]
# Of other kinds: the loose readings must leave them to their answerers.
OTHERS = [
    ("Summarise the history of the fund", "summary"),
    ("Compare how the articles describe the history of the fund", "comparison"),
    ("What does the newest article say about drones?", "summary"),
    ("Which articles discuss drones?", "collection"),
]


@pytest.mark.parametrize("question, kind, subject", COLLECTION)
def test_collection_wordings_are_recognised(question, kind, subject):
    asked = collection_question(question)
    assert asked is not None and (asked.kind, asked.subject) == (kind, subject)
    assert timeline_question(question) is None or asked is not None  # the collection is tried first
    assert told(question) == "collection"


@pytest.mark.parametrize("question, topic, period", TIMELINES)
def test_timeline_wordings_are_recognised(question, topic, period):
    assert collection_question(question) is None
    asked = timeline_question(question)
    assert asked is not None and asked.topic == topic
    assert (asked.period.text if asked.period else None) == period
    assert told(question) == "timeline"


@pytest.mark.parametrize("question", FACTS)
def test_single_facts_stay_facts(question):
    assert collection_question(question) is None
    assert timeline_question(question) is None


@pytest.mark.parametrize("question, kind", OTHERS)
def test_other_kinds_are_left_to_their_answerers(question, kind):
    assert timeline_question(question) is None
    assert told(question) == kind


def test_there_are_enough_fresh_wordings():
    assert len(COLLECTION) + len(TIMELINES) >= 40 and len(FACTS) >= 25


# -- end to end over the made-up records of test_collection_questions -----------------------------


@pytest.fixture
def answerer():
    store = MemoryStore()
    store.put_articles(ARTICLES)
    texts = {a.doc_id: a.text for a in ARTICLES}
    return CollectionAnswerer(store, texts.__getitem__)


@pytest.mark.parametrize(
    "question, contains, cited",
    [
        ("The steppe rivers piece: who wrote it?", "written by Aida Karimova [1]", ["a-1"]),
        ("i need the publication date of the grain corridors article", "published on 9 January 2026 [1]", ["b-2"]),
        (
            "Who wrote the Rivers of the Steppe article and when was it published?",
            "“Rivers of the Steppe: Water Politics” was written by Aida Karimova and was published on 2 March 2025 [1].",
            ["a-1"],
        ),
        ("author and date of the digital silk road report", "names no author and gives no publication date [1]", ["c-3"]),
        ("Who wrote the latest article?", "written by Bolat Sultanov [1]", ["b-2"]),
        ("could you list the articles published in 2025", "1 article in the collection was published in 2025:", ["a-1"]),
        (
            "Which articles came out in 2024?",
            "No article in the collection was published in 2024; The collection has 3",
            ["a-1", "b-2", "c-3"],
        ),
        ("Who wrote each of the articles?", "The collection has 3 articles", ["a-1", "b-2", "c-3"]),
        ("anything by Bolat Sultanov?", "Bolat Sultanov wrote 1 article", ["b-2"]),
        ("anything by Nobody Known?", "No article is by 'Nobody Known'", []),
        ("which piece came out first", "The oldest article is “Rivers of the Steppe", ["a-1"]),
        ("the report on penguins: who wrote it?", "No article matches 'the report on penguins'", []),
    ],
)
def test_loose_collection_questions_are_answered_from_the_records(answerer, question, contains, cited):
    text, citations = answerer.answer(question)
    assert contains in text
    assert [c.passage.doc_id for c in citations] == cited
    for c in citations:
        article = next(a for a in ARTICLES if a.doc_id == c.passage.doc_id)
        assert article.text[c.start : c.end] == c.quote and c.quote


@pytest.mark.parametrize(
    "question",
    [
        "anything by the ministry?",  # no person of the collection, written as no name
        "the article - who wrote it?",  # which one is for the conversation to say
    ],
)
def test_a_loose_question_naming_no_article_is_left_alone(answerer, question):
    asked = collection_question(question)
    assert asked is None or answerer.answer(question) is None or "No article matches" not in answerer.answer(question)[0]
