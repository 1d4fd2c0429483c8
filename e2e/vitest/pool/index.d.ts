// Types of goflare's vitest pool (index.js) and its config helpers (config.js).
import type { UserConfig, UserWorkspaceConfig } from "vitest/config";

/** The pool's options, under test.poolOptions.workers (as vitest-pool-workers reads them). */
export interface WorkersPoolOptions {
  /** The entry point, when not the config's main. */
  main?: string;
  /** Each test's KV writes undone after it, a suite's after the suite (default true). */
  isolatedStorage?: boolean;
  /** The Wrangler config the worker is served with. */
  wrangler?: { configPath?: string; environment?: string };
}

export default function goflarePool(vitest: unknown): {
  name: string;
  runTests(specs: unknown[]): Promise<void>;
  collectTests(): Promise<void>;
  close(): Promise<void>;
};
