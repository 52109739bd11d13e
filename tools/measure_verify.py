"""`python -m tools.measure_verify`: the sentence check before and after issue 21 (point 5), on the same
generated sentences.

    python -m tools.measure_verify generate [--collection NAME ...]   # the local model answers (slow)
    python -m tools.measure_verify review                             # both checks; a file to judge by hand
    python -m tools.measure_verify table                              # the figures, with the judgements

`generate` answers every question of the held-out collections (default; `--collection` names others)
with the `generative` configuration over the store that `otsqa evals run --collection all` uses, and
records what the model wrote, the passages it was given and the question, into
`<data dir>/measure-verify/generated.jsonl` (with the articles' texts: the check quotes them).
Nothing about a blind collection is printed or committed.

`review` checks every recorded sentence twice: with the check as it was before (each digit somewhere
in the cited passages; number words unchecked: ``Verifier(quantities=False)``) and as it is now (each
quantity given by a sentence about the same subject and year, `assistant/quantities.py`), and writes
`review.md` (each sentence marked supported by either check, its verdicts and the cited passages) and
`sentences.jsonl` beside it.

`table` reads a careful reader's judgements — `tools/measure_verify_judgements.json`, under
"sentences" each sentence by a hash of its item and text (no question or sentence text), with a verdict
`ok` or `reject` (and, for a rejection, why) — and prints, for each
check, how many sentences it marked supported, how many of those the reader rejects (the rate; the
target is at most 2%), and how many sentences the reader accepts but the check now rejects.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import asdict
from pathlib import Path

JUDGEMENTS = Path(__file__).with_name("measure_verify_judgements.json")


def key(item_id: str, text: str) -> str:
    return hashlib.sha256(f"{item_id}\n{text}".encode()).hexdigest()[:16]


def _folder(settings) -> Path:
    folder = Path(settings.data_dir) / "measure-verify"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def generate(settings, names: list[str]) -> Path:
    from tqdm import tqdm

    from assistant.configs import generative
    from assistant.quoting import ArticleTexts
    from assistant.verify import Verifier
    from evals.collections import load_collections
    from evals.runner import prepare

    every = load_collections(["all"])
    wanted = [c for c in every if (c.name in names if names else c.held_out)]
    ready = prepare(settings, collections=every)  # the store of `evals run --collection all`
    assistant = generative(ready.store, ready.embedder, ready.lexical, settings=settings)
    texts = ArticleTexts(ready.store)
    calls: list[dict] = []

    class Recording(Verifier):
        def verify(self, sentences, passages, question=""):
            calls.append(
                {
                    "sentences": [{"text": s.text, "citations": list(s.citations)} for s in sentences],
                    "passages": [asdict(p) for p in passages],
                    "question": question,
                }
            )
            return super().verify(sentences, passages, question)

    assistant.verifier = Recording(ready.embedder.embed, texts)
    out = _folder(settings) / "generated.jsonl"
    articles: dict[str, str] = {}
    with out.open("w", encoding="utf-8") as fh:
        for collection in wanted:
            for item in tqdm(collection.items, desc=collection.name, unit="q"):
                calls.clear()
                answer = assistant.ask(item.question, list(item.history))
                for call in calls:
                    for p in call["passages"]:
                        articles.setdefault(p["doc_id"], texts(p["doc_id"]))
                row = {
                    "id": item.id,
                    "collection": collection.name,
                    "answerable": item.answerable,
                    "abstained": answer.abstained,
                    "calls": list(calls),
                    "live": answer.sentences or [],
                }
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                fh.flush()
    (out.parent / "articles.json").write_text(json.dumps(articles, ensure_ascii=False), encoding="utf-8")
    return out


def review(settings) -> Path:
    from assistant.answer import Passage
    from assistant.verify import Sentence, Verifier
    from store.embedding import make_embedder

    folder = _folder(settings)
    rows = [json.loads(line) for line in (folder / "generated.jsonl").read_text(encoding="utf-8").splitlines() if line]
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    embedder = make_embedder()
    before = Verifier(embedder.embed, articles.__getitem__, quantities=False)
    after = Verifier(embedder.embed, articles.__getitem__)
    records, lines = [], ["# Generated sentences, checked before and after (judge each: ok or reject)", ""]
    for row in rows:
        for call in row["calls"]:
            passages = [Passage(**p) for p in call["passages"]]
            old = before.verify([Sentence(s["text"], s["citations"]) for s in call["sentences"]], passages, call["question"])
            new = after.verify([Sentence(s["text"], s["citations"]) for s in call["sentences"]], passages, call["question"])
            for o, n in zip(old, new):
                record = {
                    "key": key(row["id"], o.text),
                    "id": row["id"],
                    "collection": row["collection"],
                    "text": o.text,
                    "citations": o.citations,
                    "before": o.verdict,
                    "before_reason": o.reason,
                    "after": n.verdict,
                    "after_reason": n.reason,
                }
                records.append(record)
                if not (o.supported or n.supported):
                    continue
                lines += [
                    f"## {record['key']} ({row['id']}) before: {o.verdict} {o.reason} | after: {n.verdict} {n.reason}",
                    "",
                    f"> {o.text} {o.citations}",
                    "",
                ]
                for c in o.citations:
                    if 1 <= c <= len(passages):
                        lines += [f"[{c}] {passages[c - 1].title}, {passages[c - 1].date}: {passages[c - 1].text}", ""]
    (folder / "sentences.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = folder / "review.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


def table(settings, judgements_path: Path = JUDGEMENTS) -> str:
    folder = _folder(settings)
    records = [json.loads(line) for line in (folder / "sentences.jsonl").read_text(encoding="utf-8").splitlines() if line]
    data = json.loads(judgements_path.read_text(encoding="utf-8")) if judgements_path.exists() else {}
    judged = {k: v["verdict"] if isinstance(v, dict) else v for k, v in data.get("sentences", data).items()}
    out = [
        f"{len(records)} generated sentences in {len({r['id'] for r in records})} answers "
        f"({', '.join(sorted({r['collection'] for r in records}))})",
        "",
        "| check | marked supported | rejected by a careful reader | rate | correct sentences the check rejects |",
        "|---|---|---|---|---|",
    ]
    unjudged = set()
    for check in ("before", "after"):
        supported = [r for r in records if r[check] == "supported"]
        unjudged |= {r["key"] for r in supported if r["key"] not in judged}
        bad = [r for r in supported if judged.get(r["key"]) == "reject"]
        # a sentence the reader accepts and that the check before accepted, but this one does not
        lost = [r for r in records if judged.get(r["key"]) == "ok" and r["before"] == "supported" and r[check] != "supported"]
        rate = len(bad) / len(supported) if supported else 0.0
        out.append(f"| {check} | {len(supported)} | {len(bad)} | {rate:.1%} | {len(lost)} |")
    if unjudged:
        out.append(f"\n{len(unjudged)} supported sentences are not judged yet (see review.md).")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    from otsqa import offline
    from otsqa.settings import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["generate", "review", "table"])
    parser.add_argument("--collection", action="append", default=[], help="(generate) a collection; default: the held-out ones")
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    args = parser.parse_args(argv)
    settings = load_settings()
    offline.apply(settings)
    if args.step == "generate":
        print(generate(settings, args.collection))
    elif args.step == "review":
        print(review(settings))
    else:
        print(table(settings, args.judgements))
    return 0


if __name__ == "__main__":
    sys.exit(main())
