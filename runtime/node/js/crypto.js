// node:crypto: Node's classes (Hash, Hmac, Cipheriv, Sign, KeyObject, ...) with its
// argument checks and messages, over Go's primitives (crypto.go, crypto_cipher.go,
// crypto_keys.go).
(function (require, native, internal) {
  "use strict";
  const { Buffer } = require("buffer");
  const { Transform, Writable } = require("stream");
  const { StringDecoder } = require("string_decoder");
  const { codes, nodeError, validateString, validateFunction, validateNumber, validateInteger, validateObject } = internal;
  const { ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE } = codes;
  const ERR_CRYPTO_HASH_FINALIZED = nodeError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
  const ERR_CRYPTO_HASH_UPDATE_FAILED = nodeError(Error, "ERR_CRYPTO_HASH_UPDATE_FAILED", "Hash update failed");
  const ERR_CRYPTO_SIGN_KEY_REQUIRED = nodeError(Error, "ERR_CRYPTO_SIGN_KEY_REQUIRED", "No key provided to sign");
  const ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE = nodeError(TypeError, "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE", (t, e) => `Invalid key object type ${t}, expected ${e}.`);

  const constants = {
    OPENSSL_VERSION_NUMBER: 0, SSL_OP_ALL: 2147485776, SSL_OP_NO_SSLv2: 0, SSL_OP_NO_SSLv3: 33554432, SSL_OP_NO_TLSv1: 67108864,
    RSA_PKCS1_PADDING: 1, RSA_NO_PADDING: 3, RSA_PKCS1_OAEP_PADDING: 4, RSA_X931_PADDING: 5, RSA_PKCS1_PSS_PADDING: 6,
    RSA_PSS_SALTLEN_DIGEST: -1, RSA_PSS_SALTLEN_MAX_SIGN: -2, RSA_PSS_SALTLEN_AUTO: -2,
    defaultCoreCipherList: "", TLS1_VERSION: 769, TLS1_1_VERSION: 770, TLS1_2_VERSION: 771, TLS1_3_VERSION: 772,
    POINT_CONVERSION_COMPRESSED: 2, POINT_CONVERSION_UNCOMPRESSED: 4, POINT_CONVERSION_HYBRID: 6,
  };

  // toBytes is Node's getArrayBufferOrView: a string in its encoding, or bytes.
  function toBytes(data, name, encoding = "utf8") {
    if (typeof data === "string") return Buffer.from(data, encoding);
    if (ArrayBuffer.isView(data)) return data;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw new ERR_INVALID_ARG_TYPE(name, ["string", "ArrayBuffer", "Buffer", "TypedArray", "DataView"], data);
  }
  const out = (ab, encoding) => {
    const b = Buffer.from(ab);
    return encoding && encoding !== "buffer" ? b.toString(encoding) : b;
  };

  // --- Hash and Hmac ---
  const kState = Symbol("kState");
  function Hash(algorithm, options) {
    if (!(this instanceof Hash)) return new Hash(algorithm, options);
    const copyFrom = algorithm instanceof Hash ? algorithm[kState] : null;
    if (!copyFrom) validateString(algorithm, "algorithm");
    this[kState] = { h: copyFrom ? copyFrom.h.copy() : native.createHash(algorithm), finalized: false };
    Transform.call(this, options);
  }
  Object.setPrototypeOf(Hash.prototype, Transform.prototype);
  Object.setPrototypeOf(Hash, Transform);
  Hash.prototype.copy = function copy(options) {
    if (this[kState].finalized) throw new ERR_CRYPTO_HASH_FINALIZED();
    return new Hash(this, options);
  };
  Hash.prototype.update = function update(data, encoding) {
    const state = this[kState];
    if (state.finalized) throw new ERR_CRYPTO_HASH_FINALIZED();
    if (typeof data !== "string" && !ArrayBuffer.isView(data)) throw new ERR_INVALID_ARG_TYPE("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    state.h.update(toBytes(data, "data", encoding));
    return this;
  };
  Hash.prototype.digest = function digest(outputEncoding) {
    const state = this[kState];
    if (state.finalized) throw new ERR_CRYPTO_HASH_FINALIZED();
    state.finalized = true;
    return out(state.h.digest(), outputEncoding);
  };
  Hash.prototype._transform = function (chunk, encoding, callback) { this.update(chunk, encoding === "buffer" ? undefined : encoding); callback(); };
  Hash.prototype._flush = function (callback) { this.push(this.digest()); callback(); };

  function Hmac(hmac, key, options) {
    if (!(this instanceof Hmac)) return new Hmac(hmac, key, options);
    validateString(hmac, "hmac");
    const k = key instanceof KeyObject ? native.exportKey(key[kHandle], "raw", "") : toBytes(key, "key", options && options.encoding);
    this[kState] = { h: native.createHmac(hmac, k), finalized: false };
    Transform.call(this, options);
  }
  Object.setPrototypeOf(Hmac.prototype, Transform.prototype);
  Object.setPrototypeOf(Hmac, Transform);
  Hmac.prototype.update = Hash.prototype.update;
  Hmac.prototype.digest = function digest(outputEncoding) {
    const state = this[kState];
    if (state.finalized) return out(new ArrayBuffer(0), outputEncoding);
    state.finalized = true;
    return out(state.h.digest(), outputEncoding);
  };
  Hmac.prototype._transform = Hash.prototype._transform;
  Hmac.prototype._flush = Hash.prototype._flush;

  const createHash = (algorithm, options) => new Hash(algorithm, options);
  const createHmac = (hmac, key, options) => new Hmac(hmac, key, options);
  function hash(algorithm, data, outputEncoding = "hex") {
    validateString(algorithm, "algorithm");
    if (typeof data !== "string" && !ArrayBuffer.isView(data)) throw new ERR_INVALID_ARG_TYPE("data", ["Buffer", "TypedArray", "DataView", "string"], data);
    return new Hash(algorithm).update(data).digest(outputEncoding);
  }

  // --- random ---
  const kMaxLength = 2 ** 31 - 1;
  function assertSize(size, name = "size", max = kMaxLength) {
    validateNumber(size, name);
    if (!(size >= 0 && size <= max)) throw new ERR_OUT_OF_RANGE(name, `>= 0 && <= ${max}`, size);
  }
  const later = (cb, ...args) => setTimeout(() => cb(...args), 0);
  function randomBytes(size, callback) {
    assertSize(size);
    if (callback !== undefined) validateFunction(callback, "callback");
    const buf = Buffer.alloc(size);
    native.randomFill(buf);
    if (callback) { later(callback, null, buf); return; }
    return buf;
  }
  function randomFillSync(buf, offset = 0, size) {
    if (!ArrayBuffer.isView(buf) && !(buf instanceof ArrayBuffer)) throw new ERR_INVALID_ARG_TYPE("buf", ["ArrayBuffer", "ArrayBufferView"], buf);
    const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    assertSize(offset, "offset", bytes.length);
    if (size === undefined) size = bytes.length - offset;
    assertSize(size, "size", bytes.length - offset);
    native.randomFill(bytes.subarray(offset, offset + size));
    return buf;
  }
  function randomFill(buf, offset, size, callback) {
    if (typeof offset === "function") { callback = offset; offset = 0; size = undefined; }
    else if (typeof size === "function") { callback = size; size = undefined; }
    validateFunction(callback, "callback");
    randomFillSync(buf, offset, size);
    later(callback, null, buf);
  }
  function randomInt(min, max, callback) {
    const minNotSpecified = typeof max === "undefined" || typeof max === "function";
    if (minNotSpecified) { callback = max; max = min; min = 0; }
    if (callback !== undefined) validateFunction(callback, "callback");
    if (!Number.isSafeInteger(min)) throw new ERR_INVALID_ARG_TYPE("min", "a safe integer", min);
    if (!Number.isSafeInteger(max)) throw new ERR_INVALID_ARG_TYPE("max", "a safe integer", max);
    if (max <= min) throw new ERR_OUT_OF_RANGE("min", "min < max", min);
    const range = max - min;
    if (!(range <= 2 ** 48 - 1)) throw new ERR_OUT_OF_RANGE(`max${minNotSpecified ? "" : " - min"}`, `<= ${2 ** 48 - 1}`, range);
    const limit = 2 ** 48 - (2 ** 48 % range);
    let n;
    do { n = randomBytes(6).readUIntBE(0, 6); } while (n >= limit);
    const v = min + (n % range);
    if (callback) { later(callback, null, v); return; }
    return v;
  }
  const randomUUID = (options) => { if (options !== undefined) validateObject(options, "options"); return globalThis.crypto.randomUUID(); };

  function timingSafeEqual(a, b) {
    if (!ArrayBuffer.isView(a) && !(a instanceof ArrayBuffer)) throw new ERR_INVALID_ARG_TYPE("buf1", ["ArrayBuffer", "Buffer", "TypedArray", "DataView"], a);
    if (!ArrayBuffer.isView(b) && !(b instanceof ArrayBuffer)) throw new ERR_INVALID_ARG_TYPE("buf2", ["ArrayBuffer", "Buffer", "TypedArray", "DataView"], b);
    if (a.byteLength !== b.byteLength) throw new TypeError("Input buffers must have the same byte length.");
    return native.timingSafeEqual(a, b);
  }

  // --- key derivation ---
  function pbkdf2Sync(password, salt, iterations, keylen, digest) {
    password = toBytes(password, "password");
    salt = toBytes(salt, "salt");
    validateInteger(iterations, "iterations", 1, 2 ** 31 - 1);
    validateInteger(keylen, "keylen", 0, 2 ** 31 - 1);
    validateString(digest, "digest");
    return Buffer.from(native.pbkdf2(password, salt, iterations, keylen, digest));
  }
  function pbkdf2(password, salt, iterations, keylen, digest, callback) {
    if (typeof digest === "function") { callback = digest; digest = undefined; }
    validateFunction(callback, "callback");
    const key = pbkdf2Sync(password, salt, iterations, keylen, digest);
    later(callback, null, key);
  }
  function scryptSync(password, salt, keylen, options = {}) {
    password = toBytes(password, "password");
    salt = toBytes(salt, "salt");
    validateInteger(keylen, "keylen", 0, 2 ** 31 - 1);
    const N = options.N ?? options.cost ?? 16384, r = options.r ?? options.blockSize ?? 8, p = options.p ?? options.parallelization ?? 1;
    const maxmem = options.maxmem ?? 32 << 20;
    if (128 * N * r > maxmem) throw new RangeError("Invalid scrypt params: memory limit exceeded");
    return Buffer.from(native.scrypt(password, salt, N, r, p, keylen));
  }
  function scrypt(password, salt, keylen, options, callback) {
    if (typeof options === "function") { callback = options; options = {}; }
    validateFunction(callback, "callback");
    const key = scryptSync(password, salt, keylen, options);
    later(callback, null, key);
  }
  function hkdfSync(digest, ikm, salt, info, keylen) {
    validateString(digest, "digest");
    const key = ikm instanceof KeyObject ? native.exportKey(ikm[kHandle], "raw", "") : toBytes(ikm, "ikm");
    validateInteger(keylen, "length", 0, 2 ** 31 - 1);
    return native.hkdf(digest, key, toBytes(salt, "salt"), toBytes(info, "info"), keylen);
  }
  function hkdf(digest, ikm, salt, info, keylen, callback) {
    validateFunction(callback, "callback");
    const key = hkdfSync(digest, ikm, salt, info, keylen);
    later(callback, null, key);
  }

  // --- ciphers ---
  function Cipheriv(cipher, key, iv, options, decipher) {
    validateString(cipher, "cipher");
    const k = key instanceof KeyObject ? native.exportKey(key[kHandle], "raw", "") : toBytes(key, "key");
    const v = iv === null ? new Uint8Array(0) : toBytes(iv, "iv");
    this[kState] = { c: native.createCipher(cipher, k, v, decipher, (options && options.authTagLength) || 0), decoder: null, tag: null };
    Transform.call(this, options);
  }
  Object.setPrototypeOf(Cipheriv.prototype, Transform.prototype);
  function decoded(state, ab, outputEncoding, last) {
    const b = Buffer.from(ab);
    if (!outputEncoding || outputEncoding === "buffer") return b;
    state.decoder ||= new StringDecoder(outputEncoding);
    return last ? state.decoder.end(b) : state.decoder.write(b);
  }
  Cipheriv.prototype.update = function update(data, inputEncoding, outputEncoding) {
    if (typeof data === "string") {
      if (inputEncoding === undefined) throw new ERR_INVALID_ARG_VALUE("inputEncoding", inputEncoding, "If inputEncoding is not provided then the data must be a Buffer");
      data = Buffer.from(data, inputEncoding);
    } else if (!ArrayBuffer.isView(data)) throw new ERR_INVALID_ARG_TYPE("data", ["string", "Buffer", "TypedArray", "DataView"], data);
    return decoded(this[kState], this[kState].c.update(data), outputEncoding, false);
  };
  Cipheriv.prototype.final = function final(outputEncoding) {
    const state = this[kState];
    const res = decoded(state, state.c.final(), outputEncoding, true);
    const tag = state.c.getAuthTag();
    if (tag !== undefined) state.tag = Buffer.from(tag);
    return res;
  };
  Cipheriv.prototype.setAutoPadding = function setAutoPadding(ap = true) { this[kState].c.setAutoPadding(!!ap); return this; };
  Cipheriv.prototype.setAAD = function setAAD(buffer) {
    if (!this[kState].c.setAAD(toBytes(buffer, "buffer"))) throw new Error("Unsupported state or unable to authenticate data");
    return this;
  };
  Cipheriv.prototype.getAuthTag = function getAuthTag() {
    if (!this[kState].tag) throw new Error("Unsupported state");
    return this[kState].tag;
  };
  Cipheriv.prototype.setAuthTag = function setAuthTag(tag) {
    if (!this[kState].c.setAuthTag(toBytes(tag, "buffer"))) throw new Error("Unsupported state");
    return this;
  };
  Cipheriv.prototype._transform = function (chunk, encoding, callback) { this.push(this.update(chunk, encoding === "buffer" ? undefined : encoding)); callback(); };
  Cipheriv.prototype._flush = function (callback) { try { this.push(this.final()); callback(); } catch (e) { callback(e); } };

  function CipherivClass(cipher, key, iv, options) {
    if (!(this instanceof CipherivClass)) return new CipherivClass(cipher, key, iv, options);
    Cipheriv.call(this, cipher, key, iv, options, false);
  }
  Object.setPrototypeOf(CipherivClass.prototype, Cipheriv.prototype);
  Object.defineProperty(CipherivClass, "name", { value: "Cipheriv" });
  function DecipherivClass(cipher, key, iv, options) {
    if (!(this instanceof DecipherivClass)) return new DecipherivClass(cipher, key, iv, options);
    Cipheriv.call(this, cipher, key, iv, options, true);
  }
  Object.setPrototypeOf(DecipherivClass.prototype, Cipheriv.prototype);
  Object.defineProperty(DecipherivClass, "name", { value: "Decipheriv" });
  delete DecipherivClass.prototype.getAuthTag;
  const createCipheriv = (cipher, key, iv, options) => new CipherivClass(cipher, key, iv, options);
  const createDecipheriv = (cipher, key, iv, options) => new DecipherivClass(cipher, key, iv, options);

  // --- keys ---
  const kHandle = Symbol("kHandle");
  const jwkOrder = ["kty", "use", "key_ops", "alg", "ext", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "k"];
  class KeyObject {
    constructor(type, handle) {
      if (type !== "secret" && type !== "public" && type !== "private") throw new ERR_INVALID_ARG_VALUE("type", type);
      if (typeof handle !== "object" || handle === null || !handle[kHandle]) throw new ERR_INVALID_ARG_TYPE("handle", "object", handle);
      this[kHandle] = handle[kHandle];
      Object.defineProperty(this, kState, { value: native.keyInfo(this[kHandle]) });
    }
    get type() { return this[kState].type; }
    equals(other) {
      if (!(other instanceof KeyObject)) throw new ERR_INVALID_ARG_TYPE("otherKeyObject", "KeyObject", other);
      return native.equals(this[kHandle], other[kHandle]);
    }
    export(options) {
      if (options !== undefined) validateObject(options, "options");
      const format = options && options.format;
      if (this.type === "secret") {
        if (format === "jwk") return jwkObject(JSON.parse(native.exportKey(this[kHandle], "jwk", "")), true);
        return Buffer.from(native.exportKey(this[kHandle], "raw", ""));
      }
      if (format === "jwk") return jwkObject(JSON.parse(native.exportKey(this[kHandle], "jwk", "")), false);
      const type = options && options.type;
      if (format !== "pem" && format !== "der") throw new ERR_INVALID_ARG_VALUE("options.format", format);
      const res = native.exportKey(this[kHandle], format, type || "");
      return format === "der" ? Buffer.from(res) : res;
    }
    toCryptoKey() { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("KeyObject.toCryptoKey()"); }
    static from(key) {
      if (!(key instanceof CryptoKey)) throw new ERR_INVALID_ARG_TYPE("key", "CryptoKey", key);
      throw new codes.ERR_METHOD_NOT_IMPLEMENTED("KeyObject.from()");
    }
  }
  function jwkObject(j, secret) {
    const o = {};
    for (const k of jwkOrder) o[k] = j[k];
    if (secret) o.ext = true;
    return o;
  }
  class SecretKeyObject extends KeyObject {
    get symmetricKeySize() { return this[kState].symmetricKeySize; }
  }
  class AsymmetricKeyObject extends KeyObject {
    get asymmetricKeyType() { return this[kState].asymmetricKeyType; }
    get asymmetricKeyDetails() { return this[kState].asymmetricKeyDetails; }
  }
  class PublicKeyObject extends AsymmetricKeyObject {}
  class PrivateKeyObject extends AsymmetricKeyObject {}
  const wrapKey = (handle) => {
    const type = native.keyInfo(handle).type;
    const C = type === "secret" ? SecretKeyObject : type === "public" ? PublicKeyObject : PrivateKeyObject;
    return new C(type, { [kHandle]: handle });
  };

  function createSecretKey(key, encoding) {
    if (typeof key !== "string" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) throw new ERR_INVALID_ARG_TYPE("key", ["ArrayBuffer", "Buffer", "TypedArray", "DataView", "string"], key);
    return wrapKey(native.secretKey(toBytes(key, "key", encoding)));
  }
  // keyInput reads the many shapes Node takes a key in.
  function keyInput(key, kind) {
    if (key instanceof KeyObject) {
      if (kind === "private" && key.type !== "private") throw new ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE(key.type, "private");
      return { handle: key[kHandle], options: {} };
    }
    let options = {};
    if (typeof key === "object" && key !== null && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer) && !(typeof CryptoKey !== "undefined" && key instanceof CryptoKey)) {
      options = key;
      if (options.key instanceof KeyObject) return { handle: options.key[kHandle], options };
      key = options.key;
      if (options.format === "jwk") return { handle: native.parseKey(kind, JSON.stringify(key), "jwk", ""), options };
    }
    if (typeof key !== "string" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer)) {
      throw new ERR_INVALID_ARG_TYPE("key", ["string", "ArrayBuffer", "Buffer", "TypedArray", "DataView"], key);
    }
    const format = options.format || "pem";
    const data = typeof key === "string" && format === "der" ? Buffer.from(key, options.encoding) : key;
    return { handle: native.parseKey(kind, data, format, options.type || ""), options };
  }
  const createPublicKey = (key) => {
    const { handle } = keyInput(key, "public");
    return wrapKey(native.keyInfo(handle).type === "private" ? native.publicKey(handle) : handle);
  };
  const createPrivateKey = (key) => wrapKey(keyInput(key, "private").handle);

  function encodeKey(key, encoding) {
    if (!encoding) return key;
    validateObject(encoding, "options");
    const res = key.export(encoding);
    return res;
  }
  function generateKeyPairSync(type, options = {}) {
    validateString(type, "type");
    const { modulusLength = 2048, publicExponent = 65537, namedCurve } = options;
    if (type === "rsa" || type === "rsa-pss") validateInteger(modulusLength, "options.modulusLength", 1);
    if (type === "ec") validateString(namedCurve, "options.namedCurve");
    const [pub, priv] = native.generateKeyPair(type, modulusLength, publicExponent, namedCurve || "");
    return {
      publicKey: encodeKey(wrapKey(pub), options.publicKeyEncoding),
      privateKey: encodeKey(wrapKey(priv), options.privateKeyEncoding),
    };
  }
  function generateKeyPair(type, options, callback) {
    if (typeof options === "function") { callback = options; options = undefined; }
    validateFunction(callback, "callback");
    let pair;
    try { pair = generateKeyPairSync(type, options); } catch (e) { later(callback, e); return; }
    later(callback, null, pair.publicKey, pair.privateKey);
  }
  function generateKeySync(type, options) {
    validateString(type, "type");
    validateObject(options, "options");
    const { length } = options;
    if (type === "hmac") validateInteger(length, "options.length", 8, 2 ** 31 - 1);
    else if (type === "aes") { if (![128, 192, 256].includes(length)) throw new ERR_INVALID_ARG_VALUE("options.length", length, "must be one of: 128, 192, 256"); }
    else throw new ERR_INVALID_ARG_VALUE("type", type, "must be a supported key type");
    return createSecretKey(randomBytes(Math.floor(length / 8)));
  }
  function generateKey(type, options, callback) {
    validateFunction(callback, "callback");
    let key;
    try { key = generateKeySync(type, options); } catch (e) { later(callback, e); return; }
    later(callback, null, key);
  }

  // --- Sign and Verify ---
  function signOptions(options) {
    const padding = options.padding ?? constants.RSA_PKCS1_PADDING;
    const saltLength = options.saltLength ?? constants.RSA_PSS_SALTLEN_AUTO;
    const p1363 = options.dsaEncoding === "ieee-p1363";
    return [padding, saltLength, p1363];
  }
  function Sign(algorithm, options) {
    if (!(this instanceof Sign)) return new Sign(algorithm, options);
    validateString(algorithm, "algorithm");
    this[kState] = { algorithm, chunks: [] };
    Writable.call(this, options);
  }
  Object.setPrototypeOf(Sign.prototype, Writable.prototype);
  Object.setPrototypeOf(Sign, Writable);
  Sign.prototype._write = function (chunk, encoding, callback) { this.update(chunk, encoding === "buffer" ? undefined : encoding); callback(); };
  Sign.prototype.update = function update(data, encoding) {
    this[kState].chunks.push(Buffer.from(toBytes(data, "data", encoding)));
    return this;
  };
  Sign.prototype.sign = function sign(privateKey, outputEncoding) {
    if (!privateKey) throw new ERR_CRYPTO_SIGN_KEY_REQUIRED();
    const { handle, options } = keyInput(privateKey, "private");
    const sig = native.sign(this[kState].algorithm, Buffer.concat(this[kState].chunks), handle, ...signOptions(options));
    return out(sig, outputEncoding);
  };
  function Verify(algorithm, options) {
    if (!(this instanceof Verify)) return new Verify(algorithm, options);
    validateString(algorithm, "algorithm");
    this[kState] = { algorithm, chunks: [] };
    Writable.call(this, options);
  }
  Object.setPrototypeOf(Verify.prototype, Writable.prototype);
  Object.setPrototypeOf(Verify, Writable);
  Verify.prototype._write = Sign.prototype._write;
  Verify.prototype.update = Sign.prototype.update;
  Verify.prototype.verify = function verify(object, signature, sigEncoding) {
    const { handle, options } = keyInput(object, "public");
    return native.verify(this[kState].algorithm, Buffer.concat(this[kState].chunks), handle, toBytes(signature, "signature", sigEncoding), ...signOptions(options));
  };
  function signOneShot(algorithm, data, key, callback) {
    if (algorithm != null) validateString(algorithm, "algorithm");
    data = toBytes(data, "data");
    if (!key) throw new ERR_CRYPTO_SIGN_KEY_REQUIRED();
    const { handle, options } = keyInput(key, "private");
    const sig = Buffer.from(native.sign(algorithm, data, handle, ...signOptions(options)));
    if (callback) { later(callback, null, sig); return; }
    return sig;
  }
  function verifyOneShot(algorithm, data, key, signature, callback) {
    if (algorithm != null) validateString(algorithm, "algorithm");
    data = toBytes(data, "data");
    const { handle, options } = keyInput(key, "public");
    const ok = native.verify(algorithm, data, handle, toBytes(signature, "signature"), ...signOptions(options));
    if (callback) { later(callback, null, ok); return; }
    return ok;
  }

  const notImplemented = (name) => function () { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(`crypto.${name}`); };

  return {
    createHash, createHmac, hash, Hash, Hmac, getHashes: () => [...native.hashes], getCiphers: () => [...native.ciphers].sort(),
    getCurves: () => ["prime256v1", "secp384r1", "secp521r1"], getFips: () => 0, setFips: notImplemented("setFips"), fips: false,
    randomBytes, pseudoRandomBytes: randomBytes, randomFill, randomFillSync, randomInt, randomUUID, timingSafeEqual,
    getRandomValues: (array) => globalThis.crypto.getRandomValues(array),
    pbkdf2, pbkdf2Sync, scrypt, scryptSync, hkdf, hkdfSync,
    createCipheriv, createDecipheriv, Cipheriv: CipherivClass, Decipheriv: DecipherivClass,
    createSign: (algorithm, options) => new Sign(algorithm, options), createVerify: (algorithm, options) => new Verify(algorithm, options),
    Sign, Verify, sign: signOneShot, verify: verifyOneShot,
    KeyObject, SecretKeyObject, PublicKeyObject, PrivateKeyObject, createSecretKey, createPublicKey, createPrivateKey,
    generateKeyPair, generateKeyPairSync, generateKey, generateKeySync,
    webcrypto: globalThis.crypto, subtle: globalThis.crypto.subtle, CryptoKey: globalThis.CryptoKey, constants,
    createCipher: notImplemented("createCipher"), createDecipher: notImplemented("createDecipher"),
    createDiffieHellman: notImplemented("createDiffieHellman"), createDiffieHellmanGroup: notImplemented("createDiffieHellmanGroup"),
    getDiffieHellman: notImplemented("getDiffieHellman"), createECDH: notImplemented("createECDH"), diffieHellman: notImplemented("diffieHellman"),
    publicEncrypt: notImplemented("publicEncrypt"), privateDecrypt: notImplemented("privateDecrypt"), privateEncrypt: notImplemented("privateEncrypt"), publicDecrypt: notImplemented("publicDecrypt"),
    generatePrime: notImplemented("generatePrime"), generatePrimeSync: notImplemented("generatePrimeSync"), checkPrime: notImplemented("checkPrime"), checkPrimeSync: notImplemented("checkPrimeSync"),
    getCipherInfo: notImplemented("getCipherInfo"), secureHeapUsed: notImplemented("secureHeapUsed"), setEngine: notImplemented("setEngine"),
    Certificate: notImplemented("Certificate"), X509Certificate: notImplemented("X509Certificate"),
  };
})
