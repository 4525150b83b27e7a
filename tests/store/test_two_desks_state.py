"""Two desks on one file, as a TUI and a CLI in another shell: random mixes of changes and
undos never lose a change reported as stored, and one desk's undo never reverts the other's."""

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from store.errors import StaleEditError, UserError
from store.models import Action, Milestone, Note
from store.repository import Desk
from store.storage import Database

TODAY = date(2026, 11, 20)
TABLES = ("actions", "milestones", "notes")
BOOKKEEPING = {"rev", "updated", "sequence"}  # what an undo writes anew
Key = tuple[str, int]


def snapshot(path: Path) -> dict[Key, dict]:
    """Every record of the file (deleted ones too), read by a third party."""
    db = Database(path)
    try:
        return {
            (table, int(key)): dict(doc)
            for table in TABLES
            for key, doc in db.documents(table).items()
        }
    finally:
        db.close()


def content(doc: dict | None) -> dict | None:
    return None if doc is None else {k: v for k, v in doc.items() if k not in BOOKKEEPING}


class TwoDesks(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "desk.json"
        self.desks = [Desk(Database(self.path)), Desk(Database(self.path))]
        self.expected = snapshot(self.path)  # what the stored changes left
        self.last_writer: dict[Key, int] = {}
        # Per desk, its undoable changes: records touched -> (content before, rev after).
        self.changes: list[list[dict[Key, tuple[dict | None, int]]]] = [[], []]
        self.copies: list[dict[Key, object]] = [{}, {}]  # records each desk read earlier
        self.counter = 0

    def teardown(self) -> None:
        for desk in self.desks:
            desk.db.close()
        self.folder.cleanup()

    # -- bookkeeping -----------------------------------------------------------------------

    def stored(self, who: int, operation) -> object:
        """Run a change; whatever it reports as stored becomes what the file must hold."""
        before = snapshot(self.path)
        assert before == self.expected, "a change was lost or made behind someone's back"
        try:
            result = operation()
        except UserError:
            assert snapshot(self.path) == before, "a refused change changed the file"
            raise
        after = snapshot(self.path)
        touched = {key for key in after if after[key] != before.get(key)}
        if touched:
            self.changes[who].append({key: (before.get(key), after[key]["rev"]) for key in touched})
        for key in touched:
            self.last_writer[key] = who
        self.expected = after
        return result

    def ids(self, table: str, live: bool = True) -> list[int]:
        return sorted(
            record_id
            for (name, record_id), doc in self.expected.items()
            if name == table and (not live or not doc.get("deleted"))
        )

    def text(self) -> str:
        self.counter += 1
        return f"item {self.counter}"

    # -- rules -----------------------------------------------------------------------------

    @rule(who=st.integers(0, 1))
    def add_action(self, who: int) -> None:
        desk = self.desks[who]
        self.stored(who, lambda: desk.actions.add(Action(title=self.text())))

    @rule(who=st.integers(0, 1))
    def add_milestone(self, who: int) -> None:
        desk = self.desks[who]
        milestone = Milestone(title=self.text(), forecast=date(2026, 12, 1))
        self.stored(who, lambda: desk.milestones.add(milestone))

    @precondition(lambda self: self.ids("actions"))
    @rule(who=st.integers(0, 1), pick=st.integers(0, 99), stale=st.booleans())
    def edit_action(self, who: int, pick: int, stale: bool) -> None:
        ids = self.ids("actions")
        key = ("actions", ids[pick % len(ids)])
        desk = self.desks[who]
        copy = self.copies[who].get(key) if stale else None
        if copy is None:
            copy = desk.actions.get(key[1])
            self.copies[who][key] = copy
        was_current = copy.rev == self.expected[key]["rev"]
        edited = copy.copy(title=self.text(), owner=self.text())
        try:
            self.stored(who, lambda: desk.actions.update(edited))
            assert was_current, "an edit from a stale copy was stored over a newer one"
        except StaleEditError:
            assert not was_current

    @precondition(lambda self: self.ids("actions"))
    @rule(who=st.integers(0, 1), pick=st.integers(0, 99))
    def toggle_action(self, who: int, pick: int) -> None:
        ids = self.ids("actions")
        desk = self.desks[who]
        self.stored(who, lambda: desk.actions.toggle(ids[pick % len(ids)], TODAY))

    @precondition(lambda self: self.ids("actions") or self.ids("milestones"))
    @rule(who=st.integers(0, 1), pick=st.integers(0, 99))
    def delete(self, who: int, pick: int) -> None:
        table = "actions" if self.ids("actions") else "milestones"
        ids = self.ids(table)
        repo = self.desks[who].actions if table == "actions" else self.desks[who].milestones
        self.stored(who, lambda: repo.delete(ids[pick % len(ids)]))

    @precondition(lambda self: self.ids("milestones"))
    @rule(
        who=st.integers(0, 1),
        pick=st.integers(0, 99),
        by=st.sampled_from(["+1d", "-2d", "+1w", "+0d", "2027-01-04"]),
    )
    def move(self, who: int, pick: int, by: str) -> None:
        ids = self.ids("milestones")
        desk = self.desks[who]
        milestone_id = ids[pick % len(ids)]
        self.stored(who, lambda: desk.milestones.move(milestone_id, by, "why", TODAY))

    @rule(who=st.integers(0, 1), stale=st.booleans())
    def save_note(self, who: int, stale: bool) -> None:
        desk = self.desks[who]
        notes = self.ids("notes")
        if not notes:
            note = Note(title="Weekly", body=f"- [ ] {self.text()} due:fri\n")
            self.stored(who, lambda: desk.notes.save(note, today=TODAY))
            return
        key = ("notes", notes[0])
        copy = self.copies[who].get(key) if stale else None
        if copy is None:
            copy = desk.notes.get(key[1])
            self.copies[who][key] = copy
        was_current = copy.rev == self.expected[key]["rev"]
        edited = copy.copy(body=copy.body + f"- [ ] {self.text()} @bob\n")
        try:
            saved = self.stored(who, lambda: desk.notes.save(edited, today=TODAY))
            assert was_current
            linked_before = set(self.expected[key]["action_ids"]) - set(saved.action_ids)
            assert not linked_before, "a note save unlinked actions"
        except StaleEditError:
            assert not was_current

    @rule(who=st.integers(0, 1))
    def undo(self, who: int) -> None:
        desk = self.desks[who]
        if not self.changes[who]:
            return
        change = self.changes[who][-1]
        current = all(self.expected[key]["rev"] == rev for key, (_, rev) in change.items())
        try:
            self.stored(who, desk.undo)
        except UserError:
            assert not current, "an undo of the desk's own current change was refused"
            self.changes[who].pop()  # the desk dropped it too
            return
        self.changes[who].pop()  # the undo itself was recorded as a change: not undoable
        self.changes[who].pop()
        assert current, "an undo reverted a record someone else changed since"
        for key, (before, _) in change.items():
            assert self.last_writer.get(key) == who
            now = self.expected[key]
            if before is None:
                assert now.get("deleted") is True
            else:
                assert content(now) == content(before), "undo did not restore the record"
        self._follow(who, change)

    def _follow(self, who: int, change: dict[Key, tuple[dict | None, int]]) -> None:
        """As Desk.undo does: the earlier change that left a record as restored stays undoable."""
        for key, (before, _) in change.items():
            for earlier in reversed(self.changes[who]):
                if key in earlier:
                    if before is not None and earlier[key][1] == before["rev"]:
                        earlier[key] = (earlier[key][0], self.expected[key]["rev"])
                    break

    @invariant()
    def nothing_changed_behind_anyones_back(self) -> None:
        assert snapshot(self.path) == self.expected


TwoDesks.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_two_desks_on_one_file = TwoDesks.TestCase
