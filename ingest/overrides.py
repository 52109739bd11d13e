"""Per-article title, author and date that a deployment sets, over what ingest reads in the articles.

Some articles name no title or author, or name them in a way no reader could guess; a deployment
fixes those in one JSON file instead of editing the articles (whose text quotes are exact slices of):

    {
      "001_9d64fbbbf1f74134.txt": {"title": "The Gabala summit and joint exercises", "date": "2025-10-08"},
      "reports/brief.pdf": {"author": "Aigerim Sadykova"},
      "003-fd6da9354cc4b937": {"author": ""}
    }

An article is named by its path relative to the corpus folder (as `otsqa ingest` reads it), by its
absolute path, or by its doc id (as `otsqa status` lists it). Each entry sets any of ``title`` (not
empty), ``author`` and ``date`` (``YYYY-MM-DD`` or ``YYYY-MM``); ``""`` clears an author or date
the article seems to give. The file is ``OTSQA_ARTICLE_OVERRIDES``, else ``.otsqa-articles.json`` in
the corpus folder when there is one (a hidden file: ingest does not read it as an article), else
``article-overrides.json`` in the data dir, which the library page writes when neither is in use (the
corpus folder may be shared or read-only). The library page edits whichever file is in use
(`set_override`, `drop_override`): one entry per article, written whole to a new file and moved into
place, so a reader never sees half of it.

An article's override is part of its content hash, so an edit to the file takes effect on the next
`otsqa ingest` though the article is unchanged; its vectors are reused (all but those of its table
rows' sentences, whose records do not keep the heading they are embedded under).
A file that cannot be used (bad JSON, an unknown field, a bad date, a name that matches no article)
stops the ingest before anything is written, with a message naming the file, the entry and the fix.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping

from ingest.clean import CleanArticle
from otsqa.errors import OverridesError
from otsqa.settings import Settings

DEFAULT_NAME = ".otsqa-articles.json"
LIBRARY_NAME = "article-overrides.json"  # in the data dir, written by the library page when no other file is in use
_FIELDS = ("title", "author", "date")
_LONGEST = {"title": 300, "author": 200, "date": 10}
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@dataclass(frozen=True)
class Override:
    """What one entry sets: None leaves the field as the article gives it."""

    title: str | None = None
    author: str | None = None
    date: str | None = None

    def stamp(self) -> bytes:
        """The entry in a canonical form, mixed into the article's content hash."""
        return json.dumps({k: getattr(self, k) for k in _FIELDS if getattr(self, k) is not None}, sort_keys=True).encode()


@dataclass(frozen=True)
class Overrides:
    """The entries of one overrides file by the name each was given under (none without a file)."""

    path: Path | None = None
    entries: Mapping[str, Override] = field(default_factory=dict)

    def match(self, names: Mapping[str, list[str]], on_disk: Callable[[str], bool]) -> dict[str, Override]:
        """Each article's override, by source: ``names`` maps an article's source to the names it
        answers to (absolute path, path in the corpus folder, doc id). Raises OverridesError for a
        name that matches no article here nor a file on disk (``on_disk``), and for an article named
        by two entries."""
        found: dict[str, tuple[str, Override]] = {}
        used: set[str] = set()
        for source, known in names.items():
            for name in known:
                if name in self.entries and name not in used:
                    if source in found:
                        raise OverridesError(
                            f"{self.path}: {found[source][0]!r} and {name!r} name the same article ({source}); "
                            "keep one entry for it."
                        )
                    found[source] = (name, self.entries[name])
                    used.add(name)
        unknown = [name for name in self.entries if name not in used and not on_disk(name)]
        if unknown:
            shown = ", ".join(repr(name) for name in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
            raise OverridesError(
                f"{self.path}: no article is named {shown}. Name each article by its path in the corpus folder "
                "(as `otsqa ingest` reads it) or its doc id (as `otsqa status` lists it), or remove the entry."
            )
        return {source: override for source, (_, override) in found.items()}


def overrides_path(settings: Settings) -> Path | None:
    """The overrides file in use: the setting, else the corpus folder's own file if it has one, else the
    one the library page wrote in the data dir if there is one."""
    if settings.article_overrides is not None:
        return settings.article_overrides
    for candidate in (settings.corpus_dir / DEFAULT_NAME, settings.data_dir / LIBRARY_NAME):
        if candidate.is_file():
            return candidate
    return None


def editable_path(settings: Settings) -> Path:
    """The file an edit is written to: the one in use, else a new one in the data dir."""
    return overrides_path(settings) or settings.data_dir / LIBRARY_NAME


def override_for(settings: Settings, names: list[str]) -> tuple[str | None, Override | None]:
    """The entry (its name as written, and what it sets) naming the article that answers to ``names``
    (doc id, absolute path, path in the corpus folder); (None, None) when none does."""
    overrides = load_overrides(settings)
    for name, override in overrides.entries.items():
        if name in names:
            return name, override
    return None, None


def set_override(settings: Settings, names: list[str], fields: Mapping[str, str | None]) -> Override | None:
    """Change the entry of the article answering to ``names`` (its doc id first): each field given sets
    that field (``None`` leaves it to the article again). An entry naming the article already, by path
    or id, is changed in place; else one is added under the doc id. An entry left setting nothing is
    dropped. Raises OverridesError for a value the file may not hold (checked as loading checks it)
    before anything is written. Returns what the entry now sets."""
    if unknown := [k for k in fields if k not in _FIELDS]:
        raise OverridesError(f"unknown field {unknown[0]!r}; an article's override may set title, author and date.")
    path = editable_path(settings)
    raw = _raw_entries(path)
    key = next((k for k in raw if _name(path, k) in names), names[0])
    entry = dict(raw.get(key) or {})
    for name, value in fields.items():
        if value is None:
            entry.pop(name, None)
        else:
            entry[name] = value
    if entry:
        checked = _entry(path, key, entry)
        raw[key] = {k: getattr(checked, k) for k in _FIELDS if getattr(checked, k) is not None}
    else:
        checked = None
        raw.pop(key, None)
    _write_whole(path, raw)
    return checked


def drop_override(settings: Settings, names: list[str]) -> bool:
    """Remove every entry naming the article that answers to ``names`` (once it is removed, an entry
    naming it would stop every later ingest: it matches no article). Whether one was removed."""
    path = overrides_path(settings)
    if path is None:
        return False
    raw = _raw_entries(path)
    kept = {k: v for k, v in raw.items() if _name(path, k) not in names}
    if len(kept) == len(raw):
        return False
    _write_whole(path, kept)
    return True


def restore_file(path: Path, content: bytes | None) -> None:
    """Put an overrides file back as it was (``content``; None: there was none), after an edit of it that
    could not be applied."""
    if content is None:
        path.unlink(missing_ok=True)
    else:
        _write_whole(path, json.loads(content.decode("utf-8")))


def _raw_entries(path: Path) -> dict:
    """The file's entries as written (an edit keeps the others exactly); {} when there is no file yet.
    A file that cannot be used is refused as loading refuses it, so an edit never overwrites one."""
    if not path.is_file():
        return {}
    load_overrides_file(path)
    return json.loads(path.read_text(encoding="utf-8"))


def _write_whole(path: Path, entries: dict) -> None:
    """Write ``entries`` to a hidden file beside ``path`` and move it into place (atomic on one file
    system): a crash leaves the old file or the new one, never half of either."""
    text = json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OverridesError(
            f"Cannot write the article overrides {path} ({exc.strerror or exc}): make it writable, or point "
            "OTSQA_ARTICLE_OVERRIDES at a file that is."
        ) from None


def load_overrides(settings: Settings) -> Overrides:
    """The deployment's overrides (none when there is no file). Raises OverridesError naming the file
    and what to fix; it is read before an ingest touches the store."""
    path = overrides_path(settings)
    return Overrides() if path is None else load_overrides_file(path)


def load_overrides_file(path: Path) -> Overrides:
    """One overrides file, checked (OverridesError naming the file, the entry and the fix)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OverridesError(
            f"OTSQA_ARTICLE_OVERRIDES names {path}, which does not exist: create it, or unset the variable."
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise OverridesError(f"Cannot read the article overrides {path} ({why}): save it as UTF-8 text you can read.") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise OverridesError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}): fix it; it maps each "
            'article to its fields, {"001_9d64fbbbf1f74134.txt": {"title": "…", "author": "…", "date": "YYYY-MM-DD"}}.'
        ) from None
    if not isinstance(data, dict):
        raise OverridesError(f'{path} must hold one JSON object mapping articles to fields, {{"file.txt": {{"title": "…"}}}}.')
    return Overrides(path, {_name(path, key): _entry(path, key, value) for key, value in data.items()})


def apply_override(article: CleanArticle, override: Override | None) -> CleanArticle:
    """``article`` with the fields ``override`` sets; a title set so is marked ``title_source="override"``."""
    if override is None:
        return article
    changes = {k: getattr(override, k) for k in _FIELDS if getattr(override, k) is not None}
    if override.title is not None:
        changes["title_source"] = "override"
    return replace(article, **changes)


def content_hash(data: bytes, override: Override | None) -> str:
    """What decides whether an article is unchanged: its file's bytes and its override. Without one it
    is the bytes' sha256 as stores have always held, so adding this file changes nothing for the rest."""
    digest = hashlib.sha256(data)
    if override is not None:
        digest.update(b"\x00otsqa-override\x00" + override.stamp())
    return digest.hexdigest()


def _name(path: Path, key: str) -> str:
    name = key.strip()
    if not name:
        raise OverridesError(f"{path}: an entry has an empty name; name the article by its path or doc id.")
    # "./a.txt" and "sub//a.txt" are "a.txt" and "sub/a.txt"; names are compared as written otherwise.
    return os.path.normpath(name).replace(os.sep, "/")


def _entry(path: Path, key: str, value: object) -> Override:
    where = f"{path}, entry {key!r}"
    if not isinstance(value, dict):
        raise OverridesError(f'{where}: must be an object of fields, {{"title": "…", "author": "…", "date": "YYYY-MM-DD"}}.')
    if unknown := [k for k in value if k not in _FIELDS]:
        raise OverridesError(f"{where}: unknown field {unknown[0]!r}; an entry may set title, author and date.")
    if not value:
        raise OverridesError(f"{where}: sets nothing; give a title, author or date, or remove the entry.")
    for name, text in value.items():
        if not isinstance(text, str):
            raise OverridesError(f"{where}: {name} must be a string, not {json.dumps(text)}.")
        if _CONTROL.search(text) or len(text) > _LONGEST[name]:
            raise OverridesError(f"{where}: {name} must be one line of at most {_LONGEST[name]} characters.")
    title = value.get("title")
    if title is not None and not title.strip():
        raise OverridesError(f"{where}: title is empty; give the title, or leave the field out to keep the article's own.")
    date = value.get("date")
    if date and not _valid_date(date):
        raise OverridesError(f'{where}: date {date!r} is not a date; write YYYY-MM-DD (or YYYY-MM for a month), or "" for none.')
    return Override(**{k: " ".join(v.split()) if k != "date" else v for k, v in value.items()})


def _valid_date(text: str) -> bool:
    match = _DATE.match(text)
    if not match:
        return False
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month), int(day or 1))
    except ValueError:
        return False
    return True
