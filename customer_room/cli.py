"""The command line: `customer-room [build|check|watch|serve|posters|init] [options]` (SPEC section 11).

This is the edge where exceptions become messages and exit codes: 0 success, 1 data or
config errors (every problem listed, up to a limit), 2 wrong usage. `python build.py` at
the room's root runs the same program.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import RoomError, UsageError
from .report import Reporter

MAX_PROBLEMS_SHOWN = 50
COMMANDS = ("build", "check", "watch", "serve", "posters", "init")


def parser() -> argparse.ArgumentParser:
    """The argument parser; `--help` on it is the command reference."""
    p = argparse.ArgumentParser(
        prog="customer-room",
        description="Build the walls of a customer room into a static site.",
    )
    p.add_argument("command", nargs="?", default="build", choices=COMMANDS,
                   help="build (default): make the site; check: validate data and settings, write nothing; "
                        "watch: build, then rebuild on every change; serve: watch and preview the site with "
                        "live reload; posters: build, with a PDF of each wall on one sheet in posters/; "
                        "init DIR: make a new room with a small example")
    p.add_argument("directory", nargs="?", help="for init: the folder to create the room in")
    p.add_argument("--room", type=Path, default=Path("."), help="the room folder (default: the current folder)")
    p.add_argument("--out", help="where to write the site: a new or empty folder, or one that holds a "
                                 "customer-room site (default: ROOM/site)")
    p.add_argument("--port", type=int, default=8000, help="serve: the port (default 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1",
                   help="serve: the address to listen on (default 127.0.0.1, this machine only)")
    p.add_argument("--force", action="store_true", help="build even when nothing has changed since the last build")
    p.add_argument("--size", help="posters: the sheet, e.g. A1, A3, 'ARCH D', 24x36, tabloid, letter "
                                  "(default: [posters] size in room.toml, else A1)")
    p.add_argument("--orientation", choices=("landscape", "portrait"),
                   help="posters: the sheet's orientation (default: [posters] orientation in room.toml, else landscape)")
    p.add_argument("--issues", action="store_true", help="posters: also one poster per tracked issue")
    p.add_argument("--debug", action="store_true", help="on an unexpected failure, show the traceback too")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    loud.add_argument("-v", "--verbose", action="store_true", help="print every step and what was rebuilt")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = parser().parse_args(argv)
    reporter = Reporter(quiet=args.quiet, verbose=args.verbose)
    try:
        return _run(args, reporter)
    except UsageError as exc:
        print(f"customer-room: {exc}", file=sys.stderr)
        return 2
    except RoomError as exc:
        print_problems(exc, reporter)
        return 1
    except KeyboardInterrupt:
        print("customer-room: stopped", file=sys.stderr)
        return 130
    except Exception as exc:  # the net under every message: a sentence, never a traceback unless asked
        from .failures import describe

        if args.debug:
            import traceback

            traceback.print_exc()
        print(f"customer-room: {describe(exc)}", file=sys.stderr)
        return 1


def _run(args, reporter: Reporter) -> int:
    """Dispatch to the command (imports are late so `--help` stays fast)."""
    room = args.room.resolve()
    if args.command == "init":
        from .init_room import init_room

        if not args.directory:
            raise UsageError("init needs a folder: customer-room init DIR")
        target = init_room(Path(args.directory))
        reporter.info(f"made a new room in {target}; build it with: customer-room build --room {args.directory}")
        return 0
    if args.directory:
        raise UsageError(f"'{args.command}' takes no folder argument; use --room DIR")
    if not room.is_dir():
        raise UsageError(f"the room folder {args.room} does not exist")
    if args.command == "check":
        from .build import check_site

        result = check_site(room, reporter, (Path(args.out) if args.out else room / "site").resolve())
        reporter.info(f"checked {room}: {result.summary()}")
        return 0
    out = _site_folder(args.out, room)
    if args.command in ("watch", "serve"):
        return _watch(args, room, out, reporter)
    if args.command == "posters":
        return _posters(args, room, out, reporter)
    if args.size or args.orientation or args.issues:
        raise UsageError("--size, --orientation and --issues are options of 'posters'")
    if not args.force and _up_to_date(room, out, reporter):
        return 0
    from .charts.svg import prestart
    from .load.inputs import many_new_charts

    if many_new_charts(room, out):
        prestart()  # the renderers start up while pandas and Altair are imported
    from .build import build_site

    result = build_site(room, out, reporter)
    reporter.info(f"built {len(result.pages)} pages into {out} in {result.seconds:.1f} s; {result.summary()}")
    return 0


def _site_folder(given: str | None, room: Path) -> Path:
    """The folder the site goes to, refused (exit 2) when publishing there would replace
    something that is not a customer-room site (see `site_folder.py`)."""
    from .output.site_folder import check_site_folder

    if given is not None and not given.strip():
        raise UsageError("--out is empty (an unset shell variable?): give the folder for the site, "
                         "or leave --out out to use ROOM/site")
    out = (Path(given) if given is not None else room / "site").resolve()
    check_site_folder(room, out)
    return out


def _posters(args, room: Path, out: Path, reporter: Reporter) -> int:
    """Build the site with its posters, and say which PDFs were written and how long it took."""
    from .charts.svg import prestart
    from .load.settings import load_settings
    from .paths import WALK_HANDOUT as HANDOUT
    from .sheets import SheetError, sheet

    on = None
    if args.size or args.orientation:
        posters = load_settings(room).posters
        try:
            on = sheet(args.size or posters.size, args.orientation or posters.orientation)
        except SheetError as exc:
            raise UsageError(f"--size: {exc}") from None
    from .load.inputs import many_new_charts

    if many_new_charts(room, out):
        prestart()
    from .posters.hook import PrinterMissing, make_posters

    try:
        made = make_posters(room, out, reporter, on, issues=args.issues)
    except PrinterMissing as exc:
        reporter.error(str(exc))
        return 1
    for rel in made.written:
        reporter.info(f"wrote {out / rel}")
    sheets = [rel for rel in made.written if rel != HANDOUT]
    handout = " and the walk's handout (A4 portrait)" if HANDOUT in made.written else ""
    reporter.info(f"made {len(sheets)} posters ({made.sheet.label}){handout} in {made.poster_seconds:.1f} s; "
                  f"built {len(made.build.pages)} pages into {out}; {made.seconds:.1f} s in all; "
                  f"{made.build.summary()}")
    return 0


def _watch(args, room: Path, out: Path, reporter: Reporter) -> int:
    """`watch` and `serve` run until Ctrl-C (or a service manager's SIGTERM), which is how
    they normally end: exit 0."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, interrupt)  # also where a shell started it with Ctrl-C ignored
    if args.command == "serve":
        if not 0 <= args.port <= 65535:
            raise UsageError(f"--port must be from 0 to 65535, not {args.port}")
        from .live.serve import serve

        serve(room, out, reporter, args.host, args.port)
    else:
        from .live.watch import watch

        watch(room, out, reporter)
    return 0


def _up_to_date(room: Path, out: Path, reporter: Reporter) -> bool:
    """Nothing changed since the published site was built: say so (and its warnings), build nothing."""
    from .limits import WARNINGS_PRINTED
    from .load.inputs import fingerprint
    from .output.manifest import published_warnings, read_manifest, unchanged
    from .paths import caches_off

    if "inputs" in caches_off() or not unchanged(out, fingerprint(room)):
        return False
    warnings, more = published_warnings(out)
    for warning in warnings[:WARNINGS_PRINTED]:
        reporter.warning(warning)
    more += max(0, len(warnings) - WARNINGS_PRINTED)
    if more > 0:
        reporter.warning(f"… and {more:,} more (see the index page's data health)")
    built_at = (read_manifest(out) or {}).get("built_at")
    reporter.info(f"nothing changed since the last build ({built_at}): {out} is up to date "
                  "(use --force to build anyway)")
    return True


def print_problems(exc: RoomError, reporter: Reporter) -> None:
    """Every problem of a failed build, up to a limit, then how many more there are."""
    problems = exc.problems
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"customer-room: the room has {len(problems)} {noun}; nothing was written:", file=sys.stderr)
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        print(f"  {problem}", file=sys.stderr)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"  … and {len(problems) - MAX_PROBLEMS_SHOWN} more", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
