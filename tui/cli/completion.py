"""`opsdesk completion bash|zsh`: a completion script made from the parser by shtab.

shtab is imported only by this command, so other commands start no slower. Kinds and
fields complete from the script itself; record ids (with their titles in zsh) come from
`opsdesk list KIND --format ids`, project names from `opsdesk completion projects`, on the
data file, at the moment Tab is pressed.
"""

from __future__ import annotations

import argparse

from tui.cli.common import add_command

KINDS = "action milestone risk note"
BASH_PREAMBLE = f"""
_opsdesk_kinds() {{ compgen -W "{KINDS}" -- "$1"; }}
_opsdesk_ids() {{
  local kind="${{COMP_WORDS[COMP_CWORD-1]}}"
  case "$kind" in action*|milestone*|risk*|note*) ;; *) kind=action ;; esac
  compgen -W "$(opsdesk list "$kind" --all --format ids 2>/dev/null | cut -d: -f1)" -- "$1"
}}
_opsdesk_projects() {{ compgen -W "$(opsdesk completion projects 2>/dev/null)" -- "$1"; }}
_opsdesk_fields() {{
  local kind="${{COMP_WORDS[2]}}"
  compgen -W "$(opsdesk completion fields "$kind" 2>/dev/null)" -- "$1"
}}
"""
ZSH_PREAMBLE = """
_opsdesk_ids() {
  local kind=${words[CURRENT-1]}
  [[ $kind == (action|milestone|risk|note)* ]] || kind=action
  local -a ids
  ids=(${(f)"$(opsdesk list $kind --all --format ids 2>/dev/null)"})
  _describe 'id' ids
}
_opsdesk_projects() {
  local -a names
  names=(${(f)"$(opsdesk completion projects 2>/dev/null)"})
  compadd -- $names
}
_opsdesk_fields() {
  local -a fields
  fields=(${(f)"$(opsdesk completion fields ${words[3]} 2>/dev/null)"})
  compadd -S '' -- $fields
}
"""
KIND_COMPLETE = {"bash": "_opsdesk_kinds", "zsh": f"({KINDS})"}
ID_COMPLETE = {"bash": "_opsdesk_ids", "zsh": "_opsdesk_ids"}
FIELD_COMPLETE = {"bash": "_opsdesk_fields", "zsh": "_opsdesk_fields"}
PROJECT_COMPLETE = {"bash": "_opsdesk_projects", "zsh": "_opsdesk_projects"}


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    completion = add_command(sub, common, "completion", "print a bash or zsh completion script")
    completion.add_argument("shell", choices=["bash", "zsh", "fields", "projects"])
    completion.add_argument("kind", nargs="?", default="action", help=argparse.SUPPRESS)
    completion.set_defaults(handler=cmd_completion)


def mark(parser: argparse.ArgumentParser, in_project: bool = False) -> None:
    """Tell shtab how each KIND, ID, FIELD=VALUE and project argument completes."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                mark(child, in_project or name == "project")
        elif action.metavar in ("KIND", "[KIND] ID"):
            action.complete = KIND_COMPLETE if action.metavar == "KIND" else ID_COMPLETE
        elif action.dest == "id":
            action.complete = ID_COMPLETE
        elif action.metavar == "FIELD=VALUE":
            action.complete = FIELD_COMPLETE
        elif action.dest == "project" or (in_project and action.dest == "name"):
            action.complete = PROJECT_COMPLETE


def cmd_completion(args: argparse.Namespace) -> None:
    if args.shell == "fields":
        from store.fields import EDIT_FIELDS
        from tui.cli.common import kind_name

        print("\n".join(f"{field.name}=" for field in EDIT_FIELDS[kind_name(args.kind)]))
        return
    if args.shell == "projects":
        from tui.cli.common import open_desk

        print("\n".join(sorted(p.name for p in open_desk(args).projects.all())))
        return
    import shtab

    parser = args.build_parser()  # handed down by the root: no import back up to it
    mark(parser)
    preamble = BASH_PREAMBLE if args.shell == "bash" else ZSH_PREAMBLE
    print(shtab.complete(parser, args.shell, preamble={args.shell: preamble}))
