"""`python -m tools.check_collection`: evidence spans checked against the cleaned articles."""

from __future__ import annotations

import pytest

from tests.evals.test_collections import ITEMS, question, write_collection
from tools.check_collection import main


@pytest.mark.slow
def test_spans_are_checked_against_the_cleaned_text_and_the_text_can_be_shown(tmp_path, capsys):
    # The byline is cleaned out of the body (it becomes the author), so a span quoting it is not found.
    off = question("t3", "Who wrote it?", True, "By Test Writer\n\nThe police academies", ("Test Writer",))
    folder = write_collection(tmp_path, "academies", [*ITEMS, off])
    assert main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "t3: span not in the cleaned test_academies.txt" in out and "closest:" in out
    assert "t1:" not in out  # the good span passes
    assert "1 article(s); 1 problem(s)." in out
    assert main([str(folder), "--show", "test_academies.txt"]) == 0
    shown = capsys.readouterr().out
    assert "The first group of twelve cadets will travel to Almaty in April." in shown
    assert main([str(folder), "--show", "nope.txt"]) == 2
