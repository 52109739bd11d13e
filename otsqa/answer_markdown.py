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


def answer_markdown(answer: dict[str, Any]) -> str:
    lines = [f"**Question:** {_inline(answer['question'])}", ""] if answer.get("question") else []
    lines.append(answer["answer"].strip())
    citations = answer.get("citations") or []
    if citations:
        lines += ["", "**Closest passages**" if answer.get("abstained") else "**Sources**", ""]
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


def _inline(text: str) -> str:
    """One line of text as Markdown shows it: line breaks folded, emphasis and link characters escaped."""
    text = " ".join(str(text).split())
    for ch in "\\*_`[]<>":
        text = text.replace(ch, "\\" + ch)
    return text
