"""`make bench`, TypeScript part: the generated loader against a hand-written `process.env` loop and zod.

The seed's Backend API section (the largest), compiled with the pinned tsc; zod is installed for this
benchmark only (`npm install --no-save` into a temporary folder). All three read the same variables from
the same `process.env` in one Node process; each figure is the median per call of several timed batches.
Targets are reported, never asserted: the generated loader within 2x of the hand-written loop.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docenv.generate.parse import parse_document  # noqa: E402
from docenv.model.defaults import default_env_string  # noqa: E402
from docenv.model.document import Section, Variable  # noqa: E402
from docenv.targets.typescript.naming import camel_case  # noqa: E402

SEED = ROOT / "spec" / "neosync" / "environment-variables.md"
TOOLS = ROOT / "tests" / "typescript"
RESULTS = ROOT / "bench" / "results"
ZOD = "zod@4"
# A valid value of each type, for the environment where every variable is set.
SAMPLE = {"str": "x", "url": "https://example.com", "path": "/x", "duration": "1s", "int": "1", "float": "1.5",
          "bool": "true", "json": "{}", "list[str]": "a,b"}


def sample(var: Variable) -> str:
    return var.choices[0] if var.type == "enum" and var.choices else SAMPLE[var.type]


def hand_loop(section: Section) -> str:
    """What a person writes without a library: one literal read per variable, parsed inline, defaults."""
    lines = ["export function handLoad() {", "  const e = process.env;", "  const out = {};", "  let v;"]
    for var in section.variables:
        read = "v"
        lines.append(f"  v = e.{var.name};")
        default = default_env_string(var)
        parse = {
            "int": f"Number.parseInt({read}, 10)", "float": f"Number({read})", "bool": f"{read} === \"true\"",
            "list[str]": f"{read}.split(\",\").map((s) => s.trim()).filter(Boolean)", "json": f"JSON.parse({read})",
            "duration": f"Number.parseFloat({read}) * 1000",
        }.get(var.type, read)
        fallback = json.dumps(default) if default is not None else "undefined"
        if var.required:
            lines.append(f"  if (!{read}) throw new Error(\"{var.name} is required\");")
        lines.append(f"  out.{camel_case(var.name)} = {read} ? {parse} : {fallback};")
    return "\n".join(lines + ["  return out;", "}"]) + "\n"


def zod_schema(section: Section) -> str:
    """The same variables as a zod object, the way its docs suggest for `process.env`."""
    kinds = {
        "str": "z.string()", "path": "z.string()", "url": "z.string().url()", "int": "z.coerce.number().int()",
        "float": "z.coerce.number()", "bool": "z.enum(['1','t','T','TRUE','true','True','0','f','F','FALSE','false',"
        "'False']).transform((v) => ['1','t','T','TRUE','true','True'].includes(v))",
        "list[str]": "z.string().transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))",
        "json": "z.string().transform((v) => JSON.parse(v))",
        "duration": "z.string().regex(/^([0-9.]+(ns|us|ms|s|m|h))+$/)",
    }
    fields = []
    for var in section.variables:
        kind = f"z.enum({json.dumps(list(var.choices or ()))})" if var.type == "enum" else kinds[var.type]
        fields.append(f"  {var.name}: {kind}{'' if var.required else '.optional()'},")
    return "import { z } from 'zod';\nexport const schema = z.object({\n" + "\n".join(fields) + "\n});\n"


TIMER = """
import { loadBackendApi } from './dist/index.js';
import { handLoad } from './hand.mjs';
import { schema } from './zod.mjs';
const env = JSON.parse(process.argv[2]);
for (const k of Object.keys(process.env)) delete process.env[k];
Object.assign(process.env, env);
function perCall(fn) {
  for (let i = 0; i < 3000; i++) fn();
  const runs = [];
  for (let r = 0; r < 7; r++) {
    const n = 20000, start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    runs.push(Number(process.hrtime.bigint() - start) / n / 1000);
  }
  return runs.sort((a, b) => a - b)[3];
}
const snapshot = { ...process.env };
const out = {
  generated_us: perCall(() => loadBackendApi()),
  generated_object_us: perCall(() => loadBackendApi(snapshot)),
  hand_loop_us: perCall(handLoad),
  zod_us: perCall(() => schema.parse(process.env)),
};
console.log(JSON.stringify(out));
"""


def main() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        print("TypeScript benchmark skipped: node and npm are needed")
        return
    section = next(s for s in parse_document(SEED.read_text(encoding="utf-8"), str(SEED)).document.sections
                   if s.id == "backend_api")
    if not (TOOLS / "node_modules" / ".bin" / "tsc").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOLS, check=True)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        (work / "package.json").write_text('{"type": "module", "private": true}\n')
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", ZOD],
                       cwd=work, check=True)
        subprocess.run([str(TOOLS / "node_modules" / ".bin" / "tsc"), "--target", "ES2022", "--module", "ESNext",
                        "--moduleResolution", "Bundler", "--outDir", str(work / "dist"), "--rootDir",
                        str(ROOT / "generated" / "neosync" / "ts"), str(ROOT / "generated" / "neosync" / "ts" /
                                                                        "index.ts")], check=True)
        (work / "dist" / "package.json").write_text('{"type": "module"}\n')
        (work / "hand.mjs").write_text(hand_loop(section))
        (work / "zod.mjs").write_text(zod_schema(section))
        (work / "timer.mjs").write_text(TIMER)
        required = {v.name: sample(v) for v in section.variables if v.required or v.required_if}
        full = {v.name: sample(v) for v in section.variables}
        for label, env in (("typical", required), ("full", full)):
            done = subprocess.run(["node", "timer.mjs", json.dumps(env)], cwd=work, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"bench/typescript.py: the timer failed:\n{done.stderr[-3000:]}")
            results[label] = json.loads(done.stdout) | {"set": len(env)}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "typescript.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"TypeScript loadBackendApi ({len(section.variables)} variables), median per call:")
    for label, r in results.items():
        print(f"  {r['set']:.0f} of {len(section.variables)} set: generated {r['generated_us']:.2f} us "
              f"(from an object {r['generated_object_us']:.2f} us); hand-written process.env loop "
              f"{r['hand_loop_us']:.2f} us ({r['generated_us'] / r['hand_loop_us']:.2f}x); "
              f"{ZOD} {r['zod_us']:.2f} us ({r['zod_us'] / r['generated_us']:.1f}x the generated)")
    print(f"wrote {(RESULTS / 'typescript.json').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
