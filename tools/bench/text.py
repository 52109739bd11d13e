"""`python -m tools.bench.text [--tree PATH]`: the micro-benchmark of the date reader and the sentence
splitter (issue 24), in CPU time per sentence, best of several rounds.

`find_dates` over every sentence of the cleaned seed corpus, over those holding a digit, and over the
Russian and Turkish sentences of tests/assistant/test_timelines_languages.py; `split_sentences` over the
seed's articles. ``--tree`` measures another checkout's `otsqa` (e.g. main's, unpacked with
`git archive main | tar -x -C /tmp/main`) with this script, so two trees are compared on one machine:
run both a few times and take the best of each (the machines are shared)."""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", type=Path, help="a checkout whose otsqa/ and ingest/ to measure (default: this one)")
    parser.add_argument("--rounds", type=int, default=15)
    corpus = os.environ.get("OTSQA_CORPUS_DIR", HERE.parent / "shared" / "corpus")
    parser.add_argument("--corpus", type=Path, default=Path(corpus), help="the seed corpus (default: OTSQA_CORPUS_DIR)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree or HERE))
    from ingest.clean import clean_article
    from ingest.loaders import load, read_file
    from otsqa.dates import find_dates
    from otsqa.text import split_sentences

    texts = []
    for path in sorted(p for p in args.corpus.iterdir() if p.is_file()):
        loaded = load(path, read_file(path))
        texts.append(clean_article(loaded.text, loaded.hints).text)
    sentences = [t[s:e] for t in texts for s, e in split_sentences(t)]
    # The two made-up articles of the timeline test (read from this checkout, whatever --tree is).
    spec = importlib.util.spec_from_file_location("texts", HERE / "tests/assistant/test_timelines_languages.py")
    texts_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(texts_module)
    region = [x.strip() for a in (texts_module.RUSSIAN, texts_module.TURKISH) for x in re.split(r"(?<=[.!?])\s+|\n\n", a)]
    groups = {
        "seed": sentences,
        "seed_with_digit": [s for s in sentences if re.search(r"\d", s)],
        "ru_tr": [r for r in region if r],
    }
    find_dates("7 October 2025, 16 марта 2026 года")  # load the data and compile the patterns

    def best(fn) -> float:
        times = []
        for _ in range(args.rounds):
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        return min(times)

    out: dict[str, float | int] = {}
    for name, group in groups.items():
        out[f"find_dates_{name}_us"] = round(best(lambda g=group: [find_dates(s) for s in g]) / len(group) * 1e6, 1)
        out[f"{name}_sentences"] = len(group)
        out[f"{name}_dates"] = sum(len(find_dates(s)) for s in group)
    out["split_sentences_seed_ms"] = round(best(lambda: [split_sentences(t) for t in texts]) * 1e3, 2)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
