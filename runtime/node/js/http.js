// node:http and node:https as workerd has them: client requests go out through fetch;
// createServer makes a server that cloudflare:node's httpServerHandler feeds with the
// worker's requests (Cloudflare's nodejs-http-server template), by the port it listens on.
(function (require, native, internal) {
  "use strict";
  const EventEmitter = require("events");
  const { Readable, Writable } = require("stream");
  const { Buffer } = require("buffer");
  const { codes, nodeError, validateFunction } = internal;
  const ERR_INVALID_HTTP_TOKEN = nodeError(TypeError, "ERR_INVALID_HTTP_TOKEN", (name, value) => `${name} must be a valid HTTP token ["${value}"]`);
  const ERR_INVALID_CHAR = nodeError(TypeError, "ERR_INVALID_CHAR", (name, field) => `Invalid character in ${name}${field ? ` ["${field}"]` : ""}`);
  const ERR_HTTP_HEADERS_SENT = nodeError(Error, "ERR_HTTP_HEADERS_SENT", (arg) => `Cannot ${arg} headers after they are sent to the client`);
  const ERR_HTTP_INVALID_HEADER_VALUE = nodeError(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE", (value, name) => `Invalid value "${value}" for header "${name}"`);
  const ERR_INVALID_PROTOCOL = nodeError(TypeError, "ERR_INVALID_PROTOCOL", (p, e) => `Protocol "${p}" not supported. Expected "${e}"`);
  const ERR_HTTP_INVALID_STATUS_CODE = nodeError(RangeError, "ERR_HTTP_INVALID_STATUS_CODE", (code) => `Invalid status code: ${code}`);

  const STATUS_CODES = {
    100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints", 200: "OK", 201: "Created", 202: "Accepted",
    203: "Non-Authoritative Information", 204: "No Content", 205: "Reset Content", 206: "Partial Content", 207: "Multi-Status",
    208: "Already Reported", 226: "IM Used", 300: "Multiple Choices", 301: "Moved Permanently", 302: "Found", 303: "See Other",
    304: "Not Modified", 305: "Use Proxy", 307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request",
    401: "Unauthorized", 402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
    406: "Not Acceptable", 407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
    411: "Length Required", 412: "Precondition Failed", 413: "Payload Too Large", 414: "URI Too Long",
    415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a Teapot",
    421: "Misdirected Request", 422: "Unprocessable Entity", 423: "Locked", 424: "Failed Dependency", 425: "Too Early",
    426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests", 431: "Request Header Fields Too Large",
    451: "Unavailable For Legal Reasons", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout", 505: "HTTP Version Not Supported", 506: "Variant Also Negotiates",
    507: "Insufficient Storage", 508: "Loop Detected", 509: "Bandwidth Limit Exceeded", 510: "Not Extended",
    511: "Network Authentication Required",
  };
  const METHODS = ["ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH", "PURGE", "PUT", "QUERY", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE"];

  const tokenRE = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
  function validateHeaderName(name, label = "Header name") {
    if (typeof name !== "string" || !name || !tokenRE.test(name)) throw new ERR_INVALID_HTTP_TOKEN(label, name);
  }
  function validateHeaderValue(name, value) {
    if (value === undefined) throw new ERR_HTTP_INVALID_HEADER_VALUE(value, name);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(String(value))) throw new ERR_INVALID_CHAR("header content", name);
  }

  // headersObject is Node's message.headers: lower-case names, repeated values joined
  // (set-cookie kept as an array).
  function headersObject(headers) {
    const out = {};
    const raw = [];
    headers.forEach((value, name) => raw.push(name, value));
    headers.forEach((value, name) => {
      if (name === "set-cookie") out[name] = headers.getSetCookie ? headers.getSetCookie() : [value];
      else out[name] = value;
    });
    return { headers: out, rawHeaders: raw };
  }

  // readableBody makes a Node Readable of a Web body.
  function bodyInto(readable, body) {
    if (!body) { readable.push(null); return; }
    const reader = body.getReader();
    readable._read = () => {
      reader.read().then(({ value, done }) => {
        if (done) readable.push(null);
        else readable.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      }, (err) => readable.destroy(err));
    };
  }

  class IncomingMessage extends Readable {
    constructor(socket) {
      super();
      this.socket = socket || { remoteAddress: "127.0.0.1", remotePort: 0, encrypted: false };
      this.connection = this.socket;
      this.httpVersion = "1.1";
      this.httpVersionMajor = 1;
      this.httpVersionMinor = 1;
      this.headers = {};
      this.rawHeaders = [];
      this.trailers = {};
      this.rawTrailers = [];
      this.complete = false;
      this.aborted = false;
      this.url = "";
      this.method = null;
      this.statusCode = null;
      this.statusMessage = null;
      this.on("end", () => { this.complete = true; });
    }
    _read() {}
    setTimeout(ms, cb) { if (cb) this.on("timeout", cb); return this; }
    get headersDistinct() { return Object.fromEntries(Object.entries(this.headers).map(([k, v]) => [k, Array.isArray(v) ? v : [v]])); }
  }

  // OutgoingMessage keeps headers as Node does: names as given, looked up in lower case.
  class OutgoingMessage extends Writable {
    constructor(options) {
      super(options);
      this._headers = new Map(); // lower-case name -> [name, value]
      this.headersSent = false;
      this.sendDate = true;
      this.finished = false;
    }
    setHeader(name, value) {
      if (this.headersSent) throw new ERR_HTTP_HEADERS_SENT("set");
      validateHeaderName(name);
      validateHeaderValue(name, value);
      this._headers.set(name.toLowerCase(), [name, value]);
      return this;
    }
    setHeaders(headers) {
      for (const [k, v] of headers instanceof Headers || headers instanceof Map ? headers : Object.entries(headers)) this.setHeader(k, v);
      return this;
    }
    appendHeader(name, value) {
      const cur = this.getHeader(name);
      if (cur === undefined) return this.setHeader(name, value);
      return this.setHeader(name, [].concat(cur, value));
    }
    getHeader(name) { const h = this._headers.get(String(name).toLowerCase()); return h && h[1]; }
    getHeaders() { const o = Object.create(null); for (const [k, [, v]] of this._headers) o[k] = v; return o; }
    getHeaderNames() { return [...this._headers.keys()]; }
    getRawHeaderNames() { return [...this._headers.values()].map(([n]) => n); }
    hasHeader(name) { return this._headers.has(String(name).toLowerCase()); }
    removeHeader(name) {
      if (this.headersSent) throw new ERR_HTTP_HEADERS_SENT("remove");
      this._headers.delete(String(name).toLowerCase());
    }
    flushHeaders() {}
    setTimeout(ms, cb) { if (cb) this.on("timeout", cb); return this; }
    webHeaders() {
      const h = new Headers();
      for (const [, [name, value]] of this._headers) {
        if (Array.isArray(value)) for (const v of value) h.append(name, String(v));
        else h.set(name, String(value));
      }
      return h;
    }
  }

  // --- client ---
  class Agent extends EventEmitter {
    constructor(options) { super(); this.options = { path: null, ...options }; this.keepAlive = !!(options && options.keepAlive); this.maxSockets = Infinity; this.maxFreeSockets = 256; this.requests = {}; this.sockets = {}; this.freeSockets = {}; this.defaultPort = 80; this.protocol = "http:"; }
    destroy() {}
  }
  const globalAgent = new Agent();

  class ClientRequest extends OutgoingMessage {
    #chunks = [];
    #controller = new AbortController();
    #url;
    #response = null;
    constructor(input, options, cb, defaultProtocol) {
      super({ autoDestroy: false }); // finishing the body must not abort the fetch
      if (typeof options === "function") { cb = options; options = undefined; }
      if (typeof input === "string" || input instanceof URL) {
        const u = new URL(input);
        options = { ...urlOptions(u), ...(typeof options === "object" && options ? options : {}) };
      } else options = { ...input, ...options };
      if (typeof cb === "function") this.once("response", cb);
      const protocol = options.protocol || defaultProtocol;
      if (protocol !== defaultProtocol) throw new ERR_INVALID_PROTOCOL(protocol, defaultProtocol);
      const host = options.hostname || (options.host ? String(options.host).replace(/:\d+$/, "") : "localhost");
      const port = options.port ? `:${options.port}` : "";
      this.method = (options.method || "GET").toUpperCase();
      this.path = options.path || "/";
      this.host = host;
      this.protocol = protocol;
      this.#url = `${protocol}//${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}${port}${this.path}`;
      if (options.headers) {
        const entries = Array.isArray(options.headers) ? pairs(options.headers) : Object.entries(options.headers);
        for (const [k, v] of entries) if (v !== undefined) this.setHeader(k, v);
      }
      if (options.auth && !this.hasHeader("authorization")) this.setHeader("Authorization", "Basic " + Buffer.from(options.auth).toString("base64"));
      if (options.signal) {
        const onAbort = () => this.destroy(new internal.AbortError(undefined, { cause: options.signal.reason }));
        if (options.signal.aborted) queueMicrotask(onAbort);
        else options.signal.addEventListener("abort", onAbort, { once: true });
      }
      if (options.timeout) this.setTimeout(options.timeout);
      this.reusedSocket = false;
      this.aborted = false;
      this.socket = { remoteAddress: undefined, setTimeout() {}, setNoDelay() {}, setKeepAlive() {}, destroy() {} };
    }
    _write(chunk, encoding, callback) { this.#chunks.push(Buffer.from(chunk)); callback(); }
    _final(callback) {
      this.headersSent = true;
      const init = { method: this.method, headers: this.webHeaders(), signal: this.#controller.signal, redirect: "manual" };
      if (this.#chunks.length && this.method !== "GET" && this.method !== "HEAD") init.body = Buffer.concat(this.#chunks);
      fetch(this.#url, init).then((res) => {
        const msg = new IncomingMessage(this.socket);
        const { headers, rawHeaders } = headersObject(res.headers);
        msg.statusCode = res.status;
        msg.statusMessage = res.statusText || STATUS_CODES[res.status] || "";
        msg.headers = headers;
        msg.rawHeaders = rawHeaders;
        msg.req = this;
        bodyInto(msg, res.body);
        this.#response = msg;
        this.emit("response", msg);
        if (this.listenerCount("response") === 0) msg.resume();
      }).catch((err) => {
        if (!this.destroyed) this.destroy(err);
      });
      callback();
    }
    abort() { this.aborted = true; this.destroy(); }
    _destroy(err, cb) {
      this.#controller.abort(err);
      if (this.#response && !this.#response.complete) this.#response.destroy(err);
      cb(err);
    }
    setNoDelay() {}
    setSocketKeepAlive() {}
  }
  function pairs(list) { const out = []; for (let i = 0; i + 1 < list.length; i += 2) out.push([list[i], list[i + 1]]); return out; }
  function urlOptions(u) {
    const o = { protocol: u.protocol, hostname: u.hostname.startsWith("[") ? u.hostname.slice(1, -1) : u.hostname, path: `${u.pathname}${u.search}` };
    if (u.port !== "") o.port = Number(u.port);
    if (u.username || u.password) o.auth = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
    return o;
  }

  function makeClient(defaultProtocol) {
    const request = (input, options, cb) => new ClientRequest(input, options, cb, defaultProtocol);
    const get = (input, options, cb) => { const req = request(input, options, cb); req.end(); return req; };
    return { request, get };
  }

  // --- server ---
  const servers = new Map(); // port -> Server

  class ServerResponse extends OutgoingMessage {
    #writer;
    #resolve;
    constructor(req, resolve) {
      super();
      this.req = req;
      this.statusCode = 200;
      this.statusMessage = undefined;
      this.#resolve = resolve;
      this.socket = req.socket;
    }
    writeHead(statusCode, reason, headers) {
      if (this.headersSent) throw new ERR_HTTP_HEADERS_SENT("write");
      if (typeof reason !== "string") { headers = reason; reason = undefined; }
      statusCode |= 0;
      if (statusCode < 100 || statusCode > 999) throw new ERR_HTTP_INVALID_STATUS_CODE(statusCode);
      this.statusCode = statusCode;
      if (reason) this.statusMessage = reason;
      if (Array.isArray(headers)) for (const [k, v] of pairs(headers)) this.appendHeader(k, v);
      else if (headers) for (const [k, v] of Object.entries(headers)) this.setHeader(k, v);
      this.#send();
      return this;
    }
    #send() {
      if (this.headersSent) return;
      this.headersSent = true;
      const { readable, writable } = new TransformStream();
      this.#writer = writable.getWriter();
      const noBody = this.req.method === "HEAD" || this.statusCode === 204 || this.statusCode === 304;
      this.#resolve(new Response(noBody ? null : readable, { status: this.statusCode, statusText: this.statusMessage || STATUS_CODES[this.statusCode] || "", headers: this.webHeaders() }));
      if (noBody) this.#writer.close().catch(() => {});
    }
    _write(chunk, encoding, callback) {
      this.#send();
      if (this.req.method === "HEAD") { callback(); return; }
      this.#writer.write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)).then(() => callback(), callback);
    }
    _final(callback) {
      this.#send();
      this.finished = true;
      this.#writer.close().then(() => callback(), () => callback());
    }
    writeContinue() {}
    writeProcessing() {}
    writeEarlyHints() {}
    assignSocket() {}
    detachSocket() {}
  }

  class Server extends EventEmitter {
    constructor(options, requestListener) {
      super();
      if (typeof options === "function") { requestListener = options; options = {}; }
      if (requestListener) this.on("request", requestListener);
      this.listening = false;
      this.port = undefined;
      this.timeout = 0;
      this.keepAliveTimeout = 5000;
      this.maxHeadersCount = null;
      this.headersTimeout = 60000;
      this.requestTimeout = 300000;
    }
    listen(...args) {
      let port = args.find((a) => typeof a === "number" || (typeof a === "string" && /^\d+$/.test(a)));
      if (args[0] && typeof args[0] === "object") port = args[0].port;
      const cb = args.find((a) => typeof a === "function");
      this.port = port === undefined ? 0 : Number(port);
      servers.set(this.port, this);
      this.listening = true;
      if (cb) this.once("listening", cb);
      queueMicrotask(() => this.emit("listening"));
      return this;
    }
    address() { return this.listening ? { port: this.port, family: "IPv4", address: "127.0.0.1" } : null; }
    close(cb) {
      if (servers.get(this.port) === this) servers.delete(this.port);
      this.listening = false;
      queueMicrotask(() => { this.emit("close"); if (cb) cb(); });
      return this;
    }
    closeAllConnections() {}
    closeIdleConnections() {}
    setTimeout(ms, cb) { this.timeout = ms; if (cb) this.on("timeout", cb); return this; }
    ref() { return this; }
    unref() { return this; }
  }
  const createServer = (options, listener) => new Server(options, listener);

  // handle serves a Web request with a Node server: the response resolves when its
  // headers are sent, and its body streams what is written after.
  function handle(server, request) {
    return new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const req = new IncomingMessage({ remoteAddress: request.headers.get("cf-connecting-ip") || "127.0.0.1", remotePort: 0, encrypted: url.protocol === "https:" });
      req.method = request.method;
      req.url = url.pathname + url.search;
      const { headers, rawHeaders } = headersObject(request.headers);
      req.headers = headers;
      req.rawHeaders = rawHeaders;
      bodyInto(req, request.body);
      const res = new ServerResponse(req, resolve);
      res.on("error", reject);
      try {
        if (server.listenerCount("request") === 0) throw new Error("The server has no 'request' listener");
        server.emit("request", req, res);
      } catch (err) { reject(err); }
    });
  }
  function serverFor(portOrServer) {
    if (portOrServer instanceof Server) return portOrServer;
    const port = typeof portOrServer === "object" && portOrServer !== null ? portOrServer.port : portOrServer;
    const server = servers.get(Number(port));
    if (!server) throw new Error(`Http server with port ${port} not found. This is likely a bug with your code. You should check if server.listen() was called with the same port (${port})`);
    return server;
  }
  function httpServerHandler(portOrServer) {
    return { fetch(request) { return handle(serverFor(portOrServer), request); } };
  }
  const handleAsNodeRequest = (port, request) => handle(serverFor(port), request);

  const http = {
    ...makeClient("http:"), createServer, Server, Agent, globalAgent, ClientRequest, IncomingMessage, OutgoingMessage, ServerResponse,
    STATUS_CODES, METHODS, validateHeaderName, validateHeaderValue, maxHeaderSize: 16384,
    setMaxIdleHTTPParsers() {}, _connectionListener() {},
    WebSocket: globalThis.WebSocket, CloseEvent: globalThis.CloseEvent, MessageEvent: globalThis.MessageEvent,
  };
  const httpsAgent = new Agent({ defaultPort: 443 });
  httpsAgent.defaultPort = 443;
  httpsAgent.protocol = "https:";
  const https = { ...makeClient("https:"), createServer, Server, Agent, globalAgent: httpsAgent };
  return { http, https, cloudflareNode: { httpServerHandler, handleAsNodeRequest } };
})
