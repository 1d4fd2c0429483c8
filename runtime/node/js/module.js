// node:module: createRequire gives CommonJS code the built-in modules (node:buffer, ...);
// a worker has no file modules to require at run time.
(function (require, native, internal) {
  "use strict";
  const { codes } = internal;
  const builtinModules = ["_http_agent", "_http_client", "_http_common", "_http_incoming", "_http_outgoing", "_http_server", "_stream_duplex", "_stream_passthrough", "_stream_readable", "_stream_transform", "_stream_wrap", "_stream_writable", "_tls_common", "_tls_wrap", "assert", "assert/strict", "async_hooks", "buffer", "child_process", "cluster", "console", "constants", "crypto", "dgram", "diagnostics_channel", "dns", "dns/promises", "domain", "events", "fs", "fs/promises", "http", "http2", "https", "inspector", "inspector/promises", "module", "net", "os", "path", "path/posix", "path/win32", "perf_hooks", "process", "punycode", "querystring", "readline", "readline/promises", "repl", "stream", "stream/consumers", "stream/promises", "stream/web", "string_decoder", "sys", "timers", "timers/promises", "tls", "trace_events", "tty", "url", "util", "util/types", "v8", "vm", "wasi", "worker_threads", "zlib"];
  const isBuiltin = (name) => { const n = String(name).replace(/^node:/, ""); return builtinModules.includes(n) || ["node:sqlite", "node:test", "node:sea"].includes(String(name)); };
  function createRequire(filename) {
    if (typeof filename !== "string" && !(filename instanceof URL)) throw new codes.ERR_INVALID_ARG_VALUE("filename", filename, "must be a file URL object, file URL string, or absolute path string");
    const req = function require(id) {
      internal.validateString(id, "id");
      const mod = isBuiltin(id) ? native.load(id.replace(/^node:/, "")) : undefined;
      if (mod === undefined) {
        const e = new Error(`Cannot find module '${id}'`);
        e.code = "MODULE_NOT_FOUND";
        throw e;
      }
      return mod;
    };
    req.resolve = (id) => { if (isBuiltin(id)) return id; const e = new Error(`Cannot find module '${id}'`); e.code = "MODULE_NOT_FOUND"; throw e; };
    req.cache = Object.create(null);
    return req;
  }
  const fail = (name) => () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(`module.${name}`); };
  function Module() { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("Module"); }
  Object.assign(Module, {
    builtinModules, isBuiltin, createRequire, Module, SourceMap: fail("SourceMap"), _cache: Object.create(null), _extensions: Object.create(null),
    _pathCache: Object.create(null), globalPaths: [], constants: { compileCacheStatus: {} },
    _debug() {}, _findPath: fail("_findPath"), _initPaths() {}, _load: fail("_load"), _nodeModulePaths: () => [], _preloadModules() {},
    _resolveFilename: fail("_resolveFilename"), _resolveLookupPaths: () => null, enableCompileCache: () => ({ status: 0 }),
    findPackageJSON: () => undefined, findSourceMap: () => undefined, flushCompileCache() {}, getCompileCacheDir: () => undefined,
    getSourceMapsSupport: () => ({ enabled: false }), register: fail("register"), registerHooks: fail("registerHooks"), runMain: fail("runMain"),
    setSourceMapsSupport() {}, stripTypeScriptTypes: fail("stripTypeScriptTypes"), syncBuiltinESMExports() {}, wrap: (s) => s,
  });
  return Module;
})
