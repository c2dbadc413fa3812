"""The two Python targets behind one interface, so one behaviour suite runs against both.

The stdlib target's classes read a mapping (`from_env(env)`) and raise `ConfigError`; the
pydantic-settings classes read the process environment when instantiated and raise pydantic's
`ValidationError`, whose `loc` holds the variable's name. A `Target` hides the difference:
`load(section, env)` gives the settings object (the same attribute names either way) and
`problems(section, env)` the sorted names of the variables with problems.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock

import pydantic

from docenv.generate.parse import parse_document
from docenv.generate.render import render_all
from docenv.targets.pydantic.package import settings_class
from docenv.targets.python.package import section_classes
from docenv.generate.project import DocSettings, Settings
from docenv.read.sources import read_doc

from .conftest import import_generated

SECTION_IDS = ("backend_api", "backend_api_database_migrations", "frontend_app", "worker", "cli")


@contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """os.environ holding exactly `env` for the duration."""
    with mock.patch.dict(os.environ, dict(env), clear=True):
        yield


@dataclass(frozen=True)
class Target:
    name: str
    classes: Mapping[str, type]  # section id -> the section's class

    def load(self, section: str, env: Mapping[str, str]) -> Any:
        raise NotImplementedError

    def load_process_env(self, section: str) -> Any:
        """Read os.environ, as a service does by default."""
        raise NotImplementedError

    def caught(self, section: str, env: Mapping[str, str]) -> Exception:
        """The error loading `env` raises (the test fails if it loads)."""
        raise NotImplementedError

    def messages(self, section: str, env: Mapping[str, str]) -> dict[str, str]:
        """Variable -> its problem's message."""
        raise NotImplementedError

    def problems(self, section: str, env: Mapping[str, str]) -> list[str]:
        return sorted(self.messages(section, env))

    def reveal(self, value: Any) -> Any:
        raise NotImplementedError

    def is_secret(self, value: Any) -> bool:
        raise NotImplementedError

    def fields(self, section: str) -> dict[str, str]:
        """Field name -> the variable it reads, in order."""
        raise NotImplementedError


class StdlibTarget(Target):
    def load(self, section: str, env: Mapping[str, str]) -> Any:
        return self.classes[section].from_env(env)  # type: ignore[attr-defined]

    def load_process_env(self, section: str) -> Any:
        return self.classes[section].from_env()  # type: ignore[attr-defined]

    def caught(self, section: str, env: Mapping[str, str]) -> Exception:
        cls = self.classes[section]
        try:
            cls.from_env(env)  # type: ignore[attr-defined]
        except ValueError as err:  # the package's ConfigError
            assert type(err).__name__ == "ConfigError", repr(err)
            return err
        raise AssertionError(f"{cls.__name__} loaded {dict(env)!r}")

    def messages(self, section: str, env: Mapping[str, str]) -> dict[str, str]:
        return {p.variable: p.message for p in self.caught(section, env).problems}  # type: ignore[attr-defined]

    def reveal(self, value: Any) -> Any:
        return value.reveal()

    def is_secret(self, value: Any) -> bool:
        return type(value).__name__ == "Secret" and hasattr(value, "reveal")

    def fields(self, section: str) -> dict[str, str]:
        return {f.name: f.metadata["env"] for f in dataclasses.fields(self.classes[section])}


class PydanticTarget(Target):
    def load(self, section: str, env: Mapping[str, str]) -> Any:
        with environment(env):
            return self.classes[section]()

    def load_process_env(self, section: str) -> Any:
        return self.classes[section]()

    def caught(self, section: str, env: Mapping[str, str]) -> Exception:
        cls = self.classes[section]
        try:
            with environment(env):
                cls()
        except pydantic.ValidationError as err:
            return err
        raise AssertionError(f"{cls.__name__} loaded {dict(env)!r}")

    def messages(self, section: str, env: Mapping[str, str]) -> dict[str, str]:
        error = self.caught(section, env)
        assert isinstance(error, pydantic.ValidationError)
        return {str(e["loc"][0]): e["msg"] for e in error.errors()}

    def reveal(self, value: Any) -> Any:
        return value.get_secret_value()

    def is_secret(self, value: Any) -> bool:
        return isinstance(value, (pydantic.SecretStr, pydantic.Secret))

    def fields(self, section: str) -> dict[str, str]:
        found = {}
        for name, info in self.classes[section].model_fields.items():  # type: ignore[attr-defined]
            alias = info.validation_alias
            found[name] = alias if isinstance(alias, str) else alias.choices[0]
        return found


def generate_both(doc: Path, out: Path, name: str) -> tuple[ModuleType, ModuleType]:
    """Generate the stdlib (`NAME_config`) and pydantic (`NAME_settings`) packages of `doc` through the
    pipeline, as `docenv generate` does with both outputs configured, and import both."""
    config, settings = f"{name}_config", f"{name}_settings"
    entry = DocSettings(doc, doc.name, name, config, ("python", "pydantic"), None, pydantic_package=settings)
    rendered = render_all(Settings(out.parent, out, (entry,), "test"))
    for path, data in rendered.files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return import_generated(out, config), import_generated(out, settings)


def targets_of(doc: Path, config: ModuleType, settings: ModuleType) -> tuple[StdlibTarget, PydanticTarget]:
    """Both targets over the classes generated from `doc`, keyed by section id."""
    document = parse_document(read_doc(str(doc), doc.name), doc.name).document
    stdlib = {section.id: getattr(config, cls) for section, _, cls in section_classes(document)}
    pyd = {section.id: getattr(settings, settings_class(cls)) for section, _, cls in section_classes(document)}
    return StdlibTarget("stdlib", stdlib), PydanticTarget("pydantic", pyd)
