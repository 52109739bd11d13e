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
from typing import Sequence

from cli import ask, collection, evals, explain, feedback, serve
from cli.terminal import shown
from otsqa import __version__, offline
from otsqa.errors import ConfigError, OtsqaError, QuestionError, SettingsError
from otsqa.settings import load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otsqa",
        description="Cited answers about security cooperation among the Organization of Turkic States.",
        epilog="Settings come from OTSQA_* environment variables, such as OTSQA_DATA_DIR (see docs/settings.md).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for command in (collection, ask, explain, serve, feedback, evals):
        command.register(commands)
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
    print(f"otsqa: {shown(str(exc))}", file=sys.stderr)  # a message may name a file, and a name may hold controls
    if getattr(args, "json", False):
        print(json.dumps({"error": str(exc), "status": status}, ensure_ascii=False), flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
