// Blob, File and FormData for goflare's isolates. Evaluated once per isolate; the value
// of this script is an object of the classes and the helpers Go uses for bodies.
(() => {
  "use strict";
  const bytesOf = new WeakMap(); // Blob -> Uint8Array (immutable copy)
  const encoder = new TextEncoder();
  const keepBOM = new TextDecoder("utf-8", { ignoreBOM: true });

  function partBytes(part) {
    if (part instanceof Blob) return bytesOf.get(part);
    if (part instanceof ArrayBuffer) return new Uint8Array(part.slice(0));
    if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer.slice(part.byteOffset, part.byteOffset + part.byteLength));
    return encoder.encode(String(part));
  }

  function concat(chunks) {
    const size = chunks.reduce((n, c) => n + c.length, 0);
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { out.set(c, at); at += c.length; }
    return out;
  }

  function normalizeType(type) {
    const t = type === undefined ? "" : String(type);
    return /^[\x20-\x7e]*$/.test(t) ? t.toLowerCase() : "";
  }

  class Blob {
    #type;
    constructor(parts = undefined, options = undefined) {
      if (parts !== undefined && !Array.isArray(parts)) { // workerd takes an Array, not any iterable
        throw new TypeError("Failed to construct 'Blob': constructor parameter 1 is not of type 'Array'.");
      }
      bytesOf.set(this, concat([...(parts || [])].map(partBytes)));
      this.#type = normalizeType(options == null ? undefined : options.type);
    }
    get size() { return bytesOf.get(this).length; }
    get type() { return this.#type; }
    slice(start = 0, end = undefined, type = undefined) {
      const b = bytesOf.get(this);
      const out = new Blob([], { type });
      bytesOf.set(out, b.slice(start, end === undefined ? b.length : end));
      return out;
    }
    text() { return Promise.resolve(keepBOM.decode(bytesOf.get(this))); } // workerd keeps a BOM here
    arrayBuffer() { return Promise.resolve(bytesOf.get(this).slice().buffer); }
    bytes() { return Promise.resolve(bytesOf.get(this).slice()); }
    stream() {
      const b = bytesOf.get(this);
      return new ReadableStream({ start(c) { if (b.length) c.enqueue(b.slice()); c.close(); } });
    }
  }
  Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", configurable: true });

  class File extends Blob {
    #name;
    #lastModified;
    constructor(parts, name, options = undefined) {
      if (arguments.length < 2) throw new TypeError("Failed to construct 'File': 2 arguments required, but only " + arguments.length + " present.");
      super(parts, options);
      this.#name = String(name);
      this.#lastModified = options != null && options.lastModified !== undefined ? Number(options.lastModified) : Date.now();
    }
    get name() { return this.#name; }
    get lastModified() { return this.#lastModified; }
  }
  Object.defineProperty(File.prototype, Symbol.toStringTag, { value: "File", configurable: true });

  function entryValue(value, filename) {
    if (value instanceof Blob) {
      if (filename !== undefined || !(value instanceof File)) {
        return new File([value], filename === undefined ? (value instanceof File ? value.name : "blob") : String(filename), { type: value.type });
      }
      return value;
    }
    return String(value);
  }

  class FormData {
    #entries = [];
    constructor(form = undefined) {
      if (form !== undefined) throw new TypeError("Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    }
    append(name, value, filename = undefined) { this.#entries.push([String(name), entryValue(value, filename)]); }
    set(name, value, filename = undefined) {
      const n = String(name);
      const v = entryValue(value, filename);
      const i = this.#entries.findIndex(([k]) => k === n);
      if (i < 0) { this.#entries.push([n, v]); return; }
      this.#entries[i] = [n, v];
      this.#entries = this.#entries.filter(([k], j) => k !== n || j === i);
    }
    get(name) { const e = this.#entries.find(([k]) => k === String(name)); return e ? e[1] : null; }
    getAll(name) { return this.#entries.filter(([k]) => k === String(name)).map(([, v]) => v); }
    has(name) { return this.#entries.some(([k]) => k === String(name)); }
    delete(name) { this.#entries = this.#entries.filter(([k]) => k !== String(name)); }
    *entries() { for (const e of this.#entries) yield [e[0], e[1]]; }
    *keys() { for (const e of this.#entries) yield e[0]; }
    *values() { for (const e of this.#entries) yield e[1]; }
    forEach(fn, thisArg = undefined) { for (const [k, v] of this.#entries) fn.call(thisArg, v, k, this); }
    [Symbol.iterator]() { return this.entries(); }
  }
  Object.defineProperty(FormData.prototype, Symbol.toStringTag, { value: "FormData", configurable: true });

  // encodeFormData serializes a FormData as multipart/form-data.
  function encodeFormData(fd) {
    const boundary = "----goflare" + Math.random().toString(16).slice(2) + Math.random().toString(16).slice(2);
    const esc = (s) => s.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
    const chunks = [];
    for (const [name, value] of fd) {
      let head = `--${boundary}\r\nContent-Disposition: form-data; name="${esc(name)}"`;
      if (value instanceof File) {
        head += `; filename="${esc(value.name)}"\r\nContent-Type: ${value.type || "application/octet-stream"}\r\n\r\n`;
        chunks.push(encoder.encode(head), bytesOf.get(value), encoder.encode("\r\n"));
      } else {
        chunks.push(encoder.encode(head + "\r\n\r\n" + value.replace(/\r?\n|\r/g, "\r\n") + "\r\n"));
      }
    }
    chunks.push(encoder.encode(`--${boundary}--\r\n`));
    return { bytes: concat(chunks), contentType: "multipart/form-data; boundary=" + boundary };
  }

  return {
    Blob, File, FormData,
    isBlob: (v) => v instanceof Blob,
    blobBytes: (v) => bytesOf.get(v),
    isFormData: (v) => v instanceof FormData,
    encodeFormData,
    newBlob: (bytes, type) => { const b = new Blob([], { type }); bytesOf.set(b, bytes); return b; },
  };
})()
