"""The web chat (Gradio Blocks): a transcript rendered by `web.render` from escaped text, answers
streamed sentence by sentence, sources under each answer, feedback buttons, example questions on an
empty chat and a "New conversation" button. `gr.api(..., api_name="chat")` gives scripts the same
answers through `gradio_client.Client(url).predict(message, api_name="/chat")`.

Questions asked here count against the same per-client rate limit as the JSON API's. With a token set,
every route of the chat (the page, its queue, the scripts' endpoint) needs the token or a signed-in
session (web/sessions.py): Gradio would otherwise run any event a script posts to its queue.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePath
from typing import Any, Iterator

import gradio as gr

from assistant.answer import check_question
from assistant.retrieval import Filters
from otsqa.dates import human_date
from otsqa.errors import OtsqaError, QuestionError, StoreError
from otsqa.messages import say
from web.feedback import FeedbackStore
from web.reader_messages import for_readers
from web.render import answer_as_text, render_empty, render_transcript
from web.security import RateLimiter, TokenCheck
from web.service import AssistantService

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def user_message(exc: OtsqaError) -> str:
    if isinstance(exc, StoreError):
        return for_readers(exc)  # the operator's side (paths, commands) goes to the log
    if isinstance(exc, QuestionError):
        return str(exc)
    return f"Something went wrong: {exc}"


def build_chat(
    service: AssistantService,
    feedback: FeedbackStore,
    limiter: RateLimiter | None = None,
    token: TokenCheck | None = None,
) -> gr.Blocks:
    """The chat, titled OTSQA_TITLE, with OTSQA_CHAT_EXAMPLES on an empty chat and OTSQA_CHAT_CONCURRENCY
    answer events at once (taken from the service's settings)."""
    settings = service.settings
    concurrency, questions = settings.chat_concurrency, settings.chat_examples
    limiter = limiter or RateLimiter(0)
    token = token or TokenCheck(None)

    def refusal(message: str, request: gr.Request | None) -> str | None:
        """Why this client may not ask ``message`` now, or None. A bad question is refused before the
        rate limit, so it spends none of the client's budget."""
        try:
            check_question(message)
        except QuestionError as exc:
            return str(exc)
        client = request.client.host if request is not None and request.client else "unknown"
        refused = limiter.refusal(client)
        return refused[0] if refused else None

    def drawn(turns: list[dict[str, Any]]) -> str:
        """The transcript with each answer's stored feedback drawn as chosen (it outlives a re-draw)."""
        return render_transcript(turns, feedback.given([t.get("id") for t in turns]))

    def rate(choice: dict) -> str:
        """Called from the transcript's buttons with {"answer_id", "rating", "comment"} (one argument:
        Gradio passes a server function exactly one value)."""
        choice = choice if isinstance(choice, dict) else {}
        answer_id, rating = str(choice.get("answer_id", "")), str(choice.get("rating", ""))
        turn = service.recalled(answer_id)
        if turn is None:
            return "This answer is too old to rate; ask again."
        try:
            feedback.record(answer_id, rating, str(choice.get("comment") or ""), turn)
        except QuestionError as exc:
            return str(exc)
        answer = turn.get("answer")
        language = str(answer.get("language", "en")) if isinstance(answer, dict) else "en"  # the answer's, as its buttons
        if str(choice.get("comment") or "").strip():
            return say("thanks_noted", language)
        return say("thanks_helpful" if rating == "up" else "thanks_not_helpful", language)

    def respond(
        message: str,
        turns: list[dict[str, Any]] | None,
        articles: list[str] | None,
        since: str | None,
        until: str | None,
        request: gr.Request,
    ) -> Iterator[tuple]:
        turns = list(turns or [])
        if not (message or "").strip():
            yield drawn(turns), turns, message, gr.update()
            return
        history = [{"question": t["question"], "answer": t["answer"]["answer"]} for t in turns if t.get("answer")]
        turn: dict[str, Any] = {"question": message, "answer": None, "partial": ""}
        turns.append(turn)
        try:  # bad filters, like a bad question, spend none of the client's budget
            filters = chat_filters(articles, since, until)
            refused = refusal(message, request)
        except QuestionError as exc:
            filters, refused = None, str(exc)
        if refused:
            turn["error"] = refused
            yield drawn(turns), turns, message, gr.update(visible=False)  # the question stays in the box
            return
        yield drawn(turns), turns, "", gr.update(visible=False)
        try:
            for event in service.stream(message, history, filters):
                if event["event"] == "delta":
                    turn["partial"] += event["text"]
                    yield drawn(turns), turns, "", gr.update()
                elif event["event"] == "answer":
                    turn.update(answer=event["answer"].to_json(), id=event["answer_id"], partial="")
        except OtsqaError as exc:
            turn["error"] = user_message(exc)
        yield drawn(turns), turns, "", gr.update()

    def new_conversation() -> tuple:
        return render_empty(service.holdings()), [], "", gr.update(visible=True)

    def opening(kept: list[dict[str, Any]] | None) -> tuple:
        """The chat as a page opens: the conversation this browser kept (a reload loses nothing), else the
        empty chat with what the collection holds; and the articles the filters choose from (both read
        now, not at start). A turn cut off by the reload (no answer yet) is dropped: its question can be
        asked again."""
        holdings = service.holdings()
        choices = gr.update(choices=article_choices(holdings or []))
        kept = [t for t in (kept or []) if isinstance(t, dict) and (t.get("answer") or t.get("error"))]
        if kept:
            return drawn(kept), kept, gr.update(visible=False), choices
        return render_empty(holdings), [], gr.update(visible=True), choices

    def chat(message: str, request: gr.Request) -> str:
        """Answer one question from the articles; returns the answer with its numbered sources."""
        headers = request.headers if request is not None else {}
        query = set(request.query_params) if request is not None else set()
        problem = token.problem(headers.get("authorization"), headers.get("x-api-token"), query)
        if problem or (problem := refusal(message, request)):
            raise gr.Error(problem, print_exception=False)
        try:
            answer, _ = service.ask(message, [])
        except OtsqaError as exc:
            # The person's mistake or a known outage, said to the client: not a traceback in the server log.
            raise gr.Error(user_message(exc), print_exception=False) from None
        return answer_as_text(answer)

    with gr.Blocks(title=settings.title) as blocks:
        gr.Markdown(
            f"## {settings.title}\nAnswers about security cooperation among the Organization of Turkic States, "
            "quoted from the articles. Click a [n] to see its source."
        )
        # Kept in the browser's storage (encrypted with a key of this server process): a reload keeps the
        # conversation; a server restart starts a fresh one (issue 25, point 12).
        turns = gr.BrowserState([], storage_key="otsqa-conversation")
        transcript = gr.HTML(
            value=render_transcript([]),
            css_template=(STATIC / "chat.css").read_text(encoding="utf-8"),
            js_on_load=(STATIC / "chat.js").read_text(encoding="utf-8"),
            server_functions=[rate],
            elem_id="ots-transcript",
            # Not Gradio's scroll to the bottom (it left a phone at the end of the sources, the answer a
            # screen above): chat.js brings each new question and its answer's first line into view.
            autoscroll=False,
        )
        with gr.Row(visible=True) as examples:
            example_buttons = [gr.Button(q, size="sm", variant="secondary", elem_classes=["ots-example"]) for q in questions]
        with gr.Row(elem_id="ots-ask-row"):  # pinned to the bottom of the screen (chat-page.css)
            box = gr.Textbox(
                placeholder="Ask about the articles (Enter sends)",
                show_label=False,
                max_lines=6,
                scale=8,
                elem_id="ots-question",
                autofocus=True,
            )
            send = gr.Button("Send", variant="primary", scale=1, elem_id="ots-send")
        # Closed until wanted; what is chosen narrows every following question until cleared, and the
        # accordion's label says so while it is closed (issue 25, point 11).
        with gr.Accordion(FILTERS, open=False, elem_id="ots-filters") as filter_panel:
            articles = gr.Dropdown(
                choices=[],
                value=[],
                multiselect=True,
                label="Articles",
                info="Search only these (none chosen: all of them)",
                elem_id="ots-filter-articles",
            )
            with gr.Row(elem_id="ots-filter-dates"):
                since = gr.Textbox(label="Published from", placeholder="YYYY-MM-DD", max_lines=1, elem_id="ots-filter-from")
                until = gr.Textbox(label="Published to", placeholder="YYYY-MM-DD", max_lines=1, elem_id="ots-filter-to")
            clear_filters = gr.Button("Clear filters", size="sm", variant="secondary", elem_id="ots-filter-clear")
        clear = gr.Button("New conversation", size="sm", elem_id="ots-new")

        outputs = [transcript, turns, box, examples]
        asked = [box, turns, articles, since, until]
        options = {"api_visibility": "private", "concurrency_limit": concurrency, "concurrency_id": "answer"}
        box.submit(respond, asked, outputs, **options)
        send.click(respond, asked, outputs, **options)
        for button, question in zip(example_buttons, questions):
            button.click(_fill(question), None, box, api_visibility="private", queue=False).then(
                respond, asked, outputs, **options
            )
        clear.click(new_conversation, None, outputs, api_visibility="private", queue=False)
        quick = {"api_visibility": "private", "queue": False}
        for chosen in (articles, since, until):
            chosen.change(filters_label, [articles, since, until], filter_panel, **quick)
        clear_filters.click(lambda: ([], "", ""), None, [articles, since, until], **quick)
        blocks.load(opening, [turns], [transcript, turns, examples, articles], **quick)
        gr.api(chat, api_name="chat", concurrency_limit=concurrency, concurrency_id="answer")
    return blocks


FILTERS = "Filters"


def chat_filters(articles: list[str] | None, since: str | None, until: str | None) -> Filters | None:
    """The filters panel's choices as the assistant's Filters (None when nothing is chosen). A date that
    is not one is a QuestionError naming the field as the panel labels it."""
    since, until = (since or "").strip(), (until or "").strip()
    for label, value in (("Published from", since), ("Published to", until)):
        try:
            Filters(date_from=value)
        except QuestionError:
            raise QuestionError(f"Filters: “{label}” must be a day written YYYY-MM-DD, like 2025-12-31, not “{value}”.") from None
    filters = Filters(doc_ids=tuple(articles or ()), date_from=since, date_to=until)  # a reversed range says so
    return filters if filters.active() else None


def filters_label(articles: list[str] | None, since: str | None, until: str | None) -> Any:
    """The accordion's label: "Filters", or what is on ("Filters: 2 articles, from 2026-01-01") so that a
    closed panel still shows that questions are narrowed."""
    on = []
    if articles:
        on.append(f"{len(articles)} article{'' if len(articles) == 1 else 's'}")
    since, until = (since or "").strip(), (until or "").strip()
    if since:
        on.append(f"from {since}")
    if until:
        on.append(f"to {until}")
    return gr.update(label=f"{FILTERS}: {', '.join(on)}" if on else FILTERS)


def article_choices(records: list) -> list[tuple[str, str]]:
    """(label, doc_id) per article, newest first; the date tells apart articles of one title."""
    newest = sorted(records, key=lambda a: (a.date or "", a.title or ""), reverse=True)
    labels = [" — ".join(x for x in (a.title or PurePath(a.source).name, human_date(a.date or "")) if x) for a in newest]
    return [(label, a.doc_id) for label, a in zip(labels, newest)]


def _fill(question: str):
    """An event function that puts ``question`` in the box (one per example button)."""
    return lambda: question
