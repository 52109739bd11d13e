"""Reading an article's header and closing lines: its title, author(s), date and publication.

The cleaner (ingest/clean.py) hands over the article's lines; `read_header` walks the first ones
(headline, standfirst, bylines, date lines, e-mail fields, a slide deck's title slide, a labelled
header in columns) and marks what it consumed, `read_end_byline` reads a byline, signature or note on
the author from the last lines. Words of the region's languages (month names, labels) are data in
otsqa/dates.json and ingest/cleaning.json, never here.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from ingest.lines import FOOTNOTE_DEF, MD_HEADING, NUMBERED_HEADING, WIDGET, Line, all_caps, inline, word_count
from ingest.wordlists import words
from otsqa.dates import date_labels, fold, foreign_month, is_update_label, month_in_language, publication_label, year_words
from otsqa.text import MONTH_WRITTEN

# A capital letter of a Latin or Cyrillic alphabet: names are "Selin Aydoğan", "Şahin", "Ковалёва", "Əliyev".
_CAP = "[" + "".join(re.escape(chr(c)) for c in range(0x41, 0x530) if chr(c).isupper()) + "]"
_NAME = rf"{_CAP}[\w'’.-]*(?:\s+{_CAP}[\w'’.-]*){{0,3}}"
# "By Nodira Yusupova and Emre Aksoy", "By A, B and C": co-authors joined by "and" or "&"; a comma joins
# names only in a list that ends with "and" (alone it may be a place: "…, Almaty").
_JOINT = rf"{_NAME}(?:(?:,\s+{_NAME})*,?\s+(?:and|&)\s+{_NAME})?"
# "By Kemal Arslan in Lefkosa": where the reporter filed from is no part of the name.
BYLINE = re.compile(rf"^[Bb][Yy]\s+({_JOINT})(?:\s+in\s+{_CAP}[\w'’-]+(?:\s+{_CAP}[\w'’-]+)?)?\s*$")
# Bylines of other shapes, read only where a byline can stand (the header, the last lines): "Prepared
# by …", "— by Timur Abenov, a security analyst based in Almaty", an interview's closing "Interview by
# Saule Bekova". Anywhere else "By Aliyev's decree, …" opens a sentence.
_WIDE_BYLINE = re.compile(
    rf"^[—–-]*\s*(?:(?i:prepared|written|compiled|reported|edited|interview|interviewed|text|reporting|analysis|commentary|story|"
    rf"words|report|article|column|notes|opinion|posted|(?:guest\s+)?post)\s+)?(?i:by):?\s+({_JOINT})"
    r"(?:\s*[,(|–—].{0,100})?$"
)
_NAMES = rf"{_NAME}(?:\s*(?:,|&|\band\b|\bи\b|\bve\b)\s*{_NAME})*"
_NAME_TAIL = r"(?:(?:\s*[,(|–—·/]|\s+-\s).{0,100})?"


@lru_cache(maxsize=1)
def _author_label() -> re.Pattern[str]:
    """ "Author: Timur Abenov", "Authors: A. Aliyev and B. Bekov, Baku", "Автор — Нурлан Абдыкеров",
    "Haber: Selin Aydoğan - Ankara" (labels: ingest/cleaning.json); read where a byline can stand."""
    return re.compile(rf"^(?i:{words().author_label})\s*(?::|[—–]|-(?=\s))\s*({_NAMES}){_NAME_TAIL}$")


def _any_byline(text: str) -> re.Match[str] | None:
    # "By Brig. Gen. (Ret.) Omar Saleh and Maj. Layla Haddad": the names, without the ranks that break them
    text = _honoured().sub(r"\1", text)
    return BYLINE.match(text) or _WIDE_BYLINE.match(text) or _author_label().match(text)


@lru_cache(maxsize=1)
def _honoured() -> re.Pattern[str]:
    """A title or rank after "by", a comma or "and" (ingest/cleaning.json `honorifics`)."""
    return re.compile(rf"(\bby:?\s+|,\s+|\s+and\s+|\s+&\s+)(?i:{words().honorific.pattern})", re.I)


def _signed(text: str) -> re.Match[str] | None:
    """A closing signature naming its role ("Dilnoza Karimova, editor", "Edited by …" is a byline)."""
    return re.match(rf"^({_NAME}),\s+(?i:{words().signature_role})$", text)


# A closing signature: "— Timur Abenov", "– Timur Abenov, Almaty" (read on the last lines only).
_SIGNATURE = re.compile(rf"^[—–]\s*({_NAME})(?:\s*,.{{0,80}})?$")
# A closing note on the author: "Kerem Aydin is a fellow at the Ankara Policy Centre." (last lines only).
_BIO = re.compile(
    rf"^(?:[—–-]\s*)?(?:about the author\s*:\s*)?({_NAME}) (?:is|was|works as|serves as) (?:a|an|the)\b.{{0,160}}?\b"
    r"(?:analyst|fellow|researcher|journalist|correspondent|editor|professor|director|expert|scholar|lecturer|reporter|writer|author|student|"
    r"officer|diplomat|consultant|associate|head|chair)s?\b",
    re.I,
)
# The line under a closing signature's name: the signer's role or institution.
_ROLE_LINE = re.compile(
    r"^[*_]*(?:senior |junior |visiting |associate |non-resident )?(?:fellow|analyst|researcher|director|editor|professor|"
    r"lecturer|correspondent|adviser|advisor|head|chair|expert)\b|\b(?:Institute|Centre|Center|University|Foundation|Academy)\b",
    re.I,
)
# A header line naming a person and their institution or role, as papers and slide decks give the author:
# "Askar Nurlanov, Centre for …", "Aliya Sadykova (Senior Fellow, …)", "Omar Saleh | Analyst", "Levent Aydin¹".
_AFFILIATED = re.compile(
    rf"^({_NAME})\s*[¹²³⁴⁵⁶⁷⁸⁹*†]*\s*(?:,|\(|\||[—–]|\s-\s)\s*.*\b(?:Centre|Center|Institute|University|Studies|Foundation|Forum|"
    r"Council|Academy|School|College|(?i:(?:senior |junior |visiting |associate |non-resident |research )?"
    r"(?:fellow|analyst|researcher|professor|lecturer|director|editor|correspondent|reporter|journalist|adviser|advisor|"
    r"expert|scholar)))\b[^.]*\.?$"
)
# Authors of a paper, each marked with the note of their affiliation: "Levent Aydin¹ and Zsofia Kertesz²".
_MARKED_AUTHORS = re.compile(rf"^{_NAME}\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+(?:\s*(?:,|\band\b|&)\s*{_NAME}\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+)*$")
# "… by Kerem Aydin" closing a date line, and the parts of a line of several dates.
_DATE_BY = re.compile(rf"\bby\s+({_NAME})\s*$")
_PART_SEPARATOR = re.compile(r"\s+[|·•]\s+|\s*;\s+")
_UPDATED = re.compile(r"^\s*(?:last\s+)?(?:updated|modified|revised|edited)\b", re.I)


_DATE_PATTERNS = [
    (re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b"), ("y", "m", "d")),
    # "March 7, 2025", "MAR. 7, 2025", "8th March 2025": an ordinal's ending is no part of the day
    (re.compile(rf"\b{MONTH_WRITTEN}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I), ("M", "d", "y")),
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH_WRITTEN},?\s+(\d{{4}})\b", re.I), ("d", "M", "y")),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{4})\.(\d{1,2})\.(\d{1,2})\b"), ("y", "m", "d")),  # 2025.03.16 (Hungarian, East Asian)
    (re.compile(rf"\b(\d{{1,2}})-{MONTH_WRITTEN}-(\d{{4}})\b", re.I), ("d", "M", "y")),  # 03-Mar-2025 (archives)
    # 18/09/2025: day first, as the region and Europe write it; 09/18/2025 can only be month first
    (re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"), ("d", "m", "y")),
]
_MONTH_YEAR = re.compile(rf"^{MONTH_WRITTEN},?\s+(\d{{4}})$", re.I)


@lru_cache(maxsize=1)
def _region_dates() -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Dates written with a month name of the region's other languages (otsqa/dates.json): "16 марта
    2026 года", "14 Ekim 2025 - 09:30", "12-sentabr 2025", "2025 жылғы 12 қыркүйек", "2025-yil 12-sentabr"."""
    month = foreign_month()
    return [
        (re.compile(rf"(?<!\d)(\d{{1,2}})(?:-|\s+)?{month},?\s+(\d{{4}})(?!\d)", re.I), ("d", "M", "y")),
        (re.compile(rf"(?<!\d)(\d{{4}})(?:-?\s*(?:{year_words()})\.?)?,?\s+(\d{{1,2}})(?:-|\s+)?{month}", re.I), ("y", "d", "M")),
    ]


@lru_cache(maxsize=1)
def _region_month_year() -> re.Pattern[str]:
    return re.compile(rf"^{foreign_month()},?\s+(\d{{4}})(?:\s+(?:{year_words()})\.?)?$", re.I)


@lru_cache(maxsize=1)
def _region_day() -> re.Pattern[str]:
    """A day without a year ("12 сентября", "14 Ekim, 09:30"): a date line that gives no date."""
    return re.compile(rf"^(\d{{1,2}})(?:-|\s+)?{foreign_month()}(?:[,\s]+\d{{1,2}}:\d{{2}}.*)?$", re.I)


def read_header(lines: list[Line]) -> dict[str, str]:
    """Title, date and byline from the lines before the first real paragraph (marked junk after).

    Labelled date lines ("Published: 14.10.2025", "Updated: …") and a month-only date stay in the text
    as lines of their own; the date is the published one when a label says so.
    """
    meta: dict[str, str] = {}
    candidates: list[Line] = []
    masthead: Line | None = None  # a short line atop the page: the outlet's name over its headline
    role_line: Line | None = None
    wrapped_at = -1  # the last line a headline candidate ends on
    went_on = False  # read past a short line on the word of a date or byline below it: keep what is not the title
    updated = ""
    for i, line in enumerate(lines[:14]):
        if line.kind != "body":
            continue
        if _BREADCRUMB.search(line.text) or _RULE.match(line.text):
            line.kind = "junk"  # "Home › World › Central Asia": a web page's trail; "=====": a rule, no headline
            continue
        if line is role_line:
            continue  # a person's role under their name, read with it
        if "publication" not in meta and (outlet := _outlet(line.text)):
            meta["publication"] = outlet  # the line itself is read below as before (a date, a label, a headline)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if NUMBERED_HEADING.match(line.text) and line.shape == "heading":
            break  # "1. WHY WATER, WHY NOW": the first section has begun
        if (named := _name_date_parts(line.text)) is not None:
            # "Dilara Yildiz | 14.11.2025 11:20 | Last updated: 14.11.2025 15:02": a byline without "By"
            meta.setdefault("author", named[0])
            updated = _take_dates(meta, *named[1:], updated)
            line.kind = "junk"  # a byline, which goes as "By …" does
            continue
        if (dated := _dated_parts(line.text)) is not None:
            updated = _take_dates(meta, *dated, updated)
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
            and following.blanks_before == 0
            and following.shape == "prose"
            and not _is_date_line(following.text)  # a title with its date line right under it
            and not BYLINE.match(following.text.strip("*_ "))  # or its byline
        ):
            break  # the first line of a hard-wrapped paragraph
        text = WIDGET.sub("", line.text).strip()
        bare = text.strip("*_ ")
        if (line.shape == "row" or _HEADER_PARTS.search(bare)) and (
            found := _labelled_dates(" | ".join(_HEADER_PARTS.split(bare)))
        ):
            # "Ref. 25-11   Drafted: 4 November 2025   Circulated: 11 November 2025", "Network · Resource page ·
            # Last reviewed: 30 September 2025": a line of parts, some of them labelled dates
            updated = _take_dates(meta, *found, updated)
            line.shape = "line"
            continue
        if words().header_field.match(bare):
            line.shape = "line"  # "Distribution: members of the working group": a document's field, no headline
            continue
        turn = (
            _TURN.match(bare)
            and not (_author_label().match(bare) or publication_label().match(bare))
            # "ANALYSIS: …", "EXCLUSIVE: …": a label before a headline, unless more turns follow
            and (bare[:2] in ("Q:", "A:") or _more_turns(lines[i + 1 : i + 10]))
        )
        if candidates and not turn and _TURN.match(bare) and not _author_label().match(bare):
            line.shape = "line"  # "EXCLUSIVE: what the envoys agreed" below the headline: a kicker, kept as a line
            continue
        if candidates and not turn and bare.endswith("?") and _byline_or_date_follows(lines[i + 1 : i + 4]):
            line.shape = "line"  # "Can the ports keep their place?" over "By …": a standfirst, kept as a line
            continue
        if turn or (candidates and bare.endswith("?")):
            break  # "Q: What changed …?" below an interview's headline: the conversation has begun
        if _SLIDE.match(bare) and (candidates or meta):
            break  # "Slide 1 — Title" below the deck's own title, presenter and date: the slides begin
        if (label := publication_label().match(bare)) and (date := _date_in(bare)):
            if is_update_label(label.group(1)):
                updated = updated or date
            else:
                meta.setdefault("date", date)
            line.shape = "line"
            continue
        if word_count(text) >= 20 or (word_count(text) >= 12 and text.endswith(".")):
            break
        if (month := _MONTH_YEAR.match(text) or _region_month_year().match(text)) and "date" not in meta:
            meta["date"] = f"{month.group(2)}-{month_in_language(month.group(1)):02d}"
            line.shape = "line"
            continue
        if _region_day().match(bare):
            line.shape = "line"  # "12 сентября, 17:25": a date line without its year, no date to read
            continue
        if (date := _date_in_line(text)) is not None:
            meta.setdefault("date", date)
            if by := _DATE_BY.search(bare):  # "Posted on April 2, 2025 by Kerem Aydin"
                meta.setdefault("author", by.group(1))
            for part in _PART_SEPARATOR.split(bare):  # "By Leyla Huseynova · 14 August 2025 · 6 min read"
                if by := BYLINE.match(part.strip("*_ ")):
                    meta.setdefault("author", by.group(1))
        elif (match := _any_byline(bare)) and word_count(bare) <= 16:
            meta.setdefault("author", match.group(1))
        elif _MARKED_AUTHORS.match(bare) and "author" not in meta:
            meta["author"] = re.sub(r"\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+", "", bare)  # "Levent Aydin¹ and Zsofia Kertesz²"
            line.shape = "line"
            continue
        elif (
            (match := _AFFILIATED.match(bare))
            and 2 <= word_count(match.group(1)) <= 4
            and word_count(bare) <= 25
            and not _credit(match[1])
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
            if following is not None and _ROLE_LINE.search(following.text) and not _is_date_line(following.text):
                following.shape, role_line = "line", following
            continue
        elif masthead is None and not candidates and not meta and _masthead(bare):
            masthead = line  # "Mediterranean Dispatch", "ANKARA LINE": the outlet, or the headline if none follows
            continue
        elif not _is_label(bare) and 3 <= word_count(text) <= 30 and not bare.endswith(".") and not FOOTNOTE_DEF.match(text):
            if _deeper_heading(line.text, candidates) and not _byline_or_date_follows(lines[i + 1 : i + 4]):
                break  # "### Which states run satellites?" under "# Satellites: FAQ": the first section's heading
            if candidates and wrapped_at == i - 1 and line.blanks_before == 0 and _wraps_on(candidates[-1].text, text):
                candidates[-1].text += " " + text  # a headline wrapped over two lines: "Turkic States Agree to" / "Pool …"
                line.kind, wrapped_at = "junk", i
                continue
            candidates.append(line)
            wrapped_at = i
            continue
        elif not meta and not candidates and _cyrillic_slug(bare):
            line.shape = "line"  # "ПОЛИТИКА" above the headline: a news agency's section slug, kept as it is
            continue
        elif not _is_label(bare) and not _header_goes_on(bare, i, lines):
            break  # a short first paragraph or heading: the header is over
        elif not _is_label(bare):
            line.shape = "line"  # "Expert Comment" over the date: the header goes on, and the line stays text
            went_on = True
            continue
        line.kind = "junk"
    updated = _read_labelled_lines(lines[:30], meta) or updated
    if "publication" not in meta and (agency := _dateline_outlet(lines)):
        meta["publication"] = agency
    if updated:
        meta.setdefault("date", updated)
    # "BORDERLANDS REVIEW · CONVERSATIONS" above an interview: an outlet and its section, a headline only
    # when the page has no other ("the Borderlands interview" is how readers name it).
    # "Slide deck, text export (…)", "Panel transcript, Helsinki Forum": a line naming what the document is.
    headlines = [
        ln
        for ln in candidates
        if not (all_caps(ln.text) and _PART_SEPARATOR.search(ln.text)) and not _is_label(re.split(r"[,(]", ln.text)[0])
    ]
    if masthead is not None and candidates and masthead not in candidates:
        meta.setdefault("publication", _outlet_name(masthead.text.strip("*_ ")))
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
        plain = not _PART_SEPARATOR.search(first.text) and not LABEL_PARTS.search(first.text) and not all_caps(first.text)
        title_line = first if plain and 2 * len(first.text) >= len(longest.text) else longest
        meta["title"] = _unquoted(_without_label(inline(MD_HEADING.sub("", title_line.text))[0]))
        for line in candidates:
            if line is not title_line and (_standfirst(line.text) or went_on):
                line.shape = "line"  # a standfirst under the headline says what the article holds: it stays
            else:
                line.kind = "junk"
    return meta


def read_header_rest(lines: list[Line], meta: dict[str, str]) -> None:
    """The author and date the header walk left unread, from any header line above the first paragraph.

    `read_header` stops at the first line it cannot place ("Print edition: March 2025 · Issue 41 · pp. 22-24",
    a translator's credit, a column row); the byline or date line below such a line is still the article's.
    Read here without consuming anything: the lines stay in the text as they are. A line of parts is read
    part by part ("**By Gulnara Ismayilova** | *The Review* | 3rd March 2025", "Drafted: 18 Feb 2025      Circulated:
    6 March 2025"), and a bare name right under the headline is its author ("Hungary's Observer Role" / "Zsófia Tarján").
    """
    better_headline(lines, meta)
    title = meta.get("title", "")
    at = next((i for i, ln in enumerate(lines[:20]) if title and _headline_end(title) in ln.text), None)
    # The lines right under the headline (the walk may have taken them for headlines, or read their first name only)
    if at is not None and (block := _author_block(lines[at + 1 : at + 9])):
        first = without_honorifics(meta.get("author", ""))
        if not first or block.startswith((first + ",", first + " and ")):
            meta["author"] = block
    changed = ""  # a date labelled as another edition's or a draft's: the date when no other is given
    for line in lines[:20]:
        text = WIDGET.sub("", line.text).strip()
        bare = text.strip("*_ ")
        if (word_count(text) >= 20 or (word_count(text) >= 12 and text.endswith("."))) and bare == text.strip():
            break  # the first paragraph (not an italic note on the author): the header is over
        if line.kind != "body" or ("author" in meta and "date" in meta):
            continue
        parts = [p.strip("*_ ") for p in _HEADER_PARTS.split(bare) if p.strip("*_ ")]
        if "author" not in meta:
            for part in parts:
                if (match := _any_byline(part)) and word_count(part) <= 16 and _person(match[1], part.rstrip(".")):
                    meta["author"] = match[1]
                    break

        if "date" in meta or _UPDATED.match(bare):
            continue
        if found := _labelled_dates(" | ".join(parts)):
            if found[0]:
                meta["date"] = found[0]
            changed = changed or found[1]
            continue
        dated = [d for p in parts if not _updated_part(p) and (d := _part_date(p)) is not None]
        if dated:
            meta["date"] = dated[0]
    if changed:
        meta.setdefault("date", changed)


def _no_headline(text: str) -> bool:
    """Whether a line the header walk took for the headline is page furniture instead: a row of links or
    parts ("Home · About · Archive", "Analysis › Central Europe"), a field ("Copyright: …", "Section: Regional
    Focus"; not "Caspian talks: Baku proposes joint exercises"), a bracketed tag ("[Feed] …"), a rule with
    words ("---- Forwarded message ----") or a journal's running header ("Vol. 12, No. 1, pp. 37–58")."""
    bare = text.strip("*_#> ")
    field = re.match(r"^[^\W\d_][\w'’-]*(?:\s+[^\W\d_A-Z][\w'’-]*)?:\s+(.*)$", bare)
    return bool(
        _PART_SEPARATOR.search(bare)
        or LABEL_PARTS.search(bare)
        and _is_label(LABEL_PARTS.split(bare)[0])
        or re.search(r"\s[›»]\s", bare)
        or (field and word_count(field.group(1)) < 4)
        or re.match(r"^(?:copyright\b|©|\(c\))", bare, re.I)
        or re.match(r"^[\[(<]|^[-=_*~]{3}", bare)
        or re.search(r"\b(?:vol|no|pp|issue)\.?\s*\d", bare, re.I)
        or _listed_names(bare)  # "A (Astana), B (Ankara) & C (Tashkent)": the authors
        or _MARKED_AUTHORS.match(bare)
    )


def _outlet_over_headline(text: str, lines: list[Line]) -> bool:
    """Whether the walk's headline is the outlet's name atop the page ("Silk Road Defence Monthly", "STEPPE
    INSTITUTE FOR STRATEGIC STUDIES"): the article's first line, a name's shape, a publication's word."""
    first = next((ln for ln in lines[:2] if ln.text.strip()), None)
    bare = text.strip("*_# ")
    return (
        first is not None
        and bare == first.text.strip("*_# ")
        and 1 <= word_count(bare) <= 7
        and not re.search(r"[\d:!?|·•]", bare)
        and all(w[:1].isupper() or w.lower() in ("of", "and", "the", "for", "on", "&") for w in bare.split())
        and any(fold(w.strip(".,&()")) in words().publication_words for w in bare.split())
        and not _is_label(bare)  # "PRESS RELEASE" says what the document is, not who published it
    )


def _headline_line(line: Line) -> bool:
    """A line that can be a headline: 3 to 25 words, no sentence, no furniture, byline, date, label or name."""
    bare = line.text.strip("*_# ")
    return (
        3 <= word_count(bare) <= 25
        and not bare.endswith((".", ","))
        and not _no_headline(bare)
        and not _is_label(bare)
        and not words().header_field.match(bare)
        and not MAIL_FIELD.match(bare)  # "Subject: …" is the e-mail's (front matter reads it), and stays a line
        and not _any_byline(bare)
        and _date_in(bare) is None
        and not bare[:1].islower()  # "and the Turkic Security Agenda": the second line of a wrapped headline
        and not (_bare_name(bare) and not re.search(r"['’]s\b", bare))  # "Zsófia Tarján", not "Djibouti's Patrol Boats"
        and not re.search(r"https?://|www\.|@", bare)
    )


def better_headline(lines: list[Line], meta: dict[str, str]) -> None:
    """When the walk found no headline, or took furniture (`_no_headline`) or the outlet's name atop the page
    for it, the first header line above the first paragraph that reads as one is the title (joined with
    the line it wraps onto), and the outlet's name is the publication. Else the header keeps what it had.
    Metadata only: the lines are left as they are, so the text is what it was."""
    title = meta.get("title", "")
    outlet = bool(title) and _outlet_over_headline(title, lines)
    first = next((ln for ln in lines[:2] if ln.text.strip()), None)
    if title and not outlet and not _no_headline(title) and not _is_label(title):
        if first is not None and title not in first.text and _outlet_over_headline(first.text, lines):
            meta.setdefault("publication", _outlet_name(first.text.strip("*_# ")))  # "NAIROBI CENTRE FOR MARITIME STUDIES"
        return
    for i, line in enumerate(lines[:20]):
        text = WIDGET.sub("", line.text).strip()
        if word_count(text) >= 20 or (word_count(text) >= 12 and text.endswith(".")):
            return
        if line.kind != "body" or not _headline_line(line):
            continue
        headline = text.strip("*_# ")
        following = lines[i + 1] if i + 1 < len(lines) else None
        if not title and following is not None and following.blanks_before == 0 and not _wraps_on(headline, following.text):
            return  # a first line run into the text below it: the title derived from it says so (ingest/titles.py)
        if (
            following is not None
            and following.kind == "body"
            and following.blanks_before == 0
            and word_count(headline) + word_count(following.text) <= 25
            and _wraps_on(headline, following.text.strip("*_ "))
        ):
            headline += " " + following.text.strip("*_ ")
        if first is not None and _outlet_over_headline(first.text, lines):
            meta.setdefault("publication", _outlet_name(first.text.strip("*_# ")))
        meta["title"] = _unquoted(_without_label(inline(headline)[0]))
        return


def _author_block(lines: list[Line]) -> str:
    """The authors the lines right under a headline name, one or several: "Zsófia Tarján"; "Brig. Gen. (Ret.)
    Selim Kocabaş" over "Maj. Aibek Nurmatov, Kazakh Armed Forces"; "Dr. A" over her role, "Prof. B" over his;
    "A (Astana), B (Ankara) & C (Tashkent)"; "A¹ and B²*". "" when the first line names no one."""
    names: list[str] = []
    for line in lines:
        bare = _honoured().sub(r"\1", " " + line.text.strip("*_ ")).strip()
        titled = bool(words().honorific.match(bare))  # "Maj. Layla Haddad, Omani Armed Forces": a person, whatever follows
        bare = words().honorific.sub("", bare, count=1) if titled else bare
        if names and _ROLE_LINE.match(bare) and not titled:
            continue  # the role under a name ("Senior Fellow, Steppe Institute …")
        if _bare_name(bare):
            names.append(bare)
        elif (
            (match := _AFFILIATED.match(bare) or (titled and re.match(rf"({_NAME})\s*,", bare)))
            and 2 <= word_count(match[1]) <= 4
            and not _credit(match[1])
        ):
            names.append(match[1])
        elif not names and _MARKED_AUTHORS.match(bare):
            return _joined(re.split(r"\s*(?:,|\band\b|&)\s*", re.sub(r"\s*[¹²³⁴⁵⁶⁷⁸⁹*†]+", "", bare)))
        elif not names and (listed := _listed_names(bare)):
            return _joined(listed)
        else:
            break
    return _joined(names)


def _listed_names(text: str) -> list[str]:
    """The names of "A (Astana), B (Ankara) & C (Tashkent)": two or more, each of two to four words."""
    plain = re.sub(r"\s*\([^()]{1,40}\)", "", text)
    names = [n for n in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", plain) if n]
    if len(names) >= 2 and all(re.fullmatch(_NAME, n) and 2 <= word_count(n) <= 4 and not _credit(n) for n in names):
        return names
    return []


def _joined(names: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    names = [n.strip() for n in names if n.strip()]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _headline_end(title: str) -> str:
    """The headline's last words, as its last line holds them when it was wrapped."""
    return " ".join(title.split()[-3:])


def _part_date(part: str) -> str | None:
    """The date of one part of a header line: a date line's ("3rd May 2025"), a posting's ("Posted by admin on
    Saturday 8th March 2025 at 10:14 am"), or a labelled month's ("Print edition: May 2025": ISO year-month)."""
    if (date := _date_in_line(part)) is not None:
        return date
    if (_POSTED.match(part) or publication_label().match(part)) and (date := _date_in(part)) is not None:
        return date
    if month := _MONTH_YEAR.match(re.sub(r"^[^\W\d_][^:]{0,30}:\s*", "", part)):
        return f"{month.group(2)}-{month_in_language(month.group(1)):02d}"
    return None


_POSTED = re.compile(r"^(?:posted|published|first\s+published|filed)\b", re.I)


# The parts of a header line: "A | B", "A · B", "A; B", and columns set apart by three spaces or more.
_HEADER_PARTS = re.compile(r"\s+[|·•]\s+|\s*;\s+|\s{3,}")


def without_honorifics(author: str) -> str:
    """``author`` without the titles and ranks before each name ("Dr. Elif Sarıkaya", "Brig. Gen. (Ret.) Selim
    Kocabaş and Maj. Aibek Nurmatov"; ingest/cleaning.json `honorifics`): how the article is cited. A name
    the title would leave as one word stays whole ("Major Tom")."""
    honorific = re.compile(rf"^(?i:{words().honorific.pattern})")

    def plain(name: str) -> str:
        rest = honorific.sub("", name)
        return rest if word_count(rest) >= 2 else name

    parts = re.split(r"(,\s+|\s+and\s+|\s+&\s+)", author.strip())
    return "".join(part if i % 2 else plain(part) for i, part in enumerate(parts))


def _wraps_on(above: str, text: str) -> bool:
    """Whether ``text`` continues the headline line ``above``: it ends on a word no headline ends with, or
    ``text`` opens in lower case."""
    last = above.rstrip().rsplit(None, 1)[-1].casefold() if above.strip() else ""
    return last in _OPEN_ENDINGS or text[:1].islower()


_OPEN_ENDINGS = frozenset("to of and the in for on a an with from at by as or but into over under its their".split())


def _standfirst(text: str) -> bool:
    """A line of the header that reads as a sentence of the article (a standfirst, a summary): six words or
    more, in sentence case, no line of parts, no label, no outlet."""
    bare = text.strip("*_ ")
    words_ = bare.split()
    if len(words_) < 6 or all_caps(bare) or _PART_SEPARATOR.search(bare) or MD_HEADING.match(text):
        return False
    if _is_label(re.split(r"[,(]", bare)[0]):
        return False  # "Slide deck, text export (speaker notes included)": what the document is
    lower = sum(1 for w in words_[1:] if w[:1].islower())
    return lower >= len(words_[1:]) / 2  # "Observer status has so far brought …", not "A Title In Title Case"


_RULE = re.compile(r"^\s*([=\-_*~#])\1{4,}\s*$")
# "Home › World › Central Asia", "News » Region » Caucasus": a page's trail of sections.
_BREADCRUMB = re.compile(r"^\S[^.!?]{0,60}\s[›»]\s[^.!?]{1,60}\s[›»]\s")


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
    return _masthead(text) and any(_is_date_line(t) and word_count(t) <= 6 or _any_byline(t) for t in after)


def _unquoted(title: str) -> str:
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
        and not _is_label(text)
        and not _any_byline(text)
    )


def _outlet_name(text: str) -> str:
    """An outlet's name as it reads in a sentence: "ANKARA LINE" → "Ankara Line", "CENTRE FOR FERGANA VALLEY
    STUDIES" → "Centre for Fergana Valley Studies" (a short word of three letters or fewer stays: "OTS")."""
    if not all_caps(text, share=1.0):
        return text
    small = ("OF", "FOR", "ON", "IN", "AT", "TO", "AND", "THE")

    def word(i: int, w: str) -> str:
        if w in small:
            return w.capitalize() if i == 0 else w.lower()
        return w if len(w) <= 3 and w.isalpha() else w.capitalize()

    return " ".join(word(i, w) for i, w in enumerate(text.split()))


def _bare_name(text: str) -> bool:
    """Whether ``text`` is only a person's name: two to four capitalised words, not in capitals (a masthead),
    no credit ("Haber Merkezi") and no word of a publication's ("Gulf Port Digest")."""
    return (
        bool(re.fullmatch(_NAME, text))
        and 2 <= word_count(text) <= 4
        and not all_caps(text)
        and not _credit(text)
        and not any(fold(w) in words().publication_words for w in text.split())
    )


def _name_over_date_or_role(text: str, following: list[Line]) -> str:
    """The name a header line gives when it is only a person's name and the next line is a date or the
    person's role or institution ("Osman Celebi" over "Apr 9, 2025"); "" for any other line."""
    if not _bare_name(text) or _is_label(text):
        return ""
    nxt = next((ln for ln in following if ln.kind == "body"), None)
    if nxt is None:
        return ""
    bare = nxt.text.strip("*_ ")
    return text if _is_date_line(bare) or _date_in_line(bare) or _ROLE_LINE.search(bare) else ""


def _name_date_parts(text: str) -> tuple[str, str, str] | None:
    """A header line of parts opening with a person's name, another part a date ("Dilara Yildiz | 14.11.2025
    11:20 | Last updated: …"): the name, the published date and the updated one; None for any other line."""
    parts = [p.strip() for p in _PART_SEPARATOR.split(text.strip("*_ ")) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(word_count(p) > 6 for p in parts):
        return None
    first = parts[0]
    if by := BYLINE.match(first):
        first = by.group(1)  # "By Nodira Ergasheva | 12 March 2025"
    if not _bare_name(first):
        return None
    published = [d for p in parts[1:] if not _updated_part(p) and (d := _date_in(p))]
    changed = [d for p in parts[1:] if _updated_part(p) and (d := _date_in(p))]
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
        if _is_date_line(bare) or _date_in_line(bare) or BYLINE.match(bare) or _author_label().match(bare):
            return True
    return False


NUMBERED_PART = re.compile(r"^(?:slide|page|part|panel|session)\s+\d{1,3}\s*(?:[—–:]|-(?=\s))\s*", re.I)
# A speaker's turn: "Q: …", "A: …", "MODERATOR: …" (a short label in capitals, then the words).
_TURN = re.compile(r"^(?:Q|A|[A-ZА-ЯЁ]{2,}(?:[ .'-][A-ZА-ЯЁ]+)*):\s+\S")
MAIL_FIELD = re.compile(r"^(?:from|sent|date|to|cc|subject)\s*:", re.I)
_SLIDE = re.compile(r"^slide\s+\d", re.I)
_LABEL_OPENING = re.compile(r"^(?P<label>[^\W\d_][^:–—-]{1,30}?)\s*(?:\s[-–—]|:)\s+(?P<rest>\S.{8,})$")


def _without_label(title: str) -> str:
    """A headline without the section label a wire puts before it ("ANALYSIS - Less opium, more meth: …"),
    or the number a slide deck's export puts before it ("Slide 1 — The Turkic digital corridor")."""
    title = _WIRE_PREFIX.sub("", NUMBERED_PART.sub("", title))
    match = _LABEL_OPENING.match(title)
    # "ANALYSIS - …" in capitals; "Opinion: …" in any case when a colon sets the label off
    colon = match is not None and title[len(match["label"]) :].lstrip().startswith(":")
    if match and _is_label(match["label"]) and (all_caps(match["label"]) or colon):
        return match["rest"]
    return title


# A wire's revision tag glued to its headline: "UPDATE 2-…", "CORRECTED-…", "REFILE-…".
_WIRE_PREFIX = re.compile(r"^(?:UPDATE|CORRECTED|REFILE|RPT|WRAPUP)(?:\s*\d+)?\s*-\s*(?=\S)")


def _is_date_line(text: str) -> bool:
    """A line that is a date and little more ("16 марта 2026 года", "12 сентября", "March 2026")."""
    bare = text.strip("*_ ")
    if _date_in_line(bare) is not None:
        return True
    return bool(_region_day().match(bare) or _MONTH_YEAR.match(bare) or _region_month_year().match(bare))


def _cyrillic_slug(text: str) -> bool:
    """An ALL-CAPS line of one or two Cyrillic words ("ПОЛИТИКА", "ЦЕНТРАЛЬНАЯ АЗИЯ"), as a news agency
    heads an item with its section. (In Latin script such a line ends the header as before: in English
    articles it is as often a heading of the text.)"""
    return all_caps(text) and word_count(text) <= 2 and bool(re.search("[а-яёА-ЯЁ]", text)) and not _is_label(text)


def _outlet(text: str) -> str:
    """The outlet a header line of parts opens with, or "": "STEPPE SIGNAL · Commentary", "Tbilisi Regional
    Review · Report · 14 November 2025", "Turkic Region Reintegration Network · Resource page · Last reviewed: …".
    The first part names the outlet when a word of it is a publication's ("Review", "Network"; ingest/
    cleaning.json) or, in capitals, when a section label follows; "Kerem Aydin · 14 March 2025" names a
    person, and a byline or a date never opens an outlet's line."""
    parts = [p.strip() for p in _PART_SEPARATOR.split(text.strip("*_ ")) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(word_count(p) > 6 for p in parts):
        return ""
    first, rest = parts[0], parts[1:]
    if _is_label(first) or _date_in(first) or _any_byline(first) or ":" in first or not 1 <= word_count(first) <= 6:
        return ""
    names = [w for w in first.split() if w[:1].isalpha()]
    if not names or not all(w[0].isupper() or w.lower() in ("of", "and", "the", "for", "on") for w in names):
        return ""
    published = any(fold(w.strip(".,&")) in words().publication_words for w in first.split())
    labelled = any(_is_label(p) for p in rest)
    if not (published or (all_caps(first, share=1.0) and labelled)):
        return ""
    return _outlet_name(first)


def _is_label(text: str) -> bool:
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
            if (date := _date_in(piece)) is None or word_count(piece) > 10:
                return None
            found.setdefault("updated" if is_update_label(match.group(1)) else "date", date)
        elif (byline := _author_label().match(piece)) and _person(byline.group(1), piece):
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
        if parts is None and (byline := _author_label().match(bare)) and _person(byline.group(1), bare):
            parts = {"author": byline.group(1)}  # "Автор — Нурлан Абдыкеров"
        if parts:
            for key in ("author", "date"):
                if parts.get(key):
                    meta.setdefault(key, parts[key])
            updated = updated or parts.get("updated", "")
            line.shape = "line"
    return updated


def _take_dates(meta: dict[str, str], published: str, changed: str, updated: str) -> str:
    """A header line's published date into ``meta`` (the first one read wins); the updated date so far."""
    if published:
        meta.setdefault("date", published)
    return updated or changed


def _labelled_dates(text: str) -> tuple[str, str] | None:
    """The published and the updated date (ISO, "" where absent) labelled inside a line of parts ("Drafted:
    4 November 2025; Circulated: 11 November 2025"); None when it labels none. The first publication label
    gives the published date; an update label ("Drafted", "Last reviewed") only the other."""
    published = changed = ""
    for match in _labelled_date().finditer(text):
        if (date := _date_in(match.group(2)) or _month_in(match.group(2))) is None:
            continue
        if is_update_label(match.group(1)):
            changed = changed or date
        else:
            published = published or date
    return (published, changed) if published or changed else None


def _month_in(text: str) -> str | None:
    """The ISO year-month a labelled part opens with ("Print edition: March 2025 ", "Issue period: Q1" is none)."""
    if month := re.match(rf"{MONTH_WRITTEN},?\s+(\d{{4}})\b", text.strip(), re.I):
        return f"{month.group(2)}-{month_in_language(month.group(1)):02d}"
    return None


@lru_cache(maxsize=1)
def _labelled_date() -> re.Pattern[str]:
    # A part runs to the next label: "Drafted: 18 Feb 2025: Circulated: 6 March 2025" (a row's cells) holds two.
    return re.compile(rf"(?<![^\s|·•;:])({date_labels()})\s*:\s*((?:(?!(?:{date_labels()})\s*:)[^;|·•])+)", re.I)


def _byline_parts(text: str) -> dict[str, str] | None:
    """A line of short parts one of which is a byline ("By Leyla Huseynova · 14 August 2025 · 6 min read",
    below a news page's standfirst): its author and date; None for any other line."""
    parts = [p.strip() for p in _PART_SEPARATOR.split(text) if p.strip()]
    if not 2 <= len(parts) <= 4 or any(word_count(p) > 6 for p in parts):
        return None
    authors = [m.group(1) for p in parts if (m := BYLINE.match(p))]
    if len(authors) != 1:
        return None
    dates = [d for p in parts if (d := _date_in(p)) is not None]
    return {"author": authors[0]} | ({"date": dates[0]} if dates else {})


def _person(name: str, line: str) -> bool:
    """Whether a labelled byline below the header names a person: two to four words, on a short line
    that is no sentence ("Haber: Bakanlık, açıklama yaptı." is one), and no credit."""
    return 2 <= word_count(name) <= 4 and word_count(line) <= 10 and not line.endswith(".") and not _credit(name)


def _credit(name: str) -> bool:
    """Whether a name a byline or signature gave is a credit ("Бюро в Бишкеке", "Haber Merkezi")."""
    folded = fold(name)
    return any(folded == w or folded.startswith(w + " ") for w in words().not_names)


def _dated_parts(text: str) -> tuple[str, str] | None:
    """A header line of several dated parts ("First published 2 April 2025 | Updated 5 April 2025"):
    the published date and the updated one ("" where absent); None for any other line."""
    parts = _PART_SEPARATOR.split(text)
    if len(parts) < 2 or any(_date_in_line(p) is None for p in parts):
        return None
    published = [p for p in parts if not _updated_part(p)]
    # "Interview recorded: 14 April 2025 · Posted: 22 April 2025": the date labelled as the publication's wins.
    published = [p for p in published if publication_label().match(p.strip("*_ "))] or published
    changed = [p for p in parts if _updated_part(p)]
    return (_date_in(published[0]) or "" if published else ""), (_date_in(changed[0]) or "" if changed else "")


def _updated_part(text: str) -> bool:
    return bool(_UPDATED.match(text) or ((label := publication_label().match(text)) and is_update_label(label.group(1))))


def _date_in_line(text: str) -> str | None:
    """An ISO date if ``text`` is a date line (a date and at most a few other words), or a line of short
    parts one of which is ("Tbilisi Regional Review · Report · 14 November 2025": outlet, kind, date)."""
    if word_count(text) <= 8:
        return _date_in(text)
    parts = [p for p in _PART_SEPARATOR.split(text.strip("*_ ")) if p.strip()]
    if 2 <= len(parts) <= 4 and all(word_count(p) <= 5 for p in parts):
        dated = [(p, d) for p in parts if word_count(p) <= 4 and (d := _date_in(p)) is not None]
        if len(dated) > 1:  # "Published Mar 25, 2025 · Updated Mar 26, 2025 · 6 min read": the published one
            dated = [(p, d) for p, d in dated if not _updated_part(p)]
        return dated[0][1] if len(dated) == 1 else None
    return None


def _date_in(text: str) -> str | None:
    for pattern, order in _DATE_PATTERNS + _region_dates():
        if match := pattern.search(text):
            parts = dict(zip(order, match.groups()))
            month = int(parts["m"]) if "m" in parts else month_in_language(parts["M"])
            day = int(parts["d"])
            if "m" in parts and month > 12 >= day:
                month, day = day, month  # "09/18/2025": only a month-first reading is a date
            try:
                return dt.date(int(parts["y"]), month, day).isoformat()
            except ValueError:
                return None
    return None


def read_end_byline(lines: list[Line], meta: dict[str, str]) -> None:
    """A byline closing the article ("— by Timur Abenov, a security analyst …", "Author: …", a
    signature "— Timur Abenov"): the author, if the header named none. The line stays in the text."""
    if len(lines) >= 2 and _ROLE_LINE.search(lines[-1].text) and (name := re.fullmatch(_NAME, lines[-2].text.strip("*_ "))):
        if 2 <= word_count(name.group(0)) <= 4 and not _credit(name.group(0)):
            # "Timur Seitkali" over "Senior Fellow, Caspian Infrastructure Institute, Astana": a signature block
            meta.setdefault("author", name.group(0))
            lines[-2].shape = lines[-1].shape = "line"
    for line in lines[-2:]:
        bare = line.text.strip("*_ ")
        match = _WIDE_BYLINE.match(bare) or _author_label().match(bare) or _SIGNATURE.match(bare) or _signed(bare)
        if match and word_count(bare) <= 20 and not bare.endswith(".") and not _credit(match.group(1)):
            meta.setdefault("author", match.group(1))
            line.shape = "line"
        elif (bio := _BIO.match(bare)) and word_count(bare) <= 45 and line.blanks_before >= 1:
            meta.setdefault("author", bio.group(1))  # prose: it stays a sentence of the text
