"""``flyte-lint server``: a language server over stdio (pygls 2, lsprotocol). ``protocol`` holds the
handlers, ``state`` the workspace (projects, caches, the last findings of each open file), ``convert`` the
conversions between findings and the protocol's types. pygls and lsprotocol are the ``server`` extra."""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = "usage: flyte-lint server  (a language server on stdin/stdout; see the README for editor set-up)"


def main(argv: Sequence[str] = ()) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    if argv:
        print(f"flyte-lint server: unexpected arguments {' '.join(argv)!r}\n{USAGE}", file=sys.stderr)
        return 2
    try:
        from .protocol import create_server
    except ImportError as error:
        print(
            f"flyte-lint server needs pygls 2 and lsprotocol ({error}): pip install 'flyte-lint[server]'",
            file=sys.stderr,
        )
        return 2
    create_server().start_io()
    return 0
