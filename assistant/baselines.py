"""The baseline retrievers the evaluation compares grounded answers with: `dense` (MiniLM over the
store's passages) and `naive` (the llama-index tutorial's own chunking and in-memory index). Neither
filters: they search every article."""

from __future__ import annotations

from typing import Sequence

from assistant.answer import Passage
from assistant.retrieval import Filters, Retrieval, passage_from_hit
from otsqa.errors import ConfigError
from store.base import ArticleRecord, Store
from store.embedding import Embedder


class DenseRetriever:
    """Cosine similarity of MiniLM vectors over this project's chunks in Chroma."""

    def __init__(self, store: Store, embedder: Embedder):
        self.store = store
        self.embedder = embedder

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> Retrieval:
        _unfiltered(filters)
        vector = self.embedder.embed([query])[0]
        hits = self.store.passages.nearest(vector, k)
        return Retrieval(query, vector, [passage_from_hit(hit, rank) for rank, hit in enumerate(hits, 1)])


class LlamaIndexRetriever:
    """The tutorial baseline: llama-index's default chunking (SentenceSplitter, 1024 tokens, 200
    overlap) and an in-memory `VectorStoreIndex`, over the same cleaned articles and the same model.

    MiniLM reads only the first 256 word-pieces of each 1024-token node; that loss is part of what
    the baseline shows.
    """

    def __init__(self, articles: Sequence[ArticleRecord], embedder: Embedder):
        from llama_index.core import Document, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        documents = [
            Document(
                text=a.text or "",
                id_=a.doc_id,
                metadata={"doc_id": a.doc_id, "source": a.source, "title": _own_title(a), "author": a.author, "date": a.date},
            )
            for a in articles
        ]
        self._names = {a.doc_id: (a.title, a.title_source) for a in articles}  # what citations show
        splitter = SentenceSplitter(id_func=lambda i, doc: f"{doc.id_}#naive{i}")
        nodes = splitter.get_nodes_from_documents(documents)
        self._index = VectorStoreIndex(nodes, embed_model=_as_llama_embedding(embedder))

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> Retrieval:
        _unfiltered(filters)
        results = self._index.as_retriever(similarity_top_k=k).retrieve(query)
        passages = []
        for rank, result in enumerate(results, 1):
            node, meta = result.node, result.node.metadata
            start = node.start_char_idx if node.start_char_idx is not None else -1
            end = node.end_char_idx if node.end_char_idx is not None else -1
            title, title_source = self._names[meta["doc_id"]]
            passages.append(
                Passage(
                    rank=rank,
                    doc_id=meta["doc_id"],
                    source=meta["source"],
                    chunk_id=node.node_id,
                    text=node.get_content(),
                    score=result.score or 0.0,
                    start=start,
                    end=end,
                    title=title,
                    author=meta["author"],
                    date=meta["date"],
                    title_source=title_source,
                )
            )
        return Retrieval(query, [], passages)


def _own_title(article: ArticleRecord) -> str:
    """The title the article or its file gives, "" for one ingest derived from its opening words.
    llama-index embeds a node's metadata with its text, and the baseline stands for a peer's pipeline,
    which would have no title for such an article: its opening sentence repeated in every node is not
    what that pipeline would embed (it cost the baseline 3 points of hit@1 on the seed set)."""
    return "" if article.title_source == "derived" else article.title


def _as_llama_embedding(embedder: Embedder):
    """Our embedder behind llama-index's BaseEmbedding (its own HuggingFaceEmbedding would try the hub)."""
    from llama_index.core.base.embeddings.base import BaseEmbedding

    class _Embedding(BaseEmbedding):
        def _get_query_embedding(self, query: str) -> list[float]:
            return embedder.embed([query])[0]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return embedder.embed([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return embedder.embed(texts)

    return _Embedding(model_name=embedder.model_id, embed_batch_size=32)


def _unfiltered(filters: Filters | None) -> None:
    # The baselines search everything; silently ignoring a filter would answer from articles it excludes.
    if filters is not None and filters.active():
        raise ConfigError("The baseline retrievers cannot filter by article or date; use `grounded`.")
