package webapi

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// The SubtleCrypto operations over a cryptoKey, in Go's standard library, with
// workerd's error texts.

// requireUsage refuses a key that does not list usage.
func requireUsage(k *cryptoKey, usage string) error {
	if !slices.Contains(k.usages, usage) {
		return jsx.DOMException("InvalidAccessError", fmt.Sprintf("Requested key usage %q does not match any usage listed in this CryptoKey.", usage))
	}
	return nil
}

// requireAlgorithm refuses a key of another algorithm than the operation names.
func requireAlgorithm(k *cryptoKey, alg string) error {
	if k.alg.name != alg {
		return jsx.DOMException("InvalidAccessError", fmt.Sprintf("Requested algorithm %q does not match this CryptoKey's algorithm %q.", alg, k.alg.name))
	}
	return nil
}

func (r *Realm) bytesParam(o *goja.Object, name string) ([]byte, bool) {
	v := member(o, name)
	if v == nil {
		return nil, false
	}
	b, ok := r.BytesOf(v)
	return append([]byte(nil), b...), ok
}

// exportKey writes a key in a format.
func (r *Realm) exportKey(format string, k *cryptoKey) (goja.Value, error) {
	if !k.extractable {
		return nil, jsx.DOMException("InvalidAccessError", fmt.Sprintf("Attempt to export non-extractable %s key.", k.alg.name))
	}
	switch format {
	case "raw":
		if k.typ == "secret" {
			return r.NewArrayBuffer(append([]byte(nil), k.secret...)), nil
		}
		if k.typ == "public" {
			switch p := k.pub.(type) {
			case *ecdsa.PublicKey:
				return r.NewArrayBuffer(elliptic.Marshal(p.Curve, p.X, p.Y)), nil //nolint:staticcheck // WebCrypto's point format
			case ed25519.PublicKey:
				return r.NewArrayBuffer(append([]byte(nil), p...)), nil
			case *ecdh.PublicKey:
				return r.NewArrayBuffer(p.Bytes()), nil
			}
		}
	case "spki":
		if k.typ == "public" {
			der, err := x509.MarshalPKIXPublicKey(k.pub)
			if err == nil {
				return r.NewArrayBuffer(der), nil
			}
		}
	case "pkcs8":
		if k.typ == "private" {
			der, err := x509.MarshalPKCS8PrivateKey(k.priv)
			if err == nil {
				return r.NewArrayBuffer(der), nil
			}
		}
	case "jwk":
		return r.exportJWK(k), nil
	}
	return nil, jsx.DOMException("InvalidAccessError", fmt.Sprintf("Cannot export %s %s key in %q format.", k.typ, k.alg.name, format))
}

// jwkMembers are a JSON Web Key's members, in the order workerd gives them (every one,
// undefined where the key has none).
var jwkMembers = []string{"kty", "use", "key_ops", "alg", "ext", "crv", "x", "y", "d", "n", "e", "p", "q", "dp", "dq", "qi", "oth", "k"}

func (r *Realm) exportJWK(k *cryptoKey) goja.Value {
	vm := r.VM
	j := map[string]any{"key_ops": usagesArray(vm, k.usages), "ext": k.extractable}
	b64 := func(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }
	bits := func(h string) string {
		if h == "SHA-1" {
			return "1"
		}
		return h[4:]
	}
	switch k.typ {
	case "secret":
		j["kty"], j["k"] = "oct", b64(k.secret)
		switch k.alg.name {
		case "HMAC":
			j["alg"] = "HS" + bits(k.alg.hash)
		case "AES-GCM", "AES-CBC", "AES-CTR", "AES-KW":
			j["alg"] = fmt.Sprintf("A%d%s", k.alg.length, k.alg.name[4:])
		}
	default:
		pub := k.pub
		if k.typ == "private" {
			pub = PublicOf(k.priv)
		}
		switch p := pub.(type) {
		case *ecdsa.PublicKey:
			size := (p.Curve.Params().BitSize + 7) / 8
			j["kty"], j["crv"], j["x"], j["y"] = "EC", curveName(p.Curve), b64(p.X.FillBytes(make([]byte, size))), b64(p.Y.FillBytes(make([]byte, size)))
			if s, ok := k.priv.(*ecdsa.PrivateKey); ok {
				j["d"] = b64(s.D.FillBytes(make([]byte, size)))
			}
		case ed25519.PublicKey:
			j["kty"], j["crv"], j["alg"], j["x"] = "OKP", "Ed25519", "EdDSA", b64(p)
			if s, ok := k.priv.(ed25519.PrivateKey); ok {
				j["d"] = b64(s.Seed())
			}
		case *ecdh.PublicKey:
			j["kty"], j["crv"], j["x"] = "OKP", "X25519", b64(p.Bytes())
			if s, ok := k.priv.(*ecdh.PrivateKey); ok {
				j["d"] = b64(s.Bytes())
			}
		case *rsa.PublicKey:
			j["kty"], j["n"], j["e"] = "RSA", b64(p.N.Bytes()), b64(big.NewInt(int64(p.E)).Bytes())
			switch k.alg.name {
			case "RSASSA-PKCS1-v1_5":
				j["alg"] = "RS" + bits(k.alg.hash)
			case "RSA-PSS":
				j["alg"] = "PS" + bits(k.alg.hash)
			case "RSA-OAEP":
				j["alg"] = "RSA-OAEP"
				if k.alg.hash != "SHA-1" {
					j["alg"] = "RSA-OAEP-" + bits(k.alg.hash)
				}
			}
			if s, ok := k.priv.(*rsa.PrivateKey); ok {
				s.Precompute()
				j["d"], j["p"], j["q"] = b64(s.D.Bytes()), b64(s.Primes[0].Bytes()), b64(s.Primes[1].Bytes())
				j["dp"], j["dq"], j["qi"] = b64(s.Precomputed.Dp.Bytes()), b64(s.Precomputed.Dq.Bytes()), b64(s.Precomputed.Qinv.Bytes())
			}
		}
	}
	o := vm.NewObject()
	for _, m := range jwkMembers {
		if v, ok := j[m]; ok {
			o.Set(m, v)
		} else {
			o.Set(m, goja.Undefined())
		}
	}
	return o
}

func usagesArray(vm *goja.Runtime, usages []string) goja.Value {
	items := make([]any, len(usages))
	for i, u := range usages {
		items[i] = u
	}
	return vm.NewArray(items...)
}

// sign makes a signature (or, verifying, compares one).
func (r *Realm) sign(alg string, params *goja.Object, k *cryptoKey, data []byte) ([]byte, error) {
	switch alg {
	case "HMAC":
		mac := hmac.New(hashOf(k.alg.hash).New, k.secret)
		mac.Write(data)
		return mac.Sum(nil), nil
	case "Ed25519":
		return ed25519.Sign(k.priv.(ed25519.PrivateKey), data), nil
	case "ECDSA":
		h, err := hashParam(r.VM, params)
		if err != nil {
			return nil, err
		}
		digest := digestBytes(h, data)
		key := k.priv.(*ecdsa.PrivateKey)
		rr, s, err := ecdsa.Sign(rand.Reader, key, digest)
		if err != nil {
			return nil, jsx.DOMException("OperationError", err.Error())
		}
		size := (key.Curve.Params().BitSize + 7) / 8
		return append(rr.FillBytes(make([]byte, size)), s.FillBytes(make([]byte, size))...), nil
	case "RSASSA-PKCS1-v1_5":
		return rsa.SignPKCS1v15(nil, k.priv.(*rsa.PrivateKey), hashOf(k.alg.hash), digestBytes(k.alg.hash, data))
	case "RSA-PSS":
		salt := int(intParam(params, "saltLength", 0))
		return rsa.SignPSS(rand.Reader, k.priv.(*rsa.PrivateKey), hashOf(k.alg.hash), digestBytes(k.alg.hash, data), &rsa.PSSOptions{SaltLength: salt})
	}
	return nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized signature algorithm %q requested.", alg))
}

func (r *Realm) verify(alg string, params *goja.Object, k *cryptoKey, sig, data []byte) (bool, error) {
	switch alg {
	case "HMAC":
		want, _ := r.sign(alg, params, k, data)
		return hmac.Equal(want, sig), nil
	case "Ed25519":
		return ed25519.Verify(k.pub.(ed25519.PublicKey), data, sig), nil
	case "ECDSA":
		h, err := hashParam(r.VM, params)
		if err != nil {
			return false, err
		}
		key := k.pub.(*ecdsa.PublicKey)
		size := (key.Curve.Params().BitSize + 7) / 8
		if len(sig) != 2*size {
			return false, nil
		}
		return ecdsa.Verify(key, digestBytes(h, data), new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])), nil
	case "RSASSA-PKCS1-v1_5":
		return rsa.VerifyPKCS1v15(k.pub.(*rsa.PublicKey), hashOf(k.alg.hash), digestBytes(k.alg.hash, data), sig) == nil, nil
	case "RSA-PSS":
		salt := int(intParam(params, "saltLength", 0))
		return rsa.VerifyPSS(k.pub.(*rsa.PublicKey), hashOf(k.alg.hash), digestBytes(k.alg.hash, data), sig, &rsa.PSSOptions{SaltLength: salt}) == nil, nil
	}
	return false, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized signature algorithm %q requested.", alg))
}

func digestBytes(name string, data []byte) []byte {
	h := hashOf(name).New()
	h.Write(data)
	return h.Sum(nil)
}

func intParam(o *goja.Object, name string, def int64) int64 {
	if v := member(o, name); v != nil {
		return v.ToInteger()
	}
	return def
}

// decryptionFailed is workerd's OperationError for a message that does not decrypt.
func decryptionFailed(alg string, in, out int) error {
	return jsx.DOMException("OperationError", fmt.Sprintf("Decryption failed. This could be due to a ciphertext authentication failure, bad padding, incorrect CryptoKey, or another algorithm-specific reason. Input length was %d, output length expected to be %d for %s", in, out, alg))
}

// crypt encrypts or decrypts data with an AES or RSA-OAEP key.
func (r *Realm) crypt(alg string, params *goja.Object, k *cryptoKey, data []byte, decrypt bool) ([]byte, error) {
	switch alg {
	case "AES-GCM":
		iv, ok := r.bytesParam(params, "iv")
		if !ok {
			return nil, jsx.TypeError("Missing field \"iv\" in \"algorithm\".")
		}
		aad, _ := r.bytesParam(params, "additionalData")
		tagBits := int(intParam(params, "tagLength", 128))
		if !slices.Contains([]int{32, 64, 96, 104, 112, 120, 128}, tagBits) {
			return nil, jsx.DOMException("OperationError", fmt.Sprintf("Invalid AES-GCM tag length %d.", tagBits))
		}
		if len(iv) == 0 {
			return nil, jsx.DOMException("OperationError", "AES-GCM IV must not be empty.")
		}
		return gcmCrypt(k.secret, iv, aad, data, tagBits/8, decrypt)
	case "AES-CBC":
		iv, _ := r.bytesParam(params, "iv")
		if len(iv) != aes.BlockSize {
			return nil, jsx.DOMException("OperationError", fmt.Sprintf("AES-CBC IV must be 16 bytes long (provided %d).", len(iv)))
		}
		block, _ := aes.NewCipher(k.secret)
		if !decrypt {
			pad := aes.BlockSize - len(data)%aes.BlockSize
			in := append(append([]byte(nil), data...), bytes.Repeat([]byte{byte(pad)}, pad)...)
			cipher.NewCBCEncrypter(block, iv).CryptBlocks(in, in)
			return in, nil
		}
		if len(data) == 0 || len(data)%aes.BlockSize != 0 {
			return nil, decryptionFailed(alg, len(data), len(data))
		}
		out := make([]byte, len(data))
		cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
		pad := int(out[len(out)-1])
		if pad == 0 || pad > aes.BlockSize || subtle.ConstantTimeCompare(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) != 1 {
			return nil, decryptionFailed(alg, len(data), len(data))
		}
		return out[:len(out)-pad], nil
	case "AES-CTR":
		counter, _ := r.bytesParam(params, "counter")
		if len(counter) != aes.BlockSize {
			return nil, jsx.DOMException("OperationError", fmt.Sprintf("AES-CTR counter must be 16 bytes long (provided %d).", len(counter)))
		}
		block, _ := aes.NewCipher(k.secret)
		out := make([]byte, len(data))
		cipher.NewCTR(block, counter).XORKeyStream(out, data)
		return out, nil
	case "RSA-OAEP":
		label, _ := r.bytesParam(params, "label")
		h := hashOf(k.alg.hash)
		if !decrypt {
			out, err := rsa.EncryptOAEP(h.New(), rand.Reader, k.pub.(*rsa.PublicKey), data, label)
			if err != nil {
				return nil, jsx.DOMException("OperationError", err.Error())
			}
			return out, nil
		}
		out, err := rsa.DecryptOAEP(h.New(), rand.Reader, k.priv.(*rsa.PrivateKey), data, label)
		if err != nil {
			return nil, decryptionFailed(alg, len(data), 0)
		}
		return out, nil
	case "AES-KW":
		if !decrypt {
			return aesKeyWrap(k.secret, data)
		}
		return aesKeyUnwrap(k.secret, data)
	}
	return nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized encryption algorithm %q requested.", alg))
}

// deriveBits derives length bits (0: what the algorithm gives) with a key.
func (r *Realm) deriveBits(alg string, params *goja.Object, k *cryptoKey, length int) ([]byte, error) {
	var out []byte
	switch alg {
	case "ECDH", "X25519":
		pubKey, ok := jsx.Unwrap[*cryptoKey](member(params, "public"))
		if !ok || pubKey.typ != "public" || pubKey.alg.name != alg {
			return nil, jsx.DOMException("InvalidAccessError", "The public key of "+alg+" must be a public "+alg+" key.")
		}
		var priv *ecdh.PrivateKey
		var pub *ecdh.PublicKey
		var err error
		if alg == "X25519" {
			priv, pub = k.priv.(*ecdh.PrivateKey), pubKey.pub.(*ecdh.PublicKey)
		} else {
			if priv, err = k.priv.(*ecdsa.PrivateKey).ECDH(); err == nil {
				pub, err = pubKey.pub.(*ecdsa.PublicKey).ECDH()
			}
			if err != nil {
				return nil, jsx.DOMException("OperationError", err.Error())
			}
		}
		if out, err = priv.ECDH(pub); err != nil {
			return nil, jsx.DOMException("OperationError", err.Error())
		}
	case "PBKDF2":
		h, err := hashParam(r.VM, params)
		if err != nil {
			return nil, err
		}
		salt, _ := r.bytesParam(params, "salt")
		iter := int(intParam(params, "iterations", 0))
		if iter <= 0 {
			return nil, jsx.DOMException("OperationError", "PBKDF2 requires a positive iteration count (requested 0).")
		}
		if out, err = pbkdf2.Key(hashOf(h).New, string(k.secret), salt, iter, (length+7)/8); err != nil {
			return nil, jsx.DOMException("OperationError", err.Error())
		}
	case "HKDF":
		h, err := hashParam(r.VM, params)
		if err != nil {
			return nil, err
		}
		salt, _ := r.bytesParam(params, "salt")
		info, _ := r.bytesParam(params, "info")
		if out, err = hkdf.Key(hashOf(h).New, k.secret, salt, string(info), (length+7)/8); err != nil {
			return nil, jsx.DOMException("OperationError", err.Error())
		}
	default:
		return nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized key derivation algorithm %q requested.", alg))
	}
	if length > 0 {
		if length > len(out)*8 {
			return nil, jsx.DOMException("OperationError", fmt.Sprintf("Derived bit length %d is too long for %s (%d bits).", length, alg, len(out)*8))
		}
		out = out[:(length+7)/8]
		if rem := length % 8; rem != 0 {
			out[len(out)-1] &= byte(0xff << (8 - rem))
		}
	}
	return out, nil
}

// derivedKeyLength is the bits deriveKey asks for a key of alg (params its dictionary).
func derivedKeyLength(vm *goja.Runtime, alg string, params *goja.Object) (int, error) {
	switch algorithms[alg].kind {
	case kindAES:
		return int(intParam(params, "length", 0)), nil
	case kindHMAC:
		if l := intParam(params, "length", 0); l > 0 {
			return int(l), nil
		}
		h, err := hashParam(vm, params)
		if err != nil {
			return 0, err
		}
		return hashOf(h).New().BlockSize() * 8, nil
	case kindKDF:
		return 0, nil
	}
	return 0, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized derived key algorithm %q requested.", alg))
}

// keyBytes is a key exported for wrapping (a JWK as its JSON text).
func (r *Realm) keyBytes(format string, k *cryptoKey) ([]byte, error) {
	v, err := r.exportKey(format, k)
	if err != nil {
		return nil, err
	}
	if format == "jwk" {
		m := map[string]any{}
		for key, val := range v.Export().(map[string]any) {
			if val != nil {
				m[key] = val
			}
		}
		return json.Marshal(m)
	}
	b, _ := r.BytesOf(v)
	return b, nil
}

// aesKeyWrap is RFC 3394's key wrap (AES-KW), which Go's standard library has not.
func aesKeyWrap(kek, plain []byte) ([]byte, error) {
	if len(plain)%8 != 0 || len(plain) < 16 {
		return nil, jsx.DOMException("OperationError", "AES-KW can only wrap keys of a multiple of 8 bytes, 16 or more.")
	}
	block, _ := aes.NewCipher(kek)
	n := len(plain) / 8
	a := []byte{0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6}
	rr := make([][]byte, n)
	for i := range rr {
		rr[i] = append([]byte(nil), plain[i*8:i*8+8]...)
	}
	buf := make([]byte, 16)
	for j := 0; j < 6; j++ {
		for i := 0; i < n; i++ {
			copy(buf, a)
			copy(buf[8:], rr[i])
			block.Encrypt(buf, buf)
			t := uint64(n*j + i + 1)
			binary.BigEndian.PutUint64(a, binary.BigEndian.Uint64(buf[:8])^t)
			copy(rr[i], buf[8:])
		}
	}
	out := append([]byte(nil), a...)
	for _, b := range rr {
		out = append(out, b...)
	}
	return out, nil
}

func aesKeyUnwrap(kek, wrapped []byte) ([]byte, error) {
	if len(wrapped)%8 != 0 || len(wrapped) < 24 {
		return nil, decryptionFailed("AES-KW", len(wrapped), max(0, len(wrapped)-8))
	}
	block, _ := aes.NewCipher(kek)
	n := len(wrapped)/8 - 1
	a := append([]byte(nil), wrapped[:8]...)
	rr := make([][]byte, n)
	for i := range rr {
		rr[i] = append([]byte(nil), wrapped[8+i*8:16+i*8]...)
	}
	buf := make([]byte, 16)
	for j := 5; j >= 0; j-- {
		for i := n - 1; i >= 0; i-- {
			t := uint64(n*j + i + 1)
			binary.BigEndian.PutUint64(buf, binary.BigEndian.Uint64(a)^t)
			copy(buf[8:], rr[i])
			block.Decrypt(buf, buf)
			copy(a, buf[:8])
			copy(rr[i], buf[8:])
		}
	}
	if subtle.ConstantTimeCompare(a, []byte{0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6}) != 1 {
		return nil, decryptionFailed("AES-KW", len(wrapped), len(wrapped)-8)
	}
	var out []byte
	for _, b := range rr {
		out = append(out, b...)
	}
	return out, nil
}

// gcmCrypt is AES-GCM with any nonce length and a tag of tagLen bytes (4 to 16). Go's GCM
// takes tags of 12 to 16 bytes only; a shorter tag is the full tag's first bytes (NIST
// SP 800-38D), so it seals with the full tag and cuts it, and opens by recovering the
// plaintext from the keystream (the sealing of zeros), sealing it again and comparing the
// tag's first bytes in constant time.
func gcmCrypt(key, iv, aad, data []byte, tagLen int, decrypt bool) ([]byte, error) {
	block, _ := aes.NewCipher(key)
	aead, err := cipher.NewGCMWithNonceSize(block, len(iv))
	if err != nil {
		return nil, jsx.DOMException("OperationError", "Invalid AES-GCM parameters: "+err.Error())
	}
	if !decrypt {
		out := aead.Seal(nil, iv, data, aad)
		return out[:len(data)+tagLen], nil
	}
	if len(data) < tagLen {
		return nil, decryptionFailed("AES-GCM", 0, 0)
	}
	ct, tag := data[:len(data)-tagLen], data[len(data)-tagLen:]
	if tagLen == aead.Overhead() {
		out, err := aead.Open(nil, iv, data, aad)
		if err != nil {
			return nil, decryptionFailed("AES-GCM", len(ct), len(ct))
		}
		return out, nil
	}
	stream := aead.Seal(nil, iv, make([]byte, len(ct)), nil)
	plain := make([]byte, len(ct))
	subtle.XORBytes(plain, ct, stream[:len(ct)])
	full := aead.Seal(nil, iv, plain, aad)
	if subtle.ConstantTimeCompare(full[len(ct):len(ct)+tagLen], tag) != 1 {
		return nil, decryptionFailed("AES-GCM", len(ct), len(ct))
	}
	return plain, nil
}
