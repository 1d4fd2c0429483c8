// goflare's vitest pool: Cloudflare's vitest-pool-workers on goflare. Each test file runs
// inside an isolate of the project's worker (goja, not Node), with the project's
// bindings, vitest's own runner and "cloudflare:test"; this side starts `goflare dev`
// once per project and relays what the runner reports to vitest.
//
//   // vitest.config.js: the one change from vitest-pool-workers
//   import { defineWorkersConfig } from "goflare-vitest/pool/config.js";
//   export default defineWorkersConfig({
//     test: { poolOptions: { workers: { wrangler: { configPath: "./wrangler.toml" } } } },
//   });

import { readFile, writeFile, rm, mkdir } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, isAbsolute, resolve } from "node:path";
import { createMethodsRPC } from "vitest/node";
import { unstable_dev } from "../goflare.js";

// relink restores the back-references (file, suite) the runner left out of a task tree.
function relink(file) {
  const walk = (task, parent) => {
    task.file = file;
    if (parent) task.suite = parent;
    for (const child of task.tasks ?? []) walk(child, task);
  };
  walk(file, undefined);
  return file;
}

/** @param {import("vitest/node").Vitest} vitest */
export default function goflarePool(vitest) {
  const projects = new Map(); // project → Promise<{ worker, base }>
  const methods = new Map(); // run id → RPC methods of the project being run
  let server;
  let rpcBase;

  async function rpcServer() {
    if (server) return rpcBase;
    server = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      const id = new URL(req.url, "http://x").searchParams.get("run");
      const m = methods.get(id);
      let result, error;
      try {
        const { method, args } = JSON.parse(body);
        result = await call(m, method, args ?? []);
      } catch (e) {
        error = e?.message ?? String(e);
      }
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(error === undefined ? { result: result ?? null } : { error }));
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    rpcBase = `http://127.0.0.1:${server.address().port}/rpc`;
    return rpcBase;
  }

  // call runs one method the runner asked for.
  async function call(m, method, args) {
    if (!m) throw new Error("goflare pool: no test run for this call");
    switch (method) {
      case "onCollected":
        return m.rpc.onCollected(args[0].map(relink));
      case "goflareReadFile":
        return readFile(args[0], "utf8").catch(() => null);
      case "goflareWriteFile":
        await mkdir(dirname(args[0]), { recursive: true });
        return writeFile(args[0], args[1]);
      case "goflareRemoveFile":
        return rm(args[0], { force: true });
      case "goflarePrepareDirectory":
        return mkdir(args[0], { recursive: true });
      case "goflareResolveRawPath":
        return isAbsolute(args[1]) ? args[1] : resolve(dirname(args[0]), args[1]);
      default:
        if (typeof m.rpc[method] !== "function") throw new Error(`goflare pool: no RPC method ${method}`);
        return m.rpc[method](...args);
    }
  }

  function options(project) {
    const all = project.config.poolOptions ?? {};
    return all.workers ?? all.goflare ?? {};
  }

  // start serves a project with goflare dev (once).
  function start(project) {
    if (!projects.has(project)) {
      const opts = options(project);
      const root = project.config.root;
      const configPath = opts.wrangler?.configPath ? resolve(root, opts.wrangler.configPath) : undefined;
      projects.set(project, (async () => {
        const worker = await unstable_dev(opts.main, {
          cwd: root,
          config: configPath,
          env: opts.wrangler?.environment,
          testControls: true,
          // SELF is the served worker: it follows your edits in watch mode.
          watch: true,
          logLevel: "log",
        });
        return { worker, base: `http://127.0.0.1:${worker.port}` };
      })());
    }
    return projects.get(project);
  }

  let runs = 0;
  async function runFile(project, file, batch) {
    const { base } = await start(project);
    const opts = options(project);
    const id = String(++runs);
    const m = { rpc: createMethodsRPC(project, { cacheFs: false }) };
    methods.set(id, m);
    const started = performance.now();
    try {
      const config = JSON.parse(JSON.stringify(project.serializedConfig, (k, v) => (v instanceof RegExp ? v.source : v)));
      const res = await fetch(`${base}/__goflare/vitest/run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ file, files: batch, config, rpcURL: `${await rpcServer()}?run=${id}`, isolatedStorage: opts.isolatedStorage ?? true }),
      });
      const out = await res.json().catch(() => ({ ok: false, error: { message: `goflare answered ${res.status}` } }));
      if (!out.ok) {
        const err = new Error(`${file}: ${out.error?.message ?? "the test file did not run"}`);
        if (out.error?.stack) err.stack = out.error.stack;
        vitest.state.catchError(err, "Unhandled Error");
      }
    } finally {
      methods.delete(id);
      if (process.env.GOFLARE_POOL_TIMING) console.error(`[goflare pool] ${file}: ${(performance.now() - started).toFixed(0)} ms (bundle, isolate, run)`);
    }
  }

  return {
    name: "goflare",
    async runTests(specs) {
      const pairs = specs.map((spec) => (Array.isArray(spec) ? spec : [spec.project, spec.moduleId]));
      // goflare bundles a project's files of the run once, each behind its own import;
      // each file then runs in a fresh isolate of that bundle.
      for (const [project, file] of pairs) {
        const batch = pairs.filter(([p]) => p === project).map(([, f]) => f);
        await runFile(project, file, batch);
      }
    },
    async collectTests() {
      throw new Error("goflare's pool runs tests; it does not collect them without running");
    },
    async close() {
      for (const p of projects.values()) {
        try {
          (await p).worker.stop();
        } catch {}
      }
      projects.clear();
      await new Promise((ok) => (server ? server.close(ok) : ok()));
      server = undefined;
    },
  };
}
