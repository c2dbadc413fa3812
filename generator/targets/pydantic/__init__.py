"""The pydantic-settings target (opt-in): `BaseSettings` classes with the stdlib target's names and parsers."""
