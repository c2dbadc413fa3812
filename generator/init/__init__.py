"""`docenv init`: start docenv in a repository: find its doc, draft the service map from what the code
reads, propose outputs inside the stacks that use them, write docenv.toml."""
