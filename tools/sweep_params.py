"""Try values of the grounded answerer's tuned numbers, judged the honest way (issue 21): the
abstention threshold is fitted on the tuning collections for each variant, and the figures are shown
for the tuning collections and the held-out ones side by side, in aggregate only (blind items stay
unread). Every question is answered once per variant among all collections' articles, as
`otsqa evals run --collection all` does.

    python -m tools.sweep_params base: wide:max_sentences=3,margin=0.2 rerank:rerank_top=10

Each argument is NAME:FIELD=VALUE,… with fields of assistant/grounded/params.py (NAME: alone is
today's parameters). A variant is chosen on its tuning figures; the held-out column says whether the
choice carries, and a variant picked because of it makes the held-out figure less honest.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import fields

from assistant.grounded import GroundedParams

SHOWN = ("hit@5", "mrr@10", "key_fact_recall", "gold_cited", "abstention_f1", "false_refusals", "followup_accuracy")


def parse_variant(spec: str) -> tuple[str, dict[str, object]]:
    """'wide:max_sentences=3,margin=0.2' → ('wide', {'max_sentences': 3, 'margin': 0.2})."""
    name, _, assignments = spec.partition(":")
    kinds = {f.name: type(f.default) for f in fields(GroundedParams)}
    changes: dict[str, object] = {}
    for part in filter(None, assignments.split(",")):
        field, _, value = part.partition("=")
        if field not in kinds:
            raise SystemExit(f"{field!r} is not a field of GroundedParams (assistant/grounded/params.py)")
        changes[field] = kinds[field](value)
    return name or "variant", changes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="+", help="NAME:FIELD=VALUE,… (NAME: alone for today's parameters)")
    args = parser.parse_args()
    variants = [parse_variant(v) for v in args.variants]

    from assistant.assistant import under_threshold
    from assistant.configs import build_assistant
    from evals import metrics as M
    from evals.collections import available, collection_of, load_collections, seed_collection
    from evals.dataset import load_items
    from evals.runner import _result, aggregate, ask_all, eval_settings, prepare
    from otsqa.settings import load_settings

    names = available()
    collections = [seed_collection(load_items())] + load_collections(names)
    settings = eval_settings(load_settings(), names)
    ready = prepare(settings, False, [c for c in collections if c.name != "seed"])
    items = [i for c in collections for i in c.items]
    groups = {
        "tuning": {c.name for c in collections if not c.held_out},
        "held-out": {c.name for c in collections if c.held_out},
    }
    print("variant | group | threshold | " + " | ".join(SHOWN) + " | p50 ms")
    for name, changes in variants:
        assistant = build_assistant("grounded", ready.store, ready.embedder, ready.lexical, settings)
        assistant.answerer = assistant.answerer.with_params(threshold=float("-inf"), **changes)
        started = time.perf_counter()
        composed = ask_all(assistant, items, False, name)
        seconds = time.perf_counter() - started
        tuning_points = [(a.confidence, i.answerable) for i, a in zip(items, composed) if collection_of(i.id) in groups["tuning"]]
        threshold = M.best_threshold(tuning_points)
        judged = [under_threshold(a, threshold).to_json() for a in composed]
        rows = [_result(i, a, "grounded", ready.article_texts) for i, a in zip(items, judged)]
        p50 = statistics.median(a.timings_ms.get("total", 0.0) for a in composed)
        for group, members in groups.items():
            summary = aggregate([r for r in rows if collection_of(r.id) in members], ci_samples=0)["metrics"]
            cells = " | ".join("–" if summary.get(m) is None else f"{summary[m]:.3f}" for m in SHOWN)
            print(f"{name} {changes or ''} | {group} | {threshold:.3f} | {cells} | {p50:.0f} ({seconds:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
