"""The confidence's features on made-up articles: what each one counts, and from which evidence."""

from __future__ import annotations

import numpy as np

from assistant.answer import Passage
from assistant.grounded.confidence import Confidence
from assistant.grounded.params import GroundedParams
from assistant.grounded.quotable import Candidate
from assistant.lexicon import load_lexicon
from assistant.quoting import ArticleTexts
from store.base import ArticleRecord, SentenceRecord
from store.memory import MemoryStore

# -- the names a question is about must be named by what answers it, not by an extra ---------------


def _candidate(doc_id: str, text: str, role: str):
    hit = SentenceRecord(f"{doc_id}:0", doc_id, text, 0, len(text))
    passage = Passage(1, doc_id, f"/x/{doc_id}.txt", f"{doc_id}#0", text, 1.0, 0, len(text))
    return Candidate(hit, np.zeros(3), passage, role=role)


def _confidence_over(texts: dict[str, str]) -> Confidence:
    """The confidence over made-up articles (doc id -> text) in a real in-memory store."""
    store = MemoryStore()
    store.put_articles([ArticleRecord(d, f"/x/{d}.txt", text=t) for d, t in texts.items()])
    return Confidence(store, ArticleTexts(store), load_lexicon(), GroundedParams())


def test_a_party_named_only_by_an_extra_from_another_article_is_absent():
    # Made-up articles: one on a proposal by Ortega, one that names Lindqvist once in passing.
    texts = {
        "a": "Marta Ortega proposed a river council in May. The council would meet twice a year.",
        "b": "Sven Lindqvist received the delegations in Riga and spoke of trade.",
    }
    confidence = _confidence_over(texts)
    lead = _candidate("a", texts["a"].split(". ")[0] + ".", "lead")
    extra = _candidate("b", texts["b"], "extra")
    names = ["lindqvist", "council"]
    # Lindqvist is named only by the extra: the lead answers about Ortega's proposal, not his.
    assert confidence.absent_names(names, [lead]) == ["lindqvist"]
    features = confidence.features(
        "What did Sven Lindqvist propose about a river council?",
        lead,
        [lead, extra],
        {"sven": 2.0, "lindqvist": 2.0, "propose": 1.0, "river": 1.0, "council": 1.0},
        {"sven": 1, "lindqvist": 1, "propose": 1, "river": 1, "council": 1},
    )
    assert features["missing"] > 0.5 and features["subject_absent"] == 1.0
    # Named by the lead itself, the party is not absent.
    features = confidence.features(
        "What did Marta Ortega propose about a river council?",
        lead,
        [lead, extra],
        {"marta": 2.0, "ortega": 2.0, "propose": 1.0, "river": 1.0, "council": 1.0},
        {"marta": 1, "ortega": 1, "propose": 1, "river": 1, "council": 1},
    )
    assert features["missing"] == 0.0 and features["subject_absent"] == 0.0


def test_a_person_the_evidence_names_by_surname_is_named_when_the_article_gives_the_full_name():
    # Made-up article: the full name once, then the surname only, as articles write people.
    text = "Interior Minister Marta Ortega opened the talks in Riga. Ortega proposed a river council in May."
    confidence = _confidence_over({"a": text})
    lead = _candidate("a", "Ortega proposed a river council in May.", "lead")
    names = ["marta", "ortega"]
    assert confidence.absent_names(names, [lead]) == ["marta"]  # the sentence says only her surname
    assert confidence.unnamed("What did Marta Ortega propose?", names, [lead]) == []
    # Another person of that surname, whom the article never names, is still absent.
    assert confidence.unnamed("What did Elena Ortega propose?", ["elena", "ortega"], [lead]) == ["elena"]


# -- whom the question is about must be said by the answering sentences themselves ------------------


def test_a_subject_the_article_names_often_but_the_answering_sentence_does_not_is_unsaid():
    # Made-up article naming Saudi Arabia three times, and a sentence about what the United States did.
    text = (
        "Saudi Arabia hosted the talks in Jeddah. Saudi Arabia chaired the working group. "
        "The United States recognised the new government on 3 July 2025. Saudi Arabia did not follow."
    )
    confidence = _confidence_over({"a": text})
    sentence = "The United States recognised the new government on 3 July 2025."
    lead = _candidate("a", sentence, "lead")
    weights = {"saudi": 2.0, "arabia": 2.0, "recognise": 1.0, "government": 1.0}
    df = {"saudi": 3, "arabia": 3, "recognise": 1, "government": 1}
    about_saudi = confidence.features("On what date did Saudi Arabia recognise the new government?", lead, [lead], weights, df)
    # The article names Saudi Arabia often, so it is one of its subjects (not absent) ...
    assert about_saudi["subject_absent"] == 0.0
    # ... but the sentence that gives the date is about the United States.
    assert about_saudi["subject_unsaid"] == 1.0
    weights_us = {"united": 2.0, "states": 1.0, "recognise": 1.0, "government": 1.0}
    df_us = {"united": 1, "states": 1, "recognise": 1, "government": 1}
    about_us = confidence.features(
        "On what date did the United States recognise the new government?", lead, [lead], weights_us, df_us
    )
    assert about_us["subject_unsaid"] == 0.0
    assert about_us["confidence"] - about_saudi["confidence"] >= GroundedParams().subject_unsaid_weight - 1e-9
    # An extra that says the subject does not vouch for the sentence that answers.
    extra = _candidate("a", "Saudi Arabia did not follow.", "extra")
    with_extra = confidence.features(
        "On what date did Saudi Arabia recognise the new government?", lead, [lead, extra], weights, df
    )
    assert with_extra["subject_unsaid"] == 1.0


def test_a_subject_named_by_first_name_and_surname_is_said_by_the_surname():
    # Made-up article: the full name once, then a sentence naming the person by the surname only.
    text = "Interior Minister Marta Ortega opened the talks in Riga. Ortega has attended every round since 2021."
    confidence = _confidence_over({"a": text})
    lead = _candidate("a", "Ortega has attended every round since 2021.", "lead")
    weights = {"marta": 2.0, "ortega": 2.0, "attendance": 1.0, "matter": 1.0}
    df = {"marta": 1, "ortega": 2, "attendance": 1, "matter": 1}
    said = confidence.features("Why does Marta Ortega's attendance matter?", lead, [lead], weights, df)
    assert said["subject_unsaid"] == 0.0
    # Another person of that surname, whom the article never names in full, is not said by it.
    other = confidence.features(
        "Why does Elena Ortega's attendance matter?", lead, [lead], {**weights, "elena": 2.0}, {**df, "elena": 1}
    )
    assert other["subject_unsaid"] == 1.0


def test_an_ordinal_the_question_gives_must_be_said_by_the_answering_sentences():
    # Made-up article: a series of meetings, of which the text dates the third only.
    text = "The third meeting of port chiefs was held in Tbilisi on 4 May 2024. A fifth is planned in Riyadh."
    confidence = _confidence_over({"a": text})
    lead = _candidate("a", "The third meeting of port chiefs was held in Tbilisi on 4 May 2024.", "lead")
    weights = {"meeting": 1.0, "port": 1.0, "chiefs": 1.0, "held": 0.5}
    df = {"meeting": 1, "port": 1, "chiefs": 1, "held": 1}
    for question, unsaid in [
        ("When was the third meeting of port chiefs held?", 0.0),
        ("When was the 3rd meeting of port chiefs held?", 0.0),  # figures and words alike
        ("When was the second meeting of port chiefs held?", 1.0),  # another meeting of the series
        ("When was the meeting of port chiefs held?", 0.0),  # no ordinal asked
        ("Which was held first, the meeting of port chiefs or the summit?", 0.0),  # "first": no one of a series
        ("Was Tbilisi the second largest port of the meeting of port chiefs?", 0.0),  # an ordinal naming no event
        ("When was the second OTS meeting of port chiefs held?", 1.0),  # a word between: still the series
    ]:
        features = confidence.features(question, lead, [lead], weights, df)
        assert features["ordinal_unsaid"] == unsaid, question
    said = confidence.features("When was the third meeting of port chiefs held?", lead, [lead], weights, df)
    other = confidence.features("When was the second meeting of port chiefs held?", lead, [lead], weights, df)
    assert said["confidence"] - other["confidence"] >= GroundedParams().ordinal_weight - 1e-9


# -- a country named as the party, while what answers names another one ------------------------------

_HOSTS = {
    "a": "The first meeting of the port authorities took place in Riyadh, organised by Saudi Arabia's transport ministry. "
    "Georgia sent a delegation. Georgia asked for a second meeting in Tbilisi. Georgia will host it in 2026."
}
_WEIGHTS = {"georgia": 2.0, "host": 1.0, "first": 0.5, "meeting": 0.5}
_DF = {"georgia": 3, "host": 1, "first": 1, "meeting": 2}


def test_a_country_asked_as_the_party_but_unsaid_while_another_one_answers_is_another_party():
    confidence = _confidence_over(_HOSTS)
    lead = _candidate("a", _HOSTS["a"].split(". ")[0] + ".", "lead")
    asked = confidence.features("When did Georgia host the first meeting?", lead, [lead], _WEIGHTS, _DF)
    assert asked["other_party"] == 1.0  # the meeting was Saudi Arabia's
    # typed in lower case, or opening the question, a country is still a name
    assert confidence.features("when did georgia host the first meeting", lead, [lead], _WEIGHTS, _DF)["other_party"] == 1.0
    opening = confidence.features("Georgia hosted the first meeting when?", lead, [lead], _WEIGHTS | {"hosted": 1.0}, _DF)
    assert opening["other_party"] == 1.0
    # the sentence that says the country answers about it
    said = _candidate("a", "Georgia will host it in 2026.", "lead")
    assert confidence.features("When will Georgia host the meeting?", said, [said], _WEIGHTS, _DF)["other_party"] == 0.0


def test_a_country_as_a_place_or_in_the_words_naming_the_source_is_no_party():
    confidence = _confidence_over(_HOSTS)
    lead = _candidate("a", _HOSTS["a"].split(". ")[0] + ".", "lead")
    weights = _WEIGHTS | {"port": 1.0, "authorities": 1.0}
    # "in Georgia": where, not who
    place = confidence.features("Which port authorities met first in Georgia?", lead, [lead], weights, _DF)
    assert place["other_party"] == 0.0
    # but a visit to a country is that party's: the first meeting's visit was to Saudi Arabia
    visit = confidence.features("When did the first meeting's visit to Georgia take place?", lead, [lead], weights, _DF)
    assert visit["other_party"] == 1.0
    # a country in the description of the article the question cites
    source = confidence.features(
        "Who organised the first meeting, according to the article on Georgia's ports?", lead, [lead], weights, _DF
    )
    assert source["other_party"] == 0.0 and source["missing"] == 0.0


def test_names_in_the_words_that_name_the_source_are_not_asked_of_the_answer():
    text = "Pakpost was created by a decree of 30 August 2019. The Gulf Port Watch digest covers Pakistan."
    confidence = _confidence_over({"a": text, "b": "Gulf Port Watch is a digest. Gulf Port Watch covers ports."})
    lead = _candidate("a", text.split(". ")[0] + ".", "lead")
    weights = {"gulf": 2.0, "port": 1.0, "watch": 2.0, "pakpost": 3.0, "created": 1.0}
    df = {"gulf": 2, "port": 2, "watch": 2, "pakpost": 1, "created": 1}
    question = "According to the Gulf Port Watch digest, when was Pakpost created?"
    features = confidence.features(question, lead, [lead], weights, df)
    assert features["missing"] == 0.0 and features["subject_unsaid"] == 0.0
    # asked outside such words, the same names must be said
    asked = confidence.features("When did Gulf Port Watch create Pakpost?", lead, [lead], weights, df)
    assert asked["missing"] > 0.0


def test_a_document_that_says_or_a_source_quoted_in_one_is_no_name_the_answer_must_say():
    text = (
        "Pakpost was created by a decree of 30 August 2019. The Gulf Port Watch digest covers Pakistan. "
        "A consultant in Riyadh told the digest so."
    )
    confidence = _confidence_over({"a": text, "b": "Gulf Port Watch is a digest. Gulf Port Watch covers ports."})
    lead = _candidate("a", text.split(". ")[0] + ".", "lead")
    weights = {"gulf": 2.0, "port": 1.0, "watch": 2.0, "pakpost": 3.0, "created": 1.0, "riyadh": 2.0}
    df = {"gulf": 2, "port": 2, "watch": 2, "pakpost": 1, "created": 1, "riyadh": 1}
    for question in (
        "Why does the Gulf Port Watch digest say Pakpost was created?",  # the document that says it
        "According to the Riyadh consultant quoted in the Gulf Port Watch digest, when was Pakpost created?",
    ):
        features = confidence.features(question, lead, [lead], weights, df)
        assert features["missing"] == 0.0 and features["subject_unsaid"] == 0.0, question
    # the same words as what the question asks about are still asked of the answer
    asked = confidence.features("Why did Gulf Port Watch say Pakpost was created?", lead, [lead], weights, df)
    assert asked["missing"] > 0.0


def test_an_adjective_that_names_no_country_describes_whom_the_question_is_about_and_need_not_be_said():
    text = "Chile's Minister of Emergencies, Ana Rojas, offered to host the next round in Santiago."
    confidence = _confidence_over({"a": text, "b": "The Andean emergency ministers first met in Lima."})
    lead = _candidate("a", text, "lead")
    weights = {"andean": 2.0, "emergency": 1.0, "ministers": 1.0, "lima": 2.0, "host": 1.0, "round": 1.0}
    df = {"andean": 1, "emergency": 2, "ministers": 1, "lima": 1, "host": 1, "round": 1}
    question = "At the Andean emergency ministers' first meeting, who offered to host the next round?"
    features = confidence.features(question, lead, [lead], weights, df)
    assert "andean" not in confidence.question_names(question, weights, df)
    assert features["subject_unsaid"] == 0.0
    # an adjective that names a country names a party: "the Russian minister" is about Russia
    weights_ru, df_ru = {"russian": 2.0, "minister": 1.0, "host": 1.0}, {"russian": 1, "minister": 1, "host": 1}
    assert "russian" in confidence.question_names("Did the Russian minister host it?", weights_ru, df_ru)


def test_a_long_word_is_said_by_a_word_of_the_same_stem_beginning():
    text = "October 2026 — 77th International Astronautical Congress, Antalya"
    confidence = _confidence_over({"a": text})
    lead = _candidate("a", text, "lead")
    weights = {"astronautics": 2.0, "congress": 1.0}
    df = {"astronautics": 0, "congress": 1}
    question = "When is the astronautics congress?"
    assert confidence.features(question, lead, [lead], weights, df)["coverage"] == 1.0
    exact = Confidence(confidence.store, confidence.texts, confidence.lexicon, GroundedParams(shared_prefix=0))
    assert exact.features(question, lead, [lead], weights, df)["coverage"] < 1.0


def test_a_source_the_answering_article_never_names_is_missing():
    """ "In Ergashev's telling, …": the answer's sentence need not name him, but its article must, somewhere."""
    text = "Then Chile changed its president. The talks resumed within a year."
    confidence = _confidence_over({"a": text, "b": "Ana Rojas spoke to the Santiago Review about the border talks."})
    lead = _candidate("a", text.split(". ")[0] + ".", "lead")
    weights = {"rojas": 3.0, "unblocked": 1.0, "talks": 1.0}
    df = {"rojas": 1, "unblocked": 1, "talks": 2}
    question = "In Rojas's telling, what unblocked the talks?"
    assert confidence.features(question, lead, [lead], weights, df)["missing"] == 1.0
    said = _confidence_over({"a": "Ana Rojas told us: " + text, "b": "Nothing here."})
    assert said.features(question, lead, [lead], weights, df)["missing"] == 0.0
    # "…, according to Ana Rojas?": the same, her name last
    named_last = "What unblocked the talks, according to Ana Rojas?"
    weights_last = weights | {"ana": 3.0}
    assert said.features(named_last, lead, [lead], weights_last, df | {"ana": 1})["missing"] == 0.0
    assert confidence.features(named_last, lead, [lead], weights_last, df | {"ana": 1})["missing"] == 1.0
    # asked outside such words, her name must be said by what answers
    asked = said.features("What did Ana Rojas say unblocked the talks?", lead, [lead], weights_last, df | {"ana": 1})
    assert asked["missing"] > 0.0


# -- one stage of an event asked, another one's sentence answering -------------------------------------

_STAGES = {
    "a": "The Helsinki water accord was signed on 4 May 2022 in Tbilisi. Saudi Arabia's parliament ratified it in "
    "March 2023. It entered into force on 1 June 2023. A pipeline survey began in early August 2025."
}


def test_a_stage_of_an_event_asked_and_another_one_said_is_another_stage():
    confidence = _confidence_over(_STAGES)
    sentences = _STAGES["a"].split(". ")
    signed, ratified, in_force, survey = (_candidate("a", s.rstrip(".") + ".", "lead") for s in sentences)
    weights = {"accord": 1.0, "helsinki": 2.0}
    df = {"accord": 1, "helsinki": 1}
    for question, lead, other in [
        ("When did the United States ratify the Helsinki accord?", signed, 1.0),  # the signing's date
        ("When did the United States ratify the Helsinki accord?", ratified, 0.0),
        ("When was the Helsinki accord's ratification?", ratified, 0.0),  # a noun says the stage too
        ("When did the Helsinki accord enter into force?", signed, 1.0),
        ("When did the Helsinki accord take effect?", in_force, 0.0),  # one stage, said in other words
        ("When was the Helsinki accord signed?", signed, 0.0),
        ("When was the Helsinki accord adopted?", signed, 0.0),  # no stage of the family asked
        ("When was the pipeline survey completed?", survey, 1.0),  # it began then
        ("When did the pipeline survey start?", survey, 0.0),
        ("When was the pipeline survey completed?", _candidate("a", "The survey took four weeks.", "lead"), 0.0),
    ]:
        features = confidence.features(question, lead, [lead], weights, df)
        assert features["other_stage"] == other, (question, lead.hit.text)
    asked = confidence.features("When did the United States ratify the Helsinki accord?", signed, [signed], weights, df)
    said = confidence.features("When did the United States ratify the Helsinki accord?", ratified, [ratified], weights, df)
    assert confidence.contributions(asked)["other_stage"] == -GroundedParams().stage_weight < 0
    assert confidence.contributions(said)["other_stage"] == 0


def test_a_question_asking_for_no_kind_of_thing_is_open():
    confidence = _confidence_over(_STAGES)
    lead = _candidate("a", "The Helsinki water accord was signed on 4 May 2022 in Tbilisi.", "lead")
    weights, df = {"accord": 1.0, "helsinki": 2.0}, {"accord": 1, "helsinki": 1}
    for question, open_ in [
        ("Why was the Helsinki accord signed?", 1.0),
        ("What does the Helsinki accord change for Saudi Arabia?", 1.0),
        ("When was the Helsinki accord signed?", 0.0),  # a date
        ("Where was the Helsinki accord signed?", 0.0),  # a place
        ("Who signed the Helsinki accord?", 0.0),  # someone
        ("How many states signed the Helsinki accord?", 0.0),  # a number
        ("Почему было подписано Хельсинкское соглашение?", 0.0),  # not English: its features are read otherwise
    ]:
        assert confidence.features(question, lead, [lead], weights, df)["open"] == open_, question
    why = confidence.features("Why was the Helsinki accord signed?", lead, [lead], weights, df)
    assert confidence.contributions(why)["open"] == GroundedParams().open_weight > 0
