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

from assistant.retrieval import Filters
from otsqa.dates import written_date
from otsqa.errors import OtsqaError, QuestionError, StoreError
from otsqa.messages import say
from web import chrome as page_words
from web.feedback import FeedbackStore
from web.reader_messages import for_readers, question_refusal
from web.render import answer_as_text, render_empty, render_transcript
from web.security import RateLimiter, TokenCheck
from web.service import AssistantService

log = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"


def user_message(exc: OtsqaError, language: str = "en") -> str:
    """What the reader is told, in ``language`` (the page's) where the words are the page's own."""
    if isinstance(exc, StoreError):
        return for_readers(exc, language)  # the operator's side (paths, commands) goes to the log
    if isinstance(exc, QuestionError):
        return str(exc)  # names what to change in the question or the filters (the chat's own are checked before)
    return page_words.word("went_wrong", language, problem=exc)


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

    def refusal(message: str, request: gr.Request | None, language: str = "en") -> str | None:
        """Why this client may not ask ``message`` now, or None, in ``language`` (the page's). A bad question
        is refused before the rate limit, so it spends none of the client's budget."""
        if problem := question_refusal(message, language):
            return problem
        client = request.client.host if request is not None and request.client else "unknown"
        refused = limiter.refusal(client, language)
        return refused[0] if refused else None

    def drawn(turns: list[dict[str, Any]], language: str = "en") -> str:
        """The transcript with each answer's stored feedback drawn as chosen (it outlives a re-draw)."""
        return render_transcript(turns, feedback.given([t.get("id") for t in turns]), language)

    def rate(choice: dict) -> str:
        """Called from the transcript's buttons with {"answer_id", "rating", "comment", "language"} (one
        argument: Gradio passes a server function exactly one value); "language": the answer's, as its buttons."""
        choice = choice if isinstance(choice, dict) else {}
        answer_id, rating = str(choice.get("answer_id", "")), str(choice.get("rating", ""))
        turn = service.recalled(answer_id)
        if turn is None:
            return say("too_old_to_rate", page_words.supported(str(choice.get("language") or "")) or "en")
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
        page: dict | None,
        request: gr.Request,
    ) -> Iterator[tuple]:
        turns = list(turns or [])
        language = _language(page)
        if not (message or "").strip():
            yield drawn(turns, language), turns, message, gr.update()
            return
        history = [{"question": t["question"], "answer": t["answer"]["answer"]} for t in turns if t.get("answer")]
        turn: dict[str, Any] = {"question": message, "answer": None, "partial": ""}
        turns.append(turn)
        try:  # bad filters, like a bad question, spend none of the client's budget
            filters = chat_filters(articles, since, until, language)
            refused = refusal(message, request, language)
        except QuestionError as exc:
            filters, refused = None, str(exc)
        if refused:
            turn["error"] = refused
            yield drawn(turns, language), turns, message, gr.update(visible=False)  # the question stays in the box
            return
        yield drawn(turns, language), turns, "", gr.update(visible=False)
        try:
            for event in service.stream(message, history, filters):
                if event["event"] == "delta":
                    turn["partial"] += event["text"]
                    yield drawn(turns, language), turns, "", gr.update()
                elif event["event"] == "answer":
                    turn.update(answer=event["answer"].to_json(), id=event["answer_id"], partial="")
        except OtsqaError as exc:
            turn["error"] = user_message(exc, language)
        yield drawn(turns, language), turns, "", gr.update()

    def new_conversation(page: dict | None) -> tuple:
        return render_empty(service.holdings(), _language(page)), [], "", gr.update(visible=True)

    def opening(kept: list[dict[str, Any]] | None, request: gr.Request) -> tuple:
        """The chat as a page opens: the conversation this browser kept (a reload loses nothing), else the
        empty chat with what the collection holds; and the articles the filters choose from (both read
        now, not at start). A turn cut off by the reload (no answer yet) is dropped: its question can be
        asked again. The page's own words in the reader's language (web/chrome.py): OTSQA_LANGUAGE, else
        ?lang=, else the browser's Accept-Language, else English."""
        headers = request.headers if request is not None else {}
        asked = request.query_params.get("lang") if request is not None else None
        language, fixed = page_words.choose(settings.language, asked, headers.get("accept-language"))
        page = {"language": language, "fixed": fixed}
        holdings = service.holdings()
        words = dressed(language, [], "", "")
        choices = gr.update(choices=article_choices(holdings or [], language), **words.pop("articles"))
        kept = [t for t in (kept or []) if isinstance(t, dict) and (t.get("answer") or t.get("error"))]
        if kept:
            shown = drawn(kept, language), kept, gr.update(visible=False), choices
        else:
            shown = render_empty(holdings, language), [], gr.update(visible=True), choices
        return *shown, *words.values(), page

    def dressed(language: str, chosen: list[str] | None, since: str | None, until: str | None) -> dict[str, Any]:
        """The updates that put the page's own words in ``language`` (the filters' label says what is on): the
        words the page was sent with already (web/first_paint.py), both from web/chrome.py's `chat_words`."""
        words = page_words.chat_words(language, settings.title)
        return {
            "intro": words["ots-intro"]["value"],
            "box": gr.update(**words["ots-question"]),
            "send": gr.update(**words["ots-send"]),
            "panel": filters_label(chosen, since, until, language),
            "articles": words["ots-filter-articles"],
            "since": gr.update(**words["ots-filter-from"]),
            "until": gr.update(**words["ots-filter-to"]),
            "clear_filters": gr.update(**words["ots-filter-clear"]),
            "clear": gr.update(**words["ots-new"]),
            "lang": language,  # the page's <html lang>, set by the browser (_SET_HTML_LANG)
        }

    def follow(turns: list[dict[str, Any]] | None, page: dict | None, chosen, since, until) -> tuple:
        """After an answer: a page whose language came from the browser turns to the language the reader
        asked in (a page told its language by ?lang= or OTSQA_LANGUAGE keeps it)."""
        page = page if isinstance(page, dict) else {"language": "en", "fixed": False}
        answered = [t["answer"] for t in (turns or []) if isinstance(t, dict) and isinstance(t.get("answer"), dict)]
        language = page_words.supported(answered[-1].get("language")) if answered else None
        if page.get("fixed") or not language or language == page.get("language"):
            return (gr.update(),) * (len(chrome_outputs) - 1) + (page,)
        words = dressed(language, chosen, since, until)
        words["articles"] = gr.update(**words["articles"])
        return *words.values(), {"language": language, "fixed": False}

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

    # The page as Gradio keeps it is English; each reader is sent it in their language (web/first_paint.py).
    english = lambda key: page_words.word(key, "en")  # noqa: E731
    with gr.Blocks(title=settings.title) as blocks:
        intro = gr.Markdown(f"## {settings.title}\n{english('chat_intro')}", elem_id="ots-intro")
        # The page's language and whether it was told (web/chrome.py); set as the page opens.
        page_state = gr.State({"language": "en", "fixed": False})
        # The same language where the browser reads it (a State stays on the server): each change of it sets
        # the page's <html lang>, which screen readers and browser translation go by.
        page_lang = gr.Textbox("en", visible="hidden", elem_id="ots-page-lang", interactive=False, show_label=False)
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
                placeholder=english("question_placeholder"),
                show_label=False,
                max_lines=6,
                scale=8,
                elem_id="ots-question",
                autofocus=True,
            )
            send = gr.Button(english("send"), variant="primary", scale=1, elem_id="ots-send")
        # Closed until wanted; what is chosen narrows every following question until cleared, and the
        # accordion's label says so while it is closed (issue 25, point 11).
        with gr.Accordion(english("filters"), open=False, elem_id="ots-filters") as filter_panel:
            articles = gr.Dropdown(
                choices=[],
                value=[],
                multiselect=True,
                label=english("filter_articles"),
                info=english("filter_articles_info"),
                elem_id="ots-filter-articles",
            )
            with gr.Row(elem_id="ots-filter-dates"):
                date = {"placeholder": "YYYY-MM-DD", "max_lines": 1}  # what must be typed, in every language
                since = gr.Textbox(label=english("published_from"), elem_id="ots-filter-from", **date)
                until = gr.Textbox(label=english("published_to"), elem_id="ots-filter-to", **date)
            clear_filters = gr.Button(english("clear_filters"), size="sm", variant="secondary", elem_id="ots-filter-clear")
        clear = gr.Button(english("new_conversation"), size="sm", elem_id="ots-new")

        outputs = [transcript, turns, box, examples]
        asked = [box, turns, articles, since, until, page_state]
        # In the order of `dressed`'s keys, then the page's state.
        chrome_outputs = [intro, box, send, filter_panel, articles, since, until, clear_filters, clear, page_lang, page_state]
        chosen = [turns, page_state, articles, since, until]
        options = {"api_visibility": "private", "concurrency_limit": concurrency, "concurrency_id": "answer"}
        quick = {"api_visibility": "private", "queue": False}
        box.submit(respond, asked, outputs, **options).then(follow, chosen, chrome_outputs, **quick)
        send.click(respond, asked, outputs, **options).then(follow, chosen, chrome_outputs, **quick)
        for button, question in zip(example_buttons, questions):
            button.click(_fill(question), None, box, **quick).then(respond, asked, outputs, **options).then(
                follow, chosen, chrome_outputs, **quick
            )
        clear.click(new_conversation, page_state, outputs, **quick)
        for picked in (articles, since, until):
            picked.change(_labelled, [articles, since, until, page_state], filter_panel, **quick)
        clear_filters.click(lambda: ([], "", ""), None, [articles, since, until], **quick)
        opened = [transcript, turns, examples, articles, *[c for c in chrome_outputs if c is not articles]]
        # Set as the page opens even when it stays "en" (Gradio sets <html lang> to the browser's locale, say
        # zh-CN, for its own words), and again whenever the page follows an answer's language.
        blocks.load(opening, [turns], opened, **quick).then(None, page_lang, None, js=_SET_HTML_LANG, **quick)
        page_lang.change(None, page_lang, None, js=_SET_HTML_LANG, **quick)
        gr.api(chat, api_name="chat", concurrency_limit=concurrency, concurrency_id="answer")
    return blocks


# Runs in the browser whenever the page's language changes (as the page opens, and when it follows an answer).
_SET_HTML_LANG = "(lang) => { document.documentElement.lang = lang || 'en'; }"


def _language(page: dict | None) -> str:
    """The page's language from its state (English for a page opened before the state existed)."""
    return page.get("language", "en") if isinstance(page, dict) else "en"


def _labelled(articles: list[str] | None, since: str | None, until: str | None, page: dict | None) -> Any:
    return filters_label(articles, since, until, _language(page))


def chat_filters(articles: list[str] | None, since: str | None, until: str | None, language: str = "en") -> Filters | None:
    """The filters panel's choices as the assistant's Filters (None when nothing is chosen). A date that
    is not one is a QuestionError naming the field as the panel labels it (in the page's ``language``)."""
    since, until = (since or "").strip(), (until or "").strip()
    for key, value in (("published_from", since), ("published_to", until)):
        try:
            Filters(date_from=value)
        except QuestionError:
            label = page_words.word(key, language)
            raise QuestionError(page_words.word("bad_date", language, label=label, value=value)) from None
    filters = Filters(doc_ids=tuple(articles or ()), date_from=since, date_to=until)  # a reversed range says so
    return filters if filters.active() else None


def filters_label(articles: list[str] | None, since: str | None, until: str | None, language: str = "en") -> Any:
    """The accordion's label: "Filters", or what is on ("Filters: 2 articles, from 2026-01-01") so that a
    closed panel still shows that questions are narrowed; in the page's ``language``."""
    say = page_words.word
    on = []
    if articles:
        one = len(articles) == 1
        on.append(say("filters_one_article", language) if one else say("filters_articles", language, n=len(articles)))
    since, until = (since or "").strip(), (until or "").strip()
    if since:
        on.append(say("filters_from", language, date=since))
    if until:
        on.append(say("filters_to", language, date=until))
    name = say("filters", language)
    return gr.update(label=f"{name}: {', '.join(on)}" if on else name)


def article_choices(records: list, language: str = "en") -> list[tuple[str, str]]:
    """(label, doc_id) per article, newest first; the date (in the page's ``language``) tells apart articles
    of one title."""
    newest = sorted(records, key=lambda a: (a.date or "", a.title or ""), reverse=True)
    label = lambda a: " — ".join(x for x in (a.title or PurePath(a.source).name, written_date(a.date or "", language)) if x)  # noqa: E731
    return [(label(a), a.doc_id) for a in newest]


def _fill(question: str):
    """An event function that puts ``question`` in the box (one per example button)."""
    return lambda: question
