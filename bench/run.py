"""`make bench`: docenv and its generated config against the tools users would pick instead.

Everything runs in one process tree on one machine, so the ratios compare like with like.
Prints a table and writes bench/results/latest.json. Targets are reported, never asserted.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "spec" / "neosync" / "environment-variables.md"
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
SIZES = (100, 1_000, 10_000)

# One row shape per kind of variable, so every size mixes types, defaults, secrets and conditions.
_KINDS = [
    ("PORT", "The port to listen on", "false", "`8080`"),
    ("ENABLED", "Whether the feature is on", "false", "`false`"),
    ("URL", "Where the upstream lives", "false", "`https://api.example.com`"),
    ("NAME", "The name shown in logs", "true", ""),
    ("PASSWORD", "The password of the service account", "false", ""),
    ("HOSTS", "Hosts to accept, comma separated", "false", "`a.example.com,b.example.com`"),
    ("TIMEOUT", "How long to wait", "false", "`30s`"),
    ("MODE", "How to run. Options are fast, safe or slow", "false", "`fast`"),
    ("DIR", "Where data is kept", "false", "`/var/lib/app`"),
    ("TOKEN", "Token for the API. Required if {prefix}_ENABLED is true", "false", ""),
]


# Words of real variable names, so that names have the seed's spread of lengths (4 to 34 characters)
# and the formatting cache is not flattered by uniformly short ones.
_WORDS = ["DB", "AUTH", "TEMPORAL", "REDIS", "KUBERNETES", "NEOSYNC", "LOGIN", "API", "CLIENT", "CERT", "TLS",
          "ROOT", "DEFAULT", "SYNCJOB", "QUEUE", "WORKER", "APP", "SCHEMA", "MIGRATIONS", "SIGNATURE"]


def _prefix(section: int, group: int) -> str:
    """A deterministic, unique name prefix of 1 to 3 real words."""
    state = (section * 7919 + group * 104729) % 1_000_003
    words = []
    for _ in range(1 + state % 3):
        words.append(_WORDS[state % len(_WORDS)])
        state = (state * 48271 + 11) % 2_147_483_647
    return f"{'_'.join(words)}{section}X{group}"


def synthetic_doc(count: int) -> str:
    """`count` variables in sections of up to 500, each section a full set of kinds."""
    lines = ["# Synthetic service\n"]
    per_section = min(500, count)
    for section in range(count // per_section):
        lines.append(f"\n## Component {section}\n\nRead by `component-{section} serve`.\n\n"
                     "| Variable | Description | Required | Default |\n| --- | --- | --- | --- |\n")
        for i in range(per_section):
            kind, description, required, default = _KINDS[i % len(_KINDS)]
            prefix = _prefix(section, i // len(_KINDS))
            lines.append(f"| {prefix}_{kind} | {description.format(prefix=prefix)} | {required} | {default} |\n")
    return "".join(lines)


def json_schema(count: int) -> dict[str, Any]:
    """The same variables as a JSON Schema, the input datamodel-code-generator takes."""
    types = {"PORT": {"type": "integer", "default": 8080}, "ENABLED": {"type": "boolean", "default": False},
             "URL": {"type": "string", "format": "uri"}, "NAME": {"type": "string"},
             "PASSWORD": {"type": "string", "writeOnly": True}, "HOSTS": {"type": "array", "items": {"type": "string"}},
             "TIMEOUT": {"type": "string", "default": "30s"}, "MODE": {"enum": ["fast", "safe", "slow"]},
             "DIR": {"type": "string", "default": "/var/lib/app"}, "TOKEN": {"type": "string"}}
    per_section = min(500, count)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for section in range(count // per_section):
        for i in range(per_section):
            kind, description, req, _ = _KINDS[i % len(_KINDS)]
            name = f"{_prefix(section, i // len(_KINDS))}_{kind}"
            properties[name] = dict(types[kind], description=description)
            if req == "true":
                required.append(name)
    return {"$schema": "http://json-schema.org/draft-07/schema#", "title": "Settings", "type": "object",
            "properties": properties, "required": required}


def wall(command: list[str], cwd: Path, runs: int, setup: Callable[[], None] | None = None) -> float:
    """Median wall time of a command (interpreter start included)."""
    times = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_memory_mb(args: list[str], cwd: Path) -> float:
    probe = ("import resource, sys; from docenv.cli import main; code = main(sys.argv[1:]); "
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([PY, "-c", probe, *args], cwd=cwd, check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def docenv_rows(work: Path) -> list[dict[str, Any]]:
    rows = []
    for count in SIZES:
        folder = work / f"n{count}"
        folder.mkdir()
        doc = folder / "doc.md"
        doc.write_text(synthetic_doc(count))
        (folder / "schema.json").write_text(json.dumps(json_schema(count)))
        runs = 3 if count >= 10_000 else 5
        out = folder / "out"

        parse = ("import sys, time; from docenv.generate.parse import parse_document; from docenv.read.sources import "
                 "read_doc; t = time.perf_counter(); parse_document(read_doc(sys.argv[1]), 'doc.md'); "
                 "print(time.perf_counter() - t)")
        # In-process: the parser alone, without interpreter start.
        parse_times = [float(subprocess.run([PY, "-c", parse, str(doc)], capture_output=True, text=True,
                                            check=True).stdout) for _ in range(runs)]
        generate_args = ["generate", "doc.md", "--out", "out", "--quiet"]

        def clean() -> None:
            subprocess.run(["rm", "-rf", str(out)], check=True)

        generate = wall([PY, "-m", "docenv", *generate_args], folder, runs, setup=clean)
        subprocess.run([PY, "-m", "docenv", *generate_args], cwd=folder, check=True)
        check_clean = wall([PY, "-m", "docenv", "check", "doc.md", "--out", "out", "--quiet"], folder, runs)
        original = doc.read_text()
        doc.write_text(original.replace("| `8080` |", "| `9090` |", 1))
        check_changed = wall([PY, "-m", "docenv", "check", "doc.md", "--out", "out", "--quiet"], folder, 1) \
            if runs == 1 else _check_changed(folder, runs)
        doc.write_text(original)
        memory = peak_memory_mb(generate_args, folder)
        dmcg = wall([str(Path(PY).parent / "datamodel-codegen"), "--input", "schema.json", "--input-file-type",
                     "jsonschema", "--output-model-type", "pydantic_v2.BaseModel", "--output", "models.py"],
                    folder, runs)
        rows.append({"variables": count, "parse_s": statistics.median(parse_times), "generate_s": generate,
                     "check_unchanged_s": check_clean, "check_after_edit_s": check_changed,
                     "peak_mb": memory, "datamodel_codegen_s": dmcg, "dmcg_over_docenv": dmcg / generate})
    return rows


def _check_changed(folder: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run([PY, "-m", "docenv", "check", "doc.md", "--out", "out", "--quiet"], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
        assert result.returncode == 1, "check must find the edit"
    return statistics.median(times)


def seed_check(runs: int = 41) -> dict[str, float]:
    """`docenv check` on this repository's own seed, nothing changed, against `python -c pass`: run in pairs,
    one right after the other, so both see the same load on the machine; medians, and the median ratio.

    Bytecode is written and used (PYTHONDONTWRITEBYTECODE unset), as on a machine where docenv is installed.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    docenv = [str(Path(PY).parent / "docenv"), "check", "--quiet"]
    module = [PY, "-m", "docenv", "check", "--quiet"]
    bare = [PY, "-c", "pass"]

    def once(command: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start

    for command in (bare, docenv, module):  # the first runs write the bytecode
        once(command)
    pairs = [(once(bare), once(docenv), once(module)) for _ in range(runs)]
    return {
        "python_c_pass_s": statistics.median(p[0] for p in pairs),
        "check_s": statistics.median(p[1] for p in pairs),
        "python_m_generator_check_s": statistics.median(p[2] for p in pairs),
        "check_over_python": statistics.median(p[1] / p[0] for p in pairs),
        "python_m_over_python": statistics.median(p[2] / p[0] for p in pairs),
    }


def print_seed_check(seed: dict[str, float]) -> None:
    print(f"check on the seed, nothing changed: {seed['check_s'] * 1000:.0f} ms against {seed['python_c_pass_s'] * 1000:.0f} "
          f"ms for `python -c pass` ({seed['check_over_python']:.2f}x, paired; `python -m docenv check` "
          f"{seed['python_m_over_python']:.2f}x)")


# ---- the generated config at service start


PYDANTIC_TYPES = {"str": "str", "url": "str", "int": "int", "float": "float", "bool": "bool", "path": "Path",
                  "duration": "timedelta", "list[str]": "list[str]", "json": "Any", "enum": "str"}


def pydantic_settings_module(work: Path) -> tuple[Path, dict[str, str]]:
    """A pydantic-settings class with the seed's Backend API fields and types, and an environment for it."""
    sys.path.insert(0, str(ROOT))
    from docenv.generate.parse import parse_document
    from docenv.read.sources import read_doc

    section = parse_document(read_doc(str(SEED)), "seed").document.sections[0]
    lines = ["from datetime import timedelta", "from pathlib import Path", "from typing import Any",
             "from pydantic import Field, SecretStr", "from pydantic_settings import BaseSettings", "",
             "class BackendApiSettings(BaseSettings):"]
    for var in section.variables:
        kind = "SecretStr" if var.secret and var.type == "str" else PYDANTIC_TYPES[var.type]
        default = "" if var.required else f" = {var.default!r}" if var.has_default else " = None"
        optional = "" if var.required or var.has_default else " | None"
        lines.append(f"    {var.name.lower()}: {kind}{optional}{default}")
    module = work / "pydantic_backend.py"
    module.write_text("\n".join(lines) + "\n")
    env = {"DB_HOST": "db", "DB_PORT": "5432", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "p",
           "AUTH_AUDIENCE": '["api"]', "PORT": "9000", "AUTH_ENABLED": "true", "KUBERNETES_NAMESPACE": "ns"}
    return module, env


def import_time(statement: str, cwd: Path, runs: int = 15) -> float:
    probe = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    values = [float(subprocess.run([PY, "-c", probe], cwd=cwd, capture_output=True, text=True, check=True).stdout)
              for _ in range(runs)]
    return statistics.median(values)


FULL_ENV = {
    "DB_HOST": "db", "DB_PORT": "5432", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "p", "DB_SSL_DISABLE": "true",
    "DB_AUTO_MIGRATE": "false", "DB_SCHEMA_DIR": "/m", "HOST": "0.0.0.0", "PORT": "9000", "NUCLEUS_ENV": "prod",
    "SHUTDOWN_TIMEOUT_SECONDS": "30", "LOGS_FORMAT_JSON": "true", "AUTH_ENABLED": "true",
    "AUTH_BASEURL": "https://auth.example.com", "AUTH_EXPECTED_ISS": "https://auth", "AUTH_AUDIENCE": "api",
    "AUTH_CLIENTID_SECRET": '{"cli": "s"}', "AUTH_CLI_AUDIENCE": "cli", "AUTH_SIGNATURE_ALGORITHM": "RS256",
    "TEMPORAL_URL": "temporal:7233", "TEMPORAL_CERT_KEY_PATH": "/k", "TEMPORAL_CERT_PATH": "/c", "TEMPORAL_CERT": "C",
    "TEMPORAL_CERT_KEY": "K", "TEMPORAL_DEFAULT_NAMESPACE": "ns", "TEMPORAL_DEFAULT_SYNCJOB_QUEUE": "q",
    "AUTH_API_CLIENT_ID": "id", "AUTH_API_CLIENT_SECRET": "s", "AUTH_API_BASEURL": "https://api.example.com",
    "KUBERNETES_ENABLED": "false", "KUBERNETES_NAMESPACE": "ns", "KUBERNETES_WORKER_APP_NAME": "w",
}


def _median_per_call(func: Callable[[], object]) -> float:
    timer = timeit.Timer(func)
    loops, _ = timer.autorange()
    return statistics.median(timer.repeat(repeat=9, number=loops)) / loops


def service_start(work: Path) -> dict[str, Any]:
    module, partial = pydantic_settings_module(work)
    generated_import = import_time("import neosync_config.backend_api", ROOT)
    pydantic_import = import_time("import pydantic_backend", work)
    sys.path.insert(0, str(work))
    from neosync_config import BackendApiConfig

    import pydantic_backend  # noqa: E402  (written above)

    names = [f.metadata["env"] for f in BackendApiConfig.__dataclass_fields__.values()]
    environ = os.environ
    result: dict[str, Any] = {"variables": len(names), "import_generated_s": generated_import,
                              "import_pydantic_settings_s": pydantic_import,
                              "import_ratio": generated_import / pydantic_import}
    # A typical deployment sets the required variables and a few more; a full one sets all 33.
    for label, env in (("typical", partial | {"AUTH_AUDIENCE": "api"}), ("full", FULL_ENV)):
        for key in FULL_ENV:
            environ.pop(key, None)
        environ.update(env)

        def floor() -> None:
            for name in names:
                environ.get(name)

        generated = _median_per_call(BackendApiConfig.from_env)
        floor_time = _median_per_call(floor)
        environ["AUTH_AUDIENCE"] = '["api"]'  # pydantic-settings reads lists as JSON
        pydantic = _median_per_call(pydantic_backend.BackendApiSettings)
        environ["AUTH_AUDIENCE"] = "api"
        result[label] = {
            "set": len(env), "from_env_us": generated * 1e6, "floor_us": floor_time * 1e6,
            "pydantic_settings_us": pydantic * 1e6, "from_env_over_floor": generated / floor_time,
            "pydantic_over_from_env": pydantic / generated,
        }
    return result


def scan_speed(work: Path, runs: int = 3) -> dict[str, Any]:
    """`docenv scan` over the synthetic repository, wall clock with interpreter start, git listing and report."""
    from scan_tree import build

    tree = work / "scan-tree"
    tree.mkdir()
    files, size = build(tree)
    (tree / "doc.md").write_bytes(SEED.read_bytes())
    (tree / "pyproject.toml").write_text('[tool.docenv]\n[[tool.docenv.docs]]\npath = "doc.md"\n')
    command = [str(Path(PY).parent / "docenv"), "scan", "--format", "json", "--quiet"]
    no_git = {**os.environ, "GIT_DIR": str(tree / "no-such-git-dir")}  # git fails: scan walks the tree instead
    result: dict[str, Any] = {"files": files, "mb": size / 1e6}
    for label, env in (("git", None), ("walk", no_git)):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, cwd=tree, capture_output=True, check=False, env=env)
            times.append(time.perf_counter() - start)
            if done.returncode not in (0, 1):
                raise SystemExit(f"docenv scan failed: {done.stderr.decode()}")
        report = json.loads(done.stdout)
        result[f"scan_{label}_s"] = statistics.median(times)
        result["scanned"] = report["files"]["scanned"]
        result["undocumented"] = report["summary"]["undocumented"]
    return result


# The last commit before scan read config libraries (struct tags, pydantic-settings, zod...): the 10,000-file scan
# is measured against it in the same run, runs interleaved, so the readers' cost is what the two differ by.
SCAN_BASELINE = "366b0aa"


def scan_against_baseline(runs: int = 5) -> dict[str, Any]:
    """Median wall clock of this checkout's scan and the baseline's, over the same synthetic tree."""
    from scan_tree import build

    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        tree = work / "scan-tree"
        tree.mkdir()
        files, size = build(tree)
        (tree / "doc.md").write_bytes(SEED.read_bytes())
        (tree / "pyproject.toml").write_text('[tool.docenv]\n[[tool.docenv.docs]]\npath = "doc.md"\n')
        baseline = work / "baseline"
        archive = subprocess.run(["git", "archive", SCAN_BASELINE, "generator", "templates"], cwd=ROOT,
                                 capture_output=True, check=True).stdout
        baseline.mkdir()
        subprocess.run(["tar", "-x", "-C", str(baseline)], input=archive, check=True)
        current = [str(Path(PY).parent / "docenv"), "scan", "--format", "json", "--quiet"]
        before = [PY, "-m", "generator", "scan", "--format", "json", "--quiet"]
        env = {**os.environ, "PYTHONPATH": str(baseline)}
        times: dict[str, list[float]] = {"current": [], "baseline": []}
        for _ in range(runs):
            for label, command, environment in (("baseline", before, env), ("current", current, None)):
                start = time.perf_counter()
                done = subprocess.run(command, cwd=tree, capture_output=True, check=False, env=environment)
                times[label].append(time.perf_counter() - start)
                if done.returncode not in (0, 1):
                    raise SystemExit(f"{label} scan failed: {done.stderr.decode()[-2000:]}")
    current_s, baseline_s = statistics.median(times["current"]), statistics.median(times["baseline"])
    return {"files": files, "mb": size / 1e6, "current_s": current_s, "baseline_s": baseline_s,
            "ratio": current_s / baseline_s, "runs": runs, "baseline": SCAN_BASELINE}


def print_scan_against_baseline(r: dict[str, Any]) -> None:
    print(f"scan of {r['files']} files ({r['mb']:.0f} MB), {r['runs']} interleaved runs, medians: "
          f"{r['current_s']:.2f} s with the config-library readers, {r['baseline_s']:.2f} s at {r['baseline']} "
          f"without them ({r['ratio']:.2f}x)")


def main() -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        rows = docenv_rows(work)
        start = service_start(work)
        scanning = scan_speed(work)
    seed = seed_check()
    against = scan_against_baseline()
    go_load = json.loads(subprocess.run([PY, str(ROOT / "bench" / "go_load.py")], capture_output=True, text=True,
                                        check=True, cwd=ROOT / "bench").stdout)
    growth = rows[-1]["generate_s"] / rows[-2]["generate_s"]
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "docenv": rows,
        "generate_growth_1k_to_10k": growth,
        "seed_check_unchanged_s": seed,
        "service_start": start,
        "scan": scanning,
        "scan_against_baseline": against,
        "go_load": go_load,
    }
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")

    print(f"docenv benchmarks ({platform.python_version()}, {os.cpu_count()} cpus); medians; parse in-process, "
          "the rest wall clock with interpreter start")
    print(f"{'variables':>9} {'parse':>8} {'generate':>9} {'check=':>8} {'check+1':>8} {'peak MB':>8} "
          f"{'dmcg':>8} {'dmcg/docenv':>11}")
    for r in rows:
        print(f"{r['variables']:>9} {r['parse_s']:>7.3f}s {r['generate_s']:>8.2f}s {r['check_unchanged_s']:>7.3f}s "
              f"{r['check_after_edit_s']:>7.2f}s {r['peak_mb']:>8.0f} {r['datamodel_codegen_s']:>7.2f}s "
              f"{r['dmcg_over_docenv']:>10.1f}x")
    print(f"generate growth 1k -> 10k: {growth:.1f}x (10x the variables)")
    print_seed_check(seed)
    s = start
    print(f"service start, seed Backend API ({s['variables']} variables):")
    print(f"  import: generated {s['import_generated_s'] * 1000:.1f} ms, pydantic-settings class "
          f"{s['import_pydantic_settings_s'] * 1000:.1f} ms ({s['import_ratio']:.2f}x)")
    for label in ("typical", "full"):
        r = s[label]
        print(f"  from_env, {r['set']} of {s['variables']} set: {r['from_env_us']:.1f} us; os.environ.get floor "
              f"{r['floor_us']:.1f} us ({r['from_env_over_floor']:.2f}x); pydantic-settings "
              f"{r['pydantic_settings_us']:.1f} us ({r['pydantic_over_from_env']:.0f}x slower)")
    if "skipped" in go_load:
        print(f"Go load: skipped ({go_load['skipped']})")
    else:
        for label in ("typical", "full"):
            g = go_load[label]
            print(f"  Go LoadBackendAPI, {g['set']} of {go_load['variables']} set: {g['generated_ns'] / 1000:.2f} us; "
                  f"hand-written os.Getenv loader {g['hand_written_ns'] / 1000:.2f} us "
                  f"({g['generated_over_hand_written']:.2f}x); bare os.Getenv floor {g['getenv_floor_ns'] / 1000:.2f} us")
    sc = scanning
    print(f"scan: {sc['files']} source files, {sc['mb']:.0f} MB: {sc['scan_git_s']:.2f} s listed by git "
          f"({sc['mb'] / sc['scan_git_s']:.0f} MB/s), {sc['scan_walk_s']:.2f} s walking the tree; "
          f"{sc['scanned']} files read")
    print_scan_against_baseline(against)
    print(f"wrote {(RESULTS / 'latest.json').relative_to(ROOT)}")


if __name__ == "__main__":
    if sys.argv[1:] == ["check"]:  # `python bench/run.py check`: only the paired check measurement
        print_seed_check(seed_check())
    elif sys.argv[1:] == ["scan"]:  # `python bench/run.py scan`: the scan against the readers' baseline
        print_scan_against_baseline(scan_against_baseline())
    else:
        main()
