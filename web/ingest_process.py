"""The library's ingests, each in a process of its own at a lower priority (`python -m web.ingest_process`).

Why a process: run in the server, an upload's Python work (reading, cleaning, chunking, torch's calls,
the store's writes) took turns with the answers for the interpreter's lock, and answers asked during a
27 KB upload took 1.8× their idle p95 even with the ingest's thread at nice +10
(docs/reports/library-upload-process-2026-12-06.md). A child costs the server only a wait on a pipe,
and the OS, which honours the child's niceness, shares the cores.

The child runs the command line's own ingest (`ingest_paths`: crash-safe, under the data dir's writer
lock, which then names the child's pid) with the server's settings, sent on its stdin. It writes one
JSON object a line on stdout: {"progress": {...}} as it goes, then {"report": ...} (the IngestReport
whole; `otsqa ingest --json` prints its `to_json()`) or {"error": message, "kind": the OtsqaError's
class}. It dies with the server (Linux's parent-death signal) rather than outlive it; killed anywhere,
it leaves what a killed `otsqa ingest` leaves, which the next ingest finishes.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from otsqa import errors
from otsqa.settings import Settings

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport
    from store.embedding import Embedder

log = logging.getLogger(__name__)

NICENESS = 10  # answers asked during an upload get the cores first
EMBED_THREADS = 1  # torch's threads in the child: the other core stays the answers'
SECRETS = {"admin_token", "api_token", "llm_api_key"}  # an ingest needs none of them: not sent
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def ingest_in_child(
    settings: Settings, paths: Sequence[Path], on_progress: Callable[[dict[str, Any]], None] | None = None
) -> IngestReport:
    """Ingest ``paths`` as `otsqa ingest PATH...` does, in a child process, and wait for it; each of its
    progress lines goes to ``on_progress``. Raises the OtsqaError the child's ingest raised (the same
    class: IngestLockedError, OverridesError, a StoreError), or IngestStoppedError when it ended
    without a report (killed, crashed)."""
    from ingest.pipeline import IngestReport

    order = {
        "settings": settings.model_dump(mode="json", exclude=SECRETS),
        "paths": [str(p) for p in paths],
        "parent": os.getpid(),
    }
    result: dict[str, Any] = {}
    # Its log goes where the server's goes (stderr): a crash's traceback is there for the operator.
    child = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_child_env())
    try:
        try:
            child.stdin.write(json.dumps(order).encode())
            child.stdin.close()
        except BrokenPipeError:  # it died at once: said below, as any end without a report
            pass
        for line in child.stdout:
            try:
                message = json.loads(line)
            except ValueError:  # a library printing on stdout: not ours to read
                continue
            if isinstance(message, dict) and "progress" in message:
                if on_progress is not None:
                    on_progress(message["progress"])
            elif isinstance(message, dict):
                result = message
        child.wait()
    finally:
        if child.poll() is None:  # this thread was interrupted: the ingest does not go on unseen
            child.kill()
            child.wait()
        child.stdout.close()
    if "report" in result:
        return IngestReport(**result["report"])
    if "error" in result:
        kind = getattr(errors, str(result.get("kind")), None)
        known = isinstance(kind, type) and issubclass(kind, errors.OtsqaError)
        raise (kind if known else errors.IngestError)(result["error"])
    log.error("the library's ingest (pid %s) ended with status %s and no report", child.pid, child.returncode)
    raise errors.IngestStoppedError(_stopped(child.returncode))


def _stopped(status: int) -> str:
    if status < 0:
        try:
            how = f"was stopped ({signal.Signals(-status).name})"
        except ValueError:
            how = f"was stopped (signal {-status})"
    else:
        how = f"ended with an error (exit status {status}; the server's log has its output)"
    return (
        f"The ingest {how} before it finished. Nothing half-written is answered from: try again; an article "
        "it had begun shows as pending until then, or until the next `otsqa ingest`."
    )


def _child_env() -> dict[str, str]:
    """The server's environment (the offline switches among it), the child's thread count, and this
    code first on the path: the child runs the server's code, whichever checkout it was loaded from."""
    env = dict(os.environ, OMP_NUM_THREADS=str(EMBED_THREADS))
    here = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env


# -- the child ----------------------------------------------------------------------------------------


class _Counting:
    """The ingest's embedder, saying how far the embedding has got after each batch."""

    def __init__(self, embedder: Embedder, say: Callable[[dict[str, Any]], None]):
        self.inner, self.say, self.done = embedder, say, 0
        self.model_id, self.max_tokens = embedder.model_id, embedder.max_tokens

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)

    def embed(self, texts):
        return self.embed_array(texts).tolist()

    def embed_array(self, texts):
        if self.done == 0:
            self.say({"stage": "embedding", "embedded": 0})  # the first batch also loads the model
        vectors = self.inner.embed_array(texts)
        self.done += len(texts)
        self.say({"stage": "embedding", "embedded": self.done})
        return vectors


def _die_with(parent: int) -> None:
    """Be killed when the server goes (Linux); elsewhere the ingest runs to its end, then exits."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError) as exc:
        log.debug("the ingest will not die with the server: %s", exc)
    if os.getppid() != parent:  # it went before the signal was asked for
        os._exit(1)


def main() -> int:
    order = json.loads(sys.stdin.read())
    _die_with(order["parent"])
    # Before any thread starts: Linux sets the niceness per thread, and threads made later inherit it.
    os.nice(NICENESS)
    from otsqa import offline

    settings = Settings.model_validate(order["settings"])
    offline.apply(settings)  # before torch, transformers or chromadb are imported
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")

    def say(message: dict[str, Any]) -> None:
        print(json.dumps(message, ensure_ascii=False), flush=True)

    try:
        from ingest import ingest_paths
        from store.embedding import make_embedder

        say({"progress": {"stage": "reading"}})
        embedder = _Counting(make_embedder(settings.embed_batch_size, settings.embedding_model), lambda p: say({"progress": p}))
        report = ingest_paths(settings, [Path(p) for p in order["paths"]], embedder=embedder)
    except errors.OtsqaError as exc:
        say({"error": str(exc), "kind": type(exc).__name__})
        return 1
    except KeyboardInterrupt:  # Ctrl-C on the server's terminal reaches its children too: no traceback
        return 130
    say({"report": dataclasses.asdict(report)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
