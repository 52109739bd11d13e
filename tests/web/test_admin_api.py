"""The library's JSON API (issue 26) on a real uvicorn server on 127.0.0.1, over a real embedded Chroma
store in a temp dir holding two seed articles ingested with the real model: who may use it, uploads
(good ones answered from at once; bad ones refused with a message and nothing written), edits kept as
overrides that a later `otsqa ingest` keeps, removal, an article's passages, and two writes at once."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from tests.conftest import CORPUS_FILES, make_settings
from tests.helpers import embedding_begun as embedding_now
from tests.helpers import make_pdf, otsqa
from tests.web.conftest import served
from web.server import build_app

pytestmark = pytest.mark.slow

ADMIN_TOKEN = "admin-token-for-the-library-tests"
API_TOKEN = "api-token-for-the-library-tests"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
API = {"Authorization": f"Bearer {API_TOKEN}"}
ARTICLE = """Cyber Steppe 2026: the first joint cyber drill of the Turkic states

By Aruzhan Bekova

The Organization of Turkic States held its first joint cyber defence drill, Cyber Steppe 2026, in Tashkent
on 12 March 2026. Teams from Azerbaijan, Kazakhstan, Kyrgyzstan, Turkey and Uzbekistan defended a
simulated power grid against staged attacks for three days.

The organisers said the drill would move to Bishkek in 2027 and add a tabletop exercise for ministers.
"""
QUESTION = "Where was the Cyber Steppe 2026 drill held?"
UPLOAD_LIMIT = 200_000  # bytes a file may have on this server (OTSQA_UPLOAD_MAX_BYTES)


class Site(NamedTuple):
    url: str
    settings: object
    corpus: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory, corpus_dir, embedder):
    from assistant import open_assistant
    from ingest import ingest_paths

    root = tmp_path_factory.mktemp("library")
    corpus = root / "articles"
    corpus.mkdir()
    for key in ("samedov", "gabala"):
        shutil.copy(corpus_dir / CORPUS_FILES[key], corpus / CORPUS_FILES[key])
    settings = make_settings(
        root,
        corpus,
        admin_token=ADMIN_TOKEN,
        api_token=API_TOKEN,
        rate_limit_per_minute=0,
        store_check_seconds=0,
        upload_max_bytes=UPLOAD_LIMIT,
    )
    assert len(ingest_paths(settings, embedder=embedder).added) == 2
    app = build_app(settings, open_assistant(settings, embedder=embedder))
    with served(app) as url:
        yield Site(url, settings, corpus)


def http(site: Site, **kwargs) -> httpx.Client:
    return httpx.Client(base_url=site.url, timeout=180, **kwargs)


def upload(client: httpx.Client, name: str, data: bytes, headers=ADMIN) -> httpx.Response:
    return client.post("/api/admin/upload", files={"files": (name, data)}, headers=headers)


def listed(client: httpx.Client) -> dict:
    reply = client.get("/api/admin/articles", headers=ADMIN)
    assert reply.status_code == 200, reply.text
    return {a["doc_id"]: a for a in reply.json()["articles"]}


def uploads_folder(site: Site) -> dict[str, bytes]:
    folder = site.settings.uploads_dir
    return {p.name: p.read_bytes() for p in folder.iterdir()} if folder.exists() else {}


def ingest_child(site: Site, timeout: float = 120) -> int:
    """The pid of the process ingesting the library's write under way: the data dir's writer lock names
    it, and it is a child of this process (the server runs in it here)."""
    lock = site.settings.data_dir / "ingest.lock"
    deadline = time.monotonic() + timeout
    while True:
        held = lock.read_text().strip() if lock.exists() else ""
        if held and int(held) != os.getpid() and parent_of(int(held)) == os.getpid():
            return int(held)
        assert time.monotonic() < deadline, f"no ingest process took the writer lock (it names {held!r})"
        time.sleep(0.01)


def embedding_begun(site: Site, timeout: float = 120) -> None:
    """Wait until the write under way says its ingest has begun embedding (its first batch loads the model)."""
    with http(site) as client:
        embedding_now(client, ADMIN, timeout)


def stop_between_writes(pid: int, timeout: float = 60) -> None:
    """SIGSTOP the ingest process ``pid`` at a moment it holds no write lock on a SQLite file of the
    store. Stopped inside a commit, it would keep that lock (Chroma's file is in rollback-journal mode, where
    a commit shuts readers out) and every answer would wait for it: CI once saw an answer time out so.
    SQLite's locks are POSIX record locks, which /proc/locks lists with their holder's pid; a reader's
    shared lock (READ) stops no one, and the writer lock (store/writer_lock.py) is a flock, not POSIX."""
    deadline = time.monotonic() + timeout
    while True:
        os.kill(pid, signal.SIGSTOP)
        held = [line for line in Path("/proc/locks").read_text().splitlines() if _write_lock_of(line, pid)]
        if not held:
            return
        os.kill(pid, signal.SIGCONT)
        assert time.monotonic() < deadline, f"the ingest held a write lock on the store all along: {held}"
        time.sleep(0.005)


def _write_lock_of(line: str, pid: int) -> bool:
    # "1: POSIX  ADVISORY  WRITE 1625 fe:00:2154892 1073741824 1073742335"; "->" marks a waiter's line
    fields = [f for f in line.split() if f != "->"]
    return len(fields) > 4 and fields[1] == "POSIX" and fields[3] == "WRITE" and fields[4] == str(pid)


def proc_stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields from the state on (field 3 of proc(5) is [0]); None when it is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def parent_of(pid: int) -> int | None:
    fields = proc_stat(pid)
    return int(fields[1]) if fields else None


def store_count(site: Site) -> int:
    from store.chroma import open_store

    return open_store(site.settings).count()


# -- who may use it ------------------------------------------------------------------------------


def test_without_an_admin_token_the_library_is_off(ingested, assistant):
    with served(build_app(ingested.settings, assistant)) as url:
        for path in ("/library", "/library/static/library.js", "/api/admin/articles"):
            reply = httpx.get(url + path, headers=ADMIN, timeout=60)
            assert reply.status_code == 404, (path, reply.text)
        reply = httpx.post(url + "/api/admin/upload", files={"files": ("a.txt", b"text")}, headers=ADMIN, timeout=60)
        assert reply.status_code == 404
        assert "/api/admin" not in httpx.get(url + "/openapi.json", timeout=60).text


def test_the_admin_token_and_nothing_else_opens_the_library(site):
    with http(site) as client:
        for headers, says in [
            ({}, "needs the admin token"),
            (API, "That is the API token"),
            ({"Authorization": "Bearer not-the-admin-token-at-all"}, "admin token is wrong"),
            ({"X-API-Token": API_TOKEN}, "needs the admin token"),
        ]:
            reply = client.get("/api/admin/articles", headers=headers)
            assert reply.status_code == 401 and says in reply.json()["error"], (headers, reply.text)
            assert reply.headers["www-authenticate"] == "Bearer"
            refused = upload(client, "refused.txt", ARTICLE.encode(), headers)
            assert refused.status_code == 401
        in_url = client.get("/api/admin/articles", params={"token": ADMIN_TOKEN}, headers=ADMIN)
        assert in_url.status_code == 401 and "URL" in in_url.json()["error"]

        # A chat session (signed in with the API token) is no admin session, nor is a forged cookie.
        signed = client.post("/sign-in", data={"token": API_TOKEN}, follow_redirects=False)
        assert signed.status_code == 303 and "otsqa_session" in client.cookies
        assert client.get("/api/admin/articles").status_code == 401
        client.cookies.set("otsqa_admin", client.cookies["otsqa_session"])
        assert client.get("/api/admin/articles").status_code == 401
        assert client.get("/library").text.count('name="token"') == 1  # the library's own sign-in form
    assert not uploads_folder(site)


def test_the_admin_routes_are_described_in_the_api_docs(site):
    spec = httpx.get(site.url + "/openapi.json", timeout=60).json()
    paths = spec["paths"]
    assert {"/api/admin/articles", "/api/admin/articles/{doc_id}", "/api/admin/upload", "/api/admin/explain"} <= set(paths)
    assert set(paths["/api/admin/articles/{doc_id}"]) == {"get", "patch", "delete"}
    upload = paths["/api/admin/upload"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"] and "409" in upload["responses"]


def test_other_origins_are_refused_even_allowed_ones(site):
    with http(site) as client:
        for origin in ("http://evil.example", "http://127.0.0.1:1"):
            reply = client.get("/api/admin/articles", headers=ADMIN | {"Origin": origin})
            assert reply.status_code == 403, reply.text
        reply = upload(client, "cross.txt", ARTICLE.encode(), ADMIN | {"Origin": "http://evil.example"})
        assert reply.status_code == 403
    assert "cross.txt" not in uploads_folder(site)


def test_the_library_session_is_its_own_cookie_and_changes_need_the_pages_header(site):
    with http(site) as client:
        wrong = client.post("/library/sign-in", data={"token": API_TOKEN}, follow_redirects=False)
        assert wrong.status_code == 401 and "otsqa_admin" not in client.cookies
        signed = client.post("/library/sign-in", data={"token": ADMIN_TOKEN}, follow_redirects=False)
        assert signed.status_code == 303 and signed.headers["location"] == "/library"
        cookie = signed.headers["set-cookie"]
        assert cookie.startswith("otsqa_admin=") and "Path=/;" in cookie and "HttpOnly" in cookie
        assert "SameSite=Strict" in cookie and "Max-Age=3600" in cookie
        page = client.get("/library")
        assert page.status_code == 200 and 'id="articles"' in page.text
        assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
        assert client.get("/api/admin/articles").status_code == 200
        # A form posted from anywhere cannot set a header: without it, no change.
        refused = client.post("/api/admin/upload", files={"files": ("csrf.txt", ARTICLE.encode())})
        assert refused.status_code == 403 and "X-OTSQA-Admin" in refused.json()["error"]
        # ...and the chat is not opened by the library's session.
        assert client.post("/api/ask", json={"question": QUESTION}).status_code == 401
        out = client.post("/library/sign-out", headers={"X-OTSQA-Admin": "1"})
        assert out.status_code == 200 and "Max-Age=0" in out.headers["set-cookie"]
        assert client.get("/api/admin/articles").status_code == 401
    assert "csrf.txt" not in uploads_folder(site)


# -- uploads ----------------------------------------------------------------------------------------


def test_a_good_upload_is_added_and_answered_from_at_once(site):
    with http(site) as client:
        started = time.monotonic()
        reply = upload(client, "cyber-steppe.txt", ARTICLE.encode())
        assert reply.status_code == 200, reply.text
        result = reply.json()
        (one,) = result["files"]
        assert one["file"] == "cyber-steppe.txt" and one["status"] == "added" and one["error"] is None, one
        assert result["report"]["added"] == 1 and result["report"]["failed"] == []  # `otsqa ingest --json`'s report
        assert set(result["report"]) >= {"added", "updated", "unchanged", "removed", "skipped", "failed", "warnings"}
        answer = client.post("/api/ask", json={"question": QUESTION}, headers=API).json()
        seconds = time.monotonic() - started
        assert "Tashkent" in answer["answer"] and not answer["abstained"], answer
        assert any(c["doc_id"] == one["doc_id"] for c in answer["citations"])
        assert seconds < 60, seconds  # the target is 30 s on an idle machine (tools/bench/library.py)

        row = listed(client)[one["doc_id"]]
        assert row["title"].startswith("Cyber Steppe 2026") and row["author"] == "Aruzhan Bekova"
        assert (row["source"], row["origin"], row["status"]) == ("uploads/cyber-steppe.txt", "upload", "complete")
        assert row["passages"] >= 1 and row["ingested"].endswith("Z")

        again = upload(client, "cyber-steppe.txt", ARTICLE.encode()).json()
        assert again["files"][0]["status"] == "unchanged"
        revised = upload(client, "cyber-steppe.txt", ARTICLE.replace("three days", "four days").encode()).json()
        assert revised["files"][0]["status"] == "updated" and revised["files"][0]["doc_id"] == one["doc_id"]
    assert [n for n in uploads_folder(site) if n.startswith(".")] == []  # no temporary or kept-aside file left


def _bad_files() -> list[tuple[str, bytes, str]]:
    zip_bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4
    return [
        ("notes.docx", b"PK\x03\x04 an office file", "archive or office file"),
        ("articles.zip", zip_bytes, "archive"),
        ("disguised.txt", zip_bytes, "archive (by its content)"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(300), "type ingest does not read (.jpg)"),
        ("binary.txt", bytes(range(256)) * 8, "binary file"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b"   \n\n  \t\n", "empty"),
        ("../../etc/x.txt", ARTICLE.encode(), "a path, not a file name"),
        ("..\\evil.txt", ARTICLE.encode(), "a path, not a file name"),
        (".hidden.txt", ARTICLE.encode(), "hidden name"),
        ("noext", ARTICLE.encode(), "no type"),
        ("big.txt", (ARTICLE * (UPLOAD_LIMIT // len(ARTICLE) + 1)).encode(), "over the upload limit of 195 KiB"),
        ("fake.pdf", b"%PDF-1.4 this is no pdf at all", "fake.pdf"),
    ]


@pytest.mark.parametrize("name, data, says", _bad_files(), ids=[f[0] for f in _bad_files()])
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_written(site, name, data, says):
    before_files, before_count = uploads_folder(site), store_count(site)
    with http(site) as client:
        before = listed(client)
        reply = upload(client, name, data)
        assert reply.status_code == 400, reply.text
        body = reply.json()
        assert says in body["error"] and "Traceback" not in body["error"], body
        assert body["files"][0]["status"] == "refused" and body["files"][0]["error"] == body["error"]
        assert listed(client) == before
    assert uploads_folder(site) == before_files and store_count(site) == before_count


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(site):
    from web.admin_api import upload_body_limit

    huge = b"x" * (upload_body_limit(UPLOAD_LIMIT) + 1)
    with http(site) as client:
        for headers in (ADMIN, {}):  # with the token or without: 413 before anything is read
            reply = upload(client, "huge.txt", huge, headers)
            assert reply.status_code == 413 and "OTSQA_UPLOAD_MAX_BYTES" in reply.json()["error"], reply.text

        def streamed():  # no Content-Length: counted as it comes
            yield b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="huge.txt"\r\n\r\n'
            for at in range(0, len(huge), 1 << 20):
                yield huge[at : at + (1 << 20)]

        reply = client.post(
            "/api/admin/upload",
            content=streamed(),
            headers=ADMIN | {"Content-Type": "multipart/form-data; boundary=xyz"},
        )
        assert reply.status_code == 413, reply.text
    assert "huge.txt" not in uploads_folder(site)


def test_a_symbolic_link_in_the_uploads_folder_is_not_written_through(site, tmp_path):
    target = tmp_path / "outside.txt"
    target.write_text("not to be overwritten\n", encoding="utf-8")
    folder = site.settings.uploads_dir
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "linked.txt").symlink_to(target)
    try:
        with http(site) as client:
            reply = upload(client, "linked.txt", ARTICLE.encode())
        assert reply.status_code == 400 and "symbolic link" in reply.json()["error"], reply.text
        assert target.read_text(encoding="utf-8") == "not to be overwritten\n"
        assert (folder / "linked.txt").is_symlink()
    finally:
        (folder / "linked.txt").unlink()


def test_several_files_at_once_each_get_their_own_result(site):
    lines = [
        "Drone sharing among Turkic states",
        "",
        "Azerbaijan and Kazakhstan agreed in June 2026 to share drone",
        "surveillance data along the Caspian coast, officials said in Baku.",
    ]
    pdf = make_pdf([lines])
    files = [
        ("files", ("drones.pdf", pdf)),
        ("files", ("table.md", b"# Patrols\n\nThe Caspian patrol of 2026 set out from Aktau in May 2026.\n")),
        ("files", ("nothing.txt", b"")),
    ]
    with http(site) as client:
        reply = client.post("/api/admin/upload", files=files, headers=ADMIN)
        assert reply.status_code == 200, reply.text
        outcome = {f["file"]: f for f in reply.json()["files"]}
        assert [f["file"] for f in reply.json()["files"]] == ["drones.pdf", "table.md", "nothing.txt"]
        assert outcome["drones.pdf"]["status"] == "added" and outcome["table.md"]["status"] == "added"
        assert outcome["nothing.txt"]["status"] == "refused" and "empty" in outcome["nothing.txt"]["error"]
        assert reply.json()["report"]["added"] == 2
        for name in ("drones.pdf", "table.md"):
            doc_id = outcome[name]["doc_id"]
            removed = client.request("DELETE", f"/api/admin/articles/{doc_id}", json={"confirm": doc_id}, headers=ADMIN)
            assert removed.status_code == 200
    assert "nothing.txt" not in uploads_folder(site)


# -- edits, removal, an article's passages -----------------------------------------------------------


def test_an_edit_is_kept_as_an_override_that_a_later_ingest_keeps(site):
    gabala = "001-9d64fbbbf1f74134"
    with http(site) as client:
        bad = client.patch(f"/api/admin/articles/{gabala}", json={"date": "12/03/2026"}, headers=ADMIN)
        assert bad.status_code == 400 and "is not a date; write YYYY-MM-DD" in bad.json()["error"]
        empty = client.patch(f"/api/admin/articles/{gabala}", json={"title": "  "}, headers=ADMIN)
        assert empty.status_code == 400 and "title is empty" in empty.json()["error"]
        unknown = client.patch(f"/api/admin/articles/{gabala}", json={"headline": "x"}, headers=ADMIN)
        assert unknown.status_code == 400
        missing = client.patch("/api/admin/articles/no-such-article", json={"title": "T"}, headers=ADMIN)
        assert missing.status_code == 404

        edit = {"title": "The Gabala summit, as the keepers call it", "author": "Library Desk", "date": "2025-10-08"}
        reply = client.patch(f"/api/admin/articles/{gabala}", json=edit, headers=ADMIN)
        assert reply.status_code == 200, reply.text
        assert reply.json()["override"] == edit and reply.json()["report"]["updated"] == 1
        row = listed(client)[gabala]
        assert (row["title"], row["author"], row["date"], row["override"]) == (*edit.values(), edit)

    written = json.loads((site.settings.data_dir / "article-overrides.json").read_text(encoding="utf-8"))
    assert written == {gabala: edit}  # in the data dir: the corpus folder is left alone
    assert not (site.corpus / ".otsqa-articles.json").exists()

    # `otsqa ingest` in another process, as a keeper would run it: the override holds.
    env = {"OTSQA_DATA_DIR": str(site.settings.data_dir), "OTSQA_CORPUS_DIR": str(site.corpus)}
    done = otsqa("ingest", "--json", env_extra=env)
    assert done.returncode == 0, done.stderr
    with http(site) as client:
        row = listed(client)[gabala]
        assert (row["title"], row["author"], row["date"]) == tuple(edit.values())
        answer = client.post("/api/ask", json={"question": "Where was the 12th OTS summit held?"}, headers=API).json()
        assert any(c["title"] == edit["title"] for c in answer["citations"]), answer["citations"]

        back = client.patch(f"/api/admin/articles/{gabala}", json={"title": None, "author": None, "date": None}, headers=ADMIN)
        assert back.status_code == 200 and back.json()["override"] is None
        assert listed(client)[gabala]["title"] != edit["title"]
    assert json.loads((site.settings.data_dir / "article-overrides.json").read_text(encoding="utf-8")) == {}


def test_an_article_shows_as_its_cleaned_text_with_its_passages(site):
    samedov = "000-7cd2e88548b4fe42"
    with http(site) as client:
        reply = client.get(f"/api/admin/articles/{samedov}", headers=ADMIN)
        assert reply.status_code == 200
        article = reply.json()
        text, passages = article["text"], article["passage_spans"]
        assert text and len(passages) >= 2 and article["passages"] == len(passages)
        assert [p["index"] for p in passages] == list(range(len(passages)))
        assert all(0 <= p["start"] < p["end"] <= len(text) for p in passages)
        body = [p for p in passages if p["kind"] == "body"]
        assert body[0]["start"] <= 40  # the text is cut into passages from its start...
        assert all(b["start"] <= a["end"] for a, b in zip(body, body[1:]))  # ...with nothing between them
        assert client.get("/api/admin/articles/nope", headers=ADMIN).status_code == 404


def test_a_removal_needs_confirming_and_takes_the_uploaded_file_with_it(site):
    with http(site) as client:
        added = upload(client, "to-remove.txt", b"Leaving soon\n\nThis short article about the Turkic patrol is removed.\n")
        doc_id = added.json()["files"][0]["doc_id"]
        path = f"/api/admin/articles/{doc_id}"
        for body in (None, {}, {"confirm": "another-article"}):
            refused = client.request("DELETE", path, json=body, headers=ADMIN)
            assert refused.status_code == 400, refused.text
        assert doc_id in listed(client)
        removed = client.request("DELETE", path, json={"confirm": doc_id}, headers=ADMIN)
        assert removed.status_code == 200, removed.text
        report = removed.json()
        assert [r["doc_id"] for r in report["removed"]] == [doc_id] and report["failed"] == []  # `otsqa remove --json`'s
        assert report["deleted_file"] == "uploads/to-remove.txt" and report["still_on_disk"] == []
        assert doc_id not in listed(client)
        assert client.request("DELETE", path, json={"confirm": doc_id}, headers=ADMIN).status_code == 404
    assert "to-remove.txt" not in uploads_folder(site)


# -- two writes at once, and answers meanwhile --------------------------------------------------------


def test_a_second_upload_while_one_runs_is_refused_and_answers_go_on(site):
    first: dict = {}

    def upload_first():
        with http(site) as client:
            first["reply"] = upload(client, "first.txt", ARTICLE.replace("Cyber Steppe", "Cyber Mountain").encode())

    thread = threading.Thread(target=upload_first)
    thread.start()
    child = ingest_child(site)
    stop_between_writes(child)  # held inside its ingest for as long as the test needs
    try:
        with http(site) as client:
            second = upload(client, "second.txt", ARTICLE.encode())
            assert second.status_code == 409, second.text
            assert "busy adding first.txt" in second.json()["error"]
            listing = client.get("/api/admin/articles", headers=ADMIN).json()
            assert listing["writing"]["what"] == "adding first.txt"
            started = time.monotonic()
            answer = client.post("/api/ask", json={"question": "Where was the 12th OTS summit held?"}, headers=API)
            assert answer.status_code == 200 and "Gabala" in answer.json()["answer"]
            assert time.monotonic() - started < 30
        assert "second.txt" not in uploads_folder(site)
    finally:
        os.kill(child, signal.SIGCONT)
        thread.join(180)
    assert first["reply"].status_code == 200 and first["reply"].json()["files"][0]["status"] == "added"


def test_uploads_are_ingested_by_one_worker_at_a_lower_priority_offline_that_loads_the_model_once(site):
    reply: dict = {}

    def send():
        with http(site) as client:
            reply["upload"] = upload(client, "valley.txt", ARTICLE.replace("Cyber Steppe", "Cyber Valley").encode())

    thread = threading.Thread(target=send)
    thread.start()
    worker = ingest_child(site)  # another pid than the server's holds the writer lock: the ingest is the worker's
    stop_between_writes(worker)
    try:
        assert int(proc_stat(worker)[16]) == 10  # its niceness (proc(5) field 19)
        env = dict(v.split("=", 1) for v in Path(f"/proc/{worker}/environ").read_text().split("\0") if "=" in v)
        assert env["HF_HUB_OFFLINE"] == "1" and env["TRANSFORMERS_OFFLINE"] == "1" and env["OMP_NUM_THREADS"] == "1"
        assert "web.ingest_process" in Path(f"/proc/{worker}/cmdline").read_text()
        with http(site) as client:
            writing = client.get("/api/admin/writing", headers=ADMIN).json()["writing"]
            assert writing["what"] == "adding valley.txt"
    finally:
        os.kill(worker, signal.SIGCONT)
        thread.join(180)
    first = reply["upload"].json()
    assert reply["upload"].status_code == 200 and first["files"][0]["status"] == "added", first
    assert first["report"]["embedded"] > 0 and first["worker"]["pid"] == worker and first["worker"]["model_loads"] >= 1

    with http(site) as client:  # the next upload: the same process, its model already loaded
        second = upload(client, "ridge.txt", ARTICLE.replace("Cyber Steppe", "Cyber Ridge").encode()).json()
    assert second["files"][0]["status"] == "added" and second["report"]["embedded"] > 0, second
    assert second["worker"] == first["worker"] | {"jobs": first["worker"]["jobs"] + 1}  # same pid, no model loaded
    assert proc_stat(worker)[0] in "RSD"  # kept running between uploads (not a zombie)

    with http(site) as client:
        assert client.get("/api/admin/writing", headers=ADMIN).json() == {"writing": None}
        for name, done in (("Valley", first), ("Ridge", second)):
            doc_id = done["files"][0]["doc_id"]
            answer = client.post(
                "/api/ask", json={"question": f"Where was the Cyber {name} 2026 drill held?"}, headers=API
            ).json()
            assert any(c["doc_id"] == doc_id for c in answer["citations"]), answer  # the server's answers see it at once
            removed = client.request("DELETE", f"/api/admin/articles/{doc_id}", json={"confirm": doc_id}, headers=ADMIN)
            assert removed.status_code == 200, removed.text


def test_an_ingest_elsewhere_holding_the_writer_lock_is_said_as_409(site):
    from store.writer_lock import ingest_lock

    with ingest_lock(site.settings.data_dir):  # as a running `otsqa ingest` holds it
        with http(site) as client:
            reply = upload(client, "locked.txt", ARTICLE.encode())
            assert reply.status_code == 409 and "Another ingest is running" in reply.json()["error"], reply.text
            edit = client.patch("/api/admin/articles/000-7cd2e88548b4fe42", json={"author": "X"}, headers=ADMIN)
            assert edit.status_code == 409
    assert "locked.txt" not in uploads_folder(site)
    overrides = site.settings.data_dir / "article-overrides.json"  # written by the first edit, if any ran before
    assert not json.loads(overrides.read_text() if overrides.exists() else "{}").get("000-7cd2e88548b4fe42")


def test_the_retrieval_test_traces_a_question_with_what_each_stage_found(site):
    with http(site) as client:
        reply = client.post("/api/admin/explain", json={"question": QUESTION}, headers=ADMIN)
        assert client.post("/api/admin/explain", json={"question": QUESTION}, headers=API).status_code == 401
    assert reply.status_code == 200, reply.text
    trace = reply.json()
    assert trace["question"] == QUESTION and trace["agrees"]
    assert trace["passages"] and all("fused_rank" in p for p in trace["passages"])
    assert trace["candidates"]["rows"] and "threshold" in trace["confidence"]
