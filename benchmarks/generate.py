"""Seeded, reproducible corpus generator for the flyte-lint benchmarks.

Corpora:

* ``monorepo``: about 1,500 modules and 200k lines; about 10% of the modules use
  the Flyte 2 SDK (environments, tasks, overrides, ``flyte.map``, cross-module
  environment imports with ``depends_on``, ``clone_with``) with a few planted
  mistakes; the rest is ordinary Python.
* ``flyteheavy``: the installed ``flyte`` package's own source tree (copied at
  generation time) plus about 300 generated task modules.
* ``graph``: 2,000 modules, 500 environments, 20,000 tasks, cross-module
  environment imports and ``depends_on`` chains (project-graph benchmark).

Every file is a pure function of (corpus, seed, scale, module index): the same
arguments always produce byte-identical trees. A ``BENCH_MANIFEST.json`` at the
root lists the parameters, counts and the planted mistakes.

Usage::

    python benchmarks/generate.py monorepo OUT_DIR --seed 1 \
        [--scale-nonflyte 1.0] [--scale-flyte 1.0]
    python benchmarks/generate.py flyteheavy OUT_DIR --seed 1
    python benchmarks/generate.py graph OUT_DIR --seed 1
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = "3"

# ---------------------------------------------------------------------------
# vocabulary
# ---------------------------------------------------------------------------

NOUNS = [
    "order",
    "invoice",
    "customer",
    "account",
    "shipment",
    "report",
    "ledger",
    "metric",
    "batch",
    "session",
    "token",
    "record",
    "profile",
    "item",
    "price",
    "discount",
    "region",
    "warehouse",
    "vendor",
    "payment",
    "event",
    "job",
    "schedule",
    "signal",
    "feature",
    "sample",
    "dataset",
    "score",
    "route",
    "carrier",
    "parcel",
    "coupon",
    "refund",
    "quote",
    "contract",
    "asset",
    "device",
    "reading",
    "alert",
    "ticket",
    "article",
    "review",
    "rating",
    "listing",
    "cart",
    "basket",
    "tariff",
    "rule",
    "policy",
    "claim",
    "member",
    "visit",
    "message",
    "channel",
    "segment",
    "campaign",
]
VERBS = [
    "load",
    "parse",
    "build",
    "compute",
    "merge",
    "validate",
    "normalize",
    "render",
    "fetch",
    "store",
    "update",
    "resolve",
    "collect",
    "filter",
    "group",
    "summarize",
    "encode",
    "decode",
    "split",
    "rank",
    "enrich",
    "reconcile",
    "dedupe",
    "index",
    "score",
    "export",
    "import",
    "sync",
]
ADJECTIVES = [
    "raw",
    "clean",
    "active",
    "pending",
    "daily",
    "total",
    "primary",
    "cached",
    "remote",
    "local",
    "stale",
    "partial",
    "final",
    "weekly",
]
DOMAINS = [
    "billing",
    "catalog",
    "checkout",
    "fulfillment",
    "identity",
    "inventory",
    "logistics",
    "marketing",
    "payments",
    "pricing",
    "reporting",
    "search",
    "support",
    "analytics",
    "notifications",
    "compliance",
]
SUBPACKAGES = [
    "core",
    "models",
    "services",
    "adapters",
    "utils",
    "api",
    "storage",
    "jobs",
    "rules",
    "views",
    "clients",
    "schemas",
]
PIPELINES = [
    "fraud",
    "churn",
    "forecast",
    "recs",
    "etl",
    "pricing",
    "ranking",
    "anomaly",
    "segments",
    "ltv",
    "nlp",
    "vision",
    "ingest",
    "attribution",
    "inventory",
    "search",
    "quality",
    "backfill",
    "embeddings",
    "reporting",
]
FIELD_TYPES = [
    ("str", '""', "str({src})"),
    ("int", "0", "int({src})"),
    ("float", "0.0", "float({src})"),
    ("bool", "False", "bool({src})"),
]
STATUSES = [
    "pending",
    "active",
    "paused",
    "failed",
    "done",
    "archived",
    "queued",
    "expired",
]
PIP_PACKAGES = [
    "pandas",
    "pyarrow",
    "numpy",
    "scikit-learn",
    "polars",
    "httpx",
    "pydantic",
    "duckdb",
    "torch",
    "transformers",
    "xgboost",
    "boto3",
]
GPUS = ["A10G:1", "L4:1", "T4:1", "A100:1", "H100:1"]

NONFLYTE_BASE_MODULES = 1350
PACKAGE_SIZE = 18
FLYTE_BASE_GROUPS = 15
FLYTE_TASK_MODULES = 7

# A monorepo keeps one: every tool that walks the tree (ruff, flyte-lint) reads and applies it. Its patterns
# match nothing generated here, so it changes what is checked by nothing, only what walking costs.
MONOREPO_GITIGNORE = """\
# Python
__pycache__/
*.py[cod]
*$py.class
*.so
*.egg
*.egg-info/
.eggs/
build/
dist/
wheels/
pip-wheel-metadata/
# environments
.env
.venv/
env/
venv/
ENV/
# test and coverage output
.tox/
.nox/
.coverage
.coverage.*
htmlcov/
.pytest_cache/
.hypothesis/
coverage.xml
*.cover
# tools
.mypy_cache/
.ruff_cache/
.pyre/
.ipynb_checkpoints/
# editors and systems
.idea/
.vscode/
*.swp
.DS_Store
# local data and notebooks
/data/
/scratch/
*.parquet
*.log
generated_*.py
!generated_schema.py
"""


def cap(word: str) -> str:
    return "".join(part.capitalize() for part in word.split("_"))


def plural(word: str) -> str:
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch")):
        return word + "es"
    return word + "s"


def make_rng(seed: int, *parts: object) -> random.Random:
    """A random stream that depends only on the seed and the given parts."""
    key = ":".join([str(seed), *[str(p) for p in parts]])
    return random.Random(key)


# ---------------------------------------------------------------------------
# imports bookkeeping
# ---------------------------------------------------------------------------


@dataclass
class Imports:
    """Collects what a module uses; renders an isort-like import header."""

    plain: set[str] = field(default_factory=set)
    from_std: dict[str, set[str]] = field(default_factory=dict)
    third: set[str] = field(default_factory=set)
    from_third: dict[str, set[str]] = field(default_factory=dict)
    local: dict[str, set[str]] = field(default_factory=dict)
    future: bool = True

    def imp(self, module: str) -> None:
        self.plain.add(module)

    def frm(self, module: str, *names: str) -> None:
        self.from_std.setdefault(module, set()).update(names)

    def third_imp(self, line: str) -> None:
        self.third.add(line)

    def third_frm(self, module: str, *names: str) -> None:
        self.from_third.setdefault(module, set()).update(names)

    def loc(self, module: str, *names: str) -> None:
        self.local.setdefault(module, set()).update(names)

    def render(self) -> str:
        blocks: list[list[str]] = []
        if self.future:
            blocks.append(["from __future__ import annotations"])
        std = [f"import {m}" for m in sorted(self.plain)]
        std += [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(self.from_std.items())]
        third = sorted(self.third)
        third += [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(self.from_third.items())]
        local = [f"from {m} import {', '.join(sorted(n))}" for m, n in sorted(self.local.items())]
        for block in (std, third, local):
            if block:
                blocks.append(block)
        return "\n\n".join("\n".join(wrap_import(b)) for b in blocks)


def wrap_import(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if len(line) <= 79 or not line.startswith("from "):
            out.append(line)
            continue
        head, names = line.split(" import ", 1)
        out.append(f"{head} import (")
        out.extend(f"    {n}," for n in names.split(", "))
        out.append(")")
    return out


@dataclass
class Names:
    """Unique identifiers within one module."""

    used: set[str] = field(default_factory=set)

    def take(self, base: str) -> str:
        name = base
        i = 2
        while name in self.used:
            name = f"{base}_{i}" if base[0].islower() else f"{base}{i}"
            i += 1
        self.used.add(name)
        return name


# ---------------------------------------------------------------------------
# ordinary Python chunks
# ---------------------------------------------------------------------------


@dataclass
class ModuleSpec:
    index: int
    package: str  # dotted
    name: str  # module name without .py
    primary: str  # name of its primary function
    noun: str
    is_init: bool = False
    is_test: bool = False

    @property
    def dotted(self) -> str:
        return self.package if self.is_init else f"{self.package}.{self.name}"

    @property
    def path(self) -> str:
        base = self.package.replace(".", "/")
        return f"{base}/__init__.py" if self.is_init else f"{base}/{self.name}.py"


@dataclass
class Ctx:
    rng: random.Random
    imports: Imports
    names: Names
    noun: str
    mention_flyte: bool = False


def chunk_constants(c: Ctx) -> str:
    n = c.noun.upper()
    c.imports.imp("re")
    limit = c.names.take(f"DEFAULT_{n}_LIMIT")
    prefix = c.names.take(f"{n}_PREFIX")
    pattern = c.names.take(f"_{n}_PATTERN")
    supported = c.names.take(f"SUPPORTED_{n}_KINDS")
    kinds = c.rng.sample(STATUSES, 4)
    lines = [
        f"{limit} = {c.rng.choice([50, 100, 250, 500, 1000])}",
        f'{prefix} = "{c.noun[:3]}"',
        f'{pattern} = re.compile(r"^{c.noun[:3]}-[0-9]{{4,8}}$")',
        f"{supported}: frozenset[str] = frozenset(",
        f"    {{{', '.join(repr(k) for k in kinds)}}}",
        ")",
    ]
    if c.mention_flyte:
        lines.append('ORCHESTRATOR = "flyte"  # scheduled by the platform team')
    lines += [
        "",
        "",
        f"def {c.names.take(f'is_valid_{c.noun}_key')}(key: str) -> bool:",
        f'    """Return True when ``key`` looks like a {c.noun} key."""',
        f"    return bool({pattern}.match(key))",
    ]
    return "\n".join(lines)


def chunk_enum(c: Ctx) -> str:
    c.imports.frm("enum", "Enum")
    cls = c.names.take(f"{cap(c.noun)}Status")
    values = c.rng.sample(STATUSES, c.rng.randint(3, 6))
    terminal = values[-2:]
    body = [f"class {cls}(str, Enum):", f'    """Lifecycle of a {c.noun}."""', ""]
    body += [f'    {v.upper()} = "{v}"' for v in values]
    body += [
        "",
        "    @property",
        "    def is_terminal(self) -> bool:",
        "        return self in (",
    ]
    body += [f"            {cls}.{v.upper()}," for v in terminal]
    body += [
        "        )",
        "",
        "    @classmethod",
        f"    def parse(cls, value: str) -> {cls}:",
        "        cleaned = value.strip().lower()",
        "        for member in cls:",
        "            if member.value == cleaned:",
        "                return member",
        f'        raise ValueError(f"unknown {c.noun} status: {{value!r}}")',
    ]
    return "\n".join(body)


def chunk_dataclass(c: Ctx) -> str:
    c.imports.frm("dataclasses", "dataclass", "field")
    c.imports.frm("typing", "Any")
    c.imports.frm("collections.abc", "Mapping")
    suffix = c.rng.choice(["", "Record", "Snapshot", "Summary", "Entry", "Row"])
    cls = c.names.take(f"{cap(c.noun)}{suffix}")
    frozen = c.rng.random() < 0.4
    nfields = c.rng.randint(3, 7)
    fields: list[tuple[str, str, str, str]] = []
    pool = [
        "id",
        "name",
        "owner",
        "amount",
        "count",
        "ratio",
        "enabled",
        "region",
        "source",
        "weight",
        "priority",
        "label",
        "version",
    ]
    for fname in c.rng.sample(pool, nfields):
        typ, default, conv = c.rng.choice(FIELD_TYPES)
        fields.append((fname, typ, default, conv))
    deco = "@dataclass(frozen=True)" if frozen else "@dataclass"
    lines = [deco, f"class {cls}:", f'    """A {c.noun} as stored downstream."""', ""]
    for i, (fname, typ, default, _conv) in enumerate(fields):
        if i < 2:
            lines.append(f"    {fname}: {typ}")
        else:
            lines.append(f"    {fname}: {typ} = {default}")
    lines.append("    tags: list[str] = field(default_factory=list)")
    lines += [
        "",
        "    @property",
        "    def tag_count(self) -> int:",
        "        return len(self.tags)",
        "",
        "    def to_dict(self) -> dict[str, Any]:",
        "        return {",
    ]
    lines += [f'            "{f[0]}": self.{f[0]},' for f in fields]
    lines += [
        '            "tags": list(self.tags),',
        "        }",
        "",
        "    @classmethod",
        f"    def from_dict(cls, data: Mapping[str, Any]) -> {cls}:",
        "        return cls(",
    ]
    for i, (fname, _typ, default, conv) in enumerate(fields):
        src = f'data["{fname}"]' if i < 2 else f'data.get("{fname}", {default})'
        lines.append(f"            {fname}={conv.format(src=src)},")
    lines += [
        '            tags=[str(t) for t in data.get("tags", ())],',
        "        )",
    ]
    if not frozen:
        lines += [
            "",
            "    def add_tag(self, tag: str) -> None:",
            "        tag = tag.strip().lower()",
            "        if tag and tag not in self.tags:",
            "            self.tags.append(tag)",
        ]
    return "\n".join(lines)


def chunk_service(c: Ctx) -> str:
    c.imports.imp("logging")
    c.imports.frm("collections", "defaultdict")
    role = c.rng.choice(["Registry", "Tracker", "Aggregator", "Store", "Index", "Manager", "Buffer", "Counter"])
    cls = c.names.take(f"{cap(c.noun)}{role}")
    lines = [
        f"class {cls}:",
        f'    """Keeps {plural(c.noun)} grouped by key, bounded per key."""',
        "",
        "    def __init__(self, name: str, limit: int = 100) -> None:",
        "        self._name = name",
        "        self._limit = limit",
        "        self._items: dict[str, list[int]] = defaultdict(list)",
        "        self._log = logging.getLogger(__name__)",
        "",
        "    def add(self, key: str, value: int) -> None:",
        "        if value < 0:",
        '            raise ValueError(f"negative value for {key!r}: {value}")',
        "        bucket = self._items[key]",
        "        bucket.append(value)",
        "        if len(bucket) > self._limit:",
        '            self._log.debug("trimming %s in %s", key, self._name)',
        "            del bucket[0]",
        "",
        "    def total(self, key: str) -> int:",
        "        return sum(self._items.get(key, ()))",
    ]
    extras = c.rng.sample(range(6), c.rng.randint(2, 5))
    for e in extras:
        if e == 0:
            lines += [
                "",
                "    def top(self, n: int = 5) -> list[tuple[str, int]]:",
                "        ranked = sorted(",
                "            ((k, sum(v)) for k, v in self._items.items()),",
                "            key=lambda kv: kv[1],",
                "            reverse=True,",
                "        )",
                "        return ranked[:n]",
            ]
        elif e == 1:
            lines += [
                "",
                "    def __len__(self) -> int:",
                "        return sum(len(v) for v in self._items.values())",
                "",
                "    def __repr__(self) -> str:",
                f'        return f"{cls}({{self._name!r}}, keys={{len(self._items)}})"',
            ]
        elif e == 2:
            lines += [
                "",
                f"    def merge(self, other: {cls}) -> None:",
                "        for key, values in other._items.items():",
                "            for value in values:",
                "                self.add(key, value)",
            ]
        elif e == 3:
            lines += [
                "",
                "    def drop_below(self, threshold: int) -> int:",
                "        dropped = 0",
                "        for key in list(self._items):",
                "            kept = [v for v in self._items[key] if v >= threshold]",
                "            dropped += len(self._items[key]) - len(kept)",
                "            if kept:",
                "                self._items[key] = kept",
                "            else:",
                "                del self._items[key]",
                "        return dropped",
            ]
        elif e == 4:
            lines += [
                "",
                "    def averages(self) -> dict[str, float]:",
                "        return {",
                "            key: sum(values) / len(values)",
                "            for key, values in self._items.items()",
                "            if values",
                "        }",
            ]
        else:
            lines += [
                "",
                "    def snapshot(self) -> dict[str, list[int]]:",
                "        try:",
                "            return {k: list(v) for k, v in self._items.items()}",
                "        finally:",
                '            self._log.info("snapshot of %s taken", self._name)',
            ]
    return "\n".join(lines)


def chunk_collection_fn(c: Ctx) -> str:
    c.imports.frm("typing", "Any")
    c.imports.frm("collections.abc", "Iterable", "Mapping")
    verb = c.rng.choice(VERBS)
    fn = c.names.take(f"{verb}_{plural(c.noun)}_by_key")
    key = c.rng.choice(["region", "owner", "source", "status", "kind"])
    variant = c.rng.randint(0, 2)
    lines = [
        f"def {fn}(",
        "    rows: Iterable[Mapping[str, Any]],",
        f'    key: str = "{key}",',
        ") -> dict[str, list[Mapping[str, Any]]]:",
        f'    """Group {plural(c.noun)} by ``key``; rows without it are skipped."""',
        "    grouped: dict[str, list[Mapping[str, Any]]] = {}",
        "    for row in rows:",
        "        value = row.get(key)",
        "        if value is None:",
        "            continue",
        "        grouped.setdefault(str(value), []).append(row)",
    ]
    if variant == 0:
        lines += [
            "    return {",
            '        k: sorted(v, key=lambda r: str(r.get("id", "")))',
            "        for k, v in grouped.items()",
            "    }",
        ]
    elif variant == 1:
        lines += [
            "    largest = max((len(v) for v in grouped.values()), default=0)",
            "    if largest > 10_000:",
            '        raise OverflowError(f"group too large: {largest}")',
            "    return grouped",
        ]
    else:
        lines += [
            "    return dict(sorted(grouped.items(), key=lambda kv: -len(kv[1])))",
        ]
    fn2 = c.names.take(f"count_{plural(c.noun)}")
    lines += [
        "",
        "",
        f"def {fn2}(groups: Mapping[str, list[Any]]) -> list[tuple[str, int]]:",
        "    counts = [(name, len(items)) for name, items in groups.items()]",
        "    counts.sort(key=lambda pair: (-pair[1], pair[0]))",
        "    return counts",
    ]
    return "\n".join(lines)


def chunk_strings(c: Ctx) -> str:
    picks = c.rng.sample(range(6), c.rng.randint(2, 4))
    out: list[str] = []
    for p in picks:
        if p == 0:
            c.imports.imp("re")
            fn = c.names.take(f"slugify_{c.noun}")
            out.append(
                "\n".join(
                    [
                        f"def {fn}(text: str, max_length: int = 64) -> str:",
                        '    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")',
                        "    if len(slug) > max_length:",
                        '        slug = slug[:max_length].rstrip("-")',
                        f'    return slug or "{c.noun}"',
                    ]
                )
            )
        elif p == 1:
            fn = c.names.take(f"parse_{c.noun}_options")
            out.append(
                "\n".join(
                    [
                        f"def {fn}(spec: str) -> dict[str, str]:",
                        '    """Parse ``a=1, b=two`` into a dict; bare words map to ``"true"``."""',
                        "    options: dict[str, str] = {}",
                        '    for part in spec.split(","):',
                        "        part = part.strip()",
                        "        if not part:",
                        "            continue",
                        '        name, sep, value = part.partition("=")',
                        '        options[name.strip()] = value.strip() if sep else "true"',
                        "    return options",
                    ]
                )
            )
        elif p == 2:
            fn = c.names.take(f"format_{c.noun}_table")
            out.append(
                "\n".join(
                    [
                        f"def {fn}(rows: list[tuple[str, float]]) -> str:",
                        "    if not rows:",
                        '        return "(empty)"',
                        "    width = max(len(name) for name, _ in rows)",
                        "    lines = [",
                        '        f"{name.ljust(width)}  {value:>12,.2f}"',
                        "        for name, value in rows",
                        "    ]",
                        "    header = f\"{'name'.ljust(width)}  {'value':>12}\"",
                        '    return "\\n".join([header, "-" * len(header), *lines])',
                    ]
                )
            )
        elif p == 3:
            fn = c.names.take(f"mask_{c.noun}_id")
            out.append(
                "\n".join(
                    [
                        f"def {fn}(identifier: str, visible: int = 4) -> str:",
                        "    if len(identifier) <= visible:",
                        "        return identifier",
                        '    return "*" * (len(identifier) - visible) + identifier[-visible:]',
                    ]
                )
            )
        elif p == 4:
            fn = c.names.take(f"wrap_{c.noun}_text")
            out.append(
                "\n".join(
                    [
                        f"def {fn}(text: str, width: int = 72) -> list[str]:",
                        "    words = text.split()",
                        "    lines: list[str] = []",
                        "    current: list[str] = []",
                        "    for word in words:",
                        '        if current and len(" ".join([*current, word])) > width:',
                        '            lines.append(" ".join(current))',
                        "            current = []",
                        "        current.append(word)",
                        "    if current:",
                        '        lines.append(" ".join(current))',
                        "    return lines",
                    ]
                )
            )
        else:
            c.imports.imp("re")
            fn = c.names.take(f"camel_to_snake_{c.noun}")
            out.append(
                "\n".join(
                    [
                        f"def {fn}(name: str) -> str:",
                        '    first = re.sub(r"(.)([A-Z][a-z]+)", r"\\1_\\2", name)',
                        '    return re.sub(r"([a-z0-9])([A-Z])", r"\\1_\\2", first).lower()',
                    ]
                )
            )
    return "\n\n\n".join(out)


def chunk_exceptions(c: Ctx) -> str:
    base = c.names.take(f"{cap(c.noun)}Error")
    subs = c.rng.sample(["NotFound", "Conflict", "Invalid", "Expired", "Locked"], 2)
    lines = [
        f"class {base}(Exception):",
        f'    """Base class for {c.noun} errors."""',
        "",
        '    def __init__(self, key: str, detail: str = "") -> None:',
        '        super().__init__(f"{key}: {detail}" if detail else key)',
        "        self.key = key",
        "        self.detail = detail",
    ]
    for s in subs:
        name = c.names.take(f"{cap(c.noun)}{s}Error")
        lines += ["", "", f"class {name}({base}):", "    pass"]
    return "\n".join(lines)


def chunk_typed(c: Ctx) -> str:
    kind = c.rng.randint(0, 2)
    if kind == 0:
        c.imports.frm("typing", "NamedTuple")
        cls = c.names.take(f"{cap(c.noun)}Key")
        return "\n".join(
            [
                f"class {cls}(NamedTuple):",
                "    tenant: str",
                "    region: str",
                "    ident: int",
                "",
                "    def __str__(self) -> str:",
                '        return f"{self.tenant}/{self.region}/{self.ident:08d}"',
                "",
                "    @classmethod",
                f"    def parse(cls, text: str) -> {cls}:",
                '        tenant, region, ident = text.split("/")',
                "        return cls(tenant, region, int(ident))",
            ]
        )
    if kind == 1:
        c.imports.frm("typing", "TypedDict")
        cls = c.names.take(f"{cap(c.noun)}Payload")
        keys = c.rng.sample(["id", "name", "amount", "currency", "created_at", "updated_at", "owner", "notes"], 4)
        return "\n".join([f"class {cls}(TypedDict, total=False):"] + [f"    {k}: str" for k in keys])
    c.imports.frm("typing", "Protocol")
    cls = c.names.take(f"{cap(c.noun)}Sink")
    return "\n".join(
        [
            f"class {cls}(Protocol):",
            "    def write(self, key: str, payload: bytes) -> None: ...",
            "",
            "    def flush(self) -> int: ...",
        ]
    )


def chunk_generator(c: Ctx) -> str:
    c.imports.imp("itertools")
    c.imports.frm("collections.abc", "Iterable", "Iterator")
    fn = c.names.take(f"chunk_{plural(c.noun)}")
    fn2 = c.names.take(f"window_{plural(c.noun)}")
    return "\n".join(
        [
            f"def {fn}(items: Iterable[str], size: int) -> Iterator[list[str]]:",
            "    if size <= 0:",
            '        raise ValueError("size must be positive")',
            "    iterator = iter(items)",
            "    while batch := list(itertools.islice(iterator, size)):",
            "        yield batch",
            "",
            "",
            f"def {fn2}(values: list[float], width: int = 3) -> list[float]:",
            "    if width > len(values):",
            "        return []",
            "    return [",
            "        sum(values[i : i + width]) / width",
            "        for i in range(len(values) - width + 1)",
            "    ]",
        ]
    )


def chunk_async(c: Ctx) -> str:
    c.imports.imp("asyncio")
    fn = c.names.take(f"fetch_{plural(c.noun)}_concurrently")
    helper = c.names.take(f"_fetch_one_{c.noun}")
    return "\n".join(
        [
            f"async def {helper}(key: str, delay: float) -> tuple[str, int]:",
            "    await asyncio.sleep(delay)",
            "    return key, len(key)",
            "",
            "",
            f"async def {fn}(",
            "    keys: list[str], limit: int = 8, delay: float = 0.0",
            ") -> dict[str, int]:",
            "    semaphore = asyncio.Semaphore(limit)",
            "",
            "    async def guarded(key: str) -> tuple[str, int]:",
            "        async with semaphore:",
            f"            return await {helper}(key, delay)",
            "",
            "    pairs = await asyncio.gather(*(guarded(k) for k in keys))",
            "    return dict(pairs)",
        ]
    )


def chunk_math(c: Ctx) -> str:
    c.imports.imp("math")
    c.imports.frm("collections.abc", "Sequence")
    fn = c.names.take(f"{c.noun}_stats")
    return "\n".join(
        [
            f"def {fn}(values: Sequence[float]) -> dict[str, float]:",
            f'    """Mean, standard deviation and percentiles of {c.noun} values."""',
            "    if not values:",
            '        return {"count": 0.0}',
            "    ordered = sorted(values)",
            "    mean = sum(ordered) / len(ordered)",
            "    variance = sum((v - mean) ** 2 for v in ordered) / len(ordered)",
            "",
            "    def percentile(q: float) -> float:",
            "        pos = (len(ordered) - 1) * q",
            "        low, high = math.floor(pos), math.ceil(pos)",
            "        if low == high:",
            "            return ordered[int(pos)]",
            "        return ordered[low] * (high - pos) + ordered[high] * (pos - low)",
            "",
            "    return {",
            '        "count": float(len(ordered)),',
            '        "mean": mean,',
            '        "std": math.sqrt(variance),',
            '        "p50": percentile(0.5),',
            '        "p95": percentile(0.95),',
            "    }",
        ]
    )


def chunk_json_io(c: Ctx) -> str:
    c.imports.imp("json")
    c.imports.frm("pathlib", "Path")
    c.imports.frm("typing", "Any")
    fn = c.names.take(f"read_{plural(c.noun)}")
    fn2 = c.names.take(f"write_{plural(c.noun)}")
    return "\n".join(
        [
            f"def {fn}(path: Path) -> list[dict[str, Any]]:",
            "    if not path.exists():",
            "        return []",
            "    rows: list[dict[str, Any]] = []",
            '    with path.open(encoding="utf-8") as handle:',
            "        for number, line in enumerate(handle, start=1):",
            "            line = line.strip()",
            '            if not line or line.startswith("#"):',
            "                continue",
            "            try:",
            "                rows.append(json.loads(line))",
            "            except json.JSONDecodeError as exc:",
            '                raise ValueError(f"{path}:{number}: {exc}") from exc',
            "    return rows",
            "",
            "",
            f"def {fn2}(path: Path, rows: list[dict[str, Any]]) -> int:",
            "    path.parent.mkdir(parents=True, exist_ok=True)",
            '    tmp = path.with_suffix(path.suffix + ".tmp")',
            '    with tmp.open("w", encoding="utf-8") as handle:',
            "        for row in rows:",
            "            handle.write(json.dumps(row, sort_keys=True))",
            '            handle.write("\\n")',
            "    tmp.replace(path)",
            "    return len(rows)",
        ]
    )


def chunk_datetime(c: Ctx) -> str:
    c.imports.imp("datetime as dt")
    fn = c.names.take(f"{c.noun}_window")
    fn2 = c.names.take(f"is_{c.noun}_expired")
    days = c.rng.choice([1, 7, 14, 30, 90])
    return "\n".join(
        [
            f"def {fn}(",
            f"    now: dt.datetime, days: int = {days}",
            ") -> tuple[dt.datetime, dt.datetime]:",
            "    start = (now - dt.timedelta(days=days)).replace(",
            "        hour=0, minute=0, second=0, microsecond=0",
            "    )",
            "    return start, now",
            "",
            "",
            f"def {fn2}(created: dt.datetime, ttl_hours: int = 24) -> bool:",
            "    age = dt.datetime.now(dt.timezone.utc) - created",
            "    return age > dt.timedelta(hours=ttl_hours)",
        ]
    )


ORDINARY_CHUNKS = [
    chunk_constants,
    chunk_enum,
    chunk_dataclass,
    chunk_service,
    chunk_collection_fn,
    chunk_strings,
    chunk_exceptions,
    chunk_typed,
    chunk_generator,
    chunk_async,
    chunk_math,
    chunk_json_io,
    chunk_datetime,
]
ORDINARY_WEIGHTS = [3, 3, 6, 6, 5, 5, 2, 3, 3, 2, 3, 3, 2]


def primary_function(c: Ctx, name: str) -> str:
    c.imports.frm("typing", "Any")
    c.imports.frm("collections.abc", "Iterable", "Mapping")
    threshold = c.rng.choice([0, 1, 5, 10])
    return "\n".join(
        [
            f"def {name}(records: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:",
            f'    """Normalise raw {c.noun} records: strip keys, drop empties."""',
            "    out: list[dict[str, Any]] = []",
            "    for record in records:",
            "        cleaned = {",
            "            str(k).strip().lower(): v",
            "            for k, v in record.items()",
            '            if v not in (None, "")',
            "        }",
            f"        if len(cleaned) > {threshold}:",
            "            out.append(cleaned)",
            "    return out",
        ]
    )


def use_helper(c: Ctx, helper: ModuleSpec) -> str:
    c.imports.loc(helper.dotted, helper.primary)
    c.imports.frm("typing", "Any")
    c.imports.frm("collections.abc", "Mapping", "Sequence")
    fn = c.names.take(f"{c.rng.choice(VERBS)}_{helper.noun}_batch")
    return "\n".join(
        [
            f"def {fn}(batch: Sequence[Mapping[str, Any]]) -> int:",
            f"    rows = {helper.primary}(batch)",
            "    return sum(1 for row in rows if row)",
        ]
    )


def test_chunk(c: Ctx, helper: ModuleSpec) -> str:
    c.imports.loc(helper.dotted, helper.primary)
    t1 = c.names.take(f"test_{helper.primary}_drops_empty_values")
    t2 = c.names.take(f"test_{helper.primary}_lowercases_keys")
    return "\n".join(
        [
            f"def {t1}() -> None:",
            '    rows = [{"Id": "1", "name": ""}, {"id": None}, {"a": 1, "b": 2}]',
            f"    result = {helper.primary}(rows)",
            '    assert all(all(v not in (None, "") for v in r.values()) for r in result)',
            "",
            "",
            f"def {t2}() -> None:",
            f'    result = {helper.primary}([{{" KEY ": 1, "Other": 2, "x": 3}}])',
            "    for row in result:",
            "        assert all(k == k.lower().strip() for k in row)",
        ]
    )


def render_module(docstring: str, imports: Imports, chunks: list[str]) -> str:
    parts = [f'"""{docstring}"""']
    header = imports.render()
    if header:
        parts.append(header)
    body = "\n\n\n".join(chunks)
    gap = "\n\n\n" if body.startswith(("def ", "async def ", "class ", "@")) else "\n\n"
    return "\n\n".join(parts) + gap + body + "\n"


# ---------------------------------------------------------------------------
# ordinary modules of the monorepo
# ---------------------------------------------------------------------------


def nonflyte_specs(seed: int, count: int) -> list[ModuleSpec]:
    specs: list[ModuleSpec] = []
    used: set[str] = set()
    for i in range(count):
        pkg_index = i // PACKAGE_SIZE
        domain = DOMAINS[pkg_index % len(DOMAINS)]
        round_ = pkg_index // len(DOMAINS)
        sub = SUBPACKAGES[round_ % len(SUBPACKAGES)]
        if round_ >= len(SUBPACKAGES):
            sub = f"{sub}{round_ // len(SUBPACKAGES) + 1}"
        is_test = pkg_index % 12 == 11
        package = f"tests.{domain}.{sub}" if is_test else f"acme.{domain}.{sub}"
        rng = make_rng(seed, "nonflyte-spec", i)
        noun = rng.choice(NOUNS)
        verb = rng.choice(VERBS)
        is_init = i % PACKAGE_SIZE == 0
        if is_init:
            name = "__init__"
        else:
            stem = rng.choice(
                [
                    noun,
                    f"{noun}_{rng.choice(SUBPACKAGES)}",
                    f"{rng.choice(ADJECTIVES)}_{noun}",
                    f"{verb}_{plural(noun)}",
                ]
            )
            name = f"test_{stem}" if is_test else stem
            while f"{package}.{name}" in used:
                name = f"{name}_{i % 97}"
        used.add(f"{package}.{name}")
        primary = f"{verb}_{plural(noun)}"
        specs.append(ModuleSpec(i, package, name, primary, noun, is_init, is_test))
    return specs


def nonflyte_module(seed: int, spec: ModuleSpec, specs: list[ModuleSpec]) -> str:
    rng = make_rng(seed, "nonflyte", spec.index)
    imports = Imports()
    names = Names()
    if spec.is_init:
        siblings = [s for s in specs[spec.index + 1 : spec.index + 3] if s.package == spec.package and not s.is_test]
        body = [f'"""{spec.package.split(".")[-2].capitalize()} {spec.package.split(".")[-1]} package."""']
        if siblings:
            imports.future = False
            for s in siblings:
                imports.loc(f".{s.name}", s.primary)
            header = imports.render()
            alls = ", ".join(sorted({repr(s.primary) for s in siblings}))
            body += [header, f"__all__ = [{alls}]"]
        return "\n\n".join(body) + "\n"
    ctx = Ctx(rng, imports, names, spec.noun, mention_flyte=rng.random() < 0.02)
    chunks: list[str] = []
    earlier = [s for s in specs[max(0, spec.index - PACKAGE_SIZE) : spec.index] if not s.is_init and not s.is_test]
    if spec.is_test:
        pool = [s for s in specs[: spec.index] if not s.is_init and not s.is_test]
        for helper in rng.sample(pool, min(len(pool), rng.randint(2, 6))):
            chunks.append(test_chunk(ctx, helper))
        return render_module(f"Tests for {spec.noun} helpers.", imports, chunks)
    names.take(spec.primary)
    chunks.append(primary_function(ctx, spec.primary))
    nchunks = rng.choice([1, 2, 3, 3, 4, 4, 5, 6, 7, 9, 12])
    for kind in rng.choices(ORDINARY_CHUNKS, ORDINARY_WEIGHTS, k=nchunks):
        ctx.noun = rng.choice([spec.noun, spec.noun, rng.choice(NOUNS)])
        chunks.append(kind(ctx))
    if earlier and rng.random() < 0.6:
        helper = rng.choice(earlier)
        if helper.primary not in names.used:
            chunks.append(use_helper(ctx, helper))
    rng.shuffle(chunks)
    doc = f"{spec.noun.capitalize()} utilities for the {spec.package.split('.')[1]} domain."
    if ctx.mention_flyte:
        doc += "\n\nThe nightly Flyte pipelines read the output of this module.\n"
    return render_module(doc, imports, chunks)


# ---------------------------------------------------------------------------
# Flyte modules
# ---------------------------------------------------------------------------


@dataclass
class Style:
    """How a module spells the SDK: ``flyte.X``, ``fl.X`` or bare names."""

    kind: str  # "flyte", "fl", "from"
    used_attr: bool = False
    used_bare: set[str] = field(default_factory=set)

    BARE = ("TaskEnvironment", "Resources", "ReusePolicy", "Cache")

    def q(self, name: str) -> str:
        if self.kind == "from" and name in self.BARE:
            self.used_bare.add(name)
            return name
        self.used_attr = True
        return f"{'fl' if self.kind == 'fl' else 'flyte'}.{name}"

    def apply(self, imports: Imports) -> None:
        if self.used_attr:
            imports.third_imp("import flyte as fl" if self.kind == "fl" else "import flyte")
        if self.used_bare:
            imports.third_frm("flyte", *sorted(self.used_bare))


@dataclass
class Mistake:
    kind: str
    path: str
    line: int
    snippet: str


@dataclass
class TaskModule:
    name: str
    env: str  # "base", "worker", "gpu"
    entry: str  # async entry task: (partitions: list[int]) -> float
    train: str = ""  # gpu modules only: async (rows) -> float


@dataclass
class GroupPlan:
    index: int
    package: str
    prefix: str
    noun: str
    style_kind: str
    modules: list[TaskModule]


def flyte_group_plan(seed: int, root: str, g: int) -> GroupPlan:
    rng = make_rng(seed, "flyte-plan", root, g)
    prefix = PIPELINES[g % len(PIPELINES)]
    if g >= len(PIPELINES):
        prefix = f"{prefix}{g // len(PIPELINES) + 1}"
    package = f"{root}.{prefix}"
    style_kind = ["flyte", "flyte", "fl", "from"][g % 4]
    mods: list[TaskModule] = []
    for k in range(FLYTE_TASK_MODULES):
        env = "gpu" if k == 0 else rng.choice(["base", "worker", "worker"])
        noun = NOUNS[(g * 7 + k * 3) % len(NOUNS)]
        mods.append(
            TaskModule(
                name=f"{noun}_tasks",
                env=env,
                entry=f"process_{plural(noun)}",
                train=f"train_{noun}_model" if env == "gpu" else "",
            )
        )
    return GroupPlan(g, package, prefix, NOUNS[g % len(NOUNS)], style_kind, mods)


def flyte_envs_module(plan: GroupPlan, rng: random.Random, bad_name: bool, upstream: GroupPlan | None) -> str:
    st = Style(plan.style_kind)
    imports = Imports()
    pkgs = rng.sample(PIP_PACKAGES, rng.randint(2, 5))
    pkg_args = ", ".join(f'"{p}"' for p in pkgs)
    cpu = rng.choice([1, 2])
    mem = rng.choice(["1Gi", "2Gi", "4Gi"])
    worker_name = '"Fraud Workers"' if bad_name else 'f"{PREFIX}-workers"'
    lines = [
        f'PREFIX = "{plan.prefix}"',
        f'VERSION = "v{rng.randint(1, 9)}"',
        "",
        f"IMAGE = {st.q('Image')}.from_debian_base(python_version=(3, 12)).with_pip_packages(",
        f"    {pkg_args}",
        ")",
        "",
        f"base_env = {st.q('TaskEnvironment')}(",
        '    name=f"{PREFIX}-base",',
        "    image=IMAGE,",
        f'    resources={st.q("Resources")}(cpu={cpu}, memory="{mem}"),',
        '    cache="auto",',
        f'    description="Shared environment for the {plan.prefix} pipeline.",',
        ")",
        "",
        "gpu_env = base_env.clone_with(",
        '    name=f"{PREFIX}-gpu",',
        f'    resources={st.q("Resources")}(cpu=4, memory="16Gi", gpu="{rng.choice(GPUS)}"),',
        ")",
        "",
        f"worker_env = {st.q('TaskEnvironment')}(",
        f"    name={worker_name},",
        "    image=IMAGE,",
        f'    resources={st.q("Resources")}(cpu=2, memory="4Gi"),',
        f"    reusable={st.q('ReusePolicy')}(",
        f"        replicas=({rng.randint(1, 2)}, {rng.randint(3, 8)}),",
        f"        idle_ttl={rng.choice([60, 300, 600])},",
        f"        concurrency={rng.choice([1, 2, 4, 8])},",
        "    ),",
        '    env_vars={"LOG_LEVEL": "info", "PIPELINE": PREFIX},',
        "    depends_on=[gpu_env],",
        ")",
    ]
    if rng.random() < 0.5:
        lines[-1:-1] = [
            f'    secrets=[{st.q("Secret")}(key="{plan.prefix}-db", as_env_var="DB_URL")],',
        ]
    if upstream is not None:
        imports.loc(f"{upstream.package}.envs", "base_env as upstream_base_env")
        lines += [
            "",
            f"report_env = {st.q('TaskEnvironment')}(",
            '    name=f"{PREFIX}-report",',
            "    image=IMAGE,",
            f'    cache={st.q("Cache")}(behavior="auto", version_override=VERSION),',
            "    depends_on=[base_env, upstream_base_env],",
            ")",
        ]
    st.apply(imports)
    return render_module(f"Task environments for the {plan.prefix} pipeline.", imports, ["\n".join(lines)])


def flyte_tasks_module(
    plan: GroupPlan, k: int, rng: random.Random, helper: ModuleSpec | None, bad_override: str | None
) -> str:
    mod = plan.modules[k]
    st = Style(plan.style_kind)
    imports = Imports()
    names = Names()
    env = f"{mod.env}_env"
    imports.loc(f"{plan.package}.envs", env)
    noun = mod.name.removesuffix("_tasks")
    nouns = plural(noun)
    imports.frm("typing", "Any")
    imports.imp("asyncio")
    load = names.take(f"load_{nouns}")
    clean = names.take(f"clean_{nouns}")
    score = names.take(f"score_{nouns}")
    weigh = names.take(f"weigh_{noun}")
    weigh_all = names.take(f"weigh_all_{nouns}")
    names.take(mod.entry)
    retries = rng.choice([1, 2, 3, 5])
    deco_kind = rng.randrange(3)
    if deco_kind == 0:
        cache_deco = f'@{env}.task(retries={retries}, cache="auto")'
    elif deco_kind == 1:
        cache_deco = f'@{env}.task(cache={st.q("Cache")}(behavior="auto", version_override="v{retries}"))'
    else:
        minutes = rng.choice([5, 30, 60])
        cache_deco = f"@{env}.task(retries={retries}, timeout=timedelta(minutes={minutes}))"
    if "timedelta" in cache_deco:
        imports.frm("datetime", "timedelta")
    tasks: list[str] = []
    tasks.append(
        "\n".join(
            [
                f"@{env}.task",
                f"async def {load}(partition: int) -> list[dict[str, Any]]:",
                f'    """Load one partition of {nouns}."""',
                "    rows = [",
                f'        {{"id": f"{{partition}}-{{i}}", "value": (i * {rng.randint(3, 17)}) % 101}}',
                f"        for i in range({rng.choice([50, 100, 500])})",
                "    ]",
                "    await asyncio.sleep(0)",
                "    return rows",
            ]
        )
    )
    tasks.append(
        "\n".join(
            [
                cache_deco,
                f"async def {clean}(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:",
                "    seen: set[str] = set()",
                "    out: list[dict[str, Any]] = []",
                "    for row in rows:",
                '        if row["id"] in seen or row["value"] is None:',
                "            continue",
                '        seen.add(row["id"])',
                "        out.append(row)",
                "    return out",
            ]
        )
    )
    tasks.append(
        "\n".join(
            [
                f'@{env}.task(short_name="score-{noun}")',
                f"async def {score}(rows: list[dict[str, Any]]) -> float:",
                "    if not rows:",
                "        return 0.0",
                '    return sum(float(r["value"]) for r in rows) / len(rows)',
            ]
        )
    )
    # reusable environments with concurrency > 1 only take async tasks
    sync = mod.env != "worker"
    fmap = st.q("map")
    if sync:
        tasks.append(
            "\n".join(
                [
                    f"@{env}.task",
                    f"def {weigh}(value: int) -> int:",
                    f"    return value * value + {rng.randint(1, 9)}",
                ]
            )
        )
        tasks.append(
            "\n".join(
                [
                    f"@{env}.task",
                    f"def {weigh_all}(values: list[int]) -> list[int]:",
                    f"    return list({fmap}({weigh}, values))",
                ]
            )
        )
        weigh_call = f"await {weigh_all}.aio"
    else:
        tasks.append(
            "\n".join(
                [
                    f"@{env}.task",
                    f"async def {weigh}(value: int) -> int:",
                    f"    return value * value + {rng.randint(1, 9)}",
                ]
            )
        )
        tasks.append(
            "\n".join(
                [
                    f"@{env}.task",
                    f"async def {weigh_all}(values: list[int]) -> list[int]:",
                    "    out: list[int] = []",
                    f"    async for weight in {fmap}.aio({weigh}, values):",
                    "        if isinstance(weight, int):",
                    "            out.append(weight)",
                    "    return out",
                ]
            )
        )
        weigh_call = f"await {weigh_all}"
    if mod.train:
        tasks.append(
            "\n".join(
                [
                    f'@{env}.task(retries={retries}, cache="auto")',
                    f"async def {mod.train}(scores: list[float]) -> float:",
                    f'    """Fit a toy {noun} model on the scores; returns the loss."""',
                    "    if not scores:",
                    '        return float("inf")',
                    "    mean = sum(scores) / len(scores)",
                    "    return sum((s - mean) ** 2 for s in scores) / len(scores)",
                ]
            )
        )
    # the entry task: fan out, overrides, groups, map
    override = ""
    if rng.random() < 0.5:
        memory = rng.choice(["2Gi", "4Gi", "8Gi"])
        override = f'{st.q("Resources")}(cpu=2, memory="{memory}")'
    if bad_override == "memory":
        ov = 'memory="8Gi"'
    elif bad_override == "image":
        imports.loc(f"{plan.package}.envs", "IMAGE")
        ov = "image=IMAGE"
    elif override and mod.env == "worker":
        # a reusable env's task takes new resources only with reuse turned off
        ov = f'reusable="off", resources={override}'
    elif override:
        ov = f"resources={override}"
    else:
        ov = f"retries={retries + 1}, timeout={rng.choice([300, 900, 1800])}"
    entry = [
        f"@{env}.task",
        f"async def {mod.entry}(partitions: list[int]) -> float:",
        f'    with {st.q("group")}("load-{nouns}"):',
        f"        batches = await asyncio.gather(*({load}(p) for p in partitions))",
        "    scores: list[float] = []",
        "    for i, batch in enumerate(batches):",
        f"        rows = await {clean}(batch)",
        f'        score = await {score}.override(short_name=f"score-{noun}-{{i}}")(rows)',
        "        scores.append(score)",
        f"    weights = {weigh_call}([len(b) for b in batches])",
        f"    boosted = await {score}.override({ov})(",
        '        [{"value": w} for w in weights]',
        "    )",
    ]
    other_train = [m for m in plan.modules if m.train and m is not mod]
    if mod.env == "worker" and other_train:
        tm = other_train[0]
        imports.loc(f"{plan.package}.{tm.name}", tm.train)
        entry += [
            f"    loss = await {tm.train}.override(retries=2)(scores)",
            "    return (sum(scores) + boosted) / (1.0 + loss)",
        ]
    elif mod.train:
        entry += [
            f"    loss = await {mod.train}(scores)",
            "    return (sum(scores) + boosted) / (1.0 + loss)",
        ]
    else:
        entry += ["    return sum(scores) + boosted"]
    tasks.append("\n".join(entry))
    # a traced helper and some ordinary code, as in real task modules
    trace_fn = names.take(f"describe_{nouns}")
    tasks.append(
        "\n".join(
            [
                f"@{st.q('trace')}",
                f"async def {trace_fn}(rows: list[dict[str, Any]]) -> str:",
                "    return f\"{len(rows)} rows, ids {rows[0]['id'] if rows else '-'}\"",
            ]
        )
    )
    ctx = Ctx(rng, imports, names, noun)
    for kind in rng.choices(ORDINARY_CHUNKS, ORDINARY_WEIGHTS, k=rng.randint(1, 4)):
        tasks.append(kind(ctx))
    if helper is not None:
        tasks.append(use_helper(ctx, helper))
    st.apply(imports)
    return render_module(f"{cap(noun)} tasks of the {plan.prefix} pipeline.", imports, tasks)


def flyte_workflow_module(plan: GroupPlan, rng: random.Random, missing_dep: bool, upstream: GroupPlan | None) -> str:
    st = Style(plan.style_kind)
    imports = Imports()
    imports.loc(f"{plan.package}.envs", "IMAGE", "base_env", "gpu_env", "worker_env")
    deps = ["base_env"] if missing_dep else ["base_env", "worker_env", "gpu_env"]
    if missing_dep:
        imports.local[f"{plan.package}.envs"] = {"IMAGE", "base_env"}
    calls: list[str] = []
    for m in plan.modules:
        if missing_dep and m.env == "base":
            continue
        imports.loc(f"{plan.package}.{m.name}", m.entry)
        calls.append(m.entry)
    if upstream is not None:
        imports.loc(f"{upstream.package}.workflow", "driver_env as upstream_driver_env", "run_pipeline as run_upstream")
        deps.append("upstream_driver_env")
    dep_text = ", ".join(deps)
    lines = [
        f"driver_env = {st.q('TaskEnvironment')}(",
        f'    name="{plan.prefix}-driver",',
        "    image=IMAGE,",
        f'    resources={st.q("Resources")}(cpu=1, memory="1Gi"),',
        f"    depends_on=[{dep_text}],",
        ")",
        "",
        "",
        "@driver_env.task",
        "async def run_pipeline(partitions: int = 8) -> dict[str, float]:",
        "    parts = list(range(partitions))",
        "    results: dict[str, float] = {}",
    ]
    if upstream is not None:
        lines += [
            "    upstream = await run_upstream(partitions)",
            '    results["upstream"] = sum(upstream.values())',
        ]
    for c in calls:
        lines += [
            f'    with {st.q("group")}("{c}"):',
            f'        results["{c}"] = await {c}(parts)',
        ]
    lines += [
        "    return results",
        "",
        "",
        'if __name__ == "__main__":',
        f"    {st.q('init_from_config')}()",
        f"    run = {st.q('run')}(run_pipeline, partitions={rng.choice([4, 8, 16])})",
        "    print(run.url)",
    ]
    st.apply(imports)
    return render_module(f"Entry point of the {plan.prefix} pipeline.", imports, ["\n".join(lines)])


def find_line(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    return 0


def flyte_groups(
    seed: int, root: str, count: int, helpers: list[ModuleSpec], plant_mistakes: bool
) -> tuple[dict[str, str], list[Mistake]]:
    files: dict[str, str] = {}
    mistakes: list[Mistake] = []
    root_path = root.replace(".", "/")
    files[f"{root_path}/__init__.py"] = '"""Flyte pipelines."""\n'
    plans = [flyte_group_plan(seed, root, g) for g in range(count)]
    for g, plan in enumerate(plans):
        rng = make_rng(seed, "flyte", root, g)
        base = plan.package.replace(".", "/")
        upstream = plans[g - 1] if g > 0 and g % 3 != 0 else None
        bad_name = plant_mistakes and g == 0
        missing_dep = plant_mistakes and g == 2
        files[f"{base}/__init__.py"] = (
            f'"""The {plan.prefix} pipeline."""\n\n'
            "from .envs import base_env, gpu_env, worker_env\n\n"
            '__all__ = ["base_env", "gpu_env", "worker_env"]\n'
        )
        text = flyte_envs_module(plan, rng, bad_name, upstream)
        files[f"{base}/envs.py"] = text
        if bad_name:
            mistakes.append(
                Mistake("bad-env-name", f"{base}/envs.py", find_line(text, '"Fraud Workers"'), '"Fraud Workers"')
            )
        for k in range(len(plan.modules)):
            bad_override: str | None = None
            if plant_mistakes and g == 1 and k == 1:
                bad_override = "memory"
            if plant_mistakes and g == 4 and k == 2:
                bad_override = "image"
            helper = helpers[make_rng(seed, "helper", root, g, k).randrange(len(helpers))] if helpers else None
            text = flyte_tasks_module(plan, k, rng, helper, bad_override)
            path = f"{base}/{plan.modules[k].name}.py"
            files[path] = text
            if bad_override:
                needle = 'memory="8Gi"' if bad_override == "memory" else "image=IMAGE"
                mistakes.append(Mistake("bad-override-keyword", path, find_line(text, f".override({needle}"), needle))
        text = flyte_workflow_module(plan, rng, missing_dep, upstream)
        files[f"{base}/workflow.py"] = text
        if missing_dep:
            mistakes.append(
                Mistake(
                    "missing-depends-on", f"{base}/workflow.py", find_line(text, "depends_on="), "depends_on=[base_env"
                )
            )
    return files, mistakes


# ---------------------------------------------------------------------------
# corpora
# ---------------------------------------------------------------------------


@dataclass
class Corpus:
    files: dict[str, str]
    mistakes: list[Mistake]
    params: dict[str, object]
    flyte_files: int


def build_monorepo(seed: int, scale_nonflyte: float, scale_flyte: float) -> Corpus:
    n_nonflyte = max(PACKAGE_SIZE, round(NONFLYTE_BASE_MODULES * scale_nonflyte))
    specs = nonflyte_specs(seed, n_nonflyte)
    files: dict[str, str] = {}
    for spec in specs:
        files[spec.path] = nonflyte_module(seed, spec, specs)
    # package __init__ files for the domain level
    for path in list(files):
        parts = path.split("/")
        for depth in range(1, len(parts) - 1):
            init = "/".join(parts[:depth]) + "/__init__.py"
            if parts[0] == "tests":
                continue
            if init not in files:
                files[init] = f'"""{parts[depth - 1].capitalize()} package."""\n'
    helpers = [s for s in specs[:NONFLYTE_BASE_MODULES] if not s.is_init and not s.is_test]
    groups = max(1, round(FLYTE_BASE_GROUPS * scale_flyte))
    flyte_files, mistakes = flyte_groups(seed, "acme.pipelines", groups, helpers, True)
    files.update(flyte_files)
    files["pyproject.toml"] = (
        '[project]\nname = "acme-monorepo"\nversion = "0.1.0"\n'
        'requires-python = ">=3.10"\ndependencies = ["flyte>=2.0"]\n'
    )
    files["README.md"] = "# acme monorepo\n\nGenerated benchmark corpus.\n"
    files[".gitignore"] = MONOREPO_GITIGNORE
    return Corpus(
        files,
        mistakes,
        {
            "corpus": "monorepo",
            "seed": seed,
            "scale_nonflyte": scale_nonflyte,
            "scale_flyte": scale_flyte,
            "flyte_groups": groups,
        },
        len(flyte_files),
    )


def flyte_source_dir() -> Path:
    spec = importlib.util.find_spec("flyte")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("flyteheavy needs the flyte package installed in this interpreter")
    return Path(next(iter(spec.submodule_search_locations)))


def build_flyteheavy(seed: int) -> tuple[Corpus, Path]:
    groups = 300 // (FLYTE_TASK_MODULES + 3)
    files, mistakes = flyte_groups(seed, "jobs", groups, [], True)
    files["pyproject.toml"] = '[project]\nname = "flyteheavy"\nversion = "0.1.0"\n'
    return Corpus(
        files, mistakes, {"corpus": "flyteheavy", "seed": seed, "flyte_groups": groups}, len(files)
    ), flyte_source_dir()


def build_graph(seed: int, modules: int, envs: int, tasks: int) -> Corpus:
    """``modules`` modules in packages of 20; ``envs`` envs; ``tasks`` tasks."""
    files: dict[str, str] = {}
    pkg_size = 20
    packages = max(1, modules // pkg_size)
    envs_per_pkg = max(1, envs // packages)
    tasks_per_mod = max(1, tasks // modules)
    files["graphproj/__init__.py"] = '"""Project-graph benchmark."""\n'
    for p in range(packages):
        pkg = f"graphproj.p{p:03d}"
        base = pkg.replace(".", "/")
        files[f"{base}/__init__.py"] = f'"""Package {p}."""\n'
        for m in range(pkg_size):
            rng = make_rng(seed, "graph", p, m)
            imports = Imports()
            lines: list[str] = []
            if m < envs_per_pkg:
                imports.third_imp("import flyte")
                # env module m defines env e{m}; depends on the next env
                # module of this package and, for m == 0, on the previous
                # package's first env: a depends_on chain across packages.
                deps: list[str] = []
                if m + 1 < envs_per_pkg:
                    imports.loc(f"{pkg}.m{m + 1:02d}", f"env_{p}_{m + 1}")
                    deps.append(f"env_{p}_{m + 1}")
                if m == 0 and p > 0:
                    imports.loc(f"graphproj.p{p - 1:03d}.m00", f"env_{p - 1}_0")
                    deps.append(f"env_{p - 1}_0")
                lines += [
                    f"env_{p}_{m} = flyte.TaskEnvironment(",
                    f'    name="g{p}-e{m}",',
                    f'    resources=flyte.Resources(cpu={rng.randint(1, 4)}, memory="{rng.choice(["1Gi", "2Gi"])}"),',
                    f"    depends_on=[{', '.join(deps)}],",
                    ")",
                ]
                env = f"env_{p}_{m}"
            else:
                e = rng.randrange(envs_per_pkg)
                env = f"env_{p}_{e}"
                imports.loc(f"{pkg}.m{e:02d}", env)
            # a cross-module call where the callee's env is reachable: the
            # next env module (this env depends on it) or this env's module
            callee_mod = m + 1 if m + 1 < envs_per_pkg else (int(env.rsplit("_", 1)[1]) if m >= envs_per_pkg else -1)
            prev_tasks: list[str] = []
            if callee_mod >= 0:
                callee = f"t{p}_{callee_mod}_0"
                imports.loc(f"{pkg}.m{callee_mod:02d}", callee)
                prev_tasks.append(callee)
            for t in range(tasks_per_mod):
                name = f"t{p}_{m}_{t}"
                deco = f"@{env}.task" if t % 3 else f'@{env}.task(retries={t % 4}, cache="auto")'
                body = [deco, f"async def {name}(x: int) -> int:"]
                if prev_tasks and t % 2 == 0:
                    body.append(f"    y = await {prev_tasks[-1]}(x)")
                    if t % 4 == 0:
                        body.append(f"    y += await {prev_tasks[0]}.override(retries=1)(x + 1)")
                    body.append(f"    return y + {t}")
                else:
                    body.append(f"    return x * {rng.randint(2, 9)} + {t}")
                lines += ["", "", *body]
                prev_tasks.append(name)
            files[f"{base}/m{m:02d}.py"] = render_module(
                f"Graph module {p}/{m}.", imports, ["\n".join(lines).strip("\n")]
            )
    return Corpus(
        files,
        [],
        {
            "corpus": "graph",
            "seed": seed,
            "modules": modules,
            "envs": envs_per_pkg * packages,
            "tasks": tasks_per_mod * pkg_size * packages,
        },
        len(files),
    )


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------


def write_corpus(corpus: Corpus, out: Path, copy_from: Path | None = None, copy_as: str = "flyte") -> dict[str, object]:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copied_files = 0
    if copy_from is not None:
        shutil.copytree(copy_from, out / copy_as, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so"))
        copied_files = sum(1 for _ in (out / copy_as).rglob("*.py"))
    for rel, text in sorted(corpus.files.items()):
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    py_files = list(out.rglob("*.py"))
    lines = 0
    for path in py_files:
        with path.open("rb") as handle:
            lines += sum(1 for _ in handle)
    manifest: dict[str, object] = {
        "generator_version": GENERATOR_VERSION,
        **corpus.params,
        "python_files": len(py_files),
        "lines": lines,
        "generated_flyte_files": corpus.flyte_files,
        "copied_sdk_files": copied_files,
        "planted_mistakes": [m.__dict__ for m in corpus.mistakes],
    }
    (out / "BENCH_MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def generate(
    kind: str, out: Path, seed: int = 1, scale_nonflyte: float = 1.0, scale_flyte: float = 1.0
) -> dict[str, object]:
    """Generate corpus ``kind`` into ``out`` (replacing it); return the manifest."""
    if kind == "monorepo":
        return write_corpus(build_monorepo(seed, scale_nonflyte, scale_flyte), out)
    if kind == "flyteheavy":
        corpus, src = build_flyteheavy(seed)
        return write_corpus(corpus, out, copy_from=src)
    if kind == "graph":
        return write_corpus(build_graph(seed, 2000, 500, 20000), out)
    raise ValueError(f"unknown corpus {kind!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("corpus", choices=["monorepo", "flyteheavy", "graph"])
    parser.add_argument("out", type=Path, help="output directory (replaced)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scale-nonflyte", type=float, default=1.0)
    parser.add_argument("--scale-flyte", type=float, default=1.0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    manifest = generate(args.corpus, args.out, args.seed, args.scale_nonflyte, args.scale_flyte)
    elapsed = time.perf_counter() - start
    print(
        f"{args.corpus}: {manifest['python_files']} Python files, "
        f"{manifest['lines']} lines, "
        f"{len(manifest['planted_mistakes'])} planted mistakes "  # type: ignore[arg-type]
        f"-> {args.out} ({elapsed:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
