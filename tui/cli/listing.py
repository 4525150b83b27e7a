"""`opsdesk today` and `opsdesk list`: what is on the desk."""

from __future__ import annotations

import argparse

from tui.cli.common import KINDS, add_command, as_json, dump, open_desk


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    today = add_command(
        sub, common, "today", "what is overdue, due, in progress, waited for, or coming"
    )
    today.add_argument("--json", action="store_true")
    today.set_defaults(handler=cmd_today)

    listing = add_command(sub, common, "list", "list records of one kind")
    listing.add_argument("kind", choices=KINDS)
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--project", default="")
    listing.add_argument("--all", action="store_true", help="include done, closed and cancelled")
    listing.set_defaults(handler=cmd_list)


def cmd_today(args: argparse.Namespace) -> None:
    from store.agenda import build_agenda
    from store.dates import today as current_day

    desk = open_desk(args)
    today = current_day()
    agenda = build_agenda(desk.actions.all(), desk.risks.all(), desk.milestones.all(), today)
    if args.json:
        dump({key: [as_json(r) for r in records] for key, _, records in agenda.sections()})
        return
    from store.render import record_line

    for _key, heading, records in agenda.sections():
        if records:
            print(f"{heading} ({len(records)})")
            for record in records:
                print("  " + record_line(record, today))


def cmd_list(args: argparse.Namespace) -> None:
    from store.dates import today as current_day
    from store.render import is_current, record_line, sort_records

    desk = open_desk(args)
    repo = getattr(desk, args.kind)
    records = [
        r
        for r in repo.all()
        if (not args.project or r.project == args.project) and (args.all or is_current(r))
    ]
    records = sort_records(records)
    if args.json:
        dump([as_json(r) for r in records])
        return
    today = current_day()
    for record in records:
        print(record_line(record, today))
