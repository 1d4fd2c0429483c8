package webapi

import (
	"io"
	"slices"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// globals is the single ordered list of what a worker sees, installed by Install.
// Later entries may use earlier ones (Request uses URL and Headers).
var globals = []struct {
	name    string
	install func(*Realm)
}{
	{"Symbol.asyncIterator", installAsyncIterator}, // first: the classes below use it
	{"eval, Function (no code from strings), JSON.parse (bounded depth), the ES built-ins goja lacks, self", installLanguage},
	{"(typed-array helpers)", installBytes},
	{"DOMException, Event, CustomEvent, EventTarget, AbortController, AbortSignal, structuredClone, queueMicrotask", installEvents},
	{"console", installConsole},
	{"setTimeout, setInterval, clearTimeout, clearInterval", installTimers},
	{"atob, btoa", installBase64},
	{"navigator, performance", installPlatform},
	{"crypto, Crypto, SubtleCrypto, CryptoKey", installCrypto},
	{"URL, URLSearchParams", installURL},
	{"Headers", installHeaders},
	{"Request", installRequest},
	{"TextEncoder, TextDecoder", installEncoding},
	{"ReadableStream, WritableStream and their readers, writers, controllers", installStreams},
	{"CompressionStream, DecompressionStream", installCompression},
	{"Blob, File, FormData", installBlob},
	{"Response", installResponse},
	{"fetch", installFetch},
	{"caches, Cache, CacheStorage", installCaches},
	{"HTMLRewriter", installHTMLRewriter},
	{"WebSocketPair, WebSocket, MessageEvent, CloseEvent", installWebSocket},
	{"(toStringTags)", installToStringTags}, // last: it tags the classes above
}

// installToStringTags gives each Web API class defined in JavaScript the
// Symbol.toStringTag its WebIDL interface has (`[object ReadableStream]`), where the class
// did not define one.
func installToStringTags(r *Realm) {
	for _, name := range []string{"ReadableStream", "ReadableStreamDefaultReader", "ReadableStreamBYOBReader",
		"ReadableStreamDefaultController", "ReadableByteStreamController", "ReadableStreamBYOBRequest",
		"WritableStream", "WritableStreamDefaultWriter", "WritableStreamDefaultController", "TransformStream",
		"TransformStreamDefaultController", "ByteLengthQueuingStrategy", "CountQueuingStrategy", "TextEncoderStream",
		"TextDecoderStream", "CompressionStream", "DecompressionStream", "IdentityTransformStream", "FixedLengthStream",
		"Blob", "File", "FormData", "URLSearchParams", "URL", "DOMException", "CustomEvent", "TextEncoder", "TextDecoder"} {
		c, ok := r.VM.Get(name).(*goja.Object)
		if !ok {
			continue
		}
		proto, ok := c.Get("prototype").(*goja.Object)
		if !ok || slices.Contains(proto.Symbols(), goja.SymToStringTag) {
			continue
		}
		proto.DefineDataPropertySymbol(goja.SymToStringTag, r.VM.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
}

// Install defines every Web-platform global on vm and returns the realm holding them.
func Install(vm *goja.Runtime, bridge jsx.Bridge, stdout, stderr io.Writer, level LogLevel) *Realm {
	r := &Realm{VM: vm, Bridge: bridge, Stdout: stdout, Stderr: stderr, LogLevel: level}
	for _, g := range globals {
		g.install(r)
	}
	return r
}

// installAsyncIterator defines Symbol.asyncIterator, which goja lacks, as the registered
// symbol esbuild's helpers fall back to, so user code, lowered `for await` and our
// streams agree (DESIGN.md 6).
func installAsyncIterator(r *Realm) {
	if _, err := r.VM.RunString(`if (!Symbol.asyncIterator) Object.defineProperty(Symbol, "asyncIterator", {value: Symbol.for("Symbol.asyncIterator")});`); err != nil {
		panic(err)
	}
}
