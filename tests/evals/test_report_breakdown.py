"""The report's breakdown by question tag and its plots (issue 25, point 13): numbers checked against
hand-computed values, plots rendered with the real matplotlib and their artists inspected (the legend
outside the axes, an interval whisker on every bar, floors and targets at their baseline values)."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402

from evals import metrics as M  # noqa: E402
from evals.report import (  # noqa: E402
    BY_COLLECTION,
    TARGET_LABEL,
    collection_figure,
    metrics_figure,
    tag_table,
    write,
)
from evals.runner import HEADLINE, ItemResult, RunResult, aggregate, by_tag  # noqa: E402

BASELINE = {
    "config": "grounded",
    "allowed_drop": 0.02,
    "floors": {"hit@5": 0.9, "key_fact_recall": 0.4, "quote_validity": 1.0},
    "held_out_floors": {"hit@5": 0.6, "false_refusals": 0.3},
    "held_out_targets": {"hit@5": 0.95, "quote_validity": 1.0, "false_refusals": 0.05},
}


def _item(qid: str, tags: list[str], answerable: bool, abstained: bool = False, **scores) -> ItemResult:
    named = {name.replace("hit5", "hit@5"): value for name, value in scores.items()}
    return ItemResult(
        id=qid,
        config="grounded",
        question=f"question {qid}?",
        answerable=answerable,
        followup=False,
        tags=tags,
        answer="" if abstained else "an answer [1]",
        abstained=abstained,
        citations=0 if abstained else 1,
        scores=named,
        timings_ms={"total": 100.0 + len(qid)},
    )


def _items(prefix: str = "") -> list[ItemResult]:
    """Five questions whose per-tag figures are worked out by hand in the first test."""
    return [
        _item(prefix + "a", ["date", "fact"], True, hit5=1.0, key_fact_recall=0.5, gold_cited=1.0, quote_validity=1.0),
        _item(prefix + "b", ["date"], True, abstained=True, hit5=0.0, key_fact_recall=0.0, gold_cited=0.0),
        _item(prefix + "c", ["date", "near-miss"], False, abstained=True),
        _item(prefix + "d", ["near-miss"], False, quote_validity=1.0),
        # No key facts: its key-fact recall is None and the tag's mean leaves it out.
        _item(prefix + "e", ["fact"], True, hit5=1.0, key_fact_recall=None, gold_cited=1.0, quote_validity=1.0),
    ]


def _run(configs=("grounded", "dense")) -> RunResult:
    results = {config: _items() for config in configs}
    summaries = {config: aggregate(rows, ci_samples=200) | {"description": config} for config, rows in results.items()}
    info = {
        "corpus_hash": "abcdef0123456789",
        "dataset_items": 5,
        "articles": 2,
        "chunks": 10,
        "embedding_model": "test-model",
    }
    return RunResult(list(configs), results, summaries, info, 1.0)


def _collection_run() -> RunResult:
    """The seed set and two collections, one tuning and one held out; the held-out figure is 'held'."""
    rows = _items() + _items("interior/") + _items("held/")
    run = _run(["grounded"])
    run.results = {"grounded": rows}
    run.summaries = {"grounded": aggregate(rows, 200) | {"description": ""}}
    run.info |= {"collections": ["seed", "interior", "held"]}
    run.info["roles"] = {"seed": "tuning", "interior": "tuning", "held": "held-out, blind"}
    parts = {name: [r for r in rows if r.id.startswith(name + "/")] for name in ("interior", "held")}
    parts = {"seed": [r for r in rows if "/" not in r.id]} | parts
    run.by_collection = {"grounded": {name: aggregate(part, 200) for name, part in parts.items()}}
    run.held_out = {"grounded": {"collections": ["held"], "summary": aggregate(parts["held"], 200)}}
    return run


def test_by_tag_counts_and_means_match_hand_computed_values():
    tags = by_tag(_items())
    assert list(tags) == ["date", "fact", "near-miss"]  # most questions first, then by name
    assert tags["date"] == {
        "questions": 3,
        "answerable": 2,
        "unanswerable": 1,
        "hit@5": 0.5,  # a 1, b 0
        "key_fact_recall": 0.25,  # a 0.5, b 0 (abstained)
        "gold_cited": 0.5,
        "abstained_correctly": 1.0,  # c
    }
    assert tags["fact"] == {
        "questions": 2,
        "answerable": 2,
        "unanswerable": 0,
        "hit@5": 1.0,
        "key_fact_recall": 0.5,  # e has no key facts: only a counts
        "gold_cited": 1.0,
        "abstained_correctly": None,
    }
    near = tags["near-miss"]
    assert (near["questions"], near["answerable"], near["hit@5"], near["abstained_correctly"]) == (2, 0, None, 0.5)


def test_the_tag_table_shows_the_figures_and_a_dash_where_a_tag_has_no_such_question():
    lines = tag_table("grounded", by_tag(_items())).splitlines()
    assert lines[0] == "**grounded** by question tag (every question)"
    assert "| date | 3 | 2 | 0.500 | 0.250 | 0.500 | 1 | 1.000 |" in lines
    assert "| fact | 2 | 2 | 1.000 | 0.500 | 1.000 | 0 | – |" in lines
    assert "| near-miss | 2 | 0 | – | – | – | 2 | 0.500 |" in lines


def test_the_written_report_holds_the_tag_breakdown_and_valid_plots(tmp_path):
    paths = write(_run(), tmp_path)
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert data["by_tag"]["grounded"]["all"]["date"]["key_fact_recall"] == 0.25
    assert set(data["by_tag"]) == {"grounded", "dense"} and "held-out" not in data["by_tag"]["grounded"]
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    # The default configuration's table in the open, first; the other's folded below it.
    assert md.index("**grounded** by question tag") < md.index("<summary>dense by question tag")
    assert md.index("<summary>dense by question tag") < md.index("**dense** by question tag")
    assert [p.name for p in paths[2:]] == ["metrics.png", "latency.png"]
    for path in paths[2:]:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        height, width, _ = mpimg.imread(path).shape  # decodes: a whole image, not a header
        assert height > 200 and width > 200
        assert f"![{path.name}]({path.name})" in md
    # The legend lies right of the axes: the saved image grows past the 11-inch figure at 110 dpi.
    assert mpimg.imread(paths[2]).shape[1] > 11 * 110


def test_a_run_with_collections_breaks_down_its_held_out_questions_and_plots_each_collection(tmp_path):
    run = _collection_run()
    assert run.tag_breakdown()["grounded"]["held-out"] == by_tag(_items("held/"))
    assert run.tag_breakdown()["grounded"]["all"]["date"]["questions"] == 9
    paths = write(run, tmp_path)
    assert (tmp_path / "collections-grounded.png").read_bytes()[:4] == b"\x89PNG"
    assert tmp_path / "collections-grounded.png" in paths
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "**grounded** by question tag (held-out questions only: held)" in md


def _legend_outside(fig, ax) -> None:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    axes = ax.get_window_extent(renderer)
    assert legend.x0 > axes.x1  # right of the axes: it covers no bar
    tight = fig.get_tightbbox(renderer)  # what savefig(bbox_inches="tight") keeps, in inches
    assert tight.x1 * fig.dpi >= legend.x1 - 1 and tight.y0 * fig.dpi <= legend.y0 + 1


def _marks(ax, label_start: str) -> list[tuple[float, float, float]]:
    """(x from, x to, y) of each horizontal mark whose legend label starts with ``label_start``."""
    found = [c for c in ax.collections if c.get_label().startswith(label_start)]
    assert len(found) == 1, [c.get_label() for c in ax.collections]
    return sorted((min(s[0][0], s[1][0]), max(s[0][0], s[1][0]), s[0][1]) for s in found[0].get_segments())


def _whiskers(container: ErrorbarContainer) -> list[tuple[float, float, float]]:
    """(x, low, high) of each whisker of an error-bar container."""
    (segments,) = [lc.get_segments() for lc in container.lines[2]]
    return [(s[0][0], min(s[0][1], s[1][1]), max(s[0][1], s[1][1])) for s in segments]


def test_the_metrics_plot_has_intervals_floors_targets_and_a_legend_outside_the_axes():
    run = _run()
    fig = metrics_figure(run, BASELINE)
    try:
        ax = fig.axes[0]
        bars = [c for c in ax.containers if isinstance(c, BarContainer)]
        assert [b.get_label() for b in bars] == ["grounded", "dense"]
        for container in bars:
            summary = run.summaries[container.get_label()]
            assert len(container.patches) == len(HEADLINE) and container.errorbar is not None
            for name, (x, low, high), patch in zip(HEADLINE, _whiskers(container.errorbar), container.patches):
                assert x == pytest.approx(patch.get_x() + patch.get_width() / 2)
                ci_low, ci_high = summary["ci95"][name]
                assert low == pytest.approx(min(ci_low, patch.get_height()))
                assert high == pytest.approx(max(ci_high, patch.get_height()))
        # One mark per metric with a bound, over its group of bars, at the baseline's value.
        index = {name: i for i, name in enumerate(HEADLINE)}
        floors = _marks(ax, "floor")
        assert [y for _, _, y in floors] == [BASELINE["floors"][n] for n in sorted(BASELINE["floors"], key=index.get)]
        targets = _marks(ax, "target")
        want = sorted((index[n] - 0.45, index[n] + 0.45, y) for n, y in BASELINE["held_out_targets"].items())
        assert [pytest.approx(t) for t in targets] == want
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert texts[:2] == ["grounded", "dense"] and TARGET_LABEL in texts and "95% bootstrap interval" in texts
        assert any(t.startswith("floor") for t in texts)
        _legend_outside(fig, ax)
    finally:
        plt.close(fig)


def test_the_metrics_plot_of_a_run_with_collections_marks_nothing_on_pooled_figures():
    fig = metrics_figure(_collection_run(), BASELINE)
    try:
        assert not [c for c in fig.axes[0].collections if c.get_label().startswith(("floor", "target"))]
    finally:
        plt.close(fig)


def test_the_collection_plot_marks_the_held_out_group_with_its_floors_and_targets():
    run = _collection_run()
    fig = collection_figure(run, "grounded", BASELINE)
    try:
        ax = fig.axes[0]
        labels = [t.get_text() for t in ax.get_xticklabels()]
        assert labels == ["seed\n(tuning)", "interior\n(tuning)", "held\n(held-out, blind)", "held-out\n(held)"]
        bars = [c for c in ax.containers if isinstance(c, BarContainer)]
        assert [b.get_label() for b in bars] == BY_COLLECTION
        for container in bars:
            assert len(container.patches) == 4 and len(_whiskers(container.errorbar)) == 4
        # Marks sit over the held-out group's bars (the fourth, x 3 ± 0.4), each over its metric's bar.
        for label, bounds in (("floor", BASELINE["held_out_floors"]), ("target", BASELINE["held_out_targets"])):
            marks = _marks(ax, label)
            assert len(marks) == len(bounds)
            for name, y in bounds.items():
                patch = bars[BY_COLLECTION.index(name)].patches[3]
                centre, half = patch.get_x() + patch.get_width() / 2, 0.4 * patch.get_width()
                assert (centre - half, centre + half, y) in [pytest.approx(m) for m in marks]
                assert 2.6 <= centre - half < centre + half <= 3.4
        _legend_outside(fig, ax)
    finally:
        plt.close(fig)


def test_bootstrap_intervals_are_deterministic_and_bracket_the_mean():
    values = [1.0, 0.0, 1.0, 1.0, 0.5, 0.0, 1.0, 0.25]
    first = M.bootstrap_ci(values, M.mean, 500)
    assert first == M.bootstrap_ci(values, M.mean, 500)  # a fixed seed
    low, high = first
    assert low < M.mean(values) < high and 0.0 <= low and high <= 1.0
    summary = aggregate(_items(), ci_samples=300)
    assert summary["ci95"] == aggregate(_items(), ci_samples=300)["ci95"]
    for name in ("hit@5", "gold_cited", "key_fact_recall", "quote_validity"):
        low, high = summary["ci95"][name]
        assert low <= summary["metrics"][name] <= high
