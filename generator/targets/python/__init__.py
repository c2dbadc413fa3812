"""The stdlib target: frozen dataclasses with `from_env`/`to_env`, carrying model/values as `_runtime.py`."""
