"""tools/sweep_params.py: a variant's text read into GroundedParams fields, and a wrong field refused."""

import pytest

from assistant.grounded import GroundedParams
from tools.sweep_params import parse_variant


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("base:", ("base", {})),
        ("wide:max_sentences=3,margin=0.2", ("wide", {"max_sentences": 3, "margin": 0.2})),
        (":rerank_top=10", ("variant", {"rerank_top": 10})),
    ],
)
def test_a_variant_names_fields_with_their_types(spec, expected):
    name, changes = parse_variant(spec)
    assert (name, changes) == expected
    for field, value in changes.items():
        assert type(value) is type(getattr(GroundedParams(), field))


def test_a_field_the_parameters_do_not_have_is_refused_with_where_to_look():
    with pytest.raises(SystemExit, match="params.py"):
        parse_variant("x:no_such_weight=1")
