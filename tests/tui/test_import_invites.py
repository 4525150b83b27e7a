"""Importing invitations from the command palette: a typed path becomes meeting notes; a
bad path is an inline error that keeps what was typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import Input, Static

from tui.app import make_app
from tui.screens.import_invites import ImportInvites

TODAY = date(2026, 11, 20)
INVITE = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
    b"UID:tui-invite@example.com\r\nDTSTAMP:20261101T080000Z\r\n"
    b"DTSTART:20261123T150000Z\r\nDTEND:20261123T153000Z\r\n"
    b"SUMMARY:Vendor [b]call\r\n"
    b"ATTENDEE;CN=Alice Bond;ROLE=REQ-PARTICIPANT:mailto:alice@example.com\r\n"
    b"END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def app_over(data_file: Path):
    return make_app(
        data_file, config={"timezone": "UTC"}, clock=lambda: TODAY, theme_dir=None,
        remember_theme=False,
    )  # fmt: skip


async def test_the_palette_imports_a_typed_path(data_file: Path, tmp_path: Path) -> None:
    invite = tmp_path / "invite.ics"
    invite.write_bytes(INVITE)
    app = app_over(data_file)
    async with app.run_test(size=(100, 30)) as pilot:
        before = len(app.desk.notes.all())
        await pilot.press("ctrl+p", *"import inv")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportInvites)
        await pilot.press(*str(tmp_path / "missing.ics"), "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#import-error", Static).render())
        assert error.startswith("cannot read") and "missing.ics" in error
        path_input = app.screen.query_one("#import-path", Input)
        assert path_input.value == str(tmp_path / "missing.ics")  # kept for fixing
        path_input.value = str(invite)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ImportInvites)
        notes = app.desk.notes.all()
        assert len(notes) == before + 1
        assert [n.title for n in notes if n.uid == "tui-invite@example.com"] == ["Vendor [b]call"]
