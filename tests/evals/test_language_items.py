"""The questions in the region's languages (evals/languages/qa.jsonl, issue 24) stay usable: they load with
the evaluation set's loader, every language has enough answerable and unanswerable items, each item's
gold labels are its English source item's, unchanged, its evidence is exact text of the cleaned seed
article, and its question is written in its language's script and letters."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from evals.dataset import DEFAULT_PATH, load_items
from tests.helpers import assert_spans_in_seed

PATH = Path(__file__).resolve().parents[2] / "evals" / "languages" / "qa.jsonl"
SCRIPTS = {"tr": "LATIN", "az": "LATIN", "uz": "LATIN", "ru": "CYRILLIC", "kk": "CYRILLIC", "uz-Cyrl": "CYRILLIC"}
# Letters a language's questions use between them (each is common enough to appear in 14 questions) and
# letters of a neighbouring alphabet that would mean the wrong keyboard or transliteration.
USES = {"tr": "ıİşğ", "az": "əğış", "kk": "әғқңөұүі", "uz": "ʻ", "uz-Cyrl": "ўқғҳ", "ru": "ы"}
NEVER = {
    "tr": "əxq",
    "az": "",
    "uz": "əıöüşç",
    "ru": "әғқңөұүһіў",
    "kk": "ўҳ",
    "uz-Cyrl": "әңөұүіщ",
}
APOSTROPHES = "'‘’`ʼ"  # Uzbek oʻ and gʻ take U+02BB, nothing else


@pytest.fixture(scope="module")
def items():
    return load_items(PATH)


@pytest.fixture(scope="module")
def raw_lines():
    return [json.loads(line) for line in PATH.read_text(encoding="utf-8").splitlines() if line.strip()]


def _language(item) -> str:
    return next(t.removeprefix("lang:") for t in item.tags if t.startswith("lang:"))


def test_every_language_has_answerable_and_unanswerable_items(items):
    by_language: dict[str, list] = {}
    for item in items:
        by_language.setdefault(_language(item), []).append(item)
    assert set(by_language) == set(SCRIPTS)
    for language, group in by_language.items():
        assert len(group) >= 10, language
        assert sum(not i.answerable for i in group) >= 3, language
        assert all(i.id.startswith(f"{language}-") and "translated" in i.tags for i in group), language
        assert all(not i.history for i in group), language


def test_every_language_asks_the_same_source_items_with_their_gold_labels_unchanged(raw_lines):
    seed = {d["id"]: d for d in (json.loads(line) for line in DEFAULT_PATH.read_text(encoding="utf-8").splitlines())}
    sources: dict[str, set[str]] = {}
    for line in raw_lines:
        source = seed[line["source_item"]]
        assert line["id"] == f"{line['language']}-{source['id']}"
        assert f"lang:{line['language']}" in line["tags"]
        assert not source["history"], line["id"]
        for name in ("answerable", "reference_answer", "key_facts", "evidence"):
            assert line[name] == source[name], f"{line['id']}: {name} differs from {source['id']}"
        assert set(source["tags"]) <= set(line["tags"]), line["id"]
        sources.setdefault(line["language"], set()).add(source["id"])
    assert len({frozenset(s) for s in sources.values()}) == 1, "the languages ask different source items"


def test_every_evidence_span_occurs_in_its_article_raw_and_cleaned(items, corpus_dir):
    assert_spans_in_seed(items, corpus_dir)


def test_every_question_is_in_its_language_s_script(items):
    for item in items:
        script = SCRIPTS[_language(item)]
        # Cased letters only: the Uzbek ʻ (U+02BB) is a modifier letter of no script.
        letters = [c for c in item.question if unicodedata.category(c) in ("Lu", "Ll")]
        wrong = [c for c in letters if not unicodedata.name(c).startswith(script)]
        assert letters and not wrong, f"{item.id}: not {script.lower()}: {''.join(wrong)}"


def test_every_language_uses_its_own_letters(items):
    for language in SCRIPTS:
        text = " ".join(i.question for i in items if _language(i) == language)
        missing = [c for c in USES[language] if c not in text]
        assert not missing, f"{language}: never uses {''.join(missing)}"
        foreign = sorted({c for c in text.lower() if c in NEVER[language]})
        assert not foreign, f"{language}: uses {''.join(foreign)}"
        if language == "uz":
            wrong = [w for w in text.split() if any(a in w for a in APOSTROPHES)]
            assert not wrong, f"uz: oʻ/gʻ need U+02BB: {wrong}"
