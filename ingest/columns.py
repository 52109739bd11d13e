"""A box set beside the text: a page laid out in two columns and saved as plain text (a PDF's text layer,
a report printed to text) puts the box's lines on the same lines as the prose beside it:

    another country, and concern about the harm done by the
    production and trafficking of drugs.          AT A GLANCE
                                                  Uzbek-Afghan border: about 144 km
    The statement did not mention recognition.    Turkmen-Afghan border: about 800 km

Read line by line, the prose's sentences end inside the box's rows ("…of drugs. AT A GLANCE Uzbek-Afghan
border: …"). `split_side_columns` gives each column its own lines: the prose stays where it is and the
box follows the paragraph it interrupted, as lines of its own. A table's rows are left alone: their
left cells are labels (short, capitalised), where a column of prose runs on in lower case.
"""

from __future__ import annotations

import re
from statistics import median

MIN_COLUMN = 30  # characters: a box further left leaves no room for a column of prose beside it
TOLERANCE = 2  # the box's lines start within this many characters of one another
MIN_LEFT_WORDS = 4  # the median words of the prose beside the box: a table's labels have fewer
_GAP = re.compile(r"(?<=\S) {3,}(?=\S)")
_ROW = re.compile(r"^[^:]{2,60}:\s+\S.{0,60}$")


def split_side_columns(text: str) -> str:
    """``text`` with every box set beside its prose moved after the paragraph it interrupts."""
    lines = text.split("\n")
    columns = [_column(line) for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        run = _run(columns, i)
        if len(run) < 2 or not _beside_prose(lines, columns, run):
            out.append(lines[i])
            i += 1
            continue
        box = []
        for j in run:
            at = columns[j]
            left, right = lines[j][:at].rstrip(), lines[j][at:].strip()
            if left.strip():
                out.append(left)
            box.append(right)
        i = run[-1] + 1
        while i < len(lines) and lines[i].strip() and columns[i] is None:
            out.append(lines[i])  # the rest of the interrupted paragraph
            i += 1
        out += ["", *_box_lines(box), ""]
    return "\n".join(out)


def _box_lines(box: list[str]) -> list[str]:
    """The box's lines; a row ("Uzbek-Afghan border: about 144 km") or a heading in capitals stands
    apart, as a table's row would, while lines of prose (a quotation set in the box) join into one: the
    box is too narrow for the cleaner to tell its wrapping from short lines."""
    out: list[str] = []
    prose = False
    for line in box:
        if _ROW.match(line) or (line.isupper() and len(line.split()) <= 8):
            out += ["", line, ""]
            prose = False
        elif prose and line:
            out[-1] += " " + line
        else:
            out.append(line)
            prose = bool(line)
    return out


def _column(line: str) -> int | None:
    """Where a box's text starts on ``line``: after its last wide gap, or its indent when only the box
    has text there; None when nothing starts far enough right."""
    stripped = line.lstrip()
    if not stripped:
        return None
    indent = len(line) - len(stripped)
    if indent >= MIN_COLUMN:
        return indent
    gaps = [m.end() for m in _GAP.finditer(line) if m.end() >= MIN_COLUMN]
    return gaps[-1] if gaps else None


def _run(columns: list[int | None], start: int) -> list[int]:
    """The lines from ``start`` whose box starts at the same place."""
    if columns[start] is None:
        return []
    run = [start]
    while run[-1] + 1 < len(columns):
        at = columns[run[-1] + 1]
        if at is None or abs(at - columns[start]) > TOLERANCE:
            break
        run.append(run[-1] + 1)
    return run


def _beside_prose(lines: list[str], columns: list[int | None], run: list[int]) -> bool:
    """Whether the text left of the box is a column of prose: several words a line, and either running
    on in lower case or continuing a sentence the line above left open."""
    lefts = [lines[j][: columns[j]].strip() for j in run]
    filled = [left for left in lefts if left]
    if len(filled) < 2 or median(len(left.split()) for left in filled) < MIN_LEFT_WORDS:
        return False
    above = lines[run[0] - 1].strip() if run[0] > 0 else ""
    continues = bool(above) and columns[run[0] - 1] is None and above[-1] not in ".:!?"
    return continues or any(left[:1].islower() for left in filled)
