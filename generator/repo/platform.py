"""Variables the platform sets, not a service's configuration: never reported as undocumented."""

from __future__ import annotations

PLATFORM = frozenset({
    "PATH", "HOME", "USER", "LOGNAME", "SHELL", "PWD", "OLDPWD", "TERM", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TMP",
    "TEMP", "HOSTNAME", "HOST", "UID", "EUID", "GID", "PPID", "IFS", "PS1", "PS2", "PS4", "SHLVL", "RANDOM",
    "LINENO", "SECONDS", "OPTARG", "OPTIND", "BASH_SOURCE", "BASH_VERSION", "BASH_REMATCH", "FUNCNAME",
    "PIPESTATUS", "EDITOR", "PAGER", "DISPLAY", "COLUMNS", "LINES",
})
_PLATFORM_PREFIXES = ("LC_", "XDG_")


def is_platform(name: str) -> bool:
    return name in PLATFORM or name.startswith(_PLATFORM_PREFIXES)
