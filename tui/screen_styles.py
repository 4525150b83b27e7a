"""The stylesheet of the screens over the desk (tui/screens.tcss), added to the app's own
when first needed: parsing it made the desk's first frame wait ~1 ms for rules no widget
on the desk matches."""

from __future__ import annotations

from pathlib import Path

from textual.app import App

SCREENS_TCSS = Path(__file__).with_name("screens.tcss")


def add_screen_styles(app: App) -> None:
    """Give `app` the screens' rules, once. They rank as app.tcss rules do (not as a
    widget's defaults); no widget on the screen yet matches them, so none is restyled."""
    source = (str(SCREENS_TCSS), "")
    if not app.stylesheet.has_source(*source):
        app.stylesheet.add_source(SCREENS_TCSS.read_text(encoding="utf-8"), read_from=source)
