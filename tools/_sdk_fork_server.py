"""A judge server for tools/sdk_fuzz.py ``--sdk-mode fork``; runs under an SDK release's interpreter.

``python -I -B tools/_sdk_fork_server.py`` imports ``tests/_sdk_runner.py`` and ``flyte`` once (with the
network blocked first, as the runner does), then for every request line ``[PROJECT_DIR, TIMEOUT]`` (or
``[MODULE_FILE, TIMEOUT, "module"]``) on stdin forks a child that does what ``tests/sdk_oracle.judge_project``
(or ``judge``) makes a fresh interpreter do: in a new temporary directory as cwd and HOME, with ``sys.argv`` as
the runner's, ``_sdk_runner.main([..., "--project", PROJECT_DIR, OUT])`` (or ``[..., MODULE_FILE, OUT]``).
The child starts from the server's state right after ``import flyte``: no program's modules, environments or
SDK state reach another program. The answer is one JSON line on stdout:
``{"data": <the runner's verdict>}`` or ``{"error": "..."}``.

It is standalone (stdlib only) because it runs under the SDK's interpreter, not the tool's.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent.parent / "tests"
RUNNER = TESTS / "_sdk_runner.py"


def _child(runner: Any, root: str, tmp: Path, module: bool) -> None:  # pragma: no cover - runs in the forked child
    out = tmp / "verdict.json"
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.environ.update(HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / ".config"), XDG_CACHE_HOME=str(tmp / ".cache"))
    os.chdir(tmp)
    argv = [str(RUNNER), root, str(out)] if module else [str(RUNNER), "--project", root, str(out)]
    sys.argv = list(argv)
    code = 1
    try:
        code = int(runner.main(argv))
    finally:
        os._exit(code)


def _judge(runner: Any, root: str, timeout: float, module: bool = False) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="flyte-lint-oracle-"))
    try:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            _child(runner, root, tmp, module)
        deadline = time.monotonic() + timeout
        status = None
        while status is None:
            done, raw = os.waitpid(pid, os.WNOHANG)
            if done:
                status = raw
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return {"error": f"SDK runner timed out after {timeout}s on {root}"}
            time.sleep(0.005)
        out = tmp / "verdict.json"
        if os.waitstatus_to_exitcode(status) != 0 or not out.is_file():
            return {"error": f"SDK runner failed on {root} (exit {os.waitstatus_to_exitcode(status)})"}
        return {"data": json.loads(out.read_text())}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    sys.path[0] = str(TESTS)
    import _sdk_runner as runner

    runner._block_network()
    import flyte  # noqa: F401  (imported once; every child inherits it)

    while True:
        line = sys.stdin.readline()
        if not line:
            return 0
        if not line.strip():
            continue
        request = json.loads(line)
        root, timeout = request[0], request[1]
        module = len(request) > 2 and request[2] == "module"
        try:
            answer = _judge(runner, str(root), float(timeout), module)
        except Exception as exc:
            answer = {"error": f"fork server: {exc!r}"}
        sys.stdout.write(json.dumps(answer, default=str) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
