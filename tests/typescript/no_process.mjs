// The generated modules where there is no Node (a browser bundle): with no `process` global at all,
// importing them and calling each loader with its default reader gives a config or a ConfigError, never
// a ReferenceError, and a set `_FILE` twin is a problem, not a crash. Arguments: the compiled folder and
// the id of a section with a twin, and its twin's name. Prints {"loaded", "configErrors", "twin"}.
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dist, twinSection, twinName] = process.argv.slice(2);
const url = pathToFileURL(join(dist, "index.js")).href;
delete globalThis.process; // before the modules load: they must not need it
const { SECTIONS, ConfigError } = await import(url);
let loaded = 0;
let configErrors = 0;
for (const section of SECTIONS) {
  try {
    section.load();
    loaded += 1;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configErrors += 1;
  }
}
let twin = null;
try {
  SECTIONS.find((s) => s.id === twinSection).load({ [twinName]: "/run/secrets/x" });
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  twin = error.problems.map((p) => p.message);
}
console.log(JSON.stringify({ loaded, configErrors, twin }));
