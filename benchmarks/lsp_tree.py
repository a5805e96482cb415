"""The project the language-server latency benchmark edits: 1,000 modules in 20 packages (each an
``__init__.py``, an ``envs.py`` with two environments, 30 task modules importing them, with tasks calling
each other and overrides, and 18 ordinary helper modules; ``p00`` has 16 helpers and ``big.py``, a 1,000-line
task module: the file the benchmark edits). Every file is a pure function of its index, so the same tree
comes out every time."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGES = 20
TASK_MODULES = 30
HELPER_MODULES = 18
BIG_FILE = Path("proj/p00/big.py")
BIG_LINES = 1000


def _envs(package: int) -> str:
    return f"""import flyte

base_env = flyte.TaskEnvironment(name="base_{package}", resources=flyte.Resources(cpu=1, memory="1Gi"))
pool_env = flyte.TaskEnvironment(
    name="pool_{package}",
    reusable=flyte.ReusePolicy(replicas=2, concurrency=4),
    depends_on=[base_env],
)
"""


def _tasks(package: int, module: int) -> str:
    lines = ["import flyte", "", "from .envs import base_env, pool_env", ""]
    for task in range(4):
        lines += [
            "",
            f"@base_env.task(retries={task % 3})",
            f"async def work_{module}_{task}(x: int) -> int:",
            f"    return x + {task}",
            "",
            "",
            "@pool_env.task",
            f"async def pooled_{module}_{task}(x: int) -> int:",
            f"    y = await work_{module}_{task}.override(retries=2)(x=x)",
            "    return y * 2",
        ]
    return "\n".join(lines) + "\n"


def _helper(package: int, module: int) -> str:
    lines = ["import dataclasses", "import json", "", ""]
    for item in range(5):
        lines += [
            "@dataclasses.dataclass",
            f"class Record{item}:",
            "    name: str",
            "    size: int = 0",
            "",
            "    def dump(self) -> str:",
            "        return json.dumps(dataclasses.asdict(self))",
            "",
            "",
        ]
    return "\n".join(lines)


def big_module(edit: int = 0) -> str:
    """The edited file: tasks, overrides (some of them mistakes) and ordinary code up to ``BIG_LINES`` lines;
    ``edit`` changes one comment line, so each edit is new text (as typing makes it)."""
    lines = ["import flyte", "", "from .envs import base_env, pool_env", "", f"# edit {edit}", ""]
    task = 0
    while len(lines) < BIG_LINES - 12:
        lines += [
            "",
            f"@base_env.task(retries={task % 4})",
            f"async def big_{task}(x: int) -> int:",
            # every tenth task overrides the resources of a reusable task (FLY204) of an environment its own
            # does not depend on (FLY301): the file has findings to publish
            f"    total = await big_pooled_{task - 1}.override(resources=flyte.Resources(cpu=2))(x=x)"
            if task % 10 == 1
            else f"    total = sum(range(x + {task}))",
            "    return total",
            "",
            "",
            "@pool_env.task",
            f"async def big_pooled_{task}(x: int) -> int:",
            f"    return await big_{task}.override(retries=1)(x=x)",
        ]
        task += 1
    lines += [""] * (BIG_LINES - len(lines))
    return "\n".join(lines[:BIG_LINES]) + "\n"


def write_tree(root: Path) -> Path:
    """Write the project under ``root`` (made if missing); returns the edited file's path."""
    (root / "pyproject.toml").write_text('[project]\nname = "proj"\ndependencies = ["flyte==2.12.1"]\n')
    for package in range(PACKAGES):
        folder = root / "proj" / f"p{package:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text("")
        (folder / "envs.py").write_text(_envs(package))
        for module in range(TASK_MODULES):
            (folder / f"tasks_{module:02d}.py").write_text(_tasks(package, module))
        for module in range(HELPER_MODULES - (2 if package == 0 else 0)):  # p00: room for big.py, proj/__init__
            (folder / f"helpers_{module:02d}.py").write_text(_helper(package, module))
    (root / "proj" / "__init__.py").write_text("")
    big = root / BIG_FILE
    big.write_text(big_module())
    return big


if __name__ == "__main__":
    print(write_tree(Path(sys.argv[1])))
