"""The answer-kind model (assistant/kind_model.py) and the router over it (assistant/kinds.py).

Every wording here was written for these tests: none is in the model's training data
(evals/training/kind_wordings.jsonl, the tuning collections' questions), and none is worded the way the
kinds' whole-question patterns expect, so each test shows the model deciding. The answers come from the
made-up collection (tests/assistant/made_up.py: Karimova on glaciers, Sultanov on railways, both on
border guards)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.kind_model import MODEL_PATH, KindModel, char_features, word_features
from otsqa.errors import ConfigError
from otsqa.request_words import subject_words
from tests.assistant.made_up import check_quotes, ingest_made_up


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    return ingest_made_up(tmp_path_factory.mktemp("made-up"))


@pytest.fixture(scope="module")
def assistant(made_up):
    from assistant.configs import grounded

    return grounded(made_up.store, made_up.embedder, made_up.lexical, rerank=False)


def test_the_features_are_scikit_learns():
    """Reading the model needs numpy only, so its features are rebuilt by hand: they must be the ones
    the trainer's vectorisers made, or the weights would be applied to other features."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    text = "Who  penned the O'Neil piece on Tbilisi's   drones? a I"
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2)).build_analyzer()(text)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()(text)
    assert word_features(text) == words
    assert sorted(char_features(text)) == sorted(chars)


def test_the_model_reads_as_the_trained_pipeline_does():
    """A small model trained here, exported and read back, gives scikit-learn's own probabilities."""
    from tools.train_kind_model import export, fit

    examples = [
        ("timeline of the border talks", "timeline"),
        ("chronology of drone deals", "timeline"),
        ("who wrote the piece on ports", "collection/author"),
        ("author of the rail article", "collection/author"),
        ("compare the articles on water", "comparison"),
        ("how do the sources differ on ports", "comparison"),
        ("when did the ministers meet", "fact"),
        ("where was the summit held", "fact"),
    ] * 2
    pipeline = fit(examples)
    model = export(pipeline)
    for question in ("timeline of rail links", "who wrote about water", "did the ministers meet in Baku"):
        expected = dict(zip(pipeline.classes_, pipeline.predict_proba([question])[0]))
        got = model.probabilities(question)
        assert got.keys() == expected.keys()
        assert np.allclose([got[k] for k in expected], list(expected.values()), atol=1e-5)


def test_the_shipped_model_loads_and_knows_every_kind():
    model = KindModel.load()
    assert {label.split("/")[0] for label in model.labels} == {"collection", "summary", "comparison", "timeline", "fact"}
    assert {"collection/author", "collection/list", "collection/which_articles"} <= set(model.labels)
    assert model.coef.shape == (len(model.labels), len(model.vocabulary)) == (len(model.labels), model.idf.size)
    assert MODEL_PATH.stat().st_size < 2_000_000


def test_a_missing_or_broken_model_file_says_how_to_rebuild_it(tmp_path):
    broken = tmp_path / "kind_model.npz"
    broken.write_bytes(b"not a zip")
    for path in (tmp_path / "absent.npz", broken):
        with pytest.raises(ConfigError, match="tools.train_kind_model"):
            KindModel.load(path)


@pytest.mark.parametrize(
    "question, kind",
    [
        ("Put Karimova and Sultanov next to each other on border guards.", "comparison"),
        ("Karimova, Sultanov: where do they part ways on border guards", "comparison"),
        ("condensed version of the glacier piece", "summary"),
        ("Whose byline is on the railway piece?", "collection"),
        ("publication date of the glacier text?", "collection"),
        ("How many texts have you got?", "collection"),
    ],
)
def test_wordings_no_pattern_knows_are_routed_by_the_model(made_up, assistant, question, kind):
    answer = assistant.ask(question)
    assert answer.kind == kind, answer.answer
    assert not answer.abstained, answer.answer
    if kind == "collection":  # cited to header lines, not quoted sentence by sentence
        assert answer.citations
        for c in answer.citations:
            assert made_up.store.article(c.passage.doc_id).text[c.start : c.end] == c.quote
    else:
        check_quotes(made_up.store, answer.answer, answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "How does the CSTO differ from NATO?",
        "Compare the two proposals",
        "When did the border guards start patrolling the high passes?",
        "Which capitals treat the ice as strategic infrastructure?",
        "Who patrols the high passes?",
        "What happened to the villages that could not farm?",
    ],
)
def test_single_facts_near_the_other_kinds_stay_facts(assistant, question):
    assert assistant.ask(question).kind == "fact"


@pytest.mark.parametrize(
    "question", ["What has been going on with border guards over the years?", "border guards, chronologically"]
)
def test_a_timeline_the_model_reads_where_no_event_is_dated_says_so(assistant, question):
    """The made-up articles date no event: the timeline asked for is not there, and the answer says so
    rather than passing quotes off as one."""
    answer = assistant.ask(question)
    assert answer.kind in ("timeline", "fact") and answer.abstained, answer.answer


def test_a_comparison_the_model_reads_needs_the_articles_in_it(made_up, assistant):
    """ "Tbilisi versus Washington on sanctions" compares two capitals, not two articles: no article is
    named and nothing says the articles' views are asked, so it is not answered as a comparison."""
    assert assistant.ask("How does Tbilisi differ from Washington on sanctions?").kind == "fact"


@pytest.mark.parametrize(
    "text, subject",
    [
        ("I'm looking for the pieces that discuss the Middle Corridor - which ones are they?", "Middle Corridor"),
        ("what went on in 2023? I'm tracking the year", ""),
        (
            "Samedov vs the Gabala speech piece: contrast how each one frames militarisation",
            "Samedov Gabala speech militarisation",
        ),
        ("Could you give me a quick rundown of Ankara’s position on Saudi Arabia?", "Ankara Saudi Arabia"),
        ("timeline of United States sanctions since 2022, please", "United States sanctions"),
    ],
)
def test_the_subject_is_what_is_left_once_the_request_words_are_out(text, subject):
    assert subject_words(text) == subject
