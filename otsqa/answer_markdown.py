"""An answer as Markdown, to paste into a briefing: the answer, then each source with its title,
author, date, the exact quote and where it stands in the article (issue 25, point 9).

Built from the Answer JSON alone (the HTTP API's and `otsqa ask --json`'s), so the CLI and the chat
make the same text; the widget, which runs in other people's pages, writes the same layout in its own
JavaScript (web/static/widget.js, `answerMarkdown`).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from otsqa.dates import written_date
from otsqa.messages import say


def answer_markdown(answer: dict[str, Any]) -> str:
    """The answer as Markdown; its own words (labels, "characters", "footnote") and dates in the answer's language."""
    language = answer.get("language") or "en"
    lines = [f"**{say('markdown_question', language)}** {_inline(answer['question'])}", ""] if answer.get("question") else []
    lines.append(answer["answer"].strip())
    if scoped := scope_line(answer.get("scope"), language):
        lines += ["", f"*{_inline(scoped)}*"]
    citations = answer.get("citations") or []
    if citations:
        label = say("closest_passages" if answer.get("abstained") else "sources", language)
        lines += ["", f"**{label}**", ""]
    for c in citations:
        title = c.get("title") or PurePath(c.get("source") or "").name or say("untitled_article", language)
        byline = ", ".join(x for x in (c.get("author"), written_date(c.get("date") or "", language)) if x)
        place = [_said("markdown_characters", language, start=c["start"], end=c["end"])] if "start" in c and "end" in c else []
        place += [_said("markdown_footnote", language, n=c["footnote"])] if c.get("footnote") else []
        where = f" ({', '.join(place)})" if place else ""
        lines.append(f"[{c['n']}] *{_inline(title)}*" + (f" — {_inline(byline)}" if byline else "") + where)
        lines.append(f"> {_inline(c['quote'])}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def scope_line(scope: dict[str, Any] | None, language: str = "en") -> str:
    """What a filtered answer searched, as its readers are told it above the sources, in ``language`` (the
    answer's): "Searched 1 of 4 articles (the 2 chosen, published from 1 January 2026 to 31 December 2026).";
    "" without filters. The widget says the same in its own JavaScript (web/static/widget.js, `scopeLine`)."""
    if not scope:
        return ""
    filters = scope.get("filters") or {}
    total = int(scope.get("total") or 0)
    what = []
    if filters.get("doc_ids"):
        what.append(_said("scope_chosen", language, n=len(filters["doc_ids"])))
    since, until = written_date(filters.get("date_from") or "", language), written_date(filters.get("date_to") or "", language)
    if since and until:
        what.append(_said("scope_from_to", language, since=since, until=until))
    elif since:
        what.append(_said("scope_since", language, since=since))
    elif until:
        what.append(_said("scope_until", language, until=until))
    key = "scope_searched_one" if total == 1 else "scope_searched"
    searched = int(scope.get("searched") or 0)
    return _said(key, language, searched=searched, total=total, what=f" ({', '.join(what)})" if what else "")


def _said(key: str, language: str, **values: object) -> str:
    """One of messages.json's words in ``language`` with its {blanks} filled."""
    return say(key, language).format(**values)


def _inline(text: str) -> str:
    """One line of text as Markdown shows it: line breaks folded, emphasis and link characters escaped."""
    text = " ".join(str(text).split())
    for ch in "\\*_`[]<>":
        text = text.replace(ch, "\\" + ch)
    return text
