"""Child process for extract's PEP 701 fallback: reads source on stdin, prints the masked source as JSON.

Kept apart so that a crash of LibCST's native parser (deeply nested input) ends this process only.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from .extract import mask_in_process

    source = sys.stdin.buffer.read().decode("utf-8", "surrogatepass")
    try:
        result = mask_in_process(source)
    except Exception:  # any failure means: not readable with the newer grammar either
        return 1
    if result is None:
        return 1
    masked_source, masked = result
    sys.stdout.write(json.dumps({"source": masked_source, "masked": sorted(masked)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
