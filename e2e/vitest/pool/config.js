// defineWorkersConfig and defineWorkersProject as @cloudflare/vitest-pool-workers/config
// has them, selecting goflare's pool: a project switches by changing this import.
import { fileURLToPath } from "node:url";

const pool = fileURLToPath(new URL("./index.js", import.meta.url));

function withPool(config) {
  config.test ??= {};
  config.test.pool = pool;
  return config;
}

export function defineWorkersConfig(config) {
  return typeof config === "function" ? async (env) => withPool(await config(env)) : withPool(config);
}

export const defineWorkersProject = defineWorkersConfig;

export function defineWorkersPoolOptions(options) {
  return options;
}
