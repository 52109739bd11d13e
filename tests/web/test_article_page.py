"""`/article/<doc_id>`: a whole article with the quoted sentences marked (issue 25, point 10), linked from
every citation (`article_url`), behind the same guards as the chat."""

from __future__ import annotations

import re
from html import unescape

from tests.web.conftest import QUESTION, client_for


def _marks(page: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<mark id="m\d+">(.*?)</mark>', page, re.S)]


def test_every_citation_links_to_its_article_with_its_quote_marked(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    for c in answer["citations"]:
        url = c["article_url"]
        assert url.startswith(f"/article/{c['doc_id']}?mark={c['start']}-{c['end']}") and url.endswith("#m1")
        page = client.get(c["article_url"].split("#")[0])
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert _marks(page.text) == [c["quote"]]  # the quote, exactly, at its offsets
        assert f'<h1 lang="en">{c["title"]}</h1>' in unescape(page.text)
        assert "<script" not in page.text


def test_marks_outside_the_text_or_malformed_are_ignored_and_overlaps_kept_once(client, ingested):
    doc_id = next(iter(ingested.store.articles())).doc_id
    text = ingested.store.article(doc_id).text
    page = client.get(f"/article/{doc_id}", params={"mark": f"0-10,5-20,30-20,x-y,10-{len(text) + 1},-1-4,40-50"}).text
    assert _marks(page) == [text[0:10], text[40:50]]
    assert unescape(re.sub(r"<[^>]+>", "", page.split('<article lang="en">')[1].split("</article>")[0])) == text


def test_an_unknown_article_is_404_and_a_hostile_address_is_only_text(client):
    reply = client.get("/article/<script>alert(1)</script>")
    assert reply.status_code == 404 and "<script>alert" not in reply.text
    assert client.get("/article/..%2F..%2Fetc%2Fpasswd").status_code == 404


def test_with_a_token_the_article_needs_the_token_like_the_chat(ingested, assistant):
    client = client_for(ingested, assistant, api_token="s3cret-token-for-tests")
    doc_id = next(iter(ingested.store.articles())).doc_id
    refused = client.get(f"/article/{doc_id}", follow_redirects=False)
    assert refused.status_code in (302, 303, 307, 401) and "mark" not in refused.text
    allowed = client.get(f"/article/{doc_id}", headers={"Authorization": "Bearer s3cret-token-for-tests"})
    assert allowed.status_code == 200 and '<article lang="en">' in allowed.text


def _dated(ingested):
    return next(a for a in ingested.store.articles() if len(a.date or "") == 10)


def test_the_page_speaks_the_readers_language_and_the_article_its_own(client, ingested):
    from otsqa.dates import written_date

    record = _dated(ingested)
    text = ingested.store.article(record.doc_id).text
    page = client.get(f"/article/{record.doc_id}", params={"mark": "0-40"}, headers={"Accept-Language": "ru-RU,ru;q=0.9"}).text
    assert page.startswith('<!doctype html><html lang="ru">')
    assert f"{written_date(record.date, 'ru')}</p>" in page and written_date(record.date, "ru").endswith(" г.")
    # The article is the article's: its title, text and quotes as it wrote them, marked as English.
    assert f'<h1 lang="en">{record.title}</h1>' in unescape(page) and _marks(page) == [text[0:40]]
    assert '<article lang="en">' in page
    english = client.get(f"/article/{record.doc_id}").text
    assert english.startswith('<!doctype html><html lang="en">') and f"{written_date(record.date)}</p>" in english


def test_lang_in_the_address_outranks_the_browser_and_the_setting_outranks_both(ingested, assistant):
    record = _dated(ingested)
    client = client_for(ingested, assistant)
    kazakh = client.get(f"/article/{record.doc_id}?lang=kk", headers={"Accept-Language": "ru"}).text
    assert '<html lang="kk">' in kazakh and " жылғы " in kazakh
    forced = client_for(ingested, assistant, language="tr")
    turkish = forced.get(f"/article/{record.doc_id}?lang=kk", headers={"Accept-Language": "ru"}).text
    assert '<html lang="tr">' in turkish


def test_a_missing_article_is_said_in_the_readers_language(client):
    for language, heading, said in [
        ("ru", "Статья не найдена", "По этому адресу нет статьи из коллекции"),
        ("uz-Cyrl", "Бундай мақола йўқ", "Тўпламда бу манзилда мақола йўқ"),
        ("en", "No such article", "No article of the collection has this address"),
    ]:
        reply = client.get("/article/no-such-article", params={"lang": language})
        assert reply.status_code == 404 and f'<html lang="{language}">' in reply.text
        assert f"<title>{heading}</title>" in reply.text and f"<h1>{heading}</h1>" in reply.text and said in reply.text
