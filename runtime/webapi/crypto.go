package webapi

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"hash"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// digests are the hash algorithms SubtleCrypto.digest accepts (MD5 as workerd allows).
var digests = map[string]func() hash.Hash{
	"SHA-1": sha1.New, "SHA-256": sha256.New, "SHA-384": sha512.New384, "SHA-512": sha512.New, "MD5": md5.New,
}

// cryptoKey is what a CryptoKey holds: for now, HMAC secret keys.
type cryptoKey struct {
	secret      []byte
	hashName    string
	extractable bool
	usages      []string
	lengthBits  int
}

type cryptoObj struct{ _ byte }
type subtleObj struct{ _ byte }

// installCrypto defines crypto (randomUUID, getRandomValues, subtle) with the parts of
// SubtleCrypto workers use most: digest, and HMAC importKey/sign/verify; workerd's
// timingSafeEqual extension too. Other algorithms reject with NotSupportedError.
func installCrypto(r *Realm) {
	vm := r.VM
	keyClass := jsx.NewClass(vm, "CryptoKey", nil)
	jsx.Getter(keyClass, "type", func(*cryptoKey) goja.Value { return vm.ToValue("secret") })
	jsx.Getter(keyClass, "extractable", func(k *cryptoKey) goja.Value { return vm.ToValue(k.extractable) })
	jsx.Getter(keyClass, "algorithm", func(k *cryptoKey) goja.Value {
		alg := vm.NewObject()
		alg.Set("name", "HMAC")
		h := vm.NewObject()
		h.Set("name", k.hashName)
		alg.Set("hash", h)
		alg.Set("length", k.lengthBits)
		return alg
	})
	jsx.Getter(keyClass, "usages", func(k *cryptoKey) goja.Value {
		items := make([]any, len(k.usages))
		for i, u := range k.usages {
			items[i] = u
		}
		return vm.NewArray(items...)
	})
	vm.Set("CryptoKey", keyClass.Constructor)

	subtleClass := jsx.NewClass(vm, "SubtleCrypto", nil)
	async := func(fn func() (goja.Value, error)) goja.Value {
		var v goja.Value
		var err error
		if thrown := jsx.Catch(func() { v, err = fn() }); thrown != nil {
			err = thrown
		}
		return r.resolved(v, err)
	}
	jsx.Method(subtleClass, "digest", func(_ *subtleObj, call goja.FunctionCall) goja.Value {
		return async(func() (goja.Value, error) {
			name := algorithmName(vm, call.Argument(0))
			newHash, ok := digests[name]
			if !ok {
				// workerd's text: it supports no other digest either.
				return nil, jsx.DOMException("NotSupportedError", "Unrecognized or unimplemented digest algorithm requested.")
			}
			data, ok := r.BytesOf(call.Argument(1))
			if !ok {
				return nil, jsx.TypeError("Failed to execute 'digest' on 'SubtleCrypto': parameter 2 is not of type 'ArrayBuffer or ArrayBufferView'.")
			}
			h := newHash()
			h.Write(data)
			return r.NewArrayBuffer(h.Sum(nil)), nil
		})
	})
	jsx.Method(subtleClass, "importKey", func(_ *subtleObj, call goja.FunctionCall) goja.Value {
		return async(func() (goja.Value, error) {
			k, err := r.importHMACKey(call)
			if err != nil {
				return nil, err
			}
			return keyClass.New(k), nil
		})
	})
	hmacOf := func(call goja.FunctionCall, usage string, dataArg int) (*cryptoKey, []byte, error) {
		if name := algorithmName(vm, call.Argument(0)); name != "HMAC" {
			return nil, nil, notSupported(name)
		}
		k, ok := jsx.Unwrap[*cryptoKey](call.Argument(1))
		if !ok {
			return nil, nil, jsx.TypeError("Failed to execute '" + usage + "' on 'SubtleCrypto': parameter 2 is not of type 'CryptoKey'.")
		}
		if !contains(k.usages, usage) {
			return nil, nil, jsx.DOMException("InvalidAccessError", "Requested operation is not permitted by the key's usages: "+usage+".")
		}
		data, ok := r.BytesOf(call.Argument(dataArg))
		if !ok {
			return nil, nil, jsx.TypeError("Failed to execute '" + usage + "' on 'SubtleCrypto': data is not of type 'ArrayBuffer or ArrayBufferView'.")
		}
		mac := hmac.New(digests[k.hashName], k.secret)
		mac.Write(data)
		return k, mac.Sum(nil), nil
	}
	jsx.Method(subtleClass, "sign", func(_ *subtleObj, call goja.FunctionCall) goja.Value {
		return async(func() (goja.Value, error) {
			_, sum, err := hmacOf(call, "sign", 2)
			if err != nil {
				return nil, err
			}
			return r.NewArrayBuffer(sum), nil
		})
	})
	jsx.Method(subtleClass, "verify", func(_ *subtleObj, call goja.FunctionCall) goja.Value {
		return async(func() (goja.Value, error) {
			_, sum, err := hmacOf(call, "verify", 3)
			if err != nil {
				return nil, err
			}
			sig, ok := r.BytesOf(call.Argument(2))
			if !ok {
				return nil, jsx.TypeError("Failed to execute 'verify' on 'SubtleCrypto': parameter 3 is not of type 'ArrayBuffer or ArrayBufferView'.")
			}
			return vm.ToValue(hmac.Equal(sum, sig)), nil
		})
	})
	for _, m := range []string{"encrypt", "decrypt", "generateKey", "deriveKey", "deriveBits", "exportKey", "wrapKey", "unwrapKey"} {
		method := m
		jsx.Method(subtleClass, method, func(_ *subtleObj, call goja.FunctionCall) goja.Value {
			return async(func() (goja.Value, error) {
				arg := call.Argument(0)
				if method == "exportKey" || method == "wrapKey" || method == "unwrapKey" {
					arg = vm.ToValue(method) // these take a format first; name the operation
				}
				return nil, notSupported(algorithmName(vm, arg))
			})
		})
	}
	jsx.Method(subtleClass, "timingSafeEqual", func(_ *subtleObj, call goja.FunctionCall) goja.Value {
		a, okA := r.BytesOf(call.Argument(0))
		b, okB := r.BytesOf(call.Argument(1))
		if !okA || !okB {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'timingSafeEqual' on 'SubtleCrypto': parameters must be of type 'ArrayBuffer or ArrayBufferView'."))
		}
		if len(a) != len(b) {
			jsx.Throw(vm, jsx.TypeError("Input buffers must have the same byte length."))
		}
		return vm.ToValue(subtle.ConstantTimeCompare(a, b) == 1)
	})
	vm.Set("SubtleCrypto", subtleClass.Constructor)
	subtleInstance := subtleClass.New(&subtleObj{})

	cryptoClass := jsx.NewClass(vm, "Crypto", nil)
	jsx.Getter(cryptoClass, "subtle", func(*cryptoObj) goja.Value { return subtleInstance })
	jsx.Method(cryptoClass, "randomUUID", func(*cryptoObj, goja.FunctionCall) goja.Value {
		r.refuseInGlobalScope()
		var u [16]byte
		rand.Read(u[:])
		u[6] = u[6]&0x0f | 0x40
		u[8] = u[8]&0x3f | 0x80
		return vm.ToValue(fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]))
	})
	jsx.Method(cryptoClass, "getRandomValues", func(_ *cryptoObj, call goja.FunctionCall) goja.Value {
		r.refuseInGlobalScope()
		arr := call.Argument(0)
		o, isObj := arr.(*goja.Object)
		if !isObj || !integerTypedArray(o) {
			jsx.Throw(vm, jsx.DOMException("TypeMismatchError", "The data argument must be an integer-type TypedArray."))
		}
		b, _ := r.BytesOf(arr)
		if len(b) > 65536 {
			jsx.Throw(vm, jsx.DOMException("QuotaExceededError", fmt.Sprintf("getRandomValues() only accepts buffers of size <= 64K but provided %d bytes.", len(b)) /* workerd's text */))
		}
		rand.Read(b)
		return arr
	})
	vm.Set("Crypto", cryptoClass.Constructor)
	vm.Set("crypto", cryptoClass.New(&cryptoObj{}))
}

// integerTypedArray reports whether o is an Int/Uint 8/16/32/64 array (not a float array
// or a DataView).
func integerTypedArray(o *goja.Object) bool {
	switch o.ClassName() {
	case "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
		"Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array":
		return true
	}
	ctor := o.Get("constructor")
	if c, ok := ctor.(*goja.Object); ok {
		switch c.Get("name").String() {
		case "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array",
			"Int32Array", "Uint32Array", "BigInt64Array", "BigUint64Array":
			return true
		}
	}
	return false
}

// algorithmName reads an AlgorithmIdentifier (a name or {name}) and normalizes the
// names goflare knows to their canonical spelling.
func algorithmName(vm *goja.Runtime, v goja.Value) string {
	name := ""
	if o, ok := v.(*goja.Object); ok {
		if n := o.Get("name"); n != nil && !goja.IsUndefined(n) {
			name = n.String()
		}
	} else if !jsx.IsNullish(v) {
		name = v.String()
	}
	upper := strings.ToUpper(name)
	for canonical := range digests {
		if upper == canonical {
			return canonical
		}
	}
	if upper == "HMAC" {
		return "HMAC"
	}
	return name
}

// notSupported refuses an algorithm goflare does not implement (workerd may), naming it.
func notSupported(name string) error {
	return jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized or unimplemented algorithm requested: %q (goflare supports digest with SHA-1, SHA-256, SHA-384, SHA-512 and MD5, and HMAC).", name))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// importHMACKey implements importKey("raw" | "jwk", keyData, {name: "HMAC", hash,
// length?}, extractable, usages).
func (r *Realm) importHMACKey(call goja.FunctionCall) (*cryptoKey, error) {
	vm := r.VM
	format := call.Argument(0).String()
	algArg := call.Argument(2)
	if name := algorithmName(vm, algArg); name != "HMAC" {
		return nil, notSupported(name)
	}
	alg, ok := algArg.(*goja.Object)
	if !ok {
		return nil, jsx.TypeError("HMAC key import needs an algorithm object with a hash.")
	}
	hashName := algorithmName(vm, alg.Get("hash"))
	if _, ok := digests[hashName]; !ok || hashName == "MD5" {
		return nil, notSupported(hashName)
	}
	k := &cryptoKey{hashName: hashName, extractable: call.Argument(3).ToBoolean()}
	var usages []string
	if err := vm.ExportTo(call.Argument(4), &usages); err != nil {
		return nil, jsx.TypeError("Failed to execute 'importKey' on 'SubtleCrypto': parameter 5 is not a sequence of usages.")
	}
	for _, u := range usages {
		if u != "sign" && u != "verify" {
			return nil, jsx.DOMException("SyntaxError", "Unsupported key usage for an HMAC key: "+u+".")
		}
	}
	k.usages = usages
	switch format {
	case "raw":
		b, ok := r.BytesOf(call.Argument(1))
		if !ok {
			return nil, jsx.TypeError("Failed to execute 'importKey' on 'SubtleCrypto': raw key data is not of type 'ArrayBuffer or ArrayBufferView'.")
		}
		k.secret = append([]byte(nil), b...)
	case "jwk":
		jwk, ok := call.Argument(1).(*goja.Object)
		if !ok || jwk.Get("k") == nil || goja.IsUndefined(jwk.Get("k")) {
			return nil, jsx.DOMException("DataError", "HMAC JSON Web Key must have a \"k\" member.")
		}
		if kty := jwk.Get("kty"); kty != nil && !goja.IsUndefined(kty) && kty.String() != "oct" {
			return nil, jsx.DOMException("DataError", "HMAC JSON Web Key must have kty \"oct\".")
		}
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(jwk.Get("k").String(), "="))
		if err != nil {
			return nil, jsx.DOMException("DataError", "HMAC JSON Web Key \"k\" is not valid base64url.")
		}
		k.secret = b
	default:
		return nil, notSupported(format)
	}
	k.lengthBits = len(k.secret) * 8
	if l := alg.Get("length"); l != nil && !goja.IsUndefined(l) {
		k.lengthBits = int(l.ToInteger())
	}
	return k, nil
}
