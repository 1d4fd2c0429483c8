// node:string_decoder: StringDecoder keeps the bytes of an unfinished character (UTF-8,
// UTF-16LE) or base64 group between writes, as Node's does.
(function (require, native, internal) {
  "use strict";
  const { Buffer } = require("buffer");
  const { codes } = internal;

  function normalize(enc) {
    const e = String(enc === undefined || enc === null ? "utf8" : enc).toLowerCase();
    switch (e) {
      case "utf8": case "utf-8": case "": return "utf8";
      case "ucs2": case "ucs-2": case "utf16le": case "utf-16le": return "utf16le";
      case "latin1": case "binary": return "latin1";
      case "base64": case "base64url": case "hex": case "ascii": return e;
    }
    throw new codes.ERR_UNKNOWN_ENCODING(enc);
  }

  // utf8Pending is how many bytes at the end of buf begin a character not yet complete.
  function utf8Pending(buf) {
    for (let back = 1; back <= Math.min(3, buf.length); back++) {
      const b = buf[buf.length - back];
      if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back
      const need = b >= 0xf0 && b <= 0xf4 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 1;
      return need > back ? back : 0;
    }
    return 0;
  }

  class StringDecoder {
    #pending = Buffer.alloc(0);
    constructor(encoding) { this.encoding = normalize(encoding); }
    write(buf) {
      if (typeof buf === "string") return buf;
      if (!ArrayBuffer.isView(buf)) throw new codes.ERR_INVALID_ARG_TYPE("buf", ["Buffer", "TypedArray", "DataView"], buf);
      let bytes = Buffer.concat([this.#pending, Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)]);
      let keep = 0;
      switch (this.encoding) {
        case "utf8": keep = utf8Pending(bytes); break;
        case "utf16le": {
          keep = bytes.length % 2;
          if (keep === 0 && bytes.length >= 2) {
            const last = bytes.readUInt16LE(bytes.length - 2);
            if (last >= 0xd800 && last <= 0xdbff) keep = 2;
          }
          break;
        }
        case "base64": case "base64url": keep = bytes.length % 3; break;
      }
      this.#pending = Buffer.from(bytes.subarray(bytes.length - keep));
      return bytes.toString(this.encoding, 0, bytes.length - keep);
    }
    end(buf) {
      let out = buf === undefined ? "" : this.write(buf);
      if (this.#pending.length > 0) {
        out += this.encoding === "utf8" ? "\ufffd" : this.#pending.toString(this.encoding);
        this.#pending = Buffer.alloc(0);
      }
      return out;
    }
    text(buf, offset) { return this.write(buf.subarray(offset)); }
    get lastNeed() { return this.#pending.length; }
  }
  return { StringDecoder };
})
