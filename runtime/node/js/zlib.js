// node:zlib: the sync, callback and stream APIs over Go's compressors (zlib.go), with
// workerd's constants and errors. A decompression stream decompresses when its input
// ends (Go's readers pull; they cannot be fed chunk by chunk).
(function (require, native, internal) {
  "use strict";
  const { Buffer } = require("buffer");
  const { Transform } = require("stream");
  const { codes, validateFunction } = internal;
  const constants = Object.freeze({ Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5, Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1, Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1, Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3, Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4897, DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7, BROTLI_DECODE: 8, BROTLI_ENCODE: 9, Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15, Z_DEFAULT_WINDOWBITS: 15, Z_MIN_CHUNK: 64, Z_MAX_CHUNK: 134217728, Z_DEFAULT_CHUNK: 16384, Z_MIN_MEMLEVEL: 1, Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1, BROTLI_OPERATION_PROCESS: 0, BROTLI_OPERATION_FLUSH: 1, BROTLI_OPERATION_FINISH: 2, BROTLI_OPERATION_EMIT_METADATA: 3, BROTLI_PARAM_MODE: 0, BROTLI_MODE_GENERIC: 0, BROTLI_MODE_TEXT: 1, BROTLI_MODE_FONT: 2, BROTLI_DEFAULT_MODE: 0, BROTLI_PARAM_QUALITY: 1, BROTLI_MIN_QUALITY: 0, BROTLI_MAX_QUALITY: 11, BROTLI_DEFAULT_QUALITY: 11, BROTLI_PARAM_LGWIN: 2, BROTLI_MIN_WINDOW_BITS: 10, BROTLI_MAX_WINDOW_BITS: 24, BROTLI_LARGE_MAX_WINDOW_BITS: 30, BROTLI_DEFAULT_WINDOW: 22, BROTLI_PARAM_LGBLOCK: 3, BROTLI_MIN_INPUT_BLOCK_BITS: 16, BROTLI_MAX_INPUT_BLOCK_BITS: 24, BROTLI_PARAM_DISABLE_LITERAL_CONTEXT_MODELING: 4, BROTLI_PARAM_SIZE_HINT: 5, BROTLI_PARAM_LARGE_WINDOW: 6, BROTLI_PARAM_NPOSTFIX: 7, BROTLI_PARAM_NDIRECT: 8, BROTLI_DECODER_RESULT_ERROR: 0, BROTLI_DECODER_RESULT_SUCCESS: 1, BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: 2, BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: 3, BROTLI_DECODER_PARAM_DISABLE_RING_BUFFER_REALLOCATION: 0, BROTLI_DECODER_PARAM_LARGE_WINDOW: 1, BROTLI_DECODER_NO_ERROR: 0, BROTLI_DECODER_SUCCESS: 1, BROTLI_DECODER_NEEDS_MORE_INPUT: 2, BROTLI_DECODER_NEEDS_MORE_OUTPUT: 3, BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_NIBBLE: -1, BROTLI_DECODER_ERROR_FORMAT_RESERVED: -2, BROTLI_DECODER_ERROR_FORMAT_EXUBERANT_META_NIBBLE: -3, BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_ALPHABET: -4, BROTLI_DECODER_ERROR_FORMAT_SIMPLE_HUFFMAN_SAME: -5, BROTLI_DECODER_ERROR_FORMAT_CL_SPACE: -6, BROTLI_DECODER_ERROR_FORMAT_HUFFMAN_SPACE: -7, BROTLI_DECODER_ERROR_FORMAT_CONTEXT_MAP_REPEAT: -8, BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_1: -9, BROTLI_DECODER_ERROR_FORMAT_BLOCK_LENGTH_2: -10, BROTLI_DECODER_ERROR_FORMAT_TRANSFORM: -11, BROTLI_DECODER_ERROR_FORMAT_DICTIONARY: -12, BROTLI_DECODER_ERROR_FORMAT_WINDOW_BITS: -13, BROTLI_DECODER_ERROR_FORMAT_PADDING_1: -14, BROTLI_DECODER_ERROR_FORMAT_PADDING_2: -15, BROTLI_DECODER_ERROR_FORMAT_DISTANCE: -16, BROTLI_DECODER_ERROR_DICTIONARY_NOT_SET: -19, BROTLI_DECODER_ERROR_INVALID_ARGUMENTS: -20, BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MODES: -21, BROTLI_DECODER_ERROR_ALLOC_TREE_GROUPS: -22, BROTLI_DECODER_ERROR_ALLOC_CONTEXT_MAP: -25, BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_1: -26, BROTLI_DECODER_ERROR_ALLOC_RING_BUFFER_2: -27, BROTLI_DECODER_ERROR_ALLOC_BLOCK_TYPE_TREES: -30, BROTLI_DECODER_ERROR_UNREACHABLE: -31, ZSTD_ENCODE: 10, ZSTD_DECODE: 11, ZSTD_COMPRESS: 10, ZSTD_DECOMPRESS: 11, ZSTD_e_continue: 0, ZSTD_e_flush: 1, ZSTD_e_end: 2, ZSTD_c_compressionLevel: 100, ZSTD_c_windowLog: 101, ZSTD_c_hashLog: 102, ZSTD_c_chainLog: 103, ZSTD_c_searchLog: 104, ZSTD_c_minMatch: 105, ZSTD_c_targetLength: 106, ZSTD_c_strategy: 107, ZSTD_c_enableLongDistanceMatching: 160, ZSTD_c_ldmHashLog: 161, ZSTD_c_ldmMinMatch: 162, ZSTD_c_ldmBucketSizeLog: 163, ZSTD_c_ldmHashRateLog: 164, ZSTD_c_contentSizeFlag: 200, ZSTD_c_checksumFlag: 201, ZSTD_c_dictIDFlag: 202, ZSTD_c_nbWorkers: 400, ZSTD_c_jobSize: 401, ZSTD_c_overlapLog: 402, ZSTD_d_windowLogMax: 100, ZSTD_fast: 1, ZSTD_dfast: 2, ZSTD_greedy: 3, ZSTD_lazy: 4, ZSTD_lazy2: 5, ZSTD_btlazy2: 6, ZSTD_btopt: 7, ZSTD_btultra: 8, ZSTD_btultra2: 9, ZSTD_CLEVEL_DEFAULT: 3, ZSTD_error_no_error: 0, ZSTD_error_GENERIC: 1, ZSTD_error_prefix_unknown: 10, ZSTD_error_version_unsupported: 12, ZSTD_error_frameParameter_unsupported: 14, ZSTD_error_frameParameter_windowTooLarge: 16, ZSTD_error_corruption_detected: 20, ZSTD_error_checksum_wrong: 22, ZSTD_error_literals_headerWrong: 24, ZSTD_error_dictionary_corrupted: 30, ZSTD_error_dictionary_wrong: 32, ZSTD_error_dictionaryCreation_failed: 34, ZSTD_error_parameter_unsupported: 40, ZSTD_error_parameter_combination_unsupported: 41, ZSTD_error_parameter_outOfBound: 42, ZSTD_error_tableLog_tooLarge: 44, ZSTD_error_maxSymbolValue_tooLarge: 46, ZSTD_error_maxSymbolValue_tooSmall: 48, ZSTD_error_stabilityCondition_notRespected: 50, ZSTD_error_stage_wrong: 60, ZSTD_error_init_missing: 62, ZSTD_error_memory_allocation: 64, ZSTD_error_workSpace_tooSmall: 66, ZSTD_error_dstSize_tooSmall: 70, ZSTD_error_srcSize_wrong: 72, ZSTD_error_dstBuffer_null: 74, ZSTD_error_noForwardProgress_destFull: 80, ZSTD_error_noForwardProgress_inputEmpty: 82 });

  function input(data) {
    if (typeof data === "string") return Buffer.from(data);
    if (ArrayBuffer.isView(data)) return data;
    if (data instanceof ArrayBuffer) return new Uint8Array(data);
    throw new TypeError("Failed to execute 'zlibSync' on 'ZlibUtil': parameter 1 is not of type 'string or ArrayBuffer or ArrayBufferView'.");
  }
  function levelOf(kind, opts) {
    if (kind === "brotli") {
      const q = opts && opts.params && opts.params[constants.BROTLI_PARAM_QUALITY];
      return q === undefined ? constants.BROTLI_DEFAULT_QUALITY : q;
    }
    const level = opts && opts.level !== undefined ? opts.level : constants.Z_DEFAULT_COMPRESSION;
    if (typeof level !== "number" || !Number.isInteger(level)) throw new codes.ERR_INVALID_ARG_TYPE("options.level", "number", level);
    if (level < -1 || level > 9) throw new codes.ERR_OUT_OF_RANGE("options.level", ">= -1 and <= 9", level);
    return level;
  }
  const compressKinds = { gzip: "gzip", deflate: "deflate", deflateRaw: "deflateRaw", brotliCompress: "brotli" };
  const syncOf = (name) => compressKinds[name]
    ? (data, opts) => Buffer.from(native.compress(compressKinds[name], input(data), levelOf(compressKinds[name], opts)))
    : (data, opts) => Buffer.from(native.decompress(name, input(data)));
  const asyncOf = (sync) => (data, opts, callback) => {
    if (typeof opts === "function") { callback = opts; opts = {}; }
    validateFunction(callback, "callback");
    let result, error = null;
    try { result = sync(data, opts); } catch (e) { error = e; }
    setTimeout(() => (error ? callback(error) : callback(null, result)), 0);
  };

  // Zlib is the stream every class is: a compressor streams; a decompressor collects.
  class ZlibBase extends Transform {
    #kind; #compressor; #chunks = []; #written = 0;
    constructor(kind, opts) {
      super({ ...opts, objectMode: false });
      this.#kind = kind;
      if (compressKinds[kind]) this.#compressor = native.compressor(compressKinds[kind], levelOf(compressKinds[kind], opts));
    }
    get bytesWritten() { return this.#written; }
    _transform(chunk, encoding, callback) {
      const data = typeof chunk === "string" ? Buffer.from(chunk, encoding) : chunk;
      this.#written += data.length;
      if (this.#compressor) {
        const out = this.#compressor.write(data);
        if (out.byteLength) this.push(Buffer.from(out));
      } else this.#chunks.push(Buffer.from(data));
      callback();
    }
    _flush(callback) {
      try {
        if (this.#compressor) this.push(Buffer.from(this.#compressor.end()));
        else this.push(Buffer.from(native.decompress(this.#kind, Buffer.concat(this.#chunks))));
        callback();
      } catch (e) { callback(e); }
    }
    flush(kind, callback) {
      if (typeof kind === "function") callback = kind;
      if (this.#compressor) {
        const out = this.#compressor.flush();
        if (out.byteLength) this.push(Buffer.from(out));
      }
      if (typeof callback === "function") queueMicrotask(callback);
    }
    params(level, strategy, callback) { if (typeof callback === "function") queueMicrotask(callback); }
    reset() {}
    close(callback) { if (typeof callback === "function") this.once("close", callback); this.destroy(); }
  }
  const classes = {};
  const decompressors = { Gunzip: "gunzip", Inflate: "inflate", InflateRaw: "inflateRaw", Unzip: "unzip", BrotliDecompress: "brotliDecompress" };
  const compressors = { Gzip: "gzip", Deflate: "deflate", DeflateRaw: "deflateRaw", BrotliCompress: "brotliCompress" };
  for (const [name, kind] of Object.entries({ ...compressors, ...decompressors })) {
    const C = class extends ZlibBase { constructor(opts) { super(kind, opts); } };
    Object.defineProperty(C, "name", { value: name });
    const callable = function (opts) { return new C(opts); };
    callable.prototype = C.prototype;
    Object.defineProperty(callable, Symbol.hasInstance, { value: (v) => v instanceof C });
    Object.defineProperty(callable, "name", { value: name });
    classes[name] = callable;
  }
  const zstd = () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("zstd"); };

  const zlib = {
    crc32(data, value = 0) {
      if (typeof data !== "string" && !ArrayBuffer.isView(data)) throw new codes.ERR_INVALID_ARG_TYPE("data", ["Buffer", "TypedArray", "DataView", "string"], data);
      return native.crc32(typeof data === "string" ? Buffer.from(data) : data, value);
    },
    constants,
    codes: Object.freeze({ Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3, Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, 0: "Z_OK", 1: "Z_STREAM_END", 2: "Z_NEED_DICT", "-1": "Z_ERRNO", "-2": "Z_STREAM_ERROR", "-3": "Z_DATA_ERROR", "-4": "Z_MEM_ERROR", "-5": "Z_BUF_ERROR", "-6": "Z_VERSION_ERROR" }),
    ZstdCompress: zstd, ZstdDecompress: zstd, createZstdCompress: zstd, createZstdDecompress: zstd,
    zstdCompress: zstd, zstdCompressSync: zstd, zstdDecompress: zstd, zstdDecompressSync: zstd,
  };
  for (const name of [...Object.values(compressors), ...Object.values(decompressors).map((k) => k)]) {
    const fn = name === "brotli" ? "brotliCompress" : name;
    const sync = syncOf(fn);
    zlib[fn + "Sync"] = sync;
    zlib[fn] = asyncOf(sync);
  }
  for (const [name, C] of Object.entries(classes)) {
    zlib[name] = C;
    zlib["create" + name] = (opts) => new C(opts);
  }
  Object.assign(zlib, constants);
  return zlib;
})
