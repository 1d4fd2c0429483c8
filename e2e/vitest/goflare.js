// goflare's test helper: wrangler's unstable_dev() on goflare. It starts `goflare dev`
// on your worker (in milliseconds), and gives your tests fetch() and stop() shaped like
// wrangler's, plus the test controls: KV state to seed, read and reset, and a clock to
// move forward. Plain ESM, no dependencies; types in goflare.d.ts.
//
//   import { unstable_dev } from "./goflare.js";   // instead of: from "wrangler"
//   const worker = await unstable_dev("src/index.ts");
//   const res = await worker.fetch("/path");
//   await worker.stop();
//
// The binary is $GOFLARE_BIN, else goflare on PATH.

import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const live = new Set();
let exitHookInstalled = false;

// A test run that ends (or crashes) with workers still running takes them along.
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) {
      try {
        child.kill("SIGKILL");
      } catch {}
    }
  });
}

const READY = /^Ready on (https?):\/\/(\S+):(\d+)$/;

/**
 * Starts `goflare dev` on a worker and resolves once it serves.
 * @param {string} [script] the entry point, relative to options.cwd (default: the config's main)
 * @param {import("./goflare").UnstableDevOptions} [options]
 * @returns {Promise<import("./goflare").Unstable_DevWorker>}
 */
export async function unstable_dev(script, options = {}) {
  const bin = options.binary ?? process.env.GOFLARE_BIN ?? "goflare";
  const args = ["dev", "--port", String(options.port ?? 0)];
  args.push("--persist-to", options.persistTo ?? ":memory:");
  if (options.testControls !== false) args.push("--test-controls");
  if (options.config) args.push("--config", options.config);
  if (options.env) args.push("--env", options.env);
  if (options.ip) args.push("--ip", options.ip);
  if (options.kvOpLimit !== undefined) args.push("--kv-op-limit", String(options.kvOpLimit));
  for (const [name, value] of Object.entries(options.vars ?? {})) {
    args.push("--var", `${name}:${typeof value === "string" ? value : JSON.stringify(value)}`);
  }
  if (options.watch !== true) args.push("--watch=false");
  // goflare stops when this process's end of its stdin closes: it never outlives the
  // test run, even one that is killed.
  args.push("--exit-on-stdin-close");
  if (script) args.push(script);

  installExitHook();
  const child = spawn(bin, args, {
    cwd: options.cwd ?? process.cwd(),
    stdio: ["pipe", "pipe", "pipe"],
    windowsHide: true,
  });
  live.add(child);
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      live.delete(child);
      resolve({ code, signal });
    });
  });
  const logLevel = options.logLevel ?? "log";
  let output = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    output += chunk;
    if (logLevel !== "none") process.stderr.write(chunk);
  });

  const ready = await new Promise((resolve, reject) => {
    let serving = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`goflare dev printed no Ready line within ${options.startTimeout ?? 30000} ms:\n${output}`));
    }, options.startTimeout ?? 30000);
    child.once("error", (err) => {
      live.delete(child);
      clearTimeout(timer);
      reject(new Error(`could not start ${bin}: ${err.message} (set GOFLARE_BIN to the goflare binary)`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!serving) reject(new Error(`goflare dev exited (${signal ?? `code ${code}`}) before it was ready:\n${output}`));
    });
    createInterface({ input: child.stdout }).on("line", (line) => {
      if (!serving) {
        output += line + "\n";
        const m = READY.exec(line);
        if (m) {
          serving = true;
          clearTimeout(timer);
          resolve({ protocol: m[1], address: m[2], port: Number(m[3]) });
        }
        return;
      }
      // The worker's console output; goflare's request log lines only at "info".
      const request = line.startsWith("[goflare:info]");
      if (logLevel === "none" || (request && logLevel !== "info" && logLevel !== "debug")) return;
      process.stdout.write(line + "\n");
    });
  });

  const base = `${ready.protocol}://${ready.address}:${ready.port}`;
  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
    })();
    return stopping;
  };

  async function control(method, path, body) {
    const res = await fetch(`${base}/__goflare/${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (res.status === 404 && data === null) return null;
    if (!res.ok) {
      const why = data && typeof data === "object" && "error" in data ? data.error : text;
      throw new Error(`goflare test control ${method} /__goflare/${path}: ${res.status} ${why}`);
    }
    return data;
  }

  return {
    address: ready.address,
    port: ready.port,
    fetch(input, init) {
      return fetch(...workerRequest(base, input, init));
    },
    stop,
    async waitUntilExit() {
      await exited;
    },
    kv(binding) {
      const at = `kv/${encodeURIComponent(binding)}`;
      return {
        async put(keyOrEntries, value, opts = {}) {
          const entries = Array.isArray(keyOrEntries) ? keyOrEntries : [{ key: keyOrEntries, value, ...opts }];
          await control("PUT", at, entries.map(toWire));
        },
        async get(key) {
          const e = await control("GET", `${at}?key=${encodeURIComponent(key)}`);
          return e === null ? null : fromWire(e);
        },
        async list(opts = {}) {
          return control("GET", `${at}?prefix=${encodeURIComponent(opts.prefix ?? "")}`);
        },
        async reset() {
          await control("DELETE", at);
        },
      };
    },
    clock: {
      async advance(ms) {
        const { now } = await control("POST", "clock/advance", { ms });
        return now;
      },
      async now() {
        return (await control("GET", "clock")).now;
      },
    },
    async reset() {
      await control("POST", "reset");
    },
  };
}

// workerRequest points a fetch at the worker, keeping the path and query of a URL given
// for another host (as wrangler's unstable_dev does).
function workerRequest(base, input, init) {
  if (input === undefined) return [`${base}/`, init];
  if (typeof input === "string" || input instanceof URL) {
    const url = new URL(String(input), base);
    return [`${base}${url.pathname}${url.search}`, init];
  }
  const url = new URL(input.url);
  return [new Request(`${base}${url.pathname}${url.search}`, input), init];
}

function toBytes(value) {
  if (typeof value === "string") return new TextEncoder().encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError("a KV value is a string, an ArrayBuffer or a typed array");
}

function toWire(e) {
  const wire = { key: e.key, value: Buffer.from(toBytes(e.value)).toString("base64"), base64: true };
  if (e.expiration !== undefined) wire.expiration = e.expiration;
  if (e.expirationTtl !== undefined) wire.expiration_ttl = e.expirationTtl;
  if (e.metadata !== undefined) wire.metadata = e.metadata;
  return wire;
}

function fromWire(e) {
  const bytes = e.base64 ? new Uint8Array(Buffer.from(e.value, "base64")) : new TextEncoder().encode(e.value);
  return {
    key: e.key,
    value: e.base64 ? new TextDecoder().decode(bytes) : e.value,
    bytes,
    metadata: e.metadata ?? null,
    expiration: e.expiration ?? null,
  };
}

// getPlatformProxy is wrangler's getPlatformProxy() on goflare: it starts `goflare dev` on
// the project (state persisted in .wrangler/state, as wrangler's default) and gives Node
// code `env` with the worker's vars and secrets and its KV bindings as KVNamespace
// objects over the KV REST API goflare serves, so a framework's dev server, a script or a
// test reads and writes the very state the worker sees. `dispose()` stops goflare.
export async function getPlatformProxy(options = {}) {
  const persist = options.persist ?? true;
  const worker = await unstable_dev(undefined, {
    config: options.configPath,
    env: options.environment,
    persistTo: persist === false ? ":memory:" : typeof persist === "object" && persist.path ? persist.path : ".wrangler/state",
    binary: options.binary,
    cwd: options.cwd,
    logLevel: options.logLevel ?? "none",
    testControls: true,
  });
  const base = `http://${worker.address}:${worker.port}`;
  const info = await (await fetch(`${base}/__goflare/bindings`)).json();
  const env = { ...info.vars };
  for (const [binding, id] of Object.entries(info.kv)) {
    env[binding] = kvNamespace(`${base}${info.api}/accounts/local/storage/kv/namespaces/${encodeURIComponent(id)}`);
  }
  const noCache = { match: async () => undefined, put: async () => {}, delete: async () => false };
  return {
    env,
    cf: {},
    ctx: { waitUntil() {}, passThroughOnException() {} },
    caches: { default: noCache, open: async () => noCache },
    dispose: () => worker.stop(),
  };
}

// kvNamespace is a KVNamespace (the Workers binding's methods and answers) over the KV
// REST API of one namespace.
function kvNamespace(at) {
  async function call(method, path, body, headers) {
    const res = await fetch(at + path, { method, body, headers });
    if (res.ok) return res;
    const data = await res.json().catch(() => null);
    const err = data?.errors?.[0];
    if (res.status === 404 && err?.code === 10009) return null;
    throw new Error(`KV ${method === "GET" ? "GET" : method === "DELETE" ? "DELETE" : "PUT"} failed: ${res.status} ${err?.message ?? res.statusText}`);
  }
  const typeOf = (arg) => (typeof arg === "string" ? arg : arg?.type ?? "text");
  async function decode(res, type) {
    switch (type) {
      case "text": return res.text();
      case "json": return JSON.parse(await res.text());
      case "arrayBuffer": return res.arrayBuffer();
      case "stream": return res.body;
      default: throw new TypeError(`Unknown response type. Possible types are "text", "arrayBuffer", "json", and "stream".`);
    }
  }
  async function getOne(key, type, withMetadata) {
    const res = await call("GET", `/values/${encodeURIComponent(key)}`);
    if (res === null) return withMetadata ? { value: null, metadata: null, cacheStatus: null } : null;
    const value = await decode(res, type);
    if (!withMetadata) return value;
    const meta = await (await call("GET", `/metadata/${encodeURIComponent(key)}`))?.json();
    return { value, metadata: meta?.result ?? null, cacheStatus: null };
  }
  async function getMany(keys, type, withMetadata) {
    const res = await call("POST", "/bulk/get", JSON.stringify({ keys, type: type === "json" ? "json" : "text", withMetadata }), { "content-type": "application/json" });
    const { result } = await res.json();
    return new Map(keys.map((k) => [k, result.values[k] ?? null]));
  }
  return {
    get(key, arg) {
      return Array.isArray(key) ? getMany(key, typeOf(arg), false) : getOne(key, typeOf(arg), false);
    },
    getWithMetadata(key, arg) {
      return Array.isArray(key) ? getMany(key, typeOf(arg), true) : getOne(key, typeOf(arg), true);
    },
    async put(key, value, options = {}) {
      const form = new FormData();
      form.append("value", new Blob([typeof value === "string" ? value : value instanceof ArrayBuffer || ArrayBuffer.isView(value) ? value : await new Response(value).arrayBuffer()]));
      if (options.metadata !== undefined) form.append("metadata", JSON.stringify(options.metadata));
      const q = new URLSearchParams();
      if (options.expirationTtl !== undefined) q.set("expiration_ttl", String(options.expirationTtl));
      else if (options.expiration !== undefined) q.set("expiration", String(options.expiration));
      await call("PUT", `/values/${encodeURIComponent(key)}${q.size ? "?" + q : ""}`, form);
    },
    async delete(key) {
      await call("DELETE", `/values/${encodeURIComponent(key)}`);
    },
    async list(options = {}) {
      const limit = options.limit ?? 1000;
      // The API's pages hold at least 10 keys; a smaller page is cut from one of 10, with
      // a cursor of goflare's own (as goflare's remote bindings do).
      let apiCursor = options.cursor, after;
      if (options.cursor?.startsWith("gf.")) ({ c: apiCursor, a: after } = JSON.parse(Buffer.from(options.cursor.slice(3), "base64url").toString()));
      const q = new URLSearchParams({ limit: String(Math.max(limit, 10)) });
      if (options.prefix) q.set("prefix", options.prefix);
      if (apiCursor) q.set("cursor", apiCursor);
      const { result, result_info } = await (await call("GET", `/keys?${q}`)).json();
      let keys = after === undefined ? result : result.filter((k) => k.name > after);
      const more = keys.length > limit;
      keys = keys.slice(0, limit);
      if (more) {
        const cursor = "gf." + Buffer.from(JSON.stringify({ c: apiCursor, a: keys[keys.length - 1].name })).toString("base64url");
        return { keys, list_complete: false, cursor, cacheStatus: null };
      }
      if (result_info.cursor) return { keys, list_complete: false, cursor: result_info.cursor, cacheStatus: null };
      return { keys, list_complete: true, cacheStatus: null };
    },
  };
}
