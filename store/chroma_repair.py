"""Checking and rebuilding a Chroma collection's vector index.

Embedded Chroma saves a collection's HNSW index in several files, apart from the SQLite database
that holds its records. A process killed while it writes can leave the two out of step: records
that `get()` returns but no `query()` ever finds (seen after SIGKILLs in the middle of
`otsqa ingest`), or an index Chroma cannot open at all (then every read fails; see
`store.chroma._damaged`). Dense retrieval would silently miss the first kind, so a writer that
follows a cut-off one checks the index and, when it disagrees with the records, copies the
collection into a new one, whose index is built afresh from the stored vectors.

A copy replaces the original in an order that a kill anywhere leaves safe: the copy is written
under a temporary name, marked complete, then the original is deleted and the copy renamed. The
next open finishes a complete copy or drops an incomplete one (`finish_rebuilds`).
"""

from __future__ import annotations

import logging
from typing import Iterable

import numpy as np

log = logging.getLogger(__name__)

_SUFFIX = "-rebuilt"
_COMPLETE = "otsqa-rebuilt"  # a marker in the copy's metadata (not "otsqa_": it is no fingerprint key)
_PAGE = 5000


def all_ids(collection) -> list[str]:
    ids: list[str] = []
    while True:
        page = collection.get(include=[], limit=_PAGE, offset=len(ids))["ids"]
        ids += page
        if len(page) < _PAGE:
            return ids


def unfound(collection) -> tuple[list[str], list[str]]:
    """(records the vector index does not return, ids it returns that have no record). One query
    asks for as many neighbours as there are records; HNSW then walks every node it can reach."""
    ids = all_ids(collection)
    if not ids:
        return [], []
    first = np.asarray(collection.get(ids=ids[:1], include=["embeddings"])["embeddings"], dtype=np.float32)
    probe = np.zeros((1, first.shape[1]), dtype=np.float32)
    probe[0, 0] = 1.0  # any vector does; a zero one has no cosine
    found = set(collection.query(query_embeddings=probe, n_results=len(ids), include=["distances"])["ids"][0])
    recorded = set(ids)
    return sorted(recorded - found), sorted(found - recorded)


def rebuild(client, collection, progress: bool = False):
    """Copy ``collection`` (ids, texts, metadata, vectors) into a new collection of the same name and
    return the new one. The original is deleted only once the copy is complete."""
    from tqdm import tqdm

    name = collection.name
    temporary = name + _SUFFIX
    _delete_if_present(client, temporary)
    metadata = {k: v for k, v in (collection.metadata or {}).items() if k != _COMPLETE}
    copy = client.create_collection(temporary, embedding_function=None, metadata=metadata | {"hnsw:space": "cosine"})
    total = collection.count()
    bar = tqdm(total=total, desc=f"Rebuilding the index of {name}", unit="record", disable=not progress, leave=False)
    copied = 0
    while True:
        page = collection.get(include=["documents", "metadatas", "embeddings"], limit=_PAGE, offset=copied)
        if not page["ids"]:
            break
        copy.add(
            ids=page["ids"],
            documents=page["documents"],
            metadatas=page["metadatas"],
            embeddings=np.asarray(page["embeddings"], dtype=np.float32),
        )
        copied += len(page["ids"])
        bar.update(len(page["ids"]))
    bar.close()
    held = copy.count()
    if held != total:
        raise RuntimeError(f"the copy of {name} holds {held} records, not {total}")
    copy.modify(metadata=_modifiable(metadata) | {_COMPLETE: "complete"})
    return _swap_in(client, name, copy)


def finish_rebuilds(client, names: Iterable[str]) -> None:
    """Finish what a rebuild cut off by a kill left: a complete copy replaces its original; an
    incomplete one is dropped (its original was never touched)."""
    present = {getattr(c, "name", c) for c in client.list_collections()}
    for name in names:
        if name + _SUFFIX not in present:
            continue
        copy = client.get_collection(name + _SUFFIX, embedding_function=None)
        if (copy.metadata or {}).get(_COMPLETE) == "complete":
            log.warning("finishing the rebuild of %s that an earlier run began", name)
            _swap_in(client, name, copy)
        else:
            client.delete_collection(name + _SUFFIX)


def _swap_in(client, name: str, copy):
    _delete_if_present(client, name)
    copy.modify(name=name)
    renamed = client.get_collection(name, embedding_function=None)
    renamed.modify(metadata=_modifiable(renamed.metadata or {}))
    return renamed


def _modifiable(metadata: dict) -> dict:
    """Metadata that modify() accepts: the distance space cannot change, and the marker goes."""
    return {k: v for k, v in metadata.items() if not k.startswith("hnsw:") and k != _COMPLETE}


def _delete_if_present(client, name: str) -> None:
    from chromadb.errors import NotFoundError

    try:
        client.delete_collection(name)
    except (NotFoundError, ValueError):
        pass
