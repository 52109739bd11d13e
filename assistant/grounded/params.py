"""Every tuned number of the grounded answerer, in one place.

The weights, thresholds and counts were chosen on the evaluation set (most by hand, the abstention
threshold and the name weights by leave-one-out F1: docs/evaluation.md); scattered over the stages
they could not be read, compared or changed together. The answerer takes one `GroundedParams`; a
configuration or a test changes a field with `dataclasses.replace` or by naming it. Frozen: the
stages share one object, and none of them may change what another reads.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroundedParams:
    # -- the abstention decision (assistant/calibration.json) ----------------------------------
    threshold: float = 0.0
    """Abstain below this confidence; each configuration's is fitted by `otsqa evals calibrate`."""
    other_language_threshold: float | None = None
    """The same for a question not in English, whose confidence reads only its numbers (issue 24);
    None: `threshold`."""

    # -- candidates: which sentences, scored how ----------------------------------------------
    top_passages: int = 5
    """Retrieved passages whose sentences (and the footnotes they cite) are candidates."""
    lexical_weight: float = 0.35
    """Weight of the IDF-weighted share of the question's words a sentence contains."""
    novelty_weight: float = 0.25
    """Weight of the share of a sentence's words the question does not already say."""
    rank_prior_weight: float = 0.05
    """Weight of 1 / (retrieval rank + 1) of the sentence's passage."""
    actor_weight: float = 0.1
    """Added to a sentence that names a possible actor when the question asks "who"."""
    kind_weight: float = 0.05
    """Added to a sentence holding the kind of thing the question asks for (a date for "when", a number for "how
    many", a place for "where"; question_types.holds_type), as `actor_weight` is for "who". Chosen on the tuning
    collections with `tools.sweep_params` (0 → 0.05: key facts 0.744 → 0.770, abstention F1 0.684 → 0.694, false
    refusals 0.082 → 0.038; 0.1: 0.773 / 0.683 / 0.034)."""
    series_weight: float = 0.2
    """Taken from a sentence that names an ordinal but not the one of the series the question asks about
    ("When was the 11th summit held?" against the 12th summit's sentence). Chosen on the tuning collections
    (0.1: MRR +0.002, abstention F1 +0.003; 0.2: MRR +0.004, key facts +0.004, abstention F1 +0.010)."""
    year_weight: float = 0.1
    """Taken from a sentence that names a year but not the one the question asks about ("Where was the
    summit held in 2024?" against the 2025 summit's sentence). Chosen on the tuning collections (0.1-0.4
    alike; MRR +0.003, abstention F1 +0.011 at 0.1, key facts flat)."""
    context_weight: float = 1.0
    """Share of its weight a question word gets when only the sentence before a sentence that points back at
    it ("It was handed over in May.") says it, within one paragraph. Chosen on the tuning collections with
    `tools.sweep_params` (0 → 0.5 → 1.0: key facts 0.733 → 0.734 → 0.737, abstention F1 0.670 → 0.667 → 0.684,
    follow-ups 0.750 → 0.750 → 0.773)."""
    stage_score_weight: float = 0.1
    """Taken from a sentence that says another stage of the event the question asks about, and not the one
    asked ("When did parliament ratify the treaty?" against the day it was signed; lexicon event_stages).
    Chosen on the tuning collections (0 → 0.1 → 0.2: abstention F1 0.712 → 0.715 → 0.715, false refusals
    0.053 → 0.051 → 0.051, key facts unchanged)."""
    rerank_top: int = 6
    """Leading candidates the cross-encoder re-scores."""
    rerank_weight: float = 0.5
    """Weight of the cross-encoder's 0..1 relevance added to a leader's score."""
    next_words: int = 12
    """Words of the next sentence of its paragraph the cross-encoder reads with a sentence."""
    passage_rank_weight: float = 0.15
    """Passages are re-ranked by their best sentence's score plus this / their retrieval rank."""
    answer_sentences: int = 2
    """Opening sentences of the paragraph after a question the article asks (a FAQ's heading, an
    interviewer's) that are found by that question's meaning too."""
    min_words: int = 4
    """A sentence of fewer words is a fragment or an aside, never quoted for itself."""

    # -- sentence runs: what completes the best sentence ---------------------------------------
    follow: int = 2
    """Sentences of its paragraph that follow the lead (and lift the limit on extras as much)."""
    counted_words: int = 8
    """A following sentence of fewer words ("That is not necessarily a weakness.") comes along without
    counting toward `follow`: it announces the sentence that explains it."""
    list_items: int = 6
    """Items taken after a sentence that ends in ":" (a list)."""
    note_sentences: int = 2
    """Opening sentences of the footnote that spells the lead out."""
    lookahead_chars: int = 2000
    """How far after a sentence its continuation is looked for, in characters."""
    lookback_chars: int = 1500
    """How far before the lead the sentence it leans on is looked for, in characters."""

    # -- extras: sentences that join the answer --------------------------------------------------
    max_sentences: int = 2
    """Lead plus extras, before `follow` and a sentence the lead leans on are added to the limit."""
    margin: float = 0.12
    """An extra scores at least the best score less this."""
    duplicate_cosine: float = 0.92
    """A candidate this close (cosine) to a chosen sentence says the same and is skipped."""
    completion_margin: float = 0.3
    """A sentence holding a kind of thing the question asks for and the answer lacks (the date of "where
    and when") joins it when it scores at least the best score less this."""
    extra_relevance: float = 0.05
    """An extra the cross-encoder scored below this is not quoted (it still weighs in the confidence)."""

    # -- confidence: the features and their weights ----------------------------------------------
    coverage_weight: float = 0.5
    """Weight of the IDF-weighted share of the question's words the evidence holds."""
    unknown_weight: float = 0.5
    """Weight (subtracted) of the share of the question's names and numbers the collection never uses."""
    unknown_number_weight: float = 0.4
    """Subtracted when the question holds a number the collection never uses."""
    type_weight: float = 0.5
    """Subtracted when the evidence lacks the kind of thing asked for (a number, a day, a name)."""
    relevance_weight: float = 0.2
    """Weight of the best sentence's cross-encoder relevance, centred on 0.5."""
    missing_weight: float = 0.75
    """Weight (subtracted) of the share of the question's names the evidence does not name."""
    subject_weight: float = 0.2
    """Subtracted again when the missing name is the question's first, whom it is about (0.1-0.35
    gave the same leave-one-out F1)."""
    subject_unsaid_weight: float = 0.2
    """Subtracted when the answering sentences themselves (not extras, not the rest of their article) do
    not say the question's first name (chosen by leave-one-collection-out F1 on the tuning collections:
    0.15-0.25 all gained, 0.2 most)."""
    ordinal_weight: float = 0.3
    """Subtracted when what answers does not say the event of a series the question names by its ordinal,
    second or later ("the sixth meeting" answered about the third)."""
    other_party_weight: float = 0.5
    """Subtracted when a country the question names is not said by the answering sentences while they name
    another country the question does not ("When did Azerbaijan host the first meeting?" answered with
    "… took place in Istanbul, organised by Türkiye's Diyanet"): the fact belongs to another party."""
    stage_weight: float = 0.5
    """Subtracted when the question asks about one stage of an event (signed, ratified, entered into force;
    begun, completed: lexicon event_stages) and what answers says another stage of it, not the one asked. Such
    near misses score high on everything else (confidence 1.0-1.3), so only a large weight tells: on the tuning
    collections (`tools.sweep_params`, `open_weight` 0.1) 0.2 and 0.3 changed nothing, 0.5 abstention F1
    0.700 → 0.709 (false refusals 0.053 → 0.056)."""
    open_weight: float = 0.1
    """Added for an English question that asks for no kind of thing (no date, number, place or name: "Why …?",
    "What does the brief recommend?"): its answer is worded unlike it, so its coverage runs low. Chosen on the
    tuning collections with `tools.sweep_params`, the threshold refitted for each (0 → 0.05 → 0.1 → 0.15: key facts
    0.737 → 0.750 → 0.752 → 0.741, abstention F1 0.684 → 0.700 → 0.700 → 0.696, false refusals 0.067 → 0.053 →
    0.053 → 0.067, follow-ups 0.773 → 0.795 → 0.818 → 0.818)."""
    shared_prefix: int = 8
    """A long word of the question counts as said by the evidence when one of its words begins with the same
    this-many letters ("astronautics" / "Astronautical"): English stems are crude, and a paraphrase changes
    the ending. 0: only the same stem counts."""
    acronym_share: float = 0.25
    """An acronym in more of the passages than this share is the collection's subject ("OTS"), no name."""
    subject_mentions: int = 3
    """A name said this often in an article is one of its subjects, named by its evidence."""
