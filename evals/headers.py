"""How well ingest reads an article's header: its title, author(s), date and publication, on made-up
articles in many real-world header shapes (evals/headers/<set>/articles, expected.jsonl).

Five sets, written by helpers who saw neither the code nor each other's files: `tuning` to `tuning4` (read
item by item while the header reader was improved; the second asked for the messiest headers copy-paste, PDF
conversion and archives produce, the third for web-page, CMS, archive, PDF and e-mail shapes, the fourth to
the first set's brief again) and `blind` (never read: only its figures are looked at). The collection questions
("Who wrote …?", "Which outlet ran …?") are only as right as these fields.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ingest.clean import clean_article
from ingest.loaders import load

HEADERS_DIR = Path(__file__).parent / "headers"
SETS = ("tuning", "tuning2", "tuning3", "tuning4", "blind")
FIELDS = ("title", "author", "date", "publication")


@dataclass(frozen=True)
class HeaderScore:
    name: str
    items: int
    right: dict[str, int]  # field -> articles whose field was read exactly (case and spacing aside)

    def share(self, field: str) -> float:
        return self.right[field] / self.items if self.items else 0.0


def _same(got: str, want: str) -> bool:
    def norm(text: str) -> str:
        return " ".join((text or "").replace("’", "'").split()).strip(" .,").casefold()

    return norm(got) == norm(want)


def score_set(folder: Path) -> HeaderScore:
    """Every article of ``folder`` cleaned as ingest cleans it, each field compared with expected.jsonl."""
    right = dict.fromkeys(FIELDS, 0)
    items = 0
    for line in (folder / "expected.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        expected = json.loads(line)
        path = folder / "articles" / expected["file"]
        loaded = load(path, path.read_bytes())
        article = clean_article(loaded.text, loaded.hints)
        items += 1
        for field in FIELDS:
            right[field] += _same(getattr(article, field), expected.get(field, ""))
    return HeaderScore(folder.name, items, right)


def run_headers(root: Path = HEADERS_DIR) -> list[HeaderScore]:
    return [score_set(root / name) for name in SETS if (root / name / "expected.jsonl").exists()]


def headers_table(scores: list[HeaderScore]) -> str:
    head = "| set | articles | " + " | ".join(FIELDS) + " |"
    rows = [head, "|---|---:|" + "---:|" * len(FIELDS)]
    for s in scores:
        rows.append(f"| {s.name} | {s.items} | " + " | ".join(f"{s.share(f):.2f} ({s.right[f]})" for f in FIELDS) + " |")
    return "\n".join(rows)


def check_header_gate(scores: list[HeaderScore], floors: dict[str, dict[str, float]]) -> list[str]:
    """The fields of each set read right less often than their floor (``{set: {field: share}}``)."""
    return [
        f"{s.name} {field}: {s.share(field):.2f} < {floor:.2f}"
        for s in scores
        for field, floor in floors.get(s.name, {}).items()
        if s.share(field) < floor
    ]


__all__ = ["HeaderScore", "check_header_gate", "headers_table", "run_headers", "score_set"]
