"""`otsqa feedback export`: thumbs-down answers as evaluation-set lines."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from otsqa.errors import OtsqaError
from otsqa.settings import Settings


def register(commands: argparse._SubParsersAction) -> None:
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
