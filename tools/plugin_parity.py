"""The mypy plugin against the linter on generated programs (issue 16): every error the linter reports on a
module, the plugin reports at the same line under a code it maps to, and the plugin reports no flyte- error the
linter does not have.

``python tools/plugin_parity.py --seed S --programs N [--save DIR] [--quiet] [--edits]``

The programs are ``tools/sdk_fuzz.py``'s (the shapes users write: settings modules, factories, loops,
``functools.partial`` decorators, helpers, aliases, projects of several modules), so the comparison runs on code
nobody wrote for the plugin. The linter is the reference here: ``sdk_fuzz`` holds it to the SDK's verdicts on the
same programs. Each program is one project: the linter checks its folder (``flyte-lint check --no-cache``), and
mypy, with ``plugins = flyte_lint.mypy_plugin``, checks its modules, from a copy of a mypy cache warmed once on
flyte itself (a cache shared between programs would mistake one program's ``main.py`` for another's of the same
size written in the same second). Stored findings are off (``FLYTE_LINT_NO_CACHE=1``): every module is linted.

Output: one line per program that differs (its key, behaviour and shape, the findings the plugin misses and the
flyte- errors it adds), then ``programs: N, differing: K``. Exit code 1 when K > 0 or mypy crashed.

With ``--edits``, the daemon through edits instead (``check_edits``): the generated projects of one behaviour,
shape and set of files are one project under one ``dmypy run`` daemon, written variant by variant; after every
edit the daemon's errors must be a fresh run's. Last line: ``edits: N (C changed the errors, A of main.py by an
edit of another module), differing: K``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tools"))

import sdk_fuzz  # noqa: E402

from flyte_lint.mypy_plugin._codes import shown_under  # noqa: E402

# ``path:line: error: message  [code]`` (mypy's default output, one finding per line).
_MYPY_LINE = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+): error: .*?(?:  \[(?P<code>[a-z-]+)\])?$")

Place = tuple[str, int]  # (file name, line)


def expected(findings: Iterable[dict[str, Any]]) -> dict[Place, frozenset[str]]:
    """Each line the plugin must report, with the mypy codes any of which shows the linter's finding there."""
    places: dict[Place, set[str]] = defaultdict(set)
    for finding in findings:
        codes = shown_under(str(finding["code"]), str(finding["severity"]))
        if codes:
            places[(Path(str(finding["path"])).name, int(finding["line"]))].update(codes)
    return {place: frozenset(codes) for place, codes in places.items()}


def reported(mypy_output: str) -> dict[Place, set[str]]:
    """The error codes mypy printed, per line."""
    places: dict[Place, set[str]] = defaultdict(set)
    for line in mypy_output.splitlines():
        match = _MYPY_LINE.match(line)
        if match and match["code"]:
            places[(Path(match["path"]).name, int(match["line"]))].add(match["code"])
    return places


def differences(
    want: dict[Place, frozenset[str]], got: dict[Place, set[str]]
) -> tuple[dict[Place, frozenset[str]], dict[Place, set[str]]]:
    """(findings the plugin misses, flyte- errors it reports where the linter has none)."""
    missed = {place: codes for place, codes in want.items() if not got.get(place, set()) & codes}
    allowed = {place for place, codes in want.items() if any(c.startswith("flyte-") for c in codes)}
    added = {
        place: codes
        for place, codes in got.items()
        if place not in allowed and any(c.startswith("flyte-") for c in codes)
    }
    return missed, added


def _environment() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "FLYTE_LINT_NO_CACHE": "1"}
    env.pop("MYPYPATH", None)
    return env


def _mypy(modules: list[str], cwd: Path, config: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache),
         "--no-error-summary", "--ignore-missing-imports", *modules],
        cwd=cwd, env=_environment(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def _lint(folder: Path) -> list[dict[str, Any]]:
    proc = subprocess.run(
        [sys.executable, "-m", "flyte_lint", "check", "--no-cache", "--format", "json", "."],
        cwd=folder, env=_environment(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"flyte-lint exited {proc.returncode} on {folder}: {proc.stderr[-2000:]}")
    found: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    return found


def _warm(work: Path) -> tuple[Path, Path]:
    """(the mypy configuration with the plugin, a mypy cache warmed once on flyte itself) under ``work``."""
    config = work / "mypy.ini"
    config.write_text("[mypy]\nplugins = flyte_lint.mypy_plugin\nshow_traceback = True\n")
    warm = work / "warm-cache"
    (work / "warm.py").write_text("import flyte\n")
    _mypy(["warm.py"], work, config, warm)
    return config, warm


def _fresh_cache(work: Path, warm: Path) -> Path:
    """A copy of the warm cache: flyte is cached, every module of a program is checked from scratch."""
    cache = work / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(warm, cache)
    return cache


def check(seed: int, programs: int, work: Path, *, quiet: bool = False) -> int:
    """Run the comparison; the number of programs on which the plugin and the linter differ (or mypy crashed)."""
    config, warm = _warm(work)
    differing = 0
    for index in range(programs):
        program = sdk_fuzz.generate(seed, index)
        folder = work / program.key
        sdk_fuzz.write_program(program, folder)
        modules = sorted(name for name in program.files if name.endswith(".py"))
        result = _mypy(modules, folder, config, _fresh_cache(work, warm))
        label = f"{program.key} {program.behaviour} {program.shape}"
        if "Traceback" in result.stdout + result.stderr:
            differing += 1
            print(f"{label}: mypy crashed\n{(result.stdout + result.stderr)[-2000:]}")
            continue
        missed, added = differences(expected(_lint(folder)), reported(result.stdout))
        if missed or added:
            differing += 1
            print(f"{label}: missed {sorted(missed.items())} added {sorted(added.items())}")
        elif not quiet:
            print(f"{label}: same")
    print(f"programs: {programs}, differing: {differing}")
    return differing


def _programs_to_edit(seed: int, programs: int) -> list[list[sdk_fuzz.Program]]:
    """Generated projects (two modules or more) grouped by behaviour, shape and file names: each group is one
    project edited from variant to variant, often with ``main.py`` unchanged and only the module it takes its
    values from (``config.py``, ``factories.py``...) edited."""
    groups: dict[tuple[str, str, tuple[str, ...]], list[sdk_fuzz.Program]] = defaultdict(list)
    for index in range(programs):
        program = sdk_fuzz.generate(seed, index)
        modules = tuple(sorted(name for name in program.files if name.endswith(".py")))
        if len(modules) > 1:
            groups[(program.behaviour, program.shape, modules)].append(program)
    return [group for group in groups.values() if len(group) > 1]


def _errors(output: str) -> list[tuple[str, int, str]]:
    found = []
    for line in output.splitlines():
        match = _MYPY_LINE.match(line)
        if match:
            found.append((Path(match["path"]).name, int(match["line"]), match["code"] or ""))
    return sorted(found)


class EditRun(NamedTuple):
    steps: int
    changed: int  # steps whose errors differ from the step before
    across: int  # of those, steps that changed main.py's errors by an edit of another module only
    differing: int  # steps where the daemon and a fresh run disagree (or mypy crashed)


def check_edits(seed: int, programs: int, work: Path, *, quiet: bool = False, groups: int | None = None) -> EditRun:
    """The daemon through edits: each group of ``_programs_to_edit`` is one project and one ``dmypy run``
    daemon; every variant of the group is written over the last (each file with a new modification time), and
    the daemon's errors must be exactly those of a fresh mypy run on the same files (a copy of the warm flyte
    cache, so every module of the project is checked from scratch). ``groups`` caps the projects edited."""
    config, warm = _warm(work)
    differing = steps = changed = across = 0
    for number, group in enumerate(_programs_to_edit(seed, programs)[:groups]):
        before: list[tuple[str, int, str]] | None = None
        folder = work / f"edited-{number}"
        folder.mkdir()
        shutil.copytree(warm, folder / ".dcache")
        status = folder / ".dmypy.json"
        stamp = 1_700_000_000_000_000_000
        # Each variant in full, then each variant's other modules under the first variant's main.py: edits of
        # the modules main.py takes its values from, main.py untouched.
        main = group[0].files.get("main.py")
        steps_of_group = [(program, program.files) for program in group] + [
            (program, {**program.files, "main.py": main} if main is not None else program.files)
            for program in group[1:]
        ]
        try:
            for program, files in steps_of_group:
                edited = set()
                for name, text in files.items():
                    path = folder / name
                    if not path.exists() or path.read_text() != text:
                        edited.add(name)
                        path.write_text(text)
                        stamp += 1_000_000_000
                        os.utime(path, ns=(stamp, stamp))
                modules = sorted(name for name in files if name.endswith(".py"))
                daemon = subprocess.run(
                    [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status), "run", "--",
                     "--config-file", str(config), "--cache-dir", str(folder / ".dcache"),
                     "--ignore-missing-imports", *modules],
                    cwd=folder, env=_environment(), capture_output=True, text=True, timeout=600, check=False,
                )  # fmt: skip
                fresh = _mypy(modules, folder, config, _fresh_cache(work, warm))
                steps += 1
                label = f"{program.key} {program.behaviour} {program.shape}"
                if "Traceback" in daemon.stdout + daemon.stderr + fresh.stdout + fresh.stderr:
                    differing += 1
                    print(f"{label}: mypy crashed\n{(daemon.stdout + daemon.stderr + fresh.stderr)[-2000:]}")
                    continue
                after, from_daemon = _errors(fresh.stdout), _errors(daemon.stdout)
                if from_daemon != after:
                    differing += 1
                    print(f"{label}: daemon {from_daemon} fresh {after}")
                    continue
                if before is not None and after != before:
                    changed += 1
                    # main.py's findings changed while only the modules it imports were edited.
                    mains = [[e for e in errors if e[0] == "main.py"] for errors in (before, after)]
                    across += "main.py" not in edited and mains[0] != mains[1]
                before = after
                if not quiet:
                    print(f"{label}: same")
        finally:
            subprocess.run(
                [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status), "stop"],
                cwd=folder, env=_environment(), capture_output=True, timeout=60, check=False,
            )  # fmt: skip
    print(f"edits: {steps} ({changed} changed the errors, {across} of main.py by an edit of another module), "
          f"differing: {differing}")  # fmt: skip
    return EditRun(steps, changed, across, differing)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--programs", type=int, default=100)
    parser.add_argument("--save", type=Path, help="keep the programs (and their mypy caches) in this folder")
    parser.add_argument("--quiet", action="store_true", help="print only the programs that differ")
    parser.add_argument(
        "--edits", action="store_true", help="drive dmypy through edits of the generated projects instead"
    )
    args = parser.parse_args()

    def run(work: Path) -> int:
        if args.edits:
            return check_edits(args.seed, args.programs, work, quiet=args.quiet).differing
        return check(args.seed, args.programs, work, quiet=args.quiet)

    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)
        return 1 if run(args.save.resolve()) else 0
    with tempfile.TemporaryDirectory(prefix="flyte-lint-plugin-parity-") as work:
        return 1 if run(Path(work)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
