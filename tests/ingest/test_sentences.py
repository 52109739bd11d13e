from ingest.sentences import split_sentences


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_sentence_ends_but_not_abbreviations_or_initials():
    text = "Dr. Aliyev met John F. Kennedy Jr. in the U.S. capital. It rained. “Really?” He left."
    assert sentences(text) == ["Dr. Aliyev met John F. Kennedy Jr. in the U.S. capital.", "It rained.", "“Really?”", "He left."]


def test_paragraph_breaks_end_sentences_and_offsets_are_exact():
    text = "A heading\n\nFirst sentence here. Second one (vol. 21, no. 35) ends.\nA list item"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "A heading",
        "First sentence here.",
        "Second one (vol. 21, no. 35) ends.",
        "A list item",
    ]


def test_lowercase_after_period_is_not_a_new_sentence():
    assert sentences("It cost $1.6 million. e.g. this continues. 42 percent followed.") == [
        "It cost $1.6 million. e.g. this continues.",
        "42 percent followed.",
    ]


def test_range_limits():
    text = "One. Two. Three."
    assert [text[s:e] for s, e in split_sentences(text, 5, 9)] == ["Two."]
