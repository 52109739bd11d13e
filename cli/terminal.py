"""Text from articles and file names, made safe to print for a person to read.

An article, or a file's name, may carry what a terminal obeys rather than shows: escape sequences
that retitle the window, clear the screen, move the cursor to overwrite what was printed, or write to
the clipboard; C1 controls that some terminals take for the same; and the Unicode bidi overrides that
make text read differently from what it is. Human-readable output drops them, whether or not it goes
to a terminal now (saved output reaches one later, through `cat`). `--json` output is left exact: it
is for programs, and JSON escapes the control characters itself.
"""

from __future__ import annotations

import re

# Whole sequences go, not just their ESC, so no "[2J" or "]0;title" litter is left in the text:
# CSI (colours, cursor moves, clearing) in its 7- and 8-bit forms; OSC, DCS, SOS, PM and APC strings
# (titles, links, clipboard) up to their terminator; any other escape.
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# What is left: C0 controls but tab and newline (a carriage return can overwrite a line), DEL, C1,
# and the bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` without terminal controls, to print for a person."""
    return _CONTROL.sub("", _SEQUENCE.sub("", text))
