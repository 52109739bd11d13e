"""A finding of the red-team review (issue #22), against the real `otsqa` command: article text
carrying terminal escape sequences reaches a terminal (a real pseudo-terminal) as plain text, from
`otsqa ingest`, `otsqa ask` and `otsqa status`, while `--json` keeps it exact.

The articles are invented here at run time; nothing is copied into the repository."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time

import pytest

from tests.resilience.procs import otsqa_command, otsqa_env

pytestmark = pytest.mark.slow

HARBOUR = """Harbour patrols on the Caspian
By Lena Ortiz

Kazakhstan and Azerbaijan agreed in March 2025 to run joint harbour patrols at Aktau and Baku, with four boats from each navy.
The first joint patrol sailed from Aktau on 14 April 2025, and the two navies will review the patrols in October 2025.
"""


def run(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(otsqa_command(*args), capture_output=True, text=True, env=env, timeout=timeout)


def run_json(args: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> dict:
    done = run([*args, "--json"], env)
    assert done.returncode in ok, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- terminal escapes -----------------------------------------------------------------------------

OSC_TITLE, CLEAR, RED, RESET = "\x1b]0;pwned\x07", "\x1b[2J", "\x1b[31m", "\x1b[0m"
ESCAPED = f"""Caspian {RED}Shield{RESET} naval drill
By Ana {OSC_TITLE}Reporter

The Caspian Shield naval drill of May 2025 brought together the fleets of Azerbaijan, Kazakhstan and \
Turkmenistan{OSC_TITLE} off the coast near Baku.{CLEAR}
Observers said the joint command post worked well, and the drill will be repeated in 2026\u202e by the same fleets.
"""
DRILL_QUESTION = "Which fleets took part in the Caspian Shield naval drill?"


def in_terminal(args: list[str], env: dict[str, str], timeout: float = 600) -> tuple[int, bytes]:
    """`otsqa ARGS` with its standard output and error on a pseudo-terminal, as a person runs it: its exit
    status and every byte it wrote there."""
    master, slave = pty.openpty()
    process = subprocess.Popen(otsqa_command(*args), stdin=slave, stdout=slave, stderr=slave, env=env)
    os.close(slave)
    out, deadline = bytearray(), time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"otsqa {' '.join(args)} still running after {timeout} s: {bytes(out[-2000:])!r}")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the process closed its end of the terminal
                break
            if not chunk:
                break
            out += chunk
        return process.wait(timeout=60), bytes(out)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)


def test_escape_sequences_in_an_article_never_reach_the_terminal(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "caspian.txt").write_text(ESCAPED, encoding="utf-8")
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (corpus / f"draft{CLEAR}.docx").write_bytes(b"PK\x03\x04 not read: its name is shown as skipped")
    env = otsqa_env(tmp_path / "data", corpus)

    status, shown = in_terminal(["ingest"], env)
    assert status == 0, shown.decode(errors="replace")
    assert b"draft" in shown and b"\x1b[2J" not in shown

    status, shown = in_terminal(["ask", DRILL_QUESTION], env)
    text = shown.decode(errors="replace")
    assert status == 0, text
    assert "Azerbaijan, Kazakhstan and Turkmenistan off the coast near Baku" in text  # the answer still shows
    assert "Caspian Shield naval drill" in text  # the title, as plain text
    assert b"\x1b" not in shown and b"\x9b" not in shown and b"pwned" not in shown, shown
    assert "\u202e" not in text

    status, shown = in_terminal(["status"], env)
    assert status == 0, shown.decode(errors="replace")
    assert b"Caspian Shield naval drill" in shown and b"\x1b" not in shown, shown

    # --json is for programs: the article's text comes back exactly as written (JSON escapes the controls).
    done = run(["ask", "--json", DRILL_QUESTION], env)
    assert done.returncode == 0 and "\x1b" not in done.stdout, done.stderr[-3000:]
    quotes = " ".join(c["quote"] for c in json.loads(done.stdout)["citations"])
    assert OSC_TITLE in quotes or CLEAR in quotes, quotes
