"""The sign-in pages of the chat (web/sessions.py) and of the library (web/library_page.py) in the reader's
language (issue 24), chosen as the chat's: OTSQA_LANGUAGE, then ``?lang=``, then Accept-Language. The
words are otsqa/messages.json's; the pages themselves are checked in Chromium by test_browser.py."""

from __future__ import annotations

import re
from html import unescape

from pydantic import SecretStr

from tests.web.conftest import client_for
from web.sessions import sign_in_page

TOKEN = "sign-in-words-token-0123456789"
ADMIN_TOKEN = "sign-in-words-admin-token-0123"
PAGE = {"Accept": "text/html"}


def _said(page: str) -> dict[str, str]:
    """What the form says: its language, title, heading, explanation, label, button and problem."""

    def one(pattern: str) -> str:
        found = re.search(pattern, page, re.S)
        return unescape(found.group(1)).strip() if found else ""

    return {
        "lang": one(r'<html lang="([^"]+)"'),
        "title": one(r"<title>(.*?)</title>"),
        "why": one(r"</h1>\s*<p>(.*?)</p>"),
        "label": one(r'<label for="token">(.*?)</label>'),
        "button": one(r'<button type="submit">(.*?)</button>'),
        "problem": one(r'<p class="problem" role="alert">(.*?)</p>'),
        "action": one(r'<form method="post" action="([^"]*)"'),
    }


def test_the_chats_sign_in_follows_the_browser_and_keeps_a_lang_it_was_sent_with(ingested, assistant):
    client = client_for(ingested, assistant, api_token=TOKEN, rate_limit_per_minute=0)
    russian = _said(client.get("/sign-in", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).text)
    assert russian == {
        "lang": "ru",
        "title": "Войти · OTS security assistant",
        "why": "Этому ассистенту нужен ключ доступа. Спросите у тех, кто его обслуживает.",
        "label": "Ключ доступа",
        "button": "Войти",
        "problem": "",
        "action": "/sign-in",
    }
    # Opened as /?lang=kk: sent to the sign-in page with the language, and back to the chat with it.
    sent = client.get("/?lang=kk", headers=PAGE | {"Accept-Language": "ru"}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/sign-in?lang=kk"
    kazakh = client.get(sent.headers["location"], headers={"Accept-Language": "ru"}).text
    assert _said(kazakh)["lang"] == "kk" and _said(kazakh)["action"] == "/sign-in?lang=kk"
    assert _said(kazakh)["label"] == "Кіру кілті" and _said(kazakh)["button"] == "Кіру"
    wrong = client.post("/sign-in?lang=kk", data={"token": "not-the-token-at-all-xxxx"}, follow_redirects=False)
    assert wrong.status_code == 401 and _said(wrong.text)["problem"] == "Бұл кілт серверге берілген кілт емес."
    right = client.post("/sign-in?lang=kk", data={"token": TOKEN}, follow_redirects=False)
    assert right.status_code == 303 and right.headers["location"] == "/?lang=kk"
    # Scripts still read English, whatever the language.
    refused = client_for(ingested, assistant, api_token=TOKEN).get("/chat", headers={"Accept-Language": "ru"})
    assert refused.status_code == 401 and "This server needs an API token" in refused.json()["error"]


def test_the_setting_forces_the_sign_in_language_and_a_spent_budget_is_said_in_it(ingested, assistant):
    client = client_for(ingested, assistant, api_token=TOKEN, rate_limit_per_minute=1, language="tr")
    page = _said(client.get("/sign-in?lang=ru", headers={"Accept-Language": "kk"}).text)
    assert page["lang"] == "tr" and page["button"] == "Giriş yap" and page["label"] == "Erişim anahtarı"
    first = client.post("/sign-in", data={"token": "guess-one-xxxxxxxxxxxx"})
    assert first.status_code == 401 and _said(first.text)["problem"] == "Bu anahtar, sunucuya verilen anahtar değil."
    second = client.post("/sign-in", data={"token": "guess-two-xxxxxxxxxxxx"})
    assert second.status_code == 429 and "sınır dakikada 1" in _said(second.text)["problem"]


def test_the_librarys_sign_in_speaks_the_readers_language(ingested, assistant):
    client = client_for(ingested, assistant, admin_token=SecretStr(ADMIN_TOKEN), rate_limit_per_minute=0)
    form = _said(client.get("/library", headers={"Accept-Language": "uz-Cyrl-UZ"}).text)
    assert form["lang"] == "uz-Cyrl" and form["title"] == "Кириш · Кутубхона · OTS security assistant"
    assert form["label"] == "Администратор калити" and form["button"] == "Кириш"
    assert form["why"].startswith("Кутубхона тўпламни юритадиганлар учун") and form["action"] == "/library/sign-in"
    in_address = client.get("/library?lang=az&token=x")
    assert in_address.status_code == 400 and _said(in_address.text)["problem"].startswith("Açarı ünvana yazmayın")
    assert _said(in_address.text)["action"] == "/library/sign-in?lang=az"
    wrong = client.post("/library/sign-in?lang=ru", data={"token": "not-the-admin-token-xxxx"}, follow_redirects=False)
    assert wrong.status_code == 401 and _said(wrong.text)["problem"] == "Это не ключ администратора этого сервера."
    english = _said(client.get("/library").text)
    assert english["lang"] == "en" and english["label"] == "Admin token" and english["button"] == "Sign in"


def test_the_sign_in_page_without_a_language_is_the_english_it_was():
    page = _said(sign_in_page("Desk", "That token is not the one this server was given."))
    assert page["lang"] == "en" and page["title"] == "Sign in · Desk" and page["label"] == "Access token"
    assert page["why"] == "This assistant needs its access token. Ask the people who run it." and page["button"] == "Sign in"
