// The conformance cases (tests/conformance/cases.json) on the TypeScript target, under `node --test`.
// tests/test_typescript.py generates the TypeScript of the conformance doc (one section per case),
// compiles it with tsc, and runs this file with DOCENV_TS_DIST (the compiled folder) and DOCENV_CASES.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { inspect } from "node:util";

const dist = process.env.DOCENV_TS_DIST;
const casesFile = process.env.DOCENV_CASES;
if (!dist || !casesFile) throw new Error("set DOCENV_TS_DIST and DOCENV_CASES (tests/test_typescript.py does)");

const { SECTIONS, Secret, ConfigError } = await import(pathToFileURL(join(dist, "index.js")).href);
const cases = JSON.parse(readFileSync(casesFile, "utf8")).cases;

// Where this target decides differently by design (README, "TypeScript target"): case -> why.
const LIMITS = {
  "int largest 64-bit": "a JS number holds integers exactly only up to 2^53 - 1; larger ones are an error",
};

process.env.HOME = "/home/conformance"; // `~` in a path expands to it (cases README)
const root = mkdtempSync(join(tmpdir(), "docenv-ts-conformance-"));

test("each case makes exactly one section", () => {
  assert.equal(SECTIONS.length, cases.length);
});

function neutral(info, value) {
  if (value instanceof Secret) value = value.reveal();
  if (value === undefined) return null;
  if (info.type === "duration") return { microseconds: Math.round(value * 1000) };
  return value;
}

// Variable name -> neutral value; a family's members under their concrete names (STORAGE_S3_ROOT).
function valuesOf(section, config) {
  const found = {};
  for (const info of section.variables) {
    if (info.member === undefined) {
      found[info.env] = neutral(info, config[info.field]);
      continue;
    }
    for (const [key, entry] of Object.entries(config[info.field])) {
      const name = info.env.replace(/<[A-Z0-9_]+>/, key.toUpperCase().replaceAll("-", "_"));
      found[name] = neutral(info, entry[info.member]);
    }
  }
  return found;
}

function envOf(testCase, index) {
  let folder = null;
  if (testCase.files) {
    folder = join(root, String(index));
    mkdirSync(folder, { recursive: true });
    for (const [name, text] of Object.entries(testCase.files)) writeFileSync(join(folder, name), text, "utf8");
  }
  const env = {};
  for (const [name, value] of Object.entries(testCase.env)) {
    env[name] = folder === null ? value : value.replaceAll("{files}", folder);
  }
  return env;
}

cases.forEach((testCase, index) => {
  test(testCase.name, { skip: LIMITS[testCase.name] ?? false }, () => {
    const section = SECTIONS[index];
    const env = envOf(testCase, index);
    let shown;
    if (testCase.problems) {
      let error;
      try {
        section.load(env);
      } catch (caught) {
        error = caught;
      }
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${error}`);
      const messages = Object.fromEntries(error.problems.map((p) => [p.variable, p.message]));
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(testCase.problems).sort(), error.message);
      for (const [variable, text] of Object.entries(testCase.problems)) {
        assert.ok(messages[variable].includes(text), `${variable}: ${messages[variable]}`);
      }
      shown = String(error) + inspect(error, { depth: 10 });
    } else {
      const config = section.load(env);
      assert.deepEqual(valuesOf(section, config), testCase.values);
      // toEnv() gives back an environment that loads the same values.
      assert.deepEqual(valuesOf(section, section.load(config.toEnv())), testCase.values, "after toEnv()");
      shown = String(config) + JSON.stringify(config) + inspect(config, { depth: 10 }) + `${config}`;
    }
    for (const text of testCase.hidden ?? []) assert.ok(!shown.includes(text), `${JSON.stringify(text)} shows`);
  });
});
