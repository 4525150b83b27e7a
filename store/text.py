"""The one door user text leaves the program by: `safe_text()` makes it harmless to print.

Titles, owners, note bodies and error messages that quote them are data. A terminal acts
on control characters instead of showing them: ESC starts sequences that can set the
clipboard (OSC 52), clear the screen or retitle the window; BEL rings; CR overwrites the
line. Bidirectional overrides reorder what is shown around them. So every such character
is shown as a visible stand-in and never emitted: C0 controls and DEL as their Unicode
"control pictures" (ESC as ␛, BEL as ␇), C1 controls and bidi/line-separator formatting
characters as `<U+XXXX>`. Ordinary text, RTL letters and wide or combining characters pass
through unchanged. JSON output does not need this: JSON escapes control characters itself.
"""

from __future__ import annotations

import re

_C0 = {code: chr(0x2400 + code) for code in range(0x20)}  # ␀ .. ␟
_DEL = {0x7F: "\N{SYMBOL FOR DELETE}"}  # ␡
_C1 = {code: f"<U+{code:04X}>" for code in range(0x80, 0xA0)}
# Formatting characters that move or reorder text on screen (bidi embeddings, overrides
# and isolates, the Arabic letter mark) and Unicode's own line and paragraph separators.
_FORMAT = {
    code: f"<U+{code:04X}>"
    for code in (0x061C, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_SHOWN = {**_C0, **_DEL, **_C1, **_FORMAT}
_LINES = {**_SHOWN}
del _LINES[0x0A]  # a newline stays a newline where several lines are shown
_TABS = {**_LINES}
del _TABS[0x09]  # and a tab a tab where the widget lays tabs out itself (a TextArea)

_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in _SHOWN) + "]")


def safe_text(text: object, *, lines: bool = False, tabs: bool = False) -> str:
    """`text` as a string with every control character shown visibly, never emitted.

    With `lines=True` a newline stays a line break (a note body, a multi-line report);
    otherwise it is shown as ␊, so one record is always one line. With `tabs=True` as well,
    a tab stays a tab: for a widget that expands tabs itself, such as the note body's
    TextArea, where a tab typed or pasted must stay one.
    """
    text = text if isinstance(text, str) else str(text)
    if _UNSAFE.search(text) is None:  # the usual case: nothing to change, no copy
        return text
    return text.translate((_TABS if tabs else _LINES) if lines else _SHOWN)


def is_safe(text: str, *, lines: bool = False) -> bool:
    """Whether `text` holds nothing a terminal would act on."""
    return safe_text(text, lines=lines) == text
