"""Hybrid retrieval: dense chunks, BM25 chunks and dense sentences, fused by reciprocal rank.

Three rankings of the same chunks each catch what the others miss: MiniLM over whole chunks finds
paraphrases, BM25 finds rare names and numbers, MiniLM over single sentences finds a one-line fact
inside a long chunk. Reciprocal-rank fusion needs no score calibration between them. Chunks overlap
by design (whole sentences repeat), so a passage that mostly repeats a better-ranked one is dropped.

Across languages (a multilingual model, a store of articles in several languages): a question lies
closer to any text in its own language than to the same meaning in another one, so an English question
about a Russian article finds English passages of other articles first. The dense rankings add that gap
back to the passages of articles in another language than the question's (``gap``, crosslang.py), and
when the passage that leads is in another language the fusion weighs it as for a question in another
language: BM25 reads the question's words, which that article does not use.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Sequence

from assistant.answer import Passage
from assistant.crosslang import TranslationGap
from assistant.retrieval import Filters, Retrieval, passage_from_record
from otsqa.errors import QuestionError
from otsqa.languages import ENGLISH
from otsqa.languages import detect as detect_language
from store.base import Hit, PassageRecord, Store, chunk_doc_id
from store.embedding import Embedder
from store.lexical import LexicalIndex

LANGUAGE_SAMPLE = 600  # characters of an article's opening its language is told from


@dataclass
class Rankings:
    """What one hybrid retrieval read and decided (`HybridRetriever.rankings`); ``retrieval()`` is what
    it returns to the answerer."""

    query: str
    vector: list[float]
    dense: list[Hit] = field(default_factory=list)  # chunks by the query's cosine, best first
    lexical: list[tuple[str, float]] = field(default_factory=list)  # (chunk id, BM25 score), best first
    sentences: list[Hit] = field(default_factory=list)  # sentences by the query's cosine, best first
    sentence_chunks: list[str] = field(default_factory=list)  # the chunks of those sentences: the third ranking
    fused: dict[str, float] = field(default_factory=dict)  # chunk id -> weighted reciprocal-rank sum
    order: list[str] = field(default_factory=list)  # chunk ids by fused score, best first
    lexical_lead: str | None = None  # the BM25 winner far enough ahead to get the bonus
    # doc id -> the language of its text, and what its passages got back for being in another language
    # than the question's (the dense scores above include it), when the store mixes languages and the
    # model reads them; empty otherwise.
    languages: dict[str, str] = field(default_factory=dict)
    offsets: dict[str, float] = field(default_factory=dict)
    language: str = ENGLISH  # the question's
    weights: str = "question"  # whose weights fused: "question" (its language's) or "evidence" (another language's)
    records: dict[str, PassageRecord] = field(default_factory=dict)  # the chunks read for the fused order
    passages: list[Passage] = field(default_factory=list)  # the passages kept, best first
    passed_over: dict[str, str] = field(default_factory=dict)  # chunk id -> why the fused order's chunk was not kept
    doc_ids: list[str] | None = None  # the filter as doc ids (None: everything)
    total_docs: int | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)

    def retrieval(self) -> Retrieval:
        return Retrieval(
            self.query,
            self.vector,
            self.passages,
            self.doc_ids,
            self.timings_ms,
            total_docs=self.total_docs,
            languages=self.languages,
            offsets=self.offsets,
            language=self.language,
        )


class HybridRetriever:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        lexical: LexicalIndex,
        depth: int = 30,
        rrf_k: int = 20,
        overlap_limit: float = 0.6,
        weights: tuple[float, float, float] = (1.0, 1.5, 0.5),
        other_language_weights: tuple[float, float, float] = (1.0, 0.0, 0.5),
        lexical_lead: float = 1.6,
        lexical_bonus: float = 1.0,
        gap: TranslationGap | None = None,
    ):
        self.store = store
        self.embedder = embedder
        self.lexical = lexical
        self.depth = depth
        self.rrf_k = rrf_k
        self.overlap_limit = overlap_limit
        # Dense chunks, BM25 chunks, dense sentences. BM25 weighs most because rare names and numbers
        # are what analysts ask about; sentences least because a footnote's sentences carry no
        # context. Set on the evaluation set (evals report: grounded vs the baselines).
        self.weights = weights
        # A question not in English: its words match articles in its own language only, so BM25 would pull
        # those ahead of the English article that answers; the embeddings (e5) read across languages.
        self.other_language_weights = other_language_weights
        # A BM25 winner far ahead of the runner-up (a rare name or phrase matched) is usually right even
        # when the embeddings miss it: it gets a bonus worth ``lexical_bonus`` first places.
        self.lexical_lead = lexical_lead
        self.lexical_bonus = lexical_bonus
        # Added to the cosine of a passage (chunk or sentence) in another language than the question's: the
        # embedding model's gap between a text and its translation (none: the model reads one language).
        self.gap = gap or TranslationGap()
        self._languages: tuple[object, dict[str, str]] | None = None

    def article_languages(self) -> dict[str, str]:
        """doc id -> the language of each article, told from the opening of its text; read again when the
        store changes (its ``seen`` stamp), every time for a store without one."""
        version = getattr(self.store, "seen", None)
        if self._languages is not None and version is not None and self._languages[0] == version:
            return self._languages[1]
        languages = {}
        for record in self.store.articles():
            text = self.store.article(record.doc_id).text or record.title
            languages[record.doc_id] = detect_language(text[:LANGUAGE_SAMPLE])
        self._languages = (version, languages)
        return languages

    def allowed_docs(self, filters: Filters | None) -> list[str] | None:
        """The articles the filters allow, complete ones only; None when no filter is set."""
        scope = self.scope(filters)
        return None if scope is None else scope[0]

    def scope(self, filters: Filters | None) -> tuple[list[str], int] | None:
        """(the articles the filters allow, complete ones only; how many complete articles there are),
        None when no filter is set. One read of the article records (no text) serves both: an answer
        says how much of the collection it searched. An id the store does not hold is a QuestionError,
        not an empty search: a mistyped id would otherwise read as "not in the articles"."""
        if filters is None or not filters.active():
            return None
        records = self.store.articles()
        known = {r.doc_id for r in records}
        unknown = [d for d in filters.doc_ids if d not in known]
        if unknown:
            raise QuestionError(
                f"filters: no article with the id {', '.join(map(repr, unknown))} in the collection; "
                "GET /api/articles (or `otsqa status`) lists the ids"
            )
        complete = [r for r in records if r.status == "complete"]
        return [r.doc_id for r in complete if filters.allows(r)], len(complete)

    def pending_docs(self) -> set[str]:
        """Articles an ingest is still writing (or was killed while writing): their text and their
        sentences may not match yet, so their passages are left out until the ingest completes them.

        They are dropped from the results rather than filtered out in the query: Chroma would test
        every row against a long "doc_id in (…)" list, and there are seldom more than a few."""
        return {r.doc_id for r in self.store.articles(status="pending")}

    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> Retrieval:
        """The ``k`` best passages for ``query``, fused from the three rankings (see `rankings`)."""
        return self.rankings(query, k, filters).retrieval()

    def rankings(self, query: str, k: int, filters: Filters | None = None) -> Rankings:
        """Everything `retrieve` decides from: the dense, BM25 and sentence rankings, the fused scores,
        and the ``k`` passages kept from the fused order (with why the ones passed over were). `retrieve`
        is this, reduced to its passages; `assistant.explain` shows the rest."""
        t0 = time.perf_counter()
        vector = self.embedder.embed([query])[0]
        t1 = time.perf_counter()
        scope = self.scope(filters)
        doc_ids, total = scope if scope is not None else (None, None)
        if doc_ids is not None and not doc_ids:
            return Rankings(query, vector, doc_ids=doc_ids, total_docs=total)
        pending = self.pending_docs() if doc_ids is None else set()
        depth = self.depth * 2 if pending else self.depth  # room for the pending articles' hits dropped below
        dense = _without(self.store.passages.nearest(vector, depth, doc_ids), pending)[: self.depth]
        lexical = [(c, s) for c, s in self.lexical.search(query, depth, doc_ids) if chunk_doc_id(c) not in pending][: self.depth]
        sentences = _without(self.store.sentences.nearest(vector, depth, doc_ids), pending)[: self.depth]
        language = detect_language(query)
        languages: dict[str, str] = {}
        offsets: dict[str, float] = {}
        if self.gap:
            languages = self.article_languages()
            searched = [d for d in (languages if doc_ids is None else doc_ids) if d not in pending]
            offsets = {d: off for d in searched if (off := self.gap(language, languages.get(d, language)))}
            if offsets and len(offsets) < len(searched):
                # Both the question's language and others: the other languages' best, with the gap added
                # back, compete with what the plain search found (mostly in the question's language).
                others = list(offsets)
                dense = _merged(dense, self.store.passages.nearest(vector, self.depth, others), offsets)[: self.depth]
                sentences = _merged(sentences, self.store.sentences.nearest(vector, self.depth, others), offsets)[: self.depth]
            else:
                languages, offsets = {}, {}
        t2 = time.perf_counter()

        sentence_chunks = _chunks_of(sentences)
        rankings = [[h.id for h in dense], [cid for cid, _ in lexical], sentence_chunks]
        # The evidence's language as well as the question's: an English question whose closest passage is
        # Russian is fused as a Russian question would be (its words match the English articles only).
        foreign = bool(dense) and dense[0].record.doc_id in offsets
        english = language == ENGLISH and not foreign
        fused: dict[str, float] = {}
        for weight, ranking in zip(self.weights if english else self.other_language_weights, rankings):
            for rank, chunk_id in enumerate(ranking, 1):
                fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (self.rrf_k + rank)
        lead = None
        if english and self.lexical_bonus and len(lexical) >= 2 and lexical[0][1] >= self.lexical_lead * lexical[1][1]:
            lead = lexical[0][0]
            fused[lead] += self.lexical_bonus / (self.rrf_k + 1)
        order = sorted(fused, key=lambda cid: (-fused[cid], cid))
        known = {h.id: h.record for h in dense}
        missing = [cid for cid in order if cid not in known]
        known |= {c.id: c for c in self.store.passages.get(missing)}
        passages: list[Passage] = []
        passed_over: dict[str, str] = {}
        for chunk_id in order:
            chunk = known.get(chunk_id)
            if chunk is None or self._repeats(chunk, passages):
                passed_over[chunk_id] = "not in the store" if chunk is None else "repeats a better-ranked passage"
                continue
            passages.append(passage_from_record(chunk, len(passages) + 1, fused[chunk_id]))
            if len(passages) == k:
                break
        t3 = time.perf_counter()
        timings = {"embed": (t1 - t0) * 1000, "search": (t2 - t1) * 1000, "fuse": (t3 - t2) * 1000}
        return Rankings(
            query,
            vector,
            dense=dense,
            lexical=lexical,
            sentences=sentences,
            sentence_chunks=sentence_chunks,
            fused=fused,
            order=order,
            lexical_lead=lead,
            languages=languages,
            offsets=offsets,
            language=language,
            weights="evidence" if foreign else "question",
            records=known,
            passages=passages,
            passed_over=passed_over,
            doc_ids=doc_ids,
            total_docs=total,
            timings_ms=timings,
        )

    def _repeats(self, chunk: PassageRecord, kept: Sequence[Passage]) -> bool:
        """True when most of this chunk is already in a better-ranked passage of the same article."""
        start, end = chunk.start, chunk.end
        for p in kept:
            if p.doc_id != chunk.doc_id or start < 0 or p.start < 0:
                continue
            shared = min(end, p.end) - max(start, p.start)
            if shared > self.overlap_limit * (end - start):
                return True
        return False


def _merged(hits: list[Hit], others: list[Hit], offsets: dict[str, float]) -> list[Hit]:
    """``hits`` and ``others`` as one ranking, best first, each hit of an article in ``offsets`` with its
    offset added to its cosine (once, though both lists may hold it)."""
    best: dict[str, Hit] = {}
    for hit in [*hits, *others]:
        if hit.id not in best:
            offset = offsets.get(hit.record.doc_id, 0.0)
            best[hit.id] = Hit(hit.record, hit.score + offset) if offset else hit
    return sorted(best.values(), key=lambda h: (-h.score, h.id))


def _chunks_of(sentences: Sequence[Hit]) -> list[str]:
    out: list[str] = []
    for hit in sentences:
        chunk_id = hit.record.chunk_id
        if chunk_id and chunk_id not in out:
            out.append(chunk_id)
    return out


def _without(hits: list[Hit], docs: set[str]) -> list[Hit]:
    return [h for h in hits if h.record.doc_id not in docs] if docs else hits
