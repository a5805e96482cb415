"""changes.toml against the probed data: each change starts exactly where its probes first change."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from flyte_lint import spec
from flyte_lint.spec import releases

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CHANGES: dict[str, Any] = tomllib.loads((Path(spec.__file__).parent / "changes.toml").read_text(encoding="utf-8"))[
    "change"
]


def _verdict(release: str, probe: str) -> tuple[object, ...]:
    for verdict in releases.data(release)["verdicts"]:
        if verdict["id"] == probe:
            return (
                verdict["outcome"], verdict.get("phase"), verdict.get("error"), verdict.get("observed"),
                verdict.get("message"),
            )  # fmt: skip
    raise AssertionError(f"no probe {probe!r} in the data of {release}")


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_change_starts_where_its_probes_change(change: str) -> None:
    entry = CHANGES[change]
    assert entry["since"] in spec.PROFILES, f"{change}: since {entry['since']} is not a probed release"
    position = spec.PROFILES.index(entry["since"])
    assert position > 0, f"{change}: the oldest probed release cannot start a change"
    before, at = spec.PROFILES[position - 1], entry["since"]
    for probe in entry["probes"]:
        assert _verdict(before, probe) != _verdict(at, probe), f"{change}: {probe} does not change at {at}"
        for later in spec.PROFILES[position:]:
            assert _verdict(later, probe)[:3] == _verdict(at, probe)[:3], f"{change}: {probe} changes again at {later}"


def test_since_compares_releases_by_number() -> None:
    assert spec.since("2.10.7", "values-checked-at-build")
    assert not spec.since("2.8.1", "values-checked-at-build")
    assert spec.since("2.12.1", "shared-gpus") and not spec.since("2.11.4", "shared-gpus")


def test_every_change_is_asked_for_somewhere() -> None:
    root = Path(spec.__file__).parent.parent
    text = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    # Changes the spec reads from each release's data (signatures, literal sets) need no question.
    unused = [c for c, entry in CHANGES.items() if f'"{c}"' not in text and "read_from" not in entry]
    assert not unused, f"changes nobody asks about: {unused}"
