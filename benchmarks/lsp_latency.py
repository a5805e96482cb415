"""Language-server latency (issue 17): the time from a ``textDocument/didChange`` to the
``textDocument/publishDiagnostics`` for that version, on a 1,000-line file of a 1,000-module project
(``lsp_tree.py``), warm (the server has linted the project once). Target: under 150 ms.

    python benchmarks/lsp_latency.py [--edits 40] [--workdir DIR] [--json OUT]

The server runs as ``python -m flyte_lint server`` with this interpreter, driven over stdio by pygls' own
client; each edit is an incremental change of one line (new text each time, as typing makes). For scale, the
same file is also checked by two one-shot commands on the same tree, each timed as a whole process:
``flyte-lint --stdin-filename`` (what an editor without the server runs per change) and ``ruff check`` of
that one file (a native linter's start-up plus one file).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from lsp_tree import BIG_FILE, big_module, write_tree

REPOSITORY = Path(__file__).resolve().parent.parent
SERVER_COMMAND = [sys.executable, "-m", "flyte_lint", "server"]
TARGET_MS = 150.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median_ms": statistics.median(values) * 1000,
        "p90_ms": percentile(values, 0.9) * 1000,
        "min_ms": min(values) * 1000,
        "max_ms": max(values) * 1000,
    }


async def server_latencies(tree: Path, edits: int, warmup: int) -> tuple[float, list[float]]:
    """(seconds to the first diagnostics after didOpen (cold server), seconds per timed edit)."""
    big = tree / BIG_FILE
    uri = big.as_uri()
    published: dict[int, asyncio.Future[float]] = {}
    client = LanguageClient("lsp-latency", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        waiting = published.get(params.version) if params.uri == uri and params.version is not None else None
        if waiting is not None and not waiting.done():
            waiting.set_result(time.perf_counter())

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        if params.type == types.MessageType.Error:
            print(f"server: {params.message}", file=sys.stderr)

    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    await client.start_io(*SERVER_COMMAND, env=env, cwd=str(tree))
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(version_support=True)
        )
    )
    await client.initialize_async(
        types.InitializeParams(capabilities=capabilities, root_uri=tree.as_uri(), process_id=os.getpid())
    )
    client.initialized(types.InitializedParams())
    loop = asyncio.get_running_loop()

    async def wait_for(version: int) -> float:
        return await asyncio.wait_for(published.setdefault(version, loop.create_future()), 120)

    text = big_module(0)
    published[1] = loop.create_future()
    started = time.perf_counter()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=text)
        )
    )
    cold = await wait_for(1) - started
    times: list[float] = []
    edit_line = text.splitlines().index("# edit 0")
    for edit in range(1, warmup + edits + 1):
        version = edit + 1
        published[version] = loop.create_future()
        started = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangePartial(
                        range=types.Range(
                            start=types.Position(line=edit_line, character=0),
                            end=types.Position(line=edit_line + 1, character=0),
                        ),
                        text=f"# edit {edit}\n",
                    )
                ],
            )
        )
        elapsed = await wait_for(version) - started
        if edit > warmup:
            times.append(elapsed)
        await asyncio.sleep(0.05)  # a typist's pause: the server is idle when the next key comes
    server = client._server  # the server's process, for its peak memory (Linux only)
    status = Path(f"/proc/{server.pid}/status") if server is not None else None
    if status is not None and status.exists():
        peak = next((line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM")), None)
        if peak is not None:
            print(f"server peak memory (VmHWM): {int(peak) // 1024} MB")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return cold, times


def process_times(command: list[str], cwd: Path, runs: int, stdin: str | None = None) -> list[float]:
    times = []
    for _ in range(runs + 1):  # the first run is not timed (page cache)
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - started)
    return times[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=40, help="timed edits (default 40)")
    parser.add_argument("--warmup", type=int, default=5, help="untimed edits after the first lint (default 5)")
    parser.add_argument("--peer-runs", type=int, default=10, help="timed runs of each one-shot command")
    parser.add_argument("--workdir", type=Path, help="where the tree is made (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="flyte-lint-lsp-"))
    tree = workdir / "lsp-tree"
    shutil.rmtree(tree, ignore_errors=True)
    tree.mkdir(parents=True)
    write_tree(tree)
    print(f"tree: {tree} (1,000 modules; edited file {BIG_FILE}, 1,000 lines)")
    # A cache on disk from one command-line run first, as a project that has been linted before has.
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    subprocess.run([sys.executable, "-m", "flyte_lint", "."], cwd=tree, env=env, capture_output=True, check=False)

    cold, times = asyncio.run(server_latencies(tree, args.edits, args.warmup))
    server = summary(times)
    results: dict[str, object] = {"server_first_diagnostics_s": cold, "server": server}
    print(f"\ncommand: {' '.join(['python', '-m', 'flyte_lint', 'server'])}  (driven by {Path(__file__).name})")
    print(f"first diagnostics after didOpen (cold server, cache on disk): {cold * 1000:.0f} ms")
    print(
        f"didChange -> publishDiagnostics, warm, {len(times)} edits: median {server['median_ms']:.1f} ms, "
        f"p90 {server['p90_ms']:.1f} ms (min {server['min_ms']:.1f}, max {server['max_ms']:.1f}); "
        f"target < {TARGET_MS:.0f} ms: {'PASS' if server['median_ms'] < TARGET_MS else 'FAIL'}"
    )

    peers: dict[str, list[str]] = {
        "flyte-lint --stdin-filename (one-shot)": [
            sys.executable,
            "-m",
            "flyte_lint",
            "--stdin-filename",
            str(BIG_FILE),
            "-",
        ],
    }
    ruff = shutil.which("ruff") or (str(Path(sys.executable).parent / "ruff"))
    if Path(ruff).exists():
        peers["ruff check (one file)"] = [ruff, "check", "--isolated", "--no-cache", str(BIG_FILE)]
    for name, command in peers.items():
        stdin = big_module(10_000) if "--stdin-filename" in command else None
        try:
            peer = summary(process_times(command, tree, args.peer_runs, stdin))
        except OSError as error:
            print(f"{name}: could not run ({error})")
            continue
        results[name] = peer
        ratio = server["median_ms"] / peer["median_ms"]
        print(
            f"{name}: `{' '.join(Path(c).name if i == 0 else c for i, c in enumerate(command))}`: "
            f"median {peer['median_ms']:.1f} ms, p90 {peer['p90_ms']:.1f} ms; server / this = {ratio:.2f}x"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if server["median_ms"] < TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
