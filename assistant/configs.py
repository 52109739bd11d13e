"""Named answering configurations. `grounded` is the default; `naive` and `dense` are baselines kept
for comparison forever."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from assistant.assistant import Assistant, BaseAssistant, GroundedAssistant
from assistant.grounded import GroundedAnswerer
from assistant.hybrid import HybridRetriever
from assistant.quoting import ArticleTexts, BestSentenceAnswerer
from assistant.retrieval import DenseRetriever, LlamaIndexRetriever
from otsqa.errors import ConfigError
from otsqa.settings import Settings
from store.base import Store, answering_fingerprint, empty_store_error
from store.embedding import Embedder
from store.lexical import LexicalIndex

DEFAULT_CONFIG = "grounded"
CALIBRATION_PATH = Path(__file__).parent / "calibration.json"


def abstention_threshold(config: str, path: Path = CALIBRATION_PATH) -> float:
    """The confidence below which a grounded configuration abstains, set by `otsqa evals calibrate`."""
    try:
        return float(json.loads(path.read_text(encoding="utf-8"))[config]["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"No usable abstention threshold for {config!r} in {path} ({type(exc).__name__}): run `otsqa evals calibrate`."
        ) from None


def _naive(store: Store, embedder: Embedder, lexical: LexicalIndex) -> BaseAssistant:
    texts = ArticleTexts(store)
    articles = [store.article(a.doc_id) for a in store.articles()]
    return Assistant("naive", LlamaIndexRetriever(articles, embedder), BestSentenceAnswerer(embedder, texts))


def _dense(store: Store, embedder: Embedder, lexical: LexicalIndex) -> BaseAssistant:
    return Assistant("dense", DenseRetriever(store, embedder), BestSentenceAnswerer(embedder, ArticleTexts(store)))


def grounded(
    store: Store, embedder: Embedder, lexical: LexicalIndex, rerank: bool = True, threshold: float | None = None
) -> GroundedAssistant:
    """The default answerer; ``rerank=False`` drops the cross-encoder (the evals compare both)."""
    from assistant.rerank import make_reranker

    name = "grounded" if rerank else "grounded-no-rerank"
    answerer = GroundedAnswerer(
        store,
        lexical,
        threshold=abstention_threshold(name) if threshold is None else threshold,
        reranker=make_reranker() if rerank else None,
        embed=embedder.embed,
    )
    return GroundedAssistant(name, HybridRetriever(store, embedder, lexical), answerer)


CONFIGS: dict[str, Callable[[Store, Embedder, LexicalIndex], BaseAssistant]] = {
    "naive": _naive,
    "dense": _dense,
    "grounded": lambda store, embedder, lexical: grounded(store, embedder, lexical, rerank=True),
    "grounded-no-rerank": lambda store, embedder, lexical: grounded(store, embedder, lexical, rerank=False),
}
GROUNDED = ("grounded", "grounded-no-rerank")
DESCRIPTIONS = {
    "naive": "baseline: llama-index VectorStoreIndex over default chunking; best sentence of the top passage",
    "dense": "baseline: dense MiniLM retrieval over this project's chunks; best sentence of the top passage",
    "grounded": "hybrid retrieval (dense + BM25 + sentences, RRF); quoted sentences chosen with the "
    "ms-marco cross-encoder; calibrated abstention; follow-ups from history",
    "grounded-no-rerank": "grounded without the cross-encoder (kept to show what reranking buys)",
}


def build_assistant(config: str, store: Store, embedder: Embedder, lexical: LexicalIndex) -> BaseAssistant:
    if config not in CONFIGS:
        raise ConfigError(f"Unknown configuration {config!r}; choose one of: {', '.join(CONFIGS)}.")
    if store.count() == 0:
        raise empty_store_error(store.location)
    return CONFIGS[config](store, embedder, lexical)


def open_assistant(settings: Settings, config: str = DEFAULT_CONFIG, embedder: Embedder | None = None) -> BaseAssistant:
    """The configured store, lexical index and model behind an assistant (models load once, here)."""
    from store.chroma import open_store
    from store.embedding import make_embedder

    embedder = embedder or make_embedder(settings.embed_batch_size)
    store = open_store(settings, answering_fingerprint(embedder.model_id))
    lexical = LexicalIndex(settings.lexical_path)
    lexical.sync(store)
    return build_assistant(config, store, embedder, lexical)
