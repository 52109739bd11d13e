"""Metadata blocks that sit on top of an article's text, read and taken off before cleaning.

Collected articles often arrive with a block a machine wrote above the prose:

- YAML front matter from static-site and note-taking tools ("---", "title: …", "author: …",
  "date: 2025-04-02", "---");
- the header of a forwarded e-mail ("From: Name <address>", "Sent: Tuesday, 8 April 2025 09:14",
  "Subject: Fwd: …").

Either states title, author and date outright, so it is read as metadata (below the HTML or PDF
file's own, above guesses from header lines). YAML is markup, so its block is dropped from the text;
an e-mail's header lines are words a reader sees and may cite (who sent it, when, its subject), so they
stay, and the header reader treats them as it treats any header lines.
"""

from __future__ import annotations

import re

from otsqa.dates import find_dates, fold

_YAML_FENCE = re.compile(r"^(?:---|\+\+\+)\s*$")
_YAML_FIELD = re.compile(r"^([A-Za-z][\w -]{0,30}?)\s*[:=]\s*(.*)$")
_YAML_KEYS = {
    "title": ("title", "headline", "name"),
    "author": ("author", "authors", "byline", "by", "creator", "writer"),
    "date": ("date", "published", "publish_date", "pubdate", "published_at", "date_published", "created"),
    "publication": ("site", "site_name", "publication", "publisher", "outlet"),
}
_EMAIL_FIELD = re.compile(r"^(from|sent|date|to|cc|bcc|subject|reply-to)\s*:\s*(.*)$", re.I)
# "Re: Fwd: …", and a mailing list's tag ("[Caspian Brief] …"): the subject's headline follows them.
_REPLY_PREFIX = re.compile(r"^(?:(?:re|fwd?|fw|aw|wg|tr)\s*:\s*|\[[^\]]{1,40}\]\s*)+", re.I)
# A mailing list's tag that names it ("[Caspian Brief]"), not a mark of the mail system's ("[EXTERNAL]", "[SPAM]").
_LIST_TAG = re.compile(r"\[(?P<name>[A-Z][\w'’&-]*(?:\s+(?:of|the|and|&|[A-Z][\w'’&-]*)){1,5})\]")
_ADDRESS = re.compile(r"\s*[<\[(]?[\w.+-]+@[\w-]+(?:\.[\w-]+)+[>\])]?\s*")
_FIRST_LINES = 40  # a front-matter block longer than this is not one


def read_front_matter(text: str) -> tuple[dict[str, str], str]:
    """The metadata of a YAML or e-mail header block opening ``text`` (title, author, date as ISO),
    and the text without a YAML block (an e-mail's stays); ``({}, text)`` when it opens with neither."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return {}, text
    if _YAML_FENCE.match(lines[first]):
        return _yaml(lines, first)
    return _email(lines, first)


def _yaml(lines: list[str], first: int) -> tuple[dict[str, str], str]:
    fields: dict[str, str] = {}
    listed = ""  # the field whose value is a list below it ("authors:" over "  - \"A\"" and "  - \"B\"")
    for i in range(first + 1, min(len(lines), first + _FIRST_LINES)):
        line = lines[i].strip()
        if _YAML_FENCE.match(line):
            if not fields:
                break
            return _meta(fields), "\n".join(lines[i + 1 :])
        if listed and (item := re.match(r"^-\s+(.+)$", line)):
            fields[listed] = ", ".join(filter(None, [fields[listed], _unquote(item.group(1))]))
            continue
        if match := _YAML_FIELD.match(line):
            key = match.group(1).strip().casefold().replace(" ", "_")
            fields.setdefault(key, _unquote(match.group(2)))
            listed = key if not match.group(2).strip() else ""
        elif line and not line.startswith(("-", "#", " ")):
            break  # prose: the fence was a rule, not front matter
    return {}, "\n".join(lines)


def _email(lines: list[str], first: int) -> tuple[dict[str, str], str]:
    fields: dict[str, str] = {}
    for i in range(first, min(len(lines), first + 12)):
        match = _EMAIL_FIELD.match(lines[i].strip())
        if not match:
            break
        fields.setdefault(match.group(1).casefold(), match.group(2).strip())
    # A block of at least "From:" and one of "Sent:"/"Date:"/"Subject:" is an e-mail's header; a lone
    # "From:" line is a sentence or a dateline.
    if "from" not in fields or not {"sent", "date", "subject"} & fields.keys():
        return {}, "\n".join(lines)
    meta = {}
    if (author := _ADDRESS.sub(" ", fields["from"]).strip(" \"'")) and _a_person(author):
        meta["author"] = author
    elif author and len(author.split()) <= 8:
        meta["publication"] = author  # a newsletter sends as itself: "Turkic Digital Watch <digest@…>"
    if subject := _REPLY_PREFIX.sub("", fields.get("subject", "")).strip():
        meta["title"] = subject
    if (tag := _LIST_TAG.search(fields.get("subject", ""))) and "publication" not in meta:
        meta["publication"] = tag["name"]  # "[Caspian Brief] …": the newsletter the list sends
    if date := _iso(fields.get("sent") or fields.get("date") or ""):
        meta["date"] = date
    return meta, "\n".join(lines)


def _a_person(name: str) -> bool:
    """Whether a sender's name is a person's: a newsletter sends as itself ("Turkic Digital Watch", "Steppe &
    Strait Security Digest"), and its editor signs at the end, where the cleaner reads the byline."""
    from ingest.wordlists import words  # ingest/cleaning.json, read once

    parts = [fold(w) for w in re.findall(r"[^\W\d_]+", name)]
    return 1 <= len(parts) <= 4 and "&" not in name and not set(parts) & words().publication_words


def _meta(fields: dict[str, str]) -> dict[str, str]:
    meta = {}
    for key, names in _YAML_KEYS.items():
        value = next((fields[n] for n in names if fields.get(n)), "")
        if key == "author":
            value = value.strip("[]").replace('"', "").replace("'", "")
        if key == "date":
            value = _iso(value)
        if value:
            meta[key] = value
    return meta


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _iso(text: str) -> str:
    """The first full date in ``text`` as ISO ("2025-04-02"), else a month ("2025-04"), else ""."""
    for date in find_dates(text):
        if date.year and date.month:
            return f"{date.year}-{date.month:02d}-{date.day:02d}" if date.day else f"{date.year}-{date.month:02d}"
    return ""
