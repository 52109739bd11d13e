"""Set each grounded configuration's abstention threshold from the tuning collections' answerable/unanswerable split.

Every item is answered with abstention switched off, so each answer's confidence is recorded. The
threshold is the midpoint that maximises abstention F1 over the whole set (ties: the one that
abstains least on answerable questions). Because that is fitted on the same items it is scored on,
a leave-one-out estimate is reported beside it: each item is judged with a threshold fitted
without it, which is what to expect on new questions of the same kind.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

from evals.collections import SEED, Collection
from evals.dataset import DEFAULT_PATH, load_items
from evals.metrics import abstention_scores, best_threshold, leave_one_out
from otsqa.errors import ConfigError
from otsqa.settings import Settings

# The seed's own questions in the region's languages (a tuning set): they set the threshold of questions
# that are not in English.
LANGUAGE_ITEMS = Path(__file__).parent / "languages" / "qa.jsonl"


def _questions_hash(collections: Sequence[Collection]) -> str:
    paths = [DEFAULT_PATH if c.name == SEED else c.folder / "qa.jsonl" for c in collections]
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()[:16]


def calibrate(settings: Settings, collections: Sequence[Collection], out: Path, progress: bool = False) -> dict:
    """Fit the threshold of each grounded configuration on the questions of ``collections`` (the seed set
    and the tuning collections: never a held-out one), answered from a store of their articles; write
    them all to ``out``."""
    from assistant.configs import GROUNDED, calibration_key, grounded
    from evals.runner import answer_all, prepare

    held_out = [c.name for c in collections if c.held_out]
    if held_out:
        raise ConfigError(
            f"Refusing to fit a threshold on held-out collections ({', '.join(held_out)}): fit on tuning ones only."
        )
    items = [i for c in collections for i in c.items]
    language_items = load_items(LANGUAGE_ITEMS) if LANGUAGE_ITEMS.is_file() else []
    ready = prepare(settings, progress, [c for c in collections if c.name != SEED])
    results = {}
    for name in GROUNDED:
        never_abstains = grounded(
            ready.store, ready.embedder, ready.lexical, rerank=name == "grounded", threshold=float("-inf"), settings=settings
        )
        answers = answer_all(never_abstains, items, progress, name)
        points = [(a["confidence"], item.answerable) for item, a in zip(items, answers)]
        threshold = best_threshold(points)
        fitted = abstention_scores([(c < threshold, answerable) for c, answerable in points])
        results[calibration_key(name, settings.embedding_model)] = {
            "threshold": round(threshold, 4),
            "fitted_on": {
                "collections": [c.name for c in collections],
                "questions_sha256": _questions_hash(collections),
                "answerable": sum(1 for _, a in points if a),
                "unanswerable": sum(1 for _, a in points if not a),
            },
            "in_sample": {k: round(v, 3) for k, v in fitted.items()},
            "leave_one_out": {k: round(v, 3) for k, v in leave_one_out(points).items()},
            "confidences": {item.id: round(a["confidence"], 4) for item, a in zip(items, answers)},
        }
        if language_items and settings.embedding_model != "minilm":
            # Questions in the region's languages (evals/languages/qa.jsonl, the seed's own questions
            # translated): their confidence reads only numbers, so they get a threshold of their own,
            # bounded to refuse at most 5% of the answerable ones (issue 21's bound).
            others = answer_all(never_abstains, language_items, progress, f"{name} (other languages)")
            points = [(a["confidence"], item.answerable) for item, a in zip(language_items, others)]
            cut = best_threshold(points, max_false_refusals=0.05)
            results[calibration_key(name, settings.embedding_model)] |= {
                "other_language_threshold": round(cut, 4),
                "other_languages": {
                    "questions": str(LANGUAGE_ITEMS.relative_to(LANGUAGE_ITEMS.parents[2])),
                    "answerable": sum(1 for _, a in points if a),
                    "unanswerable": sum(1 for _, a in points if not a),
                    "in_sample": {k: round(v, 3) for k, v in abstention_scores([(c < cut, a) for c, a in points]).items()},
                },
            }
    # Another embedding model's thresholds in the file are kept: each model is fitted on its own store.
    try:
        kept = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    except (OSError, ValueError):
        kept = {}
    kept = {k: v for k, v in kept.items() if k not in results} if isinstance(kept, dict) else {}
    # Written whole or not at all: a half-written file would stop every grounded answer.
    partial = out.with_suffix(".tmp")
    partial.write_text(json.dumps(kept | results, indent=1) + "\n", encoding="utf-8")
    os.replace(partial, out)
    return results
