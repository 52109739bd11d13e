"""Comparisons and summaries asked the way analysts ask them: the strict patterns' cue-based fallback
(`comparison_questions.loose`, `summaries.loose`) recognises them, single-fact questions are still left to the
grounded answerer, and the answers quote the articles exactly. Every wording here was written for these
tests (none is from an evaluation set); the answers come from the made-up collection (tests/assistant/made_up.py).

"How does the CSTO differ from NATO?" compares two organisations, not two articles: it asks what the
articles say about them, a single fact, so it goes to the grounded answerer. A comparison needs a topic
and articles compared (the articles at large, or parties that name articles here)."""

from __future__ import annotations

import pytest

from assistant.collection_questions import recognise as collection_question
from assistant.comparison_questions import ComparisonRequest
from assistant.comparison_questions import recognise as comparison_question
from assistant.summaries import _WHICH_ARTICLES, SummaryRequest
from assistant.summaries import recognise as summary_question
from assistant.timelines import recognise as timeline_question
from tests.assistant.made_up import check_quotes, groups, ingest_made_up

GLACIERS = "“Glaciers and the Security of the Pamir Valleys”"
RAILWAYS = "“Railways Across the Caspian Steppe”"


def told(question: str) -> str:
    """The kind the assistant tries first for ``question`` by wording alone (as tests/assistant/test_kinds.py)."""
    if any(pattern.match(question) for pattern in _WHICH_ARTICLES) or collection_question(question):
        return "collection"
    if timeline_question(question):
        return "timeline"
    if comparison_question(question):
        return "comparison"
    return "summary" if summary_question(question) else "fact"


C, S = "comparison", "summary"


@pytest.mark.parametrize(
    "question, kind",
    [
        # comparisons: imperative, fragments, polite forms, lower case, no question mark
        ("I need the articles side by side on drone exports", C),
        ("drones: do the articles agree?", C),
        ("DiPirro vs Samedov on the CSTO", C),
        ("what do DiPirro and Samedov each say about Russia", C),
        ("could you contrast the brief with the commentary on cyber threats", C),
        ("Where do the sources diverge regarding Turkish drones?", C),
        ("do the articles see the Crime-Fighting Council differently", C),
        ("What are the differences between the Gabala article and Brokers on the Bloc regarding Azerbaijan?", C),
        ("Comparison of the articles on civil protection", C),
        ("Is there consensus across the sources about a joint army?", C),
        ("how do Karimova and Sultanov see border guards", C),
        ("Different perspectives on the CSTO in the articles", C),
        ("Similarities between the pieces on cyber security, please", C),
        ("On drones, how do the sources differ?", C),
        ("Would you kindly compare the articles when it comes to energy security", C),
        ("Contrast what Abenov and Kemaloglu say about cyber threats", C),
        ("any disagreement among the authors over Russia's role", C),
        ("Show me the different views the articles take on Hungary", C),
        ("put the sources side by side on the interior ministers' meetings", C),
        ("Let's compare the pieces in terms of migration.", C),
        ("the articles versus each other on border guards", C),
        # summaries
        ("I need the key takeaways from the Baku piece", S),
        ("brief me on civil protection", S),
        ("the DiPirro article: main points", S),
        ("What's DiPirro's thesis?", S),
        ("tell me about the article on cyber threats", S),
        ("Could you give me a quick rundown of the security councils brief, please", S),
        ("what exactly does the justice fact sheet argue", S),
        ("Brokers on the Bloc in brief", S),
        ("key points from the articles on migration", S),
        ("recap the astana wire story", S),
        ("What is the Gabala summit article mainly about", S),
        ("can i get a synopsis of the interior ministers story", S),
        ("summarise everything", S),
        ("walk me through the commentary on cyber security", S),
        ("tldr of the civil protection analysis", S),
        ("Main argument of the commentary on cyber threats?", S),
        ("I'd like an overview of the Crime-Fighting Council, thanks", S),
        ("What is the central thesis of Brokers on the Bloc", S),
        ("Karimova's article, in short", S),
        ("give me the highlights of the fact sheet", S),
        ("please sum up what the sources say about drones", S),
    ],
)
def test_analysts_wordings_are_told_as_their_kind(question, kind):
    assert told(question) == kind


@pytest.mark.parametrize(
    "question, asked",
    [
        ("I need the articles side by side on drone exports", ComparisonRequest("drone exports")),
        ("drones: do the articles agree?", ComparisonRequest("drones")),
        ("DiPirro vs Samedov on the CSTO", ComparisonRequest("the CSTO", "DiPirro vs Samedov")),
        ("how do Karimova and Sultanov see border guards", ComparisonRequest("border guards", "Karimova and Sultanov")),
        (
            "could you contrast the brief with the commentary on cyber threats",
            ComparisonRequest("cyber threats", "the brief with the commentary"),
        ),
        ("do the articles see the Crime-Fighting Council differently", ComparisonRequest("the Crime-Fighting Council")),
        ("Different perspectives on the CSTO in the articles", ComparisonRequest("the CSTO")),
    ],
)
def test_a_comparisons_articles_and_topic_are_read_around_its_cue(question, asked):
    assert comparison_question(question) == asked


@pytest.mark.parametrize(
    "question, asked",
    [
        ("I need the key takeaways from the Baku piece", SummaryRequest("summarise", "the Baku piece")),
        ("brief me on civil protection", SummaryRequest("summarise", "civil protection")),
        ("the DiPirro article: main points", SummaryRequest("summarise", "the DiPirro article")),
        ("What's DiPirro's thesis?", SummaryRequest("about", "DiPirro")),
        ("tell me about the article on cyber threats", SummaryRequest("about", "the article on cyber threats")),
        ("key points from the articles on migration", SummaryRequest("topic", "", "migration")),
        ("summarise everything", SummaryRequest("collection")),
        ("what exactly does the justice fact sheet argue", SummaryRequest("author", "the justice fact sheet")),
        ("Brokers on the Bloc in brief", SummaryRequest("summarise", "Brokers on the Bloc")),
    ],
)
def test_a_summarys_article_or_topic_is_read_around_its_cue(question, asked):
    assert summary_question(question) == asked


# Single facts, some with a cue word in them: none is taken by wording alone, or the answerer declines
# it because its subject names no article (checked end to end below).
SINGLE_FACTS = [
    "What did Aliyev propose at the Gabala summit?",
    "What does the Shusha Declaration say about mutual assistance?",
    "How does the CSTO differ from NATO?",
    "How does the CSTO differ from NATO on collective defence?",
    "What did the ministers agree on in Baku?",
    "When did the members agree on the charter?",
    "According to the articles, what did Aliyev and Erdogan agree on regarding drones?",
    "What is the OTS about?",
    "When did the security council secretaries first meet?",
    "Who wrote the overview of the Civil Protection Mechanism?",
    "Which countries agreed to the joint exercise?",
    "How many police officers passed through the training programme?",
    "What is the difference between an observer and a member state?",
    "What did Türkiye and Azerbaijan agree about drones?",
    "Is there a similar body in the CSTO?",
    "Where was the agreement on civil protection signed?",
    "What was agreed at the Bishkek summit?",
    "Who chaired the meeting of the security council secretaries?",
    "What did Tokayev say about cyberattacks?",
    "What does the charter say about consensus?",
    "What did Aliyev propose, in short?",
    "Why did Kazakhstan and Kyrgyzstan disagree over water?",
    "What is the main point of contention between Armenia and Azerbaijan?",
    "How do Russia and China see the Middle Corridor?",
    "What did Yerlikaya argue?",
    "Compare the two proposals",
    "What is the Turkic World Vision 2040 about?",
]


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    return ingest_made_up(tmp_path_factory.mktemp("made-up"))


@pytest.fixture(scope="module")
def assistant(made_up):
    from assistant.configs import grounded

    return grounded(made_up.store, made_up.embedder, made_up.lexical, rerank=False)


@pytest.mark.parametrize("question", SINGLE_FACTS)
def test_single_facts_still_go_to_the_grounded_answerer(assistant, question):
    assert len(SINGLE_FACTS) >= 25
    assert assistant.ask(question).kind == "fact"


@pytest.mark.parametrize(
    "question, cited",
    [
        ("i need the articles side by side on border guards", {"glaciers.txt", "railways.txt"}),
        ("border guards: do the sources agree", {"glaciers.txt", "railways.txt"}),
        ("Karimova vs Sultanov on border guards", {"glaciers.txt", "railways.txt"}),
        ("how do Sultanov and Karimova see border guards", {"glaciers.txt", "railways.txt"}),
        ("what do Karimova and Sultanov each say about border guards", {"glaciers.txt", "railways.txt"}),
    ],
)
def test_loosely_worded_comparisons_quote_each_article_exactly(made_up, assistant, question, cited):
    answer = assistant.ask(question)
    assert answer.kind == "comparison" and not answer.abstained, answer.answer
    assert {c.passage.doc_id for c in answer.citations} == {made_up.ids[f] for f in cited}
    intro, *blocks = groups(answer.answer)
    assert intro == ["Two articles address border guards, each in its own words:"]
    assert sorted(block[0].split(" — ")[0] for block in blocks) == sorted([GLACIERS, RAILWAYS])
    check_quotes(made_up.store, answer.answer, answer.citations)


def test_named_parties_are_compared_in_the_order_named(made_up, assistant):
    answer = assistant.ask("Sultanov vs Karimova on border guards")
    assert [block[0].split(" — ")[0] for block in groups(answer.answer)[1:]] == [RAILWAYS, GLACIERS]


@pytest.mark.parametrize(
    "question, file_name",
    [
        ("i need the key points of the glaciers article", "glaciers.txt"),
        ("the railways piece: main takeaways", "railways.txt"),
        ("What's Karimova's thesis", "glaciers.txt"),
        ("tell me about the article on fisheries", "fisheries.txt"),
        ("could you give me a quick rundown of Sultanov's article, please", "railways.txt"),
        ("Railways Across the Caspian Steppe in brief", "railways.txt"),
        ("what exactly does Karimova argue", "glaciers.txt"),
    ],
)
def test_loosely_worded_summaries_quote_the_article_alone_in_order(made_up, assistant, question, file_name):
    answer = assistant.ask(question)
    assert answer.kind == "summary" and not answer.abstained, answer.answer
    assert {c.passage.doc_id for c in answer.citations} == {made_up.ids[file_name]}
    assert len(answer.citations) >= 3
    assert [c.start for c in answer.citations] == sorted(c.start for c in answer.citations)
    check_quotes(made_up.store, answer.answer, answer.citations)


def test_a_loosely_worded_topic_summary_covers_every_article_that_treats_it(made_up, assistant):
    answer = assistant.ask("brief me on border guards")
    assert answer.kind == "summary" and not answer.abstained
    assert {c.passage.doc_id for c in answer.citations} == {made_up.ids["glaciers.txt"], made_up.ids["railways.txt"]}
    check_quotes(made_up.store, answer.answer, answer.citations)
