"""One module or folder per output, each a function from the model to files (path -> text), and the
helpers they share (escaping, templating, marks). A target depends on model/ only, never on another
target; generate/outputs.py lists them.
"""
