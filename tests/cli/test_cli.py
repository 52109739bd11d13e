"""`otsqa` as a user runs it: a real process, real settings from the environment, real exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import main
from otsqa.settings import load_settings
from tests.conftest import CORPUS_FILES
from tests.helpers import otsqa


@pytest.mark.slow
def test_ingest_then_status_as_json(tmp_path, small_corpus):
    env = {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(small_corpus)}
    done = otsqa("ingest", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert {k: report[k] for k in ("added", "updated", "unchanged", "removed", "skipped", "failed")} == {
        "added": 2,
        "updated": 0,
        "unchanged": 0,
        "removed": 0,
        "skipped": [],
        "failed": [],
    }
    assert report["chunks"] > 10 and report["seconds"] > 0
    assert "Loading weights" not in done.stderr  # --json output stays clean for scripts

    status = json.loads(otsqa("status", "--json", env_extra=env).stdout)
    assert status["backend"] == "embedded" and status["store"] == str(tmp_path / "data" / "chroma")
    assert status["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert status["chunks"] == report["chunks"]
    assert [a["doc_id"] for a in status["articles"]] == ["000-7cd2e88548b4fe42", "001-9d64fbbbf1f74134"]
    assert set(status["articles"][0]) >= {"doc_id", "source", "title", "author", "date", "chunks"}
    assert status["articles"][0]["author"] == "Emil Samedov"

    again = json.loads(otsqa("ingest", "--json", env_extra=env).stdout)
    assert (again["unchanged"], again["chunks"]) == (2, 0)

    human = otsqa("status", env_extra=env)
    assert "Emil Samedov" in human.stdout and "sentence-transformers/all-MiniLM-L6-v2" in human.stdout


@pytest.mark.slow
def test_remove_takes_an_article_out_by_id_or_path_and_says_when_its_file_would_bring_it_back(tmp_path, small_corpus):
    env = {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(small_corpus)}
    assert otsqa("ingest", "--json", env_extra=env).returncode == 0
    gabala = small_corpus / CORPUS_FILES["gabala"]

    done = otsqa("remove", "--json", "000-7cd2e88548b4fe42", "no-such-article", env_extra=env)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [a["doc_id"] for a in report["removed"]] == ["000-7cd2e88548b4fe42"]
    assert report["failed"] == [
        {"target": "no-such-article", "error": "no article with this id or file path in the store (`otsqa status` lists them)"}
    ]
    assert report["still_on_disk"] == [str(small_corpus / CORPUS_FILES["samedov"])]
    status = json.loads(otsqa("status", "--json", env_extra=env).stdout)
    assert [a["doc_id"] for a in status["articles"]] == ["001-9d64fbbbf1f74134"]
    # Nothing of it is left to retrieve, by meaning or by keyword: an answer cites only the other article.
    asked = json.loads(otsqa("ask", "--json", "Why should the OTS not be seen as a Turkish project?", env_extra=env).stdout)
    assert {c["doc_id"] for c in asked["citations"]} <= {"001-9d64fbbbf1f74134"}

    gabala.unlink()  # by the path of a file that is gone: the usual way to retire an article
    done = otsqa("remove", str(gabala), env_extra=env)
    assert done.returncode == 0, done.stderr
    # Named by its title, derived from its opening words (the article has no title line).
    (gabala_record,) = status["articles"]
    assert gabala_record["title_source"] == "derived" and gabala_record["title"].endswith("…")
    assert done.stdout == f"Removed 001-9d64fbbbf1f74134 ({gabala_record['title']}).\n" and "Note:" not in done.stderr
    assert otsqa("status", "--json", env_extra=env).stdout.count('"doc_id"') == 0

    again = json.loads(otsqa("ingest", "--json", env_extra=env).stdout)  # the file still in the folder returns
    assert (again["added"], again["removed"]) == (1, 0)


def test_failed_file_gives_exit_status_1_and_names_the_file(tmp_path, monkeypatch, capsys):
    (tmp_path / "empty.txt").write_text("")
    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "data"))
    assert main(["ingest", "--json", str(tmp_path / "empty.txt")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["failed"] == [{"path": str(tmp_path / "empty.txt"), "error": "the file is empty"}]


def test_an_article_with_bytes_that_are_not_utf8_is_ingested_with_a_warning(tmp_path, corpus_dir, monkeypatch, capsys):
    article = tmp_path / "gabala.txt"
    data = (corpus_dir / CORPUS_FILES["gabala"]).read_bytes()
    article.write_bytes(data.replace(b"Gabala", b"Gab\xe1la", 1))  # one latin-1 byte in a UTF-8 file
    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "data"))
    assert main(["ingest", "--json", str(article)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 1 and report["failed"] == []
    assert [w["path"] for w in report["warnings"]] == [str(article)]
    assert report["warnings"][0]["warning"].startswith("1 byte(s) are not valid UTF-8 (the first on line ")

    assert main(["ingest", "--rebuild", str(article)]) == 0
    assert "Warning: " + str(article) + ": 1 byte(s) are not valid UTF-8" in capsys.readouterr().err
    # The rest of the article is quoted as written, not as a legacy-encoding guess would garble it.
    assert main(["ask", "--json", "Where was the 12th OTS summit held?"]) == 0
    quotes = " ".join(c["quote"] for c in json.loads(capsys.readouterr().out)["citations"])
    assert "Gabala" in quotes or "Gab\ufffdla" in quotes
    assert "â€" not in quotes and "вЂ" not in quotes and "\u201a\u00c4" not in quotes


def test_a_fifo_given_to_ingest_fails_at_once_instead_of_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    # A real process with a time-out: before the fix the read blocked forever.
    done = otsqa("ingest", "--json", str(fifo), env_extra={"OTSQA_DATA_DIR": str(tmp_path / "data")}, timeout=60)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    reason = "not a regular file but a FIFO (named pipe); save the article to an ordinary file and ingest that"
    assert report["failed"] == [{"path": str(fifo), "error": reason}]
    assert report["skipped"] == [] and report["added"] == 0


def test_evals_run_on_an_empty_question_set_refuses_and_writes_nothing(tmp_path, monkeypatch, capsys):
    dataset, out = tmp_path / "empty.jsonl", tmp_path / "report"
    dataset.write_text("\n  \n")
    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "data"))
    assert main(["evals", "run", "--config", "dense", "--dataset", str(dataset), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"The evaluation set {dataset} has no questions" in err
    assert not out.exists()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", "--no-such-flag"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_bad_setting_is_named_and_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("OTSQA_CHUNK_TOKENS", "lots")
    assert main(["status"]) == 2
    assert "OTSQA_CHUNK_TOKENS" in capsys.readouterr().err


def test_status_without_a_store_says_to_ingest(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "nothing-here"))
    assert main(["status", "--json"]) == 1
    captured = capsys.readouterr()
    assert "run `otsqa ingest`" in captured.err
    # With --json a script finds the error where it reads: on stdout, as JSON.
    assert json.loads(captured.out) == {"error": captured.err.removeprefix("otsqa: ").strip(), "status": 1}
    assert not (tmp_path / "nothing-here" / "chroma").exists()  # looking does not create a store


def test_a_data_dir_that_cannot_hold_the_store_is_a_settings_error_saying_the_fix(tmp_path, monkeypatch, capsys):
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    monkeypatch.setenv("OTSQA_DATA_DIR", str(afile))
    for command in (["ingest", str(tmp_path)], ["status"], ["ask", "Where?"], ["serve"], ["feedback", "export"]):
        assert main(command) == 2, command
        assert "is a file, not a folder: point OTSQA_DATA_DIR at a folder" in capsys.readouterr().err
    assert afile.read_text() == "not a folder"
    monkeypatch.setenv("OTSQA_DATA_DIR", str(afile / "data"))
    assert main(["ingest", "--json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert f"is inside a file ({afile})" in captured.err and json.loads(captured.out)["status"] == 2
    # A folder the checks cannot see is unwritable (/proc takes no folders, even from root): said when made.
    monkeypatch.setenv("OTSQA_DATA_DIR", "/proc/otsqa-no-folder-can-be-made-here")
    assert main(["ingest", "--json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "cannot be made" in captured.err and json.loads(captured.out)["status"] == 2


def test_blank_path_settings_mean_the_defaults(tmp_path):
    blank = load_settings(env={"OTSQA_DATA_DIR": "", "OTSQA_CORPUS_DIR": "", "OTSQA_CHROMA_URL": ""})
    default = load_settings(env={})
    assert (blank.data_dir, blank.corpus_dir, blank.chroma_url) == (default.data_dir, default.corpus_dir, None)
    assert blank.data_dir != tmp_path and blank.data_dir.name == ".otsqa"  # never the working directory


def test_help_documents_every_command():
    for command in ("ingest", "status"):
        done = subprocess.run([sys.executable, "-m", "cli", command, "--help"], capture_output=True, text=True)
        assert done.returncode == 0 and "--json" in done.stdout


def test_settings_come_from_the_environment(tmp_path):
    settings = load_settings(env={"OTSQA_DATA_DIR": str(tmp_path), "OTSQA_CHROMA_URL": "http://127.0.0.1:9000"})
    assert settings.data_dir == tmp_path and settings.backend == "server"
    assert settings.corpus_dir.name == "corpus" and settings.corpus_dir.parent.name == "shared"
    assert load_settings(env={}).data_dir.name == ".otsqa"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("OTSQA_CHROMA_URL", "localhost:8000"),
        ("OTSQA_CHUNK_TOKENS", "1000"),
        ("OTSQA_COLLECTION", "a"),
        ("OTSQA_LOG_LEVEL", "loud"),
        ("OTSQA_CORPUS_DIR", "   "),
        ("OTSQA_API_TOKEN", "   "),  # spaces are not "no token": refused, never a silently open API
    ],
)
def test_bad_settings_name_the_variable(name, value):
    from otsqa.errors import SettingsError

    with pytest.raises(SettingsError, match=name):
        load_settings(env={name: value})


@pytest.mark.parametrize(("name", "value"), [("OTSQA_CHROMA_TIMEOUT", "nan"), ("OTSQA_LLM_TIMEOUT", "inf")])
def test_a_timeout_that_is_not_a_number_says_so(name, value):
    from otsqa.errors import SettingsError

    with pytest.raises(SettingsError, match=f"{name}: Input should be a finite number"):
        load_settings(env={name: value})


def test_an_overlap_as_long_as_the_chunk_is_refused():
    from otsqa.errors import SettingsError

    with pytest.raises(SettingsError, match=r"OTSQA_CHUNK_OVERLAP_TOKENS \(48\) must be smaller than OTSQA_CHUNK_TOKENS \(40\)"):
        load_settings(env={"OTSQA_CHUNK_TOKENS": "40"})
    assert load_settings(env={"OTSQA_CHUNK_TOKENS": "40", "OTSQA_CHUNK_OVERLAP_TOKENS": "8"}).chunk_tokens == 40


def test_corpus_file_names_used_by_tests_exist(corpus_dir):
    assert sorted(p.name for p in corpus_dir.iterdir()) == sorted(CORPUS_FILES.values())


def test_serve_on_a_taken_port_or_a_bad_host_says_so_before_loading_anything(tmp_path, monkeypatch, capsys):
    import socket

    monkeypatch.setenv("OTSQA_DATA_DIR", str(tmp_path / "data"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    assert f"Port {port} on 127.0.0.1 is in use: stop what serves there or pick another --port." in capsys.readouterr().err
    assert main(["serve", "--host", "999.1.1.1", "--port", "7897"]) == 1
    captured = capsys.readouterr()
    assert "not an address of this machine" in captured.err and "Serving" not in captured.out


@pytest.mark.slow
def test_ask_prints_each_quote_once_and_names_an_abstentions_quotes_as_the_chat_does(ingested):
    env = {"OTSQA_DATA_DIR": str(ingested.settings.data_dir), "OTSQA_CORPUS_DIR": str(ingested.settings.corpus_dir)}
    answered = otsqa("ask", "Where was the 12th OTS summit held?", env_extra=env)
    assert answered.returncode == 0, answered.stderr
    text, sources = answered.stdout.split("\nSources:\n")
    quotes = json.loads(otsqa("ask", "--json", "Where was the 12th OTS summit held?", env_extra=env).stdout)["citations"]
    for c in quotes:
        assert answered.stdout.count(c["quote"]) == 1  # in the answer, not again under its source
        assert f"chars {c['start']}–{c['end']}" in sources
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", sources)  # dates as analysts write them
    abstained = otsqa("ask", "What did Iran say about the Gabala summit?", env_extra=env)
    assert "\nClosest passages:\n" in abstained.stdout and "\nSources:" not in abstained.stdout


@pytest.mark.slow
def test_ask_on_a_terminal_says_what_it_waits_for_and_wipes_it_off_a_terminal_says_nothing(ingested):
    """On a terminal the wait for the store and models is named on stderr, then wiped (carriage return and
    spaces) before the answer; a script reading stderr through a pipe gets nothing of it."""
    import pty

    env = os.environ | {"OTSQA_DATA_DIR": str(ingested.settings.data_dir), "OTSQA_CORPUS_DIR": str(ingested.settings.corpus_dir)}
    command = [sys.executable, "-m", "cli.main", "ask", "Where was the 12th OTS summit held?"]
    master, slave = pty.openpty()
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=slave, env=env, timeout=120)
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        terminal += chunk
    os.close(master)
    shown = terminal.decode()
    assert done.returncode == 0 and "Gabala" in done.stdout.decode()
    assert shown.startswith("Opening the store and loading the models…\r") and shown.rstrip("\r").endswith(" " * 20)
    settings = {k: env[k] for k in ("OTSQA_DATA_DIR", "OTSQA_CORPUS_DIR")}
    piped = otsqa("ask", "Where was the 12th OTS summit held?", env_extra=settings)
    assert "loading the models" not in piped.stderr


@pytest.mark.slow
def test_evals_run_off_a_terminal_prints_a_line_per_stage(tmp_path, corpus_dir):
    """In CI or a log, minutes of work must not be silence: a line when each stage starts and ends."""
    dataset = tmp_path / "two.jsonl"
    lines = (Path(__file__).resolve().parents[2] / "evals/data/qa.jsonl").read_text().splitlines()[:2]
    dataset.write_text("\n".join(lines) + "\n")
    env = {"OTSQA_DATA_DIR": str(tmp_path / "data"), "OTSQA_CORPUS_DIR": str(corpus_dir)}
    done = otsqa("evals", "run", "--config", "dense", "--dataset", str(dataset), "--out", str(tmp_path / "out"), env_extra=env)
    assert done.returncode == 0, done.stderr
    said = done.stderr.splitlines()
    assert "Preparing the evals' store (ingesting what changed) …" in said
    assert "dense: 2 questions …" in said and any(re.fullmatch(r"dense: answered in \d+ s", line) for line in said)
    assert "\r" not in done.stderr  # no progress bar's redraws in a log


@pytest.mark.slow
def test_ask_format_markdown_prints_the_answer_for_a_briefing(ingested):
    env = {"OTSQA_DATA_DIR": str(ingested.settings.data_dir), "OTSQA_CORPUS_DIR": str(ingested.settings.corpus_dir)}
    done = otsqa("ask", "--format", "markdown", "Where was the 12th OTS summit held?", env_extra=env)
    assert done.returncode == 0, done.stderr
    as_json = otsqa("ask", "--format", "json", "Where was the 12th OTS summit held?", env_extra=env)
    quotes = json.loads(as_json.stdout)["citations"]
    assert done.stdout.startswith("**Question:** Where was the 12th OTS summit held?\n")
    for c in quotes:
        assert f"[{c['n']}] *" in done.stdout and f"(characters {c['start']}–{c['end']})" in done.stdout
    refused = otsqa("ask", "--format", "markdown", "--batch", "-", env_extra=env)
    assert refused.returncode == 2 and "--format markdown is for one question" in refused.stderr


@pytest.mark.slow
def test_ask_searches_only_the_articles_and_dates_given_and_says_so(ingested):
    env = {"OTSQA_DATA_DIR": str(ingested.settings.data_dir), "OTSQA_CORPUS_DIR": str(ingested.settings.corpus_dir)}
    corridors = "003-fd6da9354cc4b937"
    done = otsqa("ask", "What did Aliyev propose?", "--article", corridors, env_extra=env)
    assert done.returncode == 0, done.stderr
    assert "\nSearched 1 of 4 articles (the 1 chosen).\n" in done.stdout
    dated = otsqa("ask", "What did Aliyev propose?", "--since", "2026-01-01", "--until", "2026-12-31", env_extra=env)
    assert "\nSearched 1 of 4 articles (published from 1 January 2026 to 31 December 2026).\n" in dated.stdout
    as_json = json.loads(otsqa("ask", "--json", "What did Aliyev propose?", "--article", corridors, env_extra=env).stdout)
    assert {c["doc_id"] for c in as_json["citations"]} <= {corridors} and as_json["scope"]["searched"] == 1
    bad = otsqa("ask", "What did Aliyev propose?", "--since", "yesterday", env_extra=env)
    assert bad.returncode == 2 and "date_from must be a date like 2025-12-31, not 'yesterday'" in bad.stderr
    unknown = otsqa("ask", "What did Aliyev propose?", "--article", "nope", env_extra=env)
    assert unknown.returncode == 2 and "no article with the id 'nope'" in unknown.stderr
