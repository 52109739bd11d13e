# ruff: noqa: E501  (a made-up article is written as it stands)
"""A question that names a year is answered from that year's event, not from another year's that says
more of its words ("Where was the summit held in 2024?" against a long sentence about the 2025 summit):
`GroundedParams.year_weight`. A made-up article in a real store, answered end to end."""

from __future__ import annotations

import pytest

from assistant.configs import build_assistant
from tests.conftest import make_settings

SUMMITS = """The Gulf Maritime Summit comes of age

By Layla Haddad

14 April 2025

The 5th Gulf Maritime Summit, held in the old harbour city of Muscat on 2 March 2025, may be remembered as the meeting where the coast guards of the Gulf finally agreed to share their registers of vessels.

Several earlier summits prepared the ground:
- 3rd Gulf Maritime Summit, Manama (12 May 2023): a declaration on search and rescue at sea.
- 4th Gulf Maritime Summit, Doha (6 November 2024): held under a broad theme of port security and shipping lanes.

The next summit is planned for 2026, and its host has not been named.
"""


@pytest.mark.slow
def test_a_question_naming_a_year_is_answered_from_that_years_event(tmp_path, embedder):
    from ingest import ingest_paths, store_fingerprint
    from store.chroma import open_store
    from store.lexical import LexicalIndex

    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "summits.txt").write_text(SUMMITS, encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    ingest_paths(settings, embedder=embedder)
    store = open_store(settings, store_fingerprint(settings, embedder))
    assistant = build_assistant("grounded", store, embedder, LexicalIndex(settings.lexical_path), settings)
    question = "Where was the Gulf Maritime Summit held in 2024?"

    answer = assistant.ask(question)
    assert not answer.abstained, answer.answer
    assert "Doha" in answer.citations[0].quote, answer.answer

    # Without the penalty the 2025 summit's sentence, which says more of the question's words, leads.
    assistant.answerer = assistant.answerer.with_params(year_weight=0.0)
    assert "Doha" not in assistant.ask(question).citations[0].quote
