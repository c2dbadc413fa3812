"""Rewrite the goldens after a reviewed change: `make goldens` (then read the diff before committing)."""

from __future__ import annotations

import contextlib
import io
import os

from docenv.cli import main

from .test_golden import GOLDEN_MODEL, ROOT, SEED_ARG

if __name__ == "__main__":
    os.chdir(ROOT)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        assert main(["parse", SEED_ARG]) == 0
    GOLDEN_MODEL.write_text(buffer.getvalue(), encoding="utf-8")
    print(f"wrote {GOLDEN_MODEL.relative_to(ROOT)}")
    raise SystemExit(main(["generate"]))
