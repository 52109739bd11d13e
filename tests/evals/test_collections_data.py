"""Every collection under evals/collections/ stays usable: its questions load and every evidence span
is exact text of the cleaned article it names. A change to the cleaner or chunker that moves text
fails here, naming the collection, the question ids and the files (never the spans or questions:
some collections are blind, and their questions must not reach the people who tune)."""

from __future__ import annotations

import re

import pytest

from evals.collections import COLLECTIONS_DIR, available
from tools.check_collection import cleaned_texts, problems


@pytest.mark.slow
@pytest.mark.parametrize("name", available())
def test_every_evidence_span_is_in_the_cleaned_articles(name):
    folder = COLLECTIONS_DIR / name
    texts, failed = cleaned_texts(folder / "articles")
    assert failed == [], f"{name}: articles that did not ingest: {failed}"
    assert len(texts) >= 6, f"{name}: {len(texts)} articles ingested"
    found = problems(folder, texts)
    shown = sorted({_identify(line) for line in found})
    command = f"python -m tools.check_collection {folder}"
    if found:  # pytest.fail, not assert: an assert's diff would print the problems, spans and all
        pytest.fail(f"{name}: {len(found)} evidence problem(s) after cleaning (see {command}): {shown}")


def _identify(problem: str) -> str:
    """Only what identifies a problem, "<id> in <file>": the rest of the line may quote the set."""
    if match := re.match(r"(\S+): span not in the cleaned (\S+?): ", problem):
        return f"{match.group(1)} in {match.group(2)}"
    return problem.split(": ")[0]


def test_the_collections_are_there():
    assert {"interior", "defence"} <= set(available())
