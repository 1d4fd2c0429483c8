// node:url: the WHATWG URL classes (the platform's), the file URL helpers, and the
// legacy urlObject API (parse, format, resolve) with Node's rules.
(function (require, native, internal) {
  "use strict";
  const querystring = require("querystring");
  const punycode = require("punycode");
  const path = require("path");
  const { codes, nodeError, validateString } = internal;
  const ERR_INVALID_URL_SCHEME = nodeError(Error, "ERR_INVALID_URL_SCHEME", (s) => `The URL must be of scheme ${s}`);
  const ERR_INVALID_FILE_URL_PATH = nodeError(Error, "ERR_INVALID_FILE_URL_PATH", (s) => `File URL path ${s}`);
  const ERR_INVALID_FILE_URL_HOST = nodeError(Error, "ERR_INVALID_FILE_URL_HOST", (s) => `File URL host must be "localhost" or empty on ${s}`);

  const slashedProtocol = new Set(["http", "http:", "https", "https:", "ftp", "ftp:", "gopher", "gopher:", "file", "file:", "ws", "ws:", "wss", "wss:"]);
  const hostlessProtocol = new Set(["javascript", "javascript:"]);
  const unsafeProtocol = new Set(["javascript", "javascript:"]);
  const autoEscape = /[\t\n\r "'<>\\^`{|}]/g;

  function Url() {
    this.protocol = null; this.slashes = null; this.auth = null; this.host = null; this.port = null;
    this.hostname = null; this.hash = null; this.search = null; this.query = null; this.pathname = null;
    this.path = null; this.href = null;
  }

  Url.prototype.parse = function parse(url, parseQueryString, slashesDenoteHost) {
    validateString(url, "url");
    let rest = url.trim();
    // Backslashes before the query are slashes, as browsers read them.
    const q = rest.search(/[?#]/);
    rest = q < 0 ? rest.replace(/\\/g, "/") : rest.slice(0, q).replace(/\\/g, "/") + rest.slice(q);
    if (!slashesDenoteHost && !/#/.test(rest)) {
      const simple = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/.exec(rest);
      if (simple) {
        this.path = rest;
        this.href = rest;
        this.pathname = simple[1];
        if (simple[2]) {
          this.search = simple[2];
          this.query = parseQueryString ? querystring.parse(this.search.slice(1)) : this.search.slice(1);
        } else if (parseQueryString) {
          this.search = null;
          this.query = Object.create(null);
        }
        return this;
      }
    }
    let proto = /^[a-z0-9.+-]+:/i.exec(rest);
    let lowerProto;
    if (proto) {
      proto = proto[0];
      lowerProto = proto.toLowerCase();
      this.protocol = lowerProto;
      rest = rest.slice(proto.length);
    }
    let slashes;
    if (slashesDenoteHost || proto || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
      slashes = rest.startsWith("//");
      if (slashes && !(proto && hostlessProtocol.has(lowerProto))) {
        rest = rest.slice(2);
        this.slashes = true;
      }
    }
    if (!hostlessProtocol.has(lowerProto) && (slashes || (proto && !slashedProtocol.has(proto)))) {
      let hostEnd = -1;
      for (const c of ["/", "?", "#"]) {
        const i = rest.indexOf(c);
        if (i !== -1 && (hostEnd === -1 || i < hostEnd)) hostEnd = i;
      }
      const at = hostEnd === -1 ? rest.lastIndexOf("@") : rest.lastIndexOf("@", hostEnd);
      if (at !== -1) {
        this.auth = decodeURIComponent(rest.slice(0, at));
        rest = rest.slice(at + 1);
      }
      hostEnd = -1;
      for (let i = 0; i < rest.length; i++) {
        if ("\t\n\r \"'<>\\^`{|}%/?;#".includes(rest[i])) { hostEnd = i; break; }
      }
      if (hostEnd === -1) hostEnd = rest.length;
      this.host = rest.slice(0, hostEnd);
      rest = rest.slice(hostEnd);
      const port = /:[0-9]*$/.exec(this.host);
      if (port) {
        if (port[0] !== ":") this.port = port[0].slice(1);
        this.hostname = this.host.slice(0, this.host.length - port[0].length);
      } else this.hostname = this.host;
      const ipv6 = this.hostname.startsWith("[") && this.hostname.endsWith("]");
      this.hostname = this.hostname.toLowerCase();
      if (!ipv6 && /[^\0-\x7F]/.test(this.hostname)) this.hostname = punycode.toASCII(this.hostname);
      this.host = this.hostname + (this.port ? ":" + this.port : "");
      if (ipv6) {
        this.hostname = this.hostname.slice(1, -1);
        if (rest[0] !== "/") rest = "/" + rest;
      }
    }
    if (!unsafeProtocol.has(lowerProto)) rest = rest.replace(autoEscape, (c) => encodeURIComponent(c) === c ? escape(c) : encodeURIComponent(c));
    const hash = rest.indexOf("#");
    if (hash !== -1) {
      this.hash = rest.slice(hash);
      rest = rest.slice(0, hash);
    }
    const qm = rest.indexOf("?");
    if (qm !== -1) {
      this.search = rest.slice(qm);
      this.query = rest.slice(qm + 1);
      if (parseQueryString) this.query = querystring.parse(this.query);
      rest = rest.slice(0, qm);
    } else if (parseQueryString) {
      this.search = null;
      this.query = Object.create(null);
    }
    if (rest) this.pathname = rest;
    if (slashedProtocol.has(lowerProto) && this.hostname && !this.pathname) this.pathname = "/";
    if (this.pathname || this.search) this.path = (this.pathname || "") + (this.search || "");
    this.href = this.format();
    return this;
  };

  Url.prototype.format = function format() {
    let auth = this.auth || "";
    if (auth) auth = encodeURIComponent(auth).replace(/%3A/i, ":") + "@";
    let protocol = this.protocol || "", pathname = this.pathname || "", hash = this.hash || "", host = "", query = "";
    if (this.host) host = auth + this.host;
    else if (this.hostname) {
      host = auth + (this.hostname.includes(":") && !this.hostname.startsWith("[") ? "[" + this.hostname + "]" : this.hostname);
      if (this.port) host += ":" + this.port;
    }
    if (this.query !== null && typeof this.query === "object") query = querystring.stringify(this.query);
    let search = this.search || (query && "?" + query) || "";
    if (protocol && !protocol.endsWith(":")) protocol += ":";
    pathname = pathname.replace(/[?#]/g, (c) => encodeURIComponent(c));
    if (this.slashes || slashedProtocol.has(protocol)) {
      if (this.slashes || host) {
        if (pathname && pathname[0] !== "/") pathname = "/" + pathname;
        host = "//" + host;
      } else if (protocol.length >= 4 && protocol.startsWith("file")) host = "//" + host;
    }
    search = search.replace(/#/g, "%23");
    if (hash && hash[0] !== "#") hash = "#" + hash;
    if (search && search[0] !== "?") search = "?" + search;
    return protocol + host + pathname + search + hash;
  };

  Url.prototype.resolve = function resolve(relative) { return urlResolve(this.format(), relative); };
  Url.prototype.resolveObject = function resolveObject(relative) { return urlParse(this.resolve(typeof relative === "string" ? relative : urlFormat(relative)), false, true); };

  function urlParse(url, parseQueryString, slashesDenoteHost) {
    if (url instanceof Url) return url;
    const u = new Url();
    u.parse(url, parseQueryString, slashesDenoteHost);
    return u;
  }

  function urlFormat(obj, options) {
    if (typeof obj === "string") obj = urlParse(obj);
    else if (typeof obj !== "object" || obj === null) throw new codes.ERR_INVALID_ARG_TYPE("urlObject", ["Object", "string"], obj);
    else if (obj instanceof URL) {
      const o = Object.assign({ auth: true, fragment: true, search: true, unicode: false }, options);
      let out = obj.protocol;
      if (obj.host) {
        out += "//";
        if (o.auth && (obj.username || obj.password)) out += obj.username + (obj.password ? ":" + obj.password : "") + "@";
        out += o.unicode ? punycode.toUnicode(obj.hostname) : obj.hostname;
        if (obj.port) out += ":" + obj.port;
      }
      out += obj.pathname;
      if (o.search) out += obj.search;
      if (o.fragment) out += obj.hash;
      return out;
    }
    return Url.prototype.format.call(obj);
  }

  // urlResolve resolves as a browser resolves a link; a base without a scheme is resolved
  // as a path.
  function urlResolve(from, to) {
    if (/^[a-z0-9.+-]+:/i.test(from)) {
      try { return new URL(to, from).href; } catch { return to; }
    }
    const base = new URL(from.startsWith("/") ? from : "/" + from, "resolve://x");
    const out = new URL(to, base);
    if (/^[a-z0-9.+-]+:/i.test(to)) return out.href;
    const s = out.pathname + out.search + out.hash;
    return from.startsWith("/") ? s : s.slice(1);
  }

  function fileURLToPath(u) {
    if (typeof u === "string") u = new URL(u);
    else if (!(u instanceof URL)) throw new codes.ERR_INVALID_ARG_TYPE("path", ["string", "URL"], u);
    if (u.protocol !== "file:") throw new ERR_INVALID_URL_SCHEME("file");
    if (u.hostname !== "") throw new ERR_INVALID_FILE_URL_HOST("linux");
    const p = u.pathname;
    for (let n = 0; n < p.length; n++) {
      if (p[n] === "%" && p[n + 1] === "2" && (p[n + 2] || "").toLowerCase() === "f") throw new ERR_INVALID_FILE_URL_PATH("must not include encoded / characters");
    }
    return decodeURIComponent(p);
  }

  function pathToFileURL(filepath) {
    validateString(filepath, "path");
    let resolved = path.resolve(filepath);
    if (filepath.endsWith("/") && !resolved.endsWith("/")) resolved += "/";
    const encoded = resolved.replace(/%/g, "%25").replace(/\\/g, "%5C").replace(/\n/g, "%0A").replace(/\r/g, "%0D").replace(/\t/g, "%09").replace(/#/g, "%23").replace(/\?/g, "%3F");
    return new URL("file://" + encoded);
  }

  function domainToASCII(domain) {
    try { return new URL("ws://" + String(domain)).hostname; } catch { return ""; }
  }
  function domainToUnicode(domain) {
    const ascii = domainToASCII(domain);
    return ascii === "" ? "" : punycode.toUnicode(ascii);
  }

  function urlToHttpOptions(url) {
    const options = {
      protocol: url.protocol,
      hostname: typeof url.hostname === "string" && url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
      hash: url.hash, search: url.search, pathname: url.pathname,
      path: `${url.pathname || ""}${url.search || ""}`, href: url.href,
    };
    if (url.port !== "") options.port = Number(url.port);
    if (url.username || url.password) options.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    return options;
  }

  return {
    Url, parse: urlParse, resolve: urlResolve, resolveObject: (from, to) => urlParse(from, false, true).resolveObject(to), format: urlFormat,
    URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams, domainToASCII, domainToUnicode,
    pathToFileURL, fileURLToPath, urlToHttpOptions, toPathIfFileURL: (u) => (u instanceof URL ? fileURLToPath(u) : u),
  };
})
