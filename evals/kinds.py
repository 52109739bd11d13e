"""Questions beyond single facts, each kind with a measure that fits it (issue 23, point 8).

A collection's `kinds.jsonl` (the seed's: evals/data/kinds.jsonl) holds items in the evaluation set's
format, tagged with their kind (``kind:collection``, ``kind:summary``, ``kind:comparison`` or
``kind:timeline``). They are kept apart from `qa.jsonl`: the single-fact figures and their floors stay
comparable from run to run, and each kind is judged by its own rule rather than by passage ranks:

- **collection** (the list of articles, an author, a date, an author's articles): every key fact in
  the answer, exactly — it comes from the metadata or it is wrong;
- **summary**: every citation from an article the item names (its evidence), at least three of them,
  and at least half of the key facts (the article's main points) in the answer;
- **comparison**: each article the item names (one evidence span per article that treats the topic)
  cited, and at least half of the key facts (their positions);
- **timeline**: the answer's dated lines in chronological order, and at least half of the key facts
  (the key events' dates).

Every kind also needs an answer (no abstention) whose quotes are the article text at their offsets. An
unanswerable item (a collection question about an author an article does not credit, an article that
is not there) is met by an answer that says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals import metrics as M
from evals.dataset import Item
from otsqa.dates import find_dates

KINDS = ("collection", "summary", "comparison", "timeline")
FILE = "kinds.jsonl"
HALF = 0.5  # the share of key facts a summary, comparison or timeline must hold


def kind_of(item: Item) -> str:
    """The item's kind from its ``kind:`` tag ("" for a single-fact item)."""
    for tag in item.tags:
        if tag.startswith("kind:") and tag[5:] in KINDS:
            return tag[5:]
    return ""


@dataclass
class KindResult:
    id: str
    kind: str
    met: bool
    problems: list[str] = field(default_factory=list)
    total_ms: float = 0.0
    answered_as: str = ""  # the kind the assistant read the question as (the Answer JSON's `kind`)


def judge(item: Item, answer: dict[str, Any], article_texts: dict[str, str]) -> KindResult:
    """Whether ``answer`` (the Answer JSON) meets ``item``'s kind's measure, and what it missed."""
    kind = kind_of(item)
    problems: list[str] = []
    cited = answer["citations"]
    if not item.answerable:
        # "Who wrote the FAQ?" when it credits no one, "When was the report on Arctic shipping published?":
        # met by saying so (an abstention, "No article matches …", "… names no author", "… gives no date").
        if not (answer["abstained"] or _declines(answer["answer"])):
            problems.append("answered though the articles do not say")
        return KindResult(
            item.id, kind, not problems, problems, float(answer.get("timings_ms", {}).get("total", 0.0)), answer.get("kind", "")
        )
    if answer["abstained"]:
        problems.append("abstained")
    for c in cited:
        if article_texts.get(Path(c["source"]).name, "")[c["start"] : c["end"]] != c["quote"]:
            problems.append(f"quote [{c['n']}] is not the article text at its offsets")
    facts = [(f.text, f.aliases) for f in item.key_facts]
    held = [M.fact_present(answer["answer"], text, aliases) for text, aliases in facts]
    share = sum(held) / len(held) if held else 1.0
    missing = [f.text for f, ok in zip(item.key_facts, held) if not ok]
    sources = {Path(c["source"]).name for c in cited}
    named = {e.source for e in item.evidence}
    if kind == "collection":
        if missing:
            problems.append("missing: " + "; ".join(missing))
    else:
        if share < HALF:
            problems.append(f"{share:.0%} of the key facts (missing: {'; '.join(missing)})")
        if kind == "summary":
            if strays := sorted(sources - named):
                problems.append("cites articles the summary is not about: " + ", ".join(strays))
            if len(cited) < 3:
                problems.append(f"{len(cited)} citations (at least 3)")
        elif kind == "comparison":
            if absent := sorted(named - sources):
                problems.append("does not cite: " + ", ".join(absent))
        elif kind == "timeline":
            if not in_order(answer["answer"]):
                problems.append("dated lines out of order")
    return KindResult(
        item.id, kind, not problems, problems, float(answer.get("timings_ms", {}).get("total", 0.0)), answer.get("kind", "")
    )


_DECLINES = re.compile(r"^No article (?:matches|is by|says)\b|\bnames no (?:author|outlet)\b|\bgives no (?:publication )?date\b")


def _declines(text: str) -> bool:
    """Whether an answer says the records or the articles lack what was asked."""
    return bool(_DECLINES.search(text))


def in_order(text: str) -> bool:
    """Whether the first date of each line that starts with one never goes back in time."""
    keys = []
    for line in text.splitlines():
        found = find_dates(line[:40], bare_years=True)
        if found and found[0].start == 0 and found[0].year:
            keys.append(found[0].key())
    return all(a <= b for a, b in zip(keys, keys[1:]))


# A problem's category, from the start of its wording in `judge`. Categories (never the items' words)
# are what a blind collection's report may show: they say where its kinds fail without revealing them.
PROBLEM_CATEGORIES = (
    ("abstained", "abstained"),
    ("quote [", "quote not at its offsets"),
    ("missing: ", "metadata wrong or missing"),
    ("cites articles", "cites another article"),
    ("does not cite", "misses an article"),
    ("dated lines", "out of order"),
    ("answered though", "answered though unanswerable"),
)


def problem_category(problem: str) -> str:
    """The category of one of `judge`'s problems ("too few key facts" for a share, …)."""
    for start, category in PROBLEM_CATEGORIES:
        if problem.startswith(start):
            return category
    return "too few key facts" if "% of the key facts" in problem else "too few citations"


def summarise(results: Sequence[KindResult]) -> dict[str, dict[str, Any]]:
    """Per kind: the share that met its measure, how many, the latency percentiles, and how many items
    had each category of problem."""
    out = {}
    for kind in KINDS:
        rows = [r for r in results if r.kind == kind]
        if rows:
            times = [r.total_ms for r in rows]
            problems: dict[str, int] = {}
            for r in rows:
                categories = {problem_category(p) for p in r.problems}
                if r.problems and r.answered_as and r.answered_as != kind:
                    categories.add(f"read as {r.answered_as}")  # the router's share of the failure
                for category in sorted(categories):
                    problems[category] = problems.get(category, 0) + 1
            out[kind] = {
                "met": sum(r.met for r in rows) / len(rows),
                "n": len(rows),
                "p50_ms": M.percentile(times, 50),
                "p95_ms": M.percentile(times, 95),
                "problems": problems,
            }
    return out
