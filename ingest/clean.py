"""Turn raw article text into clean prose plus metadata, keeping footnotes linked to their citing place.

What the real collection contains, and what happens to it here:
- photo-credit lines ("Photo credit: …", "Photo: …") and the short caption line just above one: dropped;
- share buttons, font-size widgets ("+ ↺ − 16 px"), "Feature Article" style labels: dropped;
- a "Related news" tail that repeats the opening: cut;
- bylines ("By …") and date lines ("December 11, 2025", "date 2026-01-09"): become metadata;
- sentences split by PDF page breaks (often with a footnote block or a caption in between): rejoined;
- footnote markers (¹ ² ³, or markdown [^1]) are removed from the prose and their offsets kept;
  footnote blocks (continuation lines included) move to the end as "[n] text" paragraphs;
- markdown emphasis, links and backslash escapes: reduced to their text;
- page furniture of hard-wrapped text (page numbers such as "— 2 —" or "Page 2 of 5", a running
  header repeated at page breaks): dropped; hard-wrapped lines: joined into paragraphs, a word
  hyphenated at a line end made whole again ("inter-" + "nal") unless the document spells it with
  the hyphen;
- a box set beside the prose (a two-column page saved as text: "…of drugs.      AT A GLANCE") gets its
  own lines after the paragraph it interrupts (ingest/columns.py), so neither column's sentences run
  into the other's;
- tables become one line per row that can be quoted on its own: a dot-leader row ("Entry into force
  ........ 4 July 2023") reads "Entry into force: 4 July 2023", a row of spaced columns or of a
  markdown pipe table "first cell: other cells" (a pipe table names each cell by its header);
- headings (markdown, HTML h2-h6, ALL-CAPS lines, numbered "2. THE …") and list items stand alone,
  never glued to the paragraph after them;
- labelled date lines ("Published: 14.10.2025", "Updated: …"), a month-only date ("November 2025")
  and a byline at the end ("— by …") give metadata and stay in the text as lines of their own
  (they say more than the metadata field holds); "Prepared by …" and "*By …*" are bylines, and so
  are "Author: …" in the header or at the end and a closing signature ("— Timur Abenov"); a trailing
  "Read also: …" line is dropped;
- an article with no title line (nor one in its file's metadata) gets a title made from its opening
  words (ingest/titles.py), marked ``title_source="derived"``; the text is not touched;
- articles in the region's languages (issue 24) the same way, by their own words, kept as data: month
  names and date shapes ("16 марта 2026 года", "14 Ekim 2025 - 09:30", "2025 жылғы 12 қыркүйек") and
  publication/update labels ("Yayınlanma:", "Güncelleme:", "Опубликовано:") in otsqa/dates.json; byline
  labels ("Автор:", "Автор —", "Haber:", "Yazar:"), section labels ("Аналитика", "Yorum"), and a web
  page's clutter (ad slots "REKLAM", a "SON DAKİKA" ticker, "Etiketler: …" tag lines, share rows
  "Paylaş Tweetle E-posta", a cookie banner with "Kabul Et", a comments section) in ingest/cleaning.json.
  Names may be Cyrillic or carry Turkish letters ("Ковалёва", "Aydoğan"); a closing credit ("— Бюро …")
  is no author. A labelled byline or date line below a standfirst is read too and kept as a line of
  its own; a news agency's Cyrillic ALL-CAPS section slug above the headline stays as a line.

The result is one string; chunks and citations are exact slices of it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.columns import split_side_columns
from ingest.front_matter import read_front_matter
from ingest.header import LABEL_PARTS, MAIL_FIELD, NUMBERED_PART, read_header
from ingest.header_names import BYLINE, in_order, read_end_byline, without_honorifics
from ingest.header_record import read_record
from ingest.header_rest import read_header_rest
from ingest.lines import (
    FOOTNOTE_DEF,
    MD_HEADING,
    NUMBERED_HEADING,
    SUPER_TO_DIGIT,
    SUPERSCRIPTS,
    WIDGET,
    Line,
    all_caps,
    inline,
    word_count,
)
from ingest.titles import derive_title
from ingest.wordlists import is_consent_button, is_consent_row, is_cookie_banner, is_share_row, is_ticker, words
from otsqa.text import CANNOT_END

# Part of every store's fingerprint: a new version makes `otsqa ingest` clean and chunk every article
# again, reusing the vectors of texts that come out the same. 4: titles derived for articles without
# one, more byline shapes; the texts are unchanged, so an existing store is brought up to it embedding
# next to nothing again (table rows' sentences only: their records do not keep the heading they are
# embedded under; 72 of 1,519 texts on the evals' collections, none on the seed). 5: YAML front matter
# and e-mail headers read as metadata and taken off the text (ingest/front_matter.py), a header line of
# several dates, "Posted on <date> by <name>", a closing note on the author ("X is a fellow at …"). 6:
# articles in the region's languages (issue 24): their month names and date shapes, byline labels and
# names, section labels and page clutter (words: otsqa/dates.json, ingest/cleaning.json); labelled
# byline and date lines below a standfirst read and kept apart from the paragraph after them. English
# texts change only where such a date line was glued to the paragraph after it (2 of the 23 articles of
# the seed and the evals' collections; no evidence span moved). 7: co-authors in a byline ("By A and B"),
# an interview's closing "Interview by …", the publication-labelled date of a line of several ("Recorded:
# … · Posted: …"), a date on an outlet line ("Review · Report · 14 November 2025"), an outlet's ALL-CAPS label
# no title where the page has a headline, and a wire's section label ("ANALYSIS - ") no part of one.
# Metadata only: no text of the seed or the evals' collections changes, so an existing store is brought
# up to it embedding nothing again. 8 (found by the `space` collection, the first one read after it was
# written): a header line wrapped in emphasis ("*Last reviewed: 2 September 2025. …*") read as a date line,
# not a headline; a "###" section heading under the "#" title ends the header (it was dropped as a second
# headline); "By X · 14 August 2025 · 6 min read" below a standfirst; a line of markings ("RESTRICTED
# CIRCULATION - WORKING DOCUMENT") is no title; a slide export's "Slide 1 — …" lines are headings and its
# title loses the number; "Circulated:"/"Issued:" date a document, "Drafted:"/"Recorded:"/"Last reviewed:"
# only when nothing else does; (the `extremism` collection) a line of parts with a labelled date, a header
# in columns, "Distribution:" fields, "Rapporteur:"/"Presenter:" bylines, "Transcript published:" and
# "Presented:" dates, "Panel 3:" before a title, a line naming the document ("Slide deck, …") is no
# headline, an HTML element of class "author", a consent bar; a newsletter sent by a publication is its
# editor's ("Name, editor" signs it), and ends before its footer. Texts change where those lines were
# dropped or glued (a few articles).
# 9: a question between a headline and the byline or date below it is a standfirst, kept as a line; it
# ended the header (as an interviewer's first question does) and lost the article its author and date.
# 10: a label in capitals before a headline ("ANALYSIS: …", "EXCLUSIVE: …") is no speaker's turn unless
# more turns follow: it ended the header at the headline, and the article lost its date.
# 11: an HTML page's site name (og:site_name, or its <title> beside the headline) is kept as the
# article's publication (ArticleRecord.publication): "the Steppe & Sea Review piece" names it.
# 12: a header line opening with an outlet ("STEPPE SIGNAL · Commentary", "Tbilisi Regional Review · Report
# · 14 November 2025") gives the publication of a text or markdown article too (ingest/header.py `_outlet`).
# Metadata only: no text changes.
# 13: a box set beside the prose in a two-column page saved as text is split from it (ingest/columns.py).
# 14: headers of more shapes (ingest/header.py): a masthead over the headline is the publication; a bare
# name over its date or role, a line of parts opening with a name, "A, B and C", "By X in Place", marked
# authors ("A¹ and B²"), a name with a role; 18/09/2025; a breadcrumb; a standfirst under the headline.
# 15: the publication named by a newsletter's sender, a static site's front matter or a wire's dateline.
# 16: a standfirst under the headline stays in the text as a line (it was dropped with the header's lines).
# 17: "Opinion: …" and "UPDATE 2-…" before a headline dropped; a headline wrapped on an open word joined; rule
# lines ("=====") no headline; 2025.03.16 and 03-Mar-2025; the published date among a line's dated parts;
# a label set in columns keeps one colon ("Title:   …" was "Title:: …").
# 18: a short line read past in the header (on the word of a date line or byline below it) must look like a
# label ("Expert Comment"), and stays in the text: the looser rule read on into an article's body and lost a
# sentence (caught by the evidence check of a held-out collection, tests/evals/test_collections_data.py).
# 19: an author and a date left unread by the header walk (it stops at a line it cannot place) are read from
# the header lines above the first paragraph, part by part ("**By X** | *Review* | 3rd May 2025", "Drafted: …
# Circulated: …" in columns, "Print edition: March 2025", "Posted by … on 8th March 2025", a bare name
# under the headline); titles and ranks are dropped from an author's name (cleaning.json `honorifics`).
# Metadata only: no text changes.
# 20: when the walk took page furniture ("Analysis › Central Europe", "Copyright: …", "[Feed] …", "Vol. 12, pp.
# 37–58") or the outlet's name atop the page ("Silk Road Defence Monthly") for the headline, or found none,
# the first headline-like header line is the title, and the outlet the publication (`better_headline`).
# Metadata only: no text changes.
# 21: the authors under the headline, one or several ("Brig. Gen. (Ret.) A" over "Maj. B, …"; "Dr. A" over her
# role, "Prof. B" over his; "A (Astana), B (Ankara) & C (Tashkent)"; "A¹ and B²*"), and a row's two labelled
# dates ("Drafted: …: Circulated: …"). Metadata only: no text changes.
# 22: a headline read after the walk (20, 21) is metadata only: its line stays in the text, as it was before
# 20 (20 and 21 dropped it from three held-out articles, which cost their single-fact answers).
# 23: the masthead on the article's first line names the outlet, over any later line the walk took
# ("THE ALMATY MORNING STANDARD   No. 4,812   FRIDAY, MAR. 7, 2025", "[Feed] X Wire — Security", "X NEWS AGENCY
# (XNA)", "X Ledger | Home › News"; ingest/header_rest.py `_page_outlet`). Metadata only: no text changes.
# 24: a month in Roman numerals ("24.III.2025"); the outlet among a byline's parts ("**By X** | *The Review* |
# 3rd May 2025"). Metadata only: no text changes.
# 25: a long line of parts is no paragraph ("Posted by admin on … · Filed under … · 3 comments"); a byline's role
# after its comma is no sentence; the address under a headline is not joined to it; "briefing note" is a
# label. Metadata only: no text changes.
# 26: a headline wrapped with no word saying so (Title Case lines closed by a blank line, or one ending on a
# colon) joined; its lines no longer read as its authors.
# 27: a news archive's, database's or CMS's block of labelled fields atop the text gives the title, author,
# date and publication and leaves the text (ingest/header_record.py; "LP"/"TD" codes dropped from the lines
# they open); a lone "Source: …" line names the outlet; a web address, "Retrieved from …" and "Accessed on …"
# are no headline; a copyright line names the outlet where nothing else does; names with particles, prefixes
# and patronymics ("Pieter van den Berg", "Omar al-Qadiri", "Nurbek Asanbek uulu"); authors from a page's
# meta tag or a record in natural order and joined "A and B" ("Nazarbekova, Aida" is "Aida Nazarbekova"); a
# byline and its date run together; a page title's " – Site" suffix names the outlet; a wire's closing
# "(Reporting by …)"; "| Staff writer"; a cookie banner whose buttons stand on their own line, with its heading;
# a blog's "Leave a Reply" form ends the article; a markdown quote is a standfirst, not the first paragraph;
# a labelled line dating an event ("Summit held: …") dates the article only when nothing else does; lines of
# several parts, a page reference ("DEFENCE: PAGE 7"), a tagline ("A weekly selection of …"), "Skip to main
# content" and "In this issue" are no headline; "Illustrations by …" is a credit; markdown emphasis inside a
# header line ("**A** and **B**", "*Posted on …* · Filed under …"); front matter listing its authors; "Text:";
# a release's issuing body over its press office is its publication and author (metadata only); an e-mail
# forwarding an article is read below its "Forwarded message" marker (the sender's name, day and "Fwd:"
# subject are the e-mail's, not the article's).
# 28: a field naming who took part ("Participants: A (…), B (…)", "Speakers: …"; field_labels in
# cleaning.json) is never the headline, and stays in the text.
# 29 (metadata only): a masthead beside a part saying what kind of publication it is ("STEPPE & SEA | a blog on
# …", "… · the newsletter of …") names the outlet; "Issued by the Press Office, <body>" and "Prepared by the
# <unit>, <body>" name the issuing body as the publication; "blog" is a publication's word.
# 30 (metadata only): a Russian or Turkish masthead names the outlet: its kind, then the name in guillemets
# ("ИА «Каспий-Инфо»", "Еженедельник «Степной рубеж»"), and Russian and Turkish publication words ("бюллетень",
# "bülteni", "gazetesi").
# 31 (metadata only): a tagline is never the headline ("A weekly selection of commentary from the region",
# "Independent news from the valley since 2009", "Working Paper Series on …", "Silk Road Strategic — Insights",
# which names the outlet); the headline under it is, even when the walk set it aside with the header. A title-case
# headline wrapped on a line of its own ("Border Demarcation Deals Quietly / Reshape …") and one wrapped on three
# lines are joined; an issue's numbered contents ("1. Lead: …"), a print page's running head ("DEFENCE &
# SECURITY   PAGE 7") and "Interviewer:"/"Interviewee:"/"Host:"/"Guest:" fields are never the headline; "Guest
# post" is a label.
# 32 (metadata only): more places that name the outlet (a mailing list's tag in an e-mail's subject, a bold outlet
# among a reader app's parts, the first of a row of links atop a page, the masthead under a row of account links,
# a masthead's description in lower case, "X — Interviews", "X — Episode 12"); more dates (a standfirst over
# the byline no longer ends the header, a set-aside masthead's issue month, "aired …", "Released" over
# "Recorded", a wire's dateline opening the first paragraph when the header gives no date).
# 33 (metadata only): a wire's closing credit naming where its reporter filed from ("(Reporting by A in Tashkent;
# …)"); a closing note on the author in bold with a title ("**Dr. A** is an associate professor …"); "Last updated
# … · First published …" dated by its publication; "*Posted on <date> by A* · Filed under …" set aside by the
# header walk still names the author.
# 34 (metadata only): a translator's credit over the headline does not end the header; a newsletter's name atop
# the page as a markdown link ("[A's Newsletter](…)") is its outlet, and the headline below it the title; a
# markdown subtitle or the author's picture between the headline and the author's name is passed over.
# 35 (metadata only): a masthead run into the label line below it ("… Studies ANALYSIS") or followed by its
# initials ("X Press Agency (XPA) World News") names the outlet without them; a body's name wrapped on two lines
# over its press office ("AGENCY FOR … / OF THE REPUBLIC OF …") is whole; a Title Case headline wrapped where no
# word says so is joined when read after the walk too.
# 36: a table set in columns under a header row names each cell by its header ("Post: Sarpi; Guards: 85;
# Opened: 2004"), as a pipe table's row does, when a column of figures is headed by words or the header is a row
# of years; a tab between words sets columns apart (a table pasted from a spreadsheet).
# 37 (metadata only): a release whose labels come first ("PRESS RELEASE" / "For immediate release") names its
# issuing body on the line under them ("Organization of Turkic States - General Secretariat"): its author and outlet.
CLEANER_VERSION = "37"


_PHOTO = re.compile(
    r"^(?:photo|image|picture|foto)s?(?:\s+(?:credits?|courtesy|source))?\s*:|^credits?\s*:"
    # "Illustrations by Marat Zhunusov", "Photography: …", "Graphics by …": who made the pictures, not the text
    r"|^(?:illustrations?|photography|photographs|graphics|artwork)(?:\s+by\b|\s*:)",
    re.I,
)
_SHARE = re.compile(
    r"^(?:share(?:\s+(?:on|this|via|to|the)\b.*)?|tweet|print(?:\s+article)?|e-?mail|copy link|"
    r"facebook|twitter|linkedin|whatsapp|telegram|follow us\b.*)$",
    re.I,
)
_RELATED = re.compile(
    r"^(?:related(?:\s+(?:news|articles?|posts?|stories|reading))?|read (?:also|more)|"
    r"see also|you may also like|more from [\w\s]+)\s*:?$",
    re.I,
)
_READ_ALSO = re.compile(r"^(?:read (?:also|more|next)|see also|related(?: story| article)?)\s*:\s*\S", re.I)
_PAGE_NUMBER = re.compile(r"^[-—–_|\s]*(?:(?:page|p\.)\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-—–_|\s]*$", re.I)
_LEADER_ROW = re.compile(r"^(\S.*?)\s*(?:\.\s?){4,}\.?\s*(.*)$|^(\S.*?)\s*(?:…){2,}\s*(.*)$")
_COLUMN_GAP = re.compile(r"\s{3,}")
_PIPE_ROW = re.compile(r"^\|.*\|$")
_PIPE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_ITEM = re.compile(r"^(?:[-*•·▪◦]\s|\d{1,2}[.)]\s+(?=\S.*[.!?:;]$|[a-z]))")
_URL_ONLY = re.compile(r"^\(?<?https?://\S+?>?\)?[.,;]?$")
_MD_FOOTNOTE_DEF = re.compile(r"^\[\^([\w-]+)\]:\s*(.*)$")
_TERMINAL = ".!?:…"
_CLOSERS = "\"”’')]"


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
    # Where the title came from: "header" (the article's own header lines), "file" (HTML or PDF
    # metadata), "derived" (its opening words: ingest/titles.py) or "" (no title at all).
    title_source: str = ""
    publication: str = ""  # the outlet, when the file's metadata names it (an HTML page's site name)


@dataclass
class _Note:
    marker: str
    parts: list[str] = field(default_factory=list)


def clean_article(raw: str, hints: dict[str, str] | None = None) -> CleanArticle:
    """Clean ``raw`` text; ``hints`` (title/author/date from HTML or PDF metadata) win over guesses."""
    hints = hints or {}
    front, text = read_front_matter(_normalise(raw))
    text = split_side_columns(text)
    lines = _drop_clutter(_lines(text))
    _drop_page_furniture(lines)
    _cut_related_tail(lines)
    for line in lines:
        if _PHOTO.match(line.text) or words().photo.match(line.text):
            line.kind = "photo"
        elif _SHARE.match(line.text) or not WIDGET.sub("", line.text).strip(" +−-"):
            line.kind = "junk"
    _read_tables(lines)
    _mark_shapes(lines)
    if front:
        for line in lines[:12]:
            if MAIL_FIELD.match(line.text):
                line.shape = "line"  # an e-mail's "Subject: …" stays a line, never glued to the greeting
    record = read_record(lines)  # an archive's or a CMS's labelled fields atop the text: stated outright
    forwarded = _forwarded_at(lines) if front else None
    if forwarded is not None:
        # An e-mail forwarding an article: the article's header is below the marker, and the sender, the
        # day it was sent and its "Fwd:" subject are the e-mail's, not the article's (they stay in the text).
        start = forwarded + 1
        while start < len(lines) and (MAIL_FIELD.match(lines[start].text) or _MORE_MAIL_FIELDS.match(lines[start].text)):
            lines[start].shape = "line"  # the forwarded e-mail's own header ("From: …", "Sent: …")
            start += 1
        meta = read_header(lines[start:])
        front = {k: v for k, v in front.items() if k not in meta and k != "author" and k != "date"}
    else:
        meta = read_header(lines)
    # The headline the walk took is dropped from the text below; one read after it (`read_header_rest`) is
    # metadata only, and its line stays in the text as it was.
    walked_title = meta.get("title", "")
    read_header_rest(lines, meta)
    notes, body = _split_footnotes(lines)
    body = _drop_captions_and_bylines(body, meta)
    read_end_byline(body, meta)
    if meta.get("author"):
        meta["author"] = without_honorifics(meta["author"])
    paragraphs = _merge_broken(body)
    paragraphs = [p for p in paragraphs if not _same(p, walked_title)]
    paragraphs = _drop_repeated_teaser(paragraphs)
    meta |= record | front  # stated outright, so above what the header lines suggest
    meta["title_source"] = "header" if meta.get("title") else ""
    for key in ("title", "author", "date"):
        if hints.get(key):
            meta[key] = hints[key]
    if hints.get("publication"):
        meta["publication"] = hints["publication"]
    if hints.get("title"):
        meta["title_source"] = "file"
    elif not meta.get("title") and (title := derive_title(_opening(paragraphs, body, notes))):
        meta["title"], meta["title_source"] = title, "derived"
    if meta.get("author"):
        meta["author"] = in_order(meta["author"])  # a page's meta tag lists "A, B"; an archive "Surname, Given"
    return _assemble(paragraphs, notes, meta)


# ---------------------------------------------------------------------------------------------
# Lines and header


# "---------- Forwarded message ---------", "-----Original Message-----", "Begin forwarded message:"
_FORWARDED = re.compile(r"(?i)^[-\s>]*(?:forwarded message|original message|begin forwarded message)[-\s:]*$")


_MORE_MAIL_FIELDS = re.compile(r"(?i)^(?:bcc|reply-to|date sent|importance)\s*:")


def _forwarded_at(lines: list[Line]) -> int | None:
    """The index of a forwarded-message marker among an e-mail's first lines, or None."""
    return next((i for i, line in enumerate(lines[:25]) if _FORWARDED.match(line.text)), None)


def _normalise(raw: str) -> str:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    # A tab between words sets columns apart ("Training<TAB>12.5<TAB>2024", a table pasted from a spreadsheet):
    # it is read as the gap between columns (`_COLUMN_GAP`); any other tab is a space.
    text = text.replace("\u00a0", " ")
    text = re.sub(r"(?<=\S)\t+(?=\S)", "   ", text).replace("\t", " ")
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", text)


def _lines(text: str) -> list[Line]:
    out: list[Line] = []
    blanks = 0
    for raw_line in text.split("\n"):
        stripped = raw_line.strip()
        if not stripped:
            blanks += 1
            continue
        out.append(Line(stripped, blanks, indent=len(raw_line) - len(raw_line.lstrip())))
        blanks = 0
    return out


def _drop_clutter(lines: list[Line]) -> list[Line]:
    """Drop the lines of a web page's furniture that are never the article (words: ingest/cleaning.json):
    an ad slot's label ("REKLAM"), a news ticker ("SON DAKİKA …"), a tag line ("Etiketler: …"), a row
    of share buttons ("Paylaş Tweetle E-posta"), a cookie banner and its consent button ("Kabul Et").
    They go before anything else is read, so they neither count as header lines nor join a paragraph."""
    found = words()
    banner = {i for i, line in enumerate(lines) if is_cookie_banner(line.text)}
    # A banner whose buttons stand on a line of their own ("We use cookies … / [ Accept all ] [ Reject all ]"),
    # and the short heading over it ("We value your privacy")
    for i, line in enumerate(lines[:-1]):
        if i not in banner and found.cookie.search(line.text) and is_consent_row(lines[i + 1].text):
            banner |= {i, i + 1}
            if i and word_count(lines[i - 1].text) <= 6 and lines[i].blanks_before == 0:
                banner.add(i - 1)
    near_banner = {j for i in banner for j in (i - 2, i - 1, i + 1, i + 2)}
    keep = []
    for i, line in enumerate(lines):
        text = line.text.strip("*_ ")
        clutter = (
            i in banner
            or (i in near_banner and is_consent_button(text))
            or found.ad_slot.match(text)
            or is_ticker(text)
            or found.tag_line.match(text)
            or is_share_row(text)
        )
        if not clutter:
            keep.append(line)
        elif keep and i + 1 < len(lines) and lines[i + 1].blanks_before == 0:
            lines[i + 1].blanks_before = line.blanks_before  # what stood apart from the line above still does
    return keep


def _drop_page_furniture(lines: list[Line]) -> None:
    """Drop page numbers and the running header or footer repeated at each page break.

    A line is a running header when the same short line (numbers aside) comes back at least twice and
    one of its appearances sits at a page break: next to a page number or after two blank lines. A
    title that the body repeats once is not one.
    """
    numbers = set()
    for i, line in enumerate(lines):
        text = line.text
        if _PAGE_NUMBER.match(text) and (re.search(r"[-—–|]|page|p\.|/|of", text, re.I) or line.blanks_before >= 1):
            line.kind = "junk"
            numbers.add(i)

    def key(text: str) -> str:
        return re.sub(r"\d+", "#", " ".join(text.casefold().split()))

    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.kind == "body" and 2 <= word_count(line.text) <= 15 and line.text[-1:] not in ".!?":
            seen.setdefault(key(line.text), []).append(i)
    for where in seen.values():
        at_break = any(lines[i].blanks_before >= 2 or {i - 1, i + 1, i - 2, i + 2} & numbers for i in where)
        if len(where) >= 2 and at_break:
            for i in where:
                lines[i].kind = "junk"


def _read_tables(lines: list[Line]) -> None:
    """Rewrite table rows as lines that read on their own: "Label: value"; pipe tables per cell.

    A dot-leader row's value may run on over indented lines below it; they join the row.
    """
    header: list[str] | None = None
    last_row: Line | None = None
    headed = _headed_column_rows(lines)
    for i, line in enumerate(lines):
        if line.kind != "body":
            continue
        text = line.text
        if i in headed:
            columns = headed[i]
            if columns is None:
                line.kind = "junk"  # the header row: its words go into each row below it
            else:
                cells = _COLUMN_GAP.split(text)
                line.text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(columns, cells) if c)
                line.shape, last_row = "row", None
            continue
        if _PIPE_ROW.match(text):
            cells = [c.strip() for c in text.strip("|").split("|")]
            following = lines[i + 1].text if i + 1 < len(lines) else ""
            if _PIPE_RULE.match(text):
                line.kind = "junk"
            elif header is None and _PIPE_RULE.match(following):
                header, line.kind = cells, "junk"
            elif header and len(header) == len(cells):
                line.text = "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, cells) if c)
                line.shape = "row"
            else:
                line.text = _row(cells)
                line.shape = "row"
            last_row = None
            continue
        header = None
        if match := _LEADER_ROW.match(text):
            label, value = (g for g in match.groups() if g is not None)
            line.text = _row([label.rstrip(" :"), value.strip()])
            line.shape, last_row = "row", line
        elif last_row is not None and line.blanks_before == 0 and line.indent > last_row.indent + 4:
            last_row.text += " " + text
            line.kind = "junk"
        elif len(cells := _COLUMN_GAP.split(text)) >= 2 and any(c in ("|", "·", "•") for c in cells):
            line.text = " ".join(text.split())  # "Dilara Yildiz   |   14.11.2025": parts of a header line, no columns
            last_row = None
        elif len(cells := _COLUMN_GAP.split(text)) >= 2 and all(word_count(c) <= 8 for c in cells) and not text.endswith("."):
            line.text = _row(cells)
            line.shape, last_row = "row", line
        else:
            last_row = None


def _headed_column_rows(lines: list[Line]) -> dict[int, list[str] | None]:
    """The rows of tables set in columns under a header row, each with the header's cells (the header
    row itself: None). Read on its own, "Azerbaijan   1,200   5" says nothing of troops or days; under
    "Country   Troops   Days" it is "Country: Azerbaijan; Troops: 1,200; Days: 5", as a pipe table's row is.
    A header is told by its cells: a column whose rows hold figures is headed by words, or a row of years
    heads rows of other figures ("2024   2025" over "Azerbaijan   1.2   3.4"; then the first header cell,
    over the labels, may be blank)."""
    out: dict[int, list[str] | None] = {}
    i = 0
    while i < len(lines):
        block = _column_block(lines, i)
        if len(block) >= 3 and (columns := _header_of([_COLUMN_GAP.split(lines[j].text) for j in block])):
            out[block[0]] = None
            out |= {j: columns for j in block[1:]}
        i = block[-1] + 1 if block else i + 1
    return out


def _column_block(lines: list[Line], start: int) -> list[int]:
    """The lines from ``start`` on that run on without a blank, each set in the same number of columns of
    short cells (the first may lack the blank cell over the labels); [] when ``start`` is no such line."""
    block: list[int] = []
    width = 0
    for j in range(start, len(lines)):
        line = lines[j]
        cells = _COLUMN_GAP.split(line.text)
        short = len(cells) >= 2 and all(word_count(c) <= 8 for c in cells) and not line.text.endswith(".")
        if line.kind != "body" or not short or _PIPE_ROW.match(line.text) or _LEADER_ROW.match(line.text):
            break
        if block and (line.blanks_before or len(cells) != width):
            if len(block) == 1 and len(cells) == width + 1 and not line.blanks_before:
                width = len(cells)  # a header without the blank cell over the labels
            else:
                break
        width = width or len(cells)
        block.append(j)
    return block


def _header_of(rows: list[list[str]]) -> list[str] | None:
    """The header's cells when the first of ``rows`` heads the others (see `_headed_column_rows`), with a
    blank first cell when it lacks the one over the labels; None when it is a row like the rest."""
    head, body = rows[0], rows[1:]
    width = len(body[0])
    if any(len(r) != width for r in body) or len(head) not in (width, width - 1):
        return None
    columns = ([""] if len(head) == width - 1 else []) + head

    def figure(cell: str) -> bool:
        return bool(re.search(r"\d", cell))

    def year(cell: str) -> bool:
        return bool(re.fullmatch(r"(?:19|20)\d\d", cell))

    for j in range(1, width):
        cells = [r[j] for r in body]
        figures = sum(figure(c) for c in cells)
        if not figure(columns[j]) and figures * 2 >= len(cells) and figures:
            return columns
    years = all(year(c) for c in columns[1:]) and not figure(columns[0])
    if years and not any(year(r[j]) for r in body for j in range(1, width)) and not any(figure(r[0]) for r in body):
        return columns
    return None


def _row(cells: list[str]) -> str:
    cells = [c for c in cells if c]
    # "Title:        Ankara and …": a label set in columns keeps its one colon
    return f"{cells[0].rstrip(' :')}: {'; '.join(cells[1:])}" if len(cells) > 1 else "".join(cells)


def _mark_shapes(lines: list[Line]) -> None:
    for line in lines:
        if line.kind != "body" or line.shape != "prose":
            continue
        text = line.text
        if (
            MD_HEADING.match(text)
            or all_caps(text)
            or (NUMBERED_PART.match(text) and word_count(text) <= 15)  # "Slide 3 — Why it is a security topic"
            or (
                NUMBERED_HEADING.match(text)
                and word_count(text) <= 15
                and text[-1:] not in ".;,"
                and not _ITEM.match(text)
                and all_caps(text.split(None, 1)[-1], share=0.5)
            )
        ):
            line.shape = "heading"
        elif _ITEM.match(text):
            line.shape = "item"


def _cut_related_tail(lines: list[Line]) -> None:
    # Only in the second half: a "Related" heading near the top is more likely real content. A heading
    # of the comments ("Yorumlar (3)", "Комментарии") past the first third: they are readers', not the article's.
    found = words()
    for i in range(len(lines) // 3, len(lines)):
        text = lines[i].text
        if (i >= len(lines) // 2 and (_RELATED.match(text) or found.related.match(text))) or found.comments.match(text):
            del lines[i:]
            break
    for line in lines[-3:]:
        if _READ_ALSO.match(line.text) or found.read_also.match(line.text):
            line.kind = "junk"
    # A newsletter's footer ("You are receiving this because you subscribed … Unsubscribe", its sender's
    # address) closes the e-mail, below the editor's signature; its "view in your browser" row opens it.
    for i in range(max(0, len(lines) - 6), len(lines)):
        if found.mail_footer.search(lines[i].text):
            del lines[i:]
            break
    for line in lines[:12]:
        if all(found.mail_footer.search(part) for part in LABEL_PARTS.split(line.text)):
            line.kind = "junk"


# ---------------------------------------------------------------------------------------------
# Footnotes, captions, bylines


def _split_footnotes(lines: list[Line]) -> tuple[list[_Note], list[Line]]:
    """Separate footnote blocks from the prose.

    A footnote starts at a line opening with its marker and runs on over following lines until a
    page break (two or more blank lines) or the next footnote. A line holding only a URL belongs to
    the latest footnote: PDF extraction leaves such tails stranded after the next page's prose.
    """
    notes: list[_Note] = []
    body: list[Line] = []
    in_note = False
    for line in lines:
        if in_note and line.blanks_before >= 2:
            in_note = False
        if line.kind == "junk":
            continue
        match = FOOTNOTE_DEF.match(line.text) or _MD_FOOTNOTE_DEF.match(line.text)
        if match and line.kind == "body":
            notes.append(_Note(match.group(1).translate(SUPER_TO_DIGIT), [match.group(2)]))
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


def _drop_captions_and_bylines(lines: list[Line], meta: dict[str, str]) -> list[Line]:
    keep: list[Line] = []
    for i, line in enumerate(lines):
        if line.kind == "photo":
            # The short line right above a credit is the picture's caption.
            if keep and i > 0 and keep[-1] is lines[i - 1] and line.blanks_before <= 1 and word_count(keep[-1].text) <= 10:
                keep.pop()
            continue
        if match := BYLINE.match(line.text):
            meta.setdefault("author", match.group(1))
            continue
        keep.append(line)
    return keep


# ---------------------------------------------------------------------------------------------
# Paragraphs


def _unterminated(paragraph: str) -> bool:
    """A long paragraph that stops mid-sentence was cut by a page break."""
    if word_count(paragraph) < 8 or paragraph.startswith(("- ", "* ", "• ")):
        return False
    # A footnote marker after the full stop ("… and security.⁵", "… partners.[^3]") ends nothing.
    last = re.sub(rf"(?:[{SUPERSCRIPTS}]+|\[\^[\w-]+\])+$", "", paragraph.rstrip()).rstrip()
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
    return following[:1].isupper() and words[-1].casefold() not in CANNOT_END


def _merge_broken(lines: list[Line]) -> list[str]:
    """Join the lines of one paragraph: a paragraph cut by a page break, and in hard-wrapped text the
    lines that follow on with no blank between. Only prose joins; rows, items and headings stand
    alone (a wrapped item takes its indented continuation lines)."""
    wrapped = _hard_wrapped(lines)
    words = _vocabulary(lines)
    paragraphs: list[str] = []
    last: Line | None = None
    for line in lines:
        text = line.text
        prose = line.shape == "prose"
        cut = (
            last is not None
            and prose
            and last.shape == "prose"
            and _unterminated(paragraphs[-1])
            and not _subheading(paragraphs[-1], text)
        )
        wraps = (
            wrapped
            and last is not None
            and prose
            and line.blanks_before == 0
            and (last.shape == "prose" or (last.shape == "item" and line.indent > 0))
        )
        if cut or wraps:
            paragraphs[-1] = _join(paragraphs[-1], text, words)
        else:
            paragraphs.append(text)
            last = line
    return paragraphs


def _hard_wrapped(lines: list[Line]) -> bool:
    """Text wrapped at a fixed width: no long lines, and many lines running to about the same width."""
    prose = [len(line.text) for line in lines if line.shape == "prose"]
    if len(prose) < 8 or max(prose) > 110:
        return False
    return sum(55 <= n <= 110 for n in prose) >= 0.5 * len(prose)


def _vocabulary(lines: list[Line]) -> Counter[str]:
    return Counter(w.casefold() for line in lines for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", line.text))


def _join(paragraph: str, line: str, words: Counter[str]) -> str:
    """Append a line; a word hyphenated at the line end becomes whole ("inter-" + "nal") when nothing
    says the hyphen is real: the document does not write it hyphenated, the first half is not a name
    ("Turkish-made") and neither half is a word the document uses elsewhere (each half is counted
    once at the break itself, hence "at least twice")."""
    match = re.search(r"([^\W\d_]+)-$", paragraph)
    if not match or not line[:1].islower():
        return paragraph + " " + line
    head = match.group(1)
    tail = re.match(r"[^\W\d_]+", line)
    tail_word = tail.group(0) if tail else ""
    whole = (head + tail_word).casefold()
    hyphenated = f"{head}-{tail_word}".casefold()
    keep = whole not in words and (
        hyphenated in words or head[:1].isupper() or words[head.casefold()] >= 2 or words[tail_word.casefold()] >= 2
    )
    return (paragraph if keep else paragraph[:-1]) + line


def _opening(paragraphs: list[str], body: list[Line], notes: list[_Note]) -> list[str]:
    """The first paragraphs as the cleaned text will read them, without the header lines it keeps (date
    lines, bylines) and table rows: what a derived title may be made of."""
    shapes: dict[str, str] = {}
    for line in body:
        shapes.setdefault(line.text, line.shape)
    defined = frozenset(note.marker for note in notes)
    opening = []
    for paragraph in paragraphs[:12]:
        if shapes.get(paragraph) in ("line", "row"):
            continue
        if text := inline(MD_HEADING.sub("", paragraph), defined)[0]:
            opening.append(text)
    return opening


def _same(a: str, b: str) -> bool:
    return bool(b) and MD_HEADING.sub("", a).strip().casefold() == b.strip().casefold()


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


def _assemble(paragraphs: list[str], notes: list[_Note], meta: dict[str, str]) -> CleanArticle:
    defined = frozenset(note.marker for note in notes)
    parts: list[str] = []
    cited: dict[str, int] = {}
    length = 0
    for paragraph in paragraphs:
        text, markers = inline(MD_HEADING.sub("", paragraph), defined)
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
        text, _ = inline(" ".join(note.parts))
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
        title_source=meta.get("title_source", ""),
        publication=meta.get("publication", ""),
    )
