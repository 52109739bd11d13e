"""`python -m evals.calibrate_verify`: fit the similarity threshold of the sentence check (assistant/verify.py).

From gold labels only, no language model: every sentence of an answerable item's hand-written
reference answer is a sentence a good model could write. Its best MiniLM cosine to a sentence of a
retrieved passage that holds the item's gold evidence is a *supported* example; its best cosine to a
sentence of a retrieved passage (top 5) without gold evidence is an *unsupported* one (a plausible
wrong citation: same topic, other passage). The threshold is the cut that maximises balanced accuracy
(the mean of the two recalls); ties go to the higher cut. Writes assistant/verification.json.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Sequence

from assistant.verify import CALIBRATION_PATH

DEPTH = 5


def best_cut(supported: Sequence[float], unsupported: Sequence[float]) -> tuple[float, float]:
    """(threshold, balanced accuracy): a score at or above the threshold counts as supported."""
    values = sorted(set(supported) | set(unsupported))
    cuts = [(a + b) / 2 for a, b in zip(values, values[1:])] or values

    def balanced(cut: float) -> float:
        return (sum(s >= cut for s in supported) / len(supported) + sum(u < cut for u in unsupported) / len(unsupported)) / 2

    best = max(cuts, key=lambda cut: (balanced(cut), cut))
    return best, balanced(best)


def pairs(settings, items) -> tuple[list[float], list[float]]:
    from assistant.configs import grounded
    from assistant.quoting import ArticleTexts, passage_sentences
    from evals import metrics as M
    from evals.runner import prepare
    from otsqa.text import split_sentences
    from store.base import cosine

    ready = prepare(settings)
    assistant = grounded(ready.store, ready.embedder, ready.lexical, rerank=False, settings=settings)
    texts = ArticleTexts(ready.store)
    supported, unsupported = [], []
    for item in items:
        if not item.answerable or not item.reference_answer.strip():
            continue
        claims = [item.reference_answer[s:e] for s, e in split_sentences(item.reference_answer)]
        spans = [M.Span(e.source, e.span) for e in item.evidence]
        question = item.question if not item.history else f"{item.history[-1].get('question', '')} {item.question}"
        passages = assistant.retrieve(question, DEPTH)
        gold = [p for p in passages if any(M.contains(M.Retrieved(p.source, p.text), s) for s in spans)]
        other = [p for p in passages if p not in gold]
        if not gold or not other:
            continue
        vectors = ready.embedder.embed(claims)
        for group, out in ((gold, supported), (other, unsupported)):
            sentences = [q.text for p in group for q in passage_sentences(p, texts(p.doc_id))]
            theirs = ready.embedder.embed(sentences)
            for vector in vectors:
                out.append(max(cosine(vector, v) for v in theirs))
    return supported, unsupported


def main(argv: list[str] | None = None) -> int:
    from evals.dataset import DEFAULT_PATH, load_items
    from otsqa import offline
    from otsqa.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=CALIBRATION_PATH)
    args = parser.parse_args(argv)
    settings = load_settings()
    offline.apply(settings)
    supported, unsupported = pairs(settings, load_items(DEFAULT_PATH))
    threshold, balanced = best_cut(supported, unsupported)
    result = {
        "threshold": round(threshold, 4),
        "balanced_accuracy": round(balanced, 4),
        "supported_examples": len(supported),
        "unsupported_examples": len(unsupported),
        "supported_recall": round(sum(s >= threshold for s in supported) / len(supported), 4),
        "unsupported_recall": round(sum(u < threshold for u in unsupported) / len(unsupported), 4),
        "method": "reference-answer sentences vs. sentences of retrieved passages with / without gold evidence "
        "(top 5, grounded-no-rerank retrieval); the cut maximising balanced accuracy (evals/calibrate_verify.py)",
    }
    args.out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
