"""Sentence boundaries as character offsets, so chunks and quotes are exact slices of the article.

A rule-based splitter is enough for edited prose: split after . ! ? … (and any closing quote or
bracket) when the next word starts a sentence, except after common abbreviations and initials.
Paragraph breaks always end a sentence (headings and list items stand alone).
"""

from __future__ import annotations

import re

# Words that end with a period without ending a sentence (compared lower-case, without the period).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr vs etc e.g i.e cf no nos vol vols pp p fig al inc ltd co corp gen
    col lt maj sgt capt adm gov sen rep pres u.s u.k u.n e.u jan feb mar apr jun jul aug sep sept oct
    nov dec approx dept est ed eds repr trans ca""".split()
)

_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
_OPENERS = "\"“‘'([¿¡"


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``, whitespace trimmed."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text, start, end):
        cursor = para_start
        for match in _END.finditer(text, para_start, para_end):
            cut = match.end()
            if _is_boundary(text, match.start(), cut, para_end):
                _append(text, spans, cursor, cut)
                cursor = cut
        _append(text, spans, cursor, para_end)
    return spans


def _paragraphs(text: str, start: int, end: int):
    cursor = start
    for match in re.finditer(r"\n", text[start:end]):
        yield cursor, start + match.start()
        cursor = start + match.end()
    yield cursor, end


def _is_boundary(text: str, punct_at: int, cut: int, limit: int) -> bool:
    nxt = cut
    while nxt < limit and text[nxt].isspace():
        nxt += 1
    if nxt >= limit:
        return False  # the paragraph end closes the sentence anyway
    following = text[nxt]
    if not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False
    if text[punct_at] != ".":
        return True
    word_start = punct_at
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in '("“':
        word_start -= 1
    word = text[word_start:punct_at]
    if word.lower() in ABBREVIATIONS:
        return False
    # A single capital letter is an initial ("John F. Kennedy"), not a sentence end.
    return not (len(word) == 1 and word.isupper())


def _append(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
