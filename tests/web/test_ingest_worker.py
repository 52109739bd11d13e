"""The library's ingest worker (web/ingest_worker.py, web/ingest_process.py), with the real model and a
real embedded Chroma store in a temp dir: one process for many jobs, which loads the model once and
outlives the thread that started it; its report is `otsqa ingest --json`'s and it tells how far it has
got; its refusals come back as the same errors with the same words as the command line's; killed while
idle it is replaced unseen, killed during a job that job is IngestStoppedError and the next gets a new
one; it reads the store afresh for each job, as others left it."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from otsqa.errors import IngestLockedError, IngestStoppedError, OverridesError
from tests.conftest import CORPUS_FILES, make_settings
from tests.helpers import otsqa
from web.ingest_worker import IngestWorker

pytestmark = pytest.mark.slow

TIMING = ("seconds", "stages")  # the only parts of a report that differ between two identical runs
SAMEDOV, GABALA = "000-7cd2e88548b4fe42", "001-9d64fbbbf1f74134"


@pytest.fixture
def worker():
    made = IngestWorker()
    yield made
    made.close()


def cli_env(settings) -> dict[str, str]:
    return {"OTSQA_DATA_DIR": str(settings.data_dir), "OTSQA_CORPUS_DIR": str(settings.corpus_dir)}


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_the_workers_report_is_otsqa_ingest_jsons_and_it_tells_how_far_it_got(tmp_path, small_corpus, worker):
    article = small_corpus / CORPUS_FILES["samedov"]
    here, there = make_settings(tmp_path / "worker", small_corpus), make_settings(tmp_path / "cli", small_corpus)
    steps: list[dict] = []
    report = worker.run(here, [article], steps.append)
    done = otsqa("ingest", "--json", str(article), env_extra=cli_env(there), timeout=600)
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)
    mine = report.to_json()
    assert {k: v for k, v in mine.items() if k not in TIMING} == {k: v for k, v in cli.items() if k not in TIMING}
    assert mine["added"] == 1 and report.files == {SAMEDOV: str(article)}  # which file became which article
    assert steps[:3] == [{"stage": "reading"}, {"stage": "loading the model"}, {"stage": "embedding", "embedded": 0}]
    assert steps[-1] == {"stage": "embedding", "embedded": report.embedded} and report.embedded > 0
    assert not (here.data_dir / "ingest.lock").read_text()  # a whole job done: nothing for the next run to repair

    again = worker.run(here, [article])
    assert again.unchanged == [SAMEDOV] and again.embedded == 0


def test_one_worker_takes_job_after_job_loads_the_model_once_and_outlives_the_thread_that_started_it(
    tmp_path, small_corpus, worker
):
    settings = make_settings(tmp_path, small_corpus)
    first: dict = {}
    # Started from a thread that ends at once, as a request's thread does: the parent-death signal follows
    # the starting thread, so a worker started from it would be killed here.
    starter = threading.Thread(target=lambda: first.update(report=worker.run(settings, [small_corpus / CORPUS_FILES["samedov"]])))
    starter.start()
    starter.join(600)
    pid = worker.pid
    assert first["report"].added == [SAMEDOV] and worker.about == {
        "pid": pid,
        "jobs": 1,
        "model_loads": 1,
        "model_load_seconds": worker.about["model_load_seconds"],
    }
    assert worker.about["model_load_seconds"] > 0
    time.sleep(1.0)
    assert running(pid), "the worker died with the thread that started it"

    steps: list[dict] = []
    second = worker.run(settings, [small_corpus / CORPUS_FILES["gabala"]], steps.append)
    assert second.added == [GABALA] and second.embedded > 0
    assert worker.about["pid"] == pid and worker.about["jobs"] == 2 and worker.about["model_loads"] == 1
    assert {"stage": "loading the model"} not in steps and {"stage": "embedding", "embedded": second.embedded} in steps
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    assert int(fields[16]) == 10  # its niceness (proc(5) field 19), kept between jobs

    worker.close()
    assert worker.pid is None and not running(pid)  # its stdin closed, it ended, and was reaped


def test_the_workers_refusals_are_the_command_lines_errors_in_its_words(tmp_path, small_corpus, worker):
    from store.writer_lock import ingest_lock

    settings = make_settings(tmp_path, small_corpus)
    article = small_corpus / CORPUS_FILES["gabala"]
    with ingest_lock(settings.make_data_dir()):  # as a running `otsqa ingest` holds it
        with pytest.raises(IngestLockedError, match=f"Another ingest is running on .* \\(pid {os.getpid()}\\)"):
            worker.run(settings, [article])

    overrides = tmp_path / "overrides.json"
    overrides.write_text('{"000-7cd2e88548b4fe42": {"title": ', encoding="utf-8")  # cut short
    settings = make_settings(tmp_path, small_corpus, article_overrides=str(overrides))
    pid = worker.pid
    with pytest.raises(OverridesError) as raised:
        worker.run(settings, [article])
    assert worker.pid == pid  # a refusal is an answer, not the worker's end
    env = cli_env(settings) | {"OTSQA_ARTICLE_OVERRIDES": str(overrides)}
    cli = otsqa("ingest", "--json", str(article), env_extra=env, timeout=600)
    assert cli.returncode == 2 and json.loads(cli.stdout)["error"] == str(raised.value)
    assert not (settings.data_dir / "chroma").exists()  # refused before the store was touched


def test_a_worker_killed_idle_is_replaced_unseen_and_one_killed_in_a_job_is_that_jobs_failure(tmp_path, small_corpus, worker):
    from tests.resilience.procs import check_consistent, store_snapshot
    from tests.resilience.test_library_faults import long_article

    settings = make_settings(tmp_path, small_corpus)
    assert worker.run(settings, [small_corpus / CORPUS_FILES["samedov"]]).added == [SAMEDOV]
    idle = worker.pid
    os.kill(idle, signal.SIGKILL)
    while running(idle):  # the job is sent at once: to a process whose threads may still be exiting
        time.sleep(0.001)
    assert worker.run(settings, [small_corpus / CORPUS_FILES["gabala"]]).added == [GABALA]  # no error: it had no job
    busy = worker.pid
    assert busy != idle and worker.about["jobs"] == 1

    long = small_corpus / "long.txt"
    long.write_bytes(long_article())  # its embedding takes long enough to be cut into
    killed: dict = {}

    def kill_when_embedding(step: dict) -> None:
        if step.get("stage") == "embedding" and not killed:
            killed["at"] = step
            os.kill(busy, signal.SIGKILL)

    with pytest.raises(IngestStoppedError, match=r"The ingest was stopped \(SIGKILL\) before it finished"):
        worker.run(settings, [long], kill_when_embedding)
    assert worker.pid is None and not running(busy)
    again = worker.run(settings, [long])  # the next job: a new worker, and the article done whole
    assert worker.pid not in (None, idle, busy) and again.failed == []
    snapshot = store_snapshot(settings)
    check_consistent(snapshot)
    assert {SAMEDOV, GABALA} <= set(snapshot["articles"]) and len(snapshot["articles"]) == 3


def test_each_job_reads_the_store_as_others_left_it(tmp_path, small_corpus, worker):
    from ingest.removal import remove_articles
    from store.chroma import open_store, release
    from tests.resilience.procs import check_consistent, store_snapshot
    from tests.resilience.test_library_faults import long_article

    settings = make_settings(tmp_path, small_corpus)
    assert worker.run(settings, [small_corpus / CORPUS_FILES["samedov"]]).added == [SAMEDOV]
    removed = remove_articles(settings, [SAMEDOV]).removed  # another writer (the server removes in its own process)
    assert [r["doc_id"] for r in removed] == [SAMEDOV]
    release(settings)
    long = small_corpus / "long.txt"
    long.write_bytes(long_article())  # over a thousand sentences: Chroma writes its vector index to disk
    assert worker.run(settings, [long]).added == ["long"]
    snapshot = store_snapshot(settings)
    check_consistent(snapshot)  # the passages' vector index holds what the records say, once each
    assert set(snapshot["articles"]) == {"long"}
    store = open_store(settings)
    probe = [1.0] + [0.0] * 383
    found = {h.id for h in store.sentences.nearest(probe, len(snapshot["sentences"]) + 50)}
    # A worker that went on from the index it loaded before the removal writes the removed sentences back:
    # they would be found, though no record holds them. (HNSW search is approximate: over a thousand
    # sentences it may miss one or two that are there, so "found" is held to the records, not equal to them.)
    assert not found - snapshot["sentences"], sorted(found - snapshot["sentences"])[:5]
    assert len(found) >= 0.98 * len(snapshot["sentences"])
    release(settings)


def test_a_job_reuses_the_vectors_another_writer_left_not_those_it_saw_before(tmp_path, small_corpus, worker, embedder):
    """An ingest reuses the stored vectors of texts that did not change: they must be the ones another writer
    left. (The worker releases its store client after each job; with Chroma 1.5.9 a kept one gave the same
    vectors here, but an embedded client is not made to follow other processes' writes: store/chroma.py.)"""
    from ingest import ingest_paths
    from store.chroma import open_store, release

    def article(first: str, last: str) -> str:
        body = [
            "Caspian patrols: a short report",
            "",
            "By Test Writer",
            "",
            f"{first} The patrols met twice a month in the spring.",
            "",
            "Officers from Baku and Aktau compared their logs of the season and agreed on shared radio channels.",
            "",
            f"{last} The report ends with the plans for the autumn.",
        ]
        return "\n".join(body) + "\n"

    def sentence_vectors(settings) -> dict[str, list[float]]:
        store = open_store(settings)
        (doc_id,) = [a.doc_id for a in store.articles()]
        vectors = {s.text: v.tolist() for s, v in store.sentences.vectors_of(doc_id)}
        release(settings)
        return vectors

    settings = make_settings(tmp_path, small_corpus)
    path = small_corpus / "patrols.txt"
    path.write_text(article("The Caspian states began joint patrols in 2024.", "Turkmenistan watched."), encoding="utf-8")
    assert worker.run(settings, [path]).added == ["patrols"]
    changed = "The Caspian states widened the joint patrols in 2025."
    path.write_text(article(changed, "Turkmenistan watched."), encoding="utf-8")
    assert ingest_paths(settings, [path], embedder=embedder).updated == ["patrols"]  # another writer, the real model
    release(settings)
    right = sentence_vectors(settings)[changed]
    path.write_text(article(changed, "Turkmenistan joined them."), encoding="utf-8")
    assert worker.run(settings, [path]).updated == ["patrols"]  # reuses the vector of `changed`
    assert sentence_vectors(settings)[changed] == pytest.approx(right, abs=1e-5)
