"""The long fuzz campaign (issue 8, item 3): ``python tools/fuzz_campaign.py --inputs 10000 [--seed N]``.

Inputs: mutations of the fixture modules (fixtures/sdk_cases, fixtures/example_project, fixtures/projects):
deleted, duplicated and swapped tokens and lines, random byte flips, spliced modules; deeply nested and
odd-byte inputs; and valid Python from hypothesmith (``from_grammar``). Each input goes, as bytes, through
``engine.facts_for_bytes`` (decode + ``extract.extract``), and when it decodes, through the full engine
(``api.lint_source``), the fixer (``fix.apply_fixes`` with ``--unsafe-fixes``, in memory) and the flake8
plugin class. None may raise, hang or kill the process.

Inputs run in batches in a child process, so a segfault or a hang is caught, counted and the campaign goes
on. The first crashing inputs are saved to ``--crash-dir`` (default ``fuzz-crashes/``), one ``.py`` file
each plus a ``.txt`` with the error. The summary line: ``inputs tried: N, crashes: K``; exit 1 when K > 0.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import random
import signal
import subprocess
import sys
import tempfile
import time
import tokenize
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PER_INPUT_SECONDS = 20


# ---------------------------------------------------------------------------------------------------------
# Inputs


def seed_modules() -> list[bytes]:
    out = []
    for folder in ("fixtures/sdk_cases", "fixtures/example_project", "fixtures/projects"):
        for path in sorted((REPO / folder).rglob("*.py")):
            out.append(path.read_bytes())
    return out


def _tokens(text: str) -> list[str]:
    try:
        return [t.string for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.string]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return text.split(" ")


def mutate(rng: random.Random, data: bytes, seeds: list[bytes]) -> bytes:
    text = data.decode("utf-8", "surrogateescape")
    kind = rng.randrange(11)
    if kind <= 2:  # token deletion / duplication / swap
        toks = _tokens(text)
        if len(toks) < 2:
            return data
        for _ in range(rng.randint(1, 4)):
            i, j = rng.randrange(len(toks)), rng.randrange(len(toks))
            if kind == 0:
                del toks[i]
            elif kind == 1:
                toks.insert(i, toks[j])
            else:
                toks[i], toks[j] = toks[j], toks[i]
            if len(toks) < 2:
                break
        sep = rng.choice([" ", "", "\n"])
        return sep.join(toks).encode("utf-8", "surrogateescape")
    if kind <= 5:  # line deletion / duplication / swap
        lines = text.splitlines(keepends=True)
        if not lines:
            return data
        for _ in range(rng.randint(1, 4)):
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if kind == 3 and len(lines) > 1:
                del lines[i]
            elif kind == 4:
                lines.insert(i, lines[j])
            else:
                lines[i], lines[j] = lines[j], lines[i]
        return "".join(lines).encode("utf-8", "surrogateescape")
    if kind == 6:  # byte flips
        raw = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    if kind == 7:  # splice two modules
        other = rng.choice(seeds)
        a, b = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
        return data[:a] + other[b:]
    if kind == 8:  # an odd character somewhere
        odd = rng.choice(
            [
                "\x00",
                "\r",
                "\r\n",
                "\t",
                "\ufeff",
                "\\",
                '"',
                "'''",
                'f"{',
                "{",
                ")",
                ":",
                "é",
                "\u2028",
                "\x0c",
                "#",
                " # noqa",
                "# type: ignore",
                "lambda: ",
                "await ",
                "@",
                '\nz = f"{d["a"]}"\n',
            ]
        )  # fmt: skip  (the last: a PEP 701 f-string, LibCST fallback on 3.11)
        i = rng.randrange(len(text) + 1)
        return (text[:i] + odd + text[i:]).encode("utf-8", "surrogateescape")
    if kind == 9:  # re-indent
        lines = text.splitlines(keepends=True)
        if lines:
            i = rng.randrange(len(lines))
            lines[i] = rng.choice(["", " ", "\t", "        "]) + lines[i].lstrip()
        return "".join(lines).encode("utf-8", "surrogateescape")
    # wrap a value in nesting
    wrap = rng.choice(["(", "[", "-", "not ", "f(", "lambda: ", "{1: ", "await "])
    close = {"(": ")", "[": "]", "f(": ")", "{1: ": "}"}.get(wrap, "")
    depth = rng.choice([5, 50, 200, 1000])
    i = text.find("name=")
    if i < 0:
        i = rng.randrange(len(text) + 1)
    else:
        i += 5
    j = i + rng.randint(0, 8)
    return (text[:i] + wrap * depth + text[i:j] + close * depth + text[j:]).encode("utf-8", "surrogateescape")


def grammar_samples(count: int, seed: int) -> list[bytes]:
    """Valid Python from hypothesmith, ``count`` of them (collected through a @given test function)."""
    if count <= 0:
        return []
    try:
        import hypothesmith
        from hypothesis import HealthCheck, given, settings
        from hypothesis import seed as hseed
    except ImportError:
        return []
    out: list[bytes] = []

    @hseed(seed)
    @settings(max_examples=count, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_grammar())
    def collect(source: str) -> None:
        text = "import flyte\nenv = flyte.TaskEnvironment(name='x')\n" + source
        out.append(text.encode("utf-8", "surrogatepass"))

    collect()
    return out


def deep_inputs() -> list[bytes]:
    """Hand-made hostile inputs: 10,000-deep nesting of each kind, alone and next to a PEP 701 f-string."""
    n = 10_000
    bodies = ["(" * n + "1" + ")" * n, "[" * n + "1" + "]" * n, "-" * n + "1", "not " * n + "1",
              " + ".join(["1"] * n), " and ".join(["1"] * n), "f(" * n + "1" + ")" * n, "f" + "()" * n,
              "a" + ".b" * n, "a" + "[0]" * n, "2 ** " * n + "1", "lambda: " * n + "1",
              "1 if 1 else " * n + "1"]  # fmt: skip
    head = "import flyte\nenv = flyte.TaskEnvironment(name='Bad')\n"
    out = []
    for body in bodies:
        out.append((head + "x = " + body + "\n").encode())
        out.append((head + 'y = f"{d["a"]}"\n' + "x = " + body + "\n").encode())
    return out


def make_inputs(count: int, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    seeds = seed_modules()
    grammar = grammar_samples(min(count // 10, 1000), seed)
    inputs: list[bytes] = list(grammar)
    while len(inputs) < count:
        data = rng.choice(seeds)
        for _ in range(rng.choice([1, 1, 2, 3, 5])):
            data = mutate(rng, data, seeds)
        inputs.append(data)
    rng.shuffle(inputs)
    return inputs[:count]


# ---------------------------------------------------------------------------------------------------------
# The child: run a batch, reporting each input as it starts and ends


def _check_one(data: bytes, folder: str) -> None:
    from flyte_lint.api import lint_source
    from flyte_lint.config import Overrides
    from flyte_lint.engine import Options, facts_for_bytes, run

    facts = facts_for_bytes(data, "fuzz.py", "fuzz")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    lint_source(text, path=os.path.join(folder, "fuzz.py"))
    try:
        from flyte_lint.fix import apply_fixes, parse_error
    except ImportError:
        apply_fixes = None  # type: ignore[assignment]
    if apply_fixes is not None:
        path = Path(folder) / "fuzz.py"
        options = Options([], Overrides(isolated=True), jobs=1, use_cache=False, stdin=(path, text),
                          report_only={path})  # fmt: skip
        result = run(options)
        if any(d.fix is not None for d in result.diagnostics):
            outcome = apply_fixes(result, unsafe=True, write=False, stdin=(path, text), options=options)
            fixed = outcome.stdin_text
            if fixed is not None and fixed != text and parse_error(text) is None and parse_error(fixed) is not None:
                raise AssertionError(f"the fixer turned parsing text into text that does not parse: {fixed!r}")
    try:
        from flyte_lint.flake8_plugin import FlyteLintChecker
    except ImportError:
        return
    lines = text.splitlines(keepends=True)
    list(FlyteLintChecker(None, os.path.join(folder, "fuzz.py"), lines).run())
    del facts


def child(batch_file: str) -> None:
    with open(batch_file, "rb") as handle:
        start, batch = pickle.load(handle)
    folder = tempfile.mkdtemp(prefix="flyte-lint-fuzz-")

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {PER_INPUT_SECONDS} s")

    signal.signal(signal.SIGALRM, on_alarm)
    out = sys.stdout
    for offset, data in enumerate(batch):
        index = start + offset
        out.write(json.dumps({"start": index}) + "\n")
        out.flush()
        signal.alarm(PER_INPUT_SECONDS)
        try:
            _check_one(data, folder)
        except BaseException as error:
            signal.alarm(0)
            out.write(json.dumps({"error": index, "text": "".join(traceback.format_exception(error))[-4000:]}) + "\n")
        else:
            signal.alarm(0)
            out.write(json.dumps({"ok": index}) + "\n")
        out.flush()


# ---------------------------------------------------------------------------------------------------------
# The parent


def campaign(inputs: list[bytes], batch_size: int, crash_dir: Path, keep: int) -> tuple[int, list[tuple[int, str]]]:
    crashes: list[tuple[int, str]] = []
    tried = 0
    position = 0
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    last_print = time.monotonic()
    with tempfile.TemporaryDirectory() as work:
        while position < len(inputs):
            batch = inputs[position : position + batch_size]
            batch_file = os.path.join(work, "batch.pickle")
            with open(batch_file, "wb") as handle:
                pickle.dump((position, batch), handle)
            budget = PER_INPUT_SECONDS * 3 + len(batch) * 2
            try:
                proc = subprocess.run([sys.executable, __file__, "--child", batch_file], capture_output=True,
                                      text=True, timeout=budget, env=env)  # fmt: skip
                stdout, returncode, stderr = proc.stdout, proc.returncode, proc.stderr
            except subprocess.TimeoutExpired as expired:
                raw = expired.stdout or ""
                stdout = raw.decode() if isinstance(raw, bytes) else raw
                returncode, stderr = None, "batch timed out"
            started = None
            done = position
            for line in stdout.splitlines():
                try:
                    event = json.loads(line)
                except ValueError:
                    continue
                if "start" in event:
                    started = event["start"]
                elif "ok" in event:
                    done, started = event["ok"] + 1, None
                    tried += 1
                elif "error" in event:
                    done, started = event["error"] + 1, None
                    tried += 1
                    crashes.append((event["error"], event["text"]))
            if done < position + len(batch):
                # The child died (signal, hang, exit) in the middle of input ``started``.
                bad = started if started is not None else done
                reason = "hang (batch timed out)" if returncode is None else f"process ended with code {returncode}"
                crashes.append((bad, f"{reason}\n{stderr[-3000:]}"))
                tried += 1
                position = bad + 1
            else:
                position += len(batch)
            if time.monotonic() - last_print > 10:
                print(f"  ... {tried} inputs tried, {len(crashes)} crashes", flush=True)
                last_print = time.monotonic()
    if crashes:
        crash_dir.mkdir(parents=True, exist_ok=True)
        for index, text in crashes[:keep]:
            (crash_dir / f"crash-{index:06d}.py").write_bytes(inputs[index])
            (crash_dir / f"crash-{index:06d}.txt").write_text(text)
    return tried, crashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--batch", type=int, default=200, help="inputs per child process")
    parser.add_argument("--crash-dir", type=Path, default=Path("fuzz-crashes"))
    parser.add_argument("--keep", type=int, default=20, help="how many crashing inputs to save")
    parser.add_argument("--deep", action="store_true", help="also run the hand-made 10,000-deep inputs")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0
    started = time.monotonic()
    inputs = make_inputs(args.inputs, args.seed)
    if args.deep:
        inputs += deep_inputs()
    print(f"flyte-lint fuzz campaign: {len(inputs)} inputs, seed {args.seed}", flush=True)
    tried, crashes = campaign(inputs, args.batch, args.crash_dir, args.keep)
    print(f"inputs tried: {tried}, crashes: {len(crashes)} ({time.monotonic() - started:.0f} s)")
    for index, text in crashes[: args.keep]:
        last = text.strip().splitlines()[-1] if text.strip() else "?"
        print(f"  input {index}: {last}")
    if crashes:
        print(f"first {min(len(crashes), args.keep)} crashing inputs saved to {args.crash_dir}/")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    raise SystemExit(main())
