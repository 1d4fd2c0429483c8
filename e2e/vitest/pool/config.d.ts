import type { UserConfig, UserWorkspaceConfig } from "vitest/config";
import type { WorkersPoolOptions } from "./index";

type WithPool<T> = T & { test?: { poolOptions?: { workers?: WorkersPoolOptions } } };

/** vitest's config with goflare's pool selected (vitest-pool-workers' defineWorkersConfig). */
export function defineWorkersConfig<T extends WithPool<UserConfig>>(config: T | ((env: unknown) => T | Promise<T>)): T;
/** The same for a workspace project. */
export function defineWorkersProject<T extends WithPool<UserWorkspaceConfig>>(config: T | ((env: unknown) => T | Promise<T>)): T;
/** The pool's options, typed. */
export function defineWorkersPoolOptions(options: WorkersPoolOptions): WorkersPoolOptions;
