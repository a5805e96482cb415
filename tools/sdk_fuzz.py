"""Differential program fuzzer (issue 14, items 2 and 3): flyte-lint against the real flyte SDK.

``python tools/sdk_fuzz.py --seed S --programs N --sdk 2.12.1=PYTHON --sdk 2.1.9=PYTHON [--save DIR] [--jobs J]``

Each program is a small module or multi-module project composed from a grammar that crosses

* a *behaviour* of the SDK (the check ids of /work/shared/flyte-semantics.md §4/§5: environment names,
  keyword sets per level, value objects, reusable restrictions, override keywords, duplicate names,
  ``depends_on``/``add_dependency``, ``clone_with``, varargs...), with a value drawn from a pool that holds
  values the catalogue lists as accepted and as rejected, with
* a *shape* users write: literals, constants, ``config.py`` modules, settings dicts, dataclasses and Enums
  holding settings, factories, loops and comprehensions, ``functools.partial(env.task, ...)``,
  ``deco = env.task(...)``, ``env.task(fn)``, helpers calling ``override()`` on a parameter, exclusive
  branches (``if FLAG``/``try: ... except ImportError``), look-alike APIs of other libraries, each under
  one of three import styles (``import flyte``, ``import flyte as fl``,
  ``from flyte import TaskEnvironment as TE, ...``).

The generator never decides what is a mistake. Every program is judged by the SDK: one subprocess per SDK
release (``tests/sdk_oracle.judge``: the main module is imported like ``flyte deploy`` does, then deploy
planning and dry-run serialization; network blocked; timeout), and compared with
``flyte-lint --format json --target-version V --no-cache`` on the program's directory, with the agreement
contract of tests/test_differential.py:

* the SDK raises -> flyte-lint has an ``error`` overlapping one of the places the SDK points at: the oracle's
  span(s), any traceback frame inside the program's files, and for deploy failures the task's
  decorators-to-``def`` span or the span of a call that built the environment (for duplicate-name planning
  failures a ``warning`` counts too, as in the differential test); otherwise a *miss*;
* the SDK accepts -> flyte-lint has no ``error`` (warnings allowed); otherwise a *false alarm*.

Output: one line per disagreement, a table (disagreements by behaviour x shape, false alarms vs misses),
then ``programs: N, disagreements: K``. ``--save DIR`` keeps every disagreeing program with the SDK's
verdict per version and flyte-lint's JSON output. Programs are deterministic per (seed, index):
``--only I`` re-runs program I of a seed.
"""

from __future__ import annotations

import argparse
import ast
import json
import multiprocessing
import os
import queue
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from random import Random
from typing import Any

REPO = Path(__file__).resolve().parent.parent
# This checkout's flyte_lint (not whichever one is installed) and the SDK oracle next to its tests.
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from sdk_oracle import (  # noqa: E402
    ForkJudge,
    OracleError,
    SdkVerdict,
    fails_only_when_deployed_together,
    judge_project,
)

DEFAULT_TIMEOUT_S = 60.0
MAIN = "main.py"

# ---------------------------------------------------------------------------------------------------------
# The grammar, part (a): behaviours and their value pools.
#
# A value is Python source. ``F.X`` stands for a public name of the flyte package and is rendered per import
# style; ``F.TaskEnvironment`` becomes ``flyte.TaskEnvironment``, ``fl.TaskEnvironment`` or ``TE``.
# Pools mix values the catalogue lists as accepted and as rejected; which is which is left to the SDK.

Kw = tuple[str | None, str]  # (keyword, or None for a positional argument; value source)

_LONG = "a" * 200
_DESC = "d" * 300


def _pairs(key: str, values: Sequence[str]) -> tuple[Kw, ...]:
    return tuple((key, v) for v in values)


RESOURCES = (
    "F.Resources(cpu=2)",
    "F.Resources(cpu=-1)",
    "F.Resources(cpu=(1, 2, 3))",
    "F.Resources(cpu=[1, 2])",
    'F.Resources(cpu="lots")',
    "F.Resources(cpu=(1, 2))",
    "F.Resources(cpu=(-1, 2))",
    "F.Resources(cpu=0.5)",
    "F.Resources(memory=1024)",
    'F.Resources(memory="1Gi")',
    'F.Resources(memory=("1Gi", "2Gi"))',
    'F.Resources(memory=("1Gi",))',
    'F.Resources(memory=("1Gi", None))',
    "F.Resources(gpu=-1)",
    'F.Resources(gpu="A100:1")',
    'F.Resources(gpu="A100")',
    'F.Resources(gpu="a100:1")',
    'F.Resources(gpu="A100:9")',
    'F.Resources(gpu="A100 80G:1")',
    'F.Resources(gpu="A100_80G:1")',
    'F.Resources(gpu="L40s:2")',
    'F.Resources(gpu="L40S:1")',
    'F.Resources(gpu="T4 shared:1")',
    "F.Resources(gpu=1.5)",
    "F.Resources(gpu=0)",
    "F.Resources(gpu=2)",
    'F.Resources(gpu=F.GPU("A100", 2))',
    'F.Resources(gpu=F.GPU("X100", 1))',
    'F.Resources(gpu=F.GPU("A100", 0))',
    'F.Resources(gpu=F.GPU("A100", 1, partition="1g.10gb"))',
    "F.Resources(disk=10)",
    'F.Resources(disk="10Gi")',
    'F.Resources(shm="auto")',
    "F.Resources(shm=True)",
    'F.Resources(cpu=1, memory="2Gi")',
)

REUSE = (
    "F.ReusePolicy(replicas=2)",
    "F.ReusePolicy(replicas=None)",
    "F.ReusePolicy(replicas=[1, 2])",
    "F.ReusePolicy(replicas=(1, 2))",
    "F.ReusePolicy(replicas=(3, 1))",
    "F.ReusePolicy(replicas=(1, 2, 3))",
    "F.ReusePolicy(replicas=-1)",
    'F.ReusePolicy(replicas="2")',
    "F.ReusePolicy(replicas=0)",
    "F.ReusePolicy(replicas=2, idle_ttl=10)",
    "F.ReusePolicy(replicas=2, idle_ttl=60)",
    "F.ReusePolicy(replicas=2, idle_ttl=1.5)",
    "F.ReusePolicy(replicas=2, idle_ttl=timedelta(seconds=10))",
    "F.ReusePolicy(replicas=2, idle_ttl=timedelta(minutes=5))",
    "F.ReusePolicy(replicas=2, concurrency=0)",
    "F.ReusePolicy(replicas=2, concurrency=2.5)",
    "F.ReusePolicy(replicas=2, concurrency=4)",
    "F.ReusePolicy(replicas=1, concurrency=1)",
    'F.ReusePolicy(replicas=2, scope="run")',
    'F.ReusePolicy(replicas=2, scope="bad")',
    "F.ReusePolicy(replicas=2, scaledown_ttl=10)",
    "F.ReusePolicy(replicas=2, scaledown_ttl=60)",
)

CACHE = (
    '"auto"',
    '"disable"',
    '"override"',
    '"always"',
    '"enable"',
    '"AUTO"',
    '"ON"',
    '"yes-please"',
    "True",
    "5",
    "None",
    "False",
    'F.Cache(behavior="auto")',
    'F.Cache(behavior="always")',
    'F.Cache(behavior="auto", policies=[])',
    'F.Cache(behavior="override", version_override="v1", policies=[])',
    'F.Cache(behavior="auto", max_age=-1)',
    'F.Cache(behavior="auto", max_age=60)',
    'F.Cache(behavior="auto", max_age=1.5)',
)

SECRETS = (
    '"api_key"',
    '["a", "b"]',
    '("a", "b")',
    '{"a"}',
    "5",
    "[5]",
    '"openai.key"',
    'F.Secret(key="k")',
    'F.Secret(key="k", mount="/tmp")',
    'F.Secret(key="openai.key")',
    'F.Secret(key="k", as_env_var="lower")',
    'F.Secret(key="k", as_env_var="MY_KEY")',
    'F.Secret(key="db-pass", group="prod")',
    '[F.Secret(key="k"), "other"]',
)

TIMEOUT = (
    "60",
    "0",
    "-5",
    "1.5",
    '"1h"',
    "timedelta(minutes=5)",
    "F.Timeout(max_runtime=60)",
    'F.Timeout(max_runtime="1h")',
    "F.Timeout()",
    "F.Timeout(max_runtime=60, max_queued_time=1.5)",
    "F.Timeout(max_runtime=60, deadline=120)",
)

RETRIES = (
    "3",
    "0",
    "-1",
    "1.5",
    '"3"',
    "True",
    "2**33",
    "None",
    "F.RetryStrategy(count=2)",
    "F.RetryStrategy(count=2.5)",
    "F.RetryStrategy(count=-1)",
)

_CRON = 'F.Cron("0 * * * *")'
TRIGGERS = (
    f'F.Trigger(name="hourly", automation={_CRON})',
    f'(F.Trigger(name="hourly", automation={_CRON}),)',
    f'[F.Trigger(name="hourly", automation={_CRON})]',
    '"daily"',
    f'F.Trigger(name="", automation={_CRON})',
    f'F.Trigger(name="hourly", automation={_CRON}, inputs={{"nope": 1}})',
    f'F.Trigger(name="hourly", automation={_CRON}, inputs={{"x": 1}})',
    'F.Trigger(name="hourly")',
    f'F.Trigger(name="hourly", automation={_CRON}, max_action_concurrency=1)',
    'F.Trigger(name="rate", automation=F.FixedRate(60))',
    f'F.Trigger(name="hourly", automation={_CRON}, description="{_DESC}")',
)


@dataclass(frozen=True)
class Behaviour:
    """One catalogue behaviour: where its keyword goes (``level``) and the (keyword, value) pool."""

    id: str
    level: str  # "env" | "task" | "override" | "project"
    pool: tuple[Kw, ...] = ()
    # Context the behaviour is about: "reusable" = the env is sometimes reusable; "sync" = the task
    # function is sometimes a plain ``def``.
    context: tuple[str, ...] = ()


BEHAVIOURS: tuple[Behaviour, ...] = (
    # §4.1 environment construction
    Behaviour(
        "env-name-format",
        "env",
        _pairs(
            "name",
            [
                '"etl"',
                '"feature_eng"',
                '"a-b_c-d"',
                '"1a"',
                '"123"',
                f'"{_LONG}"',
                '"a" * 64',
                '"Feature Eng"',
                '"myEnv"',
                '"my__env"',
                '"my--env"',
                '"-a"',
                '"a-"',
                '"my.env"',
                '""',
                '"a_-b"',
                '"ünï"',
                '"a\\n"',
                '"etl" + "-v2"',
                "f\"{'etl'}_x\"",
            ],
        ),
    ),
    Behaviour("env-name-type", "env", _pairs("name", ["None", "5", '"ok"'])),
    Behaviour("env-description", "env", _pairs("description", ['"short"', f'"{_DESC}"', '"d" * 300', "5", '["a"]'])),
    Behaviour(
        "env-image-type",
        "env",
        _pairs("image", ['"python:3.12"', '["python:3.12"]', "5", "None", '""', 'F.Image.from_base("python:3.12")']),
    ),
    Behaviour("env-secrets-type", "env", _pairs("secrets", SECRETS)),
    Behaviour("env-env-vars-type", "env", _pairs("env_vars", ['{"A": "1"}', '[("A", "1")]', '{"N": 4}', "{}", "None"])),
    Behaviour("env-resources-type", "env", _pairs("resources", ('{"cpu": 2}', '"big"', *RESOURCES))),
    Behaviour("env-pod-template-type", "env", _pairs("pod_template", ['"tpl"', '{"labels": {}}', "5"])),
    Behaviour(
        "env-include",
        "env",
        _pairs("include", ['("data.txt",)', '"data.txt"', "[5]", '("missing.txt",)', '["data.txt"]', "5"]),
    ),
    Behaviour(
        "env-reusable-type",
        "env",
        _pairs("reusable", ("True", '"off"', "False", "0", '{"replicas": 2}', *REUSE)),
        context=("sync",),
    ),
    Behaviour("env-cache-type", "env", _pairs("cache", CACHE)),
    Behaviour("env-service-account-type", "env", _pairs("service_account", ['"etl-sa"', "7"])),
    Behaviour(
        "env-unknown-kwarg",
        "env",
        (
            ("retries", "3"),
            ("timeout", "10"),
            ("short_name", '"x"'),
            ("docs", '"d"'),
            ("triggers", "()"),
            ("max_inline_io_bytes", "1"),
            ("links", "()"),
            ("queue", '"gpu"'),
            ("interruptible", "True"),
            ("interruptible", '"yes"'),
            ("plugin_config", "None"),
            ("depends_on", "[]"),
        ),
    ),
    # §4.3 decoration
    Behaviour(
        "task-unknown-kwarg",
        "task",
        (
            ("image", '"python:3.12"'),
            ("resources", "F.Resources(cpu=2)"),
            ("secrets", '"k"'),
            ("name", '"x"'),
            ("retry", "3"),
            ("service_account", '"sa"'),
            ("produces_artifacts", "True"),
            ("env_vars", '{"A": "1"}'),
            ("description", '"d"'),
            ("queue", '"q"'),
            ("interruptible", "True"),
            ("report", "True"),
            ("entrypoint", "False"),
        ),
    ),
    Behaviour("task-retries", "task", _pairs("retries", RETRIES)),
    Behaviour("task-timeout", "task", _pairs("timeout", TIMEOUT)),
    Behaviour("task-cache", "task", _pairs("cache", CACHE)),
    Behaviour(
        "task-pod-template-on-reusable", "task", _pairs("pod_template", ['"tpl"', "5", "None"]), context=("reusable",)
    ),
    Behaviour(
        "task-service-account-on-reusable",
        "task",
        _pairs("service_account", ['"sa"', '"etl-sa"', "7"]),
        context=("reusable",),
    ),
    Behaviour(
        "task-value-fields",
        "task",
        (
            ("short_name", '"fast"'),
            ("short_name", "5"),
            ("short_name", '""'),
            ("interruptible", '"yes"'),
            ("report", '"yes"'),
            ("links", "()"),
            ("links", '["x"]'),
            ("links", '"x"'),
            ("max_inline_io_bytes", '"big"'),
            ("queue", "5"),
            ("docs", '"d"'),
        ),
    ),
    Behaviour("task-triggers", "task", _pairs("triggers", TRIGGERS)),
    # §4.4 override
    Behaviour(
        "override-forbidden-field",
        "override",
        (("name", '"x"'), ("image", '"python:3.12"'), ("docs", '"d"'), ("interface", "None"), ("short_name", '"x"')),
    ),
    Behaviour(
        "override-unknown-kwarg",
        "override",
        (
            ("retry", "2"),
            ("depends_on", "[]"),
            ("description", '"d"'),
            ("include", "()"),
            ("ref", "1"),
            ("report", "True"),
            ("triggers", "()"),
            ("service_account", '"sa"'),
            ("produces_artifacts", "True"),
            ("plugin_config", "None"),
            ("retries", "2"),
            (None, '"x"'),
        ),
    ),
    Behaviour(
        "override-reusable-restricted",
        "override",
        (
            ("resources", "F.Resources(cpu=2)"),
            ("env_vars", "{}"),
            ("env_vars", '{"A": "1"}'),
            ("secrets", '"k"'),
            ("service_account", '"sa"'),
            ("cache", '"auto"'),
            ("pod_template", '"tpl"'),
        ),
        context=("reusable", "reusable-arg"),
    ),
    Behaviour(
        "override-values",
        "override",
        (
            *_pairs("cache", CACHE),
            *_pairs("retries", RETRIES),
            *_pairs("timeout", TIMEOUT),
            ("reusable", "True"),
            ("reusable", '"off"'),
            ("reusable", "F.ReusePolicy(replicas=2, concurrency=4)"),
            ("resources", '"big"'),
            *_pairs("resources", RESOURCES[:12]),
            ("queue", '"q"'),
            ("max_inline_io_bytes", "0"),
            ("interruptible", '"yes"'),
        ),
        context=("sync",),
    ),
    # §4.3/§4.5/§4.6 project shapes (rendered by their own templates)
    Behaviour("task-varargs", "project"),
    Behaviour("task-creation-form", "project"),
    Behaviour("task-fqn-duplicate", "project"),
    Behaviour("deploy-duplicate-env-name", "project"),
    Behaviour("deploy-depends-on-cycle", "project"),
    Behaviour("add-dependency", "project"),
    Behaviour("env-depends-on-type", "project"),
    Behaviour("clone-with", "project"),
    Behaviour("from-task", "project"),
)

BEHAVIOUR_BY_ID = {b.id: b for b in BEHAVIOURS}

# ---------------------------------------------------------------------------------------------------------
# The grammar, part (b): shapes. Which delivery of the behaviour's keyword each level can use.

VALUE_SHAPES = (
    "literal",
    "constant",
    "config_module",
    "settings_dict",
    "config_dict",
    "dataclass",
    "enum",
    "value_factory",
    "try_import",
    "lookalike",
    "class_inherited",
    "property",
    "settings_mutated",
    "class_constructor",
)
SHAPES_BY_LEVEL: dict[str, tuple[str, ...]] = {
    "env": (*VALUE_SHAPES, "env_factory", "env_loop", "branch_if", "env_class_attr"),
    "task": (*VALUE_SHAPES, "partial", "deco_var", "call_form", "branch_if", "applied_factory"),
    "override": (
        *VALUE_SHAPES,
        "helper_override",
        "helpers_module",
        "branch_if",
        "chain",
        "parent_body",
        "parent_helper",
    ),
}
IMPORT_STYLES = ("flyte", "fl", "names")


# ---------------------------------------------------------------------------------------------------------
# Rendering


_F_NAME = re.compile(r"\bF\.([A-Za-z_]\w*)")


def spell_flyte(name: str, style: str) -> str:
    """How the program spells the SDK name ``name`` in an import style."""
    if style == "flyte":
        return f"flyte.{name}"
    if style == "fl":
        return f"fl.{name}"
    return "TE" if name == "TaskEnvironment" else name


def render_flyte(text: str, style: str) -> str:
    """Replace ``F.X`` placeholders by the import style's spelling and add the imports the text needs."""
    used: list[str] = []

    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in used:
            used.append(name)
        return spell_flyte(name, style)

    body = _F_NAME.sub(sub, text)
    head: list[str] = []
    if "timedelta(" in body:
        head.append("from datetime import timedelta")
    if "functools." in body:
        head.append("import functools")
    if "dataclasses." in body:
        head.append("import dataclasses")
    if "@dataclass" in body:
        head.append("from dataclasses import dataclass")
    if "(Enum)" in body:
        head.append("from enum import Enum")
    if re.search(r"\bAny\b", body):
        head.append("from typing import Any")
    if used or "import flyte" in body:
        if style == "flyte":
            head.append("import flyte")
        elif style == "fl":
            head.append("import flyte as fl")
        else:
            names = sorted("TaskEnvironment as TE" if n == "TaskEnvironment" else n for n in used)
            head.append(f"from flyte import {', '.join(names)}" if names else "import flyte  # noqa: F401")
    return "\n".join(head) + ("\n\n" if head else "") + body.strip("\n") + "\n"


def kwargs_text(kws: Sequence[Kw]) -> str:
    return ", ".join(v if k is None else (v if k.startswith("**") else f"{k}={v}") for k, v in kws)


@dataclass
class Program:
    """A generated program: its files, the module deployed, and what it exercises."""

    seed: int
    index: int
    behaviour: str
    shape: str
    style: str
    value: str  # the behaviour's keyword and value, as written
    context: str
    files: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.seed}-{self.index:05d}"

    def meta(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "index": self.index,
            "behaviour": self.behaviour,
            "shape": self.shape,
            "import_style": self.style,
            "value": self.value,
            "context": self.context,
            "files": sorted(self.files),
        }


class _Builder:
    """Collects the program's modules (``F.X`` placeholders) before rendering them."""

    def __init__(self, rng: Random, style: str) -> None:
        self.rng = rng
        self.style = style
        self.main: list[str] = []
        self.modules: dict[str, list[str]] = {}
        self.data: dict[str, str] = {"data.txt": "data\n"}

    def add(self, block: str) -> None:
        self.main.append(block.strip("\n"))

    def module(self, name: str, block: str) -> None:
        self.modules.setdefault(name, []).append(block.strip("\n"))

    def here_or_in(self, module: str, block: str, name: str) -> None:
        """``block`` in main.py, or (one time in two) in ``module``, from which main.py imports ``name``."""
        if self.rng.random() < 0.5:
            self.module(module, block)
            self.add(f"from {module} import {name}")
        else:
            self.add(block)

    @staticmethod
    def _join(blocks: list[str]) -> str:
        """Import blocks first (in order), then the others, two blank lines apart."""
        imports = [b for b in blocks if b.startswith(("import ", "from ")) and "\n" not in b]
        rest = [b for b in blocks if b not in imports]
        return "\n".join(imports) + ("\n\n\n" if imports else "") + "\n\n\n".join(rest)

    def render(self) -> dict[str, str]:
        files = {MAIN: render_flyte(self._join(self.main), self.style)}
        for name, blocks in self.modules.items():
            files[f"{name}.py"] = render_flyte(self._join(blocks), self.style)
        files.update(self.data)
        return files


def _task_def(name: str = "t", *, sync: bool = False, decorators: Sequence[str] = ("@env.task",)) -> str:
    head = "def" if sync else "async def"
    return "\n".join([*decorators, f"{head} {name}(x: int) -> int:", "    return x"])


def _branch(rng: Random, taken: bool, chosen: str, other: str) -> str:
    """A known switch and the statement it picks: ``if USE_ALT:``/``else:``, or a ``match`` on a known stage
    (a literal, an or-pattern, a capture with a guard, the wildcard)."""
    if rng.random() < 0.5:
        return f"USE_ALT = {taken}\nif USE_ALT:\n    {chosen}\nelse:\n    {other}"
    stage = rng.choice(['"prod"', '"staging"']) if taken else '"dev"'
    pattern = rng.choice(['"prod" | "staging"', 'stage if stage != "dev"'])
    return f"STAGE = {stage}\nmatch STAGE:\n    case {pattern}:\n        {chosen}\n    case _:\n        {other}"


def _deliver(b: _Builder, shape: str, kw: Kw, alt: Kw, level: str) -> list[Kw]:
    """Make the keyword available through ``shape``; returns the keyword arguments to write at the call."""
    key, value = kw
    if key is None or shape in (
        "literal", "env_factory", "env_loop", "partial", "deco_var", "call_form", "chain", "env_class_attr",
        "applied_factory",
    ):  # fmt: skip
        return [kw]
    if shape in ("helper_override", "helpers_module", "branch_if", "lookalike", "parent_body", "parent_helper"):
        return [kw]
    name = f"{level.upper()}_{key.upper()}"
    if shape == "constant":
        b.add(f"{name} = {value}")
        return [(key, name)]
    if shape == "config_module":
        b.module("config", f"{name} = {value}")
        if b.rng.random() < 0.5:
            b.add(f"from config import {name}")
            return [(key, name)]
        b.add("import config")
        return [(key, f"config.{name}")]
    if shape == "settings_dict":
        b.add(f"{level.upper()}_SETTINGS = {{{key!r}: {value}}}")
        return [(f"**{level.upper()}_SETTINGS", f"**{level.upper()}_SETTINGS")]
    if shape == "config_dict":
        b.module("config", f"{level.upper()}_SETTINGS: dict[str, Any] = dict({key}={value})")
        b.add(f"from config import {level.upper()}_SETTINGS")
        return [(f"**{level.upper()}_SETTINGS", f"**{level.upper()}_SETTINGS")]
    if shape == "dataclass":
        cls = f"{level.capitalize()}Settings"
        made = f"{cls}({key}={value})"
        if b.rng.random() < 0.4:
            made = f"dataclasses.replace({cls}({key}={alt[1]}), {key}={value})"  # a copy with the field changed
        b.add(f"@dataclass(frozen=True)\nclass {cls}:\n    {key}: Any\n\n\n{cls.upper()} = {made}")
        return [(key, f"{cls.upper()}.{key}")]
    if shape == "class_inherited":
        # Settings classes: the value on a base class, read through a subclass that does not set it.
        base, profile = f"{level.capitalize()}Defaults", f"{level.capitalize()}Profile"
        block = f'class {base}:\n    {key.upper()} = {value}\n\n\nclass {profile}({base}):\n    LABEL = "prod"'
        b.here_or_in("config", block, profile)
        return [(key, f"{profile}.{key.upper()}")]
    if shape == "settings_mutated":
        # Settings changed in place before they are used: the value arrives by the change.
        opts = f"{level.upper()}_OPTIONS"
        form = b.rng.choice(["setdefault", "del", "pop", "class_update", "setattr", "alias"])
        if form == "alias":
            # Changed through another name bound to the same dict.
            b.add(f"{opts}: dict[str, Any] = {{{key!r}: {alt[1]}}}\n_view = {opts}\n_view[{key!r}] = {value}")
        elif form == "setdefault":
            b.add(f"{opts}: dict[str, Any] = {{}}\n{opts}.setdefault({key!r}, {value})")
        elif form == "del":
            b.add(f"{opts}: dict[str, Any] = {{{key!r}: {value}, 'unused_option': 1}}\ndel {opts}['unused_option']")
        elif form == "pop":
            b.add(
                f"{opts}: dict[str, Any] = {{{key!r}: {alt[1]}, 'unused_option': 1}}\n"
                f"{opts}.pop('unused_option')\n{opts}[{key!r}] = {value}"
            )
        elif form == "class_update":
            cls = f"{level.capitalize()}Defaults"
            held = f"class {cls}:\n    VALUES: dict[str, Any] = {{{key!r}: {alt[1]}}}"
            b.add(f"{held}\n\n\n{cls}.VALUES.update({{{key!r}: {value}}})")
            return [(f"**{cls}.VALUES", f"**{cls}.VALUES")]
        else:
            cls = f"{level.capitalize()}Defaults"
            b.add(
                f"class {cls}:\n    {key.upper()} = {alt[1]}\n\n\n"
                f"for _name, _value in {{{key.upper()!r}: {value}}}.items():\n    setattr({cls}, _name, _value)"
            )
            return [(key, f"{cls}.{key.upper()}")]
        return [(f"**{opts}", f"**{opts}")]
    if shape == "class_constructor":
        # An instance made by a named constructor (``@classmethod``, or ``@staticmethod``) of a settings class.
        cls, instance = f"{level.capitalize()}Preset", f"{level.upper()}_PRESET"
        if b.rng.random() < 0.5:
            maker = f"    @classmethod\n    def make(cls) -> Any:\n        return cls({value})"
        else:
            maker = f"    @staticmethod\n    def make() -> Any:\n        return {cls}({value})"
        block = (
            f"class {cls}:\n    def __init__(self, value: Any) -> None:\n        self.value = value\n\n{maker}\n\n\n"
            f"{instance} = {cls}.make()"
        )
        b.here_or_in("config", block, instance)
        return [(key, f"{instance}.value")]
    if shape == "property":
        # Settings read through a property: a constant getter, or a dataclass field handed back by it.
        cls, instance = f"{level.capitalize()}Config", f"{level.upper()}_CONFIG"
        if b.rng.random() < 0.5:
            block = (
                f"class {cls}:\n    @property\n    def {key}(self) -> Any:\n        return {value}\n\n\n"
                f"{instance} = {cls}()"
            )
        else:
            block = (
                f"@dataclass(frozen=True)\nclass {cls}:\n    raw: Any = None\n\n    @property\n"
                f"    def {key}(self) -> Any:\n        return self.raw\n\n\n{instance} = {cls}(raw={value})"
            )
        b.here_or_in("config", block, instance)
        return [(key, f"{instance}.{key}")]
    if shape == "enum":
        cls = f"{level.capitalize()}Choice"
        b.add(f"class {cls}(Enum):\n    PICK = {value}")
        return [(key, f"{cls}.PICK.value")]
    if shape == "value_factory":
        fn = f"make_{key}"
        block = f"def {fn}() -> Any:\n    return {value}"
        b.here_or_in("factories", block, fn)
        return [(key, f"{fn}()")]
    if shape == "try_import":
        # The behaviour's value sits in the optional module or in the fallback; the optional module exists
        # or not. Which branch runs is for the SDK run to show.
        in_optional = b.rng.random() < 0.5
        exists = in_optional or b.rng.random() < 0.5  # a value in a module that is not there is not a program
        optional_value, fallback = (value, alt[1]) if in_optional else (alt[1], value)
        if exists:
            b.module("local_settings", f"{name} = {optional_value}")
        b.add(f"try:\n    from local_settings import {name}\nexcept ImportError:\n    {name} = {fallback}")
        return [(key, name)]
    raise ValueError(f"unknown shape {shape}")


def _alt(rng: Random, behaviour: Behaviour, kw: Kw) -> Kw:
    others = [p for p in behaviour.pool if p[0] == kw[0] and p != kw]
    return rng.choice(others) if others else kw


def _env_call(args: Sequence[Kw]) -> str:
    return f"F.TaskEnvironment({kwargs_text(args)})"


def _gen_value_level(rng: Random, p: Program, behaviour: Behaviour) -> None:
    b = _Builder(rng, p.style)
    kw = rng.choice(behaviour.pool)
    alt = _alt(rng, behaviour, kw)
    p.value = kwargs_text([kw]) if kw[0] is not None else f"positional {kw[1]}"
    shape = p.shape
    level = behaviour.level
    sync = "sync" in behaviour.context and rng.random() < 0.4
    reusable = None
    if "reusable" in behaviour.context and rng.random() < 0.7:
        reusable = rng.choice(["F.ReusePolicy(replicas=2)", "F.ReusePolicy(replicas=2, concurrency=4)"])
        sync = rng.random() < 0.3
    ctx = []
    if reusable:
        ctx.append(f"env reusable={reusable}")
    if sync:
        ctx.append("sync task")

    delivered = _deliver(b, shape, kw, alt, level)
    env_args: list[Kw] = []
    if level == "env":
        if kw[0] != "name" or shape == "lookalike":
            env_args.append(("name", '"etl"'))
        if shape != "lookalike":
            env_args.extend(delivered)
    else:
        env_args.append(("name", '"etl"'))
    if reusable:
        env_args.append(("reusable", reusable))
        if "etl-sa" in kw[1] and rng.random() < 0.5:
            env_args.append(("service_account", '"etl-sa"'))

    # The environment.
    if level == "env" and shape == "env_factory":
        block = "def make_env(**kwargs: Any) -> Any:\n    return F.TaskEnvironment(**kwargs)"
        b.here_or_in("factories", block, "make_env")
        if len(env_args) > 1 and rng.random() < 0.5:
            # A partial of the factory holding the first keyword; the rest given at the call.
            b.add(f"make_etl = functools.partial(make_env, {kwargs_text(env_args[:1])})")
            b.add(f"env = make_etl({kwargs_text(env_args[1:])})")
        else:
            b.add(f"env = make_env({kwargs_text(env_args)})")
    elif level == "env" and shape == "env_loop":
        if kw[0] == "name":
            b.add(f'NAMES = [{kw[1]}, "aux"]\nENVS = [F.TaskEnvironment(name=n) for n in NAMES]\nenv = ENVS[0]')
        else:
            rest = kwargs_text([a for a in env_args if a[0] != "name"])
            b.add(
                'ENVS = {}\nfor n in ("etl", "aux"):\n'
                f'    ENVS[n] = F.TaskEnvironment(name=n, {rest})\nenv = ENVS["etl"]'
            )
    elif level == "env" and shape == "branch_if":
        flag = rng.random() < 0.5
        plain = [a for a in env_args if a != kw] or [("name", '"etl"')]
        if kw[0] == "name":
            plain = [("name", '"etl"'), *[a for a in env_args if a[0] not in ("name",)]]
        b.add(_branch(rng, flag, f"env = {_env_call(env_args)}", f"env = {_env_call(plain)}"))
    elif level == "env" and shape == "env_class_attr":
        # Environments grouped as class attributes, here or in envs.py; tasks name them through the class.
        block = f"class Envs:\n    etl = {_env_call(env_args)}"
        b.here_or_in("envs", block, "Envs")
        b.add("env = Envs.etl")
    else:
        b.add(f"env = {_env_call(env_args)}")
    if level == "env" and shape == "lookalike":
        _lookalike_env(b, rng, kw)

    # The task.
    task_decorators = ["@Envs.etl.task" if level == "env" and shape == "env_class_attr" else "@env.task"]
    if level == "task" and shape not in ("lookalike",):
        args = kwargs_text(delivered)
        if shape == "partial":
            b.add(f"etl_task = functools.partial(env.task, {args})")
            task_decorators = ["@etl_task"]
        elif shape == "deco_var":
            b.add(f"deco = env.task({args})")
            task_decorators = ["@deco"]
        elif shape == "branch_if":
            flag = rng.random() < 0.5
            b.add(_branch(rng, flag, f"deco = env.task({args})", "deco = env.task()"))
            task_decorators = ["@deco"]
        elif shape in ("call_form", "applied_factory"):
            task_decorators = []
        else:
            task_decorators = [f"@env.task({args})"]
    if level == "task" and shape == "call_form":
        b.add(_task_def("impl", sync=sync, decorators=[]))
        target = rng.choice(["impl", "t"])
        b.add(f"{target} = env.task(impl, {kwargs_text(delivered)})")
    elif level == "task" and shape == "applied_factory":
        # The decorator applied by hand, the function rebound to the task under its own name.
        b.add(_task_def("t", sync=sync, decorators=[]))
        if rng.random() < 0.5:
            b.add(f"t = env.task({kwargs_text(delivered)})(t)")
        else:
            b.add(f"deco = env.task({kwargs_text(delivered)})\nt = deco(t)")
    else:
        b.add(_task_def("t", sync=sync, decorators=task_decorators))
        if level == "task" and shape == "deco_var" and rng.random() < 0.5:
            b.add(_task_def("t2", sync=sync, decorators=task_decorators))
    if level == "task" and shape == "lookalike":
        _lookalike_task(b, kw)

    # The override (executed at import: module level or a helper called at module level).
    if level == "override":
        task_name = "t"
        over = list(delivered)
        if "reusable-arg" in behaviour.context and rng.random() < 0.5:
            over.append(("reusable", rng.choice(['"off"', "None", "F.ReusePolicy(replicas=2)"])))
        args = kwargs_text(over)
        if shape == "helper_override":
            b.add(f"def tune(task: Any) -> Any:\n    return task.override({args})")
            b.add(f"fast = tune({task_name})")
        elif shape == "helpers_module":
            b.module("helpers", f"def tune(task: Any) -> Any:\n    return task.override({args})")
            b.add("from helpers import tune")
            b.add(f"fast = tune({task_name})")
        elif shape == "branch_if":
            flag = rng.random() < 0.5
            b.add(_branch(rng, flag, f"fast = t.override({args})", "fast = t.override()"))
        elif shape == "chain":
            first = rng.choice(["retries=2", 'reusable="off"', "reusable=F.ReusePolicy(replicas=2)", 'short_name="s"'])
            b.add(f"fast = t.override({first}).override({args})")
        elif shape == "lookalike":
            _lookalike_override(b, kw)
        elif shape in ("parent_body", "parent_helper"):
            # The override runs when the parent task runs: the oracle runs it locally (``# sdk-run:``).
            call = f"t.override({args})"
            if shape == "parent_helper":
                b.add(f"def tune(task: Any) -> Any:\n    return task.override({args})")
                call = "tune(t)"
            if sync:
                body = f"def parent() -> int:\n    fast = {call}\n    return fast(x=1)"
            else:
                body = f"async def parent() -> int:\n    fast = {call}\n    return await fast(x=1)"
            b.add(f"@env.task\n{body}")
            b.add("# sdk-run: parent")
        else:
            b.add(f"fast = {task_name}.override({args})")
    p.context = ", ".join(ctx)
    p.files = b.render()


def _lookalike_env(b: _Builder, rng: Random, kw: Kw) -> None:
    cls = (
        "class TaskEnvironment:\n"
        '    """Another library\'s environment, not flyte\'s."""\n\n'
        '    def __init__(self, name: str = "x", **options: Any) -> None:\n'
        "        self.name = name\n"
        "        self.options = options"
    )
    if rng.random() < 0.5:
        b.module("otherlib", cls)
        b.add("from otherlib import TaskEnvironment")
    else:
        b.add(cls)
    b.add(f"other_env = TaskEnvironment({kwargs_text([kw])})")


def _lookalike_task(b: _Builder, kw: Kw) -> None:
    b.add(
        "class Scheduler:\n"
        "    def task(self, *args: Any, **kwargs: Any) -> Any:\n"
        "        return lambda fn: fn\n\n\n"
        "other = Scheduler()"
    )
    b.add(_task_def("job", decorators=[f"@other.task({kwargs_text([kw])})"]))


def _lookalike_override(b: _Builder, kw: Kw) -> None:
    b.add(
        "class Settings(dict[str, Any]):\n"
        "    def override(self, *args: Any, **kwargs: Any) -> Any:\n"
        "        return self\n\n\n"
        f"settings = Settings().override({kwargs_text([kw])})"
    )


# Project-level templates. Each returns a description of the variant.


def _two_envs(b: _Builder, rng: Random) -> None:
    b.add('a = F.TaskEnvironment(name="a")\nb = F.TaskEnvironment(name="b")')
    b.add(_task_def("t", decorators=["@a.task"]))


def _gen_project(rng: Random, p: Program) -> None:
    b = _Builder(rng, p.style)
    bid = p.behaviour
    variant = ""
    if bid == "task-varargs":
        sig = rng.choice(["*args: int", "**kwargs: int", "x: int, *rest: int", "x: int", "x: int, /", "x: int = 1"])
        variant = sig
        b.add('env = F.TaskEnvironment(name="etl")')
        b.add(f"@env.task\nasync def t({sig}) -> int:\n    return 1")
        p.shape = "literal"
    elif bid == "task-creation-form":
        b.add('env = F.TaskEnvironment(name="etl")')
        b.add(_task_def("impl", decorators=[]))
        form = rng.choice(
            [
                "t = env.task(impl)",
                "t = env.task(impl, 3)",
                "t = env.task(impl, retries=3)",
                "t = env.task(_func=impl)",
                "t = env.task()(impl)",
                "t = env.task(functools.partial(impl, 1))",
                "t = env.task(env.task(impl))",
                "t = env.task(lambda x: x)",
                "t = env.task(len)",
                "impl = env.task(impl)",
            ]
        )
        variant = form
        b.add(form)
        p.shape = "call_form"
    elif bid == "task-fqn-duplicate":
        b.add('env = F.TaskEnvironment(name="etl")')
        b.add(_task_def("process"))
        where = rng.choice(["same-module", "other-module", "other-env"])
        variant = where
        if where == "same-module":
            b.add(_task_def("process"))
        elif where == "other-module":
            b.module("more", "from main import env\n\n" + _task_def("process"))
            b.add("# after env: more imports it back\nimport more  # noqa: E402, F401")
        else:
            b.add('env2 = F.TaskEnvironment(name="etl2")\n\n' + _task_def("process", decorators=["@env2.task"]))
        p.shape = where
    elif bid == "deploy-duplicate-env-name":
        first = '"shared"'
        second = rng.choice(['"shared"', '"other"'])
        how = rng.choice(["two-calls", "clone_with", "other-module", "env_loop", "env_factory", "no-tasks"])
        variant = f"{how} names shared/{second.strip(chr(34))}"
        p.shape = how
        if how == "two-calls":
            b.add(f"a = F.TaskEnvironment(name={first})\nb = F.TaskEnvironment(name={second})")
        elif how == "no-tasks":
            b.add(f"a = F.TaskEnvironment(name={first})\nb = F.TaskEnvironment(name={second})")
        elif how == "clone_with":
            b.add(f"a = F.TaskEnvironment(name={first})\nb = a.clone_with(name={second})")
        elif how == "other-module":
            b.module("envs", f"a = F.TaskEnvironment(name={first})")
            b.add(f"from envs import a\n\nb = F.TaskEnvironment(name={second})")
        elif how == "env_loop":
            b.add(f"ENVS = [F.TaskEnvironment(name=n) for n in ({first}, {second})]\na, b = ENVS")
        else:
            b.add("def make_env(name: str) -> Any:\n    return F.TaskEnvironment(name=name)")
            b.add(f"a = make_env({first})\nb = make_env({second})")
        if how != "no-tasks":
            b.add(_task_def("t", decorators=["@a.task"]))
            b.add(_task_def("u", decorators=["@b.task"]))
    elif bid == "deploy-depends-on-cycle":
        how = rng.choice(
            [
                "a.add_dependency(b)\nb.add_dependency(a)",
                "b.add_dependency(a)",
                "a.depends_on.append(a)",
                "b.depends_on.append(a)\na.depends_on.append(b)",
                "a.add_dependency(b)",
            ]
        )
        variant = how.replace("\n", "; ")
        p.shape = "add_dependency" if "add_dependency" in how else "depends_on.append"
        b.add('a = F.TaskEnvironment(name="a")\nb = F.TaskEnvironment(name="b")')
        b.add(how)
        b.add(_task_def("t", decorators=["@a.task"]))
    elif bid == "add-dependency":
        arg = rng.choice(["a", "b", '"b"', "[b]", "b, b", "same", "b, 5", "c"])
        variant = f"a.add_dependency({arg})"
        p.shape = "add_dependency"
        b.add('a = F.TaskEnvironment(name="a")\nb = F.TaskEnvironment(name="b")')
        if arg == "same":
            b.add('same = F.TaskEnvironment(name="a", description="twin")')
        if arg == "c":
            b.add('c = a.clone_with(name="c")')
        b.add(f"a.add_dependency({arg})")
        b.add(_task_def("t", decorators=["@a.task"]))
    elif bid == "env-depends-on-type":
        arg = rng.choice(["[a]", '["a"]', "None", "a", "(a,)", "(e for e in [a])", "[a, a]", "[]", "[a, 5]"])
        variant = f"depends_on={arg}"
        p.shape = rng.choice(["literal", "constant"])
        b.add('a = F.TaskEnvironment(name="a")')
        if p.shape == "constant":
            b.add(f'DEPS = {arg}\nb = F.TaskEnvironment(name="b", depends_on=DEPS)')
        else:
            b.add(f'b = F.TaskEnvironment(name="b", depends_on={arg})')
        b.add(_task_def("t", decorators=["@b.task"]))
    elif bid == "clone-with":
        name = rng.choice(['"base-gpu"', '"Base Clone"', '"base"', '""'])
        extra = rng.choice(
            [
                "",
                'queue="gpu"',
                "plugin_config=None",
                'pod_template="tpl"',
                "retries=3",
                'cache="auto"',
                'cache="always"',
                "reusable=F.ReusePolicy(replicas=2)",
                "reusable=True",
                'image="python:3.12"',
                "resources=F.Resources(cpu=-1)",
                'service_account="sa"',
                "description=5",
                'env_vars={"A": "1"}',
            ]
        )
        positional = rng.random() < 0.3
        call_args = name if positional else f"name={name}"
        if extra:
            call_args += f", {extra}"
        variant = f"clone_with({call_args})"
        p.shape = "clone_with"
        b.add('base = F.TaskEnvironment(name="base")')
        b.add(_task_def("t", decorators=["@base.task"]))
        b.add(f"gpu = base.clone_with({call_args})")
        if rng.random() < 0.5:
            b.add(_task_def("u", decorators=["@gpu.task"]))
    elif bid == "from-task":
        arg = rng.choice(["t", "impl", "[t]", ""])
        variant = f'from_task("moved", {arg})'
        p.shape = "from_task"
        b.add('env = F.TaskEnvironment(name="etl")')
        b.add(_task_def("t"))
        b.add(_task_def("impl", decorators=[]))
        b.add(f'moved = F.TaskEnvironment.from_task("moved"{", " + arg if arg else ""})')
    else:
        raise ValueError(bid)
    p.value = variant
    p.files = b.render()


def generate(seed: int, index: int) -> Program:
    """Program ``index`` of ``seed``: deterministic, independent of the other indices."""
    rng = Random(f"sdk-fuzz:{seed}:{index}")
    behaviour = rng.choice(BEHAVIOURS)
    style = rng.choice(IMPORT_STYLES)
    shape = rng.choice(SHAPES_BY_LEVEL[behaviour.level]) if behaviour.level != "project" else ""
    p = Program(seed=seed, index=index, behaviour=behaviour.id, shape=shape, style=style, value="", context="")
    if behaviour.level == "project":
        _gen_project(rng, p)
    else:
        _gen_value_level(rng, p, behaviour)
    return p


# ---------------------------------------------------------------------------------------------------------
# Judging and comparing

Where = tuple[str, int, int]  # (file relative to the program directory, first line, last line)


# Outcome kinds that count as a disagreement ("misplaced": a miss where flyte-lint reports an error elsewhere).
DISAGREEING = ("false alarm", "miss", "misplaced", "lint crash")


@dataclass
class Outcome:
    """One SDK version's verdict on a program and flyte-lint's findings for that version."""

    version: str
    verdict: SdkVerdict | None
    oracle_error: str | None
    findings: list[dict[str, Any]]
    places: list[Where]
    kind: str  # "agree" | "false alarm" | "miss" | "misplaced" | "oracle error" | "lint crash"


def _stmt_span_at(tree: ast.AST | None, line: int) -> tuple[int, int]:
    """``(line, end)``: the largest simple statement or expression that starts on ``line``."""
    end = line
    if tree is None:
        return (line, line)
    compound = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.If, ast.For, ast.While, ast.Try, ast.With)
    for node in ast.walk(tree):
        if isinstance(node, compound) or not isinstance(node, (ast.stmt, ast.expr)):
            continue
        if node.lineno == line and node.end_lineno is not None:
            end = max(end, node.end_lineno)
    return (line, end)


_TB_FRAME = re.compile(r'File "([^"]+)", line (\d+)')
_ENV_CALLS = {"TaskEnvironment", "TE", "clone_with", "from_task", "make_env"}


def _trees(files: dict[str, str]) -> dict[str, ast.AST | None]:
    out: dict[str, ast.AST | None] = {}
    for name, text in files.items():
        if not name.endswith(".py"):
            continue
        try:
            out[name] = ast.parse(text)
        except SyntaxError:
            out[name] = None
    return out


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def sdk_places(program: Program, root: Path, verdict: SdkVerdict) -> list[Where]:
    """Every place a finding may point at for this SDK failure: the oracle's locations (the failing
    expression, every traceback frame in the program, for deploy failures the task's and the environment's
    spans), plus the frames of the traceback text. Only when the oracle could not locate a deploy failure
    at all: the functions named like the failing task and the calls that build environments."""
    places: list[Where] = list(verdict.locations)
    trees = _trees(program.files)
    root_s = str(root.resolve())
    for match in _TB_FRAME.finditer(verdict.traceback or ""):
        path, line = match.group(1), int(match.group(2))
        if not path.startswith(root_s + os.sep):
            continue
        rel = os.path.relpath(path, root_s)
        if rel in trees:
            start, end = _stmt_span_at(trees[rel], line)
            places.append((rel, start, end))
    if verdict.phase == "deploy" and not places:
        func_name = (verdict.task or "").split(".", 1)[1] if "." in (verdict.task or "") else ""
        for rel, tree in trees.items():
            for node in ast.walk(tree) if tree is not None else ():
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and func_name and node.name == func_name:
                    first = min([d.lineno for d in node.decorator_list] + [node.lineno])
                    places.append((rel, first, node.lineno))
                if isinstance(node, ast.Call) and _call_name(node) in _ENV_CALLS:
                    places.append((rel, node.lineno, node.end_lineno or node.lineno))
    if verdict.phase == "deploy" or verdict.step == "submit":
        places.extend(mistake_places(program))
    unique: list[Where] = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique


_KEYWORD_VALUE = re.compile(r"^[A-Za-z_]\w*=(?!=)")


def mistake_places(program: Program) -> list[Where]:
    """The lines where the generator wrote the behaviour's value: where the mistake is. For a failure at
    deploy the SDK names a task or an environment, but the mistake is the value, wherever the program keeps
    it (a constant, a settings module, a dataclass, the options of a ``partial``); a finding there is as
    right as one at the task."""
    text = _KEYWORD_VALUE.sub("", program.value.strip(), count=1)
    if not text:
        return []
    needle = _F_NAME.sub(lambda match: spell_flyte(match.group(1), program.style), text)
    # Whole tokens only: the value ``5`` is not in ``concurrency=15``.
    pattern = re.compile(r"(?<![\w.])" + re.escape(needle) + r"(?![\w.])")
    places: list[Where] = []
    for rel, source in program.files.items():
        if not rel.endswith(".py"):
            continue
        for number, line in enumerate(source.splitlines(), start=1):
            if pattern.search(line):
                places.append((rel, number, number))
    return places


def _overlaps(finding: dict[str, Any], place: Where) -> bool:
    start = int(finding["line"])
    end = max(start, int(finding.get("end_line") or start))
    return finding["_rel"] == place[0] and start <= place[2] and place[1] <= end


# Rules whose SDK failure happens in a step the offline judge does not run: the real code bundle (include
# paths, FLY013), trigger conversion (FLY118) and link rendering (FLY120) of a real deploy, and every run on
# the cluster (positional-only parameters, FLY112). tests/test_sdk_probes.py runs those SDK code paths under
# both releases; here an error of these rules on a program the dry run accepts is not a false alarm.
BEYOND_DRY_RUN = frozenset({"FLY013", "FLY112", "FLY118", "FLY120"})


def compare(
    program: Program, root: Path, verdict: SdkVerdict, findings: list[dict[str, Any]]
) -> tuple[str, list[Where]]:
    """The agreement contract of tests/test_differential.py, over all of the program's files."""
    errors = [f for f in findings if f["severity"] == "error"]
    if verdict.phase == "ok":
        errors = [f for f in errors if f["code"] not in BEYOND_DRY_RUN]
    if verdict.phase == "ok":
        if verdict.conclusive:
            return ("false alarm" if errors else "agree", [])
        limited = list(verdict.limited_locations)
        outside = [f for f in errors if not any(_overlaps(f, s) for s in limited)]
        return ("false alarm" if outside else "agree", [])
    places = sdk_places(program, root, verdict)
    candidates = errors
    if fails_only_when_deployed_together(verdict.step, verdict.message):
        candidates = [f for f in findings if f["severity"] in ("error", "warning")]
    if any(_overlaps(f, s) for f in candidates for s in places):
        return ("agree", places)
    # A miss where flyte-lint does report an error, only not at a place the SDK names.
    return ("misplaced" if candidates else "miss", places)


# ---------------------------------------------------------------------------------------------------------
# flyte-lint


# flyte-lint runs the way a user runs it in a project: from the program's directory, on ".", and it is always
# this checkout's flyte_lint (``python -m flyte_lint`` from another directory would import whichever
# flyte_lint is installed, e.g. an editable install of another worktree).


def lint_subprocess(root: Path, version: str, timeout: float) -> list[dict[str, Any]]:
    cmd = [sys.executable, "-m", "flyte_lint", "--format", "json", "--target-version", version, "--no-cache"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [*cmd, "."],
        cwd=str(root),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"flyte-lint exited {proc.returncode}: {proc.stderr[-2000:]}")
    data: list[dict[str, Any]] = json.loads(proc.stdout or "[]")
    return data


def lint_inprocess(root: Path, version: str, timeout: float) -> list[dict[str, Any]]:
    """flyte-lint's engine in this process, from ``root`` (changes the working directory)."""
    from flyte_lint.config import Overrides
    from flyte_lint.engine import Options, run

    os.chdir(root)
    options = Options([Path(".")], Overrides(target_version=version), jobs=1, use_cache=False)
    return [d.to_json() for d in run(options).diagnostics]


def _fork_one(root: str, version: str, timeout: float) -> str:
    """Run flyte-lint in a child forked from the (single-threaded) server: fresh state, no start-up cost."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        try:
            payload = json.dumps({"findings": lint_inprocess(Path(root), version, timeout)})
        except BaseException as exc:
            payload = json.dumps({"crash": repr(exc)})
        with os.fdopen(write_fd, "wb") as out:
            out.write(payload.encode())
        os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read_fd, "rb") as source:
        while True:
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([source], [], [], max(0.0, remaining))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return json.dumps({"crash": f"flyte-lint timed out after {timeout}s"})
            chunk = source.read1(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode() or json.dumps({"crash": "flyte-lint child died"})


def _serve(conn: Connection) -> None:  # pragma: no cover - runs in the server process
    # Import flyte_lint and whatever it imports lazily once, by linting a fixed module in a scratch
    # directory; every fork inherits that. (Checked: same findings as `python -m flyte_lint` per run.)
    with tempfile.TemporaryDirectory(prefix="sdk-fuzz-warm-") as scratch:
        Path(scratch, MAIN).write_text(render_flyte(_env_call([("name", '"warm"')]), "flyte"))
        for version in ("2.12.1", "2.1.9"):
            lint_inprocess(Path(scratch), version, 60.0)
        os.chdir("/")

    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        root, version, timeout = request
        conn.send(_fork_one(root, version, timeout))


class ForkLinter:
    """flyte-lint in a fresh process per run without paying interpreter start-up: a server process imports
    flyte_lint once and forks a child per run. Start it before any thread exists."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self._proc.start()
        child.close()

    def __call__(self, root: Path, version: str, timeout: float) -> list[dict[str, Any]]:
        self._conn.send((str(root), version, timeout))
        if not self._conn.poll(timeout + 30):
            raise RuntimeError("flyte-lint fork server does not answer")
        data = json.loads(self._conn.recv())
        if "crash" in data:
            raise RuntimeError(data["crash"])
        findings: list[dict[str, Any]] = data["findings"]
        return findings

    def close(self) -> None:
        self._conn.close()
        self._proc.join(timeout=10)
        if self._proc.is_alive():
            self._proc.kill()


LINT_MODES = ("fork", "subprocess", "inprocess")


def make_linter(mode: str) -> tuple[Callable[[Path, str, float], list[dict[str, Any]]], Callable[[], None]]:
    if mode == "fork":
        linter = ForkLinter()
        return linter, linter.close
    if mode == "subprocess":
        return lint_subprocess, lambda: None
    return lint_inprocess, lambda: None


def normalise(findings: list[dict[str, Any]], root: Path) -> list[dict[str, Any]]:
    out = []
    root_s = str(root.resolve())
    for f in findings:
        item = dict(f)
        path = str((root / str(f["path"])).resolve())
        item["_rel"] = os.path.relpath(path, root_s)
        out.append(item)
    return sorted(out, key=lambda f: (f["_rel"], f["line"], f["column"], f["code"]))


# ---------------------------------------------------------------------------------------------------------
# The campaign


@dataclass
class Result:
    program: Program
    outcomes: list[Outcome]

    @property
    def disagrees(self) -> bool:
        return any(o.kind in DISAGREEING for o in self.outcomes)


def write_program(program: Program, root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in program.files.items():
        (root / name).write_text(text)


_RUN_MARK = re.compile(r"^# sdk-run:", re.MULTILINE)


def _runs_tasks(root: Path) -> bool:
    return any(_RUN_MARK.search(path.read_text()) for path in root.rglob("*.py"))


class Judges:
    """The SDK side: per program and release, ``judge_project`` in a fresh process (``process``), or a
    fresh child forked from a per-release server that has imported flyte (``fork``; programs with local
    runs still get a fresh process)."""

    def __init__(self, sdks: Sequence[tuple[str, str]], mode: str, jobs: int) -> None:
        self.sdks = list(sdks)
        self.mode = mode
        self._pools: dict[str, queue.Queue[ForkJudge]] = {}
        self._all: list[ForkJudge] = []
        if mode == "fork":
            for version, python in self.sdks:
                pool: queue.Queue[ForkJudge] = queue.Queue()
                for _ in range(max(1, jobs)):
                    server = ForkJudge(python)
                    self._all.append(server)
                    pool.put(server)
                self._pools[version] = pool

    def one(self, root: Path, version: str, python: str, timeout: float) -> SdkVerdict:
        if self.mode == "process" or _runs_tasks(root):
            # Local runs (``# sdk-run:``) hang in a forked child: flyte's background event-loop thread, made
            # when flyte is imported, does not survive the fork. They always get a fresh process.
            return judge_project(root, python, timeout=timeout)
        server = self._pools[version].get()
        try:
            return server(root, timeout)
        finally:
            self._pools[version].put(server)

    def all(self, root: Path, timeout: float) -> list[SdkVerdict | str]:
        out: list[SdkVerdict | str] = []
        for version, python in self.sdks:
            try:
                out.append(self.one(root, version, python, timeout))
            except OracleError as exc:
                out.append(f"{exc}"[:3000])
        return out

    def close(self) -> None:
        for server in self._all:
            server.close()


def run_campaign(
    seed: int,
    indices: Sequence[int],
    sdks: Sequence[tuple[str, str]],
    *,
    jobs: int,
    timeout: float,
    lint: str,
    workdir: Path,
    on_result: Callable[[Result], None],
    sdk_mode: str = "fork",
) -> list[Result]:
    programs = [generate(seed, i) for i in indices]
    for program in programs:
        write_program(program, workdir / program.key)
    linter, close_linter = make_linter(lint)  # before the thread pool: the fork server must fork unthreaded
    judges = Judges(sdks, sdk_mode, jobs)
    try:
        return _run(programs, judges, jobs=jobs, timeout=timeout, linter=linter, workdir=workdir, on_result=on_result)
    finally:
        judges.close()
        close_linter()


def _run(
    programs: Sequence[Program],
    judges: Judges,
    *,
    jobs: int,
    timeout: float,
    linter: Callable[[Path, str, float], list[dict[str, Any]]],
    workdir: Path,
    on_result: Callable[[Result], None],
) -> list[Result]:
    results: list[Result] = []

    def sdk_side(program: Program) -> list[SdkVerdict | str]:
        return judges.all(workdir / program.key, timeout)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for program, verdicts in zip(programs, pool.map(sdk_side, programs), strict=True):
            root = workdir / program.key
            outcomes: list[Outcome] = []
            for (version, _python), verdict in zip(judges.sdks, verdicts, strict=True):
                try:
                    findings = normalise(linter(root, version, timeout), root)
                except Exception as exc:  # a crash of flyte-lint is a finding of this campaign
                    outcomes.append(Outcome(version, None, None, [{"crash": repr(exc)}], [], "lint crash"))
                    continue
                if isinstance(verdict, str):
                    outcomes.append(Outcome(version, None, verdict, findings, [], "oracle error"))
                    continue
                kind, places = compare(program, root, verdict, findings)
                outcomes.append(Outcome(version, verdict, None, findings, places, kind))
            result = Result(program, outcomes)
            results.append(result)
            on_result(result)
    return results


VERDICT_FIELDS = (
    "flyte_version",
    "phase",
    "step",
    "exc_type",
    "exc_module",
    "message",
    "span",
    "related",
    "file",
    "related_files",
    "module_file",
    "task",
    "wrapped_message",
    "limitations",
    "ran",
    "harness_error",
)


# Local runs log under random run and action ids: "[<uuid>][<id>] [flyte] Task failed with error: ...".
_RUN_IDS = re.compile(r"\[[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\]\[[0-9a-z]+\]\s*")


def verdict_key(verdict: SdkVerdict | str) -> Any:
    """What must be equal for two judgements of one program to be the same verdict: every field of the
    runner's JSON except the formatted traceback, plus the SDK's log messages (without the random ids of
    local runs) and warnings."""
    if isinstance(verdict, str):
        return ("oracle error", verdict.split(" on ")[0])
    raw = verdict.raw
    return (
        json.dumps({k: raw.get(k) for k in VERDICT_FIELDS}, sort_keys=True, default=str),
        tuple(_RUN_IDS.sub("", record) for record in verdict.logs),
        verdict.warnings,
    )


def compare_sdk_modes(
    seed: int, indices: Sequence[int], sdks: Sequence[tuple[str, str]], *, jobs: int, timeout: float, workdir: Path
) -> tuple[int, list[str]]:
    """Judge every program both ways (fresh process, forked child); the number of judgements and the
    programs whose verdicts differ."""
    programs = [generate(seed, i) for i in indices]
    for program in programs:
        write_program(program, workdir / program.key)
    process, fork = Judges(sdks, "process", jobs), Judges(sdks, "fork", jobs)
    try:

        def both(program: Program) -> list[str]:
            root = workdir / program.key
            a, b = process.all(root, timeout), fork.all(root, timeout)
            return [
                f"{program.key} [{version}]: process {x if isinstance(x, str) else x.summary()} | "
                f"fork {y if isinstance(y, str) else y.summary()}"
                for (version, _), x, y in zip(sdks, a, b, strict=True)
                if verdict_key(x) != verdict_key(y)
            ]

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            differences = [line for lines in pool.map(both, programs) for line in lines]
    finally:
        process.close()
        fork.close()
    return len(programs) * len(sdks), differences


def save(result: Result, root: Path, dest: Path, argv_hint: str) -> None:
    target = dest / f"{result.program.key}-{result.program.behaviour}-{result.program.shape or 'shape'}"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(root, target / "program")
    meta = result.program.meta()
    meta["reproduce"] = f"{argv_hint} --only {result.program.index}"
    meta["outcomes"] = {o.version: o.kind for o in result.outcomes}
    (target / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    for o in result.outcomes:
        sdk: dict[str, Any] = (
            {"oracle_error": o.oracle_error}
            if o.verdict is None
            else {**o.verdict.raw, "summary": o.verdict.summary(), "acceptable_places": o.places}
        )
        (target / f"sdk-{o.version}.json").write_text(json.dumps(sdk, indent=2, default=str) + "\n")
        lint = [{k: v for k, v in f.items() if k != "_rel"} for f in o.findings]
        (target / f"flyte-lint-{o.version}.json").write_text(json.dumps(lint, indent=2) + "\n")


def describe(result: Result) -> Iterator[str]:
    p = result.program
    for o in result.outcomes:
        if o.kind == "agree":
            continue
        sdk = o.verdict.summary() if o.verdict else (o.oracle_error or "").splitlines()[0][:200]
        errors = [f for f in o.findings if f.get("severity") == "error"]
        lint = "; ".join(f"{f['_rel']}:{f['line']} {f['code']}" for f in errors) or "no error"
        if o.kind == "lint crash":
            lint = str(o.findings[0].get("crash"))[:300]
        yield (
            f"{p.key} [{o.version}] {o.kind}: behaviour={p.behaviour} shape={p.shape} style={p.style} "
            f"value={p.value!r}\n    SDK: {sdk}\n    flyte-lint: {lint}"
        )


def summary_record(result: Result) -> dict[str, Any]:
    """One program's outcome per SDK version, for ``--json``."""
    record = result.program.meta()
    record["outcomes"] = {
        o.version: {
            "kind": o.kind,
            "sdk": o.verdict.summary() if o.verdict else o.oracle_error,
            "lint": [
                f"{f['_rel']}:{f['line']} {f['code']} {f['severity']}: {f['message']}"
                for f in o.findings
                if "_rel" in f
            ],
        }
        for o in result.outcomes
    }
    return record


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def status_markdown(results: Sequence[Result], command: str, elapsed: float) -> str:
    """The disagreements of a run, one table row per program and SDK version."""
    disagreeing = [r for r in results if r.disagrees]
    lines = [
        f"`{command}`: {len(results)} programs, {len(disagreeing)} disagreements, {elapsed:.0f} s.",
        "",
        "| program | SDK | kind | behaviour | shape | value | SDK verdict | flyte-lint (errors; warnings) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in disagreeing:
        for o in r.outcomes:
            if o.kind not in DISAGREEING:
                continue
            sdk = o.verdict.summary() if o.verdict else (o.oracle_error or "")
            lint = "; ".join(f"{f['_rel']}:{f['line']} {f['code']} {f['severity']}" for f in o.findings if "_rel" in f)
            if o.kind == "lint crash":
                lint = str(o.findings[0].get("crash", ""))
            p = r.program
            row = [p.key, o.version, o.kind, p.behaviour, p.shape, f"`{p.value}`", sdk[:300], lint or "nothing"]
            lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines) + "\n"


def table(results: Sequence[Result]) -> str:
    cells: Counter[tuple[str, str, str]] = Counter()
    kinds: Counter[str] = Counter()
    for r in results:
        for o in r.outcomes:
            if o.kind in ("agree",):
                continue
            kinds[o.kind] += 1
            if o.kind != "oracle error":
                cells[(r.program.behaviour, r.program.shape, o.kind)] += 1
    lines = ["disagreements by behaviour x shape (per SDK version):"]
    if not cells:
        lines.append("  (none)")
    width = max([len(b) for b, _, _ in cells] + [9])
    swidth = max([len(s) for _, s, _ in cells] + [5])
    for (b, s, k), n in sorted(cells.items()):
        lines.append(f"  {b:<{width}}  {s:<{swidth}}  {k:<12} {n}")
    lines.append(
        f"false alarms: {kinds['false alarm']}, misses: {kinds['miss'] + kinds['misplaced']} "
        f"(misplaced: {kinds['misplaced']}), lint crashes: {kinds['lint crash']}, "
        f"oracle errors: {kinds['oracle error']}"
    )
    return "\n".join(lines)


def _parse_sdk(values: Sequence[str]) -> list[tuple[str, str]]:
    out = []
    for value in values:
        version, sep, python = value.partition("=")
        if not sep or not version or not python:
            raise SystemExit(f"--sdk expects VERSION=PYTHON, got {value!r}")
        out.append((version, python))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--programs", type=int, required=True)
    parser.add_argument("--sdk", action="append", default=[], metavar="VERSION=PYTHON", required=True)
    parser.add_argument("--save", type=Path, default=None, metavar="DIR")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help="per SDK subprocess, seconds")
    parser.add_argument("--only", type=int, action="append", default=[], help="run only program I of the seed")
    parser.add_argument(
        "--lint",
        choices=LINT_MODES,
        default="fork",
        help="how flyte-lint runs: a forked child per run (default), `python -m flyte_lint` per run, or in-process",
    )
    parser.add_argument(
        "--sdk-mode",
        choices=("fork", "process"),
        default="fork",
        help="judge each program in a child forked from a per-release server that imported flyte once "
        "(default; programs with local runs get a fresh process), or each in a fresh SDK process",
    )
    parser.add_argument("--quiet", action="store_true", help="no per-disagreement lines")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="write every program's outcomes")
    parser.add_argument("--status", type=Path, default=None, metavar="FILE", help="write the disagreements as Markdown")
    parser.add_argument(
        "--compare-sdk-modes",
        action="store_true",
        help="judge every program in a fresh process and in a forked child; report any verdict that differs",
    )
    args = parser.parse_args(argv)
    sdks = _parse_sdk(args.sdk)
    indices = args.only or list(range(args.programs))
    if args.compare_sdk_modes:
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix="sdk-fuzz-") as tmp:
            count, differences = compare_sdk_modes(
                args.seed, indices, sdks, jobs=args.jobs, timeout=args.timeout, workdir=Path(tmp)
            )
        for line in differences:
            print(line)
        print(f"time: {time.monotonic() - started:.1f}s")
        print(f"judgements: {count}, verdicts that differ between process and fork: {len(differences)}")
        return 1 if differences else 0
    hint = f"python tools/sdk_fuzz.py --seed {args.seed} --programs {args.programs} " + " ".join(
        f"--sdk {v}=PYTHON{v.replace('.', '')}" for v, _ in sdks
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="sdk-fuzz-") as tmp:
        workdir = Path(tmp)

        def on_result(result: Result) -> None:
            if result.disagrees or any(o.kind == "oracle error" for o in result.outcomes):
                if not args.quiet:
                    for line in describe(result):
                        print(line, flush=True)
                if args.save is not None and result.disagrees:
                    save(result, workdir / result.program.key, args.save, hint)

        results = run_campaign(
            args.seed,
            indices,
            sdks,
            jobs=args.jobs,
            timeout=args.timeout,
            lint=args.lint,
            workdir=workdir,
            on_result=on_result,
            sdk_mode=args.sdk_mode,
        )
    elapsed = time.monotonic() - started
    if args.status is not None:
        command = " ".join(["python tools/sdk_fuzz.py", *(sys.argv[1:] if argv is None else argv)])
        args.status.write_text(status_markdown(results, command, elapsed))
    if args.json is not None:
        args.json.write_text(json.dumps([summary_record(r) for r in results], indent=2) + "\n")
    print(table(results))
    print(f"time: {elapsed:.1f}s")
    print(f"programs: {len(results)}, disagreements: {sum(r.disagrees for r in results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
