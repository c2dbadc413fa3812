"""The deployment readers of `docenv scan`: Dockerfiles, compose files, Kubernetes manifests and
Helm templates, shell scripts.

Each reader runs on every file of tests/fixtures/scan/deploy and .../shell and must find exactly
the rows of the folder's expected.tsv. Then each rule is pinned by a small case (the negatives
included), and hostile text (unclosed quotes, heredocs, templates and flow collections, tabs,
CRLF, empty text, a 200 KB line) must neither crash a reader nor slow it down.
"""

from __future__ import annotations

import csv
import re
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from docenv.scan import compose_reads, dockerfile_reads, manifest_reads, shell_reads
from docenv.scan.found import BUILD_ARG, READ, SET, Found
from docenv.scan.lexing import Lines

from .conftest import FIXTURES

FOLDERS = ("deploy", "shell")
READERS = (dockerfile_reads, compose_reads, manifest_reads, shell_reads)

Row = tuple[str, int, int, str, str]
Place = tuple[int, int, str, str]  # line, column, name ("-": unresolved), kind


def reader_for(path: Path) -> ModuleType | None:
    """Which reader `docenv scan` runs on a fixture file (as generator/scan/languages.py decides)."""
    name = path.name
    if re.fullmatch(r"(?:Dockerfile|Containerfile)(?:\..+)?|.+\.(?:Dockerfile|Containerfile)", name):
        return dockerfile_reads
    if re.fullmatch(r"(?:docker-)?compose(?:[.-].+)?\.ya?ml", name):
        return compose_reads
    if path.suffix in (".yaml", ".yml", ".tpl"):
        return manifest_reads
    if path.suffix in (".sh", ".bash", ".zsh", ".ksh"):
        return shell_reads
    if not path.suffix and re.match(rb"#!\S*/(?:env[ \t]+)?(?:ba|z|k|da)?sh\b", path.read_bytes()):
        return shell_reads
    return None


def fixture_files(folder: str) -> list[Path]:
    root = FIXTURES / "scan" / folder
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != "expected.tsv")


def places(reader: ModuleType, text: str) -> list[Place]:
    lines = Lines(text)
    return [(*lines.position(f.offset), f.name or "-", f.kind) for f in reader.find(text)]


def names(reader: ModuleType, text: str) -> list[tuple[str, str]]:
    return [(f.name or "-", f.kind) for f in reader.find(text)]


MARK = "§"


def expect(reader: ModuleType, marked: str, expected: list[tuple[str, str]]) -> list[Found]:
    """Run `reader` on `marked` without its § marks; each mark is where the next expected find is.

    The marks place the finds independently of the readers: offsets are not counted by hand.
    An indented triple-quoted text is dedented first.
    """
    parts = textwrap.dedent(marked.removeprefix("\n")).split(MARK)
    offsets = [sum(len(part) for part in parts[: i + 1]) for i in range(len(parts) - 1)]
    text = "".join(parts)
    found: list[Found] = reader.find(text)
    assert [(f.offset, f.name or "-", f.kind) for f in found] == [
        (offset, name, kind) for offset, (name, kind) in zip(offsets, expected, strict=True)]
    return found


# ---- fixtures ----------------------------------------------------------------------------------


def expected_rows(folder: str) -> list[Row]:
    with open(FIXTURES / "scan" / folder / "expected.tsv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return sorted((r["file"], int(r["line"]), int(r["column"]), r["name"], r["kind"]) for r in rows)


def found_rows(folder: str, crlf: bool = False) -> list[Row]:
    root = FIXTURES / "scan" / folder
    rows: list[Row] = []
    for path in fixture_files(folder):
        reader = reader_for(path)
        assert reader is not None, f"no reader for {path}"
        text = path.read_text(encoding="utf-8")
        if crlf:
            text = text.replace("\n", "\r\n")
        rows.extend((path.relative_to(root).as_posix(), *place) for place in places(reader, text))
    return sorted(rows)


@pytest.mark.parametrize("folder", FOLDERS)
def test_fixture_finds_are_exactly_the_expected_rows(folder: str) -> None:
    assert found_rows(folder) == expected_rows(folder)


@pytest.mark.parametrize("folder", FOLDERS)
def test_fixture_finds_are_the_same_with_crlf_line_endings(folder: str) -> None:
    assert found_rows(folder, crlf=True) == expected_rows(folder)


def test_fixtures_hold_every_reader_kind_and_unresolved_names() -> None:
    """Each reader has expected finds, among them an unresolved name; every kind occurs; and the
    files that must yield nothing (a workflow's `env:` maps, Helm values) are there to prove it."""
    kinds: dict[ModuleType | None, set[tuple[bool, str]]] = {}
    for folder in FOLDERS:
        for file, _, _, name, kind in expected_rows(folder):
            kinds.setdefault(reader_for(FIXTURES / "scan" / folder / file), set()).add((name == "-", kind))
    assert set(kinds) == set(READERS)
    assert all(any(unresolved for unresolved, _ in pairs) for pairs in kinds.values())
    assert {kind for pairs in kinds.values() for _, kind in pairs} == {READ, SET, BUILD_ARG}
    deploy = FIXTURES / "scan" / "deploy"
    silent = {".github/workflows/ci.yml", "charts/app/values.yaml", "charts/app/Chart.yaml"}
    assert all((deploy / file).is_file() for file in silent)
    assert not silent & {row[0] for row in expected_rows("deploy")}


def test_fixture_expressions_are_single_lines_of_the_source() -> None:
    for folder in FOLDERS:
        for path in fixture_files(folder):
            reader = reader_for(path)
            assert reader is not None
            text = path.read_text(encoding="utf-8")
            for f in reader.find(text):
                assert f.expression and "\n" not in f.expression and len(f.expression) <= 80
                if f.name is None:
                    assert f.expression.startswith(("{{", "${")), f.expression
                    assert text.startswith(f.expression.rstrip("…"), f.offset)


# ---- Dockerfile --------------------------------------------------------------------------------


def test_dockerfile_env_sets_each_pair_and_quotes_keep_blanks() -> None:
    expect(dockerfile_reads, """ENV §A=1 §B="two words" §C='x y' §D=\n""",
           [("A", SET), ("B", SET), ("C", SET), ("D", SET)])


def test_dockerfile_legacy_env_sets_one_name_and_a_lone_name_sets_nothing() -> None:
    expect(dockerfile_reads, "ENV §APP_HOME /srv/app with=blanks\nENV LONELY\n", [("APP_HOME", SET)])


def test_dockerfile_arg_declares_build_arguments() -> None:
    expect(dockerfile_reads, 'ARG §BASE\nARG §VERSION=1.2\nARG §A §B=2 "§C"=3\n',
           [("BASE", BUILD_ARG), ("VERSION", BUILD_ARG), ("A", BUILD_ARG), ("B", BUILD_ARG), ("C", BUILD_ARG)])


def test_dockerfile_instructions_are_case_insensitive_and_whole_words() -> None:
    text = "env §LOWER=1\n  Arg §MIXED\nENVIRONMENT X=1\nARGS Y\nRUN export NOT_ENV=1\nLABEL env=prod\n"
    expect(dockerfile_reads, text, [("LOWER", SET), ("MIXED", BUILD_ARG)])


def test_dockerfile_continuations_keep_exact_offsets() -> None:
    text = 'ENV §FIRST=1 \\\n    # dropped comment\n\n    §SECOND="a b" \\\n  §THIRD=3\nARG \\\n  §LATE\n'
    found = expect(dockerfile_reads, text, [("FIRST", SET), ("SECOND", SET), ("THIRD", SET), ("LATE", BUILD_ARG)])
    assert found[0].expression == 'ENV FIRST=1 SECOND="a b" THIRD=3'


def test_dockerfile_continuation_without_blank_joins_words_as_docker_does() -> None:
    # Docker joins the lines as they are: `A=/x` and `B=1` make one value, `/xB=1`.
    expect(dockerfile_reads, "ENV §A=/x\\\nB=1\n", [("A", SET)])


def test_dockerfile_comments_and_parser_directives_are_skipped() -> None:
    text = "# syntax=docker/dockerfile:1\n# ENV COMMENTED=1\n  # ARG INDENTED_COMMENT\nENV §REAL=1 # mid-line\n"
    expect(dockerfile_reads, text, [("REAL", SET)])


def test_dockerfile_escape_directive_changes_the_continuation_character() -> None:
    text = "# escape=`\nENV §WIN_A=1 `\n    §WIN_B=C:\\path\nENV §AFTER=1\n"
    expect(dockerfile_reads, text, [("WIN_A", SET), ("WIN_B", SET), ("AFTER", SET)])


def test_dockerfile_references_are_not_reads() -> None:
    text = 'ARG §TAG\nENV §PATH=$PATH:/opt/bin §IMAGE_TAG=${TAG} §HOME_DIR="${HOME}"\n'
    expect(dockerfile_reads, text, [("TAG", BUILD_ARG), ("PATH", SET), ("IMAGE_TAG", SET), ("HOME_DIR", SET)])


def test_dockerfile_heredoc_lines_are_not_instructions() -> None:
    text = 'RUN <<EOF cat > /a <<-"EOT"\nENV IN_FIRST=1\nEOF\n\tARG IN_SECOND\n\tEOT\nENV §AFTER=1\n'
    expect(dockerfile_reads, text, [("AFTER", SET)])


def test_dockerfile_shift_operator_in_a_string_opens_no_heredoc() -> None:
    text = 'RUN python -c "print(1 << x)" && echo $((1<<2)) <<<here\nENV §AFTER=1\nx\nENV §LAST=1\n'
    expect(dockerfile_reads, text, [("AFTER", SET), ("LAST", SET)])


def test_dockerfile_name_built_from_a_reference_is_unresolved() -> None:
    found = expect(dockerfile_reads, 'ARG §FLAVOUR\nENV §${FLAVOUR}_MODE=1 "§$X"=2\n',
                   [("FLAVOUR", BUILD_ARG), ("-", SET), ("-", SET)])
    assert [f.expression for f in found] == ["ARG FLAVOUR", "${FLAVOUR}_MODE", "$X"]


# ---- compose -----------------------------------------------------------------------------------


def test_compose_environment_list_forms() -> None:
    text = """
        services:
          web:
            environment:
              - §PLAIN=1
              - "§QUOTED=a b"
              - '§SINGLE=x'
              - §NO_VALUE
              -   §SPACED=1   # comment
            ports:
              - "80:80"
        """
    expect(compose_reads, text, [("PLAIN", SET), ("QUOTED", SET), ("SINGLE", SET), ("NO_VALUE", SET), ("SPACED", SET)])


def test_compose_list_items_may_sit_at_the_key_indentation() -> None:
    text = 'services:\n  web:\n    environment:\n    - §A=1\n    - §B\n    ports:\n    - "80:80"\n'
    expect(compose_reads, text, [("A", SET), ("B", SET)])


def test_compose_environment_map_forms_stop_at_the_key_indentation() -> None:
    text = """
        services:
          web:
            environment:
              §PLAIN: 1
              §EMPTY:
              "§QUOTED": v
              '§SINGLE': v
              §MULTI: >
                folded text
                NOT_A_KEY: x
              §AFTER: 2
            command: run
            depends_on:
              db:
                condition: service_started
        """
    expect(compose_reads, text, [("PLAIN", SET), ("EMPTY", SET), ("QUOTED", SET), ("SINGLE", SET), ("MULTI", SET),
                                 ("AFTER", SET)])


def test_compose_flow_forms() -> None:
    text = """
        services:
          a:
            environment: [§A=1, "§B=2", §C, '§D']
          b:
            environment: {§E: 1, "§F": x, §G}
          c:
            environment: [
              §H=1,   # a comment in a flow list
              §I
            ]
        """
    expect(compose_reads, text, [(name, SET) for name in "ABCDEFGHI"])


def test_compose_anchors_and_merge_keys() -> None:
    text = """
        x-env: &env
          environment: &common
            §SHARED: 1
        services:
          web:
            <<: *env
            environment:
              <<: *common
              §OWN: 2
          worker:
            environment: *common
        """
    expect(compose_reads, text, [("SHARED", SET), ("OWN", SET)])


def test_compose_interpolation_forms_are_reads() -> None:
    text = "image: a/${§A}:${§B:-d}-${§C-d}-${§D:?err}-${§E?err}-$§F-${§G:+alt}\n"
    expect(compose_reads, text, [(name, READ) for name in "ABCDEFG"])


def test_compose_escaped_dollars_comments_and_env_file_are_no_reads() -> None:
    text = """
        # ${IN_COMMENT}
        services:
          web:
            command: echo $$HOME $${BRACED} $$$$ # ${TRAILING_COMMENT}
            env_file: ./${§NOT_A_COMMENT}.env
            labels: ["a=${§IN_FLOW}", "b #${§HASH_IN_QUOTES}"]
        """
    expect(compose_reads, text, [("NOT_A_COMMENT", READ), ("IN_FLOW", READ), ("HASH_IN_QUOTES", READ)])


def test_compose_hash_in_block_scalar_text_is_no_comment() -> None:
    text = "services:\n  web:\n    command: |\n      echo # ${§STILL_READ}\n    image: x # ${COMMENT}\n"
    expect(compose_reads, text, [("STILL_READ", READ)])


def test_compose_name_built_by_interpolation_is_unresolved() -> None:
    text = "services:\n  web:\n    environment:\n      - §${§TENANT}_KEY=1\n"
    found = expect(compose_reads, text, [("-", SET), ("TENANT", READ)])
    assert [f.expression for f in found] == ["${TENANT}_KEY", "- ${TENANT}_KEY=1"]


# ---- Kubernetes manifests and Helm -------------------------------------------------------------


def test_manifest_env_names_are_the_items_own_name_keys() -> None:
    text = """
        spec:
          containers:
            - name: app
              env:
                - name: §FIRST
                  value: "1"
                - value: "2"
                  name: §NAME_NOT_FIRST
                - name: §FROM_SECRET
                  valueFrom:
                    secretKeyRef:
                      name: the-secret
                      key: the-key
                - name: §FROM_CONFIG
                  valueFrom:
                    configMapKeyRef:
                      key: other-key
                      name: the-config
                -
                  name: §BARE_DASH
                - {name: §FLOW, valueFrom: {secretKeyRef: {name: s, key: k}}}
              envFrom:
                - secretRef:
                    name: all-secrets
              ports:
                - name: http
        """
    expect(manifest_reads, text, [("FIRST", SET), ("NAME_NOT_FIRST", SET), ("FROM_SECRET", SET), ("FROM_CONFIG", SET),
                                  ("BARE_DASH", SET), ("FLOW", SET)])


def test_manifest_env_list_at_key_indentation_and_quoted_names() -> None:
    text = "env:\n- name: \"§DQ\"\n- name: '§SQ'   # comment\nvolumes:\n- name: data\n"
    expect(manifest_reads, text, [("DQ", SET), ("SQ", SET)])


def test_manifest_env_maps_are_not_container_env() -> None:
    text = """
        env:
          FOO: bar
        jobs:
          test:
            env:
              NODE_ENV: test
            steps:
              - env:
                  TOKEN: x
        """
    expect(manifest_reads, text, [])


def test_manifest_env_flow_list() -> None:
    text = 'env: [{name: §A, value: "1"}, {value: x, name: "§B"}]\nenvFrom: []\n'
    expect(manifest_reads, text, [("A", SET), ("B", SET)])


def test_manifest_config_map_and_secret_data_keys() -> None:
    text = """
        apiVersion: v1
        kind: ConfigMap
        data:
          §REDIS_HOST: redis
          "§QUOTED_KEY": v
          lower_case: skipped
          app.properties: |
            NOT_A_KEY=1
            ALSO_NOT: 2
          §LAST: x
        ---
        kind: Secret
        stringData:
          §API_TOKEN: t
        data:
          §DB_PASSWORD: cGFzcw==
        ---
        kind: Deployment
        data:
          NOT_CONFIG: 1
        """
    expect(manifest_reads, text, [("REDIS_HOST", SET), ("QUOTED_KEY", SET), ("LAST", SET), ("API_TOKEN", SET),
                                  ("DB_PASSWORD", SET)])


def test_manifest_kind_may_follow_the_data() -> None:
    text = "data: {§FLOW_KEY: x, other.key: y}\nmetadata:\n  name: c\nkind: ConfigMap\n"
    expect(manifest_reads, text, [("FLOW_KEY", SET)])


def test_manifest_helm_control_lines_do_not_break_indentation() -> None:
    text = """
        env:
          {{- include "app.env" . | nindent 2 }}
          - name: §BEFORE_IF
        {{- if .Values.debug }}
          - name: §IN_IF
            {{- with .Values.level }}
            value: {{ . | quote }}
            {{- end }}
        {{- else }}
          - name: §IN_ELSE
        {{- end }}
          {{- range $key, $value := .Values.env }}
          - name: §{{ $key }}
            value: {{ $value | quote }}
          {{- end }}
          - name: §{{ .Values.envName | quote }}
          - name: "§{{ .Values.prefix }}_HOST"
        ports: []
        """
    found = expect(manifest_reads, text, [("BEFORE_IF", SET), ("IN_IF", SET), ("IN_ELSE", SET), ("-", SET), ("-", SET),
                                          ("-", SET)])
    assert [f.expression for f in found if f.name is None] == [
        "{{ $key }}", "{{ .Values.envName | quote }}", "{{ .Values.prefix }}_HOST"]


def test_manifest_helm_config_map_keys_from_a_range_are_unresolved() -> None:
    text = """
        kind: ConfigMap
        data:
          {{- range $k, $v := .Values.config }}
          §{{ $k }}: {{ $v | quote }}
          {{- end }}
          §STATIC: "1"
        """
    found = expect(manifest_reads, text, [("-", SET), ("STATIC", SET)])
    assert found[0].expression == "{{ $k }}"


def test_manifest_comments_and_template_comments_are_skipped() -> None:
    text = """
        # env:
        #   - name: COMMENTED
        {{/*
        env:
          - name: IN_TEMPLATE_COMMENT
        */}}
        env:
          # - name: COMMENTED_ITEM
          - name: §REAL # trailing comment
          {{- /* - name: INLINE_TEMPLATE_COMMENT */}}
        """
    expect(manifest_reads, text, [("REAL", SET)])


def test_manifest_env_inside_block_scalar_text_is_no_key() -> None:
    text = """
        kind: ConfigMap
        data:
          values.yaml: |
            env:
              - name: EMBEDDED
        """
    expect(manifest_reads, text, [])


def test_manifest_helm_define_of_env_entries_is_read_but_other_lists_are_not() -> None:
    text = """
        {{- define "app.env" -}}
        - name: §LOG_LEVEL
          value: {{ .Values.logLevel | quote }}
        {{- if .Values.sentry }}
        - name: §SENTRY_DSN
          valueFrom:
            secretKeyRef:
              name: sentry
              key: dsn
        {{- end }}
        {{- end }}
        {{- define "app.ports" -}}
        - name: http
          containerPort: 80
        {{- end }}
        {{- define "app.volumes" }}
        - name: data
          value: not-env
          emptyDir: {}
        {{- end }}
        """
    expect(manifest_reads, text, [("LOG_LEVEL", SET), ("SENTRY_DSN", SET)])


# ---- shell -------------------------------------------------------------------------------------


def test_shell_expansion_forms_are_reads() -> None:
    text = 'echo $§A ${§B} ${§C:-d} ${§D:=d} ${§E:?m} ${§F:+a} ${#§G} ${§H%.*} ${§I/x/y} "$§J" "${§K}"\n'
    expect(shell_reads, text, [(name, READ) for name in "ABCDEFGHIJK"])


def test_shell_reads_only_upper_case_names_and_no_special_parameters() -> None:
    text = 'echo $lower ${camelCase} $Mixed $HOMEdir $1 ${10} $@ $* $# $? $$ $! $- $_ $$NOT_PID \\$ESCAPED "\\$ALSO"\n'
    expect(shell_reads, text, [])


def test_shell_printenv_is_a_read() -> None:
    text = "printenv §API_URL\nurl=$(printenv §BASE_URL)\nprintenv lower\nmyprintenv NOPE\n"
    expect(shell_reads, text, [("API_URL", READ), ("BASE_URL", READ)])


def test_shell_indirect_expansion_is_unresolved() -> None:
    found = expect(shell_reads, 'name=X\necho "§${!name}" §${!PREFIX_*}\n', [("-", READ), ("-", READ)])
    assert [f.expression for f in found] == ["${!name}", "${!PREFIX_*}"]


def test_shell_quotes_and_comments_hide_reads() -> None:
    text = """
        echo '$SINGLE ${SINGLE}' $'$ANSI\\' $ANSI2' "it's $§DOUBLE"
        # $COMMENT
        echo a#$§NOT_COMMENT ${#§LENGTH} # $TRAILING
        echo "$(echo '$IN_SUB_SINGLE' "$§IN_SUB_DOUBLE")" `echo $§IN_BACKTICK`
        """
    expect(shell_reads, text, [("DOUBLE", READ), ("NOT_COMMENT", READ), ("LENGTH", READ), ("IN_SUB_DOUBLE", READ),
                               ("IN_BACKTICK", READ)])


def test_shell_heredocs_expand_unless_the_delimiter_is_quoted() -> None:
    text = """
        cat <<EOF
        $§UNQUOTED '$§STILL_EXPANDED' \\$ESCAPED
        EOF
        cat <<'EOF'
        $SINGLE_QUOTED
        EOF
        cat <<"END" ; cat <<\\STOP
        $DOUBLE_QUOTED
        END
        $BACKSLASHED
        STOP
        cat <<-EOF
        \t$§TABBED
        \tEOF
        echo $§AFTER $((1 << 2)) <<< "$§HERESTRING"
        """
    expect(shell_reads, text, [("UNQUOTED", READ), ("STILL_EXPANDED", READ), ("TABBED", READ), ("AFTER", READ),
                               ("HERESTRING", READ)])


def test_shell_assigned_names_are_the_scripts_own_after_their_assignment() -> None:
    text = """
        echo $§EARLY
        EARLY=1
        echo $EARLY
        PORT=${§PORT:-8000} HOST="${§HOST}"
        echo $PORT $HOST
        for ITEM in a b; do echo "$ITEM"; done
        read -r -p "Name: " ANSWER OTHER
        echo $ANSWER $OTHER
        f() { local LOC="$§LOC"; echo $LOC; }
        readonly FIXED=1; echo $FIXED
        declare -i COUNT; echo $COUNT
        echo "EARLIER=1" $§EARLIER
        """
    expect(shell_reads, text, [("EARLY", READ), ("PORT", READ), ("HOST", READ), ("LOC", READ), ("EARLIER", READ)])


def test_shell_export_sets_and_export_alone_does_nothing() -> None:
    text = """
        export §APP_ENV="${§APP_ENV:-dev}" §DEBUG=1
        export EXISTING
        echo $APP_ENV $§EXISTING
        declare -x §DECLARED=1
        export §lower=1
        """
    expect(shell_reads, text, [("APP_ENV", SET), ("APP_ENV", READ), ("DEBUG", SET), ("EXISTING", READ),
                               ("DECLARED", SET), ("lower", SET)])


def test_shell_assignments_in_strings_and_comments_assign_nothing() -> None:
    text = 'echo "X=1; Y=2" # Z=3\ncat <<EOF\nW=4\nEOF\necho $§X $§Y $§Z $§W\n'
    expect(shell_reads, text, [("X", READ), ("Y", READ), ("Z", READ), ("W", READ)])


# ---- hostile text ------------------------------------------------------------------------------

HOSTILE = [
    "",
    "\n\n\r\n",
    "env:\n  - name: \"UNCLOSED\n  - name: {{ $k\n",
    "environment: [A=1, \"B\nservices:\n  x: 1\n",
    "environment: {A: 1,\n",
    "ENV A=\"unclosed\nARG B='also\n",
    "RUN <<EOF\nENV NEVER_CLOSED=1\n",
    "cat <<EOF\n$A\n",
    "echo \"$A\necho '$B\n",
    "echo $(echo ${A:-$(( (B\n",
    "{{/* unclosed\nenv:\n  - name: X\n",
    "data:\n  {{ $k: v\nkind: ConfigMap\n",
    "\tenv:\n\t\t- name: TABBED\n\t\t  value: x\n",
    "ENV\tTAB_A=1\tTAB_B=2\n",
    "${\n$${\n${!\n${#\n",
    "- - - -\n: : :\n[[[{{{\n}}}]]]\n",
    "\x00\ufeff\u2028env:\u2029- name: ODD\n",
]


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_gives_sorted_finds_inside_the_text(reader: ModuleType, text: str) -> None:
    found = reader.find(text)
    assert [f.offset for f in found] == sorted(f.offset for f in found)
    assert all(0 <= f.offset < len(text) for f in found)
    for f in found:
        if f.name is not None:
            assert text.startswith(f.name, f.offset)


def test_hostile_text_still_finds_what_is_there() -> None:
    assert names(manifest_reads, "env:\n  - name: \"UNCLOSED\n  - name: {{ $k\n") == [("-", SET)]
    assert names(compose_reads, "environment: [A=1, \"B\nservices:\n  x: 1\n") == [("A", SET)]
    assert names(shell_reads, "cat <<EOF\n$A\n") == [("A", READ)]  # an unclosed body runs to the end
    assert names(shell_reads, "echo \"$A\necho '$B\n") == [("A", READ), ("B", READ)]  # `'` in a string is text
    assert names(dockerfile_reads, "RUN <<EOF\nENV NEVER_CLOSED=1\n") == []
    assert names(manifest_reads, "\tenv:\n\t\t- name: TABBED\n\t\t  value: x\n") == [("TABBED", SET)]
    assert places(dockerfile_reads, "ENV\tTAB_A=1\tTAB_B=2\n") == [(1, 5, "TAB_A", SET), (1, 13, "TAB_B", SET)]
    assert names(manifest_reads, "{{/* unclosed\nenv:\n  - name: X\n") == [("X", SET)]


@pytest.mark.parametrize("reader, text, expected", [
    (dockerfile_reads, "ENV A=1 \\\r\n  B=2\r\nARG C\r\n",
     [(1, 5, "A", SET), (2, 3, "B", SET), (3, 5, "C", BUILD_ARG)]),
    (compose_reads, "services:\r\n  web:\r\n    environment:\r\n      - A=${X}\r\n      - B\r\n    image: x\r\n",
     [(4, 9, "A", SET), (4, 13, "X", READ), (5, 9, "B", SET)]),
    (manifest_reads, "kind: Secret\r\ndata:\r\n  A: x\r\n---\r\nenv:\r\n  - name: B\r\n    value: |\r\n      text\r\n",
     [(3, 3, "A", SET), (6, 11, "B", SET)]),
    (shell_reads, "A=${A:-1}\r\ncat <<EOF\r\n$B\r\nEOF\r\necho $C # $D\r\n",
     [(1, 5, "A", READ), (3, 2, "B", READ), (5, 7, "C", READ)]),
])
def test_crlf_line_endings_give_the_same_places(reader: ModuleType, text: str, expected: list[Place]) -> None:
    assert places(reader, text) == places(reader, text.replace("\r\n", "\n")) == expected


LONG = 200_000


@pytest.mark.parametrize("reader, text, count", [
    (dockerfile_reads, "ENV " + "A=1 " * (LONG // 4), LONG // 4),
    (dockerfile_reads, "ENV A=\"" + "x" * LONG, 1),
    (compose_reads, "image: " + "${A} " * (LONG // 5), LONG // 5),
    (compose_reads, "environment: [" + "A=1, " * (LONG // 5) + "]", LONG // 5),
    (compose_reads, "x" + " " * LONG + "y: '" + "#" * LONG, 0),
    (manifest_reads, "env:\n- name: " + "A" * LONG + "\n", 1),
    (manifest_reads, "env:\n- name: " + "{{ " * (LONG // 3), 1),
    (manifest_reads, "kind: Secret\ndata:\n  " + "a:b" * (LONG // 3) + "\n", 0),
    (shell_reads, "echo " + '"$A ' * (LONG // 4), LONG // 4),  # in and out of strings, each expands
    (shell_reads, "X=1 " * (LONG // 4) + "; echo $X", 0),
    (shell_reads, "'" * (LONG + 1) + "$A", 0),  # the last quote is never closed
    (shell_reads, "cat <<E\n" * (LONG // 8), 0),
])
def test_a_200_kb_line_is_read_in_full(reader: ModuleType, text: str, count: int) -> None:
    """Patterns that backtrack badly would never finish here; speed itself is measured by `make bench`."""
    assert len(reader.find(text)) == count
