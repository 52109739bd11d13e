"""docs/settings.md, written from the settings model (`otsqa/settings.py`) so the two never disagree.

    python -m tools.settings_doc            # print the page
    python -m tools.settings_doc --write    # write docs/settings.md
    python -m tools.settings_doc --check    # exit 1 when docs/settings.md is out of date

A test (`tests/tools/test_settings_doc.py`) fails when a setting changes and the page was not regenerated.
"""

from __future__ import annotations

import argparse
import re
import sys
import types
import typing
from pathlib import Path

import annotated_types
from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo

from otsqa.settings import REPO_ROOT, Settings

PAGE = REPO_ROOT / "docs" / "settings.md"
COMMAND = ".venv/bin/python -m tools.settings_doc --write"

HEADER = f"""\
# Settings

<!-- Generated from otsqa/settings.py by `{COMMAND}`: edit the model, not this page. -->

Every setting is a field of one typed object, `Settings` in
[`otsqa/settings.py`](../otsqa/settings.py), and can be set by the environment variable named in the
first column (`OTSQA_` and the field's name in capitals). The CLI, the server and the evals read them
once at start.

- A variable set to nothing counts as unset (its default): `OTSQA_DATA_DIR=` never means the working
  directory; a folder of only spaces is refused.
- A bad value stops the command with exit status 2 and a message naming the variable.
- The data dir is checked at start (a folder, writable) with a message that says the fix; it is
  git-ignored when it is the default `.otsqa/`.
- Some are checked together: `OTSQA_CHUNK_OVERLAP_TOKENS` must be smaller than `OTSQA_CHUNK_TOKENS`.
- `<repo>` below is the checkout the package runs from.

Where a setting is explained at length: the store and the Chroma server in
[operations.md](operations.md), origins, token and rate limit in [http-api.md](http-api.md) and
[widget.md](widget.md), the generator and `OTSQA_LLM_*` in [generative.md](generative.md).

| variable | default | accepted | what it does |
|---|---|---|---|
"""


def render(model: type[BaseModel] = Settings) -> str:
    """The whole page, as docs/settings.md should hold it."""
    rows = [_row(name, field) for name, field in model.model_fields.items()]
    return HEADER + "\n".join(rows) + "\n"


def _row(name: str, field: FieldInfo) -> str:
    cells = [f"`OTSQA_{name.upper()}`", _default(field), _accepted(field), _text(field.description or "")]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        if isinstance(value, list) and value:  # as it would be written in the variable
            extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
            return f"`{extra.get('separator', ',').join(map(str, value))}`"
        return "empty" if value in ([], {}, "", ()) else f"`{value}`"
    value = field.default
    if value is None:
        return "unset"
    if isinstance(value, Path):
        return f"`{_portable(value)}`"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"`{value}`"


def _portable(path: Path) -> str:
    """A default path under the checkout, written the same on every machine."""
    for base, name in ((REPO_ROOT, "<repo>"), (REPO_ROOT.parent, "<repo>/..")):
        try:
            return f"{name}/{path.relative_to(base).as_posix()}"
        except ValueError:
            continue
    return path.as_posix()


def _accepted(field: FieldInfo) -> str:
    parts = [_kind(field.annotation)]
    separator = (field.json_schema_extra or {}).get("separator") if isinstance(field.json_schema_extra, dict) else None
    if separator:  # a list written in one variable: say how its items are separated
        parts[0] += f", separated by `{separator}`"
    bounds = {}
    pattern = None
    for meta in field.metadata:
        for attr in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if isinstance(meta, getattr(annotated_types, _BOUND_TYPES[attr])):
                bounds[attr] = getattr(meta, attr)
        pattern = getattr(meta, "pattern", None) or pattern
    if pattern:
        choices = _choices(pattern)
        parts = [", ".join(f"`{c}`" for c in choices)] if choices else [f"{parts[0]} matching `{pattern}`"]
        if choices and pattern.startswith("^(?i:"):
            parts.append("(any case)")
    lower = [f"≥ {_num(bounds['ge'])}"] if "ge" in bounds else [f"> {_num(bounds['gt'])}"] if "gt" in bounds else []
    upper = [f"≤ {_num(bounds['le'])}"] if "le" in bounds else [f"< {_num(bounds['lt'])}"] if "lt" in bounds else []
    if lower or upper:
        parts.append(", ".join(lower + upper))
    if "min_length" in bounds:
        parts.append(f"of at least {bounds['min_length']} characters")
    return " ".join(parts)


_BOUND_TYPES = {"ge": "Ge", "gt": "Gt", "le": "Le", "lt": "Lt", "min_length": "MinLen", "max_length": "MaxLen"}


def _choices(pattern: str) -> list[str] | None:
    """`^(a|b|c)$` or `^(?i:a|b)$` as its alternatives; None for any other pattern."""
    match = re.fullmatch(r"\^\((?:\?i:)?([A-Za-z0-9_|-]+)\)\$", pattern)
    return match.group(1).split("|") if match else None


def _kind(annotation) -> str:
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        kinds = [_kind(a) for a in args if a is not type(None)]
        return " or ".join(kinds)
    if typing.get_origin(annotation) is list:
        return f"list of {_kind(args[0])}"
    names = {str: "text", int: "integer", float: "number", bool: "true/false", Path: "path", SecretStr: "secret text"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _num(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def _text(description: str) -> str:
    """One line; `<` and `>` outside code spans escaped, so `<data dir>` is not read as an HTML tag."""
    spans = " ".join(description.split()).split("`")
    return "`".join(span if i % 2 else span.replace("<", "&lt;").replace(">", "&gt;") for i, span in enumerate(spans))


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO_ROOT)) if path.is_relative_to(REPO_ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.settings_doc", description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write docs/settings.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when the page differs from the model")
    args = parser.parse_args(argv)
    page = render()
    if args.write:
        PAGE.parent.mkdir(exist_ok=True)
        PAGE.write_text(page, encoding="utf-8")
        print(f"wrote {_shown(PAGE)} ({len(Settings.model_fields)} settings)")
    elif args.check:
        if not PAGE.is_file() or PAGE.read_text(encoding="utf-8") != page:
            print(f"{_shown(PAGE)} is out of date with otsqa/settings.py: run `{COMMAND}`", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
