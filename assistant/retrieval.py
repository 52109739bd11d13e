"""What every retriever shares: `retrieve(query, k, filters) -> Retrieval`, the filters a question may
carry, and how a stored passage becomes an answer's `Passage`. The retrievers themselves are the
hybrid one (`assistant.hybrid`, for grounded answers) and the baselines (`assistant.baselines`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.answer import Passage
from otsqa.errors import QuestionError
from store.base import ArticleRecord, Hit, PassageRecord


@dataclass(frozen=True)
class Filters:
    """Restrict answers to some articles and/or a publication date range (ISO, inclusive)."""

    doc_ids: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""

    def __post_init__(self):
        if isinstance(self.doc_ids, str) or not all(isinstance(d, str) for d in self.doc_ids):
            raise QuestionError("filters: doc_ids must be a list of article ids (see `otsqa status`)")
        object.__setattr__(self, "doc_ids", tuple(self.doc_ids))
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value:
                try:
                    dt.date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise QuestionError(f"filters: {name} must be a date like 2025-12-31, not {value!r}") from None
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QuestionError(
                f"filters: date_from ({self.date_from}) is after date_to ({self.date_to}); swap them or leave one out"
            )

    def active(self) -> bool:
        return bool(self.doc_ids or self.date_from or self.date_to)

    def allows(self, record: ArticleRecord) -> bool:
        """Whether a stored article passes (its status aside)."""
        if self.doc_ids and record.doc_id not in self.doc_ids:
            return False
        if self.date_from or self.date_to:
            if not record.date:
                return False  # an undated article cannot be shown to fall in the range
            if self.date_from and record.date < self.date_from:
                return False
            if self.date_to and record.date > self.date_to:
                return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {"doc_ids": list(self.doc_ids), "date_from": self.date_from, "date_to": self.date_to}


@dataclass
class Retrieval:
    """What one retrieval found, with what the grounded answerer reuses (the query's vector, the filter)."""

    query: str
    vector: list[float]  # the query's embedding; [] when the retriever keeps it to itself (llama-index)
    passages: list[Passage]
    doc_ids: list[str] | None = None  # the filter as doc ids (None: everything)
    timings_ms: dict[str, float] = field(default_factory=dict)
    total_docs: int | None = None  # with a filter: the complete articles there are to search in all
    # When the store mixes languages and the model reads them (hybrid.py, crosslang.py): doc id -> the
    # language of its text, and what its passages get back for being in another language than the
    # question's (the answerer adds it to their sentences' scores too); empty otherwise.
    languages: dict[str, str] = field(default_factory=dict)
    offsets: dict[str, float] = field(default_factory=dict)
    language: str = "en"  # the question's, as the retriever told it


class Retriever(Protocol):
    def retrieve(self, query: str, k: int, filters: Filters | None = None) -> Retrieval: ...


def passage_from_record(chunk: PassageRecord, rank: int, score: float = 0.0) -> Passage:
    return Passage(
        rank=rank,
        doc_id=chunk.doc_id,
        source=chunk.source,
        chunk_id=chunk.id,
        text=chunk.text,
        score=score,
        start=chunk.start,
        end=chunk.end,
        title=chunk.title,
        author=chunk.author,
        date=chunk.date,
        title_source=chunk.title_source,
        kind=chunk.kind,
        marker=chunk.marker,
        footnotes=",".join(chunk.footnotes),
    )


def passage_from_hit(hit: Hit[PassageRecord], rank: int) -> Passage:
    return passage_from_record(hit.record, rank, hit.score)
