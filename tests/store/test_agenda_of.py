"""agenda_of: the Today agenda straight from a desk, decoding only the records it can show,
and the same agenda build_agenda makes from every record."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.agenda import agenda_of, build_agenda
from store.models import Action, Milestone, Risk
from store.repository import Desk
from store.storage import Database
from tui.cli.today_cache import place

TODAY = date(2026, 12, 2)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def desk(tmp_path) -> Desk:
    desk = Desk(Database(tmp_path / "desk.json"))
    for status in ("todo", "doing", "waiting", "done", "cancelled"):
        for due in (None, days(-3), days(0), days(3), days(8), datetime(2026, 12, 2, 9, 30)):
            owner = "bob" if status == "waiting" else ""
            desk.actions.add(Action(title=f"{status} {due}", status=status, due=due, owner=owner))
    gone = desk.actions.add(Action(title="deleted", due=days(-1)))
    desk.actions.delete(gone.id)
    for status in ("open", "mitigating", "closed", "occurred"):
        for review in (None, days(-40), days(0), days(1)):
            desk.risks.add(Risk(title=f"{status} {review}", status=status, review=review))
    for status in ("open", "done", "cancelled"):
        for forecast in (days(-20), days(14), days(15)):
            desk.milestones.add(Milestone(title=f"{status} {forecast}", forecast=forecast))
            if status != "open":
                [last] = [m for m in desk.milestones.all() if m.title == f"{status} {forecast}"]
                desk.milestones.update(last.copy(status=status))
    yield desk
    desk.db.close()


def ids(agenda) -> dict[str, list[int]]:
    return {key: [r.id for r in records] for key, _, records in agenda.sections()}


def test_the_same_agenda_as_from_every_record(desk: Desk) -> None:
    every = build_agenda(desk.actions.all(), desk.risks.all(), desk.milestones.all(), TODAY)
    assert ids(agenda_of(desk, TODAY)) == ids(every)
    assert all(ids(every).values())  # every section has something in it


def test_records_the_agenda_cannot_show_are_not_decoded(desk: Desk, monkeypatch) -> None:
    decoded: list[str] = []
    for model in (Action, Risk, Milestone):
        real = model.from_doc.__func__

        def counted(cls, doc, doc_id, real=real):
            decoded.append(doc["title"])
            return real(cls, doc, doc_id)

        monkeypatch.setattr(model, "from_doc", classmethod(counted))
    agenda_of(desk, TODAY)
    assert decoded and not [t for t in decoded if t.startswith(("done", "cancelled", "closed"))]
    assert f"open {days(1)}" not in decoded and f"open {days(15)}" not in decoded


_dues = st.one_of(  # a few days, so that ties and a day with and without times are common
    st.none(),
    st.dates(date(2026, 12, 1), date(2026, 12, 4)),
    st.datetimes(datetime(2026, 12, 1), datetime(2026, 12, 4, 23, 59)),
)
_days = st.dates(date(2026, 11, 28), date(2026, 12, 4))
_actions = st.builds(
    lambda p, due, status, owner: Action(
        title="a", priority=p, due=due, status=status, owner=owner
    ),
    st.sampled_from([None, 1, 2, 3]),
    _dues,
    st.sampled_from(["todo", "doing"]),
    st.sampled_from(["", "bob"]),
)
_risks = st.builds(
    lambda p, i, review: Risk(title="r", probability=p, impact=i, review=review),
    st.integers(1, 5),
    st.integers(1, 5),
    _days,
)
_milestones = st.builds(lambda day: Milestone(title="m", forecast=day), _days)


@given(st.lists(_actions, max_size=30), st.lists(_risks, max_size=12), st.lists(_milestones))
def test_each_section_is_in_the_order_of_its_records_places(actions, risks, milestones):
    """A kept `opsdesk today` answer puts a changed record back in its section by its place
    (order text and id): sorting by place is the order build_agenda shows."""
    for n, record in enumerate([*actions, *risks, *milestones], 1):
        record.id = n
    agenda = build_agenda(actions, risks, milestones, date(2026, 12, 2))
    for key, _, records in agenda.sections():
        assert records == sorted(records, key=lambda record, key=key: place(key, record))
