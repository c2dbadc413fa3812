"""`docenv init`: the doc found, the service map drafted from evidence, outputs proposed per stack, docenv.toml
written once. (tests/test_wheel.py runs it from a built wheel and compiles the results with each language's
own tools.)"""

from __future__ import annotations

import shutil
import textwrap
import tomllib
from pathlib import Path

import pytest

from docenv.cli import main

from .conftest import FIXTURES


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(textwrap.dedent(text).lstrip())
    return root


@pytest.fixture
def monorepo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ledger"
    shutil.copytree(FIXTURES / "monorepo", root)
    for name in ("pyproject.toml", "pyproject.mapped.toml"):
        (root / name).unlink()
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-git"))
    return root


def services(root: Path) -> dict[str, dict[str, list[str]]]:
    return tomllib.loads((root / "docenv.toml").read_text())["docs"][0]["services"]  # type: ignore[no-any-return]


def test_init_maps_sections_named_after_services_by_evidence(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"]) == 0
    assert services(monorepo) == {
        "backend_api": {"code": ["backend/**"], "compose": ["api"], "charts": ["charts/api"]},
        "worker": {"code": ["worker/**"], "compose": ["worker"], "charts": ["charts/worker"]},
    }
    text = (monorepo / "docenv.toml").read_text()
    assert 'code = ["backend/**"]                   # Go module example.com/ledger/backend; reads 6 of 6 documented ' \
           "names" in text
    assert "#   marketing (Node app ledger-site): reads none of the documented names (reads 2 of its own)" in text
    assert "#   compose services cache, db, keycloak, temporal: no section claims them" in text
    doc = tomllib.loads(text)["docs"][0]
    assert (doc["name"], doc["outputs"]) == ("ledger", ["model", "env", "go", "python"])  # the repo's own charts
    assert (doc["go_out"], doc["go_module"]) == ("backend/internal/ledgerconfig",
                                                 "example.com/ledger/backend/internal/ledgerconfig")
    assert doc["python_out"] == "worker"
    err = capsys.readouterr().err
    assert err.startswith("docenv init: wrote docenv.toml. Next:\n  docenv generate")
    # What it drafted runs: generate, check, and a scan whose findings are the map's.
    assert main(["generate", "--quiet"]) == 0 and main(["check", "--quiet"]) == 0
    assert main(["scan", "--quiet"]) == 1
    out = capsys.readouterr().out
    assert "LOG_LEVEL is read here by Worker but the Worker section does not document it; Backend API does" in out
    assert "POSTGRES_DB" not in out and "NEXT_PUBLIC_GA_ID" not in out


def test_a_stack_is_matched_by_any_folder_of_its_path_or_else_by_what_it_reads(
        monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = monorepo / "docs" / "environment-variables.md"
    doc.write_text(doc.read_text() + textwrap.dedent("""
        ## Frontend App

        | Variable | Description | Required | Default |
        | --- | --- | --- | --- |
        | `NEXT_PUBLIC_API_URL` | Where the browser finds the API. | true | |
        | `AUTH_SECRET` | Signs the app's sessions. | true | |

        ## Billing

        | Variable | Description | Required | Default |
        | --- | --- | --- | --- |
        | `STRIPE_KEY` | Stripe API key. | true | |
        | `INVOICE_DAY` | Day of the month invoices go out. | false | 1 |
        | `TAX_REGION` | Region whose tax rules apply. | false | eu |
        """))
    write(monorepo, {
        # "Frontend App" names the first folder of the app's path, not its last.
        "frontend/apps/web/package.json": '{"name": "@ledger/web"}\n',
        "frontend/apps/web/lib/env.ts": "export const api = process.env.NEXT_PUBLIC_API_URL;\n"
                                        "export const secret = process.env.AUTH_SECRET;\n",
        # No title names payments/: it reads all of Billing's names; the SDK reads one, so it is not Billing.
        "payments/pyproject.toml": '[project]\nname = "ledger-payments"\n',
        "payments/app.py": 'import os\n\nKEY, DAY = os.environ["STRIPE_KEY"], os.getenv("INVOICE_DAY")\n'
                           'REGION = os.getenv("TAX_REGION")\n',
        "sdk/pyproject.toml": '[project]\nname = "ledger-sdk"\n',
        "sdk/client.py": 'import os\n\nKEY = os.getenv("STRIPE_KEY")\n',
    })
    assert main(["init", "--quiet"]) == 0
    drafted = services(monorepo)
    assert drafted["frontend_app"] == {"code": ["frontend/apps/web/**"]}
    assert drafted["billing"] == {"code": ["payments/**"]}
    assert drafted["backend_api"]["code"] == ["backend/**"] and drafted["worker"]["code"] == ["worker/**"]
    text = (monorepo / "docenv.toml").read_text()
    assert "# Python project ledger-payments; reads 3 of 3 documented names, more than any other stack (no title " \
           "names it)" in text
    assert "#   sdk (Python project ledger-sdk): reads 1 documented name but no section is clearly its" in text


def test_init_never_overwrites_settings(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init"]) == 0
    first = (monorepo / "docenv.toml").read_bytes()
    capsys.readouterr()
    assert main(["init"]) == 2
    assert capsys.readouterr().err == ("docenv.toml: already holds docenv's settings; init never overwrites them "
                                       "(edit that file, or remove it to start again)\n")
    assert (monorepo / "docenv.toml").read_bytes() == first
    (monorepo / "docenv.toml").unlink()
    (monorepo / "pyproject.toml").write_text('[tool.docenv]\nout = "g"\n')
    assert main(["init"]) == 2 and "pyproject.toml: already holds docenv's settings" in capsys.readouterr().err
    assert not (monorepo / "docenv.toml").exists()


def test_several_docs_are_listed_and_one_is_picked(monorepo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(monorepo, {"worker/README.md": """
        # Worker notes

        | Variable | Description |
        | --- | --- |
        | `QUEUE_NAME` | Queue. |
        """})
    assert main(["init"]) == 2
    assert capsys.readouterr().err == (".: 2 docs hold variable tables: docs/environment-variables.md (10 variables); "
                                       "worker/README.md (1 variables); pick one with --doc PATH\n")
    assert not (monorepo / "docenv.toml").exists()
    assert main(["init", "--doc", "docs/environment-variables.md"]) == 0
    assert tomllib.loads((monorepo / "docenv.toml").read_text())["docs"][0]["path"] == "docs/environment-variables.md"


TOPIC_DOC = """
    # Orbit server configuration

    ## Database

    | Variable | Description | Required | Default |
    | --- | --- | --- | --- |
    | `ORBIT_DB_URL` | Postgres URL. | true | |
    | `ORBIT_DB_POOL` | Connections. | false | 10 |

    ## Security

    | Variable | Description | Required | Default |
    | --- | --- | --- | --- |
    | `ORBIT_SECRET_KEY` | Secret key. | true | |
    | `ORBIT_ALLOWED_HOSTS` | Hosts, comma separated. | false | localhost |

    ## Runtime

    | Variable | Description | Required | Default |
    | --- | --- | --- | --- |
    | `ORBIT_PORT` | Port. | false | 8000 |
    """


# One server described in topic sections, beside client SDKs and a load test that read their own variables
# (tests/test_wheel.py runs it from the wheel, then go vet).
ORBIT = {
    "docs/configuration.md": TOPIC_DOC,
    "server/go.mod": "module example.com/orbit/server\n\ngo 1.22\n",
    "server/main.go": """
        package main

        import "os"

        func main() {
        	for _, k := range []string{os.Getenv("ORBIT_DB_URL"), os.Getenv("ORBIT_DB_POOL"),
        		os.Getenv("ORBIT_SECRET_KEY"), os.Getenv("ORBIT_ALLOWED_HOSTS"), os.Getenv("ORBIT_PORT")} {
        		_ = k
        	}
        }
        """,
    "sdk/python/pyproject.toml": '[project]\nname = "orbit-client"\n',
    "sdk/python/orbit_client/client.py": 'import os\n\nTOKEN = os.getenv("ORBIT_CLIENT_TOKEN")\n',
    "sdk/js/package.json": '{"name": "orbit-js"}\n',
    "sdk/js/index.js": "export const url = process.env.ORBIT_API_URL;\n",
    "loadtest/package.json": '{"name": "orbit-loadtest"}\n',
    "loadtest/run.js": "const users = process.env.LOADTEST_USERS;\n",
}


def test_one_server_in_topic_sections_beside_client_sdks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write(tmp_path / "orbit", ORBIT)
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-git"))
    assert main(["init"]) == 0
    text = (root / "docenv.toml").read_text()
    assert services(root) == {key: {"code": ["server/**"]} for key in ("database", "security", "runtime")}
    assert "reads 5 of 5 documented names, the most of any stack" in text
    for left in ("sdk/python (Python project orbit-client): reads none of the documented names (reads 1 of its own)",
                 "sdk/js (Node app orbit-js): reads none", "loadtest (Node app orbit-loadtest): reads none"):
        assert left in text
    assert tomllib.loads(text)["docs"][0]["go_out"] == "server/internal/orbitconfig"


def test_a_repository_without_a_doc_is_told_how_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(write(tmp_path, {"README.md": "# App\n\nNo tables here.\n"}))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "no-git"))
    assert main(["init"]) == 2
    assert "no Markdown doc here holds a table of environment variables" in capsys.readouterr().err
