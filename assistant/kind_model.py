"""The answer kind a question asks for, learned from labelled wordings (issue 23, point 7).

The kinds' whole-question patterns are precise but know only the wordings they were written for: on
714 analyst wordings nobody had tuned on, they routed 0.59 of the collection questions, 0.47 of the
comparisons and 0.74 of the timelines (the rest fell through to a single fact). This model reads the
wording instead: a linear classifier over word 1–2-grams and character 3–5-grams (tf-idf, as
scikit-learn computes it), trained offline by `tools/train_kind_model.py` on
`evals/training/kind_wordings.jsonl`, the tuning collections' kind items and their single-fact
questions. Its weights are data (`kind_model.npz`, about 1 MB); reading it needs numpy only.

Labels are a kind, and for the collection its record ("collection/author", "collection/list", …),
so the collection answerer also learns which record is asked for. `KindModel.kind` sums a kind's
labels. The router trusts the patterns first and asks the model only when none claimed the question
(assistant/kinds.py).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from otsqa.errors import ConfigError

MODEL_PATH = Path(__file__).with_name("kind_model.npz")
# The vectorisers' settings, shared with the trainer so both read a question the same way.
WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (3, 5)
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_SPACE = re.compile(r"\s\s+")


def word_features(text: str) -> list[str]:
    """Word 1–2-grams, as scikit-learn's word analyser makes them (lower case, tokens of 2+ letters)."""
    tokens = _TOKEN.findall(text.lower())
    grams = list(tokens)
    grams += [" ".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)]
    return grams


def char_features(text: str) -> list[str]:
    """Character 3–5-grams inside word boundaries, as scikit-learn's ``char_wb`` analyser makes them."""
    grams = []
    for word in _SPACE.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
            if len(padded) <= n:
                grams.append(padded)  # a word this short counts once, whole
                break
            grams += [padded[i : i + n] for i in range(len(padded) - n + 1)]
    return grams


@dataclass(frozen=True)
class KindGuess:
    kind: str  # collection | summary | comparison | timeline | fact
    probability: float  # the kind's share of the model's belief
    label: str  # the likeliest label of that kind ("collection/author"; the kind itself for the others)

    @property
    def record(self) -> str:
        """For a collection question, the record asked for ("author", "list", …); else ""."""
        return self.label.split("/", 1)[1] if "/" in self.label else ""


class KindModel:
    def __init__(self, labels: list[str], vocabulary: dict[str, int], idf: np.ndarray, coef: np.ndarray, intercept: np.ndarray):
        self.labels = labels
        self.vocabulary = vocabulary
        self.idf = idf
        self.coef = coef  # labels × features
        self.intercept = intercept

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> KindModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                labels = str(data["labels"]).split("\n")
                terms = str(data["terms"]).split("\n")
                return cls(labels, {t: i for i, t in enumerate(terms)}, data["idf"], data["coef"], data["intercept"])
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(
                f"The answer-kind model {path} cannot be read ({exc}); run `python -m tools.train_kind_model`."
            ) from exc

    def probabilities(self, question: str) -> dict[str, float]:
        """Each label's probability for ``question``."""
        logits = self.intercept.astype(np.float64).copy()
        for prefix, grams in (("w ", word_features(question)), ("c ", char_features(question))):
            counts = Counter(self.vocabulary.get(prefix + g) for g in grams)
            counts.pop(None, None)
            if not counts:
                continue
            index = np.fromiter(counts.keys(), dtype=np.int64)
            weights = np.array([1.0 + math.log(n) for n in counts.values()]) * self.idf[index]
            weights /= np.linalg.norm(weights)
            logits += self.coef[:, index].astype(np.float64) @ weights
        exp = np.exp(logits - logits.max())
        return dict(zip(self.labels, (exp / exp.sum()).tolist()))

    def kind(self, question: str) -> KindGuess:
        """The likeliest kind of ``question`` (labels of one kind summed) and its likeliest label."""
        probabilities = self.probabilities(question)
        kinds: dict[str, float] = {}
        for label, p in probabilities.items():
            kinds[label.split("/")[0]] = kinds.get(label.split("/")[0], 0.0) + p
        kind = max(kinds, key=kinds.__getitem__)
        label = max((lb for lb in probabilities if lb.split("/")[0] == kind), key=probabilities.__getitem__)
        return KindGuess(kind, kinds[kind], label)


@lru_cache(maxsize=1)
def default_model() -> KindModel:
    return KindModel.load()
