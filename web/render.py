"""The chat transcript as HTML, built only from escaped text.

Everything that comes from a person or an article (questions, answers, titles, passages, comments)
goes through `html.escape` before it is placed; the only markup is this module's own. A citation
marker [n] becomes a link to source n of the same answer; the quoted sentence is highlighted inside
its passage.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import PurePath
from typing import Any

from otsqa.answer_markdown import answer_markdown, scope_line
from otsqa.dates import written_date
from otsqa.messages import say
from web.article_links import article_url
from web.chrome import word

_MARKER = re.compile(r"\[(\d{1,3})\]")


def render_transcript(turns: list[dict[str, Any]], given: dict[str, tuple[str, str]] | None = None, language: str = "en") -> str:
    """The transcript; ``given``: the rating and comment stored per answer id (drawn as chosen);
    ``language``: the page's (web/chrome.py), for the words around a turn that has no answer yet."""
    if given:
        turns = [t | {"rating": given[t["id"]][0], "comment": given[t["id"]][1]} if t.get("id") in given else t for t in turns]
    if not turns:
        return render_empty(None, language)
    return '<div class="ots-transcript">' + "".join(render_turn(i, t, language) for i, t in enumerate(turns)) + "</div>"


SHOWN_TITLES = 8  # the newest articles named on an empty chat; the rest are counted


def render_empty(articles: list | None = None, language: str = "en") -> str:
    """An empty chat: what to ask, and what the collection holds (how many articles, from when to when,
    the newest titles) so a reader knows what can be answered before asking (issue 25, point 12).
    ``articles``: the store's complete article records, None while the store cannot be read; ``language``:
    the page's (web/chrome.py)."""
    parts = [f'<div class="ots-empty"><p>{_text(word("empty_intro", language))}</p>']
    if articles:
        dated = sorted((a for a in articles if a.date), key=lambda a: a.date)
        first, last = ("", "")
        if len(dated) >= 2:
            first, last = written_date(dated[0].date, language), written_date(dated[-1].date, language)
        span = word("holdings_span", language, first=first, last=last) if first else ""
        n = len(articles)
        holds = word("holdings_one", language, span=span) if n == 1 else word("holdings", language, n=n, span=span)
        parts.append(f'<p class="ots-holdings">{_text(holds)}</p>')
        parts.append('<ul class="ots-titles">')
        newest = sorted(articles, key=lambda a: (a.date or "", a.title or ""), reverse=True)[:SHOWN_TITLES]
        for a in newest:
            byline = ", ".join(x for x in (a.author, written_date(a.date or "", language)) if x)
            parts.append(
                f'<li><span class="ots-title">{_text(a.title or PurePath(a.source).name)}</span>'
                + (f' <span class="ots-byline">— {_text(byline)}</span>' if byline else "")
                + "</li>"
            )
        parts.append("</ul>")
        if len(articles) > SHOWN_TITLES:
            parts.append(f"<p>{_text(word('more_articles', language, n=len(articles) - SHOWN_TITLES))}</p>")
    parts.append("</div>")
    return "".join(parts)


def render_turn(index: int, turn: dict[str, Any], chrome: str = "en") -> str:
    """One question and its answer; ``chrome``: the page's language, for a turn still without an answer."""
    anchor = f"ots-t{index}"
    parts = [
        f'<div class="ots-turn" id="{anchor}">',
        f'<div class="ots-q"><span class="ots-who">{say("you", _language(turn))}</span>{_text(turn["question"])}</div>',
    ]
    answer = turn.get("answer")
    if turn.get("error"):
        parts.append(f'<div class="ots-a ots-error" role="alert">{_text(turn["error"])}</div>')
    elif answer is None:
        partial = turn.get("partial") or ""
        status = word("writing" if partial else "searching", chrome)
        parts.append(f'<div class="ots-a ots-pending"><span class="ots-status">{_text(status)}</span>{_text(partial)}</div>')
    else:
        parts.append(render_answer(anchor, answer))
        # The answer as Markdown for a briefing, copied by chat.js (issue 25, point 9).
        # Its buttons in the answer's language, as its labels; chat.js reads what it shows after a copy from them.
        language = _language(turn)
        parts.append(
            f'<button type="button" class="ots-copy" data-markdown="{_text(answer_markdown(answer))}"'
            f' data-label="{_text(say("copy_markdown", language))}" data-copied="{_text(say("copied", language))}"'
            f' data-by-hand="{_text(say("copy_by_hand", language))}">{_text(say("copy_markdown", language))}</button>'
        )
        if turn.get("id"):
            parts.append(render_feedback(turn["id"], turn.get("rating"), turn.get("comment") or "", language))
    parts.append("</div>")
    return "".join(parts)


def _language(turn: dict[str, Any]) -> str:
    """The language a turn's labels are in: its answer's (the question's), English until it has one."""
    return (turn.get("answer") or {}).get("language", "en")


def render_answer(anchor: str, answer: dict[str, Any]) -> str:
    numbers = {c["n"] for c in answer["citations"]}
    kind = "ots-abstained" if answer["abstained"] else "ots-answered"
    language = answer.get("language", "en")  # the answer's own words in the question's language
    badge = f'<span class="ots-badge">{say("not_in_articles", language)}</span>' if answer["abstained"] else ""
    body = link_markers(_text(answer["answer"]), anchor, numbers)
    if answer.get("direct_answer") and "\n\n" in body:
        # "7 October 2025, in Gabala [1]" is read first: it stands out from the quotes below it.
        head, rest = body.split("\n\n", 1)
        body = f'<strong class="ots-direct">{head}</strong>\n\n{rest}'
    html = [f'<div class="ots-a {kind}">{badge}<span class="ots-who">{say("assistant", language)}</span>{body}</div>']
    if scoped := scope_line(answer.get("scope"), language):  # a filtered answer says how much it searched
        html.append(f'<p class="ots-scope">{_text(scoped)}</p>')
    if answer["citations"]:
        label = say("closest_passages" if answer["abstained"] else "sources", language)
        groups = group_citations(answer["citations"])
        html.append(f'<details class="ots-sources" open><summary>{label} ({len(groups)})</summary><ol>')
        html.extend(render_source(anchor, group, language) for group in groups)
        html.append("</ol></details>")
    return "".join(html)


def group_citations(citations: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Citations of the same passage together (in the order of their first [n]): a passage quoted
    three times is shown once, with its three sentences highlighted."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in citations:
        groups.setdefault(c.get("chunk_id") or f"#{c['n']}", []).append(c)
    return list(groups.values())


def link_markers(escaped: str, anchor: str, numbers: set[int]) -> str:
    """[n] in already-escaped text → a link to source n of this answer (only for n that exist)."""

    def link(match: re.Match) -> str:
        n = int(match.group(1))
        if n not in numbers:
            return match.group(0)
        return f'<a class="ots-cite" href="#{anchor}-s{n}" data-target="{anchor}-s{n}">[{n}]</a>'

    return _MARKER.sub(link, escaped)


def render_source(anchor: str, group: list[dict[str, Any]], language: str = "en") -> str:
    """One passage with each of its quotes marked; [n] links land on quote n (``{anchor}-s{n}``); its own
    words ("footnote 3 of", "Open in the article") and its date in ``language``, the answer's."""
    first = group[0]
    byline = " · ".join(x for x in (first.get("author"), written_date(first.get("date") or "", language)) if x)
    title = _title_span(first, language)
    if first.get("footnote"):  # "footnote 3 of <title>": where the title stands is the language's choice
        before, _, after = footnote_of(first["footnote"], language).partition("{title}")
        note = lambda words: f'<span class="ots-footnote">{_text(words.strip())}</span>' if words.strip() else ""  # noqa: E731
        title = " ".join(part for part in (note(before), title, note(after)) if part)
    numbers = "".join(f"[{int(c['n'])}]" for c in group)
    return (
        f'<li class="ots-source" id="{anchor}-p{int(first["n"])}" value="{int(first["n"])}">'
        f'<div class="ots-source-head"><span class="ots-numbers">{numbers}</span> {title}'
        f"{f' <span class=ots-byline>{_text(byline)}</span>' if byline else ''}{_open_link(group, language)}</div>"
        f'<blockquote class="ots-passage">{highlight(first.get("passage") or "", group, anchor)}</blockquote></li>'
    )


def footnote_of(footnote: object, language: str = "en") -> str:
    """ "footnote 3 of {title}" in ``language``, the {title} blank left for the caller to place."""
    return say("footnote_of", language).replace("{n}", str(footnote))


def _open_link(group: list[dict[str, Any]], language: str = "en") -> str:
    """A link to the whole article with this passage's quotes marked (web/article_page.py)."""
    spans = [(int(c["start"]), int(c["end"])) for c in group if "start" in c and "end" in c and c.get("doc_id")]
    if not spans:
        return ""
    url = article_url(group[0]["doc_id"], spans)
    words = _text(say("open_in_article", language))
    return f' <a class="ots-open" href="{_text(url)}" target="_blank" rel="noopener">{words}</a>'


def highlight(passage: str, quotes: list[dict[str, Any]], anchor: str) -> str:
    """The passage, escaped, with each quote marked (id ``{anchor}-s{n}``); a quote that is not in the
    passage is shown marked after it, so no [n] is left without its words."""
    found, missing = [], []
    for c in quotes:
        quote = c.get("quote") or ""
        at = passage.find(quote) if quote else -1
        (found if at >= 0 else missing).append((at, at + len(quote), c))
    found.sort(key=lambda item: item[0])
    out, pos = [], 0
    for start, end, c in found:
        if start < pos:  # overlaps a quote already marked
            missing.append((start, end, c))
            continue
        out.append(_text(passage[pos:start]) + _mark(anchor, c, passage[start:end]))
        pos = end
    out.append(_text(passage[pos:]))
    out.extend(" " + _mark(anchor, c, c.get("quote") or "") for _, _, c in missing if c.get("quote"))
    return "".join(out)


def _mark(anchor: str, citation: dict[str, Any], text: str) -> str:
    return f'<mark id="{anchor}-s{int(citation["n"])}">{_text(text)}</mark>'


def render_feedback(answer_id: str, rating: str | None, comment: str = "", language: str = "en") -> str:
    """Thumbs first, then an optional comment (shown once a thumb is chosen); a stored choice is drawn
    chosen, with its thanks and its comment, every time the transcript is drawn again; its words in
    ``language``, the answer's."""
    safe = escape(answer_id, quote=True)
    thanks = {"up": say("thanks_helpful", language), "down": say("thanks_not_helpful", language)}.get(rating or "", "")

    def thumb(value: str, label: str) -> str:
        chosen = value == rating
        return (
            f'<button type="button" class="ots-rate{" ots-chosen" if chosen else ""}" data-rating="{value}"'
            f' aria-pressed="{"true" if chosen else "false"}">{label}</button>'
        )

    return (
        f'<div class="ots-feedback" data-answer-id="{safe}" data-rating="{escape(rating or "", quote=True)}"'
        f' data-lang="{escape(language, quote=True)}"'
        # What chat.js shows while it saves, and when it cannot: the answer's language's, as the buttons.
        f' data-saving="{escape(say("saving", language), quote=True)}"'
        f' data-failed="{escape(say("feedback_failed", language), quote=True)}">'
        + thumb("up", escape(say("helpful", language)))
        + thumb("down", escape(say("not_helpful", language)))
        + f'<span class="ots-thanks" aria-live="polite">{escape(thanks)}</span>'
        + f'<div class="ots-note"{"" if rating else " hidden"}>'
        '<input type="text" class="ots-comment" maxlength="2000"'
        f' aria-label="{escape(say("comment_label", language), quote=True)}"'
        f' placeholder="{escape(say("comment_placeholder", language), quote=True)}" value="{escape(comment, quote=True)}">'
        f'<button type="button" class="ots-send">{escape(say("send", language))}</button></div></div>'
    )


def answer_as_text(answer: dict[str, Any]) -> str:
    """The answer with its sources as plain text (what the `/chat` API endpoint returns)."""
    lines = [answer["answer"]]
    language = answer.get("language", "en")
    if scoped := scope_line(answer.get("scope"), language):
        lines += ["", scoped]
    if answer["citations"]:
        lines.append("")
        lines.append(say("closest_passages" if answer["abstained"] else "sources", language) + ":")
    for c in answer["citations"]:
        byline = ", ".join(x for x in (c.get("author"), written_date(c.get("date") or "", language)) if x)
        name = source_name(c, language)
        head = f"[{c['n']}] " + (footnote_of(c["footnote"], language).replace("{title}", name) if c.get("footnote") else name)
        head += f" — {byline}" if byline else ""
        lines.append(f"{head}: “{c['quote']}”")
    return "\n".join(lines)


# Gradio's HTML component reads its template as a JS template string and a Handlebars template:
# text must not be able to open either, so their openers become character references too.
_TEMPLATE_OPENERS = str.maketrans({"{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;"})


def source_name(citation: dict[str, Any], language: str = "en") -> str:
    """The article's title, else its file name. Ingest gives every article a title (one without a title
    line gets one made from its opening words), so the file name shows only for a store ingested before
    that, until the next `otsqa ingest`."""
    return citation.get("title") or PurePath(citation.get("source") or "").name or say("untitled_article", language)


def _title_span(citation: dict[str, Any], language: str = "en") -> str:
    """The source's name; a title made from the article's opening words is set apart (italic, with a
    tooltip saying so), since the article never calls itself that."""
    if citation.get("title_source") == "derived" and citation.get("title"):
        attributes = f'class="ots-title ots-derived" title="{_text(say("derived_title", language))}"'
    else:
        attributes = 'class="ots-title"'
    return f"<span {attributes}>{_text(source_name(citation, language))}</span>"


def _text(value: str) -> str:
    """Escaped for HTML and for the component's templates; line breaks kept (CSS pre-wrap shows them)."""
    return escape(value, quote=True).translate(_TEMPLATE_OPENERS)
