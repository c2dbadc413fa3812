// The types of the generated seed config, proven by the compiler: tests/test_typescript.py compiles this
// file with the seed under tsc --strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes. Every
// `@ts-expect-error` line must be an error, or tsc fails with "Unused '@ts-expect-error' directive".
import {
  ConfigError,
  Secret,
  SECTIONS,
  loadBackendApi,
  loadFrontendAppPublic,
  loadWorker,
  type BackendApiConfig,
  type EnvRecord,
  type FrontendAppPublicConfig,
  type WorkerConfig,
} from "../../generated/neosync/ts/index.js";

export function usage(env: { readonly [name: string]: string | undefined }): void {
  const worker: WorkerConfig = loadWorker(env);
  const port: number = worker.port; // documented default 8080: always a number
  const queue: string = worker.temporalTaskQueue; // required: always set
  const kind: "simple" | "cluster" | "failover" | undefined = worker.redisKind;
  const certKey: Secret<string> | undefined = worker.temporalCertKey;
  const revealed: string | undefined = certKey?.reveal();
  const back: EnvRecord = worker.toEnv();
  void [port, queue, kind, revealed, back];

  // @ts-expect-error: a port is a number, not a string
  const wrongType: string = worker.port;
  // @ts-expect-error: REDIS_KIND is optional, so it may be undefined: reading it needs a check
  const unchecked: "simple" | "cluster" | "failover" = worker.redisKind;
  // @ts-expect-error: an optional string needs a check before string methods
  worker.redisUrl.startsWith("redis://");
  if (worker.redisUrl !== undefined) worker.redisUrl.startsWith("redis://"); // checked: fine
  // @ts-expect-error: only the documented choices
  const badChoice: WorkerConfig["redisKind"] = "sentinel";
  // @ts-expect-error: a secret is not a string until revealed
  const leaked: string = worker.temporalCertKey;
  // @ts-expect-error: members are readonly
  worker.port = 9000;
  void [wrongType, unchecked, badChoice, leaked];

  const api: BackendApiConfig = loadBackendApi(env);
  const audience: readonly string[] = api.authAudience;
  // @ts-expect-error: lists are readonly
  api.authAudience.push("x");
  // @ts-expect-error: noUncheckedIndexedAccess: an item of a list may be missing
  const first: string = audience[0];
  const timeout: number | undefined = api.shutdownTimeoutSeconds;
  void [first, timeout];

  // The public loader holds only what a client bundle may read.
  const client: FrontendAppPublicConfig = loadFrontendAppPublic();
  const base: string | undefined = client.nextPublicAppBaseUrl;
  // @ts-expect-error: a server-only variable is not part of the public config
  void client.nextauthSecret;
  void base;

  try {
    SECTIONS[0].load(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      const names: string[] = error.problems.map((p) => p.variable);
      void names;
    }
  }
}
