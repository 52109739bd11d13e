"""What summaries and comparisons share: which articles a phrase names, how a sentence is scored
against a topic, which sentences are picked, and the header line."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.extracts import ArticleFinder, TopicScorer, header, pick, quotable_only
from store.base import ArticleRecord, SentenceRecord
from tests.assistant.made_up import ingest_made_up


@pytest.fixture(scope="module")
def made_up(tmp_path_factory):
    return ingest_made_up(tmp_path_factory.mktemp("made-up"))


@pytest.mark.parametrize(
    "phrase, file_names",
    [
        ("Glaciers and the Security of the Pamir Valleys", ["glaciers.txt"]),
        ("the glaciers article", ["glaciers.txt"]),
        ("the article about railways", ["railways.txt"]),
        ("the article by Karimova", ["glaciers.txt"]),
        ("the piece written by Aida Karimova", ["glaciers.txt"]),
        ("Sultanov's article", ["railways.txt"]),
        ("Bolat Sultanov", ["railways.txt"]),
        ("“Fisheries of the Aral Basin”", ["fisheries.txt"]),
        ("the article titled Railways Across the Steppe", ["railways.txt"]),
        ("the article about quotas, cooperatives and inspectors", ["fisheries.txt"]),  # by content: no title word
        ("the article about penguins", []),
        ("the article by Jane Doe", []),
        ("“Arctic Shipping Lanes”", []),
        ("the Pamir", None),  # one title word: a subject, not an article
        ("Aliyev", None),  # a person, not an author here
        ("the article", None),  # which one is for the conversation to say
    ],
)
def test_a_phrase_names_articles_by_title_author_or_description(made_up, phrase, file_names):
    finder = ArticleFinder(made_up.store, made_up.embedder.embed)
    named = finder.named(phrase, finder.articles())
    if file_names is None:
        assert named is None
    else:
        assert [a.doc_id for a in named.articles] == [made_up.ids[f] for f in file_names]


def test_who_a_phrase_names_as_author_is_kept_for_the_reply(made_up):
    finder = ArticleFinder(made_up.store, made_up.embedder.embed)
    assert finder.named("the article by Jane Doe", finder.articles()).author == "Jane Doe"
    assert finder.named("the article about penguins", finder.articles()).author == ""


def test_an_author_matches_only_when_every_longer_word_of_the_name_is_in_it():
    articles = [ArticleRecord("a", "/a.txt", "A", "Aida Karimova"), ArticleRecord("b", "/b.txt", "B", "Ilham Karimov Jr")]
    finder = ArticleFinder(None, lambda texts: [])
    assert [a.doc_id for a in finder.by_author("Karimova", articles)] == ["a"]
    assert [a.doc_id for a in finder.by_author("Aida Karimova", articles)] == ["a"]
    assert finder.by_author("Aida Karimov", articles) == []
    assert finder.by_author("Dr", articles) == []


def _sentence(text: str, vector: list[float]) -> tuple[SentenceRecord, np.ndarray]:
    return SentenceRecord(f"d@{len(text)}", "d", text, 0, len(text)), np.asarray(vector, dtype=np.float32)


def test_a_topics_words_count_in_either_spelling_and_the_vectors_add_their_cosine():
    scorer = TopicScorer(None)
    sentences = [
        _sentence("The defense industry grew.", [1.0, 0.0]),
        _sentence("The defence industry grew.", [1.0, 0.0]),
        _sentence("Ships militarized the coast.", [0.0, 1.0]),
        _sentence("Nothing to see here at all.", [0.0, 1.0]),
    ]
    scores = scorer.scores("the defence industry", [1.0, 0.0], sentences)
    assert scores[0] == pytest.approx(scores[1]) and scores[0] == pytest.approx(1.0 + 0.35)
    assert scorer.scores("militarised coasts", [1.0, 0.0], sentences)[2] == pytest.approx(0.35)
    assert scores[3] == pytest.approx(0.0)


def test_pick_takes_the_best_then_close_ones_that_do_not_repeat_it():
    sentences = [
        _sentence("a", [1.0, 0.0]),
        _sentence("bb", [0.999, 0.045]),  # repeats the first (cosine > 0.85)
        _sentence("ccc", [0.6, 0.8]),
        _sentence("dddd", [0.0, 1.0]),
    ]
    sentences = [(r, v / np.linalg.norm(v)) for r, v in sentences]
    scores = np.array([0.9, 0.89, 0.85, 0.5])
    assert pick(sentences, scores, 3, floor=0.6, margin=0.1, redundant=0.85) == [0, 2]
    assert pick(sentences, scores, 1, floor=0.6, margin=0.1, redundant=0.85) == [0]
    assert pick(sentences, scores, 3, floor=0.6, margin=0.01, redundant=0.85) == [0]


@pytest.mark.parametrize(
    "record, line",
    [
        (ArticleRecord("a", "/x/a.txt", "Title", "Author", "2025-01-02"), "“Title” — Author, 2 January 2025"),
        (ArticleRecord("a", "/x/a.txt", "Title", "", "2025-01-02"), "“Title” — 2 January 2025"),
        (ArticleRecord("a", "/x/a.txt", "Title", "Author", ""), "“Title” — Author"),
        (ArticleRecord("a", "/x/a.txt", "", "", ""), "“a.txt”"),
    ],
)
def test_the_header_line_omits_what_an_article_lacks(record, line):
    assert header(record) == line


def test_a_bare_phrase_never_names_an_article_by_a_title_made_from_its_opening_words():
    made = ArticleRecord("m", "/m.txt", "The Council of Steppe Cities met in spring…", title_source="derived")
    real = ArticleRecord("r", "/r.txt", "Steppe Cities and Their Councils", title_source="header")
    assert ArticleFinder.by_title("the Council of Steppe Cities", [made]) == []
    assert [a.doc_id for a in ArticleFinder.by_title("the Council of Steppe Cities", [made, real])] == ["r"]
    assert ArticleFinder.by_title("the Steppe", [real]) == []  # one word is a subject, not a title


@pytest.mark.parametrize(
    "phrase, file_names",
    [
        # what an article says names it by its one closest sentence, whatever its title words
        ("the op-ed that says the shared point cut waiting times at the frontier", ["railways.txt"]),
        ("the piece arguing that a joint monitoring centre would give every capital the same data", ["glaciers.txt"]),
        ("the article which claims that cooperatives now sell their catch to buyers in four countries", ["fisheries.txt"]),
        ("the report that says penguins elected a president of the steppe", []),  # nothing says it: no article
    ],
)
def test_a_phrase_names_an_article_by_what_it_says(made_up, phrase, file_names):
    finder = ArticleFinder(made_up.store, made_up.embedder.embed)
    named = finder.named(phrase, finder.articles())
    assert [a.doc_id for a in named.articles] == [made_up.ids[f] for f in file_names]


def test_a_heading_is_not_what_an_article_claims(made_up):
    """A short line holding the claim's words (a heading, a label) does not name its article: a claim is
    a sentence of at least CLAIM_MIN_WORDS words."""
    from assistant.extracts import CLAIM_MIN_WORDS

    finder = ArticleFinder(made_up.store, made_up.embedder.embed)
    assert finder.by_claim("Fisheries", finder.articles()) == []
    assert CLAIM_MIN_WORDS >= 4


def test_an_interviewers_question_is_no_point_an_article_makes():
    # Made-up interview: the questions are the interviewer's, the answers the article's points.
    text = "Q: Why did the border talks take so long to finish? A: Because the maps disagreed by three kilometres on the river."
    cut = text.index("A:")
    records = [
        SentenceRecord("s:0", "d", text[: cut - 1], 0, cut - 1),
        SentenceRecord(f"s:{cut}", "d", text[cut:], cut, len(text)),
    ]
    kept = quotable_only([(r, np.ones(3)) for r in records], lambda _: text, 5)
    assert [r.text for r, _ in kept] == [text[cut:]]


def test_the_second_half_of_a_sentence_a_layout_cut_is_no_point_either():
    # Made-up page: a sidebar's lines fell between the two halves of one sentence.
    first = "The statement asked that the new rulers respect the rights of all Afghans."
    torn = "in Tbilisi as a fact on the ground while leaving recognition to the United Nations."
    whole = "E-commerce and iPhone sales are not the subject here, but 12 ministers signed."
    text = f"{first} {torn} {whole}"
    records, at = [], 0
    for sentence in (first, torn, whole):
        start = text.index(sentence, at)
        records.append(SentenceRecord(f"s:{start}", "d", sentence, start, start + len(sentence)))
        at = start + len(sentence)
    kept = quotable_only([(r, np.ones(3)) for r in records], lambda _: text, 5)
    assert [r.text for r, _ in kept] == [first, whole]
    lower = "iPhone sales in Tbilisi rose by 12 percent in the year the ministers signed."
    record = SentenceRecord("s:0", "d", lower, 0, len(lower))
    assert [r.text for r, _ in quotable_only([(record, np.ones(3))], lambda _: lower, 5)] == [lower]


def _paragraph_records(paragraphs: list[str]) -> tuple[str, list[SentenceRecord]]:
    text = "\n\n".join(paragraphs)
    records, at = [], 0
    for paragraph in paragraphs:
        start = text.index(paragraph, at)
        records.append(SentenceRecord(f"s:{start}", "d", paragraph, start, start + len(paragraph)))
        at = start + len(paragraph)
    return text, records


@pytest.mark.parametrize(
    "paragraphs, kept",
    [
        (  # a heading with a colon between two paragraphs of prose heads a section: no point made
            [
                "Washington has paid for border posts and for flights out of the camps in Syria since 2019.",
                "The Gulf states: money first, then security",
                "Riyadh and Doha sent investment missions before they sent any security officials to the region.",
            ],
            [0, 2],
        ),
        (  # rows among rows are a table's, with or without figures
            ["Seat of the fund: Istanbul", "Chair of the board: Saudi Arabia", "Members: Georgia, Turkiye and Hungary"],
            [0, 1, 2],
        ),
        (  # a row alone that gives a figure or a date is content too
            [
                "The ministers met in Tbilisi and agreed on a common list of banned groups for the region.",
                "Entry into force: 4 July 2023",
                "The list is to be reviewed every two years by the foreign ministries of the members.",
            ],
            [0, 1, 2],
        ),
    ],
    ids=["heading", "rows", "lone-row-with-a-date"],
)
def test_a_heading_shaped_like_a_row_is_no_point_an_article_makes(paragraphs, kept):
    text, records = _paragraph_records(paragraphs)
    found = quotable_only([(r, np.ones(3)) for r in records], lambda _: text, 3, rows=True)
    assert [r.text for r, _ in found] == [paragraphs[i] for i in kept]


def test_an_article_is_named_by_its_publication():
    # Made-up records: two pieces on ports, one from a site whose page named it.
    texts = {
        "a": "The ministers met in Tbilisi and agreed on a register of port calls.",
        "b": "Riyadh and Helsinki compared the rules of their ports.",
    }
    articles = [
        ArticleRecord("a", "/x/ports_tbilisi.html", "Ports under pressure", "Nino Beridze", publication="Gulf Review"),
        ArticleRecord("b", "/x/ports_riyadh.txt", "Port rules compared", "Leyla Aliyeva"),
    ]
    finder = ArticleFinder(None, lambda batch: [], texts.get)
    assert [a.doc_id for a in finder.identified("the Gulf Review piece", articles)] == ["a"]
    assert [a.doc_id for a in finder.named("the Gulf Review piece on ports", articles).articles] == ["a"]
    assert [a.doc_id for a in finder.named("the article in the Gulf Review", articles).articles] == ["a"]


def test_an_outlet_alone_names_the_one_article_it_ran():
    texts = {"a": "The ministers met in Tbilisi.", "b": "Riyadh compared port rules.", "c": "Helsinki kept a register."}
    articles = [
        ArticleRecord("a", "/x/a.html", "Ports under pressure", "Nino Beridze", publication="Gulf Review"),
        ArticleRecord("b", "/x/b.txt", "Port rules compared", "", publication="Riyadh Port Watch"),
        ArticleRecord("c", "/x/c.txt", "Registers of ships", "", publication="Riyadh Port Watch"),
    ]
    finder = ArticleFinder(None, lambda batch: [], texts.get)
    assert [a.doc_id for a in finder.named("the Gulf Review", articles).articles] == ["a"]
    assert finder.named("Riyadh Port Watch", articles) is None  # it ran two: no one article is named
    assert finder.named("Washington", articles) is None


@pytest.mark.parametrize(
    "phrase, doc_id",
    [
        ("the slide deck", "s"),  # a deck is slides: its file and its "Slide 1 — …" lines say so
        ("the slides", "s"),
        ("the Tbilisi slides", "s"),
        ("the ports news page", "p"),  # "news page" is one kind, as the file name writes it
        ("the Helsinki news page", "p"),
    ],
)
def test_slides_decks_and_pages_are_kinds_a_phrase_names(phrase, doc_id):
    texts = {
        "s": "Slide 1 — Ports of the Caspian\nTbilisi hosted the ministers of transport and their port authorities.",
        "p": "Accept cookies\nThe ministers met in Helsinki and agreed on a register of port calls for every member.",
        "b": "This brief sets out how the ports of the Caspian compare on customs and the time ships wait.",
    }
    articles = [
        ArticleRecord("s", "/x/ports_tbilisi_slides.txt", "Ports of the Caspian", "Nino Beridze"),
        ArticleRecord("p", "/x/ports_newspage.html", "Ports under pressure", "Leyla Aliyeva"),
        ArticleRecord("b", "/x/ports_brief.txt", "Caspian ports compared", "Aida Karimova"),
    ]
    finder = ArticleFinder(None, lambda batch: [[1.0, 0.0]] * len(batch), texts.get)
    named = finder.named(phrase, articles)
    assert named is not None and [a.doc_id for a in named.articles] == [doc_id]


# Pieces whose file names, titles and authors say nothing of their kind: their header lines and their shape do.
SHAPED = {
    "t": "GRAIN ROUTES OF THE STEPPE\nRoundtable record, Almaty Policy Forum\n\n"
    "MODERATOR: Welcome to the session on grain routes.\nBEKOV: The wagons wait three days at the crossing.\n"
    "HALVORSEN: Nairobi and Helsinki buyers want the same grain.\nBEKOV: Then the crossing must open at night.",
    "q": "Fences and herds\n\nQ: When did the fence go up?\nA: In the spring of 2019, along the river.\n"
    "Q: Who paid for it?\nA: The district, with a loan.\nQ: Will it stay?\nA: Nobody in Tbilisi can say.",
    "w": "Quotas on the river\n\nThis paper asks whether the river quotas set in Dubai in 2021 still hold. The quotas "
    "were meant to last ten years.",
    "c": "Ports of the Gulf, 2019-2024\n\n- 3 April 2019 — Riyadh opens a dry port.\n- May 2021 — The quay in Dubai "
    "is extended.\n- 12 June 2024 — Shanghai buyers sign for the first cargo.",
    "f": "Caspian ferries\n\nWhat is the ferry line?\nA weekly ship between two ports.\nWho runs it?\nA company from Baku "
    "that leases two ships.\nWhen does it sail?\nEvery Tuesday at noon, weather allowing.",
    "r": "Ref.: TRN/BR/2024-03\n\nThe crossing at the river handles four hundred wagons a day, the note from Washington says.",
}


@pytest.mark.parametrize(
    "phrase, doc_id",
    [
        ("the roundtable", "t"),  # a header line says it
        ("the roundtable transcript", "t"),  # speakers' turns make a transcript
        ("the transcript", None),  # so do an interview's questions and answers: two transcripts
        ("the interview", "q"),  # questions and answers
        ("the working paper", "w"),  # "This paper asks …": a paper, though "paper" names any piece
        ("the paper", "w"),
        ("the chronology", "c"),  # lines opening with dates
        ("the FAQ", "f"),  # question headings
        ("TRN/BR/2024-03", "r"),  # the reference number it carries
        ("the brief TRN/BR/2024-03", "r"),
        ("XQ/77/2020", None),  # a reference no piece carries
    ],
)
def test_what_a_piece_shows_itself_to_be_names_it(phrase, doc_id):
    articles = [ArticleRecord(d, f"/x/item_{i}.txt", f"Item {i}", "Aida Karimova") for i, d in enumerate(SHAPED)]
    finder = ArticleFinder(None, lambda batch: [[1.0, 0.0]] * len(batch), SHAPED.get)
    named = finder.named(phrase, articles)
    if doc_id is None:
        assert named is None or named.articles == []
    else:
        assert named is not None and [a.doc_id for a in named.articles] == [doc_id]
