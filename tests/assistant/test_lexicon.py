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
    assert lexicon.same_name["moscow"][:4] == ("russia", "russian", "moscow", "kremlin")
    assert {"росси", "rusya", "ресей"} <= set(lexicon.same_name["moscow"])  # and as the region's languages say it


def test_a_deployment_extends_the_lists_and_merges_name_groups(tmp_path):
    path = write(tmp_path, {"countries": ["Oman"], "name_groups": [["oman", "muscat"], ["turkey", "istanbul"]]})
    lexicon = load_lexicon(path)
    assert "oman" in lexicon.countries and "azerbaijan" in lexicon.countries  # added to, not replaced
    assert lexicon.same_name["muscat"] == ("oman", "muscat")
    # A group sharing a name with a bundled one joins it: each name has one group.
    assert set(lexicon.same_name["istanbul"]) == set(load_lexicon().same_name["türkiye"]) | {"istanbul"}
    assert lexicon.same_name["ankara"] == lexicon.same_name["istanbul"]


def test_an_extension_changes_what_counts_as_an_actor(tmp_path):
    question, text = "Who signed the maritime deal?", "Brunei signed the maritime deal with the ministry."
    assert holds_type("actor", question, text) is False  # not a country the bundled lexicon knows
    assert holds_type("actor", question, text, load_lexicon(write(tmp_path, {"countries": ["brunei"]}))) is True
    # Words that count the same things, added by a deployment ("vessels" are counted in "ships").
    question, text = "How many vessels were checked in Muscat?", "Inspectors checked 14 ships in Muscat."
    assert holds_type("number", question, text) is False
    (tmp_path / "more").mkdir()  # a file of its own: lexicons are read once per path
    extended = load_lexicon(write(tmp_path / "more", {"counted_alike": [["vessels", "ships", "boats"]]}))
    assert holds_type("number", question, text, extended) is True
    # Stages of an event, added by a deployment (a bill is tabled, then adopted), after the bundled families.
    (tmp_path / "stages").mkdir()
    staged = load_lexicon(write(tmp_path / "stages", {"event_stages": [[["tabled"], ["adopted", "passed"]]]}))
    assert staged.event_stages[-1] == (("tabled",), ("adopted", "passed"))
    assert staged.event_stages[:-1] == load_lexicon().event_stages


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{not json", "is not JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({"countries": "oman"}, "countries must be a list of words"),
        ({"countries": ["  "]}, "countries must be a list of words"),
        ({"name_groups": [["oman"]]}, "name_groups must be a list of lists of two or more words"),
        ({"counted_alike": [["ships"]]}, "counted_alike must be a list of lists of two or more words"),
        ({"event_stages": [[["signed", "signing"]]]}, "event_stages must be a list of families"),
        ({"event_stages": [["signed", "ratified"]]}, "event_stages must be a list of families"),
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


# Names from outside the seed articles: the answer-type checks must not depend on the four articles.
@pytest.mark.parametrize(
    ("kind", "question", "text", "expected"),
    [
        ("place", "Where did the ministers meet?", "The ministers met in Tbilisi last spring.", True),
        ("place", "Where did the ministers meet?", "The ministers met in Helsinki and then in Dubai.", True),
        ("place", "Where was the forum held?", "The forum was held in Nairobi.", True),
        ("place", "Where did the ministers meet?", "The ministers met Azerbaijani and Iraqi officials.", False),
        ("place", "Where did the ministers meet?", "The Turkic ministers welcomed the plan.", False),
        ("actor", "Who objected to the plan?", "The United States objected to the plan.", True),
        ("actor", "Who objected to the plan?", "Saudi Arabia objected to the plan.", True),
        ("actor", "Who objected to the plan?", "The United Kingdom’s envoy objected to the plan.", True),
        ("actor", "Who objected to the plan?", "Many objected to the plan.", False),
    ],
)
def test_answer_types_hold_for_names_the_seed_never_uses(kind, question, text, expected):
    assert holds_type(kind, question, text) is expected


def test_capitals_and_adjectives_name_their_country():
    same = load_lexicon().same_name
    assert "united states" in same["washington"] and "american" in same["washington"]
    assert same["ankara"] == same["turkish"]  # "Ankara's position" is Türkiye's
    assert "saudi arabia" in same["riyadh"]
