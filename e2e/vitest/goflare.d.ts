// Types for goflare.js: wrangler's unstable_dev() on goflare, plus the test controls.

/** Options of unstable_dev; the names follow wrangler's where wrangler has them. */
export interface UnstableDevOptions {
  /** The config file (--config); default: looked up from the script's directory. */
  config?: string;
  /** The environment of the config (--env). */
  env?: string;
  /** Vars that win over the config's and the secrets (--var NAME:VALUE). */
  vars?: Record<string, unknown>;
  /** Where KV state lives (--persist-to); default ":memory:", nothing on disk. */
  persistTo?: string;
  /** Port to listen on; default 0, a free port. */
  port?: number;
  /** Address to listen on; default 127.0.0.1. */
  ip?: string;
  /** KV operations allowed per invocation (--kv-op-limit); 0 turns the check off. */
  kvOpLimit?: number;
  /** Directory goflare dev runs in; default process.cwd(). */
  cwd?: string;
  /** The goflare binary; default $GOFLARE_BIN, else goflare on PATH. */
  binary?: string;
  /** Serve the /__goflare/ test controls (kv(), clock, reset()); default true. */
  testControls?: boolean;
  /** Reload when files change; default false. */
  watch?: boolean;
  /** "none" silences the worker; "info" adds goflare's request log lines; default "log". */
  logLevel?: "none" | "error" | "warn" | "info" | "log" | "debug";
  /** How long to wait for the server, in ms; default 30000. */
  startTimeout?: number;
  /** Accepted for wrangler compatibility and ignored (e.g. disableExperimentalWarning). */
  experimental?: Record<string, unknown>;
}

/** A KV entry as the test controls read it. */
export interface KVEntry {
  key: string;
  /** The value decoded as UTF-8. */
  value: string;
  /** The value's exact bytes. */
  bytes: Uint8Array;
  metadata: unknown;
  /** Seconds since the epoch, or null. */
  expiration: number | null;
}

/** An entry to write with put(entries). */
export interface KVPutEntry extends KVPutOptions {
  key: string;
  value: string | ArrayBuffer | ArrayBufferView;
}

export interface KVPutOptions {
  /** Seconds since the epoch. */
  expiration?: number;
  /** Seconds from now (by the worker's clock). */
  expirationTtl?: number;
  metadata?: unknown;
}

export interface KVListKey {
  name: string;
  expiration?: number;
  metadata?: unknown;
}

/** The KV namespace behind one binding of the worker, for seeding and checking state. */
export interface KVControl {
  /** Writes one entry, or many at once (all or nothing), with Cloudflare's rules. */
  put(key: string, value: string | ArrayBuffer | ArrayBufferView, options?: KVPutOptions): Promise<void>;
  put(entries: KVPutEntry[]): Promise<void>;
  /** Reads an entry, or null when the key is missing or expired. */
  get(key: string): Promise<KVEntry | null>;
  /** Every live key (not only the first 1,000), in order. */
  list(options?: { prefix?: string }): Promise<KVListKey[]>;
  /** Removes every entry of the namespace. */
  reset(): Promise<void>;
}

/** The worker's clock: Date.now() in the worker and KV expiry follow it. */
export interface ClockControl {
  /** Moves the clock ms milliseconds ahead and returns the new time (ms since the epoch). */
  advance(ms: number): Promise<number>;
  now(): Promise<number>;
}

/** A running goflare dev, shaped like wrangler's Unstable_DevWorker. */
export interface Unstable_DevWorker {
  port: number;
  address: string;
  /** Sends a request to the worker; a URL for another host keeps its path and query. */
  fetch(input?: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Stops the process (and waits for it to end). Calling it again is harmless. */
  stop(): Promise<void>;
  waitUntilExit(): Promise<void>;
  /** The KV namespace of a binding (needs the test controls). */
  kv(binding: string): KVControl;
  clock: ClockControl;
  /** Removes every KV entry and namespace: fresh state. */
  reset(): Promise<void>;
}

/** Starts `goflare dev` on the worker at script (relative to options.cwd) and resolves once it serves. */
export function unstable_dev(script?: string, options?: UnstableDevOptions): Promise<Unstable_DevWorker>;

/** Options of getPlatformProxy; the names follow wrangler's. */
export interface GetPlatformProxyOptions {
  /** The config file; default: looked up from cwd. */
  configPath?: string;
  /** The config's environment. */
  environment?: string;
  /** Where KV state lives: true (default) .wrangler/state, false in memory, or {path}. */
  persist?: boolean | { path: string };
  /** Directory goflare dev runs in; default process.cwd(). */
  cwd?: string;
  /** The goflare binary; default $GOFLARE_BIN, else goflare on PATH. */
  binary?: string;
  /** goflare's own output; default "none". */
  logLevel?: "none" | "error" | "warn" | "info" | "log" | "debug";
}

/** What getPlatformProxy gives: env with the worker's vars and live KV bindings. */
export interface PlatformProxy<Env = Record<string, unknown>> {
  env: Env;
  cf: Record<string, unknown>;
  ctx: { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void };
  caches: unknown;
  /** Stops goflare dev. */
  dispose(): Promise<void>;
}

/**
 * wrangler's getPlatformProxy() on goflare: starts `goflare dev` on the project and gives
 * Node code its env, the KV bindings working over the KV REST API on the worker's state.
 */
export function getPlatformProxy<Env = Record<string, unknown>>(options?: GetPlatformProxyOptions): Promise<PlatformProxy<Env>>;
