"""How much longer the mypy daemon takes with flyte-lint's plugin than without it, in the editor's loop.

An editor's mypy extension (VS Code's runs ``dmypy``) starts the daemon once, then asks it again after each save.
This runs that loop on published Flyte 2 code (copied flat, as ``mypy_overhead.py`` does) for plain mypy and for
``plugins = flyte_lint.mypy_plugin``: the first ``dmypy run`` (a full build, nothing stored), then ``--edits``
saves of one module that defines an environment (a value in it changed back and forth, so each save is a real
edit that the plugin must lint again). It reports the daemon's CPU time (read from /proc, so Linux only) for the
start and the median per save, and their ratios. Usage::

    python benchmarks/dmypy_overhead.py --examples /tmp/flyte-sdk/examples [--edits 8]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from mypy_overhead import ROOT, flatten_examples

_TICKS = os.sysconf("SC_CLK_TCK")


def daemon_cpu(status_file: Path) -> float:
    """CPU seconds the daemon process has used so far (user + system)."""
    pid = json.loads(status_file.read_text())["pid"]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def edited_module(folder: Path) -> Path:
    """A module that makes an environment with a literal name: the one each save changes."""
    for module in sorted(folder.glob("*.py")):
        if re.search(r"TaskEnvironment\(\s*name=\"[a-z_]+\"", module.read_text()):
            return module
    raise SystemExit("no module with an environment to edit")


def session(folder: Path, plugin: bool, edits: int) -> tuple[float, list[float]]:
    """(CPU of the first run, CPU of each save) for one daemon."""
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "mypy.ini"
        config.write_text("[mypy]\n" + ("plugins = flyte_lint.mypy_plugin\n" if plugin else ""))
        status = Path(tmp) / "status.json"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "FLYTE_LINT_NO_CACHE": "1"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        flags = ["--config-file", str(config), "--cache-dir", str(Path(tmp) / "cache")]
        flags += ["--ignore-missing-imports", "--follow-imports", "normal"]  # the daemon refuses "silent"
        command = [sys.executable, "-m", "mypy.dmypy", "--status-file", str(status)]
        module = edited_module(folder)
        original = module.read_text()
        edited = re.sub(r'(TaskEnvironment\(\s*name=")([a-z_]+)"', r'\g<1>\g<2>_edited"', original, count=1)
        try:
            # The daemon's CPU before its first check is its start-up, the same with or without the plugin.
            subprocess.run([*command, "start", "--", *flags], cwd=folder, env=env, check=True, capture_output=True)
            started = daemon_cpu(status)
            subprocess.run([*command, "check", str(folder)], cwd=folder, env=env, capture_output=True)
            first = daemon_cpu(status) - started
            saves: list[float] = []
            for number in range(edits):
                module.write_text(edited if number % 2 == 0 else original)
                before = daemon_cpu(status)
                subprocess.run([*command, "check", str(folder)], cwd=folder, env=env, capture_output=True)
                saves.append(daemon_cpu(status) - before)
            return first, saves
        finally:
            module.write_text(original)
            subprocess.run([*command, "stop"], cwd=folder, env=env, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, action="append", required=True)
    parser.add_argument("--edits", type=int, default=8)
    args = parser.parse_args()
    from mypy.version import __version__

    print(f"mypy {__version__}, Python {sys.version.split()[0]}, daemon CPU time, {args.edits} saves")
    for examples in args.examples:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(flatten_examples(examples, Path(tmp))[0])
            plain_first, plain_saves = session(folder, False, args.edits)
            plugin_first, plugin_saves = session(folder, True, args.edits)
            plain_save, plugin_save = statistics.median(plain_saves), statistics.median(plugin_saves)
            print(f"{examples.parent.name}/{examples.name} ({len(list(folder.glob('*.py')))} modules):")
            print(f"  first run   plain {plain_first:6.2f}s  plugin {plugin_first:6.2f}s  "
                  f"({(plugin_first / plain_first - 1) * 100:+.1f}%)")  # fmt: skip
            print(f"  per save    plain {plain_save:6.3f}s  plugin {plugin_save:6.3f}s  "
                  f"({(plugin_save / plain_save - 1) * 100:+.1f}%)")  # fmt: skip


if __name__ == "__main__":
    main()
