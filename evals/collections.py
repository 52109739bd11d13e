"""Article collections for evaluation beyond the seed corpus.

A collection is a folder `evals/collections/<name>/` holding `articles/` (the files as collected),
`qa.jsonl` (questions in the evaluation set's format, evidence naming the article files) and
`about.md` (what it is, who wrote the questions). Collections let a figure be *held out*: tuned on
some collections, reported on others. Each question's id is prefixed with its collection's name
(`interior/interior-001`), so reports can tell them apart and ids never clash across collections.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from evals.dataset import Item, load_items
from otsqa.errors import ConfigError, DatasetError

COLLECTIONS_DIR = Path(__file__).parent / "collections"


@dataclass(frozen=True)
class Collection:
    name: str
    folder: Path
    items: tuple[Item, ...]

    @property
    def articles(self) -> Path:
        return self.folder / "articles"


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
    return Collection(folder.name, folder, tuple(replace(item, id=f"{folder.name}/{item.id}") for item in items))


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
