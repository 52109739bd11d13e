"""The bundled MiniLM embedder: a question on one thread gives the same vector as in a batch."""

from __future__ import annotations

import math

import numpy as np
import pytest

from store import embedding
from store.embedding import QUERY_BATCH


@pytest.mark.slow
def test_a_question_alone_and_in_a_large_batch_get_the_same_vector_and_torch_keeps_its_threads(embedder):
    import torch

    threads = torch.get_num_threads()
    question = "What did Azerbaijan propose about joint military exercises?"
    alone = embedder.embed([question])[0]
    assert torch.get_num_threads() == threads  # the one-thread switch is undone
    batch = embedder.embed([question] + [f"filler sentence number {i}" for i in range(QUERY_BATCH + 4)])[0]
    assert math.isclose(sum(a * b for a, b in zip(alone, batch)), 1.0, abs_tol=1e-4)
    assert math.isclose(math.sqrt(sum(a * a for a in alone)), 1.0, abs_tol=1e-5)


@pytest.mark.slow
def test_a_batch_embeds_to_one_float32_array_with_the_same_vectors_as_the_lists(embedder):
    texts = [f"The Caspian drill number {n} tested a command post near Baku." for n in range(QUERY_BATCH + 6)]
    array = embedder.embed_array(texts)
    assert isinstance(array, np.ndarray) and array.dtype == np.float32 and array.shape == (len(texts), 384)
    assert np.array_equal(array, np.asarray(embedder.embed(texts), dtype=np.float32))
    assert np.allclose(np.linalg.norm(array, axis=1), 1.0, atol=1e-5)


def test_tokens_are_counted_a_slice_at_a_time_with_the_same_counts(embedder, monkeypatch):
    texts = [f"Sentence {n} of a long article, about the Organization of Turkic States." * (n % 3 + 1) for n in range(11)]
    whole = embedder.count_tokens(texts)
    monkeypatch.setattr(embedding, "_COUNT_SLICE", 4)
    assert embedder.count_tokens(texts) == whole and len(whole) == 11 and embedder.count_tokens([]) == []
