"""What kind of answer a question asks for, told from its wording without a language model (issue 23,
point 7), and the answerers of the kinds beyond single facts.

Each answerer recognises its own questions by patterns on the whole question and returns None for any
other, so the first to answer wins and a single fact falls through to the grounded answerer. The order
matters only where wordings overlap: a question about the collection itself ("Who wrote …?") before a
timeline ("What happened in 2025?"), before a comparison ("How do the articles portray X?"), before a
summary ("What do the articles say about X?", "What does DiPirro say about X?": one article only). A
filtered question goes to the grounded answerer, whose retrieval honours filters.

| kind | module | answers from |
|---|---|---|
| collection | collection_questions.py | the article records ingest wrote (title, author, date) |
| collection | summaries.py (`WhichArticlesAnswerer`) | "which articles discuss X": the articles on X, ranked, a quote each |
| timeline | timelines.py | dated sentences and table rows, in date order |
| comparison | comparisons.py | each article's position on a topic, side by side |
| summary | summaries.py | an article's central sentences, or a topic's best ones per article |
| fact | grounded/ | the best quoted sentences, a direct answer first |
"""

from __future__ import annotations

from typing import Protocol

from assistant.answer import Citation
from assistant.collection_questions import CollectionAnswerer
from assistant.comparisons import ComparisonAnswerer
from assistant.extracts import ArticleFinder
from assistant.hybrid import HybridRetriever
from assistant.quoting import ArticleTexts
from assistant.summaries import SummaryAnswerer, WhichArticlesAnswerer
from assistant.timelines import TimelineAnswerer
from store.base import Store

KINDS = ("collection", "timeline", "comparison", "summary", "fact")


class KindAnswerer(Protocol):
    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The answer text (each quote marked [n]) and its citations, or None for another kind."""
        ...


def kind_answerers(store: Store, texts: ArticleTexts, retriever: HybridRetriever) -> tuple[tuple[str, KindAnswerer], ...]:
    """The answerers of every kind but single facts, in the order they are tried."""
    finder = ArticleFinder(store, retriever.embedder.embed)

    def find(subject: str, articles):
        named = finder.named(subject, articles, bare_titles=False)
        return named.articles if named is not None else None

    summaries = SummaryAnswerer(store, texts, retriever)
    return (
        ("collection", CollectionAnswerer(store, texts, find)),
        ("collection", WhichArticlesAnswerer(summaries)),
        ("timeline", TimelineAnswerer(store, texts, retriever)),
        ("comparison", ComparisonAnswerer(store, texts, retriever)),
        ("summary", summaries),
    )
