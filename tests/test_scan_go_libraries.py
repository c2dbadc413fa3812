"""Go config structs read with each library's naming rules (generator/scan/go_structs.py).

The fixtures (tests/fixtures/scan/caarlos0_env, go_envconfig, kelseyhightower_envconfig, viper_unmarshal) hold
realistic repositories read exactly by test_scan_fixtures.py; these tests pin one rule each, with the
libraries' own test vectors where they publish them.
"""

from __future__ import annotations

import pytest

from docenv.scan import go_structs
from docenv.scan.found import Place
from docenv.scan.lexing import Lines


def read(files: dict[str, str]) -> list[Place]:
    facts = [(path, fact) for path, text in files.items() for fact in go_structs.facts(text, Lines(text).position)]
    return sorted(go_structs.resolve(facts), key=lambda p: (p.path, p.line, p.column))


def names(files: dict[str, str]) -> list[str | None]:
    return [p.name for p in read(files)]


CAARLOS0 = 'import "github.com/caarlos0/env/v11"\n'
SETHVARGO = 'import "github.com/sethvargo/go-envconfig"\n'
KELSEY = 'import "github.com/kelseyhightower/envconfig"\n'


# caarlos0/env's TestToEnv table: the names UseFieldNameByDefault gives untagged fields.
@pytest.mark.parametrize(("field", "name"), [
    ("Foo", "FOO"), ("FooBar", "FOO_BAR"), ("FOOBar", "FOO_BAR"), ("Foo____Bar", "FOO_BAR"),
    ("Foo_Bar", "FOO_BAR"), ("Foo__Bar", "FOO_BAR"), ("HTTPPort", "HTTP_PORT"), ("SSHPort", "SSH_PORT"),
    ("DatabaseURL", "DATABASE_URL"),
])
def test_caarlos0_names_untagged_fields_by_their_name_when_asked(field: str, name: str) -> None:
    text = (f"package main\n{CAARLOS0}type C struct {{\n\t{field} string\n}}\n"
            "func main() { c, _ := env.ParseAsWithOptions[C](env.Options{UseFieldNameByDefault: true}); _ = c }\n")
    assert names({"main.go": text}) == [name]
    assert names({"main.go": text.replace("UseFieldNameByDefault: true", "")}) == []


def test_caarlos0_prefixes_add_up_through_nested_structs_and_options() -> None:
    text = (f"package main\n{CAARLOS0}"
            "type C struct {\n\tDB DB `envPrefix:\"DB_\"`\n}\n"
            "type DB struct {\n\tPrimary Conn `envPrefix:\"PRIMARY_\"`\n\tName string `env:\"NAME\"`\n}\n"
            "type Conn struct {\n\tHost string `env:\"HOST\" envDefault:\"db\"`\n}\n"
            "func main() {\n\tvar c C\n\t_ = env.ParseWithOptions(&c, env.Options{Prefix: \"APP_\"})\n}\n")
    found = read({"main.go": text})
    assert [p.name for p in found] == ["APP_DB_NAME", "APP_DB_PRIMARY_HOST"]
    assert found[1].declared is not None and found[1].declared.default == "db"


def test_go_envconfig_prefix_lookupers_nest_inner_first_and_defaults_keep_their_commas() -> None:
    text = (f"package main\n{SETHVARGO}"
            "type C struct {\n\tHosts []string `env:\"HOSTS, default=a,b,c\"`\n}\n"
            "func main() {\n\tvar c C\n\t_ = envconfig.ProcessWith(ctx, &envconfig.Config{Target: &c, Lookuper: "
            "envconfig.PrefixLookuper(\"A_\", envconfig.PrefixLookuper(\"B_\", envconfig.OsLookuper()))})\n}\n")
    [place] = read({"main.go": text})
    assert place.name == "B_A_HOSTS"
    assert place.declared is not None and (place.declared.type, place.declared.default) == ("list[str]", "a,b,c")


@pytest.mark.parametrize(("field", "name"), [
    ("MultiWordVar", "APP_MULTI_WORD_VAR"), ("APIKey", "APP_API_KEY"), ("MultiWordACRWithAutoSplit",
                                                                      "APP_MULTI_WORD_ACR_WITH_AUTO_SPLIT"),
])
def test_kelseyhightower_split_words(field: str, name: str) -> None:
    text = (f"package main\n{KELSEY}type S struct {{\n\t{field} string `split_words:\"true\"`\n}}\n"
            "func main() {\n\tvar s S\n\t_ = envconfig.Process(\"app\", &s)\n}\n")
    assert names({"main.go": text}) == [name]
    assert names({"main.go": text.replace(' `split_words:"true"`', "")}) == [f"APP_{field.upper()}"]


def test_kelseyhightower_nests_under_the_field_and_embeds_under_the_prefix() -> None:
    text = (f"package main\n{KELSEY}"
            "type Base struct {\n\tRegion string\n}\n"
            "type Inner struct {\n\tLevel string `envconfig:\"lvl\"`\n}\n"
            "type S struct {\n\tBase\n\tLog Inner\n\tskip string\n\tGone string `ignored:\"true\"`\n}\n"
            "func main() {\n\tvar s S\n\t_ = envconfig.Process(\"svc\", &s)\n}\n")
    assert names({"main.go": text}) == ["SVC_REGION", "SVC_LOG_LVL"]


def test_a_struct_in_another_package_is_found_by_its_import_path() -> None:
    files = {
        "internal/config/config.go": "package config\ntype Config struct {\n\tPort int `env:\"PORT\"`\n}\n",
        "internal/other/config.go": "package other\ntype Config struct {\n\tPort int `env:\"OTHER_PORT\"`\n}\n",
        "cmd/main.go": ('package main\nimport (\n\t"github.com/caarlos0/env/v11"\n\t"example.com/x/internal/config"\n)\n'
                        "func main() {\n\tvar c config.Config\n\t_ = env.ParseWithOptions(&c, env.Options{Prefix: \"X_\"})\n}\n"),
    }
    found = read(files)
    assert [(p.path, p.name) for p in found] == [("internal/config/config.go", "X_PORT"),
                                                 ("internal/other/config.go", "OTHER_PORT")]  # unreached: as written


def test_unknown_structs_and_prefixes_are_unresolved_with_why() -> None:
    call = "func main() {\n\tvar c Missing\n\t_ = env.Parse(&c)\n}\n"
    [missing] = read({"main.go": f"package main\n{CAARLOS0}{call}"})
    assert (missing.name, missing.why) == (None, "Missing is not declared in the repository")
    twice = {"a.go": "package main\ntype C struct {\n\tA string `env:\"A\"`\n}\n",
             "b.go": "package main\ntype C struct {\n\tB string `env:\"B\"`\n}\n",
             "main.go": f"package main\n{CAARLOS0}func main() {{\n\tvar c C\n\t_ = env.Parse(&c)\n}}\n"}
    unresolved = [p for p in read(twice) if p.name is None]
    assert [p.why for p in unresolved] == ["C is declared 2 times in ."]
    field = read({"main.go": f"package main\n{CAARLOS0}func main() {{\n\t_ = env.Parse(&s.cfg)\n}}\n"})
    assert field[0].why == "the struct &s.cfg is not a variable of this file"


def test_viper_unmarshal_reads_the_environment_only_with_automatic_env() -> None:
    setup = ('package main\nimport (\n\t"strings"\n\t"github.com/spf13/viper"\n)\n'
             "type C struct {\n\tDB struct {\n\t\tMaxConns int `mapstructure:\"max-conns\"`\n\t} `mapstructure:\"db\"`\n}\n"
             "func main() {\n\tviper.SetEnvPrefix(\"svc\")\n\tviper.SetEnvKeyReplacer(strings.NewReplacer(\".\", \"__\"))\n"
             "\tviper.AutomaticEnv()\n\tvar c C\n\t_ = viper.Unmarshal(&c)\n}\n")
    assert names({"main.go": setup}) == ["SVC_DB__MAX-CONNS"]
    assert names({"main.go": setup.replace("\tviper.AutomaticEnv()\n", "")}) == []


@pytest.mark.parametrize("text", [
    "type T struct {" * 20_000,
    '`env:"A" ' * 20_000,
    "package p\n" + CAARLOS0 + "type T struct {\n" + "\tA struct {\n" * 5_000,
    "package p\n" + CAARLOS0 + "type T struct {\n" + "\tA struct {\n" * 5_000 + "}\n" * 5_001,
    "package p\n" + CAARLOS0 + "var c T\n" + "func f() { env.Parse(&c) }\n" * 20_000,
    "package p\n" + CAARLOS0 + "func f() { env.Parse(" * 20_000,
    "package p\n" + SETHVARGO + "func f() { envconfig.ProcessWith(ctx, &envconfig.Config{Target: &c, Lookuper: "
    + "envconfig.PrefixLookuper(\"A_\", " * 3_000,
], ids=["struct openers", "tags", "unclosed inline structs", "deep inline structs", "many calls", "open calls",
        "deep lookupers"])
def test_hostile_go_is_read_to_the_end(text: str) -> None:
    """Bracket matching is bounded and nothing recurses on the text's depth; speed is `make bench`'s."""
    places = read({"x.go": text})
    assert all(p.line >= 1 and p.column >= 1 for p in places)


def test_a_chain_of_structs_deeper_than_any_config_and_a_cycle_end() -> None:
    chain = "".join(f"type S{i} struct {{\n\tN S{i + 1} `envPrefix:\"N{i}_\"`\n\tV string `env:\"V\"`\n}}\n"
                    for i in range(3_000))
    text = f"package main\n{CAARLOS0}{chain}func main() {{\n\tvar s S0\n\t_ = env.Parse(&s)\n}}\n"
    found = read({"main.go": text})
    assert len(found) == 33 and [p.name for p in found[:2]] == ["V", "N0_V"]
    assert [(p.name, p.why) for p in found if p.name is None] == [(None, "nested more than 32 structs deep; not followed")]
    cycle = (f"package main\n{SETHVARGO}type Node struct {{\n\tName string `env:\"NAME\"`\n"
             "\tNext *Node `env:\",prefix=NEXT_\"`\n}\n"
             "func main() {\n\tvar n Node\n\t_ = envconfig.Process(ctx, &n)\n}\n")
    assert names({"main.go": cycle}) == ["NAME"]
