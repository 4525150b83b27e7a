"""A risk's contingency becomes an action through the quick-add grammar, not as raw text."""

from datetime import date

import pytest

from store.errors import UserError
from store.models import Risk
from store.repository import Desk
from store.storage import Database

FRIDAY = date(2026, 11, 20)


@pytest.fixture
def desk() -> Desk:
    return Desk(Database(None))


def test_the_contingency_is_read_as_a_quick_add_line(desk: Desk) -> None:
    risk = desk.risks.add(
        Risk(title="Racking late", project="warehouse", contingency="Rent racking @bob due:+3d")
    )
    planned = desk.risks.contingency_action(risk.id, today=FRIDAY)
    assert not planned.id  # a preview: nothing stored yet
    assert (planned.title, planned.owner, planned.status) == ("Rent racking", "bob", "waiting")
    assert planned.due == date(2026, 11, 23)
    assert (planned.project, planned.priority, planned.risk_id) == ("warehouse", 1, risk.id)
    assert desk.actions.all() == []

    stored = desk.risks.to_action(risk.id, today=FRIDAY)
    assert (stored.title, stored.owner, stored.due) == ("Rent racking", "bob", date(2026, 11, 23))
    assert desk.risks.get(risk.id).status == "occurred"


def test_what_the_line_does_not_say_takes_the_risks_defaults(desk: Desk) -> None:
    risk = desk.risks.add(
        Risk(title="Key user away", project="cutover", contingency="Train a deputy")
    )
    planned = desk.risks.contingency_action(risk.id, today=FRIDAY)
    assert (planned.title, planned.owner, planned.project) == ("Train a deputy", "", "cutover")
    assert (planned.priority, planned.due) == (1, FRIDAY)
    empty = desk.risks.add(Risk(title="Strike"))
    assert desk.risks.contingency_action(empty.id, today=FRIDAY).title == "Contingency for: Strike"


def test_a_contingency_that_cannot_be_read_is_an_error_and_stores_nothing(desk: Desk) -> None:
    risk = desk.risks.add(Risk(title="Late", contingency="Rent racking due:frid"))
    with pytest.raises(UserError, match="due:frid"):
        desk.risks.to_action(risk.id, today=FRIDAY)
    assert desk.risks.get(risk.id).status == "open"
    assert desk.actions.all() == []
