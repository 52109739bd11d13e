"""Named answering configurations. `grounded` is the default; `naive` and `dense` are baselines kept
for comparison forever."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from assistant.assistant import Assistant, BaselineAssistant, GroundedAssistant
from assistant.baselines import DenseRetriever, LlamaIndexRetriever
from assistant.crosslang import TranslationGap
from assistant.grounded import GroundedAnswerer, GroundedParams
from assistant.hybrid import HybridRetriever
from assistant.kinds import kind_answerers, model_router
from assistant.quoting import ArticleTexts, BestSentenceAnswerer
from assistant.watch import watch_store
from otsqa.errors import ConfigError
from otsqa.settings import Settings
from store.base import Store, answering_fingerprint, empty_store_error
from store.embedding import Embedder
from store.lexical import LexicalIndex

DEFAULT_CONFIG = "grounded"
CALIBRATION_PATH = Path(__file__).parent / "calibration.json"
# The cosine a question loses to a passage in another language, per embedding model and language: the
# median, over the translated tuning items (evals/languages/qa.jsonl, 8 answerable per language), of
# cos(English question, gold sentence) minus cos(its translation, the same sentence); a language not listed
# gets the median over all 48. MiniLM reads English only: none.
TRANSLATION_GAPS = {
    "e5": TranslationGap({"tr": 0.045, "ru": 0.047, "az": 0.020, "kk": 0.021, "uz": 0.015, "uz-Cyrl": 0.036}, 0.034),
}


def calibration_key(config: str, model: str = "minilm") -> str:
    """Where a configuration's threshold is kept: its name for MiniLM stores, "<name>@<model>" for others
    (e5's cosines sit in another range, so one threshold cannot serve both)."""
    return config if model == "minilm" else f"{config}@{model}"


def other_language_threshold(config: str, path: Path = CALIBRATION_PATH, model: str = "minilm") -> float | None:
    """The threshold of questions not in English (fitted on evals/languages/qa.jsonl); None when the
    calibration has none (the English threshold then applies)."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))[calibration_key(config, model)].get("other_language_threshold")
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return float(value) if isinstance(value, (int, float)) else None


def abstention_threshold(config: str, path: Path = CALIBRATION_PATH, model: str = "minilm") -> float:
    """The confidence below which a grounded configuration abstains, set by `otsqa evals calibrate`."""
    key = calibration_key(config, model)
    try:
        return float(json.loads(path.read_text(encoding="utf-8"))[key]["threshold"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"No usable abstention threshold for {key!r} in {path} ({type(exc).__name__}): run `otsqa evals calibrate`"
            + (f" with OTSQA_EMBEDDING_MODEL={model}." if model != "minilm" else ".")
        ) from None


# Every builder takes (store, embedder, lexical, settings); settings may be None (tests, benchmarks): the
# defaults, and no watch on ingest's lock file.


def _naive(store: Store, embedder: Embedder, lexical: LexicalIndex, settings: Settings | None = None) -> Assistant:
    texts = ArticleTexts(store)
    articles = [store.article(a.doc_id) for a in store.articles()]
    # No watch: its index is an in-memory copy of the articles, which reading the store again would not change.
    return BaselineAssistant("naive", LlamaIndexRetriever(articles, embedder), BestSentenceAnswerer(embedder, texts))


def _dense(store: Store, embedder: Embedder, lexical: LexicalIndex, settings: Settings | None = None) -> Assistant:
    answerer = BestSentenceAnswerer(embedder, ArticleTexts(store))
    return BaselineAssistant("dense", DenseRetriever(store, embedder), answerer, watch=watch_store(store, None, settings))


def grounded(
    store: Store,
    embedder: Embedder,
    lexical: LexicalIndex,
    rerank: bool = True,
    threshold: float | None = None,
    settings: Settings | None = None,
) -> GroundedAssistant:
    """The default answerer; ``rerank=False`` drops the cross-encoder (the evals compare both)."""
    from assistant.lexicon import load_lexicon
    from assistant.rerank import make_reranker

    name = "grounded" if rerank else "grounded-no-rerank"
    model = settings.embedding_model if settings else "minilm"
    params = GroundedParams(
        threshold=abstention_threshold(name, model=model) if threshold is None else threshold,
        other_language_threshold=other_language_threshold(name, model=model) if threshold is None else threshold,
    )
    answerer = GroundedAnswerer(
        store,
        lexical,
        params,
        embed=embedder.embed,
        reranker=(make_reranker(threads=settings.rerank_threads) if settings else make_reranker()) if rerank else None,
        lexicon=load_lexicon(settings.lexicon_path) if settings else None,
    )
    retriever = HybridRetriever(store, embedder, lexical, gap=TRANSLATION_GAPS.get(model))
    assistant = GroundedAssistant(name, retriever, answerer, watch=watch_store(store, lexical, settings))
    assistant.kinds = kind_answerers(store, ArticleTexts(store), retriever)
    assistant.router = model_router(assistant.kinds)
    assistant.language = "" if settings is None or settings.language == "auto" else settings.language
    return assistant


def generative(
    store: Store, embedder: Embedder, lexical: LexicalIndex, settings: Settings | None = None, generator=None
) -> Assistant:
    """Answers written by a language model over the grounded passages, each sentence checked against
    its citation; the quoted answer is the fallback. The backend is OTSQA_GENERATOR (the local model
    when it is `none`); ``generator`` replaces it (tests pass a FakeGenerator)."""
    from assistant.generative import GenerativeAssistant
    from assistant.llm import make_generator
    from assistant.verify import Verifier
    from otsqa.settings import load_settings

    settings = settings or load_settings()
    if generator is None:
        generator = make_generator(settings, settings.generator if settings.generator != "none" else "llamacpp")
    quoted = grounded(store, embedder, lexical, rerank=True, settings=settings)
    verifier = Verifier(embedder.embed, ArticleTexts(store))
    return GenerativeAssistant("generative", quoted, generator, verifier, budget_tokens=settings.llm_context_tokens)


CONFIGS: dict[str, Callable[[Store, Embedder, LexicalIndex, Settings | None], Assistant]] = {
    "naive": _naive,
    "dense": _dense,
    "grounded": lambda store, embedder, lexical, settings: grounded(store, embedder, lexical, True, settings=settings),
    "grounded-no-rerank": lambda store, embedder, lexical, settings: grounded(store, embedder, lexical, False, settings=settings),
    "generative": generative,
}
# Built only when asked for by name: a language model is an optional extra and takes seconds per answer.
ON_REQUEST = ("generative",)
GROUNDED = ("grounded", "grounded-no-rerank")
DESCRIPTIONS = {
    "naive": "baseline: llama-index VectorStoreIndex over default chunking; best sentence of the top passage",
    "dense": "baseline: dense MiniLM retrieval over this project's chunks; best sentence of the top passage",
    "grounded": "hybrid retrieval (dense + BM25 + sentences, RRF); quoted sentences chosen with the "
    "ms-marco cross-encoder; calibrated abstention; follow-ups from history",
    "grounded-no-rerank": "grounded without the cross-encoder (kept to show what reranking buys)",
    "generative": "a language model writes 1-3 sentences from the grounded passages, each ending in [n]; every "
    "sentence is checked against its citation (numbers, names, MiniLM similarity); the quoted answer is the fallback",
}


def default_configs() -> list[str]:
    """What `otsqa evals run` runs when no configuration is named (the slow, optional ones are left out)."""
    return [name for name in CONFIGS if name not in ON_REQUEST]


def default_config(settings: Settings) -> str:
    """`generative` when OTSQA_GENERATOR names a language model, else the quoted `grounded`."""
    return "generative" if settings.generator != "none" else DEFAULT_CONFIG


def build_assistant(
    config: str, store: Store, embedder: Embedder, lexical: LexicalIndex, settings: Settings | None = None
) -> Assistant:
    if config not in CONFIGS:
        raise ConfigError(f"Unknown configuration {config!r}; choose one of: {', '.join(CONFIGS)}.")
    if store.count() == 0:
        raise empty_store_error(store.location)
    return CONFIGS[config](store, embedder, lexical, settings)


def open_assistant(settings: Settings, config: str | None = None, embedder: Embedder | None = None) -> Assistant:
    """The configured store, lexical index and model behind an assistant (models load once, here).
    No ``config``: `generative` when OTSQA_GENERATOR is set, else `grounded`."""
    from store.chroma import open_store
    from store.numpy_minilm import make_question_embedder

    embedder = embedder or make_question_embedder(settings.question_embedder, settings.embed_batch_size, settings.embedding_model)
    store = open_store(settings, answering_fingerprint(embedder.model_id))
    lexical = LexicalIndex(settings.lexical_path)
    lexical.sync(store)
    return build_assistant(config or default_config(settings), store, embedder, lexical, settings)
