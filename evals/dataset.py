"""The evaluation set: loading and validating `evals/data/qa.jsonl`.

Each line is one question with gold labels (see docs/evaluation.md). A malformed line is an error naming the
file, the line and the field, and a file with no questions at all is one naming the file; both are
raised before any time is spent answering.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from otsqa.errors import DatasetError

DEFAULT_PATH = Path(__file__).parent / "data" / "qa.jsonl"


@dataclass(frozen=True)
class KeyFact:
    text: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    source: str  # the article's file name
    span: str  # exact text of the cleaned article
    # Another statement of a fact an earlier span already gives (a second article, a summary bullet):
    # it makes a passage relevant (hit, MRR, citation precision) but is not one more span to recall.
    alternative: bool = False


@dataclass(frozen=True)
class Item:
    id: str
    question: str
    answerable: bool
    reference_answer: str
    history: tuple[dict, ...] = ()
    key_facts: tuple[KeyFact, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    tags: tuple[str, ...] = field(default=())


_FIELDS = {
    "id": str,
    "question": str,
    "history": list,
    "answerable": bool,
    "reference_answer": str,
    "key_facts": list,
    "evidence": list,
    "tags": list,
}


def load_items(path: Path = DEFAULT_PATH) -> list[Item]:
    items: list[Item] = []
    seen: set[str] = set()
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DatasetError(f"Cannot read the evaluation set {path}: {getattr(exc, 'strerror', None) or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(data, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        for name, kind in _FIELDS.items():
            if name not in data:
                raise DatasetError(f"{where}: field '{name}' is missing")
            if not isinstance(data[name], kind):
                raise DatasetError(f"{where}: field '{name}' must be {kind.__name__}")
        if data["id"] in seen:
            raise DatasetError(f"{where}: field 'id' repeats {data['id']!r}")
        seen.add(data["id"])
        if not data["question"].strip():
            raise DatasetError(f"{where}: field 'question' is empty")
        try:
            history = tuple({"question": str(t["question"]), "answer": str(t["answer"])} for t in data["history"])
            facts = tuple(KeyFact(f["text"], tuple(f.get("aliases", []))) for f in data["key_facts"])
            if any(
                not isinstance(f.text, str)
                or not all(isinstance(a, str) for a in f.aliases)
                or not isinstance(dict(data["key_facts"][i]).get("aliases", []), list)
                for i, f in enumerate(facts)
            ):
                raise TypeError("key_facts need a text and a list of aliases")
            evidence = tuple(Evidence(e["source"], e["span"], e.get("alternative", False)) for e in data["evidence"])
            if not all(isinstance(e.alternative, bool) for e in evidence):
                raise TypeError("evidence 'alternative' must be true or false")
        except (KeyError, TypeError) as exc:
            raise DatasetError(f"{where}: malformed entry in 'history', 'key_facts' or 'evidence' ({exc})") from None
        if data["answerable"] and not evidence:
            raise DatasetError(f"{where}: field 'evidence' is empty for an answerable question")
        items.append(
            Item(
                data["id"],
                data["question"],
                data["answerable"],
                data["reference_answer"],
                history,
                facts,
                evidence,
                tuple(data["tags"]),
            )
        )
    if not items:
        # Else a run scores nothing and writes an all-zero report that looks like a result.
        raise DatasetError(f"The evaluation set {path} has no questions: write one JSON object per line (as in {DEFAULT_PATH})")
    return items
