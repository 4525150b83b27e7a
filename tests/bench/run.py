"""`make bench`: opsdesk on the large data set (10k actions, 500 milestones, 1k risks, 2k notes)
and on larger ones: three times it, five years of history, ten times it.

Generates the data sets in a temporary folder, measures start-up against an empty Textual
app, key-to-frame latency in every pane, adding an action (TUI, CLI, and Taskwarrior for
comparison), `opsdesk today` against `task next`, calendar export and peak memory on the
large and five-year sets, and start-up and the commands on every set (the scaling table);
prints the tables and writes results.json. See BENCHMARKS.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import commands
import keys
import terminal
from report import details, markdown, median, p90, scaling_rows, scaling_table, table, verdicts

HERE = Path(__file__).parent


def machine() -> dict:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as info:
        ram_kb = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "textual": version("textual"),
        "taskwarrior": commands.taskwarrior_version(),
        "os": platform.platform(),
    }


def revision() -> str:
    """The commit measured, with "+changes" when the work tree differs from it."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=HERE, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "store", "tui", "themes"],
            cwd=HERE.parents[1],
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+changes" if dirty else "")


# The data sets: `opsdesk demo` options. The large set and five years carry the targets.
SETS = {
    "large": ["--large"],
    "3x": ["--scale", "3"],
    "five years": ["--years", "5"],
    "10x": ["--scale", "10"],
}


def archive_of(path: Path) -> Path:
    return path.with_name(f"{path.stem}.archive{path.suffix}")


def make_data(folder: Path, name: str = "large") -> tuple[Path, dict]:
    path = folder / (name.replace(" ", "-") + ".json")
    start = time.perf_counter()
    subprocess.run([str(commands.OPSDESK), "demo", *SETS[name], "-o", str(path)], check=True)
    generate_ms = (time.perf_counter() - start) * 1000
    counts: dict[str, int] = {}
    for part in (path, archive_of(path)):
        if part.exists():
            for table, docs in json.loads(part.read_bytes()).items():
                counts[table] = counts.get(table, 0) + len(docs)
    archive = archive_of(path)
    return path, {
        "file_bytes": path.stat().st_size,
        "archive_bytes": archive.stat().st_size if archive.exists() else 0,
        "generate_ms": generate_ms,
        "tables": counts,
    }


def copy_of(data: Path, name: str) -> Path:
    """A copy of the working file and its archive (journal, if any) under a new name."""
    target = data.with_name(name)
    shutil.copyfile(data, target)
    if archive_of(data).exists():
        shutil.copyfile(archive_of(data), archive_of(target))
    return target


def measure_startup(data: Path, env: dict, runs: int) -> dict:
    """First frames of fresh processes, alternating the empty app and opsdesk."""
    data = copy_of(data, "startup.json")
    samples: dict[str, list[terminal.StartUp]] = {"empty": [], "opsdesk": []}
    for count in range(runs + 1):
        for which, screen in (("empty", "Screen"), ("opsdesk", "DeskScreen")):
            run = terminal.start_up(which, data if which == "opsdesk" else None, env, screen)
            if count:  # the first round warms the disk cache and writes the day's backup
                samples[which].append(run)
    result: dict = {}
    for which, found in samples.items():
        result[which] = {
            "first_frame_ms": [r.first_frame * 1000 for r in found],
            "median_ms": median([r.first_frame * 1000 for r in found]),
            "first_paint_median_ms": median([r.first_paint * 1000 for r in found]),
            "all_panes_median_ms": median([r.all_panes * 1000 for r in found]),
            "settled_median_ms": median([r.settled * 1000 for r in found]),
            "rss_after_start_mb": median([r.max_rss_kb / 1024 for r in found]),
        }
    result["ratio"] = result["opsdesk"]["median_ms"] / result["empty"]["median_ms"]
    result["settled_ratio"] = (
        result["opsdesk"]["settled_median_ms"] / result["empty"]["settled_median_ms"]
    )
    result["first_frame_shows"] = samples["opsdesk"][-1].frame.state
    return result


def measure_session(data: Path, env: dict, moves: int, adds: int) -> tuple[dict, float]:
    """Key scenarios on one running opsdesk; returns stats per scenario and peak RSS in MB."""
    session = terminal.Session.start(copy_of(data, "session.json"), env)
    try:
        samples = keys.run_scenarios(session, moves=moves, adds=adds)
    finally:
        rss_kb = session.quit()
    stats = {}
    for name, found in samples.items():
        if not found.typed:
            stats[name] = {"n": 0, "no_effect": found.no_effect}
            continue
        stats[name] = {
            "n": len(found.typed),
            "median_ms": median(found.typed),
            "p90_ms": p90(found.typed),
            "max_ms": max(found.typed),
            "app_median_ms": median(found.app),
            "app_p90_ms": p90(found.app),
            "frames_median": median(found.frames),
            "no_effect": found.no_effect,
        }
    return stats, rss_kb / 1024


def measure_commands(
    data: Path, folder: Path, env: dict, runs: int, in_process: bool = True
) -> dict:
    result: dict = {}
    changing, worked = copy_of(data, "cli-changing.json"), copy_of(data, "cli-worked.json")
    processes = {
        "python -c pass": ([sys.executable, "-c", "pass"], env),
        "opsdesk add": (commands.opsdesk_add(copy_of(data, "cli-add.json")), env),
        "opsdesk today": (commands.opsdesk_today(copy_of(data, "cli-today.json")), env),
        # An add before each of these `today` runs: the desk has changed every time, and the
        # add has put its action into the kept answer.
        "opsdesk add (before today)": (commands.opsdesk_add(changing), env),
        "opsdesk today after an add": (commands.opsdesk_today(changing), env),
        # The kept answer removed before each: `today` works the agenda out, as it does after
        # a write by the TUI or another program.
        "(kept answer removed)": (["rm", "-f", f"{worked}.today"], env),
        "opsdesk today worked out": (commands.opsdesk_today(worked), env),
    }
    if in_process:
        processes["opsdesk export ics"] = (
            commands.opsdesk_export(copy_of(data, "cli-export.json"), folder / "out.ics"),
            env,
        )
    records_data = copy_of(data, "cli-records.json")
    for name, argv in commands.opsdesk_record_commands(records_data).items():
        processes[name] = (argv, env)
        if name == "opsdesk done":  # an edit writes the file: `today` works the agenda out
            processes["opsdesk today after an edit"] = (commands.opsdesk_today(records_data), env)
    if commands.taskwarrior_version() is None:
        result["taskwarrior"] = {"skipped": "`task` is not installed (apt-get install taskwarrior)"}
    else:
        tw_folder = folder / f"taskwarrior-{data.stem}"
        tw_env, count, import_ms = commands.taskwarrior_setup(data, tw_folder, env)
        result["taskwarrior"] = {"tasks": count, "import_ms": import_ms}
        processes["task add"] = (commands.task_add(), tw_env)
        processes["task add (verbose=nothing)"] = (commands.task_add(quiet=True), tw_env)
        processes["task next"] = (commands.task_next(), tw_env)
    result["process_ms"] = commands.interleaved(processes, runs)
    if not in_process:
        return result
    result["store_add_ms"] = commands.store_add(copy_of(data, "store-add.json"), runs)
    result["store_export"] = commands.store_export(copy_of(data, "store-export.json"), runs)
    return result


def measure_set(name: str, folder: Path, env: dict, counts: tuple, full: bool) -> dict:
    """Everything measured on one data set: start-up and commands always; with `full`, the
    key scenarios, the TUI's peak memory and the in-process store timings too."""
    runs, moves, adds, process_runs = counts
    data, data_info = make_data(folder, name)
    print(
        f"{name}: {data_info['tables']}, working file {data_info['file_bytes']} bytes, "
        f"archive {data_info['archive_bytes']} bytes",
        flush=True,
    )
    print(f"{name}: start-up...", flush=True)
    result: dict = {"data_set": data_info, "startup": measure_startup(data, env, runs)}
    if full:
        print(f"{name}: key to frame...", flush=True)
        result["keys"], result["peak_rss_mb"] = measure_session(data, env, moves, adds)
    print(f"{name}: commands...", flush=True)
    result["commands"] = measure_commands(data, folder, env, process_runs, in_process=full)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples (a smoke run)")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--sets", default=",".join(SETS), help=f"data sets to run, of {', '.join(SETS)}"
    )
    parser.add_argument(
        "--markdown", action="store_true", help="print the tables of --out as Markdown and stop"
    )
    args = parser.parse_args(argv)
    if args.markdown:
        print(markdown(json.loads(args.out.read_text(encoding="utf-8"))))
        return 0
    counts = (3, 10, 3, 3) if args.quick else (9, keys.CURSOR_MOVES, 10, 10)
    names = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = [name for name in names if name not in SETS]
    if unknown or "large" not in names:
        parser.error(f"--sets must include large, and only {', '.join(SETS)}")

    began = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="opsdesk-bench-"))
    try:
        env = terminal.environment(folder / "home")
        info = machine()
        load_before = os.getloadavg()
        print(f"opsdesk benchmark in {folder} ({info['nproc']} cores, {info['cpu']})", flush=True)
        sets = {
            name: measure_set(name, folder, env, counts, full=name in ("large", "five years"))
            for name in names
        }
        large = sets["large"]
        rows = verdicts(
            large["startup"],
            large["keys"],
            large["peak_rss_mb"],
            large["commands"],
            sets.get("five years"),
        )
        results = {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "revision": revision(),
            "machine": info,
            "load_average": {"before": load_before, "after": os.getloadavg()},
            "quick": args.quick,
            "data_set": large["data_set"],
            "targets": rows,
            "startup": large["startup"],
            "keys": large["keys"],
            "peak_rss_mb": large["peak_rss_mb"],
            "commands": large["commands"],
            "sets": sets,
            "scaling": scaling_rows(sets),
            "runtime_s": time.monotonic() - began,
        }
        print()
        print(table(rows))
        print()
        print(scaling_table(results["scaling"]))
        print(details(large["startup"], large["keys"], large["commands"]))
        print(
            f"\nload average {load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after; "
            f"{results['runtime_s']:.0f} s"
        )
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}; the Markdown for BENCHMARKS.md: {Path(__file__).name} --markdown")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
