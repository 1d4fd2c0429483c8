package node

import "github.com/dop251/goja"

// newStream is node:stream (js/stream.js): its value is Stream, with the classes and
// helpers as its properties, as require("stream") is in Node.
func newStream(m *Modules) goja.Value { return m.runModule("stream.js", nil) }

// newStreamPromises is node:stream/promises.
func newStreamPromises(m *Modules) goja.Value {
	return m.require("stream").ToObject(m.vm).Get("promises")
}

// newStreamWeb is node:stream/web: the platform's Web stream classes.
func newStreamWeb(m *Modules) goja.Value {
	out := m.vm.NewObject()
	for _, name := range []string{"ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableByteStreamController", "ReadableStreamDefaultController", "TransformStream", "TransformStreamDefaultController", "WritableStream", "WritableStreamDefaultWriter", "WritableStreamDefaultController", "ByteLengthQueuingStrategy", "CountQueuingStrategy", "TextEncoderStream", "TextDecoderStream", "CompressionStream", "DecompressionStream"} {
		if v := m.vm.GlobalObject().Get(name); v != nil {
			out.Set(name, v)
		}
	}
	return out
}

// newStreamConsumers is node:stream/consumers (js/stream_consumers.js).
func newStreamConsumers(m *Modules) goja.Value { return m.runModule("stream_consumers.js", nil) }
