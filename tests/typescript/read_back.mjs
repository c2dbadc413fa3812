// Reads generated TypeScript back as its users see it, for tests/test_typescript.py's hostile-text test:
// for each compiled folder and the environments given, every section's title, variables (name and
// description as the metadata holds them), the config's toEnv() or the ConfigError, and the names the
// index exports. Input: a JSON file [{dist, envs: [env per section]}]; output: JSON on stdout.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const jobs = JSON.parse(readFileSync(process.argv[2], "utf8"));
const results = [];
for (const job of jobs) {
  const index = await import(pathToFileURL(join(job.dist, "index.js")).href);
  const sections = index.SECTIONS.map((section, i) => {
    const read = { id: section.id, title: section.title, variables: section.variables.map((v) => [v.env, v.description]) };
    try {
      read.toEnv = section.load(job.envs[i] ?? {}).toEnv();
    } catch (error) {
      read.error = String(error);
    }
    return read;
  });
  results.push({ exports: Object.keys(index).sort(), sections });
}
process.stdout.write(JSON.stringify(results));
