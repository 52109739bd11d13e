"""The hand-written evaluation set is well formed and its gold evidence really is in the articles."""

from __future__ import annotations

import pytest

from evals.dataset import DatasetError, load_items
from tests.helpers import assert_spans_in_seed


@pytest.fixture(scope="module")
def items():
    return load_items()


def test_composition(items):
    assert len(items) >= 60
    unanswerable = [i for i in items if not i.answerable]
    assert len(unanswerable) >= 12
    assert sum("near-miss" in i.tags for i in unanswerable) >= 6
    assert sum(bool(i.history) for i in items) >= 6
    for tag in ("footnote", "multi-doc", "paraphrase", "list", "number", "date", "definition"):
        assert any(tag in i.tags for i in items), tag


def test_every_evidence_span_occurs_in_its_article_raw_and_cleaned(items, corpus_dir):
    assert_spans_in_seed(items, corpus_dir)


def test_multi_doc_items_cite_two_articles(items):
    for item in items:
        if "multi-doc" in item.tags:
            assert len({e.source for e in item.evidence}) >= 2, item.id


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not valid JSON"),
        ('{"id": "x"}', "line 2: field 'question' is missing"),
        (
            '{"id": "x", "question": "Q?", "history": [], "answerable": "yes", "reference_answer": "", '
            '"key_facts": [], "evidence": [], "tags": []}',
            "line 2: field 'answerable' must be bool",
        ),
        (
            '{"id": "x", "question": "Q?", "history": [], "answerable": true, "reference_answer": "", '
            '"key_facts": [], "evidence": [{"source": "a.txt", "span": "s", "alternative": "yes"}], "tags": []}',
            "line 2: malformed entry .*evidence 'alternative' must be true or false",
        ),
    ],
)
def test_a_malformed_line_names_file_line_and_field(tmp_path, line, message):
    path = tmp_path / "qa.jsonl"
    good = (
        '{"id": "a", "question": "Q?", "history": [], "answerable": false, "reference_answer": "", '
        '"key_facts": [], "evidence": [], "tags": []}'
    )
    path.write_text(good + "\n" + line + "\n")
    with pytest.raises(DatasetError, match=message) as info:
        load_items(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", ["", " \n\n\t\n"])
def test_an_evaluation_set_without_questions_is_refused_naming_the_file(tmp_path, content):
    path = tmp_path / "qa.jsonl"
    path.write_text(content)
    with pytest.raises(DatasetError, match="has no questions") as info:
        load_items(path)
    assert str(path) in str(info.value)
