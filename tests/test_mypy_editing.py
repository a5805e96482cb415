"""The plugin in the editor loop: environments in one module, tasks in another, and edits of either.

Real mypy and the real daemon (``dmypy run``, which VS Code's mypy extension runs): after every edit, the
incremental run and the daemon report exactly what a cold ``mypy --no-incremental`` reports on the same files.
One daemon serves all the steps of a scenario.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
from test_mypy_plugin import parse  # noqa: E402

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None or importlib.util.find_spec("flyte") is None,
    reason="needs mypy and flyte installed",
)

ENVS = """\
import flyte

POLICY = flyte.ReusePolicy(replicas=2, concurrency=4)
pool = flyte.TaskEnvironment(name="pool", reusable=POLICY)
plain = flyte.TaskEnvironment(name="plain")
"""

TASKS = """\
import flyte

from envs import plain, pool


@pool.task
def embed(text: str) -> int:
    return len(text)


@pool.task
async def infer(x: int) -> int:
    return x


@plain.task
async def main(x: int) -> int:
    return await infer.override(resources=flyte.Resources(cpu=2))(x=x)
"""

Errors = list[tuple[str, int, str]]


def _mypy_version() -> tuple[int, ...]:
    from mypy.version import __version__

    return tuple(int(part) for part in __version__.split("+")[0].split(".")[:2] if part.isdigit())


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MYPYPATH", None)
    return env


def errors_of(output: str) -> Errors:
    return sorted((path, line, code or "") for path, line, kind, _, code in parse(output) if kind == "error")


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "mypy.ini"
        self.config.write_text("[mypy]\nplugins = flyte_lint.mypy_plugin\nshow_traceback = True\n")
        self.files = ["envs.py", "tasks.py"]
        self._tick = 0

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.write_text(textwrap.dedent(text))
        # Distinct mtimes even within one clock tick: the daemon and the plugin notice changes by them.
        self._tick += 1
        stamp = 1_700_000_000_000_000_000 + self._tick * 1_000_000_000
        os.utime(path, ns=(stamp, stamp))

    def edit(self, name: str, old: str, new: str) -> None:
        text = (self.root / name).read_text()
        assert old in text, old
        self.write(name, text.replace(old, new))

    def _run(self, *args: str, stored: bool = True) -> str:
        env = _env() if stored else {**_env(), "FLYTE_LINT_NO_CACHE": "1"}
        result = subprocess.run(
            [sys.executable, "-m", *args], cwd=self.root, env=env, capture_output=True, text=True, timeout=300
        )
        output = result.stdout + result.stderr
        assert "Traceback" not in output and "INTERNAL ERROR" not in output, output
        return result.stdout

    def cold(self, *files: str) -> Errors:
        # Cold as cold gets: no mypy cache, and no findings the plugin stored in an earlier run.
        return errors_of(
            self._run("mypy", "--config-file", str(self.config), "--no-incremental", "--cache-dir", os.devnull,
                      *(files or self.files), stored=False)
        )  # fmt: skip

    def incremental(self) -> Errors:
        return errors_of(
            self._run("mypy", "--config-file", str(self.config), "--cache-dir", str(self.root / ".cache"),
                      *self.files)
        )  # fmt: skip

    def daemon(self, *files: str) -> Errors:
        return errors_of(
            self._run("mypy.dmypy", "--status-file", str(self.root / ".dmypy.json"), "run", "--",
                      "--config-file", str(self.config), "--cache-dir", str(self.root / ".dcache"),
                      *(files or self.files))
        )  # fmt: skip

    def check(self, *files: str) -> Errors:
        """``dmypy check``: the running daemon, never restarted, checks the files again."""
        return errors_of(
            self._run("mypy.dmypy", "--status-file", str(self.root / ".dmypy.json"), "check",
                      *(files or self.files))
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "mypy.dmypy", "--status-file", str(self.root / ".dmypy.json"), "stop"],
            cwd=self.root, env=_env(), capture_output=True, timeout=60,
        )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    project = Project(tmp_path)
    project.write("envs.py", ENVS)
    project.write("tasks.py", TASKS)
    try:
        yield project
    finally:
        project.stop()


def _codes(errors: Errors) -> list[tuple[str, int, str]]:
    return [e for e in errors if e[2].startswith("flyte-")]


def test_environments_imported_from_another_module_are_followed(project: Project) -> None:
    assert _codes(project.cold()) == [
        ("tasks.py", 6, "flyte-reusable"),  # sync task, concurrency 4 in envs.py
        ("tasks.py", 18, "flyte-reusable"),  # override(resources=) of a reusable task
    ]


def _steps(project: Project) -> Iterator[str]:
    """Edits in the same module and across modules; yields a label after each."""
    yield "start"
    project.edit("envs.py", "concurrency=4", "concurrency=1")
    yield "envs: concurrency 4 -> 1 (sync-task error goes)"
    project.edit("envs.py", "reusable=POLICY", "")
    yield "envs: reusable= removed (override error goes)"
    project.edit("envs.py", 'name="pool", ', 'name="pool", reusable=POLICY')
    yield "envs: reusable= back (override error comes back)"
    project.edit("envs.py", "concurrency=1", "concurrency=4")
    yield "envs: concurrency back to 4 (sync-task error comes back)"
    project.edit("tasks.py", "async def infer(x: int)", "async def infer(*x: int)")
    yield "tasks: *args added (same module)"
    project.edit("tasks.py", "async def infer(*x: int)", "async def infer(x: int)")
    yield "tasks: *args removed"
    project.edit("envs.py", 'name="plain"', 'name="Plain Env"')
    yield "envs: bad name (same module)"


def test_each_edit_agrees_with_a_cold_run_incremental_and_daemon(project: Project) -> None:
    seen: set[tuple[tuple[str, int, str], ...]] = set()
    for label in _steps(project):
        cold = project.cold()
        assert project.incremental() == cold, label
        assert project.daemon() == cold, label
        seen.add(tuple(_codes(cold)))
    assert len(seen) >= 4  # the edits did change what is reported


@pytest.mark.skipif(
    _mypy_version() < (1, 16),
    reason="before mypy 1.16 the daemon crashes on these edits handed one file at a time, with no plugin too "
    "(1.11.2, 1.13.0 and 1.15.0 measured)",
)
def test_a_daemon_handed_one_file_at_a_time_agrees_with_a_cold_run_of_that_file(project: Project) -> None:
    # As VS Code's mypy extension runs it: ``dmypy run -- <the file in the editor>``, one file after another, the
    # daemon following the other module through the imports.
    seen: set[tuple[tuple[str, int, str], ...]] = set()
    for label in _steps(project):
        for name in ("tasks.py", "envs.py"):
            cold = project.cold(name)
            assert project.daemon(name) == cold, (label, name)
            seen.add(tuple(_codes(cold)))
    assert len(seen) >= 4


# A package where a value crosses three modules before it reaches a task: settings -> policies -> envs -> tasks.
CHAIN = {
    "app/__init__.py": "",
    "app/settings.py": "CONCURRENCY = 4\nREPLICAS = 2\n",
    "app/policies.py": """\
        import flyte

        from . import settings

        POLICY = flyte.ReusePolicy(replicas=settings.REPLICAS, concurrency=settings.CONCURRENCY)
        """,
    "app/envs.py": """\
        import flyte

        from .policies import POLICY

        pool = flyte.TaskEnvironment(name="pool", reusable=POLICY)
        """,
    "app/tasks.py": """\
        from .envs import pool


        @pool.task
        def embed(text: str) -> int:
            return len(text)


        @pool.task
        async def infer(x: int) -> int:
            return x
        """,
    "app/main.py": """\
        import flyte

        from .envs import pool
        from .tasks import infer

        plain = flyte.TaskEnvironment(name="plain", depends_on=[pool])


        @plain.task
        async def main(x: int) -> int:
            return await infer.override(resources=flyte.Resources(cpu=2))(x=x)
        """,
}
POLICY_LINE = "POLICY = flyte.ReusePolicy(replicas=settings.REPLICAS, concurrency=settings.CONCURRENCY)"
# Annotated: mypy 1.11's daemon (no --local-partial-types) asks for an annotation on a bare "POLICY = None"
# that a cold run does not, a difference of mypy's own.
NO_POLICY = "POLICY: flyte.ReusePolicy | None = None"


def _project(root: Path, files: dict[str, str]) -> Project:
    project = Project(root)
    project.files = [name for name in files if not name.endswith("__init__.py") or files[name]]
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        project.write(name, text)
    return project


@pytest.fixture
def chain(tmp_path: Path) -> Iterator[Project]:
    project = _project(tmp_path, CHAIN)
    try:
        yield project
    finally:
        project.stop()


def test_a_value_three_modules_away_reaches_the_task_and_each_edit_agrees_with_a_cold_run(chain: Project) -> None:
    sync_task = ("app/tasks.py", 4, "flyte-reusable")  # concurrency 4 from settings.py, through policies and envs
    override = ("app/main.py", 11, "flyte-reusable")  # resources= on a reusable task
    steps: list[Step] = [
        (None, [override, sync_task]),
        (("app/settings.py", "CONCURRENCY = 4", "CONCURRENCY = 1"), [override]),
        (("app/settings.py", "CONCURRENCY = 1", "CONCURRENCY = 4"), [override, sync_task]),
        (("app/policies.py", POLICY_LINE, NO_POLICY), []),
        (("app/policies.py", NO_POLICY, POLICY_LINE), [override, sync_task]),
        (("app/envs.py", ", reusable=POLICY", ""), []),
        (("app/envs.py", 'name="pool"', 'name="pool", reusable=POLICY'), [override, sync_task]),
    ]
    _agree_at_each_step(chain, steps)


# The environment reaches its users through the package's __init__: ``import app`` then ``@app.pool.task``, and
# ``from app import pool``.
REEXPORT = {
    "app/__init__.py": "from .envs import pool as pool\n",
    "app/envs.py": """\
        import flyte

        POLICY = flyte.ReusePolicy(replicas=2, concurrency=4)
        pool = flyte.TaskEnvironment(name="pool", reusable=POLICY)
        """,
    "app/sub/__init__.py": "",
    "app/sub/jobs.py": """\
        import app


        @app.pool.task
        def embed(text: str) -> int:
            return len(text)


        @app.pool.task
        async def infer(x: int) -> int:
            return x
        """,
    "run.py": """\
        import flyte

        from app import pool
        from app.sub.jobs import infer

        main_env = flyte.TaskEnvironment(name="main", depends_on=[pool])


        @main_env.task
        async def main(x: int) -> int:
            return await infer.override(resources=flyte.Resources(cpu=2))(x=x)
        """,
}


def test_an_environment_re_exported_by_a_package_follows_each_edit_as_a_cold_run_does(tmp_path: Path) -> None:
    project = _project(tmp_path, REEXPORT)
    sync_task = ("app/sub/jobs.py", 4, "flyte-reusable")
    override = ("run.py", 11, "flyte-reusable")
    steps: list[Step] = [
        (None, [sync_task, override]),
        (("app/envs.py", "concurrency=4", "concurrency=1"), [override]),
        (("app/envs.py", ", reusable=POLICY", ""), []),
        (("app/envs.py", 'name="pool"', 'name="pool", reusable=POLICY'), [override]),
        (("app/envs.py", "concurrency=1", "concurrency=4"), [sync_task, override]),
    ]
    try:
        _agree_at_each_step(project, steps)
    finally:
        project.stop()


Step = tuple[tuple[str, str, str] | None, list[tuple[str, int, str]]]


def _agree_at_each_step(project: Project, steps: list[Step]) -> None:
    """After each edit (file, old, new): the cold run reports what is expected, the incremental run and the
    daemon report exactly what the cold run reports."""
    for edit, expected in steps:
        if edit is not None:
            project.edit(*edit)
        cold = project.cold()
        assert _codes(cold) == sorted(expected), edit
        assert project.incremental() == cold, edit
        assert project.daemon() == cold, edit


FACTORY = {
    "factories.py": """\
        from typing import Any

        import flyte


        def make_env(**settings: Any) -> Any:
            return flyte.TaskEnvironment(**settings)
        """,
    "main.py": """\
        from factories import make_env

        env = make_env(name="etl", env_vars={"N": 4})


        @env.task
        async def t(x: int) -> int:
            return x
        """,
}


def test_a_module_that_calls_nothing_of_flytes_still_gets_its_findings(tmp_path: Path) -> None:
    """The environment comes from a factory of another module, typed Any: main.py makes no call into flyte that
    mypy could tell, yet the linter's finding there is reported (and follows edits under the daemon)."""
    project = _project(tmp_path, FACTORY)
    try:
        _agree_at_each_step(
            project,
            [
                (None, [("main.py", 3, "flyte-value")]),  # env_vars value 4 is not a string: deploy fails
                (("main.py", '{"N": 4}', '{"N": "4"}'), []),
                (("main.py", '{"N": "4"}', '{"N": 4}'), [("main.py", 3, "flyte-value")]),
            ],
        )
    finally:
        project.stop()


# The environment and a setting come from another module where an unannotated factory makes the environment:
# tasks.py calls nothing mypy can tell (its decorator is Any), so its findings are reported from its first
# annotation, which mypy reads for every module.
ANY_ENV = {
    "envs.py": """\
        import flyte

        RETRIES = -1


        def make_env(**settings):
            return flyte.TaskEnvironment(**settings)


        env = make_env(name="etl")
        """,
    "tasks.py": """\
        from envs import RETRIES, env


        @env.task(retries=RETRIES)
        async def t(x: int) -> int:
            return x
        """,
}


def test_a_module_that_calls_nothing_mypy_can_tell_gets_its_findings_through_edits_of_another(
    tmp_path: Path,
) -> None:
    project = _project(tmp_path, ANY_ENV)
    retries = ("tasks.py", 4, "flyte-value")  # RetryStrategy(count=-1) raises when the task is decorated
    try:
        _agree_at_each_step(
            project,
            [
                (None, [retries]),
                (("envs.py", "RETRIES = -1", "RETRIES = 3"), []),
                (("envs.py", "RETRIES = 3", "RETRIES = -2"), [retries]),
            ],
        )
    finally:
        project.stop()


# Three daemon edits that change no module the tasks module is parsed with: a module it imported is deleted, a
# constants module joins the import chain after the daemon parsed the tasks, and only pyproject.toml changes.
JOINING = {
    "envs.py": """\
        import flyte

        CONCURRENCY = 1
        pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency=CONCURRENCY))
        """,
    "tasks.py": """\
        from envs import pool


        @pool.task
        def embed(text: str) -> int:
            return len(text)
        """,
}


def test_a_constants_module_that_joins_the_import_chain_later_is_followed_through_each_edit(tmp_path: Path) -> None:
    project = _project(tmp_path, JOINING)
    sync_task = ("tasks.py", 4, "flyte-reusable")
    steps: list[Step] = [
        (None, []),
        (("envs.py", "CONCURRENCY = 1", "from limits import CONCURRENCY"), []),
        (("limits.py", "CONCURRENCY = 1", "CONCURRENCY = 2"), [sync_task]),
        (("limits.py", "CONCURRENCY = 2", "CONCURRENCY = 1"), []),
        (("limits.py", "CONCURRENCY = 1", "CONCURRENCY = 3"), [sync_task]),
        (("limits.py", "CONCURRENCY = 3", "CONCURRENCY = 1"), []),
    ]
    project.write("limits.py", "CONCURRENCY = 1\n")
    project.files.append("limits.py")
    try:
        _agree_at_each_step(project, steps)
    finally:
        project.stop()


WORKER_AND_PARENT = {
    "work.py": """\
        import flyte

        pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency=4))


        @pool.task
        async def work(x: int) -> int:
            return x
        """,
    "tasks.py": """\
        import flyte
        from work import work

        main_env = flyte.TaskEnvironment(name="main")


        @main_env.task
        async def main(x: int) -> int:
            return await work.override(resources=flyte.Resources(cpu=2))(x=x)
        """,
}


def test_deleting_the_module_a_finding_came_from_removes_the_finding_as_a_cold_run_does(tmp_path: Path) -> None:
    project = _project(tmp_path, WORKER_AND_PARENT)
    try:
        cold = project.cold()
        assert _codes(cold) == [("tasks.py", 9, "flyte-reusable")]
        assert project.daemon() == cold
        (tmp_path / "work.py").unlink()
        project.files.remove("work.py")
        cold = project.cold()
        assert _codes(cold) == [] and any(code == "import-not-found" for _, _, code in cold)
        assert project.daemon() == cold
        # Put back as it was: the module joins the closure again, and the finding comes back.
        project.write("work.py", WORKER_AND_PARENT["work.py"])
        project.files.append("work.py")
        cold = project.cold()
        assert _codes(cold) == [("tasks.py", 9, "flyte-reusable")]
        assert project.daemon() == cold
    finally:
        project.stop()


OPTIONAL_SETTINGS = {
    "common.py": """\
        import flyte


        def make(name, conc):
            return flyte.TaskEnvironment(name=name, reusable=flyte.ReusePolicy(replicas=2, concurrency=conc))
        """,
    "envs.py": """\
        from common import make

        try:
            from settings import CONC
        except ImportError:
            CONC = 4

        pool = make("pool", CONC)
        """,
    "settings.py": """\
        CONC = 1
        """,
    "tasks.py": """\
        from envs import pool


        @pool.task
        def a(x):
            return x
        """,
}


def test_deleting_an_optional_settings_module_brings_a_finding_to_a_module_typed_any_as_a_cold_run_does(
    tmp_path: Path,
) -> None:
    # The factory is unannotated: tasks.py's environment is Any to mypy, so only the annotation probe reports
    # there. The deletion parses no module: the daemon's update must probe tasks.py again all the same.
    project = _project(tmp_path, OPTIONAL_SETTINGS)
    try:
        cold = project.cold()
        assert _codes(cold) == []
        assert project.daemon() == cold
        (tmp_path / "settings.py").unlink()
        project.files.remove("settings.py")
        cold = project.cold()
        assert ("tasks.py", 4, "flyte-reusable") in _codes(cold)
        assert project.daemon() == cold
        project.write("settings.py", OPTIONAL_SETTINGS["settings.py"])
        project.files.append("settings.py")
        cold = project.cold()
        assert _codes(cold) == []
        assert project.daemon() == cold
    finally:
        project.stop()


LATE_MODULE = {
    "envs.py": """\
        import flyte

        env = flyte.TaskEnvironment(name="etl")
        """,
    "tasks.py": """\
        from envs import env
        from limits import RETRIES


        @env.task(retries=RETRIES)
        async def t(x: int) -> int:
            return x
        """,
}


def test_a_module_created_after_its_importer_was_checked_is_followed_through_each_edit(tmp_path: Path) -> None:
    # tasks.py is never edited: the module it imports appears, then changes.
    project = _project(tmp_path, LATE_MODULE)
    try:
        cold = project.cold()
        assert _codes(cold) == [] and any(code == "import-not-found" for _, _, code in cold)
        assert project.daemon() == cold
        project.files.append("limits.py")
        for retries, expected in (
            ("-1", [("tasks.py", 5, "flyte-value")]),
            ("3", []),
            ("-2", [("tasks.py", 5, "flyte-value")]),
        ):
            project.write("limits.py", f"RETRIES = {retries}\n")
            cold = project.cold()
            assert _codes(cold) == expected, retries
            assert project.daemon() == cold, retries
    finally:
        project.stop()


CACHE_ALIAS = """\
    import flyte

    env = flyte.TaskEnvironment(name="app", cache="enable")


    @env.task
    async def t(x: int) -> int:
        return x
    """


def test_a_pyproject_edit_alone_restarts_the_daemon_and_it_agrees_with_a_cold_run(tmp_path: Path) -> None:
    # cache="enable" is an alias 2.12.1 accepts and 2.1.9 rejects at deploy: the target release decides.
    project = _project(tmp_path, {"app.py": CACHE_ALIAS})
    try:
        first = project.cold()
        assert _codes(first) == []
        assert project.daemon() == first
        project.write("pyproject.toml", '[tool.flyte-lint]\ntarget-version = "2.1.9"\n')
        cold = project.cold()
        assert _codes(cold) == [("app.py", 6, "flyte-value")]
        assert project.daemon() == cold
        project.write("pyproject.toml", '[tool.flyte-lint]\ntarget-version = "2.1.9"\nignore = ["FLY007"]\n')
        cold = project.cold()
        assert _codes(cold) == []
        assert project.daemon() == cold
        (tmp_path / "pyproject.toml").unlink()
        assert project.daemon() == project.cold() == first
    finally:
        project.stop()


def test_a_pyproject_edit_a_dmypy_check_read_first_still_restarts_the_next_run(tmp_path: Path) -> None:
    # The check re-reads the edited pyproject.toml for tasks.py (edited too); envs.py, not checked again, would
    # keep the old configuration's result unless the next run restarts the daemon.
    project = _project(
        tmp_path,
        {
            "envs.py": 'import flyte\n\nenv = flyte.TaskEnvironment(name="Bad Env")\n',
            "tasks.py": "from envs import env\n\n\n@env.task(retries=-1)\ndef t(x: int) -> int:\n    return x\n",
        },
    )
    try:
        project.write("pyproject.toml", '[tool.flyte-lint]\nignore = ["FLY001"]\n')
        first = project.daemon()
        assert _codes(first) == [("tasks.py", 4, "flyte-value")] and first == project.cold()
        project.write("pyproject.toml", "[tool.flyte-lint]\nignore = []\n")
        project.edit("tasks.py", "return x", "return x  # edited")
        project.check()
        cold = project.cold()
        assert _codes(cold) == [("envs.py", 3, "flyte-name"), ("tasks.py", 4, "flyte-value")]
        assert project.daemon() == cold
    finally:
        project.stop()


def test_a_project_reached_through_a_symlink_follows_the_configuration_above_its_real_folder(tmp_path: Path) -> None:
    # work/svc -> real/svc: the linter finds real/pyproject.toml (it resolves links); so must the plugin's cache
    # data and the daemon's restart, or an edit of that file is never seen.
    project = _project(tmp_path, {"real/svc/envs.py": 'import flyte\n\nenv = flyte.TaskEnvironment(name="Bad Env")\n'})
    (tmp_path / "work").mkdir()
    (tmp_path / "work" / "svc").symlink_to(tmp_path / "real" / "svc", target_is_directory=True)
    project.files = ["work/svc/envs.py"]
    try:
        project.write("real/pyproject.toml", '[tool.flyte-lint]\nignore = ["FLY001"]\n')
        assert project.incremental() == project.daemon() == project.cold() == []
        project.write("real/pyproject.toml", "[tool.flyte-lint]\nignore = []\n")
        cold = project.cold()
        assert _codes(cold) == [("work/svc/envs.py", 3, "flyte-name")]
        assert project.incremental() == cold
        assert project.daemon() == cold
    finally:
        project.stop()


UNIMPORTED_REGISTRATION = {
    "settings.py": """\
        from dataclasses import dataclass


        @dataclass
        class BatchConfig:
            workers: int = 2
        """,
    "envs.py": """\
        import flyte

        from settings import BatchConfig

        batch = flyte.TaskEnvironment(name="batch", plugin_config=BatchConfig(workers=4))
        """,
    "jobs.py": """\
        from envs import batch


        @batch.task
        async def crunch(rows: int = 10) -> int:
            return rows
        """,
    "plugins.py": """\
        from flyte.extend import AsyncFunctionTaskTemplate, TaskPluginRegistry

        from settings import BatchConfig


        class BatchTask(AsyncFunctionTaskTemplate):
            task_type: str = "batch"


        TaskPluginRegistry.register(BatchConfig, BatchTask)
        """,
}


def test_a_plugin_registration_nobody_imports_still_counts_when_mypy_reads_it_from_its_cache(tmp_path: Path) -> None:
    # plugins.py is unchanged after the first run: an incremental run and a daemon update do not load it, yet a
    # cold run reads it and so trusts BatchConfig to have a task plugin (no FLY116).
    project = _project(tmp_path, UNIMPORTED_REGISTRATION)
    steps: list[Step] = [
        (None, []),
        (("jobs.py", "return rows", "return rows + 1"), []),
        (("jobs.py", "return rows + 1", "return rows + 2"), []),
    ]
    try:
        _agree_at_each_step(project, steps)
    finally:
        project.stop()
