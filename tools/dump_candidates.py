"""Dump every candidate sentence of the tuning questions with its features and whether it is gold
evidence: the data a learned sentence scorer is fitted on (issue 21, point 6).

    python -m tools.dump_candidates --collection interior --out /tmp/cands.jsonl

Only tuning collections may be dumped: a held-out collection's questions must not reach the people who
tune. The cross-encoder reads every candidate here (at question time it reads the leaders only).
"""

from __future__ import annotations

import argparse
import json
import sys

from otsqa import offline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", action="append", default=[], help="a tuning collection (repeatable)")
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    offline.apply()
    from assistant.configs import build_assistant
    from assistant.followup import retrieval_query
    from assistant.grounded.question_types import expected_type, holds_type
    from evals.collections import load_collections, seed_collection
    from evals.dataset import load_items
    from evals.runner import gold_spans, prepare
    from otsqa.settings import load_settings

    settings = load_settings()
    cols = load_collections(args.collection)
    if any(c.held_out for c in cols):
        print("only tuning collections may be dumped", file=sys.stderr)
        return 2
    everything = [seed_collection(load_items()), *cols]
    ready = prepare(settings, False, cols)
    assistant = build_assistant("grounded", ready.store, ready.embedder, ready.lexical, settings)
    answerer = assistant.answerer.with_params(rerank_top=1000)
    scorer = answerer.scorer
    with open(args.out, "w") as out:
        for col in everything:
            for item in col.items:
                if assistant.route(item.question, "en") is not None:
                    continue
                query = retrieval_query(item.question, list(item.history))
                retrieval = assistant.retriever.retrieve(query, assistant.k)
                cands, _, _ = scorer.candidates(item.question, retrieval)
                spans = gold_spans(item, ready.article_texts)
                kind = expected_type(item.question)
                rows = []
                for rank, c in enumerate(cands):
                    source = c.passage.source.rsplit("/", 1)[-1]
                    gold = any(s.source == source and s.start >= 0 and c.start < s.end and s.start < c.end for s in spans)
                    rows.append(
                        {
                            "rank": rank,
                            "semantic": c.semantic,
                            "lexical": c.lexical,
                            "novelty": c.novelty,
                            "prior": c.prior,
                            "typed": c.typed,
                            "holds": bool(kind) and holds_type(kind, item.question, c.hit.text, answerer.lexicon),
                            "kind": kind,
                            "relevance": c.relevance,
                            "score": c.score - 0.5 * (c.relevance or 0.0),
                            "row": c.hit.text.count(":") == 1 and len(c.hit.text) < 90,
                            "words": len(c.hit.text.split()),
                            "passage_rank": c.passage.rank,
                            "doc": c.doc_id,
                            "gold": gold,
                            "text": c.hit.text[:200],
                        }
                    )
                record = {
                    "id": item.id,
                    "question": item.question,
                    "answerable": item.answerable,
                    "tags": list(item.tags),
                    "history": bool(item.history),
                    "candidates": rows,
                }
                out.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
