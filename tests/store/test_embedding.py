"""The bundled MiniLM embedder: a question on one thread gives the same vector as in a batch."""

from __future__ import annotations

import math

import pytest

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
