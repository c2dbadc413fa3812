"""Reading a doc: Markdown (and HTML) tables -> the model, with every inference and its diagnostics.

Depends on model/ only; knows nothing of the outputs.
"""
