package PACKAGE

// The conformance cases on the generated Go: tests/test_go_target.py copies this file (its package clause
// set) beside a generated package, with loaders_test.go listing each case's loader in the cases' order,
// and runs `go test` with CONFORMANCE_CASES naming the cases file. Every case is a subtest under its name.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

type conformanceCase struct {
	Name     string                     `json:"name"`
	Env      map[string]string          `json:"env"`
	Files    map[string]string          `json:"files"`
	Values   map[string]json.RawMessage `json:"values"`
	Problems map[string]string          `json:"problems"`
	Hidden   []string                   `json:"hidden"`
}

func TestConformance(t *testing.T) {
	data, err := os.ReadFile(os.Getenv("CONFORMANCE_CASES"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []conformanceCase }
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) != len(conformanceLoaders) {
		t.Fatalf("%d cases but %d loaders", len(file.Cases), len(conformanceLoaders))
	}
	for i, c := range file.Cases {
		load := conformanceLoaders[i]
		t.Run(c.Name, func(t *testing.T) { runCase(t, c, load) })
	}
}

func runCase(t *testing.T, c conformanceCase, load func([]string) (any, error)) {
	t.Setenv("HOME", "/home/conformance")
	folder := t.TempDir()
	for name, text := range c.Files {
		if err := os.WriteFile(filepath.Join(folder, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var environ []string
	for name, value := range c.Env {
		environ = append(environ, name+"="+strings.ReplaceAll(value, "{files}", folder))
	}
	config, err := load(environ)
	shown := ""
	if c.Problems != nil {
		var configError *ConfigError
		if !errors.As(err, &configError) {
			t.Fatalf("loaded %+v; want problems with %v", config, c.Problems)
		}
		got := map[string]string{}
		for _, p := range configError.Problems {
			got[p.Variable] = p.Message
		}
		if len(got) != len(c.Problems) {
			t.Errorf("problems %v; want %v", got, c.Problems)
		}
		for variable, text := range c.Problems {
			if !strings.Contains(got[variable], text) {
				t.Errorf("%s: %q; want it to say %q", variable, got[variable], text)
			}
		}
		shown = err.Error()
	} else {
		if err != nil {
			t.Fatalf("%v", err)
		}
		got := neutralConfig(reflect.ValueOf(config))
		want := map[string]any{}
		for name, raw := range c.Values {
			want[name] = decodeNumbers(raw)
		}
		if !sameValue(got, want) {
			t.Errorf("values\n got %v\nwant %v", got, want)
		}
		encoded, _ := json.Marshal(config)
		shown = fmt.Sprintf("%v %+v %#v %s %q %x %d ", config, config, config, config, config, config, config) +
			string(encoded)
	}
	for _, text := range c.Hidden {
		if strings.Contains(shown, text) {
			t.Errorf("%q shows in %s", text, shown)
		}
	}
}

func decodeNumbers(raw json.RawMessage) any {
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		panic(err)
	}
	return value
}

var placeholder = regexp.MustCompile(`<[A-Z0-9_]+>`)

// neutralConfig gives each variable's value by its env name (a family member's by its concrete name),
// in the cases' JSON terms.
func neutralConfig(config reflect.Value) map[string]any {
	found := map[string]any{}
	for i := 0; i < config.NumField(); i++ {
		name := config.Type().Field(i).Tag.Get("env")
		value := config.Field(i)
		if strings.HasSuffix(name, "*") {
			for _, key := range value.MapKeys() {
				entry := value.MapIndex(key)
				for j := 0; j < entry.NumField(); j++ {
					pattern := entry.Type().Field(j).Tag.Get("env")
					concrete := placeholder.ReplaceAllString(pattern, envKey(key.String()))
					found[concrete] = neutral(entry.Field(j))
				}
			}
			continue
		}
		found[name] = neutral(value)
	}
	return found
}

var durationType = reflect.TypeOf(time.Duration(0))
var rawType = reflect.TypeOf(json.RawMessage(nil))

func neutral(value reflect.Value) any {
	if value.Kind() == reflect.Pointer {
		if value.IsNil() {
			return nil
		}
		return neutral(value.Elem())
	}
	if reveal := value.MethodByName("Reveal"); reveal.IsValid() {
		return neutral(reveal.Call(nil)[0])
	}
	switch {
	case value.Type() == durationType:
		return map[string]any{"microseconds": json.Number(strconv.FormatInt(value.Int()/1000, 10))}
	case value.Type() == rawType:
		if value.IsNil() {
			return nil
		}
		return decodeNumbers(value.Bytes())
	}
	switch value.Kind() {
	case reflect.Slice:
		if value.IsNil() {
			return nil
		}
		items := []any{}
		for i := 0; i < value.Len(); i++ {
			items = append(items, neutral(value.Index(i)))
		}
		return items
	case reflect.String:
		return value.String()
	case reflect.Int:
		return json.Number(strconv.FormatInt(value.Int(), 10))
	case reflect.Float64:
		return json.Number(strconv.FormatFloat(value.Float(), 'g', -1, 64))
	case reflect.Bool:
		return value.Bool()
	}
	panic("no neutral form for " + value.Type().String())
}

// sameValue compares JSON values, numbers by what they are (1000 and 1000.0 are the same).
func sameValue(a, b any) bool {
	switch a := a.(type) {
	case json.Number:
		other, ok := b.(json.Number)
		if !ok {
			return false
		}
		if x, err := strconv.ParseInt(string(a), 10, 64); err == nil {
			if y, err := strconv.ParseInt(string(other), 10, 64); err == nil {
				return x == y
			}
		}
		x, errX := strconv.ParseFloat(string(a), 64)
		y, errY := strconv.ParseFloat(string(other), 64)
		return errX == nil && errY == nil && x == y
	case map[string]any:
		other, ok := b.(map[string]any)
		if !ok || len(a) != len(other) {
			return false
		}
		for key, value := range a {
			if otherValue, found := other[key]; !found || !sameValue(value, otherValue) {
				return false
			}
		}
		return true
	case []any:
		other, ok := b.([]any)
		if !ok || len(a) != len(other) {
			return false
		}
		for i := range a {
			if !sameValue(a[i], other[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
