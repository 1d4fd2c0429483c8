// The modules workerd has in part or as stubs (node:os, node:net, node:child_process, ...)
// and node:diagnostics_channel: importable with the exports workerd has; what cannot
// work in a worker throws Node's ERR_METHOD_NOT_IMPLEMENTED as workerd's do.
(function (require, native, internal) {
  "use strict";
  const { codes } = internal;
  const EventEmitter = require("events");
  const fail = (name) => function () { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(name); };
  // stub makes a module: each listed function fails with "The <prefix><name> method is
  // not implemented"; values are given as they are.
  const stub = (prefix, names, values = {}) => {
    const m = {};
    for (const n of names) m[n] = fail(/^[A-Z]/.test(n) ? n : prefix + n);
    return Object.assign(m, values);
  };

  // --- diagnostics_channel (workerd's: hasSubscribers is a method of a channel) ---
  const channels = new Map();
  class Channel {
    #subscribers = [];
    #name;
    constructor(name) { this.#name = name; }
    hasSubscribers() { return this.#subscribers.length > 0; }
    subscribe(fn) { internal.validateFunction(fn, "subscription"); this.#subscribers.push(fn); }
    unsubscribe(fn) { const i = this.#subscribers.indexOf(fn); if (i >= 0) this.#subscribers.splice(i, 1); }
    publish(message) { for (const fn of this.#subscribers.slice()) { try { fn(message, this.#name); } catch (e) { queueMicrotask(() => { throw e; }); } } }
    bindStore() {}
    unbindStore() {}
    runStores(data, fn, thisArg, ...args) { this.publish(data); return Reflect.apply(fn, thisArg, args); }
  }
  const channel = (name) => {
    if (typeof name !== "string" && typeof name !== "symbol") throw new codes.ERR_INVALID_ARG_TYPE("channel", ["string", "symbol"], name);
    let c = channels.get(name);
    if (!c) { c = new Channel(name); channels.set(name, c); }
    return c;
  };
  class TracingChannel {
    constructor(name) {
      for (const ev of ["start", "end", "asyncStart", "asyncEnd", "error"]) this[ev] = typeof name === "string" ? channel(`tracing:${name}:${ev}`) : name[ev];
    }
    get hasSubscribers() { return ["start", "end", "asyncStart", "asyncEnd", "error"].some((ev) => this[ev].hasSubscribers()); }
    subscribe(handlers) { for (const [ev, fn] of Object.entries(handlers)) if (this[ev]) this[ev].subscribe(fn); }
    unsubscribe(handlers) { for (const [ev, fn] of Object.entries(handlers)) if (this[ev]) this[ev].unsubscribe(fn); return true; }
    traceSync(fn, context = {}, thisArg, ...args) {
      this.start.publish(context);
      try {
        const result = Reflect.apply(fn, thisArg, args);
        context.result = result;
        return result;
      } catch (err) {
        context.error = err;
        this.error.publish(context);
        throw err;
      } finally {
        this.end.publish(context);
      }
    }
    tracePromise(fn, context = {}, thisArg, ...args) {
      this.start.publish(context);
      try {
        const p = Reflect.apply(fn, thisArg, args);
        return Promise.resolve(p).then((result) => {
          context.result = result;
          this.asyncStart.publish(context);
          this.asyncEnd.publish(context);
          return result;
        }, (err) => {
          context.error = err;
          this.error.publish(context);
          this.asyncStart.publish(context);
          this.asyncEnd.publish(context);
          throw err;
        });
      } catch (err) {
        context.error = err;
        this.error.publish(context);
        throw err;
      } finally {
        this.end.publish(context);
      }
    }
    traceCallback(fn, position = -1, context = {}, thisArg, ...args) {
      const cb = args.at(position);
      const self = this;
      args.splice(position < 0 ? args.length + position : position, 1, function (err, res) {
        if (err) { context.error = err; self.error.publish(context); } else context.result = res;
        self.asyncStart.publish(context);
        try { return Reflect.apply(cb, this, arguments); } finally { self.asyncEnd.publish(context); }
      });
      return this.traceSync(fn, context, thisArg, ...args);
    }
  }
  const diagnostics_channel = {
    Channel, channel,
    hasSubscribers: (name) => (channels.has(name) ? channels.get(name).hasSubscribers() : false),
    subscribe: (name, fn) => channel(name).subscribe(fn),
    unsubscribe: (name, fn) => { channel(name).unsubscribe(fn); },
    tracingChannel: (name) => new TracingChannel(name),
  };

  // --- os: a Linux machine named localhost with one CPU ---
  const os = {
    EOL: "\n", devNull: "/dev/null",
    arch: () => "x64", availableParallelism: () => 1, cpus: () => [], endianness: () => "LE", freemem: () => 0,
    getPriority: () => 0, homedir: () => "/tmp/", hostname: () => "localhost", loadavg: () => [0, 0, 0], machine: () => "x86_64",
    networkInterfaces: () => ({}), platform: () => "linux", release: () => "", setPriority: () => {}, tmpdir: () => "/tmp/",
    totalmem: () => 0, type: () => "Linux", uptime: () => 0, version: () => "",
    userInfo: () => ({ uid: 0, gid: 0, username: "root", homedir: "/tmp/", shell: null }),
    constants: { UV_UDP_REUSEADDR: 4, dlopen: {}, errno: {}, signals: {}, priority: {} },
  };

  // --- net: addresses only; sockets need cloudflare:sockets, which goflare lacks ---
  // Node's address patterns (lib/internal/net.js).
  const v4Seg = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])", v4Str = `(?:${v4Seg}\\.){3}${v4Seg}`;
  const ipv4 = new RegExp(`^${v4Str}$`);
  const v6Seg = "(?:[0-9a-fA-F]{1,4})";
  const ipv6 = new RegExp("^(?:" +
    `(?:${v6Seg}:){7}(?:${v6Seg}|:)|` +
    `(?:${v6Seg}:){6}(?:${v4Str}|:${v6Seg}|:)|` +
    `(?:${v6Seg}:){5}(?::${v4Str}|(?::${v6Seg}){1,2}|:)|` +
    `(?:${v6Seg}:){4}(?:(?::${v6Seg}){0,1}:${v4Str}|(?::${v6Seg}){1,3}|:)|` +
    `(?:${v6Seg}:){3}(?:(?::${v6Seg}){0,2}:${v4Str}|(?::${v6Seg}){1,4}|:)|` +
    `(?:${v6Seg}:){2}(?:(?::${v6Seg}){0,3}:${v4Str}|(?::${v6Seg}){1,5}|:)|` +
    `(?:${v6Seg}:){1}(?:(?::${v6Seg}){0,4}:${v4Str}|(?::${v6Seg}){1,6}|:)|` +
    `(?::(?:(?::${v6Seg}){0,5}:${v4Str}|(?::${v6Seg}){1,7}|:))` +
    ")(?:%[0-9a-zA-Z-.:]{1,})?$");
  const isIPv6 = (s) => ipv6.test(String(s));
  const net = stub("net.", ["BlockList", "Server", "Socket", "SocketAddress", "Stream", "_normalizeArgs", "connect", "createConnection"], {
    isIPv4: (s) => ipv4.test(String(s)), isIPv6, isIP: (s) => (ipv4.test(String(s)) ? 4 : isIPv6(s) ? 6 : 0),
    createServer() { throw new Error("createServer() is not implemented"); },
    getDefaultAutoSelectFamily: () => false, setDefaultAutoSelectFamily() {},
    getDefaultAutoSelectFamilyAttemptTimeout: () => 250, setDefaultAutoSelectFamilyAttemptTimeout() {},
  });

  // net.connect and tls.connect answer a socket that fails: goflare has no outbound TCP
  // (cloudflare:sockets).
  const noSocket = () => {
    const { Duplex } = require("stream");
    const s = new Duplex({ read() {}, write(c, e, cb) { cb(); } });
    queueMicrotask(() => s.destroy(new Error("goflare has no outbound TCP sockets (cloudflare:sockets)")));
    return s;
  };
  net.connect = net.createConnection = noSocket;

  // dns asks Cloudflare's DNS over HTTPS, as workerd does.
  const dnsTypes = { A: 1, AAAA: 28, CNAME: 5, MX: 15, NS: 2, TXT: 16, SRV: 33, PTR: 12, CAA: 257, SOA: 6, NAPTR: 35 };
  async function query(name, type) {
    const fail = () => { const e = new Error(`query${type} ENOTFOUND ${name}`); e.code = "ENOTFOUND"; e.syscall = `query${type}`; e.hostname = name; return e; };
    let data;
    try {
      const res = await fetch(`https://cloudflare-dns.com/dns-query?name=${encodeURIComponent(name)}&type=${type}`, { headers: { accept: "application/dns-json" } });
      data = await res.json();
    } catch { throw fail(); }
    const answers = (data.Answer || []).filter((a) => a.type === dnsTypes[type]).map((a) => a.data);
    if (answers.length === 0) throw fail();
    return answers;
  }
  const dnsPromises = {
    async lookup(hostname, options = {}) {
      const family = typeof options === "number" ? options : options.family;
      const all = typeof options === "object" && options.all;
      const found = [];
      let firstError;
      for (const [type, fam] of family === 6 ? [["AAAA", 6]] : family === 4 ? [["A", 4]] : [["A", 4], ["AAAA", 6]]) {
        try { for (const address of await query(hostname, type)) found.push({ address, family: fam }); } catch (e) { firstError ||= e; }
      }
      if (found.length === 0) throw firstError;
      return all ? found : found[0];
    },
    resolve4: (h) => query(h, "A"), resolve6: (h) => query(h, "AAAA"), resolveCname: (h) => query(h, "CNAME"), resolveNs: (h) => query(h, "NS"),
    resolveTxt: async (h) => (await query(h, "TXT")).map((t) => [t.replace(/^"|"$/g, "")]), resolvePtr: (h) => query(h, "PTR"),
    resolveMx: async (h) => (await query(h, "MX")).map((t) => { const [priority, exchange] = t.split(" "); return { priority: Number(priority), exchange: exchange.replace(/\.$/, "") }; }),
    resolve: (h, type = "A") => query(h, type),
  };
  const callbackified = (fn) => {
    const f = function (...args) {
      const cb = args.pop();
      fn(...args).then((r) => (Array.isArray(r) || typeof r !== "object" ? cb(null, r) : cb(null, r.address, r.family)), (e) => cb(e));
    };
    Object.defineProperty(f, "name", { value: fn.name });
    return f;
  };

  const modules = {
    diagnostics_channel, os, net,
    child_process: stub("child_process.", ["ChildProcess", "_forkChild", "exec", "execFile", "execFileSync", "execSync", "fork", "spawn", "spawnSync"]),
    dns: stub("dns.", ["Resolver", "getServers", "lookup", "lookupService", "resolve", "resolve4", "resolve6", "resolveAny", "resolveCaa", "resolveCname", "resolveMx", "resolveNaptr", "resolveNs", "resolvePtr", "resolveSoa", "resolveSrv", "resolveTxt", "reverse", "setServers"], {
      ADDRCONFIG: 1024, ALL: 256, V4MAPPED: 2048, getDefaultResultOrder: () => "verbatim", setDefaultResultOrder() {},
      promises: dnsPromises, lookup: callbackified(dnsPromises.lookup).bind(null), resolve4: callbackified(dnsPromises.resolve4), resolve6: callbackified(dnsPromises.resolve6),
      resolveTxt: callbackified(dnsPromises.resolveTxt), resolveMx: callbackified(dnsPromises.resolveMx), resolve: callbackified(dnsPromises.resolve),
      ...Object.fromEntries(["ADDRGETNETWORKPARAMS", "BADFAMILY", "BADFLAGS", "BADHINTS", "BADNAME", "BADQUERY", "BADRESP", "BADSTR", "CANCELLED", "CONNREFUSED", "DESTRUCTION", "EOF", "FILE", "FORMERR", "LOADIPHLPAPI", "NODATA", "NOMEM", "NONAME", "NOTFOUND", "NOTIMP", "NOTINITIALIZED", "REFUSED", "SERVFAIL", "TIMEOUT"].map((c) => [c, "E" + c])),
    }),
    tls: stub("tls.", ["SecureContext", "Server", "TLSSocket", "checkServerIdentity", "convertALPNProtocols", "createSecureContext", "createSecurePair", "createServer", "getCiphers"], {
      connect: noSocket, CLIENT_RENEG_LIMIT: 3, CLIENT_RENEG_WINDOW: 600, DEFAULT_CIPHERS: "", DEFAULT_ECDH_CURVE: "auto", DEFAULT_MAX_VERSION: "TLSv1.3", DEFAULT_MIN_VERSION: "TLSv1.2", rootCertificates: [],
    }),
    perf_hooks: stub("perf_hooks.", ["Performance", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "PerformanceObserver", "PerformanceObserverEntryList", "PerformanceResourceTiming", "createHistogram", "eventLoopUtilization", "monitorEventLoopDelay", "timerify"], {
      performance: globalThis.performance, constants: { NODE_PERFORMANCE_GC_MAJOR: 4, NODE_PERFORMANCE_GC_MINOR: 1, NODE_PERFORMANCE_GC_INCREMENTAL: 8, NODE_PERFORMANCE_GC_WEAKCB: 16 },
    }),
    worker_threads: stub("worker_threads.", ["BroadcastChannel", "MessageChannel", "MessagePort", "Worker", "getEnvironmentData", "isMarkedAsUntransferable", "markAsUncloneable", "markAsUntransferable", "moveMessagePortToContext", "postMessageToThread", "receiveMessageOnPort", "setEnvironmentData"], {
      SHARE_ENV: Symbol.for("nodejs.worker_threads.SHARE_ENV"), isInternalThread: false, isMainThread: true, parentPort: null, resourceLimits: {}, threadId: 0, workerData: null,
    }),
    v8: stub("v8.", ["DefaultDeserializer", "DefaultSerializer", "Deserializer", "GCProfiler", "Serializer", "cachedDataVersionTag", "deserialize", "getCppHeapStatistics", "getHeapCodeStatistics", "getHeapSnapshot", "getHeapSpaceStatistics", "isStringOneByteRepresentation", "queryObjects", "serialize", "setFlagsFromString", "setHeapSnapshotNearHeapLimit", "stopCoverage", "takeCoverage", "writeHeapSnapshot"], {
      getHeapStatistics: () => ({ total_heap_size: 0, total_heap_size_executable: 0, total_physical_size: 0, total_available_size: 0, used_heap_size: 0, heap_size_limit: 0, malloced_memory: 0, peak_malloced_memory: 0, does_zap_garbage: 0, number_of_native_contexts: 0, number_of_detached_contexts: 0, total_global_handles_size: 0, used_global_handles_size: 0, external_memory: 0 }),
      promiseHooks: {}, startupSnapshot: {},
    }),
    vm: Object.assign(stub("vm.", ["Script", "compileFunction", "createContext", "createScript", "isContext", "measureMemory"]), {
      // workerd names one method in the message of all three.
      runInContext: fail("runInThisContext"), runInNewContext: fail("runInThisContext"), runInThisContext: fail("runInThisContext"), constants: {},
    }),
    readline: stub("readline.", ["Interface", "clearLine", "clearScreenDown", "cursorTo", "emitKeypressEvents", "moveCursor"], {
      createInterface: () => Object.assign(new EventEmitter(), { close() {}, question() {}, prompt() {}, setPrompt() {}, write() {}, pause() { return this; }, resume() { return this; }, [Symbol.asyncIterator]() { return { next: () => Promise.resolve({ done: true }) }; } }),
      promises: {},
    }),
    tty: stub("tty.", ["ReadStream", "WriteStream"], { isatty: () => false }),
    http2: stub("http2.", ["Http2ServerRequest", "Http2ServerResponse", "connect", "createSecureServer", "createServer", "getDefaultSettings", "getPackedSettings", "getUnpackedSettings", "performServerHandshake"], { constants: {}, sensitiveHeaders: Symbol("nodejs.http2.sensitiveHeaders") }),
    cluster: Object.assign(new EventEmitter(), { SCHED_NONE: 1, SCHED_RR: 2, Worker: fail("Worker"), domain: null, isMaster: true, isPrimary: true, isWorker: false, schedulingPolicy: 2, settings: {}, workers: {} }),
    dgram: stub("dgram.", ["Socket", "createSocket"]),
    inspector: stub("inspector.", ["Session", "close", "open", "url", "waitForDebugger"], { Network: {}, console: globalThis.console }),
    repl: stub("repl.", ["REPLServer", "Recoverable", "start", "writer"], { REPL_MODE_SLOPPY: Symbol("repl-sloppy"), REPL_MODE_STRICT: Symbol("repl-strict"), _builtinLibs: [], builtinModules: [] }),
    trace_events: stub("trace_events.", ["createTracing", "getEnabledCategories"]),
    wasi: stub("wasi.", ["WASI"]),
    domain: stub("domain.", ["Domain", "createDomain"], { active: null, create: null }),
  };
  return modules;
})
