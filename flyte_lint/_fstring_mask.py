"""Child process for LibCST work: extract's PEP 701 fallback (reads source on stdin, prints the masked source
as JSON) and the fixer's re-parse (``--check``).

Kept apart so that a crash of LibCST's native parser (deeply nested input) ends this process only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def child_command(*args: str) -> tuple[list[str], str]:
    """The command line and working directory that run this module in a child process without putting the
    user's working directory on sys.path (a user's ``ast.py`` must never be imported, let alone run)."""
    flags = ["-P"] if sys.version_info >= (3, 11) else []
    package_parent = str(Path(__file__).resolve().parent.parent)
    return [sys.executable, *flags, "-m", "flyte_lint._fstring_mask", *args], package_parent


def run_child(source: str, *args: str, timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run this module on ``source`` in a child process (raises OSError or SubprocessError as subprocess does)."""
    command, cwd = child_command(*args)
    encoded = source.encode("utf-8", "surrogatepass")
    return subprocess.run(command, cwd=cwd, input=encoded, capture_output=True, timeout=timeout, check=False)


def main() -> int:
    from .fstring_fallback import mask_in_process

    source = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    if sys.argv[1:] == ["--check"]:
        # Used by the fixer: does LibCST accept this text? (exit 0 / 1 with the reason on stderr)
        import libcst

        try:
            libcst.parse_module(source)
        except Exception as error:
            sys.stderr.write(f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}\n")
            return 1
        return 0
    try:
        result = mask_in_process(source)
    except Exception:  # any failure means: not readable with the newer grammar either
        return 1
    if result is None:
        return 1
    masked_source, masked = result
    sys.stdout.write(json.dumps({"source": masked_source, "masked": sorted(masked)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
