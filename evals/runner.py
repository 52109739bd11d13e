"""`otsqa evals run`: every item through each configuration in one process, scored against gold labels.

The corpus is ingested into the evals' own store (under `<data dir>/evals`, incremental, so a repeat
run reuses it); each configuration is warmed up once so that model loading is not counted as latency.

With collections, a grounded configuration answers every question once with abstention off and the
thresholds are applied afterwards (`under_threshold`: composing never depends on the threshold), so
two figures come from one pass: as shipped (the threshold in assistant/calibration.json, fitted on
the tuning collections only) and leave-one-collection-out (each collection judged with a threshold
fitted on all the others). The held-out figure pools the collections whose role is `held-out`.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

from evals import metrics as M
from evals.collections import SEED, Collection, collection_of
from evals.dataset import Item
from otsqa.errors import StoreMismatchError
from otsqa.settings import Settings

log = logging.getLogger(__name__)

HEADLINE = [
    "hit@1",
    "hit@5",
    "recall@10",
    "mrr@10",
    "ndcg@10",
    "key_fact_recall",
    "citation_precision",
    "citation_recall",
    "gold_cited",
    "quote_validity",
    "abstention_precision",
    "abstention_recall",
    "abstention_f1",
    "followup_accuracy",
    "false_refusals",
    "direct_correct",
]
# Metrics where less is better: the gate holds them under a ceiling, not over a floor.
LOWER_IS_BETTER = frozenset({"false_refusals"})


@dataclass
class ItemResult:
    id: str
    config: str
    question: str
    answerable: bool
    followup: bool
    tags: list[str]
    answer: str
    abstained: bool
    citations: int
    scores: dict[str, float | None]
    timings_ms: dict[str, float]
    problems: list[str] = field(default_factory=list)
    sentences: list[dict] | None = None  # generated answers: each sentence's citations and verdict
    cited: list[dict] = field(default_factory=list)  # answerable items: each citation's role and correctness


def eval_settings(settings: Settings, collections: Sequence[str] = ()) -> Settings:
    """The evals' own store, beside the user's, so an eval run never touches what users ingested. A run
    with collections gets a store of its own per set of collections (the seed and those), so the seed
    set is always measured among the seed articles alone and a run's distractors never depend on
    what an earlier run ingested."""
    folder = "evals" if not collections else "evals-with-" + "+".join(sorted(collections))
    if settings.embedding_model != "minilm":
        folder += f"-{settings.embedding_model}"  # a store per model: switching back rebuilds nothing
    return settings.model_copy(update={"data_dir": settings.data_dir / folder})


def gold_spans(item: Item, article_texts: dict[str, str]) -> list[M.Span]:
    spans = []
    for e in item.evidence:
        text = article_texts.get(e.source, "")
        at = text.find(e.span)
        spans.append(M.Span(e.source, e.span, at, at + len(e.span) if at >= 0 else -1))
    return spans


def check_citations(item: Item, answer: dict, article_texts: dict[str, str]) -> list[dict[str, Any]]:
    """Each citation of an answer to an answerable item: its number, its role, and whether its passage
    holds gold evidence (what citation precision counts)."""
    if not item.answerable:
        return []
    spans = gold_spans(item, article_texts)
    return [
        {
            "n": c.get("n", i),
            "role": c.get("role", ""),
            "correct": M.citation_correct(M.Cited(c["source"], c["passage"], c["quote"], c["start"], c["end"]), spans),
        }
        for i, c in enumerate(answer["citations"], 1)
    ]


def score_item(item: Item, answer: dict, article_texts: dict[str, str]) -> tuple[dict[str, float | None], list[str]]:
    """Scores of one answered item (the Answer JSON) and a list of what went wrong, for the report."""
    spans = gold_spans(item, article_texts)
    primary = [span for span, e in zip(spans, item.evidence) if not e.alternative]  # what recall counts
    passages = [M.Retrieved(p["source"], p["text"]) for p in answer["passages"]]
    cited = [M.Cited(c["source"], c["passage"], c["quote"], c["start"], c["end"]) for c in answer["citations"]]
    abstained = answer["abstained"]
    problems: list[str] = []
    scores: dict[str, float | None] = {}

    valid = [M.quote_valid(c, article_texts.get(Path(c.source).name, "")) for c in cited]
    scores["quote_validity"] = (sum(valid) / len(valid)) if valid else None
    problems += [f"quote [{i}] is not the article text at its offsets" for i, ok in enumerate(valid, 1) if not ok]

    if item.answerable:
        scores["hit@1"] = M.hit_at(passages, spans, 1)
        scores["hit@5"] = M.hit_at(passages, spans, 5)
        scores["recall@10"] = M.recall_at(passages, primary, 10)
        scores["mrr@10"] = M.mrr_at(passages, spans, 10)
        scores["ndcg@10"] = M.ndcg_at(passages, primary, 10)
        facts = [(f.text, f.aliases) for f in item.key_facts]
        scores["key_fact_recall"] = M.key_fact_recall(answer["answer"], facts, abstained) if facts else None
        scores["citation_precision"] = M.citation_precision(cited, spans)
        scores["citation_recall"] = M.citation_recall(cited, primary)
        scores["gold_cited"] = 0.0 if abstained else float(any(M.citation_correct(c, spans) for c in cited))
        scores["false_refusals"] = float(abstained)
        if answer.get("direct_answer") and facts and not abstained:
            # The phrase stated first must itself be right: a wrong one misleads before any quote is read.
            direct = " ".join(d["text"] for d in answer["direct_answer"])
            scores["direct_correct"] = float(any(M.fact_present(direct, text, aliases) for text, aliases in facts))
            if not scores["direct_correct"]:
                problems.append(f"the direct answer {direct!r} holds no key fact")
        if not scores["hit@5"]:
            problems.append("no passage with gold evidence in the top 5")
        if abstained:
            problems.append("abstained on an answerable question")
        else:
            missing = [f.text for f in item.key_facts if not M.fact_present(answer["answer"], f.text, f.aliases)]
            if missing:
                problems.append("missing key facts: " + "; ".join(missing))
            checks = check_citations(item, answer, article_texts)
            wrong = [f"[{c['n']}]" + (f" ({c['role']})" if c["role"] else "") for c in checks if not c["correct"]]
            if wrong:
                problems.append("citations without gold evidence: " + ", ".join(wrong))
    elif not abstained:
        problems.append("answered a question the articles do not answer")
    if item.history:
        scores["followup_accuracy"] = float(
            M.followup_correct(item.answerable, abstained, scores.get("key_fact_recall") or 0.0, scores.get("citation_precision"))
        )
    return scores, problems


def aggregate(results: Sequence[ItemResult], ci_samples: int = 1000) -> dict[str, Any]:
    """Means over the items each metric applies to, 95% bootstrap CIs, latency percentiles."""
    summary: dict[str, Any] = {"items": len(results), "metrics": {}, "ci95": {}, "n": {}, "latency_ms": {}}
    for name in HEADLINE:
        if name.startswith("abstention_"):
            continue
        values = [r.scores[name] for r in results if r.scores.get(name) is not None]
        summary["metrics"][name] = M.mean(values)
        summary["n"][name] = len(values)
        summary["ci95"][name] = M.bootstrap_ci(values, M.mean, ci_samples)
    pairs = [(r.abstained, r.answerable) for r in results]
    for part in ("precision", "recall", "f1"):
        name = f"abstention_{part}"
        summary["metrics"][name] = M.abstention_scores(pairs)[part]
        summary["n"][name] = len(pairs)
        summary["ci95"][name] = M.bootstrap_ci(pairs, lambda rows, p=part: M.abstention_scores(rows)[p], ci_samples)
    summary["metrics"] = {k: summary["metrics"][k] for k in HEADLINE}
    stages = sorted({s for r in results for s in r.timings_ms})
    for stage in stages:
        values = [r.timings_ms[stage] for r in results if stage in r.timings_ms]
        summary["latency_ms"][stage] = {"p50": M.percentile(values, 50), "p95": M.percentile(values, 95)}
    lost = precision_lost(results)
    if lost:
        summary["precision_lost"] = lost
    generated = [r for r in results if r.sentences is not None]
    if generated:  # generative configurations: how much of what the model wrote was verified
        sentences = [s for r in generated for s in r.sentences]
        summary["generation"] = {
            "answers_generated": len(generated),
            "sentences": len(sentences),
            "sentences_verified": M.mean([float(s["verdict"] == "supported") for s in sentences]),
            "fell_back_to_quoted": sum(r.answer.startswith("(") and "quoted answer follows" in r.answer for r in generated),
        }
    return summary


def precision_lost(results: Sequence[ItemResult]) -> dict[str, dict[str, float]]:
    """Where citation precision goes, by cause; the causes' shares add up to 1 - citation precision.

    An answer with n citations, w of them without gold evidence, loses w/n of its precision; each wrong
    citation's 1/n goes to its role (lead, next, extra, …) unless no passage with gold evidence was
    retrieved into the top 5, when nothing quoted could be right and it all goes to "retrieval".
    Empty when the answers carry no roles (only quoted answers say why they quote a sentence).
    """
    rows = [r for r in results if r.cited and r.scores.get("citation_precision") is not None]
    if not any(c["role"] for r in rows for c in r.cited):
        return {}
    out: dict[str, dict[str, float]] = {}
    for r in rows:
        missed = not r.scores.get("hit@5")
        for c in r.cited:
            cause = "retrieval" if missed else (c["role"] or "unlabelled")
            entry = out.setdefault(cause, {"citations": 0, "wrong": 0, "lost": 0.0})
            entry["citations"] += 1
            if not c["correct"]:
                entry["wrong"] += 1
                entry["lost"] += 1.0 / len(r.cited) / len(rows)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["lost"]))


# What the report breaks down per question tag (issue 25, point 13), over the tag's answerable questions;
# its unanswerable ones are measured by the share abstained on.
TAG_METRICS = ("hit@5", "key_fact_recall", "gold_cited")


def by_tag(results: Sequence[ItemResult]) -> dict[str, dict[str, Any]]:
    """Per question tag (most questions first): how many questions carry it, answerable and not; the mean
    of each of TAG_METRICS over its answerable ones that have the score (None when none has it); and the
    share of its unanswerable ones abstained on (None when it has none). Tags mix both kinds (a date
    question may be a near miss), hence the split rather than one figure per tag."""
    out: dict[str, dict[str, Any]] = {}
    for tag in sorted({t for r in results for t in r.tags}):
        rows = [r for r in results if tag in r.tags]
        answerable = [r for r in rows if r.answerable]
        unanswerable = [r for r in rows if not r.answerable]
        entry: dict[str, Any] = {"questions": len(rows), "answerable": len(answerable), "unanswerable": len(unanswerable)}
        for name in TAG_METRICS:
            values = [r.scores[name] for r in answerable if r.scores.get(name) is not None]
            entry[name] = M.mean(values) if values else None
        entry["abstained_correctly"] = M.mean([float(r.abstained) for r in unanswerable]) if unanswerable else None
        out[tag] = entry
    return dict(sorted(out.items(), key=lambda kv: -kv[1]["questions"]))


@dataclass
class RunResult:
    configs: list[str]
    results: dict[str, list[ItemResult]]
    summaries: dict[str, dict[str, Any]]
    info: dict[str, Any]
    seconds: float
    by_collection: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # config → collection → summary
    # config → the held-out figure (collections, summary) and, for grounded ones, leave-one-collection-out
    held_out: dict[str, dict[str, Any]] = field(default_factory=dict)
    # config → the items beyond single facts (evals/kinds.py): per role ("tuning", "held-out") the
    # summary by kind, and the results of the collections that are not blind
    kinds: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = {
            "info": self.info,
            "seconds": round(self.seconds, 2),
            "configs": {
                name: {"summary": self.summaries[name], "items": [asdict(r) for r in self.results[name]]} for name in self.configs
            },
        }
        data["by_tag"] = self.tag_breakdown()
        if self.by_collection:
            data["by_collection"] = self.by_collection
            data["held_out"] = self.held_out
        if self.kinds:
            data["kinds"] = self.kinds
        return data

    def tag_breakdown(self) -> dict[str, dict[str, Any]]:
        """config → "all": `by_tag` over every question of the run and, when the run has held-out
        collections, "held-out": over their questions alone (the figure the targets are about)."""
        out: dict[str, dict[str, Any]] = {}
        for config in self.configs:
            rows = self.results[config]
            out[config] = {"all": by_tag(rows)}
            held = self.held_out.get(config, {}).get("collections")
            if held:
                out[config]["held-out"] = by_tag([r for r in rows if collection_of(r.id) in held])
        return out


@dataclass
class EvalStore:
    """The evals' own store, ready to answer from."""

    store: Any
    lexical: Any
    embedder: Any
    article_texts: dict[str, str]
    info: dict[str, Any]


def prepare(settings: Settings, progress: bool = False, collections: Sequence[Collection] = ()) -> EvalStore:
    """Ingest the corpus (and the collections' articles) into the evals' store if needed (rebuilding it
    for a new version)."""
    from ingest import ingest_paths, store_fingerprint
    from otsqa.errors import IngestError
    from store.chroma import open_store
    from store.embedding import make_embedder
    from store.lexical import LexicalIndex
    from store.numpy_minilm import make_question_embedder

    own = eval_settings(settings, [c.name for c in collections])
    embedder = make_embedder(own.embed_batch_size, own.embedding_model)
    folders = [settings.corpus_dir, *(c.articles for c in collections)]
    try:
        report = ingest_paths(own, folders, embedder=embedder, progress=progress)
    except StoreMismatchError:
        # The evals' store is ours to throw away: rebuild it for this version instead of failing.
        report = ingest_paths(own, folders, embedder=embedder, progress=progress, rebuild=True)
    if report.failed:
        raise IngestError(f"The corpus did not ingest cleanly for the evals: {report.failed}")
    store = open_store(own, store_fingerprint(own, embedder))
    strays = _strays(store, folders)
    if strays:
        # Articles from elsewhere (a run from another checkout that shared this data dir) would answer
        # questions too and move every figure: the evals' store is ours to throw away, so rebuild it.
        log.warning("the evals' store holds %d article(s) from outside %s: rebuilding it", len(strays), folders)
        report = ingest_paths(own, folders, embedder=embedder, progress=progress, rebuild=True)
        if report.failed:
            raise IngestError(f"The corpus did not ingest cleanly for the evals: {report.failed}")
        store = open_store(own, store_fingerprint(own, embedder))
    lexical = LexicalIndex(own.lexical_path)
    lexical.sync(store)
    records = [store.article(a.doc_id) for a in store.articles()]
    info = {
        "embedding_model": embedder.model_id,
        "store_fingerprint": store.fingerprint,
        "corpus_hash": hashlib.sha256(
            "".join(sorted(f"{Path(r.source).name}:{r.content_hash}" for r in records)).encode()
        ).hexdigest(),
        "corpus_dir": str(settings.corpus_dir),
        "collections": [c.name for c in collections],
        "articles": len(records),
        "chunks": store.count(),
    }
    # MiniLM answers with the model that ingested (the figures of every earlier report); e5 reads a
    # question in its query role, a second embedder of the same model.
    if own.embedding_model != "minilm":
        embedder = make_question_embedder(own.question_embedder, own.embed_batch_size, own.embedding_model)
    return EvalStore(store, lexical, embedder, {Path(r.source).name: r.text or "" for r in records}, info)


def _strays(store, folders: Sequence[Path]) -> list[str]:
    """Sources in ``store`` that lie in none of ``folders``."""
    roots = [Path(f).resolve() for f in folders]
    return [a.source for a in store.articles() if not any(Path(a.source).resolve().is_relative_to(root) for root in roots)]


def ask_all(assistant, items: Sequence[Item], progress: bool | str = False, label: str = "") -> list:
    """Every item through one assistant (after one warm-up question that is not counted): Answers.
    ``progress``: True for a bar (a terminal), "lines" for a line when a batch starts and ends (a log
    read later, where a bar's redraws are noise and silence looks like a hang)."""
    from tqdm import tqdm

    if progress == "lines":
        print(f"{label.strip()}: {len(items)} questions …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    assistant.ask("What is the Organization of Turkic States?")
    answers = [
        assistant.ask(item.question, list(item.history))
        for item in tqdm(items, desc=f"{label:>8}", unit="q", disable=progress is not True, leave=False)
    ]
    if progress == "lines":
        print(f"{label.strip()}: answered in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return answers


def answer_all(assistant, items: Sequence[Item], progress: bool | str = False, label: str = "") -> list[dict]:
    """Every item through one assistant: the Answer JSON of each."""
    return [a.to_json() for a in ask_all(assistant, items, progress, label)]


def run(
    settings: Settings,
    configs: Sequence[str],
    items: Sequence[Item],
    progress: bool | str = False,
    collections: Sequence[Collection] = (),
) -> RunResult:
    """Every item through each configuration, scored. With ``collections`` (the seed set may be one of
    them, see evals.collections.seed_collection) the store holds the seed articles and theirs, each
    configuration is also summarised per collection (by the prefix of its items' ids:
    `<collection>/<id>`) and over the held-out ones, and grounded ones leave each collection out."""
    from assistant.assistant import under_threshold
    from assistant.configs import DESCRIPTIONS, GROUNDED, build_assistant

    started = time.perf_counter()
    if progress == "lines":
        print("Preparing the evals' store (ingesting what changed) …", file=sys.stderr, flush=True)
    ready = prepare(settings, progress is True, [c for c in collections if c.name != SEED])
    results: dict[str, list[ItemResult]] = {}
    summaries: dict[str, dict[str, Any]] = {}
    held_out: dict[str, dict[str, Any]] = {}
    kinds: dict[str, dict[str, Any]] = {}
    for config in configs:
        built = time.perf_counter()
        assistant = build_assistant(config, ready.store, ready.embedder, ready.lexical, settings)
        leave_out = bool(collections) and config in GROUNDED
        if leave_out:
            shipped = assistant.answerer.params.threshold
            # Every answer with its confidence; the thresholds are applied below.
            assistant.answerer = assistant.answerer.with_params(threshold=float("-inf"))
            composed = ask_all(assistant, items, progress, config)
            answers = [under_threshold(a, shipped).to_json() for a in composed]
        else:
            answers = answer_all(assistant, items, progress, config)
        rows = [_result(item, answer, config, ready.article_texts) for item, answer in zip(items, answers)]
        results[config] = rows
        summaries[config] = aggregate(rows) | {
            "seconds": time.perf_counter() - built,
            "description": DESCRIPTIONS.get(config, ""),
        }
        if collections:
            held_out[config] = _held_out(rows, collections)
            if leave_out:
                held_out[config] |= _left_out(items, composed, collections, ready.article_texts, config) | {"threshold": shipped}
                if any(c.kind_items for c in collections):
                    kinds[config] = _kinds(assistant, ready.store, collections, shipped, ready.article_texts, progress)
    info = {"dataset_items": len(items)} | ready.info | {"collections": [c.name for c in collections]}
    info["roles"] = {c.name: c.role + (", blind" if c.blind else "") for c in collections}
    by_collection = {
        config: {c.name: aggregate([r for r in rows if r.id.startswith(c.name + "/")]) for c in collections}
        for config, rows in results.items()
    }
    return RunResult(
        list(configs),
        results,
        summaries,
        info,
        time.perf_counter() - started,
        by_collection if collections else {},
        held_out,
        kinds,
    )


def _kinds(
    assistant,
    store,
    collections: Sequence[Collection],
    threshold: float,
    article_texts: dict[str, str],
    progress: bool | str,
) -> dict:
    """Every collection's items beyond single facts, answered as shipped and judged by kind. Each
    collection's are answered with the store's catalogue narrowed to its own articles: "Which is the
    newest article in the collection?" was written about those six, and in the pool every collection's
    articles share, the newest is another collection's (retrieval still searches the whole pool)."""
    from assistant.assistant import under_threshold
    from evals.kinds import judge, summarise

    out: dict[str, Any] = {"results": []}
    for role in ("tuning", "held-out"):
        chosen = [c for c in collections if c.role == role and c.kind_items]
        items = [i for c in chosen for i in c.kind_items]
        composed = []
        for c in chosen:
            with _catalogue_of(store, c, collections):
                composed += ask_all(assistant, list(c.kind_items), progress, f"kinds {c.name}")
        results = [judge(i, under_threshold(a, threshold).to_json(), article_texts) for i, a in zip(items, composed)]
        out[role] = {"collections": [c.name for c in chosen], "summary": summarise(results)}
        seen = {c.name for c in chosen if not c.blind}
        out["results"] += [asdict(r) for r in results if collection_of(r.id) in seen]
    return out


@contextmanager
def _catalogue_of(store, collection: Collection, collections: Sequence[Collection]):
    """``store.articles()`` narrowed to ``collection``'s articles while the block runs (the seed's: those
    of no collection's folder)."""
    listed = store.articles

    def folder_of(source: str) -> Path | None:
        path = Path(source).resolve()
        return next(
            (c.articles.resolve() for c in collections if c.name != SEED and path.is_relative_to(c.articles.resolve())), None
        )

    own = None if collection.name == SEED else collection.articles.resolve()
    allowed = {a.doc_id for a in listed() if folder_of(a.source) == own}

    def articles(*, doc_ids=None, status=None):
        return [a for a in listed(doc_ids=doc_ids, status=status) if a.doc_id in allowed]

    store.articles = articles
    try:
        yield
    finally:
        del store.articles


def _result(item: Item, answer: dict, config: str, article_texts: dict[str, str]) -> ItemResult:
    scores, problems = score_item(item, answer, article_texts)
    return ItemResult(
        id=item.id,
        config=config,
        question=item.question,
        answerable=item.answerable,
        followup=bool(item.history),
        tags=list(item.tags),
        answer=answer["answer"],
        abstained=answer["abstained"],
        citations=len(answer["citations"]),
        scores=scores,
        timings_ms=answer["timings_ms"],
        problems=problems,
        sentences=answer.get("sentences"),
        cited=check_citations(item, answer, article_texts),
    )


def _held_out(rows: Sequence[ItemResult], collections: Sequence[Collection]) -> dict[str, Any]:
    """The headline: every question of the held-out collections, answered as shipped."""
    names = [c.name for c in collections if c.held_out]
    pooled = [r for r in rows if collection_of(r.id) in names]
    return {"collections": names, "summary": aggregate(pooled) if pooled else None}


def _left_out(
    items: Sequence[Item], composed: Sequence[Any], collections: Sequence[Collection], article_texts: dict[str, str], config: str
) -> dict[str, Any]:
    """Leave one collection out: each collection's questions judged with the abstention threshold that
    best separates answerable from unanswerable questions in all the other collections."""
    from assistant.assistant import under_threshold

    points: dict[str, list[tuple[float, bool]]] = {c.name: [] for c in collections}
    for item, answer in zip(items, composed):
        points[collection_of(item.id)].append((answer.confidence, item.answerable))
    thresholds = {
        name: M.best_threshold([p for other, pts in points.items() if other != name for p in pts])
        for name in points
        if any(pts for other, pts in points.items() if other != name)
    }
    rows = [
        _result(item, under_threshold(answer, thresholds[collection_of(item.id)]).to_json(), config, article_texts)
        for item, answer in zip(items, composed)
        if collection_of(item.id) in thresholds
    ]
    held = [c.name for c in collections if c.held_out]
    pooled = [r for r in rows if collection_of(r.id) in held]
    return {
        "loco_thresholds": {k: round(v, 4) for k, v in thresholds.items()},
        "loco": {name: aggregate([r for r in rows if collection_of(r.id) == name]) for name in thresholds},
        "loco_summary": aggregate(pooled) if pooled else None,
    }
