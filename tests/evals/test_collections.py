"""Collections beyond the seed: loading and checking them, and a run that answers their questions from
a store of the seed's articles and theirs, reported per collection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from evals.collections import available, load_collection, load_collections
from otsqa.errors import ConfigError, DatasetError
from tests.conftest import make_settings

# A short article written for this test (not taken from anywhere): a made-up training programme.
ARTICLE = """Police Academies of the Turkic States Agree on Exchanges
By Test Writer
March 3, 2025

The police academies of Kazakhstan and Uzbekistan agreed in Tashkent to exchange cadets every spring.
The first group of twelve cadets will travel to Almaty in April.
Officials said the exchanges would cover forensic science and cyber investigations.
"""


def question(qid: str, text: str, answerable: bool, span: str = "", facts: tuple[str, ...] = ()) -> dict:
    return {
        "id": qid,
        "question": text,
        "history": [],
        "answerable": answerable,
        "reference_answer": "",
        "key_facts": [{"text": f, "aliases": []} for f in facts],
        "evidence": [{"source": "test_academies.txt", "span": span}] if span else [],
        "tags": ["fact"] if answerable else ["unanswerable"],
    }


def write_collection(root: Path, name: str, items: list[dict]) -> Path:
    folder = root / name
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "test_academies.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "qa.jsonl").write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return folder


ITEMS = [
    question("t1", "How many cadets travel to Almaty first?", True, "The first group of twelve cadets", ("twelve",)),
    question("t2", "Which country's navy joined the cadet exchange?", False),
]


def test_a_collection_loads_with_its_name_in_every_id(tmp_path):
    folder = write_collection(tmp_path, "academies", ITEMS)
    collection = load_collection(folder)
    assert collection.name == "academies" and collection.articles == folder / "articles"
    assert [i.id for i in collection.items] == ["academies/t1", "academies/t2"]
    assert collection.items[0].evidence[0].source == "test_academies.txt"


def test_only_folders_with_questions_are_collections_and_names_are_checked(tmp_path):
    write_collection(tmp_path, "b", ITEMS)
    write_collection(tmp_path, "a", ITEMS)
    (tmp_path / "drafts" / "articles").mkdir(parents=True)  # no qa.jsonl: not (yet) a collection
    assert available(tmp_path) == ["a", "b"]
    assert [c.name for c in load_collections(["all"], tmp_path)] == ["a", "b"]
    assert [c.name for c in load_collections(["b", "b"], tmp_path)] == ["b"]
    with pytest.raises(ConfigError, match=r"No collection 'c' .*there are: a, b"):
        load_collections(["c"], tmp_path)
    with pytest.raises(ConfigError, match="No collections under"):
        load_collections(["all"], tmp_path / "empty")


def test_a_collection_citing_a_file_it_does_not_hold_is_refused(tmp_path):
    bad = question("t3", "When did the exchange start?", True, "spring", ("spring",))
    bad["evidence"][0]["source"] = "missing.txt"
    with pytest.raises(DatasetError, match="t3 cites missing.txt, not a file in"):
        load_collection(write_collection(tmp_path, "bad", [*ITEMS, bad]))
    (tmp_path / "bare").mkdir()
    with pytest.raises(DatasetError, match="articles"):
        load_collection(tmp_path / "bare")


def test_the_command_line_refuses_unknown_collections_and_mixed_options(capsys):
    assert main(["evals", "run", "--collection", "no-such-collection"]) == 2
    assert "No collection 'no-such-collection'" in capsys.readouterr().err
    assert main(["evals", "run", "--collection", "all", "--gate"]) == 2
    assert "leave out --dataset and --gate" in capsys.readouterr().err


@pytest.mark.slow
def test_a_run_answers_a_collection_beside_the_seed_and_reports_it_apart(tmp_path, corpus_dir):
    from evals.runner import eval_settings, run

    settings = make_settings(tmp_path, corpus_dir)
    collection = load_collection(write_collection(tmp_path / "collections", "academies", ITEMS))
    result = run(settings, ["dense"], list(collection.items), collections=[collection])
    assert result.info["articles"] == 5 and result.info["collections"] == ["academies"]  # the seed's four and this one
    per = result.by_collection["dense"]["academies"]
    assert per["items"] == 2
    rows = {r.id: r for r in result.results["dense"]}
    assert "twelve" in rows["academies/t1"].answer and rows["academies/t1"].scores["key_fact_recall"] == 1.0
    # Its own store: the seed set's store is never given the collection's articles.
    assert eval_settings(settings, ["academies"]).data_dir != eval_settings(settings).data_dir
    assert not eval_settings(settings).data_dir.exists()
    assert json.loads(json.dumps(result.to_json()))["by_collection"]["dense"]["academies"]["items"] == 2
