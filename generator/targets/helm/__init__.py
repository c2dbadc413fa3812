"""The Helm target: one chart per section, its values.yaml, JSON schema and templates."""
