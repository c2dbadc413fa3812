"""docenv: generate typed config, .env examples and Helm values from environment-variable docs."""

__version__ = "0.1.0"
