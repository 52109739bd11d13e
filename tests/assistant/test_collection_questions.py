"""Collection questions: told from the wording alone, answered from article records, cited exactly."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.collection_questions import (
    CollectionAnswerer,
    CollectionQuestion,
    header_date_lines,
    match_articles,
    recognise,
)
from store.base import ArticleRecord
from store.memory import MemoryStore

# Made-up articles (no corpus text): one with a header title kept as a line, one derived, one undated.
ARTICLES = [
    ArticleRecord(
        "a-1",
        "/x/a_1.txt",
        "Rivers of the Steppe: Water Politics",
        "Aida Karimova",
        "2025-03-02",
        title_source="header",
        text="Rivers of the Steppe: Water Politics\nBy Aida Karimova\nThe rivers run dry. More follows.",
        publication="Steppe Weekly",
    ),
    ArticleRecord(
        "b-2",
        "/x/b_2.txt",
        "Grain corridors are changing…",
        "Bolat Sultanov",
        "2026-01-09",
        title_source="derived",
        text="Grain corridors are changing fast. Ports grow.",
    ),
    ArticleRecord(
        "c-3",
        "/x/c_3.txt",
        "Digital Silk Road Ambitions",
        "",
        "",
        title_source="header",
        text="Cables cross the Caspian. Nobody signed.",
    ),
]


@pytest.fixture
def answerer():
    store = MemoryStore()
    store.put_articles(ARTICLES)
    texts = {a.doc_id: a.text for a in ARTICLES}
    return CollectionAnswerer(store, texts.__getitem__)


@pytest.mark.parametrize(
    "question, kind, subject",
    [
        ("What articles are there?", "list", ""),
        ("which documents do you have", "list", ""),
        ("List the articles.", "list", ""),
        ("Show me all the sources", "list", ""),
        ("What's in the collection?", "list", ""),
        ("How many articles are there?", "list", ""),
        ("Who wrote Rivers of the Steppe?", "author", "Rivers of the Steppe"),
        ("Who is the author of 'Digital Silk Road'?", "author", "Digital Silk Road"),
        ("When was Rivers of the Steppe published?", "date", "Rivers of the Steppe"),
        ("What is the publication date of the grain corridors piece?", "date", "the grain corridors piece"),
        ("Which articles did Karimova write?", "by_author", "Karimova"),
        ("What articles were written by Bolat Sultanov?", "by_author", "Bolat Sultanov"),
        ("What did Sultanov write?", "by_author", "Sultanov"),
        ("What is the newest article?", "newest", ""),
        ("Which article is the most recent?", "newest", ""),
        ("What is the oldest document?", "oldest", ""),
        ("Which article was published first?", "oldest", ""),
        ("Who put together the chronology of mountain passes?", "author", "the chronology of mountain passes"),
        ("Who compiled the fact sheet on Tbilisi?", "author", "the fact sheet on Tbilisi"),
        # Documents of other kinds, and their own verbs: a deck is presented, a brief circulated.
        ("who put together the slide deck on Gulf ports", "author", "the slide deck on Gulf ports"),
        ("Who prepared the digest on Helsinki?", "author", "the digest on Helsinki"),
        ("When was the brief on Washington's ports circulated?", "date", "the brief on Washington's ports"),
        ("When was the presentation on Saudi Arabia presented?", "date", "the presentation on Saudi Arabia"),
        # Whoever made a document of another shape is its author: editor, presenter, interviewer, signatory.
        ("who edits the Helsinki Port Watch newsletter", "author", "the Helsinki Port Watch newsletter"),
        ("Who edited issue #12 of the Gulf ports digest?", "author", "issue #12 of the Gulf ports digest"),
        ("Who conducted the interview with Nino Beridze?", "author", "the interview with Nino Beridze"),
        ("Who signed the brief on Tbilisi's ports?", "author", "the brief on Tbilisi's ports"),
        ("Who presented the slides on Gulf ports, and on what date?", "author_date", "the slides on Gulf ports"),
        ("When was the brief on Washington's ports drafted?", "dates", "the brief on Washington's ports"),
        # Where an article appeared: its outlet, and its date when asked beside it.
        ("Which outlet ran the story on Riyadh's ports?", "outlet", "the story on Riyadh's ports"),
        ("which site carried the Tbilisi port piece", "outlet", "the Tbilisi port piece"),
        ('Which publication is "Rivers of the Steppe" from?', "outlet", "Rivers of the Steppe"),
        ('Where did "Rivers of the Steppe" appear?', "outlet", "Rivers of the Steppe"),
        ("Who published the fact sheet on Helsinki ports?", "outlet", "the fact sheet on Helsinki ports"),
        ("Which outlet ran the brief on Gulf shipping, and on what date?", "outlet_date", "the brief on Gulf shipping"),
    ],
)
def test_collection_questions_are_recognised(question, kind, subject):
    asked = recognise(question)
    assert asked is not None and replace(asked, event_verb=False) == CollectionQuestion(kind, subject)


@pytest.mark.parametrize(
    ("question", "period"),
    [
        ("anything published in April 2025?", "in April 2025"),
        ("show me what came out in November 2025", "in November 2025"),
        ("Is there anything published in 2024?", "in 2024"),
        ("Which articles were published in 2025?", "in 2025"),
        ("Is there an article from September 2025?", "September 2025"),
        ("any pieces dated 2024?", "2024"),
    ],
)
def test_what_came_out_in_a_period_is_the_list_of_that_period(question, period):
    assert recognise(question) == CollectionQuestion("list", period=period)
    assert recognise(question.rstrip("?") + " about drones?") is None  # a topic: for the other answerers


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "When and where was the piece on Riyadh's ports published?",
            CollectionQuestion("outlet_date", "the piece on Riyadh's ports", loose=True),
        ),
        ("Gulf ports digest No. 12's send date", CollectionQuestion("date", "Gulf ports digest No. 12's", loose=True)),
        ("What date did the Helsinki digest go out?", CollectionQuestion("date", "the Helsinki digest", loose=True)),
        (
            "Who prepared the brief on Gulf shipping, and when was it circulated?",
            CollectionQuestion("author_date", "the brief on Gulf shipping", loose=True),
        ),
        # what an author of the collection made: read as their articles only when they wrote one (see the answers)
        ("What did Aida Karimova present?", CollectionQuestion("by_author", "Aida Karimova", authors_only=True)),
        ("Bolat Sultanov prepared what, and when?", CollectionQuestion("by_author", "Bolat Sultanov", authors_only=True)),
        ("What has Nino Beridze written in this collection?", CollectionQuestion("by_author", "Nino Beridze")),
    ],
)
def test_more_wordings_of_collection_questions(question, expected):
    assert recognise(question) == expected


def test_a_posting_date_is_a_publication_date():
    assert recognise("Borderlands interview w/ Ergashev - posting date?") == CollectionQuestion(
        "date", "Borderlands interview w/ Ergashev", loose=True
    )


@pytest.mark.parametrize(
    "question",
    [
        "What is the role of Türkiye in the OTS?",
        "When was the Gabala summit held?",
        "Which articles discuss water security?",  # a topic question: not this slice
        "Who signed the declaration in 2025?",
        "How many members does the organisation have?",
        "What did the summit decide about articles of association?",
        "Who compiled the list of banned organisations?",  # compiled, but no document: the articles answer
        "Is there an article from Tbilisi?",  # a place: a topic, for the other answerers
        "When were the troops posted to the border?",  # posted somewhere: not a document
        "Who signed the treaty on ports, according to the report?",  # a document as a source: the articles answer
        "Who signed the treaty mentioned in the brief?",
        "Who presented the plan to the ministers?",
        "Why do the authors of the Tbilisi paper doubt a common position?",  # what they argue: the articles answer
        "Where did the ministers meet in 2025?",  # where something happened, not where an article appeared
        "Which publication says Riyadh backs the corridor?",  # what an outlet says: the articles answer
        "What did the ministers propose in Helsinki?",
    ],
)
def test_other_questions_are_left_to_the_grounded_answerer(question):
    assert recognise(question) is None


@pytest.mark.parametrize(
    "subject, doc_ids",
    [
        ("Rivers of the Steppe", ["a-1"]),
        ("the steppe rivers article", ["a-1"]),
        ("grain corridor", ["b-2"]),
        ("digital silk road", ["c-3"]),
        ("penguins of antarctica", []),
        ("", []),
    ],
)
def test_articles_are_matched_by_title_words(subject, doc_ids):
    assert [a.doc_id for a in match_articles(subject, ARTICLES)] == doc_ids


@pytest.mark.parametrize(
    "question, contains, cited",
    [
        ("Who wrote Rivers of the Steppe?", "written by Aida Karimova [1]", ["a-1"]),
        ("When was the grain corridors article published?", "published on 9 January 2026 [1]", ["b-2"]),
        ("Who wrote Digital Silk Road Ambitions?", "names no author [1]", ["c-3"]),
        ("When was Digital Silk Road Ambitions published?", "gives no publication date [1]", ["c-3"]),
        ("Which articles did Karimova write?", "Aida Karimova wrote 1 article", ["a-1"]),
        ("What is the newest article?", "The newest article is “Grain corridors", ["b-2"]),
        ("What is the oldest article?", "The oldest article is “Rivers of the Steppe", ["a-1"]),
        ("What articles are there?", "The collection has 3 articles", ["a-1", "b-2", "c-3"]),
        ("When was the article on penguins published?", "No article matches 'the article on penguins'; the collection has:", []),
        ("Who wrote the 'Arctic Shipping' report?", "No article matches", []),
        # a list narrowed by when the articles were published, or by a missing byline
        ("Which article was published in March 2025?", "1 article in the collection was published in March 2025", ["a-1"]),
        ("Which articles were written in 2025 or earlier?", "published in 2025 or earlier", ["a-1"]),
        ("Which article came out on 9 January 2026?", "published on 9 January 2026", ["b-2"]),
        ("Which article has no named author?", "1 of the 3 articles names no author", ["c-3"]),
        ("Are any articles anonymous?", "names no author", ["c-3"]),
        # an article named by its date, and an author asked with its date
        ("Who wrote the piece published on 9 January 2026?", "written by Bolat Sultanov", ["b-2"]),
        ("Who wrote Rivers of the Steppe, and when?", "Aida Karimova and was published on 2 March 2025", ["a-1"]),
        (
            "Which articles did Nobody Known write?",
            "No article is by 'Nobody Known'; the authors in the collection: Aida Karimova; Bolat Sultanov",
            [],
        ),
    ],
)
def test_answers_come_from_the_records(answerer, question, contains, cited):
    text, citations = answerer.answer(question)
    assert contains in text
    assert [c.passage.doc_id for c in citations] == cited
    for c in citations:  # every quote an exact slice of its article
        article = next(a for a in ARTICLES if a.doc_id == c.passage.doc_id)
        assert article.text[c.start : c.end] == c.quote and c.quote


def test_a_header_line_kept_in_the_text_is_cited_else_the_opening_sentence(answerer):
    _, [byline] = answerer.answer("Who wrote Rivers of the Steppe?")
    assert byline.quote == "By Aida Karimova"
    _, [opening] = answerer.answer("Who wrote the grain corridors article?")
    assert opening.quote == "Grain corridors are changing fast."


# A made-up commentary whose header dates it twice, as news pages do (published, then updated).
REVISED = ArticleRecord(
    "d-4",
    "/x/d_4.txt",
    "Ports of the Caspian",
    "Leyla Aliyeva",
    "2025-10-14",
    title_source="header",
    text=(
        "Published: 14.10.2025\n\nUpdated: 16.10.2025 (corrects a port's name)\n\n"
        "Ships wait at Aktau for weeks while the ferries that should carry them across the sea sit idle in port. "
        "In 2024 the queue was longer."
    ),
)


@pytest.fixture
def revised():
    store = MemoryStore()
    store.put_articles([*ARTICLES, REVISED])
    texts = {a.doc_id: a.text for a in [*ARTICLES, REVISED]}
    return CollectionAnswerer(store, texts.__getitem__)


@pytest.mark.parametrize(
    "question",
    [
        "When was Ports of the Caspian updated?",
        "When was 'Ports of the Caspian' published, and when was it updated?",
        "The Caspian ports article: when was it last updated?",
        "What dates does the Caspian ports commentary carry?",
    ],
)
def test_a_header_that_dates_an_article_twice_is_quoted_whole(revised, question):
    text, citations = revised.answer(question)
    assert "published on 14 October 2025 [1]" in text
    assert "“Updated: 16.10.2025 (corrects a port's name)” [2]" in text
    assert [c.quote for c in citations] == ["Published: 14.10.2025", "Updated: 16.10.2025 (corrects a port's name)"]
    for c in citations:
        assert REVISED.text[c.start : c.end] == c.quote


def test_an_article_whose_header_gives_one_date_says_so(revised):
    text, _ = revised.answer("When was Rivers of the Steppe last updated?")
    assert text.startswith("“Rivers of the Steppe: Water Politics” was published on 2 March 2025 [1].")
    assert text.endswith("Its header gives no other date.")


def test_dates_in_the_articles_prose_are_not_header_dates():
    assert header_date_lines(REVISED.text) == [(0, 21), (23, 67)]
    prose = "In 2024 the queue was longer than ever before, said the port's director, who has run it since 2019."
    assert header_date_lines(prose) == []


def test_what_someone_presented_is_for_the_articles_unless_they_wrote_in_the_collection(answerer):
    assert answerer.answer("What did Nino Beridze present?") is None  # not an author here: the articles answer


def test_a_subject_that_may_be_content_is_left_alone(answerer):
    assert answerer.answer("Who wrote the Gabala declaration?") is None


@pytest.mark.parametrize(
    "question", ["Who wrote the most articles?", "Which author has written the most?", "Who is the most prolific author?"]
)
def test_who_wrote_the_most_is_counted_from_the_bylines(question):
    two = replace(
        ARTICLES[1], doc_id="d-4", source="/x/d_4.txt", title="Ports of the Gulf", author="Bolat Sultanov and Nino Beridze"
    )
    store = MemoryStore()
    store.put_articles([*ARTICLES, two])
    texts = {a.doc_id: a.text for a in [*ARTICLES, two]}
    text, citations = CollectionAnswerer(store, texts.__getitem__).answer(question)
    assert text == "Bolat Sultanov wrote 2 articles: “Grain corridors are changing…” [1]; “Ports of the Gulf” [2]."
    assert [c.passage.doc_id for c in citations] == ["b-2", "d-4"]


def test_when_no_one_wrote_two_articles_the_answer_says_so(answerer):
    text, _ = answerer.answer("Who wrote the most articles?")
    assert text == "No author wrote more than one article; the 2 authors each wrote one. (1 of the 3 articles names no author.)"


@pytest.mark.parametrize(
    "question",
    [
        "Who runs Qatar's financial intelligence unit?",  # an apostrophe is no quoted title
        "Who runs the Steppe water agency?",  # "Steppe" is in a title, "water agency" is not
        "When was the Tbilisi port accord issued?",
        "When was the Washington declaration released?",
        "When was the Caspian cable presented?",
        "Who is behind the Riyadh grain fund?",
    ],
)
def test_a_verb_that_also_says_what_people_and_bodies_do_leaves_the_question_to_the_articles(answerer, question):
    assert answerer.answer(question) is None


@pytest.mark.parametrize(
    "question, answer",
    [
        ("When was 'Rivers of the Steppe' released?", "“Rivers of the Steppe: Water Politics” was published on 2 March 2025"),
        ("When was Rivers of the Steppe issued?", "“Rivers of the Steppe: Water Politics” was published on 2 March 2025"),
        ("Who published Rivers of the Steppe?", "Steppe Weekly"),
        ("When was the report on Helsinki ports issued?", "No article matches 'the report on Helsinki ports'"),
    ],
)
def test_with_such_a_verb_an_article_named_by_its_title_or_a_document_word_is_still_answered(answerer, question, answer):
    text, _ = answerer.answer(question)
    assert answer in text


@pytest.mark.slow
def test_collection_questions_over_the_seed_corpus(ingested, embedder):
    from assistant.configs import grounded

    assistant = grounded(ingested.store, embedder, ingested.lexical)
    listing = assistant.ask("What articles are there?")
    assert listing.answer.startswith("The collection has 4 articles") and not listing.abstained
    assert listing.to_json()["kind"] == "collection"
    assert len(listing.citations) == 4
    who = assistant.ask("Who wrote Brokers on the Bloc?")
    assert "John DiPirro" in who.answer and who.citations[0].passage.doc_id.startswith("002")
    when = assistant.ask("When was Brokers on the Bloc published?")
    assert "published on 11 December 2025" in when.answer
    assert "No article matches" in assistant.ask("Who wrote the article about penguins?").answer
    for answer in (listing, who, when):
        for c in answer.citations:
            assert ingested.store.article(c.passage.doc_id).text[c.start : c.end] == c.quote
    # A single-fact question still goes to the grounded answerer.
    assert "collection" not in assistant.ask("Where was the 12th OTS summit held?").features


@pytest.mark.parametrize(
    "iso, shown",
    [("2025-12-11", "11 December 2025"), ("2025-11", "November 2025"), ("2025", "2025"), ("2025-13-01", "2025-13-01"), ("", "")],
)
def test_dates_are_shown_as_analysts_write_them(iso, shown):
    from otsqa.dates import human_date

    assert human_date(iso) == shown


# Made-up pages (every word written for this test): a news page whose site name is only in its <title>,
# and an interview whose text names the person interviewed.
_NEWS_PAGE = """<html><head><title>Ports under pressure in Tbilisi | Gulf Review</title></head><body>
<article><h1>Ports under pressure in Tbilisi</h1><p>By Nino Beridze</p><time datetime="2025-08-14">14 August 2025</time>
<p>The ministers met in Tbilisi and agreed on a shared register of port calls, to be kept in Helsinki.</p>
<p>Inspectors from Riyadh will visit the register's office twice a year and report to the ministers.</p>
</article><footer><p>&copy; 2025 Gulf Review</p></footer></body></html>"""
_INTERVIEW = """Cranes, cables and customs: a conversation

Interview by Leyla Aliyeva
Published: 2 June 2025

We asked Tomas Lindqvist, a Helsinki port engineer who has advised harbours in Riyadh, what a shared register changes.

Q: What does the register change for a harbour master?

A: It gives every harbour the same list of ships, so an inspection in one port counts in the next.
"""


@pytest.mark.slow
def test_a_piece_is_named_by_its_site_and_an_interview_by_whom_it_asks(tmp_path, embedder):
    from assistant.configs import grounded
    from tests.helpers import ingest_in_process

    files = {"ports.html": _NEWS_PAGE, "register-interview.txt": _INTERVIEW}
    store, lexical = ingest_in_process(tmp_path, files, embedder)
    assistant = grounded(store, embedder, lexical)

    by_site = assistant.ask("Who wrote the Gulf Review piece on the port register?")
    assert by_site.to_json()["kind"] == "collection" and not by_site.abstained
    assert "Nino Beridze" in by_site.answer and by_site.citations[0].passage.source.endswith("ports.html")
    interviewer = assistant.ask("Who conducted the interview with Tomas Lindqvist?")
    assert "Leyla Aliyeva" in interviewer.answer
    assert interviewer.citations[0].passage.source.endswith("register-interview.txt")
    why = assistant.ask("Why do the ministers want a shared register?")  # asks the articles, not a record
    assert why.to_json()["kind"] != "collection"
