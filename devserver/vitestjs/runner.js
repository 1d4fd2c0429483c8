// goflare's side of its vitest pool (e2e/vitest/pool): one test file run in this isolate
// by vitest's own runner (VitestTestRunner), reporting to the vitest process over HTTP.
// Everything is imported inside the request: workerd (and so goflare) allows no timers or
// I/O at a worker's global scope, and vitest's modules start timers as they load.

const hidden = new Set(["__GOFLARE_SELF", "__GOFLARE_STORAGE"]);

// The runner's own requests go out whatever the test does to fetch (fetchMock).
const realFetch = globalThis.fetch;

// serialize writes a task tree as JSON: the back-references (file, suite) are left out
// and restored by the pool; functions and the test context are dropped.
function serialize(value) {
  const seen = new WeakSet();
  return JSON.stringify(value, function (key, v) {
    if (key === "file" || key === "suite" || key === "context" || key === "fn" || key === "promises") return undefined;
    if (typeof v === "function" || typeof v === "symbol") return undefined;
    if (typeof v === "bigint") return v.toString();
    if (v && typeof v === "object") {
      if (seen.has(v)) return undefined;
      seen.add(v);
    }
    return v;
  });
}

export async function runTestFile(request, env, ctx, importTest) {
  const { file, config, rpcURL, isolatedStorage } = await request.json();
  const call = async (method, args) => {
    const res = await realFetch(rpcURL, { method: "POST", headers: { "content-type": "application/json" }, body: serialize({ method, args }) });
    const out = await res.json();
    if (out.error) throw new Error(out.error);
    return out.result;
  };
  const rpc = new Proxy({}, { get: (_, method) => (method === "then" ? undefined : (...args) => call(method, args)) });
  const cleanups = [];
  config.snapshotOptions = config.snapshotOptions || {};
  config.snapshotOptions.snapshotEnvironment = {
    getVersion: () => "1",
    getHeader: () => "// Vitest Snapshot v1, https://vitest.dev/guide/snapshot.html",
    resolvePath: (filepath) => rpc.resolveSnapshotPath(filepath),
    resolveRawPath: (testPath, rawPath) => call("goflareResolveRawPath", [testPath, rawPath]),
    prepareDirectory: (dir) => call("goflarePrepareDirectory", [dir]),
    saveSnapshotFile: (path, content) => call("goflareWriteFile", [path, content]),
    readSnapshotFile: (path) => call("goflareReadFile", [path]),
    removeSnapshotFile: (path) => call("goflareRemoveFile", [path]),
    processStackTrace: (stack) => stack,
  };
  globalThis.__vitest_worker__ = {
    ctx: { pool: "goflare", config, files: [file], projectName: config.name, environment: { name: "node", options: null } },
    config,
    rpc,
    filepath: file,
    current: undefined,
    moduleCache: new Map(),
    moduleExecutionInfo: new Map(),
    mockMap: new Map(),
    onCleanup: (fn) => cleanups.push(fn),
    providedContext: config.__goflareProvided || {},
    durations: { environment: 0, prepare: 0 },
    environment: { name: "node", transformMode: "ssr", setup() {} },
    onFilterStackTrace: (stack) => stack,
  };
  const self = env.__GOFLARE_SELF;
  const storage = env.__GOFLARE_STORAGE;
  globalThis.__goflareTest = {
    env: new Proxy(env, {
      get: (t, p) => (hidden.has(p) ? undefined : Reflect.get(t, p)),
      has: (t, p) => !hidden.has(p) && Reflect.has(t, p),
      ownKeys: (t) => Reflect.ownKeys(t).filter((k) => !hidden.has(k)),
      getOwnPropertyDescriptor: (t, p) => (hidden.has(p) ? undefined : Reflect.getOwnPropertyDescriptor(t, p)),
    }),
    SELF: self,
  };
  const { startTests } = await import("@vitest/runner");
  const { VitestTestRunner } = await import("vitest/runners");
  await import("vitest");

  class GoflareRunner extends VitestTestRunner {
    importFile() {
      return importTest(file);
    }
    onCollected(files) {
      return rpc.onCollected(files);
    }
    onTaskUpdate(packs, events) {
      return rpc.onTaskUpdate(packs, events);
    }
    async onBeforeRunSuite(suite) {
      if (isolatedStorage) storage.checkpoint();
      return super.onBeforeRunSuite(suite);
    }
    async onAfterRunSuite(suite) {
      await super.onAfterRunSuite(suite);
      if (isolatedStorage) storage.restore();
    }
    // Each test's writes (its beforeEach and afterEach hooks' too) are undone after it,
    // passed or failed; a suite's beforeAll writes last until the suite ends.
    async onBeforeRunTask(test) {
      if (isolatedStorage) storage.checkpoint();
      return super.onBeforeRunTask(test);
    }
    async onAfterRunTask(test) {
      await super.onAfterRunTask(test);
      if (isolatedStorage) storage.restore();
    }
  }
  const runner = new GoflareRunner(config);
  runner.__vitest_executor = { executeId: () => importTest(file) };
  let error;
  try {
    await startTests([{ filepath: file, testLocations: undefined }], runner);
  } catch (e) {
    error = { name: e.name, message: e.message, stack: e.stack };
  }
  for (const fn of cleanups) await fn();
  return new Response(JSON.stringify({ ok: !error, error }), { headers: { "content-type": "application/json" } });
}
