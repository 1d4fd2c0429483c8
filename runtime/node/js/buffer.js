// node:buffer. Buffer is Node's: a function whose instances are Uint8Arrays with
// Buffer.prototype (FastBuffer), its checks and messages Node's; the byte work is Go's.
(function (require, native, internal) {
  "use strict";
  const { codes, validateNumber, validateString, validateInteger, inspect } = internal;
  const { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE, ERR_UNKNOWN_ENCODING, ERR_BUFFER_OUT_OF_BOUNDS, ERR_INVALID_BUFFER_SIZE } = codes;

  const kMaxLength = 2 ** 32;
  const kStringMaxLength = 2 ** 29 - 24;
  const INSPECT_MAX_BYTES = 50;

  class FastBuffer extends Uint8Array {
    constructor(bufferOrLength, byteOffset, length) { super(bufferOrLength, byteOffset, length); }
  }

  // normalizeEncoding is Node's: undefined for an unknown name.
  function normalizeEncoding(enc) {
    if (enc == null || enc === "utf8" || enc === "utf-8") return "utf8";
    switch (String(enc).toLowerCase()) {
      case "utf8": case "utf-8": return "utf8";
      case "ucs2": case "ucs-2": case "utf16le": case "utf-16le": return "ucs2";
      case "latin1": case "binary": return "latin1";
      case "base64": return "base64";
      case "base64url": return "base64url";
      case "hex": return "hex";
      case "ascii": return "ascii";
      case "": return "utf8";
    }
    return undefined;
  }
  function getEncoding(enc) {
    const e = normalizeEncoding(enc);
    if (e === undefined) throw new ERR_UNKNOWN_ENCODING(enc);
    return e;
  }

  function Buffer(arg, encodingOrOffset, length) {
    if (typeof arg === "number") {
      if (typeof encodingOrOffset === "string") throw new ERR_INVALID_ARG_TYPE("string", "string", arg);
      return Buffer.alloc(arg);
    }
    return Buffer.from(arg, encodingOrOffset, length);
  }
  Object.defineProperty(Buffer, "name", { value: "Buffer" });
  FastBuffer.prototype.constructor = Buffer;
  Buffer.prototype = FastBuffer.prototype;
  Object.setPrototypeOf(Buffer, Uint8Array);
  Buffer.poolSize = 8 * 1024;

  const wrap = (ab) => new FastBuffer(ab);

  function validateSize(size) {
    if (typeof size !== "number") throw new ERR_INVALID_ARG_TYPE("size", "number", size);
    if (!(size >= 0 && size <= kMaxLength)) throw new RangeError(`Invalid typed array length: ${size}`); // V8's, as workerd lets it through
  }

  Buffer.from = function from(value, encodingOrOffset, length) {
    if (typeof value === "string") return fromString(value, encodingOrOffset);
    if (typeof value === "object" && value !== null) {
      if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== "undefined" && value instanceof SharedArrayBuffer)) {
        return fromArrayBuffer(value, encodingOrOffset, length);
      }
      const valueOf = value.valueOf && value.valueOf();
      if (valueOf != null && valueOf !== value && (typeof valueOf === "string" || typeof valueOf === "object")) {
        return from(valueOf, encodingOrOffset, length);
      }
      const b = fromObject(value);
      if (b) return b;
      if (typeof value[Symbol.toPrimitive] === "function") {
        const primitive = value[Symbol.toPrimitive]("string");
        if (typeof primitive === "string") return fromString(primitive, encodingOrOffset);
      }
    }
    throw new ERR_INVALID_ARG_TYPE("first argument", ["string", "Buffer", "TypedArray", "ArrayBuffer", "SharedArrayBuffer", "Array", "Array-like Object"], value);
  };

  function fromString(string, encoding) {
    return wrap(native.encode(string, typeof encoding === "string" && encoding.length > 0 ? getEncoding(encoding) : "utf8"));
  }
  function fromArrayBuffer(ab, byteOffset, length) {
    if (byteOffset === undefined) byteOffset = 0;
    else {
      byteOffset = +byteOffset;
      if (Number.isNaN(byteOffset)) byteOffset = 0;
    }
    const maxLength = ab.byteLength - byteOffset;
    if (maxLength < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS("offset");
    if (length === undefined) length = maxLength;
    else {
      length = +length;
      if (length > 0) { if (length > maxLength) throw new ERR_BUFFER_OUT_OF_BOUNDS("length"); }
      else length = 0;
    }
    return new FastBuffer(ab, byteOffset, length);
  }
  function fromArrayLike(obj) {
    const b = new FastBuffer(obj.length);
    for (let i = 0; i < obj.length; i++) b[i] = obj[i];
    return b;
  }
  function fromObject(obj) {
    if (ArrayBuffer.isView(obj)) {
      if (obj instanceof Uint8Array || obj instanceof DataView) {
        const b = new FastBuffer(obj.byteLength);
        b.set(new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength));
        return b;
      }
      return fromArrayLike(obj);
    }
    if (obj.length !== undefined || obj instanceof ArrayBuffer) {
      if (typeof obj.length !== "number") return new FastBuffer();
      return fromArrayLike(obj);
    }
    if (obj.type === "Buffer" && Array.isArray(obj.data)) return fromArrayLike(obj.data);
  }

  Buffer.of = function of(...items) { return fromArrayLike(items); };
  Buffer.alloc = function alloc(size, fill, encoding) {
    validateSize(size);
    const b = new FastBuffer(size);
    if (fill !== undefined && fill !== 0 && size > 0) return _fill(b, fill, 0, b.length, encoding);
    return b;
  };
  Buffer.allocUnsafe = function allocUnsafe(size) { validateSize(size); return new FastBuffer(size); };
  Buffer.allocUnsafeSlow = function allocUnsafeSlow(size) { validateSize(size); return new FastBuffer(size); };
  Buffer.isBuffer = function isBuffer(b) { return b instanceof Buffer; };
  Buffer.isEncoding = function isEncoding(enc) { return typeof enc === "string" && enc.length !== 0 && normalizeEncoding(enc) !== undefined; };
  Buffer.compare = function compare(a, b) {
    if (!(a instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE("buf1", ["Buffer", "Uint8Array"], a);
    if (!(b instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE("buf2", ["Buffer", "Uint8Array"], b);
    return native.compare(a, b);
  };
  Buffer.byteLength = function byteLength(string, encoding) {
    if (typeof string !== "string") {
      if (ArrayBuffer.isView(string) || string instanceof ArrayBuffer) return string.byteLength;
      throw new ERR_INVALID_ARG_TYPE("string", ["string", "Buffer", "ArrayBuffer"], string);
    }
    const e = normalizeEncoding(encoding) || "utf8";
    return native.byteLength(string, e);
  };
  Buffer.concat = function concat(list, length) {
    if (!Array.isArray(list)) throw new ERR_INVALID_ARG_TYPE("list", "Array", list);
    if (list.length === 0) return new FastBuffer();
    if (length === undefined) {
      length = 0;
      for (let i = 0; i < list.length; i++) {
        if (!(list[i] instanceof Uint8Array)) throw notUint8Array(i);
        length += list[i].length;
      }
    } else validateInteger(length, "length", 0);
    const out = Buffer.allocUnsafe(length);
    let pos = 0;
    for (let i = 0; i < list.length; i++) {
      const b = list[i];
      if (!(b instanceof Uint8Array)) throw notUint8Array(i);
      if (pos + b.length > length) { out.set(b.subarray(0, length - pos), pos); pos = length; break; }
      out.set(b, pos);
      pos += b.length;
    }
    if (pos < length) out.fill(0, pos, length);
    return out;
  };
  // workerd checks concat's list in C++, with its wording.
  const notUint8Array = (i) => new TypeError(`Incorrect type for array element ${i}: the provided value is not of type 'JsUint8Array'.`);
  Buffer.copyBytesFrom = function copyBytesFrom(view, offset = 0, length) {
    if (!ArrayBuffer.isView(view)) throw new ERR_INVALID_ARG_TYPE("view", ["TypedArray"], view);
    const end = length === undefined ? view.length : offset + length;
    const part = view.slice(offset, end);
    return new FastBuffer(part.buffer, part.byteOffset, part.byteLength);
  };

  const proto = Buffer.prototype;

  function boundsArg(v, name, dflt, len) {
    if (v === undefined) return dflt;
    return v;
  }

  proto.toString = function toString(encoding, start, end) {
    if (arguments.length === 0) return native.decode(this, "utf8");
    const len = this.length;
    if (start <= 0) start = 0;
    else if (start >= len) return "";
    else start = Math.trunc(start) || 0;
    if (end === undefined || end > len) end = len;
    else end = Math.trunc(end) || 0;
    if (end <= start) return "";
    const e = encoding === undefined ? "utf8" : getEncoding(encoding);
    return native.decode(start === 0 && end === len ? this : this.subarray(start, end), e);
  };
  proto.toLocaleString = proto.toString;
  proto.equals = function equals(other) {
    if (!(other instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE("otherBuffer", ["Buffer", "Uint8Array"], other);
    if (this === other) return true;
    return this.byteLength === other.byteLength && native.compare(this, other) === 0;
  };
  proto.compare = function compare(target, targetStart = 0, targetEnd = target && target.length, sourceStart = 0, sourceEnd = this.length) {
    if (!(target instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE("target", ["Buffer", "Uint8Array"], target);
    validateInteger(targetStart, "targetStart", 0);
    validateInteger(targetEnd, "targetEnd", 0, target.length);
    validateInteger(sourceStart, "sourceStart", 0);
    validateInteger(sourceEnd, "sourceEnd", 0, this.length);
    if (sourceStart >= sourceEnd) return targetStart >= targetEnd ? 0 : -1;
    if (targetStart >= targetEnd) return 1;
    return native.compare(this.subarray(sourceStart, sourceEnd), target.subarray(targetStart, targetEnd));
  };
  proto.copy = function copy(target, targetStart = 0, sourceStart = 0, sourceEnd = this.length) {
    if (!ArrayBuffer.isView(target)) throw new ERR_INVALID_ARG_TYPE("target", ["Buffer", "Uint8Array"], target);
    targetStart = toInteger(targetStart, 0);
    if (targetStart < 0) throw new ERR_OUT_OF_RANGE("targetStart", ">= 0", targetStart);
    sourceStart = toInteger(sourceStart, 0);
    if (sourceStart < 0 || sourceStart > this.length) throw new ERR_OUT_OF_RANGE("sourceStart", `>= 0 && <= ${this.length}`, sourceStart);
    sourceEnd = toInteger(sourceEnd, this.length);
    if (sourceEnd < 0) throw new ERR_OUT_OF_RANGE("sourceEnd", ">= 0", sourceEnd);
    if (targetStart >= target.length || sourceStart >= sourceEnd) return 0;
    const dst = target instanceof Uint8Array ? target : new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    const n = Math.min(sourceEnd - sourceStart, dst.length - targetStart, this.length - sourceStart);
    dst.set(this.subarray(sourceStart, sourceStart + n), targetStart);
    return n;
  };
  function toInteger(n, dflt) {
    n = +n;
    if (!Number.isNaN(n) && n >= Number.MIN_SAFE_INTEGER && n <= Number.MAX_SAFE_INTEGER) return n % 1 === 0 ? n : Math.floor(n);
    return dflt;
  }
  // slice shares memory, as Node's (unlike Uint8Array's).
  proto.slice = function slice(start, end) { return this.subarray(start, end); };
  proto.subarray = function subarray(start, end) {
    const u8 = Uint8Array.prototype.subarray.call(this, start, end);
    return new FastBuffer(u8.buffer, u8.byteOffset, u8.byteLength);
  };
  proto.toJSON = function toJSON() { return { type: "Buffer", data: Array.from(this) }; };

  function _fill(buf, value, offset, end, encoding) {
    if (typeof value === "string") {
      if (typeof offset === "string") { encoding = offset; offset = 0; end = buf.length; }
      else if (typeof end === "string") { encoding = end; end = buf.length; }
      const e = normalizeEncoding(encoding);
      if (e === undefined) { validateString(encoding, "encoding"); throw new ERR_UNKNOWN_ENCODING(encoding); }
      if (value.length === 0) value = 0;
      else if (value.length === 1 && e === "utf8" && value.charCodeAt(0) < 128) value = value.charCodeAt(0);
      else {
        const bytes = native.encode(value, e);
        if (bytes.byteLength === 0) {
          if (e === "hex") throw new TypeError("The text is not valid hex"); // workerd's
          throw new ERR_INVALID_ARG_VALUE("value", value);
        }
        value = new Uint8Array(bytes);
      }
    } else if (typeof value === "boolean") value = Number(value);
    if (offset === undefined) offset = 0;
    else validateInteger(offset, "offset", 0);
    if (end === undefined) end = buf.length;
    else validateInteger(end, "end", 0, buf.length);
    if (offset > buf.length) throw new ERR_OUT_OF_RANGE("offset", `>= 0 && <= ${buf.length}`, offset);
    if (offset >= end) return buf;
    if (typeof value === "number") Uint8Array.prototype.fill.call(buf, value & 255, offset, end);
    else if (value instanceof Uint8Array) {
      if (value.length === 0) throw new ERR_INVALID_ARG_VALUE("value", value);
      native.fill(buf.subarray(offset, end), value);
    } else if (ArrayBuffer.isView(value)) native.fill(buf.subarray(offset, end), new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    else Uint8Array.prototype.fill.call(buf, Number(value) & 255, offset, end);
    return buf;
  }
  proto.fill = function fill(value, offset, end, encoding) { return _fill(this, value, offset, end, encoding); };

  function search(buf, value, byteOffset, encoding, forward) {
    if (typeof byteOffset === "string") { encoding = byteOffset; byteOffset = undefined; }
    byteOffset = byteOffset === undefined ? (forward ? 0 : buf.length) : +byteOffset;
    if (Number.isNaN(byteOffset)) byteOffset = forward ? 0 : buf.length;
    if (byteOffset < 0) byteOffset = Math.max(buf.length + byteOffset, forward ? 0 : -1);
    if (typeof value === "number") {
      value = value & 255;
      if (forward) return Uint8Array.prototype.indexOf.call(buf, value, byteOffset);
      return byteOffset < 0 ? -1 : Uint8Array.prototype.lastIndexOf.call(buf, value, byteOffset);
    }
    let needle;
    if (typeof value === "string") needle = new Uint8Array(native.encode(value, getEncoding(encoding)));
    else if (value instanceof Uint8Array) needle = value;
    else throw new ERR_INVALID_ARG_TYPE("value", ["number", "string", "Buffer", "Uint8Array"], value);
    if (needle.length === 0) return forward ? Math.min(byteOffset, buf.length) : Math.min(byteOffset, buf.length);
    return native.indexOf(buf, needle, Math.trunc(byteOffset), forward);
  }
  proto.indexOf = function indexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, true); };
  proto.lastIndexOf = function lastIndexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, false); };
  proto.includes = function includes(value, byteOffset, encoding) { return this.indexOf(value, byteOffset, encoding) !== -1; };

  proto.write = function write(string, offset, length, encoding) {
    validateString(string, "argument");
    if (offset === undefined) { encoding = "utf8"; length = this.length; offset = 0; }
    else if (length === undefined && typeof offset === "string") { encoding = offset; length = this.length; offset = 0; }
    else {
      validateInteger(offset, "offset", 0, this.length);
      const remaining = this.length - offset;
      if (length === undefined) length = remaining;
      else if (typeof length === "string") { encoding = length; length = remaining; }
      else { validateInteger(length, "length", 0, this.length); if (length > remaining) length = remaining; }
    }
    const e = encoding === undefined ? "utf8" : getEncoding(encoding);
    let bytes = new Uint8Array(native.encode(string, e));
    if (bytes.length > length) {
      bytes = bytes.subarray(0, length);
      if (e === "utf8") { // a character that does not fit is not written in part
        let cut = length;
        while (cut > 0 && (bytes[cut - 1] & 0xc0) === 0x80) cut--;
        if (cut > 0) {
          const lead = bytes[cut - 1];
          const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
          if (length - (cut - 1) < need) bytes = bytes.subarray(0, cut - 1);
        }
      } else if (e === "ucs2") bytes = bytes.subarray(0, bytes.length - (bytes.length % 2));
    }
    this.set(bytes, offset);
    return bytes.length;
  };

  for (const enc of ["utf8", "ucs2", "latin1", "ascii", "base64", "base64url", "hex"]) {
    proto[enc + "Slice"] = function (start = 0, end = this.length) { return native.decode(this.subarray(start, end), enc); };
    proto[enc + "Write"] = function (string, offset = 0, length = this.length - offset) { return this.write(string, offset, length, enc); };
  }

  function swap(name, size) {
    return function () {
      if (this.length % size !== 0) throw new ERR_INVALID_BUFFER_SIZE(`${size * 8}-bits`);
      for (let i = 0; i < this.length; i += size) {
        for (let a = i, b = i + size - 1; a < b; a++, b--) { const t = this[a]; this[a] = this[b]; this[b] = t; }
      }
      return this;
    };
  }
  proto.swap16 = swap("swap16", 2);
  proto.swap32 = swap("swap32", 4);
  proto.swap64 = swap("swap64", 8);

  // Reads and writes of numbers go through a DataView of the same memory.
  const view = (b) => new DataView(b.buffer, b.byteOffset, b.byteLength);
  function checkOffset(buf, offset, size) {
    if (offset === undefined) offset = 0;
    if (typeof offset !== "number") throw new ERR_INVALID_ARG_TYPE("offset", "number", offset);
    if (!Number.isInteger(offset)) throw new ERR_OUT_OF_RANGE("offset", "an integer", offset);
    if (offset < 0 || offset + size > buf.length) {
      if (buf.length - size < 0) throw new ERR_BUFFER_OUT_OF_BOUNDS();
      throw new ERR_OUT_OF_RANGE("offset", `>= 0 and <= ${buf.length - size}`, offset);
    }
    return offset;
  }
  function checkValue(value, min, max, byteLength) {
    if (typeof value !== "number" && typeof value !== "bigint") throw new ERR_INVALID_ARG_TYPE("value", "number", value);
    if (value > max || value < min) {
      const n = typeof min === "bigint" ? "n" : "";
      let range;
      if (byteLength > 4) {
        if (min === 0 || min === 0n) range = `>= 0${n} and < 2${n} ** ${byteLength * 8}${n}`;
        else range = `>= -(2${n} ** ${byteLength * 8 - 1}${n}) and < 2${n} ** ${byteLength * 8 - 1}${n}`;
      } else range = `>= ${min}${n} and <= ${max}${n}`;
      throw new ERR_OUT_OF_RANGE("value", range, value);
    }
  }
  const numeric = [
    ["UInt8", 1, "Uint8", 0, 255], ["Int8", 1, "Int8", -128, 127],
    ["UInt16LE", 2, "Uint16", 0, 0xffff, true], ["UInt16BE", 2, "Uint16", 0, 0xffff, false],
    ["Int16LE", 2, "Int16", -0x8000, 0x7fff, true], ["Int16BE", 2, "Int16", -0x8000, 0x7fff, false],
    ["UInt32LE", 4, "Uint32", 0, 0xffffffff, true], ["UInt32BE", 4, "Uint32", 0, 0xffffffff, false],
    ["Int32LE", 4, "Int32", -0x80000000, 0x7fffffff, true], ["Int32BE", 4, "Int32", -0x80000000, 0x7fffffff, false],
    ["FloatLE", 4, "Float32", -Infinity, Infinity, true], ["FloatBE", 4, "Float32", -Infinity, Infinity, false],
    ["DoubleLE", 8, "Float64", -Infinity, Infinity, true], ["DoubleBE", 8, "Float64", -Infinity, Infinity, false],
    ["BigInt64LE", 8, "BigInt64", -(2n ** 63n), 2n ** 63n - 1n, true], ["BigInt64BE", 8, "BigInt64", -(2n ** 63n), 2n ** 63n - 1n, false],
    ["BigUInt64LE", 8, "BigUint64", 0n, 2n ** 64n - 1n, true], ["BigUInt64BE", 8, "BigUint64", 0n, 2n ** 64n - 1n, false],
  ];
  for (const [name, size, dv, min, max, little] of numeric) {
    const float = dv.startsWith("Float");
    const big = dv.startsWith("Big");
    const read = function (offset = 0) { offset = checkOffset(this, offset, size); return view(this)["get" + dv](offset, little); };
    const write = function (value, offset = 0) {
      if (big && typeof value !== "bigint") throw new ERR_INVALID_ARG_TYPE("value", "bigint", value);
      if (!float) checkValue(value, min, max, size);
      else if (typeof value !== "number") value = +value;
      offset = checkOffset(this, offset, size);
      view(this)["set" + dv](offset, value, little);
      return offset + size;
    };
    Object.defineProperty(read, "name", { value: "read" + name });
    Object.defineProperty(write, "name", { value: "write" + name });
    proto["read" + name] = read;
    proto["write" + name] = write;
    if (name.includes("UInt")) {
      proto["read" + name.replace("UInt", "Uint")] = read;
      proto["write" + name.replace("UInt", "Uint")] = write;
    }
  }
  // The variable-width reads and writes (1 to 6 bytes).
  function checkByteLength(byteLength) {
    if (typeof byteLength !== "number") throw new ERR_INVALID_ARG_TYPE("byteLength", "number", byteLength);
    if (!Number.isInteger(byteLength) || byteLength < 1 || byteLength > 6) throw new ERR_OUT_OF_RANGE("byteLength", ">= 1 and <= 6", byteLength);
  }
  function readUIntN(buf, offset, byteLength, little) {
    checkByteLength(byteLength);
    offset = checkOffset(buf, offset, byteLength);
    let v = 0;
    for (let i = 0; i < byteLength; i++) v = v * 256 + buf[offset + (little ? byteLength - 1 - i : i)];
    return v;
  }
  function writeUIntN(buf, value, offset, byteLength, little, signed) {
    checkByteLength(byteLength);
    const max = 2 ** (8 * byteLength - (signed ? 1 : 0));
    checkValue(value, signed ? -max : 0, max - 1, byteLength);
    offset = checkOffset(buf, offset, byteLength);
    let v = value < 0 ? value + 2 ** (8 * byteLength) : value;
    for (let i = 0; i < byteLength; i++) {
      buf[offset + (little ? i : byteLength - 1 - i)] = v % 256;
      v = Math.floor(v / 256);
    }
    return offset + byteLength;
  }
  const signedOf = (v, byteLength) => v >= 2 ** (8 * byteLength - 1) ? v - 2 ** (8 * byteLength) : v;
  proto.readUIntLE = proto.readUintLE = function readUIntLE(offset, byteLength) { return readUIntN(this, offset, byteLength, true); };
  proto.readUIntBE = proto.readUintBE = function readUIntBE(offset, byteLength) { return readUIntN(this, offset, byteLength, false); };
  proto.readIntLE = function readIntLE(offset, byteLength) { return signedOf(readUIntN(this, offset, byteLength, true), byteLength); };
  proto.readIntBE = function readIntBE(offset, byteLength) { return signedOf(readUIntN(this, offset, byteLength, false), byteLength); };
  proto.writeUIntLE = proto.writeUintLE = function writeUIntLE(value, offset, byteLength) { return writeUIntN(this, value, offset, byteLength, true, false); };
  proto.writeUIntBE = proto.writeUintBE = function writeUIntBE(value, offset, byteLength) { return writeUIntN(this, value, offset, byteLength, false, false); };
  proto.writeIntLE = function writeIntLE(value, offset, byteLength) { return writeUIntN(this, value, offset, byteLength, true, true); };
  proto.writeIntBE = function writeIntBE(value, offset, byteLength) { return writeUIntN(this, value, offset, byteLength, false, true); };

  Object.defineProperty(proto, "parent", { get() { return this instanceof Buffer ? this.buffer : undefined; }, enumerable: true, configurable: true });
  Object.defineProperty(proto, "offset", { get() { return this instanceof Buffer ? this.byteOffset : undefined; }, enumerable: true, configurable: true });

  proto[Symbol.for("nodejs.util.inspect.custom")] = function () {
    let hex = native.decode(this.subarray(0, INSPECT_MAX_BYTES), "hex").replace(/(.{2})/g, "$1 ").trim();
    if (this.length > INSPECT_MAX_BYTES) hex += ` ... ${this.length - INSPECT_MAX_BYTES} more byte${this.length - INSPECT_MAX_BYTES > 1 ? "s" : ""}`;
    return `<Buffer${hex ? " " + hex : ""}>`;
  };
  proto.inspect = proto[Symbol.for("nodejs.util.inspect.custom")];

  function SlowBuffer(size) { return Buffer.allocUnsafeSlow(size); }
  SlowBuffer.prototype = proto;

  function transcode(source, fromEnc, toEnc) {
    if (!(source instanceof Uint8Array)) throw new ERR_INVALID_ARG_TYPE("source", ["Buffer", "Uint8Array"], source);
    const text = native.decode(source, getEncoding(fromEnc));
    return wrap(native.encode(text, getEncoding(toEnc)));
  }

  return {
    Buffer, SlowBuffer, transcode, kMaxLength, kStringMaxLength, INSPECT_MAX_BYTES,
    constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: kStringMaxLength },
    isUtf8(input) {
      if (!ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) throw new ERR_INVALID_ARG_TYPE("input", ["ArrayBuffer", "Buffer", "TypedArray"], input);
      return native.isUtf8(input);
    },
    isAscii(input) {
      if (!ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)) throw new ERR_INVALID_ARG_TYPE("input", ["ArrayBuffer", "Buffer", "TypedArray"], input);
      return native.isAscii(input);
    },
    atob: globalThis.atob, btoa: globalThis.btoa, Blob: globalThis.Blob, File: globalThis.File,
    resolveObjectURL() { return undefined; },
  };
})
