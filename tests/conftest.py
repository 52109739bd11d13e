"""Shared fixtures. Real parts throughout: the bundled MiniLM, Chroma in a temp dir, the real corpus
read from ../shared/corpus (never copied into the repository)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from otsqa import offline
from otsqa.settings import REPO_ROOT, Settings, load_settings

offline.apply()  # before any test imports chromadb or torch

CORPUS = REPO_ROOT.parent / "shared" / "corpus"
CORPUS_FILES = {
    "samedov": "000_7cd2e88548b4fe42.txt",
    "gabala": "001_9d64fbbbf1f74134.txt",
    "dipirro": "002_e92a9778611ebab8.txt",
    "corridors": "003_fd6da9354cc4b937.txt",
}


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not all((CORPUS / name).is_file() for name in CORPUS_FILES.values()):
        pytest.fail(f"The seed corpus is missing: expected the four articles in {CORPUS} (../shared/corpus).")
    return CORPUS


@pytest.fixture(scope="session")
def embedder():
    from store.embedding import make_embedder

    return make_embedder()


def make_settings(tmp: Path, corpus: Path | None = None, **overrides) -> Settings:
    return load_settings(env={}, data_dir=str(tmp / "data"), corpus_dir=str(corpus or CORPUS), **overrides)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return make_settings(tmp_path)


class Ingested(NamedTuple):
    settings: Settings
    store: object
    report: object
    lexical: object


@pytest.fixture(scope="session")
def ingested(tmp_path_factory, corpus_dir, embedder) -> Ingested:
    """The whole corpus ingested once with the real model into a real embedded Chroma store."""
    from ingest import ingest_paths, store_fingerprint
    from store.chroma import open_store
    from store.lexical import LexicalIndex

    settings = make_settings(tmp_path_factory.mktemp("ingested"), corpus_dir)
    report = ingest_paths(settings, embedder=embedder)
    store = open_store(settings, store_fingerprint(settings, embedder))
    return Ingested(settings, store, report, LexicalIndex(settings.lexical_path))


@pytest.fixture
def small_corpus(tmp_path, corpus_dir) -> Path:
    """A private copy of the two shortest articles, for tests that change or delete files."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for key in ("samedov", "gabala"):
        shutil.copy(corpus_dir / CORPUS_FILES[key], folder / CORPUS_FILES[key])
    return folder
