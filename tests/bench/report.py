"""The verdicts of a benchmark run against the targets of issue 6, as a plain table for the
terminal and as Markdown for BENCHMARKS.md."""

from __future__ import annotations

import math
import statistics

import terminal

TARGETS = {
    "startup_ratio": 1.5,
    "key_median_ms": 16.0,
    "key_p90_ms": 50.0,
    "tui_add_ms": 20.0,
    "export_ms": 120.0,
    "rss_mb": 150.0,
    "growth": 1.1,  # five years / large set
}


def median(values: list[float]) -> float:
    return statistics.median(values)


def p90(values: list[float]) -> float:
    """Nearest-rank 90th percentile: 9 in 10 samples are at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


def check(name: str, target: str, measured: str, ok: bool | None) -> dict:
    return {"name": name, "target": target, "measured": measured, "pass": ok}


def versus(name: str, cmds: dict, mine: str, theirs: str) -> dict:
    """`mine` against Taskwarrior's `theirs` as whole processes: at most as slow."""
    times = cmds["process_ms"]
    if theirs not in times:
        return check(name, f"<= {theirs}", f"{median(times[mine]):.0f} ms; no Taskwarrior", None)
    ours, tw = median(times[mine]), median(times[theirs])
    return check(name, f"<= {theirs}", f"{ours:.0f} vs {tw:.0f} ms ({ours / tw:.2f}x)", ours <= tw)


def growth_rows(large: dict, five: dict) -> list[dict]:
    """The five-year set against the large set: start-up and commands must not grow."""
    rows = []
    limit = TARGETS["growth"]
    pairs = {
        "first frame": (
            large["startup"]["opsdesk"]["median_ms"],
            five["startup"]["opsdesk"]["median_ms"],
        ),
        "`opsdesk add`": tuple(
            median(s["commands"]["process_ms"]["opsdesk add"]) for s in (large, five)
        ),
        "`opsdesk today`": tuple(
            median(s["commands"]["process_ms"]["opsdesk today"]) for s in (large, five)
        ),
    }
    for what, (small, big) in pairs.items():
        rows.append(
            check(
                f"five years / large: {what}",
                f"<= {limit}",
                f"{big / small:.2f} ({big:.0f} vs {small:.0f} ms)",
                big / small <= limit,
            )
        )
    ratio = five["startup"]["ratio"]
    rows.append(
        check(
            "five years: first frame vs empty app",
            f"<= {TARGETS['startup_ratio']}x",
            f"{ratio:.2f}x",
            ratio <= TARGETS["startup_ratio"],
        )
    )
    rows.append(
        versus(
            "five years: `opsdesk add` vs `task add`", five["commands"], "opsdesk add", "task add"
        )
    )
    rows.append(
        versus(
            "five years: `opsdesk today` vs `task next`",
            five["commands"],
            "opsdesk today",
            "task next",
        )
    )
    rss = five["peak_rss_mb"]
    rows.append(
        check(
            "five years: peak RSS of the TUI",
            f"<= {TARGETS['rss_mb']:.0f} MB",
            f"{rss:.0f} MB",
            rss <= TARGETS["rss_mb"],
        )
    )
    return rows


def verdicts(
    startup: dict, stats: dict, rss_mb: float, cmds: dict, five_years: dict | None = None
) -> list[dict]:
    rows = []
    ratio = startup["ratio"]
    rows.append(
        check(
            "first frame vs empty app",
            f"<= {TARGETS['startup_ratio']}x",
            f"{ratio:.2f}x ({startup['opsdesk']['median_ms']:.0f} vs "
            f"{startup['empty']['median_ms']:.0f} ms)",
            ratio <= TARGETS["startup_ratio"],
        )
    )
    for name, found in stats.items():
        if not name.startswith(("cursor", "filter", "zoom")):
            continue
        if not found["n"]:
            rows.append(check(f"key to frame: {name}", "", "no frame changed", False))
            continue
        rows.append(
            check(
                f"key to frame: {name}",
                f"median <= {TARGETS['key_median_ms']:.0f} ms, p90 <= "
                f"{TARGETS['key_p90_ms']:.0f} ms",
                f"{found['median_ms']:.1f} / {found['p90_ms']:.1f} ms (n={found['n']})",
                found["median_ms"] <= TARGETS["key_median_ms"]
                and found["p90_ms"] <= TARGETS["key_p90_ms"],
            )
        )
    add = stats.get("add action", {})
    if add.get("n"):
        rows.append(
            check(
                "add an action in the TUI (Enter to frame)",
                f"<= {TARGETS['tui_add_ms']:.0f} ms",
                f"{add['median_ms']:.1f} ms median, p90 {add['p90_ms']:.1f} (n={add['n']})",
                add["median_ms"] <= TARGETS["tui_add_ms"],
            )
        )
    cli_add = median(cmds["process_ms"]["opsdesk add"])
    taskwarrior = cmds["taskwarrior"]
    if "task add" in cmds["process_ms"]:
        task_add = median(cmds["process_ms"]["task add"])
        rows.append(
            check(
                "`opsdesk add` whole process vs `task add`",
                "<= task add",
                f"{cli_add:.0f} vs {task_add:.0f} ms ({cli_add / task_add:.2f}x)",
                cli_add <= task_add,
            )
        )
    else:
        rows.append(
            check(
                "`opsdesk add` whole process vs `task add`",
                "<= task add",
                f"{cli_add:.0f} ms; {taskwarrior['skipped']}",
                None,
            )
        )
    rows.append(versus("`opsdesk today` vs `task next`", cmds, "opsdesk today", "task next"))
    for after in ("an add", "an edit"):
        if f"opsdesk today after {after}" in cmds["process_ms"]:
            rows.append(
                versus(
                    f"`opsdesk today` after {after} vs `task next`",
                    cmds,
                    f"opsdesk today after {after}",
                    "task next",
                )
            )
    export = median(cmds["store_export"]["calendar_bytes"])
    rows.append(
        check(
            "export 500 milestones in-process",
            f"<= {TARGETS['export_ms']:.0f} ms",
            f"{export:.1f} ms",
            export <= TARGETS["export_ms"],
        )
    )
    rows.append(
        check(
            "peak RSS of the TUI",
            f"<= {TARGETS['rss_mb']:.0f} MB",
            f"{rss_mb:.0f} MB",
            rss_mb <= TARGETS["rss_mb"],
        )
    )
    if five_years is not None:
        large = {"startup": startup, "commands": cmds}
        rows += growth_rows(large, five_years)
    return rows


SCALING_COLUMNS = (
    "set",
    "actions (all)",
    "working / archive MB",
    "first frame vs empty",
    "all panes ms",
    "RSS at start MB",
    "opsdesk add ms",
    "task add ms",
    "task add quiet ms",
    "opsdesk today ms",
    "today after add / edit / worked out ms",
    "task next ms",
)


def scaling_rows(sets: dict) -> list[list[str]]:
    """One row per data set, every figure from the same run."""
    rows = []
    for name, found in sets.items():
        data, start, times = found["data_set"], found["startup"], found["commands"]["process_ms"]

        def ms(key: str, times: dict = times) -> str:
            return f"{median(times[key]):.0f}" if key in times else "-"

        rows.append(
            [
                name,
                str(data["tables"].get("actions", 0)),
                f"{data['file_bytes'] / 1e6:.1f} / {data['archive_bytes'] / 1e6:.1f}",
                f"{start['ratio']:.2f}x ({start['opsdesk']['median_ms']:.0f} ms)",
                f"{start['opsdesk']['all_panes_median_ms']:.0f}",
                f"{start['opsdesk']['rss_after_start_mb']:.0f}",
                ms("opsdesk add"),
                ms("task add"),
                ms("task add (verbose=nothing)"),
                ms("opsdesk today"),
                " / ".join(
                    ms(f"opsdesk today {when}")
                    for when in ("after an add", "after an edit", "worked out")
                ),
                ms("task next"),
            ]
        )
    return rows


def scaling_table(rows: list[list[str]]) -> str:
    widths = [
        max(len(r[i]) for r in [list(SCALING_COLUMNS), *rows]) for i in range(len(SCALING_COLUMNS))
    ]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [list(SCALING_COLUMNS), *rows]
    )


def table(rows: list[dict]) -> str:
    widths = [max(len(str(r[key])) for r in rows) for key in ("name", "target", "measured")]
    widths = [
        max(w, len(h)) for w, h in zip(widths, ("measure", "target", "measured"), strict=True)
    ]
    lines = [
        f"{'measure':<{widths[0]}}  {'target':<{widths[1]}}  {'measured':<{widths[2]}}  result"
    ]
    for row in rows:
        result = {True: "pass", False: "MISS", None: "n/a"}[row["pass"]]
        lines.append(
            f"{row['name']:<{widths[0]}}  {row['target']:<{widths[1]}}  "
            f"{row['measured']:<{widths[2]}}  {result}"
        )
    return "\n".join(lines)


def markdown(results: dict) -> str:
    """The verdict table and the machine, as Markdown for BENCHMARKS.md."""
    info = results["machine"]
    lines = ["| Measure | Target | Measured | Result |", "|---|---|---|---|"]
    for row in results["targets"]:
        result = {True: "pass", False: "**miss**", None: "n/a"}[row["pass"]]
        lines.append(f"| {row['name']} | {row['target']} | {row['measured']} | {result} |")
    if results.get("scaling"):
        lines += [
            "",
            "| " + " | ".join(SCALING_COLUMNS) + " |",
            "|" + "---|" * len(SCALING_COLUMNS),
        ]
        lines += ["| " + " | ".join(row) + " |" for row in results["scaling"]]
    load = results["load_average"]
    lines += [
        "",
        f"Measured {results['date']} at {results.get('revision', 'unknown')} on "
        f"{info['nproc']} cores ({info['cpu']}), "
        f"{info['ram_gb']} GB RAM, Python {info['python']}, Textual {info['textual']}, "
        f"Taskwarrior {info['taskwarrior'] or 'not installed'}; load average "
        f"{load['before'][0]:.2f} before, {load['after'][0]:.2f} after; "
        f"{results['runtime_s']:.0f} s.",
    ]
    return "\n".join(lines)


def details(startup: dict, stats: dict, cmds: dict) -> str:
    lines = ["", "Key to frame, ms (terminal input to frame | app's key handling to frame):"]
    for name, found in stats.items():
        if found["n"]:
            lines.append(
                f"  {name:<18} median {found['median_ms']:6.1f} p90 {found['p90_ms']:6.1f} "
                f"max {found['max_ms']:6.1f} | median {found['app_median_ms']:6.1f} "
                f"p90 {found['app_p90_ms']:6.1f}  n={found['n']}"
                + (f" no-effect={found['no_effect']}" if found["no_effect"] else "")
            )
    empty, opsdesk = startup["empty"], startup["opsdesk"]
    lines += [
        "",
        f"Start-up runs, ms: empty {', '.join(f'{t:.0f}' for t in empty['first_frame_ms'])}; "
        f"opsdesk {', '.join(f'{t:.0f}' for t in opsdesk['first_frame_ms'])}",
        f"First paint (any frame), median: empty {empty['first_paint_median_ms']:.0f} ms, "
        f"opsdesk {opsdesk['first_paint_median_ms']:.0f} ms",
        f"Start-up settled (last frame before {terminal.QUIET * 1000:.0f} ms of quiet), median: "
        f"empty {empty['settled_median_ms']:.0f} ms, opsdesk {opsdesk['settled_median_ms']:.0f}"
        f" ms ({startup['settled_ratio']:.2f}x)",
        f"RSS after start-up: empty {empty['rss_after_start_mb']:.0f} MB, "
        f"opsdesk {opsdesk['rss_after_start_mb']:.0f} MB",
        "Whole processes, median ms: "
        + ", ".join(f"{name} {median(times):.0f}" for name, times in cmds["process_ms"].items()),
        f"In-process: repository add_quick {median(cmds['store_add_ms']):.1f} ms; "
        f"calendar_bytes {median(cmds['store_export']['calendar_bytes']):.1f} ms, "
        f"export_ics alone {median(cmds['store_export']['export_ics']):.1f} ms",
    ]
    taskwarrior = cmds["taskwarrior"]
    if "import_ms" in taskwarrior:
        lines.append(
            f"Taskwarrior: {taskwarrior['tasks']} tasks imported in "
            f"{taskwarrior['import_ms']:.0f} ms"
        )
    else:
        lines.append(f"Taskwarrior: skipped, {taskwarrior['skipped']}")
    return "\n".join(lines)
