"""The sentence check's threshold fit, against hand-computed values."""

from __future__ import annotations

import pytest

from assistant.verify import similarity_threshold
from evals.calibrate_verify import best_cut
from otsqa.errors import ConfigError


def test_the_cut_maximises_balanced_accuracy_and_ties_go_higher():
    # cuts .55 .65 .725 .775 .85: balanced accuracy .667 .833 .667 .833 .667 → the higher of the two best
    cut, balanced = best_cut([0.9, 0.8, 0.7], [0.5, 0.6, 0.75])
    assert cut == pytest.approx(0.775) and balanced == pytest.approx(5 / 6)


def test_a_missing_threshold_file_names_the_command(tmp_path):
    with pytest.raises(ConfigError, match="evals.calibrate_verify"):
        similarity_threshold(tmp_path / "none.json")
    assert 0.3 < similarity_threshold() < 0.95  # the committed one
