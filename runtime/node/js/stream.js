// node:stream: Readable, Writable, Duplex, Transform and PassThrough with Node's
// semantics (paused and flowing modes, highWaterMark back-pressure, 'readable', 'data',
// 'end', 'finish', 'close', destroy with an error), pipe, pipeline, finished, the
// promises API and the bridges to Web streams. Work is deferred with process.nextTick,
// which is a microtask in workerd as here.
(function (require, native, internal) {
  "use strict";
  const EE = require("events");
  const { Buffer } = require("buffer");
  const { codes, nodeError, AbortError, validateFunction, validateAbortSignal } = internal;
  const nextTick = (fn, ...args) => queueMicrotask(() => fn(...args));

  const ERR_STREAM_PUSH_AFTER_EOF = nodeError(Error, "ERR_STREAM_PUSH_AFTER_EOF", "stream.push() after EOF");
  const ERR_STREAM_WRITE_AFTER_END = nodeError(Error, "ERR_STREAM_WRITE_AFTER_END", "write after end");
  const ERR_STREAM_DESTROYED = nodeError(Error, "ERR_STREAM_DESTROYED", (m) => `Cannot call ${m} after a stream was destroyed`);
  const ERR_STREAM_NULL_VALUES = nodeError(TypeError, "ERR_STREAM_NULL_VALUES", "May not write null values to stream");
  const ERR_STREAM_PREMATURE_CLOSE = nodeError(Error, "ERR_STREAM_PREMATURE_CLOSE", "Premature close");
  const ERR_STREAM_UNSHIFT_AFTER_END_EVENT = nodeError(Error, "ERR_STREAM_UNSHIFT_AFTER_END_EVENT", "stream.unshift() after end event");
  const ERR_MULTIPLE_CALLBACK = nodeError(Error, "ERR_MULTIPLE_CALLBACK", "Callback called multiple times");
  const ERR_STREAM_ALREADY_FINISHED = nodeError(Error, "ERR_STREAM_ALREADY_FINISHED", (m) => `Cannot call ${m} after a stream was finished`);

  let defaultHWM = 64 * 1024, defaultObjectHWM = 16; // Node 22's
  const getDefaultHighWaterMark = (objectMode) => (objectMode ? defaultObjectHWM : defaultHWM);
  function setDefaultHighWaterMark(objectMode, value) {
    internal.validateInteger(value, "value", 0);
    if (objectMode) defaultObjectHWM = value; else defaultHWM = value;
  }
  function hwmFrom(options, key, objectMode) {
    const v = options && (options.highWaterMark ?? options[key]);
    if (v == null) return getDefaultHighWaterMark(objectMode);
    if (!Number.isInteger(v) || v < 0) throw new codes.ERR_INVALID_ARG_VALUE(`options.${options.highWaterMark != null ? "highWaterMark" : key}`, v);
    return v;
  }
  const chunkLength = (state, chunk) => (state.objectMode ? 1 : chunk.length);

  // Stream is the legacy base: an EventEmitter with pipe.
  function Stream(opts) { EE.call(this, opts); }
  Object.setPrototypeOf(Stream.prototype, EE.prototype);
  Object.setPrototypeOf(Stream, EE);

  // destroyImpl is shared by every kind of stream.
  function destroy(err, cb) {
    const r = this._readableState, w = this._writableState;
    const s = w || r;
    if ((w && w.destroyed) || (r && r.destroyed)) {
      if (typeof cb === "function") cb();
      return this;
    }
    if (err) {
      if (w && !w.errored) w.errored = err;
      if (r && !r.errored) r.errored = err;
    }
    if (w) w.destroyed = true;
    if (r) r.destroyed = true;
    const done = (e) => {
      if (e) {
        if (w && !w.errored) w.errored = e;
        if (r && !r.errored) r.errored = e;
      }
      if (w) w.closed = true;
      if (r) r.closed = true;
      if (typeof cb === "function") cb(e);
      nextTick(() => {
        const error = e || err;
        if (error && !(s.errorEmitted)) {
          if (w) w.errorEmitted = true;
          if (r) r.errorEmitted = true;
          this.emit("error", error);
        }
        if ((w ? w.emitClose : true) && (r ? r.emitClose : true)) this.emit("close");
      });
    };
    try { this._destroy(err || null, done); } catch (e) { done(e); }
    return this;
  }
  function errorOrDestroy(stream, err) {
    const r = stream._readableState, w = stream._writableState;
    if ((w && w.destroyed) || (r && r.destroyed)) return;
    if ((r && r.autoDestroy) || (w && w.autoDestroy)) stream.destroy(err);
    else if (err) {
      if (w) w.errored = w.errored || err;
      if (r) r.errored = r.errored || err;
      nextTick(() => stream.emit("error", err));
    }
  }

  // --- Readable ---
  class ReadableState {
    constructor(options, stream, isDuplex) {
      this.objectMode = !!(options && (options.objectMode || (isDuplex && options.readableObjectMode)));
      this.highWaterMark = hwmFrom(options, "readableHighWaterMark", this.objectMode);
      this.buffer = [];
      this.length = 0;
      this.pipes = [];
      this.flowing = null;
      this.ended = false;
      this.endEmitted = false;
      this.reading = false;
      this.constructed = true;
      this.sync = true;
      this.needReadable = false;
      this.emittedReadable = false;
      this.readableListening = false;
      this.resumeScheduled = false;
      this.errorEmitted = false;
      this.emitClose = !options || options.emitClose !== false;
      this.autoDestroy = !options || options.autoDestroy !== false;
      this.destroyed = false;
      this.errored = null;
      this.closed = false;
      this.defaultEncoding = (options && options.defaultEncoding) || "utf8";
      this.awaitDrainWriters = null;
      this.dataEmitted = false;
      this.decoder = null;
      this.encoding = null;
      if (options && options.encoding) {
        const { StringDecoder } = require("string_decoder");
        this.decoder = new StringDecoder(options.encoding);
        this.encoding = options.encoding;
      }
    }
  }

  function Readable(options) {
    if (!(this instanceof Readable)) return new Readable(options);
    const isDuplex = this instanceof Duplex;
    this._readableState = new ReadableState(options, this, isDuplex);
    if (options) {
      if (typeof options.read === "function") this._read = options.read;
      if (typeof options.destroy === "function") this._destroy = options.destroy;
      if (typeof options.construct === "function") this._construct = options.construct;
      if (options.signal && !isDuplex) addAbortSignal(options.signal, this);
    }
    Stream.call(this, options);
    if (typeof this._construct === "function") construct(this);
  }
  Object.setPrototypeOf(Readable.prototype, Stream.prototype);
  Object.setPrototypeOf(Readable, Stream);

  function construct(stream) {
    const r = stream._readableState, w = stream._writableState;
    if (r) r.constructed = false;
    if (w) w.constructed = false;
    nextTick(() => {
      let called = false;
      stream._construct((err) => {
        if (called) return;
        called = true;
        if (r) r.constructed = true;
        if (w) w.constructed = true;
        if (err) stream.destroy(err);
        else {
          if (r && (r.needReadable || r.flowing)) maybeReadMore(stream, r);
          if (w) { clearBuffer(stream, w); finishMaybe(stream, w); }
          if (r && r.flowing) flow(stream);
        }
      });
    });
  }

  Readable.prototype.destroy = destroy;
  Readable.prototype._destroy = function (err, cb) { cb(err); };
  Readable.prototype._undestroy = function () {
    const r = this._readableState;
    Object.assign(r, { destroyed: false, closed: false, errored: null, errorEmitted: false, ended: false, endEmitted: false, reading: false });
  };
  Readable.prototype[EE.captureRejectionSymbol] = function (err) { this.destroy(err); };
  Readable.prototype._read = function () { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("_read()"); };

  Readable.prototype.push = function (chunk, encoding) { return readableAddChunk(this, chunk, encoding, false); };
  Readable.prototype.unshift = function (chunk, encoding) { return readableAddChunk(this, chunk, encoding, true); };

  function readableAddChunk(stream, chunk, encoding, addToFront) {
    const state = stream._readableState;
    if (chunk === null) {
      state.reading = false;
      onEofChunk(stream, state);
      return false;
    }
    if (!state.objectMode) {
      if (typeof chunk === "string") {
        encoding = encoding || state.defaultEncoding;
        if (state.encoding !== encoding) {
          if (addToFront && state.encoding) chunk = Buffer.from(chunk, encoding).toString(state.encoding);
          else { chunk = Buffer.from(chunk, encoding); encoding = ""; }
        }
      } else if (chunk instanceof Uint8Array) {
        if (!Buffer.isBuffer(chunk)) chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      } else if (chunk !== undefined) {
        errorOrDestroy(stream, new codes.ERR_INVALID_ARG_TYPE("chunk", ["string", "Buffer", "Uint8Array"], chunk));
        return false;
      }
    }
    if (chunk === undefined || (!state.objectMode && chunk.length === 0)) {
      state.reading = false;
      maybeReadMore(stream, state);
      return state.length < state.highWaterMark;
    }
    if (addToFront) {
      if (state.endEmitted) { errorOrDestroy(stream, new ERR_STREAM_UNSHIFT_AFTER_END_EVENT()); return false; }
      if (state.destroyed || state.errored) return false;
      addChunk(stream, state, chunk, true);
    } else if (state.ended) {
      errorOrDestroy(stream, new ERR_STREAM_PUSH_AFTER_EOF());
      return false;
    } else if (state.destroyed || state.errored) {
      return false;
    } else {
      state.reading = false;
      if (state.decoder && !encoding) {
        chunk = state.decoder.write(chunk);
        if (state.objectMode || chunk.length !== 0) addChunk(stream, state, chunk, false);
        else maybeReadMore(stream, state);
      } else addChunk(stream, state, chunk, false);
    }
    return !state.ended && (state.length < state.highWaterMark || state.length === 0);
  }

  function addChunk(stream, state, chunk, addToFront) {
    if (state.flowing && state.length === 0 && !state.sync && stream.listenerCount("data") > 0) {
      state.dataEmitted = true;
      stream.emit("data", chunk);
    } else {
      state.length += chunkLength(state, chunk);
      if (addToFront) state.buffer.unshift(chunk);
      else state.buffer.push(chunk);
      if (state.needReadable) emitReadable(stream);
    }
    maybeReadMore(stream, state);
  }

  function onEofChunk(stream, state) {
    if (state.ended) return;
    if (state.decoder) {
      const chunk = state.decoder.end();
      if (chunk && chunk.length) {
        state.buffer.push(chunk);
        state.length += state.objectMode ? 1 : chunk.length;
      }
    }
    state.ended = true;
    if (state.sync) emitReadable(stream);
    else {
      state.needReadable = false;
      state.emittedReadable = true;
      emitReadable_(stream);
    }
  }

  function emitReadable(stream) {
    const state = stream._readableState;
    state.needReadable = false;
    if (!state.emittedReadable) {
      state.emittedReadable = true;
      nextTick(emitReadable_, stream);
    }
  }
  function emitReadable_(stream) {
    const state = stream._readableState;
    if (!state.destroyed && !state.errored && (state.length || state.ended)) {
      stream.emit("readable");
      state.emittedReadable = false;
    }
    state.needReadable = !state.flowing && !state.ended && state.length <= state.highWaterMark;
    flow(stream);
  }

  function maybeReadMore(stream, state) {
    if (!state.readingMore && state.constructed) {
      state.readingMore = true;
      nextTick(() => {
        while (!state.reading && !state.ended && (state.length < state.highWaterMark || (state.flowing && state.length === 0))) {
          const len = state.length;
          stream.read(0);
          if (len === state.length) break;
        }
        state.readingMore = false;
      });
    }
  }

  function howMuchToRead(n, state) {
    if (n <= 0 || (state.length === 0 && state.ended)) return 0;
    if (state.objectMode) return 1;
    if (Number.isNaN(n)) return state.flowing && state.length ? state.buffer[0].length : state.length;
    if (n <= state.length) return n;
    return state.ended ? state.length : 0;
  }

  Readable.prototype.read = function (n) {
    if (n === undefined) n = NaN;
    else if (!Number.isInteger(n)) n = Number.parseInt(n, 10);
    const state = this._readableState;
    const nOrig = n;
    if (n > state.highWaterMark) state.highWaterMark = Math.min(2 ** 30, 2 ** Math.ceil(Math.log2(n)));
    if (n !== 0) state.emittedReadable = false;
    if (n === 0 && state.needReadable && ((state.highWaterMark !== 0 ? state.length >= state.highWaterMark : state.length > 0) || state.ended)) {
      if (state.length === 0 && state.ended) endReadable(this);
      else emitReadable(this);
      return null;
    }
    n = howMuchToRead(n, state);
    if (n === 0 && state.ended) {
      if (state.length === 0) endReadable(this);
      return null;
    }
    let doRead = state.needReadable;
    if (state.length === 0 || state.length - n < state.highWaterMark) doRead = true;
    if (state.ended || state.reading || state.destroyed || state.errored || !state.constructed) doRead = false;
    else if (doRead) {
      state.reading = true;
      state.sync = true;
      if (state.length === 0) state.needReadable = true;
      try { this._read(state.highWaterMark); } catch (err) { errorOrDestroy(this, err); }
      state.sync = false;
      if (!state.reading) n = howMuchToRead(nOrig, state);
    }
    let ret = n > 0 ? fromList(n, state) : null;
    if (ret === null) {
      state.needReadable = state.length <= state.highWaterMark;
      n = 0;
    } else {
      state.length -= n;
      state.awaitDrainWriters = null;
    }
    if (state.length === 0) {
      if (!state.ended) state.needReadable = true;
      if (nOrig !== n && state.ended) endReadable(this);
    }
    if (ret !== null && !state.errorEmitted && !state.closeEmitted) {
      state.dataEmitted = true;
      this.emit("data", ret);
    }
    return ret;
  };

  function fromList(n, state) {
    if (state.length === 0) return null;
    if (state.objectMode) return state.buffer.shift();
    if (!n || n >= state.length) {
      let ret;
      if (state.decoder) ret = state.buffer.join("");
      else if (state.buffer.length === 1) ret = state.buffer[0];
      else ret = Buffer.concat(state.buffer, state.length);
      state.buffer.length = 0;
      return ret;
    }
    // n is less than what is buffered: take whole chunks and a part of the next.
    let out = state.decoder ? "" : Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const chunk = state.buffer[0];
      const take = Math.min(n - got, chunk.length);
      if (state.decoder) out += chunk.slice(0, take);
      else out.set(chunk.subarray(0, take), got);
      got += take;
      if (take === chunk.length) state.buffer.shift();
      else state.buffer[0] = state.decoder ? chunk.slice(take) : chunk.subarray(take);
    }
    return out;
  }

  function endReadable(stream) {
    const state = stream._readableState;
    if (!state.endEmitted) {
      state.ended = true;
      nextTick(endReadableNT, state, stream);
    }
  }
  function endReadableNT(state, stream) {
    if (!state.errored && !state.closeEmitted && !state.endEmitted && state.length === 0) {
      state.endEmitted = true;
      stream.emit("end");
      const w = stream._writableState;
      if (w && w.autoDestroy && !(w.finished || w.writable === false)) {
        // A duplex waits for its writable side.
      } else if (state.autoDestroy && (!w || (w.autoDestroy && (w.finished || w.writable === false)))) {
        stream.destroy();
      }
    }
  }

  Readable.prototype.on = function (ev, fn) {
    const res = Stream.prototype.on.call(this, ev, fn);
    const state = this._readableState;
    if (ev === "data") {
      state.readableListening = this.listenerCount("readable") > 0;
      if (state.flowing !== false) this.resume();
    } else if (ev === "readable") {
      if (!state.endEmitted && !state.readableListening) {
        state.readableListening = state.needReadable = true;
        state.flowing = false;
        state.emittedReadable = false;
        if (state.length) emitReadable(this);
        else if (!state.reading) nextTick(() => this.read(0));
      }
    }
    return res;
  };
  Readable.prototype.addListener = Readable.prototype.on;
  Readable.prototype.removeListener = function (ev, fn) {
    const res = Stream.prototype.removeListener.call(this, ev, fn);
    if (ev === "readable") nextTick(updateReadableListening, this);
    return res;
  };
  Readable.prototype.off = Readable.prototype.removeListener;
  Readable.prototype.removeAllListeners = function (ev) {
    const res = Stream.prototype.removeAllListeners.apply(this, arguments);
    if (ev === "readable" || ev === undefined) nextTick(updateReadableListening, this);
    return res;
  };
  function updateReadableListening(self) {
    const state = self._readableState;
    state.readableListening = self.listenerCount("readable") > 0;
    if (state.resumeScheduled && state.paused === false) state.flowing = true;
    else if (self.listenerCount("data") > 0) self.resume();
    else if (!state.readableListening) state.flowing = null;
  }

  Readable.prototype.resume = function () {
    const state = this._readableState;
    if (!state.flowing) {
      state.flowing = !state.readableListening;
      if (!state.resumeScheduled) {
        state.resumeScheduled = true;
        nextTick(() => {
          if (!state.reading) this.read(0);
          state.resumeScheduled = false;
          this.emit("resume");
          flow(this);
          if (state.flowing && !state.reading) this.read(0);
        });
      }
    }
    state.paused = false;
    return this;
  };
  Readable.prototype.pause = function () {
    const state = this._readableState;
    if (state.flowing !== false) {
      state.flowing = false;
      this.emit("pause");
    }
    state.paused = true;
    return this;
  };
  Readable.prototype.isPaused = function () { const s = this._readableState; return s.paused === true || s.flowing === false; };
  function flow(stream) {
    const state = stream._readableState;
    while (state.flowing && stream.read() !== null);
  }
  Readable.prototype.setEncoding = function (enc) {
    const { StringDecoder } = require("string_decoder");
    const decoder = new StringDecoder(enc);
    const state = this._readableState;
    state.decoder = decoder;
    state.encoding = decoder.encoding;
    let content = "";
    for (const data of state.buffer) content += decoder.write(data);
    state.buffer.length = 0;
    if (content !== "") state.buffer.push(content);
    state.length = content.length;
    return this;
  };

  Readable.prototype.pipe = function (dest, pipeOpts) {
    const src = this;
    const state = this._readableState;
    state.pipes.push(dest);
    const doEnd = (!pipeOpts || pipeOpts.end !== false);
    const endFn = doEnd ? onend : unpipe;
    if (state.endEmitted) nextTick(endFn);
    else src.once("end", endFn);
    dest.on("unpipe", onunpipe);
    function onunpipe(readable, info) {
      if (readable === src && info && info.hasUnpiped === false) {
        info.hasUnpiped = true;
        cleanup();
      }
    }
    function onend() { dest.end(); }
    let ondrain;
    let cleanedUp = false;
    function cleanup() {
      dest.removeListener("close", onclose);
      dest.removeListener("finish", onfinish);
      if (ondrain) dest.removeListener("drain", ondrain);
      dest.removeListener("error", onerror);
      dest.removeListener("unpipe", onunpipe);
      src.removeListener("end", onend);
      src.removeListener("end", unpipe);
      src.removeListener("data", ondata);
      cleanedUp = true;
      if (ondrain && state.awaitDrainWriters && (!dest._writableState || dest._writableState.needDrain)) ondrain();
    }
    function pause() {
      if (!cleanedUp) {
        state.awaitDrainWriters = dest;
        src.pause();
      }
      if (!ondrain) {
        ondrain = () => {
          state.awaitDrainWriters = null;
          if (src.listenerCount("data")) { state.flowing = true; flow(src); }
        };
        dest.on("drain", ondrain);
      }
    }
    src.on("data", ondata);
    function ondata(chunk) {
      const ret = dest.write(chunk);
      if (ret === false) pause();
    }
    function onerror(er) {
      unpipe();
      dest.removeListener("error", onerror);
      if (dest.listenerCount("error") === 0) {
        const s = dest._writableState || dest._readableState;
        if (s && !s.errorEmitted) errorOrDestroy(dest, er);
        else dest.emit("error", er);
      }
    }
    dest.prependListener("error", onerror);
    function onclose() { dest.removeListener("finish", onfinish); unpipe(); }
    dest.once("close", onclose);
    function onfinish() { dest.removeListener("close", onclose); unpipe(); }
    dest.once("finish", onfinish);
    function unpipe() { src.unpipe(dest); }
    dest.emit("pipe", src);
    if (dest.writableNeedDrain === true) pause();
    else if (!state.flowing) src.resume();
    return dest;
  };
  Readable.prototype.unpipe = function (dest) {
    const state = this._readableState;
    const unpipeInfo = { hasUnpiped: false };
    if (state.pipes.length === 0) return this;
    const targets = dest ? [dest] : state.pipes.slice();
    for (const d of targets) {
      const i = state.pipes.indexOf(d);
      if (i === -1) continue;
      state.pipes.splice(i, 1);
      if (state.pipes.length === 0) this.pause();
      d.emit("unpipe", this, unpipeInfo);
    }
    return this;
  };

  Readable.prototype.wrap = function (stream) {
    let paused = false;
    stream.on("data", (chunk) => { if (!this.push(chunk) && stream.pause) { paused = true; stream.pause(); } });
    stream.on("end", () => this.push(null));
    stream.on("error", (err) => errorOrDestroy(this, err));
    stream.on("close", () => this.destroy());
    stream.on("destroy", () => this.destroy());
    this._read = () => { if (paused && stream.resume) { paused = false; stream.resume(); } };
    return this;
  };

  Readable.prototype[Symbol.asyncIterator] = function () { return createAsyncIterator(this); };
  Readable.prototype.iterator = function (options) { return createAsyncIterator(this, options); };
  function createAsyncIterator(stream, options) {
    const destroyOnReturn = !options || options.destroyOnReturn !== false;
    let error = null, done = false, waiting = null;
    const wake = () => { if (waiting) { const w = waiting; waiting = null; w(); } };
    stream.on("readable", wake);
    const cleanup = eos(stream, { writable: false }, (err) => {
      error = err && err.code !== "ERR_STREAM_PREMATURE_CLOSE" ? err : null;
      if (err && err.code === "ERR_STREAM_PREMATURE_CLOSE" && !stream._readableState.endEmitted) error = err;
      done = true;
      wake();
    });
    const finish = (err) => {
      cleanup();
      stream.removeListener("readable", wake);
      if (destroyOnReturn && !stream._readableState.endEmitted) stream.destroy(err);
    };
    const iterator = {
      async next() {
        while (true) {
          const chunk = stream.destroyed ? null : stream.read();
          if (chunk !== null) return { value: chunk, done: false };
          if (error) { const e = error; error = null; finish(e); throw e; }
          if (done) { finish(); return { value: undefined, done: true }; }
          await new Promise((resolve) => { waiting = resolve; });
        }
      },
      async return(value) {
        finish();
        return { value, done: true };
      },
      async throw(err) { finish(err); throw err; },
      [Symbol.asyncIterator]() { return this; },
    };
    return iterator;
  }

  Readable.from = function (iterable, opts) { return from(Readable, iterable, opts); };
  function from(Ctor, iterable, opts) {
    if (typeof iterable === "string" || iterable instanceof Uint8Array) {
      return new Ctor({ objectMode: true, ...opts, read() { this.push(iterable); this.push(null); } });
    }
    let iterator, isAsync;
    if (iterable && typeof iterable[Symbol.asyncIterator] === "function") { isAsync = true; iterator = iterable[Symbol.asyncIterator](); }
    else if (iterable && typeof iterable[Symbol.iterator] === "function") { isAsync = false; iterator = iterable[Symbol.iterator](); }
    else throw new codes.ERR_INVALID_ARG_TYPE("iterable", ["Iterable"], iterable);
    let reading = false;
    const readable = new Ctor({
      objectMode: true, highWaterMark: 1, ...opts,
      read() { if (!reading) { reading = true; next(); } },
      destroy(error, cb) {
        Promise.resolve().then(async () => { if (typeof iterator.return === "function") await iterator.return(); }).then(() => cb(error), (e) => cb(e || error));
      },
    });
    async function next() {
      for (;;) {
        try {
          const { value, done } = isAsync ? await iterator.next() : iterator.next();
          if (done) { readable.push(null); return; }
          const chunk = value && typeof value.then === "function" ? await value : value;
          if (chunk === null) { reading = false; throw new ERR_STREAM_NULL_VALUES(); }
          if (readable.push(chunk)) continue;
          reading = false;
        } catch (err) { readable.destroy(err); }
        break;
      }
    }
    return readable;
  }

  Readable.fromWeb = function (readableStream, options) {
    const reader = readableStream.getReader();
    return new Readable({
      objectMode: true, highWaterMark: 1, ...options,
      read() {
        reader.read().then(({ value, done }) => {
          if (done) this.push(null);
          else this.push(value instanceof Uint8Array && !(options && options.objectMode) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value);
        }, (err) => this.destroy(err));
      },
      destroy(err, cb) { reader.cancel(err).then(() => cb(err), () => cb(err)); },
    });
  };
  Readable.toWeb = function (readable) {
    const objectMode = readable._readableState.objectMode;
    return new ReadableStream({
      start(controller) {
        readable.on("data", (chunk) => {
          controller.enqueue(objectMode || typeof chunk !== "string" ? (Buffer.isBuffer(chunk) ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength) : chunk) : new TextEncoder().encode(chunk));
          if (controller.desiredSize <= 0) readable.pause();
        });
        eos(readable, (err) => { if (err && err.code !== "ERR_STREAM_PREMATURE_CLOSE") controller.error(err); else { try { controller.close(); } catch {} } });
        readable.pause();
      },
      pull() { readable.resume(); },
      cancel(reason) { readable.destroy(reason); },
    });
  };
  Readable.isDisturbed = (s) => !!(s._readableState && (s._readableState.dataEmitted || s._readableState.endEmitted || s._readableState.errored));

  const readableProps = {
    readable: { get() { const r = this._readableState; return !!r && r.readable !== false && !r.destroyed && !r.errorEmitted && !r.endEmitted; }, set(v) { if (this._readableState) this._readableState.readable = !!v; } },
    readableDidRead: { get() { return this._readableState.dataEmitted; } },
    readableAborted: { get() { const r = this._readableState; return !!(r.readable !== false && (r.destroyed || r.errored) && !r.endEmitted); } },
    readableHighWaterMark: { get() { return this._readableState.highWaterMark; } },
    readableBuffer: { get() { return this._readableState && this._readableState.buffer; } },
    readableFlowing: { get() { return this._readableState.flowing; }, set(v) { if (this._readableState) this._readableState.flowing = v; } },
    readableLength: { get() { return this._readableState.length; } },
    readableObjectMode: { get() { return this._readableState ? this._readableState.objectMode : false; } },
    readableEncoding: { get() { return this._readableState ? this._readableState.encoding : null; } },
    errored: { get() { return this._readableState ? this._readableState.errored : null; } },
    closed: { get() { return this._readableState ? this._readableState.closed : false; } },
    destroyed: { get() { return this._readableState ? this._readableState.destroyed : false; }, set(v) { if (this._readableState) this._readableState.destroyed = v; } },
    readableEnded: { get() { return this._readableState ? this._readableState.endEmitted : false; } },
  };
  Object.defineProperties(Readable.prototype, readableProps);

  // --- Writable ---
  class WritableState {
    constructor(options, stream, isDuplex) {
      this.objectMode = !!(options && (options.objectMode || (isDuplex && options.writableObjectMode)));
      this.highWaterMark = hwmFrom(options, "writableHighWaterMark", this.objectMode);
      this.finalCalled = false;
      this.needDrain = false;
      this.ending = false;
      this.ended = false;
      this.finished = false;
      this.destroyed = false;
      this.decodeStrings = !(options && options.decodeStrings === false);
      this.defaultEncoding = (options && options.defaultEncoding) || "utf8";
      this.length = 0;
      this.writing = false;
      this.corked = 0;
      this.sync = true;
      this.bufferProcessing = false;
      this.writecb = null;
      this.writelen = 0;
      this.buffered = [];
      this.pendingcb = 0;
      this.constructed = true;
      this.prefinished = false;
      this.errorEmitted = false;
      this.emitClose = !options || options.emitClose !== false;
      this.autoDestroy = !options || options.autoDestroy !== false;
      this.errored = null;
      this.closed = false;
      this.afterWriteTickInfo = null;
    }
  }

  function Writable(options) {
    const isDuplex = this instanceof Duplex;
    if (!isDuplex && !(this instanceof Writable)) return new Writable(options);
    this._writableState = new WritableState(options, this, isDuplex);
    if (options) {
      if (typeof options.write === "function") this._write = options.write;
      if (typeof options.writev === "function") this._writev = options.writev;
      if (typeof options.destroy === "function") this._destroy = options.destroy;
      if (typeof options.final === "function") this._final = options.final;
      if (typeof options.construct === "function") this._construct = options.construct;
      if (options.signal) addAbortSignal(options.signal, this);
    }
    Stream.call(this, options);
    if (!isDuplex && typeof this._construct === "function") construct(this);
  }
  Object.setPrototypeOf(Writable.prototype, Stream.prototype);
  Object.setPrototypeOf(Writable, Stream);
  Object.defineProperty(Writable, Symbol.hasInstance, {
    value(object) {
      if (Function.prototype[Symbol.hasInstance].call(this, object)) return true;
      if (this !== Writable) return false;
      return !!(object && object._writableState);
    },
  });

  Writable.prototype.destroy = function (err, cb) {
    const state = this._writableState;
    if (!state.destroyed && (state.bufferedIndex < state.buffered.length || state.buffered.length)) {
      const bufs = state.buffered.splice(0);
      nextTick(() => { for (const b of bufs) b.callback(err ?? new ERR_STREAM_DESTROYED("write")); });
    }
    destroy.call(this, err, cb);
    return this;
  };
  Writable.prototype._destroy = function (err, cb) { cb(err); };
  Writable.prototype._undestroy = function () { Object.assign(this._writableState, { destroyed: false, closed: false, errored: null, errorEmitted: false, ended: false, ending: false, finished: false, finalCalled: false, prefinished: false }); };
  Writable.prototype[EE.captureRejectionSymbol] = function (err) { this.destroy(err); };
  Writable.prototype.pipe = function () { errorOrDestroy(this, new codes.ERR_METHOD_NOT_IMPLEMENTED("pipe")); };

  Writable.prototype.write = function (chunk, encoding, cb) {
    if (typeof encoding === "function") { cb = encoding; encoding = null; }
    return _write(this, chunk, encoding, cb) === true;
  };
  function _write(stream, chunk, encoding, cb) {
    const state = stream._writableState;
    if (!encoding) encoding = state.defaultEncoding;
    else if (encoding !== "buffer" && !Buffer.isEncoding(encoding)) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    if (typeof cb !== "function") cb = () => {};
    if (chunk === null) throw new ERR_STREAM_NULL_VALUES();
    if (!state.objectMode) {
      if (typeof chunk === "string") {
        if (state.decodeStrings !== false) { chunk = Buffer.from(chunk, encoding); encoding = "buffer"; }
      } else if (chunk instanceof Uint8Array) {
        if (!Buffer.isBuffer(chunk)) chunk = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        encoding = "buffer";
      } else throw new codes.ERR_INVALID_ARG_TYPE("chunk", ["string", "Buffer", "Uint8Array"], chunk);
    }
    let err;
    if (state.ending) err = new ERR_STREAM_WRITE_AFTER_END();
    else if (state.destroyed) err = new ERR_STREAM_DESTROYED("write");
    if (err) {
      nextTick(cb, err);
      errorOrDestroy(stream, err);
      return err;
    }
    state.pendingcb++;
    return writeOrBuffer(stream, state, chunk, encoding, cb);
  }
  function writeOrBuffer(stream, state, chunk, encoding, callback) {
    const len = state.objectMode ? 1 : chunk.length;
    state.length += len;
    const ret = state.length < state.highWaterMark;
    if (!ret) state.needDrain = true;
    if (state.writing || state.corked || state.errored || !state.constructed) {
      state.buffered.push({ chunk, encoding, callback });
    } else {
      state.writelen = len;
      state.writecb = callback;
      state.writing = true;
      state.sync = true;
      stream._write(chunk, encoding, (er) => onwrite(stream, er));
      state.sync = false;
    }
    return ret && !state.errored && !state.destroyed;
  }
  function doWrite(stream, state, writev, len, chunk, encoding, cb) {
    state.writelen = len;
    state.writecb = cb;
    state.writing = true;
    state.sync = true;
    const done = (er) => onwrite(stream, er);
    if (state.destroyed) done(new ERR_STREAM_DESTROYED("write"));
    else if (writev) stream._writev(chunk, done);
    else stream._write(chunk, encoding, done);
    state.sync = false;
  }
  function onwrite(stream, er) {
    const state = stream._writableState;
    const sync = state.sync;
    const cb = state.writecb;
    if (typeof cb !== "function") { errorOrDestroy(stream, new ERR_MULTIPLE_CALLBACK()); return; }
    state.writing = false;
    state.writecb = null;
    state.length -= state.writelen;
    state.writelen = 0;
    if (er) {
      if (!state.errored) state.errored = er;
      if (sync) nextTick(onwriteError, stream, state, er, cb);
      else onwriteError(stream, state, er, cb);
    } else {
      if (state.buffered.length > 0) clearBuffer(stream, state);
      if (sync) {
        if (state.afterWriteTickInfo !== null && state.afterWriteTickInfo.cb === cb) state.afterWriteTickInfo.count++;
        else {
          state.afterWriteTickInfo = { count: 1, cb, stream, state };
          nextTick(afterWriteTick, state.afterWriteTickInfo);
        }
      } else afterWrite(stream, state, 1, cb);
    }
  }
  function onwriteError(stream, state, er, cb) {
    --state.pendingcb;
    cb(er);
    errorBuffer(state);
    errorOrDestroy(stream, er);
  }
  function afterWriteTick({ stream, state, count, cb }) {
    state.afterWriteTickInfo = null;
    return afterWrite(stream, state, count, cb);
  }
  function afterWrite(stream, state, count, cb) {
    const needDrain = !state.ending && !stream.destroyed && state.length === 0 && state.needDrain;
    if (needDrain) {
      state.needDrain = false;
      stream.emit("drain");
    }
    while (count-- > 0) {
      state.pendingcb--;
      cb(null);
    }
    if (state.destroyed) errorBuffer(state);
    finishMaybe(stream, state);
  }
  function errorBuffer(state) {
    if (state.writing) return;
    for (const { chunk, callback } of state.buffered.splice(0)) {
      state.length -= state.objectMode ? 1 : chunk.length;
      callback(state.errored ?? new ERR_STREAM_DESTROYED("write"));
    }
  }
  function clearBuffer(stream, state) {
    if (state.corked || state.bufferProcessing || state.destroyed || !state.constructed) return;
    const buffered = state.buffered;
    if (buffered.length === 0) return;
    state.bufferProcessing = true;
    if (buffered.length > 1 && stream._writev) {
      state.pendingcb -= buffered.length - 1;
      const chunks = buffered.splice(0);
      const callback = (err) => { for (const b of chunks) b.callback(err); };
      const list = state.allNoop ? chunks : chunks;
      doWrite(stream, state, true, state.length, list.map(({ chunk, encoding }) => ({ chunk, encoding })), "", callback);
    } else {
      do {
        const { chunk, encoding, callback } = buffered.shift();
        const len = state.objectMode ? 1 : chunk.length;
        doWrite(stream, state, false, len, chunk, encoding, callback);
      } while (buffered.length > 0 && !state.writing);
    }
    state.bufferProcessing = false;
  }
  Writable.prototype._write = function (chunk, encoding, cb) {
    if (this._writev) this._writev([{ chunk, encoding }], cb);
    else throw new codes.ERR_METHOD_NOT_IMPLEMENTED("_write()");
  };
  Writable.prototype._writev = null;
  Writable.prototype.cork = function () { this._writableState.corked++; };
  Writable.prototype.uncork = function () {
    const state = this._writableState;
    if (state.corked) {
      state.corked--;
      if (!state.writing) clearBuffer(this, state);
    }
  };
  Writable.prototype.setDefaultEncoding = function (encoding) {
    if (typeof encoding === "string") encoding = encoding.toLowerCase();
    if (!Buffer.isEncoding(encoding)) throw new codes.ERR_UNKNOWN_ENCODING(encoding);
    this._writableState.defaultEncoding = encoding;
    return this;
  };
  Writable.prototype.end = function (chunk, encoding, cb) {
    const state = this._writableState;
    if (typeof chunk === "function") { cb = chunk; chunk = null; encoding = null; }
    else if (typeof encoding === "function") { cb = encoding; encoding = null; }
    let err;
    if (chunk !== null && chunk !== undefined) {
      const ret = _write(this, chunk, encoding);
      if (ret instanceof Error) err = ret;
    }
    if (state.corked) { state.corked = 1; this.uncork(); }
    if (err) {
      // write() reported it.
    } else if (!state.errored && !state.ending) {
      state.ending = true;
      finishMaybe(this, state, true);
      state.ended = true;
    } else if (state.finished) err = new ERR_STREAM_ALREADY_FINISHED("end");
    else if (state.destroyed) err = new ERR_STREAM_DESTROYED("end");
    if (typeof cb === "function") {
      if (err || state.finished) nextTick(cb, err);
      else (state.finishCallbacks ||= []).push(cb);
    }
    return this;
  };
  function needFinish(state) {
    return state.ending && !state.destroyed && state.constructed && state.length === 0 && !state.errored && state.buffered.length === 0 && !state.finished && !state.writing && !state.errorEmitted && !state.closeEmitted;
  }
  function callFinal(stream, state) {
    let called = false;
    function onFinish(err) {
      if (called) { errorOrDestroy(stream, new ERR_MULTIPLE_CALLBACK()); return; }
      called = true;
      state.pendingcb--;
      if (err) {
        for (const cb of state.finishCallbacks?.splice(0) ?? []) cb(err);
        errorOrDestroy(stream, err, state.sync);
      } else if (needFinish(state)) {
        state.prefinished = true;
        stream.emit("prefinish");
        state.pendingcb++;
        nextTick(finish, stream, state);
      }
    }
    state.sync = true;
    state.pendingcb++;
    try { stream._final(onFinish); } catch (err) { onFinish(err); }
    state.sync = false;
  }
  function prefinish(stream, state) {
    if (!state.prefinished && !state.finalCalled) {
      if (typeof stream._final === "function" && !state.destroyed) {
        state.finalCalled = true;
        callFinal(stream, state);
      } else {
        state.prefinished = true;
        stream.emit("prefinish");
      }
    }
  }
  function finishMaybe(stream, state, sync) {
    if (needFinish(state)) {
      prefinish(stream, state);
      if (state.pendingcb === 0) {
        if (sync) {
          state.pendingcb++;
          nextTick(() => { if (needFinish(state)) finish(stream, state); else state.pendingcb--; });
        } else if (needFinish(state)) {
          state.pendingcb++;
          finish(stream, state);
        }
      }
    }
  }
  function finish(stream, state) {
    state.pendingcb--;
    state.finished = true;
    for (const cb of state.finishCallbacks?.splice(0) ?? []) cb(null);
    stream.emit("finish");
    if (state.autoDestroy) {
      const r = stream._readableState;
      const autoDestroy = !r || (r.autoDestroy && (r.endEmitted || r.readable === false));
      if (autoDestroy) stream.destroy();
    }
  }
  Object.defineProperties(Writable.prototype, {
    closed: { get() { return this._writableState ? this._writableState.closed : false; } },
    destroyed: { get() { return this._writableState ? this._writableState.destroyed : false; }, set(v) { if (this._writableState) this._writableState.destroyed = v; } },
    writable: { get() { const w = this._writableState; return !!w && w.writable !== false && !w.destroyed && !w.errored && !w.ending && !w.ended; }, set(v) { if (this._writableState) this._writableState.writable = !!v; } },
    writableFinished: { get() { return this._writableState ? this._writableState.finished : false; } },
    writableObjectMode: { get() { return this._writableState ? this._writableState.objectMode : false; } },
    writableBuffer: { get() { return this._writableState && this._writableState.buffered.map((b) => b.chunk); } },
    writableEnded: { get() { return this._writableState ? this._writableState.ending : false; } },
    writableNeedDrain: { get() { const w = this._writableState; return w ? !w.destroyed && !w.ending && w.needDrain : false; } },
    writableHighWaterMark: { get() { return this._writableState && this._writableState.highWaterMark; } },
    writableCorked: { get() { return this._writableState ? this._writableState.corked : 0; } },
    writableLength: { get() { return this._writableState && this._writableState.length; } },
    errored: { get() { return this._writableState ? this._writableState.errored : null; } },
    writableAborted: { get() { const w = this._writableState; return !!(w.writable !== false && (w.destroyed || w.errored) && !w.finished); } },
  });
  Writable.fromWeb = function (writableStream, options) {
    const writer = writableStream.getWriter();
    return new Writable({
      ...options,
      write(chunk, encoding, cb) { writer.ready.then(() => writer.write(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk)).then(() => cb(), cb); },
      final(cb) { writer.close().then(() => cb(), cb); },
      destroy(err, cb) { (err ? writer.abort(err) : Promise.resolve()).then(() => cb(err), () => cb(err)); },
    });
  };
  Writable.toWeb = function (writable) {
    return new WritableStream({
      write(chunk) {
        return new Promise((resolve, reject) => {
          const ok = writable.write(chunk, (err) => { if (err) reject(err); });
          if (ok) resolve();
          else writable.once("drain", resolve);
        });
      },
      close() { return new Promise((resolve, reject) => { writable.end((err) => (err ? reject(err) : resolve())); }); },
      abort(reason) { writable.destroy(reason); },
    });
  };

  // --- Duplex, Transform, PassThrough ---
  function Duplex(options) {
    if (!(this instanceof Duplex)) return new Duplex(options);
    Readable.call(this, options);
    Writable.call(this, options);
    if (options) {
      this.allowHalfOpen = options.allowHalfOpen !== false;
      if (options.readable === false) { this._readableState.readable = false; this._readableState.ended = true; this._readableState.endEmitted = true; }
      if (options.writable === false) { this._writableState.writable = false; this._writableState.ending = true; this._writableState.ended = true; this._writableState.finished = true; }
    } else this.allowHalfOpen = true;
    if (typeof this._construct === "function") construct(this);
  }
  Object.setPrototypeOf(Duplex.prototype, Readable.prototype);
  Object.setPrototypeOf(Duplex, Readable);
  for (const key of Object.getOwnPropertyNames(Writable.prototype)) {
    if (["constructor", "destroy", "_destroy", "_undestroy", "destroyed", "closed", "errored"].includes(key)) continue;
    if (!(key in Duplex.prototype)) Object.defineProperty(Duplex.prototype, key, Object.getOwnPropertyDescriptor(Writable.prototype, key));
  }
  Duplex.prototype.destroy = Writable.prototype.destroy;
  Object.defineProperties(Duplex.prototype, {
    destroyed: { get() { return this._readableState && this._writableState ? this._readableState.destroyed && this._writableState.destroyed : false; }, set(v) { if (this._readableState && this._writableState) { this._readableState.destroyed = v; this._writableState.destroyed = v; } } },
    closed: { get() { return !!(this._readableState && this._readableState.closed); } },
    errored: { get() { return (this._readableState && this._readableState.errored) || (this._writableState && this._writableState.errored) || null; } },
  });
  Duplex.from = function (body) {
    if (body instanceof Duplex) return body;
    if (body instanceof Readable) return body;
    if (body && typeof body === "object" && (body.readable || body.writable)) {
      const r = body.readable instanceof ReadableStream ? Readable.fromWeb(body.readable) : body.readable;
      const w = body.writable instanceof WritableStream ? Writable.fromWeb(body.writable) : body.writable;
      const d = new Duplex({
        objectMode: true,
        read() { if (r) r.resume(); },
        write(chunk, enc, cb) { w.write(chunk, enc, cb); },
        final(cb) { w.end(cb); },
      });
      if (r) { r.on("data", (c) => { if (!d.push(c)) r.pause(); }); r.on("end", () => d.push(null)); r.on("error", (e) => d.destroy(e)); }
      return d;
    }
    return from(Duplex, body);
  };
  Duplex.fromWeb = (pair, options) => Duplex.from({ readable: pair.readable, writable: pair.writable, ...options });
  Duplex.toWeb = (duplex) => ({ readable: Readable.toWeb(duplex), writable: Writable.toWeb(duplex) });

  const kCallback = Symbol("kCallback");
  function Transform(options) {
    if (!(this instanceof Transform)) return new Transform(options);
    Duplex.call(this, options);
    this._readableState.sync = false;
    this[kCallback] = null;
    if (options) {
      if (typeof options.transform === "function") this._transform = options.transform;
      if (typeof options.flush === "function") this._flush = options.flush;
    }
    this.on("prefinish", prefinishTransform);
  }
  Object.setPrototypeOf(Transform.prototype, Duplex.prototype);
  Object.setPrototypeOf(Transform, Duplex);
  function finalTransform(cb) {
    if (typeof this._flush === "function" && !this.destroyed) {
      this._flush((er, data) => {
        if (er) { if (cb) cb(er); else this.destroy(er); return; }
        if (data != null) this.push(data);
        this.push(null);
        if (cb) cb();
      });
    } else {
      this.push(null);
      if (cb) cb();
    }
  }
  function prefinishTransform() { if (this._final !== finalTransform) finalTransform.call(this); }
  Transform.prototype._final = finalTransform;
  Transform.prototype._transform = function () { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("_transform()"); };
  Transform.prototype._write = function (chunk, encoding, callback) {
    const rState = this._readableState, wState = this._writableState, length = rState.length;
    this._transform(chunk, encoding, (err, val) => {
      if (err) { callback(err); return; }
      if (val != null) this.push(val);
      if (rState.ended) nextTick(callback);
      else if (wState.ended || length === rState.length || rState.length < rState.highWaterMark) callback();
      else this[kCallback] = callback;
    });
  };
  Transform.prototype._read = function () {
    if (this[kCallback]) {
      const callback = this[kCallback];
      this[kCallback] = null;
      callback();
    }
  };

  function PassThrough(options) {
    if (!(this instanceof PassThrough)) return new PassThrough(options);
    Transform.call(this, options);
  }
  Object.setPrototypeOf(PassThrough.prototype, Transform.prototype);
  Object.setPrototypeOf(PassThrough, Transform);
  PassThrough.prototype._transform = function (chunk, encoding, cb) { cb(null, chunk); };

  // --- finished, pipeline, addAbortSignal ---
  const isReadableNode = (s) => !!(s && typeof s.pipe === "function" && typeof s.on === "function" && (!s._writableState || (s._readableState && s._readableState.readable !== false)) && (!s._writableState || s._readableState));
  const isWritableNode = (s) => !!(s && typeof s.write === "function" && typeof s.on === "function" && (!s._readableState || (s._writableState && s._writableState.writable !== false)));

  function eos(stream, options, callback) {
    if (arguments.length === 2) { callback = options; options = {}; }
    else if (options == null) options = {};
    validateFunction(callback, "callback");
    let called = false;
    const cb = (...args) => { if (!called) { called = true; callback.apply(stream, args); } };
    const r = stream._readableState, w = stream._writableState;
    const readable = options.readable ?? isReadableNode(stream);
    const writable = options.writable ?? isWritableNode(stream);
    let readableFinished = !!(r && r.endEmitted), writableFinished = !!(w && w.finished);
    const onfinish = () => { writableFinished = true; if (!readable || readableFinished) cb.call(stream); };
    const onend = () => { readableFinished = true; if (!writable || writableFinished) cb.call(stream); };
    const onerror = (err) => cb.call(stream, err);
    const onclose = () => {
      const errored = (w && w.errored) || (r && r.errored);
      if (errored && typeof errored !== "boolean") return cb.call(stream, errored);
      if (readable && !readableFinished && !(r && r.endEmitted)) return cb.call(stream, new ERR_STREAM_PREMATURE_CLOSE());
      if (writable && !writableFinished && !(w && w.finished)) return cb.call(stream, new ERR_STREAM_PREMATURE_CLOSE());
      cb.call(stream);
    };
    stream.on("end", onend);
    stream.on("finish", onfinish);
    if (options.error !== false) stream.on("error", onerror);
    stream.on("close", onclose);
    const closed = (w && w.closed) || (r && r.closed);
    if (closed) nextTick(onclose);
    else if ((!readable || readableFinished) && (!writable || writableFinished) && (r || w)) nextTick(onclose);
    const cleanup = () => {
      callback = () => {};
      stream.removeListener("end", onend);
      stream.removeListener("finish", onfinish);
      stream.removeListener("error", onerror);
      stream.removeListener("close", onclose);
    };
    if (options.signal) {
      const abort = () => { cleanup(); cb.call(stream, new AbortError(undefined, { cause: options.signal.reason })); };
      if (options.signal.aborted) nextTick(abort);
      else options.signal.addEventListener("abort", abort, { once: true });
    }
    return cleanup;
  }

  function addAbortSignal(signal, stream) {
    validateAbortSignal(signal, "signal");
    const onAbort = () => stream.destroy(new AbortError(undefined, { cause: signal.reason }));
    if (signal.aborted) onAbort();
    else {
      signal.addEventListener("abort", onAbort, { once: true });
      eos(stream, () => signal.removeEventListener("abort", onAbort));
    }
    return stream;
  }

  function pipeline(...streams) {
    let callback = typeof streams[streams.length - 1] === "function" ? streams.pop() : null;
    let options = {};
    if (streams.length && streams[streams.length - 1] && typeof streams[streams.length - 1] === "object" && !isStreamish(streams[streams.length - 1]) && "signal" in streams[streams.length - 1]) options = streams.pop();
    if (Array.isArray(streams[0]) && streams.length === 1) streams = streams[0];
    if (!callback) throw new codes.ERR_INVALID_ARG_TYPE("callback", "Function", callback);
    if (streams.length < 2) throw new codes.ERR_MISSING_ARGS("streams");
    return pipelineImpl(streams, callback, options);
  }
  const isStreamish = (s) => s && (typeof s.pipe === "function" || typeof s.write === "function" || typeof s.getReader === "function" || typeof s.getWriter === "function" || typeof s[Symbol.asyncIterator] === "function" || typeof s[Symbol.iterator] === "function" || typeof s === "function");

  function pipelineImpl(streams, callback, opts) {
    let error, finalValue;
    const destroys = [];
    let finishCount = 0;
    const finish = (err, final) => {
      if (err && (!error || error.code === "ERR_STREAM_PREMATURE_CLOSE")) error = err;
      if (!error && !final) return;
      while (destroys.length) destroys.shift()(error);
      if (final) nextTick(callback, error, finalValue);
    };
    const finishOne = (err) => finish(err, --finishCount === 0);
    if (opts.signal) {
      const abort = () => finish(new AbortError(undefined, { cause: opts.signal.reason }), true);
      if (opts.signal.aborted) nextTick(abort);
      else opts.signal.addEventListener("abort", abort, { once: true });
    }
    let ret;
    for (let i = 0; i < streams.length; i++) {
      let stream = streams[i];
      const reading = i < streams.length - 1, writing = i > 0, end = true;
      if (stream instanceof ReadableStream) stream = Readable.fromWeb(stream);
      else if (stream instanceof WritableStream) stream = Writable.fromWeb(stream);
      let piped = ret; // what this stage reads from by pipe (a function stage iterates it)
      if (typeof stream === "function") {
        piped = undefined;
        ret = stream(ret ?? undefined, { signal: opts.signal });
        if (i === streams.length - 1 && ret && typeof ret.then === "function") {
          finishCount++;
          ret.then((v) => { finalValue = v; finishOne(); }, (e) => finishOne(e));
          continue;
        }
        if (ret && typeof ret.pipe !== "function" && (typeof ret[Symbol.asyncIterator] === "function" || typeof ret[Symbol.iterator] === "function")) ret = Readable.from(ret);
        stream = ret;
        if (i === streams.length - 1 && !isStreamish(stream)) continue;
      } else if (i === 0 && typeof stream.pipe !== "function" && (typeof stream[Symbol.asyncIterator] === "function" || typeof stream[Symbol.iterator] === "function")) {
        stream = Readable.from(stream);
      }
      if (typeof stream.on === "function") {
        finishCount++;
        const s = stream;
        eos(s, { readable: reading, writable: writing }, (err) => {
          if (err && err.code === "ERR_STREAM_PREMATURE_CLOSE" && reading && s._readableState && s._readableState.ended) err = null;
          finishOne(err);
        });
        destroys.push((err) => { if (err && !s.destroyed) s.destroy(err); });
        if (piped && typeof piped.pipe === "function" && writing) piped.pipe(s, { end });
      }
      ret = stream;
    }
    if (finishCount === 0) nextTick(() => finish(error, true));
    return ret;
  }

  const promises = {
    finished(stream, opts) {
      return new Promise((resolve, reject) => eos(stream, opts, (err) => (err ? reject(err) : resolve())));
    },
  };
  function pipelineWithOptions(streams, options, cb) { return pipelineImpl(streams, cb, options || {}); }

  const isDestroyed = (s) => !!(s && (s.destroyed || (s._readableState && s._readableState.destroyed) || (s._writableState && s._writableState.destroyed)));
  const isErrored = (s) => !!(s && ((s._readableState && s._readableState.errored) || (s._writableState && s._writableState.errored)));
  const isReadable = (s) => (s && s._readableState ? !isDestroyed(s) && s.readable !== false && !s._readableState.endEmitted : null);
  const isWritable = (s) => (s && s._writableState ? !isDestroyed(s) && s.writable !== false && !s._writableState.ending : null);

  function compose(...streams) {
    if (streams.length === 1) return Duplex.from(streams[0]);
    const head = streams[0], tail = streams[streams.length - 1];
    pipelineImpl(streams, (err) => { if (err) d.destroy(err); }, {});
    const d = new Duplex({
      objectMode: true,
      write(chunk, enc, cb) { if (head.write(chunk, enc)) cb(); else head.once("drain", cb); },
      final(cb) { head.end(); tail.on("finish", cb); tail.on("end", cb); },
      read() { tail.resume(); },
    });
    tail.on("data", (c) => { if (!d.push(c)) tail.pause(); });
    tail.on("end", () => d.push(null));
    return d;
  }

  Stream.Stream = Stream;
  Stream.Readable = Readable;
  Stream.Writable = Writable;
  Stream.Duplex = Duplex;
  Stream.Transform = Transform;
  Stream.PassThrough = PassThrough;
  Stream.pipeline = function (...args) {
    const last = args[args.length - 1];
    if (Array.isArray(args[0]) && args.length === 3 && typeof last === "function") return pipelineWithOptions(args[0], args[1], last);
    return pipeline(...args);
  };
  Stream.finished = eos;
  Stream.destroy = (s, err) => { if (s && typeof s.destroy === "function") s.destroy(err); };
  Stream.addAbortSignal = addAbortSignal;
  Stream.compose = compose;
  Stream.promises = promises;
  Stream.isDestroyed = isDestroyed;
  Stream.isErrored = isErrored;
  Stream.isReadable = isReadable;
  Stream.isWritable = isWritable;
  Stream.isDisturbed = Readable.isDisturbed;
  Stream.getDefaultHighWaterMark = getDefaultHighWaterMark;
  Stream.setDefaultHighWaterMark = setDefaultHighWaterMark;
  Stream.duplexPair = function (options) {
    const a = new Duplex({ ...options, read() {}, write(c, e, cb) { b.push(c); cb(); }, final(cb) { b.push(null); cb(); } });
    const b = new Duplex({ ...options, read() {}, write(c, e, cb) { a.push(c); cb(); }, final(cb) { a.push(null); cb(); } });
    return [a, b];
  };
  Stream._isUint8Array = (v) => v instanceof Uint8Array;
  Stream._isArrayBufferView = ArrayBuffer.isView;
  Stream._uint8ArrayToBuffer = (c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength);
  promises.pipeline = function (...streams) {
    return new Promise((resolve, reject) => {
      let opts = {};
      const last = streams[streams.length - 1];
      if (last && typeof last === "object" && !isStreamish(last)) opts = streams.pop();
      pipelineWithOptions(streams, opts, (err, value) => (err ? reject(err) : resolve(value)));
    });
  };
  return Stream;
})
