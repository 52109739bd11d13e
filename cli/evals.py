"""`otsqa evals run` and `otsqa evals calibrate`: the evaluation set."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from otsqa.errors import ConfigError
from otsqa.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
    evals = commands.add_parser("evals", help="run the evaluation set", description="Measure answers against gold labels.")
    evals_commands = evals.add_subparsers(dest="evals_command", metavar="COMMAND", required=True)
    run = evals_commands.add_parser(
        "run",
        help="run every question through each configuration and report",
        description="Ingest the corpus into the evals' own store if needed, answer every question of the "
        "evaluation set with each configuration, and write report.json, report.md and plots.",
    )
    run.add_argument(
        "--config",
        action="append",
        metavar="NAME",
        help="a configuration to run (repeatable; default: all but generative, which runs only when named)",
    )
    run.add_argument("--out", type=Path, help="report folder (default: evals/reports/<timestamp>/)")
    run.add_argument(
        "--gate",
        action="store_true",
        help="exit 1 when the default configuration falls below evals/baseline.json (the seed set's floors; "
        "with --collection, the held-out floors on the held-out collections' pooled figure)",
    )
    run.add_argument("--dataset", type=Path, help="question set (default: evals/data/qa.jsonl)")
    run.add_argument(
        "--collection",
        action="append",
        metavar="NAME",
        help="add the questions of this collection under evals/collections/ (repeatable; 'all' for every one) "
        "to the seed set's, all answered from a store holding the seed articles and the collections' articles; "
        "the report adds a table per collection, the held-out figure and leave-one-collection-out abstention",
    )
    run.add_argument("--baseline", type=Path, help="floors for --gate (default: evals/baseline.json)")
    run.set_defaults(handler=_evals_run)
    calibrate = evals_commands.add_parser(
        "calibrate",
        help="set the grounded abstention threshold from the tuning collections",
        description="Answer every question of the seed set and of the tuning collections (never a held-out one) "
        "with abstention off, then choose the confidence threshold that best separates answerable from "
        "unanswerable questions; writes assistant/calibration.json.",
    )
    calibrate.add_argument("--out", type=Path, help="where to write (default: assistant/calibration.json)")
    calibrate.set_defaults(handler=_evals_calibrate)
    headers = evals_commands.add_parser(
        "headers",
        help="measure how well ingest reads titles, authors, dates and outlets",
        description="Clean the made-up articles of evals/headers (a tuning set and a blind one, in many real-world "
        "header shapes) as ingest does and compare each one's title, author, date and publication with the "
        "expected ones: the share read right per set.",
    )
    headers.add_argument("--json", action="store_true", help="print the figures as JSON")
    headers.add_argument("--gate", action="store_true", help="exit 1 when a set falls below header_floors in evals/baseline.json")
    headers.add_argument("--baseline", type=Path, help="floors for --gate (default: evals/baseline.json)")
    headers.set_defaults(handler=_evals_headers)
    languages = evals_commands.add_parser(
        "languages",
        help="measure questions in Turkish, Russian, Azerbaijani, Kazakh and Uzbek, per language",
        description="Answer the seed's questions translated into the region's languages (tuning), the cross-language "
        "tuning collection's (mostly English questions about Russian and Turkish articles) and the held-out "
        "Russian and Turkish collection's questions (blind) with the multilingual configuration "
        "(OTSQA_EMBEDDING_MODEL=e5, its own store under the evals' data dir), and write languages.md and "
        "languages.json: a table per language, tuning beside held-out.",
    )
    languages.add_argument("--out", type=Path, help="report folder (default: evals/reports/languages-<timestamp>/)")
    languages.add_argument(
        "--gate",
        action="store_true",
        help="exit 1 when the held-out figure falls below language_floors in evals/baseline.json, "
        "or the cross-language tuning set's below cross_language_floors",
    )
    languages.add_argument("--baseline", type=Path, help="floors for --gate (default: evals/baseline.json)")
    languages.set_defaults(handler=_evals_languages)


def _evals_run(settings: Settings, args: argparse.Namespace) -> int:
    import datetime as dt

    from assistant.configs import CONFIGS, default_configs
    from evals.collections import load_collections, seed_collection
    from evals.dataset import DEFAULT_PATH, load_items
    from evals.report import BASELINE_PATH, check_gate, collection_table, kinds_table, load_baseline, table, write
    from evals.runner import run

    configs = args.config or default_configs()
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise ConfigError(f"Unknown configuration(s) {', '.join(unknown)}; choose from: {', '.join(CONFIGS)}.")
    if args.collection and args.dataset:
        raise ConfigError("--collection asks the seed set's questions and the collections': leave out --dataset.")
    baseline = load_baseline(args.baseline or BASELINE_PATH) if args.gate else None
    if baseline is not None and baseline["config"] not in configs:
        configs.append(baseline["config"])
    seed = load_items(args.dataset or DEFAULT_PATH)  # checked before any work, like the collections
    collections = [seed_collection(seed), *load_collections(args.collection)] if args.collection else []
    items = [i for c in collections for i in c.items] or seed
    from otsqa.settings import REPO_ROOT

    out = args.out or REPO_ROOT / "evals" / "reports" / dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    # A bar on a terminal; off one (CI, a log), a line per stage so minutes of work are not silence.
    result = run(settings, configs, items, progress=True if sys.stderr.isatty() else "lines", collections=collections)
    gate = check_gate(result, baseline) if baseline is not None else None
    written = write(result, out, gate)
    print(table(result))
    if result.by_collection:
        print("\n" + collection_table(result))
    for config, kinds in result.kinds.items():
        print("\n" + kinds_table(config, kinds))
    print(f"\n{len(items)} questions × {len(configs)} configuration(s) in {result.seconds:.0f} s; report: {written[1]}")
    if gate is not None:
        if gate["passed"]:
            print(f"Gate passed: {gate['config']} holds every floor in evals/baseline.json ({gate['figure']}).")
        else:
            print(f"Gate FAILED for {gate['config']}: " + "; ".join(gate["failures"]), file=sys.stderr)
            return 1
    return 0


def _evals_calibrate(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.configs import CALIBRATION_PATH
    from evals.calibrate import calibrate
    from evals.collections import load_collections, seed_collection
    from evals.dataset import load_items

    tuning = [seed_collection(load_items()), *(c for c in load_collections(["all"]) if not c.held_out)]
    results = calibrate(settings, tuning, args.out or CALIBRATION_PATH, progress=sys.stderr.isatty())
    for name, result in results.items():
        print(
            f"{name}: abstain below confidence {result['threshold']}: in-sample abstention F1 "
            f"{result['in_sample']['f1']:.3f}, leave-one-out F1 {result['leave_one_out']['f1']:.3f} "
            f"({result['fitted_on']['answerable']} answerable, {result['fitted_on']['unanswerable']} unanswerable)."
        )
    return 0


def _evals_headers(settings: Settings, args: argparse.Namespace) -> int:
    import json

    from evals.headers import FIELDS, check_header_gate, headers_table, run_headers
    from evals.report import BASELINE_PATH, load_baseline

    scores = run_headers()
    if args.json:
        print(json.dumps({s.name: {"articles": s.items} | {f: round(s.share(f), 3) for f in FIELDS} for s in scores}))
    else:
        print(headers_table(scores))
    if args.gate:
        floors = load_baseline(args.baseline or BASELINE_PATH).get("header_floors", {})
        if failures := check_header_gate(scores, floors):
            print("Gate FAILED for the header sets: " + "; ".join(failures), file=sys.stderr)
            return 1
        print("Gate passed: every header set holds header_floors in evals/baseline.json.", file=sys.stderr)
    return 0


def _evals_languages(settings: Settings, args: argparse.Namespace) -> int:
    import datetime as dt

    from evals.languages import article_languages_table, check_language_gate, languages_table, run_languages, write_report
    from evals.report import BASELINE_PATH, load_baseline
    from otsqa.settings import REPO_ROOT

    baseline = load_baseline(args.baseline or BASELINE_PATH) if args.gate else None
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or REPO_ROOT / "evals" / "reports" / f"languages-{stamp}"
    result = run_languages(settings, progress=True if sys.stderr.isatty() else "lines")
    gate = check_language_gate(result, baseline) if baseline is not None else None
    written = write_report(result, out, gate)
    print(languages_table(result))
    if by_article := article_languages_table(result):
        print("\nBy the language of the article asked about:\n" + by_article)
    print(f"\nreport: {written}")
    if gate is not None:
        if not gate["passed"]:
            print("Gate FAILED for the region's languages: " + "; ".join(gate["failures"]), file=sys.stderr)
            return 1
        print(
            "Gate passed: the held-out figure in the region's languages holds language_floors in evals/baseline.json "
            "(and the cross-language tuning set cross_language_floors)."
        )
    return 0
