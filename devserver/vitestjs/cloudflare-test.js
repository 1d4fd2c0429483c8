// "cloudflare:test" in goflare's vitest pool: what @cloudflare/vitest-pool-workers
// provides to a test file, run in the same isolate as the test.

const t = globalThis.__goflareTest;

export const env = t.env;
export const SELF = t.SELF;

const kWaitUntil = Symbol("waitUntil");

export function createExecutionContext() {
  const promises = [];
  return {
    [kWaitUntil]: promises,
    waitUntil(promise) {
      promises.push(Promise.resolve(promise));
    },
    passThroughOnException() {},
    props: {},
  };
}

export async function waitOnExecutionContext(ctx) {
  const promises = ctx?.[kWaitUntil];
  if (!promises) throw new TypeError("Failed to execute 'waitOnExecutionContext': parameter 1 is not of type 'ExecutionContext'.");
  // Work passed to waitUntil while waiting is waited for too.
  for (let done = 0; done < promises.length; ) {
    const batch = promises.slice(done);
    done = promises.length;
    await Promise.allSettled(batch);
  }
}

export function getWaitUntil(ctx) {
  return ctx?.[kWaitUntil] ?? [];
}

export function createScheduledController(options = {}) {
  return {
    scheduledTime: options.scheduledTime instanceof Date ? options.scheduledTime.getTime() : (options.scheduledTime ?? Date.now()),
    cron: options.cron ?? "",
    noRetry() {},
  };
}

export async function getSerializedOptions() {
  return {};
}

// fetchMock: undici's MockAgent, as vitest-pool-workers shapes it, over the isolate's
// global fetch.
const realFetch = globalThis.fetch;
const interceptors = [];
let active = false;
let netConnect = true;

function matches(pattern, value) {
  if (pattern === undefined) return true;
  if (typeof pattern === "string") return pattern === value;
  if (pattern instanceof RegExp) return pattern.test(value);
  if (typeof pattern === "function") return pattern(value);
  return false;
}

function mockPool(origin) {
  return {
    intercept(options) {
      const entry = { origin, options, times: 1, persist: false, used: 0, reply: null };
      interceptors.push(entry);
      const scope = {
        times(n) {
          entry.times = n;
          return scope;
        },
        persist() {
          entry.persist = true;
          return scope;
        },
        delay() {
          return scope;
        },
      };
      return {
        reply(status, body, init = {}) {
          entry.reply = typeof status === "function" ? status : () => ({ statusCode: status, data: body, responseOptions: init });
          return scope;
        },
        replyWithError(error) {
          entry.reply = () => {
            throw error;
          };
          return scope;
        },
      };
    },
  };
}

async function mockedFetch(input, init) {
  const request = new Request(input, init);
  if (active) {
    const url = new URL(request.url);
    const body = request.body ? await request.clone().text() : undefined;
    for (const e of interceptors) {
      if (!e.persist && e.used >= e.times) continue;
      const o = e.options;
      const path = url.pathname + url.search;
      if (e.origin !== url.origin && !matches(e.origin, url.origin)) continue;
      if (!matches(o.path, typeof o.path === "string" && !o.path.includes("?") ? url.pathname : path)) continue;
      if (!matches(o.method?.toUpperCase?.() ?? o.method ?? "GET", request.method)) continue;
      if (o.body !== undefined && !matches(o.body, body)) continue;
      e.used++;
      const r = e.reply({ path, method: request.method, body, headers: Object.fromEntries(request.headers) });
      const data = r.data ?? r.body;
      const payload = data === undefined || data === null ? null : typeof data === "string" || data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data : JSON.stringify(data);
      return new Response(payload, { status: r.statusCode ?? r.status ?? 200, headers: r.responseOptions?.headers ?? r.headers });
    }
    if (!netConnect) {
      throw new TypeError(`Mock dispatch not matched for path '${url.pathname}'`);
    }
  }
  return realFetch(request);
}

globalThis.fetch = mockedFetch;

export const fetchMock = {
  activate() {
    active = true;
  },
  deactivate() {
    active = false;
  },
  disableNetConnect() {
    netConnect = false;
  },
  enableNetConnect() {
    netConnect = true;
  },
  get(origin) {
    return mockPool(origin);
  },
  pendingInterceptors() {
    return interceptors.filter((e) => !e.persist && e.used < e.times);
  },
  assertNoPendingInterceptors() {
    const pending = this.pendingInterceptors();
    if (pending.length > 0) {
      throw new Error(`${pending.length} interceptor${pending.length === 1 ? " is" : "s are"} pending:\n` + pending.map((e) => `${e.options.method ?? "GET"} ${e.origin}${e.options.path}`).join("\n"));
    }
  },
};

// goflare's own extras (its test controls, through SELF): the worker's clock moved
// forward (KV expirations follow it), and KV seeded and read by binding name.
async function control(method, path, body) {
  const res = await SELF.fetch(`http://localhost/__goflare/${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok && res.status !== 404) throw new Error(`goflare test control ${method} ${path}: ${res.status} ${text}`);
  return res.status === 404 ? null : text ? JSON.parse(text) : null;
}

export const goflare = {
  clock: {
    now: async () => (await control("GET", "clock")).now,
    advance: (ms) => control("POST", "clock/advance", { ms }),
  },
  kv: {
    seed: (binding, entries) => control("PUT", `kv/${encodeURIComponent(binding)}`, entries),
    get: (binding, key) => control("GET", `kv/${encodeURIComponent(binding)}?key=${encodeURIComponent(key)}`),
    clear: (binding) => control("DELETE", `kv/${encodeURIComponent(binding)}`),
  },
};
