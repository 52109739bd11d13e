"""Comparisons: told from the wording alone; each article's position on a topic quoted exactly, side by
side, grouped by article; one article or none said plainly. Fast tests on a made-up collection (hashing
embedder), slow ones on the seed corpus with the real model."""

from __future__ import annotations

import pytest

from assistant.comparison_questions import ComparisonRequest, recognise
from assistant.comparisons import ComparisonAnswerer, ComparisonParams
from assistant.grounded import ABSTAIN_TEXT
from tests.assistant.made_up import check_quotes, groups, ingest_made_up

GLACIERS = "“Glaciers and the Security of the Pamir Valleys”"
RAILWAYS = "“Railways Across the Caspian Steppe”"


@pytest.mark.parametrize(
    "question, asked",
    [
        ("How do the articles differ on Azerbaijan's role?", ComparisonRequest("Azerbaijan's role")),
        ("How do the articles differ about the Middle Corridor", ComparisonRequest("the Middle Corridor")),
        ("Compare what the articles say about NATO", ComparisonRequest("NATO")),
        ("Please compare what the sources say on drones.", ComparisonRequest("drones")),
        ("Do the articles agree on joint military exercises?", ComparisonRequest("joint military exercises")),
        ("Do the authors disagree about Russia?", ComparisonRequest("Russia")),
        ("How do the articles' views on China differ?", ComparisonRequest("China")),
        ("Is there agreement among the articles on energy security?", ComparisonRequest("energy security")),
        ("Compare the articles on Türkiye's role", ComparisonRequest("Türkiye's role")),
        ("Compare what DiPirro and Samedov say about Russia", ComparisonRequest("Russia", "DiPirro and Samedov")),
        ("Do DiPirro and Samedov agree on the CSTO?", ComparisonRequest("the CSTO", "DiPirro and Samedov")),
        (
            "Compare Brokers on the Bloc and the Gabala article on security",
            ComparisonRequest("security", "Brokers on the Bloc and the Gabala article"),
        ),
        ("How do Samedov and DiPirro differ on Türkiye?", ComparisonRequest("Türkiye", "Samedov and DiPirro")),
    ],
)
def test_comparisons_are_recognised(question, asked):
    assert recognise(question) == asked


@pytest.mark.parametrize(
    "question",
    [
        "What did Aliyev propose at the Gabala summit?",
        "When was the Gabala summit held?",
        "How does the OTS differ from the CSTO?",  # no topic to compare on: a question about the content
        "Summarise what the articles say about drones",  # a summary
        "What does DiPirro say about Azerbaijan's role?",
        "Compare the two proposals",
    ],
)
def test_other_questions_are_not_comparisons(question):
    assert recognise(question) is None


# -- a made-up collection (hashing embedder, in-memory store) ---------------------------------------


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    return ingest_made_up(tmp_path_factory.mktemp("made-up"))


@pytest.fixture(scope="module")
def comparisons(made_up):
    return ComparisonAnswerer(made_up.store, made_up.texts, made_up.retriever)


def _blocks_by_article(made_up, text, citations) -> list[tuple[str, list]]:
    """Each article block's header and its citations, checking the block quotes them one a line."""
    out = []
    for block in groups(text)[1:]:
        if not block[0].startswith("“") or block[0].endswith("."):
            continue  # a closing note ("… does not address X."), not an article's block
        mine = [c for c in citations if f"{c.quote} [{c.n}]" in block[1:]]
        assert len(mine) == len(block) - 1 and len({c.passage.doc_id for c in mine}) == 1, block
        out.append((block[0], mine))
    return out


def test_two_named_authors_are_quoted_side_by_side_in_the_order_named(made_up, comparisons):
    text, citations = comparisons.answer("Compare what Karimova and Sultanov say about border guards")
    assert text.startswith("Two articles address border guards, each in its own words:")
    blocks = _blocks_by_article(made_up, text, citations)
    assert [header.split(" — ")[0] for header, _ in blocks] == [GLACIERS, RAILWAYS]
    for _, mine in blocks:
        assert 1 <= len(mine) <= 3 and all("border guards" in c.quote.lower() for c in mine)
        assert [c.start for c in mine] == sorted(c.start for c in mine)
    assert sum(len(mine) for _, mine in blocks) == len(citations)
    check_quotes(made_up.store, text, citations)
    # Named the other way round, the blocks come the other way round.
    text, citations = comparisons.answer("Compare what Sultanov and Karimova say about border guards")
    assert [h.split(" — ")[0] for h, _ in _blocks_by_article(made_up, text, citations)] == [RAILWAYS, GLACIERS]


def test_every_article_addressing_the_topic_is_compared_and_no_other(made_up, comparisons):
    text, citations = comparisons.answer("How do the articles differ on border guards?")
    blocks = _blocks_by_article(made_up, text, citations)
    assert sorted(h.split(" — ")[0] for h, _ in blocks) == sorted([GLACIERS, RAILWAYS])
    assert made_up.ids["fisheries.txt"] not in {c.passage.doc_id for c in citations}
    check_quotes(made_up.store, text, citations)


def test_only_one_article_addressing_the_topic_is_said_plainly(made_up, comparisons):
    text, citations = comparisons.answer("Do the articles agree on glacier melt?")
    assert text.startswith(f"Only {GLACIERS} addresses glacier melt:")
    assert {c.passage.doc_id for c in citations} == {made_up.ids["glaciers.txt"]} and 1 <= len(citations) <= 3
    check_quotes(made_up.store, text, citations)
    text, citations = comparisons.answer("Compare what Karimova and Sultanov say about glacier melt")
    assert text.startswith(f"Only {GLACIERS} addresses glacier melt:")
    assert text.endswith(f"{RAILWAYS} does not address glacier melt.")
    check_quotes(made_up.store, text, citations)


def test_no_article_addressing_the_topic_is_an_abstention(made_up, comparisons):
    text, citations = comparisons.answer("Compare what the articles say about penguins")
    assert text.startswith(f"{ABSTAIN_TEXT} No article addresses penguins.")
    assert len(citations) <= 1
    check_quotes(made_up.store, text, citations)
    text, _ = comparisons.answer("Do Karimova and Sultanov agree on penguins?")
    assert text.startswith(f"{ABSTAIN_TEXT} {GLACIERS} and {RAILWAYS} do not address penguins.")


@pytest.mark.parametrize(
    "question, says",
    [
        ("Compare what Karimova and Jane Doe say about border guards", "No article matches 'Jane Doe'; the collection has: “"),
        ("Compare what Karimova and the article by Jane Doe say about water", "No article is by 'Jane Doe'"),
        (
            "Compare what Karimova and the article about penguins say about water",
            "No article matches 'the article about penguins'",
        ),
        ("Do Karimova and Winter Roads of the Altai agree on roads?", "“Winter Roads of the Altai” is still being ingested"),
    ],
)
def test_bad_input_is_said_plainly(comparisons, question, says):
    text, citations = comparisons.answer(question)
    assert says in text
    assert citations == [] or "still being ingested" in text


def test_parties_that_name_no_article_leave_the_question_to_the_grounded_answerer(comparisons):
    assert comparisons.answer("Do Russia and China agree on border guards?") is None
    assert comparisons.answer("Compare Türkiye and Azerbaijan on railways") is None


def test_a_title_with_commas_and_and_is_one_party(tmp_path):
    made_up = ingest_made_up(tmp_path, {"ports.txt": "Ports, Rails, and Roads\n\nBy Kamila Orazova\n\n" + _PORTS})
    comparisons = ComparisonAnswerer(made_up.store, made_up.texts, made_up.retriever)
    text, citations = comparisons.answer("Compare what Ports, Rails, and Roads and Sultanov say about border guards")
    cited = {c.passage.doc_id for c in citations}
    assert cited == {made_up.ids["ports.txt"], made_up.ids["railways.txt"]}, text


_PORTS = (
    "Border guards at the new ports check every container that arrives by sea. "
    "Border guards also ride the night trains that leave the harbour for the steppe.\n\n"
    "The ports grew faster than the roads that serve them, and trucks queue for hours at the gates.\n"
)


# -- the seed corpus, real model --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(ingested, embedder):
    from assistant.hybrid import HybridRetriever
    from assistant.quoting import ArticleTexts

    return ComparisonAnswerer(
        ingested.store, ArticleTexts(ingested.store), HybridRetriever(ingested.store, embedder, ingested.lexical)
    )


@pytest.mark.slow
def test_seed_articles_compared_on_a_topic_are_grouped_with_a_few_quotes_each(seed, ingested):
    for question in ("How do the articles differ on Azerbaijan's role?", "Do the articles agree on joint military exercises?"):
        text, citations = seed.answer(question)
        intro, *blocks = groups(text)
        assert intro[0].endswith("each in its own words:") and len(blocks) >= 2, question
        cited = [c.passage.doc_id for c in citations]
        assert len(set(cited)) == len(blocks) and cited == sorted(cited, key=cited.index)  # contiguous per article
        assert all(1 <= cited.count(d) <= ComparisonParams().per_article for d in set(cited))
        check_quotes(ingested.store, text, citations)


@pytest.mark.slow
def test_two_seed_authors_are_compared_from_their_own_articles(seed, ingested):
    by = {a.author: a.doc_id for a in ingested.store.articles() if a.author}
    assert len(by) >= 2
    first, second = sorted(by)[:2]
    text, citations = seed.answer(f"Compare what {first.split()[-1]} and {second.split()[-1]} say about Russia")
    assert {c.passage.doc_id for c in citations} <= {by[first], by[second]} and citations
    assert all("Russia" in c.quote for c in citations)
    check_quotes(ingested.store, text, citations)
    assert seed.answer(f"Do {first.split()[-1]} and {second.split()[-1]} agree on penguins?")[0].startswith(ABSTAIN_TEXT)


def test_quoted_titles_are_parties_of_their_own(made_up, comparisons):
    glaciers, railways = "“Glaciers and the Security of the Pamir Valleys”", "“Railways Across the Caspian Steppe”"
    text, citations = comparisons.answer(f"Compare what {glaciers} and {railways} say about border guards")
    assert {c.passage.doc_id for c in citations} == {made_up.ids["glaciers.txt"], made_up.ids["railways.txt"]}, text
