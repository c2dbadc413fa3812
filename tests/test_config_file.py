"""docenv's own settings file: discovery as ruff does it, --config, errors at FILE:LINE, placed outputs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from docenv.cli import main
from docenv.generate import settings

DOC = "## Api\n\n| Variable | Description | Default |\n| --- | --- | --- |\n| `API_PORT` | Port. | 8080 |\n"


@pytest.fixture(autouse=True)
def no_config_flag() -> object:
    yield
    settings.use_config(None)  # --config is remembered for the process: forget it between tests


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "env.md").write_text(DOC)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(textwrap.dedent(text).lstrip())
    return tmp_path


DOCENV_TOML = """
    out = "generated"

    [[docs]]
    path = "docs/env.md"
    name = "api"
    """
PYPROJECT = """
    [project]
    name = "svc"

    [tool.docenv]
    out = "from-pyproject"

    [[tool.docenv.docs]]
    path = "docs/env.md"
    """


def test_discovery_walks_up_and_takes_the_first_folder_with_settings(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path, {"docenv.toml": DOCENV_TOML, "pyproject.toml": PYPROJECT, "svc/deep/x.txt": ""})
    monkeypatch.chdir(root / "svc" / "deep")
    assert settings.load().file == root / "docenv.toml"  # docenv.toml before pyproject.toml in one folder
    (root / ".docenv.toml").write_text(DOCENV_TOML.replace('"generated"', '"hidden"'))
    assert settings.load().out == root / "hidden"  # .docenv.toml first of all
    (root / "svc" / "pyproject.toml").write_text("[project]\nname = 'inner'\n")  # no [tool.docenv]: passed over
    assert settings.load().file == root / ".docenv.toml"
    (root / "svc" / "pyproject.toml").write_text(textwrap.dedent(PYPROJECT).replace("docs/env.md", "../docs/env.md"))
    assert settings.load().file == root / "svc" / "pyproject.toml"  # the nearest folder wins


def test_config_names_the_file_on_every_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"conf/docenv-ci.toml": DOCENV_TOML.replace("docs/env.md", "../docs/env.md")})
    monkeypatch.chdir(root)
    assert main(["lint"]) == 2
    assert "no docenv.toml (or pyproject.toml with [tool.docenv]) found" in capsys.readouterr().err
    assert main(["--config", "conf/docenv-ci.toml", "generate", "--quiet"]) == 0
    assert (root / "conf" / "generated" / "api" / "model.json").is_file()  # paths are the file's own
    assert main(["check", "--config", "conf/docenv-ci.toml", "--quiet"]) == 0


@pytest.mark.parametrize(("text", "where", "message"), [
    ('out = "g"\n\n[[docs]]\npath = "docs/env.md"\noutputz = ["model"]\n', "docenv.toml:5",
     "[[docs]] has unknown key 'outputz'"),
    ('out = "g"\nscan = {paths = "."}\n\n[[docs]]\npath = "docs/env.md"\n', "docenv.toml:2",
     "[scan] paths must be a list of non-empty strings"),
    ('out = "g"\n[[docs]]\npath = "docs/env.md"\n\n[docs.services.api]\ncode = ["api/**"]\ncompse = ["api"]\n',
     "docenv.toml:7", "[docs.services.api] has unknown key 'compse'"),
    ('out = "g"\n[[docs]]\npath = "docs/env.md"\nsection_level = "2"\n', "docenv.toml:4",
     "[[docs]] section_level must be a heading level from 1 to 6"),
    ('out = "g"\n[[docs]]\npath = "docs/env.md"\ngo_out = "../elsewhere"\n', "docenv.toml:4",
     "go_out must be a folder inside the repository"),
    ('out = "g"\n\n[[docs]\npath = "docs/env.md"\n', "docenv.toml:3", "is not valid TOML"),
    ('out = 1\n[[docs]]\npath = "docs/env.md"\n', "docenv.toml:1", "out must be a non-empty string"),
], ids=["unknown doc key", "wrong type", "unknown map key", "level as text", "outside", "invalid", "out"])
def test_a_wrong_setting_stops_at_its_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str], text: str, where: str,
                                           message: str) -> None:
    root = project(tmp_path, {"docenv.toml": text})
    monkeypatch.chdir(root)
    assert main(["generate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{where}: ") and message in err and err.count("\n") == 1, err
    assert not (root / "g").exists()


def test_outputs_placed_in_the_repository_are_trees_of_their_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"docenv.toml": DOCENV_TOML + '    outputs = ["model", "go", "python"]\n'
                              '    go_out = "svc/internal/apiconfig"\n    go_module = "example.com/svc/internal/apiconfig"\n'
                              '    python_out = "worker"\n', "svc/go.mod": "module example.com/svc\n\ngo 1.22\n"})
    monkeypatch.chdir(root)
    assert main(["generate", "--quiet"]) == 0
    go = root / "svc" / "internal" / "apiconfig"
    assert sorted(p.name for p in go.iterdir()) == [".docenv-manifest.json", "api.go", "docenv_runtime.go"]
    assert not (go / "go.mod").exists()  # part of the svc module
    assert (root / "worker" / "api_config" / "__init__.py").is_file()
    assert sorted(p.name for p in (root / "generated").iterdir()) == [".docenv-manifest.json", "api"]
    assert main(["check", "--quiet"]) == 0
    (go / "api.go").write_text((go / "api.go").read_text() + "// edited\n")
    assert main(["check"]) == 1
    assert "svc/internal/apiconfig/api.go: hand-edited" in capsys.readouterr().out
    (go / "notes.go").write_text("package apiconfig\n")  # a file docenv did not write stays untouched
    assert main(["generate", "--quiet"]) == 0
    assert (go / "notes.go").read_text() == "package apiconfig\n"
    assert main(["check", "--quiet"]) == 0


def test_helm_adopt_writes_into_docenv_toml_keeping_its_comments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = project(tmp_path, {"docenv.toml": DOCENV_TOML.replace('name = "api"', 'name = "api"  # the short name')
                              + '    outputs = ["model", "helm"]\n',
                              "chart/templates/deployment.yaml": """
        apiVersion: apps/v1
        kind: Deployment
        spec:
          template:
            spec:
              containers:
                - name: api
                  env:
                    - name: API_PORT
                      value: {{ .Values.server.port | quote }}
        """})
    monkeypatch.chdir(root)
    assert main(["helm", "adopt", "chart/templates/deployment.yaml", "--write"]) == 0
    text = (root / "docenv.toml").read_text()
    assert 'name = "api"  # the short name' in text
    assert settings.load().docs[0].values_paths == {"API_PORT": "server.port"}
    assert "wrote docenv.toml ([[docs]] api)" in capsys.readouterr().err
