"""What one flyte release accepts and rejects, probed from the release itself: ``flyte_lint/spec/releases/<v>.json``.

``python tools/probe_release.py --release 2.5.20 [--python PATH] [--write | --check]``
``python tools/probe_release.py --all [--write | --check]``

Runs ``tools/_release_probe_child.py`` under the release's interpreter (``--python``, else the cached venv of
``tests/sdk_venvs.py``, made on first use) in a subprocess with a timeout, a throw-away HOME and config
directories, the user's FLYTE*/UNION*/PYTHON* variables removed and the network refused (as
``tests/sdk_oracle.py`` runs the SDK). The result holds:

* ``signatures``: ``inspect.signature`` of the API the checker models (TaskEnvironment, ``task``, ``override``,
  ``clone_with``, ``from_task``, ``add_dependency``, the value objects, devices, AppEnvironment, ...): per
  parameter its name, kind, whether it has a default and the default's repr when simple; ``{"absent": ...}``
  when the release does not have it;
* ``public_names``: ``dir(flyte)`` and ``flyte.__all__`` without the private names (from 2.10 the package
  provides some names lazily, which ``dir`` alone misses); ``all_names``: ``flyte.__all__``;
* ``module_names``: the same for each public submodule that imports under the probe (``flyte.extras``...),
  with its own submodules; ``submodules``: every public submodule of ``flyte``;
* ``literals``: the SDK's own ``Literal`` sets, alias tables and name patterns;
* ``verdicts``: one entry per behaviour probe: ``{"id", "outcome": "ok"|"raises"|"unavailable", "phase":
  "construct"|"decorate"|"override"|"deploy"|"run", "error", "message"}`` (message: the first line), plus
  ``observed`` (a value the probe reads, e.g. the seconds a timeout serializes to) and ``log`` (the first SDK
  warning logged) when there are some.

Without ``--write``/``--check`` the JSON is printed. ``--write`` stores it; ``--check`` exits 1 when the stored
file differs (and prints which parts).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tools" / "_release_probe_child.py"
RELEASES_DIR = ROOT / "flyte_lint" / "spec" / "releases"
TIMEOUT_S = 300.0
_SCRUBBED_PREFIXES = ("FLYTE", "UNION", "PYTHON", "VIRTUAL_ENV", "CONDA")

sys.path.insert(0, str(ROOT / "tests"))

from sdk_venvs import PROBED_RELEASES, flyte_version_of, sdk_interpreter  # noqa: E402


class ProbeError(RuntimeError):
    pass


def release_path(release: str) -> Path:
    return RELEASES_DIR / f"{release}.json"


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _render(value: Any, depth: int) -> str:
    pad = " " * (depth + 1)
    if isinstance(value, dict) and value:
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_render(value[k], depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + " " * depth + "}"
    if isinstance(value, list) and value and not all(_scalar(v) for v in value):
        return "[\n" + ",\n".join(pad + _render(v, depth + 1) for v in value) + "\n" + " " * depth + "]"
    # Scalars and lists of scalars (literal sets, name lists) on one line.
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def render(data: dict[str, Any]) -> str:
    """The stored form: sorted keys, one-space indent, lists of scalars on one line, a final newline."""
    return _render(data, 0) + "\n"


def _child_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(_SCRUBBED_PREFIXES)}
    env.update(
        HOME=str(tmp),
        XDG_CONFIG_HOME=str(tmp / ".config"),
        XDG_CACHE_HOME=str(tmp / ".cache"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONHASHSEED="0",
        HTTP_PROXY="http://127.0.0.1:9",
        HTTPS_PROXY="http://127.0.0.1:9",
        NO_PROXY="",
        NO_COLOR="1",
        TERM="dumb",
        COLUMNS="200",
    )
    return env


def interpreter_for(release: str, python: str | None) -> str:
    if python is not None:
        found = flyte_version_of(python)
        if found != release:
            raise ProbeError(f"{python} has flyte {found or 'not installed'}, expected {release}")
        return python
    interpreter = sdk_interpreter(release, own_venv=True)
    if interpreter.python is None:
        raise ProbeError(f"no interpreter for flyte {release}: {interpreter.reason}")
    return interpreter.python


def probe(release: str, python: str, *, timeout: float = TIMEOUT_S) -> dict[str, Any]:
    """Run the probe program under ``python``; the release data (checked to name ``release``)."""
    with tempfile.TemporaryDirectory(prefix="flyte-lint-probe-") as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "release.json"
        try:
            proc = subprocess.run(
                [python, "-I", "-B", str(CHILD), str(out)],
                cwd=tmp,
                env=_child_env(tmp),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ProbeError(f"the probe of flyte {release} timed out after {timeout}s") from exc
        if proc.returncode != 0 or not out.is_file():
            raise ProbeError(f"the probe of flyte {release} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
        data: dict[str, Any] = json.loads(out.read_text())
    if data.get("release") != release:
        raise ProbeError(f"{python} reports flyte {data.get('release')}, expected {release}")
    return data


def differences(stored: dict[str, Any], fresh: dict[str, Any]) -> list[str]:
    """Human-readable differences, by section (and by verdict id)."""
    found: list[str] = []
    for key in sorted(set(stored) | set(fresh)):
        if stored.get(key) == fresh.get(key):
            continue
        if key == "verdicts":
            old = {v["id"]: v for v in stored.get(key, [])}
            new = {v["id"]: v for v in fresh.get(key, [])}
            for probe_id in sorted(set(old) | set(new)):
                if old.get(probe_id) != new.get(probe_id):
                    found.append(f"verdict {probe_id}: stored {old.get(probe_id)} != probed {new.get(probe_id)}")
            continue
        diff = difflib.unified_diff(
            render({key: stored.get(key)}).splitlines(),
            render({key: fresh.get(key)}).splitlines(),
            "stored",
            "probed",
            lineterm="",
            n=1,
        )
        found.append(f"{key}:\n" + "\n".join(list(diff)[:40]))
    return found


def run_one(release: str, python: str | None, mode: str) -> int:
    data = probe(release, interpreter_for(release, python))
    path = release_path(release)
    if mode == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(data))
        print(f"{release}: wrote {path.relative_to(ROOT)} ({len(data['verdicts'])} verdicts)")
        return 0
    if mode == "check":
        if not path.is_file():
            print(f"{release}: {path.relative_to(ROOT)} does not exist", file=sys.stderr)
            return 1
        stored: dict[str, Any] = json.loads(path.read_text())
        found = differences(stored, data)
        if found or path.read_text() != render(data):
            print(f"{release}: {path.relative_to(ROOT)} differs from the probe:", file=sys.stderr)
            for line in found or ["(formatting only)"]:
                print(f"  {line}", file=sys.stderr)
            return 1
        print(f"{release}: {path.relative_to(ROOT)} is up to date")
        return 0
    sys.stdout.write(render(data))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--release", help="a flyte release, e.g. 2.5.20")
    which.add_argument("--all", action="store_true", help=f"every probed release: {', '.join(PROBED_RELEASES)}")
    parser.add_argument("--python", help="an interpreter with that flyte release (default: its cached venv)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="store the result in flyte_lint/spec/releases/")
    mode.add_argument("--check", action="store_true", help="exit 1 when the stored file differs from the probe")
    args = parser.parse_args(argv)
    if args.all and args.python:
        parser.error("--python goes with --release")
    chosen = "write" if args.write else "check" if args.check else "print"
    status = 0
    for release in PROBED_RELEASES if args.all else [args.release]:
        try:
            status |= run_one(release, args.python, chosen)
        except ProbeError as exc:
            print(f"{release}: {exc}", file=sys.stderr)
            status |= 2
    return status


if __name__ == "__main__":
    raise SystemExit(main())
