"""Drafts: a damaged draft file is skipped (and left alone), the good ones are offered."""

from __future__ import annotations

from pathlib import Path

from store.drafts import Draft, Drafts


def test_damaged_drafts_are_skipped_and_left_on_disk(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "d.json")
    drafts.save(Draft(name="note-3", note_id=3, rev=2, title="Kept", body="text"))
    folder = tmp_path / "d.json.drafts"
    bad = {
        "wrong-types.json": '{"title": 5, "body": null, "saved_at": "2026-11-20T10:00:00"}',
        "naive-time.json": '{"title": "x", "saved_at": "2026-11-20"}',
        "a-list.json": "[1, 2]",
        "not-json.json": "{",
        "bad-id.json": '{"note_id": "3", "saved_at": "2026-11-20T10:00:00+00:00"}',
    }
    for name, text in bad.items():
        (folder / name).write_text(text)
    (folder / "binary.json").write_bytes(b"\xff\xfe")
    pending = drafts.pending()
    assert [d.title for d in pending] == ["Kept", "x"]  # a naive time is read as UTC
    assert all(isinstance(d.body, str) for d in pending)
    # set aside, kept, and named once for the person
    assert (folder / "wrong-types.json.damaged").exists()
    assert not (folder / "wrong-types.json").exists()
    assert len(drafts.damaged) == 5 and all("damaged" in line for line in drafts.damaged)
    assert [d.title for d in drafts.pending()] == ["Kept", "x"] and drafts.damaged == []
