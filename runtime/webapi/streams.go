package webapi

import (
	_ "embed"
	"errors"
	"io"
	"sync"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// streamInternals are the helpers streams.js hands to Go.
type streamInternals struct {
	isReadable, isDisturbed, fromPull, fromBytes, takeBytes, drain goja.Callable
}

// installStreams runs streams.js and defines its public classes.
func installStreams(r *Realm) {
	exports := r.runScript("streams.js").ToObject(r.VM)
	r.defineGlobals(exports, "ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamDefaultController",
		"ReadableStreamBYOBReader", "ReadableByteStreamController", "ReadableStreamBYOBRequest",
		"CountQueuingStrategy", "ByteLengthQueuingStrategy",
		"WritableStream", "WritableStreamDefaultWriter", "WritableStreamDefaultController",
		"TransformStream", "TransformStreamDefaultController", "TextEncoderStream", "TextDecoderStream")
	fn := func(name string) goja.Callable {
		f, _ := goja.AssertFunction(exports.Get(name))
		return f
	}
	r.streams = streamInternals{fn("isReadableStream"), fn("isDisturbed"), fn("fromPull"), fn("fromBytes"), fn("takeBytes"), fn("drain")}
}

// IsReadableStream reports whether v is a ReadableStream of this realm.
func (r *Realm) IsReadableStream(v goja.Value) bool {
	res, err := r.streams.isReadable(goja.Undefined(), v)
	return err == nil && res.ToBoolean()
}

// isDisturbed reports whether a stream has been read from or is locked.
func (r *Realm) isDisturbed(v goja.Value) bool {
	res, err := r.streams.isDisturbed(goja.Undefined(), v)
	return err == nil && res.ToBoolean()
}

// takeBytes returns the bytes of a stream StreamOfBytes made, if nobody read or locked
// it, and locks it (see streams.js).
func (r *Realm) takeBytes(v goja.Value) ([]byte, bool) {
	res, err := r.streams.takeBytes(goja.Undefined(), v)
	if err != nil || goja.IsNull(res) {
		return nil, false
	}
	b, ok := r.BytesOf(res)
	if ok && b == nil {
		b = []byte{} // an empty body, not none
	}
	return b, ok
}

// StreamOfBytes returns a ReadableStream that yields b (if not empty) as one Uint8Array.
func (r *Realm) StreamOfBytes(b []byte) goja.Value {
	var chunk goja.Value = goja.Null()
	if len(b) > 0 {
		chunk = r.NewUint8Array(append([]byte(nil), b...))
	}
	s, err := r.streams.fromBytes(goja.Undefined(), chunk)
	if err != nil {
		panic(err)
	}
	return s
}

// StreamFrom returns a ReadableStream whose chunks are read from src as the stream is
// pulled: each read happens on its own goroutine (src may block), the chunk re-enters JS
// through the bridge. src is closed when the stream ends or is canceled.
func (r *Realm) StreamFrom(src io.ReadCloser, chunkSize int) goja.Value {
	var once sync.Once
	closeSrc := func() { once.Do(func() { src.Close() }) }
	next := func(call goja.FunctionCall) goja.Value {
		p, settle := r.Bridge.Promise()
		go func() {
			buf := make([]byte, chunkSize)
			n, err := io.ReadFull(src, buf)
			if errors.Is(err, io.ErrUnexpectedEOF) {
				err = nil
			}
			if n == 0 && err == nil {
				err = io.EOF
			}
			if err != nil {
				closeSrc()
			}
			settle.Settle(func(vm *goja.Runtime) (goja.Value, error) {
				switch {
				case n > 0:
					return r.NewUint8Array(buf[:n:n]), nil
				case errors.Is(err, io.EOF):
					return goja.Null(), nil
				}
				return nil, err
			})
		}()
		return r.VM.ToValue(p)
	}
	cancel := func(call goja.FunctionCall) goja.Value {
		closeSrc()
		return goja.Undefined()
	}
	s, err := r.streams.fromPull(goja.Undefined(), r.VM.ToValue(next), r.VM.ToValue(cancel))
	if err != nil {
		panic(err)
	}
	return s
}

// ReadAll reads a byte stream to the end on the loop and returns a promise of all its
// bytes; done (may be nil) receives them in Go first, and may return an error to reject
// with instead.
func (r *Realm) ReadAll(stream goja.Value, done func(data []byte) (goja.Value, error)) goja.Value {
	var chunks [][]byte
	size := 0
	onChunk := func(call goja.FunctionCall) goja.Value {
		b, _ := r.BytesOf(call.Argument(0))
		chunks = append(chunks, append([]byte(nil), b...))
		size += len(b)
		return goja.Undefined()
	}
	drained, err := r.streams.drain(goja.Undefined(), stream, r.VM.ToValue(onChunk))
	if err != nil {
		return r.resolved(nil, err)
	}
	p, settle := r.Bridge.Promise()
	then, _ := goja.AssertFunction(drained.ToObject(r.VM).Get("then"))
	then(drained, r.VM.ToValue(func(goja.FunctionCall) goja.Value {
		data := make([]byte, 0, size)
		for _, c := range chunks {
			data = append(data, c...)
		}
		if done == nil {
			settle.SettleNow(r.NewUint8Array(data), nil)
			return goja.Undefined()
		}
		var v goja.Value
		var derr error
		if thrown := jsx.Catch(func() { v, derr = done(data) }); thrown != nil {
			derr = thrown
		}
		settle.SettleNow(v, derr)
		return goja.Undefined()
	}), r.VM.ToValue(func(call goja.FunctionCall) goja.Value {
		settle.SettleNow(nil, &jsx.Thrown{Value: call.Argument(0)})
		return goja.Undefined()
	}))
	return r.VM.ToValue(p)
}

// StreamReader returns an io.Reader over a JS byte stream, for Go code running on another
// goroutine (a KV put of a stream): each Read that needs data asks the loop for the next
// chunk and waits for it. Call it on the loop; the stream is locked to it at once.
func (r *Realm) StreamReader(stream goja.Value) (io.ReadCloser, error) {
	getReader, ok := goja.AssertFunction(stream.ToObject(r.VM).Get("getReader"))
	if !ok {
		return nil, jsx.TypeError("not a ReadableStream")
	}
	reader, err := getReader(stream)
	if err != nil {
		return nil, err
	}
	return &jsStreamReader{realm: r, reader: reader.ToObject(r.VM), later: r.Bridge.Later(),
		hold: r.Bridge.Hold(), next: make(chan chunkResult, 1)}, nil
}

type chunkResult struct {
	data []byte
	err  error
}

// jsStreamReader is the io.Reader StreamReader returns.
type jsStreamReader struct {
	realm  *Realm
	reader *goja.Object // touched only on the loop
	later  func(func(*goja.Runtime)) bool
	hold   jsx.Hold // keeps the invocation open until the stream is done with
	next   chan chunkResult
	buf    []byte
	err    error
	once   sync.Once // releases hold
}

func (s *jsStreamReader) Read(p []byte) (int, error) {
	for len(s.buf) == 0 {
		if s.err != nil {
			return 0, s.err
		}
		if !s.later(s.readChunk) {
			s.err = errors.New("the worker stopped while its stream was being read")
			continue
		}
		res := <-s.next
		s.buf, s.err = res.data, res.err
		if s.err != nil {
			s.release()
		}
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// readChunk runs on the loop: reader.read(), then hand the chunk (copied) to Read.
func (s *jsStreamReader) readChunk(vm *goja.Runtime) {
	sent := false
	var done func()
	send := func(res chunkResult) {
		if !sent {
			sent = true
			done()
			s.next <- res
		}
	}
	fail := func(err error) { send(chunkResult{err: err}) }
	// Until the read settles Go waits on JavaScript; if nothing can settle it, the
	// invocation is hung and the read fails with that error.
	done = s.hold.Wait(fail)
	read, _ := goja.AssertFunction(s.reader.Get("read"))
	p, err := read(s.reader)
	if err != nil {
		fail(err)
		return
	}
	then, _ := goja.AssertFunction(p.ToObject(vm).Get("then"))
	_, err = then(p, vm.ToValue(func(call goja.FunctionCall) goja.Value {
		res := call.Argument(0).ToObject(vm)
		if res.Get("done").ToBoolean() {
			fail(io.EOF)
			return goja.Undefined()
		}
		b, ok := s.realm.BytesOf(res.Get("value"))
		if !ok {
			fail(jsx.TypeError("This ReadableStream did not return bytes."))
			return goja.Undefined()
		}
		send(chunkResult{data: append([]byte(nil), b...)})
		return goja.Undefined()
	}), vm.ToValue(func(call goja.FunctionCall) goja.Value {
		fail(&jsx.Thrown{Value: call.Argument(0)})
		return goja.Undefined()
	}))
	if err != nil {
		fail(err)
	}
}

// release lets the invocation end, once.
func (s *jsStreamReader) release() {
	s.once.Do(func() { s.later(func(*goja.Runtime) { s.hold.Release() }) })
}

// Close cancels the JS stream if it was not read to the end.
func (s *jsStreamReader) Close() error {
	defer s.release()
	if s.err == io.EOF {
		return nil
	}
	s.later(func(vm *goja.Runtime) {
		if cancel, ok := goja.AssertFunction(s.reader.Get("cancel")); ok {
			if p, err := cancel(s.reader); err == nil {
				if catch, ok := goja.AssertFunction(p.ToObject(vm).Get("catch")); ok {
					catch(p, vm.ToValue(func(goja.FunctionCall) goja.Value { return goja.Undefined() }))
				}
			}
		}
	})
	return nil
}
