"""`python -m tools.probe_abstention [--held-out]`: would weights learned from data abstain better
than the hand-set confidence? (Issue 21, point 6; the answer was no: docs/reports/heldout-2026-12-05-f2d385b.md.)

Every question of the seed set and of every collection is answered once among all their articles with
abstention off (as `otsqa evals run --collection all` does), keeping each answer's confidence features
(assistant/grounded/confidence.py) and whether the question is answerable. Then, for the hand-set
confidence and for a logistic regression over the same features (class-balanced, L2 penalties 1, 10
and 50), each tuning collection is judged with a model and threshold fitted on the other tuning
collection(s): abstention F1 and false refusals. With ``--held-out`` the models fitted on every tuning
collection are also judged once on the held-out collections pooled; only those two aggregate figures
of a held-out collection are printed, never a question.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

import numpy as np

from evals.metrics import abstention_scores, best_threshold

FEATURES = ("semantic", "coverage", "unknown", "unknown_numbers", "missing", "subject_absent", "type_ok", "relevance")


def answered() -> list[dict]:
    """(collection, held out, answerable, features) of every question, abstention off."""
    from assistant.configs import build_assistant
    from evals.collections import collection_of, load_collections, seed_collection
    from evals.dataset import load_items
    from evals.runner import ask_all, prepare
    from otsqa.settings import load_settings

    settings = load_settings()
    collections = [seed_collection(load_items()), *load_collections(["all"])]
    items = [item for c in collections for item in c.items]
    ready = prepare(settings, progress=True, collections=collections[1:])
    assistant = build_assistant("grounded", ready.store, ready.embedder, ready.lexical, settings)
    assistant.answerer = assistant.answerer.with_params(threshold=float("-inf"))
    held = {c.name: c.held_out for c in collections}
    return [
        {
            "collection": collection_of(item.id),
            "held_out": held[collection_of(item.id)],
            "answerable": item.answerable,
            "features": dict(answer.features or {}),
        }
        for item, answer in zip(items, ask_all(assistant, items, progress=True, label="grounded"))
    ]


Scorer = Callable[[Sequence[dict]], np.ndarray]


def hand(_train: Sequence[dict]) -> Scorer:
    return lambda rows: np.array([r["features"]["confidence"] for r in rows])


def logistic(l2: float) -> Callable[[Sequence[dict]], Scorer]:
    """A class-balanced logistic regression on standardised features, fitted by gradient descent."""

    def fit(train: Sequence[dict]) -> Scorer:
        x, y = _matrix(train), np.array([float(r["answerable"]) for r in train])
        mu, sd = x.mean(0), x.std(0) + 1e-6
        z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
        w = np.zeros(z.shape[1])
        balance = np.where(y > 0, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
        for _ in range(4000):
            p = 1 / (1 + np.exp(-z @ w))
            w -= 0.3 * (z.T @ ((p - y) * balance) / len(y) + l2 * np.r_[w[:-1], 0] / len(y))
        return lambda rows: np.hstack([(_matrix(rows) - mu) / sd, np.ones((len(rows), 1))]) @ w

    return fit


def _matrix(rows: Sequence[dict]) -> np.ndarray:
    return np.array([[r["features"].get(name, 0.0) for name in FEATURES] for r in rows])


def judge(train: Sequence[dict], test: Sequence[dict], make: Callable[[Sequence[dict]], Scorer]) -> tuple[float, float]:
    """Abstention F1 and false-refusal rate on ``test`` of a model and threshold fitted on ``train``."""
    score = make(train)
    cut = best_threshold(list(zip(score(train), (r["answerable"] for r in train))))
    pairs = [(s < cut, r["answerable"]) for s, r in zip(score(test), test)]
    answerable = sum(1 for _, a in pairs if a) or 1
    return abstention_scores(pairs)["f1"], sum(1 for ab, a in pairs if ab and a) / answerable


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--held-out", action="store_true", help="also judge the held-out collections, pooled, once")
    args = parser.parse_args(argv)
    rows = answered()
    tuning = [r for r in rows if not r["held_out"]]
    names = sorted({r["collection"] for r in tuning})
    models = {"hand-set confidence": hand} | {f"logistic, L2 {l2:g}": logistic(l2) for l2 in (1.0, 10.0, 50.0)}
    head = ["model"] + [f"{n} F1 / FR" for n in names] + (["held out F1 / FR"] if args.held_out else [])
    print("| " + " | ".join(head) + " |\n|" + "---|" * len(head))
    for label, make in models.items():
        cells = [
            judge([r for r in tuning if r["collection"] != n], [r for r in tuning if r["collection"] == n], make) for n in names
        ]
        if args.held_out:
            cells.append(judge(tuning, [r for r in rows if r["held_out"]], make))
        print(f"| {label} | " + " | ".join(f"{f1:.3f} / {fr:.3f}" for f1, fr in cells) + " |")


if __name__ == "__main__":
    main()
