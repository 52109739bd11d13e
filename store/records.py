"""The store's records as typed values, and the one codec between them and Chroma's metadata.

Chroma keeps a record's fields as flat metadata (strings, numbers, booleans), so the two list-valued
fields of a passage travel packed into strings: ``sentences`` ("0,118,240": the start offsets of the
sentences lying wholly inside it) and ``note_chunks`` ("4=12,13;5=14": each cited footnote's marker
with the numbers of its chunks), as do its ``footnotes`` ("4,5"). Stores written since schema 3
hold exactly these keys and formats, so the codec must read and write them unchanged: changing any
of them means a new ``SCHEMA_VERSION`` and an upgrade (`ingest.upgrade`). A key may be added without
one when its absence reads as its default and older code passes it by: ``title_source`` (where an
article's title came from) and an article's ``ingested`` (when it was written), which stores written
before them lack and read as "" (not known). Everything
outside this module and the Chroma store reads typed fields; the in-memory store keeps the records
themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Generic, Mapping, TypeVar

# -- ids ----------------------------------------------------------------------------------------


def chunk_id(doc_id: str, index: int) -> str:
    """Chunks are numbered in text order within their article (body first, then footnotes): the
    assistant finds a passage's neighbours by id, which the store looks up far faster than by offset."""
    return f"{doc_id}#{index}"


def chunk_doc_id(chunk: str) -> str:
    """The article a chunk id belongs to."""
    return chunk.rpartition("#")[0]


def nearby_chunk_ids(chunk: str, before: int, after: int) -> list[str]:
    """``chunk`` and up to ``before`` chunks before it and ``after`` after it (ids that may not exist)."""
    doc_id, _, index = chunk.rpartition("#")
    if not doc_id or not index.isdigit():
        return [chunk]
    at = int(index)
    return [chunk_id(doc_id, n) for n in range(max(0, at - before), at + after + 1)]


def sentence_id(doc_id: str, start: int) -> str:
    return f"{doc_id}@{start}"


# -- records ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PassageRecord:
    """One chunk of an article as stored: what is retrieved, ranked and cited. Defaults are what a
    record lacking the field means (a passage without offsets has start = end = -1)."""

    id: str  # chunk_id(doc_id, index)
    doc_id: str
    text: str = ""  # "" when read without texts (Table.scan)
    source: str = ""
    title: str = ""
    author: str = ""
    date: str = ""
    title_source: str = ""  # ArticleRecord.title_source
    kind: str = "body"  # "body" | "footnote"
    index: int = 0
    start: int = -1  # text == article.text[start:end]
    end: int = -1
    tokens: int = 0
    footnotes: tuple[str, ...] = ()  # markers cited inside a body chunk
    marker: str = ""  # a footnote chunk's own marker
    cited_start: int = -1  # a footnote chunk: the sentence that cites it (-1: not cited)
    cited_end: int = -1
    context: str = ""  # a footnote chunk: its citing sentence (embedded and indexed with it, not quoted)
    # Written at ingest (`ingest.pipeline.with_layout`) so the assistant fetches sentences and notes
    # by id: a metadata filter makes Chroma scan the whole collection (~100 ms at 780k sentences).
    sentences: tuple[int, ...] = ()  # start offsets of the sentences lying wholly inside it
    # A body chunk: each footnote it cites, with the numbers of that footnote's chunks, in citing order.
    note_chunks: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def sentence_ids(self) -> list[str]:
        """Ids of the sentences lying wholly inside this passage."""
        return [sentence_id(self.doc_id, start) for start in self.sentences]

    def note_chunk_ids(self) -> list[str]:
        """Ids of the chunks of the footnotes this passage cites."""
        return [chunk_id(self.doc_id, n) for _, numbers in self.note_chunks for n in numbers]


@dataclass(frozen=True)
class SentenceRecord:
    """One sentence of an article with its own vector, so answers pick sentences by meaning without
    embedding them at question time."""

    id: str  # sentence_id(doc_id, start)
    doc_id: str
    text: str = ""
    start: int = -1
    end: int = -1
    kind: str = "body"  # "body" | "footnote"
    marker: str = ""  # the footnote it belongs to
    heading: bool = False  # a short line without a full stop: context, not a quotable answer
    chunk_id: str = ""  # the first chunk holding it whole ("" if none does)


@dataclass
class ArticleRecord:
    """One ingested article. ``status`` is "pending" while its chunks are being written, so a run
    that was killed half-way is recognised and redone by the next one."""

    doc_id: str
    source: str
    title: str = ""
    author: str = ""
    date: str = ""
    content_hash: str = ""  # the file's sha256, with its override mixed in if it has one (ingest/overrides.py)
    format: str = ""
    chunks: int = 0
    body_end: int = 0
    status: str = "complete"
    # Where the title came from: "header", "file", "derived" (made from its opening words: a UI may show
    # it as such), "override" (the deployment's file), or "" (none, or stored before this was kept).
    title_source: str = ""
    # The outlet that published it, when its file says so (an HTML page's site name): what an analyst may
    # name it by ("the Steppe Press piece"). "" when not known, and in stores written before it was kept.
    publication: str = ""
    # When this version was written (ISO 8601, UTC, to the second): what the library page shows. Stores
    # written before it lack the key and read as "" (not known); older code passes it by.
    ingested: str = ""
    text: str | None = field(default=None, repr=False)  # the cleaned article; quotes are slices of it

    def summary(self) -> dict[str, Any]:
        fields = ("doc_id", "source", "title", "title_source", "author", "date", "publication", "chunks")
        return {k: getattr(self, k) for k in fields}


R = TypeVar("R", PassageRecord, SentenceRecord)


@dataclass(frozen=True)
class Hit(Generic[R]):
    """A record found by similarity to a vector."""

    record: R
    score: float  # cosine similarity, higher is closer

    @property
    def id(self) -> str:
        return self.record.id


# -- the codec ----------------------------------------------------------------------------------


def passage_metadata(record: PassageRecord) -> dict[str, Any]:
    """The Chroma metadata of a passage (the id and text are stored beside it)."""
    return {
        "doc_id": record.doc_id,
        "source": record.source,
        "title": record.title,
        "author": record.author,
        "date": record.date,
        "title_source": record.title_source,
        "kind": record.kind,
        "index": record.index,
        "start": record.start,
        "end": record.end,
        "tokens": record.tokens,
        "footnotes": ",".join(record.footnotes),
        "marker": record.marker,
        "cited_start": record.cited_start,
        "cited_end": record.cited_end,
        "context": record.context,
        "sentences": ",".join(map(str, record.sentences)),
        "note_chunks": ";".join(f"{marker}={','.join(map(str, numbers))}" for marker, numbers in record.note_chunks),
    }


def passage_from(id: str, text: str, metadata: Mapping[str, Any]) -> PassageRecord:
    """A passage from what Chroma returns. Keys it lacks take the field's default (a schema-2 store
    has no ``sentences`` or ``note_chunks`` until it is upgraded)."""
    m = metadata or {}
    footnotes = str(m.get("footnotes", ""))
    notes = str(m.get("note_chunks", ""))
    return PassageRecord(
        id=id,
        doc_id=m.get("doc_id", ""),
        text=text,
        source=m.get("source", ""),
        title=m.get("title", ""),
        author=m.get("author", ""),
        date=m.get("date", ""),
        title_source=m.get("title_source", ""),
        kind=m.get("kind", "body"),
        index=m.get("index", 0),
        start=m.get("start", -1),
        end=m.get("end", -1),
        tokens=m.get("tokens", 0),
        # split() alone would make "" one empty marker; every other string comes back as it went in.
        footnotes=tuple(footnotes.split(",")) if footnotes else (),
        marker=m.get("marker", ""),
        cited_start=m.get("cited_start", -1),
        cited_end=m.get("cited_end", -1),
        context=m.get("context", ""),
        sentences=_numbers(str(m.get("sentences", ""))),
        note_chunks=tuple(
            (marker, _numbers(numbers)) for marker, _, numbers in (entry.partition("=") for entry in notes.split(";") if entry)
        ),
    )


def sentence_metadata(record: SentenceRecord) -> dict[str, Any]:
    """The Chroma metadata of a sentence."""
    return {
        "chunk_id": record.chunk_id,
        "doc_id": record.doc_id,
        "start": record.start,
        "end": record.end,
        "kind": record.kind,
        "marker": record.marker,
        "heading": record.heading,
    }


def sentence_from(id: str, text: str, metadata: Mapping[str, Any]) -> SentenceRecord:
    m = metadata or {}
    return SentenceRecord(
        id=id,
        doc_id=m.get("doc_id", ""),
        text=text,
        start=m.get("start", -1),
        end=m.get("end", -1),
        kind=m.get("kind", "body"),
        marker=m.get("marker", ""),
        heading=m.get("heading", False),
        chunk_id=m.get("chunk_id", ""),
    )


def article_metadata(record: ArticleRecord) -> dict[str, Any]:
    """The Chroma metadata of an article record (its text is stored as the document)."""
    data = asdict(record)
    data.pop("text")
    return data


def article_from(metadata: Mapping[str, Any], text: str | None = None) -> ArticleRecord:
    fields = ArticleRecord.__dataclass_fields__
    return ArticleRecord(**{k: v for k, v in (metadata or {}).items() if k in fields and k != "text"}, text=text)


def _numbers(packed: str) -> tuple[int, ...]:
    return tuple(int(n) for n in packed.split(",") if n)
