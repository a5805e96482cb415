"""The per-release data of ``flyte_lint/spec/releases/`` (written by ``tools/probe_release.py``).

* every committed file loads, names the release its file name claims, and has the expected sections;
* it is stored in the probe's own rendering (so a regenerated file shows only real changes);
* for 2.1.9 and 2.12.1 the stored file is what the release says today (``probe_release.py --check``): 2.12.1
  through this interpreter, 2.1.9 through its cached venv -- skipped when that venv does not exist yet (the
  test never builds one).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))

from sdk_venvs import LEGACY_VERSION, PRIMARY_VERSION, PROBED_RELEASES, existing_interpreter, flyte_version_of  # noqa: E402

RELEASES_DIR = ROOT / "flyte_lint" / "spec" / "releases"
PROBE = ROOT / "tools" / "probe_release.py"
FILES = sorted(RELEASES_DIR.glob("*.json"))
PHASES = {"construct", "decorate", "override", "deploy", "run"}
OUTCOMES = {"ok", "raises", "unavailable"}


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_every_probed_release_has_data() -> None:
    assert sorted(p.stem for p in FILES) == sorted(PROBED_RELEASES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_release_file_is_well_formed(path: Path) -> None:
    data = _load(path)
    assert data["release"] == path.stem
    assert {"signatures", "literals", "verdicts", "public_names"} <= set(data)
    assert "TaskEnvironment" in data["public_names"]
    env = data["signatures"]["flyte.TaskEnvironment"]
    assert env["parameters"][0]["name"] == "name"
    ids = [v["id"] for v in data["verdicts"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for verdict in data["verdicts"]:
        assert verdict["outcome"] in OUTCOMES, verdict
        assert verdict["phase"] in PHASES, verdict
        if verdict["outcome"] == "raises":
            assert verdict["error"] and isinstance(verdict["message"], str), verdict


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_release_file_is_in_the_probe_rendering(path: Path) -> None:
    from probe_release import render

    assert path.read_text(encoding="utf-8") == render(_load(path))


def _python_for(release: str) -> str:
    if release == PRIMARY_VERSION:
        if flyte_version_of(sys.executable) != PRIMARY_VERSION:
            pytest.skip(f"this interpreter does not have flyte {PRIMARY_VERSION}")
        return sys.executable
    python = existing_interpreter(release)
    if python is None:
        pytest.skip(f"no flyte {release} venv yet (python tests/sdk_venvs.py {release} makes one)")
    return python


@pytest.mark.parametrize("release", [LEGACY_VERSION, PRIMARY_VERSION])
def test_stored_data_matches_the_release(release: str) -> None:
    python = _python_for(release)
    proc = subprocess.run(
        [sys.executable, str(PROBE), "--release", release, "--python", python, "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
