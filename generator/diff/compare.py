"""Two parsed docs -> a report of what changed, section by section, with breaking changes marked.

A change is breaking when a deployment that works with the old doc can stop working with the
new one: a setting it makes is no longer read, a value it sets is no longer accepted, a value
it leaves unset is now required or now means something else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..model.document import Document, Section, Variable

# The order changes are listed in within a section.
KINDS = ("added", "removed", "renamed", "type", "default", "required", "required_if", "choices", "secret",
         "aliases")


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # one of KINDS
    name: str  # the variable's name in the new doc (in the old one when removed); a family member's pattern
    old: str | None  # the value before, as shown to readers (None: none, or not applicable)
    new: str | None
    breaking: bool
    reason: str  # why it breaks, or why it does not; may be empty
    old_line: int | None
    new_line: int | None


@dataclass(frozen=True, slots=True)
class SectionChanges:
    id: str
    title: str
    status: str  # "changed", "added" or "removed"
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Report:
    old: str  # how the old doc was named on the command line
    new: str
    sections: tuple[SectionChanges, ...]  # only sections with something to report

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(change for section in self.sections for change in section.changes)

    @property
    def breaking(self) -> int:
        return sum(change.breaking for change in self.changes)


def compare(old: Document, new: Document, old_name: str, new_name: str) -> Report:
    """Sections matched by id: those of the new doc in its order, then the ones it removed."""
    before = {section.id: section for section in old.sections}
    after = {section.id: section for section in new.sections}
    reports: list[SectionChanges] = []
    for section in new.sections:
        if section.id not in before:
            added = [_added(var, in_new_section=True) for var in section.every_variable]
            reports.append(SectionChanges(section.id, section.title, "added", _ordered(added)))
        elif changed := compare_sections(before[section.id], section):
            reports.append(SectionChanges(section.id, section.title, "changed", changed))
    for section in old.sections:
        if section.id not in after:
            removed = [_removed(var, f"section {section.title!r} was removed") for var in section.every_variable]
            reports.append(SectionChanges(section.id, section.title, "removed", _ordered(removed)))
    return Report(old_name, new_name, tuple(reports))


def compare_sections(old: Section, new: Section) -> tuple[Change, ...]:
    before = {var.name: var for var in old.every_variable}
    after = {var.name: var for var in new.every_variable}
    gone = [var for var in old.every_variable if var.name not in after]
    arrived = [var for var in new.every_variable if var.name not in before]
    renamed_from = {new_var.name: old_var for old_var, new_var in _renames(gone, arrived)}
    renamed = {old_var.name for old_var in renamed_from.values()}

    changes: list[Change] = []
    for var in gone:
        if var.name not in renamed:
            changes.append(_removed(var, "no longer read: deployments that set it lose that setting"))
    for var in arrived:
        if var.name in renamed_from:
            was = renamed_from[var.name]
            changes.append(_renamed(was, var))
            changes.extend(compare_variables(was, var))
        else:
            changes.append(_added(var))
    for var in new.every_variable:
        if var.name in before:
            changes.extend(compare_variables(before[var.name], var))
    return _ordered(changes)


def compare_variables(old: Variable, new: Variable) -> list[Change]:
    """Every change of one variable's contract (reported under its new name)."""
    lines = (old.line, new.line)
    found = [
        _type_change(old, new),
        _default_change(old, new),
        _required_change(old, new),
        _required_if_change(old, new),
        _choices_change(old, new),
        _secret_change(old, new),
        _aliases_change(old, new),
    ]
    return [Change(kind, new.name, was, now, breaking, reason, *lines)
            for kind, was, now, breaking, reason in (f for f in found if f is not None)]


# ---- renames -------------------------------------------------------------------------

def _normal_description(text: str) -> str:
    return " ".join(text.split()).casefold()


def _renames(gone: list[Variable], arrived: list[Variable]) -> list[tuple[Variable, Variable]]:
    """(old, new) pairs, each variable in at most one: an alias naming the old variable first, then
    an equal description (whitespace and case aside). Both in doc order, so the pairing is stable."""
    pairs: list[tuple[Variable, Variable]] = []
    free_old, free_new = list(gone), list(arrived)
    for same in (_kept_as_alias, _same_description):
        for old_var in list(free_old):
            match = next((new_var for new_var in free_new if same(old_var, new_var)), None)
            if match is not None:
                pairs.append((old_var, match))
                free_old.remove(old_var)
                free_new.remove(match)
    return pairs


def _kept_as_alias(old: Variable, new: Variable) -> bool:
    return old.name in new.aliases


def _same_description(old: Variable, new: Variable) -> bool:
    described = _normal_description(old.description)
    return bool(described) and described == _normal_description(new.description)


# ---- one kind each -------------------------------------------------------------------

_Found = tuple[str, str | None, str | None, bool, str]


def describe(var: Variable) -> str:
    """A variable in a few words: `int, default 8080`, `str, required`, `url, required if X is true`."""
    parts = [type_text(var)]
    if var.required:
        parts.append("required")
    elif var.required_if is not None:
        parts.append(f"required if {var.required_if.describe()}")
    elif default_text(var) is not None:
        parts.append(f"default {default_text(var)}")
    else:
        parts.append("optional")
    if var.secret:
        parts.append("secret")
    return ", ".join(parts)


def _added(var: Variable, in_new_section: bool = False) -> Change:
    # A new section is a new service (or a renamed heading): no deployment of it sets anything yet.
    breaking = not in_new_section and var.required and not var.has_default
    if in_new_section:
        reason = "in a new section"
    elif breaking:
        reason = "new required variable without a default: deployments that do not set it fail"
    elif var.required_if is not None:
        reason = f"required only if {var.required_if.describe()}"
    else:
        reason = ""
    return Change("added", var.name, None, describe(var), breaking, reason, None, var.line)


def _removed(var: Variable, reason: str) -> Change:
    return Change("removed", var.name, describe(var), None, True, reason, var.line, None)


def _renamed(old: Variable, new: Variable) -> Change:
    if old.name in new.aliases:
        breaking, reason = False, f"{old.name} is still read as an alias"
    else:
        breaking, reason = True, f"{old.name} is no longer read; list it as an alias to keep it working"
    return Change("renamed", new.name, old.name, new.name, breaking, reason, old.line, new.line)


def type_text(var: Variable) -> str:
    if var.type == "enum":
        return f"enum ({', '.join(var.choices or ())})"
    if var.type == "list[str]":
        return f"list[str] split on {var.separator or ','!r}"
    return var.type


def _type_change(old: Variable, new: Variable) -> _Found | None:
    if old.type == new.type and (old.type != "list[str]" or old.separator == new.separator):
        return None  # an enum's choices changing is a choices change
    if _widens(old, new):
        return "type", type_text(old), type_text(new), False, "widened: every value accepted before still is"
    return "type", type_text(old), type_text(new), True, "narrowed: values accepted before may be rejected"


def _widens(old: Variable, new: Variable) -> bool:
    """Every value the old type accepts, the new one accepts too."""
    if new.type == "str":
        return True
    if (old.type, new.type) == ("int", "float"):
        return True
    return False  # same type with another list separator, or any other pair


def default_text(var: Variable) -> str | None:
    """The default as the doc states it: `$OTHER` for a reference, the literal, or None."""
    if var.default_ref is not None:
        return "$" + var.default_ref
    return var.default_literal


def _default_value(var: Variable) -> tuple[str, Any]:
    if var.default_ref is not None:
        return ("ref", var.default_ref)
    return ("value", var.default if var.default is not None else var.default_literal)


def _default_change(old: Variable, new: Variable) -> _Found | None:
    was, now = default_text(old), default_text(new)
    if was == now:
        return None
    if old.type == new.type and _default_value(old) == _default_value(new):
        return None  # `True` and `true`: written differently, the same value
    if old.required or new.required:
        # Required in the old doc: every deployment sets it. Required in the new: the required change breaks.
        return "default", was, now, False, "not applied where the variable is required"
    if was is None:
        reason = "deployments that leave it unset now get this value"
    elif now is None:
        reason = "deployments that leave it unset no longer get the old value"
    else:
        reason = "deployments that leave it unset get a different value"
    return "default", was, now, True, reason


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def _required_change(old: Variable, new: Variable) -> _Found | None:
    if old.required == new.required:
        return None
    if new.required:
        return "required", "no", "yes", True, "deployments that leave it unset now fail"
    return "required", "yes", "no", False, ""


def _required_if_change(old: Variable, new: Variable) -> _Found | None:
    if old.required_if == new.required_if:
        return None
    was = old.required_if.describe() if old.required_if else None
    now = new.required_if.describe() if new.required_if else None
    if now is None:
        return "required_if", was, now, False, ""
    return "required_if", was, now, True, "deployments where the condition holds and it is unset now fail"


def _choices_change(old: Variable, new: Variable) -> _Found | None:
    if old.choices is None or new.choices is None or set(old.choices) == set(new.choices):
        return None  # a type change covers an enum appearing or disappearing
    was, now = ", ".join(old.choices), ", ".join(new.choices)
    missing = [choice for choice in old.choices if choice not in new.choices]
    if missing:
        return "choices", was, now, True, f"no longer accepted: {', '.join(missing)}"
    return "choices", was, now, False, "widened: only choices added"


def _secret_change(old: Variable, new: Variable) -> _Found | None:
    if old.secret == new.secret:
        return None
    if new.secret:
        reason = "now a secret: the Helm chart moves it from the ConfigMap to the Secret"
    else:
        reason = "no longer a secret: the Helm chart moves it to the ConfigMap and generated code no longer masks it"
    return "secret", _yes_no(old.secret), _yes_no(new.secret), False, reason


def _aliases_change(old: Variable, new: Variable) -> _Found | None:
    # A rename's old name turning into an alias is the rename's business, not a change of aliases.
    was = [alias for alias in old.aliases if alias != new.name]
    now = [alias for alias in new.aliases if alias != old.name]
    if set(was) == set(now):
        return None
    dropped = [alias for alias in was if alias not in now]
    if dropped:
        reason = f"no longer read: {', '.join(dropped)}"
    else:
        reason = ""
    return "aliases", ", ".join(was) or None, ", ".join(now) or None, bool(dropped), reason


def _ordered(changes: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(sorted(changes, key=lambda c: (KINDS.index(c.kind), c.name, c.old or "", c.new or "")))

