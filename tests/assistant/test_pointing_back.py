"""A sentence that points back at the one before it ("It entered into force in May 2021.") is scored with
the words it points at: the question names the accord, the sentence only says "it". Real parts: an
article written for this test (no corpus names: Tbilisi, Nairobi, Helsinki), ingested with the bundled
model into Chroma in a temp dir."""

from __future__ import annotations

import pytest

from assistant.grounded.runs import points_back
from tests.assistant.test_completing import _ingest, _quotes_exactly

_PARAGRAPHS = [
    "In the autumn of 2019, after three years of talks about smuggling routes, fishing rights and a shared radar "
    "network, the interior ministers of four states signed the Tbilisi accord. It entered into force in May 2021, "
    "after the last of the four parliaments had ratified it.",
    "The Nairobi protocol on river patrols entered into force in March 2020 and has been applied ever since by the "
    "riverside states.",
    "Helsinki hosted the third review conference of both texts, where the delegations compared their patrol statistics.",
]
ACCORDS = "Patrol accords on two shores\n\nBy Lena Varga\n\nPublished: 3 March 2025\n\n" + "\n\n".join(_PARAGRAPHS) + "\n"


@pytest.mark.parametrize(
    ("sentence", "points"),
    [
        ("It entered into force in May 2021.", True),
        ("Its drone platforms, in particular, are cheap.", True),
        ("So prevention has become an information problem.", True),
        ("The ministers subsequently eased the rules.", True),
        ("It is worth noting that Saudi Arabia abstained.", False),
        ("The United States signed in Washington in 2019.", False),
        ("Tbilisi hosted the talks.", False),
    ],
)
def test_a_sentence_points_back_by_its_opening_words(sentence, points):
    assert points_back(sentence) is points


@pytest.fixture(scope="module")
def accords(tmp_path_factory, embedder):
    return _ingest(tmp_path_factory.mktemp("pointing_back"), {"patrol_accords.txt": ACCORDS}, embedder)


@pytest.mark.slow
def test_a_sentence_saying_it_is_scored_with_the_words_it_points_at(accords):
    assistant, _ = accords
    question = "When did the Tbilisi accord enter into force?"
    retrieval = assistant.retriever.retrieve(question, 10)

    def lexical(answerer) -> float:
        candidates = answerer.compose(question, retrieval).candidates
        return next(c.lexical for c in candidates if c.hit.text.startswith("It entered into force"))

    # "enter" and "force" are its own; "Tbilisi" and "accord" are said by the sentence "It" stands for.
    assert lexical(assistant.answerer) == pytest.approx(1.0)
    assert lexical(assistant.answerer.with_params(context_weight=0.0)) == pytest.approx(0.5)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "direct"),
    [
        # The lead names the accord; the sentence after it, pointing back, says when it entered into force.
        ("When did the Tbilisi accord enter into force?", "May 2021"),
        # Its date is the lead's own when the lead says what is asked.
        ("When was the Tbilisi accord signed?", "2019"),
        ("How many states signed the Tbilisi accord?", "four"),
    ],
)
def test_the_direct_answer_comes_from_the_sentence_pointing_back_when_it_says_what_is_asked(accords, question, direct):
    assistant, store = accords
    answer = assistant.ask(question)
    assert not answer.abstained
    assert answer.citations[0].quote.startswith("In the autumn of 2019")
    assert answer.answer.split("\n")[0].startswith(direct)
    _quotes_exactly(answer, store)


@pytest.mark.slow
def test_a_sentence_saying_another_stage_of_the_event_asked_about_scores_less(accords):
    assistant, _ = accords
    question = "When did the Tbilisi accord enter into force?"
    retrieval = assistant.retriever.retrieve(question, 10)

    def scores(answerer) -> dict[str, float]:
        opening = ("In the autumn of 2019", "It entered into force", "The Nairobi protocol")
        candidates = answerer.compose(question, retrieval).candidates
        return {o: next(c.score for c in candidates if c.hit.text.startswith(o)) for o in opening}

    shipped, without = scores(assistant.answerer), scores(assistant.answerer.with_params(stage_score_weight=0.0))
    weight = assistant.answerer.params.stage_score_weight
    assert weight > 0
    # The signing's sentence says another stage (signed) and not the one asked (in force).
    assert shipped["In the autumn of 2019"] == pytest.approx(without["In the autumn of 2019"] - weight)
    # The sentences that say it are not touched.
    assert shipped["It entered into force"] == pytest.approx(without["It entered into force"])
    assert shipped["The Nairobi protocol"] == pytest.approx(without["The Nairobi protocol"])
