"""Generated packages pass `mypy --strict` and `black --check`: the seed's (in `make test`) and one with every type."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import FIXTURES, generate_into


def test_package_with_every_type_passes_mypy_strict_and_black(tmp_path: Path) -> None:
    generate_into(FIXTURES / "all_types.md", tmp_path, "sample_config")
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "sample_config"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    assert "Success: no issues found in 3 source files" in mypy.stdout
    black = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", "sample_config"],
                           cwd=tmp_path, capture_output=True, text=True)
    assert black.returncode == 0, black.stderr


def test_generated_package_needs_only_the_standard_library(tmp_path: Path) -> None:
    generate_into(FIXTURES / "all_types.md", tmp_path, "sample_config")
    # -S: no site-packages, so docenv, jinja2 and black cannot be imported.
    probe = ("import sample_config, sys; "
             "cfg = sample_config.ServiceConfig.from_env({'APP_NAME': 'a', 'DB_PASSWORD': 'p'}); "
             "assert not any(m.split('.')[0] in ('docenv', 'generator', 'jinja2', 'black', 'markdown_it') for m in sys.modules); "
             "print(cfg.app_port)")
    result = subprocess.run([sys.executable, "-S", "-c", probe], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "9000"


def test_very_long_names_and_values_stay_valid_and_black_formatted(tmp_path: Path) -> None:
    long = "VERY_" * 18 + "LONG"
    rows = [
        f"| {long}_PORT | A port with a long name | `8080` |",
        f"| {long}_TOKEN | Token. Required if {long}_ENABLED is true | |",
        f"| {long}_ENABLED | Whether it is on | `false` |",
        f"| {long}_MODE | Options are {', '.join('choice_' + str(i) * 12 for i in range(6))} or other | |",
        f"| {long}_NAME | A default far wider than a line | `{'x' * 150}` |",
        f"| {long}_HOSTS | Hosts, comma separated | `{','.join(['host.example.com'] * 10)}` |",
    ]
    doc = tmp_path / "doc.md"
    doc.write_text("## " + "Section with a long title " * 4 + "\n\n| Variable | Description | Default |\n"
                   "| --- | --- | --- |\n" + "\n".join(rows) + "\n")
    generate_into(doc, tmp_path, "long_config")
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "long_config"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
    black = subprocess.run([sys.executable, "-m", "black", "--check", "long_config"], cwd=tmp_path,
                           capture_output=True, text=True)
    assert black.returncode == 0, black.stderr
