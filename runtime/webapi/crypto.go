package webapi

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"fmt"
	"hash"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// digests are the hash algorithms SubtleCrypto.digest accepts (MD5 as workerd allows).
var digests = map[string]func() hash.Hash{
	"SHA-1": sha1.New, "SHA-256": sha256.New, "SHA-384": sha512.New384, "SHA-512": sha512.New, "MD5": md5.New,
}

type cryptoObj struct{ _ byte }
type subtleObj struct{ _ byte }

// installCrypto defines crypto (randomUUID, getRandomValues, subtle) with the parts of
// SubtleCrypto workers use most: digest, and HMAC importKey/sign/verify; workerd's
// timingSafeEqual extension too. Other algorithms reject with NotSupportedError.
func installCrypto(r *Realm) {
	vm := r.VM
	keyClass := jsx.NewClass(vm, "CryptoKey", nil)
	jsx.Getter(keyClass, "type", func(k *cryptoKey) goja.Value { return vm.ToValue(k.typ) })
	jsx.Getter(keyClass, "extractable", func(k *cryptoKey) goja.Value { return vm.ToValue(k.extractable) })
	jsx.Getter(keyClass, "algorithm", func(k *cryptoKey) goja.Value {
		if k.algObj == nil {
			k.algObj = r.algorithmObject(k)
		}
		return k.algObj
	})
	jsx.Getter(keyClass, "usages", func(k *cryptoKey) goja.Value {
		if k.usagesObj == nil {
			k.usagesObj = usagesArray(vm, k.usages)
		}
		return k.usagesObj
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
	keyArg := func(method string, call goja.FunctionCall, i int) *cryptoKey {
		k, ok := jsx.Unwrap[*cryptoKey](call.Argument(i))
		if !ok {
			jsx.Throw(vm, jsx.TypeError(fmt.Sprintf("Failed to execute '%s' on 'SubtleCrypto': parameter %d is not of type 'CryptoKey'.", method, i+1)))
		}
		return k
	}
	dataArg := func(method string, call goja.FunctionCall, i int) []byte {
		b, ok := r.BytesOf(call.Argument(i))
		if !ok {
			jsx.Throw(vm, jsx.TypeError(fmt.Sprintf("Failed to execute '%s' on 'SubtleCrypto': parameter %d is not of type 'ArrayBuffer or ArrayBufferView'.", method, i+1)))
		}
		return append([]byte(nil), b...)
	}
	// use checks that a key may serve an operation: its usage, then its algorithm.
	use := func(k *cryptoKey, usage, alg string) error {
		if err := requireUsage(k, usage); err != nil {
			return err
		}
		return requireAlgorithm(k, alg)
	}
	method := func(name string, fn func(call goja.FunctionCall) (goja.Value, error)) {
		jsx.Method(subtleClass, name, func(_ *subtleObj, call goja.FunctionCall) goja.Value {
			return async(func() (goja.Value, error) { return fn(call) })
		})
	}
	method("digest", func(call goja.FunctionCall) (goja.Value, error) {
		name, _ := algParams(vm, call.Argument(0))
		newHash, ok := digests[name]
		if !ok {
			// workerd's text: it supports no other digest either.
			return nil, jsx.DOMException("NotSupportedError", "Unrecognized or unimplemented digest algorithm requested.")
		}
		data := dataArg("digest", call, 1)
		h := newHash()
		h.Write(data)
		return r.NewArrayBuffer(h.Sum(nil)), nil
	})
	method("importKey", func(call goja.FunctionCall) (goja.Value, error) {
		alg, params := algParams(vm, call.Argument(2))
		k, err := r.importKey(call.Argument(0).String(), call.Argument(1), alg, params, call.Argument(3).ToBoolean(), call.Argument(4))
		if err != nil {
			return nil, err
		}
		return keyClass.New(k), nil
	})
	method("exportKey", func(call goja.FunctionCall) (goja.Value, error) {
		return r.exportKey(call.Argument(0).String(), keyArg("exportKey", call, 1))
	})
	method("generateKey", func(call goja.FunctionCall) (goja.Value, error) {
		alg, params := algParams(vm, call.Argument(0))
		secret, pub, priv, err := r.generateKey(alg, params, call.Argument(1).ToBoolean(), call.Argument(2))
		if err != nil {
			return nil, err
		}
		if secret != nil {
			return keyClass.New(secret), nil
		}
		pair := vm.NewObject()
		pair.Set("publicKey", keyClass.New(pub))
		pair.Set("privateKey", keyClass.New(priv))
		return pair, nil
	})
	method("sign", func(call goja.FunctionCall) (goja.Value, error) {
		alg, params := algParams(vm, call.Argument(0))
		k := keyArg("sign", call, 1)
		data := dataArg("sign", call, 2)
		if err := use(k, "sign", alg); err != nil {
			return nil, err
		}
		sig, err := r.sign(alg, params, k, data)
		if err != nil {
			return nil, err
		}
		return r.NewArrayBuffer(sig), nil
	})
	method("verify", func(call goja.FunctionCall) (goja.Value, error) {
		alg, params := algParams(vm, call.Argument(0))
		k := keyArg("verify", call, 1)
		sig, data := dataArg("verify", call, 2), dataArg("verify", call, 3)
		if err := use(k, "verify", alg); err != nil {
			return nil, err
		}
		ok, err := r.verify(alg, params, k, sig, data)
		return vm.ToValue(ok), err
	})
	for _, op := range []string{"encrypt", "decrypt"} {
		method(op, func(call goja.FunctionCall) (goja.Value, error) {
			alg, params := algParams(vm, call.Argument(0))
			k := keyArg(op, call, 1)
			data := dataArg(op, call, 2)
			if err := use(k, op, alg); err != nil {
				return nil, err
			}
			out, err := r.crypt(alg, params, k, data, op == "decrypt")
			if err != nil {
				return nil, err
			}
			return r.NewArrayBuffer(out), nil
		})
	}
	method("deriveBits", func(call goja.FunctionCall) (goja.Value, error) {
		alg, params := algParams(vm, call.Argument(0))
		k := keyArg("deriveBits", call, 1)
		if err := use(k, "deriveBits", alg); err != nil {
			return nil, err
		}
		length := 0
		if l := call.Argument(2); !jsx.IsNullish(l) {
			length = int(l.ToInteger())
		}
		out, err := r.deriveBits(alg, params, k, length)
		if err != nil {
			return nil, err
		}
		return r.NewArrayBuffer(out), nil
	})
	method("deriveKey", func(call goja.FunctionCall) (goja.Value, error) {
		alg, params := algParams(vm, call.Argument(0))
		k := keyArg("deriveKey", call, 1)
		if err := use(k, "deriveKey", alg); err != nil {
			return nil, err
		}
		derivedAlg, derivedParams := algParams(vm, call.Argument(2))
		length, err := derivedKeyLength(vm, derivedAlg, derivedParams)
		if err != nil {
			return nil, err
		}
		bits, err := r.deriveBits(alg, params, k, length)
		if err != nil {
			return nil, err
		}
		key, err := r.importKey("raw", r.NewArrayBuffer(bits), derivedAlg, derivedParams, call.Argument(3).ToBoolean(), call.Argument(4))
		if err != nil {
			return nil, err
		}
		return keyClass.New(key), nil
	})
	method("wrapKey", func(call goja.FunctionCall) (goja.Value, error) {
		format := call.Argument(0).String()
		k := keyArg("wrapKey", call, 1)
		wrapping := keyArg("wrapKey", call, 2)
		alg, params := algParams(vm, call.Argument(3))
		if err := use(wrapping, "wrapKey", alg); err != nil {
			return nil, err
		}
		plain, err := r.keyBytes(format, k)
		if err != nil {
			return nil, err
		}
		out, err := r.crypt(alg, params, wrapping, plain, false)
		if err != nil {
			return nil, err
		}
		return r.NewArrayBuffer(out), nil
	})
	method("unwrapKey", func(call goja.FunctionCall) (goja.Value, error) {
		format := call.Argument(0).String()
		wrapped := dataArg("unwrapKey", call, 1)
		unwrapping := keyArg("unwrapKey", call, 2)
		alg, params := algParams(vm, call.Argument(3))
		if err := use(unwrapping, "unwrapKey", alg); err != nil {
			return nil, err
		}
		plain, err := r.crypt(alg, params, unwrapping, wrapped, true)
		if err != nil {
			return nil, err
		}
		keyData := r.NewArrayBuffer(plain)
		if format == "jwk" {
			parse, _ := goja.AssertFunction(vm.Get("JSON").ToObject(vm).Get("parse"))
			if keyData, err = parse(goja.Undefined(), vm.ToValue(string(plain))); err != nil {
				return nil, jsx.DOMException("DataError", "The unwrapped key is not a JSON Web Key.")
			}
		}
		keyAlg, keyParams := algParams(vm, call.Argument(4))
		key, err := r.importKey(format, keyData, keyAlg, keyParams, call.Argument(5).ToBoolean(), call.Argument(6))
		if err != nil {
			return nil, err
		}
		return keyClass.New(key), nil
	})
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

// algorithmObject is a CryptoKey's algorithm as JS sees it.
func (r *Realm) algorithmObject(k *cryptoKey) goja.Value {
	vm := r.VM
	o := vm.NewObject()
	o.Set("name", k.alg.name)
	hash := func() {
		h := vm.NewObject()
		h.Set("name", k.alg.hash)
		o.Set("hash", h)
	}
	switch algorithms[k.alg.name].kind {
	case kindAES:
		o.Set("length", k.alg.length)
	case kindHMAC:
		hash()
		o.Set("length", k.alg.length)
	case kindEC:
		o.Set("namedCurve", k.alg.namedCurve)
	case kindRSA:
		o.Set("modulusLength", k.alg.modulusLength)
		o.Set("publicExponent", r.NewUint8Array(append([]byte(nil), k.alg.publicExponent...)))
		hash()
	}
	return o
}
