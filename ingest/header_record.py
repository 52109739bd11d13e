"""A record's fields atop an exported article: a news archive's, a database's or a CMS's.

What analysts save from an archive or a content system often opens with a block of labelled fields
rather than a headline and a byline::

    Headline: KAZAKHSTAN, TÜRKİYE SIGN PACT …        HD     Turkmenistan edges toward …
    Byline: Arman Seitkhanov; Deniz Ergün            BY     Omar al-Qadiri
    Source: Astana Business Herald                   PD     14 May 2025
    Publication-Date: 22 May 2024 Wednesday          SN     Eurasia Ledger

Read line by line, such a block gives the header walk nothing it knows: a label line is no headline,
and the walk took "Copyright: (c) 2025 …" or "Document 3 of 27" for one. `read_record` finds the block
(three or more labelled lines in a row, two or more of them fields it knows), gives their title, author,
date and publication, and marks every line of it as junk: it is metadata, not the article. Which labels
give which field is data (ingest/cleaning.json `record_fields`, `record_body_codes`), never here.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from ingest.header_dates import date_in
from ingest.header_names import bare_name, joined_names, natural_order, without_honorifics
from ingest.lines import Line, word_count
from ingest.wordlists import CLEANING_PATH, words
from otsqa.dates import fold

MIN_LINES = 3  # labelled lines in a row that make a record's block
MIN_FIELDS = 2  # of them giving a title, author, date or publication (one of them more than a date)
READ_LINES = 30  # a record's block opens within these lines
_COLON = re.compile(r"^[*_]*(?P<label>[^\W\d_][\w().'/ -]{0,30}?)[*_]*\s*:\s*(?P<value>\S.*)?$")
_CODE = re.compile(r"^(?P<label>[A-Z]{2})\s{2,}(?P<value>\S.*)$")  # a two-letter field code and its value
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d|$)")


@lru_cache(maxsize=1)
def _labels() -> tuple[dict[str, str], frozenset[str]]:
    """Folded label -> field, and the codes that open a line of the article's text."""
    data = json.loads(CLEANING_PATH.read_text(encoding="utf-8"))
    labels = {fold(label): field for field, names in data["record_fields"].items() for label in names}
    return labels, frozenset(data["record_body_codes"])


def record_field(label: str) -> str:
    """The field a record's label gives ("Source" -> "publication"), or "" for another label."""
    return _labels()[0].get(fold(label.strip()), "")


def _labelled(text: str) -> tuple[str, str] | None:
    """(label, value) of a record's line ("Source: …", "HD     …"); None for any other line."""
    if (match := _CODE.match(text)) is None:
        match = _COLON.match(text)
        if match is None or len(match["label"].split()) > 4:
            return None
    return match["label"], (match["value"] or "").strip()


def read_record(lines: list[Line]) -> dict[str, str]:
    """The title, author, date and publication of the record block atop ``lines`` (its lines marked junk,
    a body code dropped from the line it opens); {} when there is none."""
    labels, body_codes = _labels()
    run: list[tuple[Line, str, str]] = []
    for line in lines[:READ_LINES]:
        labelled = _labelled(line.text) if line.kind == "body" else None
        if labelled and labelled[0] not in body_codes and (not run or line.blanks_before <= 1):
            run.append((line, *labelled))
            continue
        if _is_record(run, labels):
            break
        run = [(line, *labelled)] if labelled and labelled[0] not in body_codes else []
    if not _is_record(run, labels):
        return {}
    found: dict[str, str] = {}
    for line, label, value in run:
        line.kind = "junk"
        field = labels.get(fold(label))
        if field and value and field not in found and (read := _value(field, value)):
            found[field] = read
    for line in lines[: READ_LINES * 2]:
        if (code := _CODE.match(line.text)) and code["label"] in body_codes:
            line.text = code["value"]  # "LP     Turkmenistan, which …": the article's own lead paragraph
    return found


def _is_record(run: list[tuple[Line, str, str]], labels: dict[str, str]) -> bool:
    fields = {labels.get(fold(label)) for _, label, value in run if value} - {None}
    return len(run) >= MIN_LINES and len(fields) >= MIN_FIELDS and bool(fields - {"date"})


def _value(field: str, value: str) -> str:
    if field == "date":
        iso = _ISO.match(value)
        return iso.group(1) if iso else (date_in(value) or "")
    if field == "author":
        return record_authors(value)
    return value.strip(" .")


def record_authors(value: str) -> str:
    """A record's author field in natural order: "Demir, Kaan; Yusupova, Nilufar" is "Kaan Demir and Nilufar
    Yusupova", "mehmet.yildiz (Mehmet Yıldız)" is "Mehmet Yıldız", "A; B" is "A and B"; a body's name as
    it is; "" for anything else."""
    if shown := re.search(r"\(([^()]*[^\W\d_][^()]*)\)\s*$", value):
        if " " in shown.group(1).strip() and not re.search(r"\s", value[: shown.start()].strip()):
            value = shown.group(1)  # a login, then the person's name in brackets
    parts = [p.strip() for p in value.split(";")] if ";" in value else [value.strip()]
    names = [without_honorifics(natural_order(p)) for p in parts if p]
    if names and all(bare_name(n) for n in names):
        return joined_names(names)
    # A body credited as the author ("Author: Turkic Security Research Network"); anything else ("Dr. Aida
    # Nazarova, Senior Fellow at …") is left to the byline reading, which knows affiliations.
    body = value.strip(" .")
    institution = any(fold(w) in words().publication_words for w in body.split())
    return body if institution and "," not in body and 2 <= word_count(body) <= 6 else ""
