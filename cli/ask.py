"""`otsqa ask`: one question, or a JSONL batch, answered with cited passages."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.terminal import shown
from otsqa.answer_markdown import scope_line
from otsqa.dates import human_date
from otsqa.errors import ConfigError, OtsqaError
from otsqa.messages import say
from otsqa.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
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
    ask.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default=None,
        help="text (default: streamed as it is written), json (as --json) or markdown (the answer with each "
        "source's title, author, date, quote and position, to paste into a briefing)",
    )
    ask.add_argument(
        "--article",
        action="append",
        default=[],
        metavar="ID",
        help="search only this article (its id from `otsqa status`); repeat for several",
    )
    ask.add_argument("--since", default="", metavar="DATE", help="search only articles published on or after DATE (YYYY-MM-DD)")
    ask.add_argument("--until", default="", metavar="DATE", help="search only articles published on or before DATE (YYYY-MM-DD)")
    ask.set_defaults(handler=_ask)


_LOADING = "Opening the store and loading the models…"


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from assistant import open_assistant

    if (args.question is None) == (args.batch is None):
        print("otsqa ask: give either a QUESTION or --batch FILE", file=sys.stderr)
        return 2
    from assistant.configs import CONFIGS

    if args.config is not None and args.config not in CONFIGS:
        raise ConfigError(f"Unknown configuration {args.config!r}; choose one of: {', '.join(CONFIGS)}.")
    if args.format == "json":
        args.json = True
    elif args.format == "markdown" and (args.json or args.batch):
        print("otsqa ask: --format markdown is for one question, without --json or --batch", file=sys.stderr)
        return 2
    if args.question is not None:
        from assistant.answer import check_question

        check_question(args.question)  # a bad question fails before any model loads
    filters = _filters(args)  # and so does a bad date
    batch = _open_batch(args.batch) if args.batch else None  # and so does a batch file that cannot be read
    # On a terminal, say what the wait is for (a generative configuration loads a language model too);
    # the line is wiped once it is over, so the answer starts on a clean line. Off a terminal: silence.
    waiting = sys.stderr.isatty() and not args.json and args.format != "markdown"
    if waiting:
        print(_LOADING, end="\r", file=sys.stderr, flush=True)
    try:
        assistant = open_assistant(settings, args.config)  # none: generative when OTSQA_GENERATOR is set
    except BaseException:
        if batch is not None:
            batch.close()
        raise
    finally:
        if waiting:
            print(" " * len(_LOADING), end="\r", file=sys.stderr, flush=True)
    if batch is not None:
        return _ask_batch(assistant, batch, filters)
    if args.json:
        print(json.dumps(assistant.ask(args.question, None, filters).to_json(), ensure_ascii=False))
        return 0
    if args.format == "markdown":
        from otsqa.answer_markdown import answer_markdown

        print(answer_markdown(assistant.ask(args.question, None, filters).to_json()), end="")
        return 0
    answer, streamed = None, ""
    for event in assistant.stream(args.question, None, filters):  # shown as it is written
        if event["event"] == "delta":
            streamed += event["text"]
            print(shown(event["text"]), end="", flush=True)
        elif event["event"] == "answer":
            answer = event["answer"]
    text = answer.answer or say("abstain", answer.language)
    if not streamed:
        print(shown(text))
    elif streamed == text:
        print()
    else:  # a generated answer: the checked text (verdicts marked, or the quoted fallback) replaces the stream
        print(f"\n\nChecked against the articles: {shown(text)}")
    if answer.scope:
        print("\n" + scope_line(answer.scope, answer.language or "en"))
    if answer.citations:
        # As the chat says it: an abstention's quotes are what comes closest, not its sources.
        print(f"\n{say('closest_passages' if answer.abstained else 'sources', answer.language)}:")
    for c in answer.citations:
        p = c.passage
        byline = ", ".join(x for x in (p.author, human_date(p.date)) if x)
        label = f"footnote {p.marker} of " if p.kind == "footnote" else ""
        name = p.title or "(untitled article)"
        line = f"[{c.n}] {label}{name}{' — ' + byline if byline else ''} ({Path(p.source).name}, chars {c.start}–{c.end})"
        print(shown(line))
        if c.quote not in text:  # a quote the answer already shows in full is not printed twice
            print(f"    “{shown(c.quote)}”")
    return 0


def _filters(args: argparse.Namespace):
    """--article, --since and --until as the assistant's Filters (None when none is given)."""
    from assistant.retrieval import Filters

    filters = Filters(doc_ids=tuple(args.article), date_from=args.since, date_to=args.until)
    return filters if filters.active() else None


def _open_batch(path: str):
    """Bytes, decoded line by line: one line in a broken encoding is reported, not guessed at, and
    the other lines are still answered (from a file and from stdin alike)."""
    try:
        return sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        raise OtsqaError(f"Cannot read the batch file {path}: {exc.strerror or exc}") from None


def _ask_batch(assistant, handle, filters=None) -> int:
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
                answer = assistant.ask(item.get("question"), check_history(item.get("history")), filters)
                result = {"id": item_id} | answer.to_json()
            except (ValueError, OtsqaError) as exc:
                status = 1
                result = {"id": item_id, "line": number, "error": str(exc)}
            print(json.dumps(result, ensure_ascii=False), flush=True)
    return status
