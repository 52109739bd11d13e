"""Whole articles as exact quotes: what summaries and comparisons share (issue 23, points 2, 3 and 7).

- Which articles a phrase names (`ArticleFinder`): title words, an author, a description ("the
  article about the Gabala summit") matched by title words, else by the articles' stored sentence
  vectors, or the words that mark an article as itself ("the fact sheet", "the Turkic Wire report":
  its title, author, file name, opening line and what its text calls itself). A phrase that names no
  article gives None, so the question goes to the grounded answerer.
- An article's quotable body sentences with their stored vectors (`body_sentences`), each checked to
  be an exact slice of the cleaned text: nothing is embedded at question time but the question's topic.
- How relevant a sentence is to a topic (`TopicScorer`): cosine of its stored vector to the embedded
  topic plus the IDF-weighted share of the topic's words it holds (names are rare, so they weigh most);
  a table row is read with its section's heading (`row_heading`).
- The answer's text (`render`): a header line per article (“Title” — Author, date), then its quotes
  one a line, each followed by [n]; citations numbered 1.. in text order, each cited to the chunk
  holding it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from assistant.answer import Citation, Passage
from assistant.collection_questions import match_articles, match_author
from assistant.grounded.confidence import ABSTAIN_TEXT
from assistant.grounded.quotable import quotable
from assistant.lookup import sentences_in_passages
from assistant.quoting import ArticleTexts
from assistant.retrieval import passage_from_record
from otsqa.dates import human_date
from otsqa.request_words import CLAIM_VERBS, CLAIMING
from otsqa.text import DOCUMENT_WORDS, MONTH_WRITTEN, is_row, section_heading, stem, terms
from store.base import ArticleRecord, SentenceRecord, Store, chunk_id
from store.lexical import LexicalIndex

Sentence = tuple[SentenceRecord, np.ndarray]  # a stored sentence and its stored vector
Embed = Callable[[list[str]], list[list[float]]]

ARTICLE_WORDS = DOCUMENT_WORDS  # what an article is called in a question (otsqa/text.py)
# What a phrase may call the article it names, besides the document words: more kinds of piece a
# newsroom or a think tank publishes ("DiPirro's feature", "the Abenov editorial"), "the wire" (a
# wire service's story), and the record of an event ("the panel", "the roundtable").
NAMING_WORDS = (
    rf"(?:{ARTICLE_WORDS}|features?|profiles?|reviews?|editorials?|(?:blog )?posts?|memos?|notes?|primers?|"
    r"backgrounders?|podcasts?|episodes?|digests?|round-?ups?|chronolog(?:y|ies)|wire|slides|(?:web ?|news ?)?pages?|ones?|"
    r"panels?|(?:panel )?discussions?|round-?tables?|webinars?|conversations?)"
)
# A kind said with a word that only qualifies it: "the policy brief" is a brief, "the opinion piece" an
# op-ed, "the news story" a story ("the Astana one": one of the articles).
_KIND_QUALIFIERS = [
    (re.compile(r"\b(?:policy|research|analytical|briefing|background) (briefs?|papers?|notes?)\b", re.I), r"\1"),
    (re.compile(r"\b(?:working|discussion|occasional|white|position) (papers?)\b", re.I), r"\1"),
    (re.compile(r"\b(?:opinion|comment) (?:pieces?|articles?|columns?)\b", re.I), "op-ed"),
    (re.compile(r"\b(?:news|newspaper|magazine) (stor(?:y|ies)|reports?|articles?|items?|pieces?)\b", re.I), r"\1"),
]
# Words before a kind that count how many, not which: "the two pieces by A and B".
_COUNTED = r"(?:(?:two|three|four|both|other|latest|recent|earlier|later|first|second) )?"
_QUOTED = re.compile(r"^[\"“”'‘’](?P<t>.+?)[\"“”'‘’]$")
_AUTHOR_OF = re.compile(
    rf"^(?:the |this |that |an? )?{_COUNTED}{NAMING_WORDS} (?:written |authored )?(?:by|from) (?P<a>.+)$", re.I
)
# "DiPirro's article", "Kemaloglu's policy brief", "Karimova's latest report"
_AUTHORS = re.compile(rf"^(?P<a>.+?)['’]s? (?:[\w-]+ ){{0,2}}{NAMING_WORDS}$", re.I)
_ABOUT = re.compile(
    rf"^(?:the |this |that |an? )?{NAMING_WORDS} (?:about|on|regarding|concerning|covering|discussing|describing) (?P<d>.+)$",
    re.I,
)
_TITLED = re.compile(rf"^(?:the |this |that |an? )?{NAMING_WORDS},? (?:titled|entitled|called|named) (?P<t>.+)$", re.I)
_DESCRIBED = re.compile(rf"^(?:the |this |that |an? )?(?P<d>.+?) {NAMING_WORDS}$", re.I)
# What an article says, not what it is about: "the op-ed that says the OTS was a cultural curiosity",
# "the piece arguing that …". A claim is one sentence of one article, so it is found by its single
# closest sentence (`ArticleFinder.by_claim`), not by the mean a subject is found by.
_CLAIMED = re.compile(
    rf"^(?:the |this |that |an? |one )?(?:[\w-]+ ){{0,2}}{NAMING_WORDS},? (?:(?:that|which|where) (?:the (?:author|writer) )?"
    rf"{CLAIM_VERBS}|{CLAIMING})(?: that)? (?P<c>.+)$",
    re.I,
)
_NAMES_ARTICLE = re.compile(rf"\b{NAMING_WORDS}\b|^[\"“”'‘’]", re.I)

# Words for a document that say nothing of which one is meant: any article may be called so.
_ANY_DOCUMENT = re.compile(
    r"\b(?:articles?|documents?|pieces?|papers?|texts?|reports?|stor(?:y|ies)|publications?|write-ups?|items?|features?|"
    r"posts?|notes?|ones?)\b",
    re.I,
)
# Names of a kind of document written as two words, as one: "fact sheet" is "factsheet", "op-ed" "oped".
_COMPOUND = re.compile(r"\b(fact|op|write|press|news|web)[\s-]+(sheet|ed|up|release|page)(s?)\b", re.I)
# A kind said in another word: a "deck" is slides ("the slide deck" names "…_slides.txt", whose lines are
# "Slide 1 — …").
_SAME_KIND = re.compile(r"\b(?:slide\s+)?decks?\b", re.I)
# What a text calls itself: "This fact sheet collects …", "this brief traces …", "In this commentary …".
_SELF_REFERENCE = re.compile(rf"\b(?:this|the present) (?P<kind>{NAMING_WORDS})\b", re.I)
OPENING_CHARS = 300  # an article's opening line (a dateline, a self-introduction) is read within these
OPENING_WORDS = 8  # a shorter line before it is a header line (a date, a label), not the opening
COMPOUND_HEAD = 5  # letters a topic word needs to be matched as the head of a compound ("cyber" in "cybercrime")
IDENTITY_SHARE = 0.5  # the weighted share of a phrase's words an article's identity must hold to be named by it

# A description's best article by content: the mean cosine of its three sentences closest to the
# description. About 0.55-0.65 for an article's subject ("the Gabala summit"), under 0.25 for a subject
# no article has ("penguins") on the seed store; a match needs this much.
DESCRIPTION_MIN = 0.4
# A claim's article: its one closest sentence. A paraphrase of a sentence scores about 0.6-0.8 here, a
# claim nothing says under 0.35 (MiniLM, the seed store).
CLAIM_MIN = 0.6
CLAIM_MIN_WORDS = 5  # a sentence shorter than this is a heading or a label, not something an article claims
DESCRIPTION_DEPTH = 40  # sentences closest to a description that are read to rank articles by content
BARE_TITLE_WORDS = 2  # title words a phrase without an article word must share with a title to name it
# Weight of the IDF-weighted share of a topic's words that a sentence holds, beside its cosine (as the
# grounded answerer's `lexical_weight`).
LEXICAL_WEIGHT = 0.35


@dataclass(frozen=True)
class Named:
    """What a phrase naming articles resolved to: the articles (may be none), and the phrase as
    written, for "No article matches …"."""

    articles: list[ArticleRecord]
    phrase: str
    author: str = ""  # the person the phrase names as author ("the article by X", "X's article"), if any


class ArticleFinder:
    """Finds the articles a phrase names among the articles it is given (``store`` for their sentence
    vectors, ``embed`` for a description's, ``texts`` for their cleaned texts: cleaned text by doc_id)."""

    def __init__(self, store: Store, embed: Embed, texts: Callable[[str], str] | None = None):
        self.store = store
        self.embed = embed
        self.texts = texts or ArticleTexts(store)
        self._identities: dict[tuple[str, str], set[str]] = {}

    def articles(self) -> list[ArticleRecord]:
        """Every complete article, by source (the order "the collection has: …" lists them in)."""
        return sorted(self.store.articles(status="complete"), key=lambda a: a.source)

    def named(
        self, phrase: str, articles: Sequence[ArticleRecord], *, bare_titles: bool = True, context: str = ""
    ) -> Named | None:
        """The articles ``phrase`` names, or None when it names none (a topic, a person who wrote
        nothing here). A phrase that says it names an article ("the article about …", quotes) always
        resolves, to no article when none matches. ``bare_titles``: whether a phrase with no article
        word may match title words alone (a topic such as "the Gabala summit" may share them).
        ``context``: what the question asks of the article (a comparison's topic), which tells apart
        articles the phrase names equally ("the fact sheet" where two articles are fact sheets)."""
        phrase = _clean(phrase)
        for qualified, kind in _KIND_QUALIFIERS:
            phrase = qualified.sub(kind, phrase)
        if (code := _REFERENCE.search(phrase)) and not _title_words(
            re.sub(rf"\b{NAMING_WORDS}\b", " ", _REFERENCE.sub(" ", phrase), flags=re.I)
        ):
            # "summarise CII/BR/2025-07": a reference number the piece carries ("Ref.: CII/BR/2025-07")
            return Named(self.by_reference(code.group(), articles), phrase)
        if not _title_words(re.sub(rf"\b{NAMING_WORDS}\b", " ", phrase, flags=re.I)):
            # "the fact sheet", "the commentary": the one article that is of that kind; "the article",
            # "this piece": which one is for the conversation to say
            found = self.by_kind(phrase, articles, context)
            return Named(found, phrase) if found else None
        if quoted := _QUOTED.match(phrase):
            title = quoted["t"].strip()
            return Named(match_articles(title, articles) or self.by_content(title, articles), title)
        if claimed := _CLAIMED.match(phrase):
            return Named(self.by_claim(claimed["c"], articles), phrase)
        if by := _AUTHOR_OF.match(phrase):
            return Named(self.by_author(by["a"], articles), phrase, by["a"])
        if titled := _TITLED.match(phrase):
            title = _clean(titled["t"])
            return Named(match_articles(title, articles) or self.by_content(title, articles), phrase)
        if about := _ABOUT.match(phrase):
            return Named(self.described(about["d"], articles), phrase)
        if owner := _AUTHORS.match(phrase):
            # "DiPirro's article"; else perhaps "the summit's article", a description
            found = self.by_author(owner["a"], articles) or self.described(owner["a"], articles)
            return Named(found, phrase, owner["a"])
        if described := _DESCRIBED.match(phrase):
            # "the Rakhimova article" is by Rakhimova; "the Baku article" is about Baku; "the Turkic Wire
            # report" is the one its publisher's name marks (`identified`)
            if found := self.by_author(described["d"], articles):
                return Named(found, phrase, described["d"])
            return Named(self.described(described["d"], articles, identity=phrase), phrase)
        if _NAMES_ARTICLE.search(phrase):
            # "the interview with Farrukh Ergashev": the one article whose identity (its opening names him,
            # the text calls itself an interview) holds the phrase, before titles and content
            return Named(self.described(phrase, articles, identity=phrase), phrase)
        if found := self.by_author(phrase, articles):
            return Named(found, phrase)
        if found := self.by_publication(phrase, articles):
            return Named(found, phrase)  # "the Observer", "Steppe Signal": the one article its outlet ran
        if bare_titles and (found := self.by_title(phrase, articles)):
            return Named(self.best_by_content(phrase, found), phrase)
        return None

    @staticmethod
    def by_title(phrase: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
        """Articles whose title holds ``phrase`` well enough to be named by it without an article word:
        as `match_articles`, and at least two of its words ("the OTS" names a subject, not an article).
        Titles made from an article's opening words are left out: their words are the article's
        subject ("the Organization of Turkic States"), which a question names for itself."""
        wanted = _title_words(phrase)
        titled = [a for a in articles if a.title_source != "derived"]
        return [a for a in match_articles(phrase, titled) if len(wanted & _title_words(a.title)) >= BARE_TITLE_WORDS]

    def by_author(self, person: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
        """Articles by ``person``: every one of its longer words is in the author's name ("DiPirro" and
        "John DiPirro" match John DiPirro; "John Smith" does not, as sharing one name would)."""
        person = re.sub(r"^(?:the|a|an)\s+", "", person.strip(), flags=re.I)  # "the Karimova (article)"
        wanted = {w for w in _words(person) if len(w) > 2}
        if not wanted:
            return []
        return [a for a in match_author(person, articles) if wanted <= set(_words(a.author))]

    @staticmethod
    def by_publication(phrase: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
        """The one article whose outlet's name holds every word of ``phrase`` ("the Observer" for the
        Anatolia-Caspian Observer); [] when none does, or several (then the outlet names no one article)."""
        wanted = _title_words(re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I))
        found = [a for a in articles if a.publication and wanted and wanted <= _title_words(a.publication)]
        return found if len(found) == 1 else []

    def described(self, description: str, articles: Sequence[ArticleRecord], *, identity: str = "") -> list[ArticleRecord]:
        """The article a description names: given the phrase it was said in (``identity``), the one
        article the words that mark an article as itself point to (`identified`: they hold its title
        words, and a publisher's name that a description may hold besides, "the Turkic Wire report");
        else by title words; else by content (one article, or none)."""
        if identity and len(marked := self.identified(identity, articles)) == 1:
            return marked
        found = match_articles(description, articles)
        if found:
            return self.best_by_content(description, found)
        return self.by_content(description, articles)

    def by_reference(self, code: str, articles: Sequence[ArticleRecord]) -> list[ArticleRecord]:
        """The one article whose opening lines carry the reference number ``code``; [] for none or several."""
        found = [
            a
            for a in articles
            if re.search(rf"(?<![\w/]){re.escape(code)}(?![\w/])", (self.texts(a.doc_id) or "")[:REFERENCE_CHARS])
        ]
        return found if len(found) == 1 else []

    def by_kind(self, phrase: str, articles: Sequence[ArticleRecord], context: str = "") -> list[ArticleRecord]:
        """The article a phrase names by its kind alone ("the fact sheet", "the commentary"): the one
        whose identity holds the kind (`identified`), or, of several, the one closest to ``context``;
        [] for a word any article is called by ("the article") or a kind no article marks."""
        paper = {PAPER} if re.search(rf"\b{_PAPERS}\b", phrase, re.I) else set()
        if not _kind_words(phrase) and not paper:
            return []
        marked = self.identified(phrase, articles, paper)
        if len(marked) > 1:
            return self.by_content(context, marked, floor=-1.0) if context else []
        return marked

    def identified(self, phrase: str, articles: Sequence[ArticleRecord], kinds: set[str] = frozenset()) -> list[ArticleRecord]:
        """The articles whose identity (`_identity`: title, author, file name, opening line and what the
        text calls itself) holds ``phrase``'s words best, each word weighted by how few of ``articles``
        hold it (every article's opening may say "Turkic"; one dateline says "Turkic Wire"). [] unless
        the best hold at least `IDENTITY_SHARE` of the weight; several when they hold it equally."""
        wanted = _identity_words(phrase) | kinds
        if not wanted or not articles:
            return []
        held = {a.doc_id: self._identity(a) & wanted for a in articles}
        df = {w: sum(w in h for h in held.values()) for w in wanted}
        weight = {w: math.log(1 + len(articles) / (1 + df[w])) for w in wanted}
        total = sum(weight.values())
        share = {d: sum(weight[w] for w in h) / total for d, h in held.items()}
        best = max(share.values())
        if best < IDENTITY_SHARE:
            return []
        return [a for a in articles if share[a.doc_id] >= best - 1e-9]

    def _identity(self, article: ArticleRecord) -> set[str]:
        """The words that mark an article as itself, not its subject: its title, author, publication (the
        site a page names: "Steppe & Sea Review") and file name, its opening line (a dateline names the
        wire: "ASTANA, 3 November (Turkic Wire)") and the kind of document its text calls itself ("This
        fact sheet collects …")."""
        key = (article.doc_id, article.content_hash)
        if key not in self._identities:
            text = self.texts(article.doc_id) or ""
            opening = _opening(text)
            itself = " ".join(m["kind"] for m in _SELF_REFERENCE.finditer(text))
            file_name = re.sub(r"[_\-.]", " ", article.source.rsplit("/", 1)[-1])
            named = [article.title, article.author, article.publication, file_name, opening, itself, shown_kinds(text)]
            papers = {PAPER} if re.search(rf"\b(?:this|the present) {_PAPERS}\b", text, re.I) else set()
            self._identities[key] = _identity_words(" ".join(named)) | papers
        return self._identities[key]

    def by_claim(self, claim: str, articles: Sequence[ArticleRecord], floor: float = CLAIM_MIN) -> list[ArticleRecord]:
        """The article with the one stored sentence closest to ``claim`` (what it says, in the
        question's words), if close enough; ties go to the article whose title or text holds more of
        the claim's rarer words, so a paraphrase and a quotation both find it."""
        if not articles or not terms(claim):
            return []
        vector = self.embed([claim])[0]
        hits = self.store.sentences.nearest(vector, DESCRIPTION_DEPTH, [a.doc_id for a in articles])
        if not hits:
            return []
        # A heading near the claim's words ("What the Bishkek agreement says") is no claim: a sentence
        # must also hold the claim's words, each counted once (the finder has no word statistics).
        texts = [hit.record.text for hit in hits]
        shares = TopicScorer(None).shares(claim, [], texts)
        best: dict[str, float] = {}
        for hit, share in zip(hits, shares):
            if len(terms(hit.record.text)) >= CLAIM_MIN_WORDS:
                score = hit.score + LEXICAL_WEIGHT * float(share)
                best[hit.record.doc_id] = max(best.get(hit.record.doc_id, -1.0), score)
        if not best:
            return []
        top = max(best, key=lambda d: (best[d], d))
        if best[top] < floor:
            return []
        return [a for a in articles if a.doc_id == top]

    def best_by_content(self, description: str, candidates: list[ArticleRecord]) -> list[ArticleRecord]:
        """One of several articles whose titles match equally: the one whose content is closest."""
        if len(candidates) <= 1:
            return candidates
        return self.by_content(description, candidates, floor=-1.0) or candidates[:1]

    def by_content(
        self, description: str, articles: Sequence[ArticleRecord], floor: float = DESCRIPTION_MIN
    ) -> list[ArticleRecord]:
        """The article whose stored sentences come closest to ``description``, if close enough."""
        if not articles or not terms(description):
            return []
        vector = self.embed([description])[0]
        allowed = [a.doc_id for a in articles]
        hits = self.store.sentences.nearest(vector, DESCRIPTION_DEPTH, allowed)
        closest: dict[str, list[float]] = {}
        for hit in hits:
            closest.setdefault(hit.record.doc_id, []).append(hit.score)
        if not closest:
            return []
        # The mean of an article's three closest (missing ones count 0): one stray sentence is not a subject.
        score = {d: sum(sorted(s, reverse=True)[:3]) / 3 for d, s in closest.items()}
        best = max(score, key=lambda d: (score[d], d))
        if score[best] < floor:
            return []
        return [a for a in articles if a.doc_id == best]


def no_match(phrase: str, articles: Sequence[ArticleRecord]) -> str:
    """What is said when a phrase names no article of the collection (as collection questions say it)."""
    listed = "; ".join(name(a) for a in articles) or "no articles"
    return f"No article matches '{phrase}'; the collection has: {listed}."


def no_author(person: str, articles: Sequence[ArticleRecord]) -> str:
    authors = sorted({a.author for a in articles if a.author})
    named = "; ".join(authors) if authors else "none is named"
    return f"No article is by '{person}'; the authors in the collection: {named}."


def name(article: ArticleRecord) -> str:
    return f"“{article.title or article.source.rsplit('/', 1)[-1]}”"


def header(article: ArticleRecord) -> str:
    """An article's header line: “Title” — Author, date (the parts it has)."""
    byline = ", ".join(part for part in (article.author, human_date(article.date)) if part)
    return f"{name(article)} — {byline}" if byline else name(article)


def names(articles: Sequence[ArticleRecord]) -> str:
    """“A”, “B” and “C”."""
    listed = [name(a) for a in articles]
    return listed[0] if len(listed) == 1 else f"{', '.join(listed[:-1])} and {listed[-1]}"


def count_words(n: int, noun: str) -> str:
    """ "Three articles", "One article" (numbers past ten as digits)."""
    words = "no one two three four five six seven eight nine ten".split()
    number = words[n] if n < len(words) else str(n)
    return f"{number.capitalize()} {noun}{'' if n == 1 else 's'}"


def body_sentences(store: Store, text: str, doc_id: str, min_words: int, *, rows: bool = False) -> list[Sentence]:
    """An article's quotable body sentences with their stored vectors, in text order (`quotable_only`)."""
    return quotable_only(store.sentences.vectors_of(doc_id), lambda _: text, min_words, rows=rows)


_ASKED = re.compile(r"^\s*(?:Q|Question)\s*[:.]\s|.*\?\s*$")
# A sentence that opens with a small letter and a plain word: the second half of one cut by a layout
# (a list item, a number or a word like "iPhone" or "e-commerce" open otherwise).
_TORN = re.compile(r"^[a-zа-яё][a-zа-яё]*\s")


def quotable_only(
    pairs: Iterable[Sentence], text_of: Callable[[str], str], min_words: int, *, rows: bool = False
) -> list[Sentence]:
    """The body sentences of ``pairs`` that can be quoted as a thought of their own, in text order: prose
    (no heading, fragment, bibliography entry or list opening without its list) whose stored text is
    still the slice of its article's cleaned text at its offsets (an exact quote or none). Table rows
    ("Entry into force: pending ratification") only with ``rows``: they say something only with their
    section's heading beside them (`row_heading`), which the answer must then show."""
    found = []
    for record, vector in pairs:
        if record.kind != "body" or not quotable(record, min_words) or (is_row(record.text) and not rows):
            continue
        text = text_of(record.doc_id)
        if record.text.rstrip().endswith(":") or text[record.start : record.end] != record.text:
            continue
        if is_row(record.text) and heading_with_colon(record, text):
            continue  # "The United States: counter-terrorism and minerals" heads a section; it is no point made
        if _ASKED.match(record.text):
            continue  # an interviewer's question ("Q: Why did it take so long?") is no point the article makes
        if _TORN.match(record.text):
            continue  # "in Kabul as a fact on the ground …": the rest of a sentence a page's sidebar cut in two
        found.append((record, _unit(vector)))
    return sorted(found, key=lambda pair: (pair[0].doc_id, pair[0].start))


def heading_with_colon(record: SentenceRecord, text: str) -> bool:
    """Whether a line shaped like a row ("China and Russia: the neighbours who are already there") is a
    section's heading: a paragraph of its own between paragraphs that are no rows, its value words without
    a figure and without a full stop. A table's row stands among rows, or gives a figure or a date."""
    start, end = record.start, record.end
    if start < 0 or text[start:end] != record.text:
        return False
    own = (start == 0 or text[max(0, start - 2) : start] == "\n\n") and (end == len(text) or text[end : end + 2] == "\n\n")
    value = record.text.split(":", 1)[1]
    if not own or any(ch.isdigit() for ch in value) or record.text.rstrip()[-1:] in ".!?" or len(value.split()) > 10:
        return False
    before = text[: max(0, start - 2)].rsplit("\n\n", 1)[-1].strip()
    after = text[end + 2 :].split("\n\n", 1)[0].strip()
    return not is_row(before) and not is_row(after)


def row_heading(record: SentenceRecord, text: str) -> str:
    """The heading a table row is read under ("E. CIVIL PROTECTION MECHANISM" over "Entry into force:
    pending ratification"); "" for a sentence that is not a row, or a row with no heading above it."""
    if record.kind != "body" or record.start < 0 or not is_row(record.text):
        return ""
    return section_heading(text, record.start)


def by_article(sentences: Sequence[Sentence]) -> dict[str, list[int]]:
    """Indices of ``sentences`` per article, in the order the articles first appear."""
    groups: dict[str, list[int]] = {}
    for i, (record, _) in enumerate(sentences):
        groups.setdefault(record.doc_id, []).append(i)
    return groups


class TopicScorer:
    """Scores sentences against a topic: cosine of stored vectors to the topic's, plus the IDF-weighted
    share of the topic's words each sentence holds (IDF from the BM25 index; uniform without one).
    With ``compounds``, a longer topic word also counts where a sentence word begins with it ("cyber"
    in "cybercrime", "transport" in "transportation"): an article may name a topic in a compound."""

    def __init__(self, lexical: LexicalIndex | None, compounds: bool = False):
        self.lexical = lexical
        self.compounds = compounds

    def weights(self, topic: str) -> dict[str, float]:
        """IDF weight per word form of the topic; a word's frequency counts both its spellings."""
        words = sorted(set(terms(topic)))
        if not words:
            return {}
        if self.lexical is None:
            return {_form(w): 1.0 for w in words}
        df = self.lexical.document_frequency(sorted(set(words) | {_american(w) for w in words}))
        n = max(self.lexical.passage_count(), 1)
        weights: dict[str, float] = {}
        for w in words:
            seen = max(df.get(w, 0), df.get(_american(w), 0))
            weights[_form(w)] = max(weights.get(_form(w), 0.0), math.log(1 + n / (1 + seen)))
        return weights

    def scores(
        self, topic: str, vector: Sequence[float], sentences: Sequence[Sentence], reads: Sequence[str] | None = None
    ) -> np.ndarray:
        """Each sentence's relevance; ``reads``: the text each is read as, where that is more than itself
        (a table row with its section's heading)."""
        if not sentences:
            return np.zeros(0)
        cosines = np.stack([v for _, v in sentences]) @ _unit(np.asarray(vector, dtype=np.float32))
        return cosines + LEXICAL_WEIGHT * self.shares(topic, sentences, reads)

    def shares(self, topic: str, sentences: Sequence[Sentence], reads: Sequence[str] | None = None) -> np.ndarray:
        """The IDF-weighted share of the topic's words each sentence holds, 0..1."""
        weights = self.weights(topic)
        total = sum(weights.values()) or 1.0
        texts = reads if reads is not None else [record.text for record, _ in sentences]
        return np.asarray([sum(w for word, w in weights.items() if self.holds(_stems(text), word)) / total for text in texts])

    def holds(self, forms: set[str], word: str) -> bool:
        """Whether a sentence of word ``forms`` (`_form`) holds the topic word ``word`` (a form too)."""
        if word in forms:
            return True
        return self.compounds and len(word) >= COMPOUND_HEAD and any(f.startswith(word) for f in forms)

    def compounds_of(self, topic: str, texts: Iterable[str]) -> set[str]:
        """The words of ``texts`` that begin with one of the topic's longer words and are longer ("cybercrime"
        for "cyber threats"): the ones a word search for the topic should look for too."""
        heads = [w for w in self.weights(topic) if len(w) >= COMPOUND_HEAD]
        found = set()
        for text in texts:
            for word in terms(text):
                if len(word) > COMPOUND_HEAD and any(_form(word).startswith(h) and _form(word) != h for h in heads):
                    found.add(word)
        return found


def pick(
    sentences: Sequence[Sentence], scores: np.ndarray, limit: int, *, floor: float, margin: float, redundant: float
) -> list[int]:
    """Indices of up to ``limit`` best sentences: the best, then others scoring at least ``floor`` and
    within ``margin`` of the best, none closer than ``redundant`` (cosine) to one already picked."""
    order = sorted(range(len(sentences)), key=lambda i: (-scores[i], sentences[i][0].start))
    chosen: list[int] = []
    for i in order:
        if len(chosen) >= limit:
            break
        if chosen and (scores[i] < floor or scores[i] < scores[chosen[0]] - margin):
            break
        if any(float(sentences[i][1] @ sentences[j][1]) > redundant for j in chosen):
            continue
        chosen.append(i)
    return chosen


def render(
    store: Store,
    intro: str,
    groups: Sequence[tuple[ArticleRecord, Sequence[SentenceRecord]]],
    *,
    sections: Mapping[tuple[str, int], str] | None = None,
    breaks: Mapping[int, str] | None = None,
) -> tuple[str, list[Citation]]:
    """The answer's text and citations: ``intro`` (may be ""), then per article its header line and
    its quotes one a line, each followed by [n]; groups are separated by a blank line. ``sections``:
    the heading a quote is read under, by (doc_id, start), shown after it (a table row's); ``breaks``:
    a line said before the group of that index ("Two more articles mention X only in passing:")."""
    holding = {c.id: c for c in store.passages.get(sorted({s.chunk_id for _, quotes in groups for s in quotes if s.chunk_id}))}
    blocks = [intro] if intro else []
    citations: list[Citation] = []
    for at, (article, quotes) in enumerate(groups):
        if breaks and at in breaks:
            blocks.append(breaks[at])
        lines = [header(article)]
        for sentence in quotes:
            n = len(citations) + 1
            citations.append(
                Citation(
                    n,
                    _passage(article, sentence, holding.get(sentence.chunk_id), n),
                    sentence.text,
                    sentence.start,
                    sentence.end,
                    "lead",
                )
            )
            section = (sections or {}).get((sentence.doc_id, sentence.start), "")
            lines.append(f"{sentence.text} [{n}]" + (f" (section: “{section}”)" if section else ""))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks), citations


def abstain(
    why: str, who: str, store: Store, pool: list[Sentence], scores: np.ndarray, records: dict[str, ArticleRecord]
) -> tuple[str, list[Citation]]:
    """The project's abstention, what is missing, and the sentence that comes closest (cited)."""
    if not len(pool):
        return f"{ABSTAIN_TEXT} {why}", []
    best = int(np.argmax(scores))
    record = pool[best][0]
    article = records.get(record.doc_id) or store.article(record.doc_id)
    if article is None:
        return f"{ABSTAIN_TEXT} {why}", []
    _, citations = render(store, "", [(article, [record])])
    return f"{ABSTAIN_TEXT} {why} The closest {who}: “{record.text}” [1] ({header(article)})", citations


def retrieved_pool(
    retriever,
    store: Store,
    text_of: Callable[[str], str],
    topic: str,
    k: int,
    min_words: int,
    sentence_votes: int = 0,
    *,
    rows: bool = False,
) -> tuple[list[float], list[Sentence]]:
    """The topic's vector and the quotable sentences of the ``k`` passages retrieved for it (the hybrid
    retriever: BM25 finds the rare names a topic may be, the vectors its paraphrases).

    With ``sentence_votes``, the articles' own sentence vectors vote too: the articles holding any of
    the ``sentence_votes`` stored sentences closest to the topic add all their quotable sentences, so an
    article that treats the topic in a passage the retriever ranked below ``k`` (a second article on a
    topic one article dominates) is still read and scored. ``rows``: table rows are quotable too
    (`quotable_only`)."""
    retrieval = retriever.retrieve(topic, k)
    pool = quotable_only(sentences_in_passages(store, retrieval.passages), text_of, min_words, rows=rows)
    if sentence_votes:
        held = {record.doc_id for record, _ in pool}
        voted = dict.fromkeys(hit.record.doc_id for hit in store.sentences.nearest(retrieval.vector, sentence_votes))
        seen = {(record.doc_id, record.start) for record, _ in pool}
        for doc_id in voted:
            if doc_id in held:
                continue
            pool += [
                pair
                for pair in quotable_only(store.sentences.vectors_of(doc_id), text_of, min_words, rows=rows)
                if (pair[0].doc_id, pair[0].start) not in seen
            ]
        pool.sort(key=lambda pair: (pair[0].doc_id, pair[0].start))
    return retrieval.vector, pool


# What makes a sentence carry an article's points rather than frame them: names, numbers and dates.
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\w’'-]+")
SALIENT_TOKENS = 6  # names and numbers at which a sentence counts as fully concrete


def salience(text: str) -> float:
    """How concrete a sentence is, 0..1: its numbers and capitalised names (not its first word) over
    ``SALIENT_TOKENS``. Analysts' main points are who did what, when and how much; a sentence that only
    frames ("The plan did not start with the earthquake.") scores low."""
    found = len(_NUMBER.findall(text)) + len(_NAME.findall(text.strip()))
    return min(1.0, found / SALIENT_TOKENS)


def _passage(article: ArticleRecord, sentence: SentenceRecord, chunk, rank: int) -> Passage:
    """The chunk holding the sentence (what the chat shows around the quote), else the sentence alone."""
    if chunk is not None and chunk.start <= sentence.start and sentence.end <= chunk.end:
        passage = passage_from_record(chunk, rank, 1.0)
    else:
        passage = Passage(
            rank,
            article.doc_id,
            article.source,
            sentence.chunk_id or chunk_id(article.doc_id, 0),
            sentence.text,
            1.0,
            sentence.start,
            sentence.end,
        )
    passage.title, passage.author, passage.date = article.title, article.author, article.date  # the record's, as headers show
    passage.title_source = article.title_source
    return passage


def _unit(vector: np.ndarray) -> np.ndarray:
    vector = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def _stems(text: str) -> set[str]:
    return {_form(t) for t in terms(text)}


# British spellings and their American forms, so "defence" finds "defense" (analysts write both; the
# embedding model mostly hears the difference as a different word). Applied to topic and sentence alike.
_SPELT = {"defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense", "programme": "program"}
_ENDINGS = [
    (re.compile(r"(?<=\w{3})is(e|es|ed|ing|ation|ations)$"), r"iz\1"),  # organise, militarisation
    (re.compile(r"(?<=\w{2})ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"(?<=\w{3})our(s|ed|ing|able)?$"), r"or\1"),  # neighbour, favour
    (re.compile(r"(?<=\w{2})tre(s)?$"), r"ter\1"),  # centre
]


def _american(word: str) -> str:
    if word in _SPELT:
        return _SPELT[word]
    for pattern, replacement in _ENDINGS:
        word = pattern.sub(replacement, word)
    return word


def _form(word: str) -> str:
    """What a word is matched by: its American spelling, stemmed."""
    return stem(_american(word))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


# Words that say nothing about which article is meant (as `collection_questions` ignores them in titles).
_GLUE = frozenset(
    "a an the of in on and or to for by with from at as is are was were about its it this that these those one s".split()
)


def _title_words(text: str) -> set[str]:
    """Content words as titles are matched (`collection_questions.match_articles`: plural "s" ignored)."""
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _words(text) if w not in _GLUE}


_LABELLED_LINE = re.compile(r"^\W*[^\W\d_]+(?:\s+[^\W\d_]+)?\s*:\s")  # "Updated: 04.03.2025 … - adds a figure"


def _opening(text: str) -> str:
    """An article's opening line of prose, within `OPENING_CHARS`: past the date and label lines a wire puts
    first ("Published: 03.03.2025 11:20"), its dateline ("ALMATY, March 3 (Steppe Press) - …")."""
    for line in text[: 4 * OPENING_CHARS].split("\n"):
        if len(line.split()) >= OPENING_WORDS and not _LABELLED_LINE.match(line):
            return line[:OPENING_CHARS]
    return text[:OPENING_CHARS]


# A reference number a piece carries in its header ("Ref. FIN-INT/25-11", "Ref.: CII/BR/2025-07"): letters and
# digits in parts joined by slashes (and hyphens), with a slash at least; read within the opening characters.
_REFERENCE = re.compile(
    r"(?<![\w/])(?=[\w/-]*\d)(?=[\w/-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)+(?![\w/])"
)
REFERENCE_CHARS = 1500

# "Paper" is what any article may be called ("the paper says"), so it is no identity word; but a piece
# that calls itself a paper ("This paper asks why …") is the one "the working paper" names.
_PAPERS = r"papers?"
PAPER = "\x00paper"  # the identity mark of a self-declared paper: no word of a title can equal it
# A header line of a few words that says what the piece is ("Panel transcript, Eurasian Technology Policy
# Forum", "PRESS RELEASE"), within the first lines.
HEADER_LINES = 4
HEADER_WORDS = 12
# Shapes that say what a piece is, whatever it calls itself: turns of named speakers ("TASKIN: …") make a
# transcript, questions and answers ("Q: …") an interview, numbered slides a deck, question headings a
# FAQ, lines opening with a date a chronology. Each needs this many lines of its shape.
SHAPE_LINES = 3
_SPEAKER_TURN = re.compile(r"^(?-i:[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}):\s+\S")
_QA_TURN = re.compile(r"^(?:Q|Question)\s*[:.]\s+\S", re.I)
_SLIDE = re.compile(r"^\W{0,3}slide\s+\d+\b", re.I)
_QUESTION_HEADING = re.compile(r"^\W{0,6}(?:what|who|when|where|why|how|which|is|are|does|do|can|will)\b[^\n]{0,150}\?\s*$", re.I)
_DATED_LINE = re.compile(
    rf"^\W{{0,6}}(?:\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?\s+)?{MONTH_WRITTEN}\s+\d{{4}}\b|^\W{{0,6}}(?:19|20)\d\d\W", re.I
)


def shown_kinds(text: str) -> str:
    """The kinds of piece ``text`` shows itself to be, in words (for `ArticleFinder`): those its first short
    lines name, and those its shape tells (`SHAPE_LINES` lines of a transcript's, an interview's, a deck's,
    a FAQ's or a chronology's shape)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    header = [line for line in lines[:HEADER_LINES] if len(line.split()) <= HEADER_WORDS]
    kinds = [m.group() for m in re.finditer(rf"\b{NAMING_WORDS}\b", " ".join(header), re.I)]
    shapes = (
        (_SPEAKER_TURN, "transcript"),
        (_QA_TURN, "interview transcript"),
        (_SLIDE, "slides"),
        (_QUESTION_HEADING, "FAQ"),
        (_DATED_LINE, "chronology"),
    )
    kinds += [kind for shape, kind in shapes if sum(1 for line in lines if shape.match(line)) >= SHAPE_LINES]
    return " ".join(kinds)


def _identity_words(text: str) -> set[str]:
    """Words as article identities are matched: title words, a two-word kind as one ("factsheet"),
    without the words any article is called by ("the report", "the piece")."""
    text = _ANY_DOCUMENT.sub(" ", _COMPOUND.sub(r"\1\2\3", _SAME_KIND.sub("slides", text)))
    return _title_words(text)


def _kind_words(phrase: str) -> set[str]:
    """The words of ``phrase`` that name a kind of document ("fact sheet", "commentary"), not any one."""
    return _identity_words(" ".join(m.group() for m in re.finditer(rf"\b{NAMING_WORDS}\b", phrase, re.I)))


def _clean(phrase: str) -> str:
    return " ".join(phrase.split()).strip(" ,;:.?!")


__all__ = [
    "abstain",
    "retrieved_pool",
    "salience",
    "ArticleFinder",
    "Named",
    "TopicScorer",
    "body_sentences",
    "by_article",
    "count_words",
    "header",
    "name",
    "names",
    "no_author",
    "no_match",
    "pick",
    "quotable_only",
    "render",
    "row_heading",
]
