"""A store written by the previous version (schema 2) is upgraded in place by `otsqa ingest`: the
chunks gain what a fresh ingest writes, nothing is embedded again, and answers work afterwards."""

from __future__ import annotations

import json

import pytest

from ingest import store_fingerprint
from ingest.upgrade import upgrade_store
from otsqa.errors import StoreMismatchError
from store.base import SCHEMA_VERSION
from store.chroma import open_store
from store.memory import MemoryStore
from tests.conftest import make_settings
from tests.helpers import otsqa

NEW_FIELDS = ("sentences", "note_chunks")


def _chunks(store) -> dict[str, dict]:
    """The passages' metadata as Chroma holds it: the upgrade must write exactly what an ingest writes."""
    got = store._passages.get(include=["metadatas"])
    return dict(zip(got["ids"], got["metadatas"]))


def _make_schema_2(store) -> None:
    """What the previous version wrote: chunks without the two fields, schema "2" on the collections."""
    ids = list(_chunks(store))
    store._passages.update(ids=ids, metadatas=[dict.fromkeys(NEW_FIELDS) for _ in ids])  # None removes a key
    store.set_fingerprint(store.fingerprint | {"otsqa_schema": "2"})


@pytest.mark.slow
def test_ingest_upgrades_a_schema_2_store_in_place(tmp_path, small_corpus, embedder):
    env = {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(small_corpus)}
    assert otsqa("ingest", "--json", env_extra=env).returncode == 0
    settings = make_settings(tmp_path, small_corpus)
    fresh = _chunks(open_store(settings))
    assert fresh and all(meta["sentences"] for meta in fresh.values())
    _make_schema_2(open_store(settings))
    old = _chunks(open_store(settings))
    assert not any(field in meta for meta in old.values() for field in NEW_FIELDS)

    refused = otsqa("ask", "What did the Gabala summit decide?", env_extra=env)
    assert refused.returncode != 0 and "Run `otsqa ingest` to upgrade it in place" in refused.stderr

    done = otsqa("ingest", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["embedded"] == 0 and report["unchanged"] == 2 and report["added"] == 0
    store = open_store(settings, store_fingerprint(settings, embedder))
    assert store.fingerprint["otsqa_schema"] == SCHEMA_VERSION
    assert _chunks(store) == fresh  # exactly what a fresh ingest writes

    answered = otsqa("ask", "What did the Gabala summit decide?", "--json", env_extra=env)
    assert answered.returncode == 0, answered.stderr
    assert json.loads(answered.stdout)["citations"]


def test_a_store_that_differs_in_more_than_the_schema_is_not_upgraded():
    store = MemoryStore({"otsqa_embedding_model": "other-model", "otsqa_schema": "2"})
    want = {"otsqa_embedding_model": "all-MiniLM-L6-v2", "otsqa_schema": SCHEMA_VERSION}
    assert not upgrade_store(store, want)
    assert store.fingerprint["otsqa_schema"] == "2"


def test_an_unknown_older_schema_is_not_upgraded():
    store = MemoryStore({"otsqa_embedding_model": "m", "otsqa_schema": "1"})
    assert not upgrade_store(store, {"otsqa_embedding_model": "m", "otsqa_schema": SCHEMA_VERSION})


def test_a_store_from_an_older_chunker_still_says_rebuild(tmp_path):
    settings = make_settings(tmp_path)
    store = open_store(settings, {"otsqa_chunker": "old", "otsqa_schema": "2"}, create=True)
    with pytest.raises(StoreMismatchError, match="otsqa ingest --rebuild"):
        open_store(settings, {"otsqa_chunker": "new", "otsqa_schema": SCHEMA_VERSION})
    assert store.fingerprint["otsqa_schema"] == "2"
