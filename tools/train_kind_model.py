"""`python -m tools.train_kind_model`: train the answer-kind model (assistant/kind_model.py) and write
`assistant/kind_model.npz`; with ``--cv`` first report its cross-validated accuracy per kind.

Training data, all from the tuning side (the held-out collections' questions are never opened):
- `evals/training/kind_wordings.jsonl`: 718 analyst wordings labelled with kind and record, written
  by a helper for this purpose, with many single facts that share words with the other kinds;
- `evals/training/kind_wordings_more.jsonl`: 453 more, by another helper who saw only the first file,
  about made-up articles, authors and outlets (outlet questions, what an author presented, two-part
  questions, and hard single facts: "How many articles does the revised charter have?"); a question
  about how many articles there are is labelled ``list`` (the list answers it);
- the kind items of the tuning collections (the seed's `evals/data/kinds.jsonl`, and those of every
  collection whose `collection.json` says tuning: `interior`, `borders`);
- the single-fact questions of the tuning collections and `evals/training/generated.jsonl`, as "fact".

Cross-validation folds the wordings only (the other data always trains), so the figure says how the
model reads wordings it has not seen. Needs scikit-learn (a development dependency; reading the model
needs numpy only).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from assistant.kind_model import CHAR_NGRAMS, MODEL_PATH, WORD_NGRAMS, KindModel

ROOT = Path(__file__).resolve().parents[1]
WORDINGS = [ROOT / "evals/training/kind_wordings.jsonl", ROOT / "evals/training/kind_wordings_more.jsonl"]


def _tuning_collections() -> list[Path]:
    """The folders of the collections marked tuning (`collection.json`): never a held-out one's."""
    folders = []
    for folder in sorted((ROOT / "evals/collections").iterdir()):
        marked = folder / "collection.json"
        if marked.is_file() and json.loads(marked.read_text(encoding="utf-8")).get("role") == "tuning":
            folders.append(folder)
    return folders


KIND_ITEMS = [ROOT / "evals/data/kinds.jsonl"] + [f / "kinds.jsonl" for f in _tuning_collections()]
FACTS = [ROOT / "evals/data/qa.jsonl"] + [f / "qa.jsonl" for f in _tuning_collections()]
FACTS += [ROOT / "evals/training/generated.jsonl"]
# The kind items' record tags, as the wordings name the records.
RECORDS = {"author": "author", "by-author": "by_author", "date": "date", "list": "list", "oldest": "oldest"}
RECORDS |= {"newest": "newest", "published-in": "list", "topic": "which_articles", "outlet": "outlet"}
C = 8.0  # inverse regularisation, chosen by --cv among 1, 4, 8, 16 (flat above 4)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def wordings() -> list[tuple[str, str]]:
    labelled = [r for path in WORDINGS for r in _lines(path)]
    return [(r["question"], r["kind"] + ("/" + r["sub"] if r["kind"] == "collection" else "")) for r in labelled]


def fixed() -> list[tuple[str, str]]:
    """The training examples that no fold leaves out: tuning kind items and single facts."""
    out = []
    for path in KIND_ITEMS:
        for item in _lines(path):
            kind = next(t[5:] for t in item["tags"] if t.startswith("kind:"))
            record = next((RECORDS[t] for t in item["tags"] if t in RECORDS), "list")
            out.append((item["question"], kind + ("/" + record if kind == "collection" else "")))
    for path in FACTS:
        out += [(item["question"], "fact") for item in _lines(path) if not item.get("history")]
    return out


def fit(examples: list[tuple[str, str]]):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(analyzer="word", ngram_range=WORD_NGRAMS, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=2),
    )
    model = make_pipeline(features, LogisticRegression(C=C, max_iter=5000, class_weight="balanced"))
    model.fit([q for q, _ in examples], [label for _, label in examples])
    return model


def export(model) -> KindModel:
    """The fitted pipeline as a `KindModel` (its vocabularies prefixed "w " and "c ", one idf)."""
    union, classifier = model.steps[0][1], model.steps[1][1]
    terms: list[str] = []
    idf: list[np.ndarray] = []
    for (_, vectoriser), prefix in zip(union.transformer_list, ("w ", "c ")):
        names = vectoriser.get_feature_names_out()
        terms += [prefix + n for n in names]
        idf.append(vectoriser.idf_)
    return KindModel(
        list(classifier.classes_),
        {t: i for i, t in enumerate(terms)},
        np.concatenate(idf).astype(np.float32),
        classifier.coef_.astype(np.float32),
        classifier.intercept_.astype(np.float32),
    )


def save(model: KindModel, path: Path) -> None:
    terms = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    if any("\n" in t for t in terms + model.labels):
        raise ValueError("a term or label holds a newline")
    np.savez_compressed(
        path, labels="\n".join(model.labels), terms="\n".join(terms), idf=model.idf, coef=model.coef, intercept=model.intercept
    )


def cross_validate(folds: int = 5) -> dict[str, float]:
    """Per kind, the share of the wordings whose kind the model got right when they were left out."""
    from sklearn.model_selection import StratifiedKFold

    examples, always = wordings(), fixed()
    kinds = [label.split("/")[0] for _, label in examples]
    right: Counter = Counter()
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(examples, kinds):
        model = export(fit([examples[i] for i in train] + always))
        for i in test:
            right[kinds[i]] += model.kind(examples[i][0]).kind == kinds[i]
    total = Counter(kinds)
    return {kind: right[kind] / total[kind] for kind in sorted(total)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="report cross-validated accuracy per kind first")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    if args.cv:
        for kind, share in cross_validate().items():
            print(f"cv {kind:<11} {share:.3f}")
    examples = wordings() + fixed()
    model = export(fit(examples))
    save(model, args.out)
    loaded = KindModel.load(args.out)
    wrong = sum(loaded.kind(q).kind != label.split("/")[0] for q, label in examples)
    print(
        f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {len(examples)} examples, {len(loaded.vocabulary)} features,"
        f" {wrong} training examples misread)"
    )


if __name__ == "__main__":
    main()
