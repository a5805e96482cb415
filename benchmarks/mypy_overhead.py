"""How much longer mypy takes with flyte-lint's plugin than without it.

Runs mypy on fixtures/mypy/, on a generated 200-module Flyte project and, given ``--examples``, on published
Flyte 2 code (flyteorg/flyte-sdk's ``examples/``, unionai/unionai-examples' ``v2/``: each copied flat into a
temporary folder, one module per file, so that its many ``main.py`` do not clash), each five ways. With a new
mypy cache per run: plain mypy, with ``plugins = flyte_lint.mypy_plugin`` and nothing stored (every module
linted, as on a first run ever), and with the plugin's findings stored by an earlier run. With a warm mypy cache
(a run after one on the same files, as an editor or a pre-commit hook runs it): plain mypy, and with the plugin.
A few repeats each, interleaved; it prints the medians (CPU time of the mypy process, which machine load
disturbs less than wall time; wall time alongside) and their ratios to plain mypy run the same way. With
``--per-folder N``, the N largest folders of each examples tree are also checked one by one, each on its own as
a project is (with a new mypy cache: plain, nothing stored, findings stored), CPU summed over the folders. Usage::

    python benchmarks/mypy_overhead.py [--repeats 3] [--modules 200] [--skip-generated] \
        [--examples /tmp/flyte-sdk/examples] [--examples /tmp/unionai-examples/v2] [--per-folder 12]
"""

from __future__ import annotations

import argparse
import ast
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures" / "mypy"


_MODULE = """\
from __future__ import annotations

from datetime import timedelta
from typing import Final

import flyte

{previous}

NAME: Final = "env_{i:03d}"
env = flyte.TaskEnvironment(
    name=NAME,
    {reusable}resources=flyte.Resources(cpu=1, memory="1Gi"),
    description="Generated environment number {i}.",
    cache="auto",
)
helper_env = env.clone_with("env_{i:03d}_helper", reusable=None)


def helper(values: list[int]) -> dict[str, int]:
    return {{str(v): v * 2 for v in values if v % 3}}


@env.task
async def step(x: int) -> int:
    return sum(helper(list(range(x))).values())


@helper_env.task(retries=2, timeout=timedelta(minutes=5))
def sync_step(x: int, label: str = "a") -> str:
    return label * x


@env.task(cache="auto")
async def main(x: int) -> str:
    y = await step(x=x)
    {call_previous}
    z = await step.override(retries=3, cache="disable")(x=y)
    w = await sync_step.override(timeout=60).aio(x=z, label="b")
    return w + str(await step.aio(x=1))
"""


def generate_project(directory: Path, modules: int) -> list[str]:
    """A package of ``modules`` modules: an environment each, sync and async tasks, overrides, cross calls."""
    package = directory / "genproj"
    package.mkdir()
    (package / "__init__.py").write_text("")
    for i in range(modules):
        reusable = "reusable=flyte.ReusePolicy(replicas=2, concurrency=4), " if i % 5 == 0 else ""
        previous = f"from genproj.mod{i - 1:03d} import step as previous_step" if i else ""
        call_previous = "y = await previous_step(x=y)" if i else "pass"
        (package / f"mod{i:03d}.py").write_text(
            _MODULE.format(i=i, reusable=reusable, previous=previous, call_previous=call_previous)
        )
    return [str(package)]


def _parses(source: Path) -> bool:
    """Whether mypy can check the file: it parses, or its only error is an f-string newer Pythons accept."""
    try:
        ast.parse(source.read_bytes())
    except SyntaxError as error:
        return (error.msg or "").startswith("f-string")
    return True


def flatten_examples(examples: Path, directory: Path) -> list[str]:
    """Every ``.py`` under ``examples`` as one module of a flat folder (path parts joined by ``__``), but a file
    with a syntax error (mypy would check nothing else: unionai-examples has one, a positional argument after a
    keyword) other than an f-string newer Pythons accept."""
    flat = directory / "examples_flat"
    flat.mkdir()
    for source in sorted(examples.rglob("*.py")):
        if not _parses(source):
            continue
        name = "__".join(source.relative_to(examples).with_suffix("").parts).replace("-", "_").replace(".", "_")
        (flat / f"ex_{name}.py").write_bytes(source.read_bytes())
    return [str(flat)]


# How each run is made, and the plain run it is compared with. A new mypy cache each run: plain mypy; the plugin
# with nothing stored (FLYTE_LINT_NO_CACHE=1: every module is linted, as on a first run ever); the plugin with its
# stored findings from an earlier run (as in CI with no mypy cache, or a fresh daemon, on code flyte-lint has seen
# before). A warm mypy cache (filled by an earlier run of the same mode): plain mypy, and the plugin.
MODES = {
    "plain": "plain",
    "plugin, nothing stored": "plain",
    "plugin, findings stored": "plain",
    "plain, warm": "plain, warm",
    "plugin, warm": "plain, warm",
}


def run_mypy(
    targets: list[str], cwd: Path, mode: str, extra: tuple[str, ...] = (), cache: Path | None = None
) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the mypy process) for one run, with ``cache`` or a new mypy cache."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "mypy.ini"
        config.write_text("[mypy]\n" + ("" if mode.startswith("plain") else "plugins = flyte_lint.mypy_plugin\n"))
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: flyte-lint's modules load from bytecode
        env.pop("FLYTE_LINT_NO_CACHE", None)
        if mode == "plugin, nothing stored":
            env["FLYTE_LINT_NO_CACHE"] = "1"
        cache_dir = cache if cache is not None else Path(tmp) / "cache"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mypy", "--config-file", str(config), "--cache-dir", str(cache_dir),
             *extra, *targets],
            cwd=cwd, env=env, capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if result.returncode not in (0, 1) or "Traceback" in result.stderr:
            raise SystemExit(f"mypy failed:\n{result.stdout}\n{result.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def measure(label: str, targets: list[str], cwd: Path, repeats: int, extra: tuple[str, ...] = ()) -> dict[str, float]:
    """The CPU ratio of each plugin mode to plain mypy (medians of ``repeats`` interleaved runs)."""
    with tempfile.TemporaryDirectory() as caches:
        warm = {mode: Path(caches) / str(number) for number, mode in enumerate(MODES) if mode.endswith("warm")}
        run_mypy(targets, cwd, "plugin, findings stored", extra)  # stores the findings (not measured)
        for mode, cache in warm.items():
            run_mypy(targets, cwd, mode, extra, cache)  # fills the mypy cache (not measured)
        runs: dict[str, list[tuple[float, float]]] = {mode: [] for mode in MODES}
        for _ in range(repeats):  # interleaved, so drift in machine load hits every mode alike
            for mode in MODES:
                runs[mode].append(run_mypy(targets, cwd, mode, extra, warm.get(mode)))
    wall = {k: statistics.median(w for w, _ in v) for k, v in runs.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in runs.items()}
    ratios: dict[str, float] = {}
    print(f"{label}:")
    for mode, baseline in MODES.items():
        if mode == baseline:
            print(f"  {mode:<24} CPU {cpu[mode]:6.2f}s                  wall {wall[mode]:6.2f}s")
            continue
        ratios[mode] = ratio = cpu[mode] / cpu[baseline]
        print(
            f"  {mode:<24} CPU {cpu[mode]:6.2f}s  ratio {ratio:5.3f} ({(ratio - 1) * 100:+.1f}%)   "
            f"wall {wall[mode]:6.2f}s  ratio {wall[mode] / wall[baseline]:5.3f}"
        )
    return ratios


def largest_folders(examples: Path, count: int) -> list[Path]:
    """The ``count`` folders of ``examples`` with the most modules of their own: each is checked as a project is,
    on its own (mypy's fixed cost, the SDK and the standard library, paid by every run)."""
    sizes: dict[Path, int] = {}
    for module in examples.rglob("*.py"):
        sizes[module.parent] = sizes.get(module.parent, 0) + 1
    return sorted(sizes, key=lambda folder: (-sizes[folder], str(folder)))[:count]


def measure_folders(label: str, folders: list[Path], repeats: int) -> dict[str, float]:
    """As ``measure``, with one mypy run per folder (its modules, a new cache), CPU summed over the folders."""
    modes = [mode for mode, baseline in MODES.items() if baseline == "plain"]
    # A folder with an ``__init__.py`` whose modules import each other by plain name: its modules are named from
    # the folder itself, as when its project runs mypy there.
    extra = ("--ignore-missing-imports", "--follow-imports", "silent", "--explicit-package-bases")
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for number, folder in enumerate(folders):
            copy = Path(tmp) / f"folder_{number}"
            shutil.copytree(folder, copy)
            copies.append((copy, sorted(p.name for p in copy.glob("*.py") if _parses(p))))
        for copy, modules in copies:
            run_mypy(modules, copy, "plugin, findings stored", extra)  # stores the findings (not measured)
        totals: dict[str, list[float]] = {mode: [] for mode in modes}
        for _ in range(repeats):
            # Interleaved folder by folder: a drift in machine load within a repeat hits every mode alike.
            cpu = {mode: 0.0 for mode in modes}
            for copy, modules in copies:
                for mode in modes:
                    cpu[mode] += run_mypy(modules, copy, mode, extra)[1]
            for mode in modes:
                totals[mode].append(cpu[mode])
    cpu = {mode: statistics.median(values) for mode, values in totals.items()}
    print(f"{label}:")
    print(f"  {'plain':<24} CPU {cpu['plain']:6.2f}s")
    ratios = {}
    for mode in modes[1:]:
        ratios[mode] = ratio = cpu[mode] / cpu["plain"]
        print(f"  {mode:<24} CPU {cpu[mode]:6.2f}s  ratio {ratio:5.3f} ({(ratio - 1) * 100:+.1f}%)")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--modules", type=int, default=200)
    parser.add_argument(
        "--examples",
        type=Path,
        action="append",
        default=[],
        help="a folder of published Flyte 2 code (flyte-sdk's examples/, unionai-examples' v2/); repeatable",
    )
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument(
        "--per-folder",
        type=int,
        default=0,
        metavar="N",
        help="also check the N largest folders of each --examples tree one by one, as separate projects",
    )
    args = parser.parse_args()
    from mypy.version import __version__

    print(f"mypy {__version__}, Python {sys.version.split()[0]}, medians of {args.repeats}")
    # An installed package comes with its bytecode (pip compiles it); a checkout may not have it yet.
    compileall.compile_dir(str(ROOT / "flyte_lint"), quiet=1)
    fixtures = sorted(str(p.relative_to(FIXTURES)) for p in FIXTURES.rglob("*.py"))
    ratios = [measure("fixtures/mypy", fixtures, FIXTURES, args.repeats)]
    if not args.skip_generated:
        with tempfile.TemporaryDirectory() as tmp:
            targets = generate_project(Path(tmp), args.modules)
            ratios.append(measure(f"generated ({args.modules} modules)", targets, Path(tmp), args.repeats))
    for examples in args.examples:
        with tempfile.TemporaryDirectory() as tmp:
            targets = flatten_examples(examples, Path(tmp))
            # Published examples import libraries this environment lacks: mypy skips them, as an editor would.
            extra = ("--ignore-missing-imports", "--follow-imports", "silent")
            count = len(list(Path(targets[0]).glob("*.py")))
            label = f"{examples.parent.name}/{examples.name} ({count} modules)"
            ratios.append(measure(label, targets, Path(tmp), args.repeats, extra))
        if args.per_folder:
            folders = largest_folders(examples, args.per_folder)
            count = sum(len(list(folder.glob("*.py"))) for folder in folders)
            label = f"{examples.parent.name}/{examples.name}, {len(folders)} folders one by one ({count} modules)"
            ratios.append(measure_folders(label, folders, args.repeats))
    for mode in (mode for mode, baseline in MODES.items() if mode != baseline):
        worst = max(r[mode] for r in ratios if mode in r)
        print(f"worst overhead (CPU), {mode}: {(worst - 1) * 100:+.1f}% (target: at most +10%)")


if __name__ == "__main__":
    main()
