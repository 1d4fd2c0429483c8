package node

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"unicode/utf8"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/webapi"
)

// newBuffer is node:buffer: Buffer (js/buffer.js, a Uint8Array subclass) over Go's
// encoders, so converting a megabyte to base64 is one Go call.
func newBuffer(m *Modules) goja.Value {
	vm := m.vm
	native := vm.NewObject()
	native.Set("encode", func(s goja.Value, enc string) goja.Value {
		return m.realm.NewArrayBuffer(encodeString(s, enc))
	})
	native.Set("byteLength", func(s goja.Value, enc string) int {
		if enc == "utf8" {
			return utf8Length(s)
		}
		return len(encodeString(s, enc))
	})
	native.Set("decode", func(v goja.Value, enc string) goja.Value {
		return decodeBytes(vm, m.bytes(v), enc)
	})
	native.Set("compare", func(a, b goja.Value) int { return bytes.Compare(m.bytes(a), m.bytes(b)) })
	native.Set("indexOf", func(hay, needle goja.Value, from int, forward bool) int {
		h, n := m.bytes(hay), m.bytes(needle)
		if forward {
			if from < 0 || from > len(h) {
				return -1
			}
			i := bytes.Index(h[from:], n)
			if i < 0 {
				return -1
			}
			return from + i
		}
		end := min(len(h), from+len(n))
		if end < 0 {
			return -1
		}
		return bytes.LastIndex(h[:end], n)
	})
	native.Set("fill", func(v, pattern goja.Value) {
		b, p := m.bytes(v), m.bytes(pattern)
		if len(p) == 0 || len(b) == 0 {
			return
		}
		n := copy(b, p)
		for n < len(b) {
			n += copy(b[n:], b[:n])
		}
	})
	native.Set("isUtf8", func(v goja.Value) bool { return utf8.Valid(m.bytes(v)) })
	native.Set("isAscii", func(v goja.Value) bool {
		for _, c := range m.bytes(v) {
			if c >= 0x80 {
				return false
			}
		}
		return true
	})
	return m.runModule("buffer.js", native)
}

// utf8Length is the UTF-8 length of a JS string, a lone surrogate counting as U+FFFD.
func utf8Length(v goja.Value) int {
	s, ok := v.(goja.String)
	if !ok {
		return len(v.String())
	}
	n, l := 0, s.Length()
	for i := 0; i < l; i++ {
		c := s.CharAt(i)
		switch {
		case c < 0x80:
			n++
		case c < 0x800:
			n += 2
		case c >= 0xD800 && c <= 0xDBFF && i+1 < l && s.CharAt(i+1) >= 0xDC00 && s.CharAt(i+1) <= 0xDFFF:
			n += 4
			i++
		default:
			n += 3
		}
	}
	return n
}

// codeUnits returns a JS string's UTF-16 code units.
func codeUnits(v goja.Value) []uint16 {
	s, ok := v.(goja.String)
	if !ok {
		s, _ = v.ToString().(goja.String)
	}
	out := make([]uint16, s.Length())
	for i := range out {
		out[i] = s.CharAt(i)
	}
	return out
}

// encodeString is Buffer.from(string, encoding)'s bytes, as Node makes them: base64
// and hex stop at what cannot be decoded rather than failing.
func encodeString(v goja.Value, enc string) []byte {
	switch enc {
	case "utf8":
		return []byte(v.String())
	case "hex":
		s := v.String()
		out := make([]byte, 0, len(s)/2)
		for i := 0; i+1 < len(s); i += 2 {
			b, err := hex.DecodeString(s[i : i+2])
			if err != nil {
				break
			}
			out = append(out, b[0])
		}
		return out
	case "base64", "base64url":
		return lenientBase64(v.String())
	case "ucs2":
		units := codeUnits(v)
		out := make([]byte, 2*len(units))
		for i, c := range units {
			out[2*i], out[2*i+1] = byte(c), byte(c>>8)
		}
		return out
	default: // latin1, ascii: the low byte of each code unit
		if s, ok := v.(goja.String); ok {
			out := make([]byte, s.Length())
			for i := range out {
				out[i] = byte(s.CharAt(i))
			}
			return out
		}
		return []byte(v.String())
	}
}

// lenientBase64 decodes base64 or base64url as Node does: characters outside both
// alphabets are skipped, decoding ends at the first '=', and a lone final character is
// dropped.
func lenientBase64(s string) []byte {
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '=':
			i = len(s)
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '+', c == '/':
			clean = append(clean, c)
		case c == '-':
			clean = append(clean, '+')
		case c == '_':
			clean = append(clean, '/')
		}
	}
	if len(clean)%4 == 1 {
		clean = clean[:len(clean)-1]
	}
	out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, _ := base64.RawStdEncoding.Decode(out, clean)
	return out[:n]
}

// decodeBytes is buf.toString(encoding).
func decodeBytes(vm *goja.Runtime, b []byte, enc string) goja.Value {
	switch enc {
	case "utf8":
		return vm.ToValue(webapi.DecodeUTF8(b))
	case "hex":
		return vm.ToValue(hex.EncodeToString(b))
	case "base64":
		return vm.ToValue(base64.StdEncoding.EncodeToString(b))
	case "base64url":
		return vm.ToValue(base64.RawURLEncoding.EncodeToString(b))
	case "ucs2":
		units := make([]uint16, len(b)/2)
		for i := range units {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		}
		return vm.ToValue(goja.StringFromUTF16(units))
	case "ascii":
		out := make([]byte, len(b))
		for i, c := range b {
			out[i] = c & 0x7f
		}
		return vm.ToValue(string(out))
	default: // latin1
		ascii := true
		for _, c := range b {
			if c >= 0x80 {
				ascii = false
				break
			}
		}
		if ascii {
			return vm.ToValue(string(b))
		}
		units := make([]uint16, len(b))
		for i, c := range b {
			units[i] = uint16(c)
		}
		return vm.ToValue(goja.StringFromUTF16(units))
	}
}
