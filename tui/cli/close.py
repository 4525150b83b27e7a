"""The closing checklist of `opsdesk project close P` on a terminal: one question per item.

Enter takes the default shown in brackets; end of input (ctrl+d) or a "no" at the end
changes nothing.
"""

from __future__ import annotations

from typing import Any

from store.errors import UserError
from store.project_close import Checklist, ClosePlan
from store.text import safe_text
from tui.cli.common import say


def _ask(question: str, choices: dict[str, str], default: str) -> str:
    """One of `choices` (first letters accepted), asked again until the answer is one."""
    while True:
        try:
            answer = input(safe_text(question)).strip().lower()
        except EOFError:
            raise UserError("closing stopped; nothing changed") from None
        if not answer:
            return default
        for key, value in choices.items():
            if answer in (key, value):
                return value
        say("please answer " + " or ".join(f"{k} ({v})" for k, v in choices.items()))


def ask_plan(desk: Any, items: Checklist, editor: Any = None) -> ClosePlan:
    from store.project_close import LESSONS_TEMPLATE

    plan = ClosePlan()
    project = items.project
    say(safe_text(f"Closing +{project.name} {project.title}".rstrip()))
    for milestone in items.milestones:
        plan.milestones[milestone.id] = _ask(
            f"milestone {milestone.id} {milestone.title} ({milestone.forecast.isoformat()}): "
            "[d]one or [c]ancelled? [c] ",
            {"d": "done", "c": "cancelled"},
            "cancelled",
        )
    for action in items.actions:
        choice = _ask(
            f"action {action.id} {action.title}: [c]ancel, [k]eep or [m]ove? [c] ",
            {"c": "cancel", "k": "keep", "m": "move"},
            "cancel",
        )
        if choice == "move" and not plan.move_to:
            try:
                plan.move_to = input("move open actions to project: ").strip().lstrip("+")
            except EOFError:
                raise UserError("closing stopped; nothing changed") from None
            desk.projects.named(plan.move_to)  # an unknown name stops here, before any change
        plan.actions[action.id] = choice
    if items.risks:
        say(f"{len(items.risks)} open risk(s) will be closed.")
    for measure in project.measures:
        name = str(measure.get("name", ""))
        current = str(measure.get("current", ""))
        try:
            value = input(
                safe_text(f"final value of {name} (target {measure.get('target')}) [{current}]: ")
            ).strip()
        except EOFError:
            raise UserError("closing stopped; nothing changed") from None
        plan.measures[name] = value or current
    if editor is None:
        from tui.editor import edit_in_editor as editor
    plan.lessons = editor(LESSONS_TEMPLATE) or LESSONS_TEMPLATE
    sure = _ask(
        f"close +{project.name} and archive its records? [y/N] ", {"y": "yes", "n": "no"}, "no"
    )
    if sure != "yes":
        raise UserError("not closed; nothing changed")
    return plan
