"""Turn raw article text into clean prose plus metadata, keeping footnotes linked to their citing place.

What the real collection contains, and what happens to it here:
- photo-credit lines ("Photo credit: …", "Photo: …") and the short caption line just above one: dropped;
- share buttons, font-size widgets ("+ ↺ − 16 px"), "Feature Article" style labels: dropped;
- a "Related news" tail that repeats the opening: cut;
- bylines ("By …") and date lines ("December 11, 2025", "date 2026-01-09"): become metadata;
- sentences split by PDF page breaks (often with a footnote block or a caption in between): rejoined;
- footnote markers (¹ ² ³, or markdown [^1]) are removed from the prose and their offsets kept;
  footnote blocks (continuation lines included) move to the end as "[n] text" paragraphs;
- markdown emphasis, links and backslash escapes: reduced to their text.

The result is one string; chunks and citations are exact slices of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from otsqa.text import MONTH_WRITTEN, month_number

CLEANER_VERSION = "2"

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(_SUPERSCRIPTS, "0123456789")
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"  # private-use sentinels around a removed marker
_ESCAPE_BASE = 0xF0000  # escaped characters hide in a private-use plane until markdown is done

_PHOTO = re.compile(r"^(?:photo|image|picture|foto)s?(?:\s+(?:credits?|courtesy|source))?\s*:|^credits?\s*:", re.I)
_SHARE = re.compile(
    r"^(?:share(?:\s+(?:on|this|via|to|the)\b.*)?|tweet|print(?:\s+article)?|e-?mail|copy link|"
    r"facebook|twitter|linkedin|whatsapp|telegram|follow us\b.*)$",
    re.I,
)
_WIDGET = re.compile(r"[+]?\s*↺\s*[−–-]?\s*\d+\s*px", re.I)
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:news|articles?|posts?|stories|reading))?|read (?:also|more)|"
    r"see also|you may also like|more from [\w\s]+)\s*:?$",
    re.I,
)
_LABELS = re.compile(r"^(?:feature article|analysis|opinion|commentary|news|editorial|interview)$", re.I)
_BYLINE = re.compile(r"^[Bb][Yy]\s+([A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*){0,3})\s*$")
_URL_ONLY = re.compile(r"^\(?<?https?://\S+?>?\)?[.,;]?$")
_FOOTNOTE_DEF = re.compile(rf"^([{_SUPERSCRIPTS}]+)\s*(.*)$")
_MD_FOOTNOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:\s*(.*)$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_TERMINAL = ".!?:…"
# Words a sentence does not end on: a line ending in one was cut, whatever its length.
_CANNOT_END = frozenset(
    """a an the and or but nor of to in on at by for with from into onto over under as than that which who
    whose whom whose its their his her our your this these those is are was were be been has have had
    not no such between among via per about against toward towards within without including""".split()
)
_CLOSERS = "\"”’')]"

_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(rf"\b{MONTH_WRITTEN}\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), ("M", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})\s+{MONTH_WRITTEN},?\s+(\d{{4}})\b", re.I), ("d", "M", "y")),
]


@dataclass(frozen=True)
class Footnote:
    marker: str
    start: int  # the "[n] …" paragraph in the cleaned text
    end: int
    cited_at: int | None  # where its marker stood in the prose (None: never cited)


@dataclass(frozen=True)
class CleanArticle:
    text: str
    body_end: int  # prose is text[:body_end]; footnote paragraphs follow
    title: str = ""
    author: str = ""
    date: str = ""
    footnotes: tuple[Footnote, ...] = ()


@dataclass
class _Line:
    text: str
    blanks_before: int
    kind: str = "body"  # body | junk | photo | footnote


@dataclass
class _Note:
    marker: str
    parts: list[str] = field(default_factory=list)


def clean_article(raw: str, hints: dict[str, str] | None = None) -> CleanArticle:
    """Clean ``raw`` text; ``hints`` (title/author/date from HTML or PDF metadata) win over guesses."""
    hints = hints or {}
    lines = _lines(_normalise(raw))
    _cut_related_tail(lines)
    for line in lines:
        if _PHOTO.match(line.text):
            line.kind = "photo"
        elif _SHARE.match(line.text) or not _WIDGET.sub("", line.text).strip(" +−-"):
            line.kind = "junk"
    meta = _read_header(lines)
    notes, body = _split_footnotes(lines)
    body = _drop_captions_and_bylines(body, meta)
    paragraphs = _merge_broken(body)
    paragraphs = [p for p in paragraphs if not _same(p, meta.get("title", ""))]
    paragraphs = _drop_repeated_teaser(paragraphs)
    for key in ("title", "author", "date"):
        if hints.get(key):
            meta[key] = hints[key]
    return _assemble(paragraphs, notes, meta)


# ---------------------------------------------------------------------------------------------
# Lines and header


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    blanks = 0
    for raw_line in text.split("\n"):
        stripped = raw_line.strip()
        if not stripped:
            blanks += 1
            continue
        out.append(_Line(stripped, blanks))
        blanks = 0
    return out


def _cut_related_tail(lines: list[_Line]) -> None:
    # Only in the second half: a "Related" heading near the top is more likely real content.
    for i in range(len(lines) // 2, len(lines)):
        if _RELATED.match(lines[i].text):
            del lines[i:]
            return


def _words(text: str) -> int:
    return len(text.split())


def _read_header(lines: list[_Line]) -> dict[str, str]:
    """Title, date and byline from the lines before the first real paragraph (marked junk after)."""
    meta: dict[str, str] = {}
    candidates: list[_Line] = []
    for line in lines[:12]:
        if line.kind != "body":
            continue
        text = _WIDGET.sub("", line.text).strip()
        if _words(text) >= 20 or (_words(text) >= 12 and text.endswith(".")):
            break
        if (date := _date_in_line(text)) is not None:
            meta.setdefault("date", date)
        elif match := _BYLINE.match(text):
            meta.setdefault("author", match.group(1))
        elif not _LABELS.match(text) and 3 <= _words(text) <= 30 and not text.endswith(".") and not _FOOTNOTE_DEF.match(text):
            candidates.append(line)
            continue
        elif not _LABELS.match(text):
            break  # a short first paragraph or heading: the header is over
        line.kind = "junk"
    if candidates:
        title_line = max(candidates, key=lambda ln: len(ln.text))
        meta["title"] = _inline(_MD_HEADING.sub("", title_line.text))[0]
        for line in candidates:
            line.kind = "junk"
    return meta


def _date_in_line(text: str) -> str | None:
    """An ISO date if ``text`` is a date line (a date and at most a few other words)."""
    if _words(text) > 8:
        return None
    for pattern, order in _DATE_PATTERNS:
        if match := pattern.search(text):
            parts = dict(zip(order, match.groups()))
            month = int(parts["m"]) if "m" in parts else month_number(parts["M"])
            try:
                return dt.date(int(parts["y"]), month, int(parts["d"])).isoformat()
            except ValueError:
                return None
    return None


# ---------------------------------------------------------------------------------------------
# Footnotes, captions, bylines


def _split_footnotes(lines: list[_Line]) -> tuple[list[_Note], list[_Line]]:
    """Separate footnote blocks from the prose.

    A footnote starts at a line opening with its marker and runs on over following lines until a
    page break (two or more blank lines) or the next footnote. A line holding only a URL belongs to
    the latest footnote: PDF extraction leaves such tails stranded after the next page's prose.
    """
    notes: list[_Note] = []
    body: list[_Line] = []
    in_note = False
    for line in lines:
        if in_note and line.blanks_before >= 2:
            in_note = False
        if line.kind == "junk":
            continue
        match = _FOOTNOTE_DEF.match(line.text) or _MD_FOOTNOTE_DEF.match(line.text)
        if match and line.kind == "body":
            notes.append(_Note(match.group(1).translate(_SUPER_TO_DIGIT), [match.group(2)]))
            in_note = True
            continue
        if line.kind == "body" and _URL_ONLY.match(line.text):
            if notes:
                notes[-1].parts.append(line.text)
            continue
        if in_note and line.kind == "body":
            notes[-1].parts.append(line.text)
            continue
        body.append(line)
    return notes, body


def _drop_captions_and_bylines(lines: list[_Line], meta: dict[str, str]) -> list[_Line]:
    keep: list[_Line] = []
    for i, line in enumerate(lines):
        if line.kind == "photo":
            # The short line right above a credit is the picture's caption.
            if keep and i > 0 and keep[-1] is lines[i - 1] and line.blanks_before <= 1 and _words(keep[-1].text) <= 10:
                keep.pop()
            continue
        if match := _BYLINE.match(line.text):
            meta.setdefault("author", match.group(1))
            continue
        keep.append(line)
    return keep


# ---------------------------------------------------------------------------------------------
# Paragraphs


def _unterminated(paragraph: str) -> bool:
    """A long paragraph that stops mid-sentence was cut by a page break."""
    if _words(paragraph) < 8 or paragraph.startswith(("- ", "* ", "• ")):
        return False
    # A footnote marker after the full stop ("… and security.⁵", "… partners.[^3]") ends nothing.
    last = re.sub(rf"(?:[{_SUPERSCRIPTS}]+|\[\^[\w-]+\])+$", "", paragraph.rstrip()).rstrip()
    while last and last[-1] in _CLOSERS and len(last) > 1 and last[-2] in _TERMINAL + _CLOSERS:
        last = last[:-1]
    return bool(last) and last[-1] not in _TERMINAL


def _subheading(paragraph: str, following: str) -> bool:
    """A short line of one clause before a paragraph that opens a sentence of its own, such as
    "Azerbaijan remains the cornerstone of this security dimension": a subheading without its
    formatting, not the first half of a sentence a page break cut (which ends in a word that cannot
    end one, a comma or an open bracket, or is taken up by a lower-case word)."""
    words = paragraph.split()
    if len(words) > 12 or re.search(r"[.!?;,(\[–—-]", paragraph):
        return False
    return following[:1].isupper() and words[-1].casefold() not in _CANNOT_END


def _merge_broken(lines: list[_Line]) -> list[str]:
    paragraphs: list[str] = []
    for line in lines:
        text = line.text
        if paragraphs and _unterminated(paragraphs[-1]) and not _subheading(paragraphs[-1], text):
            prev = paragraphs[-1]
            glue = "" if prev.endswith("-") and text[:1].islower() else " "
            paragraphs[-1] = prev + glue + text
        else:
            paragraphs.append(text)
    return paragraphs


def _same(a: str, b: str) -> bool:
    return bool(b) and _MD_HEADING.sub("", a).strip().casefold() == b.strip().casefold()


def _drop_repeated_teaser(paragraphs: list[str]) -> list[str]:
    """Drop trailing teasers: a truncated copy ("…") of an earlier paragraph's opening."""
    while len(paragraphs) > 1:
        last = paragraphs[-1].rstrip()
        if not last.endswith(("...", "…")):
            break
        head = last.rstrip(".…")[:60]
        if not any(p.startswith(head) for p in paragraphs[:-1]):
            break
        paragraphs.pop()
    return paragraphs


# ---------------------------------------------------------------------------------------------
# Inline markup


def _inline(text: str, markers_defined: frozenset[str] = frozenset()) -> tuple[str, list[tuple[str, int]]]:
    """Reduce markdown and escapes to text; return it with (marker, offset) for removed markers."""
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!$&%|~<>\"'])", lambda m: chr(_ESCAPE_BASE + ord(m.group(1))), text)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images
    text = re.sub(r"\[\^([\w-]+)\]", lambda m: f"{_MARK_OPEN}{m.group(1)}{_MARK_CLOSE}", text)
    text = re.sub(r"\[([^\]]+)\]\([^)\s]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<(https?://[^>\s]+)>", r"\1", text)
    text = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])", r"\1", text)
    text = re.sub(rf"(?<=\S)([{_SUPERSCRIPTS}]+)", lambda m: _marker(m.group(1), markers_defined), text)
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
    number = superscript.translate(_SUPER_TO_DIGIT)
    return f"{_MARK_OPEN}{number}{_MARK_CLOSE}" if number in defined else superscript


def _assemble(paragraphs: list[str], notes: list[_Note], meta: dict[str, str]) -> CleanArticle:
    defined = frozenset(note.marker for note in notes)
    parts: list[str] = []
    cited: dict[str, int] = {}
    length = 0
    for paragraph in paragraphs:
        text, markers = _inline(_MD_HEADING.sub("", paragraph), defined)
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            length += 2
        for marker, offset in markers:
            if marker in defined:
                cited.setdefault(marker, length + offset)
        parts.append(text)
        length += len(text)
    body_end = length
    footnotes: list[Footnote] = []
    for note in notes:
        text, _ = _inline(" ".join(note.parts))
        if parts:
            parts.append("\n\n")
            length += 2
        label = f"[{note.marker}] {text}".rstrip()
        footnotes.append(Footnote(note.marker, length, length + len(label), cited.get(note.marker)))
        parts.append(label)
        length += len(label)
    return CleanArticle(
        text="".join(parts),
        body_end=body_end,
        title=meta.get("title", ""),
        author=meta.get("author", ""),
        date=meta.get("date", ""),
        footnotes=tuple(footnotes),
    )
