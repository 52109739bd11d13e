"""The answer contract, through the real store and model, for both baseline configurations."""

from __future__ import annotations

import pytest

from assistant import build_assistant
from assistant.answer import MAX_QUESTION_CHARS
from otsqa.errors import ConfigError, QuestionError, StoreNotFoundError
from store.memory import MemoryStore

CITATION_KEYS = set("n doc_id source title title_source author date quote start end chunk_id passage".split())
PASSAGE_KEYS = {"rank", "doc_id", "source", "chunk_id", "text", "score"}


@pytest.mark.slow
@pytest.mark.parametrize("config", ["dense", "naive"])
def test_answer_json_follows_the_contract_and_quotes_are_exact(ingested, embedder, config):
    store = ingested.store
    assistant = build_assistant(config, store, embedder, ingested.lexical)
    answer = assistant.ask("What percentage of Uzbekistan's border is covered by video surveillance?").to_json()
    assert set(answer) == {"question", "answer", "abstained", "citations", "passages", "timings_ms", "config", "kind"}
    assert answer["kind"] == "fact"
    assert answer["config"] == config and answer["abstained"] is False
    assert len(answer["passages"]) >= 10
    assert all(set(p) == PASSAGE_KEYS for p in answer["passages"])
    assert [p["rank"] for p in answer["passages"]] == list(range(1, len(answer["passages"]) + 1))
    assert {"retrieve", "answer", "total"} <= set(answer["timings_ms"])
    citation = answer["citations"][0]
    assert CITATION_KEYS <= set(citation) and citation["n"] == 1
    assert answer["answer"].endswith("[1]") and citation["quote"] in answer["answer"]
    article = store.article(citation["doc_id"]).text
    assert article[citation["start"] : citation["end"]] == citation["quote"]
    assert citation["quote"] in citation["passage"]


@pytest.mark.slow
def test_dense_finds_the_surveillance_figure(ingested, embedder):
    store = ingested.store
    answer = build_assistant("dense", store, embedder, ingested.lexical).ask(
        "What share of Uzbekistan's border has video surveillance?"
    )
    assert "42 percent" in answer.answer
    assert answer.citations[0].passage.title.startswith("Security, Corridors, and Cooperation")


@pytest.mark.slow
def test_a_footnote_is_quoted_without_its_label(ingested, embedder):
    store = ingested.store
    assistant = build_assistant("dense", store, embedder, ingested.lexical)
    passages = assistant.retrieve("What is OTS+, the engagement format for non-member states?", 10)
    note = next(p for p in passages if p.kind == "footnote" and p.marker == "4")
    from assistant.quoting import ArticleTexts, passage_sentences

    quotes = passage_sentences(note, ArticleTexts(store)(note.doc_id))
    assert quotes[0].text.startswith("Refers to the newly-emerging external engagement format")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "message"),
    [("", "empty"), ("   \n\t", "empty"), ("x" * (MAX_QUESTION_CHARS + 1), str(MAX_QUESTION_CHARS))],
)
def test_bad_questions_are_refused_before_retrieval(ingested, embedder, question, message):
    store = ingested.store
    with pytest.raises(QuestionError, match=message):
        build_assistant("dense", store, embedder, ingested.lexical).ask(question)


def test_an_empty_store_names_the_fix(embedder):
    with pytest.raises(StoreNotFoundError, match="otsqa ingest"):
        build_assistant("dense", MemoryStore(), embedder, None)


def test_an_unknown_configuration_lists_the_known_ones(embedder):
    with pytest.raises(ConfigError, match="naive, dense, grounded"):
        build_assistant("magic", MemoryStore(), embedder, None)


@pytest.mark.slow
def test_bad_history_is_a_question_error(ingested, embedder):
    store = ingested.store
    with pytest.raises(QuestionError, match="history"):
        build_assistant("dense", store, embedder, ingested.lexical).ask("And then?", history="not a list")


@pytest.mark.slow
def test_every_configuration_keeps_one_contract(ingested, embedder):
    """Whatever the configuration: the `Assistant` protocol, `retrieve` giving ranked passages with the
    same arguments, and a watch on the store unless it answers from a copy (the llama-index baseline)."""
    from assistant import Assistant, Filters, StoreWatch
    from assistant.answer import Passage
    from assistant.configs import CONFIGS, ON_REQUEST

    question = "What share of Uzbekistan's border has video surveillance?"
    for config in [c for c in CONFIGS if c not in ON_REQUEST]:
        assistant = build_assistant(config, ingested.store, embedder, ingested.lexical, ingested.settings)
        assert isinstance(assistant, Assistant) and assistant.config == config
        passages = assistant.retrieve(question, 5, None)
        assert len(passages) == 5 and all(isinstance(p, Passage) for p in passages), config
        assert [p.rank for p in passages] == [1, 2, 3, 4, 5]
        assert isinstance(assistant.watch, StoreWatch) == (config != "naive"), config
        if config in ("naive", "dense"):
            with pytest.raises(ConfigError, match=f"The '{config}' baseline cannot filter"):
                assistant.retrieve(question, 5, Filters(doc_ids=("x",)))
        else:
            only = Filters(doc_ids=(passages[-1].doc_id,))
            assert {p.doc_id for p in assistant.retrieve(question, 5, only)} == {passages[-1].doc_id}
