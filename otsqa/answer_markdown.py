"""An answer as Markdown, to paste into a briefing: the answer, then each source with its title,
author, date, the exact quote and where it stands in the article (issue 25, point 9).

Built from the Answer JSON alone (the HTTP API's and `otsqa ask --json`'s), so the CLI and the chat
make the same text; the widget, which runs in other people's pages, writes the same layout in its own
JavaScript (web/static/widget.js, `answerMarkdown`).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from otsqa.dates import human_date
from otsqa.messages import say


def answer_markdown(answer: dict[str, Any]) -> str:
    lines = [f"**Question:** {_inline(answer['question'])}", ""] if answer.get("question") else []
    lines.append(answer["answer"].strip())
    if scoped := scope_line(answer.get("scope")):
        lines += ["", f"*{_inline(scoped)}*"]
    citations = answer.get("citations") or []
    if citations:
        label = say("closest_passages" if answer.get("abstained") else "sources", answer.get("language") or "en")
        lines += ["", f"**{label}**", ""]
    for c in citations:
        title = c.get("title") or PurePath(c.get("source") or "").name or "(untitled article)"
        byline = ", ".join(x for x in (c.get("author"), human_date(c.get("date") or "")) if x)
        place = [f"characters {c['start']}–{c['end']}"] if "start" in c and "end" in c else []
        place += [f"footnote {c['footnote']}"] if c.get("footnote") else []
        where = f" ({', '.join(place)})" if place else ""
        lines.append(f"[{c['n']}] *{_inline(title)}*" + (f" — {_inline(byline)}" if byline else "") + where)
        lines.append(f"> {_inline(c['quote'])}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def scope_line(scope: dict[str, Any] | None) -> str:
    """What a filtered answer searched, as its readers are told it above the sources: "Searched 1 of 4
    articles (the 2 chosen, published from 1 January 2026 to 31 December 2026)."; "" without filters.
    The widget says the same in its own JavaScript (web/static/widget.js, `scopeLine`)."""
    if not scope:
        return ""
    filters = scope.get("filters") or {}
    total = int(scope.get("total") or 0)
    what = []
    if filters.get("doc_ids"):
        what.append(f"the {len(filters['doc_ids'])} chosen")
    since, until = human_date(filters.get("date_from") or ""), human_date(filters.get("date_to") or "")
    if since and until:
        what.append(f"published from {since} to {until}")
    elif since or until:
        what.append(f"published {'since ' + since if since else 'up to ' + until}")
    said = f"Searched {int(scope.get('searched') or 0)} of {total} article{'' if total == 1 else 's'}"
    return said + (f" ({', '.join(what)})" if what else "") + "."


def _inline(text: str) -> str:
    """One line of text as Markdown shows it: line breaks folded, emphasis and link characters escaped."""
    text = " ".join(str(text).split())
    for ch in "\\*_`[]<>":
        text = text.replace(ch, "\\" + ch)
    return text
