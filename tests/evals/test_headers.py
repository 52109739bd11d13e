"""`otsqa evals headers`: the header sets scored as ingest reads them, and the gate on their floors."""

from __future__ import annotations

import json
from pathlib import Path

from evals.headers import check_header_gate, score_set
from tests.helpers import otsqa


def test_a_set_is_scored_field_by_field(tmp_path):
    folder = tmp_path / "mini"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.txt").write_text(
        "Port guards seek a shared register\nBy Layla Haddad\n3 March 2025\n\n"
        "The ministers of the Gulf states met in Riyadh to agree on a shared register of port calls.",
        encoding="utf-8",
    )
    right = {"title": "Port guards seek a shared register", "author": "Layla Haddad", "date": "2025-03-03", "publication": ""}
    wrong = {"title": "Another title", "author": "Omar Saleh", "date": "2025-03-04", "publication": "Gulf Dispatch"}
    rows = [{"file": "a.txt"} | right, {"file": "a.txt"} | wrong]
    (folder / "expected.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    score = score_set(folder)
    assert score.items == 2
    assert score.right == {"title": 1, "author": 1, "date": 1, "publication": 1}  # "" matches "" once
    assert check_header_gate([score], {"mini": {"title": 0.5, "author": 0.6}}) == ["mini author: 0.50 < 0.60"]


def test_the_command_reports_both_sets_and_gates_them(tmp_path):
    done = otsqa("evals", "headers", "--json", "--gate", env_extra={"OTSQA_DATA_DIR": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    assert set(figures) == {"tuning", "tuning2", "tuning3", "tuning4", "blind"} and figures["tuning"]["articles"] >= 24
    assert all(0.0 <= figures[s][f] <= 1.0 for s in figures for f in ("title", "author", "date", "publication"))
    floors = tmp_path / "floors.json"
    baseline = json.loads((Path(__file__).parents[2] / "evals" / "baseline.json").read_text())
    baseline["header_floors"] = {"tuning": {"title": 1.01}}
    floors.write_text(json.dumps(baseline))
    failed = otsqa("evals", "headers", "--gate", "--baseline", str(floors), env_extra={"OTSQA_DATA_DIR": str(tmp_path)})
    assert failed.returncode == 1 and "tuning title" in failed.stderr
