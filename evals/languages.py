"""Questions in the region's languages (issue 24), measured per language, tuning and held out apart.

Three sets under evals/languages/: `qa.jsonl`, the seed's own questions translated into Turkish, Russian,
Azerbaijani, Kazakh and Uzbek (Latin and Cyrillic) — a tuning set, read and calibrated on (the threshold
of questions not in English comes from it, evals/calibrate.py); `tuning/`, Russian and Turkish articles
of our own with questions mostly in English about them (the other direction: a tuning collection, read
and tuned on, reported as "cross-language"); and `heldout/`, Russian and Turkish articles of our own with
questions in several languages, English included, written by a helper and read by nobody who tunes
(blind: only these aggregates are looked at).

All are answered by the multilingual configuration (`OTSQA_EMBEDDING_MODEL=e5`) from one store holding
the seed articles and both collections' ones; a question's language is its `lang:<code>` tag.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from evals.collections import load_collection
from evals.dataset import load_items
from otsqa.settings import Settings

LANGUAGES_DIR = Path(__file__).parent / "languages"
TUNING_PATH = LANGUAGES_DIR / "qa.jsonl"
HELD_OUT_DIR = LANGUAGES_DIR / "heldout"
CROSS_DIR = LANGUAGES_DIR / "tuning"
# The sets of a run, in the order a table's cells give them ("a / b / c").
ROLES = ("tuning", "cross-language", "held-out")
MODEL = "e5"  # the only embedding model that reads these languages (store/e5.py)
SHOWN = ("hit@5", "key_fact_recall", "gold_cited", "abstention_f1", "false_refusals")


def language_of(tags: list[str]) -> str:
    return next((t.split(":", 1)[1] for t in tags if t.startswith("lang:")), "en")


def article_language_of(tags: list[str]) -> str | None:
    """The language of the article a held-out question is about (its `article-lang:` tag), else None."""
    return next((t.split(":", 1)[1] for t in tags if t.startswith("article-lang:")), None)


def run_languages(settings: Settings, progress: bool | str = False) -> dict[str, Any]:
    """Every question of both sets answered once; per role, per language and pooled, the summary."""
    from assistant.configs import build_assistant
    from evals.runner import _result, aggregate, answer_all, prepare

    own = settings.model_copy(update={"embedding_model": MODEL})
    held_out = load_collection(HELD_OUT_DIR)
    cross = load_collection(CROSS_DIR)
    tuning = [replace(i, id=f"translated/{i.id}") for i in load_items(TUNING_PATH)]
    ready = prepare(own, progress is True, [held_out, cross])
    assistant = build_assistant("grounded", ready.store, ready.embedder, ready.lexical, own)
    out: dict[str, Any] = {"embedding_model": ready.info["embedding_model"], "articles": ready.info["articles"]}
    for role, items in (("tuning", tuning), ("cross-language", list(cross.items)), ("held-out", list(held_out.items))):
        answers = answer_all(assistant, items, progress, f"languages, {role}")
        rows = [_result(item, answer, "grounded", ready.article_texts) for item, answer in zip(items, answers)]
        languages = sorted({language_of(r.tags) for r in rows})
        out[role] = {
            "pooled": _summary(aggregate(rows, ci_samples=0), len(rows)),
            "languages": {
                lang: _summary(aggregate(chosen, ci_samples=0), len(chosen))
                for lang in languages
                if (chosen := [r for r in rows if language_of(r.tags) == lang])
            },
        }
        article_languages = sorted({lang for r in rows if (lang := article_language_of(r.tags))})
        if article_languages:  # the collections: Russian and Turkish articles
            out[role]["article_languages"] = {
                lang: _summary(aggregate(chosen, ci_samples=0), len(chosen))
                for lang in article_languages
                if (chosen := [r for r in rows if article_language_of(r.tags) == lang])
            }
    return out


def _summary(summary: dict[str, Any], questions: int) -> dict[str, Any]:
    return {"questions": questions} | {m: summary["metrics"].get(m) for m in SHOWN}


NAMES = {
    "en": "English",
    "tr": "Turkish",
    "az": "Azerbaijani",
    "uz": "Uzbek (Latin)",
    "ru": "Russian",
    "kk": "Kazakh",
    "uz-Cyrl": "Uzbek (Cyrillic)",
}


def _roles(result: dict[str, Any]) -> list[str]:
    return [r for r in ROLES if r in result]


def languages_table(result: dict[str, Any]) -> str:
    """Per language: each set's figure side by side (tuning / cross-language / held-out, those measured)."""
    roles = _roles(result)
    sets = " / ".join(roles)
    head = "| language | " + " | ".join(f"{m} {sets}" for m in SHOWN) + " | questions |"
    lines = [head, "|---|" + "---:|" * (len(SHOWN) + 1)]
    rows = [result[r]["languages"] for r in roles]
    for lang in sorted(set().union(*rows), key=lambda c: list(NAMES).index(c) if c in NAMES else 99):
        got = [row.get(lang, {}) for row in rows]
        cells = [" / ".join(_cell(g.get(m)) for g in got) for m in SHOWN]
        counts = " / ".join(str(g.get("questions", 0)) for g in got)
        lines.append(f"| {NAMES.get(lang, lang)} | " + " | ".join(cells) + f" | {counts} |")
    pooled = [result[r]["pooled"] for r in roles]
    cells = ["**" + " / ".join(_cell(p.get(m)) for p in pooled) + "**" for m in SHOWN]
    lines.append("| **all** | " + " | ".join(cells) + " | " + " / ".join(str(p["questions"]) for p in pooled) + " |")
    return "\n".join(lines)


def article_languages_table(result: dict[str, Any]) -> str:
    """Per language of the article asked about, each collection's figure ("a / b" when both tag their
    questions; "" when none does)."""
    roles = [r for r in _roles(result) if result[r].get("article_languages")]
    if not roles:
        return ""
    rows = [result[r]["article_languages"] for r in roles]
    head = "| article language" + (f" ({' / '.join(roles)})" if len(roles) > 1 else "") + " | "
    lines = [head + " | ".join(SHOWN) + " | questions |", "|---|" + "---:|" * (len(SHOWN) + 1)]
    for lang in dict.fromkeys(lang for row in rows for lang in row):
        got = [row.get(lang, {}) for row in rows]
        cells = [" / ".join(_cell(g.get(m)) for g in got) for m in SHOWN]
        counts = " / ".join(str(g.get("questions", 0)) for g in got)
        lines.append(f"| {NAMES.get(lang, lang)} | " + " | ".join(cells) + f" | {counts} |")
    return "\n".join(lines)


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def check_language_gate(result: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    """The held-out pooled figure against `language_floors` in evals/baseline.json, and the cross-language
    tuning set's against `cross_language_floors` (when both are there); false_refusals is a ceiling, the
    allowed drop is the baseline's."""
    drop = baseline.get("allowed_drop", 0.0)
    failures: list[str] = []
    checked = [("", baseline.get("language_floors", {}), result["held-out"]["pooled"])]
    if (cross := baseline.get("cross_language_floors")) and "cross-language" in result:
        checked.append(("cross-language ", cross, result["cross-language"]["pooled"]))
    for label, floors, figures in checked:
        for metric, bound in floors.items():
            value = figures.get(metric)
            if value is None:
                failures.append(f"{label}{metric} not measured")
            elif metric == "false_refusals" and value > bound + drop:
                failures.append(f"{label}{metric} {value:.3f} above the ceiling {bound} (+{drop})")
            elif metric != "false_refusals" and value < bound - drop:
                failures.append(f"{label}{metric} {value:.3f} below the floor {bound} (-{drop})")
    floors = baseline.get("language_floors", {})
    return {"passed": not failures, "failures": failures, "floors": floors, "cross_language_floors": cross or {}}


def write_report(result: dict[str, Any], out: Path, gate: dict[str, Any] | None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    verdict = ""
    if gate is not None:
        verdict = "**Gate passed** (evals/baseline.json: language_floors on held-out pooled, cross_language_floors).\n\n"
        if not gate["passed"]:
            verdict = "**Gate FAILED**: " + "; ".join(gate["failures"]) + "\n\n"
    text = (
        "# Questions in the region's languages\n\n"
        + verdict
        + f"Embedding model `{result['embedding_model']}`, {result['articles']} articles (the seed's and the Russian "
        "and Turkish ones of both collections). Tuning: the seed's questions translated (evals/languages/qa.jsonl); "
        "cross-language: evals/languages/tuning (tuning, mostly English questions about Russian and Turkish articles); "
        "held-out: evals/languages/heldout (blind). Each cell: "
        + " / ".join(_roles(result))
        + ".\n\n"
        + languages_table(result)
        + "\n"
    )
    if by_article := article_languages_table(result):
        text += "\nBy the language of the article asked about:\n\n" + by_article + "\n"
    for name, content in (("languages.json", json.dumps(result | {"gate": gate}, indent=1)), ("languages.md", text)):
        partial = out / f".{name}.tmp"
        partial.write_text(content, encoding="utf-8")
        os.replace(partial, out / name)
    return out / "languages.md"
