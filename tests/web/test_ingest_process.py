"""The library's ingest in a child process (web/ingest_process.py), with the real model and a real
embedded Chroma store in a temp dir: its report is `otsqa ingest --json`'s, it tells how far it has got,
and its refusals come back as the same errors with the same words as the command line's."""

from __future__ import annotations

import json
import os

import pytest

from otsqa.errors import IngestLockedError, OverridesError
from tests.conftest import CORPUS_FILES, make_settings
from tests.helpers import otsqa
from web.ingest_process import ingest_in_child

pytestmark = pytest.mark.slow

TIMING = ("seconds", "stages")  # the only parts of a report that differ between two identical runs


def cli_env(settings) -> dict[str, str]:
    return {"OTSQA_DATA_DIR": str(settings.data_dir), "OTSQA_CORPUS_DIR": str(settings.corpus_dir)}


def test_the_childs_report_is_otsqa_ingest_jsons_and_it_tells_how_far_it_got(tmp_path, small_corpus):
    article = small_corpus / CORPUS_FILES["samedov"]
    here, there = make_settings(tmp_path / "child", small_corpus), make_settings(tmp_path / "cli", small_corpus)
    steps: list[dict] = []
    report = ingest_in_child(here, [article], steps.append)
    done = otsqa("ingest", "--json", str(article), env_extra=cli_env(there), timeout=600)
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    mine = report.to_json()
    assert {k: v for k, v in mine.items() if k not in TIMING} == {k: v for k, v in cli.items() if k not in TIMING}
    assert mine["added"] == 1 and report.files == {"000-7cd2e88548b4fe42": str(article)}  # which file became which article
    assert steps[0] == {"stage": "reading"}
    assert steps[-1] == {"stage": "embedding", "embedded": report.embedded} and report.embedded > 0
    assert not (here.data_dir / "ingest.lock").read_text()  # a whole job done: nothing for the next run to repair

    again = ingest_in_child(here, [article])
    assert again.unchanged == ["000-7cd2e88548b4fe42"] and again.embedded == 0


def test_the_childs_refusals_are_the_command_lines_errors_in_its_words(tmp_path, small_corpus):
    from store.writer_lock import ingest_lock

    settings = make_settings(tmp_path, small_corpus)
    article = small_corpus / CORPUS_FILES["gabala"]
    with ingest_lock(settings.make_data_dir()):  # as a running `otsqa ingest` holds it
        with pytest.raises(IngestLockedError, match=f"Another ingest is running on .* \\(pid {os.getpid()}\\)"):
            ingest_in_child(settings, [article])

    overrides = tmp_path / "overrides.json"
    overrides.write_text('{"000-7cd2e88548b4fe42": {"title": ', encoding="utf-8")  # cut short
    settings = make_settings(tmp_path, small_corpus, article_overrides=str(overrides))
    with pytest.raises(OverridesError) as raised:
        ingest_in_child(settings, [article])
    env = cli_env(settings) | {"OTSQA_ARTICLE_OVERRIDES": str(overrides)}
    cli = otsqa("ingest", "--json", str(article), env_extra=env, timeout=600)
    assert cli.returncode == 2 and json.loads(cli.stdout)["error"] == str(raised.value)
    assert not (settings.data_dir / "chroma").exists()  # refused before the store was touched
