# ruff: noqa: E501  (the articles here keep their one-line paragraphs)
"""A question the article asks itself (a FAQ's heading, an interviewer's "Q:") is answered by the paragraph
after it: that paragraph is found by the question's words and meaning too, and quoted, never the question.
Real parts: articles written for this test (names from outside the corpus: Tbilisi, Helsinki, Saudi Arabia,
Washington), ingested with the bundled model into Chroma in a temp dir."""

from __future__ import annotations

import pytest

from tests.assistant.test_completing import _ingest, _quotes_exactly

FAQ = """# Ports of the Gulf and the Baltic: questions and answers

*Harbour Safety Network · Resource page · Last reviewed: 30 September 2025*

This page answers the questions we are asked most often about the port-safety programme of the harbour authorities.

### Which ports take part?

Four of them: Tbilisi's river terminal, a Saudi Arabian container port, a Finnish harbour near Helsinki and a small Estonian port. Two more have asked to join.

### How many inspectors did the programme train?

It depends on when you count. After the first two courses of 2023, the authorities gave a total of 212 inspectors: 140 from the ports and 72 from the coast guards. Counting the later courses up to 2025, the figure most often quoted is 305.

### What is new about the Harbour Star crane?

It is the first crane that the port of Helsinki designed and built at home. It was installed on 9 July 2024 and lifts 80 tonnes.

### Who pays for the courses?

Mostly the port authorities themselves. Washington paid for the first course through a grant of its coast guard.
"""

INTERVIEW = """Harbour talk: an interview with a port engineer

Interview by Lena Varga

Q: What changed when the cranes were replaced?

A: The ships now leave a day earlier. The engineers in Helsinki measured an average turnaround of 31 hours, down from 55.

Q: Did the workers agree with the change?

A: Not at first. The union in Tbilisi asked for a year of retraining before the new cranes ran at night.
"""


@pytest.fixture(scope="module")
def made_up(tmp_path_factory, embedder):
    files = {"ports_faq.md": FAQ, "harbour_interview.txt": INTERVIEW}
    return _ingest(tmp_path_factory.mktemp("answers"), files, embedder)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("How many inspectors were trained in the first two courses of 2023, and how were they split?", "212 inspectors"),
        ("What happened to turnaround times after the cranes were replaced?", "31 hours"),
        ("How did the union react to the change of cranes?", "a year of retraining"),
        # The answer never names the crane: its heading does, and counts as said by it.
        ("When was the Harbour Star crane installed?", "9 July 2024"),
    ],
)
def test_the_paragraph_after_an_articles_own_question_answers_it(made_up, question, fact):
    assistant, store = made_up
    answer = assistant.ask(question)
    assert not answer.abstained, answer.answer
    quotes = [c.quote for c in answer.citations]
    assert any(fact in q for q in quotes), quotes
    assert not any(q.rstrip().endswith("?") for q in quotes)  # the article's question is never the quote
    _quotes_exactly(answer, store)


def test_only_a_question_standing_alone_hands_its_match_to_the_paragraph_after_it(made_up):
    """A rhetorical question inside a paragraph ("But who pays? Nobody knows.") is a sentence like any
    other: only a heading or a speaker's turn asks what the next paragraph answers."""
    from assistant.grounded.candidates import _SPEAKER

    assert _SPEAKER.search("\n\nQ: ") and _SPEAKER.search("\nMODERATOR: ") and _SPEAKER.search("\nSADYKOVA: ")
    assert not _SPEAKER.search("the ports. ") and not _SPEAKER.search("in 2024: the ports and ")
