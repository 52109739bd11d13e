"""Sentence-aware chunks within the embedding model's word-piece limit, as exact slices of the article.

Sentences are packed in order until the next one would exceed the budget; the next chunk starts with
the last whole sentences of the previous one (up to the overlap budget), so every sentence sits
whole in at least one chunk. A sentence longer than the budget is cut at word boundaries. Each
footnote is chunked on its own and remembers the sentence that cites it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from ingest.clean import CleanArticle
from otsqa.text import is_row, section_heading, split_sentences
from store.base import chunk_id, sentence_id
from store.lexical import search_text

# 2: footnote chunks carry their citing sentence as search context; 3: table rows are content, embedded
# under their table's heading; 4: sentences split knowing the region's abbreviations and ordinals
# ("в 2024 г. Казахстан", "Teşkilatı'nın 12. Zirvesi": otsqa/sentences.json; English splits as before).
# Bump it whenever split_sentences or otsqa/sentences.json changes what a sentence is: stores re-chunk.
CHUNKER_VERSION = "4"

TokenCounter = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class Chunk:
    id: str  # "<doc_id>#<index>": stable for the same file and text
    doc_id: str
    index: int
    start: int  # text == article.text[start:end]
    end: int
    text: str
    kind: str  # "body" | "footnote"
    tokens: int
    footnotes: tuple[str, ...] = ()  # markers cited inside a body chunk
    marker: str = ""  # a footnote chunk's own marker
    cited_start: int = -1  # a footnote chunk: the sentence that cites it (-1: not cited)
    cited_end: int = -1
    context: str = ""  # a footnote chunk: its citing sentence, embedded and indexed with it (not quoted)

    @property
    def search_text(self) -> str:
        return search_text(self.text, self.context)


def chunk_article(
    doc_id: str, article: CleanArticle, count_tokens: TokenCounter, max_tokens: int, overlap_tokens: int
) -> list[Chunk]:
    text = article.text
    body_sentences = _fit(text, split_sentences(text, 0, article.body_end), count_tokens, max_tokens)
    windows: list[tuple[list[tuple[int, int, int]], str, str]] = [
        (w, "body", "") for w in _pack(body_sentences, max_tokens, overlap_tokens)
    ]
    for note in article.footnotes:
        note_sentences = _fit(text, split_sentences(text, note.start, note.end), count_tokens, max_tokens)
        windows.extend((w, "footnote", note.marker) for w in _pack(note_sentences, max_tokens, overlap_tokens))

    citing = {n.marker: _sentence_at(body_sentences, n.cited_at) for n in article.footnotes}
    chunks: list[Chunk] = []
    for index, (window, kind, marker) in enumerate(windows):
        start, end = window[0][0], window[-1][1]
        cited = ()
        if kind == "body":
            cited = tuple(n.marker for n in article.footnotes if n.cited_at is not None and start < n.cited_at <= end)
        cited_span = citing.get(marker) or (-1, -1)
        chunks.append(
            Chunk(
                id=chunk_id(doc_id, index),
                doc_id=doc_id,
                index=index,
                start=start,
                end=end,
                text=text[start:end],
                kind=kind,
                tokens=sum(t for _, _, t in window),
                footnotes=cited,
                marker=marker,
                cited_start=cited_span[0],
                cited_end=cited_span[1],
                context=text[cited_span[0] : cited_span[1]] if kind == "footnote" and cited_span[0] >= 0 else "",
            )
        )
    return chunks


@dataclass(frozen=True)
class Sentence:
    id: str  # "<doc_id>@<start>": stable while the article text is
    doc_id: str
    start: int  # text == article.text[start:end]
    end: int
    text: str
    kind: str  # "body" | "footnote"
    marker: str = ""  # the footnote it belongs to
    heading: bool = False  # a short line without a full stop: context, not a quotable answer
    chunk_id: str = ""  # the first chunk holding it (set by the pipeline)
    context: str = ""  # a table row's section heading: embedded with it, never quoted

    @property
    def search_text(self) -> str:
        """What is embedded: the sentence, or a table row read under its table's heading."""
        return f"{self.context} — {self.text}" if self.context else self.text


def article_sentences(doc_id: str, article: CleanArticle, count_tokens: TokenCounter, max_tokens: int) -> list[Sentence]:
    """Every sentence of the article (cut like the chunks are), footnote labels left out."""
    text = article.text
    out: list[Sentence] = []
    regions = [(0, article.body_end, "body", "")] + [
        (n.start + len(f"[{n.marker}] "), n.end, "footnote", n.marker) for n in article.footnotes
    ]
    for start, end, kind, marker in regions:
        for s, e, _ in _fit(text, split_sentences(text, start, end), count_tokens, max_tokens):
            piece = text[s:e]
            heading = (
                kind == "body"
                and piece[-1:] not in ".!?:;…”\"')"
                and len(piece.split()) <= 12
                and not piece.startswith(("- ", "• ", "* "))  # a list item is content, not a heading
                and not is_row(piece)  # so is a table row ("Entry into force: 4 July 2023")
            )
            context = section_heading(text, s) if kind == "body" and is_row(piece) else ""
            out.append(Sentence(sentence_id(doc_id, s), doc_id, s, e, piece, kind, marker, heading, context=context))
    return out


def _fit(text: str, spans, count_tokens: TokenCounter, max_tokens: int) -> list[tuple[int, int, int]]:
    """Attach token counts; cut any sentence longer than the budget into word runs that fit."""
    counts = count_tokens([text[s:e] for s, e in spans]) if spans else []
    out: list[tuple[int, int, int]] = []
    for (start, end), tokens in zip(spans, counts):
        if tokens <= max_tokens:
            out.append((start, end, tokens))
            continue
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text[start:end])]
        word_tokens = count_tokens([text[start + a : start + b] for a, b in words])
        piece_start, piece_tokens, prev_end = None, 0, 0
        for (a, b), t in zip(words, word_tokens):
            if piece_start is not None and piece_tokens + t > max_tokens:
                out.append((start + piece_start, start + prev_end, piece_tokens))
                piece_start, piece_tokens = None, 0
            if piece_start is None:
                piece_start = a
            piece_tokens += t
            prev_end = b
        if piece_start is not None:
            out.append((start + piece_start, start + prev_end, piece_tokens))
    return out


def _pack(sentences: list[tuple[int, int, int]], max_tokens: int, overlap_tokens: int):
    window: list[tuple[int, int, int]] = []
    total = 0
    fresh = 0  # sentences in the window that no earlier chunk holds
    for sentence in sentences:
        if window and total + sentence[2] > max_tokens:
            yield window
            carry: list[tuple[int, int, int]] = []
            carried = 0
            for prev in reversed(window):
                if carried + prev[2] > overlap_tokens or carried + prev[2] + sentence[2] > max_tokens:
                    break
                carry.insert(0, prev)
                carried += prev[2]
            window, total, fresh = carry, carried, 0
        window.append(sentence)
        total += sentence[2]
        fresh += 1
    if window and fresh:
        yield window


def _sentence_at(sentences: list[tuple[int, int, int]], offset: int | None) -> tuple[int, int] | None:
    """The sentence a footnote marker closes (the marker sits at or just after its end)."""
    if offset is None:
        return None
    for start, end, _ in sentences:
        if start < offset <= end + 1:
            return start, end
    return None
