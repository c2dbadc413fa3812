"""A synthetic repository for `docenv scan`: 10,000 source files, about 100 MB, in a git work tree.

The mix follows a polyglot service repository: mostly Python, Go and TypeScript, plus charts,
compose files, Dockerfiles and scripts. About a third of the files read environment variables,
so the readers' lexing (not only their cheap prefilters) is part of the figure.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# (share of files, folder, suffix, body with {n} for a per-file number, reads with {n})
_KINDS = [
    (40, "services/api", ".py",
     'def handler_{n}(event: dict) -> dict:\n    """Handle one event; see docs for the payload."""\n'
     '    items = [x * 2 for x in event.get("items", [])]  # double them\n    return {{"count": len(items)}}\n\n',
     'DB_HOST_{n} = os.environ.get("DB_HOST", "localhost")\nTOKEN = os.getenv("API_TOKEN_{n}")\n'),
    (20, "services/worker", ".go",
     'func process{n}(ctx context.Context, job *Job) error {{\n\t// retry with backoff\n'
     '\tif err := job.Run(ctx); err != nil {{\n\t\treturn fmt.Errorf("job %d: %w", job.ID, err)\n\t}}\n'
     '\treturn nil\n}}\n\n',
     'var queue{n} = os.Getenv("WORKER_QUEUE")\nvar level{n} = viper.GetString("log.level")\n'),
    (25, "web/src", ".ts",
     'export function render{n}(props: Props): string {{\n  const title = `Item ${{props.id}}: ${{props.name}}`;\n'
     "  return title.length > 80 ? title.slice(0, 77) + '...' : title; // keep it short\n}}\n\n",
     'const apiUrl{n} = process.env.NEXT_PUBLIC_API_URL;\nconst {{ SENTRY_DSN, RELEASE_{n} }} = process.env;\n'),
    (6, "charts/app/templates", ".yaml",
     '        - name: SIDECAR_{n}\n          valueFrom:\n            secretKeyRef:\n              name: app-secrets\n'
     '              key: sidecar-{n}\n',
     'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n'
     '        env:\n        - name: DB_HOST\n          value: "db"\n'),
    (4, "scripts", ".sh",
     'log_{n}() {{\n  echo "[$(date)] $*" >&2  # timestamped\n}}\n\n',
     'echo "connecting to ${{DB_HOST:-localhost}}:${{DB_PORT_{n}}}"\n'),
    (3, "docker", ".Dockerfile",
     'RUN apt-get update && apt-get install -y --no-install-recommends curl{n} \\\n    && rm -rf /var/lib/apt/lists/*\n',
     'ENV APP_HOME=/app PORT_{n}=8080\nARG VERSION\n'),
    (2, "deploy", "docker-compose.{n}.yml",
     '  svc{n}:\n    image: "registry.example.com/svc:${{TAG:-latest}}"\n    restart: unless-stopped\n',
     'services:\n  api:\n    environment:\n      - DB_HOST=db\n      - API_TOKEN_{n}\n'),
]
FILES = 10_000
FILE_BYTES = 10_000


def build(root: Path, files: int = FILES) -> tuple[int, int]:
    """Write the tree under `root` and add it to a git index (scan lists files with git); (files, bytes)."""
    total = sum(share for share, *_ in _KINDS)
    counts = [files * share // total for share, *_ in _KINDS]
    counts[0] += files - sum(counts)
    written = size = 0
    for count, (_, folder, suffix, body, reads) in zip(counts, _KINDS):
        for n in range(count):
            path = root / folder / f"m{n // 200}" / (suffix.format(n=n) if "{n}" in suffix else f"f{n}{suffix}")
            path.parent.mkdir(parents=True, exist_ok=True)
            head = reads.format(n=n) if n % 3 == 0 else ""
            chunk = body.format(n=n)
            text = head + chunk * max(1, (FILE_BYTES - len(head)) // len(chunk))
            path.write_text(text)
            written, size = written + 1, size + len(text)
    for command in (["git", "init", "-q"], ["git", "add", "-A"]):
        subprocess.run(command, cwd=root, check=True)
    return written, size
