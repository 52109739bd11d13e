"""tools/measure_verify.py's table: the figures from recorded verdicts and a reader's judgements."""

from __future__ import annotations

import json

from tests.conftest import make_settings
from tools.measure_verify import key, table


def test_the_table_counts_supported_sentences_the_reader_rejects_and_correct_ones_lost(tmp_path):
    settings = make_settings(tmp_path)
    folder = tmp_path / "data" / "measure-verify"
    folder.mkdir(parents=True)
    rows = [  # (text, before, after, reader)
        ("a", "supported", "supported", "ok"),
        ("b", "supported", "unsupported", "reject"),  # caught by the new check
        ("c", "supported", "unsupported", "ok"),  # a correct sentence lost
        ("d", "supported", "supported", "reject"),  # still let through
        ("e", "unsupported", "unsupported", None),
    ]
    records = [{"key": key("x/1", t), "id": "x/1", "collection": "x", "text": t, "before": b, "after": a} for t, b, a, _ in rows]
    (folder / "sentences.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    judgements = tmp_path / "j.json"
    judgements.write_text(json.dumps({key("x/1", t): j for t, _, _, j in rows if j}))
    out = table(settings, judgements)
    assert "| before | 4 | 2 | 50.0% | 0 |" in out
    assert "| after | 2 | 1 | 50.0% | 1 |" in out
    assert "not judged" not in out
