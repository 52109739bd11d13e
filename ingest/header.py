"""Reading an article's header and closing lines: its title, author(s), date and publication.

The cleaner (ingest/clean.py) hands over the article's lines; `read_header` walks the first ones
(headline, standfirst, bylines, date lines, e-mail fields, a slide deck's title slide, a labelled
header in columns) and marks what it consumed, `read_end_byline` reads a byline, signature or note on
the author from the last lines. Words of the region's languages (month names, labels) are data in
otsqa/dates.json and ingest/cleaning.json, never here.

Kept in smaller modules, data flowing one way: people (names, bylines, `read_end_byline`) in
ingest/header_names.py and dates in ingest/header_dates.py, which import nothing of the walk; what is read
after the walk (`read_header_rest`, `better_headline`) in ingest/header_rest.py, which imports the three.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.header_dates import (
    HEADER_PARTS,
    MONTH_YEAR,
    PART_SEPARATOR,
    date_in,
    date_in_line,
    dated_parts,
    is_date_line,
    labelled_dates,
    region_day,
    region_month_year,
    take_dates,
    updated_part,
)
from ingest.header_names import (
    AFFILIATED,
    BYLINE,
    DATE_BY,
    MARKED_AUTHORS,
    ROLE_LINE,
    any_byline,
    author_label,
    bare_name,
    credit,
    people,
    person,
)
from ingest.header_record import record_field
from ingest.lines import FOOTNOTE_DEF, MD_HEADING, NUMBERED_HEADING, WIDGET, Line, all_caps, inline, unemphasised, word_count
from ingest.wordlists import words
from otsqa.dates import date_labels, fold, is_update_label, month_in_language, publication_label


def read_header(lines: list[Line]) -> dict[str, str]:
    """Title, date and byline from the lines before the first real paragraph (marked junk after).

    Labelled date lines ("Published: 14.10.2025", "Updated: …") and a month-only date stay in the text
    as lines of their own; the date is the published one when a label says so.
    """
    meta: dict[str, str] = {}
    for line in lines[:14]:
        if line.kind == "body" and _PROVENANCE.match(line.text.strip("*_ ")):
            line.kind = "junk"  # where the file came from, never the article: read before a headline is looked for
    candidates: list[Line] = []
    masthead: Line | None = None  # a short line atop the page: the outlet's name over its headline
    role_line: Line | None = None
    wrapped_at = -1  # the last line a headline candidate ends on
    went_on = False  # read past a short line on the word of a date or byline below it: keep what is not the title
    updated = ""
    event_date = ""
    for i, line in enumerate(lines[:14]):
        if line.kind != "body":
            continue
        if _BREADCRUMB.search(line.text) or _RULE.match(line.text) or _SKIP_LINK.match(line.text):
            line.kind = "junk"  # "Home › World › Central Asia": a web page's trail; "=====": a rule, no headline
            continue
        if (source := source_line(line.text)) is not None:
            if source:
                meta.setdefault("publication", source)  # "Source: [Nomad Security Bulletin](https://…)"
            line.kind = "junk"
            continue
        if line is role_line:
            continue  # a person's role under their name, read with it
        if "publication" not in meta and (outlet := _outlet(line.text)):
            meta["publication"] = outlet  # the line itself is read below as before (a date, a label, a headline)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if NUMBERED_HEADING.match(line.text) and line.shape == "heading":
            break  # "1. WHY WATER, WHY NOW": the first section has begun
        if (named := _name_date_parts(unemphasised(line.text))) is not None:
            # "Dilara Yildiz | 14.11.2025 11:20 | Last updated: 14.11.2025 15:02": a byline without "By"
            meta.setdefault("author", named[0])
            updated = take_dates(meta, *named[1:], updated)
            line.kind = "junk"  # a byline, which goes as "By …" does
            continue
        if (dated := dated_parts(unemphasised(line.text))) is not None:
            updated = take_dates(meta, *dated, updated)
            line.shape = "line"
            continue
        if (parts := _labelled_parts(line.text)) and parts.keys() & {"date", "updated"}:
            # "Haber: Selin Aydoğan Yayınlanma: 14 Ekim 2025 - 09:30": a line of labelled parts. One opening
            # with its date stays in the text as a labelled date line does; one opening with a byline goes.
            meta.update({k: v for k, v in parts.items() if k != "updated" and k not in meta})
            updated = updated or parts.get("updated", "")
            if _part_label().match(line.text).group(1):
                line.shape = "line"
            else:
                line.kind = "junk"
            continue
        if (
            word_count(line.text) >= 8
            and not NUMBERED_PART.match(line.text)  # "Slide 1 — The Turkic digital corridor: …" over its subtitle
            and line.shape != "row"  # "Ref. 25-11    Drafted: …    Circulated: …": a header's columns
            and following is not None
            and following.kind == "body"
            and following.blanks_before == 0
            and following.shape == "prose"
            and not is_date_line(following.text)  # a title with its date line right under it
            and not BYLINE.match(following.text.strip("*_ "))  # or its byline
        ):
            break  # the first line of a hard-wrapped paragraph
        text = WIDGET.sub("", line.text).strip()
        bare = unemphasised(text).strip("*_ ")
        if (line.shape == "row" or HEADER_PARTS.search(bare)) and (found := labelled_dates(" | ".join(HEADER_PARTS.split(bare)))):
            # "Ref. 25-11   Drafted: 4 November 2025   Circulated: 11 November 2025", "Network · Resource page ·
            # Last reviewed: 30 September 2025": a line of parts, some of them labelled dates
            updated = take_dates(meta, *found, updated)
            line.shape = "line"
            continue
        if words().header_field.match(bare):
            line.shape = "line"  # "Distribution: members of the working group": a document's field, no headline
            continue
        turn = (
            _TURN.match(bare)
            and not (author_label().match(bare) or publication_label().match(bare))
            # "ANALYSIS: …", "EXCLUSIVE: …": a label before a headline, unless more turns follow
            and (bare[:2] in ("Q:", "A:") or _more_turns(lines[i + 1 : i + 10]))
        )
        if candidates and not turn and _TURN.match(bare) and not author_label().match(bare):
            line.shape = "line"  # "EXCLUSIVE: what the envoys agreed" below the headline: a kicker, kept as a line
            continue
        if candidates and not turn and bare.endswith("?") and _byline_or_date_follows(lines[i + 1 : i + 4]):
            line.shape = "line"  # "Can the ports keep their place?" over "By …": a standfirst, kept as a line
            continue
        if turn or (candidates and bare.endswith("?")):
            break  # "Q: What changed …?" below an interview's headline: the conversation has begun
        if _SLIDE.match(bare) and (candidates or meta):
            break  # "Slide 1 — Title" below the deck's own title, presenter and date: the slides begin
        if (label := publication_label().match(bare)) and (date := date_in(bare)):
            if is_update_label(label.group(1)):
                updated = updated or date
            else:
                meta.setdefault("date", date)
            line.shape = "line"
            continue
        if word_count(text) >= 20 or (word_count(text) >= 12 and text.endswith(".")):
            break
        if (month := MONTH_YEAR.match(text) or region_month_year().match(text)) and "date" not in meta:
            meta["date"] = f"{month.group(2)}-{month_in_language(month.group(1)):02d}"
            line.shape = "line"
            continue
        if region_day().match(bare):
            line.shape = "line"  # "12 сентября, 17:25": a date line without its year, no date to read
            continue
        if (date := date_in_line(text)) is not None:
            if _EVENT_DATE.match(bare) and not publication_label().match(bare):
                event_date = event_date or date  # "Summit held: 6–7 November 2025": an event's day, not the article's
                line.shape = "line"
                continue
            meta.setdefault("date", date)
            if by := DATE_BY.search(bare):  # "Posted on April 2, 2025 by Kerem Aydin"
                meta.setdefault("author", by.group(1))
            for part in PART_SEPARATOR.split(bare):  # "By Leyla Huseynova · 14 August 2025 · 6 min read"
                if by := BYLINE.match(part.strip("*_ ")):
                    meta.setdefault("author", by.group(1))
        elif (match := any_byline(bare)) and word_count(bare) <= 16:
            meta.setdefault("author", match.group(1))
        elif (dated := _byline_dated(bare)) is not None:
            meta.setdefault("author", dated[0])  # "Written by A and B 30 September 2025" (a page's spans run together)
            meta.setdefault("date", dated[1])
        elif MARKED_AUTHORS.match(bare) and "author" not in meta:
            meta["author"] = re.sub(r"\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+", "", bare)  # "Levent Aydin¹ and Zsofia Kertesz²"
            line.shape = "line"
            continue
        elif (
            (match := AFFILIATED.match(bare))
            and 2 <= word_count(match.group(1)) <= 4
            and word_count(bare) <= 25
            and not credit(match[1])
            and not any(fold(w) in words().publication_words for w in match[1].split())
        ):
            meta.setdefault("author", match.group(1))  # "Askar Nurlanov, Centre for Eurasian Infrastructure Studies"
            line.shape = "line"
            continue
        elif line.shape == "row" and (candidates or i >= 6):
            break
        elif line.shape == "row":
            line.shape = "line"  # "Series: Working Papers No. 4" above the headline: a document's field
            continue
        elif "author" not in meta and (name := _name_over_date_or_role(bare, lines[i + 1 : i + 3])):
            # "Aigerim Tokhtarova" over "Research Fellow, Bishkek Centre …" or over "Apr 9, 2025": the author
            meta.setdefault("author", name)
            line.shape = "line"
            following = next((ln for ln in lines[i + 1 : i + 3] if ln.kind == "body"), None)
            if following is not None and ROLE_LINE.search(following.text) and not is_date_line(following.text):
                following.shape, role_line = "line", following
            continue
        elif masthead is None and not candidates and not meta and _masthead(bare):
            masthead = line  # "Mediterranean Dispatch", "ANKARA LINE": the outlet, or the headline if none follows
            continue
        elif (
            candidates
            and wrapped_at == i - 1
            and line.blanks_before == 0
            and word_count(text) < 3
            and not bare.endswith(".")
            and wraps_on(candidates[-1].text, text)
        ):
            candidates[-1].text += " " + text  # "From Summit Rhetoric to" / "Standing Structures:" / "Assessing …"
            line.kind, wrapped_at = "junk", i
            continue
        elif not is_label(bare) and 3 <= word_count(text) <= 30 and not bare.endswith(".") and not FOOTNOTE_DEF.match(text):
            if _deeper_heading(line.text, candidates) and not _byline_or_date_follows(lines[i + 1 : i + 4]):
                break  # "### Which states run satellites?" under "# Satellites: FAQ": the first section's heading
            if (
                candidates
                and wrapped_at == i - 1
                and line.blanks_before == 0
                and (wraps_on(candidates[-1].text, text) or title_block_ends(candidates[-1].text, text, lines[i + 1 : i + 2]))
            ):
                candidates[-1].text += " " + text  # a headline wrapped over two lines: "Turkic States Agree to" / "Pool …"
                line.kind, wrapped_at = "junk", i
                continue
            candidates.append(line)
            wrapped_at = i
            continue
        elif not meta and not candidates and _cyrillic_slug(bare):
            line.shape = "line"  # "ПОЛИТИКА" above the headline: a news agency's section slug, kept as it is
            continue
        elif not is_label(bare) and not _header_goes_on(bare, i, lines):
            break  # a short first paragraph or heading: the header is over
        elif not is_label(bare):
            line.shape = "line"  # "Expert Comment" over the date: the header goes on, and the line stays text
            went_on = True
            continue
        line.kind = "junk"
    updated = _read_labelled_lines(lines[:30], meta) or updated
    if "publication" not in meta and (agency := _dateline_outlet(lines)):
        meta["publication"] = agency
    if updated:
        meta.setdefault("date", updated)
    if event_date:
        meta.setdefault("date", event_date)  # no other date: the one the header gives is the best guess
    # "BORDERLANDS REVIEW · CONVERSATIONS" above an interview: an outlet and its section, a headline only
    # when the page has no other ("the Borderlands interview" is how readers name it).
    # "Slide deck, text export (…)", "Panel transcript, Helsinki Forum": a line naming what the document is.
    headlines = [
        ln
        for ln in candidates
        if not (all_caps(ln.text) and PART_SEPARATOR.search(ln.text))
        and not is_label(re.split(r"[,(]", ln.text)[0])
        # "MERIDIAN | The magazine of Eurasian affairs | April 2025 | Features", "Turan Post · Defence · Central
        # Asia", "DEFENCE & SECURITY: PAGE 7": an outlet's or a page's line of parts, a tagline ("A weekly
        # selection of commentary from the region")
        and len(PART_SEPARATOR.findall(ln.text)) < 2
        and not _PAGE_REFERENCE.search(ln.text)
        and not _TAGLINE.match(ln.text.strip("*_ "))
    ]
    if masthead is not None and candidates and masthead not in candidates:
        meta.setdefault("publication", outlet_name(masthead.text.strip("*_ ")))
        masthead.kind = "junk"
    elif masthead is not None:
        candidates.insert(0, masthead)  # no headline below it: it is the headline
    if candidates:
        # The longest line, but not a standfirst under the headline (often longer): the first line wins when
        # it is no line of parts ("Issue 41 | November 2025", "The Borderlands Podcast — Episode 12") and
        # at least half as long as the longest.
        pool = headlines or candidates
        longest = max(pool, key=lambda ln: len(ln.text))
        first = pool[0]
        plain = not PART_SEPARATOR.search(first.text) and not LABEL_PARTS.search(first.text) and not all_caps(first.text)
        title_line = first if plain and 2 * len(first.text) >= len(longest.text) else longest
        for other in candidates:
            # "Kyrgyz rescuers … – Bishkek Evening Post" (the page's title) and "Kyrgyz rescuers …" (its headline)
            suffix = title_line.text[len(other.text) :] if title_line.text.startswith(other.text) else ""
            if other is not title_line and (outlet := re.fullmatch(r"\s+[|–—-]\s+(.{2,60})", suffix)):
                meta.setdefault("publication", outlet_name(outlet[1].strip()))
                title_line = other
        meta["title"] = unquoted(without_label(inline(MD_HEADING.sub("", title_line.text))[0]))
        for line in candidates:
            if line is not title_line and (_standfirst(line.text) or went_on or _field_line(line.text)):
                # a standfirst under the headline says what the article holds; a field ("Venue: Doha Port
                # Authority", "Participants: …") is the article's too: they stay
                line.shape = "line"
            else:
                line.kind = "junk"
    return meta


def wraps_on(above: str, text: str) -> bool:
    """Whether ``text`` continues the headline line ``above``: it ends on a word no headline ends with, or
    ``text`` opens in lower case."""
    last = above.rstrip().rsplit(None, 1)[-1].casefold() if above.strip() else ""
    return last in _OPEN_ENDINGS or last.endswith(_OPEN_MARKS) or text[:1].islower()


_OPEN_ENDINGS = frozenset("to of and the in for on a an with from at by as or but into over under its their".split())
_OPEN_MARKS = (":", ",")  # "Standing Structures:" / "Assessing the OTS Security Track"
# Not in a wrapped headline: a full stop ("Brig. Gen. (Ret.) Selim Kocabaş" over "Maj. Aibek …"), quotes
# (an episode's title under its show's), a spaced dash ("The Borderlands Podcast — Episode 12").
_NOT_A_HEADLINE_WRAP = re.compile(r"""[.!?"“”«»]|\s[—–-]\s""")


def _title_case(text: str) -> bool:
    longer = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return bool(longer) and all(w[:1].isupper() for w in longer) and not all_caps(text)


def title_block_ends(above: str, text: str, after: list) -> bool:
    """A headline wrapped where no word says so: "Turkic States Agree to Pool Border Intelligence" /
    "Along Caspian Routes", both in Title Case, the block closed by a blank line, 20 words at most."""
    closed = not after or after[0].blanks_before > 0
    if _NOT_A_HEADLINE_WRAP.search(above + " " + text):
        return False
    return closed and _title_case(above) and _title_case(text) and word_count(above) + word_count(text) <= 20


def _standfirst(text: str) -> bool:
    """A line of the header that reads as a sentence of the article (a standfirst, a summary): six words or
    more, in sentence case, no line of parts, no label, no outlet."""
    bare = text.strip("*_ ")
    words_ = bare.split()
    if len(words_) < 6 or all_caps(bare) or PART_SEPARATOR.search(bare) or MD_HEADING.match(text):
        return False
    if is_label(re.split(r"[,(]", bare)[0]):
        return False  # "Slide deck, text export (speaker notes included)": what the document is
    lower = sum(1 for w in words_[1:] if w[:1].islower())
    return lower >= len(words_[1:]) / 2  # "Observer status has so far brought …", not "A Title In Title Case"


# "Summit held: …", "Trial date: …", "Event date: …": a labelled line dating what the article reports, by its
# label's word for an event (a label without one, "Filed: …", may well date the article).
_EVENT_DATE = re.compile(
    r"(?i)^[^\W\d_][^:|·•]{0,30}\b(?:held|took place|summit|meeting|event|trial|exercise|drill|conference|workshop|"
    r"session|visit|signed|signing|talks|interview|recording|deadline)\b[^:|·•]{0,15}:\s"
)
# a page's link for screen readers ("Skip to main content"): no headline
_SKIP_LINK = re.compile(
    r"(?i)^\W*skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|article|navigation)\W*$"
)  # a page's link for screen readers
_PAGE_REFERENCE = re.compile(r"(?i)\b(?:page|pg\.?|p\.)\s*\d+\s*$")
_TAGLINE = re.compile(
    r"(?i)^(?:an?|the|your)\s+(?:(?:weekly|fortnightly|monthly|daily|quarterly|independent|regular|short|bi-?weekly)\s+)+"
    r"(?:[\w-]+\s+){0,2}(?:briefing|newsletter|digest|selection|round-?up|review|bulletin|look|guide|magazine|journal)\b[^.]*$"
)
_RULE = re.compile(r"^\s*([=\-_*~#])\1{4,}\s*$|^\s*([=\-~#])\2{2,}\s.{1,60}\s\2{3,}\s*$")  # also "=== Thread export ==="
# "Home › World › Central Asia", "News » Region » Caucasus": a page's trail of sections; in markdown, links
# one after another ("[Home](/) / [Research](/research) / …", the page's own title often last).
_BREADCRUMB = re.compile(
    r"^\S[^.!?]{0,60}\s[›»]\s[^.!?]{1,60}\s[›»]\s|^\[[^\]]{1,40}\]\([^)]*\)\s+[/›»>|]\s+\[[^\]]{1,40}\]\([^)]*\)"
)
# A line that only says where the file came from: a web address ("bishkekeveningpost.example/news/…"),
# "Retrieved from: https://…", "Accessed on 12 October 2025" (the day it was saved, not published).
_PROVENANCE = re.compile(
    r"^(?:(?:retrieved|downloaded|saved|archived)\s+(?:from|on)\b|accessed(?:\s+on)?\b|url\s*:)"
    r"|^(?:https?://|www\.)\S+$|^[\w-]+(?:\.[\w-]+)+/\S*$",
    re.I,
)


# A wire's dateline names its agency: "ASTANA, March 3 (Steppe Wire) — …", "TASHKENT (Meridian Newswire) -".
_DATELINE = re.compile(r"^[A-ZÀ-Þ][A-ZÀ-Þ .'-]{1,30}(?:,[^()\n]{0,30})?\s*\(([A-Z][^()\n]{1,40})\)\s*[—–-]\s")


def _dateline_outlet(lines: list[Line]) -> str:
    """The agency a wire's dateline names, in the first paragraph of the body; "" without one."""
    first = next((ln for ln in lines[:20] if ln.kind == "body" and ln.shape == "prose" and word_count(ln.text) >= 12), None)
    match = _DATELINE.match(first.text) if first is not None else None
    return match.group(1).strip() if match else ""


def _header_goes_on(text: str, i: int, lines: list[Line]) -> bool:
    """Whether a short line near the top ("Expert Comment", "Issue 14") is one more of the header's labels:
    a byline or a date line still follows it. Otherwise it opens the text (a heading, a greeting)."""
    if MAIL_FIELD.match(text):
        return False  # an e-mail's fields stay as they are: words a reader may cite
    if not (i <= 6 and word_count(text) <= 3 and not text.endswith(".")):
        return False
    # the next line of the body is a date line or a byline proper (not a short sentence naming a date)
    after = [ln.text.strip("*_ ") for ln in lines[i + 1 : i + 4] if ln.kind == "body"]
    return _masthead(text) and any(is_date_line(t) and word_count(t) <= 6 or any_byline(t) for t in after)


def unquoted(title: str) -> str:
    """A headline without the quotation marks a transcript or a listing sets it in."""
    for left, right in (('"', '"'), ("“", "”"), ("«", "»"), ("'", "'"), ("‘", "’")):
        once = title.count(right) == (2 if left == right else 1)  # "'A' and 'B'" is no quoted headline
        if len(title) > 2 and title.startswith(left) and title.endswith(right) and once:
            return title[1:-1].strip()
    return title


def _masthead(text: str) -> bool:
    """A line that can be an outlet's name atop a page: one to four words in capitals or title case, no
    digits, no sentence, no label ("Analysis") or byline."""
    words_ = text.split()
    return (
        1 <= len(words_) <= 4
        and not re.search(r"[\d.:!?|·•]", text)
        and all(w[:1].isupper() or w.lower() in ("of", "and", "the", "for", "on", "&") for w in words_)
        and not is_label(text)
        and not any_byline(text)
    )


def outlet_name(text: str) -> str:
    """An outlet's name as it reads in a sentence: "ANKARA LINE" → "Ankara Line", "CENTRE FOR FERGANA VALLEY
    STUDIES" → "Centre for Fergana Valley Studies" (a short word of three letters or fewer stays: "OTS")."""
    if not all_caps(text, share=1.0):
        return text
    small = ("OF", "FOR", "ON", "IN", "AT", "TO", "AND", "THE")

    def word(i: int, w: str) -> str:
        if w in small:
            return w.capitalize() if i == 0 else w.lower()
        # (Turkish "İ" lowers to "i": "TÜRKİSTAN" is "Türkistan", never "i" with a combining dot)
        return w if len(w) <= 3 and w.isalpha() else w.replace("İ", "i").capitalize()

    return " ".join(word(i, w) for i, w in enumerate(text.split()))


def _name_over_date_or_role(text: str, following: list[Line]) -> str:
    """The name a header line gives when it is only a person's name and the next line is a date or the
    person's role or institution ("Osman Celebi" over "Apr 9, 2025"); "" for any other line."""
    if not bare_name(text) or is_label(text):
        return ""
    nxt = next((ln for ln in following if ln.kind == "body"), None)
    if nxt is None:
        return ""
    bare = nxt.text.strip("*_ ")
    return text if is_date_line(bare) or date_in_line(bare) or ROLE_LINE.search(bare) else ""


def _byline_dated(text: str) -> tuple[str, str] | None:
    """A byline with its date right after it and nothing between ("Written by A and B 30 September 2025",
    "By A Tuesday 4 March 2025"): the author and the date; None for any other line."""
    tokens = text.split()
    for n in (1, 3, 4, 2):
        head, tail = " ".join(tokens[:-n]), " ".join(tokens[-n:])
        if len(tokens) > n and word_count(head) <= 16 and (date := date_in(tail)) and (match := any_byline(head)):
            return (match.group(1), date) if people(match.group(1), head) else None
    return None


def _name_date_parts(text: str) -> tuple[str, str, str] | None:
    """A header line of parts opening with a person's name, another part a date ("Dilara Yildiz | 14.11.2025
    11:20 | Last updated: …"): the name, the published date and the updated one; None for any other line."""
    parts = [p.strip() for p in PART_SEPARATOR.split(text.strip("*_ ")) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(word_count(p) > 6 for p in parts):
        return None
    first = parts[0]
    if by := BYLINE.match(first):
        first = by.group(1)  # "By Nodira Ergasheva | 12 March 2025"
    if not bare_name(first):
        return None
    published = [d for p in parts[1:] if not updated_part(p) and (d := date_in(p))]
    changed = [d for p in parts[1:] if updated_part(p) and (d := date_in(p))]
    if not published and not changed:
        return None
    return first, (published[0] if published else ""), (changed[0] if changed else "")


def _more_turns(lines: list[Line]) -> bool:
    """Whether a speaker's turn comes in the next body lines: a conversation ("MODERATOR: …" then
    "KARIMOVA: …"), not one line with a label in capitals ("ANALYSIS: Ports under pressure")."""
    return any(line.kind == "body" and _TURN.match(line.text.strip("*_ ")) for line in lines)


def _byline_or_date_follows(lines: list[Line]) -> bool:
    """Whether a byline or a date line comes in the next body lines: what tells a standfirst asking a
    question from an interviewer's first question (a conversation has no byline below its opening)."""
    for line in lines:
        if line.kind != "body":
            continue
        bare = line.text.strip("*_ ")
        if _TURN.match(bare):
            return False  # "A: In June 2025 we …": the answer to an interviewer's question
        if is_date_line(bare) or date_in_line(bare) or BYLINE.match(bare) or author_label().match(bare):
            return True
    return False


NUMBERED_PART = re.compile(r"^(?:slide|page|part|panel|session)\s+\d{1,3}\s*(?:[—–:]|-(?=\s))\s*", re.I)
# A speaker's turn: "Q: …", "A: …", "MODERATOR: …" (a short label in capitals, then the words).
_TURN = re.compile(r"^(?:Q|A|[A-ZА-ЯЁ]{2,}(?:[ .'-][A-ZА-ЯЁ]+)*):\s+\S")
MAIL_FIELD = re.compile(r"^(?:from|sent|date|to|cc|subject)\s*:", re.I)
_SLIDE = re.compile(r"^slide\s+\d", re.I)
_LABEL_OPENING = re.compile(r"^(?P<label>[^\W\d_][^:–—-]{1,30}?)\s*(?:\s[-–—]|:)\s+(?P<rest>\S.{8,})$")


def without_label(title: str) -> str:
    """A headline without the section label a wire puts before it ("ANALYSIS - Less opium, more meth: …"),
    or the number a slide deck's export puts before it ("Slide 1 — The Turkic digital corridor")."""
    title = _WIRE_PREFIX.sub("", NUMBERED_PART.sub("", title))
    match = _LABEL_OPENING.match(title)
    # "ANALYSIS - …" in capitals; "Opinion: …" in any case when a colon sets the label off
    colon = match is not None and title[len(match["label"]) :].lstrip().startswith(":")
    if match and is_label(match["label"]) and (all_caps(match["label"]) or colon):
        return match["rest"]
    return title


# A wire's revision tag glued to its headline: "UPDATE 2-…", "CORRECTED-…", "REFILE-…".
_WIRE_PREFIX = re.compile(r"^(?:UPDATE|CORRECTED|REFILE|RPT|WRAPUP)(?:\s*\d+)?\s*-\s*(?=\S)")


def _cyrillic_slug(text: str) -> bool:
    """An ALL-CAPS line of one or two Cyrillic words ("ПОЛИТИКА", "ЦЕНТРАЛЬНАЯ АЗИЯ"), as a news agency
    heads an item with its section. (In Latin script such a line ends the header as before: in English
    articles it is as often a heading of the text.)"""
    return all_caps(text) and word_count(text) <= 2 and bool(re.search("[а-яёА-ЯЁ]", text)) and not is_label(text)


def source_line(text: str) -> str | None:
    """The outlet a lone "Source: …" line names atop an article (a label of ingest/cleaning.json's
    `record_fields` for a publication; a markdown link's text), "" when the line names none that looks
    like one (a web address); None for any other line."""
    match = re.match(r"^[*_]*([^\W\d_][\w ]{1,20}?)[*_]*\s*:\s*(.+)$", text.strip())
    if match is None or record_field(match[1]) != "publication":
        return None
    value = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", match[2]).strip("*_ .")
    return outlet_name(value) if value and not re.search(r"\d|https?:|www\.", value) and word_count(value) <= 8 else ""


def _outlet(text: str) -> str:
    """The outlet a header line of parts opens with, or "": "STEPPE SIGNAL · Commentary", "Tbilisi Regional
    Review · Report · 14 November 2025", "Turkic Region Reintegration Network · Resource page · Last reviewed: …".
    The first part names the outlet when a word of it is a publication's ("Review", "Network"; ingest/
    cleaning.json) or, in capitals, when a section label follows; "Kerem Aydin · 14 March 2025" names a
    person, and a byline or a date never opens an outlet's line."""
    parts = [p.strip() for p in PART_SEPARATOR.split(text.strip("*_ ")) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(word_count(p) > 6 for p in parts):
        return ""
    first, rest = parts[0], parts[1:]
    if is_label(first) or date_in(first) or any_byline(first) or ":" in first or not 1 <= word_count(first) <= 6:
        return ""
    names = [w for w in first.split() if w[:1].isalpha()]
    if not names or not all(w[0].isupper() or w.lower() in ("of", "and", "the", "for", "on") for w in names):
        return ""
    published = any(fold(w.strip(".,&")) in words().publication_words for w in first.split())
    labelled = any(is_label(p) for p in rest)
    if not (published or (all_caps(first, share=1.0) and labelled)):
        return ""
    return outlet_name(first)


def _field_line(text: str) -> bool:
    """A line giving one field of what the article is about ("Venue: Doha Port Authority"): a label of one
    to three words, no section label ("ANALYSIS: …" is a kicker), then its value."""
    match = re.match(r"^[*_]*([^\W\d_][\w'’ -]{0,30}?)[*_]*\s*:\s+\S", text)
    return bool(match) and len(match[1].split()) <= 3 and not is_label(match[1]) and not _TURN.match(text)


def is_label(text: str) -> bool:
    """A section label standing alone ("Analysis", "Аналитика", "Yorum"; ingest/cleaning.json), or a line of
    them ("RESTRICTED CIRCULATION - WORKING DOCUMENT": a document's markings, never its title)."""
    parts = LABEL_PARTS.split(" ".join(text.split()))
    return all(words().section_label.match(part) for part in parts)


LABEL_PARTS = re.compile(r"\s+[-–—/|·•]\s+")


def _deeper_heading(text: str, candidates: list[Line]) -> bool:
    """Whether ``text`` is a markdown heading deeper than one already read as a headline candidate (the
    page's title was "#", its sections are "##" or "###"), or a slide's number after the title slide's."""
    if NUMBERED_PART.match(text) and any(NUMBERED_PART.match(c.text) for c in candidates):
        return True  # "Slide 2 — Agenda" under "Slide 1 — <title>"
    level = _md_level(text)
    return level > 0 and any(0 < _md_level(c.text) < level for c in candidates)


def _md_level(text: str) -> int:
    match = MD_HEADING.match(text)
    return len(match.group().strip()) if match else 0


@lru_cache(maxsize=1)
def _part_label() -> re.Pattern[str]:
    # Group 1: the label of a date; group 2: of a byline. Each opens the line or follows a space or separator.
    return re.compile(rf"(?<![^\s|·•;])(?:({date_labels()})|({words().author_label}))\s*:", re.I)


def _labelled_parts(text: str) -> dict[str, str] | None:
    """A line made of labelled parts only, each "Label: value" ("Haber: Selin Aydoğan Yayınlanma: 14 Ekim
    2025 - 09:30 Güncelleme: …", "Автор: … | Опубликовано: …"): what they give, as "author", "date" and
    "updated" (ISO); None for any other line."""
    starts = list(_part_label().finditer(text))
    if not starts or text[: starts[0].start()].strip(" |·•;*_"):
        return None
    found: dict[str, str] = {}
    for match, after in zip(starts, starts[1:] + [None]):
        piece = text[match.start() : after.start() if after else len(text)].strip(" |·•;*_")
        if match.group(1):
            if (date := date_in(piece)) is None or word_count(piece) > 10:
                return None
            found.setdefault("updated" if is_update_label(match.group(1)) else "date", date)
        elif (byline := author_label().match(piece)) and person(byline.group(1), piece):
            found.setdefault("author", byline.group(1))
        else:
            return None
    return found


def _read_labelled_lines(lines: list[Line], meta: dict[str, str]) -> str:
    """Labelled byline and date lines below where the header reading stopped (a standfirst often comes
    first on a news page): read, and kept as lines of their own, never joined to the paragraph after them.
    Returns an updated date found ("" if none)."""
    updated = ""
    for line in lines:
        if line.kind != "body" or line.shape != "prose":
            continue
        bare = line.text.strip("*_ ")
        parts = _labelled_parts(bare) or _byline_parts(bare)
        if parts is None and (byline := author_label().match(bare)) and person(byline.group(1), bare):
            parts = {"author": byline.group(1)}  # "Автор — Нурлан Абдыкеров"
        if parts:
            for key in ("author", "date"):
                if parts.get(key):
                    meta.setdefault(key, parts[key])
            updated = updated or parts.get("updated", "")
            line.shape = "line"
    return updated


def _byline_parts(text: str) -> dict[str, str] | None:
    """A line of short parts one of which is a byline ("By Leyla Huseynova · 14 August 2025 · 6 min read",
    below a news page's standfirst): its author and date; None for any other line."""
    parts = [p.strip() for p in PART_SEPARATOR.split(text) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(word_count(p) > 6 for p in parts):
        return None
    authors = [m.group(1) for p in parts if (m := BYLINE.match(p))]
    if len(authors) != 1:
        return None
    dates = [d for p in parts if (d := date_in(p)) is not None]
    return {"author": authors[0]} | ({"date": dates[0]} if dates else {})
