"""The grounded answerer's world knowledge is data (assistant/lexicon.json) that a deployment extends."""

from __future__ import annotations

import json

import pytest

from assistant.grounded import holds_type
from assistant.lexicon import load_lexicon
from otsqa.errors import ConfigError


def write(tmp_path, data) -> object:
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_the_bundled_lexicon_holds_what_the_answerer_used_to_hard_code():
    lexicon = load_lexicon()
    assert {"azerbaijan", "türkiye", "turkey", "kazakhstan", "russia"} <= lexicon.countries
    assert "service" in lexicon.organisation_heads and "summit" in lexicon.institutional
    assert lexicon.same_name["ankara"] == lexicon.same_name["türkiye"]
    assert lexicon.same_name["moscow"] == ("russia", "russian", "moscow", "kremlin")


def test_a_deployment_extends_the_lists_and_merges_name_groups(tmp_path):
    path = write(tmp_path, {"countries": ["Oman"], "name_groups": [["oman", "muscat"], ["turkey", "istanbul"]]})
    lexicon = load_lexicon(path)
    assert "oman" in lexicon.countries and "azerbaijan" in lexicon.countries  # added to, not replaced
    assert lexicon.same_name["muscat"] == ("oman", "muscat")
    # A group sharing a name with a bundled one joins it: each name has one group.
    assert set(lexicon.same_name["istanbul"]) == {"türkiye", "turkey", "turkiye", "turkish", "ankara", "istanbul"}
    assert lexicon.same_name["ankara"] == lexicon.same_name["istanbul"]


def test_an_extension_changes_what_counts_as_an_actor(tmp_path):
    question, text = "Who signed the maritime deal?", "Oman signed the maritime deal with the ministry."
    assert holds_type("actor", question, text) is False  # not a country the bundled lexicon knows
    assert holds_type("actor", question, text, load_lexicon(write(tmp_path, {"countries": ["oman"]}))) is True


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({"countries": "oman"}, "countries must be a list of words"),
        ({"countries": ["  "]}, "countries must be a list of words"),
        ({"name_groups": [["oman"]]}, "two or more names"),
        ({"capitals": ["muscat"]}, "unknown keys capitals"),
    ],
)
def test_a_bad_extension_is_refused_naming_the_file(tmp_path, content, fragment):
    path = write(tmp_path, content)
    with pytest.raises(ConfigError, match=fragment) as caught:
        load_lexicon(path)
    assert str(path) in str(caught.value)
    with pytest.raises(ConfigError, match="Cannot read the lexicon"):
        load_lexicon(tmp_path / "missing.json")


def test_the_setting_reaches_the_grounded_answerer(tmp_path):
    from assistant.configs import grounded
    from store.embedding import HashingEmbedder
    from store.lexical import LexicalIndex
    from store.memory import MemoryStore
    from tests.conftest import make_settings

    settings = make_settings(tmp_path, lexicon_path=str(write(tmp_path, {"countries": ["oman"]})))
    lexical = LexicalIndex(tmp_path / "bm25.sqlite3")
    assistant = grounded(MemoryStore(), HashingEmbedder(), lexical, rerank=False, settings=settings)
    assert "oman" in assistant.answerer.lexicon.countries
