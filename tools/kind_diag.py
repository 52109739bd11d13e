"""Where the answers beyond single facts go wrong, in aggregate (issue 23): for every collection, the
kind each item asked for against the kind the assistant answered, and how often each measure failed.

Blind collections are reported in counts only, never item by item, so their questions stay unread:
    python -m tools.kind_diag            # every collection, seed included
    python -m tools.kind_diag --show interior   # item detail for a collection that is not blind
"""

from __future__ import annotations

import argparse
import re
from collections import Counter

from evals.collections import available, load_collections, seed_collection
from evals.dataset import load_items
from evals.kinds import judge, kind_of
from evals.runner import eval_settings, prepare
from otsqa.settings import load_settings


def _category(problem: str) -> str:
    """A problem without the item's words: its first few words, numbers dropped."""
    return re.sub(r"\d+%?", "#", problem.split(":")[0].split("(")[0]).strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="append", default=[], help="a non-blind collection to list item by item")
    args = parser.parse_args()
    from assistant.configs import build_assistant

    names = available()
    collections = [seed_collection(load_items())] + load_collections(names)
    settings = eval_settings(load_settings(), names)
    ready = prepare(settings, False, [c for c in collections if c.name != "seed"])
    assistant = build_assistant("grounded", ready.store, ready.embedder, ready.lexical, settings)
    assistant.ask("What is the Organization of Turkic States?")
    for c in collections:
        if not c.kind_items:
            continue
        routes: Counter = Counter()
        problems: Counter = Counter()
        met: Counter = Counter()
        total: Counter = Counter()
        for item in c.kind_items:
            answer = assistant.ask(item.question, list(item.history)).to_json()
            result = judge(item, answer, ready.article_texts)
            kind = kind_of(item)
            routes[(kind, answer.get("kind", "fact"))] += 1
            total[kind] += 1
            met[kind] += result.met
            for p in result.problems:
                problems[(kind, answer.get("kind", "fact") == kind, _category(p))] += 1
            if c.name in args.show and not c.blind:
                print(f"  {'ok ' if result.met else 'BAD'} {kind:>10}->{answer.get('kind'):<10} {item.question}")
                for p in result.problems:
                    print(f"        {p[:160]}")
        print(f"\n== {c.name} ({c.role}{', blind' if c.blind else ''})")
        for kind in sorted(total):
            routed = ", ".join(f"{got} {n}" for (want, got), n in sorted(routes.items()) if want == kind)
            print(f"  {kind:<11} met {met[kind]}/{total[kind]}   answered as: {routed}")
        for (kind, right, cat), n in sorted(problems.items()):
            print(f"    {kind:<11} {'routed right' if right else 'routed wrong':<13} {n:>3}  {cat}")


if __name__ == "__main__":
    main()
