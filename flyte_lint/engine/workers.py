"""The worker pool of a run (started on first use, shared by reading and extraction) and the work it takes:
extraction of many modules, and project-mode extraction split by folder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TypeVar

from ..cache import FlowStamp
from ..facts import ModuleFacts
from ..flow import ProjectFlow
from .reading import ReadFailure, decode_source, extract_job, read_file

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from .sources import Sources


_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


class Workers:
    """The run's worker processes, started on first use and shared by reading and extraction. The first use
    sizes the pool (a forked pool starts all its processes at once, and each start costs the parent a fork):
    no more processes than the cores, or ``--jobs``, or what that work can use."""

    def __init__(self, requested: int) -> None:
        self.count = requested or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None
        self._size = 0

    def size(self, useful: int) -> int:
        """How many processes work that could use ``useful`` of them would run on."""
        return self._size if self._pool is not None else max(1, min(self.count, useful))

    def map(
        self, function: Callable[[_Item], _Result], items: Sequence[_Item], useful: int, chunksize: int = 1
    ) -> list[_Result]:
        return list(self.submit(function, items, useful, chunksize))

    def submit(
        self, function: Callable[[_Item], _Result], items: Sequence[_Item], useful: int, chunksize: int = 1
    ) -> Iterator[_Result]:
        """Start the work on the pool and return at once; the results come, in order, from the iterator."""
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor  # here: its import costs a cached run ~10 ms

            self._size = self.size(useful)
            context = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
            self._pool = ProcessPoolExecutor(max_workers=self._size, mp_context=context)
        return self._pool.map(function, items, chunksize=chunksize)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def flow_through_project(
    modules: dict[str, ModuleFacts],
    flowing: set[str],
    flow: ProjectFlow,
    sources: Sources,
    stats: dict[str, tuple[int, int]],
    workers: Workers,
) -> None:
    """Facts of the modules that import from the project, with the values of those imports: from the cache
    when none of the modules they were computed from changed, else extracted in project mode."""

    def stamp(paths: Iterable[str]) -> FlowStamp | None:
        found = []
        for path in paths:
            stat = stats.get(path)
            if stat is None:
                return None  # not stat-ed in this run (no cache, or stdin): cannot be compared
            found.append((path, stat[0], stat[1]))
        return tuple(found)

    todo: list[str] = []
    for key in sorted(flowing):
        cached = sources.cached_flowed(key)
        if cached is not None and stamp(path for path, _, _ in cached[0]) == cached[0]:
            modules[key] = cached[1]
        else:
            todo.append(key)
    results = _flow_on_workers(todo, flow, sources, workers) if todo else []
    if results is None:  # in this process: one flow sees every module (and every patch of a setting)
        results = []
        extracted = [key for key in todo if flow.facts(key) is not None]  # None: unreadable, reported already
        # A module read a setting that another module, extracted later, sets at import: read it again.
        flow.settle()
        for key in extracted:
            facts = flow.facts(key)
            assert facts is not None
            results.append((key, facts, flow.sources_of(key), False))
    for key, facts, used, _ in results:
        modules[key] = facts
        recorded = stamp(used)
        if recorded is not None:
            sources.store_flowed(key, recorded, facts)


# Below this many modules to extract in project mode, the worker pool's start-up costs more than it saves.
PARALLEL_FLOW_MODULES = 40


_FlowResult = tuple[str, ModuleFacts, list[str], bool]  # path, facts, modules its values came from, patched


def _flow_on_workers(
    todo: list[str], flow: ProjectFlow, sources: Sources, workers: Workers
) -> list[_FlowResult] | None:
    """Project-mode extraction on the worker pool: the modules are split by folder (a package's modules and
    the ones they import from mostly go together), each worker runs its own flow. None when it is not worth
    it, when the text of a module is only in this process (stdin), or when some module sets another module's
    settings at import (then one flow must see them all, in this process)."""
    processes = workers.size(max(1, len(todo) // PARALLEL_FLOW_MODULES))
    if processes <= 1 or len(todo) < PARALLEL_FLOW_MODULES or sources.has_unsaved_text():
        return None
    groups: dict[str, list[str]] = {}
    for key in todo:
        groups.setdefault(os.path.dirname(key), []).append(key)
    shares: list[list[str]] = [[] for _ in range(processes * 2)]
    for folder in sorted(groups, key=lambda f: (-len(groups[f]), f)):
        min(shares, key=len).extend(groups[folder])
    jobs = [(share, flow.names_by_path) for share in shares if share]
    results = [result for batch in workers.submit(_flow_job, jobs, processes) for result in batch]
    if any(patched for _, _, _, patched in results):
        return None
    return results


def _flow_job(job: tuple[list[str], dict[str, list[str]]]) -> list[_FlowResult]:
    keys, names_by_path = job

    def read(path: str) -> str | None:
        data = read_file(path)
        if isinstance(data, ReadFailure):
            return None
        text = decode_source(data)
        return None if isinstance(text, ReadFailure) else text

    flow = ProjectFlow(read, names_by_path)
    extracted = [key for key in keys if flow.facts(key) is not None]
    flow.settle()
    patched = bool(flow.patches)
    found: list[_FlowResult] = []
    for key in extracted:
        facts = flow.facts(key)
        assert facts is not None
        found.append((key, facts, flow.sources_of(key), patched))
    return found


def extract_all(jobs: Sequence[tuple[str, str | None, bytes]], workers: Workers) -> Iterable[ModuleFacts | ReadFailure]:
    """Facts of each job, in order. On the worker pool the work starts here and the results are collected
    when iterated, so the caller can do other work (the project-mode modules) in the meantime."""
    total = sum(len(job[2]) for job in jobs)
    # Worker start-up costs ~0.1 s; only worth it for a few hundred kB of source.
    processes = workers.size(len(jobs) // 4)
    if processes <= 1 or len(jobs) < 8 or total < 400_000:
        return (extract_job(job) for job in jobs)
    return workers.submit(extract_job, jobs, processes, chunksize=max(1, len(jobs) // (processes * 4)))
