"""The library's ingest worker: one process at a lower priority that keeps the ingest's model loaded and
runs the library's ingests one after another (`python -m web.ingest_process --parent PID`).

Why a process: run in the server, an upload's Python work (reading, cleaning, chunking, torch's calls,
the store's writes) took turns with the answers for the interpreter's lock, and answers asked during a
27 KB upload took 1.8× their idle p95 even with the ingest's thread at nice +10
(docs/reports/library-upload-process-2026-12-06.md). Why one that stays: a process per upload imported
torch and loaded the model every time, which doubled an upload's time (same report).

The server's side is web/ingest_worker.py. Each job is one JSON line on stdin, {"job": n, "settings":
{...}, "paths": [...]}, and runs the command line's own ingest (`ingest_paths`: crash-safe, under the data
dir's writer lock, which then names this pid) with those settings. Each answer is one JSON line on
stdout: {"job": n, "progress": {...}} as it goes, then {"job": n, "report": ..., "worker": ...} (the
IngestReport whole; `otsqa ingest --json` prints its `to_json()`) or {"job": n, "error": message, "kind":
the OtsqaError's class, "worker": ...}; "worker" says this pid, its jobs and how often and how long it
loaded a model. It ends at the end of stdin, and dies with the server (Linux's parent-death signal)
rather than outlive it; killed anywhere, it leaves what a killed `otsqa ingest` leaves, which the next
ingest finishes.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from otsqa import errors
from otsqa.settings import Settings

if TYPE_CHECKING:
    from store.embedding import Embedder

log = logging.getLogger(__name__)

NICENESS = 10  # answers asked during an upload get the cores first
EMBED_THREADS = 1  # torch's threads in the worker: the other core stays the answers'
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class _Counting:
    """The ingest's embedder for one job: loads its model when the job first needs it (an edit that reuses
    every vector never does) and says how far the embedding has got after each batch."""

    def __init__(self, embedder: Embedder, models: _Models, say: Callable[[dict[str, Any]], None]):
        self.inner, self.models, self.say, self.done = embedder, models, say, 0
        self.model_id, self.max_tokens = embedder.model_id, embedder.max_tokens

    def count_tokens(self, texts):
        if self.inner.loaded:
            return self.inner.count_tokens(texts)
        started = time.monotonic()
        counts = self.inner.count_tokens(texts)
        if self.inner.loaded:  # e5 counts with its engine, which loads it (MiniLM counts with its tokenizer)
            self.models.loaded_in(time.monotonic() - started)
        return counts

    def embed(self, texts):
        return self.embed_array(texts).tolist()

    def embed_array(self, texts):
        if self.done == 0:
            self.models.load(self.inner, self.say)
            self.say({"stage": "embedding", "embedded": 0})
        vectors = self.inner.embed_array(texts)
        self.done += len(texts)
        self.say({"stage": "embedding", "embedded": self.done})
        return vectors


class _Models:
    """The ingest's embedders, one per (model, batch size), kept for the worker's life; and how many times
    and how long it loaded a model (the worker's report: a warm worker loads none)."""

    def __init__(self) -> None:
        self.embedders: dict[tuple[str, int], Embedder] = {}
        self.loads = 0
        self.load_seconds = 0.0

    def embedder(self, settings: Settings) -> Embedder:
        from store.embedding import make_embedder

        key = (settings.embedding_model, settings.embed_batch_size)
        if key not in self.embedders:
            self.embedders[key] = make_embedder(settings.embed_batch_size, settings.embedding_model)
        return self.embedders[key]

    def load(self, embedder: Embedder, say: Callable[[dict[str, Any]], None]) -> None:
        if embedder.loaded:
            return
        say({"stage": "loading the model"})
        started = time.monotonic()
        embedder.load()
        self.loaded_in(time.monotonic() - started)

    def about(self, jobs: int) -> dict[str, Any]:
        return {"pid": os.getpid(), "jobs": jobs, "model_loads": self.loads, "model_load_seconds": round(self.load_seconds, 2)}

    def loaded_in(self, seconds: float) -> None:
        self.loads += 1
        self.load_seconds += seconds


def _die_with(parent: int) -> None:
    """Be killed when the server goes (Linux); elsewhere the worker ends with its stdin, at the latest.
    The signal comes when the *thread* that started this process ends, which is why the server starts it
    from a thread that lives exactly as long as it (web/ingest_worker.py)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError) as exc:
        log.debug("the ingest worker will not die with the server: %s", exc)
    if os.getppid() != parent:  # it went before the signal was asked for
        os._exit(1)


def run_job(job: dict[str, Any], models: _Models, say: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """One ingest, as `otsqa ingest PATH...` runs it; the last message of the job (report or error)."""
    from otsqa import offline

    say({"stage": "reading"})  # first: the server knows the job was taken (nothing is written before it)
    settings = Settings.model_validate(job["settings"])
    offline.apply(settings)  # before torch, transformers or chromadb are first imported
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")  # the first job's
    try:
        from ingest import ingest_paths

        embedder = _Counting(models.embedder(settings), models, say)
        report = ingest_paths(settings, [Path(p) for p in job["paths"]], embedder=embedder)
    except errors.OtsqaError as exc:
        return {"error": str(exc), "kind": type(exc).__name__}
    finally:
        _release_store(settings)
    return {"report": dataclasses.asdict(report)}


def _release_store(settings: Settings) -> None:
    """Between jobs the server and `otsqa ingest`/`remove` write to the store too: the next job must read
    it as it is then, not through the vector index this process loaded (store/chroma.py)."""
    if "store.chroma" in sys.modules:
        from store.chroma import release

        release(settings)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 2 or args[0] != "--parent":
        print("usage: python -m web.ingest_process --parent PID (the server starts it)", file=sys.stderr)
        return 2
    _die_with(int(args[1]))
    # Before any thread starts: Linux sets the niceness per thread, and threads made later inherit it.
    os.nice(NICENESS)
    models = _Models()
    jobs = 0
    try:
        for line in sys.stdin.buffer:
            job = json.loads(line)
            jobs += 1

            def say(progress: dict[str, Any], n=job["job"]) -> None:
                _write({"job": n, "progress": progress})

            outcome = run_job(job, models, say)
            _write({"job": job["job"], **outcome, "worker": models.about(jobs)})
    except KeyboardInterrupt:  # Ctrl-C on the server's terminal reaches its children too: no traceback
        return 130
    except BrokenPipeError:  # the server went while it was being told
        return 1
    return 0


def _write(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
