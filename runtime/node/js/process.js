// node:process: an EventEmitter with what workerd's process has. env holds the worker's
// text vars and secrets when the flags say so (native.env); nextTick queues a
// microtask, as workerd's does; the fields that describe a machine describe workerd's.
(function (require, native, internal) {
  "use strict";
  const EventEmitter = require("events");
  const { validateFunction, codes } = internal;

  const start = Date.now();
  const process = new EventEmitter();

  // env coerces what is stored to a string, as Node's does.
  const envStore = Object.create(null);
  for (const k of Object.keys(native.env)) envStore[k] = native.env[k];
  const env = new Proxy(envStore, {
    set(target, key, value) { target[key] = String(value); return true; },
    defineProperty(target, key, desc) { target[key] = String(desc.value); return true; },
  });

  function hrtime(prev) {
    const now = performance.now();
    let s = Math.floor(now / 1000), ns = Math.round((now % 1000) * 1e6);
    if (prev) {
      s -= prev[0]; ns -= prev[1];
      if (ns < 0) { s--; ns += 1e9; }
    }
    return [s, ns];
  }
  hrtime.bigint = () => BigInt(Math.round(performance.now() * 1e6));

  const fields = {
    env,
    title: "workerd",
    version: "v22.14.0",
    versions: { node: "22.14.0" },
    platform: "linux",
    arch: "x64",
    argv: ["workerd"],
    argv0: "workerd",
    execArgv: [],
    execPath: "",
    pid: 1,
    ppid: 0,
    exitCode: undefined,
    release: { name: "node", sourceUrl: "", headersUrl: "" },
    features: { inspector: false, debug: false, uv: false, ipv6: true, tls_alpn: true, tls_sni: true, tls_ocsp: true, tls: true, cached_builtins: true, typescript: false },
    config: { target_defaults: {}, variables: {} },
    allowedNodeEnvironmentFlags: new Set(),
    nextTick(callback, ...args) {
      queueMicrotask(() => callback(...args));
    },
    cwd() { return "/bundle"; },
    chdir() {},
    umask() { return 0o22; },
    hrtime,
    uptime() { return (Date.now() - start) / 1000; },
    memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
    cpuUsage() { return { user: 0, system: 0 }; },
    resourceUsage() { return {}; },
    emitWarning(warning, type) {
      const text = warning instanceof Error ? `${warning.name}: ${warning.message}` : `${typeof type === "string" ? type : "Warning"}: ${warning}`;
      console.warn(`(node) ${text}`);
    },
    exit(code) { throw native.exit(code); },
    abort() { throw native.exit(134); },
    kill() { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("process.kill()"); },
    getBuiltinModule(id) {
      internal.validateString(id, "id");
      const name = id.replace(/^node:/, "");
      if (name.startsWith("_") || !require("module").isBuiltin(name)) return undefined;
      try { return require(name); } catch { return undefined; }
    },
    binding() { throw new Error("process.binding is not supported"); },
    getuid() { return 0; }, getgid() { return 0; }, geteuid() { return 0; }, getegid() { return 0; }, getgroups() { return []; },
    stdout: { write(s) { console.log(String(s).replace(/\n$/, "")); return true; }, isTTY: false, fd: 1 },
    stderr: { write(s) { console.error(String(s).replace(/\n$/, "")); return true; }, isTTY: false, fd: 2 },
    stdin: { isTTY: false, fd: 0 },
  };
  Object.assign(process, fields);
  return process;
})
