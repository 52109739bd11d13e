# ruff: noqa: E501  (made-up articles and questions are written as they stand)
"""A turn that only names another party or year ("and Saudi Arabia?", "what about 2024?") asks the last
question again about it (assistant/followup.py `elliptical`). Names from outside the corpus, the shipped
lexicon's name groups; one conversation answered end to end from made-up articles in a real store."""

from __future__ import annotations

import pytest

from assistant.configs import build_assistant
from assistant.followup import elliptical, resolve_followup
from assistant.lexicon import load_lexicon
from tests.conftest import make_settings

SAME_NAME = load_lexicon().same_name


@pytest.mark.parametrize(
    "earlier, turn, written",
    [
        (
            "When did Georgia approve the maritime accord?",
            "and Saudi Arabia?",
            "When did Saudi Arabia approve the maritime accord?",
        ),
        ("When did Saudi Arabia approve the maritime accord?", "and Georgia?", "When did Georgia approve the maritime accord?"),
        (
            "When did the Kazakh government approve the accord?",
            "and azerbaijan?",
            "When did the Azerbaijan government approve the accord?",
        ),
        (
            "What did Hungary's delegation propose in 2023?",
            "And the United States?",
            "What did United States's delegation propose in 2023?",
        ),
        ("What did Hungary's delegation propose in 2023?", "what about 2024?", "What did Hungary's delegation propose in 2024?"),
        ("Who chaired the meeting in Tbilisi?", "What about Washington?", "Who chaired the meeting in Washington?"),
    ],
)
def test_a_turn_naming_only_another_party_or_year_repeats_the_last_question(earlier, turn, written):
    assert elliptical(turn, [{"question": earlier, "answer": "…"}], SAME_NAME) == written


@pytest.mark.parametrize(
    "earlier, turn",
    [
        ("Who chaired the meeting?", "and Georgia?"),  # the earlier question names no party to replace
        ("When did Georgia approve the accord?", "and Tbilisi?"),  # the same party, by its capital
        ("When did Georgia approve the accord?", "and the budget?"),  # no party the lexicon knows
        ("When did Georgia approve the accord?", "And who signed it for Saudi Arabia?"),  # a question of its own
        ("When was the accord approved?", "and in 2024?"),  # no year to replace
    ],
)
def test_other_turns_are_not_rewritten(earlier, turn):
    assert elliptical(turn, [{"question": earlier, "answer": "…"}], SAME_NAME) is None


def test_a_written_out_turn_leans_on_what_the_repeated_question_leaned_on():
    history = [
        {"question": "Which accord did the coast guards sign in Batumi?", "answer": "The maritime accord."},
        {"question": "When did Georgia approve it?", "answer": "On 4 March 2024."},
    ]
    asked, context = resolve_followup("and Saudi Arabia?", history, SAME_NAME)
    assert asked == "When did Saudi Arabia approve it?" and context == history[:1]
    assert resolve_followup("Who signed it?", history, SAME_NAME) == ("Who signed it?", history)


ACCORD = """Coast guards of the Black Sea and the Gulf agree on a maritime accord

By Nino Beridze

12 June 2025

Saudi Arabia first joined the coast guards' talks in Jeddah in 2022, as an observer, and Saudi Arabia's officers have since hosted two of their training courses.

The coast guards of Georgia, Saudi Arabia and Oman signed a maritime accord in Batumi on 3 February 2024. It sets up a shared register of vessels that enter the ports of each signatory and a hotline between their duty officers.

Georgia approved the maritime accord on 4 March 2024, after a vote in its parliament. Saudi Arabia approved the maritime accord on 9 May 2025, by a royal decree. Oman has not yet approved it, and its officials gave no date for a decision.

The register is kept in Batumi. Officers of the three services will meet there every spring to compare the ships they have flagged.
"""


@pytest.mark.slow
def test_an_elliptical_turn_is_answered_about_the_party_it_names(tmp_path, embedder):
    from ingest import ingest_paths, store_fingerprint
    from store.chroma import open_store
    from store.lexical import LexicalIndex

    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "accord.txt").write_text(ACCORD, encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    ingest_paths(settings, embedder=embedder)
    store = open_store(settings, store_fingerprint(settings, embedder))
    assistant = build_assistant("grounded", store, embedder, LexicalIndex(settings.lexical_path), settings)

    first = assistant.ask("When did Georgia approve the maritime accord?")
    assert not first.abstained and "4 March 2024" in first.answer
    history = [{"question": first.question, "answer": first.answer}]
    second = assistant.ask("and Saudi Arabia?", history)
    assert not second.abstained, second.answer
    assert second.question == "and Saudi Arabia?"  # the Answer keeps the turn as the analyst typed it
    assert "9 May 2025" in second.citations[0].quote, second.answer
    # asked as "When did Saudi Arabia approve the maritime accord?": the date comes first, as for any "when"
    assert [d.text for d in second.direct][:1] == ["9 May 2025"], second.answer
