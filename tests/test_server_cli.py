"""``flyte-lint server`` on the command line, without a client: a clear line when pygls is missing."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)


def test_server_without_pygls_says_what_to_install_in_one_line_and_exits_2() -> None:
    # A None entry in sys.modules makes ``import pygls`` fail as if it were not installed.
    done = _run("import sys; sys.modules['pygls'] = None; from flyte_lint.cli import main; sys.exit(main(['server']))")
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "pip install 'flyte-lint[server]'" in done.stderr


def test_server_rejects_arguments_it_does_not_know() -> None:
    done = _run("import sys; from flyte_lint.cli import main; sys.exit(main(['server', '--port', '1']))")
    assert done.returncode == 2
    assert "unexpected arguments" in done.stderr
