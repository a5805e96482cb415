import os
import sys

# ``python -m flyte_lint`` puts the current directory first on sys.path, so a user's module that shares a
# name with a library module (``ast.py``, ``typing.py``...) would be imported, and run, instead. The linter
# never runs user code: take the directory off the path before anything else is imported.
_cwd = os.getcwd()
sys.path[:] = [p for p in sys.path if p not in ("", ".", _cwd)]

from flyte_lint.cli import main  # noqa: E402

raise SystemExit(main())
