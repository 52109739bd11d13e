"""What is read after the header walk (ingest/header.py): a better headline when the walk took page
furniture or the outlet's name for it, and the author and date it left unread.

Apart from the walk because it runs after it, on lines already marked, and consumes nothing: it reads
metadata only, so the text is what the walk left. It builds on the walk's helpers; the walk never calls it.
"""

from __future__ import annotations

import re

from ingest.header import (
    LABEL_PARTS,
    MAIL_FIELD,
    is_label,
    outlet_name,
    title_block_ends,
    unquoted,
    without_label,
    wraps_on,
)
from ingest.header_dates import (
    HEADER_PARTS,
    PART_SEPARATOR,
    UPDATED,
    date_in,
    labelled_dates,
    part_date,
    posted_part,
    updated_part,
)
from ingest.header_names import (
    DATE_BY,
    MARKED_AUTHORS,
    any_byline,
    author_block,
    bare_name,
    listed_names,
    people,
    without_honorifics,
)
from ingest.lines import WIDGET, Line, all_caps, inline, unemphasised, word_count
from ingest.wordlists import words
from otsqa.dates import fold


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
    if (paged := _PAGE_TITLE.fullmatch(title)) and _outlet_shaped(paged[2]) and _published(paged[2]):
        # "Kyrgyz rescuers to lead OTS earthquake drill – Bishkek Evening Post": a page's title names its site
        meta["title"] = paged[1]
        meta.setdefault("publication", outlet_name(paged[2]))
    at = next((i for i, ln in enumerate(lines[:20]) if title and _headline_end(title) in ln.text), None)
    while at is not None and at + 1 < len(lines) and lines[at + 1].kind == "junk" and lines[at + 1].blanks_before == 0:
        at += 1  # the walk joined a wrapped headline into its first line: its other lines follow, set aside
    # The lines right under the headline (the walk may have taken them for headlines, or read their first name only)
    if at is not None and (block := author_block(lines[at + 1 : at + 9])):
        first = without_honorifics(meta.get("author", ""))
        if not first or block.startswith((first + ",", first + " and ")):
            meta["author"] = block
    if (outlet := _page_outlet(lines)) and outlet.casefold() != title.casefold():
        meta["publication"] = outlet  # the masthead atop the page names the outlet over any later line
    if body := issuer(lines):
        # a release by a body credits no person: the body is its author ("Who issued the statement?"); its whole
        # name over the first line's, when the name runs on to a second line ("… OF THE REPUBLIC OF KAZAKHSTAN")
        if body.casefold().startswith(meta.get("publication", "\0").casefold()):
            meta["publication"] = body
        meta.setdefault("publication", body)
        meta.setdefault("author", body)
    if "publication" not in meta and (body := issuing_body(lines)):
        meta["publication"] = body  # "Issued by the Press Office, Turkic Law Enforcement Coordination Centre"
    if "publication" not in meta and (holder := copyright_holder(lines)) and holder != meta.get("author"):
        meta["publication"] = holder  # "© 2025 Steppe Monitor. All rights reserved. | Privacy | Terms"
    changed = ""  # a date labelled as another edition's or a draft's: the date when no other is given
    for i, line in enumerate(lines[:20]):
        text = WIDGET.sub("", line.text).strip()
        bare = unemphasised(text).strip("*_ ")
        if _paragraph(text) and bare == text.strip() and not _standfirst(lines, i):
            break  # the first paragraph (not an italic note on the author): the header is over
        parts = [p.strip("*_ ") for p in HEADER_PARTS.split(bare) if p.strip("*_ ")]
        if (
            "publication" not in meta
            and len(parts) > 1
            and any(any_byline(p) or date_in(p) or _READ_PART.search(p) for p in parts)
        ):
            # "**By X** | *The Levant & Caucasus Review* | 3rd March 2025": the outlet among a byline's parts
            named = [p for p in parts if not any_byline(p) and _outlet_shaped(p) and _published(p)]
            if named:
                meta["publication"] = outlet_name(named[0])
        if line.kind != "body" or ("author" in meta and "date" in meta):
            continue
        if "author" not in meta:
            for part in parts:
                # (a byline's role after its comma is no part of the test: "Guest post by Dr. X, lecturer in …")
                if (match := any_byline(part)) and word_count(part) <= 16 and people(match[1], part.split(",")[0].rstrip(".")):
                    meta["author"] = match[1]
                    break
                if by := _poster(part):
                    meta["author"] = by  # "Posted on 3 February 2025 by Timur Qodirov · Filed under …"
                    break

        # ("Last updated 3 December 2025 · First published 2 December 2025": the first publication is the date)
        if "date" in meta or (UPDATED.match(bare) and not any(posted_part(p) for p in parts)):
            continue
        if found := labelled_dates(" | ".join(parts)):
            if found[0]:
                meta["date"] = found[0]
            changed = changed or found[1]
            continue
        # ("Recorded 2 Dec 2025 · Released 9 Dec 2025": the part saying it came out is the date)
        dated = sorted(
            ((not posted_part(p), d) for p in parts if not updated_part(p) and (d := part_date(p)) is not None),
            key=lambda pair: pair[0],
        )
        if dated:
            meta["date"] = dated[0][1]
    if changed:
        meta.setdefault("date", changed)
    if "author" not in meta and (by := _set_aside_poster(lines)):
        meta["author"] = by
    if "date" not in meta and (date := _set_aside_date(lines) or _dateline(lines)):
        meta["date"] = date


def _set_aside_poster(lines: list[Line]) -> str:
    """Who posted the piece, by a posting line the walk set aside ("*Posted on 3 February 2025 by Timur Qodirov* ·
    Filed under: …"), or ""."""
    for line in lines[:8]:
        if line.kind != "junk":
            continue
        for part in HEADER_PARTS.split(unemphasised(line.text).strip("*_ ")):
            if by := _poster(part.strip("*_ ")):
                return by
    return ""


def _poster(part: str) -> str:
    """The person a posting part of a header line names ("Posted on 3 February 2025 by Timur Qodirov"), or ""."""
    by = DATE_BY.search(part) if posted_part(part) else None
    return by[1] if by and people(by[1], by[1]) else ""


def _standfirst(lines: list[Line], at: int) -> bool:
    """Whether the paragraph at ``at`` is a standfirst: a byline follows it within two lines ("Shared procurement,
    joint training and a new data link are …" over "By Aigerim …")."""
    after = [ln.text.strip("*_ ") for ln in lines[at + 1 : at + 3] if ln.text.strip()]
    return word_count(lines[at].text) <= 45 and any(any_byline(t) and word_count(t) <= 16 for t in after)


def _set_aside_date(lines: list[Line]) -> str | None:
    """The date in a part of a header line the walk set aside, when no other line gives one: a masthead's
    issue ("MERIDIAN | The magazine of Eurasian affairs | April 2025 | Features", "Policy Brief No. 7 | June
    2025"), a broadcast's ("Transcript — aired …"); never an update's or the saved page's own."""
    for line in lines[:8]:
        if line.kind != "junk" or words().own_date.search(line.text):  # "Accessed on …": the saved page's own date
            continue
        parts = [p.strip("*_ ") for p in HEADER_PARTS.split(unemphasised(line.text).strip("*_ ")) if p.strip("*_ ")]
        for part in parts:
            # (a line of parts, or one saying when it came out: "Transcript — aired Thursday 14 November 2024")
            if (len(parts) > 1 or posted_part(part)) and not updated_part(part) and (date := part_date(part)) is not None:
                return date
    return None


# A wire's dateline opening the first paragraph: "ASTANA, March 3, 2025 (Steppe Wire) - Defence officials …".
_DATELINE = re.compile(
    r"^[A-ZÀ-ÝА-Я][A-ZÀ-ÝА-Я'’ .-]{2,30}(?:,\s*[A-Z][^\W\d_]+(?:\s[A-Z][^\W\d_]+)?)?,\s+(?P<rest>.{6,40}?)\s*(?:\(|[-—–]\s)"
)


def _dateline(lines: list[Line]) -> str | None:
    """The date of the wire's dateline that opens the first paragraph, if it has one."""
    for line in lines[:20]:
        if line.kind == "body" and _paragraph(line.text):
            match = _DATELINE.match(line.text.strip())
            return date_in(match["rest"]) if match else None
    return None


# "6 min read", "Reading time: 4 minutes", "[Read original](…)": a part of the line that names the outlet.
_READ_PART = re.compile(r"(?i)\b\d+\s*min(?:ute)?s?\s+read\b|\bread(?:ing)?\s+time\b|\bread\s+(?:the\s+)?original\b")


def _paragraph(text: str) -> bool:
    """Whether a line is the article's first paragraph: long, or a sentence; not a line of parts ("Posted by admin
    on Saturday 8th March 2025 at 10:14 am · Filed under Guest posts, Northern Cyprus, OTS · 3 comments")."""
    long = word_count(text) >= 20 or (word_count(text) >= 12 and text.endswith("."))
    # (nor a markdown quote: "> From Ankara to Bishkek, joint courses …" is a standfirst over the byline; nor a
    # translator's credit: "Translated from Russian by A. Original: B, «…», <outlet>, 1.10.2024.")
    return (
        long
        and not (PART_SEPARATOR.search(text) and not text.endswith("."))
        and not text.startswith(">")
        and not re.match(r"(?i)(?:translated|translation)\b", text.strip("*_ "))
    )


def _tagline(title: str, lines: list[Line]) -> bool:
    """Whether the walk's headline is a tagline: a whole line in italics ("_A blog on defence and diplomacy in
    Eurasia_" under a blog's name), or one shaped as one (`tagline_shaped`), which says what the outlet is,
    not what the article is."""
    line = next((ln for ln in lines[:20] if title in ln.text), None)
    return tagline_shaped(title) or (line is not None and bool(re.fullmatch(r"\s*([_*])[^_*].*[^_*]\1\s*", line.text)))


def tagline_shaped(text: str) -> bool:
    """Whether a header line says what the outlet is rather than what the article is: "A fortnightly briefing
    from the Caucasus–Central Asia desk", "Weekly newsletter on politics and security in the Turkic world",
    "Independent news from the valley since 2009", "A blog on defence and diplomacy in Eurasia". Not a
    headline that happens to open with an article ("A review of the Gabala drills" has no cadence and no
    outlet's word before "on"/"of"/"from" but "review", which counts only with a cadence)."""
    bare = text.strip("*_#> ").rstrip(".")
    if word_count(bare) > 14 or re.search(r"[!?:]", bare):
        return False
    # (how often or how the outlet appears, and what it is: cleaning.json outlet_cadence, outlet_kinds, outlet_descriptions)
    cadence, kind, described_as = words().outlet_cadence, words().outlet_kind, words().outlet_description
    lead = r"^(?:(?:an?|the|your|our)\s+)?"
    with_cadence = re.match(rf"(?i){lead}(?:[\w-]+\s+){{0,2}}?(?:{cadence})\s+(?:[\w-]+\s+){{0,2}}?(?:{kind})\b", bare)
    described = re.match(rf"(?i)^(?:an?|the)\s+(?:[\w-]+\s+)?(?:{described_as})\s+(?:on|of|from|about|covering|for)\b", bare)
    founded = re.search(r"(?i)\bsince\s+(?:1[89]|20)\d\d$", bare) and _published(bare)
    # "Working Paper Series on Eurasian Security": the series an institute publishes its papers in
    series = re.search(r"(?i)\bseries\s+(?:on|of|in)\b", bare)
    # "Silk Road Strategic — Insights", "Eurasia Press Digest — Translations": the outlet and its section
    return bool(with_cadence or described or founded or series or _outlet_of_section(bare))


def _outlet_of_section(text: str) -> str:
    """The outlet's name in a line naming it and one of its sections ("Silk Road Strategic — Insights",
    "Eurasia Press Digest — Translations"), else ""."""
    parts = re.split(r"\s+[—–|]\s+", text.strip("*_#> "))
    if len(parts) == 2 and word_count(parts[1]) <= 2 and _outlet_shaped(parts[0], people=True) and _section_word(parts[1]):
        return parts[0]
    return ""


def _section_word(text: str) -> bool:
    """Whether ``text`` names a section of an outlet: a label ("Analysis", "Opinion"), what an outlet publishes
    ("Insights", "Translations": cleaning.json section_words), or an episode ("Episode 12")."""
    bare = text.strip()
    return is_label(bare) or bool(words().section_word.match(bare) or re.fullmatch(r"(?i)episode\s+\d+", bare))


def _no_headline(text: str) -> bool:
    """Whether a line the header walk took for the headline is page furniture instead: a row of links or
    parts ("Home · About · Archive", "Analysis › Central Europe"), a field ("Copyright: …", "Section: Regional
    Focus"; not "Caspian talks: Baku proposes joint exercises"), a bracketed tag ("[Feed] …"), a rule with
    words ("---- Forwarded message ----"), a journal's running header ("Vol. 12, No. 1, pp. 37–58"), a print
    page's ("DEFENCE & SECURITY   PAGE 7") or an item of an issue's contents ("1. Lead: …")."""
    bare = text.strip("*_#> ")
    field = re.match(r"^[^\W\d_][\w'’-]*(?:\s+[^\W\d_A-Z][\w'’-]*)?:\s+(.*)$", bare)
    return bool(
        PART_SEPARATOR.search(bare)
        or LABEL_PARTS.search(bare)
        and is_label(LABEL_PARTS.split(bare)[0])
        or re.search(r"\s[›»]\s", bare)
        or (field and word_count(field.group(1)) < 4)
        or re.match(r"^(?:copyright\b|©|\(c\))", bare, re.I)
        or re.match(r"^[\[(<]|^[-=_*~]{3}", bare)
        or re.search(r"\b(?:vol|no|pp|issue)\.?\s*\d", bare, re.I)
        or re.match(r"\d{1,2}[.)]\s", bare)  # "1. Lead: Cyber teams run …": an issue's contents
        or re.search(r"\bpage\s+\d+$", bare, re.I)  # "DEFENCE & SECURITY        PAGE 7": a print page's running head
        or listed_names(bare)  # "A (Astana), B (Ankara) & C (Tashkent)": the authors
        or MARKED_AUTHORS.match(bare)
    )


def _outlet_over_headline(text: str, lines: list[Line]) -> bool:
    """Whether the walk's headline is the outlet's name atop the page ("Silk Road Defence Monthly", "STEPPE
    INSTITUTE FOR STRATEGIC STUDIES"): the article's first line, a name's shape, a publication's word."""
    first = next((ln for ln in lines[:2] if ln.text.strip()), None)
    bare = text.strip("*_# ")
    # (a label, "PRESS RELEASE", says what the document is, not who published it: `_outlet_shaped` refuses it)
    return (
        first is not None
        and bare in (first.text.strip("*_# "), _MARKDOWN_LINK.sub(r"\1", first.text).strip("*_# "))  # "[Name](https://…)"
        and not re.search(r"[|·•]", bare)
        and not _RELEASE_LABEL.match(bare)
        and (_outlet_shaped(bare) and _published(bare) or bool(issuer(lines)))
    )


# "Press Office · Baku", "Press Service", "Media Centre": the issuing body's office, under the body's name.
_PRESS_OFFICE = re.compile(
    r"(?i)^(?:the\s+)?(?:press|media|information|public\s+affairs)\s+(?:office|service|centre|center|department|unit|section)\b"
)


# What a release says it is, atop it: "PRESS RELEASE", "For immediate release", "News release".
_RELEASE_LABEL = re.compile(r"(?i)^(?:(?:press|news|media)\s+release|for\s+immediate\s+release|statement)\b[\s:.!-]*$")


def issuer(lines: list[Line]) -> str:
    """The body a statement or press release is issued by: its name on the first line, over its press
    office ("STATE SERVICE FOR MIGRATION COORDINATION …" over "Press Service"), or under the release's
    labels ("PRESS RELEASE" / "For immediate release" / "Organization of Turkic States - General Secretariat");
    "" for any other page."""
    shown = [ln for ln in lines[:8] if ln.text.strip()]
    if shown and _RELEASE_LABEL.match(shown[0].text.strip("*_# ")):
        # The labels, the body's name, its dated place ("Istanbul, 9 September 2025"), then the headline: a name
        # over a dated place is the release's headline when no headline follows ("PRESS RELEASE / Turkic
        # Ministries Launch … Network / Baku, 2025-04-22 / Issued by …"). Its parts may be set apart by a dash.
        rest = [ln for ln in shown if not _RELEASE_LABEL.match(ln.text.strip("*_# "))]
        if len(rest) < 3 or date_in(rest[1].text) is None or _ISSUED_BY.match(rest[2].text.strip("*_ ")):
            return ""
        if not _headline_line(rest[2]) or date_in(rest[2].text) is not None:
            return ""
        named = rest[0].text.strip("*_# ")
        joined = re.sub(r"\s+[-–—]\s+", " ", named)
        return outlet_name(named) if _outlet_shaped(joined, most=12) and _published(joined) else ""
    body = [ln.text.strip("*_# ") for ln in lines[:4] if ln.text.strip()]
    if len(body) > 2 and re.match(r"(?i)of\s", body[1]):
        # "AGENCY FOR … COOPERATION" / "OF THE REPUBLIC OF KAZAKHSTAN" (the first line may hold both, run on)
        body = [body[0] if body[0].endswith(body[1]) else f"{body[0]} {body[1]}", *body[2:]]
    if len(body) < 2 or not _PRESS_OFFICE.match(body[1]):
        return ""
    name = body[0]
    return outlet_name(name) if _outlet_shaped(name, most=12) and _published(name) else ""


# "Issued by the Press Office, <body>", "Prepared by the Eurasia Desk, <body>": a unit of a body, then the body.
_ISSUED_BY = re.compile(
    r"^(?:issued|prepared|compiled|produced|published)\s+by\s+(?:the\s+)?[^,;]{2,60},\s+(?:the\s+)?(?P<body>[^,;]+?)\.?$", re.I
)


def issuing_body(lines: list[Line]) -> str:
    """The body a header line says issued the document through one of its units, or "": its name when it is
    an outlet's or an institution's ("Centre", "Institute": a publication's word)."""
    for line in lines[:15]:
        found = _ISSUED_BY.match(line.text.strip("*_ "))
        if found and _outlet_shaped(body := found["body"].strip(), most=9) and _published(body):
            return outlet_name(body)
    return ""


_PAGE_TITLE = re.compile(r"(\S.{19,}?)\s+[|–—]\s+([^|–—]{2,60})")


# A kind of publication, then its name in guillemets or quotes, as Russian and Turkish write it.
_QUOTED_OUTLET = re.compile(r"^(?P<kind>[^\W\d_][^«»\"“”]{0,30}?)\s*[«\"“](?P<name>[^«»\"“”]{2,60})[»\"”]$")


_MARKDOWN_LINK = re.compile(r"\[([^\]]{1,80})\]\([^)\s]*\)")


def _page_outlet(lines: list[Line]) -> str:
    """The outlet the article's first line names as a masthead, or "": its first part ("Caspian Ledger  |  Home ›
    News", "THE ALMATY MORNING STANDARD        No. 4,812        FRIDAY, MAR. 7, 2025", "[Feed] Meridian Steppe Wire
    — Security & Defence", "STEPPE NEWS AGENCY (SNA)") when it is a name of a publication's kind (a publication's
    word), or a name in capitals beside the issue's number or date."""
    shown = [ln for ln in lines[:4] if ln.text.strip()]
    if len(shown) > 1 and words().account_row.search(shown[0].text) and word_count(shown[0].text) <= 12:
        shown = shown[1:]  # "Sign up for our newsletter | Log in" over the masthead
    first = shown[0] if shown else None
    if first is None:
        return ""
    text = _MARKDOWN_LINK.sub(r"\1", first.text.strip("*_# "))  # "[Turan Post](https://…) · [Defence](…)"
    text = re.sub(r"^\[[^\]]{1,20}\]\s*", "", text.strip("*_# "))  # "[Feed] …": the reader's tag
    # (a line set in columns may have been read as a table's row: "NAME: No. 4,812; FRIDAY, MAR. 7, 2025")
    cells = r"\s+[|·•—–›»]\s+|\s{3,}" + (r"|:\s+|;\s+" if first.shape in ("row", "line") else "")
    parts = [p.strip() for p in re.split(cells, text) if p.strip()]
    if not parts:
        return ""
    if (quoted := _QUOTED_OUTLET.match(parts[0])) and _published(quoted["kind"]):
        return quoted["name"].strip()  # "ИА «Каспий-Инфо»", "Еженедельник «Степной рубеж»": the kind, then the name
    # "STEPPE NEWS AGENCY (SNA)": its initials end the name (what follows them is the line below, run on)
    name = re.sub(r"\s*\([A-Z]{2,6}\)(?:\s.*)?$", "", parts[0])
    # "Caspian Bridge Institute for Strategic Studies ANALYSIS": the masthead run into the label line below it
    if (run_on := re.match(r"^(.*[a-z].*?)\s+([A-Z][A-Z&]+(?:\s+[A-Z][A-Z&]+)?)$", name)) and is_label(run_on[2]):
        name = run_on[1]
    # "STEPPE & SEA | a blog on Eurasian security", "Harbour Lines · the newsletter of …": a part saying what kind
    # of publication the name is (then even a name shaped like a person's is the outlet's)
    # ("**Silk Ledger** — notes from the back roads of …": the description may open in lower case)
    described = len(parts) > 1 and any(
        (re.match(r"(?i)(?:an?|the)\s", p) or p[:1].islower()) and _published(p) for p in parts[1:]
    )
    name = name.strip("*_ ")
    if not _outlet_shaped(name, people=described):
        return ""
    issued = len(parts) > 1 and any(date_in(p) or re.match(r"(?i)no\.?\s*\d", p) for p in parts[1:])
    return outlet_name(name) if _published(name) or described or (issued and all_caps(name, share=1.0)) else ""


# "© 2025 Steppe Monitor. All rights reserved.", "Copyright 2025 Baku Security Journal", "© The Turkic Observer
# 2025 | Terms", "Copyright: 2024 Astana Business Herald Ltd.": a page's footer or a record's field.
_COPYRIGHT = re.compile(r"^(?:[^\W\d_]+\s+)?(?:©|\(c\)|copyright\b\s*:?\s*(?:©|\(c\))?)\s*(?:\d{4}\s*)?(?P<name>.+)$", re.I)
_COMPANY = re.compile(r"[\s,]+(?:ltd|llc|inc|plc|limited|gmbh|llp|co)\.?$", re.I)


def copyright_holder(lines: list[Line]) -> str:
    """The outlet a copyright line names, from the article's last lines or a record's first ones: the
    holder's name when it is shaped like an outlet's ("© 2024 The Authors" and a person's name are not)."""
    for line in [*lines[-8:], *lines[:20]]:
        match = _COPYRIGHT.match(line.text.strip("*_ "))
        if match is None:
            continue
        name = re.split(r"\.\s|\s[|·•]\s|\s\[|\.$|,\s", match["name"] + " ")[0].strip()
        name = _COMPANY.sub("", re.sub(r"\s+\d{4}$", "", name)).strip(" .")
        # (a holder named like a person is an outlet here: "© 2025 Eastern Gate Policy Lab"; never the author)
        if _outlet_shaped(name, people=True) and fold(name) not in ("the authors", "the author", "all rights reserved"):
            return outlet_name(name)
    return ""


def _outlet_shaped(name: str, people: bool = False, most: int = 7) -> bool:
    """A name as outlets have them: one to seven capitalised words (small words aside), no digits or
    sentence marks, no label, byline or (unless ``people``) person's name."""
    return (
        1 <= word_count(name) <= most
        and not re.search(r"[\d:!?]", name)
        and all(w[:1].isupper() or w.lower() in ("of", "and", "the", "for", "on", "&") for w in name.split())
        and not is_label(name)
        and not any_byline(name)
        and (people or not bare_name(name))
    )


def _published(name: str) -> bool:
    """Whether a word of ``name`` is a publication's ("Review", "Wire", "Institute"; ingest/cleaning.json)."""
    return any(fold(w.strip(".,&()")) in words().publication_words for w in name.split())


def _headline_line(line: Line) -> bool:
    """A line that can be a headline: 3 to 25 words, no sentence, no furniture, byline, date, label or name."""
    bare = line.text.strip("*_# ")
    return (
        3 <= word_count(bare) <= 25
        and not bare.endswith((".", ","))
        and not _no_headline(bare)
        and not is_label(bare)
        and not words().header_field.match(bare)
        and not MAIL_FIELD.match(bare)  # "Subject: …" is the e-mail's (front matter reads it), and stays a line
        and not any_byline(bare)
        and date_in(bare) is None
        and not bare[:1].islower()  # "and the Turkic Security Agenda": the second line of a wrapped headline
        and not tagline_shaped(bare)  # "A weekly selection of commentary from the region": the outlet's
        and not (bare_name(bare) and not re.search(r"['’]s\b", bare))  # "Zsófia Tarján", not "Djibouti's Patrol Boats"
        and not re.search(r"https?://|www\.|@", bare)
    )


def better_headline(lines: list[Line], meta: dict[str, str]) -> None:
    """When the walk found no headline, or took furniture (`_no_headline`) or the outlet's name atop the page
    for it, the first header line above the first paragraph that reads as one is the title (joined with
    the line it wraps onto), and the outlet's name is the publication. Else the header keeps what it had.
    Metadata only: the lines are left as they are, so the text is what it was."""
    title = meta.get("title", "")
    issued = issuer(lines)
    # (a release's issuing body under its labels is no headline either: "PRESS RELEASE" / "… - General Secretariat")
    outlet = bool(title) and (_outlet_over_headline(title, lines) or title.casefold() == issued.casefold())
    first = next((ln for ln in lines[:2] if ln.text.strip()), None)
    tagline = bool(title) and _tagline(title, lines)
    for line in lines[:20]:  # "Silk Road Strategic — Insights" above the headline: the outlet and its section
        if (title and title in line.text) or _paragraph(line.text):
            break
        if outlet_part := _outlet_of_section(line.text):
            meta.setdefault("publication", outlet_name(outlet_part))
            break
    if title and not outlet and not _no_headline(title) and not is_label(title) and not tagline:
        if first is not None and title not in first.text and _outlet_over_headline(first.text, lines):
            meta.setdefault("publication", outlet_name(first.text.strip("*_# ")))  # "NAIROBI CENTRE FOR MARITIME STUDIES"
        return
    if tagline and (outlet_part := _outlet_of_section(title)):
        meta.setdefault("publication", outlet_name(outlet_part))  # the walk took it for the headline
    for i, line in enumerate(lines[:20]):
        text = WIDGET.sub("", line.text).strip()
        if _paragraph(text):
            return
        # (the walk, having taken a tagline for the headline, may have set the headline below it aside as header)
        below_tagline = (tagline or outlet) and line.kind == "junk" and any(title in ln.text for ln in lines[:i])
        if (line.kind != "body" and not below_tagline) or not _headline_line(line):
            continue
        if issued and (i < 2 or text.strip("*_# ").casefold() == issued.casefold()):
            continue  # the issuing body's name and its press office, over the release's headline
        headline = text.strip("*_# ")
        above = lines[i - 1] if i > 0 else None
        if (
            above is not None
            and line.blanks_before == 0
            and above.kind == "body"
            and 3 <= word_count(above.text) <= 12
            and word_count(headline) + word_count(above.text) <= 25
            and not re.search(r"[.,:;!?]$", above.text.strip("*_ "))
            and not _no_headline(above.text)
            and not tagline_shaped(above.text)
            and (wraps_on(above.text.strip("*_# "), headline) or _wrapped_title_case(above.text.strip("*_# ")))
        ):
            # "Border Demarcation Deals Quietly / Reshape the Fergana Security Map": a headline wrapped on a line
            # that reads as a name on its own (its words capitalised), so the walk took only its second line
            headline = f"{above.text.strip('*_# ')} {headline}"
        following = lines[i + 1] if i + 1 < len(lines) else None
        if not title and following is not None and following.blanks_before == 0 and not wraps_on(headline, following.text):
            return  # a first line run into the text below it: the title derived from it says so (ingest/titles.py)
        for j, following in enumerate(lines[i + 1 : i + 3], i + 2):  # a headline wrapped on up to three lines
            below = following.text.strip("*_ ")
            if not (
                following.kind == "body"
                and following.blanks_before == 0
                and word_count(headline) + word_count(following.text) <= 25
                and not re.search(r"https?://|www\.", following.text)  # the article's address under its headline
                and (wraps_on(headline, below) or title_block_ends(headline, below, lines[j : j + 1]))
            ):
                break
            headline += " " + following.text.strip("*_ ")
        if first is not None and _outlet_over_headline(first.text, lines):
            meta.setdefault("publication", outlet_name(first.text.strip("*_# ")))
        meta["title"] = unquoted(without_label(inline(headline)[0]))
        return


def _wrapped_title_case(above: str) -> bool:
    """Whether a line over a headline is its first line though no word says so ("Border Demarcation Deals
    Quietly" / "Reshape the Fergana Security Map"): four words or more, no stop or dash a name or a credit has,
    and not the outlet's name ("Silk Road Defence Monthly")."""
    return (
        word_count(above) >= 4
        and not re.search(r"""[.!?"“”«»]|\s[—–|·-]\s""", above)
        and not (_outlet_shaped(above) and _published(above))
    )


def _headline_end(title: str) -> str:
    """The headline's last words, as its last line holds them when it was wrapped."""
    return " ".join(title.split()[-3:])
