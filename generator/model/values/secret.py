"""A value that never shows itself: what every target makes of a documented secret."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

T = TypeVar("T")


MASK = "**********"


class Secret(Generic[T]):
    """A value that never shows itself in repr, str, logs or errors; `.reveal()` gives it."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def reveal(self) -> T:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and bool(self._value == other._value)

    def __hash__(self) -> int:
        return hash(("Secret", repr(type(self._value))))

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")

    # The value is never changed, so a copy can be the same object (and asdict/deepcopy work).
    def __copy__(self) -> Secret[T]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Secret[T]:
        return self
