package webapi

import (
	"encoding/base64"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

var (
	errAtob = jsx.DOMException("InvalidCharacterError", "atob() called with invalid base64-encoded data. (Only whitespace, '+', '/', alphanumeric ASCII, and up to two terminal '=' signs when the input data length is divisible by 4 are allowed.)")
	errBtoa = jsx.DOMException("InvalidCharacterError", "btoa() can only operate on characters in the Latin1 (ISO/IEC 8859-1) range.")
)

// installBase64 defines atob and btoa: binary strings (one char per byte) to and from
// base64, with the HTML standard's forgiving decoding.
func installBase64(r *Realm) {
	vm := r.VM
	vm.Set("btoa", func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'btoa' on 'ServiceWorkerGlobalScope': 1 argument required, but only 0 present."))
		}
		s := call.Argument(0).String()
		b := make([]byte, 0, len(s))
		for _, c := range s {
			if c > 0xFF {
				jsx.Throw(vm, errBtoa)
			}
			b = append(b, byte(c))
		}
		return vm.ToValue(base64.StdEncoding.EncodeToString(b))
	})
	vm.Set("atob", func(call goja.FunctionCall) goja.Value {
		if len(call.Arguments) == 0 {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'atob' on 'ServiceWorkerGlobalScope': 1 argument required, but only 0 present."))
		}
		b, ok := forgivingBase64(call.Argument(0).String())
		if !ok {
			jsx.Throw(vm, errAtob)
		}
		var out strings.Builder
		for _, c := range b {
			out.WriteRune(rune(c))
		}
		return vm.ToValue(out.String())
	})
}

// forgivingBase64 decodes as the HTML standard's forgiving-base64 decode does.
func forgivingBase64(s string) ([]byte, bool) {
	s = strings.Map(func(c rune) rune {
		switch c {
		case ' ', '\t', '\n', '\f', '\r':
			return -1
		}
		return c
	}, s)
	if len(s)%4 == 0 {
		s = strings.TrimSuffix(s, "=")
		s = strings.TrimSuffix(s, "=")
	}
	if len(s)%4 == 1 || strings.ContainsRune(s, '=') {
		return nil, false
	}
	b, err := base64.RawStdEncoding.Strict().DecodeString(s)
	if err != nil {
		// Non-zero trailing bits are allowed by the standard; retry without Strict.
		b, err = base64.RawStdEncoding.DecodeString(s)
	}
	return b, err == nil
}
