"""Scale benchmark: a real large collection (the Python 3.11 docs as HTML), stores of three sizes,
embedded Chroma and a Chroma server side by side.

    python -m tools.bench.scale [--runs 3] [--work DIR] [--reuse] [--no-server] [--out DIR]

What it does, in order (figures are medians over ``--runs`` passes where a pass is repeated):

1. Makes sure the Python docs are on disk (`apt-get install -y python3.11-doc` when they are not).
2. **Ingest**: the real CLI (`otsqa ingest --json`, a subprocess) reads the seed articles and every
   docs page into a fresh data dir: seconds per stage, texts embedded per second, peak memory. Then
   the *floor*: the same model in this process embeds a random sample of the texts the ingest
   embedded (passages as searched, and sentences); ``ingest_vs_floor`` = ingest texts/s ÷ floor
   texts/s (target ≥ 0.8), in wall time and in CPU time (the second holds up on a busy machine).
   Then an unchanged re-ingest through the CLI: seconds.
3. **Stores**: *small* (the four seed articles), *medium* (seed + docs pages down to ~10k passages),
   *large* (seed + every page + copies of pages up to ≥ 100k passages; `evals/scale_store.py`).
4. **Queries**: for each store, embedded and through `chroma run` on 127.0.0.1, a fresh process opens
   the assistant exactly as `otsqa serve` does (timing each step: the startup breakdown), then asks
   the evaluation set's questions and some questions about the docs ``--runs`` times: p50/p95 per
   stage (retrieve, rerank, answer without rerank, total), memory, and the evaluation metrics on the
   seed questions (are answers as good among 100k passages of distractors?).

Writes ``bench.json`` and ``bench.md`` under ``evals/reports/bench-scale-<UTC>/`` (see
``tools/bench/report.py``). The work dir (default ``/tmp/otsqa-bench-scale``) keeps the stores, so
``--reuse`` skips steps 2–3 when they are already done (a few GB; delete it afterwards).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from evals.metrics import percentile
from otsqa.settings import REPO_ROOT, load_settings
from tools.bench.ingest import BenchError, machine_info, run_cli
from tools.bench.report import write_bench

PYDOCS = Path("/usr/share/doc/python3.11/html")
MEDIUM_CHUNKS = 10_000
LARGE_CHUNKS = 100_000
FLOOR_SAMPLE = 3000
P95_TARGET_MS = 600.0
INGEST_RATIO_TARGET = 0.8
SIZES = ("small", "medium", "large")

# Questions a user of the docs collection would ask: they exercise the large part of the store
# (the evaluation set's questions exercise the seed articles hidden among it).
DOCS_QUESTIONS = (
    "What does functools.lru_cache do?",
    "How do I create a virtual environment with venv?",
    "What is the difference between a list and a tuple?",
    "How does asyncio.gather handle exceptions?",
    "What does the with statement do?",
    "How can I read a CSV file?",
    "What is the Global Interpreter Lock?",
    "How do I parse command-line arguments with argparse?",
    "What does the walrus operator do?",
    "How are dictionaries ordered?",
    "What is a generator expression?",
    "How do I format a date with strftime?",
    "What does pathlib.Path.glob return?",
    "When should I use a dataclass?",
    "How do f-strings format numbers?",
    "What does the logging module's basicConfig do?",
    "How do I start a subprocess and capture its output?",
    "What is the purpose of __slots__?",
)


# ---------------------------------------------------------------------------------------------
# The large collection


def ensure_pydocs(work: Path) -> Path:
    """The docs' HTML pages in a folder of their own (the package also ships each page's reST source as
    .txt, which the ingest would read too: the benchmark is about the HTML path). Hard links where the
    filesystem allows, else copies (67 MB): an ingest does not follow symbolic links out of a folder,
    so the folder of links this once was (``pydocs-html``) would now be skipped whole."""
    if not (PYDOCS.is_dir() and any(PYDOCS.rglob("*.html"))):
        _install_pydocs()
    view = work / "pydocs-html-files"
    if not view.is_dir():
        staging = work / "pydocs-html-files.partial"
        shutil.rmtree(staging, ignore_errors=True)
        for page in PYDOCS.rglob("*.html"):
            copy = staging / page.relative_to(PYDOCS)
            copy.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(page, copy)
            except OSError:  # another filesystem, or links not allowed there
                shutil.copyfile(page, copy)
        staging.rename(view)
    return view


def _install_pydocs() -> None:
    print("Installing the Python 3.11 docs (apt-get install -y python3.11-doc)…", flush=True)
    command = ["apt-get", "install", "-y", "-q", "python3.11-doc"]
    if os.geteuid() != 0:
        command = ["sudo", "-n", *command]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0 or not PYDOCS.is_dir():
        raise BenchError(
            f"Could not install python3.11-doc ({done.stderr.strip()[-300:]}); run `apt-get install -y python3.11-doc` as root."
        )


# ---------------------------------------------------------------------------------------------
# 2. Ingest


def ingest_large(data_dir: Path, seed: Path, pydocs: Path, scratch: Path) -> dict:
    env = _env(data_dir)
    shutil.rmtree(data_dir, ignore_errors=True)
    print(f"Ingesting {seed} and {pydocs} into {data_dir} (the real CLI; this takes a while)…", flush=True)
    load_before = os.getloadavg()[0]
    # Exit status 1 with a report: the ingest finished and some files could not be read (a few docs
    # pages are not UTF-8 text); they are counted below, not a reason to throw the run away.
    run, stdout = run_cli(["ingest", "--json", str(seed), str(pydocs)], env, scratch, ok=(0, 1))
    report = _last_json(stdout)
    if report.get("failed"):
        print(f"  {len(report['failed'])} file(s) failed: {report['failed'][:3]}", flush=True)
    figures = {
        "files_added": report["added"],
        "files_failed": len(report.get("failed", [])),
        "chunks": report["chunks"],
        "sentences": report["sentences"],
        "embedded": report["embedded"],
        "ingest_s": report["seconds"],
        "ingest_wall_s": run["wall_s"],
        # CPU seconds (all threads): on a shared machine they move far less with load than wall time.
        "ingest_cpu_s": run["cpu_s"],
        "ingest_texts_per_cpu_s": report["embedded"] / run["cpu_s"],
        "stages_s": report["stages"],
        "ingest_texts_per_s": report["embedded"] / report["seconds"],
        "ingest_chunks_per_s": report["chunks"] / report["seconds"],
        "ingest_peak_rss_mib": run["peak_rss_mib"],
        "loadavg_1m_before": load_before,
        "loadavg_1m_after": os.getloadavg()[0],
    }
    unchanged = []
    for _ in range(3):
        again, stdout = run_cli(["ingest", "--json", str(seed), str(pydocs)], env, scratch, ok=(0, 1))
        counts = _last_json(stdout)
        if counts["added"] or counts["updated"] or counts["embedded"]:
            raise BenchError(f"an unchanged re-ingest changed the store: {counts}")
        unchanged.append((again["wall_s"], again["peak_rss_mib"], counts["seconds"]))
    figures["unchanged_wall_s"] = statistics.median(u[0] for u in unchanged)
    figures["unchanged_peak_rss_mib"] = statistics.median(u[1] for u in unchanged)
    figures["unchanged_inproc_s"] = statistics.median(u[2] for u in unchanged)
    return figures


def embedding_floor(seed: Path, pydocs: Path, n: int) -> dict:
    """Texts/s of the bare model on a random sample of what the ingest embedded (passages as searched
    and sentences, re-cut exactly as the pipeline cuts them), in this process, after the ingest."""
    from store.embedding import make_embedder
    from tools.bench.ingest import corpus_files, embedded_texts

    settings = load_settings()
    embedder = make_embedder(settings.embed_batch_size)
    texts = embedded_texts(settings, corpus_files(seed) + corpus_files(pydocs), embedder, skip_unreadable=True)
    sample = random.Random(7).sample(texts, min(n, len(texts)))
    embedder.embed(["warm up"])
    started, cpu = time.perf_counter(), time.process_time()
    embedder.embed(sample)
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu
    return {
        "floor_sample": len(sample),
        "floor_texts_per_s": len(sample) / seconds,
        "floor_texts_per_cpu_s": len(sample) / cpu_s,
        "floor_population": len(texts),
    }


# ---------------------------------------------------------------------------------------------
# 3. Stores of three sizes


def build_sizes(work: Path, base: Path, seed: Path, scratch: Path, sizes: Sequence[str] = SIZES) -> dict[str, Path]:
    from store.chroma import open_store
    from store.lexical import LexicalIndex

    dirs = {size: work / size for size in SIZES}
    if "small" in sizes:
        print("Making the small store (seed articles)…", flush=True)
        shutil.rmtree(dirs["small"], ignore_errors=True)
        run_cli(["ingest", "--json", str(seed)], _env(dirs["small"]), scratch)

    for size, target in (("medium", MEDIUM_CHUNKS), ("large", LARGE_CHUNKS)):
        if size not in sizes:
            continue
        print(f"Making the {size} store (target {target:,} passages)…", flush=True)
        shutil.rmtree(dirs[size], ignore_errors=True)
        shutil.copytree(base, dirs[size], ignore=shutil.ignore_patterns("ingest.lock", "feedback*"))
        settings = load_settings(data_dir=dirs[size])
        store = open_store(settings)
        lexical = LexicalIndex(settings.lexical_path)
        docs = [r.doc_id for r in store.articles() if not Path(r.source).is_relative_to(seed.resolve())]
        if size == "medium":
            from tools.bench.scale_store import shrink

            shrink(store, lexical, docs, target)
        else:
            from tools.bench.scale_store import grow

            grow(store, lexical, docs, target, _every_10k())
        lexical.close()
        del store
    return dirs


def _every_10k():
    shown = [0]

    def note(have: int) -> None:
        if have - shown[0] >= 10_000:
            shown[0] = have
            print(f"  {have:,} passages", flush=True)

    return note


# ---------------------------------------------------------------------------------------------
# 4. Queries, in a fresh process per store and backend


def measure_store(data_dir: Path, runs: int, chroma_url: str = "", server_pid: int | None = None) -> dict:
    handle, out = tempfile.mkstemp(suffix=".json")
    os.close(handle)
    env = _env(data_dir) | ({"OTSQA_CHROMA_URL": chroma_url} if chroma_url else {})
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tools.bench.scale", "_measure", "--runs", str(runs), "--out", out],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"measuring {data_dir} failed: {done.stderr.strip()[-2000:]}")
    result = json.loads(Path(out).read_text())
    Path(out).unlink()
    result["process_wall_s"] = wall
    if server_pid:
        result["server_rss_mib"] = _rss_mib(server_pid, "VmRSS")
        result["server_peak_rss_mib"] = _rss_mib(server_pid, "VmHWM")
    return result


def _measure_child(runs: int, out: Path) -> None:
    """Runs in its own process: open the assistant as `otsqa serve` does, step by step, then time answers."""
    phases = {"interpreter_s": _process_age()}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = now - clock
        clock = now

    from otsqa import offline

    settings = load_settings()
    offline.apply(settings)
    from assistant.configs import build_assistant
    from evals.dataset import load_items
    from evals.runner import ItemResult, aggregate, score_item
    from store.base import answering_fingerprint
    from store.chroma import open_store
    from store.embedding import make_embedder
    from store.lexical import LexicalIndex

    lap("imports_s")
    embedder = make_embedder(settings.embed_batch_size)
    store = open_store(settings, answering_fingerprint(embedder.model_id))
    lap("open_store_s")
    lexical = LexicalIndex(settings.lexical_path)
    synced = lexical.sync(store)
    lap("lexical_sync_s")
    embedder.embed(["warm up"])
    lap("embedding_model_s")
    assistant = build_assistant("grounded", store, embedder, lexical, settings)
    assistant.answerer.reranker.score("warm up", ["warm up"])
    lap("reranker_s")
    assistant.ask("What is the Organization of Turkic States?")
    lap("first_answer_s")
    phases["to_first_answer_s"] = phases["interpreter_s"] + sum(v for k, v in phases.items() if k != "interpreter_s")

    rerank_ms = [0.0]
    score = assistant.answerer.reranker.score

    def timed_score(query, texts):
        t = time.perf_counter()
        try:
            return score(query, texts)
        finally:
            rerank_ms[0] += (time.perf_counter() - t) * 1000

    assistant.answerer.reranker.score = timed_score
    items = load_items()
    questions = [(i.question, list(i.history)) for i in items] + [(q, []) for q in DOCS_QUESTIONS]
    rss_after_warmup = _rss_mib(os.getpid(), "VmRSS")
    passes, first_answers = [], []
    for run in range(runs):
        stages: dict[str, list[float]] = {"retrieve": [], "rerank": [], "answer": [], "total": []}
        for question, history in questions:
            rerank_ms[0] = 0.0
            answer = assistant.ask(question, history)
            if run == 0:
                first_answers.append(answer.to_json())
            t = answer.timings_ms
            stages["retrieve"].append(t["retrieve"])
            stages["rerank"].append(rerank_ms[0])
            stages["answer"].append(t["answer"] - rerank_ms[0])
            stages["total"].append(t["total"])
        passes.append({s: {"p50": percentile(v, 50), "p95": percentile(v, 95)} for s, v in stages.items()})

    seed = settings.corpus_dir.resolve()
    seed_articles = [r for r in store.articles() if Path(r.source).is_relative_to(seed)]
    texts = {Path(r.source).name: (store.article(r.doc_id).text or "") for r in seed_articles}
    rows = [
        ItemResult(
            item.id,
            "grounded",
            item.question,
            item.answerable,
            bool(item.history),
            list(item.tags),
            answer["answer"],
            answer["abstained"],
            len(answer["citations"]),
            score_item(item, answer, texts)[0],
            answer["timings_ms"],
        )
        for item, answer in zip(items, first_answers)
    ]
    quality = aggregate(rows)
    docs_answers = first_answers[len(items) :]
    result = {
        "chunks": store.count(),
        "articles": len(store.articles()),
        "sentences": _sentence_count(store),
        "backend": store.backend,
        "lexical_articles_synced": synced,
        "startup": phases,
        "questions": len(questions),
        "passes": passes,
        "median": {s: {q: statistics.median(p[s][q] for p in passes) for q in ("p50", "p95")} for s in passes[0]},
        "rss_after_warmup_mib": rss_after_warmup,
        "rss_end_mib": _rss_mib(os.getpid(), "VmRSS"),
        "peak_rss_mib": _rss_mib(os.getpid(), "VmHWM"),
        "quality": {k: quality["metrics"].get(k) for k in _QUALITY_KEYS},
        "docs_questions_answered": sum(1 for a in docs_answers if not a["abstained"]),
        "docs_questions_cited_docs": sum(
            1 for a in docs_answers if any(not Path(c["source"]).is_relative_to(seed) for c in a["citations"])
        ),
        "docs_sample": [{"question": a["question"], "answer": a["answer"][:300]} for a in docs_answers[:3]],
    }
    out.write_text(json.dumps(result, indent=1))


_QUALITY_KEYS = ("hit@5", "mrr@10", "key_fact_recall", "citation_precision", "quote_validity", "abstention_f1")


def _sentence_count(store) -> int:
    counter = getattr(store, "_sentences", None)
    return counter.count() if counter is not None else -1


# ---------------------------------------------------------------------------------------------
# The Chroma server


class ChromaServer:
    def __init__(self, path: Path):
        self.path = path
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "ChromaServer":
        chroma = Path(sys.executable).parent / "chroma"
        self.process = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=os.environ | {"ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.__exit__()
        raise BenchError(f"`chroma run` on {self.path} did not start")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


# ---------------------------------------------------------------------------------------------
# Helpers


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTSQA_")}
    return env | {"OTSQA_DATA_DIR": str(data_dir), "OTSQA_LOG_LEVEL": "WARNING"}


def _last_json(stdout: str) -> dict:
    try:
        return json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise BenchError(f"expected a JSON line from the CLI, got {stdout[-300:]!r}") from None


def _process_age() -> float:
    """Seconds since this process was started (interpreter start-up and imports so far)."""
    ticks = os.sysconf("SC_CLK_TCK")
    start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - start / ticks


def _rss_mib(pid: int, field: str) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return -1.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# Report


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def render(report: dict) -> str:
    i = report["ingest"]
    head = [
        f"Scale benchmark: {report['machine']['nproc']} CPUs, {report['runs']} passes per store; "
        f"commit {report['machine']['git_commit'][:12]}.",
        "",
    ]
    ingest = _render_ingest(i) if i else ["Ingest: not measured in this run (--skip-ingest)."]
    return "\n".join(head + ingest + _render_queries(report))


def _render_ingest(i: dict) -> list[str]:
    stages = " / ".join(f"{i['stages_s'].get(s, 0):.0f}" for s in ("load", "clean", "chunk", "embed", "write"))
    ratio, cpu_ratio = i["ingest_vs_floor"], i["ingest_vs_floor_cpu"]
    return [
        f"**Ingest** of the seed articles + the Python 3.11 docs ({i['files_added']} files, {i['files_failed']} failed; "
        f"{i['chunks']:,} passages, {i['sentences']:,} sentences; load average {i['loadavg_1m_before']:.1f} before, "
        f"{i['loadavg_1m_after']:.1f} after):",
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| full ingest (CLI, in-process seconds) | {i['ingest_s']:.0f} s | |",
        f"| stages load / clean / chunk / embed / write | {stages} s | |",
        f"| texts embedded per second, ingest | {i['ingest_texts_per_s']:.1f} | |",
        f"| texts per second, bare model on a {i['floor_sample']:,}-text sample (floor) | {i['floor_texts_per_s']:.1f} | |",
        f"| ingest ÷ floor (wall time) | {ratio:.2f} | ≥ {INGEST_RATIO_TARGET} {_mark(ratio >= INGEST_RATIO_TARGET)} |",
        f"| texts per CPU second: ingest / floor | {i['ingest_texts_per_cpu_s']:.1f} / {i['floor_texts_per_cpu_s']:.1f} | |",
        f"| ingest ÷ floor (CPU time, steadier on a shared machine) | {cpu_ratio:.2f} "
        f"| ≥ {INGEST_RATIO_TARGET} {_mark(cpu_ratio >= INGEST_RATIO_TARGET)} |",
        f"| passages per second, ingest | {i['ingest_chunks_per_s']:.1f} | |",
        f"| peak memory, ingest | {i['ingest_peak_rss_mib']:.0f} MiB | |",
        f"| unchanged re-ingest (CLI wall, median of 3) | {i['unchanged_wall_s']:.1f} s | |",
    ]


def _render_queries(report: dict) -> list[str]:
    lines = [
        "",
        "**Queries** (medians over passes of each pass's p50/p95, ms; the evaluation set's "
        f"{report['eval_questions']} questions + {len(DOCS_QUESTIONS)} docs questions):",
        "",
        "| store | backend | passages | sentences | retrieve | rerank | answer | total | RSS app/server MiB "
        "| hit@5 | key facts | abst. F1 |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, by_backend in report["queries"].items():
        for backend, r in by_backend.items():
            m, q = r["median"], r["quality"]
            cells = " | ".join(f"{m[s]['p50']:.0f} / {m[s]['p95']:.0f}" for s in ("retrieve", "rerank", "answer", "total"))
            server = f" / {r['server_rss_mib']:.0f}" if "server_rss_mib" in r else ""
            lines.append(
                f"| {size} | {backend} | {r['chunks']:,} | {r['sentences']:,} | {cells} | {r['rss_end_mib']:.0f}{server} | "
                f"{q['hit@5']:.3f} | {q['key_fact_recall']:.3f} | {q['abstention_f1']:.3f} |"
            )
    phases = ("interpreter_s", "imports_s", "open_store_s", "lexical_sync_s", "embedding_model_s", "reranker_s", "first_answer_s")
    lines += [
        "",
        "**Startup** (a fresh process to its first answer, seconds):",
        "",
        "| store | backend | " + " | ".join(p.removesuffix("_s") for p in phases) + " | total |",
        "|---|---|" + "---:|" * (len(phases) + 1),
    ]
    for size, by_backend in report["queries"].items():
        for backend, r in by_backend.items():
            s = r["startup"]
            cells = " | ".join(f"{s[p]:.2f}" for p in phases)
            lines.append(f"| {size} | {backend} | {cells} | {s['to_first_answer_s']:.1f} |")
    verdicts = []
    for backend, r in report["queries"].get("large", {}).items():
        p95 = r["median"]["total"]["p95"]
        verdicts.append(f"{backend}: p95 {p95:.0f} ms {_mark(p95 <= P95_TARGET_MS)}")
    if verdicts:
        lines += ["", f"Target at ≥ {LARGE_CHUNKS:,} passages, total p95 ≤ {P95_TARGET_MS:.0f} ms: " + "; ".join(verdicts)]
    return lines


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_measure"]:
        child = argparse.ArgumentParser()
        child.add_argument("--runs", type=int, default=3)
        child.add_argument("--out", type=Path, required=True)
        args = child.parse_args(argv[1:])
        _measure_child(args.runs, args.out)
        return 0
    parser = argparse.ArgumentParser(prog="python -m tools.bench.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="passes over the questions per store (default 3)")
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "otsqa-bench-scale", help="where the stores go (GBs)"
    )
    parser.add_argument("--reuse", action="store_true", help="keep the ingest and stores already in --work")
    parser.add_argument(
        "--skip-ingest", action="store_true", help="use the store already ingested in --work/base; no ingest figures"
    )
    parser.add_argument("--no-server", action="store_true", help="embedded Chroma only")
    parser.add_argument("--sizes", default=",".join(SIZES), help="stores to measure (default small,medium,large)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    sizes = [s for s in args.sizes.split(",") if s]
    if unknown := set(sizes) - set(SIZES):
        parser.error(f"unknown size(s) {', '.join(sorted(unknown))}; choose from {', '.join(SIZES)}")

    from otsqa import offline

    settings = load_settings()
    offline.apply(settings)
    try:
        args.work.mkdir(parents=True, exist_ok=True)
        pydocs = ensure_pydocs(args.work)
        scratch = Path(tempfile.mkdtemp(dir=args.work))
        base = args.work / "base"
        saved = args.work / "ingest.json"
        if args.reuse and saved.exists():
            ingest = json.loads(saved.read_text())
        elif args.skip_ingest:
            if not (base / "chroma" / "chroma.sqlite3").exists():
                raise BenchError(f"--skip-ingest needs an ingested store in {base}: run once without it")
            ingest = {}
        else:
            ingest = ingest_large(base, settings.corpus_dir, pydocs, scratch)
            ingest |= embedding_floor(settings.corpus_dir, pydocs, FLOOR_SAMPLE)
            ingest["ingest_vs_floor"] = ingest["ingest_texts_per_s"] / ingest["floor_texts_per_s"]
            ingest["ingest_vs_floor_cpu"] = ingest["ingest_texts_per_cpu_s"] / ingest["floor_texts_per_cpu_s"]
            saved.write_text(json.dumps(ingest, indent=1))
        if ingest:
            print(f"Ingest: {ingest['ingest_s']:.0f} s, {ingest['ingest_vs_floor']:.2f} of the floor.", flush=True)
        if args.reuse and all((args.work / s / "chroma").exists() for s in sizes):
            dirs = {s: args.work / s for s in SIZES}
        else:
            dirs = build_sizes(args.work, base, settings.corpus_dir, scratch, sizes)
        queries: dict[str, dict] = {}
        for size in sizes:
            queries[size] = {}
            print(f"Measuring the {size} store, embedded…", flush=True)
            queries[size]["embedded"] = measure_store(dirs[size], args.runs)
            if not args.no_server:
                print(f"Measuring the {size} store through a Chroma server…", flush=True)
                with ChromaServer(dirs[size] / "chroma") as server:
                    queries[size]["server"] = measure_store(dirs[size], args.runs, server.url, server.process.pid)
        shutil.rmtree(scratch, ignore_errors=True)
    except BenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    from evals.dataset import load_items

    report = {
        "machine": machine_info(),
        "runs": args.runs,
        "eval_questions": len(load_items()),
        "ingest": ingest,
        "queries": queries,
    }
    write_bench("scale", report, render(report), args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
