"""Two findings of the red-team review (issue #22), each against the real `otsqa` command:

- symbolic links in a corpus folder that lead out of it are not followed: they are listed as skipped
  with why, and what they point at never reaches an answer; a link named on the command line is
  followed, and the report says so;
- article text carrying terminal escape sequences reaches a terminal (a real pseudo-terminal) as plain
  text, from `otsqa ingest`, `otsqa ask` and `otsqa status`, while `--json` keeps it exact.

The articles are invented here at run time; nothing is copied into the repository."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import time
from pathlib import Path

import pytest

from tests.resilience.procs import otsqa_command, otsqa_env

pytestmark = pytest.mark.slow

HARBOUR = """Harbour patrols on the Caspian
By Lena Ortiz

Kazakhstan and Azerbaijan agreed in March 2025 to run joint harbour patrols at Aktau and Baku, with four boats from each navy.
The first joint patrol sailed from Aktau on 14 April 2025, and the two navies will review the patrols in October 2025.
"""
NOTES = """Notes on the Turkmenbashi port visit
By Omar Vale

A Turkish frigate visited the port of Turkmenbashi in June 2025 for three days of talks on search and rescue at sea.
"""
DRILL = """Winter drill in the Altai
By Sara Kemal

Kyrgyz and Uzbek mountain units held a winter drill in the Altai in January 2025 with two hundred soldiers.
"""
SECRET = "The Aktau harbour vault passphrase is kumquat-lantern-9317, the duty officer of the navy said."
PASSPHRASE = "kumquat-lantern-9317"


def run(args: list[str], env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(otsqa_command(*args), capture_output=True, text=True, env=env, timeout=timeout)


def run_json(args: list[str], env: dict[str, str], ok: tuple[int, ...] = (0,)) -> dict:
    done = run([*args, "--json"], env)
    assert done.returncode in ok, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- links ----------------------------------------------------------------------------------------


@pytest.fixture
def linked_corpus(tmp_path) -> Path:
    """corpus/ with two articles and four links: to a file outside (no suffix, like /etc/passwd), to a
    folder outside holding an article, from a subfolder to that file outside, and to an article inside."""
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "more" / "drill.md").write_text(DRILL, encoding="utf-8")
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    (corpus / "notes.txt").write_text(NOTES, encoding="utf-8")
    (corpus / "passwd.txt").symlink_to(outside / "passwd")
    (corpus / "more").symlink_to(outside / "more", target_is_directory=True)
    (corpus / "sub" / "deep.txt").symlink_to(Path("..", "..", "outside", "passwd"))  # relative, from a subfolder
    (corpus / "again.txt").symlink_to("harbour.txt")  # stays inside
    return corpus


def test_links_out_of_a_corpus_folder_are_skipped_with_why_and_never_answered(tmp_path, linked_corpus):
    corpus, outside = linked_corpus, tmp_path / "outside"
    env = otsqa_env(tmp_path / "data", corpus)

    report = run_json(["ingest", str(corpus)], env)
    assert (report["added"], report["failed"]) == (2, []), report
    skipped = {Path(s["path"]).relative_to(corpus).as_posix(): s["reason"] for s in report["skipped_why"]}
    assert sorted(report["skipped"]) == sorted(s["path"] for s in report["skipped_why"])  # paths, as before
    assert set(skipped) == {"passwd.txt", "more", "sub/deep.txt", "again.txt"}, skipped
    for name in ("passwd.txt", "sub/deep.txt"):
        assert skipped[name].startswith(f"a symbolic link to a file outside {corpus}"), skipped[name]
        assert "not followed" in skipped[name]
    assert skipped["more"].startswith(f"a symbolic link to a folder outside {corpus}"), skipped["more"]
    assert "inside" in skipped["again.txt"] and "not followed" in skipped["again.txt"]
    sources = sorted(a["source"] for a in run_json(["status"], env)["articles"])
    assert sources == [str(corpus / "harbour.txt"), str(corpus / "notes.txt")]

    # An ingested article's file swapped for a link out of the folder: the article leaves the store.
    (corpus / "notes.txt").unlink()
    (corpus / "notes.txt").symlink_to(outside / "passwd")
    report = run_json(["ingest", str(corpus)], env)
    assert (report["added"], report["updated"], report["removed"]) == (0, 0, 1), report
    assert str(corpus / "notes.txt") in {s["path"] for s in report["skipped_why"]}

    answer = run(["ask", "--json", "What is the Aktau harbour vault passphrase?"], env)
    assert answer.returncode == 0, answer.stderr[-3000:]
    assert PASSPHRASE not in answer.stdout
    assert [a["source"] for a in run_json(["status"], env)["articles"]] == [str(corpus / "harbour.txt")]

    # Named on the command line, a link is followed (the user pointed at it), and the report says so.
    named = tmp_path / "named.txt"
    named.symlink_to(outside / "more" / "drill.md")
    report = run_json(["ingest", str(named), str(corpus / "more")], env)
    assert report["added"] == 1, report  # one article, reached both ways
    assert report["warnings"] == [
        {
            "path": str(named),
            "warning": f"a symbolic link to {outside / 'more' / 'drill.md'}: followed because it was named; "
            "the article is stored under the file it leads to",
        },
        {
            "path": str(corpus / "more"),
            "warning": f"a symbolic link to {outside / 'more'}: followed because it was named; the folder it leads to is read",
        },
    ]
    assert str(outside / "more" / "drill.md") in {a["source"] for a in run_json(["status"], env)["articles"]}


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
