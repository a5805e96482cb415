"""Command line: ``flyte-lint [check] PATHS``, ``flyte-lint rule CODE``, ``flyte-lint graph PATHS``.

Exit codes: 0 nothing found, 1 findings, 2 the tool could not run (bad arguments or configuration).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__

if TYPE_CHECKING:
    from .config import Overrides, Settings
    from .diagnostics import Diagnostic
    from .engine import Options, RunResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "concise", "json", "sarif", "github", "junit")


def _codes(value: str) -> tuple[str, ...]:
    return tuple(code.strip().upper() for code in value.split(",") if code.strip())


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flyte-lint",
        description="Find Flyte 2 configuration mistakes (environments, tasks, overrides) without running code.",
        epilog="Other commands: 'flyte-lint rule CODE' explains a rule; 'flyte-lint graph PATHS' draws the project.",
    )
    parser.add_argument("paths", nargs="*", type=Path, help="files or directories to check (default: .)")
    parser.add_argument("--select", type=_codes, help="comma-separated codes or prefixes to report (e.g. FLY0,FLY201)")
    parser.add_argument("--ignore", type=_codes, help="comma-separated codes or prefixes to leave out")
    parser.add_argument("--extend-select", type=_codes, help="codes to add to the configured selection")
    parser.add_argument(
        "--per-file-ignores",
        action="append",
        default=None,
        metavar="PATTERN:CODES",
        help="ignore CODES in files matching PATTERN (repeatable)",
    )
    parser.add_argument(
        "--target-version", help='the flyte SDK version to check against (e.g. 2.12.1, 2.1 or ">=2.5,<2.9")'
    )
    parser.add_argument("--config", type=Path, help="use this pyproject.toml for every file")
    parser.add_argument("--isolated", action="store_true", help="ignore all configuration files")
    parser.add_argument("--format", "--output-format", dest="format", choices=FORMATS, default="text")
    parser.add_argument("--statistics", action="store_true", help="print a count per rule instead of each finding")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    parser.add_argument(
        "--jobs", "-j", type=int, default=0,
        help="worker processes for reading a large tree and for extraction (0 = all cores, 1 = none)",
    )  # fmt: skip
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the facts cache")
    parser.add_argument("--cache-dir", type=Path, help="where the facts cache lives (default .flyte_lint_cache)")
    parser.add_argument("--follow-symlinks", action="store_true", help="follow symbolic links inside the project")
    parser.add_argument("--stdin-filename", type=Path, help="lint standard input as if it were this file")
    parser.add_argument("--fix", action="store_true", help="apply safe fixes")
    parser.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes that change behaviour")
    parser.add_argument("--diff", action="store_true", help="show the fixes as a diff instead of writing them")
    parser.add_argument(
        "--show-fixes", action="store_true",
        help="after the report, list the fixes available per rule (safe / unsafe); with --fix, what was fixed",
    )  # fmt: skip
    parser.add_argument(
        "--exit-non-zero-on-fix", action="store_true",
        help="with --fix, exit 1 when any fix was applied, even if nothing remains",
    )  # fmt: skip
    parser.add_argument(
        "--add-noqa", action="store_true",
        help="add '# noqa: CODE' for every finding (merged into an existing noqa comment), then exit",
    )  # fmt: skip
    parser.add_argument("--output-file", "-o", type=Path, metavar="PATH", help="write the report to PATH, not stdout")
    parser.add_argument(
        "--show-settings", type=Path, metavar="PATH",
        help="print the settings that govern PATH (rules, per-file ignores, target release and its origin) and exit",
    )  # fmt: skip
    parser.add_argument(
        "--show-files", action="store_true", help="list the files that would be checked (after exclusion) and exit"
    )
    parser.add_argument("--explain", metavar="CODE", help="explain a rule (same as 'flyte-lint rule CODE')")
    parser.add_argument("--version", action="version", version=f"flyte-lint {__version__}")
    return parser


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _newer_than_probed(settings: Iterable[Settings], given: str | None) -> list[str]:
    """One line per target release newer than the newest probed one: it is checked as that release."""
    from . import spec

    targets: list[spec.Target] = []
    if given:
        try:
            targets.append(spec.parse_target(given))
        except spec.VersionError:
            pass
    for each in settings:
        try:
            targets.append(each.target())
        except spec.VersionError:
            continue
    releases = dict.fromkeys(t.release for t in targets if t.beyond)
    return [
        f"flyte {release} is newer than the newest release flyte-lint has probed ({spec.NEWEST_RELEASE}); "
        f"it is checked as {spec.NEWEST_RELEASE}, which may differ"
        for release in releases
    ]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] == "rule":
            return _rule_command(args_list[1:])
        if args_list and args_list[0] == "graph":
            from .graph_view import main as graph_main

            return int(graph_main(args_list[1:]))
        if args_list and args_list[0] == "server":
            from .server import main as server_main

            return server_main(args_list[1:])
        if args_list and args_list[0] == "check":
            args_list = args_list[1:]
        return _check_command(args_list)
    except KeyboardInterrupt:
        print("flyte-lint: interrupted", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_CLEAN


def _rule_command(argv: list[str]) -> int:
    from .rules import all_rules, rule_by_code

    if not argv or argv[0] in ("--all", "-a"):
        for rule in all_rules():
            print(f"{rule.code}  {rule.name:<36} {rule.severity:<8} {rule.summary}")
        return EXIT_CLEAN
    found = rule_by_code(argv[0])
    if found is None:
        print(f"flyte-lint: unknown rule {argv[0]!r} (see 'flyte-lint rule --all')", file=sys.stderr)
        return EXIT_USAGE
    print(f"# {found.name} ({found.code})\n")
    print(f"Severity: {found.severity}. {found.summary}\n")
    print(found.doc)
    return EXIT_CLEAN


def _project_paths(files: Sequence[Path]) -> list[Path]:
    """The project folders of ``files`` (the folder of the nearest pyproject.toml, else of the nearest .git),
    relative to the working directory when they lie under it, so that reported paths stay as given. A loose
    script (no project) brings only the scripts next to it, never a walk of its whole folder."""
    from .project_scope import project_root, project_scope

    roots: list[Path] = []
    for file in files:
        found = project_root(file.absolute()) if file.parent.exists() else Path(".")
        if found is None:
            roots.extend(p for p in project_scope(file) if p not in roots)
            continue
        root = found
        try:
            root = Path(os.path.relpath(root))
        except ValueError:
            pass
        if ".." in root.parts and not any(".." in f.parts for f in files):
            root = file.parent  # the project lies above the working directory: keep paths as given
        if root not in roots:
            roots.append(root)
    return roots


def _as_discovered(file: Path, roots: Sequence[Path]) -> Path:
    """``file`` spelled as discovery will spell it when it walks ``roots`` (``/abs/x.py`` or ``../pkg/x.py``
    given from inside ``pkg`` is found as ``x.py`` under the root ``.``), so that its findings are kept."""
    absolute = os.path.abspath(file)
    for root in roots:
        root_abs = os.path.abspath(root)
        if absolute == root_abs or absolute.startswith(root_abs.rstrip(os.sep) + os.sep):
            return Path(os.path.normpath(os.path.join(root, os.path.relpath(absolute, root_abs))))
    return file


def _check_command(argv: list[str]) -> int:
    from .config import ConfigError, Overrides
    from .engine import Options, run

    parser = _check_parser()
    args = parser.parse_intermixed_args(argv)
    if args.explain:
        return _rule_command([args.explain])
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for item in args.per_file_ignores or []:
        pattern, _, codes = item.rpartition(":")
        if not pattern or not codes:
            print(f"flyte-lint: --per-file-ignores expects PATTERN:CODES, got {item!r}", file=sys.stderr)
            return EXIT_USAGE
        per_file.append((pattern, _codes(codes)))
    overrides = Overrides(
        select=args.select,
        ignore=args.ignore,
        extend_select=args.extend_select,
        target_version=args.target_version,
        config=args.config,
        isolated=args.isolated,
        per_file_ignores=tuple(per_file) if per_file else None,
    )
    if args.show_settings is not None or args.show_files:
        shown = [p for p in args.paths if str(p) != "-"] or [args.stdin_filename or Path(".")]
        return _show(args, overrides, shown)
    stdin = None
    paths: list[Path] = list(args.paths)
    report_only: set[Path] | None = None
    if args.stdin_filename is not None:
        # ``-`` stands for standard input (``cat f.py | flyte-lint --stdin-filename f.py -``).
        paths = [p for p in paths if str(p) != "-"]
        stdin = (args.stdin_filename, sys.stdin.read())
        report_only = {args.stdin_filename}
        if not paths:
            paths = _project_paths([args.stdin_filename])
    elif not paths:
        paths = [Path(".")]
    elif all(p.is_file() for p in paths):
        # Only files (pre-commit passes the staged ones): index their projects, report on the files.
        given = paths
        python_files = [p for p in given if p.suffix in (".py", ".pyi")]
        # Non-Python files given by name stay in the run, so that discovery reports them (FLY902).
        others = [p for p in given if p.suffix not in (".py", ".pyi")]
        paths = (_project_paths(python_files) if python_files else []) + others
        report_only = {_as_discovered(file, paths) for file in python_files} | set(others)
    if args.add_noqa and (stdin is not None or args.fix or args.diff):
        print("flyte-lint: --add-noqa cannot be combined with --fix, --diff or --stdin-filename", file=sys.stderr)
        return EXIT_USAGE
    options = Options(
        paths,
        overrides,
        jobs=max(0, args.jobs),
        follow_symlinks=args.follow_symlinks,
        use_cache=not args.no_cache,
        cache_dir=args.cache_dir,
        stdin=stdin,
        report_only=report_only,
        result_cache=not (args.fix or args.diff or args.add_noqa),
    )
    # A run allocates many small objects that live until the process exits and form no reference cycles
    # (source bytes, syntax trees, facts); the cyclic collector would walk them again and again for nothing
    # (about 8% of a cold run). This process ends right after the report.
    gc.disable()
    try:
        result = run(options)
    except ConfigError as error:
        print(f"flyte-lint: {error}", file=sys.stderr)
        return EXIT_USAGE
    for note in _newer_than_probed(result.settings_by_path.values(), args.target_version):
        print(f"flyte-lint: {note}", file=sys.stderr)
    diagnostics = result.diagnostics
    # A files-only run indexes the files' projects but checks (and counts) only the files given.
    checked = len(report_only) if report_only is not None else result.files_checked

    if args.add_noqa:
        from .add_noqa import add_noqa

        added = add_noqa(result)
        for message in added.errors:
            print(f"flyte-lint: {message}", file=sys.stderr)
        for place in added.unplaced:
            print(
                f"flyte-lint: {place}: no line of it can take a noqa comment (it ends inside a string)", file=sys.stderr
            )
        for path, count in sorted(added.added.items()):
            print(f"Added {count} noqa directive{'s' if count != 1 else ''} to {path}", file=sys.stderr)
        print(f"Added {added.total} noqa directive{'s' if added.total != 1 else ''}.", file=sys.stderr)
        return EXIT_USAGE if added.errors else EXIT_CLEAN

    color = _use_color(args.color) and (args.output_file is None or args.color == "always")
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        code = _report(args, result, stdin, options, checked, diagnostics, color=color)
    return _emit(output.getvalue(), args.output_file, code)


def _emit(text: str, output_file: Path | None, code: int) -> int:
    """The report on stdout, or in ``--output-file`` (its folders made as needed)."""
    if output_file is None:
        sys.stdout.write(text)
        return code
    try:
        output_file.parent.mkdir(parents=True, exist_ok=True)
        output_file.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"flyte-lint: {output_file}: cannot write the report: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    return code


def _show(args: argparse.Namespace, overrides: Overrides, paths: list[Path]) -> int:
    """``--show-settings PATH`` and ``--show-files``: print, exit 0 (2 for a broken configuration)."""
    from .config import ConfigError
    from .engine import Options, files_to_check
    from .settings_view import describe_settings

    try:
        if args.show_settings is not None:
            text = describe_settings(args.show_settings, overrides)
        else:
            options = Options(paths, overrides, follow_symlinks=args.follow_symlinks)
            text = "".join(f"{file}\n" for file in files_to_check(options))
    except ConfigError as error:
        print(f"flyte-lint: {error}", file=sys.stderr)
        return EXIT_USAGE
    return _emit(text, args.output_file, EXIT_CLEAN)


def _report(
    args: argparse.Namespace,
    result: RunResult,
    stdin: tuple[Path, str] | None,
    options: Options,
    checked: int,
    diagnostics: list[Diagnostic],
    *,
    color: bool,
) -> int:
    """Fixes (``--fix``, ``--diff``) and the report, printed on stdout (which the caller may redirect)."""
    from .report import (
        SourceCache,
        fix_summary,
        format_concise,
        format_fixed,
        format_fixes_available,
        format_json,
        format_statistics,
        format_text,
        load_extra_format,
        summary_line,
    )

    fixed_any = False
    fixed_listing = ""
    if args.fix or args.diff:
        from .fix import apply_fixes

        outcome = apply_fixes(result, unsafe=args.unsafe_fixes, write=not args.diff, stdin=stdin, options=options)
        for message in outcome.errors:
            print(f"flyte-lint: {message}", file=sys.stderr)
        if args.diff:
            sys.stdout.write(outcome.diff)
            return EXIT_FINDINGS if outcome.diff else EXIT_CLEAN
        diagnostics = outcome.remaining
        fixed_any = outcome.applied > 0
        summary = fix_summary(outcome.fixed_by_code)
        if summary is not None:
            print(summary, file=sys.stderr)
        fixed_listing = format_fixed(outcome.fixed_by_path)
        if stdin is not None:
            sys.stdout.write(outcome.stdin_text or stdin[1])
            if fixed_any and args.exit_non_zero_on_fix:
                return EXIT_FINDINGS
            return EXIT_FINDINGS if diagnostics and not args.exit_zero else EXIT_CLEAN

    sources = SourceCache({str(stdin[0]): stdin[1]} if stdin else None)
    if args.statistics:
        text = format_statistics(diagnostics)
        if text:
            print(text)
    elif args.format == "text":
        if diagnostics:
            sys.stdout.write(format_text(diagnostics, color=color, sources=sources))
        if not args.quiet:
            print(summary_line(diagnostics, checked))
    elif args.format == "concise":
        if diagnostics:
            print(format_concise(diagnostics, color=color))
        if not args.quiet:
            print(summary_line(diagnostics, checked))
    elif args.format == "json":
        print(format_json(diagnostics))
    else:
        formatter = load_extra_format(args.format)
        if formatter is None:
            print(f"flyte-lint: output format {args.format!r} is not available in this build", file=sys.stderr)
            return EXIT_USAGE
        print(formatter(diagnostics))
    if args.show_fixes and args.format in ("text", "concise"):
        print(fixed_listing if fixed_listing else format_fixes_available(diagnostics, unsafe=args.unsafe_fixes))
        if fixed_listing and diagnostics:
            print(format_fixes_available(diagnostics, unsafe=args.unsafe_fixes))
    if fixed_any and args.exit_non_zero_on_fix:
        return EXIT_FINDINGS
    if diagnostics and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN
