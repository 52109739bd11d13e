"""The page's own words (its chrome) in the reader's language (issue 24): the chat's question box, buttons,
filters, intro and starting page, the widget's title, box and buttons, the article page and the sign-in pages.
The words are otsqa/messages.json's, as the answer's own; which language a page gets is chosen here without
asking the reader:

1. OTSQA_LANGUAGE, when it forces the questions' language: the answers come in it, so the page does too;
2. ``?lang=xx`` on the page's URL (the widget: its ``data-lang`` attribute);
3. the browser's preferred languages (``Accept-Language``; the widget: the host page's ``<html lang>``,
   then ``navigator.languages``), the first that messages.json has;
4. English.

A page whose language was chosen from the browser follows the language of the reader's answers after that
(asked in Kazakh, the page turns Kazakh); one chosen by 1 or 2 stays as it was told.
"""

from __future__ import annotations

from otsqa.messages import messages, say

# Every word of the chrome: each language of messages.json has each of them (a test checks).
CHROME_KEYS = (
    "chat_intro",
    "question_placeholder",
    "send",
    "filters",
    "filter_articles",
    "filter_articles_info",
    "published_from",
    "published_to",
    "clear_filters",
    "new_conversation",
    "filters_one_article",
    "filters_articles",
    "filters_from",
    "filters_to",
    "bad_date",
    "empty_intro",
    "holdings_one",
    "holdings",
    "holdings_span",
    "more_articles",
    "searching",
    "writing",
    "saving",
    "feedback_failed",
    "chat_starting",
    "chat_failed",
    "widget_title",
    "widget_placeholder",
    "question",
    "ask",
    "close",
    "widget_hint",
    "unreachable",
    "http_failed",
    "cut_off",
    "save_failed",
    # The article page (web/article_page.py) and the sign-in pages of the chat and the library.
    "article_unavailable",
    "article_missing_title",
    "article_missing",
    "sign_in",
    "sign_in_why",
    "access_token",
    "wrong_token",
    "not_a_form",
    "library",
    "library_sign_in_why",
    "admin_token",
    "wrong_admin_token",
    "token_in_address",
)


# The chat's elements (their elem_id in web/chat.py) and the word each of their properties shows. The page
# the server sends has them in the reader's language already (web/first_paint.py), and the chat's load
# event sets the same words (web/chat.py `dressed`): one list, so the two cannot say different things.
CHAT_ELEMENTS = {
    "ots-question": {"placeholder": "question_placeholder"},
    "ots-send": {"value": "send"},
    "ots-filters": {"label": "filters"},
    "ots-filter-articles": {"label": "filter_articles", "info": "filter_articles_info"},
    "ots-filter-from": {"label": "published_from"},
    "ots-filter-to": {"label": "published_to"},
    "ots-filter-clear": {"value": "clear_filters"},
    "ots-new": {"value": "new_conversation"},
}


def chat_words(language: str, title: str) -> dict[str, dict[str, str]]:
    """elem_id → {property: words} for the chat's own elements in ``language``: `CHAT_ELEMENTS`, the intro
    under the page's ``title`` (OTSQA_TITLE), and the hidden field the page's ``<html lang>`` is set from."""
    words = {elem: {prop: word(key, language) for prop, key in props.items()} for elem, props in CHAT_ELEMENTS.items()}
    words["ots-intro"] = {"value": f"## {title}\n{word('chat_intro', language)}"}
    words["ots-page-lang"] = {"value": language}
    return words


def supported(tag: str | None) -> str | None:
    """The language of messages.json that a BCP 47 tag names, or None: "ru-RU" → "ru", "uz-Cyrl-UZ" →
    "uz-Cyrl", "uz-UZ" → "uz", "kk" → "kk", "zh-CN" → None."""
    parts = (tag or "").strip().replace("_", "-").lower().split("-")
    if not parts[0]:
        return None
    known = {lang.lower(): lang for lang in messages()}
    if parts[0] == "uz" and "cyrl" in parts[1:]:
        return known.get("uz-cyrl")
    return known.get(parts[0])


def preferred(accept_language: str | None) -> str | None:
    """The first language of an Accept-Language header (by its q values, then its order) that messages.json has."""
    ranked = []
    for i, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, tag))
    for _, _, tag in sorted(ranked):
        if lang := supported(tag):
            return lang
    return None


def choose(forced: str | None, asked: str | None, accept_language: str | None) -> tuple[str, bool]:
    """The page's language and whether it is fixed (told by OTSQA_LANGUAGE or ``?lang``) rather than taken
    from the browser. ``forced``: OTSQA_LANGUAGE ("auto" forces nothing); ``asked``: ``?lang``'s value."""
    if forced and forced != "auto" and (lang := supported(forced)):
        return lang, True
    if lang := supported(asked):
        return lang, True
    return preferred(accept_language) or "en", False


def word(key: str, language: str, **values: object) -> str:
    """A chrome word in ``language``, its {placeholders} filled."""
    text = say(key, language)
    return text.format(**values) if values else text
