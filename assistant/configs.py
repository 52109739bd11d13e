"""Named answering configurations. `naive` and `dense` are baselines kept for comparison forever."""

from __future__ import annotations

from typing import Callable

from assistant.assistant import Assistant
from assistant.quoting import ArticleTexts, BestSentenceAnswerer
from assistant.retrieval import DenseRetriever, LlamaIndexRetriever
from otsqa.errors import ConfigError, StoreNotFoundError
from otsqa.settings import Settings
from store.base import Store
from store.embedding import Embedder

DEFAULT_CONFIG = "dense"


def _naive(store: Store, embedder: Embedder) -> Assistant:
    texts = ArticleTexts(store)
    articles = [store.article(a.doc_id) for a in store.articles()]
    return Assistant("naive", LlamaIndexRetriever(articles, embedder), BestSentenceAnswerer(embedder, texts))


def _dense(store: Store, embedder: Embedder) -> Assistant:
    return Assistant("dense", DenseRetriever(store, embedder), BestSentenceAnswerer(embedder, ArticleTexts(store)))


CONFIGS: dict[str, Callable[[Store, Embedder], Assistant]] = {"naive": _naive, "dense": _dense}
DESCRIPTIONS = {
    "naive": "baseline: llama-index VectorStoreIndex over default chunking; best sentence of the top passage",
    "dense": "baseline: dense MiniLM retrieval over this project's chunks; best sentence of the top passage",
}


def build_assistant(config: str, store: Store, embedder: Embedder) -> Assistant:
    if config not in CONFIGS:
        raise ConfigError(f"Unknown configuration {config!r}; choose one of: {', '.join(CONFIGS)}.")
    if store.count() == 0:
        raise StoreNotFoundError(f"No articles in the store at {store.location}: run `otsqa ingest` first.")
    return CONFIGS[config](store, embedder)


def open_assistant(settings: Settings, config: str = DEFAULT_CONFIG, embedder: Embedder | None = None) -> Assistant:
    """The configured store and model behind an Assistant (models load once, here)."""
    from ingest.pipeline import store_fingerprint
    from store.chroma import open_store
    from store.embedding import make_embedder

    embedder = embedder or make_embedder(settings.embed_batch_size)
    store = open_store(settings, store_fingerprint(settings, embedder))
    return build_assistant(config, store, embedder)
