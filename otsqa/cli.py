"""The `otsqa` command. Errors from the library arrive as OtsqaError and leave here as a one-line
message and an exit status: 0 ok, 1 something failed, 2 usage or settings error, 130 interrupted,
141 the reader of the output went away (a closed pipe).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Sequence

from otsqa import __version__, offline
from otsqa.errors import ConfigError, OtsqaError, QuestionError, SettingsError
from otsqa.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otsqa",
        description="Cited answers about security cooperation among the Organization of Turkic States.",
        epilog="Settings come from OTSQA_* environment variables, e.g. OTSQA_DATA_DIR and OTSQA_CORPUS_DIR (see README).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = commands.add_parser(
        "ingest",
        help="read articles into the store (incremental)",
        description="Read .txt, .md, .html/.htm and .pdf articles (files or folders, recursively), clean "
        "and chunk them, embed the chunks and store them. Unchanged files are skipped; changed files "
        "are replaced; files gone from an ingested folder are removed from the store.",
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: OTSQA_CORPUS_DIR)")
    ingest.add_argument("--rebuild", action="store_true", help="drop the store and ingest from scratch")
    ingest.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    ingest.set_defaults(handler=_ingest)

    remove = commands.add_parser(
        "remove",
        help="take articles out of the store",
        description="Remove articles from the store and the keyword index, named by id (as `otsqa status` "
        "shows it) or by the path of their file. The files themselves are left alone: an article whose file "
        "is still in an ingested folder comes back with the next `otsqa ingest` of that folder.",
    )
    remove.add_argument("targets", nargs="+", metavar="ARTICLE", help="article id or file path")
    remove.add_argument("--json", action="store_true", help='print {"removed", "failed", "still_on_disk"}')
    remove.set_defaults(handler=_remove)

    status = commands.add_parser(
        "status",
        help="show the store, its model and its articles",
        description="Show where the store is, which embedding model built it, and its articles.",
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=_status)

    ask = commands.add_parser(
        "ask",
        help="answer a question with cited passages",
        description="Answer from the ingested articles, citing the exact passages. With --batch, read JSONL "
        'lines {"id", "question", "history"} from FILE ("-" for stdin) and write one JSON answer per line.',
    )
    ask.add_argument("question", nargs="?", help="the question (quote it)")
    ask.add_argument("--batch", metavar="FILE", help="JSONL questions to answer with the models loaded once")
    ask.add_argument(
        "--config",
        default=None,
        metavar="NAME",
        help="answering configuration: grounded (default; generative when OTSQA_GENERATOR is set), "
        "grounded-no-rerank, naive, dense or generative",
    )
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.set_defaults(handler=_ask)

    serve = commands.add_parser(
        "serve",
        help="serve the web chat, the HTTP API and the widget",
        description="Serve the web chat at /, the JSON API under /api (OpenAPI docs at /docs) and the embeddable "
        "widget at /widget.js from one process. Other sites may embed or call it only when listed in "
        "OTSQA_ALLOWED_ORIGINS; OTSQA_API_TOKEN, when set, is required on API calls.",
    )
    from app import add_serve_arguments

    add_serve_arguments(serve)
    serve.set_defaults(handler=_serve)

    feedback = commands.add_parser(
        "feedback", help="work with the feedback given in the web chat", description="Feedback given on answers."
    )
    feedback_commands = feedback.add_subparsers(dest="feedback_command", metavar="COMMAND", required=True)
    export = feedback_commands.add_parser(
        "export",
        help="write thumbs-down answers as evaluation-set lines (JSONL)",
        description="Write every thumbs-down answer as one line of the evaluation set's JSONL format, with the gold "
        "labels left empty (answerable is null) and the rated answer, its citations and the comment under "
        '"feedback", ready to be labelled and added to evals/data/qa.jsonl.',
    )
    export.add_argument("--out", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=_feedback_export)

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
    run.add_argument("--gate", action="store_true", help="exit 1 when the default configuration falls below evals/baseline.json")
    run.add_argument("--dataset", type=Path, help="question set (default: evals/data/qa.jsonl)")
    run.add_argument("--baseline", type=Path, help="floors for --gate (default: evals/baseline.json)")
    run.set_defaults(handler=_evals_run)
    calibrate = evals_commands.add_parser(
        "calibrate",
        help="set the grounded abstention threshold from the evaluation set",
        description="Answer every question with abstention off, then choose the confidence threshold that best "
        "separates answerable from unanswerable questions; writes assistant/calibration.json.",
    )
    calibrate.add_argument("--out", type=Path, help="where to write (default: assistant/calibration.json)")
    calibrate.set_defaults(handler=_evals_calibrate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:
        # The reader went away (`otsqa ask … | head -1`): stop quietly, as other command-line tools do.
        # Python would otherwise print a second error when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _main(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        settings.check_data_dir()
    except SettingsError as exc:
        return _fail(args, exc, 2)
    offline.apply(settings)
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        status = args.handler(settings, args)
        sys.stdout.flush()  # here, where a closed pipe can be handled, not at exit
        return status
    except (QuestionError, ConfigError, SettingsError) as exc:  # what the user typed or set: a usage error
        return _fail(args, exc, 2)
    except OtsqaError as exc:
        return _fail(args, exc, 1)
    except KeyboardInterrupt:
        print("otsqa: interrupted; run the same command again to finish.", file=sys.stderr)
        return 130


def _fail(args: argparse.Namespace, exc: Exception, status: int) -> int:
    """The message on stderr; with --json also as {"error", "status"} on stdout, where a script reads."""
    print(f"otsqa: {exc}", file=sys.stderr)
    if getattr(args, "json", False):
        print(json.dumps({"error": str(exc), "status": status}, ensure_ascii=False), flush=True)
    return status


# ---------------------------------------------------------------------------------------------


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from ingest import ingest_paths

    report = ingest_paths(settings, args.paths or None, rebuild=args.rebuild, progress=not args.json and sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return report.exit_code
    where = settings.chroma_url or settings.chroma_dir
    print(
        f"Ingested into {where}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; {report.chunks} chunks written "
        f"({report.embedded} embedded) in {report.seconds:.1f} s. The store holds {report.store_chunks} chunks."
    )
    if report.skipped:
        shown = ", ".join(Path(p).name for p in report.skipped[:5])
        more = f" and {len(report.skipped) - 5} more" if len(report.skipped) > 5 else ""
        print(f"Skipped {len(report.skipped)} file(s) of unsupported type, or not regular files: {shown}{more}.")
    for warning in report.warnings:
        print(f"Warning: {warning['path']}: {warning['warning']}", file=sys.stderr)
    _print_repaired(report.repaired)
    for failure in report.failed:
        print(f"Failed: {failure['path']}: {failure['error']}", file=sys.stderr)
    return report.exit_code


def _print_repaired(repaired: dict[str, int]) -> None:
    for table, lost in repaired.items():
        print(
            f"Repaired: the {table} vector index missed {lost} record(s) after an earlier run was cut off; "
            "it was rebuilt from the stored vectors.",
            file=sys.stderr,
        )


def _remove(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.removal import remove_articles

    report = remove_articles(settings, args.targets)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return report.exit_code
    for article in report.removed:
        print(f"Removed {article['doc_id']} ({article['title'] or Path(article['source']).name}).")
    for source in report.still_on_disk:
        print(
            f"Note: {source} is still there; the next `otsqa ingest` of its folder adds it back. "
            "Move or delete the file to keep the article out.",
            file=sys.stderr,
        )
    _print_repaired(report.repaired)
    for failure in report.failed:
        print(f"Failed: {failure['target']}: {failure['error']}", file=sys.stderr)
    return report.exit_code


def _status(settings: Settings, args: argparse.Namespace) -> int:
    from store.chroma import open_store

    store = open_store(settings)
    articles = store.articles()
    status = {
        "store": store.location,
        "backend": store.backend,
        "embedding_model": store.fingerprint.get("otsqa_embedding_model", ""),
        "chunker": store.fingerprint.get("otsqa_chunker", ""),
        "chunks": store.count(),
        "articles": [a.summary() | {"status": a.status} for a in articles],
    }
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return 0
    print(f"Store:            {status['store']} ({status['backend']})")
    print(f"Embedding model:  {status['embedding_model']}")
    print(f"Chunker:          {status['chunker']}")
    print(f"Chunks:           {status['chunks']}")
    print(f"Articles:         {len(articles)}")
    for a in articles:
        title = a.title or "(no title)"
        title = title if len(title) <= 60 else title[:59] + "…"
        flag = "  [incomplete: run `otsqa ingest`]" if a.status != "complete" else ""
        print(f"  {a.doc_id:<28} {a.date or '—':<10}  {a.author or '—':<16}  {a.chunks:>4} chunks  {title}{flag}")
    return 0


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from assistant import open_assistant

    if (args.question is None) == (args.batch is None):
        print("otsqa ask: give either a QUESTION or --batch FILE", file=sys.stderr)
        return 2
    from assistant.configs import CONFIGS

    if args.config is not None and args.config not in CONFIGS:
        raise ConfigError(f"Unknown configuration {args.config!r}; choose one of: {', '.join(CONFIGS)}.")
    if args.question is not None:
        from assistant.answer import check_question

        check_question(args.question)  # a bad question fails before any model loads
    batch = _open_batch(args.batch) if args.batch else None  # and so does a batch file that cannot be read
    try:
        assistant = open_assistant(settings, args.config)  # none: generative when OTSQA_GENERATOR is set
    except BaseException:
        if batch is not None:
            batch.close()
        raise
    if batch is not None:
        return _ask_batch(assistant, batch)
    if args.json:
        print(json.dumps(assistant.ask(args.question).to_json(), ensure_ascii=False))
        return 0
    answer, streamed = None, ""
    for event in assistant.stream(args.question):  # shown as it is written
        if event["event"] == "delta":
            streamed += event["text"]
            print(event["text"], end="", flush=True)
        elif event["event"] == "answer":
            answer = event["answer"]
    text = answer.answer or "The articles do not answer this question."
    if not streamed:
        print(text)
    elif streamed == text:
        print()
    else:  # a generated answer: the checked text (verdicts marked, or the quoted fallback) replaces the stream
        print(f"\n\nChecked against the articles: {text}")
    if answer.citations:
        print("\nSources:")
    for c in answer.citations:
        p = c.passage
        byline = ", ".join(x for x in (p.author, p.date) if x)
        label = f"footnote {p.marker} of " if p.kind == "footnote" else ""
        name = p.title or "(untitled article)"
        print(f"[{c.n}] {label}{name}{' — ' + byline if byline else ''} ({Path(p.source).name}, chars {c.start}–{c.end})")
        print(f"    “{c.quote}”")
    return 0


def _open_batch(path: str):
    """Bytes, decoded line by line: one line in a broken encoding is reported, not guessed at, and
    the other lines are still answered (from a file and from stdin alike)."""
    try:
        return sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        raise OtsqaError(f"Cannot read the batch file {path}: {exc.strerror or exc}") from None


def _ask_batch(assistant, handle) -> int:
    from assistant.answer import check_history

    status = 0
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            item_id = None
            try:
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise ValueError("the line is not UTF-8 text (broken encoding)") from None
                item = json.loads(line)
                if not isinstance(item, dict):
                    raise ValueError("each line must be a JSON object")
                item_id = item.get("id")
                result = {"id": item_id} | assistant.ask(item.get("question"), check_history(item.get("history"))).to_json()
            except (ValueError, OtsqaError) as exc:
                status = 1
                result = {"id": item_id, "line": number, "error": str(exc)}
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return status


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from app import serve

    if not 0 < args.port < 65536:
        print(f"otsqa serve: --port must be 1-65535, not {args.port}", file=sys.stderr)
        return 2
    return serve(settings, args.host, args.port)


def _feedback_export(settings: Settings, args: argparse.Namespace) -> int:
    from web.feedback import FeedbackStore, export_thumbs_down, feedback_path

    path = feedback_path(settings.data_dir)
    lines = list(export_thumbs_down(FeedbackStore(path))) if path.exists() else []
    text = "".join(line + "\n" for line in lines)
    if args.out is None:
        sys.stdout.write(text)
    else:
        try:
            args.out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise OtsqaError(f"Cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"Exported {len(lines)} thumbs-down answer(s){' to ' + str(args.out) if args.out else ''}.", file=sys.stderr)
    return 0


def _evals_run(settings: Settings, args: argparse.Namespace) -> int:
    import datetime as dt

    from assistant.configs import CONFIGS, default_configs
    from evals.dataset import DEFAULT_PATH, load_items
    from evals.report import BASELINE_PATH, check_gate, load_baseline, table, write
    from evals.runner import run
    from otsqa.errors import ConfigError

    configs = args.config or default_configs()
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        raise ConfigError(f"Unknown configuration(s) {', '.join(unknown)}; choose from: {', '.join(CONFIGS)}.")
    baseline = load_baseline(args.baseline or BASELINE_PATH) if args.gate else None
    if baseline is not None and baseline["config"] not in configs:
        configs.append(baseline["config"])
    items = load_items(args.dataset or DEFAULT_PATH)  # a malformed line stops here, before any work
    from otsqa.settings import REPO_ROOT

    out = args.out or REPO_ROOT / "evals" / "reports" / dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    result = run(settings, configs, items, progress=sys.stderr.isatty())
    gate = check_gate(result, baseline) if baseline is not None else None
    written = write(result, out, gate)
    print(table(result))
    print(f"\n{len(items)} questions × {len(configs)} configuration(s) in {result.seconds:.0f} s; report: {written[1]}")
    if gate is not None:
        if gate["passed"]:
            print(f"Gate passed: {gate['config']} holds every floor in evals/baseline.json.")
        else:
            print(f"Gate FAILED for {gate['config']}: " + "; ".join(gate["failures"]), file=sys.stderr)
            return 1
    return 0


def _evals_calibrate(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.configs import CALIBRATION_PATH
    from evals.calibrate import calibrate
    from evals.dataset import load_items

    results = calibrate(settings, load_items(), args.out or CALIBRATION_PATH, progress=sys.stderr.isatty())
    for name, result in results.items():
        print(
            f"{name}: abstain below confidence {result['threshold']}: in-sample abstention F1 "
            f"{result['in_sample']['f1']:.3f}, leave-one-out F1 {result['leave_one_out']['f1']:.3f} "
            f"({result['fitted_on']['answerable']} answerable, {result['fitted_on']['unanswerable']} unanswerable)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
