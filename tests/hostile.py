"""One corpus of hostile strings, pushed through every view (CLI and TUI) by the tests.

Each string is user data a terminal must show literally: Rich/Textual markup, escape
sequences that would set the clipboard or clear the screen, other control characters,
bidirectional overrides, wide and combining characters, and one very long text.
"""

from __future__ import annotations

OSC52 = "\x1b]52;c;cHduZWQ=\x07"  # sets the terminal's clipboard
CLEAR = "\x1b[2J\x1b[H"  # clears the screen, cursor home
C1_CSI = "\x9b2J"  # the same as a one-byte C1 control
C1_OSC = "\x9d52;c;cHduZWQ=\x9c"

MARKUP = {
    "brackets": "Weekly sync [Q3]",
    "close-all": "Ship it [/] now",
    "link": "[link=https://example.com/evil]Click me[/link]",
    "click": "[@click=app.quit]Quit[/]",
    "bold": "[bold red]Loud[/]",
    "content": "$primary {not a var} [b]x",
}
ESCAPES = {
    "osc52": f"Pay {OSC52} invoice",
    "clear": f"Clear {CLEAR} screen",
    "bel": "Ring \x07 bell",
    "controls": "Nul\x00 back\x08 tab\t cr\r vt\x0b ff\x0c del\x7f end",
    "c1": f"C1 {C1_CSI} and {C1_OSC}",
    "newline": "Two\nlines",
    "title": "\x1b]0;owned\x07Retitle",
}
SCRIPTS = {
    "rtl": "שלום עולם مرحبا",
    "bidi-override": "Invoice \u202egpj.exe\u202c done",
    "wide": "日本語の会議 🚀🔥 ｗｉｄｅ",
    "combining": "Cafe\u0301 Z\u0351\u0352a\u0353lgo",
}
HOSTILE: dict[str, str] = {**MARKUP, **ESCAPES, **SCRIPTS}
"""Short hostile strings by name: use them as titles, owners, attendees, mitigations."""

# One megabyte of text with hostile pieces spread through it (a pasted log, say).
HUGE = ("Long line " * 10 + OSC52 + " [b]x[/b] " + "日本 " * 5 + "\n") * 7_100
HUGE = HUGE[:1_000_000]

# Bytes a terminal acts on: every control below space but the newline, DEL and C1
# (as UTF-8, C1 characters are two bytes starting 0xC2 0x80-0x9F).
RAW = (*ESCAPES.values(), SCRIPTS["bidi-override"])


def terminal_safe(output: str | bytes, *, newlines: bool = True) -> list[str]:
    """What in `output` a terminal would act on; empty when it is safe to show."""
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    found = []
    for char in set(text):
        code = ord(char)
        if char == "\n" and newlines:
            continue
        if code < 0x20 or 0x7F <= code <= 0x9F or code in (0x202E, 0x202D, 0x2066, 0x2067):
            found.append(repr(char))
    return sorted(found)
