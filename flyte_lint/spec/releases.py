"""The probed flyte releases and what each one says about itself (``releases/<release>.json``).

The files are written by ``tools/probe_release.py`` from each release's installed SDK: signatures read with
``inspect``, the SDK's literal sets, and the verdicts of behaviour probes. The spec reads them; nothing here
is typed by hand.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Final

_FOLDER: Final = "releases"


@cache
def release_key(release: str) -> tuple[int, ...]:
    """``"2.5.20"`` -> ``(2, 5, 20)``: releases compare by their numbers."""
    return tuple(int(part) for part in release.split("."))


@cache
def probed() -> tuple[str, ...]:
    """Every probed release, oldest first."""
    folder = resources.files(__package__).joinpath(_FOLDER)
    names = [entry.name[: -len(".json")] for entry in folder.iterdir() if entry.name.endswith(".json")]
    return tuple(sorted(names, key=release_key))


@cache
def data(release: str) -> dict[str, Any]:
    text = resources.files(__package__).joinpath(_FOLDER, f"{release}.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _parameter_records(release: str, callable_name: str) -> list[dict[str, Any]]:
    """The recorded parameters of ``callable_name`` (``self`` left out); [] when the release has no such callable."""
    entry = data(release)["signatures"].get(callable_name)
    if not entry or "parameters" not in entry:
        return []
    return [p for p in entry["parameters"] if p["name"] != "self"]


@cache
def parameters(release: str, callable_name: str) -> tuple[str, ...]:
    """The keyword-accepting parameter names of ``callable_name`` in ``release`` (``*args`` / ``**kwargs`` left
    out), in their order; () when the release has no such callable."""
    records = _parameter_records(release, callable_name)
    return tuple(p["name"] for p in records if p["kind"] in ("positional_or_keyword", "keyword_only"))


@cache
def positional_parameters(release: str, callable_name: str) -> tuple[str, ...]:
    """The parameters of ``callable_name`` that may be given by position, in order."""
    records = _parameter_records(release, callable_name)
    return tuple(p["name"] for p in records if p["kind"] in ("positional_only", "positional_or_keyword"))


@cache
def required_parameters(release: str, callable_name: str) -> tuple[str, ...]:
    """The parameters of ``callable_name`` without a default (a call without them is a TypeError)."""
    records = _parameter_records(release, callable_name)
    keyword_kinds = ("positional_or_keyword", "keyword_only")
    return tuple(p["name"] for p in records if not p["has_default"] and p["kind"] in keyword_kinds)


def literal(release: str, name: str) -> Any:
    """One of the SDK's literal sets (``flyte._resources.GPUType``...), or None when the release has none."""
    return data(release)["literals"].get(name)


def public_names(release: str, module: str) -> frozenset[str] | None:
    """What ``from <module> import <name>`` finds in ``release`` for ``flyte`` and its public submodules (their
    names and their own submodules); None when the probe could not tell (the submodule did not import)."""
    recorded = data(release)
    if module == "flyte":
        return frozenset(recorded["public_names"]) | frozenset(recorded.get("submodules", ()))
    names = recorded.get("module_names", {}).get(module)
    return frozenset(names) if names is not None else None


def probed_modules(release: str) -> tuple[str, ...]:
    """The submodules of flyte whose names the probe of ``release`` recorded."""
    return tuple(sorted(data(release).get("module_names", {})))
