"""What the CLI's human-readable output drops from article text (cli/terminal.py)."""

from __future__ import annotations

import pytest

from cli.terminal import shown


@pytest.mark.parametrize(
    "text, expected",
    [
        ("fleets\x1b]0;pwned\x07 off Baku.\x1b[2J Observers", "fleets off Baku. Observers"),  # window title, clear screen
        ("Caspian \x1b[31mShield\x1b[0m", "Caspian Shield"),  # colours
        ("a \x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\ b", "a link b"),  # a hyperlink, ST-terminated
        ("a \x1b]52;c;cHduZWQ=\x07b", "a b"),  # the clipboard
        ("8-bit \x9b2J CSI and \x9d0;t\x9c OSC", "8-bit  CSI and  OSC"),
        ("cut short \x1b]0;rest of the text", "cut short 0;rest of the text"),  # no terminator: only the ESC ] goes
        ("a lone ESC\x1b", "a lone ESC"),
        ("bell\x07, back\x08space, cr\roverwrite, del\x7f, nul\x00", "bell, backspace, croverwrite, del, nul"),
        ("bidi \u202eevil\u202c and \u2066isolate\u2069", "bidi evil and isolate"),
        ("tab\tand\nnewline stay; Türkiye — “quotes”, \u200f marks", "tab\tand\nnewline stay; Türkiye — “quotes”, \u200f marks"),
    ],
)
def test_terminal_controls_are_dropped_and_text_kept(text, expected):
    assert shown(text) == expected
