"""docenv as another repository gets it: a wheel built from this checkout, installed into a fresh virtualenv
with no checkout on sys.path, run in throwaway repositories (`init`, `generate`, `check`), its outputs then
compiled and checked by each language's own tools where init placed them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest

from .gotool import go_env, need_go
from .test_init import ORBIT

ROOT = Path(__file__).resolve().parent.parent
UV = Path(sys.executable).parent / "uv"
TSC = ROOT / "tests" / "typescript" / "node_modules" / ".bin" / "tsc"
STRICT = ROOT / "tests" / "typescript" / "tsconfig.strict.json"

if not UV.is_file():
    pytest.skip("uv is not in the test venv (make test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist, and a wheel built from it (not from the checkout, whose build/ may hold anything)."""
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([str(UV), "build", "--out-dir", str(out), str(ROOT)], capture_output=True, text=True,
                          env={**os.environ, "UV_NO_PROGRESS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    [built] = dist.glob("docenv-*.whl")
    return built


@pytest.fixture(scope="module")
def docenv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`docenv` installed from the wheel into a new virtualenv; the lock holds its dependencies' versions."""
    venv = tmp_path_factory.mktemp("venv") / "v"
    for command in ([str(UV), "venv", "--quiet", "--python", sys.executable, str(venv)],
                    [str(UV), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel),
                     "-c", str(ROOT / "requirements" / "dev.lock")]):
        done = subprocess.run(command, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    return venv / "bin" / "docenv"


def test_the_wheel_holds_docenv_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {n.split("/")[0] for n in names} == {"docenv", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}"
                                                ".dist-info"}
    assert "docenv/cli.py" in names and "docenv/templates/go/section.go.jinja" in names
    assert not [n for n in names if n.startswith(("generator/", "neosync", "tests/"))]
    metadata = next(n for n in names if n.endswith("entry_points.txt"))
    assert "docenv = docenv.cli:main" in zipfile.ZipFile(wheel).read(metadata).decode()


def test_the_sdist_holds_docenv_its_templates_and_metadata(dist: Path) -> None:
    [sdist] = dist.glob("docenv-*.tar.gz")
    with tarfile.open(sdist) as archive:
        top = {name.split("/")[1] for name in archive.getnames() if name.count("/")}
    assert top - {""} <= {"generator", "templates", "pyproject.toml", "README.md", "MANIFEST.in", "PKG-INFO",
                          "setup.cfg", "docenv.egg-info"}, top
    assert {"generator", "templates"} <= top


def run(docenv: Path, folder: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["GIT_DIR"] = str(folder / ".no-git")  # a throwaway repository is walked, not listed by this one's git
    done = subprocess.run([str(docenv), *args], cwd=folder, capture_output=True, text=True, env=env)
    assert done.returncode == code, f"docenv {' '.join(args)}: {done.returncode}\n{done.stdout[-2000:]}\n" \
                                    f"{done.stderr[-2000:]}"
    return done


def start(docenv: Path, folder: Path) -> dict[str, object]:
    """init, generate, check: the first minutes of a new user; the drafted docs entry."""
    run(docenv, folder, "init")
    run(docenv, folder, "generate", "--quiet")
    run(docenv, folder, "check", "--quiet")
    entry = tomllib.loads((folder / "docenv.toml").read_text())["docs"][0]
    assert isinstance(entry, dict)
    return entry


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text).lstrip())
    return root


DOC = """
    # Shop service

    | Variable | Description | Required | Default |
    | --- | --- | --- | --- |
    | `SHOP_PORT` | Port. | false | 8080 |
    | `SHOP_DATABASE_URL` | Postgres URL. | true | |
    | `SHOP_DEBUG` | Whether to log requests. | false | false |
    | `SHOP_API_TOKEN` | Token for the payments API. | true | |
    """


def test_the_installed_package_is_not_the_checkout(docenv: Path, tmp_path: Path) -> None:
    python = docenv.parent / "python"
    done = subprocess.run([str(python), "-c", "import docenv, sys; print(docenv.__file__); "
                           "print(any('generator' == p.rsplit('/', 1)[-1] for p in sys.path))"],
                          cwd=tmp_path, capture_output=True, text=True, env={"PATH": os.environ["PATH"]})
    path, on_path = done.stdout.split()
    assert "site-packages" in path and str(ROOT) not in path and on_path == "False"
    assert subprocess.run([str(python), "-m", "docenv", "--version"], capture_output=True, text=True,
                          cwd=tmp_path).stdout.strip() == "docenv 0.1.0"


def test_a_go_module(docenv: Path, tmp_path: Path) -> None:
    go = need_go()
    repo = write(tmp_path / "shop", {
        "docs/environment-variables.md": DOC,
        "go.mod": "module example.com/shop\n\ngo 1.22\n",
        "main.go": """
            package main

            import (
            	"fmt"

            	"example.com/shop/internal/shopconfig"
            )

            func main() {
            	cfg, err := shopconfig.LoadShopService()
            	fmt.Println(cfg.ShopPort, err)
            }
            """,
        "internal/db/db.go": 'package db\n\nimport "os"\n\nvar URL = os.Getenv("SHOP_DATABASE_URL")\n',
    })
    entry = start(docenv, repo)
    assert (entry["go_out"], entry["go_module"]) == ("internal/shopconfig", "example.com/shop/internal/shopconfig")
    assert not (repo / "internal" / "shopconfig" / "go.mod").exists()
    for command in (["vet", "./..."], ["build", "./..."]):  # from the module root: the package is the module's
        done = subprocess.run([go, *command], cwd=repo, env=go_env(),
                              capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    run(docenv, repo, "init", code=2)  # never over the first file
    assert tomllib.loads((repo / "docenv.toml").read_text())["docs"][0] == entry


def test_a_typescript_app(docenv: Path, tmp_path: Path) -> None:
    if not TSC.exists():
        pytest.skip("the pinned tsc is installed by `make test` (npm ci in tests/typescript)")
    repo = write(tmp_path / "shop-web", {
        "docs/environment-variables.md": DOC,
        "package.json": '{"name": "shop-web", "type": "module"}\n',
        "tsconfig.json": '{"compilerOptions": {"strict": true}}\n',
        "src/server.ts": """
            import { loadShopService } from "./config/shop_web/index.js";

            declare const process: { env: Record<string, string | undefined> };  // no @types/node in this app

            export const port: number = loadShopService().shopPort;
            export const debug = process.env["SHOP_DEBUG"];
            export const database = process.env["SHOP_DATABASE_URL"];
            """,
    })
    entry = start(docenv, repo)
    assert entry["typescript_out"] == "src/config/shop_web"
    config = tmp_path / "tsconfig.check.json"
    config.write_text(json.dumps({"extends": str(STRICT), "compilerOptions": {"noEmit": True, "types": []},
                                  "files": [str(repo / "src" / "server.ts")]}))
    done = subprocess.run([str(TSC), "-p", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-4000:]


def test_a_python_service(docenv: Path, tmp_path: Path) -> None:
    repo = write(tmp_path / "shop-api", {
        "docs/environment-variables.md": DOC,
        "pyproject.toml": '[project]\nname = "shop-api"\nversion = "1.0"\n',
        "app/main.py": "import os\n\nPORT = int(os.getenv('SHOP_PORT', '8080'))\nTOKEN = os.environ['SHOP_API_TOKEN']\n",
    })
    entry = start(docenv, repo)
    assert entry["python_out"] == "." and "python" in entry["outputs"]  # type: ignore[operator]
    package = repo / "shop_api_config"
    probe = ("import shop_api_config as c; cfg = c.ShopServiceConfig.from_env({'SHOP_DATABASE_URL': 'postgres://x', "
             "'SHOP_API_TOKEN': 't'}); assert cfg.shop_port == 8080, cfg")
    done = subprocess.run([str(docenv.parent / "python"), "-c", probe], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(package)],
                          capture_output=True, text=True, cwd=repo)
    assert mypy.returncode == 0, mypy.stdout[-3000:]


def test_a_polyglot_monorepo_with_compose_and_a_chart(docenv: Path, tmp_path: Path) -> None:
    go = need_go()
    repo = tmp_path / "ledger"
    shutil.copytree(ROOT / "tests" / "fixtures" / "monorepo", repo)
    for name in ("pyproject.toml", "pyproject.mapped.toml"):
        (repo / name).unlink()
    write(repo, {"backend/internal/config/config.go": """
        // Package config reads the API's settings (stdlib only: no module proxy here).
        package config

        import "os"

        var (
        	Port      = os.Getenv("PORT")
        	Database  = os.Getenv("DATABASE_URL")
        	LogLevel  = os.Getenv("LOG_LEVEL")
        	JWTSecret = os.Getenv("JWT_SECRET")
        )
        """, "backend/cmd/api/main.go": """
        package main

        import (
        	"log"
        	"os"

        	"example.com/ledger/backend/internal/ledgerconfig"
        )

        func main() {
        	cfg, err := ledgerconfig.LoadBackendAPI()
        	log.Println(cfg, err, os.Getenv("QUEUE_NAME"))
        }
        """})
    entry = start(docenv, repo)
    services = entry["services"]
    assert isinstance(services, dict)
    assert services["backend_api"] == {"code": ["backend/**"], "compose": ["api"], "charts": ["charts/api"]}
    assert services["worker"] == {"code": ["worker/**"], "compose": ["worker"], "charts": ["charts/worker"]}
    for command in (["vet", "./..."], ["build", "./..."]):
        done = subprocess.run([go, *command], cwd=repo / "backend",
                              env=go_env(), capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "ledger_config"],
                          capture_output=True, text=True, cwd=repo / "worker")
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    scan = run(docenv, repo, "scan", "--format", "json", code=1)
    assert json.loads(scan.stdout)["outside_the_map"]["compose_services"] == ["cache", "db", "keycloak", "temporal"]


def test_one_server_in_topic_sections_beside_client_sdks(docenv: Path, tmp_path: Path) -> None:
    go = need_go()
    repo = write(tmp_path / "orbit", ORBIT)
    entry = start(docenv, repo)
    assert entry["services"] == {key: {"code": ["server/**"]} for key in ("database", "security", "runtime")}
    assert entry["outputs"] == ["model", "env", "go", "helm"]  # no SDK's language: they read none of the doc
    done = subprocess.run([go, "vet", "./..."], cwd=repo / "server", env=go_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    run(docenv, repo, "scan", "--quiet")  # the SDKs' own variables are outside the map: nothing to report
