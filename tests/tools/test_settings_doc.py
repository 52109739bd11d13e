"""docs/settings.md is generated from the settings model: a setting added or changed without
regenerating the page fails here, with the command that fixes it."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from otsqa.settings import REPO_ROOT, Settings
from tools import settings_doc


def test_docs_settings_md_is_what_the_generator_writes():
    page = settings_doc.PAGE.read_text(encoding="utf-8") if settings_doc.PAGE.is_file() else ""
    assert page == settings_doc.render(), (
        f"docs/settings.md is out of date with otsqa/settings.py: run `{settings_doc.COMMAND}` and commit the page"
    )


def test_every_setting_is_listed_once_with_its_variable_default_and_description():
    page = settings_doc.render()
    for name, field in Settings.model_fields.items():
        assert page.count(f"| `OTSQA_{name.upper()}` |") == 1, name
        assert field.description and " ".join(field.description.split()[:4]) in page.replace("&lt;", "<").replace("&gt;", ">")
    assert "| `OTSQA_CHUNK_TOKENS` | `160` | integer ≥ 32, ≤ 254 |" in page
    assert "| `OTSQA_GENERATOR` | `none` | `none`, `llamacpp`, `openai` |" in page
    assert "| `OTSQA_ALLOWED_ORIGINS` | empty |" in page and "| `OTSQA_LLM_BASE_URL` | unset |" in page


def test_defaults_are_written_the_same_on_every_machine():
    page = settings_doc.render()
    assert str(REPO_ROOT) not in page
    assert "| `OTSQA_DATA_DIR` | `<repo>/.otsqa` |" in page
    assert "| `OTSQA_CORPUS_DIR` | `<repo>/../shared/corpus` |" in page


def test_a_new_setting_shows_up_and_the_check_names_the_command(tmp_path, monkeypatch, capsys):
    class Grown(Settings):
        answer_cache_size: int = Field(default=256, ge=0, description="Answers kept | in memory for <n> repeats.")

    page = settings_doc.render(Grown)
    assert "| `OTSQA_ANSWER_CACHE_SIZE` | `256` | integer ≥ 0 | Answers kept \\| in memory for &lt;n&gt; repeats. |" in page

    stale: Path = tmp_path / "settings.md"
    stale.write_text(page, encoding="utf-8")
    monkeypatch.setattr(settings_doc, "PAGE", stale)
    assert settings_doc.main(["--check"]) == 1
    assert settings_doc.COMMAND in capsys.readouterr().err
    assert settings_doc.main(["--write"]) == 0 and settings_doc.main(["--check"]) == 0
