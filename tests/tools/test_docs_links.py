"""Every link in the README and docs/ leads somewhere: a file of the repository and, after `#`, a
heading of that page. Every page under docs/ is linked from another, so none is lost."""

from __future__ import annotations

import re
from pathlib import Path

from otsqa.settings import REPO_ROOT

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def pages() -> list[Path]:
    return [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").rglob("*.md"))]


def links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return LINK.findall(re.sub(r"`[^`\n]*`", "", text))  # a link shown as code is not a link


def anchors(page: Path) -> set[str]:
    """GitHub's ids for the page's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#{1,6}\s+(.+?)\s*$", FENCE.sub("", page.read_text(encoding="utf-8")), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-") for heading in headings}


def broken(page: Path) -> list[str]:
    found = []
    for target in links(page):
        if re.match(r"[a-z]+:", target):
            found.append(f"{target} (another host: the docs are read offline; link a file of the repository)")
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.is_relative_to(REPO_ROOT) or not file.exists():
            found.append(f"{target} (no such file in the repository)")
        elif anchor and (file.suffix != ".md" or anchor not in anchors(file)):
            found.append(f"{target} (no heading #{anchor} in {file.relative_to(REPO_ROOT)})")
    return found


def test_every_link_in_the_readme_and_docs_resolves():
    problems = {str(page.relative_to(REPO_ROOT)): bad for page in pages() if (bad := broken(page))}
    assert problems == {}


def test_every_docs_page_is_linked_from_another():
    linked = {
        (page.parent / target.partition("#")[0]).resolve()
        for page in pages()
        for target in links(page)
        if target.partition("#")[0] and not re.match(r"[a-z]+:", target)
    }
    orphans = [str(page.relative_to(REPO_ROOT)) for page in pages()[1:] if page.resolve() not in linked]
    assert orphans == [], "pages no other page links to (add them to docs/index.md or the page they belong under)"


def test_the_readme_stays_a_quickstart():
    lines = (REPO_ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= 200, f"README.md has {lines} lines; keep it a quickstart and move the detail to docs/"


def test_the_check_finds_broken_links(tmp_path, monkeypatch):
    page = REPO_ROOT / "docs" / "index.md"
    assert "cli.md" in links(page)
    bad = tmp_path / "page.md"
    bad.write_text("# Title\n[a](missing.md) [b](https://example.org) [c](#title) [d](#nowhere)\n```\n[e](x.md)\n```\n")
    monkeypatch.setattr("tests.tools.test_docs_links.REPO_ROOT", tmp_path)
    assert [problem.split(" ")[0] for problem in broken(bad)] == ["missing.md", "https://example.org", "#nowhere"]
