# ruff: noqa: E501 (table rows read best one per line)
"""The direct answer: the phrase of the leading quote that answers a date, place, number or person
question, table-driven with sentences written here (names from outside the corpus)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assistant.assistant import direct_answer, direct_line
from assistant.grounded.direct import direct_phrases
from assistant.grounded.question_types import phrase_kinds
from assistant.lexicon import load_lexicon

LEXICON = load_lexicon()


@pytest.mark.parametrize(
    "question, kinds",
    [
        ("When was the Tbilisi accord signed?", ["date"]),
        ("When and where did the ministers meet?", ["date", "place"]),
        ("Where and when did the ministers meet?", ["date", "place"]),
        ("From where, and on what day, was the report filed?", ["date", "place"]),
        ("How many drones will Ankara deliver?", ["number"]),
        ("What percentage of the budget goes to border guards?", ["number"]),
        ("Who chaired the Helsinki talks?", ["person"]),
        ("Who is Amina Sultanova?", []),  # asks for a role, not a name
        ("Why did the talks fail?", []),
        ("What did the United States propose?", []),
    ],
)
def test_what_a_question_asks_for(question, kinds):
    assert phrase_kinds(question) == kinds


@pytest.mark.parametrize(
    "question, sentence, expected",
    [
        (
            "When was the Tbilisi accord signed?",
            "The accord was signed in Tbilisi on 4 July 2023 by both ministers.",
            ["4 July 2023"],
        ),
        ("When was the accord signed?", "Ministers signed the accord on March 3, 2024, after two years.", ["March 3, 2024"]),
        ("When will the centre open?", "The centre is due to open in early 2026 near the border.", ["early 2026"]),
        # the day wins over the year a sentence also gives on its own
        ("When was the pact ratified?", "Drafted in 2021, the pact was ratified on 12 May 2023.", ["12 May 2023"]),
        # "where" takes the place after a preposition, not the question's own place
        (
            "Where did the Nairobi delegation meet the ministers?",
            "The Nairobi delegation met the ministers in Dubai.",
            ["in Dubai"],
        ),
        (
            "When and where did the ministers meet?",
            "The ministers met in Shanghai on 9 June 2024.",
            ["9 June 2024", "in Shanghai"],
        ),
        (
            "How many drones will Ankara deliver?",
            "Ankara will deliver more than 40 drones by the end of the year.",
            ["more than 40"],
        ),
        ("What share of trade goes by rail?", "Some 35% of the trade now goes by rail.", ["Some 35%"]),
        (
            "Who chaired the Helsinki talks?",
            "The Helsinki talks were chaired by Amina Sultanova, the deputy minister.",
            ["Amina Sultanova"],
        ),
        ("Where was the forum held?", "The forum was held in the port city of Aktau on the Caspian.", ["Aktau"]),
        # an organisation is who acted, but no person
        ("Who organised the drill?", "The drill was organised by the Ministry of Emergency Situations.", []),
        # the question asks about the third meeting; the sentence tells of the first
        ("When was the third meeting held?", "The first meeting was held on 2 May 2022.", []),
        # a table row: its value answers what its label names
        ("When did the treaty enter into force?", "Entry into force: 4 July 2023", ["4 July 2023"]),
        ("Where was the second meeting held?", "Venue of second meeting: Riyadh", ["Riyadh"]),
        # two dates, equally near the question's words: no guess
        (
            "When was the agreement signed?",
            "An agreement was signed on 1 May 2020 and an agreement was signed on 3 June 2021.",
            [],
        ),
        # the date whose own clause says what is asked, though the other lies as near
        (
            "When is its report due?",
            "Its site visit is scheduled for June to August 2026 and the report for May 2027.",
            ["May 2027"],
        ),
        # nothing of the asked kind that the question does not already say
        ("When was the 4 July 2023 accord signed?", "The 4 July 2023 accord was a landmark.", []),
        ("Why did the talks fail?", "The talks failed in Washington on 2 May 2024.", []),
        # a span of days or months is the answer, not its last day
        (
            "When were the inspectors in Nairobi?",
            "The inspectors were in Nairobi from 1 to 15 March 2023; the report came in June.",
            ["1 to 15 March 2023"],
        ),
        ("When is the site visit?", "The site visit is planned for June to August 2026 in Nairobi.", ["June to August 2026"]),
        ("When did the talks run?", "The talks ran from 28 May to 2 June 2024 in Helsinki.", ["28 May to 2 June 2024"]),
        # a number word is a whole word: "fourteen-point" is not four
        (
            "How many points did the statement have?",
            "The summit adopted a fourteen-point statement on Afghanistan.",
            ["fourteen"],
        ),
        ("How many drones were delivered?", "Twenty-five drones were delivered in May.", ["Twenty-five"]),
        # a capitalised word describing a noun is no place: the place is the noun's
        ("Where was the plan adopted?", "The plan was adopted at a meeting in the Turkmen capital.", []),
        # a colon inside brackets does not make a table row
        (
            "When and where was the third meeting?",
            "24 April 2024 — third meeting, Riyadh (host: Saudi Space Agency)",
            ["24 April 2024"],
        ),
        # a building, a company or a month is not the person a "who" question asks for
        ("Who led the delegation in Nairobi?", "The group met at the National Library in Nairobi.", []),
        ("Who was behind the raid?", "Gunmen stormed the Gulf Aerospace Industries site near Riyadh.", []),
        ("Who opened the forum?", "It was held on 19 December 2025, and in December the Directorate opened it.", []),
    ],
)
def test_the_phrase_that_answers(question, sentence, expected):
    phrases = direct_phrases(question, sentence, LEXICON)
    assert [sentence[p.start : p.end] for p in phrases] == expected


def test_the_direct_line_cites_each_phrase_once_per_quote():
    from assistant.answer import Citation, Passage
    from assistant.grounded.direct import Phrase

    text = "Header line.\nThe ministers met in Shanghai on 9 June 2024."
    start = text.index("The ministers")
    quote = text[start:]
    passage = Passage(rank=1, doc_id="d", source="a.txt", chunk_id="d:0", text=quote, score=1.0, start=start, end=len(text))
    citation = Citation(1, passage, quote, start, len(text), "lead")

    lead = SimpleNamespace(doc_id="d", start=start)  # the chosen sentence, as the answerer hands it over
    phrases = direct_phrases("When and where did the ministers meet?", quote, LEXICON)
    found = direct_answer([(lead, p) for p in phrases], [citation])
    assert [(p.n, p.text, text[p.start : p.end]) for p in found] == [
        (1, "9 June 2024", "9 June 2024"),
        (1, "in Shanghai", "in Shanghai"),
    ]
    assert direct_line(found) == "9 June 2024, in Shanghai [1]."
    assert isinstance(phrases[0], Phrase)


@pytest.mark.slow
def test_direct_answers_over_the_seed_corpus_are_slices_of_their_quotes(ingested, embedder):
    from assistant.configs import grounded

    assistant = grounded(ingested.store, embedder, ingested.lexical)
    answer = assistant.ask("When and where was the 12th summit of the Organization of Turkic States held?")
    assert not answer.abstained and {p.kind for p in answer.direct} == {"date", "place"}
    assert answer.answer.startswith(direct_line(answer.direct) + "\n\n")
    cited = {c.n: c for c in answer.citations}
    for phrase in answer.direct:
        article = ingested.store.article(cited[phrase.n].passage.doc_id).text
        assert article[phrase.start : phrase.end] == phrase.text
        assert cited[phrase.n].start <= phrase.start < phrase.end <= cited[phrase.n].end
    data = answer.to_json()
    assert [d["text"] for d in data["direct_answer"]] == [p.text for p in answer.direct] and data["kind"] == "fact"
    # A question that asks for no date, place, number or person gets the quotes alone.
    why = assistant.ask("Why does the author think the summit mattered for regional security?")
    assert why.direct == [] and "direct_answer" not in why.to_json()
