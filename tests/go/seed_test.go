package neosyncconfig

// Behaviour of the seed's generated Go package, used the way a Go service uses it
// (tests/test_go_target.py copies this file beside generated/neosync/go and runs go test).

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func lookup(env map[string]string) func(string) (string, bool) {
	return func(name string) (string, bool) {
		value, ok := env[name]
		return value, ok
	}
}

var backendEnv = map[string]string{"DB_HOST": "h", "DB_PORT": "5432", "DB_NAME": "n", "DB_USER": "u", "DB_PASS": "p",
	"AUTH_AUDIENCE": "api"}

func with(base map[string]string, more map[string]string) map[string]string {
	env := map[string]string{}
	for name, value := range base {
		env[name] = value
	}
	for name, value := range more {
		env[name] = value
	}
	return env
}

var workerEnv = map[string]string{
	"TEMPORAL_TASK_QUEUE": "sync",
	"PORT":                "9000",
	"REDIS_KIND":          "cluster",
	"REDIS_TLS_ENABLED":   "T",
	"TEMPORAL_CERT_KEY":   "hunter2-key",
}

func TestLoadReadsTypedValuesAndDefaults(t *testing.T) {
	cfg, err := LoadWorkerFrom(lookup(workerEnv))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 9000 || cfg.TemporalTaskQueue != "sync" || cfg.Host != "127.0.0.1" {
		t.Errorf("got %+v", cfg)
	}
	if cfg.RedisKind == nil || *cfg.RedisKind != WorkerRedisKindCluster {
		t.Errorf("REDIS_KIND: %v", cfg.RedisKind)
	}
	if cfg.RedisTLSEnabled == nil || !*cfg.RedisTLSEnabled {
		t.Error("REDIS_TLS_ENABLED=T is Go's true")
	}
	if cfg.TemporalCertKey == nil || cfg.TemporalCertKey.Reveal() != "hunter2-key" {
		t.Error("the secret's value is not revealed")
	}
	if cfg.RedisURL != nil {
		t.Error("an unset optional variable is nil")
	}
}

func TestLoadReadsTheProcessEnvironment(t *testing.T) {
	for name, value := range workerEnv {
		t.Setenv(name, value)
	}
	t.Setenv("PORT", "")
	cfg, err := LoadWorker()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Port != 8080 {
		t.Errorf("an empty PORT counts as unset: %d", cfg.Port)
	}
}

func TestEveryProblemAtOnceInOneError(t *testing.T) {
	_, err := LoadWorkerFrom(lookup(map[string]string{"PORT": "eighty", "REDIS_KIND": "Cluster",
		"TEMPORAL_CERT_KEY": "x"}))
	var configError *ConfigError
	if !errors.As(err, &configError) {
		t.Fatalf("want a *ConfigError, got %v", err)
	}
	text := err.Error()
	for _, want := range []string{
		"Worker: 3 problems in the environment (documented in spec/neosync/environment-variables.md):",
		`PORT (line 101): "eighty" is not an integer`,
		"TEMPORAL_TASK_QUEUE (line 104): is required but not set",
		`REDIS_KIND (line 111): "Cluster" is not one of: simple, cluster, failover`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("%q not in\n%s", want, text)
		}
	}
	if !errors.Is(err, ErrMissing) || !errors.Is(err, ErrInvalid) || errors.Is(err, ErrConflict) {
		t.Error("errors.Is sees each problem's kind")
	}
	var problem *Problem
	if !errors.As(err, &problem) || problem.Line == 0 {
		t.Error("errors.As finds a *Problem")
	}
}

func TestRequiredIfHoldsOnlyWhenTheConditionDoes(t *testing.T) {
	_, err := LoadFrontendAppFrom(lookup(map[string]string{"AUTH_ENABLED": "true", "NEXTAUTH_SECRET": "s"}))
	if err == nil || !strings.Contains(err.Error(), "NEXTAUTH_URL (line 74): is required when AUTH_ENABLED is true") {
		t.Errorf("want NEXTAUTH_URL required, got %v", err)
	}
	if _, err := LoadFrontendAppFrom(lookup(map[string]string{"AUTH_ENABLED": "false", "NEXTAUTH_SECRET": "s"})); err != nil {
		t.Errorf("with auth off nothing is required: %v", err)
	}
}

func TestSecretsNeverShow(t *testing.T) {
	secret := NewSecret("hunter2")
	cfg, err := LoadWorkerFrom(lookup(workerEnv))
	if err != nil {
		t.Fatal(err)
	}
	encoded, _ := json.Marshal(cfg)
	text, _ := secret.MarshalText()
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "key", secret, "cfg", cfg.TemporalCertKey)
	shown := []string{string(encoded), string(text), logged.String(), secret.String(), secret.GoString()}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%T"} {
		shown = append(shown, fmt.Sprintf(verb, secret), fmt.Sprintf(verb, cfg), fmt.Sprintf(verb, *cfg.TemporalCertKey))
	}
	for _, text := range shown {
		if strings.Contains(text, "hunter2") {
			t.Errorf("a secret shows: %s", text)
		}
	}
	_, err = LoadBackendAPIFrom(lookup(with(backendEnv, map[string]string{"AUTH_CLIENTID_SECRET": "{hunter2"})))
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "the value is not valid JSON") {
		t.Errorf("a secret's bad value is named, never shown: %v", err)
	}
}

func TestToEnvReproducesTheConfig(t *testing.T) {
	cfg, err := LoadWorkerFrom(lookup(workerEnv))
	if err != nil {
		t.Fatal(err)
	}
	again, err := LoadWorkerFrom(lookup(cfg.ToEnv()))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, again) {
		t.Errorf("ToEnv does not reproduce the config:\n%+v\n%+v", cfg, again)
	}
}

func TestOptionalIntsAndDurations(t *testing.T) {
	cfg, err := LoadBackendAPIFrom(lookup(with(backendEnv, map[string]string{"SHUTDOWN_TIMEOUT_SECONDS": "5"})))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.ShutdownTimeoutSeconds == nil || *cfg.ShutdownTimeoutSeconds != 5 {
		t.Errorf("SHUTDOWN_TIMEOUT_SECONDS: %v", cfg.ShutdownTimeoutSeconds)
	}
	if d, err := parseDuration("1h30m"); err != nil || d != 90*time.Minute {
		t.Errorf("1h30m: %v %v", d, err)
	}
}
