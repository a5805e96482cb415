"""Which files a single file's project is: one answer for every front end that is handed files rather than a
tree (the command line given files, flake8, pre-commit, the language server)."""

from __future__ import annotations

from pathlib import Path


def project_root(path: Path) -> Path | None:
    """The folder whose files form ``path``'s project: the nearest folder with a pyproject.toml, else the
    nearest one with a ``.git``; None when there is neither (a loose script in, say, the home directory)."""
    from .config import SettingsResolver
    from .rules import known_codes

    try:
        settings = SettingsResolver(known_codes()).for_path(path)
    except Exception:  # a broken config is reported by the engine run itself
        settings = None
    if settings is not None and settings.root is not None:
        return Path(settings.root)
    for folder in path.absolute().parents:
        if (folder / ".git").exists():
            return folder
    return None


def project_scope(path: Path) -> list[Path]:
    """What to index for ``path``: its project folder, or, for a loose script, the scripts next to it (which
    it can import by name) without walking whatever lies below that folder."""
    root = project_root(path)
    if root is not None:
        return [root]
    siblings = sorted(p for p in path.parent.glob("*.py") if p.name != path.name)
    return [path, *(path.parent / p.name for p in siblings)]
