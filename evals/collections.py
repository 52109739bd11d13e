"""Article collections for evaluation beyond the seed corpus.

A collection is a folder `evals/collections/<name>/` holding `articles/` (the files as collected),
`qa.jsonl` (questions in the evaluation set's format, evidence naming the article files) and
`about.md` (what it is, who wrote the questions). Collections let a figure be *held out*: tuned on
some collections, reported on others. Each question's id is prefixed with its collection's name
(`interior/interior-001`), so reports can tell them apart and ids never clash across collections.

`collection.json` says what a collection is for: `{"role": "tuning"}` for one whose failures the
developers read and tune on, `{"role": "held-out", "blind": true}` for one nobody tunes on (blind:
nobody but its author has read its questions). Without the file a collection is held out: a new
collection has seen no tuning. The seed set is the collection `seed`, always a tuning one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from evals.dataset import DEFAULT_PATH, Item, load_items
from otsqa.errors import ConfigError, DatasetError

COLLECTIONS_DIR = Path(__file__).parent / "collections"


ROLES = ("tuning", "held-out")
SEED = "seed"


@dataclass(frozen=True)
class Collection:
    name: str
    folder: Path
    items: tuple[Item, ...]
    role: str = "held-out"
    blind: bool = False
    # Questions beyond single facts (summaries, comparisons, timelines, the collection), from its
    # kinds.jsonl: judged by kind (evals/kinds.py), apart from the single-fact figures.
    kind_items: tuple[Item, ...] = ()

    @property
    def articles(self) -> Path:
        return self.folder / "articles"

    @property
    def held_out(self) -> bool:
        return self.role == "held-out"


def seed_collection(items: list[Item]) -> Collection:
    """The seed set as a collection (its articles are the corpus, ingested anyway): ids ``seed/q001``."""
    kinds = _kind_items(DEFAULT_PATH.parent, None)
    return Collection(
        SEED,
        DEFAULT_PATH.parent,
        tuple(replace(i, id=f"{SEED}/{i.id}") for i in items),
        role="tuning",
        kind_items=tuple(replace(i, id=f"{SEED}/{i.id}") for i in kinds),
    )


def _kind_items(folder: Path, names: set[str] | None) -> list[Item]:
    """The items of ``folder``'s kinds.jsonl (none if it has no such file), each tagged with its kind and
    citing only article files in ``names`` (None: not checked, the seed's articles are the corpus)."""
    from evals.kinds import FILE, KINDS, kind_of

    path = folder / FILE
    if not path.is_file():
        return []
    items = load_items(path)
    for item in items:
        if not kind_of(item):
            raise DatasetError(f"{path}: {item.id} has no kind; tag it with one of " + ", ".join(f"kind:{k}" for k in KINDS))
        if names is not None and (unknown := sorted({e.source for e in item.evidence} - names)):
            raise DatasetError(f"{path}: {item.id} cites {', '.join(unknown)}, not a file in {folder / 'articles'}")
    return items


def collection_of(item_id: str) -> str:
    return item_id.split("/", 1)[0] if "/" in item_id else SEED


def available(root: Path = COLLECTIONS_DIR) -> list[str]:
    """Names of the collections under ``root`` (folders with a `qa.jsonl`), sorted."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "qa.jsonl").is_file())


def load_collection(folder: Path) -> Collection:
    """A collection's questions, validated; a DatasetError saying what is missing or wrong."""
    folder = Path(folder)
    if not (folder / "articles").is_dir():
        raise DatasetError(f"{folder} is not a collection: its article files belong in {folder / 'articles'}")
    if not (folder / "qa.jsonl").is_file():
        raise DatasetError(f"{folder} is not a collection: its questions belong in {folder / 'qa.jsonl'}")
    names = {p.name for p in (folder / "articles").iterdir() if p.is_file()}
    items = load_items(folder / "qa.jsonl")
    for item in items:
        unknown = sorted({e.source for e in item.evidence} - names)
        if unknown:
            where = folder / "articles"
            raise DatasetError(f"{folder / 'qa.jsonl'}: {item.id} cites {', '.join(unknown)}, not a file in {where}")
    role, blind = _purpose(folder)
    items = tuple(replace(item, id=f"{folder.name}/{item.id}") for item in items)
    kinds = tuple(replace(item, id=f"{folder.name}/{item.id}") for item in _kind_items(folder, names))
    return Collection(folder.name, folder, items, role=role, blind=blind, kind_items=kinds)


def _purpose(folder: Path) -> tuple[str, bool]:
    path = folder / "collection.json"
    if not path.is_file():
        return "held-out", False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        role, blind = data.get("role", "held-out"), data.get("blind", False)
        if role not in ROLES or not isinstance(blind, bool):
            raise ValueError(f"role must be one of {', '.join(ROLES)} and blind true or false")
    except (ValueError, AttributeError) as exc:
        raise DatasetError(f'{path}: {exc}; write it as {{"role": "tuning"}} or {{"role": "held-out", "blind": true}}') from None
    return role, blind


def load_collections(names: list[str], root: Path = COLLECTIONS_DIR) -> list[Collection]:
    """The named collections (``all``: every one under ``root``); an unknown name is a ConfigError (a
    usage error) listing the ones there are."""
    there = available(root)
    wanted = there if "all" in names else list(dict.fromkeys(names))
    unknown = [n for n in wanted if n not in there]
    if unknown:
        raise ConfigError(f"No collection {', '.join(map(repr, unknown))} under {root}; there are: {', '.join(there) or 'none'}")
    if not wanted:
        raise ConfigError(f"No collections under {root}: each is a folder with articles/ and qa.jsonl")
    return [load_collection(root / n) for n in wanted]
