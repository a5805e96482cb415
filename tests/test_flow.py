"""Values that flow as they do at import: each shape flyte-lint follows, in one module and across a project.

Whether the SDK really rejects or accepts each shape is proven by the differential fixtures (fixtures/sdk_cases
and fixtures/sdk_projects, run under flyte 2.12.1 and 2.1.9); these tests pin what the linter follows and where
it reports, fast and without the SDK.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from flyte_lint.api import lint_source
from flyte_lint.diagnostics import Diagnostic
from flyte_lint.engine import Options, run


def _lint(source: str, version: str = "2.12.1") -> list[tuple[int, str]]:
    found = lint_source(textwrap.dedent(source), path="m.py", target_version=version)
    return sorted((d.line, d.code) for d in found if d.severity == "error")


def _project(tmp_path: Path, files: dict[str, str]) -> list[Diagnostic]:
    for name, text in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))
    result = run(Options([tmp_path], use_cache=False))
    return [d for d in result.diagnostics if d.severity == "error"]


def _where(diags: list[Diagnostic], root: Path) -> list[tuple[str, int, str]]:
    return sorted((Path(d.path).resolve().relative_to(root.resolve()).as_posix(), d.line, d.code) for d in diags)


@pytest.mark.parametrize(
    ("expression", "bad"),
    [
        ('TEAM.lower() + "_env"', False),
        ('TEAM + "_env"', True),
        ("f\"{TEAM.lower()}-{SETTINGS['stage']}\"", False),
        ("f\"{TEAM}-{SETTINGS['stage']}\"", True),
        ('"%s_%s" % (TEAM.lower(), "x")', False),
        ('"{}_{}".format(TEAM, 1)', True),
        ('"_".join([TEAM.lower(), "a"])', False),
        ('SETTINGS.get("missing", "Fall Back")', True),
        ('SETTINGS.get("stage", "Fall Back")', False),
        ('{**SETTINGS, "stage": "Bad Stage"}["stage"]', True),
        ('dict(SETTINGS, stage="ok")["stage"]', False),
        ("TEAM[:1].lower() * 3", False),
        ("TEAM.title()", True),
        ("str(len(TEAM))", False),
        ('textwrap.dedent("  Indented Name")', True),
    ],
)
def test_pure_operations_on_known_values_are_computed(expression: str, bad: bool) -> None:
    source = f"""
        import textwrap
        import flyte

        TEAM = "ML"
        SETTINGS = {{"stage": "prod"}}
        env = flyte.TaskEnvironment(name={expression})
    """
    assert _lint(source) == ([(7, "FLY001")] if bad else [])


def test_class_dataclass_and_enum_attributes_are_followed() -> None:
    source = """
        from dataclasses import dataclass
        from enum import Enum

        import flyte

        class Names:
            MAIN = "Main Env"

        class Stage(str, Enum):
            PROD = "Prod"

        @dataclass
        class Settings:
            name: str = "ok_default"
            other: str = "fine"

        a = flyte.TaskEnvironment(name=Names.MAIN)
        b = flyte.TaskEnvironment(name=Stage.PROD.value)
        c = flyte.TaskEnvironment(name=Settings().name)
        d = flyte.TaskEnvironment(name=Settings(name="Given Bad").name)
        e = flyte.TaskEnvironment(name=Stage.PROD.value.lower())
    """
    assert _lint(source) == [(18, "FLY001"), (19, "FLY001"), (21, "FLY001")]


def test_a_factory_called_twice_makes_two_environments_each_with_its_own_values() -> None:
    source = """
        import flyte

        def make(name: str, concurrency: int = 1) -> flyte.TaskEnvironment:
            policy = flyte.ReusePolicy(replicas=2, concurrency=concurrency)
            return flyte.TaskEnvironment(name=name, reusable=policy)

        good = make("good")
        busy = make("busy", concurrency=4)

        @good.task
        def fine(x: int) -> int:
            return x

        @busy.task
        def blocked(x: int) -> int:
            return x
    """
    assert _lint(source) == [(15, "FLY104")]


def test_loops_and_comprehensions_make_one_environment_per_item() -> None:
    source = """
        import flyte

        envs = {n: flyte.TaskEnvironment(name=n) for n in ["cpu", "Big GPU"]}
        for stage in ("dev", "Prod"):
            flyte.TaskEnvironment(name=f"etl-{stage}")
        items = []
        for stage in ("a", "b"):
            items.append(flyte.TaskEnvironment(name=stage))
    """
    assert _lint(source) == [(4, "FLY001"), (6, "FLY001")]


def test_a_loop_that_may_break_is_not_unrolled_and_stays_silent() -> None:
    source = """
        import flyte

        for stage in ("dev", "Prod"):
            if stage == "dev":
                break
            flyte.TaskEnvironment(name=stage)
    """
    assert _lint(source) == []


def test_partial_and_stored_task_decorators_carry_their_environment() -> None:
    source = """
        import functools
        import flyte

        env = flyte.TaskEnvironment(name="r", reusable=flyte.ReusePolicy(replicas=2, concurrency=3))
        deco = functools.partial(env.task, retries=2)
        stored = env.task(retries=1)

        @deco
        def one(x: int) -> int:
            return x

        @stored
        def two(x: int) -> int:
            return x

        @functools.partial(env.task, retries=2)
        async def three(x: int) -> int:
            return x
    """
    assert _lint(source) == [(9, "FLY104"), (13, "FLY104")]


def test_override_in_a_helper_is_checked_with_the_task_it_is_given() -> None:
    source = """
        import flyte

        env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))
        plain = flyte.TaskEnvironment(name="plain")

        @env.task
        async def pooled(x: int) -> int:
            return x

        @plain.task
        async def simple(x: int) -> int:
            return x

        async def with_more_cpu(task, x: int) -> int:
            return await task.override(resources=flyte.Resources(cpu=4))(x)

        @plain.task
        async def main(x: int) -> int:
            await with_more_cpu(simple, x)
            return await with_more_cpu(pooled, x)
    """
    assert _lint(source) == [(16, "FLY204")]


def test_definitions_on_exclusive_branches_are_not_duplicates() -> None:
    source = """
        import flyte

        try:
            import numpy
            env = flyte.TaskEnvironment(name="calc", image="numpy-image")
        except ImportError:
            env = flyte.TaskEnvironment(name="calc")

        if numpy.__version__ > "2":
            @env.task
            async def add(x: int) -> int:
                return x + 1
        else:
            @env.task
            async def add(x: int) -> int:
                return x + 2
    """
    found = lint_source(textwrap.dedent(source), path="m.py")
    assert [d.code for d in found if d.code in ("FLY305", "FLY306")] == []


def test_a_task_defined_on_each_branch_of_an_unknown_test_is_not_a_rebound_name() -> None:
    source = """
        import os

        import flyte

        env = flyte.TaskEnvironment(name="calc")

        if os.environ.get("USE_GPU") == "1":
            @env.task
            async def train(x: int) -> int:
                return x * 2
        else:
            @env.task
            async def train(x: int) -> int:
                return x
    """
    found = lint_source(textwrap.dedent(source), path="m.py")
    assert [d.code for d in found] == []
    # Rebound after the branches, where it surely runs: still noted, for each definition.
    found = lint_source(textwrap.dedent(source) + "\ntrain = None\n", path="m.py")
    assert [(d.line, d.code, d.severity) for d in found] == [(9, "FLY108", "info"), (13, "FLY108", "info")]


def test_a_known_test_takes_one_branch_only() -> None:
    source = """
        import flyte

        USE_GPU = False
        if USE_GPU:
            env = flyte.TaskEnvironment(name="Gpu Env")
        else:
            env = flyte.TaskEnvironment(name="cpu")
    """
    assert _lint(source) == []


def test_nothing_made_under_type_checking_is_checked() -> None:
    source = """
        from typing import TYPE_CHECKING
        import flyte

        if TYPE_CHECKING:
            env = flyte.TaskEnvironment(name="Never Made")
    """
    assert _lint(source) == []


@pytest.mark.parametrize(
    "expression",
    [
        'os.environ["ENV_NAME"]',
        'os.environ.get("ENV_NAME", "Bad Default")',
        'os.getenv("ENV_NAME", "Bad Default")',
        'open("name.txt").read()',
        "sys.argv[1]",
        'random.choice(["a", "B B"])',
        'input("name? ")',
        'Path("name.txt").read_text()',
    ],
)
def test_values_from_outside_the_program_are_never_guessed(expression: str) -> None:
    source = f"""
        import os
        import random
        import sys
        from pathlib import Path

        import flyte

        env = flyte.TaskEnvironment(name={expression})
    """
    assert _lint(source) == []


def test_settings_modules_factories_and_tasks_flow_across_the_project(tmp_path: Path) -> None:
    files = {
        "config.py": """
            TEAM = "ML"
            LIMITS = {"concurrency": 4}

            class Names:
                BASE = "Base Env"
        """,
        "pkg/__init__.py": "from .envs import make_env, POLICY\n",
        "pkg/envs.py": """
            import flyte
            from config import LIMITS

            POLICY = flyte.ReusePolicy(replicas=2, concurrency=LIMITS["concurrency"])

            def make_env(name: str) -> flyte.TaskEnvironment:
                return flyte.TaskEnvironment(name=name, reusable=POLICY)

            pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))

            @pool.task
            async def child(x: int) -> int:
                return x
        """,
        "main.py": """
            import flyte
            import config
            from config import *
            from pkg import make_env, POLICY
            from pkg.envs import child
            import pkg.envs as envs

            one = make_env(config.TEAM.lower())
            two = make_env(Names.BASE)
            three = flyte.TaskEnvironment(name="three", reusable=POLICY)
            four = envs.make_env("four")

            @three.task
            def sync_one(x: int) -> int:
                return x

            @one.task
            async def parent(x: int) -> int:
                return await child.override(resources=flyte.Resources(cpu=2))(x)
        """,
    }
    found = _project(tmp_path, files)
    assert _where(found, tmp_path) == [("main.py", 10, "FLY001"), ("main.py", 14, "FLY104"), ("main.py", 20, "FLY204")]


def test_one_factory_called_in_two_modules_with_one_name_makes_duplicate_environments(tmp_path: Path) -> None:
    files = {
        "factory.py": """
            import flyte

            def make(name: str) -> flyte.TaskEnvironment:
                return flyte.TaskEnvironment(name=name)
        """,
        "a.py": "from factory import make\n\nenv = make('shared')\n",
        "b.py": "import a\nfrom factory import make\n\nenv = make('shared')\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    result = run(Options([tmp_path], use_cache=False))
    assert sorted((Path(d.path).name, d.line, d.code) for d in result.diagnostics) == [("b.py", 4, "FLY305")]


def test_an_import_cycle_leaves_values_unknown_without_failing(tmp_path: Path) -> None:
    files = {
        "a.py": "import flyte\nfrom b import NAME\n\nA = 'A A'\nenv = flyte.TaskEnvironment(name=NAME)\n",
        "b.py": "import flyte\nfrom a import A\n\nNAME = 'ok'\nother = flyte.TaskEnvironment(name=A)\n",
    }
    found = _project(tmp_path, files)
    # b runs first when a is imported (a is then partly imported: A is not bound yet), so only one of the two
    # can be known; flyte-lint reports neither rather than guess the import order.
    assert len(found) <= 1


def test_a_cached_module_is_read_again_when_a_module_it_took_values_from_changes(tmp_path: Path) -> None:
    (tmp_path / "config.py").write_text('NAME = "Bad Name"\n')
    (tmp_path / "app.py").write_text(
        "import flyte\nfrom config import NAME\n\nenv = flyte.TaskEnvironment(name=NAME)\n"
    )
    cache = tmp_path / ".cache"

    def codes() -> list[str]:
        result = run(Options([tmp_path], cache_dir=cache, result_cache=False))
        return [d.code for d in result.diagnostics]

    assert codes() == ["FLY001"]
    assert codes() == ["FLY001"]  # from the cache
    (tmp_path / "config.py").write_text('NAME = "good-name"\n')
    assert codes() == []
    (tmp_path / "config.py").write_text('NAME = "Bad Again!"\n')
    assert codes() == ["FLY001"]


def test_a_setting_patched_by_a_module_not_imported_first_is_not_guessed(tmp_path: Path) -> None:
    files = {
        "config.py": 'NAME = "Bad Default"\n',
        "prod.py": 'import config\n\nconfig.NAME = "prod"\n',
        "reads_late.py": "import flyte\nimport config\n\nenv = flyte.TaskEnvironment(name=config.NAME)\n",
        "reads_patched.py": (
            "import flyte\nimport config\nimport prod\n\nother = flyte.TaskEnvironment(name=config.NAME + ' x')\n"
        ),
    }
    found = _project(tmp_path, files)
    # reads_late.py may run before or after prod.py (import order): nothing said; reads_patched.py imported
    # prod first, so its value is known ("prod x") and wrong.
    assert _where(found, tmp_path) == [("reads_patched.py", 5, "FLY001")]


def test_settings_objects_builders_and_runner_classes_are_followed() -> None:
    source = """
        import flyte

        class Config:
            def __init__(self, stage: str = "Data Prep"):
                self.stage = stage

        class Defaults:
            team = "Ml Team"

            def label(self) -> str:
                return self.team

        class Builder:
            def build(self, name: str) -> flyte.TaskEnvironment:
                return flyte.TaskEnvironment(name=name)

        pool = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))

        @pool.task
        async def crunch(x: int) -> int:
            return x

        class Runner:
            def __init__(self, task):
                self.task = task

            async def big(self, x: int) -> int:
                return await self.task.override(resources=flyte.Resources(cpu=8))(x)

        config = Config()
        a = flyte.TaskEnvironment(name=config.stage)
        b = flyte.TaskEnvironment(name=Defaults().team)
        c = Builder().build("Built Bad")
        ok = Config("fine").stage

        @pool.task
        async def main(x: int) -> int:
            return await Runner(crunch).big(x)
    """
    assert _lint(source) == [(16, "FLY001"), (29, "FLY204"), (32, "FLY001"), (33, "FLY001")]


def test_errors_that_a_handler_catches_or_that_no_call_reaches_are_info() -> None:
    source = """
        import flyte

        try:
            env = flyte.TaskEnvironment(name="Fancy Name")
        except ValueError:
            env = flyte.TaskEnvironment(name="fancy-name")

        def never_called():
            return flyte.TaskEnvironment(name="Never Called")
    """
    found = lint_source(textwrap.dedent(source), path="m.py")
    assert sorted((d.line, d.code, d.severity) for d in found) == [(5, "FLY001", "info"), (10, "FLY001", "info")]


def test_errors_in_a_module_level_branch_of_unknown_outcome_are_warnings() -> None:
    # Which branch runs depends on where the module is imported (USE_GPU set, the platform): each may fail there,
    # or never run. A branch flyte-lint decides, code after the if, and a branch in a task's body keep their errors.
    source = """
        import os
        import sys

        import flyte

        if os.environ.get("USE_GPU") == "1":
            env = flyte.TaskEnvironment(name="Gpu Env")
        elif sys.platform == "darwin":
            env = flyte.TaskEnvironment(name="Local Dev")
        else:
            env = flyte.TaskEnvironment(name="cpu-env")

        MODE = "prod"
        if MODE == "prod":
            other = flyte.TaskEnvironment(name="Prod Env")

        last = flyte.TaskEnvironment(name="Last One")

        @last.task
        async def run(x: int) -> int:
            if x > 3:
                return await run.override(retry=3)(x - 1)
            return x
    """
    found = lint_source(textwrap.dedent(source), path="m.py")
    assert sorted((d.line, d.code, d.severity) for d in found) == [
        (8, "FLY001", "warning"),
        (10, "FLY001", "warning"),
        (16, "FLY001", "error"),
        (18, "FLY001", "error"),
        (23, "FLY202", "error"),
    ]
    assert "in module code flyte-lint cannot tell runs at import" in found[0].message


def test_errors_in_a_match_a_loop_or_a_conditional_expression_of_unknown_outcome_are_warnings() -> None:
    source = """
        import os

        import flyte

        match os.environ.get("PROFILE"):
            case "gpu":
                big = flyte.Resources(gpu="H100:16")
        for extra in os.environ.get("EXTRA", "").split(","):
            flyte.TaskEnvironment(name="Extra Env")
        small = flyte.Resources(gpu="H100:16") if os.environ.get("GPU") else flyte.Resources(cpu=1)
        named = flyte.TaskEnvironment(name="Bad Name", resources=flyte.Resources(cpu=1) if "X" in os.environ else None)
    """
    found = lint_source(textwrap.dedent(source), path="m.py")
    assert sorted((d.line, d.code, d.severity) for d in found) == [
        (8, "FLY051", "warning"),
        (10, "FLY001", "warning"),
        (11, "FLY051", "warning"),
        (12, "FLY001", "error"),  # the rest of a line with a conditional expression runs
    ]


def test_a_dependency_cycle_closed_only_in_a_branch_of_unknown_outcome_is_a_warning() -> None:
    source = """
        import os

        import flyte

        env_a = flyte.TaskEnvironment(name="a")
        env_b = flyte.TaskEnvironment(name="b", depends_on=[env_a])
        env_c = flyte.TaskEnvironment(name="c")
        env_d = flyte.TaskEnvironment(name="d", depends_on=[env_c])

        if os.environ.get("LINK_BACK"):
            env_a.add_dependency(env_b)
        env_c.add_dependency(env_d)
    """
    found = [d for d in lint_source(textwrap.dedent(source), path="m.py") if d.code == "FLY302"]
    assert sorted((d.line, d.severity) for d in found) == [(6, "warning"), (8, "error")]
    assert "the dependency at m.py:12 is in module code flyte-lint cannot tell runs at import" in found[0].message


def test_an_optional_settings_module_that_exists_decides_the_value(tmp_path: Path) -> None:
    files = {
        "local_settings.py": "TIMEOUT = 1.5\n",
        "main.py": """
            import flyte

            try:
                from local_settings import TIMEOUT
            except ImportError:
                TIMEOUT = 60

            env = flyte.TaskEnvironment(name="etl")

            @env.task(timeout=TIMEOUT)
            async def t(x: int) -> int:
                return x
        """,
    }
    assert [code for _, _, code in _where(_project(tmp_path, files), tmp_path)] == ["FLY111"]


def test_a_handler_for_another_error_does_not_hide_what_the_sdk_raises() -> None:
    source = """
        import flyte

        class QuotaError(Exception):
            pass

        try:
            env = flyte.TaskEnvironment(name="Fancy Name")
        except QuotaError:
            env = flyte.TaskEnvironment(name="fancy-name")
    """
    assert _lint(source) == [(8, "FLY001")]


@pytest.mark.parametrize(
    ("setting", "code"),
    [
        ("env = flyte.TaskEnvironment(name=Size.SMALL)", "FLY002"),
        ('env = flyte.TaskEnvironment(name="pool", resources=flyte.Resources(memory=Size.SMALL))', "FLY051"),
        ('env = flyte.TaskEnvironment(name="pool", image=Size.SMALL)', "FLY005"),
        ('env = flyte.TaskEnvironment(name="pool", description=Size.SMALL)', "FLY005"),
        ('env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=Count.TWO))', "FLY050"),
        ('env = flyte.TaskEnvironment(name="pool", cache=flyte.Cache("auto", serialize=Count.TWO))', "FLY056"),
    ],
)
def test_a_plain_enum_member_given_as_a_setting_is_an_object_of_its_class(setting: str, code: str) -> None:
    source = f"""
        import enum

        import flyte


        class Size(enum.Enum):
            SMALL = "2Gi"


        class Count(enum.Enum):
            TWO = 2


        {setting}


        @env.task
        async def work(x: int) -> int:
            return x
    """
    assert _lint(source) == [(15, code)]


def test_enum_members_that_are_strs_or_read_by_value_are_accepted() -> None:
    source = """
        import enum

        import flyte


        class Size(str, enum.Enum):
            SMALL = "2Gi"


        class Plain(enum.Enum):
            SMALL = "2Gi"

            def __str__(self) -> str:
                return self.value


        class Count(enum.Enum):
            TWO = 2


        a = flyte.TaskEnvironment(name="a", resources=flyte.Resources(memory=Size.SMALL))
        b = flyte.TaskEnvironment(name="b", resources=flyte.Resources(memory=Plain.SMALL.value))
        c = flyte.TaskEnvironment(name="c", queue=Plain.SMALL)


        @a.task(retries=Count.TWO.value)
        async def work(x: int) -> int:
            return x
    """
    assert _lint(source) == []
