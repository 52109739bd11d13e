"""The grounded answerer's tuned numbers are one frozen `GroundedParams`, each field documented, and
the calibrated threshold loads into it."""

from __future__ import annotations

import ast
import dataclasses
import inspect

import pytest

from assistant.grounded import params as params_module
from assistant.grounded.params import GroundedParams


def test_the_params_are_frozen_and_replace_gives_a_changed_copy():
    params = GroundedParams()
    with pytest.raises(dataclasses.FrozenInstanceError):
        params.margin = 0.5  # type: ignore[misc]
    changed = dataclasses.replace(params, margin=0.5)
    assert changed.margin == 0.5 and params.margin == 0.12


def test_every_field_says_what_it_does():
    tree = ast.parse(inspect.getsource(params_module))
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "GroundedParams").body
    documented = {
        field.target.id
        for field, after in zip(body, body[1:])
        if isinstance(field, ast.AnnAssign)
        and isinstance(after, ast.Expr)
        and isinstance(after.value, ast.Constant)
        and isinstance(after.value.value, str)
    }
    assert documented == {f.name for f in dataclasses.fields(GroundedParams)}


@pytest.mark.parametrize("config", ["grounded", "grounded-no-rerank"])
def test_the_calibrated_threshold_loads_into_the_params(tmp_path, config):
    from assistant.configs import abstention_threshold, grounded, other_language_threshold
    from store.embedding import HashingEmbedder
    from store.lexical import LexicalIndex
    from store.memory import MemoryStore

    lexical = LexicalIndex(tmp_path / "bm25.sqlite3")
    assistant = grounded(MemoryStore(), HashingEmbedder(), lexical, rerank=config == "grounded")
    assert assistant.answerer.params == GroundedParams(
        threshold=abstention_threshold(config), other_language_threshold=other_language_threshold(config)
    )
    never = grounded(MemoryStore(), HashingEmbedder(), lexical, rerank=False, threshold=float("-inf"))
    assert never.answerer.params.threshold == float("-inf")


def test_each_embedding_model_has_its_own_threshold_and_a_missing_one_says_how_to_fit_it(tmp_path):
    import json

    from assistant.configs import abstention_threshold, calibration_key
    from otsqa.errors import ConfigError

    path = tmp_path / "calibration.json"
    path.write_text(json.dumps({"grounded": {"threshold": 0.66}, "grounded@e5": {"threshold": 0.9}}))
    assert calibration_key("grounded", "minilm") == "grounded" and calibration_key("grounded", "e5") == "grounded@e5"
    assert abstention_threshold("grounded", path) == 0.66
    assert abstention_threshold("grounded", path, model="e5") == 0.9
    path.write_text(json.dumps({"grounded": {"threshold": 0.66}}))
    with pytest.raises(ConfigError, match="OTSQA_EMBEDDING_MODEL=e5"):
        abstention_threshold("grounded", path, model="e5")
