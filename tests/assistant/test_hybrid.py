"""Hybrid fusion with fakes: which chunk wins when the embeddings and BM25 disagree."""

from __future__ import annotations

import pytest

from assistant.hybrid import HybridRetriever
from store.base import PassageRecord
from store.lexical import LexicalIndex
from store.memory import MemoryStore

TEXTS = {
    "a#0": "Svante Cornell argues the organisation turns its members into security providers.",
    "a#1": "The organisation held a summit about regional security and cooperation among members.",
    "a#2": "Members discussed cooperation on security, energy and transport at the summit.",
}


class _Pointing:
    """A fake embedder that puts the question next to a chosen chunk, as a weak dense model might."""

    model_id, max_tokens = "fake/pointing", 254

    def __init__(self, nearest: str):
        self.nearest = nearest

    def count_tokens(self, texts):
        return [len(t.split()) for t in texts]

    def embed(self, texts):
        axis = {cid: i for i, cid in enumerate(TEXTS)}
        out = []
        for text in texts:
            key = next((cid for cid, t in TEXTS.items() if t == text), self.nearest)
            vec = [0.0] * len(TEXTS)
            vec[axis[key]] = 1.0
            out.append(vec)
        return out


def _build(tmp_path, nearest: str, **kwargs) -> HybridRetriever:
    store = MemoryStore()
    embedder = _Pointing(nearest)
    ids = list(TEXTS)
    store.passages.upsert(
        [PassageRecord(i, "a", TEXTS[i], source="a.txt", index=n, start=n * 100, end=n * 100 + 90) for n, i in enumerate(ids)],
        embedder.embed([TEXTS[i] for i in ids]),
    )
    lexical = LexicalIndex(tmp_path / "lexical.sqlite3")
    lexical.replace_article("a", "hash", [(i, TEXTS[i]) for i in ids])
    return HybridRetriever(store, embedder, lexical, **kwargs)


def test_a_confident_lexical_match_beats_agreeing_but_weak_rankings(tmp_path):
    # BM25 outvoted by the dense ranking (low lexical weight), as when the embeddings agree on a
    # generic chunk; only the chunk naming Cornell matches the rare words.
    question = "What does Svante Cornell argue about the summit?"
    weights = (1.0, 0.5, 0.5)
    plain = _build(tmp_path / "plain", nearest="a#1", weights=weights, lexical_bonus=0.0).retrieve(question, 3)
    boosted = _build(tmp_path / "boost", nearest="a#1", weights=weights).retrieve(question, 3)
    assert plain.passages[0].chunk_id == "a#1"  # the dense favourite wins without the bonus
    assert boosted.passages[0].chunk_id == "a#0"  # the only chunk naming Cornell wins with it


def test_without_a_clear_lexical_lead_the_dense_ranking_decides(tmp_path):
    result = _build(tmp_path, nearest="a#2").retrieve("summit security cooperation members", 3)
    assert result.passages[0].chunk_id == "a#2"


@pytest.mark.slow
def test_a_question_in_another_language_is_ranked_by_its_embeddings_not_by_its_words(ingested, embedder):
    """Issue 24: a Turkish question's words match Turkish articles only; with weights that keep one
    ranking each, an English question follows BM25 and a Turkish one the dense passages."""
    only = HybridRetriever(
        ingested.store, embedder, ingested.lexical, weights=(0.0, 1.0, 0.0), other_language_weights=(1.0, 0.0, 0.0)
    )
    english = "Where was the Gabala summit held?"
    turkish = "Gebele zirvesi nerede ve ne zaman yapıldı?"
    lexical_order = [cid for cid, _ in ingested.lexical.search(english, 5)]
    dense_order = [h.id for h in ingested.store.passages.nearest(embedder.embed([turkish])[0], 5)]
    assert [p.chunk_id for p in only.retrieve(english, 5).passages][:3] == lexical_order[:3]
    assert [p.chunk_id for p in only.retrieve(turkish, 5).passages][:3] == dense_order[:3]
