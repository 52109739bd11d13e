"""Reports of an eval run: report.json, report.md (the verdict first), PNG plots, and the terminal table; the gate."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from typing import Any

from evals.collections import collection_of
from evals.runner import HEADLINE, LOWER_IS_BETTER, TAG_METRICS, RunResult
from otsqa.errors import ConfigError

BASELINE_PATH = Path(__file__).parent / "baseline.json"


def table(run: RunResult, with_ci: bool = False) -> str:
    """Metrics side by side, one column per configuration (Markdown, also fine on a terminal)."""
    header = "| metric | " + " | ".join(run.configs) + " |"
    lines = [header, "|---|" + "---:|" * len(run.configs)]
    for name in HEADLINE:
        cells = []
        for config in run.configs:
            summary = run.summaries[config]
            value = summary["metrics"][name]
            cell = f"{value:.3f}"
            if with_ci:
                low, high = summary["ci95"][name]
                cell += f" [{low:.2f}–{high:.2f}]"
            cells.append(cell)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for stage in ("retrieve", "answer", "total"):
        cells = []
        for config in run.configs:
            latency = run.summaries[config]["latency_ms"].get(stage)
            cells.append(f"{latency['p50']:.0f} / {latency['p95']:.0f}" if latency else "–")
        lines.append(f"| {stage} ms p50 / p95 | " + " | ".join(cells) + " |")
    if any("generation" in run.summaries[c] for c in run.configs):  # generative configurations only
        gen = [run.summaries[c].get("generation") for c in run.configs]
        first = [run.summaries[c]["latency_ms"].get("first_token") for c in run.configs]
        lines.append("| sentences verified | " + " | ".join(f"{g['sentences_verified']:.3f}" if g else "–" for g in gen) + " |")
        lines.append("| fell back to quoted | " + " | ".join(f"{g['fell_back_to_quoted']}" if g else "–" for g in gen) + " |")
        cells = [f"{f['p50']:.0f} / {f['p95']:.0f}" if f else "–" for f in first]
        lines.append("| first_token ms p50 / p95 | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def collection_table(run: RunResult) -> str:
    """With collections: for each configuration, the headline metrics of each collection side by side
    with its role, the held-out figure (every held-out collection's questions pooled) and, for grounded
    configurations, abstention when each collection is left out of the threshold's fit (empty for a
    run of the seed set alone)."""
    if not run.by_collection:
        return ""
    roles = run.info.get("roles", {})
    parts = []
    for config in run.configs:
        per = dict(run.by_collection[config])
        held = run.held_out.get(config, {})
        columns = [(n, f"{n} ({roles.get(n, 'held-out')})") for n in per]
        if held.get("summary"):
            per["held-out"] = held["summary"]
            columns.append(("held-out", "**held-out** (" + " + ".join(held["collections"]) + ")"))
        lines = [
            f"**{config}** by collection",
            "",
            "| metric | " + " | ".join(label for _, label in columns) + " |",
            "|---|" + "---:|" * len(columns),
        ]
        lines.append("| questions | " + " | ".join(str(per[n]["items"]) for n, _ in columns) + " |")
        for name in HEADLINE:
            lines.append(f"| {name} | " + " | ".join(_cell(per[n]["metrics"][name]) for n, _ in columns) + " |")
        lines.append("| total ms p50 / p95 | " + " | ".join(_latency(per[n]) for n, _ in columns) + " |")
        if held.get("loco"):
            loco = dict(held["loco"])
            if held.get("loco_summary"):
                loco["held-out"] = held["loco_summary"]
            thresholds = held["loco_thresholds"]
            lines.append(
                f"| threshold (shipped {held['threshold']:.3f}) | "
                + " | ".join(f"{thresholds[n]:.3f}" if n in thresholds else "–" for n, _ in columns)
                + " |"
            )
            for name in ("abstention_f1", "false_refusals", "key_fact_recall"):
                lines.append(
                    f"| {name}, collection left out | "
                    + " | ".join(_cell(loco[n]["metrics"][name]) if n in loco else "–" for n, _ in columns)
                    + " |"
                )
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def kinds_table(config: str, kinds: dict[str, Any]) -> str:
    """Questions beyond single facts: per kind, the share that met its measure (evals/kinds.py), tuning
    and held-out side by side, with the held-out latency."""
    from evals.kinds import KINDS

    lines = [
        f"**{config}**: questions beyond single facts, each kind by its own measure (evals/kinds.py)",
        "",
        "| kind | tuning: met (n) | held-out: met (n) | held-out ms p50 / p95 | held-out problems (items) |",
        "|---|---:|---:|---:|---|",
    ]
    for kind in KINDS:
        cells = []
        for role in ("tuning", "held-out"):
            got = kinds.get(role, {}).get("summary", {}).get(kind)
            cells.append(f"{got['met']:.3f} ({got['n']})" if got else "–")
        held = kinds.get("held-out", {}).get("summary", {}).get(kind)
        cells.append(f"{held['p50_ms']:.0f} / {held['p95_ms']:.0f}" if held else "–")
        problems = held.get("problems", {}) if held else {}
        cells.append(", ".join(f"{name} {n}" for name, n in sorted(problems.items(), key=lambda p: -p[1])) or "–")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def tag_table(config: str, tags: dict[str, dict[str, Any]], which: str = "every question") -> str:
    """Per question tag (runner.by_tag): the answer's measures over the tag's answerable questions, and
    the share of its unanswerable ones abstained on; "–" where the tag has no such question."""
    lines = [
        f"**{config}** by question tag ({which})",
        "",
        "| tag | questions | answerable | hit@5 | key_fact_recall | gold_cited | unanswerable | abstained on |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for tag, entry in tags.items():
        cells = [str(entry["questions"]), str(entry["answerable"])]
        cells += [_cell(entry[name]) for name in TAG_METRICS]
        cells += [str(entry["unanswerable"]), _cell(entry["abstained_correctly"])]
        lines.append(f"| {tag} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _tag_tables(run: RunResult, main: str | None) -> list[str]:
    """Markdown lines: each configuration's tag table (and its held-out one), the default's in full and
    the others folded, as their failures are."""
    parts: list[str] = []
    breakdowns = run.tag_breakdown()
    for config in sorted(breakdowns, key=lambda c: c != main):  # the default's first, open
        breakdown = breakdowns[config]
        folded = main is not None and config != main
        if folded:
            parts += [f"<details><summary>{config} by question tag (not the default configuration)</summary>", ""]
        parts += [tag_table(config, breakdown["all"]), ""]
        if "held-out" in breakdown:
            held = " + ".join(run.held_out[config]["collections"])
            parts += [tag_table(config, breakdown["held-out"], f"held-out questions only: {held}"), ""]
        if folded:
            parts += ["</details>", ""]
    return parts


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _latency(summary: dict[str, Any]) -> str:
    total = summary["latency_ms"].get("total")
    return f"{total['p50']:.0f} / {total['p95']:.0f}" if total else "–"


def write(run: RunResult, out: Path, gate: dict | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    data = run.to_json()
    if gate is not None:
        data["gate"] = gate
    (out / "report.json").write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    baseline = _baseline_or_none()
    written = [out / "report.json", out / "report.md"]
    written += _plots(run, out, baseline)
    (out / "report.md").write_text(_markdown(run, gate, [p.name for p in written[2:]], baseline), encoding="utf-8")
    return written


def _baseline_or_none() -> dict[str, Any] | None:
    try:
        return load_baseline()
    except Exception:  # a report is still written without a readable baseline; the gate says why
        return None


def verdict_lines(run: RunResult, baseline: dict[str, Any] | None) -> list[str]:
    """The report's first lines (issue 25, point 13): when, on which commit and corpus, and for the default
    configuration each figure against its floor (the gate) and its target (the issues'), met or not."""
    lines = [
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on commit `{_commit()}`, corpus hash "
        f"`{run.info['corpus_hash'][:12]}`."
    ]
    if not baseline or baseline["config"] not in run.summaries:
        return lines + [""]
    config = baseline["config"]
    gate = check_gate(run, baseline)
    held = bool(run.by_collection)
    metrics = (run.held_out.get(config, {}).get("summary") or {}).get("metrics", {}) if held else run.summaries[config]["metrics"]
    floors = baseline.get("held_out_floors" if held else "floors", {})
    targets = baseline.get("held_out_targets", {}) if held else {}
    kinds = run.kinds.get(config, {}).get("held-out", {}).get("summary", {}) if held else {}
    lines += [
        "",
        f"**{'Gate passed' if gate['passed'] else 'Gate FAILED'}** for `{config}` on the "
        f"{'held-out figure' if held else 'seed set'} (floors in evals/baseline.json, "
        f"allowed drop {gate.get('allowed_drop', 0)}).",
        "",
        "| figure | value | floor | target | |",
        "|---|---:|---:|---:|---|",
    ]
    rows = [(name, metrics.get(name), floors.get(name), targets.get(name)) for name in dict.fromkeys([*floors, *targets])]
    if held:
        for kind in dict.fromkeys([*baseline.get("kind_floors", {}), *baseline.get("kind_targets", {})]):
            rows.append(
                (
                    f"{kind} questions met",
                    kinds.get(kind, {}).get("met"),
                    baseline.get("kind_floors", {}).get(kind),
                    baseline.get("kind_targets", {}).get(kind),
                )
            )
    drop = gate.get("allowed_drop", 0)
    for name, value, floor, target in rows:
        lower = name in LOWER_IS_BETTER
        mark = "target met" if _meets(value, target, lower) else ("floor held, target not met" if target is not None else "")
        if floor is not None and value is not None and not _meets(value, floor, lower):
            mark = "**below floor**" if (value > floor + drop if lower else value < floor - drop) else "within the allowed drop"
        lines.append(f"| {name} | {_cell(value)} | {_cell(floor)} | {_cell(target)} | {mark} |")
    return lines + [""]


def _meets(value: float | None, bound: float | None, lower: bool) -> bool:
    return value is not None and bound is not None and (value <= bound if lower else value >= bound)


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            cwd=Path(__file__).resolve().parent,
        )
        return done.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _markdown(run: RunResult, gate: dict | None, plots: list[str], baseline: dict[str, Any] | None = None) -> str:
    info = run.info
    baseline = baseline or _baseline_or_none()  # write() passes the one its plots used
    parts = [
        "# Evaluation report",
        "",
        *verdict_lines(run, baseline),
        f"{info['dataset_items']} questions, {info['articles']} articles, {info['chunks']} chunks; "
        f"embedding model `{info['embedding_model']}`; corpus hash `{info['corpus_hash'][:12]}`; "
        f"run took {run.seconds:.0f} s.",
        "",
        "Values are means over the items each metric applies to; brackets hold 95% bootstrap intervals.",
        "",
        table(run, with_ci=True),
        "",
    ]
    if run.by_collection:
        parts += [
            f"Collections (their articles ingested beside the seed's): {', '.join(info['collections'])}. "
            "A tuning collection's failures were read and tuned on; a held-out one's were not (blind: nobody "
            "but its author read its questions). *Collection left out*: the abstention threshold fitted on all "
            "the other collections.",
            "",
        ]
        parts += [collection_table(run), ""]
    for config, kinds in run.kinds.items():
        parts += [kinds_table(config, kinds), ""]
    parts += [
        "By question tag (a question has several): hit@5, key-fact recall and gold cited over the tag's "
        "answerable questions, *abstained on* over its unanswerable ones (`by_tag` in report.json).",
        "",
        *_tag_tables(run, baseline.get("config") if baseline else None),
    ]
    for config in run.configs:
        parts.append(f"- **{config}**: {run.summaries[config]['description']}")
    parts.append("")
    if gate is not None:
        verdict = "passed" if gate["passed"] else "FAILED: " + ", ".join(gate["failures"])
        parts += [f"Gate on `{gate['config']}` against evals/baseline.json: {verdict}", ""]
    parts += [f"![{name}]({name})" for name in plots] + [""]
    for config in run.configs:
        parts += losses_table(config, run.summaries[config])
    blind = {name for name, role in info.get("roles", {}).items() if role.endswith("blind")}
    for config in run.configs:
        failing = [r for r in run.results[config] if r.problems and collection_of(r.id) not in blind]
        hidden = sum(1 for r in run.results[config] if r.problems and collection_of(r.id) in blind)
        main = baseline is not None and config == baseline.get("config")
        parts += [f"## What went wrong: {config} ({len(failing) + hidden} of {len(run.results[config])} items)", ""]
        if not main:  # a yardstick's failures: kept, but folded away below the default's
            parts += ["<details><summary>Listed for comparison (not the default configuration)</summary>", ""]
        if hidden:
            parts += [f"{hidden} of them in blind collections ({', '.join(sorted(blind))}): not listed, by design.", ""]
        for r in failing:
            answer = r.answer if len(r.answer) < 160 else r.answer[:157] + "…"
            parts.append(f"- `{r.id}` {r.question}  \n  → {answer or '(abstained)'}  \n  ✗ {'; '.join(r.problems)}")
        parts.append("")
        if not main:
            parts += ["</details>", ""]
    return "\n".join(parts)


# What each cause means, for a reader of the report (runner.precision_lost assigns them).
CAUSES = {
    "retrieval": "no passage with gold evidence in the top 5",
    "lead": "the sentence chosen as the best answer",
    "next": "sentences completing the lead's thought or list",
    "context": "the sentence the lead points back to",
    "footnote": "the note the lead cites",
    "extra": "more evidence scoring close to the lead",
}


def losses_table(config: str, summary: dict[str, Any]) -> list[str]:
    """Markdown lines: where ``config``'s citation precision is lost, by cause (none for unlabelled answers)."""
    lost = summary.get("precision_lost")
    if not lost:
        return []
    precision = summary["metrics"]["citation_precision"]
    lines = [
        f"### Where citation precision is lost: {config}",
        "",
        f"Citation precision {precision:.3f}; the losses below add up to {1 - precision:.3f}.",
        "",
        "| cause | citations | without gold evidence | precision lost |",
        "|---|---:|---:|---:|",
    ]
    for cause, entry in lost.items():
        label = f"{cause}: {CAUSES[cause]}" if cause in CAUSES else cause
        lines.append(f"| {label} | {entry['citations']} | {entry['wrong']} | {entry['lost']:.3f} |")
    return lines + [""]


# The plots' marks, in colours no bar takes (tab10 gives the bars theirs) and with a white halo, so that
# they show over a bar of any colour: a target (what the issues ask for) as a broad solid line, a floor
# (what the gate holds, evals/baseline.json) as a thin dashed one drawn over it, so that both stay
# visible where they coincide (quote validity: 1.0 and 1.0).
def _halo(width: float) -> list:
    from matplotlib import patheffects

    return [patheffects.Stroke(linewidth=width, foreground="white"), patheffects.Normal()]


TARGET_STYLE = {"colors": "#d01c8b", "linestyles": "solid", "linewidths": 3.0, "zorder": 4, "halo": 5.0}
FLOOR_STYLE = {"colors": "black", "linestyles": (0, (3, 1.5)), "linewidths": 1.5, "zorder": 5, "halo": 3.0}
TARGET_LABEL = "target on the held-out figure (issue 21)"
# The bootstrap intervals: one colour for every bar, so that the legend's one entry explains them all.
INTERVAL_STYLE = {"ecolor": "#222222", "elinewidth": 0.9, "capsize": 2.0}
# The per-collection plot shows the metrics issue 21 set targets for: the whole headline, once per
# collection, would be 80 bars.
BY_COLLECTION = [
    "hit@5",
    "mrr@10",
    "key_fact_recall",
    "gold_cited",
    "abstention_f1",
    "false_refusals",
    "followup_accuracy",
    "quote_validity",
]


def _plots(run: RunResult, out: Path, baseline: dict[str, Any] | None = None) -> list[Path]:
    """metrics.png, latency.png and, for a run with collections, collections-<config>.png."""
    figures = [("metrics.png", metrics_figure(run, baseline)), ("latency.png", latency_figure(run))]
    if run.by_collection:
        figures += [(f"collections-{config}.png", collection_figure(run, config, baseline)) for config in run.configs]
    paths = []
    for name, fig in figures:
        paths.append(out / name)
        # "tight" grows the saved image to hold the legend, which lies outside the axes.
        fig.savefig(paths[-1], dpi=110, bbox_inches="tight")
        _pyplot().close(fig)
    return paths


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def metrics_figure(run: RunResult, baseline: dict[str, Any] | None = None):
    """Every headline metric, a bar per configuration with its 95% bootstrap interval; for a run of the
    seed set, the seed floors and the held-out targets over each metric's group of bars (in a run with
    collections these bars pool every question, which no floor or target is about: see the
    per-collection plot)."""
    fig, ax = _pyplot().subplots(figsize=(11, 4.5))
    width = 0.8 / max(len(run.configs), 1)
    handles = []
    for i, config in enumerate(run.configs):
        xs = [x - 0.4 + (i + 0.5) * width for x in range(len(HEADLINE))]
        summary = run.summaries[config]
        values = [summary["metrics"][m] for m in HEADLINE]
        handles.append(
            ax.bar(xs, values, width, yerr=_yerr([summary] * len(HEADLINE), HEADLINE), label=config, error_kw=INTERVAL_STYLE)
        )
    groups = [(x - 0.45, x + 0.45) for x in range(len(HEADLINE))]
    if baseline and not run.by_collection:
        handles += _marks(ax, HEADLINE, groups, baseline.get("held_out_targets", {}), TARGET_STYLE, TARGET_LABEL)
        label = f"floor: the gate on {baseline['config']}, seed set (a ceiling for false_refusals)"
        handles += _marks(ax, HEADLINE, groups, baseline.get("floors", {}), FLOOR_STYLE, label)
    ax.set_xticks(range(len(HEADLINE)))
    ax.set_xticklabels(HEADLINE, rotation=35, ha="right", fontsize=8)
    which = "every question pooled" if run.by_collection else "seed set"
    _finish(ax, handles, f"Metrics per configuration ({which})")
    return fig


def collection_figure(run: RunResult, config: str, baseline: dict[str, Any] | None = None):
    """One group of bars per collection and one for the held-out figure, a bar per metric of
    BY_COLLECTION with its 95% bootstrap interval; the held-out floors and targets over the held-out
    group's bars, the only figure they are about."""
    groups = _collection_groups(run, config)
    fig, ax = _pyplot().subplots(figsize=(12, 4.8))
    width = 0.8 / len(BY_COLLECTION)
    colours = _pyplot().get_cmap("tab10")
    handles = []
    for j, name in enumerate(BY_COLLECTION):
        xs = [g - 0.4 + (j + 0.5) * width for g in range(len(groups))]
        summaries = [summary for _, summary in groups]
        values = [summary["metrics"][name] for summary in summaries]
        bars = ax.bar(
            xs, values, width, yerr=_yerr(summaries, [name] * len(groups)), color=colours(j), label=name, error_kw=INTERVAL_STYLE
        )
        handles.append(bars)
    if baseline and run.held_out.get(config, {}).get("summary"):
        # Over each bar of the held-out group (the last), a little narrower than the bar, so that equal
        # bounds of neighbouring metrics (0.85, 0.85, 0.85) stay separate marks.
        centres = [len(groups) - 1 - 0.4 + (j + 0.5) * width for j in range(len(BY_COLLECTION))]
        spans = [(x - 0.4 * width, x + 0.4 * width) for x in centres]
        handles += _marks(ax, BY_COLLECTION, spans, baseline.get("held_out_targets", {}), TARGET_STYLE, TARGET_LABEL)
        label = f"floor: the gate on {baseline['config']}, held-out figure (a ceiling for false_refusals)"
        handles += _marks(ax, BY_COLLECTION, spans, baseline.get("held_out_floors", {}), FLOOR_STYLE, label)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([label for label, _ in groups], fontsize=8)
    _finish(ax, handles, f"{config} by collection")
    return fig


def _collection_groups(run: RunResult, config: str) -> list[tuple[str, dict[str, Any]]]:
    """(tick label, summary) of each collection of the run, then of the held-out figure when there is one."""
    roles = run.info.get("roles", {})
    groups = [(f"{name}\n({roles.get(name, 'held-out')})", s) for name, s in run.by_collection[config].items()]
    held = run.held_out.get(config, {})
    if held.get("summary"):
        groups.append(("held-out\n(" + " + ".join(held["collections"]) + ")", held["summary"]))
    return groups


def latency_figure(run: RunResult):
    fig, ax = _pyplot().subplots(figsize=(7, 4))
    data = [[r.timings_ms.get("total", 0.0) for r in run.results[c]] for c in run.configs]
    ax.boxplot(data, tick_labels=run.configs, showfliers=True)
    ax.set_ylabel("ms per answer (total)")
    ax.set_title("Latency distribution after warm-up")
    fig.tight_layout()
    return fig


def _yerr(summaries: list[dict[str, Any]], names: list[str]) -> list[list[float]] | None:
    """Matplotlib's asymmetric error bars (below, above) from each summary's 95% bootstrap interval of
    its metric; none for summaries built without intervals. A percentile interval need not hold a
    nonlinear statistic's point value (abstention F1), so an extent is never negative."""
    if not all("ci95" in s for s in summaries):
        return None
    below, above = [], []
    for summary, name in zip(summaries, names):
        value = summary["metrics"][name]
        low, high = summary["ci95"][name]
        below.append(max(value - low, 0.0))
        above.append(max(high - value, 0.0))
    return [below, above]


def _marks(ax, names: list[str], spans: list[tuple[float, float]], bounds: dict[str, float], style: dict, label: str) -> list:
    """A short horizontal line at each bound, over its metric's span of x; one legend entry for all."""
    rows = [(span, bounds[name]) for name, span in zip(names, spans) if name in bounds]
    if not rows:
        return []
    ys = [y for _, y in rows]
    style = dict(style)
    halo = _halo(style.pop("halo"))  # matplotlib is imported only when plotting
    return [ax.hlines(ys, [a for (a, _), _ in rows], [b for (_, b), _ in rows], label=label, path_effects=halo, **style)]


def _finish(ax, handles: list, title: str) -> None:
    """Axes and legend. The legend goes right of the axes, where it can cover no bar, and also names the
    interval whiskers (one entry: they share a colour)."""
    intervals = next((h.errorbar for h in handles if getattr(h, "errorbar", None) is not None), None)
    if intervals is not None:
        intervals.set_label("95% bootstrap interval")
        handles = [*handles, intervals]
    ax.set_ylim(0, 1.08)
    ax.yaxis.grid(True, alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_title(title)
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize=8)


def load_baseline(path: Path = BASELINE_PATH) -> dict[str, Any]:
    """The gate's floors, checked before an eval run spends any time."""
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(baseline["config"], str):
            raise TypeError("config must be a name")
        for key in ("floors", "held_out_floors", "kind_floors", "language_floors", "cross_language_floors"):
            if not all(isinstance(v, (int, float)) for v in baseline.get(key, {}).values()):
                raise TypeError(f"{key} must map metrics to numbers")
        for name, fields in baseline.get("header_floors", {}).items():
            if not isinstance(fields, dict) or not all(isinstance(v, (int, float)) for v in fields.values()):
                raise TypeError(f"header_floors.{name} must map fields to numbers")
        float(baseline.get("allowed_drop", 0.0))
        return baseline
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ConfigError(
            f"The gate's baseline {path} is unusable ({type(exc).__name__}: {exc}); it needs "
            '{"config": NAME, "floors": {METRIC: VALUE}, "held_out_floors": {METRIC: VALUE}, "allowed_drop": X}.'
        ) from None


def check_gate(run: RunResult, baseline: dict[str, Any]) -> dict[str, Any]:
    """Compare the baseline's configuration with its floors; a metric fails below floor − allowed drop
    (a lower-is-better one, such as false refusals, above its ceiling + allowed drop). A run of the seed
    set meets `floors`; a run with collections meets `held_out_floors` on its held-out figure."""
    config = baseline["config"]
    if config not in run.summaries:
        return {"config": config, "passed": False, "failures": [f"configuration {config!r} was not run"]}
    drop = float(baseline.get("allowed_drop", 0.0))
    if run.by_collection:
        which, floors = "held-out", baseline.get("held_out_floors", {})
        summary = run.held_out.get(config, {}).get("summary")
        if not floors or summary is None:
            missing = (
                "the baseline has no held_out_floors"
                if not floors
                else "the run has no held-out collection (use --collection all)"
            )
            return {"config": config, "figure": "held-out", "passed": False, "failures": [missing]}
        metrics = summary["metrics"]
    else:
        which, floors, metrics = "seed set", baseline["floors"], run.summaries[config]["metrics"]
    failures = []
    if run.by_collection and (kind_floors := baseline.get("kind_floors", {})):
        # Each kind's held-out share that met its measure (evals/kinds.py), under the same allowed drop.
        held = run.kinds.get(config, {}).get("held-out", {}).get("summary", {})
        for kind, bound in kind_floors.items():
            value = held.get(kind, {}).get("met")
            if value is None:
                failures.append(f"no held-out {kind} questions were answered")
            elif value < bound - drop:
                failures.append(f"{kind} questions {value:.3f} < {bound:.3f} − {drop:.3f}")
    for name, bound in floors.items():
        value = metrics.get(name)
        value = 0.0 if value is None else value
        if name in LOWER_IS_BETTER:
            if value > bound + drop:
                failures.append(f"{name} {value:.3f} > {bound:.3f} + {drop:.3f}")
        elif value < bound - drop:
            failures.append(f"{name} {value:.3f} < {bound:.3f} − {drop:.3f}")
    return {"config": config, "figure": which, "passed": not failures, "failures": failures, "allowed_drop": drop}
