package webapi

import (
	"errors"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/transform"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// textEncoder is what a TextEncoder holds (it has no state; the type is its brand).
type textEncoder struct{ _ byte }

// textDecoder is the state of one TextDecoder: its options and, between streaming
// decode calls, the bytes of an unfinished sequence.
type textDecoder struct {
	fatal, ignoreBOM bool
	pending          []byte
	bomSeen          bool // the start of the stream has been handled
	// name and legacy are the encoding's name and, for any but UTF-8, its decoder
	// (golang.org/x/text's, by the Encoding Standard's labels and index tables).
	name   string
	legacy transform.Transformer
	enc    encoding.Encoding
}

// installEncoding defines TextEncoder and TextDecoder (UTF-8, as workers use them).
func installEncoding(r *Realm) {
	vm := r.VM
	enc := jsx.NewClass(vm, "TextEncoder", func(call goja.ConstructorCall) any { return &textEncoder{} })
	type encoder = *textEncoder
	jsx.Getter(enc, "encoding", func(encoder) goja.Value { return vm.ToValue("utf-8") })
	jsx.Method(enc, "encode", func(_ encoder, call goja.FunctionCall) goja.Value {
		s := ""
		if a := call.Argument(0); !goja.IsUndefined(a) {
			s = a.String()
		}
		return r.NewUint8Array([]byte(s))
	})
	jsx.Method(enc, "encodeInto", func(_ encoder, call goja.FunctionCall) goja.Value {
		src := call.Argument(0).String()
		dst, ok := r.BytesOf(call.Argument(1))
		if o, isObj := call.Argument(1).(*goja.Object); ok && isObj {
			_, ok = o.Export().([]byte) // a Uint8Array, not another view
		}
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'."))
		}
		read, written := 0, 0
		for _, c := range src {
			n := utf8.RuneLen(c)
			if written+n > len(dst) {
				break
			}
			utf8.EncodeRune(dst[written:], c)
			written += n
			read++
			if c >= 0x10000 {
				read++ // two UTF-16 code units
			}
		}
		res := vm.NewObject()
		res.Set("read", read)
		res.Set("written", written)
		return res
	})
	vm.Set("TextEncoder", enc.Constructor)

	dec := jsx.NewClass(vm, "TextDecoder", func(call goja.ConstructorCall) any {
		d := &textDecoder{name: "utf-8"}
		if label := call.Argument(0); !goja.IsUndefined(label) {
			name, enc := encodingFor(label.String())
			if enc == nil && name == "" {
				jsx.Throw(vm, jsx.RangeError("Failed to construct 'TextDecoder': The encoding label provided ('"+label.String()+"') is invalid."))
			}
			d.name, d.enc = name, enc
		}
		if o, ok := call.Argument(1).(*goja.Object); ok {
			d.fatal = o.Get("fatal") != nil && o.Get("fatal").ToBoolean()
			d.ignoreBOM = o.Get("ignoreBOM") != nil && o.Get("ignoreBOM").ToBoolean()
		}
		return d
	})
	jsx.Getter(dec, "encoding", func(d *textDecoder) goja.Value { return vm.ToValue(d.name) })
	jsx.Getter(dec, "fatal", func(d *textDecoder) goja.Value { return vm.ToValue(d.fatal) })
	jsx.Getter(dec, "ignoreBOM", func(d *textDecoder) goja.Value { return vm.ToValue(d.ignoreBOM) })
	jsx.Method(dec, "decode", func(d *textDecoder, call goja.FunctionCall) goja.Value {
		var input []byte
		if a := call.Argument(0); !goja.IsUndefined(a) && !goja.IsNull(a) {
			b, ok := r.BytesOf(a)
			if !ok {
				jsx.Throw(vm, jsx.TypeError("Failed to execute 'decode' on 'TextDecoder': parameter 1 is not of type 'ArrayBuffer or ArrayBufferView'."))
			}
			input = b
		}
		stream := false
		if o, ok := call.Argument(1).(*goja.Object); ok {
			stream = o.Get("stream") != nil && o.Get("stream").ToBoolean()
		}
		s, err := d.decode(input, stream)
		if err != nil {
			jsx.Throw(vm, err)
		}
		return vm.ToValue(s)
	})
	vm.Set("TextDecoder", dec.Constructor)
}

// decode runs the Encoding standard's UTF-8 decoder over the pending bytes and input.
// With stream, an unfinished sequence at the end is kept for the next call; without it,
// the decoder is reset afterwards.
func (d *textDecoder) decode(input []byte, stream bool) (string, error) {
	if d.enc != nil {
		return d.decodeLegacy(input, stream)
	}
	data := input
	if len(d.pending) > 0 {
		data = append(append([]byte(nil), d.pending...), input...)
		d.pending = nil
	}
	var out strings.Builder
	out.Grow(len(data))
	i := 0
	for i < len(data) {
		c, n, complete := decodeUTF8(data[i:])
		if !complete && stream {
			d.pending = append([]byte(nil), data[i:]...)
			break
		}
		if c == utf8.RuneError && n <= 3 && !isEncodedReplacement(data[i:], n) {
			if d.fatal {
				d.reset()
				return "", jsx.TypeError("The encoded data was not valid for encoding utf-8")
			}
		}
		if !d.bomSeen {
			d.bomSeen = true
			if c == 0xFEFF && !d.ignoreBOM {
				i += n
				continue
			}
		}
		out.WriteRune(c)
		i += n
	}
	if !stream {
		d.reset()
	}
	return out.String(), nil
}

func (d *textDecoder) reset() { d.pending, d.bomSeen, d.legacy = nil, false, nil }

// encodingFor finds the encoding a label names, as the Encoding Standard's table does
// (case and surrounding whitespace ignored): "utf-8" with a nil Encoding for UTF-8, ""
// for a label TextDecoder refuses (unknown, or one of the "replacement" labels).
func encodingFor(label string) (string, encoding.Encoding) {
	enc, err := htmlindex.Get(strings.Trim(label, " \t\n\f\r"))
	if err != nil || enc == encoding.Replacement {
		return "", nil
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return "", nil
	}
	if name == "utf-8" {
		return name, nil
	}
	return strings.ToLower(name), enc
}

// decodeLegacy decodes with a golang.org/x/text decoder (UTF-16 and the single- and
// multi-byte legacy encodings), keeping an unfinished sequence between streaming calls.
func (d *textDecoder) decodeLegacy(input []byte, stream bool) (string, error) {
	if d.legacy == nil {
		d.legacy = d.enc.NewDecoder()
	}
	src := input
	if len(d.pending) > 0 {
		src = append(append([]byte(nil), d.pending...), input...)
		d.pending = nil
	}
	dst := make([]byte, len(src)*3+16)
	var out []byte
	for {
		nDst, nSrc, err := d.legacy.Transform(dst, src, !stream)
		out = append(out, dst[:nDst]...)
		src = src[nSrc:]
		if errors.Is(err, transform.ErrShortDst) {
			continue
		}
		if errors.Is(err, transform.ErrShortSrc) && stream {
			d.pending = append([]byte(nil), src...)
		}
		break
	}
	text := string(out)
	if !d.bomSeen && len(text) > 0 {
		d.bomSeen = true
		if strings.HasPrefix(d.name, "utf-16") && !d.ignoreBOM {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
	}
	if d.fatal && strings.ContainsRune(text, utf8.RuneError) {
		d.reset()
		return "", jsx.TypeError("The encoded data was not valid for encoding " + d.name)
	}
	if !stream {
		d.reset()
	}
	return text, nil
}

// isEncodedReplacement reports whether the n bytes at b are a real U+FFFD.
func isEncodedReplacement(b []byte, n int) bool {
	return n == 3 && b[0] == 0xEF && b[1] == 0xBF && b[2] == 0xBD
}

// decodeUTF8 decodes one code point at the start of b the way the Encoding standard does:
// an invalid or truncated sequence yields U+FFFD for its maximal subpart (n bytes).
// complete is false when b ends inside a sequence that could still become valid.
func decodeUTF8(b []byte) (c rune, n int, complete bool) {
	b0 := b[0]
	var need int
	lower, upper := byte(0x80), byte(0xBF)
	switch {
	case b0 < 0x80:
		return rune(b0), 1, true
	case b0 >= 0xC2 && b0 <= 0xDF:
		need, c = 1, rune(b0&0x1F)
	case b0 >= 0xE0 && b0 <= 0xEF:
		need, c = 2, rune(b0&0x0F)
		if b0 == 0xE0 {
			lower = 0xA0
		} else if b0 == 0xED {
			upper = 0x9F
		}
	case b0 >= 0xF0 && b0 <= 0xF4:
		need, c = 3, rune(b0&0x07)
		if b0 == 0xF0 {
			lower = 0x90
		} else if b0 == 0xF4 {
			upper = 0x8F
		}
	default:
		return utf8.RuneError, 1, true
	}
	for k := 1; k <= need; k++ {
		if k >= len(b) {
			return utf8.RuneError, k, false
		}
		if b[k] < lower || b[k] > upper {
			return utf8.RuneError, k, true
		}
		lower, upper = 0x80, 0xBF
		c = c<<6 | rune(b[k]&0x3F)
	}
	return c, need + 1, true
}

// DecodeUTF8 decodes b as the Encoding standard's UTF-8 decoder does (a BOM is kept):
// every invalid or truncated sequence becomes one U+FFFD for its maximal subpart, as
// V8 and Node's Buffer decode.
func DecodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var out strings.Builder
	out.Grow(len(b) + 8)
	for i := 0; i < len(b); {
		c, n, _ := decodeUTF8(b[i:])
		out.WriteRune(c)
		i += n
	}
	return out.String()
}
