"""A title for an article whose text and file give none, made from its opening words.

Without one the chat, the widget and the CLI could only cite such an article by its file name
("001_9d64fbbbf1f74134.txt"), which tells a reader nothing. The first paragraph names the article
best when it reads as a headline (a short line of a few words, no closing full stop); otherwise its
first sentence does, cut to about 80 characters at a clause or word boundary with an ellipsis. The
result is metadata only: the cleaned text, which quotes are exact slices of, is left as it is.

The title is derived at ingest (by the cleaner, version 4) rather than when an answer is shown: then
the store holds one title per article that the Answer JSON, `otsqa status`, the evals and every page
read alike, marked ``title_source="derived"``, and showing it costs nothing. A store cleaned by an
earlier version gets its titles from the next `otsqa ingest`, which cleans every article again and,
the texts being unchanged, reuses their vectors (all but table rows' sentences); until then it opens
and answers as before, its untitled articles named by their file names.
"""

from __future__ import annotations

import re

from otsqa.text import CANNOT_END, split_sentences

TITLE_CHARS = 80  # a derived title from a sentence is cut to about this many characters
_HEADLINE_WORDS = (3, 14)  # fewer is a label ("Introduction"), more a sentence that lost its stop
_HEADLINE_CHARS = 110
_PROSE_WORDS = 8  # a shorter paragraph that is no headline (a label, a list item) is passed over
_CLAUSE = 40  # a cut at a comma, semicolon or dash no earlier than this reads better than one mid-clause
_ITEM = re.compile(r"^(?:[-*•·▪◦]\s|\(?\d{1,2}[.)]\s|[A-Ha-h][.)]\s)")
_OPENERS = "\"“‘'(["
_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"))


def derive_title(paragraphs: list[str]) -> str:
    """A title from the first paragraphs of an article's prose ("" if none will do).

    ``paragraphs`` are cleaned paragraphs in text order, without the header lines cleaning keeps
    (date lines, bylines) or table rows. The first one is taken whole when it reads as a headline;
    else the first paragraph of prose gives its first sentence, shortened (`shorten`); an article of
    short lines only, its first line.
    """
    paragraphs = [" ".join(p.split()) for p in paragraphs if p.strip()]
    if not paragraphs:
        return ""
    if is_headline(paragraphs[0]):
        return paragraphs[0]
    prose = [p for p in paragraphs if len(p.split()) >= _PROSE_WORDS and not _ITEM.match(p)]
    first = (prose or paragraphs)[0]
    start, end = split_sentences(first)[0]
    return shorten(first[start:end])


def is_headline(line: str) -> bool:
    """Whether a line reads as a headline: a few words, opening with a capital, a digit or a quote
    mark, and ending without the full stop (or colon, comma) of a sentence. "?" and "!" may end one."""
    words = len(line.split())
    return (
        _HEADLINE_WORDS[0] <= words <= _HEADLINE_WORDS[1]
        and len(line) <= _HEADLINE_CHARS
        and (line[0].isupper() or line[0].isdigit() or line[0] in _OPENERS)
        and line[-1] not in ".,;:…-–—"
        and not _ITEM.match(line)
    )


def shorten(sentence: str, limit: int = TITLE_CHARS) -> str:
    """A sentence as a title: whole without its final full stop when it fits in ``limit`` characters,
    else cut with "…" at the last clause boundary (comma, semicolon, dash) past `_CLAUSE` characters or
    at the last word boundary, never after a word a sentence cannot end on ("of", "the") nor inside
    an unclosed bracket or quote."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= limit:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    head = sentence[: limit + 1]
    clause = max(head.rfind(mark) for mark in (", ", "; ", " — ", " – "))
    if clause >= _CLAUSE:
        head = head[:clause]
    elif " " in head:
        head = head[: head.rindex(" ")]
    head = _close_brackets(head)
    words = head.split()
    while len(words) > 3 and words[-1].strip(",;:").casefold() in CANNOT_END:
        words.pop()
    return " ".join(words).rstrip(",;:—–- ") + "…"


def _close_brackets(text: str) -> str:
    """``text`` cut before a bracket or quote it opens but does not close ("… States (OTS" → "… States")."""
    for opening, closing in _PAIRS:
        at = text.rfind(opening)
        if at > 0 and closing not in text[at:]:
            text = text[:at]
    return text.rstrip()
