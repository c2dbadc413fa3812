"""The Go target (opt-in): a stdlib-only package with one struct and its loaders per section."""
