"""`python -m tools.bench.generate`: time to the first generated token against the prompt's passage budget.

For each budget (tokens of numbered passages in the prompt) a few evaluation questions go through the
generative assistant's prompt builder and the local model (OTSQA_GENERATOR=llamacpp, `make llm`), with
llama.cpp's cache emptied first, so every figure includes reading the whole prompt (instructions too;
in use the instructions stay cached and the first token comes sooner). Medians; writes
evals/reports/bench-generate-<timestamp>/bench.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from otsqa import offline
from otsqa.settings import load_settings
from tools.bench.report import write_bench

QUESTIONS = [
    "What share of Uzbekistan's border is covered by video surveillance?",
    "Where was the 12th OTS summit held?",
    "What did Azerbaijan propose about joint military exercises?",
    "Which transport corridors link the Turkic states?",
    "From what earlier body did the OTS evolve?",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budgets", default="120,240,360,500,700", help="comma-separated passage budgets in tokens")
    parser.add_argument("--repeat", type=int, default=len(QUESTIONS), help="questions per budget")
    args = parser.parse_args(argv)
    settings = load_settings()
    offline.apply(settings)

    from assistant.configs import generative
    from assistant.generative import build_messages
    from assistant.llm import LlamaCppGenerator, make_generator
    from evals.runner import prepare

    ready = prepare(settings)
    generator = make_generator(settings, "llamacpp")
    assert isinstance(generator, LlamaCppGenerator)
    assistant = generative(ready.store, ready.embedder, ready.lexical, settings=settings, generator=generator)
    quoted = {q: assistant.quoted.ask(q) for q in QUESTIONS[: args.repeat]}
    rows = []
    for budget in [int(b) for b in args.budgets.split(",")]:
        assistant.budget_tokens = budget
        firsts, tokens, passages = [], [], []
        for question, answer in quoted.items():
            chosen = assistant.prompt_passages(answer)
            messages = build_messages(question, chosen)
            prompt_tokens = sum(generator.count_tokens(m["content"]) for m in messages)  # + a few of the chat template
            generator._llm.reset()  # read the whole prompt: no cached prefix
            started = time.perf_counter()
            for _ in generator.stream(messages):
                firsts.append((time.perf_counter() - started) * 1000)
                break
            tokens.append(prompt_tokens)
            passages.append(len(chosen))
        rows.append(
            {
                "budget_tokens": budget,
                "passages_median": statistics.median(passages),
                "prompt_tokens_median": statistics.median(tokens),
                "first_token_ms_median": round(statistics.median(firsts)),
                "first_token_ms_max": round(max(firsts)),
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    load = os.getloadavg()
    info = {"model": generator.model_id, "threads": settings.llm_threads or os.cpu_count(), "loadavg": load, "rows": rows}
    lines = [
        f"# Time to first token vs passage budget ({generator.model_id}, {info['threads']} threads, load {load[0]:.1f})",
        "",
        "| budget (tokens) | passages | prompt tokens | first token ms (median) | max |",
        "|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['budget_tokens']} | {r['passages_median']} | {r['prompt_tokens_median']} | {r['first_token_ms_median']} | "
        f"{r['first_token_ms_max']} |"
        for r in rows
    ]
    write_bench("generate", info, "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
