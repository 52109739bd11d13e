"""An answer as Markdown (otsqa/answer_markdown.py): what `otsqa ask --format markdown`, the chat's and the
widget's Copy give a briefing."""

from otsqa.answer_markdown import answer_markdown

ANSWER = {
    "question": "Who hosted the *drills* in Tbilisi?",
    "answer": "Georgia [1].\n\nThe drills were hosted by Georgia near Tbilisi. [1] A footnote gives the date. [2]",
    "abstained": False,
    "citations": [
        {
            "n": 1,
            "title": "Caucasus [Drills] Review",
            "author": "Nino Beridze",
            "date": "2025-05-03",
            "source": "/x/a.md",
            "quote": "The drills were hosted by Georgia near Tbilisi.",
            "start": 120,
            "end": 168,
            "footnote": "",
        },
        {
            "n": 2,
            "title": "",
            "author": "",
            "date": "2025-06",
            "source": "/x/b_notes.txt",
            "quote": "Held 2–4 May 2025.",
            "start": 900,
            "end": 918,
            "footnote": "3",
        },
    ],
}


def test_each_source_has_its_title_author_date_quote_and_position():
    text = answer_markdown(ANSWER)
    assert text.startswith("**Question:** Who hosted the \\*drills\\* in Tbilisi?\n\nGeorgia [1].\n")
    assert "\n**Sources**\n" in text
    assert "[1] *Caucasus \\[Drills\\] Review* — Nino Beridze, 3 May 2025 (characters 120–168)\n> The drills were hosted" in text
    assert "[2] *b\\_notes.txt* — June 2025 (characters 900–918, footnote 3)\n> Held 2–4 May 2025." in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_an_abstentions_quotes_are_the_closest_passages():
    text = answer_markdown(ANSWER | {"abstained": True, "answer": "The articles do not answer this question."})
    assert "**Closest passages**" in text and "**Sources**" not in text
    assert answer_markdown(ANSWER | {"citations": []}).count("**") == 2  # the question's label only


def test_a_filtered_answer_says_what_it_searched_above_its_sources():
    from otsqa.answer_markdown import scope_line

    scope = {"searched": 1, "total": 4, "filters": {"doc_ids": ["a", "b"], "date_from": "2026-01-01", "date_to": ""}}
    said = "Searched 1 of 4 articles (the 2 chosen, published since 1 January 2026)."
    assert scope_line(scope) == said
    text = answer_markdown(ANSWER | {"scope": scope})
    assert f"Georgia near Tbilisi. [1] A footnote gives the date. [2]\n\n*{said}*\n\n**Sources**" in text
    both = {"searched": 0, "total": 1, "filters": {"doc_ids": [], "date_from": "2026-01-01", "date_to": "2026-06-30"}}
    assert scope_line(both) == "Searched 0 of 1 article (published from 1 January 2026 to 30 June 2026)."
    assert scope_line(None) == "" and "Searched" not in answer_markdown(ANSWER)
