"""Quantities in generated sentences are checked as strictly as quotes (issue 21, point 5): each one must
be given by a sentence of the cited passage about the same subject (and year). The passages are made up
for the test, with invented names, in the shapes the articles use."""

from __future__ import annotations

import pytest

from assistant.answer import Passage
from assistant.quantities import check, quantities
from assistant.verify import SUPPORTED, UNSUPPORTED, Verifier, split_answer

NO_COUNT = "Altan Aero will hand over Kestrel K2 drones to the Norvanian army next spring. The deal was signed in Velmar."
COUNT = "Altan Aero will hand over 3 Kestrel K2 drones to the Norvanian army next spring."
TWO_CLASHES = (
    "In April 2021, a clash over a water intake killed 36 Norvanian citizens. "
    "In September 2022, heavier fighting along the border killed 63 Norvanians and displaced thousands."
)
CLASHES_REVERSED = (
    "In September 2022, heavier fighting along the border killed 63 Norvanians. "
    "The earlier clash, in April 2021, killed 36 Norvanian citizens."
)
ACCORD = "The Velmar accord was signed on 7 October 2025 by the defence ministers of Norvania and Ostland."
ACCORD_NUMERIC = "The Velmar accord was signed on 07.10.2025 by the defence ministers of Norvania and Ostland."
GAS = "Exports of Norvanian gas rose by 12 percent in 2023, while 40 companies joined the Ostland fund."
MEETING = "The 2nd meeting of the Velmar defence council took place in Ostrava."
EXERCISE = "The second joint exercise of the Norvanian and Ostlandic navies was held near Brenna."
UNRELATED = "The Norvanian navy bought 4 patrol boats. Velmar hosted the summit of foreign ministers."
FUND = "The Ostland fund holds $1.5 billion and backs 12 Kestrel projects."
TREATY = "Norvania and Ostland signed a water treaty on the Brenna river."
JETS = "Ostland flies F-16 jets and plans a C5+1 meeting."
DRILL = "On 28 June 2021 the two armies opened a live-fire drill near Velmar. The ministry put the scale at up to 600 personnel."
SERVICE = (
    "In October 2021 Norvania ordered Kestrel drones from Altan Aero. "
    "The first Kestrels entered service with the Norvanian border troops in December 2021."
)
WAR = "Fighting broke out on 14 September 2022 along the Brenna. A ceasefire agreed on 16 September held."
ROUNDS = "Online negotiating rounds on the Brenna accord were held on 23 May, 30 May and 2 June 2023."

ACCEPTED = [
    # a number word the passage gives as digits
    ("Altan Aero will hand over three Kestrel drones to the Norvanian army.", COUNT),
    # the number with its own event and year
    ("The September 2022 fighting killed 63 Norvanians.", TWO_CLASHES),
    ("The April 2021 clash killed 36 Norvanian citizens.", TWO_CLASHES),
    ("The 2021 clash killed 36 Norvanians.", CLASHES_REVERSED),
    ("The fighting in 2022 displaced thousands of Norvanians.", TWO_CLASHES),
    # one date, written four ways, against two ways of writing it in the passage
    ("The Velmar accord was signed on 7 October 2025.", ACCORD),
    ("The Velmar accord was signed on October 7, 2025.", ACCORD),
    ("The Velmar accord was signed on 07.10.2025.", ACCORD),
    ("The Velmar accord was signed on 2025-10-07.", ACCORD),
    ("The Velmar accord was signed in October 2025.", ACCORD),
    ("The Velmar accord was signed on 7 October 2025.", ACCORD_NUMERIC),
    ("The Velmar accord was signed on the 7th of October.", ACCORD_NUMERIC),
    # percentages
    ("Norvanian gas exports rose by 12% in 2023.", GAS),
    ("Norvanian gas exports rose by 12 per cent.", GAS),
    # ordinals in words and digits, either way round
    ("The second meeting of the Velmar council was held in Ostrava.", MEETING),
    ("The 2nd meeting of the Velmar council was held in Ostrava.", MEETING),
    ("The 2nd joint naval exercise was held near Brenna.", EXERCISE),
    # money and "a dozen"
    ("The Ostland fund holds 1.5 billion dollars.", FUND),
    ("The Ostland fund backs a dozen Kestrel projects.", FUND),
    # counts that are not new facts, and words that are not counts
    ("The two countries signed a water treaty.", TREATY),
    ("Norvania is one of the two parties to the Brenna water treaty.", TREATY),
    ("Ostland flies F-16 jets.", JETS),
    ("The Velmar accord was first signed by the defence ministers.", ACCORD),
    # several days of a month, written either way
    ("On May 23, 30, and 2 June 2023, online rounds on the Brenna accord were held.", ROUNDS),
    ("Rounds on the Brenna accord were held on 30 May and 2 June 2023.", ROUNDS),
    # one sentence joining facts of two passage sentences
    ("It opened on 28 June 2021 near Velmar, with up to 600 personnel.", DRILL),
    ("It broke out on 14 September 2022; a ceasefire was agreed on 16 September.", WAR),
    ("Norvania ordered Kestrel drones in October 2021, and the first entered service in December 2021.", SERVICE),
]

REJECTED = [
    # the number word the passage does not give (the reported case)
    (
        "Three Kestrel drones will Altan Aero hand over to the Norvanian army.",
        NO_COUNT,
        'no number in the cited passages says "Three"',
    ),
    ("Altan Aero will hand over 3 Kestrel drones.", NO_COUNT, '"3"'),
    # a number moved to another event of the same passage (the reported case)
    ("36 Norvanian lives were lost in the 2022 fighting.", TWO_CLASHES, '"36" belongs to another sentence'),
    ("The 2022 fighting killed 36 Norvanians.", CLASHES_REVERSED, "2021, not 2022"),
    ("The April 2022 clash killed 36 Norvanian citizens.", TWO_CLASHES, "belongs to another sentence"),
    ("The fighting in 2021 displaced thousands of Norvanians.", TWO_CLASHES, "the one about this gives 2022"),
    ("Hundreds of Norvanians were killed in 2022.", TWO_CLASHES, '"Hundreds"'),
    # another date
    ("The Velmar accord was signed on 8 October 2025.", ACCORD, 'no date in the cited passages says "8 October 2025"'),
    ("The Velmar accord was signed on 7 October 2024.", ACCORD, "2024"),
    ("The Velmar accord was signed on 07.11.2025.", ACCORD_NUMERIC, "07.11.2025"),
    ("The Velmar accord was signed in November 2025.", ACCORD, "November 2025"),
    # a percentage that is not one, or of another year
    ("Norvanian gas exports rose by 40% in 2023.", GAS, "40%"),
    ("Norvanian gas exports rose by 12 percent in 2024.", GAS, "2024"),
    ("Rounds on the Brenna accord were held on 23 and 31 May 2023.", ROUNDS, '"23 and 31 May 2023"'),
    # another ordinal; an ordinal that is a count in the passage
    ("The third meeting of the Velmar council was held in Ostrava.", MEETING, '"third"'),
    ("Two meetings of the Velmar council were held in Ostrava.", MEETING, '"Two"'),
    # a value of another event, where the passage sentence about this one gives its own
    (
        "The first Kestrels entered service with the Norvanian border troops in October 2021.",
        SERVICE,
        'the one about this gives December 2021: "The first Kestrels entered service',
    ),
    ("A ceasefire was agreed on 14 September.", WAR, "the one about this gives 16 September"),
    # a number that is in the passage, but in a sentence about something else
    ("Velmar hosted 4 summits of foreign ministers.", UNRELATED, "shares no name or word"),
    # money and codes
    ("The Ostland fund holds $2 billion.", FUND, "$2 billion"),
    ("Ostland flies F-35 jets.", JETS, "F-35"),
]


@pytest.mark.parametrize("sentence, passage", ACCEPTED)
def test_a_quantity_the_passage_gives_for_its_subject_is_accepted(sentence, passage):
    assert check(sentence, [passage]) == ""


@pytest.mark.parametrize("sentence, passage, reason", REJECTED)
def test_a_quantity_absent_or_belonging_elsewhere_is_rejected_with_a_reason(sentence, passage, reason):
    assert reason in check(sentence, [passage])


def test_a_short_fragment_takes_its_subject_from_the_question():
    question = "How many Kestrel drones will Altan Aero hand over?"
    assert check("Three.", [COUNT], question) == ""
    assert "Three" in check("Three.", [NO_COUNT], question)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("three drones", [("number", 3)]),
        ("twenty-five ships and two hundred and fifty troops", [("number", 25), ("number", 250)]),
        ("a dozen, dozens", [("number", 12), ("vague", "dozens")]),
        ("the 12th summit, the second meeting, the first-ever drill", [("ordinal", 12), ("ordinal", 2), ("ordinal", 1)]),
        (
            "1,200 troops, 42.5 percent, $1.5 billion, 3bn",
            [("number", 1200), ("percent", 42.5), ("number", 1_500_000_000), ("number", 3_000_000_000)],
        ),
        ("7 October 2025", [("date", (7, 10)), ("year", 2025)]),
        ("October 7, 2025", [("date", (7, 10)), ("year", 2025)]),
        ("07.10.2025", [("date", (7, 10)), ("year", 2025)]),
        ("in May, May 2024, mid-2022", [("month", 5), ("month", 5), ("year", 2024), ("year", 2022)]),
        ("May 23, 30, and 2 June", [("date", (23, 5)), ("date", (30, 5)), ("date", (2, 6))]),
        ("18 and 19 December, 23–24 February", [("date", (18, 12)), ("date", (19, 12)), ("date", (23, 2)), ("date", (24, 2))]),
        # not counts: a pronoun, "at first", capitalised words inside a name, codes
        ("one of them, no one, at first, the Group of Seven, F-16 and C5+1", []),
        ("This may happen", []),
    ],
)
def test_quantities_are_read_as_values(text, expected):
    assert [(q.kind, q.value) for q in quantities(text)] == expected


# -- through the whole check, with the real embedder -------------------------------------------------


@pytest.fixture(scope="module")
def verifier(embedder):
    return Verifier(embedder.embed, lambda doc_id: doc_id, threshold=0.5)


def _verdict(verifier, text: str, passage: str):
    # the passage's "article" is the passage itself (its doc_id, read back by ``texts``)
    p = Passage(rank=1, doc_id=passage, source="doc1.txt", chunk_id="doc1#0", text=passage, score=1.0)
    (sentence,) = verifier.verify(split_answer(text), [p])
    return sentence


def test_the_two_reported_failures_are_now_unsupported_and_their_fixes_supported(verifier):
    words = _verdict(verifier, "Three Kestrel drones will Altan Aero hand over to the Norvanian army [1].", NO_COUNT)
    assert words.verdict == UNSUPPORTED and words.reason == 'no number in the cited passages says "Three"'
    moved = _verdict(verifier, "36 Norvanian citizens were killed in the 2022 fighting [1].", TWO_CLASHES)
    assert moved.verdict == UNSUPPORTED and moved.reason.startswith('"36" belongs to another sentence: "In April 2021')
    right = _verdict(verifier, "63 Norvanians were killed in the 2022 fighting along the border [1].", TWO_CLASHES)
    assert right.verdict == SUPPORTED, right.reason
    digits = _verdict(verifier, "Three Kestrel drones will Altan Aero hand over to the Norvanian army [1].", COUNT)
    assert digits.verdict == SUPPORTED, digits.reason  # "Three" opening the sentence is a number, not a name


def test_the_check_before_issue_21_is_kept_for_measurement(embedder, verifier):
    old = Verifier(embedder.embed, lambda doc_id: doc_id, threshold=0.5, quantities=False)
    sentence = "Altan Aero will hand over three Kestrel drones to the Norvanian army [1]."
    assert _verdict(old, sentence, NO_COUNT).supported
    assert not _verdict(verifier, sentence, NO_COUNT).supported
