// The "cloudflare:test" module goflare's pool gives a test file (as vitest-pool-workers
// does). Reference this file from your tests' tsconfig ("types") to have it typed.
declare module "cloudflare:test" {
  /** Your bindings; extend it: declare module "cloudflare:test" { interface ProvidedEnv { KV: KVNamespace } } */
  interface ProvidedEnv {}
  export const env: ProvidedEnv;
  /** The project's worker, over fetch. */
  export const SELF: { fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> };
  export function createExecutionContext(): ExecutionContext;
  /** Waits for every promise passed to ctx.waitUntil (and those they add). */
  export function waitOnExecutionContext(ctx: ExecutionContext): Promise<void>;
  /** The promises passed to ctx.waitUntil so far. */
  export function getWaitUntil(ctx: ExecutionContext): Promise<unknown>[];
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): ScheduledController;
  interface Interceptor {
    reply(status: number, body?: unknown, init?: { headers?: HeadersInit }): InterceptScope;
    reply(fn: (opts: { path: string; method: string; body?: string; headers: Record<string, string> }) => { statusCode: number; data?: unknown; responseOptions?: { headers?: HeadersInit } }): InterceptScope;
    replyWithError(error: Error): InterceptScope;
  }
  interface InterceptScope {
    times(n: number): InterceptScope;
    persist(): InterceptScope;
    delay(ms: number): InterceptScope;
  }
  /** undici's MockAgent shape, over the isolate's fetch. */
  export const fetchMock: {
    activate(): void;
    deactivate(): void;
    disableNetConnect(): void;
    enableNetConnect(): void;
    get(origin: string | RegExp | ((origin: string) => boolean)): {
      intercept(options: { path: string | RegExp | ((path: string) => boolean); method?: string | RegExp; body?: string | RegExp | ((body: string) => boolean) }): Interceptor;
    };
    pendingInterceptors(): unknown[];
    assertNoPendingInterceptors(): void;
  };
  /** goflare's extras: its test controls. */
  export const goflare: {
    clock: { now(): Promise<number>; advance(ms: number): Promise<unknown> };
    kv: {
      seed(binding: string, entries: { key: string; value: string; base64?: boolean; expiration?: number; expiration_ttl?: number; metadata?: unknown }[]): Promise<unknown>;
      get(binding: string, key: string): Promise<{ key: string; value: string; metadata?: unknown; expiration?: number } | null>;
      clear(binding: string): Promise<unknown>;
    };
  };
}
