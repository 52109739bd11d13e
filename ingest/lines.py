"""The lines an article is read in, and the small helpers both the cleaner and the header reader use.

`Line` is one line of raw text with what the cleaner has learnt about it (junk, a footnote, a table
row, a heading); `inline` reduces markdown emphasis, links and escapes to their text and reports where
footnote markers stood, so quotes stay exact slices of the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use sentinels around a removed marker
_ESCAPE_BASE = 0xF0000  # escaped characters hide in a private-use plane until markdown is done

WIDGET = re.compile(r"[+]?\s*↺\s*[−–-]?\s*\d+\s*px", re.I)

NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.|[A-H]\.|[IVX]{1,4}\.)\s+\S")

FOOTNOTE_DEF = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(.*)$")

MD_HEADING = re.compile(r"^#{1,6}\s+")


@dataclass
class Line:
    text: str
    blanks_before: int
    kind: str = "body"  # body | junk | photo | footnote
    indent: int = 0
    # prose | row (of a table) | item (of a list) | heading | line (a header line kept as it is):
    # only prose lines join into paragraphs.
    shape: str = "prose"


def all_caps(text: str, share: float = 0.8) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and word_count(text) <= 15 and sum(c.isupper() for c in letters) >= share * len(letters)


def word_count(text: str) -> int:
    return len(text.split())


def inline(text: str, markers_defined: frozenset[str] = frozenset()) -> tuple[str, list[tuple[str, int]]]:
    """Reduce markdown and escapes to text; return it with (marker, offset) for removed markers."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$&%|~<>\"'])", lambda m: chr(_ESCAPE_BASE + ord(m.group(1))), text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[\^([\w-]+)\]", lambda m: f"{_MARK_OPEN}{m.group(1)}{_MARK_CLOSE}", text)
    text = re.sub(r"\[([^\]]+)\]\([^)\s]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = re.sub(rf"(?<=\S)([{SUPERSCRIPTS}]+)", lambda m: _marker(m.group(1), markers_defined), text)
    text = re.sub("[\U000f0000-\U000fffff]", lambda m: chr(ord(m.group(0)) - _ESCAPE_BASE), text)
    text = re.sub(r"\s+", " ", text).strip()
    out: list[str] = []
    markers: list[tuple[str, int]] = []
    length = 0
    for piece in re.split(f"({_MARK_OPEN}[^{_MARK_CLOSE}]*{_MARK_CLOSE})", text):
        if piece.startswith(_MARK_OPEN):
            markers.append((piece[1:-1], length))
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), markers


def _marker(superscript: str, defined: frozenset[str]) -> str:
    # Only a superscript that matches a footnote is a marker; "km²" keeps its "²".
    number = superscript.translate(SUPER_TO_DIGIT)
    return f"{_MARK_OPEN}{number}{_MARK_CLOSE}" if number in defined else superscript


# Markdown emphasis around words ("**Sardor Tursunov** and **Emine Çelik**", "*Posted on … by X* · Filed under …"),
# not a "_" or "*" inside a word ("post_title").
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")


def unemphasised(text: str) -> str:
    """A header line as it reads without markdown emphasis, for reading its parts (the line keeps it)."""
    return _EMPHASIS.sub("", text).strip()
