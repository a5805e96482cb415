"""The import scan that decides which files without "flyte" in them still need parsing (they import a module
that does). It jumps between occurrences of ``import``; a plain multi-line regex over every byte is the oracle."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from flyte_lint.engine.imports import may_import_flyte
from flyte_lint.import_lines import imported_modules, names_of_import

ORACLE = re.compile(
    rb"^[ \t\f]*(?:from(?:[ \t]+|(?=\.))(\.*[ \t]*[\w.]*)(?:[ \t]+|(?<=\.))import(?=[ \t(*])[ \t]*([^\n#;]+)"
    rb"|import[ \t]+([^\n#;]+))",
    re.M,
)

PIECES = [
    "import os",
    "import a.b as c, d",
    "from . import envs",
    "from ..pkg.mod import (x, y)",
    "from m import *",
    "from m import*",
    "\fimport ff",
    "  import x",
    "\timport y",
    "x = 'import z'",
    "# import q",
    "from a import b; import c",
    "def f():",
    "    from .tasks import t",
    "importlib = 1",
    "from_ = 2",
    "from..pkg import m",
    "from .. pkg import m",
    "from .import m",
    "from .m import(x)",
    "print('from x import y')",
    "",
    " ",
    "\r",
    "import",
    "from  import x",
    "imports = []",
    '"""\nimport inside_docstring\n"""',
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(alphabet=" \t\nimportfrm.#;(),xa", max_size=30), max_size=25))
def test_the_scan_finds_what_a_multiline_regex_over_every_byte_finds(lines: list[str]) -> None:
    data = "\n".join(lines).encode()
    for own, is_package in [("acme.jobs.tasks", False), ("acme.jobs", True), (None, False)]:
        expected = {name for m in ORACLE.finditer(data) for name in names_of_import(m, own, is_package)}
        found = imported_modules(data, own, is_package)
        if any(mark in data for mark in (b";", b"(", b"\\")):
            # statements after a ``;`` and names continued over lines are found too: more than one line shows
            assert expected <= found
        else:
            assert found == expected


def test_names_continued_over_lines_and_statements_after_a_semicolon_are_imports() -> None:
    data = (
        b"import os; from app import pool\n"
        b"from app import (\n    envs,  # the environments\n    tasks,\n)\n"
        b"from app import \\\n    extra\n"
        b"from . import (a,\n  b)\n"
        b"x = 1; import json\n"
    )
    assert imported_modules(data, "pkg.m", False) == {
        "os", "app", "app.pool", "app.envs", "app.tasks", "app.extra", "pkg", "pkg.a", "pkg.b", "json",
    }  # fmt: skip


def test_imports_written_without_the_optional_blanks_are_imports() -> None:
    data = b"from..envs import pool\nfrom .. settings import LIMITS\nfrom .import helpers\nfrom .steps import(fetch)\n"
    assert imported_modules(data, "app.tasks.a", False) == {
        "app.envs", "app.envs.pool", "app.settings", "app.settings.LIMITS", "app.tasks", "app.tasks.helpers",
        "app.tasks.steps", "app.tasks.steps.fetch",
    }  # fmt: skip


def test_a_star_import_without_a_blank_and_a_line_led_by_a_form_feed_are_imports() -> None:
    data = b"from settings import*\n\x0cimport limits\n\x0c  from .envs import pool\n"
    assert imported_modules(data, "app.tasks", False) == {"settings", "limits", "app.envs", "app.envs.pool"}


def test_a_relative_import_above_the_top_package_names_no_module() -> None:
    # ``from ..envs import pool`` in ``tasks.a`` (no package above ``tasks``) is an ImportError in Python.
    assert imported_modules(b"from ..envs import pool\n", "tasks.a", False) == set()
    assert imported_modules(b"from . import x\n", "top", False) == set()
    assert imported_modules(b"from ..envs import pool\n", "app.tasks.a", False) == {"app.envs", "app.envs.pool"}


def test_relative_and_absolute_imports_resolve_to_module_names() -> None:
    data = b"import os.path as p, json\nfrom . import envs\nfrom ..common import base\nx = 'import no'\n"
    found = imported_modules(data, "acme.jobs.tasks", is_package=False)
    assert found == {"os.path", "json", "acme.jobs", "acme.jobs.envs", "acme.common", "acme.common.base"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), max_size=8), min_size=1, max_size=6))
def test_the_shared_import_memo_gives_each_file_its_own_answer(files: list[list[str]]) -> None:
    memo: dict[bytes, frozenset[str]] = {}
    owners = [("acme.jobs.tasks", False), ("acme.jobs", True), ("other", False), (None, False)]
    for index, lines in enumerate(files):
        data = "\n".join(lines).encode()
        own, is_package = owners[index % len(owners)]
        assert imported_modules(data, own, is_package, memo) == imported_modules(data, own, is_package)


def test_the_same_relative_import_in_two_packages_names_two_modules() -> None:
    memo: dict[bytes, frozenset[str]] = {}
    line = b"from .envs import env\n"
    assert imported_modules(line, "a.tasks", False, memo) == {"a.envs", "a.envs.env"}
    assert imported_modules(line, "b.tasks", False, memo) == {"b.envs", "b.envs.env"}


def test_a_file_without_a_trailing_newline_still_yields_its_last_import() -> None:
    assert imported_modules(b"x = 1\nfrom pkg import env", None, is_package=False) == {"pkg", "pkg.env"}


def test_flyte_importers_are_told_apart_from_files_that_only_mention_flyte() -> None:
    importers = [
        b"import flyte\n",
        b"from flyte.io import File\n",
        b"import os, flyte as fl\n",
        b"x = 1; import flyte\n",
        b"def f():\n    from flyte import TaskEnvironment\n",
        b"from pkg import (a,\\\n b)  # flyte\n",
    ]
    mentions = [
        b'"""Runs on flyte."""\nimport os\n',
        b"from flyte_utils import x\n",
        b"# flyte\n",
        b"FLYTE = 'flyte'\n",
    ]
    assert all(may_import_flyte(text) for text in importers)
    assert not any(may_import_flyte(text) for text in mentions)


def test_an_import_after_the_colon_of_a_compound_statement_on_one_line_is_an_import() -> None:
    for line in (
        "if USE_LOCAL: from .limits import CONCURRENCY",
        "try: from .limits import CONCURRENCY",
        "except ImportError: from .limits import CONCURRENCY",
        "else: from .limits import CONCURRENCY",
        "with contextlib.suppress(ImportError): from .limits import CONCURRENCY",
    ):
        assert "app.limits" in imported_modules(f"{line}\n".encode(), "app.envs", False), line


def test_a_backslash_before_import_a_byte_order_mark_and_a_non_ascii_name_still_name_the_module() -> None:
    assert "app.limits" in imported_modules(b"from .limits \\\n    import CONCURRENCY\n", "app.envs", False)
    assert "app.limits" in imported_modules(b"\xef\xbb\xbffrom .limits import CONCURRENCY\n", "app.envs", False)
    assert "app.réglages" in imported_modules("from .réglages import C\n".encode(), "app.envs", False)


def test_an_import_after_a_name_holding_the_word_import_on_the_same_line_is_an_import() -> None:
    for line in (
        "if not reimport: from .limits import CONCURRENCY",
        "if IMPORTANT: import app.limits",
        "x = 'import nothing'; from .limits import CONCURRENCY",
    ):
        assert "app.limits" in imported_modules(f"{line}\n".encode(), "app.envs", False), line


def test_lines_ended_by_a_lone_carriage_return_each_give_their_import() -> None:
    found = imported_modules(b"import flyte\rfrom .limits import C\rfrom .pools import P\r", "app.envs", False)
    assert {"flyte", "app.limits", "app.pools"} <= found
