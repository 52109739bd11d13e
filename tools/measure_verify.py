"""`python -m tools.measure_verify`: the sentence check before and after issue 21 (point 5), on the same
generated sentences.

    python -m tools.measure_verify generate [--collection NAME ...]   # the local model answers (slow)
    python -m tools.measure_verify review                             # both checks; a file to judge by hand
    python -m tools.measure_verify table                              # the figures, with the judgements
    python -m tools.measure_verify corrupt                            # accepted sentences made wrong

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

`corrupt` makes wrong versions of each sentence the reader accepted, mechanically, from its own cited
passages (a number word added; a number, or a date, swapped for one that another sentence of the
passages gives) and counts how many of each kind either check still marks supported.
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


def _folder(settings, name: str = "measure-verify") -> Path:
    folder = Path(settings.data_dir) / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def generate(settings, names: list[str], name: str = "measure-verify") -> Path:
    from tqdm import tqdm

    from assistant.configs import generative
    from assistant.quoting import ArticleTexts
    from assistant.verify import Verifier
    from evals.collections import SEED, load_collections, seed_collection
    from evals.dataset import DEFAULT_PATH, load_items
    from evals.runner import prepare

    every = load_collections(["all"])
    wanted = [c for c in every if (c.name in names if names else c.held_out)]
    if SEED in names:
        wanted.insert(0, seed_collection(load_items(DEFAULT_PATH)))
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
    out = _folder(settings, name) / "generated.jsonl"
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


def review(settings, name: str = "measure-verify") -> Path:
    from assistant.answer import Passage
    from assistant.verify import Sentence, Verifier
    from store.embedding import make_embedder

    folder = _folder(settings, name)
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


NUMBER_WORD = "seven"  # the number word `corrupt` adds: above the "the two countries" allowance (2-6)


def corruptions(text: str, passages: list[str]) -> dict[str, str]:
    """Wrong versions of a sentence a reader accepted, made mechanically from its cited passages:
    `number_word_added` (a count the passages do not give: "the seven ministers"), `number_moved` (a
    number or percentage of the sentence replaced by one that another sentence of the passages gives),
    `date_moved` (a date or year replaced by another one of the passages). A kind that cannot be made
    for the sentence is left out."""
    import re

    from assistant.quantities import quantities
    from otsqa.text import split_sentences

    out: dict[str, str] = {}
    evidence = " ".join(passages)
    plural = re.search(r"\b(the|its|their)\s+([a-z]{3,}s)\b", text)
    if plural and not re.search(rf"\b(?:{NUMBER_WORD}|7)\b", evidence, re.I):
        out["number_word_added"] = text[: plural.end(1)] + f" {NUMBER_WORD} " + text[plural.start(2) :]
    own = quantities(text)
    others = [
        (q, sentence)
        for passage in passages
        for a, b in split_sentences(passage)
        for sentence in [passage[a:b]]
        for q in quantities(sentence)
    ]
    for kind, kinds in (("number_moved", ("number", "percent")), ("date_moved", ("date", "year", "month"))):
        for q in (q for q in own if q.kind in kinds):
            if kind == "date_moved" and q.kind == "year" and any(d.kind in ("date", "month") and d.start == q.start for d in own):
                continue  # a date's year goes with the date
            # another value of the same kind, from a passage sentence that does not give this one
            swap = [
                o
                for o, sentence in others
                if o.kind == q.kind and not o.matches(q) and not any(q.matches(x) for x in quantities(sentence))
            ]
            if swap:
                out[kind] = text[: q.start] + swap[0].text + text[q.end :]
                break
    return out


def corrupt(settings, judgements_path: Path = JUDGEMENTS) -> str:
    """Each kind of corruption of every sentence the reader accepted, checked before and after: how many
    of each kind each check still marks supported (every one of them is wrong), beside the accepted
    sentences themselves."""
    from assistant.answer import Passage
    from assistant.verify import Sentence, Verifier
    from store.embedding import make_embedder

    folder = _folder(settings)
    data = json.loads(judgements_path.read_text(encoding="utf-8"))
    judged = {k: v["verdict"] if isinstance(v, dict) else v for k, v in data.get("sentences", data).items()}
    rows = [json.loads(line) for line in (folder / "generated.jsonl").read_text(encoding="utf-8").splitlines() if line]
    articles = json.loads((folder / "articles.json").read_text(encoding="utf-8"))
    embedder = make_embedder()
    checks = {
        "before": Verifier(embedder.embed, articles.__getitem__, quantities=False),
        "after": Verifier(embedder.embed, articles.__getitem__),
    }
    counts: dict[str, dict[str, int]] = {}
    seen = set()
    for row in rows:
        for call in row["calls"]:
            passages = [Passage(**p) for p in call["passages"]]
            for s in call["sentences"]:
                k = key(row["id"], s["text"])
                if judged.get(k) != "ok" or k in seen:
                    continue
                seen.add(k)
                cited = [passages[c - 1].text for c in s["citations"] if 1 <= c <= len(passages)]
                versions = {"faithful (reader: ok)": s["text"]} | corruptions(s["text"], cited)
                for kind, text in versions.items():
                    row_counts = counts.setdefault(kind, {"n": 0, "before": 0, "after": 0})
                    row_counts["n"] += 1
                    for name, verifier in checks.items():
                        (result,) = verifier.verify([Sentence(text, list(s["citations"]))], passages, call["question"])
                        row_counts[name] += result.supported
    lines = [
        "| sentences | n | marked supported before | after |",
        "|---|---|---|---|",
    ]
    for kind, c in counts.items():
        lines.append(
            f"| {kind} | {c['n']} | {c['before']} ({c['before'] / c['n']:.0%}) | {c['after']} ({c['after'] / c['n']:.0%}) |"
        )
    return "\n".join(lines)


def table(settings, judgements_path: Path = JUDGEMENTS, name: str = "measure-verify") -> str:
    folder = _folder(settings, name)
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
    parser.add_argument("step", choices=["generate", "review", "table", "corrupt"])
    parser.add_argument(
        "--collection",
        action="append",
        default=[],
        help="(generate) a collection ('seed': the seed set); default: the held-out ones",
    )
    parser.add_argument("--judgements", type=Path, default=JUDGEMENTS)
    parser.add_argument("--folder", default="measure-verify", help="where under the data dir the run is kept")
    args = parser.parse_args(argv)
    settings = load_settings()
    offline.apply(settings)
    if args.step == "generate":
        print(generate(settings, args.collection, args.folder))
    elif args.step == "review":
        print(review(settings, args.folder))
    elif args.step == "corrupt":
        print(corrupt(settings, args.judgements))
    else:
        print(table(settings, args.judgements, args.folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
