"""The model every output is rendered from, and what is shared below all of them: diagnostics, the type
ladder, defaults and references, the value semantics (values/) and the linter.

Depends on nothing else in docenv.
"""
