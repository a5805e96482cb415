"""Interpreters with a given ``flyte`` SDK version, for the differential tests.

* 2.12.1 is the test environment itself (``sys.executable``; the test extra pins ``flyte==2.12.1``).
* 2.1.9 lives in a private virtualenv made once and reused:
  ``$FLYTE_LINT_SDK_CACHE`` (default ``~/.cache/flyte-lint-tests``) ``/flyte-2.1.9/``. It is created with
  ``python -m venv`` + ``pip install flyte==2.1.9`` under an exclusive lock file, so parallel test runs
  (pytest-xdist workers, two terminals) wait for one another instead of racing. A finished venv carries a
  ``.complete`` marker; a half-made one is removed and rebuilt.
* ``FLYTE_LINT_SDK219_PYTHON`` points at an existing interpreter instead (no install).
* ``FLYTE_LINT_NO_SDK_INSTALL=1`` forbids the install (tests needing 2.1.9 are skipped).
* Any other release (the probed ones are :data:`PROBED_RELEASES`, used by ``tools/probe_release.py``)
  gets the same kind of venv, ``flyte-<version>/``, made the same way on first use.
  ``sdk_interpreter(PRIMARY_VERSION, own_venv=True)`` gives 2.12.1 its own venv too; by default 2.12.1
  stays ``sys.executable``, which the test suite relies on.

When the venv cannot be made (no package index, no ``venv`` module), :func:`sdk_python` returns ``None``
together with the reason, and the tests skip with that reason.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PRIMARY_VERSION = "2.12.1"
LEGACY_VERSION = "2.1.9"
SUPPORTED_VERSIONS: tuple[str, ...] = (PRIMARY_VERSION, LEGACY_VERSION)
#: Every release probed by ``tools/probe_release.py`` (the newest patch of each minor line), oldest first.
PROBED_RELEASES: tuple[str, ...] = (
    "2.0.12",
    "2.1.9",
    "2.2.4",
    "2.3.9",
    "2.4.4",
    "2.5.20",
    "2.6.13",
    "2.7.2",
    "2.8.1",
    "2.9.0",
    "2.10.7",
    "2.11.4",
    "2.12.1",
)
_VERSION_SHAPE = re.compile(r"^\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?$")

_OVERRIDE_ENV = {LEGACY_VERSION: "FLYTE_LINT_SDK219_PYTHON"}
_INSTALL_TIMEOUT_S = 900.0
_LOCK_WAIT_S = 1200.0


@dataclass(frozen=True)
class SdkInterpreter:
    version: str
    python: str | None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.python is not None


def cache_root() -> Path:
    configured = os.environ.get("FLYTE_LINT_SDK_CACHE")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "flyte-lint-tests"


def _venv_python(venv: Path) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


@contextmanager
def _exclusive_lock(lock_path: Path, wait_s: float) -> Iterator[None]:
    """A cross-process lock: ``O_EXCL`` creation of a lock file holding the owner's pid.

    A lock left behind by a dead process (pid no longer alive) is taken over.
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_s
    while True:
        try:
            fd = os.open(lock_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            if _lock_is_stale(lock_path):
                try:
                    lock_path.unlink()
                except FileNotFoundError:
                    pass
                continue
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {lock_path}") from None
            time.sleep(0.5)
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(str(os.getpid()))
        break
    try:
        yield
    finally:
        try:
            lock_path.unlink()
        except FileNotFoundError:
            pass


def _lock_is_stale(lock_path: Path) -> bool:
    try:
        pid = int(lock_path.read_text().strip() or "0")
    except (OSError, ValueError):
        # Being written right now, or garbage: treat as stale only when old.
        try:
            return time.time() - lock_path.stat().st_mtime > 60
        except OSError:
            return False
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _run(cmd: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)


def _build_venv(version: str, venv: Path) -> str:
    """Create ``venv`` with ``flyte==version``; returns "" on success, else the reason it failed."""
    if venv.exists():
        shutil.rmtree(venv)
    made = _run([sys.executable, "-m", "venv", str(venv)], 300)
    if made.returncode != 0:
        return f"python -m venv failed: {made.stderr.strip()[-500:]}"
    python = str(_venv_python(venv))
    pip = [python, "-m", "pip", "install", "--disable-pip-version-check", "--quiet", f"flyte=={version}"]
    try:
        installed = _run(pip, _INSTALL_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return f"pip install flyte=={version} timed out"
    if installed.returncode != 0:
        return f"pip install flyte=={version} failed (no package index?): {installed.stderr.strip()[-500:]}"
    return ""


def _ensure_venv(version: str) -> SdkInterpreter:
    venv = cache_root() / f"flyte-{version}"
    marker = venv / ".complete"
    python = _venv_python(venv)
    if marker.is_file() and python.exists():
        return SdkInterpreter(version, str(python))
    if os.environ.get("FLYTE_LINT_NO_SDK_INSTALL"):
        return SdkInterpreter(version, None, f"no flyte {version} venv and FLYTE_LINT_NO_SDK_INSTALL is set")
    try:
        with _exclusive_lock(cache_root() / f"flyte-{version}.lock", _LOCK_WAIT_S):
            if marker.is_file() and python.exists():  # made by another process while we waited
                return SdkInterpreter(version, str(python))
            failure = _build_venv(version, venv)
            if failure:
                shutil.rmtree(venv, ignore_errors=True)
                return SdkInterpreter(version, None, failure)
            marker.write_text(version)
    except (OSError, TimeoutError, subprocess.SubprocessError) as exc:
        return SdkInterpreter(version, None, f"could not create the flyte {version} venv: {exc}")
    return SdkInterpreter(version, str(python))


@cache
def sdk_interpreter(version: str, *, own_venv: bool = False) -> SdkInterpreter:
    """An interpreter whose ``flyte`` is exactly ``version`` (checked), or why there is none.

    ``PRIMARY_VERSION`` is ``sys.executable`` unless ``own_venv`` asks for a cached venv like the others.
    """
    if not _VERSION_SHAPE.match(version):
        raise ValueError(f"not a flyte release number: {version!r}; probed: {PROBED_RELEASES}")
    override_var = _OVERRIDE_ENV.get(version)
    if version == PRIMARY_VERSION and not own_venv:
        candidate = SdkInterpreter(version, sys.executable)
    elif override_var and os.environ.get(override_var):
        candidate = SdkInterpreter(version, os.environ[override_var])
    else:
        candidate = _ensure_venv(version)
    if candidate.python is None:
        return candidate
    found = flyte_version_of(candidate.python)
    if found != version:
        return SdkInterpreter(
            version,
            None,
            f"{candidate.python} has flyte {found or 'not installed'}, expected {version}",
        )
    return candidate


def existing_interpreter(version: str) -> str | None:
    """The cached venv's interpreter for ``version`` when it is already complete; never builds one."""
    venv = cache_root() / f"flyte-{version}"
    python = _venv_python(venv)
    if (venv / ".complete").is_file() and python.exists():
        return str(python)
    return None


def flyte_version_of(python: str, *, timeout: float = 120.0) -> str | None:
    """The ``flyte`` version importable by ``python`` (isolated mode), or None."""
    try:
        proc = subprocess.run(
            [python, "-I", "-B", "-c", "import flyte; print(flyte.__version__)"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = proc.stdout.strip().splitlines()
    return lines[-1].strip() if proc.returncode == 0 and lines else None


def sdk_python(version: str) -> str | None:
    return sdk_interpreter(version).python


def main(argv: list[str]) -> int:
    """``python tests/sdk_venvs.py [VERSION ...]``: make (sequentially) the venvs of the given releases,
    default every probed release (2.12.1 included, in its own venv)."""
    failed = 0
    for version in argv or list(PROBED_RELEASES):
        found = sdk_interpreter(version, own_venv=True)
        print(f"{version}: {found.python or 'FAILED: ' + found.reason}", flush=True)
        failed += found.python is None
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
