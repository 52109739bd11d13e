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
    assert main(["evals", "run", "--collection", "all", "--dataset", "evals/data/qa.jsonl"]) == 2
    assert "leave out --dataset" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("written", "role", "blind"),
    [
        (None, "held-out", False),
        ('{"role": "tuning"}', "tuning", False),
        ('{"role": "held-out", "blind": true}', "held-out", True),
    ],
)
def test_a_collection_says_whether_it_is_tuned_on_and_is_held_out_unless_it_says_so(tmp_path, written, role, blind):
    folder = write_collection(tmp_path, "academies", ITEMS)
    if written is not None:
        (folder / "collection.json").write_text(written, encoding="utf-8")
    collection = load_collection(folder)
    assert (collection.role, collection.blind, collection.held_out) == (role, blind, role == "held-out")


def test_a_collection_with_an_unusable_role_file_is_refused_with_the_fix(tmp_path):
    folder = write_collection(tmp_path, "academies", ITEMS)
    (folder / "collection.json").write_text('{"role": "training"}', encoding="utf-8")
    with pytest.raises(DatasetError, match=r'collection.json.*\{"role": "tuning"\}'):
        load_collection(folder)


def test_the_shipped_collections_declare_their_roles_and_the_blind_ones_are_held_out():
    collections = {c.name: c for c in load_collections(["all"])}
    assert collections["interior"].role == "tuning"
    assert all(c.held_out for c in collections.values() if c.blind)
    assert len([c for c in collections.values() if c.held_out]) >= 2


def test_the_gate_holds_the_held_out_figure_to_its_own_floors_and_false_refusals_under_a_ceiling():
    from evals.report import check_gate
    from evals.runner import RunResult

    def summary(**metrics):
        return {"metrics": metrics}

    run = RunResult(
        configs=["grounded"],
        results={"grounded": []},
        summaries={"grounded": summary(hit_at_5=0.1)},
        info={},
        seconds=0.0,
        by_collection={"grounded": {"x": summary()}},
        held_out={"grounded": {"collections": ["x"], "summary": summary(**{"mrr@10": 0.80, "false_refusals": 0.10})}},
    )
    baseline = {"config": "grounded", "floors": {"mrr@10": 0.99}, "allowed_drop": 0.02}
    failed = check_gate(run, baseline | {"held_out_floors": {"mrr@10": 0.85, "false_refusals": 0.05}})
    assert not failed["passed"] and failed["figure"] == "held-out"
    assert any(f.startswith("mrr@10 0.800 < 0.850") for f in failed["failures"])
    assert any(f.startswith("false_refusals 0.100 > 0.050") for f in failed["failures"])
    passed = check_gate(run, baseline | {"held_out_floors": {"mrr@10": 0.79, "false_refusals": 0.09}})
    assert passed["passed"], passed["failures"]
    assert check_gate(run, baseline)["failures"] == ["the baseline has no held_out_floors"]
    run.held_out["grounded"]["summary"] = None  # e.g. --collection interior: no held-out collection in the run
    assert check_gate(run, baseline | {"held_out_floors": {"mrr@10": 0.5}})["failures"] == [
        "the run has no held-out collection (use --collection all)"
    ]


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


@pytest.mark.slow
def test_grounded_runs_leave_each_collection_out_and_thresholds_applied_afterwards_give_the_asked_answers(tmp_path, corpus_dir):
    """One pass with abstention off, thresholds applied afterwards: the answers must be those the
    assistant gives when asked with the shipped threshold, and each collection is judged with a threshold
    fitted on the others."""
    from assistant.configs import build_assistant
    from evals.collections import seed_collection
    from evals.dataset import load_items
    from evals.runner import prepare, run

    settings = make_settings(tmp_path, corpus_dir)
    tuning = write_collection(tmp_path / "collections", "academies", ITEMS)
    (tuning / "collection.json").write_text('{"role": "tuning"}', encoding="utf-8")
    more = [
        question(
            "h1", "In which city did the police academies agree to exchange cadets?", True, "agreed in Tashkent", ("Tashkent",)
        ),
        question("h2", "What did the Turkic navies agree on in Baku?", False),
    ]
    held = write_collection(tmp_path / "collections", "exchanges", more)
    seed = seed_collection(load_items()[:12])
    collections = [seed, load_collection(tuning), load_collection(held)]
    items = [i for c in collections for i in c.items]
    result = run(settings, ["grounded"], items, collections=collections)

    figures = result.held_out["grounded"]
    assert figures["collections"] == ["exchanges"]
    assert figures["summary"]["items"] == 2 == result.by_collection["grounded"]["exchanges"]["items"]
    assert set(figures["loco_thresholds"]) == {"seed", "academies", "exchanges"}
    assert figures["loco_summary"]["items"] == 2

    ready = prepare(settings, collections=collections[1:])
    asked = build_assistant("grounded", ready.store, ready.embedder, ready.lexical, settings)
    for item, row in zip(items, result.results["grounded"]):
        answer = asked.ask(item.question, list(item.history))
        assert (row.answer, row.abstained, row.citations) == (answer.answer, answer.abstained, len(answer.citations)), item.id


def test_report_md_never_lists_a_blind_collections_failing_items_but_counts_them():
    from evals.report import _markdown
    from evals.runner import ItemResult, RunResult, aggregate

    def row(item_id: str) -> ItemResult:
        return ItemResult(
            item_id,
            "grounded",
            "Q " + item_id,
            True,
            False,
            [],
            "wrong answer",
            False,
            1,
            {"hit@5": 0.0},
            {"total": 100.0},
            problems=["missing key facts: X"],
        )

    rows = [row("seed/q001"), row("secret/s-001"), row("secret/s-002")]
    run = RunResult(
        configs=["grounded"],
        results={"grounded": rows},
        summaries={"grounded": aggregate(rows, 10) | {"description": "d"}},
        info={
            "dataset_items": 3,
            "articles": 1,
            "chunks": 1,
            "embedding_model": "m",
            "corpus_hash": "0" * 12,
            "collections": ["seed", "secret"],
            "roles": {"seed": "tuning", "secret": "held-out, blind"},
        },
        seconds=1.0,
        by_collection={"grounded": {"seed": aggregate(rows[:1], 10), "secret": aggregate(rows[1:], 10)}},
        held_out={"grounded": {"collections": ["secret"], "summary": aggregate(rows[1:], 10)}},
    )
    text = _markdown(run, None, [])
    assert "seed/q001" in text
    assert "secret/s-00" not in text and "Q secret" not in text
    assert "2 of them in blind collections (secret): not listed, by design." in text
    assert "**held-out** (secret)" in text


@pytest.mark.slow
def test_articles_from_elsewhere_in_the_evals_store_make_it_rebuild(tmp_path, embedder):
    """A run from another checkout sharing the data dir once left a second copy of every article in the
    evals' store, and every figure moved: the store must hold only the corpus and the collections."""
    from evals.runner import eval_settings, prepare
    from ingest import ingest_paths

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed_article.txt").write_text(ARTICLE.replace("Police Academies", "Police Colleges"), encoding="utf-8")
    settings = make_settings(tmp_path, corpus)
    collection = load_collection(write_collection(tmp_path / "collections", "academies", ITEMS))
    assert prepare(settings, collections=[collection]).info["articles"] == 2
    elsewhere = tmp_path / "other-checkout"
    elsewhere.mkdir()
    (elsewhere / "test_academies.txt").write_text(ARTICLE + "\nA copy kept elsewhere.\n", encoding="utf-8")
    ingest_paths(eval_settings(settings, ["academies"]), [elsewhere], embedder=embedder)
    ready = prepare(settings, collections=[collection])
    assert ready.info["articles"] == 2
    assert all("other-checkout" not in a.source for a in ready.store.articles())


@pytest.mark.slow
def test_a_collections_own_questions_about_the_collection_are_answered_from_its_own_articles(tmp_path, corpus_dir):
    """ "Which is the newest article in the collection?" was written about the collection's articles: asked
    in the pool the seed's articles share (all of them newer), it is answered from its own catalogue."""
    from evals.runner import run

    settings = make_settings(tmp_path, corpus_dir)
    folder = write_collection(tmp_path / "collections", "academies", ITEMS)
    newest = question("k-001", "Which is the newest article in the collection?", True, "The police academies", ())
    newest |= {
        "key_facts": [{"text": "Police Academies of the Turkic States Agree on Exchanges", "aliases": []}],
        "tags": ["kind:collection"],
    }
    (folder / "kinds.jsonl").write_text(json.dumps(newest) + "\n", encoding="utf-8")
    collection = load_collection(folder)
    result = run(settings, ["grounded"], list(collection.items), collections=[collection])
    (judged,) = result.kinds["grounded"]["results"]
    assert judged["id"] == "academies/k-001" and judged["met"], judged["problems"]
    # Outside the evaluation the store's catalogue is whole again: the seed's articles are listed too.
    assert result.info["articles"] == 5
