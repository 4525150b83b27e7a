"""agenda_of: the Today agenda straight from a desk, decoding only the records it can show,
and the same agenda build_agenda makes from every record."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from store.agenda import Agenda, agenda_of, build_agenda, order_in, order_text
from store.models import Action, Milestone, Risk
from store.repository import Desk
from store.storage import Database

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


@given(
    st.lists(st.tuples(st.sampled_from([None, 1, 2, 3]), _dues), max_size=30),
    st.sampled_from([key for key, _ in Agenda.SECTIONS[:5]]),
)
def test_order_text_sorts_as_the_section_does_but_for_the_id(found, section):
    """A capture puts its new action (whose id is above all) after the ones whose order
    text is at most its own: sorting by (order text, id) is the section's order."""
    actions = [Action(id=n, title="a", priority=p, due=due) for n, (p, due) in enumerate(found)]
    by_text = sorted(actions, key=lambda action: (order_text(section, action), action.id))
    assert by_text == sorted(actions, key=order_in(section))
