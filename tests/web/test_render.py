"""The HTML the chat renders (web/render.py): escaped, with working citation links."""

from __future__ import annotations

from otsqa.answer_markdown import answer_markdown
from web.render import answer_as_text, highlight, link_markers, render_transcript


def test_transcript_html_escapes_everything_from_people_and_articles():
    hostile = "<img src=x onerror=alert(1)> {{value}} ${alert(2)} `x`"
    answer = {
        "answer": f"{hostile} [1] and [7]",
        "abstained": False,
        "citations": [
            {
                "n": 1,
                "title": "<b>T</b>",
                "author": "A & B",
                "date": "2025",
                "quote": hostile,
                "passage": f"Before. {hostile} After.",
            }
        ],
    }
    html = render_transcript([{"question": hostile, "answer": answer, "id": "abc"}])
    assert "<img" not in html and "<b>" not in html and "{{" not in html and "${" not in html and "`" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;b&gt;T&lt;/b&gt;" in html
    assert 'href="#ots-t0-s1"' in html and 'id="ots-t0-s1"' in html and "[7]" in html and "#ots-t0-s7" not in html
    assert '<mark id="ots-t0-s1">&lt;img' in html


def test_highlight_and_links():
    quote = [{"n": 2, "quote": "Two."}]
    assert highlight("One. Two. Three.", quote, "t") == 'One. <mark id="t-s2">Two.</mark> Three.'
    assert highlight("One.", [{"n": 1, "quote": "Elsewhere."}], "t") == 'One. <mark id="t-s1">Elsewhere.</mark>'
    assert link_markers("a [1] b [2]", "t", {2}) == 'a [1] b <a class="ots-cite" href="#t-s2" data-target="t-s2">[2]</a>'


def test_a_passage_quoted_twice_is_shown_once_with_both_quotes_marked():
    passage = "One. Two. Three."
    cited = [
        {"n": 1, "chunk_id": "a#0", "title": "A", "quote": "Three.", "passage": passage},
        {"n": 2, "chunk_id": "b#4", "title": "B", "quote": "Four.", "passage": "Four."},
        {"n": 3, "chunk_id": "a#0", "title": "A", "quote": "One.", "passage": passage},
    ]
    answer = {"answer": "Three. [1] Four. [2] One. [3]", "abstained": False, "citations": cited}
    html = render_transcript([{"question": "Q?", "answer": answer}])
    assert html.count('class="ots-source"') == 2 and "Sources (2)" in html and "[1][3]" in html
    assert '<mark id="ots-t0-s3">One.</mark> Two. <mark id="ots-t0-s1">Three.</mark>' in html
    for n in (1, 2, 3):
        assert f'data-target="ots-t0-s{n}"' in html and f'id="ots-t0-s{n}"' in html


def test_abstention_looks_different():
    answer = {"answer": "The articles do not answer this question.", "abstained": True, "citations": []}
    html = render_transcript([{"question": "Who won the 1998 World Cup?", "answer": answer, "id": "x"}])
    assert "ots-abstained" in html and "Not in the articles" in html


def test_a_derived_title_is_shown_set_apart_and_a_file_name_only_without_a_title():
    passage = "One. Two."
    derived = {
        "n": 1,
        "chunk_id": "a#0",
        "title": "<i>Opening</i> words…",
        "title_source": "derived",
        "passage": passage,
        "quote": "One.",
    }
    header = {"n": 2, "chunk_id": "b#0", "title": "Own title", "title_source": "header", "passage": passage, "quote": "Two."}
    old = {"n": 3, "chunk_id": "c#0", "title": "", "source": "/corpus/001_x.txt", "passage": passage, "quote": "Two."}
    answer = {"answer": "One. [1] Two. [2] [3]", "abstained": False, "citations": [derived, header, old]}
    html = render_transcript([{"question": "Q?", "answer": answer}])
    assert '<span class="ots-title ots-derived" title="The article has no title: these are its opening words.">' in html
    assert "&lt;i&gt;Opening&lt;/i&gt; words…</span>" in html
    assert '<span class="ots-title">Own title</span>' in html
    assert '<span class="ots-title">001_x.txt</span>' in html  # a store ingested before titles were derived
    assert answer_as_text(answer).splitlines()[-3:] == [
        "[1] <i>Opening</i> words…: “One.”",
        "[2] Own title: “Two.”",
        "[3] 001_x.txt: “Two.”",
    ]


def _citation(passage: str, date: str) -> dict:
    """One citation of a whole passage from article "A" by B. Writer, published on ``date``."""
    return {"n": 1, "chunk_id": "a#0", "title": "A", "author": "B. Writer", "date": date, "quote": passage, "passage": passage}


def test_sources_give_dates_as_analysts_write_them_and_the_direct_answer_stands_out():
    passage = "The summit met in Gabala on 7 October 2025."
    cited = _citation(passage, "2025-12-11")
    direct = [{"n": 1, "text": "Gabala", "start": 18, "end": 24, "kind": "place"}]
    answer = {"answer": f"Gabala [1].\n\n{passage} [1]", "abstained": False, "citations": [cited], "direct_answer": direct}
    html = render_transcript([{"question": "Where did the summit meet?", "answer": answer}])
    assert "B. Writer · 11 December 2025" in html and "2025-12-11" not in html
    assert '<strong class="ots-direct">Gabala <a class="ots-cite"' in html
    assert answer_as_text(answer).splitlines()[-1] == f"[1] A — B. Writer, 11 December 2025: “{passage}”"


def test_a_filtered_answer_says_what_it_searched_above_its_sources():
    scope = {"searched": 1, "total": 4, "filters": {"doc_ids": ["a"], "date_from": "", "date_to": ""}}
    cited = [{"n": 1, "chunk_id": "a#0", "title": "A", "quote": "One.", "passage": "One."}]
    answer = {"answer": "One. [1]", "abstained": False, "citations": cited, "scope": scope}
    html = render_transcript([{"question": "Q?", "answer": answer}])
    said = '<p class="ots-scope">Searched 1 of 4 articles (the 1 chosen).</p>'
    assert said in html and html.index(said) < html.index('class="ots-sources"')
    assert "Searched 1 of 4 articles (the 1 chosen).\n\nSources:" in answer_as_text(answer)
    assert "ots-scope" not in render_transcript([{"question": "Q?", "answer": answer | {"scope": None}}])


def test_an_answer_in_another_language_is_labelled_in_it():
    """The badge, the turn labels and the sources' heading follow the question's language (issue 24, 1);
    a turn without a language is labelled in English."""
    answer = {"answer": "В статьях нет ответа на этот вопрос.", "abstained": True, "language": "ru", "citations": []}
    html = render_transcript([{"question": "Где прошёл саммит?", "answer": answer, "id": "r1"}])
    assert ">В статьях нет<" in html and ">Вы<" in html and ">Ассистент<" in html
    assert "Not in the articles" not in html and ">You<" not in html
    english = {"answer": "The articles do not answer this question.", "abstained": True, "citations": []}
    html = render_transcript([{"question": "Where?", "answer": english, "id": "e1"}])
    assert ">Not in the articles<" in html and ">You<" in html and ">Assistant<" in html


def test_the_buttons_under_an_answer_follow_its_language():
    """Copy, the thumbs, the comment box and the thanks of a stored rating in the answer's language
    (issue 24, 1); English for an answer without one."""
    answer = {"answer": "В статьях нет ответа на этот вопрос.", "abstained": True, "language": "ru", "citations": []}
    html = render_transcript([{"question": "Где прошёл саммит?", "answer": answer, "id": "r1", "rating": "up"}])
    assert ">Копировать в Markdown</button>" in html and 'data-copied="Скопировано"' in html
    assert ">Полезно</button>" in html and ">Бесполезно</button>" in html and ">Отправить</button>" in html
    assert 'placeholder="Чего не хватило или что неверно? (необязательно)"' in html
    assert "Спасибо: отмечено как полезное." in html
    assert "Helpful" not in html and "Copy as Markdown" not in html
    english = {"answer": "The articles do not answer this question.", "abstained": True, "citations": []}
    html = render_transcript([{"question": "Where?", "answer": english, "id": "e1"}])
    assert ">Copy as Markdown</button>" in html and ">Helpful</button>" in html and ">Send</button>" in html


def test_a_footnotes_date_is_in_the_answers_language_and_its_quote_as_the_article_wrote_it():
    # The quote names a date in English: the article's words stay; only the date the app writes changes.
    passage = "The summit met in Gabala on 7 October 2025."
    cited = _citation(passage, "2025-10-07")
    written = {
        "ru": "7 октября 2025 г.",
        "tr": "7 Ekim 2025",
        "kk": "2025 жылғы 7 қазан",
        "az": "7 oktyabr 2025",
        "uz": "7-oktabr 2025",
    }
    for language, date in written.items():
        answer = {"answer": f"{passage} [1]", "abstained": False, "citations": [cited], "language": language}
        html = render_transcript([{"question": "?", "answer": answer}])
        assert f"<span class=ots-byline>B. Writer · {date}</span>" in html, language
        assert f'<mark id="ots-t0-s1">{passage}</mark>' in html  # the quote untouched
        assert answer_as_text(answer).splitlines()[-1] == f"[1] A — B. Writer, {date}: “{passage}”"
        assert f"[1] *A* — B. Writer, {date}" in answer_markdown(answer)


def test_the_empty_chats_titles_and_the_filters_articles_give_their_dates_in_the_pages_language():
    from types import SimpleNamespace

    from web.chat import article_choices
    from web.render import render_empty

    articles = [SimpleNamespace(title="T", author="", date="2025-10-07", source="t.txt", doc_id="t")]
    assert "— 7 октября 2025 г.</span>" in render_empty(articles, "ru")
    assert article_choices(articles, "tr") == [("T — 7 Ekim 2025", "t")]
    assert article_choices(articles) == [("T — 7 October 2025", "t")]
