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
        assert f"<h1>{c['title']}</h1>" in unescape(page.text)
        assert "<script" not in page.text


def test_marks_outside_the_text_or_malformed_are_ignored_and_overlaps_kept_once(client, ingested):
    doc_id = next(iter(ingested.store.articles())).doc_id
    text = ingested.store.article(doc_id).text
    page = client.get(f"/article/{doc_id}", params={"mark": f"0-10,5-20,30-20,x-y,10-{len(text) + 1},-1-4,40-50"}).text
    assert _marks(page) == [text[0:10], text[40:50]]
    assert unescape(re.sub(r"<[^>]+>", "", page.split("<article>")[1].split("</article>")[0])) == text


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
    assert allowed.status_code == 200 and "<article>" in allowed.text
