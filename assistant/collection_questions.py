# ruff: noqa: E501 (a question pattern reads best on one line)
"""Questions about the collection itself, answered from the article records ingest wrote (issue #23, 1).

"What articles are there?", "Who wrote <title words>?", "When was <title words> published?", "Which
articles did <person> write?", "What is the newest article?": the answer is in the metadata (title,
author, date, source) or it is not, so no retrieval and no threshold. The kind is told from the
question's whole wording by a few patterns, never a language model; anything else returns None and
the grounded answerer takes it, so single-fact questions are unaffected.

A named article is found by title words (token overlap, plural "s" ignored). Each cited article is cited
to its own header line where the cleaned text still holds it (title, byline or date line); ingest
usually drops header lines from the text, and a derived title is its opening words, so the fallback
is the article's opening sentence, exact with offsets like every quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from assistant.answer import Citation, Passage
from assistant.retrieval import passage_from_record
from otsqa.text import DOCUMENT_WORDS, split_sentences
from store.base import ArticleRecord, Store, chunk_id

_ARTICLES = rf"(?:{DOCUMENT_WORDS}|sources)"
_END = r"\s*[?.!]*\s*$"
_WROTE = r"(?:write|written|author|authored|publish|published)"
_HERE = r"(?:the|this|your|my) (?:collection|store|corpus|library|database|archive|set)"
_HAVE = rf"(?:are there|do you have|have you got|you have|are in {_HERE}|are available|can you (?:search|answer from)|do you (?:draw|rely) on)"
_ASK = r"(?:(?:please|can you|could you|would you)\s+)?(?:tell me |show me |give me )?"

# Kinds, each with the whole-question patterns that ask it; the named group is the subject.
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "list": [
        re.compile(rf"^{_ASK}(?:what|which) (?:{_ARTICLES}|texts) {_HAVE}(?: with their (?:authors|dates))?{_END}", re.I),
        re.compile(
            rf"^{_ASK}(?:list|show|name)(?: me)?(?: all)?(?: of)?(?: the| your)? {_ARTICLES}(?: in {_HERE})?(?: with .+)?{_END}",
            re.I,
        ),
        re.compile(rf"^{_ASK}(?:what is|what's) in {_HERE}{_END}", re.I),
        re.compile(
            rf"^how many {_ARTICLES} (?:are there|do you have|are in {_HERE}|does {_HERE} (?:hold|have|contain)){_END}", re.I
        ),
    ],
    "newest": [
        re.compile(
            rf"^(?:what|which) is (?:the )?(?:newest|latest|most recent) {_ARTICLES}(?: in {_HERE}| you have)?{_END}", re.I
        ),
        re.compile(
            rf"^(?:what|which)(?: is|'s) the (?:newest|latest|most recent) (?:one|{_ARTICLES})(?: in {_HERE}| you have)?{_END}",
            re.I,
        ),
        re.compile(rf"^(?:what|which) {_ARTICLES} is (?:the )?(?:newest|latest|most recent)(?: one)?{_END}", re.I),
        re.compile(rf"^(?:what|which) {_ARTICLES} was (?:published|written) (?:last|most recently){_END}", re.I),
    ],
    "oldest": [
        re.compile(
            rf"^(?:what|which)(?: is|'s) (?:the )?(?:oldest|earliest|first) {_ARTICLES}(?: in {_HERE}| you have)?{_END}", re.I
        ),
        re.compile(rf"^(?:what|which) {_ARTICLES} is (?:the )?(?:oldest|earliest)(?: one)?{_END}", re.I),
        re.compile(rf"^(?:what|which) {_ARTICLES} was (?:published|written) first{_END}", re.I),
    ],
    "by_author": [
        re.compile(rf"^(?:what|which) {_ARTICLES} (?:did|does|has) (?P<s>.+?) {_WROTE}{_END}", re.I),
        re.compile(rf"^(?:what|which) {_ARTICLES} (?:are|were|is|was) (?:written|authored) by (?P<s>.+?){_END}", re.I),
        re.compile(
            rf"^{_ASK}(?:list|show)(?: me)?(?: all)?(?: the)? {_ARTICLES} (?:written |authored )?by (?P<s>.+?){_END}", re.I
        ),
        re.compile(rf"^what (?:did|has) (?P<s>.+?) (?:write|written){_END}", re.I),
        re.compile(rf"^(?:is|are) there (?:anything|any {_ARTICLES}) (?:written |authored )?by (?P<s>.+?){_END}", re.I),
        re.compile(
            rf"^(?:did|has) (?P<s>.+?) (?:write|written|author|authored) any(?: of the {_ARTICLES}| {_ARTICLES}|thing)?{_END}",
            re.I,
        ),
    ],
    "author": [
        re.compile(
            rf"^{_ASK}who (?:wrote|authored|is the author of|was the author of|'s the author of|is behind) (?P<s>.+?){_END}", re.I
        ),
        re.compile(rf"^{_ASK}who is the (?:writer|author) of (?P<s>.+?){_END}", re.I),
        re.compile(rf"^(?:what is|what's) the (?:author|byline) of (?P<s>.+?){_END}", re.I),
        re.compile(rf"^which (?:author|writer|analyst|journalist) (?:wrote|authored|is behind) (?P<s>.+?){_END}", re.I),
    ],
    "date": [
        re.compile(rf"^{_ASK}when (?:was|were) (?P<s>.+?) (?:published|written|released|issued|dated){_END}", re.I),
        re.compile(rf"^{_ASK}when did (?P<s>.+?) (?:come out|appear|get published){_END}", re.I),
        re.compile(rf"^(?:what is|what's) the (?:publication |publishing |release )?date of (?P<s>.+?){_END}", re.I),
        re.compile(rf"^(?:on )?what date was (?P<s>.+?) (?:published|written){_END}", re.I),
    ],
}
# "Who wrote the Gabala declaration?" may ask the articles, not the collection: a subject matching no
# title is a collection question only when it says it names an article.
_NAMES_ARTICLE = re.compile(rf"\b{_ARTICLES}\b|[\"“”'‘’]", re.I)
_STOP = frozenset(
    "a an the of in on and or to for by with from at as is are was were about its it this that "
    "article articles piece paper text document report analysis one s".split()
)
MIN_OVERLAP = 0.5  # the share of the subject's words a title must hold to match


@dataclass(frozen=True)
class CollectionQuestion:
    kind: str  # "list" | "newest" | "oldest" | "by_author" | "author" | "date"
    subject: str = ""  # title words (author, date) or a person (by_author)


def recognise(question: str) -> CollectionQuestion | None:
    """The collection question ``question`` asks, or None when it asks anything else."""
    text = " ".join(question.split())
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            if match := pattern.match(text):
                subject = match.groupdict().get("s") or ""
                return CollectionQuestion(kind, subject.strip(" \"“”'‘’"))
    return None


def _tokens(text: str) -> list[str]:
    words = re.findall(r"\w+", text.casefold())
    return [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in _STOP]


def match_articles(subject: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    """The articles whose title (or file name) best holds ``subject``'s words; [] when none holds enough."""
    wanted = set(_tokens(subject))
    if not wanted:
        return []
    scored = []
    for article in articles:
        have = set(_tokens(article.title)) | set(_tokens(re.sub(r"[_\-.]", " ", article.source.rsplit("/", 1)[-1])))
        share = len(wanted & have) / len(wanted)
        if share >= MIN_OVERLAP:
            scored.append((share, len(wanted & have) / max(len(have), 1), article))
    if not scored:
        return []
    best = max(s[:2] for s in scored)
    return [a for share, cover, a in scored if (share, cover) == best]


def match_author(person: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
    wanted = {w for w in _tokens(person) if len(w) > 2}
    return [a for a in articles if a.author and wanted & set(_tokens(a.author))]


_MONTHS = "January February March April May June July August September October November December".split()


def _date_forms(date: str) -> list[str]:
    """How an ISO date ``YYYY-MM[-DD]`` may be written on a date line."""
    parts = date.split("-")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        return [date] if date else []
    year, month = parts[0], _MONTHS[int(parts[1]) - 1]
    if len(parts) == 2:
        return [f"{month} {year}"]
    day = int(parts[2])
    numeric = [f"{parts[2]}.{parts[1]}.{year}", f"{parts[2]}/{parts[1]}/{year}"]
    return [date, f"{month} {day}, {year}", f"{day} {month} {year}", *numeric]


def human_date(date: str) -> str:
    """An ISO date as analysts write it: "2025-12-11" → "11 December 2025", "2025-11" → "November 2025"."""
    parts = date.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts) > 1 and not 1 <= int(parts[1]) <= 12:
        return date
    if len(parts) == 1:
        return date
    month = f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return month if len(parts) == 2 else f"{int(parts[2])} {month}"


def _on(date: str) -> str:
    return ("on " if date.count("-") == 2 else "in ") + human_date(date)


def _line_around(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A description → the articles it names (None: it names none); assistant/extracts.ArticleFinder.
Find = Callable[[str, Sequence[ArticleRecord]], "list[ArticleRecord] | None"]


class CollectionAnswerer:
    """Answers collection questions from ``store``'s article records; ``texts`` gives cleaned texts."""

    def __init__(self, store: Store, texts: Callable[[str], str], find: Find | None = None):
        self.store = store
        self.texts = texts
        # Titles are not all an article is known by ("the newsletter on Afghanistan" names one whose
        # title is its sender line): ``find`` reads a description against the articles' own sentences.
        self.find = find

    def answer(self, question: str) -> tuple[str, list[Citation]] | None:
        """The answer and its citations, or None when this is not a collection question (or one
        that may be about the articles' content, for the grounded answerer)."""
        asked = recognise(question)
        if asked is None:
            return None
        articles = [a for a in self.store.articles(status="complete")]
        articles.sort(key=lambda a: a.source)
        self._cited: list[Citation] = []
        match asked.kind:
            case "list":
                return self._list(articles), self._cited
            case "newest" | "oldest":
                return self._extreme(articles, asked.kind), self._cited
            case "by_author":
                return self._by_author(asked.subject, articles), self._cited
        found = match_articles(asked.subject, articles)
        if not found and self.find is not None:
            found = self.find(asked.subject, articles) or []
        if not found:
            if asked.kind == "author" and not _NAMES_ARTICLE.search(asked.subject):
                return None
            return self._no_match(asked.subject, articles), self._cited
        if asked.kind == "author":
            parts = [
                f"{self._name(a)} was written by {a.author} [{self._cite(a, 'author')}]."
                if a.author
                else f"{self._name(a)} names no author [{self._cite(a, 'title')}]."
                for a in found
            ]
        else:
            parts = [
                f"{self._name(a)} was published {_on(a.date)} [{self._cite(a, 'date')}]."
                if a.date
                else f"{self._name(a)} gives no publication date [{self._cite(a, 'title')}]."
                for a in found
            ]
        return " ".join(parts), self._cited

    # The kinds

    def _list(self, articles: list[ArticleRecord]) -> str:
        if not articles:
            return "The collection has no articles yet."
        lines = [f"The collection has {len(articles)} article{'s' if len(articles) != 1 else ''}:"]
        lines += [f"{i}. {self._line(a)} [{self._cite(a, 'title')}]" for i, a in enumerate(articles, 1)]
        return "\n".join(lines)

    def _extreme(self, articles: list[ArticleRecord], kind: str) -> str:
        dated = sorted((a for a in articles if a.date), key=lambda a: a.date)
        if not dated:
            return "No article in the collection gives a publication date."
        best = dated[-1] if kind == "newest" else dated[0]
        ties = [a for a in dated if a.date == best.date]
        word = "newest" if kind == "newest" else "oldest"
        text = " ".join(f"The {word} article is {self._line(a)} [{self._cite(a, 'date')}]." for a in ties)
        if undated := len(articles) - len(dated):
            text += f" ({undated} of the {len(articles)} articles give no date.)"
        return text

    def _by_author(self, person: str, articles: list[ArticleRecord]) -> str:
        found = match_author(person, articles)
        if not found:
            authors = sorted({a.author for a in articles if a.author})
            named = "; ".join(authors) if authors else "none is named"
            return f"No article is by '{person}'; the authors in the collection: {named}."
        items = "; ".join(
            f"{self._name(a)}{f' ({human_date(a.date)})' if a.date else ''} [{self._cite(a, 'author')}]" for a in found
        )
        count = f"{len(found)} article{'s' if len(found) != 1 else ''}"
        return f"{found[0].author if len(found) == 1 else person} wrote {count}: {items}."

    def _no_match(self, subject: str, articles: list[ArticleRecord]) -> str:
        listed = "; ".join(self._name(a) for a in articles) or "no articles"
        return f"No article matches '{subject}'; the collection has: {listed}."

    # Wording and citations

    @staticmethod
    def _name(article: ArticleRecord) -> str:
        return f"“{article.title or article.source.rsplit('/', 1)[-1]}”"

    def _line(self, article: ArticleRecord) -> str:
        by = f" by {article.author}" if article.author else ""
        when = f", {human_date(article.date)}" if article.date else ""
        return f"{self._name(article)}{by}{when}"

    def _cite(self, article: ArticleRecord, field: str) -> int:
        """Cite ``article`` (once per answer) to its ``field``'s header line, else its opening sentence."""
        for citation in self._cited:
            if citation.passage.doc_id == article.doc_id:
                return citation.n
        text = self.texts(article.doc_id) or ""
        span = self._header_span(article, field, text)
        if span is None:
            opening = split_sentences(text, 0, min(len(text), 2000))
            span = opening[0] if opening else (0, 0)
        start, end = span
        passage = self._chunk_around(article, start, end) or Passage(
            rank=len(self._cited) + 1,
            doc_id=article.doc_id,
            source=article.source,
            chunk_id=chunk_id(article.doc_id, 0),
            text=text[start:end],
            score=1.0,
            start=start,
            end=end,
            title=article.title,
            author=article.author,
            date=article.date,
            title_source=article.title_source,
        )
        self._cited.append(Citation(len(self._cited) + 1, passage, text[start:end], start, end, "lead"))
        return len(self._cited)

    def _chunk_around(self, article: ArticleRecord, start: int, end: int) -> Passage | None:
        """The stored passage holding the cited line, as retrieval would show it (the UI marks the line in it)."""
        chunks = [
            c for c in self.store.passages.of_article(article.doc_id) if c.kind == "body" and c.start <= start and end <= c.end
        ]
        if not chunks:
            return None
        return passage_from_record(min(chunks, key=lambda c: c.start), rank=len(self._cited) + 1, score=1.0)

    @staticmethod
    def _header_span(article: ArticleRecord, field: str, text: str) -> tuple[int, int] | None:
        """The line of ``text`` holding ``field`` (the title, the byline or the date), if it kept one."""
        title = [article.title] if article.title_source in ("header", "file", "override") else []
        needles = {
            "title": title,
            "author": ([article.author] if article.author else []) + title,
            "date": _date_forms(article.date) + title,
        }[field]
        folded = text.casefold()  # "By TIMUR ABENOV" is the byline of Timur Abenov
        for needle in needles:
            if needle and (at := folded.find(needle.casefold())) >= 0:
                return _line_around(text, at)
        return None


__all__ = ["CollectionAnswerer", "CollectionQuestion", "match_articles", "match_author", "recognise"]
