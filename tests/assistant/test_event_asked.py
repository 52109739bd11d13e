# ruff: noqa: E501  (a made-up article is written as it stands)
"""A question that names a year, or an event of a series by its ordinal, is answered from that event, not
from another that says more of its words ("Where was the summit held in 2024?", "Where was the 4th summit
held?" against a long sentence about the 5th summit, of 2025): `GroundedParams.year_weight` and
`series_weight`. A made-up article in a real store, answered end to end."""

from __future__ import annotations

import pytest

from assistant.configs import build_assistant
from tests.conftest import make_settings
from tests.helpers import ingest_in_process

SUMMITS = """The Gulf Maritime Summit comes of age

By Layla Haddad

14 April 2025

The 5th Gulf Maritime Summit, held in the old harbour city of Muscat on 2 March 2025, may be remembered as the meeting where the coast guards of the Gulf finally agreed to share their registers of vessels.

Several earlier summits prepared the ground:
- 3rd Gulf Maritime Summit, Manama (12 May 2023): a declaration on search and rescue at sea.
- 4th Gulf Maritime Summit, Doha (6 November 2024): held under a broad theme of port security and shipping lanes.

The next summit is planned for 2026, and its host has not been named.
"""


@pytest.fixture(scope="module")
def assistant(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("events")
    store, lexical = ingest_in_process(root, {"summits.txt": SUMMITS}, embedder)
    return build_assistant("grounded", store, embedder, lexical, make_settings(root, root / "articles"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, weight",
    [
        ("Where was the Gulf Maritime Summit held in 2024?", "year_weight"),
        ("Where was the fourth Gulf Maritime Summit held?", "series_weight"),  # in words: the 4th shares no word
    ],
)
def test_a_question_naming_a_year_or_an_ordinal_is_answered_from_that_event(assistant, question, weight):
    shipped = assistant.answerer
    answer = assistant.ask(question)
    assert not answer.abstained, answer.answer
    assert "Doha" in answer.citations[0].quote, answer.answer
    # Without the penalty the 5th summit's sentence (of 2025), which says more of the question's words, leads.
    assistant.answerer = shipped.with_params(**{weight: 0.0})
    try:
        assert "Doha" not in assistant.ask(question).citations[0].quote
    finally:
        assistant.answerer = shipped
