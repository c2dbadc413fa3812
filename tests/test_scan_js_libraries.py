"""The config libraries of JavaScript/TypeScript that `docenv scan` reads (t3-env, envalid, zod, valibot,
@nestjs/config): the rules that are easy to get wrong, one at a time. tests/fixtures/scan/{t3_env,envalid,
zod,nestjs_config} measure the whole scanner on realistic trees."""

from __future__ import annotations

import pytest

from docenv.scan import js_libraries, js_reads
from docenv.scan.found import Declared, Found


def reads(text: str) -> list[tuple[str | None, int]]:
    return [(f.name, f.offset) for f in js_libraries.find(text)]


def declared(text: str) -> dict[str | None, Declared | None]:
    return {f.name: f.declared for f in js_libraries.find(text)}


def at(text: str, needle: str, nth: int = 0) -> int:
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    return index


def unresolved(text: str) -> list[tuple[str, str | None]]:
    return [(f.expression, f.why) for f in js_libraries.find(text) if f.name is None]


# ---- t3-env

T3 = """import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

export const env = createEnv({
  server: { DATABASE_URL: z.string().url(), PORT: z.coerce.number().default(3000) },
  client: { NEXT_PUBLIC_SITE: z.string() },
  shared: { NODE_ENV: z.enum(["development", "production"]) },
  clientPrefix: "NEXT_PUBLIC_",
  runtimeEnv: {
    DATABASE_URL: process.env.DATABASE_URL,
    PORT: process.env.PORT,
    NEXT_PUBLIC_SITE: process.env.NEXT_PUBLIC_SITE,
    NODE_ENV: process.env.NODE_ENV,
  },
});
"""


def test_t3_env_reads_each_schema_key_once_and_leaves_runtime_env_to_the_plain_reader() -> None:
    keys = ["DATABASE_URL", "PORT", "NEXT_PUBLIC_SITE", "NODE_ENV"]
    assert reads(T3) == [(name, at(T3, name)) for name in keys]  # at the schema's keys, not runtimeEnv's
    plain = [(f.name, f.offset) for f in js_reads.find(T3)]
    assert plain == [(name, at(T3, f"process.env.{name}") + len("process.env.")) for name in keys]
    both = js_libraries.find(T3) + js_reads.find(T3)
    assert len({f.offset for f in both}) == len(both) == 8  # no place reported twice


def test_t3_env_declares_the_schema_types() -> None:
    got = declared(T3)
    assert got["DATABASE_URL"] == Declared("t3-env", "url", None, True)
    assert got["PORT"] == Declared("t3-env", "int", "3000", False)
    assert got["NODE_ENV"] == Declared("t3-env", "enum", None, True, ("development", "production"))


def test_t3_env_key_fed_from_another_variable_or_a_literal_is_not_its_own_variable() -> None:
    text = """createEnv({
  server: { STRIPE_SECRET: z.string(), REGION: z.string(), MODE: z.string(), PORT: z.string() },
  runtimeEnv: { STRIPE_SECRET: process.env.STRIPE_KEY, REGION: "eu", MODE: process.env.MODE, PORT: port },
});
"""
    assert [name for name, _ in reads(text)] == ["MODE", "PORT"]
    assert [f.name for f in js_reads.find(text)] == ["STRIPE_KEY", "MODE"]


def test_t3_env_presets_from_other_modules_are_unresolved_and_local_ones_are_read_where_made() -> None:
    text = """import { vercel } from "@t3-oss/env-core/presets-zod";
import { shared } from "./shared";
const local = createEnv({ server: { LOCAL_KEY: z.string() }, runtimeEnv: process.env });
export const env = createEnv({ server: { OWN: z.string() }, extends: [vercel(), shared, local] });
"""
    assert reads(text) == [("LOCAL_KEY", at(text, "LOCAL_KEY")), ("OWN", at(text, "OWN")),
                           (None, at(text, "vercel()")), (None, at(text, "shared,"))]
    assert {why for _, why in unresolved(text)} == {"a preset's variables are declared in another module"}


def test_t3_env_schema_objects_bound_in_the_file_and_spreads() -> None:
    text = """import { common } from "./common";
const FLAG_KEY = "FEATURE_FLAGS";
const database = { DB_URL: z.string() };
const server = { ...database, ...common, [FLAG_KEY]: z.string(), [dynamic]: z.string() };
createEnv({ server, client: clientSchema, runtimeEnv: process.env });
"""
    assert reads(text) == [
        ("DB_URL", at(text, "DB_URL")),
        (None, at(text, "...common")),
        ("FEATURE_FLAGS", at(text, "FLAG_KEY]")),
        (None, at(text, "[dynamic]")),
        (None, at(text, "clientSchema")),
    ]
    assert [why for _, why in unresolved(text)] == [
        "a spread of an object imported from another module",
        "the key is computed at run time",
        "the client schema is not bound in this file",
    ]


def test_t3_env_in_a_comment_or_string_is_not_read() -> None:
    text = ('// createEnv({ server: { IN_COMMENT: z.string() } })\n'
            'const s = "createEnv({ server: { IN_STRING: 1 } })";\n')
    assert reads(text) == []


# ---- zod and valibot


def test_a_schema_not_parsed_against_the_environment_is_not_read() -> None:
    text = """import { z } from "zod";
const Body = z.object({ EMAIL: z.string().email() });
export const handler = (req) => Body.parse(req.body);
const Query = z.object({ PAGE: z.coerce.number() }).safeParse(req.query);
const config = z.object({ URL: z.string() }).parse({ URL: process.env.SERVICE_URL });
"""
    assert reads(text) == []


def test_a_schema_bound_to_a_const_and_parsed_later_in_the_file() -> None:
    text = """import { z } from "zod";
const Env = z.object({
  DATABASE_URL: z.string().url(),
  WORKERS: z.coerce.number().int(),
});
export function load() {
  return Env.safeParse(process.env);
}
"""
    assert reads(text) == [("DATABASE_URL", at(text, "DATABASE_URL")), ("WORKERS", at(text, "WORKERS"))]
    assert declared(text)["WORKERS"] == Declared("zod", "int", None, True)


def test_inline_schemas_on_every_environment_object() -> None:
    text = """z.object({ A: z.string() }).parse(process.env);
z.object({ B: z.string() }).safeParseAsync(import.meta.env);
z.object({ C: z.string() }).parseAsync(Bun.env);
z.object({ D: z.string() }).parse(Deno.env.toObject());
z.object({ E: z.string() }).parse(process.env as Record<string, string>);
"""
    assert [name for name, _ in reads(text)] == ["A", "B", "C", "D", "E"]


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ('z.string()', Declared("zod", "str", None, True)),
        ('z.string().url()', Declared("zod", "url", None, True)),
        ('z.url().optional()', Declared("zod", "url", None, False)),
        ('z.number()', Declared("zod", "float", None, True)),
        ('z.coerce.number()', Declared("zod", "float", None, True)),
        ('z.coerce.number().int()', Declared("zod", "int", None, True)),
        ('z.coerce.number().default(3000)', Declared("zod", "int", "3000", False)),
        ('z.coerce.number().default(0.5)', Declared("zod", "float", "0.5", False)),
        ('z.boolean().nullish()', Declared("zod", "bool", None, False)),
        ('z.coerce.boolean().default(true)', Declared("zod", "bool", "true", False)),
        ('z.stringbool()', Declared("zod", "bool", None, True)),
        ('z.enum(["a", "b"]).default("a")', Declared("zod", "enum", "a", False, ("a", "b"))),
        ('z.enum(LEVELS)', Declared("zod", "enum", None, True, ("debug", "info"))),
        ('z.enum(Imported)', Declared("zod", None, None, True)),
        ('z.string().transform(Number)', Declared("zod", "float", None, True)),
        ('z.string().transform((s) => s.split(","))', Declared("zod", "list[str]", None, True)),
        ('z.string().default("{}").transform((s) => JSON.parse(s))', Declared("zod", "json", "{}", False)),
        ('z.string().pipe(z.coerce.number().int())', Declared("zod", "int", None, True)),
        ('z.preprocess((v) => v, z.number().catch(5))', Declared("zod", "int", "5", False)),
        ('z.string().default(computeDefault())', Declared("zod", "str", None, False)),
        ('portSchema', Declared("zod", "int", "8080", False)),
        ('customSchema', Declared("zod", None, None, None)),
    ],
)
def test_zod_types_defaults_and_required(schema: str, expected: Declared) -> None:
    text = ('const LEVELS = ["debug", "info"] as const;\nconst portSchema = z.coerce.number().default(8080);\n'
            f"z.object({{ X: {schema} }}).parse(process.env);\n")
    assert declared(text)["X"] == expected


def test_extend_merge_partial_pick_and_omit() -> None:
    text = """const Base = z.object({ A: z.string(), B: z.string() });
const Extra = z.object({ C: z.string() });
Base.merge(Extra).extend({ D: z.string() }).partial({ A: true }).omit({ B: true }).parse(process.env);
z.object({ E: z.string(), F: z.string() }).partial().pick({ F: true }).parse(process.env);
"""
    got = declared(text)
    assert list(got) == ["A", "C", "D", "F"]
    assert [got[name].required for name in got if got[name]] == [False, True, True, False]


def test_a_schema_from_another_module_or_a_parameter_is_unresolved() -> None:
    text = """import { BaseEnv } from "./base";
export const a = BaseEnv.parse(process.env);
export const b = BaseEnv.extend({ OWN: z.string() }).parse(process.env);
export const load = (schema) => schema.parse(process.env);
"""
    assert [name for name, _ in reads(text)] == [None, None, "OWN", None]
    assert unresolved(text) == [
        ("BaseEnv.parse(process.env)", "the schema is imported from another module"),
        ('BaseEnv.extend({ OWN: z.string() }).parse(process.env)', "the schema is imported from another module"),
        ("schema.parse(process.env)", "the schema is not bound in this file"),
    ]


def test_a_regex_with_a_bracket_does_not_lose_the_schema() -> None:
    text = "z.object({ SLUG: z.string().regex(/^[a-z(]+$/) }).parse(process.env);\n"
    assert reads(text) == [("SLUG", at(text, "SLUG"))]


def test_valibot_parse_functions_and_types() -> None:
    text = """import * as v from "valibot";
const Env = v.object({
  PORT: v.optional(v.pipe(v.string(), v.transform(Number), v.integer()), "8080"),
  MODE: v.picklist(["a", "b"]),
  API_URL: v.pipe(v.string(), v.url()),
  TOKEN: v.nullish(v.string()),
});
export const env = v.parse(Env, process.env);
export const extra = v.safeParse(v.partial(v.object({ SHA: v.string() })), import.meta.env);
"""
    assert declared(text) == {
        "PORT": Declared("valibot", "int", "8080", False),
        "MODE": Declared("valibot", "enum", None, True, ("a", "b")),
        "API_URL": Declared("valibot", "url", None, True),
        "TOKEN": Declared("valibot", "str", None, False),
        "SHA": Declared("valibot", "str", None, False),
    }


# ---- envalid

ENVALID = """import { bool, cleanEnv, json, makeValidator, num, port, str, url } from "envalid";
const list = makeValidator((x) => x.split(","));
export const env = cleanEnv(process.env, {
  NODE_ENV: str({ choices: ["development", "production"] }),
  PORT: port({ default: 3000 }),
  DEBUG: bool({ default: false }),
  RATIO: num({ default: 0.5 }),
  RETRIES: num({ default: 3 }),
  API_KEY: str({ devDefault: "dev" }),
  HOOK_URL: url({ default: undefined }),
  S3_BUCKET: str({ default: undefined, requiredWhen: (env) => env.NODE_ENV === "production" }),
  HOSTS: list(),
  FLAGS: json({ default: {} }),
  OTHER: spec,
  SHARED: str(sharedSpec),
});
"""


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("NODE_ENV", Declared("envalid", "enum", None, True, ("development", "production"))),
        ("PORT", Declared("envalid", "int", "3000", False)),
        ("DEBUG", Declared("envalid", "bool", "false", False)),
        ("RATIO", Declared("envalid", "float", "0.5", False)),
        ("RETRIES", Declared("envalid", "int", "3", False)),
        ("API_KEY", Declared("envalid", "str", None, True)),  # devDefault: still required in production
        ("HOOK_URL", Declared("envalid", "url", None, False)),  # `default: undefined`: optional
        ("S3_BUCKET", Declared("envalid", "str", None, None)),  # required only when requiredWhen says
        ("HOSTS", Declared("envalid", None, None, True)),  # a makeValidator validator: untyped
        ("FLAGS", Declared("envalid", "json", None, False)),
        ("OTHER", Declared("envalid")),  # a spec made elsewhere
        ("SHARED", Declared("envalid", "str", None, None)),  # its options made elsewhere: may hold a default
    ],
)
def test_envalid_defaults_choices_and_required(name: str, expected: Declared) -> None:
    assert declared(ENVALID)[name] == expected


def test_envalid_specs_bound_in_the_file_custom_clean_env_and_imported_spreads() -> None:
    text = """const envalid = require("envalid");
const { sentry } = require("./sentry");
const queue = { QUEUE_URL: envalid.str() };
const specs = { ...queue, ...sentry };
const a = envalid.cleanEnv(process.env, specs);
const b = envalid.customCleanEnv(process.env, { WORKER: envalid.str({ default: "w" }) }, (e) => e);
const c = cleanEnv(process.env, importedSpecs);
"""
    assert reads(text) == [("QUEUE_URL", at(text, "QUEUE_URL")), (None, at(text, "...sentry")),
                           ("WORKER", at(text, "WORKER")), (None, at(text, "importedSpecs"))]
    assert [why for _, why in unresolved(text)] == [
        "a spread of an object imported from another module", "the specs object is not bound in this file"]


# ---- @nestjs/config

NEST = """import { ConfigService } from "@nestjs/config";
const KEY = "SIGNING_KEY";
export class Mail {
  constructor(private readonly config: ConfigService, @Inject(ConfigService) private other) {}
  a() { return this.config.getOrThrow<string>("SMTP_HOST"); }
  b() { return this.config.get<number>("SMTP_PORT", 587); }
  c() { return this.config.get("SMTP_USER"); }
  d() { return this.config.getOrThrow(KEY, "fallback"); }
  e() { return this.config.get<string>("database.host"); }
  f() { return this.config.get("port"); }
  g(p: string) { return this.config.get(`${p}_KEY`); }
  h() { return this.other.get<boolean>("FLAG", { infer: true }); }
  i() { return this.cache.get("NOT_CONFIG"); }
  j() { return this.config.get<number>("WORKERS") || 4; }
}
"""


def test_nestjs_get_and_get_or_throw() -> None:
    got = declared(NEST)
    assert got == {
        "SMTP_HOST": Declared("@nestjs/config", "str", None, True),
        "SMTP_PORT": Declared("@nestjs/config", "int", "587", False),
        "SMTP_USER": Declared("@nestjs/config", None, None, None),
        "SIGNING_KEY": Declared("@nestjs/config", None, "fallback", False),  # a default: it does not throw
        None: None,
        "FLAG": Declared("@nestjs/config", "bool", None, None),  # `{ infer: true }` is not a default
        "WORKERS": Declared("@nestjs/config", "int", "4", False),  # `|| 4` after the call
    }
    assert unresolved(NEST) == [("this.config.get(`${p}_KEY`)", "the key is built at run time")]


def test_nestjs_config_object_keys_are_not_variables() -> None:
    names = [name for name, _ in reads(NEST)]
    assert "database.host" not in names and "port" not in names and "NOT_CONFIG" not in names


def test_nestjs_instances_from_the_module_and_factories() -> None:
    text = """import { ConfigService } from "@nestjs/config";
const config = app.get(ConfigService);
config.get("A");
useFactory: (svc: ConfigService) => ({ url: svc.getOrThrow("B") }),
const made = new ConfigService();
made.get("C");
"""
    assert [name for name, _ in reads(text)] == ["A", "B", "C"]


def test_a_config_service_not_from_nestjs_config_is_not_read() -> None:
    text = ('import { ConfigService } from "./config.service";\n'
            'class A { constructor(c: ConfigService) { c.get("X"); } }\n')
    assert reads(text) == []


def test_nestjs_joi_validation_schema() -> None:
    text = """import { ConfigModule } from "@nestjs/config";
import * as Joi from "joi";
ConfigModule.forRoot({
  validationSchema: Joi.object({
    NODE_ENV: Joi.string().valid("development", "production").default("development"),
    PORT: Joi.number().port().default(3000),
    DB_HOST: Joi.string().required(),
    DSN: Joi.string().uri(),
  }),
});
"""
    assert declared(text) == {
        "NODE_ENV": Declared("@nestjs/config", "enum", "development", False, ("development", "production")),
        "PORT": Declared("@nestjs/config", "int", "3000", False),
        "DB_HOST": Declared("@nestjs/config", "str", None, True),
        "DSN": Declared("@nestjs/config", "url", None, False),  # Joi keys are optional unless required()
    }


# ---- cost and hostile text


def test_a_file_without_a_trigger_word_is_neither_lexed_nor_bracketed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("worked on a file without trigger words")

    monkeypatch.setattr(js_libraries, "noise", refuse)
    monkeypatch.setattr(js_libraries._Brackets, "of", refuse)
    assert js_libraries.find('const schema = z.object({ A: z.string() });\nJSON.parse("{}");\n') == []
    assert js_libraries.find("export function createUser(req) { return Body.parse(req.body); }\n") == []
    assert js_libraries.find('const x = JSON.parse(process.env.CONFIG ?? "{}");\n'.replace("parse", "load")) == []


def test_a_parse_call_off_the_environment_is_not_lexed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> None:
        raise AssertionError("lexed for a call that does not take the environment")

    monkeypatch.setattr(js_libraries, "noise", refuse)
    monkeypatch.setattr(js_libraries._Brackets, "of", refuse)
    assert js_libraries.find('const config = JSON.parse(process.env.CONFIG ?? "{}");\n') == []
    assert js_libraries.find("const port = parseInt(process.env.PORT, 10);\nBody.parse(req.body);\n") == []


@pytest.mark.parametrize(
    "text",
    [
        "createEnv({ server: {" * 2000,
        "createEnv<" * 2000,
        'createEnv({ server: { A: z.string().default("' + "\\" * 1000,
        "const A = A.extend({});\nA.parse(process.env);",
        "const s = { ...s };\ncleanEnv(process.env, s);",
        'import { ConfigService } from "@nestjs/config";\nc: ConfigService\n' + "c.get(" * 2000,
        "z.object({ A: " * 3000 + ".parse(process.env)",
        ")]}" * 1000 + "createEnv({ server: { A: z.string() } })",
        "validationSchema: " + "Joi.object({ A: " * 500 + "@nestjs/config",
    ],
)
def test_hostile_text_is_read_without_error(text: str) -> None:
    for found in js_libraries.find(text):
        assert isinstance(found, Found) and (found.name is not None or found.why)


# ---- process.env with a fallback (js_reads)


@pytest.mark.parametrize(
    ("line", "default"),
    [
        ('const port = process.env.PORT ?? "3000";', "3000"),
        ("const port = Number(process.env.PORT || 3000);", "3000"),
        ("const level = process.env['PORT'] ?? 'info'", "info"),
        ('const flags = (process.env.PORT ?? "").split(",");', None),  # an empty fallback is no default
        ('const url = process.env.PORT || "http://" + host;', None),  # not a literal: an expression
        ("const a = process.env.PORT ?? process.env.OTHER;", None),
    ],
)
def test_process_env_fallback_literal_is_the_default(line: str, default: str | None) -> None:
    found = js_reads.find(line)[0]
    assert found.name == "PORT"
    assert found.declared == (Declared("process.env", default=default) if default else None)
