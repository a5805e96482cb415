"""What ``flyte-lint --show-settings PATH`` and ``--show-files`` print: the settings that govern one file (with
the target release and where it came from), and the files a run would check. The command line only prints
these; the resolution is ``config.py``'s and the discovery the engine's."""

from __future__ import annotations

from pathlib import Path

from . import spec
from .config import Overrides, Settings, SettingsResolver, is_excluded
from .pep723 import scan_pep723_pin
from .rules import known_codes


def _file_pin(path: Path) -> str | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return scan_pep723_pin(data.decode("utf-8", "replace"))


def _codes(codes: tuple[str, ...]) -> str:
    return "[" + ", ".join(f'"{c}"' for c in codes) + "]"


def describe_settings(path: Path, overrides: Overrides) -> str:
    """The resolved settings of ``path`` as text (raises ConfigError for a broken configuration)."""
    resolver = SettingsResolver(known_codes(), overrides)
    settings: Settings = resolver.for_path(path)
    lines = [f"Resolved settings for: {path}"]
    lines.append(f"config file      = {settings.source if settings.source else '(none: defaults)'}")
    lines.append(f"project root     = {settings.root if settings.root else '(none)'}")
    lines.append(f"select           = {_codes(settings.select)}")
    lines.append(f"extend-select    = {_codes(settings.extend_select)}")
    lines.append(f"ignore           = {_codes(settings.ignore)}")
    if settings.per_file_ignores:
        lines.append("per-file-ignores =")
        for pattern, codes in settings.per_file_ignores:
            lines.append(f"    {pattern!r} = {_codes(codes)}")
    else:
        lines.append("per-file-ignores = {}")
    lines.append(f"exclude          = {_codes(settings.exclude)}")
    lines.append(f"src              = {_codes(settings.src)}")
    ignored_here = settings.per_file_ignores and settings.per_file_ignored(path)
    if ignored_here:
        lines.append(f"  in this file   = {_codes(ignored_here)}")
    every = sorted(known_codes())
    off = [code for code in every if not settings.enabled(code, path)]
    left_out = f" (not: {', '.join(off)})" if off else ""
    lines.append(f"rules checked    = {len(every) - len(off)} of {len(every)}{left_out}")
    lines.append(f"excluded         = {'yes' if is_excluded(path, settings) else 'no'}")
    try:
        target, origin = settings.target_and_origin(_file_pin(path))
    except spec.VersionError as error:
        lines.append(f"target-version   = (invalid: {error})")
        return "\n".join(lines) + "\n"
    lines.append(f"target-version   = {target.release}")
    lines.append(f"  from           = {origin}")
    releases = ", ".join(target.profiles)
    if len(target.profiles) > 1:
        lines.append(f"  a range: checked against each probed release it admits: {releases}")
    elif target.beyond:
        lines.append(f"  newer than the newest probed release: checked as {releases}")
    elif not target.exact:
        lines.append(f"  not a probed release: checked as {releases}")
    else:
        lines.append(f"  checked as     = {releases}")
    return "\n".join(lines) + "\n"
