"""The repository around the doc: its compose files, read as Docker Compose reads them, and the service map
that ties each section of the doc to the code, compose services and charts that run it."""
