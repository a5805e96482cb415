"""Fuzzing (issue 8, item 3): no input makes extraction, the engine, the fixer or the flake8 plugin raise.

A bounded number of examples for CI; ``tools/fuzz_campaign.py`` runs the long campaign in child processes.
"""

from __future__ import annotations

import ast
import io
import tempfile
import tokenize
import warnings
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flyte_lint.api import lint_source
from flyte_lint.config import Overrides
from flyte_lint.engine import Options, facts_for_bytes, run
from flyte_lint.extract import extract

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "fixtures" / "sdk_cases").glob("*.py"))
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in SEEDS]
FOLDER = Path(tempfile.mkdtemp(prefix="flyte-lint-fuzz-"))
HEADER = "import flyte\nenv = flyte.TaskEnvironment(name='x')\n"

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    max_examples=100,
)

try:
    from flyte_lint.fix import apply_fixes, parse_error
except ImportError:  # pragma: no cover - the fixer is written in parallel
    apply_fixes = None  # type: ignore[assignment]
    parse_error = None  # type: ignore[assignment]
try:
    from flyte_lint.flake8_plugin import FlyteLintChecker
except ImportError:  # pragma: no cover
    FlyteLintChecker = None  # type: ignore[assignment,misc]


def check_everything(text: str) -> None:
    """Every front end on ``text``; any exception is a failure."""
    with warnings.catch_warnings():
        # An invalid escape in a mutated string warns when this test parses the text itself (SyntaxWarning from
        # Python 3.12, DeprecationWarning before): flyte-lint's own parses are silenced.
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        facts = extract(text, "fuzz.py", "fuzz")
        assert facts.path == "fuzz.py"
        facts_for_bytes(text.encode("utf-8", "surrogatepass"), "fuzz.py", "fuzz")
        path = FOLDER / "fuzz.py"
        diagnostics = lint_source(text, path=str(path))
        for d in diagnostics:
            assert d.line >= 1 and d.column >= 1 and d.code.startswith("FLY")
        if apply_fixes is not None:
            options = Options([], Overrides(isolated=True), jobs=1, use_cache=False, stdin=(path, text),
                              report_only={path})  # fmt: skip
            result = run(options)
            if any(d.fix is not None for d in result.diagnostics):
                outcome = apply_fixes(result, unsafe=True, write=False, stdin=(path, text), options=options)
                fixed = outcome.stdin_text
                if fixed is not None and fixed != text and parse_error(text) is None:
                    assert parse_error(fixed) is None, fixed
        if FlyteLintChecker is not None:
            tree = None
            try:
                tree = ast.parse(text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                pass
            rows = list(FlyteLintChecker(tree, str(path), text.splitlines(keepends=True)).run())
            for line, column, message, _ in rows:
                assert line >= 1 and column >= 0 and message.startswith("FLY")


# ---------------------------------------------------------------------------------------------------------
# Valid Python


@FUZZ
@given(hypothesmith.from_grammar())
def test_from_grammar(source: str) -> None:
    check_everything(source)
    check_everything(HEADER + source)


@settings(FUZZ, max_examples=30)
@given(hypothesmith.from_node())
def test_from_node(source: str) -> None:
    check_everything(HEADER + source)


# ---------------------------------------------------------------------------------------------------------
# Mutations of the fixture modules


def _tokens(text: str) -> list[str]:
    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.string]
    except (tokenize.TokenError, SyntaxError):
        return text.split(" ")


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEED_TEXTS))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["del_tok", "dup_tok", "swap_tok", "del_line", "dup_line", "swap_line",
                                     "insert", "bytes"]))  # fmt: skip
        if kind.endswith("_tok"):
            toks = _tokens(text)
            if len(toks) < 2:
                continue
            i = draw(st.integers(0, len(toks) - 1))
            j = draw(st.integers(0, len(toks) - 1))
            if kind == "del_tok":
                del toks[i]
            elif kind == "dup_tok":
                toks.insert(i, toks[j])
            else:
                toks[i], toks[j] = toks[j], toks[i]
            text = draw(st.sampled_from([" ", ""])).join(toks)
        elif kind.endswith("_line"):
            lines = text.splitlines(keepends=True)
            if len(lines) < 2:
                continue
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if kind == "del_line":
                del lines[i]
            elif kind == "dup_line":
                lines.insert(i, lines[j])
            else:
                lines[i], lines[j] = lines[j], lines[i]
            text = "".join(lines)
        elif kind == "insert":
            i = draw(st.integers(0, len(text)))
            odd = draw(st.sampled_from(["\x00", "\r", "\t", "\ufeff", "(", ")", "[", '"', "'''", 'f"{', ":", "é",
                                        "\\", "# noqa", "\n    ", "lambda: ", "@", "-" * 50]))  # fmt: skip
            text = text[:i] + odd + text[i:]
        else:
            raw = bytearray(text.encode("utf-8"))
            if raw:
                i = draw(st.integers(0, len(raw) - 1))
                raw[i] = draw(st.integers(0, 255))
            text = raw.decode("utf-8", "replace")
    return text


@settings(FUZZ, max_examples=400)
@given(mutated())
def test_mutated_fixtures(source: str) -> None:
    check_everything(source)


@settings(FUZZ, max_examples=150)
@given(st.sampled_from(SEEDS), st.binary(max_size=64), st.integers(0, 4000))
def test_random_bytes_spliced(seed: Path, junk: bytes, at: int) -> None:
    data = seed.read_bytes()
    data = data[:at] + junk + data[at:]
    facts_for_bytes(data, "fuzz.py", "fuzz")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    check_everything(text)


@pytest.mark.parametrize("seed", SEEDS[::7], ids=lambda p: p.name)
def test_every_prefix_of_a_fixture(seed: Path) -> None:
    """Truncation at every line (an editor saving half a file)."""
    lines = seed.read_text().splitlines(keepends=True)
    for n in range(len(lines) + 1):
        check_everything("".join(lines[:n]))
        if lines[:n]:
            check_everything("".join(lines[:n])[:-2])
