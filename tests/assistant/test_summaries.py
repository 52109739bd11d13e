"""Summaries: told from the wording alone, quoted exactly from stored sentences, in article order or
grouped by article; bad input said plainly. Fast tests on a made-up collection (hashing embedder),
slow ones on the seed corpus with the real model."""

from __future__ import annotations

import re

import pytest

from assistant.grounded import ABSTAIN_TEXT
from assistant.summaries import SummaryAnswerer, SummaryRequest, recognise
from tests.assistant.made_up import check_quotes, groups, ingest_made_up, long_article

GLACIERS_HEADER = "“Glaciers and the Security of the Pamir Valleys” — Aida Karimova, 2 March 2025"
RAILWAYS_HEADER = "“Railways Across the Caspian Steppe” — Bolat Sultanov, 9 January 2026"


@pytest.mark.parametrize(
    "question, asked",
    [
        ("Summarise Brokers on the Bloc", SummaryRequest("summarise", "Brokers on the Bloc")),
        ("Summarize the article about the Gabala summit.", SummaryRequest("summarise", "the article about the Gabala summit")),
        ("Can you summarise the article by DiPirro?", SummaryRequest("summarise", "the article by DiPirro")),
        ("Give me a summary of the corridors piece", SummaryRequest("summarise", "the corridors piece")),
        ("Please give me a brief summary of 'Brokers on the Bloc'", SummaryRequest("summarise", "'Brokers on the Bloc'")),
        ("What is the article about the Gabala summit about?", SummaryRequest("about", "the article about the Gabala summit")),
        ("What's Brokers on the Bloc about?", SummaryRequest("about", "Brokers on the Bloc")),
        ("What are the main points of the DiPirro article?", SummaryRequest("about", "the DiPirro article")),
        ("What is the main argument of Brokers on the Bloc?", SummaryRequest("about", "Brokers on the Bloc")),
        ("What does DiPirro argue?", SummaryRequest("author", "DiPirro")),
        ("What does Samedov say in his article?", SummaryRequest("author", "the article by Samedov")),
        ("Summarise what the articles say about Azerbaijan's role", SummaryRequest("topic", "", "Azerbaijan's role")),
        ("What do the articles say about drones?", SummaryRequest("topic", "", "drones")),
        ("How do the sources describe the Middle Corridor?", SummaryRequest("topic", "", "the Middle Corridor")),
        ("Give an overview of joint military exercises", SummaryRequest("overview", "joint military exercises")),
        ("Overview of energy security in the articles", SummaryRequest("overview", "energy security")),
        ("What does DiPirro say about Azerbaijan's role?", SummaryRequest("on_topic", "DiPirro", "Azerbaijan's role")),
        ("What did Samedov write about NATO?", SummaryRequest("on_topic", "Samedov", "NATO")),
        ("What is DiPirro's view on Russia?", SummaryRequest("on_topic", "DiPirro", "Russia")),
        ("Summarise what DiPirro says about Türkiye", SummaryRequest("on_topic", "DiPirro", "Türkiye")),
        ("Summarise the articles", SummaryRequest("collection")),
    ],
)
def test_summary_requests_are_recognised(question, asked):
    assert recognise(question) == asked


@pytest.mark.parametrize(
    "question",
    [
        "What did Aliyev propose at the Gabala summit?",
        "When was the Gabala summit held?",
        "Where was the 12th OTS summit held?",
        "Who wrote Brokers on the Bloc?",
        "What articles are there?",
        "How many members does the organisation have?",
        "Which countries took part in the Birlestik-2024 exercise?",
        "How do the articles differ on Azerbaijan's role?",  # a comparison, not a summary
    ],
)
def test_other_questions_are_not_summary_requests(question):
    assert recognise(question) is None


# -- a made-up collection (hashing embedder, in-memory store) ---------------------------------------


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    return ingest_made_up(tmp_path_factory.mktemp("made-up"), {"public_works.txt": long_article(9, 12)})


@pytest.fixture(scope="module")
def summaries(made_up):
    return SummaryAnswerer(made_up.store, made_up.texts, made_up.retriever)


@pytest.mark.parametrize(
    "question, file_name",
    [
        ("Summarise the glaciers article", "glaciers.txt"),
        ("Summarize Glaciers and the Security of the Pamir Valleys", "glaciers.txt"),
        ("What is Railways Across the Caspian Steppe about?", "railways.txt"),
        ("What does Sultanov argue?", "railways.txt"),
        ("Summarise the article by Aida Karimova", "glaciers.txt"),
        ("Give me a summary of Karimova's article", "glaciers.txt"),
        ("What are the main points of the article about fisheries?", "fisheries.txt"),
        ("Summarise the article about cooperatives, quotas and inspectors", "fisheries.txt"),  # by content
    ],
)
def test_one_article_is_summarised_by_its_sentences_in_article_order(made_up, summaries, question, file_name):
    text, citations = summaries.answer(question)
    doc_id = made_up.ids[file_name]
    article = made_up.store.article(doc_id)
    lines = text.split("\n")
    assert lines[0].startswith(f"“{article.title}”")
    assert {c.passage.doc_id for c in citations} == {doc_id}
    assert 3 <= len(citations) <= 7 and len(lines) == len(citations) + 1
    starts = [c.start for c in citations]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    check_quotes(made_up.store, text, citations)


def test_the_header_line_gives_title_author_and_date_and_omits_what_is_missing(summaries):
    assert summaries.answer("Summarise the glaciers article")[0].split("\n")[0] == GLACIERS_HEADER
    assert summaries.answer("Summarise the fisheries article")[0].split("\n")[0] == "“Fisheries of the Aral Basin”"


def test_a_longer_article_gets_more_sentences_up_to_seven(made_up, summaries):
    short = summaries.answer("Summarise the glaciers article")[1]
    long = summaries.answer("Summarise the article by Nodira Yusupova")[1]
    assert len(short) == 3 and 5 <= len(long) <= 7
    # Spread over the article: one quote a paragraph, but for a second from the opening one.
    text = made_up.texts(long[0].passage.doc_id)
    assert len({text.count("\n", 0, c.start) for c in long}) >= len(long) - 1


def test_a_topic_summary_groups_each_treating_article_with_its_most_relevant_sentences(made_up, summaries):
    text, citations = summaries.answer("Summarise what the articles say about border guards")
    intro, *blocks = groups(text)
    glaciers, railways = (header.split(" — ")[0] for header in (GLACIERS_HEADER, RAILWAYS_HEADER))
    assert intro in (
        [f"Two articles treat border guards: {glaciers} and {railways}."],
        [f"Two articles treat border guards: {railways} and {glaciers}."],
    )
    assert sorted(block[0] for block in blocks) == [GLACIERS_HEADER, RAILWAYS_HEADER]
    for block in blocks:
        doc_id = made_up.ids["glaciers.txt" if block[0] == GLACIERS_HEADER else "railways.txt"]
        mine = [c for c in citations if c.passage.doc_id == doc_id]
        assert 1 <= len(mine) <= 3 and block[1:] == [f"{c.quote} [{c.n}]" for c in mine]
        assert [c.start for c in mine] == sorted(c.start for c in mine)
        assert all("border guards" in c.quote.lower() for c in mine)
    check_quotes(made_up.store, text, citations)


def test_an_author_on_a_topic_is_answered_from_that_authors_article_only(made_up, summaries):
    text, citations = summaries.answer("What does Sultanov say about border guards?")
    assert text.split("\n")[0] == RAILWAYS_HEADER
    assert 1 <= len(citations) <= 3 and {c.passage.doc_id for c in citations} == {made_up.ids["railways.txt"]}
    assert all("border guards" in c.quote.lower() for c in citations)
    check_quotes(made_up.store, text, citations)


def test_an_author_who_does_not_address_the_topic_is_an_abstention(made_up, summaries):
    text, citations = summaries.answer("What does Sultanov say about glacier melt?")
    assert text.startswith(f"{ABSTAIN_TEXT} “Railways Across the Caspian Steppe” does not address glacier melt.")
    assert len(citations) <= 1 and {c.passage.doc_id for c in citations} <= {made_up.ids["railways.txt"]}
    check_quotes(made_up.store, text, citations)


def test_a_topic_no_article_treats_is_an_abstention(made_up, summaries):
    text, citations = summaries.answer("Give an overview of penguins")
    assert text.startswith(f"{ABSTAIN_TEXT} No article treats penguins.")
    check_quotes(made_up.store, text, citations)


@pytest.mark.parametrize(
    "question, says",
    [
        ("Summarise the article about penguins", "No article matches 'the article about penguins'; the collection has: “"),
        (
            "Summarise the article by Jane Doe",
            "No article is by 'Jane Doe'; the authors in the collection: Aida Karimova; Bolat Sultanov",
        ),
        ("What does Jane Doe argue in her article?", "No article is by 'Jane Doe'"),
        ("Summarise Winter Roads of the Altai", "“Winter Roads of the Altai” is still being ingested"),
        ("Summarise The Silent Archive article", "“The Silent Archive” holds no sentences that can be quoted"),
    ],
)
def test_bad_input_is_said_plainly_without_citations(summaries, question, says):
    text, citations = summaries.answer(question)
    assert text.startswith(says) and citations == []


@pytest.mark.parametrize(
    "question",
    [
        "What is the OTS about?",  # a subject, not an article
        "What does Aliyev say about glacier melt?",  # a person the articles may quote, not an author
        "What did Aliyev propose?",
        "What does the article say?",  # which article is for the conversation to say
    ],
)
def test_subjects_that_name_no_article_are_left_to_the_grounded_answerer(summaries, question):
    assert summaries.answer(question) is None


def test_the_whole_collection_is_summarised_two_sentences_an_article(made_up, summaries):
    text, citations = summaries.answer("Summarise all the articles")
    complete = [a for a in made_up.store.articles() if a.status == "complete" and made_up.texts(a.doc_id)]
    assert text.startswith(f"The collection has {len(complete) + 1} articles")  # the empty one counts too
    assert {c.passage.doc_id for c in citations} == {a.doc_id for a in complete}
    for article in complete:
        assert len([c for c in citations if c.passage.doc_id == article.doc_id]) == 2
    check_quotes(made_up.store, text, citations)


def test_summaries_and_comparisons_answer_inside_the_assistant_with_their_own_feature(made_up):
    from assistant.configs import grounded
    from assistant.retrieval import Filters

    assistant = grounded(made_up.store, made_up.embedder, made_up.lexical, rerank=False)
    events = list(assistant.stream("Summarise the glaciers article"))
    assert [e["event"] for e in events] == ["passages", "delta", "answer"]
    answer = events[-1]["answer"]
    assert answer.features == {"summary": 1.0} and not answer.abstained and answer.citations
    assert events[0]["passages"] == [c.passage for c in answer.citations]
    assert assistant.ask("How do the articles differ on border guards?").features == {"comparison": 1.0}
    assert assistant.ask("Do the articles agree on penguins?").abstained
    # Filters narrow what the grounded answerer reads; a summary does not take a filtered question.
    filtered = assistant.ask("Summarise the glaciers article", filters=Filters(doc_ids=(made_up.ids["railways.txt"],)))
    assert "summary" not in filtered.features


# -- the seed corpus, real model --------------------------------------------------------------------

DIPIRRO = "002-e92a9778611ebab8"
GABALA = "001-9d64fbbbf1f74134"


@pytest.fixture(scope="module")
def seed(ingested, embedder):
    from assistant.hybrid import HybridRetriever
    from assistant.quoting import ArticleTexts

    return SummaryAnswerer(
        ingested.store, ArticleTexts(ingested.store), HybridRetriever(ingested.store, embedder, ingested.lexical)
    )


@pytest.mark.slow
def test_every_seed_article_is_summarised_in_order_and_a_longer_one_more_fully(seed, ingested):
    counts = {}
    for article in ingested.store.articles():
        named = f"the article by {article.author}" if article.author else f"“{article.title}”"
        text, citations = seed.answer(f"Summarise {named}")
        assert {c.passage.doc_id for c in citations} == {article.doc_id}, named
        assert 3 <= len(citations) <= 7
        assert [c.start for c in citations] == sorted(c.start for c in citations)
        assert citations[-1].end <= article.body_end  # the body, not the footnotes
        check_quotes(ingested.store, text, citations)
        counts[article.doc_id] = (len(ingested.store.article(article.doc_id).text), len(citations))
    by_length = [n for _, n in sorted(counts.values())]
    assert by_length[-1] >= by_length[0]  # every seed article is long enough for the most (7); growth: made-up test above


@pytest.mark.slow
def test_an_article_named_by_a_description_is_found_by_title_words_or_content(seed, ingested):
    text, citations = seed.answer("What is the article about the Gabala summit about?")
    assert {c.passage.doc_id for c in citations} == {GABALA}
    text, citations = seed.answer("Summarise the article on Azerbaijan's defense networks with Central Asia")
    assert {c.passage.doc_id for c in citations} == {DIPIRRO}
    assert seed.answer("Summarise the article about penguins")[0].startswith("No article matches")


@pytest.mark.slow
def test_an_author_on_a_topic_quotes_that_authors_article_on_it(seed, ingested):
    text, citations = seed.answer("What does DiPirro say about Azerbaijan's role?")
    assert 1 <= len(citations) <= 3 and {c.passage.doc_id for c in citations} == {DIPIRRO}
    assert all("Azerbaijan" in c.quote for c in citations)
    check_quotes(ingested.store, text, citations)
    assert seed.answer("What does DiPirro say about penguins?")[0].startswith(ABSTAIN_TEXT)


@pytest.mark.slow
def test_a_topic_summary_over_the_seed_corpus_is_grouped_by_article(seed, ingested):
    text, citations = seed.answer("Summarise what the articles say about joint military exercises")
    intro, *blocks = groups(text)
    assert len(blocks) >= 2 and intro[0].startswith(("Two articles treat", "Three articles treat", "Four articles treat"))
    cited = [c.passage.doc_id for c in citations]
    assert len(set(cited)) == len(blocks) and cited == sorted(cited, key=cited.index)  # contiguous per article
    for block in blocks:
        assert block[0].startswith("“") and 2 <= len(block) <= 4
    check_quotes(ingested.store, text, citations)
    assert seed.answer("Summarise what the articles say about penguins")[0].startswith(ABSTAIN_TEXT)


@pytest.mark.slow
def test_single_fact_questions_still_go_to_the_grounded_answerer(ingested, embedder):
    from assistant.configs import grounded

    assistant = grounded(ingested.store, embedder, ingested.lexical, rerank=False)
    for question in (
        "What did Aliyev propose at the Gabala summit?",
        "When was the Gabala summit held?",
        "What is the OTS about?",
    ):
        assert not {"summary", "comparison", "collection"} & set(assistant.ask(question).features), question
    summary = assistant.ask("Summarise Brokers on the Bloc")
    assert summary.features == {"summary": 1.0} and {c.passage.doc_id for c in summary.citations} == {DIPIRRO}


@pytest.mark.slow
def test_which_articles_mention_a_name_lists_each_article_that_says_it(seed, ingested):
    """An article that names the Shusha Declaration once does not treat it, but "which pieces mention
    it" asks for that article too: every seed article whose body holds the name is listed, quoted where it
    says it (a footnote's mention, such as DiPirro's, is a reference, not the article's own words)."""
    texts = {a.doc_id: ingested.store.article(a.doc_id) for a in ingested.store.articles()}
    holding = {doc_id for doc_id, a in texts.items() if "Shusha Declaration" in a.text[: a.body_end]}
    assert len(holding) >= 2
    text, citations = seed.which_articles("Which pieces mention the Shusha Declaration?")
    assert {c.passage.doc_id for c in citations} == holding
    assert all("Shusha Declaration" in c.quote for c in citations)
    check_quotes(ingested.store, text, citations)


@pytest.mark.slow
def test_how_many_articles_mention_a_name_counts_them_with_the_name_as_the_topic(seed):
    text, citations = seed.which_articles("How many articles mention the Shusha Declaration?")
    listed, _ = seed.which_articles("Which pieces mention the Shusha Declaration?")
    assert text == listed and citations
    assert re.match(r"^\w+ articles? treats? the Shusha Declaration", text), text


@pytest.mark.slow
@pytest.mark.parametrize("named", ["the DiPirro article", "DiPirro's feature piece", "DiPirro's long analysis"])
def test_an_article_named_by_its_authors_name_is_that_authors(seed, named):
    text, citations = seed.answer(f"Summarise {named}")
    assert {c.passage.doc_id for c in citations} == {DIPIRRO}, text


def test_what_a_sentence_adds_is_the_weight_of_the_themes_no_chosen_quote_holds():
    """The coverage term of a summary (SummaryParams.coverage_weight): an article's recurring words and
    names are its themes; a sentence bringing a theme the chosen quotes lack adds most, one repeating
    them adds nothing, and a word said once is no theme."""
    from assistant.summaries import _gains, _themes

    texts = [
        "Border guards in Naryn opened a joint post with Kazakh officers.",
        "The joint post in Naryn now checks every lorry.",
        "Officers from Tashkent trained the Naryn border guards.",
        "The training was paid for by Tashkent.",
        "A single sentence about penguins.",
    ]
    themes = _themes(texts)
    words, weight = themes
    assert "naryn" in weight and "tashkent" in weight and "penguin" not in weight
    gains = _gains(themes, [0])
    assert gains[2] == max(gains) and gains[2] > 0  # Tashkent: a theme the first quote lacks
    assert gains[1] == 0.0  # Naryn and the joint post: the first quote holds them
    assert gains[4] == 0.0  # nothing recurring
    assert 0.0 <= gains.min() and gains.max() <= 1.0
