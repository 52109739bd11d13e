"""The server's side of the library's ingest worker (web/ingest_process.py): one process, started at the
first ingest the library asks for and kept, so the ingest's model loads once per server, not per upload.

Its lifecycle, all here:
- **Started lazily**, by the first `run`, from a thread of its own that lives exactly as long as the
  process and reaps it. Linux sends the parent-death signal when the *thread* that started a child ends,
  not the process: started from a request's thread (anyio ends idle ones after 10 s), the worker would
  have been killed between uploads.
- **One job at a time**; the library refuses a second write before it gets here, and a second caller here
  waits for the first.
- **Dies with the server** (the parent-death signal), **ends with `close`** (its stdin closed: it finishes
  the job under way, then exits) when the app stops.
- **Restarted transparently.** A worker that died while idle is replaced and the job goes to the new one:
  found dead before the job is sent, or ending without a word of the job (it says "reading" before the
  ingest begins, so nothing was written; a killed process can still take a write while its threads
  exit). One that dies once the job has begun makes that job IngestStoppedError, in words (a 500); the
  next job starts a new one. Either way nothing half-written is answered from: the ingest is crash-safe.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from otsqa import errors
from otsqa.settings import Settings

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport

log = logging.getLogger(__name__)

SECRETS = {"admin_token", "api_token", "llm_api_key"}  # an ingest needs none of them: not sent
CLOSE_WAIT_SECONDS = 10  # at the app's stop, for the job under way to end before the worker is killed


class IngestWorker:
    """The library's ingests, run one at a time in a long-lived process of their own (see the module)."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self._jobs = 0
        self.about: dict[str, Any] | None = None  # what the worker said with its last job: pid, jobs, model loads

    @property
    def pid(self) -> int | None:
        """The running worker's pid; None before the first job and after it died or was closed."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def run(
        self, settings: Settings, paths: Sequence[Path], on_progress: Callable[[dict[str, Any]], None] | None = None
    ) -> IngestReport:
        """Ingest ``paths`` as `otsqa ingest PATH...` does, in the worker, and wait for it; each of its
        progress messages goes to ``on_progress``. Raises the OtsqaError the worker's ingest raised (the same
        class: IngestLockedError, OverridesError, a StoreError), or IngestStoppedError when the worker ended
        without finishing the job (killed, crashed)."""
        from ingest.pipeline import IngestReport

        with self._lock:
            self._jobs += 1
            order = settings.model_dump(mode="json", exclude=SECRETS)
            job = {"job": self._jobs, "settings": order, "paths": [str(p) for p in paths]}
            for attempt in (1, 2):
                process = self._send(job)
                try:
                    result, began = self._follow(process, job["job"], on_progress)
                except BaseException:  # this thread was interrupted: the ingest does not go on unseen
                    self._end(process, kill=True)
                    raise
                if result is not None:
                    break
                status = self._end(process)
                if began or attempt == 2:
                    log.error("the library's ingest worker (pid %s) ended with status %s during a job", process.pid, status)
                    raise errors.IngestStoppedError(_stopped(status))
                # It ended before saying a word of this job, so before the ingest began (killed while idle, and
                # still dying when the job was written): nothing was written, and a new worker takes the job.
                log.warning("the library's ingest worker (pid %s) had ended (status %s): starting another", process.pid, status)
        self.about = result.get("worker")
        if "report" in result:
            return IngestReport(**result["report"])
        kind = getattr(errors, str(result.get("kind")), None)
        known = isinstance(kind, type) and issubclass(kind, errors.OtsqaError)
        raise (kind if known else errors.IngestError)(result.get("error", "The ingest failed without saying why."))

    def close(self, wait: float = CLOSE_WAIT_SECONDS) -> None:
        """End the worker: its stdin closed, it exits after the job under way; killed if it has not within
        ``wait`` seconds."""
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    # -- helpers ----------------------------------------------------------------------------------

    def _send(self, job: dict[str, Any]) -> subprocess.Popen:
        """The job written to the live worker, started first if there is none (or the last one was found
        ended). A worker that dies before reading it ends its output without a word of the job: see `run`."""
        process = self._process
        if process is None or process.poll() is not None:
            if process is not None:
                status = self._end(process)
                log.warning("the library's ingest worker (pid %s) had ended (status %s): starting another", process.pid, status)
            process = self._process = _start()
        try:
            process.stdin.write((json.dumps(job) + "\n").encode())
            process.stdin.flush()
        except (BrokenPipeError, ValueError):  # it died before reading the job (its output ends at once)
            pass
        return process

    @staticmethod
    def _follow(process: subprocess.Popen, job: int, on_progress) -> tuple[dict[str, Any] | None, bool]:
        """The worker's messages about ``job`` until its last one, which is returned (None if its output ended
        first), and whether it said anything of the job (it says "reading" before the ingest begins)."""
        began = False
        for line in process.stdout:
            try:
                message = json.loads(line)
            except ValueError:  # a library printing on stdout: not ours to read
                continue
            if not isinstance(message, dict) or message.get("job") != job:
                continue
            began = True
            if "progress" not in message:
                return message, began
            if on_progress is not None:
                on_progress(message["progress"])
        return None, began

    def _end(self, process: subprocess.Popen, kill: bool = False) -> int:
        """Make sure ``process`` has ended (killed with ``kill``), forget it, and give its exit status."""
        if kill and process.poll() is None:
            process.kill()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        status = process.wait()
        if self._process is process:
            self._process = None
        return status


def _start() -> subprocess.Popen:
    """A new worker, started from a thread that then waits for it: see the module on why."""
    started = threading.Event()
    outcome: dict[str, Any] = {}
    # Its log goes where the server's goes (stderr): a crash's traceback is there for the operator.
    command = [sys.executable, "-m", "web.ingest_process", "--parent", str(os.getpid())]

    def keep() -> None:
        try:
            outcome["process"] = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_worker_env())
        except BaseException as exc:  # said in the caller's thread
            outcome["error"] = exc
            return
        finally:
            started.set()
        outcome["process"].wait()

    threading.Thread(target=keep, name="ingest-worker", daemon=True).start()
    started.wait()
    if "error" in outcome:
        raise outcome["error"]
    log.info("started the library's ingest worker (pid %s)", outcome["process"].pid)
    return outcome["process"]


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


def _worker_env() -> dict[str, str]:
    """The server's environment (the offline switches among it), the worker's thread count, and this
    code first on the path: the worker runs the server's code, whichever checkout it was loaded from."""
    from web.ingest_process import EMBED_THREADS

    env = dict(os.environ, OMP_NUM_THREADS=str(EMBED_THREADS))
    here = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    return env
