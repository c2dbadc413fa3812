"""`docenv validate`: check a real environment (the process's, dotenv files, Kubernetes manifests)
against the doc, with the very code `docenv generate` writes, so the two cannot disagree."""
