"""Read one file into text plus metadata hints. Each format reader returns plain text laid out like the
corpus (paragraphs on their own lines, page breaks as runs of blank lines) so one cleaner serves all.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import re
import stat
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path

from ingest.wordlists import words
from otsqa.errors import DocumentError

FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
PAGE_BREAK = "\n\n\n\n"


@dataclass
class LoadedText:
    text: str
    format: str
    hints: dict[str, str] = field(default_factory=dict)  # title/author/date from file metadata
    warnings: list[str] = field(default_factory=list)  # read, but not quite as written (said in the report)


def format_of(path: Path) -> str | None:
    return FORMATS.get(path.suffix.lower())


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISLNK, "a symbolic link"),
)


def not_regular(mode: int) -> str | None:
    """Why a file of this ``st_mode`` is not read, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "an unusual kind of file")
    return f"not a regular file but {kind}; save the article to an ordinary file and ingest that"


def read_file(path: Path) -> bytes:
    """A regular file's bytes. Anything else is refused before it is opened: reading a FIFO waits
    forever for a writer, and opening a device can have effects of its own. A symbolic link is refused
    too: ingest hands over resolved paths and files found by a walk that does not follow links
    (ingest/walk.py), so a link here is a file swapped for one since, maybe to lead out of the folder."""
    if reason := not_regular(path.lstat().st_mode):
        raise DocumentError(reason)
    # Non-blocking, and checked again once open: a path swapped for a FIFO after the stat above
    # must not hang the run either. (O_NONBLOCK changes nothing for a regular file.)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # swapped for a link after the lstat above
            raise DocumentError(not_regular(stat.S_IFLNK)) from None
        raise
    with open(fd, "rb") as file:
        if reason := not_regular(os.fstat(fd).st_mode):
            raise DocumentError(reason)
        return file.read()


def load(path: Path, data: bytes) -> LoadedText:
    """Turn a file's bytes into text. Raises DocumentError with a reason a person understands."""
    fmt = format_of(path)
    if fmt is None:
        raise DocumentError(f"unsupported file type {path.suffix or '(none)'}")
    if not data.strip():
        raise DocumentError("the file is empty")
    if fmt == "pdf":
        return _load_pdf(data)
    text, warnings = decode_with_warnings(data)
    loaded = _load_html(text) if fmt == "html" else LoadedText(text, fmt)
    return replace(loaded, warnings=warnings)


# ---------------------------------------------------------------------------------------------
# Text and encodings


def decode(data: bytes) -> str:
    return decode_with_warnings(data)[0]


def decode_with_warnings(data: bytes) -> tuple[str, list[str]]:
    """Decode text whatever its encoding: UTF-8, UTF-16/32 with a BOM, UTF-16 without one, else the
    best guess (a cp1251 or latin-1 article is decoded, not rejected); bytes that are no text are.

    UTF-8 with a few broken bytes (a truncated copy, one pasted character) stays UTF-8 with those bytes
    shown as "\ufffd" and a warning: guessing a legacy encoding for the whole file would garble every
    quote mark and accented letter in it, and the garbling would be quoted as the article's words."""
    boms = (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),  # before UTF-16: same prefix
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    )
    for bom, codec in boms:
        if data.startswith(bom):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError as exc:
                raise DocumentError(f"the file says it is {codec} but is not ({exc.reason})") from None
    if (codec := _bomless_utf16(data)) is not None:
        try:
            return data.decode(codec), []
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise DocumentError("this is a binary file, not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count("\ufffd".encode())
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - text.count("\ufffd")
    # In a legacy 8-bit encoding almost no high byte starts a valid UTF-8 sequence, so text whose
    # valid multi-byte characters far outnumber its broken bytes was written as UTF-8.
    if wide >= 4 * broken:
        line = data.count(b"\n", 0, first_bad) + 1
        return text, [
            f"{broken} byte(s) are not valid UTF-8 (the first on line {line}) and are shown as \ufffd; "
            "save the file as UTF-8 and ingest it again to quote them as written"
        ]
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("the text encoding could not be detected")
    return str(best), []


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as a NUL in every other byte (for Latin-script text)."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


# ---------------------------------------------------------------------------------------------
# HTML


_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "template",
    "iframe",
    "select",
}
_SKIP_CLASSES = re.compile(
    r"\b(?:sidebar|sphinxsidebar|related|breadcrumbs?|share|social|navigation|nav|menu|footer|cookie|advert)\b", re.I
)  # and the class names of ingest/cleaning.json ("reklam-alani", "son-dakika", "yorumlar")
_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "dt",
    "dd",
    "dl",
    "figure",
    "figcaption",
    "br",
    "hr",
}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.pre = 0
        self.hints: dict[str, str] = {}
        self._title: list[str] | None = None
        self._h1: list[str] | None = None
        # The text of the element a page marks as its author ("<span class="author">", rel/itemprop
        # "author"), and how deep it opened.
        self._author: list[str] | None = None
        self._author_depth = 0
        # A table row becomes one line "| cell | cell |" (a header row of <th> cells gets a rule line
        # under it), which the cleaner reads as a pipe table: "Header: cell; Header: cell".
        self._row: list[str] | None = None
        self._rows_in_table = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            self._meta(attrs)
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip_depth:
                self.out.append("\n")
            return
        classes = attrs.get("class") or ""
        skip = (
            tag in _SKIP_TAGS
            or bool(_SKIP_CLASSES.search(classes) or words().html_skip_class.search(classes))
            or attrs.get("role") == "navigation"
        )
        self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
        if tag == "title":
            self._title = []
        elif tag == "h1" and "h1" not in self.hints and self._h1 is None:
            self._h1 = []
        elif self._author is None and "author" not in self.hints and _marks_author(attrs):
            self._author, self._author_depth = [], len(self.stack)
        elif tag == "time" and attrs.get("datetime") and "date" not in self.hints:
            self.hints["date"] = attrs["datetime"][:10]
        if tag == "pre":
            self.pre += 1
        if not self.skip_depth:
            if tag == "table":
                self._rows_in_table = 0
            elif tag == "tr":
                self.out.append("\n|")
                self._row = []
            elif tag in ("td", "th"):
                self.out.append(" ")
                if self._row is not None:
                    self._row.append(tag)
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self.out.append("\n\n")
            if tag == "li":
                self.out.append("- ")
            elif tag in ("h2", "h3", "h4", "h5", "h6"):
                self.out.append("## ")  # the cleaner keeps a heading apart from the paragraph after it

    def handle_endtag(self, tag):
        # Pop to the matching open tag; browsers tolerate unclosed tags, so must we. An end tag with
        # no open match is ignored (popping everything would end a <nav> that is still open).
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skip_depth -= 1
            if open_tag == "pre":
                self.pre -= 1
            if open_tag == "title" and self._title is not None:
                self.hints["page_title"] = " ".join("".join(self._title).split())
                self.hints.setdefault("title", self.hints["page_title"])
                self._title = None
            if self._author is not None and len(self.stack) < self._author_depth:
                if author := _BY.sub("", " ".join("".join(self._author).split())).strip(" ,·|"):
                    self.hints.setdefault("author", author)
                self._author = None
            if open_tag == "h1" and self._h1 is not None:
                self.hints["h1"] = " ".join("".join(self._h1).split())
                self._h1 = None
            if open_tag == tag:
                break
        if tag in _BLOCK_TAGS and not self.skip_depth:
            self.out.append("\n\n")
        elif tag in ("td", "th") and not self.skip_depth:
            self.out.append(" |")
        elif tag == "tr" and not self.skip_depth and self._row is not None:
            header = bool(self._row) and all(cell == "th" for cell in self._row) and not self._rows_in_table
            self.out.append("\n|---|\n" if header else "\n")
            self._rows_in_table += 1
            self._row = None

    def handle_data(self, data):
        if self._title is not None:
            self._title.append(data)
            return
        if self._h1 is not None:
            self._h1.append(data)
        if self._author is not None:
            self._author.append(data)
        if self.skip_depth:
            return
        self.out.append(data if self.pre else re.sub(r"\s+", " ", data))

    def _meta(self, attrs):
        key = (attrs.get("name") or attrs.get("property") or "").lower()
        content = (attrs.get("content") or "").strip()
        if not content:
            return
        if key in ("og:title", "twitter:title", "dc.title"):
            self.hints["title"] = content
        elif key in ("author", "article:author", "dc.creator"):
            self.hints.setdefault("author", content)
        elif key in ("article:published_time", "date", "dc.date", "pubdate", "publish-date"):
            self.hints.setdefault("date", content[:10])
        elif key in ("og:site_name", "application-name", "dc.publisher"):
            self.hints.setdefault("publication", content)


_AUTHOR_CLASSES = frozenset({"author", "byline", "author-name", "article-author", "byline-name", "post-author"})
_BY = re.compile(r"^(?:by|written by)\s+", re.I)


def _marks_author(attrs: dict) -> bool:
    """Whether an element holds the page's author: a class such as "author" or "byline", or rel/itemprop."""
    classes = set((attrs.get("class") or "").lower().split())
    return bool(classes & _AUTHOR_CLASSES) or attrs.get("rel") == "author" or attrs.get("itemprop") == "author"


_TITLE_PARTS = re.compile(r"\s+[|–—·-]\s+")


def _site_name(page_title: str, headline: str) -> str:
    """The site's name a page <title> gives beside the headline ("Under the Caspian | Steppe & Sea
    Review"): the other part, when one part is the headline (or its opening words, at least three: pages
    shorten a long headline in their <title>) and the other is short; else ""."""
    parts = _TITLE_PARTS.split(page_title)
    if len(parts) != 2:
        return ""
    whole = " ".join(headline.split()).casefold()
    same = [
        (part := " ".join(p.split()).casefold()) == whole or (len(part.split()) >= 3 and whole.startswith(part + " "))
        for p in parts
    ]
    other = parts[same.index(True) ^ 1].strip() if any(same) else ""
    return other if other and len(other.split()) <= 6 else ""


def _load_html(source: str) -> LoadedText:
    parser = _HtmlText()
    try:
        parser.feed(source)
        parser.close()
    except Exception as exc:  # html.parser asserts on some broken markup
        raise DocumentError(f"not readable HTML ({type(exc).__name__}: {exc})") from None
    text = "".join(parser.out)
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    hints = {k: v for k, v in parser.hints.items() if k in ("title", "author", "date", "publication")}
    # A page <title> often carries the site name ("X — Python 3.11 documentation"); the h1 is cleaner.
    if parser.hints.get("h1"):
        hints["title"] = parser.hints["h1"].rstrip("¶").strip()
        if "publication" not in hints and (site := _site_name(parser.hints.get("page_title", ""), hints["title"])):
            hints["publication"] = site
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", hints.get("date", "")):
        hints.pop("date", None)
    if not text.strip():
        raise DocumentError("the HTML page has no readable text")
    return LoadedText(text.strip() + "\n", "html", hints)


# ---------------------------------------------------------------------------------------------
# PDF


def _load_pdf(data: bytes) -> LoadedText:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("the PDF is encrypted; save an unencrypted copy and ingest that")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata or {}
        hints = {}
        if getattr(info, "title", None):
            hints["title"] = str(info.title).strip()
        if getattr(info, "author", None):
            hints["author"] = str(info.author).strip()
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on corrupt files (PdfReadError, zlib.error, …)
        raise DocumentError(f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = PAGE_BREAK.join(_unwrap_page(page) for page in pages)
    if not text.strip():
        raise DocumentError("the PDF has no extractable text (scanned images need OCR first)")
    return LoadedText(text, "pdf", hints)


def _unwrap_page(page: str) -> str:
    """Join hard-wrapped PDF lines into paragraphs.

    A line ends its paragraph when it ends a sentence and stops well short of the page's usual
    line width, or when the next line starts a list item; otherwise the lines are one paragraph.
    """
    lines = [line.strip() for line in page.splitlines()]
    widths = sorted(len(line) for line in lines if line)
    if not widths:
        return ""
    full = widths[int(len(widths) * 0.9)] if len(widths) > 3 else widths[-1]
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if current:
            if current.endswith("-") and line[:1].islower() and current[-2:-1].isalpha():
                current = current[:-1] + line  # a word hyphenated at the line end
            else:
                current += " " + line
        else:
            current = line
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        short = len(line) < 0.8 * full
        if (short and line[-1:] in '.!?:”"') or nxt.startswith(("- ", "• ", "* ")) or (short and not nxt[:1].islower()):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)
