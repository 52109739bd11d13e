"""Benchmark of `otsqa ingest` on this machine (2-core CPU, no GPU).

    python -m tools.bench.ingest [--runs N] [--corpus DIR] [--out DIR]
    python -m tools.bench.ingest --long-mb 1 5 [--runs N] [--corpus DIR] [--out DIR]

Why: turning text into vectors with all-MiniLM-L6-v2 on the CPU is the physical floor of an ingest
here; reading, cleaning, chunking and writing to Chroma should be small beside it. So the figures
that matter are how close the whole ingest comes to that floor, and how little a re-run costs when
nothing changed.

What is measured, per run, each in a fresh temporary data dir (figures are medians over the runs,
with min and max):

- full ingest, in process, through ``ingest.ingest_paths`` with one embedder whose model was loaded
  (and timed, as ``model_load_s``) once before any run: seconds per stage (load, clean, chunk, embed,
  write), total, chunks/s, and ``embed_share`` = embed / total (target >= 0.80: embedding-bound);
- the raw embedding floor: the same texts (chunks and sentences, cut exactly as the pipeline does)
  embedded in one ``embedder.embed`` call by the same model in the same process; ``ingest_vs_floor``
  = floor seconds / ingest seconds (1.0 would be a free pipeline around the model);
- an unchanged re-ingest through the real CLI in a subprocess (``cli ingest --json``) against
  the store just built, beside ``cli --version`` (interpreter start + CLI import):
  ``unchanged_beyond_start_s`` = the median of their per-run differences (target < 2 s: a re-run
  that finds nothing new must not pay for torch or the model);
- peak resident memory of this process and of the subprocesses.

With ``--long-mb``, instead: one long article per size (in MB), generated at run time in a temporary
dir from the corpus's paragraphs repeated, each with its own number so no two sentences are the same
(never written into the repository), ingested by the real CLI (``otsqa ingest --json FILE``) into a
fresh data dir on each run: its peak resident memory, wall and CPU seconds, and what it wrote. This is
where the memory of an ingest grows with the length of an article (a 5 MB one has ~40k texts to embed).

Writes ``bench.json`` (machine, settings, corpus, every raw figure, the summary) and ``bench.md`` (a
short table, also printed) to the out dir, by default ``evals/reports/bench-ingest-<UTC time>/``
(``bench-ingest-long-<UTC time>/`` with ``--long-mb``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from otsqa import offline
from otsqa.errors import OtsqaError
from otsqa.settings import REPO_ROOT, Settings, load_settings

STAGES = ("load", "clean", "chunk", "embed", "write")
EMBED_SHARE_TARGET = 0.80
BEYOND_START_TARGET_S = 2.0
CLI = [sys.executable, "-m", "cli"]


class BenchError(RuntimeError):
    """The benchmark cannot produce meaningful figures (wrong result, failed subprocess…)."""


# ---------------------------------------------------------------------------------------------
# Arguments and environment


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="full ingests to run (default 3)")
    parser.add_argument("--corpus", type=Path, default=None, help="article folder (default: settings.corpus_dir)")
    parser.add_argument("--out", type=Path, default=None, help="report folder (default: evals/reports/bench-ingest-<UTC>/)")
    parser.add_argument(
        "--long-mb",
        type=float,
        nargs="+",
        default=None,
        metavar="MB",
        help="instead: ingest one generated article of each size (MB) through the CLI, for its peak memory and time",
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.long_mb and any(not 0 < mb <= 100 for mb in args.long_mb):
        parser.error("--long-mb sizes must be above 0 and at most 100")
    return args


def default_out_dir(kind: str = "bench-ingest") -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return REPO_ROOT / "evals" / "reports" / f"{kind}-{stamp}"


def run_settings(data_dir: Path, corpus: Path | None) -> Settings:
    return load_settings(data_dir=data_dir, corpus_dir=corpus)


def corpus_files(corpus: Path) -> list[Path]:
    """The files an ingest of ``corpus`` reads (the pipeline's own walk: known type, not hidden, no links)."""
    from ingest.walk import walk_folder

    return walk_folder(corpus.resolve())[0]


def machine_info() -> dict:
    import torch

    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "git_commit": _git_commit(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO_ROOT, capture_output=True, text=True, timeout=10).stdout

    try:
        head, dirty = git("rev-parse", "HEAD"), git("status", "--porcelain")
    except (OSError, subprocess.SubprocessError):
        return ""
    return head.strip() + ("+dirty" if dirty.strip() else "")


def peak_rss_mib(who: int) -> float:
    """Peak resident set size (Linux reports KiB) of this process or of its waited-for children."""
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


# ---------------------------------------------------------------------------------------------
# The measurements


def load_model(batch_size: int):
    """Create the one embedder and load its model; return it with the timings."""
    from store.embedding import make_embedder

    started = time.perf_counter()
    embedder = make_embedder(batch_size)
    tokenizer_done = time.perf_counter()
    embedder.embed(["warm up"])  # imports torch, loads the weights, runs one forward pass
    done = time.perf_counter()
    return embedder, {
        "model_load_s": done - started,
        "tokenizer_load_s": tokenizer_done - started,
        "model_and_warmup_s": done - tokenizer_done,
    }


def embedded_texts(settings: Settings, files: Sequence[Path], embedder, skip_unreadable: bool = False) -> list[str]:
    """Every text an ingest of ``files`` embeds (chunks as searched, with a footnote's citing
    sentence, and single sentences), cut exactly as ``ingest.pipeline`` does. With ``skip_unreadable``
    a file the ingest would report as failed is left out instead of stopping the benchmark."""
    from ingest.chunking import article_sentences, chunk_article
    from ingest.clean import clean_article
    from ingest.loaders import load

    texts: list[str] = []
    for path in files:
        try:
            loaded = load(path, path.read_bytes())
            article = clean_article(loaded.text, loaded.hints)
        except OtsqaError:
            if skip_unreadable:
                continue
            raise
        if not article.text.strip():
            continue  # the ingest fails such a file too
        chunks = chunk_article(
            path.stem,  # the id does not change the text
            article,
            embedder.count_tokens,
            min(settings.chunk_tokens, embedder.max_tokens),
            settings.chunk_overlap_tokens,
        )
        texts.extend(c.search_text for c in chunks)
        limit = min(settings.chunk_tokens, embedder.max_tokens)
        texts.extend(s.text for s in article_sentences(path.stem, article, embedder.count_tokens, limit))
    return texts


def full_ingest(settings: Settings, corpus: Path, embedder, n_files: int) -> dict:
    from ingest import ingest_paths

    started = time.perf_counter()
    report = ingest_paths(settings, [corpus], embedder=embedder)
    wall = time.perf_counter() - started
    if report.failed or len(report.added) != n_files:
        raise BenchError(f"full ingest added {len(report.added)} of {n_files} files; failed: {report.failed or 'none'}")
    stages = {s: report.stages.get(s, 0.0) for s in STAGES}
    total = report.seconds
    return {
        "chunks": report.chunks,
        "embedded": report.embedded,
        **{f"{s}_s": v for s, v in stages.items()},
        "other_s": total - sum(stages.values()),  # discovery, listing and counting the store
        "ingest_s": total,
        "ingest_wall_s": wall,  # also opening the store and taking the lock
        "ingest_chunks_per_s": report.chunks / total,
        "embed_share": stages["embed"] / total,
    }


def embedding_floor(texts: Sequence[str], embedder) -> dict:
    started = time.perf_counter()
    vectors = embedder.embed(list(texts))
    seconds = time.perf_counter() - started
    if len(vectors) != len(texts):
        raise BenchError(f"the embedder returned {len(vectors)} vectors for {len(texts)} texts")
    return {"floor_s": seconds, "floor_chunks_per_s": len(texts) / seconds}


# A child forked from this process (torch and the model loaded: ~800 MiB) starts with that resident
# set, and Linux folds it into the child's ru_maxrss, so RUSAGE_CHILDREN here overstates every
# subprocess. A small probe process starts the CLI instead and reports the CLI's own peak and wall.
_PROBE = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as out:
    json.dump({"returncode": code, "wall_s": wall, "peak_rss_kib": usage.ru_maxrss,
               "cpu_s": usage.ru_utime + usage.ru_stime}, out)
"""


def run_cli(args: Sequence[str], env: dict[str, str], scratch: Path, ok: Sequence[int] = (0,)) -> tuple[dict, str]:
    """Run ``otsqa ARGS``; return its wall time, CPU time and peak RSS (measured by the probe), and its stdout."""
    handle, probe_out = tempfile.mkstemp(suffix=".json", dir=scratch)
    os.close(handle)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, probe_out, *CLI, *args], env=env, cwd=REPO_ROOT, capture_output=True, text=True
    )
    try:
        probe = json.loads(Path(probe_out).read_text() or "{}")
    except json.JSONDecodeError:
        probe = {}
    code = probe.get("returncode", done.returncode)
    if done.returncode != 0 or code not in ok or "wall_s" not in probe:
        raise BenchError(f"`otsqa {' '.join(args)}` exited {code}: {done.stderr.strip()[-2000:]}")
    figures = {"wall_s": probe["wall_s"], "cpu_s": probe.get("cpu_s"), "peak_rss_mib": round(probe["peak_rss_kib"] / 1024, 1)}
    return figures, done.stdout


def unchanged_reingest(settings: Settings, base_env: dict[str, str], n_files: int, scratch: Path) -> dict:
    """Re-run the CLI ingest on the store just built (nothing changed) and a bare CLI start."""
    env = {**base_env, "OTSQA_DATA_DIR": str(settings.data_dir), "OTSQA_CORPUS_DIR": str(settings.corpus_dir)}
    start, _ = run_cli(["--version"], env, scratch)
    unchanged, stdout = run_cli(["ingest", "--json"], env, scratch)
    try:
        counts = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise BenchError(f"`otsqa ingest --json` printed no JSON: {stdout!r}") from None
    if counts.get("unchanged") != n_files or counts.get("added") != 0:
        raise BenchError(f"unchanged re-ingest expected unchanged={n_files}, added=0; got {json.dumps(counts)}")
    return {
        "unchanged_wall_s": unchanged["wall_s"],
        "process_start_s": start["wall_s"],
        "unchanged_beyond_start_s": unchanged["wall_s"] - start["wall_s"],
        "unchanged_inproc_s": counts.get("seconds"),
        "unchanged_embedded": counts.get("embedded"),
        "unchanged_peak_rss_mib": unchanged["peak_rss_mib"],
        "process_start_peak_rss_mib": start["peak_rss_mib"],
    }


def one_run(index: int, corpus: Path, files: Sequence[Path], embedder, scratch: Path, base_env: dict[str, str]) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"run{index}-", dir=scratch))
    settings = run_settings(data_dir, corpus)
    load_before = os.getloadavg()[0]  # other work on the 2 cores shows up as noise in every figure
    figures = full_ingest(settings, corpus, embedder, len(files))
    texts = embedded_texts(settings, files, embedder)
    if len(texts) != figures["embedded"]:
        raise BenchError(f"re-chunking gave {len(texts)} texts but the ingest embedded {figures['embedded']}")
    figures.update(embedding_floor(texts, embedder))
    # Same texts, same model: the ingest's speed as a share of embedding alone.
    figures["ingest_vs_floor"] = figures["floor_s"] / figures["ingest_s"]
    figures.update(unchanged_reingest(settings, base_env, len(files), scratch))
    figures["peak_rss_mib"] = peak_rss_mib(resource.RUSAGE_SELF)
    figures["loadavg_1m_before"] = load_before
    figures["loadavg_1m_after"] = os.getloadavg()[0]
    return figures


# ---------------------------------------------------------------------------------------------
# One long article (--long-mb)


def long_article(files: Sequence[Path], megabytes: float, out: Path) -> Path:
    """Write a plain-text article of about ``megabytes`` MB to ``out``: the corpus's paragraphs (lines
    of more than 80 characters) over and over, each opened with its own number ("In part 12, ...") so
    that no two sentences are the same, one blank line apart, under a title line."""
    paragraphs = [
        line.strip()
        for path in files
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if len(line.strip()) > 80
    ]
    if not paragraphs:
        raise BenchError("the corpus has no paragraphs to build a long article from")
    target = int(megabytes * 1_000_000)
    parts = ["A long report on security cooperation among the Organization of Turkic States"]
    size, n = len(parts[0]), 0
    while size < target:
        text = paragraphs[n % len(paragraphs)]
        n += 1
        parts.append(f"In part {n}, {text[0].lower()}{text[1:]}")
        size += len(parts[-1].encode()) + 2
    out.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return out


def long_run(article: Path, base_env: dict[str, str], scratch: Path, index: int) -> dict:
    """Ingest ``article`` alone with the CLI into a fresh data dir; its peak RSS, wall and CPU time."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"long{index}-", dir=scratch))
    env = {**base_env, "OTSQA_DATA_DIR": str(data_dir)}
    env.pop("OTSQA_CHROMA_URL", None)
    load_before = os.getloadavg()[0]
    figures, stdout = run_cli(["ingest", "--json", str(article)], env, scratch)
    try:
        report = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        raise BenchError(f"`otsqa ingest --json` printed no JSON: {stdout[-500:]!r}") from None
    if report.get("added") != 1 or report.get("failed"):
        raise BenchError(f"the long article was not ingested: {json.dumps(report)[:1000]}")
    shutil.rmtree(data_dir, ignore_errors=True)
    stages = report.get("stages", {})
    return {
        "peak_rss_mib": figures["peak_rss_mib"],
        "wall_s": figures["wall_s"],
        "cpu_s": figures["cpu_s"],
        "ingest_s": report["seconds"],
        **{f"{s}_s": stages.get(s, 0.0) for s in STAGES},
        "chunks": report["chunks"],
        "sentences": report["sentences"],
        "embedded": report["embedded"],
        "texts_per_s": report["embedded"] / report["seconds"] if report["seconds"] else 0.0,
        "loadavg_1m_before": load_before,
    }


LONG_ROWS = [  # (key, label, unit)
    ("peak_rss_mib", "peak RSS, CLI ingest", "MiB"),
    ("wall_s", "wall, CLI ingest", "s"),
    ("cpu_s", "CPU (user + system)", "s"),
    ("embed_s", "stage embed", "s"),
    ("write_s", "stage write", "s"),
    ("chunk_s", "stage chunk", "s"),
    ("texts_per_s", "texts embedded per second", "chunks/s"),
    ("loadavg_1m_before", "load average before run (1 min)", "load"),
]


def bench_long(args: argparse.Namespace, scratch: Path, base_env: dict[str, str]) -> dict:
    settings = run_settings(scratch, args.corpus)
    corpus = settings.corpus_dir
    files = [f for f in corpus_files(corpus) if f.suffix in (".txt", ".text", ".md", ".markdown")] if corpus.is_dir() else []
    if not files:
        raise BenchError(f"no plain-text articles to build a long article from in {corpus}")
    articles = {mb: long_article(files, mb, scratch / f"long-{mb:g}mb.txt") for mb in args.long_mb}
    runs: dict[float, list[dict]] = {mb: [] for mb in articles}
    for index in range(1, args.runs + 1):
        for mb, article in articles.items():  # sizes alternate, so a busy spell on the machine hits them alike
            figures = long_run(article, base_env, scratch, index)
            runs[mb].append(figures)
            print(
                f"run {index}/{args.runs}, {mb:g} MB: peak {figures['peak_rss_mib']:.0f} MiB, "
                f"wall {figures['wall_s']:.1f} s, CPU {figures['cpu_s']:.1f} s, {figures['embedded']} texts",
                file=sys.stderr,
            )
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "kind": "long-article",
        "runs": args.runs,
        "machine": machine_info(),
        "settings": {
            "chunk_tokens": settings.chunk_tokens,
            "chunk_overlap_tokens": settings.chunk_overlap_tokens,
            "embed_batch_size": settings.embed_batch_size,
            "ingest_flush_texts": settings.ingest_flush_texts,
        },
        "corpus": {"dir": str(corpus), "files": len(files)},
        "articles": [
            {
                "megabytes": mb,
                "bytes": articles[mb].stat().st_size,
                "chunks": runs[mb][0]["chunks"],
                "sentences": runs[mb][0]["sentences"],
                "per_run": runs[mb],
                "summary": summarise(runs[mb]),
            }
            for mb in articles
        ],
    }


def render_long_markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        f"Long-article ingest, {result['runs']} runs per size, each through the CLI into a fresh data dir; "
        f"{m['nproc']} CPUs, Python {m['python']}, torch {m['torch']}. Medians (min–max).",
        "",
        "| metric | unit | "
        + " | ".join(f"{a['megabytes']:g} MB ({a['chunks']} chunks, {a['sentences']} sentences)" for a in result["articles"])
        + " |",
        "|---|---|" + "---:|" * len(result["articles"]),
    ]
    for key, label, unit in LONG_ROWS:
        cells = []
        for article in result["articles"]:
            stats = article["summary"].get(key)
            cells.append(
                "" if stats is None else f"{_fmt(stats['median'], unit)} ({_fmt(stats['min'], unit)}–{_fmt(stats['max'], unit)})"
            )
        lines.append(f"| {label} | {unit} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Summary and report


def summarise(runs: Sequence[dict]) -> dict[str, dict[str, float]]:
    summary = {}
    for key, value in runs[0].items():
        if not isinstance(value, (int, float)):
            continue
        values = [r[key] for r in runs if isinstance(r.get(key), (int, float))]
        summary[key] = {"median": statistics.median(values), "min": min(values), "max": max(values)}
    return summary


def _fmt(value: float, unit: str) -> str:
    if unit == "chunks":
        return f"{value:.0f}"
    if unit in ("ratio", "load"):
        return f"{value:.2f}"
    if unit == "MiB":
        return f"{value:.0f}"
    if unit == "chunks/s":
        return f"{value:.1f}"
    return f"{value:.3f}" if value < 10 else f"{value:.2f}"


ROWS = [  # (key, label, unit)
    ("chunks", "chunks written", "chunks"),
    ("load_s", "stage load", "s"),
    ("clean_s", "stage clean", "s"),
    ("chunk_s", "stage chunk", "s"),
    ("embed_s", "stage embed", "s"),
    ("write_s", "stage write", "s"),
    ("other_s", "outside stages", "s"),
    ("ingest_s", "full ingest (report.seconds)", "s"),
    ("ingest_wall_s", "full ingest (wall, with store open)", "s"),
    ("ingest_chunks_per_s", "ingest throughput", "chunks/s"),
    ("embed_share", "embed share", "ratio"),
    ("floor_s", "raw embedding of the same texts", "s"),
    ("floor_chunks_per_s", "embedding floor", "texts/s"),
    ("ingest_vs_floor", "ingest / floor", "ratio"),
    ("unchanged_wall_s", "unchanged re-ingest (CLI wall)", "s"),
    ("process_start_s", "CLI start (`--version`)", "s"),
    ("unchanged_beyond_start_s", "unchanged beyond start", "s"),
    ("unchanged_inproc_s", "unchanged, in-process seconds", "s"),
    ("peak_rss_mib", "peak RSS, bench process", "MiB"),
    ("unchanged_peak_rss_mib", "peak RSS, unchanged CLI ingest", "MiB"),
    ("process_start_peak_rss_mib", "peak RSS, CLI `--version`", "MiB"),
    ("loadavg_1m_before", "load average before run (1 min)", "load"),
]


def _target(key: str, median: float) -> str:
    if key == "embed_share":
        return f"≥ {EMBED_SHARE_TARGET:.2f} {'✓' if median >= EMBED_SHARE_TARGET else '✗'}"
    if key == "unchanged_beyond_start_s":
        return f"< {BEYOND_START_TARGET_S:.0f} s {'✓' if median < BEYOND_START_TARGET_S else '✗'}"
    return ""


def render_markdown(result: dict) -> str:
    m, s, c = result["machine"], result["settings"], result["corpus"]
    lines = [
        f"Ingest benchmark, {result['runs']} runs, {c['files']} files / {c['chunks']} chunks; "
        f"{m['nproc']} CPUs, torch {m['torch_threads']} threads, Python {m['python']}; "
        f"chunk {s['chunk_tokens']}/{s['chunk_overlap_tokens']} tokens, batch {s['embed_batch_size']}; "
        f"model load (once) {result['model']['model_load_s']:.2f} s.",
        "",
        "| metric | unit | median | min | max | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for key, label, unit in ROWS:
        stats = result["summary"].get(key)
        if stats is None:
            continue
        cells = " | ".join(_fmt(stats[k], unit) for k in ("median", "min", "max"))
        lines.append(f"| {label} | {unit} | {cells} | {_target(key, stats['median'])} |")
    return "\n".join(lines) + "\n"


def write_reports(out: Path, result: dict, markdown: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(markdown, encoding="utf-8")


# ---------------------------------------------------------------------------------------------


def bench(args: argparse.Namespace, scratch: Path, base_env: dict[str, str]) -> dict:
    settings = run_settings(scratch, args.corpus)
    if settings.chroma_url:
        raise BenchError("the benchmark measures the embedded store: unset OTSQA_CHROMA_URL")
    corpus = settings.corpus_dir
    files = corpus_files(corpus) if corpus.is_dir() else []
    if not files:
        raise BenchError(f"no articles to ingest in {corpus}")

    embedder, model_timings = load_model(settings.embed_batch_size)
    runs = []
    for index in range(1, args.runs + 1):
        figures = one_run(index, corpus, files, embedder, scratch, base_env)
        runs.append(figures)
        print(
            f"run {index}/{args.runs}: ingest {figures['ingest_s']:.2f} s "
            f"(embed share {figures['embed_share']:.2f}), floor {figures['floor_s']:.2f} s, "
            f"unchanged {figures['unchanged_wall_s']:.2f} s vs start {figures['process_start_s']:.2f} s",
            file=sys.stderr,
        )
    return {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "runs": args.runs,
        "machine": machine_info(),
        "settings": {
            "chunk_tokens": settings.chunk_tokens,
            "chunk_overlap_tokens": settings.chunk_overlap_tokens,
            "effective_chunk_tokens": min(settings.chunk_tokens, embedder.max_tokens),
            "embed_batch_size": settings.embed_batch_size,
            "embedding_model": embedder.model_id,
            "collection": settings.collection,
        },
        "corpus": {
            "dir": str(corpus),
            "files": len(files),
            "bytes": sum(f.stat().st_size for f in files),
            "chunks": runs[0]["chunks"],
        },
        "model": model_timings,
        "per_run": runs,
        "summary": summarise(runs),
        "targets": {"embed_share_min": EMBED_SHARE_TARGET, "unchanged_beyond_start_max_s": BEYOND_START_TARGET_S},
        "peak_rss_self_mib": peak_rss_mib(resource.RUSAGE_SELF),
        # Inflated by this process's own RSS at fork (see _PROBE); the per-run figures are the real ones.
        "peak_rss_children_mib": peak_rss_mib(resource.RUSAGE_CHILDREN),
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    base_env = dict(os.environ)  # the subprocesses start as a user's shell would; the CLI goes offline itself
    scratch = Path(tempfile.mkdtemp(prefix="otsqa-bench-"))
    try:
        offline.apply(run_settings(scratch, args.corpus))  # before torch, transformers or chromadb load
        result = bench_long(args, scratch, base_env) if args.long_mb else bench(args, scratch, base_env)
    except (BenchError, OtsqaError) as exc:
        print(f"bench_ingest: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    markdown = render_long_markdown(result) if args.long_mb else render_markdown(result)
    out = args.out or default_out_dir("bench-ingest-long" if args.long_mb else "bench-ingest")
    write_reports(out, result, markdown)
    print(markdown)
    print(f"Wrote {out / 'bench.json'} and {out / 'bench.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
