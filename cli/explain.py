"""`otsqa explain`: the retrieval trace of one question, for a maintainer working out a bad answer."""

from __future__ import annotations

import argparse
import json

from cli.ask import _filters
from cli.terminal import shown
from otsqa.errors import ConfigError
from otsqa.settings import Settings

TEXT_CHARS = 70  # of a sentence or passage in the tables
TITLE_CHARS = 34


def register(commands: argparse._SubParsersAction) -> None:
    explain = commands.add_parser(
        "explain",
        help="show what each stage found for a question (passages, sentences, confidence)",
        description="Answer the question once, then show the trace of the quoted answerer: the passages "
        "with their dense, BM25, sentence and fused ranks; the sentences considered with their scores and "
        "the cross-encoder's; the confidence's features, what each adds or takes away, and why the answer "
        "abstained or not. For a question another kind answered (a timeline, a summary, ...) the trace is "
        "the single-fact path it would otherwise take. docs/answers.md explains how to read it.",
    )
    explain.add_argument("question", help="the question (quote it)")
    explain.add_argument(
        "--after",
        action="append",
        default=[],
        metavar="QUESTION",
        help="an earlier question of the conversation, oldest first (repeatable): traces a follow-up",
    )
    explain.add_argument(
        "--config",
        default=None,
        metavar="NAME",
        help="grounded (default; generative when OTSQA_GENERATOR is set, whose quoted answerer is traced) or grounded-no-rerank",
    )
    explain.add_argument("--article", action="append", default=[], metavar="ID", help="search only this article; repeatable")
    explain.add_argument("--since", default="", metavar="DATE", help="search only articles published on or after DATE")
    explain.add_argument("--until", default="", metavar="DATE", help="search only articles published on or before DATE")
    explain.add_argument(
        "--json", action="store_true", help="print the whole trace as JSON (what POST /api/admin/explain returns)"
    )
    explain.set_defaults(handler=_explain)


def _explain(settings: Settings, args: argparse.Namespace) -> int:
    from assistant import open_assistant
    from assistant.answer import check_history, check_question
    from assistant.configs import CONFIGS
    from assistant.explain import explain

    if args.config is not None and args.config not in CONFIGS:
        raise ConfigError(f"Unknown configuration {args.config!r}; choose one of: {', '.join(CONFIGS)}.")
    check_question(args.question)  # a bad question fails before any model loads
    history = check_history([{"question": q, "answer": ""} for q in args.after])
    filters = _filters(args)
    assistant = open_assistant(settings, args.config)
    trace = explain(assistant, args.question, history, filters)
    if args.json:
        print(json.dumps(trace, ensure_ascii=False))
    else:
        print(shown(trace_text(trace)))
    return 0


def trace_text(trace: dict) -> str:
    """The trace as compact tables for a terminal."""
    lines = [f"Question:  {trace['question']}"]
    if trace["follow_up"]:
        lines.append(f"Searched:  {trace['retrieval_query']}  (a follow-up: the earlier questions it leans on added)")
    kind = trace["kind"]
    lines.append(f"Language:  {trace['language']}    Kind: {kind['kind']} ({kind['why']})")
    if kind["kind"] != "fact":
        lines.append(f"Traced:    {kind['trace']}")
    if trace["config"] != trace["traced"]:
        lines.append(f"Traced:    the quoted answerer of {trace['config']!r} ({trace['traced']})")
    if trace["parts"]:
        lines.append("Parts:     " + " | ".join(trace["parts"]) + "  (each part's lead is chosen by its own scores)")
    answer = trace["answer"]
    said = " ".join(answer["answer"].split())
    lines.append(f"Answer:    {'abstained: ' if answer['abstained'] else ''}{_cut(said, 160)}")
    if trace["agrees"] is False:
        lines.append("Warning:   the trace below cites other sentences than the answer (did the store change?)")

    passages = trace["passages"]
    kept = sum(1 for p in passages if p["rank"] is not None)
    lines += ["", f"Passages: {kept} kept from the fused order of the dense, BM25 and sentence rankings"]
    width = max((len(p["chunk_id"]) for p in passages), default=5)
    lines.append(
        f"{'fused':>5} {'rank':>4} {'ans':>3} {'dense':>5} {'bm25':>13} {'sent':>4} {'score':>6}  {'chunk':<{width}}  title"
    )
    for p in passages:
        bm25 = f"{p['lexical_rank']} ({p['bm25']:.2f})" if p["lexical_rank"] is not None else "-"
        bm25 += "+" if p["lexical_bonus"] else ""
        where = f"{p['chunk_id']:<{width}}  {_cut(p['title'], TITLE_CHARS)}"
        if p["passed_over"]:
            where += f"  [passed over: {p['passed_over']}]"
        lines.append(
            f"{p['fused_rank']:>5} {_dash(p['rank']):>4} {_dash(p['answer_rank']):>3} {_dash(p['dense_rank']):>5} "
            f"{bm25:>13} {_dash(p['sentence_rank']):>4} {p['fused']:>6.4f}  {where}"
        )

    candidates = trace["candidates"]
    lines += ["", f"Sentences: {candidates['shown']} shown of {candidates['considered']} considered (ce: the cross-encoder)"]
    lines.append(f"{'#':>3} {'score':>6} {'sem':>5} {'lex':>5} {'nov':>5} {'prior':>5} {'typed':>5} {'ce':>5}  {'role':<14} text")
    for c in candidates["rows"]:
        role = c["role"] if c["chosen"] else (f"{c['role']}, unquoted" if c["weighed"] else "")
        if c["cited"] is not None:
            role += f" [{c['cited']}]"
        scores = " ".join(f"{_num(c[k]):>5}" for k in ("semantic", "lexical", "novelty", "prior", "typed", "relevance"))
        lines.append(f"{_dash(c['rank']):>3} {_num(c['score'], 6)} {scores}  {role:<14} {_cut(c['text'], TEXT_CHARS)}")

    confidence = trace["confidence"]
    verdict = "abstained" if confidence["abstained"] else "answered"
    lines += ["", f"Confidence: {confidence['value']:.3f} against the threshold {confidence['threshold']:.3f}: {verdict}"]
    if not confidence["applies"]:
        lines.append(f"  (the single-fact path's; the {kind['kind']} answer has no threshold)")
    parts = [f"{name} {value:+.3f}" for name, value in confidence["contributions"].items() if value]
    if parts:
        lines.append("  " + "  ".join(parts))
    lines.append(f"  why: {confidence['why']}")

    timings = trace["timings_ms"]
    lines += ["", "Timings (ms): " + "  ".join(f"{step} {ms:.0f}" for step, ms in timings.items())]
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _dash(value) -> str:
    return "-" if value is None else str(value)


def _num(value, width: int = 5) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.3f}"
