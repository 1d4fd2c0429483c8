// ReadableStream and WritableStream for goflare's isolates: the WHATWG Streams
// algorithms for default (non-BYOB) streams, written in JavaScript because they are
// promise plumbing through and through. Evaluated once per isolate; the value of this
// script is an object of the public classes and the internal helpers Go uses.
(() => {
  "use strict";
  const internal = Symbol("internal");
  const states = new WeakMap(); // public object -> internal state

  function state(obj, kind) {
    const s = states.get(obj);
    if (!s || s.kind !== kind) throw new TypeError("Illegal invocation");
    return s;
  }

  function deferred() {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  }

  function markHandled(p) { p.catch(() => {}); return p; }

  // ---- ReadableStream ----------------------------------------------------------

  class ReadableStreamDefaultController {
    constructor(key) {
      if (key !== internal) throw new TypeError("Illegal constructor");
    }
    get desiredSize() { return desiredSize(state(this, "controller").stream); }
    enqueue(chunk) {
      const s = state(this, "controller").stream;
      if (s.closeRequested || s.state !== "readable") {
        throw new TypeError("Cannot enqueue to a stream that is closed or errored.");
      }
      enqueue(s, chunk);
    }
    close() {
      const s = state(this, "controller").stream;
      if (s.closeRequested || s.state !== "readable") {
        throw new TypeError("Cannot close a stream that is already closed or errored.");
      }
      s.closeRequested = true;
      if (s.queue.length === 0) finishClose(s);
    }
    error(e) { errorStream(state(this, "controller").stream, e); }
  }

  function desiredSize(s) {
    if (s.state === "errored") return null;
    if (s.state === "closed") return 0;
    return s.hwm - s.queueSize;
  }

  function enqueue(s, chunk) {
    if (s.reader && s.reader.requests.length > 0) {
      s.reader.requests.shift().resolve({ value: chunk, done: false });
    } else {
      let size = 1;
      try {
        size = s.size(chunk);
      } catch (e) {
        errorStream(s, e);
        throw e;
      }
      s.queue.push({ chunk, size });
      s.queueSize += size;
    }
    callPullIfNeeded(s);
  }

  function finishClose(s) {
    if (s.state !== "readable") return;
    s.state = "closed";
    if (s.reader) {
      for (const r of s.reader.requests) r.resolve({ value: r.view ? viewOf(r.view, 0) : undefined, done: true });
      s.reader.requests = [];
      s.reader.closed.resolve(undefined);
    }
  }

  function errorStream(s, e) {
    if (s.state !== "readable") return;
    s.state = "errored";
    s.storedError = e;
    s.queue = [];
    s.queueSize = 0;
    if (s.reader) {
      for (const r of s.reader.requests) r.reject(e);
      s.reader.requests = [];
      s.reader.closed.reject(e);
      markHandled(s.reader.closed.promise);
    }
  }

  function callPullIfNeeded(s) {
    if (!s.started || s.state !== "readable" || s.closeRequested || !s.source.pull) return;
    const wanted = (s.reader && s.reader.requests.length > 0) || desiredSize(s) > 0;
    if (!wanted) return;
    if (s.pulling) {
      s.pullAgain = true;
      return;
    }
    s.pulling = true;
    let result;
    try {
      result = s.source.pull.call(s.sourceObject, s.controller);
    } catch (e) {
      errorStream(s, e);
      return;
    }
    Promise.resolve(result).then(() => {
      s.pulling = false;
      if (s.pullAgain) {
        s.pullAgain = false;
        callPullIfNeeded(s);
      }
    }, (e) => errorStream(s, e));
  }

  function cancelStream(s, reason) {
    s.disturbed = true;
    if (s.state === "closed") return Promise.resolve(undefined);
    if (s.state === "errored") return Promise.reject(s.storedError);
    s.queue = [];
    s.queueSize = 0;
    finishClose(s);
    let result;
    try {
      result = s.source.cancel ? s.source.cancel.call(s.sourceObject, reason) : undefined;
    } catch (e) {
      return Promise.reject(e);
    }
    return Promise.resolve(result).then(() => undefined);
  }

  function readFrom(s) {
    s.disturbed = true;
    if (s.state === "closed") return Promise.resolve({ value: undefined, done: true });
    if (s.state === "errored") return Promise.reject(s.storedError);
    if (s.queue.length > 0) {
      const { chunk, size } = s.queue.shift();
      s.queueSize -= size;
      if (s.closeRequested && s.queue.length === 0) finishClose(s);
      else callPullIfNeeded(s);
      return Promise.resolve({ value: chunk, done: false });
    }
    const d = deferred();
    s.reader.requests.push(d);
    callPullIfNeeded(s);
    return d.promise;
  }

  // ---- byte streams and BYOB readers ---------------------------------------------

  // viewOf is a view of the same type over view's buffer, from its start, of n bytes.
  function viewOf(view, n) {
    const C = view.constructor;
    const per = C.BYTES_PER_ELEMENT || 1;
    return C === DataView ? new DataView(view.buffer, view.byteOffset, n) : new C(view.buffer, view.byteOffset, Math.floor(n / per));
  }

  // byteEnqueue hands bytes to the pending BYOB reads (filling each as far as it goes),
  // a pending default read, or the queue.
  function byteEnqueue(s, bytes) {
    s.byobRequest = null;
    const requests = s.reader ? s.reader.requests : [];
    while (bytes.byteLength > 0 && requests.length > 0 && requests[0].view) {
      const r = requests[0];
      const room = r.view.byteLength - r.filled;
      const n = Math.min(room, bytes.byteLength);
      new Uint8Array(r.view.buffer, r.view.byteOffset + r.filled, n).set(bytes.subarray(0, n));
      r.filled += n;
      bytes = bytes.subarray(n);
      const per = r.view.constructor.BYTES_PER_ELEMENT || 1;
      if (r.filled >= per) {
        requests.shift();
        r.resolve({ value: viewOf(r.view, r.filled), done: false });
      }
    }
    if (bytes.byteLength > 0) enqueue(s, bytes);
    else callPullIfNeeded(s);
  }

  // fillFromQueue moves queued bytes into view; it returns how many.
  function fillFromQueue(s, view) {
    let filled = 0;
    while (s.queue.length > 0 && filled < view.byteLength) {
      const head = s.queue[0];
      const n = Math.min(view.byteLength - filled, head.chunk.byteLength);
      new Uint8Array(view.buffer, view.byteOffset + filled, n).set(head.chunk.subarray(0, n));
      filled += n;
      s.queueSize -= n;
      if (n === head.chunk.byteLength) s.queue.shift();
      else { head.chunk = head.chunk.subarray(n); head.size -= n; }
    }
    return filled;
  }

  class ReadableByteStreamController {
    constructor(key) {
      if (key !== internal) throw new TypeError("Illegal constructor");
    }
    get desiredSize() { return desiredSize(state(this, "bytecontroller").stream); }
    get byobRequest() {
      const s = state(this, "bytecontroller").stream;
      const r = s.reader && s.reader.requests[0];
      if (!r || !r.view) return null;
      if (!s.byobRequest) s.byobRequest = new ReadableStreamBYOBRequest(internal, s, r);
      return s.byobRequest;
    }
    enqueue(chunk) {
      const s = state(this, "bytecontroller").stream;
      if (!ArrayBuffer.isView(chunk)) throw new TypeError("Failed to execute 'enqueue' on 'ReadableByteStreamController': parameter 1 is not of type 'ArrayBufferView'.");
      if (chunk.byteLength === 0) throw new TypeError("chunk must have a non-zero byteLength.");
      if (s.closeRequested || s.state !== "readable") throw new TypeError("Cannot enqueue to a stream that is closed or errored.");
      byteEnqueue(s, new Uint8Array(chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength)));
    }
    close() {
      const s = state(this, "bytecontroller").stream;
      if (s.closeRequested || s.state !== "readable") throw new TypeError("Cannot close a stream that is already closed or errored.");
      s.closeRequested = true;
      if (s.queue.length === 0) finishClose(s);
    }
    error(e) { errorStream(state(this, "bytecontroller").stream, e); }
  }

  class ReadableStreamBYOBRequest {
    #s; #r;
    constructor(key, s, r) {
      if (key !== internal) throw new TypeError("Illegal constructor");
      this.#s = s; this.#r = r;
    }
    get view() { const r = this.#r; return new Uint8Array(r.view.buffer, r.view.byteOffset + r.filled, r.view.byteLength - r.filled); }
    respond(n) {
      const s = this.#s, r = this.#r;
      n = Number(n);
      if (s.byobRequest !== this) throw new TypeError("This BYOB request has already been responded to.");
      s.byobRequest = null;
      if (s.state === "closed" || s.closeRequested) {
        if (n !== 0) throw new TypeError("bytesWritten must be 0 after the stream closed.");
        return;
      }
      if (!(n > 0) || r.filled + n > r.view.byteLength) throw new RangeError("bytesWritten out of range.");
      r.filled += n;
      const i = s.reader ? s.reader.requests.indexOf(r) : -1;
      if (i >= 0) s.reader.requests.splice(i, 1);
      r.resolve({ value: viewOf(r.view, r.filled), done: false });
      callPullIfNeeded(s);
    }
    respondWithNewView(view) {
      if (!ArrayBuffer.isView(view)) throw new TypeError("Failed to execute 'respondWithNewView': parameter 1 is not of type 'ArrayBufferView'.");
      const r = this.#r;
      if (view.buffer !== r.view.buffer) new Uint8Array(r.view.buffer, r.view.byteOffset + r.filled, view.byteLength).set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
      this.respond(view.byteLength);
    }
  }

  // The plumbing both reader classes share: locking the stream, the state of a reader
  // (kind "reader" or "byobreader"; name for the messages), its cancel and releaseLock.
  function lockReader(self, stream, kind, name, check) {
    const s = states.get(stream);
    if (!s || s.kind !== "readable") throw new TypeError(`Failed to construct '${name}': parameter 1 is not of type 'ReadableStream'.`);
    if (check) check(s);
    if (s.reader) throw new TypeError("This ReadableStream is currently locked to a reader.");
    const r = { kind, name, stream: s, requests: [], closed: deferred() };
    s.reader = r;
    states.set(self, r);
    if (s.state === "closed") r.closed.resolve(undefined);
    if (s.state === "errored") { r.closed.reject(s.storedError); markHandled(r.closed.promise); }
  }
  function readerFor(self, kind) {
    const r = states.get(self);
    if (!r || r.kind !== kind) return [null, new TypeError("Illegal invocation")];
    if (!r.stream) return [null, new TypeError(`This ${r.name} has been released.`)];
    return [r, null];
  }
  function cancelReader(self, kind, reason) {
    const [r, err] = readerFor(self, kind);
    return err ? Promise.reject(err) : cancelStream(r.stream, reason);
  }
  function releaseReader(self, kind) {
    const r = state(self, kind);
    if (!r.stream) return;
    const err = new TypeError(`This ${r.name} has been released.`);
    for (const q of r.requests) q.reject(err);
    r.requests = [];
    if (r.stream.state !== "readable") r.closed = deferred();
    r.closed.reject(err);
    markHandled(r.closed.promise);
    r.stream.byobRequest = null;
    r.stream.reader = null;
    r.stream = null;
  }

  class ReadableStreamBYOBReader {
    constructor(stream) {
      lockReader(this, stream, "byobreader", "ReadableStreamBYOBReader", (s) => {
        if (!s.bytes) throw new TypeError("This ReadableStream does not support BYOB reads (it is not a byte stream).");
      });
    }
    get closed() { return state(this, "byobreader").closed.promise; }
    read(view) {
      const [r, err] = readerFor(this, "byobreader");
      if (err) return Promise.reject(err);
      if (!ArrayBuffer.isView(view)) return Promise.reject(new TypeError("Failed to execute 'read' on 'ReadableStreamBYOBReader': parameter 1 is not of type 'ArrayBufferView'."));
      if (view.byteLength === 0) return Promise.reject(new TypeError("You must call read() on a \"byob\" reader with a positive-sized TypedArray object."));
      const s = r.stream;
      s.disturbed = true;
      if (s.state === "errored") return Promise.reject(s.storedError);
      const filled = fillFromQueue(s, view);
      if (filled > 0) {
        if (s.closeRequested && s.queue.length === 0) finishClose(s);
        else callPullIfNeeded(s);
        return Promise.resolve({ value: viewOf(view, filled), done: false });
      }
      if (s.state === "closed") return Promise.resolve({ value: viewOf(view, 0), done: true });
      const d = deferred();
      d.view = view;
      d.filled = 0;
      r.requests.push(d);
      callPullIfNeeded(s);
      return d.promise;
    }
    cancel(reason) { return cancelReader(this, "byobreader", reason); }
    releaseLock() { releaseReader(this, "byobreader"); }
  }

  // ---- queuing strategies ----------------------------------------------------------

  const countSize = function size() { return 1; };
  const byteLengthSize = function size(chunk) { return chunk.byteLength; };
  function strategyMark(name, init) {
    if (init == null || init.highWaterMark === undefined) {
      throw new TypeError(`Failed to construct '${name}': required member highWaterMark is undefined.`);
    }
    return Number(init.highWaterMark);
  }
  class CountQueuingStrategy {
    #hwm;
    constructor(init) { this.#hwm = strategyMark("CountQueuingStrategy", init); }
    get highWaterMark() { return this.#hwm; }
    get size() { return countSize; }
  }
  class ByteLengthQueuingStrategy {
    #hwm;
    constructor(init) { this.#hwm = strategyMark("ByteLengthQueuingStrategy", init); }
    get highWaterMark() { return this.#hwm; }
    get size() { return byteLengthSize; }
  }

  class ReadableStream {
    constructor(underlyingSource = undefined, strategy = undefined) {
      const source = underlyingSource == null ? {} : underlyingSource;
      if (typeof source !== "object" && typeof source !== "function") {
        throw new TypeError("Failed to construct 'ReadableStream': parameter 1 is not an object.");
      }
      const strat = strategy == null ? {} : strategy;
      const type = source.type === undefined ? undefined : String(source.type);
      if (type !== undefined && type !== "bytes") {
        throw new TypeError(`Failed to construct 'ReadableStream': type must be "bytes" or undefined.`);
      }
      const s = {
        kind: "readable", state: "readable", queue: [], queueSize: 0, reader: null,
        started: false, pulling: false, pullAgain: false, closeRequested: false,
        disturbed: false, storedError: undefined, sourceObject: source,
        source: { pull: source.pull, cancel: source.cancel },
        hwm: strat.highWaterMark === undefined ? (type === "bytes" ? 0 : 1) : Number(strat.highWaterMark),
        size: type === "bytes" ? (c) => c.byteLength : typeof strat.size === "function" ? strat.size : () => 1,
        bytes: type === "bytes", byobRequest: null,
      };
      if (Number.isNaN(s.hwm) || s.hwm < 0) throw new RangeError("Invalid highWaterMark");
      states.set(this, s);
      s.controller = s.bytes ? new ReadableByteStreamController(internal) : new ReadableStreamDefaultController(internal);
      states.set(s.controller, { kind: s.bytes ? "bytecontroller" : "controller", stream: s });
      let started;
      try {
        started = source.start ? source.start.call(source, s.controller) : undefined;
      } catch (e) {
        started = Promise.reject(e); // errors the stream, as workerd does (no throw)
      }
      Promise.resolve(started).then(() => {
        s.started = true;
        callPullIfNeeded(s);
      }, (e) => errorStream(s, e));
    }
    static from(iterable) {
      const asyncIt = iterable == null ? undefined : iterable[Symbol.asyncIterator];
      const syncIt = iterable == null ? undefined : iterable[Symbol.iterator];
      if (typeof asyncIt !== "function" && typeof syncIt !== "function") {
        throw new TypeError("Failed to execute 'from' on 'ReadableStream': parameter 1 is not an async iterable or iterable.");
      }
      const it = typeof asyncIt === "function" ? asyncIt.call(iterable) : syncIt.call(iterable);
      return new ReadableStream({
        pull(c) {
          return Promise.resolve(it.next()).then((r) => {
            if (r.done) c.close();
            else return Promise.resolve(r.value).then((v) => c.enqueue(v));
          });
        },
        cancel(reason) { return typeof it.return === "function" ? Promise.resolve(it.return(reason)).then(() => undefined) : undefined; },
      }, { highWaterMark: 0 });
    }
    get locked() { return state(this, "readable").reader !== null; }
    cancel(reason) {
      const s = states.get(this);
      if (!s || s.kind !== "readable") return Promise.reject(new TypeError("Illegal invocation"));
      if (s.reader) return Promise.reject(new TypeError("This ReadableStream is currently locked to a reader."));
      return cancelStream(s, reason);
    }
    getReader(options = undefined) {
      state(this, "readable");
      if (options != null && options.mode !== undefined) {
        if (String(options.mode) === "byob") return new ReadableStreamBYOBReader(this);
        throw new RangeError(`Invalid mode: ${options.mode}`);
      }
      return new ReadableStreamDefaultReader(this);
    }
    tee() {
      const s = state(this, "readable");
      const reader = this.getReader();
      let canceled = 0;
      const reasons = [];
      let reading = false;
      let branches;
      const pull = () => {
        if (reading) return;
        reading = true;
        return reader.read().then(({ value, done }) => {
          reading = false;
          for (const b of branches) {
            const bs = states.get(b);
            if (bs.state !== "readable" || bs.closeRequested) continue;
            if (done) bs.controller.close(); else bs.controller.enqueue(value);
          }
        }, (e) => {
          reading = false;
          for (const b of branches) errorStream(states.get(b), e);
        });
      };
      const cancel = (reason) => {
        reasons.push(reason);
        if (++canceled === 2) return reader.cancel(reasons);
      };
      branches = [new ReadableStream({ pull, cancel }, { highWaterMark: 0 }),
                  new ReadableStream({ pull, cancel }, { highWaterMark: 0 })];
      void s;
      return branches;
    }
    values(options = undefined) {
      const reader = this.getReader();
      const preventCancel = options != null && Boolean(options.preventCancel);
      return {
        next() {
          return reader.read().then((r) => {
            if (r.done) reader.releaseLock();
            return r;
          });
        },
        return(value) {
          const done = () => ({ value, done: true });
          if (preventCancel) { reader.releaseLock(); return Promise.resolve(done()); }
          return reader.cancel(value).then(() => { reader.releaseLock(); return done(); });
        },
        [Symbol.asyncIterator]() { return this; },
      };
    }
    [Symbol.asyncIterator](options) { return this.values(options); }
    pipeTo(destination, options = undefined) {
      const s = states.get(this);
      if (!s || s.kind !== "readable") return Promise.reject(new TypeError("Illegal invocation"));
      const ws = states.get(destination);
      if (!ws || ws.kind !== "writable") {
        return Promise.reject(new TypeError("Failed to execute 'pipeTo' on 'ReadableStream': parameter 1 is not of type 'WritableStream'."));
      }
      if (s.reader) return Promise.reject(new TypeError("This ReadableStream is currently locked to a reader."));
      if (ws.writer) return Promise.reject(new TypeError("This WritableStream is currently locked to a writer."));
      const opts = options == null ? {} : options;
      const reader = this.getReader();
      const writer = destination.getWriter();
      const signal = opts.signal;
      return new Promise((resolve, reject) => {
        let finished = false;
        const finish = (err, isError) => {
          if (finished) return;
          finished = true;
          reader.releaseLock();
          writer.releaseLock();
          if (isError) reject(err); else resolve(undefined);
        };
        if (signal) {
          const onAbort = () => {
            const reason = signal.reason;
            const work = [];
            if (!opts.preventAbort) work.push(destination.abort(reason));
            if (!opts.preventCancel) work.push(reader.cancel(reason));
            Promise.all(work).then(() => finish(reason, true), () => finish(reason, true));
          };
          if (signal.aborted) { onAbort(); return; }
          signal.addEventListener("abort", onAbort);
        }
        const step = () => {
          reader.read().then(({ value, done }) => {
            if (finished) return;
            if (done) {
              if (opts.preventClose) return finish();
              return writer.close().then(() => finish(), (e) => finish(e, true));
            }
            writer.write(value).then(step, (e) => {
              if (!opts.preventCancel) reader.cancel(e).catch(() => {});
              finish(e, true);
            });
          }, (e) => {
            if (!opts.preventAbort) writer.abort(e).catch(() => {});
            finish(e, true);
          });
        };
        step();
      });
    }
    pipeThrough(transform, options = undefined) {
      if (transform == null || !transform.writable || !transform.readable) {
        throw new TypeError("Failed to execute 'pipeThrough' on 'ReadableStream': parameter 1 is not a transform stream.");
      }
      markHandled(this.pipeTo(transform.writable, options));
      return transform.readable;
    }
  }

  class ReadableStreamDefaultReader {
    constructor(stream) { lockReader(this, stream, "reader", "ReadableStreamDefaultReader"); }
    get closed() { return state(this, "reader").closed.promise; }
    read() {
      const [r, err] = readerFor(this, "reader");
      return err ? Promise.reject(err) : readFrom(r.stream);
    }
    cancel(reason) { return cancelReader(this, "reader", reason); }
    releaseLock() { releaseReader(this, "reader"); }
  }

  // ---- WritableStream ----------------------------------------------------------

  class WritableStreamDefaultController {
    constructor(key) {
      if (key !== internal) throw new TypeError("Illegal constructor");
    }
    error(e) { errorWritable(state(this, "wcontroller").stream, e); }
    get signal() { return state(this, "wcontroller").stream.abortSignal; }
  }

  function errorWritable(w, e) {
    if (w.state !== "writable") return;
    w.state = "errored";
    w.storedError = e;
    if (w.writer) {
      w.writer.closed.reject(e);
      markHandled(w.writer.closed.promise);
    }
  }

  class WritableStream {
    constructor(underlyingSink = undefined, strategy = undefined) {
      const sink = underlyingSink == null ? {} : underlyingSink;
      const strat = strategy == null ? {} : strategy;
      const w = {
        kind: "writable", state: "writable", writer: null, storedError: undefined, sink,
        hwm: strat.highWaterMark === undefined ? 1 : Number(strat.highWaterMark),
        pending: 0, closing: false,
      };
      states.set(this, w);
      w.controller = new WritableStreamDefaultController(internal);
      states.set(w.controller, { kind: "wcontroller", stream: w });
      // Every write, close and abort runs after the one before it.
      w.chain = Promise.resolve(sink.start ? sink.start.call(sink, w.controller) : undefined)
        .catch((e) => errorWritable(w, e));
    }
    get locked() { return state(this, "writable").writer !== null; }
    getWriter() { return new WritableStreamDefaultWriter(this); }
    abort(reason) {
      const w = states.get(this);
      if (!w || w.kind !== "writable") return Promise.reject(new TypeError("Illegal invocation"));
      if (w.writer) return Promise.reject(new TypeError("This WritableStream is currently locked to a writer."));
      return abortWritable(w, reason);
    }
    close() {
      const w = states.get(this);
      if (!w || w.kind !== "writable") return Promise.reject(new TypeError("Illegal invocation"));
      if (w.writer) return Promise.reject(new TypeError("This WritableStream is currently locked to a writer."));
      return closeWritable(w);
    }
  }

  function sinkCall(w, name, args) {
    const fn = w.sink[name];
    return fn ? fn.apply(w.sink, args) : undefined;
  }

  function abortWritable(w, reason) {
    if (w.state === "closed" || w.state === "errored") return Promise.resolve(undefined);
    errorWritable(w, reason);
    return Promise.resolve(sinkCall(w, "abort", [reason])).then(() => undefined);
  }

  function closeWritable(w) {
    if (w.state !== "writable" || w.closing) {
      return Promise.reject(new TypeError("This WritableStream is closed or errored."));
    }
    w.closing = true;
    const p = w.chain.then(() => {
      if (w.state === "errored") throw w.storedError;
      return sinkCall(w, "close", []);
    }).then(() => {
      w.state = "closed";
      if (w.writer) w.writer.closed.resolve(undefined);
    }, (e) => {
      errorWritable(w, e);
      throw e;
    });
    w.chain = p.catch(() => {});
    return p;
  }

  class WritableStreamDefaultWriter {
    constructor(stream) {
      const w = states.get(stream);
      if (!w || w.kind !== "writable") {
        throw new TypeError("Failed to construct 'WritableStreamDefaultWriter': parameter 1 is not of type 'WritableStream'.");
      }
      if (w.writer) throw new TypeError("This WritableStream is currently locked to a writer.");
      const wr = { kind: "writer", stream: w, closed: deferred() };
      w.writer = wr;
      states.set(this, wr);
      if (w.state === "closed") wr.closed.resolve(undefined);
      if (w.state === "errored") { wr.closed.reject(w.storedError); markHandled(wr.closed.promise); }
    }
    get closed() { return state(this, "writer").closed.promise; }
    get ready() { state(this, "writer"); return Promise.resolve(undefined); }
    get desiredSize() {
      const wr = state(this, "writer");
      if (!wr.stream) throw new TypeError("This writer has been released.");
      return wr.stream.state === "errored" ? null : wr.stream.hwm - wr.stream.pending;
    }
    write(chunk) {
      const wr = states.get(this);
      if (!wr || wr.kind !== "writer") return Promise.reject(new TypeError("Illegal invocation"));
      const w = wr.stream;
      if (!w) return Promise.reject(new TypeError("This writer has been released."));
      if (w.state === "errored") return Promise.reject(w.storedError);
      if (w.state !== "writable" || w.closing) return Promise.reject(new TypeError("This WritableStream has been closed."));
      w.pending++;
      const p = w.chain.then(() => {
        if (w.state === "errored") throw w.storedError;
        return sinkCall(w, "write", [chunk, w.controller]);
      }).then(() => { w.pending--; }, (e) => {
        w.pending--;
        errorWritable(w, e);
        throw e;
      });
      w.chain = p.catch(() => {});
      return p;
    }
    close() {
      const wr = states.get(this);
      if (!wr || wr.kind !== "writer") return Promise.reject(new TypeError("Illegal invocation"));
      if (!wr.stream) return Promise.reject(new TypeError("This writer has been released."));
      return closeWritable(wr.stream);
    }
    abort(reason) {
      const wr = states.get(this);
      if (!wr || wr.kind !== "writer") return Promise.reject(new TypeError("Illegal invocation"));
      if (!wr.stream) return Promise.reject(new TypeError("This writer has been released."));
      return abortWritable(wr.stream, reason);
    }
    releaseLock() {
      const wr = state(this, "writer");
      if (!wr.stream) return;
      wr.stream.writer = null;
      wr.stream = null;
    }
  }

  // ---- TransformStream -------------------------------------------------------------

  class TransformStreamDefaultController {
    constructor(key) {
      if (key !== internal) throw new TypeError("Illegal constructor");
    }
    get desiredSize() { return state(this, "tcontroller").readable.controller.desiredSize; }
    enqueue(chunk) { state(this, "tcontroller").readable.controller.enqueue(chunk); }
    error(e) {
      const t = state(this, "tcontroller");
      errorStream(t.readable, e);
      errorWritable(t.writable, e);
    }
    terminate() {
      const t = state(this, "tcontroller");
      if (t.readable.state === "readable" && !t.readable.closeRequested) t.readable.controller.close();
      errorWritable(t.writable, new TypeError("The transform stream has been terminated."));
    }
  }

  class TransformStream {
    #readable;
    #writable;
    constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
      const tr = transformer == null ? {} : transformer;
      const controller = new TransformStreamDefaultController(internal);
      const t = { kind: "tcontroller" };
      states.set(controller, t);
      let startDone;
      const started = new Promise((resolve) => { startDone = resolve; });
      const failed = (e) => {
        if (t.readable.state === "readable") errorStream(t.readable, e);
        throw e;
      };
      this.#readable = new ReadableStream({
        start(c) { void c; },
        cancel(reason) { errorWritable(t.writable, reason); },
      }, readableStrategy == null ? { highWaterMark: 0 } : readableStrategy);
      this.#writable = new WritableStream({
        // A transform or flush that throws errors both sides (the readable's reader sees
        // the error, as the writer does).
        write(chunk) {
          return started.then(() => tr.transform
            ? tr.transform.call(tr, chunk, controller)
            : controller.enqueue(chunk)).catch(failed);
        },
        close() {
          return started.then(() => tr.flush ? tr.flush.call(tr, controller) : undefined).then(() => {
            if (t.readable.state === "readable" && !t.readable.closeRequested) t.readable.controller.close();
          }, failed);
        },
        abort(reason) { errorStream(t.readable, reason); },
      }, writableStrategy);
      t.readable = states.get(this.#readable);
      t.writable = states.get(this.#writable);
      Promise.resolve(tr.start ? tr.start.call(tr, controller) : undefined).then(startDone, (e) => controller.error(e));
    }
    get readable() { return this.#readable; }
    get writable() { return this.#writable; }
  }

  class TextEncoderStream extends TransformStream {
    constructor() {
      const encoder = new TextEncoder();
      let high = ""; // a chunk's last lead surrogate, joined with the next chunk's first unit
      super({
        transform(chunk, c) {
          let s = high + String(chunk);
          high = "";
          const last = s.charCodeAt(s.length - 1);
          if (last >= 0xD800 && last <= 0xDBFF) { high = s.slice(-1); s = s.slice(0, -1); }
          const b = encoder.encode(s);
          if (b.length) c.enqueue(b);
        },
        flush(c) { if (high) c.enqueue(encoder.encode(high)); },
      });
    }
    get encoding() { return "utf-8"; }
  }

  class TextDecoderStream extends TransformStream {
    #decoder;
    constructor(label = "utf-8", options = undefined) {
      const decoder = new TextDecoder(label, options);
      super({
        transform(chunk, c) {
          const isBytes = chunk instanceof ArrayBuffer || ArrayBuffer.isView(chunk);
          if (!isBytes) throw new TypeError("TextDecoderStream chunks must be ArrayBuffer or ArrayBufferView.");
          const s = decoder.decode(chunk, { stream: true });
          if (s) c.enqueue(s);
        },
        flush(c) { const s = decoder.decode(); if (s) c.enqueue(s); },
      });
      this.#decoder = decoder;
    }
    get encoding() { return this.#decoder.encoding; }
    get fatal() { return this.#decoder.fatal; }
    get ignoreBOM() { return this.#decoder.ignoreBOM; }
  }

  // ---- helpers for Go ------------------------------------------------------------

  function isReadableStream(v) {
    const s = states.get(v);
    return Boolean(s && s.kind === "readable");
  }

  function isDisturbed(v) {
    const s = states.get(v);
    return Boolean(s && (s.disturbed || s.reader));
  }

  // A stream whose chunks come from Go: pull asks Go for the next chunk, which resolves
  // to a Uint8Array or to null at the end.
  function fromPull(next, cancel) {
    return new ReadableStream({
      pull(controller) {
        return next().then((chunk) => {
          if (chunk === null) controller.close();
          else controller.enqueue(chunk);
        });
      },
      cancel(reason) { if (cancel) cancel(reason); },
    }, { highWaterMark: 0 });
  }

  // A stream of one Uint8Array (or none).
  function fromBytes(bytes) {
    const stream = new ReadableStream({
      start(controller) {
        if (bytes !== null && bytes.byteLength > 0) controller.enqueue(bytes);
        controller.close();
      },
    });
    states.get(stream).fixed = bytes === null ? new Uint8Array(0) : bytes;
    return stream;
  }

  // The bytes of a stream made by fromBytes that nobody has read or locked, taking the
  // stream as a body does (it is then locked and disturbed); null for any other stream.
  // A body passed on unread (\`new Response(res.body, res)\`) so keeps its known length,
  // as in workerd.
  function takeBytes(v) {
    const s = states.get(v);
    if (!s || s.kind !== "readable" || s.fixed === undefined || s.disturbed || s.reader) return null;
    const bytes = s.fixed;
    s.fixed = undefined;
    v.getReader();
    s.disturbed = true;
    return bytes;
  }

  // Read a byte stream to the end, handing each chunk to onChunk(Uint8Array).
  function drain(stream, onChunk) {
    const reader = stream.getReader();
    const step = () => reader.read().then(({ value, done }) => {
      if (done) return undefined;
      let bytes;
      if (value instanceof Uint8Array) bytes = value;
      else if (ArrayBuffer.isView(value)) bytes = new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      else if (value instanceof ArrayBuffer) bytes = new Uint8Array(value);
      else {
        const err = new TypeError("This ReadableStream did not return bytes.");
        reader.cancel(err).catch(() => {});
        throw err;
      }
      if (onChunk(bytes) === false) {
        return reader.cancel().then(() => undefined);
      }
      return step();
    });
    return step();
  }

  return {
    ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController,
    ReadableStreamBYOBReader, ReadableByteStreamController, ReadableStreamBYOBRequest,
    CountQueuingStrategy, ByteLengthQueuingStrategy,
    WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController,
    TransformStream, TransformStreamDefaultController, TextEncoderStream, TextDecoderStream,
    isReadableStream, isDisturbed, fromPull, fromBytes, takeBytes, drain,
  };
})()
