"""Benchmark flyte-lint against ruff and flake8 on generated corpora.

Usage::

    python benchmarks/run.py [--corpus monorepo|flyteheavy|graph|all] [--repeat 5]
                             [--workdir DIR] [--seed 1] [--json OUT]

For each corpus the script generates the tree (cached in the work directory by
corpus, seed, scale and generator source), then, on that same tree and in the
same run, times every command ``--repeat`` times after one untimed warm-up and
reports medians:

* ``flyte-lint`` cold (``--no-cache`` when the CLI has it, and its cache
  directory deleted before every run), warm (cache primed, nothing changed) and
  pre-commit shape (one file edited, the rest cached, only that path given);
* ``ruff check --no-cache --isolated`` and ``ruff check --isolated`` (cached);
* ``flake8 -j 2`` (default checks).

flyte-lint runs as ``python -m flyte_lint`` from this interpreter. Exit code 1
(findings) is fine; exit code 2, any other code or a crash marks the run failed.
If flyte-lint cannot be imported yet, the peers are still measured.
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (sibling module, found through sys.path above)

CACHE_DIR_NAME = ".flyte_lint_cache"
SCALING_X1 = "monorepo (scaling x1)"
MB = 1024 * 1024

# ---------------------------------------------------------------------------
# running one command
# ---------------------------------------------------------------------------


@dataclass
class RunResult:
    seconds: float
    exit_code: int
    maxrss_kb: int
    stderr_tail: str


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> RunResult:
    """Run ``cmd`` and measure wall time and peak RSS of its process tree.

    ``os.wait4`` gives the rusage of exactly this child, and Linux folds the
    largest waited-for descendant into ``ru_maxrss``: that is the peak RSS of
    the largest single process of the run (not the sum over workers).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code  # reaped by wait4; keep Popen from waiting again
        err.seek(0)
        tail = err.read()[-2000:].decode("utf-8", "replace")
    return RunResult(seconds, code, int(usage.ru_maxrss), tail)


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                kids.extend(int(k) for k in handle.read().split())
    except OSError:
        pass
    return kids


def _memory_kb(pid: int) -> int:
    """PSS of ``pid`` (shared pages split among sharers), else its RSS."""
    for path, key in ((f"/proc/{pid}/smaps_rollup", "Pss:"), (f"/proc/{pid}/status", "VmRSS:")):
        try:
            with open(path) as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def sampled_tree_peak_kb(cmd: list[str], cwd: Path, env: dict[str, str] | None) -> int | None:
    """Run ``cmd`` once (untimed), sampling the summed PSS of its process tree."""
    if not Path("/proc/self/smaps_rollup").exists() and not Path("/proc/self/status").exists():
        return None
    peak = 0
    done = threading.Event()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL
    )

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            pids = [proc.pid]
            total = 0
            while pids:
                pid = pids.pop()
                total += _memory_kb(pid)
                pids.extend(_children(pid))
            peak = max(peak, total)
            done.wait(0.01)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    proc.wait()
    done.set()
    thread.join()
    return peak


# ---------------------------------------------------------------------------
# tools
# ---------------------------------------------------------------------------


# flake8 with its default checks only: an installed flyte-lint registers a
# flake8 plugin (FLY), which would otherwise run (or fail to load) inside flake8.
FLAKE8_SHIM = """\
import importlib.metadata as md
import sys

_all = md.distributions


def _without_flyte_lint(**kwargs):
    for dist in _all(**kwargs):
        name = (dist.metadata["Name"] or "").lower().replace("_", "-")
        if name != "flyte-lint":
            yield dist


md.distributions = _without_flyte_lint
from flake8.main.cli import main

sys.argv[0] = "flake8"
sys.exit(main())
"""


def flake8_command() -> list[str] | None:
    if importlib.util.find_spec("flake8") is not None:
        return [sys.executable, "-c", FLAKE8_SHIM]
    path = tool_path("flake8")
    return [path] if path else None


def tool_path(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def version_of(cmd: list[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, env=env, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    text = (done.stdout or done.stderr).strip().splitlines()
    return text[0] if text and done.returncode == 0 else "unavailable"


@dataclass
class FlyteLint:
    available: bool
    reason: str
    version: str
    has_no_cache: bool
    has_cache_dir: bool
    env: dict[str, str]

    custom: list[str] = field(default_factory=list)

    def base(self) -> list[str]:
        if self.custom:
            return list(self.custom)
        # -P (3.11+): do not put the corpus (cwd) on sys.path
        flags = ["-P"] if sys.version_info >= (3, 11) else []
        return [sys.executable, *flags, "-m", "flyte_lint"]

    def command(self, tree: Path, paths: list[str], cold: bool) -> list[str]:
        cmd = self.base()
        if self.has_cache_dir:
            cmd += ["--cache-dir", str(tree / CACHE_DIR_NAME)]
        if cold and self.has_no_cache:
            cmd.append("--no-cache")
        return cmd + paths


def detect_flyte_lint(custom: list[str] | None = None) -> FlyteLint:
    env = dict(os.environ)
    if not custom:
        env["PYTHONPATH"] = os.pathsep.join(p for p in [str(REPO_ROOT), env.get("PYTHONPATH", "")] if p)
        # An installed wheel runs from compiled bytecode, as ruff's and flake8's own
        # Python does. Compile the checkout once, so that a shell with
        # PYTHONDONTWRITEBYTECODE=1 does not make every timed run compile ~70 modules.
        compileall.compile_dir(str(REPO_ROOT / "flyte_lint"), quiet=1)
    probe = FlyteLint(False, "", "", False, False, env, custom or [])
    try:
        done = subprocess.run(
            [*probe.base(), "--help"], capture_output=True, text=True, env=env, timeout=120, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        probe.reason = str(exc)
        return probe
    text = done.stdout + done.stderr
    if done.returncode != 0:
        last = text.strip().splitlines()[-1:] or ["no output"]
        probe.reason = f"`{' '.join(probe.base())} --help` exited {done.returncode}: {last[0]}"
        return probe
    probe.available = True
    probe.has_no_cache = "--no-cache" in text
    probe.has_cache_dir = "--cache-dir" in text
    probe.version = version_of(probe.base(), env)
    return probe


# ---------------------------------------------------------------------------
# measurements
# ---------------------------------------------------------------------------


@dataclass
class Measurement:
    corpus: str
    tool: str
    mode: str
    command: list[str]
    times: list[float] = field(default_factory=list)
    exit_codes: list[int] = field(default_factory=list)
    maxrss_kb: int = 0
    tree_peak_kb: int | None = None
    error: str | None = None

    @property
    def median(self) -> float | None:
        if self.error is not None or not self.times:
            return None
        return statistics.median(self.times)


def ok_exit(result: RunResult) -> bool:
    """0 = clean, 1 = findings; 2 (usage/internal error), others, a signal or a
    Python traceback (an uncaught exception also exits 1) fail."""
    return result.exit_code in (0, 1) and "Traceback (most recent call last)" not in result.stderr_tail


@dataclass
class Job:
    """One command to time: where, with what environment, in which state."""

    m: Measurement
    cwd: Path
    env: dict[str, str] | None
    before: list[Path] = field(default_factory=list)  # deleted before every run (cold)
    edit: Path | None = None  # content changed before every run (pre-commit shape)


def measure(jobs: list[Job], repeat: int) -> None:
    """Time ``jobs`` round-robin: one untimed warm-up round (page cache, .pyc
    files), then ``repeat`` rounds each running every job once. Interleaving
    makes a change of machine load hit every compared command alike."""
    originals = {id(j): j.edit.read_bytes() for j in jobs if j.edit is not None}
    try:
        for i in range(repeat + 1):
            for j in jobs:
                if j.m.error is not None:
                    continue
                for path in j.before:
                    shutil.rmtree(path, ignore_errors=True)
                if j.edit is not None:
                    j.edit.write_bytes(originals[id(j)] + f"\n# benchmark edit {i}\n".encode())
                result = run_once(j.m.command, j.cwd, j.env)
                if not ok_exit(result):
                    j.m.error = f"exit {result.exit_code}: {result.stderr_tail.strip()[-500:]}"
                    continue
                if i == 0:
                    continue
                j.m.times.append(result.seconds)
                j.m.exit_codes.append(result.exit_code)
                j.m.maxrss_kb = max(j.m.maxrss_kb, result.maxrss_kb)
    finally:
        for j in jobs:
            if j.edit is not None:
                j.edit.write_bytes(originals[id(j)])


def say(m: Measurement) -> None:
    med = m.median
    text = f"{med:.3f} s" if med is not None else f"FAILED ({m.error})"
    print(f"  {m.corpus:<34} {m.tool:<11} {m.mode:<11} {text}", flush=True)


# ---------------------------------------------------------------------------
# corpora
# ---------------------------------------------------------------------------


@dataclass
class CorpusTree:
    name: str
    path: Path
    manifest: dict[str, object]


def corpus_key(kind: str, seed: int, snf: float, sf: float) -> str:
    digest = hashlib.sha256(Path(generate.__file__).read_bytes())
    if kind == "flyteheavy":
        digest.update(str(generate.flyte_source_dir()).encode())
        try:
            digest.update(importlib.metadata.version("flyte").encode())
        except importlib.metadata.PackageNotFoundError:
            pass
    return f"{kind}-seed{seed}-nf{snf:g}-f{sf:g}-{digest.hexdigest()[:10]}"


def ensure_corpus(workdir: Path, kind: str, seed: int, snf: float = 1.0, sf: float = 1.0) -> CorpusTree:
    key = corpus_key(kind, seed, snf, sf)
    out = workdir / key
    marker = out / "BENCH_MANIFEST.json"
    label = kind if (snf, sf) == (1.0, 1.0) else f"{kind} (non-flyte x{snf:g}, flyte x{sf:g})"
    if marker.exists():
        manifest = json.loads(marker.read_text())
        print(f"[corpus] reusing {out}", flush=True)
    else:
        tmp = workdir / f".{key}.tmp"
        start = time.perf_counter()
        manifest = generate.generate(kind, tmp, seed, snf, sf)
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
        print(f"[corpus] generated {out} in {time.perf_counter() - start:.1f} s", flush=True)
    for stale in (CACHE_DIR_NAME, ".ruff_cache"):
        shutil.rmtree(out / stale, ignore_errors=True)
    return CorpusTree(label, out, manifest)


def precommit_target(tree: Path) -> Path:
    """A generated Flyte task module without a planted mistake, chosen stably."""
    candidates = sorted(p for p in tree.rglob("*_tasks.py") if "/flyte/" not in str(p))
    if not candidates:
        candidates = sorted(tree.rglob("*.py"))
    return candidates[len(candidates) // 2]


# ---------------------------------------------------------------------------
# the benchmark
# ---------------------------------------------------------------------------


@dataclass
class Tools:
    ruff: str | None
    flake8: list[str] | None
    fl: FlyteLint


def bench_corpus(c: CorpusTree, tools: Tools, repeat: int, with_precommit: bool = True) -> list[Measurement]:
    tree = c.path
    fl = tools.fl
    cache = tree / CACHE_DIR_NAME
    ruff_cache = tree / ".ruff_cache"
    print(
        f"[bench] {c.name}: {c.manifest.get('python_files')} files, {c.manifest.get('lines')} lines ({tree})",
        flush=True,
    )

    # 1. nothing cached: flyte-lint cold, ruff --no-cache, flake8, round-robin
    cold: list[Job] = []
    if fl.available:
        cold.append(
            Job(Measurement(c.name, "flyte-lint", "cold", fl.command(tree, ["."], True)), tree, fl.env, before=[cache])
        )
    if tools.ruff:
        cold.append(
            Job(
                Measurement(c.name, "ruff", "no-cache", [tools.ruff, "check", "--no-cache", "--isolated", "."]),
                tree,
                None,
            )
        )
    if tools.flake8:
        cold.append(Job(Measurement(c.name, "flake8", "-j 2", [*tools.flake8, "-j", "2", "."]), tree, None))
    measure(cold, repeat)
    for j in cold:
        say(j.m)
    if fl.available and cold[0].m.error is None:
        shutil.rmtree(cache, ignore_errors=True)
        cold[0].m.tree_peak_kb = sampled_tree_peak_kb(cold[0].m.command, tree, fl.env)

    # 2. caches primed, nothing changed: flyte-lint warm and ruff cached
    warm: list[Job] = []
    if fl.available:
        warm.append(Job(Measurement(c.name, "flyte-lint", "warm", fl.command(tree, ["."], False)), tree, fl.env))
        shutil.rmtree(cache, ignore_errors=True)
    if tools.ruff:
        warm.append(Job(Measurement(c.name, "ruff", "cached", [tools.ruff, "check", "--isolated", "."]), tree, None))
        shutil.rmtree(ruff_cache, ignore_errors=True)
    for j in warm:
        run_once(j.m.command, tree, j.env)  # prime
    measure(warm, repeat)
    for j in warm:
        say(j.m)

    # 3. pre-commit shape: one file changed, the rest cached, only that path given
    pre: list[Job] = []
    if fl.available and with_precommit:
        target = precommit_target(tree)
        rel = str(target.relative_to(tree))
        pre.append(
            Job(
                Measurement(c.name, "flyte-lint", "pre-commit", fl.command(tree, [rel], False)),
                tree,
                fl.env,
                edit=target,
            )
        )
        measure(pre, repeat)
        say(pre[0].m)
    return [j.m for j in cold + warm + pre]


def bench_scaling(trees: list[CorpusTree], tools: Tools, repeat: int) -> list[Measurement]:
    """flyte-lint cold on x1 and the x2 trees, round-robin."""
    fl = tools.fl
    if not fl.available:
        return []
    jobs = [
        Job(
            Measurement(t.name, "flyte-lint", "cold", fl.command(t.path, ["."], True)),
            t.path,
            fl.env,
            before=[t.path / CACHE_DIR_NAME],
        )
        for t in trees
    ]
    print("[bench] scaling: flyte-lint cold on " + ", ".join(t.name for t in trees), flush=True)
    measure(jobs, repeat)
    for j in jobs:
        say(j.m)
    return [j.m for j in jobs]


def find(ms: list[Measurement], corpus: str, tool: str, mode: str) -> float | None:
    for m in ms:
        if (m.corpus, m.tool, m.mode) == (corpus, tool, mode):
            return m.median
    return None


def ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt(x: float | None, spec: str = ".3f", suffix: str = "") -> str:
    return "-" if x is None else f"{x:{spec}}{suffix}"


def print_table(ms: list[Measurement]) -> None:
    header = (
        f"{'corpus':<34} {'tool':<11} {'mode':<11} {'median s':>9} "
        f"{'min s':>7} {'max s':>7} {'/ruff-nc':>9} {'/flake8':>8}"
    )
    print()
    print(header)
    print("-" * len(header))
    for m in ms:
        base_ruff = find(ms, m.corpus, "ruff", "no-cache")
        base_f8 = find(ms, m.corpus, "flake8", "-j 2")
        med = m.median
        lo = min(m.times) if m.times and m.error is None else None
        hi = max(m.times) if m.times and m.error is None else None
        print(
            f"{m.corpus:<34} {m.tool:<11} {m.mode:<11} "
            f"{fmt(med):>9} {fmt(lo):>7} {fmt(hi):>7} "
            f"{fmt(ratio(med, base_ruff), '.2f', 'x'):>9} "
            f"{fmt(ratio(med, base_f8), '.3f', 'x'):>8}" + ("" if m.error is None else "  FAILED")
        )


@dataclass
class Target:
    name: str
    value: str
    limit: str
    passed: bool | None  # None: not measured


def targets(ms: list[Measurement], mono: str, heavy: str, nf2: str, f2: str, fl_available: bool) -> list[Target]:
    res: list[Target] = []

    def add(name: str, value: float | None, limit: float, unit: str, better: str = "le") -> None:
        if value is None:
            res.append(
                Target(
                    name,
                    "n/a" if fl_available else "n/a (flyte-lint missing)",
                    f"{'<=' if better == 'le' else '<'} {limit:.3g}{unit}",
                    None,
                )
            )
            return
        passed = value <= limit if better == "le" else value < limit
        res.append(Target(name, f"{value:.3f}{unit}", f"{'<=' if better == 'le' else '<'} {limit:.3g}{unit}", passed))

    cold = find(ms, mono, "flyte-lint", "cold")
    add("monorepo cold / flake8", ratio(cold, find(ms, mono, "flake8", "-j 2")), 0.1, "x")
    add("monorepo cold / ruff --no-cache", ratio(cold, find(ms, mono, "ruff", "no-cache")), 4, "x")
    add(
        "monorepo warm / ruff cached",
        ratio(find(ms, mono, "flyte-lint", "warm"), find(ms, mono, "ruff", "cached")),
        3,
        "x",
    )
    add("monorepo pre-commit wall", find(ms, mono, "flyte-lint", "pre-commit"), 0.3, " s", "lt")
    add(
        "flyteheavy cold / flake8",
        ratio(find(ms, heavy, "flyte-lint", "cold"), find(ms, heavy, "flake8", "-j 2")),
        1 / 3,
        "x",
    )
    peak: float | None = None
    for m in ms:
        if (m.corpus, m.tool, m.mode) == (mono, "flyte-lint", "cold") and m.error is None:
            peak = max(m.maxrss_kb, m.tree_peak_kb or 0) * 1024 / MB
    add("monorepo peak memory", peak, 300, " MB", "lt")
    x1 = find(ms, SCALING_X1, "flyte-lint", "cold")
    add("non-flyte x2 cold / x1 cold", ratio(find(ms, nf2, "flyte-lint", "cold"), x1), 1.10, "x", "lt")
    add("flyte x2 cold / x1 cold", ratio(find(ms, f2, "flyte-lint", "cold"), x1), 2.0, "x")
    return res


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="flyte-lint vs ruff and flake8")
    parser.add_argument(
        "--corpus",
        choices=["monorepo", "flyteheavy", "graph", "all"],
        default="all",
        help="all = monorepo + flyteheavy (default)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "flyte-lint-bench",
        help="where corpora are generated and cached",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-scaling", action="store_true", help="skip the x2 scaling corpora")
    parser.add_argument("--json", type=Path, help="also save the results here")
    parser.add_argument(
        "--flyte-lint-cmd",
        metavar="CMD",
        help="command to run instead of `python -m flyte_lint` from this checkout, e.g. an installed `flyte-lint`",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    args.workdir.mkdir(parents=True, exist_ok=True)

    fl = detect_flyte_lint(shlex.split(args.flyte_lint_cmd) if args.flyte_lint_cmd else None)
    tools = Tools(tool_path("ruff"), flake8_command(), fl)
    versions = {
        "python": sys.version.split()[0],
        "flyte-lint": fl.version if fl.available else f"missing: {fl.reason}",
        "ruff": version_of([tools.ruff]) if tools.ruff else "missing",
        "flake8": version_of(tools.flake8) if tools.flake8 else "missing",
    }
    print(f"[tools] {json.dumps(versions)}")
    if tools.flake8 and "flyte" in versions["flake8"].lower():
        print("[tools] warning: flake8 loads the flyte-lint plugin; its time includes it")
    if fl.available and not fl.has_no_cache:
        print(f"[tools] flyte-lint has no --no-cache; cold runs delete {CACHE_DIR_NAME}")

    kinds = ["monorepo", "flyteheavy"] if args.corpus == "all" else [args.corpus]
    ms: list[Measurement] = []
    corpora: dict[str, dict[str, object]] = {}
    mono = heavy = nf2 = f2 = ""
    for kind in kinds:
        c = ensure_corpus(args.workdir, kind, args.seed)
        corpora[c.name] = {k: v for k, v in c.manifest.items() if k != "planted_mistakes"}
        ms += bench_corpus(c, tools, args.repeat, with_precommit=kind != "graph")
        if kind == "monorepo":
            mono = c.name
        elif kind == "flyteheavy":
            heavy = c.name
        if kind == "monorepo" and not args.no_scaling:
            nf = ensure_corpus(args.workdir, kind, args.seed, 2.0, 1.0)
            fx = ensure_corpus(args.workdir, kind, args.seed, 1.0, 2.0)
            x1 = CorpusTree(SCALING_X1, c.path, c.manifest)
            for t in (nf, fx):
                corpora[t.name] = {k: v for k, v in t.manifest.items() if k != "planted_mistakes"}
            ms += bench_scaling([x1, nf, fx], tools, args.repeat)
            nf2, f2 = nf.name, fx.name

    print_table(ms)
    if mono and not args.no_scaling:
        cold = find(ms, SCALING_X1, "flyte-lint", "cold")
        print()
        print("scaling (flyte-lint cold, medians of interleaved runs):")
        for label, other in (("non-flyte code x2", nf2), ("flyte code x2", f2)):
            o = find(ms, other, "flyte-lint", "cold")
            print(
                f"  {label:<18} x1 {fmt(cold, '.3f', ' s')}  x2 {fmt(o, '.3f', ' s')}  "
                f"ratio {fmt(ratio(o, cold), '.2f', 'x')}"
            )
    for m in ms:
        if m.tool == "flyte-lint" and m.mode == "cold" and m.error is None:
            tree = f", process-tree PSS peak {m.tree_peak_kb / 1024:.0f} MB" if m.tree_peak_kb else ""
            print(f"peak memory {m.corpus}: largest process {m.maxrss_kb / 1024:.0f} MB{tree}")

    checks = targets(ms, mono, heavy, nf2, f2, fl.available) if mono or heavy else []
    if checks:
        print()
        print("issue 7 targets:")
        for tg in checks:
            verdict = "-" if tg.passed is None else ("PASS" if tg.passed else "FAIL")
            print(f"  {verdict:<5} {tg.name:<34} {tg.value:>26}   (target {tg.limit})")

    if args.json:
        payload = {
            "machine": {"platform": platform.platform(), "cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "versions": versions,
            "repeat": args.repeat,
            "seed": args.seed,
            "corpora": corpora,
            "measurements": [{**asdict(m), "median": m.median} for m in ms],
            "targets": [asdict(t) for t in checks],
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
        print(f"\nresults saved to {args.json}")
    failed = [m for m in ms if m.error is not None]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
