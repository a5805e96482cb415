"""Shapes of real Flyte code the extractor must follow, or must refuse to guess about."""

from __future__ import annotations

import ast
import sys

import pytest

from flyte_lint.api import lint_source


def codes(source: str, version: str = "2.12.1") -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in lint_source(source, target_version=version)]


def test_settings_spread_from_a_dict_call_are_followed() -> None:
    source = """import flyte
common = dict(reusable=flyte.ReusePolicy(replicas=2, concurrency=4))
env = flyte.TaskEnvironment(name="pool", **common)


@env.task
def f(x: int) -> int:
    return x
"""
    assert codes(source) == [(6, "FLY104")]


def test_a_shadowed_dict_is_not_taken_for_the_builtin() -> None:
    source = """import flyte


def dict(**kw):
    return {}


common = dict(reusable=flyte.ReusePolicy(replicas=2, concurrency=4))
env = flyte.TaskEnvironment(name="pool", **common)


@env.task
def f(x: int) -> int:
    return x
"""
    assert codes(source) == []


def test_an_environment_chosen_by_if_is_unknown() -> None:
    source = """import os
import flyte

if os.environ.get("GPU"):
    env = flyte.TaskEnvironment(name="gpu", reusable=flyte.ReusePolicy(replicas=2, concurrency=4))
else:
    env = flyte.TaskEnvironment(name="cpu")


@env.task
def f(x: int) -> int:
    return x
"""
    assert codes(source) == []


def test_rebinding_is_followed_in_order() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="plain")


@env.task
def first(x: int) -> int:
    return x


env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2, concurrency=4))


@env.task
def second(x: int) -> int:
    return x
"""
    assert codes(source) == [(14, "FLY104")]


def test_task_decorators_of_other_libraries_are_ignored() -> None:
    source = """from celery import Celery

app = Celery("jobs")


@app.task(resources=5, name="x")
def job(x):
    return x


job.override(image="anything")
"""
    assert codes(source) == []


def test_an_outer_decorator_hides_the_task() -> None:
    source = """import functools
import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))


def traced(fn):
    @functools.wraps(fn)
    async def inner(*a, **k):
        return await fn(*a, **k)
    return inner


@traced
@env.task
async def t(x: int) -> int:
    return x


t.override(resources=flyte.Resources(cpu=2))
"""
    assert codes(source) == []


def test_override_stored_and_called_later_is_tracked() -> None:
    source = """import flyte

env = flyte.TaskEnvironment(name="pool", reusable=flyte.ReusePolicy(replicas=2))


@env.task
async def t(x: int) -> int:
    return x


@env.task
async def main(x: int) -> int:
    bigger = t.override(resources=flyte.Resources(cpu=2))
    return await bigger(x=x)
"""
    assert codes(source) == [(13, "FLY204")]


def test_pep701_fstring_in_a_flyte_module_is_parsed() -> None:
    source = 'import flyte\nd = {"a": 1}\ns = f"{d["a"]}"\nenv = flyte.TaskEnvironment(name="Bad")\n'
    assert codes(source) == [(source.splitlines().index(BAD_ENV.strip()) + 1, "FLY001")]


BAD_ENV = 'env = flyte.TaskEnvironment(name="Bad")\n'
BACKSLASH_IN_FIELD = 'import flyte\nrows = ["a", "b"]\ntext = f"{\'\\n\'.join(rows)}"\n' + BAD_ENV
HASH_IN_FIELD = 'import flyte\nn = 3\ntext = f"{n:#x}" + f"""{n  # count\n}"""\n\n' + BAD_ENV
NESTED_QUOTES = 'import flyte\nd = {"a": 1}\ns = f"{d["a"]}"\n'


OLD_GRAMMAR = pytest.mark.skipif(sys.version_info >= (3, 12), reason="Python 3.12 reads PEP 701 f-strings itself")


@OLD_GRAMMAR
@pytest.mark.parametrize("source", [BACKSLASH_IN_FIELD, HASH_IN_FIELD], ids=["backslash", "hash"])
def test_a_backslash_or_hash_in_a_replacement_field_is_masked_in_process_as_libcst_masks_it(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flyte_lint import _fstring_mask
    from flyte_lint.fstring_fallback import mask_by_tokens, mask_in_process

    def no_child(*args: object, **kwargs: object) -> None:
        raise AssertionError("a LibCST child process was started")

    with pytest.raises(SyntaxError):
        ast.parse(source)
    assert mask_by_tokens(source) == mask_in_process(source) is not None
    monkeypatch.setattr(_fstring_mask, "run_child", no_child)
    assert codes(source) == [(source.splitlines().index(BAD_ENV.strip()) + 1, "FLY001")]


@OLD_GRAMMAR
def test_nested_quotes_are_left_to_libcst() -> None:
    from flyte_lint.fstring_fallback import mask_by_tokens

    assert mask_by_tokens(NESTED_QUOTES) is None  # the 3.11 tokenizer splits the string: the masked text fails


LOOPS_IN_A_TASK = """import datetime

import flyte
import numpy as np

env = flyte.TaskEnvironment(name="loops")


@env.task
async def work(x: int) -> int:
    return x


@env.task
async def main() -> list[float]:
    frames = []
    for step in range(30):
        frames.append(
            np.sin(step)
        )
    for cpu in (2, -1):
        await work.override(resources=flyte.Resources(cpu=cpu))(x=1)
    for retries in (1, -3):
        await work.override(retries=retries)(x=1)
    for ttl in (60, 5):
        flyte.ReusePolicy(replicas=2, idle_ttl=datetime.timedelta(seconds=ttl))
    return frames
"""


def test_loops_of_a_task_body_that_touch_flyte_are_checked_item_by_item() -> None:
    assert codes(LOOPS_IN_A_TASK) == [(22, "FLY051"), (24, "FLY110"), (26, "FLY050")]


def test_a_loop_of_a_task_body_that_touches_nothing_flyte_is_read_once() -> None:
    from flyte_lint.extract import extract

    ranges = extract(LOOPS_IN_A_TASK, "loops.py", "loops").suppressions.statement_ranges
    assert ranges.count((18, 20)) == 1  # not once per item of range(30)


@pytest.mark.parametrize(
    "options",
    ['deco = env.task(interruptible="yes")', 'deco = env.task(\n    interruptible="yes",\n)'],
)
def test_a_finding_on_options_given_ahead_is_a_forward_range_at_the_decorator(options: str) -> None:
    head = 'import flyte\n\nenv = flyte.TaskEnvironment(name="etl")\n'
    source = f"{head}{options}\n\n\n@deco\nasync def t(x: int) -> int:\n    return x\n"
    decorator = source.splitlines().index("@deco") + 1
    found = [d for d in lint_source(source) if d.code == "FLY114"]
    assert [(d.line, d.column, d.end_line, d.end_column) for d in found] == [(decorator, 2, decorator, 6)]
