"""Verification of generated sentences against the passages they cite, with the real MiniLM embedder.
The passages are written for the test (not article text): what matters is how sentences relate to them."""

from __future__ import annotations

import pytest

from assistant.answer import Passage
from assistant.verify import SUPPORTED, UNSUPPORTED, Verifier, numbers_in, split_answer
from otsqa.text import proper_names

PASSAGES = [
    "The council of ministers met in Baku on 14 March 2024. The ministers agreed to hold 3 joint border drills each year.",
    "Kazakhstan and Uzbekistan signed a treaty on water sharing. The treaty covers the Syr Darya basin.",
]


def _passages() -> list[Passage]:
    return [
        Passage(rank=i, doc_id=f"doc{i}", source=f"doc{i}.txt", chunk_id=f"doc{i}#0", text=t, score=1.0)
        for i, t in enumerate(PASSAGES, 1)
    ]


@pytest.fixture(scope="module")
def verifier(embedder):
    texts = {f"doc{i}": t for i, t in enumerate(PASSAGES, 1)}
    return Verifier(embedder.embed, texts.__getitem__)


def _verdict(verifier, text: str):
    sentences = verifier.verify(split_answer(text), _passages())
    assert len(sentences) == 1
    return sentences[0]


def test_a_faithful_paraphrase_with_its_citation_is_supported(verifier):
    s = _verdict(verifier, "The ministers agreed to hold three joint border drills every year [1].")
    assert s.verdict == SUPPORTED, s.reason
    assert s.citations == [1] and s.matches[1].text.startswith("The ministers agreed")
    assert s.to_json() == {
        "text": "The ministers agreed to hold three joint border drills every year.",
        "citations": [1],
        "verdict": "supported",
    }


def test_a_wrong_number_is_unsupported(verifier):
    s = _verdict(verifier, "The ministers agreed to hold 5 joint border drills each year [1].")
    assert s.verdict == UNSUPPORTED and "number" in s.reason and "5" in s.reason


def test_a_wrong_date_is_unsupported(verifier):
    s = _verdict(verifier, "The council of ministers met in Baku on 14 March 2023 [1].")
    assert s.verdict == UNSUPPORTED and "2023" in s.reason


def test_an_invented_name_is_unsupported(verifier):
    s = _verdict(verifier, "The council of ministers met in Ankara in March 2024 [1].")
    assert s.verdict == UNSUPPORTED and "Ankara" in s.reason


def test_a_sentence_without_a_citation_is_unsupported(verifier):
    s = _verdict(verifier, "The council of ministers met in Baku on 14 March 2024.")
    assert s.verdict == UNSUPPORTED and s.reason == "cites no passage"


def test_citing_a_passage_that_was_not_supplied_is_unsupported(verifier):
    s = _verdict(verifier, "The council of ministers met in Baku on 14 March 2024 [7].")
    assert s.verdict == UNSUPPORTED and "supplied" in s.reason


def test_the_right_facts_cited_to_the_wrong_passage_are_unsupported(verifier):
    s = _verdict(verifier, "Kazakhstan and Uzbekistan signed a treaty on water sharing [1].")
    assert s.verdict == UNSUPPORTED and "Kazakhstan" in s.reason


def test_meaning_far_from_every_cited_sentence_is_unsupported(verifier):
    s = _verdict(verifier, "The treaty was criticised for ignoring climate change in the region [2].")
    assert s.verdict == UNSUPPORTED and "meaning" in s.reason


def test_markers_after_the_full_stop_and_lists_of_numbers_are_read():
    sentences = split_answer("They met in Baku. [1] Two states signed a treaty [1, 2]. It covers a basin.[2]")
    assert [(s.text, s.citations) for s in sentences] == [
        ("They met in Baku.", [1]),
        ("Two states signed a treaty.", [1, 2]),
        ("It covers a basin.", [2]),
    ]


def test_names_and_numbers_are_found_but_sentence_openers_are_not_names():
    assert proper_names("The OTS met in Gabala; it was Aliyev's idea.") == ["OTS", "Gabala", "Aliyev"]
    assert proper_names("According to the article, Türkiye leads.") == ["Türkiye"]
    assert numbers_in("On 7 October 2025, 1,200 troops and 42.5 percent of the 12th") == ["7", "2025", "1200", "42.5", "12"]


def test_a_short_fragment_is_judged_as_the_answer_to_the_question(verifier):
    question = "Where did the council of ministers meet?"
    fragment = verifier.verify(split_answer("Baku [1]."), _passages(), question)[0]
    assert fragment.verdict == SUPPORTED, fragment.reason
    wrong = verifier.verify(split_answer("Baku [2]."), _passages(), question)[0]
    assert wrong.verdict == UNSUPPORTED
