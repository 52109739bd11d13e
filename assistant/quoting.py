"""Sentences of passages as exact quotes of the cleaned article, and the baselines' answer rule."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer import Citation, Passage
from otsqa.text import split_sentences
from store.base import Store, cosine
from store.embedding import Embedder


class ArticleTexts:
    """Cleaned article texts by doc_id, fetched from the store once each (quotes are slices of them).
    Kept per store stamp (`Store.seen`): once the store is reopened after an ingest, an article that
    changed is fetched again, so its quotes are slices of the new text."""

    def __init__(self, store: Store, size: int = 256):
        self._get = lru_cache(maxsize=size)(self._fetch)
        self._store = store

    def _fetch(self, doc_id: str, seen: str) -> str:
        record = self._store.article(doc_id)
        return (record.text or "") if record else ""

    def __call__(self, doc_id: str) -> str:
        return self._get(doc_id, self._store.seen)


@dataclass(frozen=True)
class Quote:
    text: str
    start: int  # offsets in the cleaned article; -1 when the text could not be located
    end: int


def passage_sentences(passage: Passage, article: str) -> list[Quote]:
    """The passage's sentences with their offsets in the article."""
    if passage.start >= 0 and article[passage.start : passage.end] == passage.text:
        start = passage.start
        if passage.kind == "footnote" and (label := re.match(r"\[[\w-]+\] ", passage.text)):
            start += label.end()  # quote the footnote's words, not its "[n]" label (reads like a citation)
        return [Quote(article[s:e], s, e) for s, e in split_sentences(article, start, passage.end)]
    # Offsets unknown or stale: find each sentence in the article, near the passage when it has
    # offsets; a sentence that cannot be found is not offered as a quote.
    quotes = []
    near = max(passage.start - 200, 0) if passage.start >= 0 else 0
    for s, e in split_sentences(passage.text):
        text = passage.text[s:e]
        at = article.find(text, near)
        if at >= 0:
            quotes.append(Quote(text, at, at + len(text)))
    return quotes


class BestSentenceAnswerer:
    """The baselines' rule: the sentence of the top passage closest to the question, cited as [1]."""

    def __init__(self, embedder: Embedder, texts: ArticleTexts):
        self.embedder = embedder
        self.texts = texts

    def answer(self, question: str, passages: list[Passage]) -> tuple[str, list[Citation]]:
        if not passages:
            return "", []
        top = passages[0]
        quotes = passage_sentences(top, self.texts(top.doc_id))
        if not quotes:
            return "", []
        vectors = self.embedder.embed([question] + [q.text for q in quotes])
        best = max(range(len(quotes)), key=lambda i: cosine(vectors[0], vectors[i + 1]))
        quote = quotes[best]
        return f"{quote.text} [1]", [Citation(1, top, quote.text, quote.start, quote.end)]
