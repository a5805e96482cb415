"""``[tool.flyte-lint]`` in pyproject.toml: which rules, which files, which SDK version.

As in ruff, each file is governed by the nearest pyproject.toml above it that has a ``[tool.flyte-lint]``
table; ``--config PATH`` uses one file for everything and ``--isolated`` ignores them all. Command-line flags
override the file.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import spec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

KNOWN_KEYS = frozenset(
    {"select", "ignore", "extend-select", "extend-ignore", "per-file-ignores", "exclude", "extend-exclude",
     "target-version", "src", "reuse-capable-plugin-configs"}
)  # fmt: skip


class ConfigError(Exception):
    """A configuration problem: the message names the file and the key."""


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] = ("FLY",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    target_version: str | None = None
    src: tuple[str, ...] = ()
    # Where the settings came from (the pyproject.toml), and the project root it defines.
    source: Path | None = None
    root: Path | None = None
    # The project's own pin of flyte (from pyproject dependencies), used when target_version is unset.
    flyte_pin: str | None = None
    # Where that pin is written ("pyproject.toml [project] dependencies", "requirements.txt"...).
    flyte_pin_source: str | None = None
    reuse_capable_plugin_configs: tuple[str, ...] = ()
    # Where ``target_version`` was given (the command line, or the pyproject.toml's table).
    target_version_source: str | None = None

    def enabled(self, code: str, path: Path | None = None) -> bool:
        """Whether ``code`` is reported (longest matching prefix between select and ignore wins, as in ruff)."""
        selected = _longest_prefix(code, (*self.select, *self.extend_select))
        ignored = _longest_prefix(code, self.ignore)
        if selected < 0 or ignored >= selected:
            return False
        if path is not None and self.per_file_ignores:
            relative = _relative(path, self.root)
            for pattern, codes in self.per_file_ignores:
                if _path_matches(relative, pattern) and any(code.startswith(c) for c in codes):
                    return False
        return True

    def per_file_ignored(self, path: Path) -> tuple[str, ...]:
        """The codes ``per-file-ignores`` leaves out in ``path`` (its patterns that match it)."""
        relative = _relative(path, self.root)
        return tuple(c for pattern, codes in self.per_file_ignores if _path_matches(relative, pattern) for c in codes)

    def target(self, file_pin: str | None = None) -> spec.Target:
        """The release(s) a file is checked against; ``file_pin`` is its PEP 723 header's flyte requirement."""
        return self.target_and_origin(file_pin)[0]

    def target_and_origin(self, file_pin: str | None = None) -> tuple[spec.Target, str]:
        """The target and where it came from: target-version (command line or config), the file's PEP 723
        header, the project's pin (pyproject.toml or requirements*.txt), else the newest probed release."""
        if self.target_version:
            where = self.target_version_source or (f"{self.source} [tool.flyte-lint]" if self.source else "settings")
            return spec.parse_target(self.target_version), f"target-version {self.target_version!r} ({where})"
        places: tuple[tuple[str | None, str | None], ...] = (
            (file_pin, "the file's PEP 723 script header"),
            (self.flyte_pin, self.flyte_pin_source),
        )
        for pin, place in places:
            if pin:
                target = spec.target_from_pin(pin)
                if target is not None:
                    return target, f"{pin!r} in {place or 'the project'}"
        return spec.DEFAULT_TARGET, "no pin found: the newest probed release"


@dataclass
class Overrides:
    """Command-line settings, which win over the file's."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    target_version: str | None = None
    exclude: tuple[str, ...] | None = None
    config: Path | None = None
    isolated: bool = False
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] | None = None

    def apply(self, settings: Settings) -> Settings:
        changes: dict[str, Any] = {}
        if self.select is not None:
            # As in ruff, a --select on the command line starts a new selection: the file's select,
            # extend-select and ignore no longer apply (`--select F401` reports F401 even if the file ignores it).
            changes["select"] = self.select
            changes["extend_select"] = ()
            changes["ignore"] = ()
        if self.ignore is not None:
            changes["ignore"] = (*changes.get("ignore", settings.ignore), *self.ignore)
        if self.extend_select is not None:
            changes["extend_select"] = (*settings.extend_select, *self.extend_select)
        if self.target_version is not None:
            changes["target_version"] = self.target_version
            changes["target_version_source"] = "command line"
        if self.exclude is not None:
            changes["exclude"] = (*settings.exclude, *self.exclude)
        if self.per_file_ignores is not None:
            changes["per_file_ignores"] = (*settings.per_file_ignores, *self.per_file_ignores)
        return replace(settings, **changes)


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    best = -1
    for prefix in prefixes:
        prefix = prefix.upper()
        if prefix == "ALL":
            best = max(best, 0)
        elif code.startswith(prefix):
            best = max(best, len(prefix))
    return best


def _relative(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() if root else path.as_posix()
    except ValueError:
        return path.as_posix()


def _path_matches(relative: str, pattern: str) -> bool:
    pattern = pattern.rstrip("/")
    name = relative.rsplit("/", 1)[-1]
    return (
        fnmatch.fnmatch(relative, pattern)
        or fnmatch.fnmatch(name, pattern)
        or relative.startswith(pattern + "/")
        or fnmatch.fnmatch(relative, pattern + "/*")
    )


def is_excluded(path: Path | str, settings: Settings) -> bool:
    if not settings.exclude:
        return False
    relative = _relative(Path(path), settings.root)
    return any(_path_matches(relative, pattern) for pattern in settings.exclude)


def _codes(value: object, key: str, source: Path, known: frozenset[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: [tool.flyte-lint] {key}: expected a list of rule codes")
    for code in value:
        check_code(code, known, f"{source}: [tool.flyte-lint] {key}")
    return tuple(v.upper() for v in value)


def check_code(code: str, known: frozenset[str], where: str) -> None:
    upper = code.upper()
    if upper == "ALL":
        return
    if not any(k.startswith(upper) for k in known):
        raise ConfigError(f"{where}: unknown rule code or prefix {code!r}")


def load_pyproject(path: Path, known: frozenset[str], *, require_table: bool = True) -> Settings | None:
    """Settings from one pyproject.toml; None when it has no ``[tool.flyte-lint]`` (and one is required)."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None
    pin, pin_source = _flyte_pin(data, path.parent)
    if pin_source is not None:  # spelled with the file's path
        inside = pin_source.startswith("pyproject.toml")
        pin_source = f"{path}{pin_source[len('pyproject.toml') :]}" if inside else str(path.parent / pin_source)
    table = data.get("tool", {}).get("flyte-lint") if isinstance(data.get("tool"), dict) else None
    if table is None:
        if require_table:
            return None
        table = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.flyte-lint] must be a table")
    for key in table:
        if key not in KNOWN_KEYS:
            raise ConfigError(f"{path}: [tool.flyte-lint] unknown key {key!r}")
    settings = Settings(source=path, root=path.parent, flyte_pin=pin, flyte_pin_source=pin_source)
    changes: dict[str, Any] = {}
    if "select" in table:
        changes["select"] = _codes(table["select"], "select", path, known)
    if "ignore" in table or "extend-ignore" in table:
        changes["ignore"] = _codes(table.get("ignore", []), "ignore", path, known) + _codes(
            table.get("extend-ignore", []), "extend-ignore", path, known
        )
    if "extend-select" in table:
        changes["extend_select"] = _codes(table["extend-select"], "extend-select", path, known)
    if "per-file-ignores" in table:
        pfi = table["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{path}: [tool.flyte-lint] per-file-ignores: expected a table of pattern = [codes]")
        changes["per_file_ignores"] = tuple(
            (pattern, _codes(codes, f"per-file-ignores.{pattern!r}", path, known)) for pattern, codes in pfi.items()
        )
    for key, attr in (("exclude", "exclude"), ("extend-exclude", "exclude"), ("src", "src")):
        if key in table:
            value = table[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: [tool.flyte-lint] {key}: expected a list of strings")
            changes[attr] = (*changes.get(attr, ()), *value)
    if "reuse-capable-plugin-configs" in table:
        value = table["reuse-capable-plugin-configs"]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: [tool.flyte-lint] reuse-capable-plugin-configs: expected a list of strings")
        changes["reuse_capable_plugin_configs"] = tuple(value)
    if "target-version" in table:
        value = table["target-version"]
        if not isinstance(value, str):
            raise ConfigError(f'{path}: [tool.flyte-lint] target-version: expected a version string such as "2.12"')
        try:
            spec.parse_target(value)
        except spec.VersionError as error:
            raise ConfigError(f"{path}: [tool.flyte-lint] target-version: {error}") from None
        changes["target_version"] = value
        changes["target_version_source"] = f"{path} [tool.flyte-lint]"
    return replace(settings, **changes)


def _flyte_pin(data: dict[str, Any], folder: Path | None = None) -> tuple[str | None, str | None]:
    """The project's flyte requirement and where it is written: PEP 621 dependencies (then optional
    dependencies), Poetry (main, then groups), PEP 735 dependency groups, uv and PDM dev dependencies, then
    ``requirements*.txt`` next to the pyproject.toml. The first one that names a version wins."""
    for requirement, where in _requirements(data, folder):
        if spec.target_from_pin(requirement) is not None:
            return requirement, where
    return None, None


def _requirements(data: dict[str, Any], folder: Path | None) -> Iterator[tuple[str, str]]:
    """(requirement, where it is written), in the order of ``_flyte_pin``."""

    def strings(value: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, list):
            yield from ((item, where) for item in value if isinstance(item, str))

    def tables(value: object) -> Iterator[object]:
        if isinstance(value, dict):
            yield from value.values()

    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    assert isinstance(project, dict)
    yield from strings(project.get("dependencies"), "pyproject.toml [project] dependencies")
    for group in tables(project.get("optional-dependencies")):
        yield from strings(group, "pyproject.toml [project.optional-dependencies]")
    tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
    assert isinstance(tool, dict)
    poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else {}
    assert isinstance(poetry, dict)
    poetry_tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    poetry_tables += [g.get("dependencies") for g in tables(poetry.get("group")) if isinstance(g, dict)]
    for table in poetry_tables:
        if isinstance(table, dict):
            version = table.get("flyte")
            if isinstance(version, dict):
                version = version.get("version")
            if isinstance(version, str):
                yield _poetry_requirement(version), "pyproject.toml [tool.poetry]"
    for group in tables(data.get("dependency-groups")):
        yield from strings(group, "pyproject.toml [dependency-groups]")
    uv = tool.get("uv") if isinstance(tool.get("uv"), dict) else {}
    assert isinstance(uv, dict)
    yield from strings(uv.get("dev-dependencies"), "pyproject.toml [tool.uv] dev-dependencies")
    pdm = tool.get("pdm") if isinstance(tool.get("pdm"), dict) else {}
    assert isinstance(pdm, dict)
    for group in tables(pdm.get("dev-dependencies")):
        yield from strings(group, "pyproject.toml [tool.pdm.dev-dependencies]")
    if folder is not None:
        files = sorted(folder.glob("requirements*.txt"), key=lambda f: (f.name != "requirements.txt", f.name))
        for file in files:
            try:
                lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            yield from ((line.split("#", 1)[0].strip(), file.name) for line in lines)


def _poetry_requirement(version: str) -> str:
    """Poetry's version syntax as a requirement: ``2.5.3`` and ``^2.5`` / ``~2.5`` as pip would read them."""
    version = version.strip()
    if version.startswith("^") or (version.startswith("~") and not version.startswith("~=")):
        numbers = version.lstrip("^~").strip()
        parts = numbers.split(".")
        if version.startswith("^"):
            upper = f"{int(parts[0]) + 1}" if parts[0] != "0" else f"0.{int(parts[1]) + 1}"
        else:
            upper = f"{parts[0]}.{int(parts[1]) + 1}" if len(parts) > 1 else f"{int(parts[0]) + 1}"
        return f"flyte>={numbers},<{upper}"
    return f"flyte{version if version[:1] in '=<>~!' else '==' + version}"


@dataclass
class SettingsResolver:
    """Finds the settings that govern each file, caching per directory."""

    known: frozenset[str]
    overrides: Overrides = field(default_factory=Overrides)
    _by_dir: dict[Path, Settings] = field(default_factory=dict)
    _by_spelling: dict[str, Settings] = field(default_factory=dict)
    # Folders as the run spells them (relative to the working directory, which a run does not change).
    _by_given: dict[str, Settings] = field(default_factory=dict)
    _fixed: Settings | None = None

    def __post_init__(self) -> None:
        if self.overrides.config is not None:
            config = self.overrides.config
            if not config.is_file():
                raise ConfigError(f"{config}: config file not found")
            loaded = load_pyproject(config, self.known, require_table=False)
            assert loaded is not None
            self._fixed = self.overrides.apply(loaded)
        elif self.overrides.isolated:
            self._fixed = self.overrides.apply(Settings(root=Path.cwd()))
        for code in (
            *(self.overrides.select or ()),
            *(self.overrides.ignore or ()),
            *(self.overrides.extend_select or ()),
        ):
            check_code(code, self.known, "command line")
        if self.overrides.target_version is not None:
            try:
                spec.parse_target(self.overrides.target_version)
            except spec.VersionError as error:
                raise ConfigError(f"command line: --target-version: {error}") from None

    def for_file(self, path: Path | str) -> Settings:
        """Settings of a file known to be one (no ``is_dir`` check). Looked up by the folder as spelled in
        the run, so the files of a folder cost a dictionary lookup each."""
        return self.for_directory(os.path.dirname(path) or ".")

    def for_directory(self, spelled: str) -> Settings:
        if self._fixed is not None:
            return self._fixed
        found = self._by_given.get(spelled)
        if found is None:
            found = self._by_given[spelled] = self.for_path(Path(spelled))
        return found

    def for_path(self, path: Path) -> Settings:
        if self._fixed is not None:
            return self._fixed
        # Files of one directory share settings: look the directory up by its spelling first, and only
        # resolve (symlinks, ``..``) the first time a directory is seen.
        spelled = os.path.dirname(os.path.abspath(path)) if not path.is_dir() else os.path.abspath(path)
        found = self._by_spelling.get(spelled)
        if found is None:
            found = self._for_dir(Path(spelled).resolve())
            self._by_spelling[spelled] = found
        return found

    def _for_dir(self, directory: Path) -> Settings:
        cached = self._by_dir.get(directory)
        if cached is not None:
            return cached
        candidate = directory / "pyproject.toml"
        settings: Settings | None = None
        if candidate.is_file():
            settings = load_pyproject(candidate, self.known)
            if settings is None:
                # A pyproject without our table still pins flyte and marks a project root.
                base = load_pyproject(candidate, self.known, require_table=False)
                parent = self._parent_settings(directory)
                if parent.source is not None:
                    own = base if base is not None and base.flyte_pin else None
                    settings = replace(
                        parent,
                        flyte_pin=own.flyte_pin if own else parent.flyte_pin,
                        flyte_pin_source=own.flyte_pin_source if own else parent.flyte_pin_source,
                    )
                else:
                    settings = replace(
                        parent,
                        root=directory,
                        flyte_pin=base.flyte_pin if base else None,
                        flyte_pin_source=base.flyte_pin_source if base else None,
                    )
        if settings is None:
            settings = self._parent_settings(directory)
        settings = self.overrides.apply(settings)
        self._by_dir[directory] = settings
        return settings

    def _parent_settings(self, directory: Path) -> Settings:
        parent = directory.parent
        if parent == directory:
            return Settings(root=None)
        found = self._for_dir(parent)
        return found
