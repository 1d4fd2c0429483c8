package webapi

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"math/big"
	"slices"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// cryptoKey is what a CryptoKey holds: its algorithm, and a secret's bytes or an
// asymmetric key of Go's crypto packages.
type cryptoKey struct {
	typ         string // "secret", "public", "private"
	alg         keyAlgorithm
	secret      []byte
	pub         crypto.PublicKey
	priv        crypto.PrivateKey
	extractable bool
	usages      []string

	algObj, usagesObj goja.Value // [SameObject], made on first use
}

// keyAlgorithm is a CryptoKey's algorithm dictionary.
type keyAlgorithm struct {
	name           string
	hash           string // HMAC, RSA
	length         int    // AES, HMAC (bits)
	namedCurve     string // ECDSA, ECDH
	modulusLength  int    // RSA
	publicExponent []byte // RSA
}

// algKind groups the algorithms by their keys.
type algKind int

const (
	kindAES algKind = iota
	kindHMAC
	kindEC  // ECDSA, ECDH
	kindOKP // Ed25519, X25519
	kindRSA
	kindKDF // PBKDF2, HKDF
)

// algorithms are the WebCrypto algorithms workerd has, by canonical name, with their
// kind and the usages each key type may have.
var algorithms = map[string]struct {
	kind                 algKind
	secret, public, priv []string
}{
	"AES-GCM":           {kindAES, []string{"encrypt", "decrypt", "wrapKey", "unwrapKey"}, nil, nil},
	"AES-CBC":           {kindAES, []string{"encrypt", "decrypt", "wrapKey", "unwrapKey"}, nil, nil},
	"AES-CTR":           {kindAES, []string{"encrypt", "decrypt", "wrapKey", "unwrapKey"}, nil, nil},
	"AES-KW":            {kindAES, []string{"wrapKey", "unwrapKey"}, nil, nil},
	"HMAC":              {kindHMAC, []string{"sign", "verify"}, nil, nil},
	"ECDSA":             {kindEC, nil, []string{"verify"}, []string{"sign"}},
	"ECDH":              {kindEC, nil, []string{}, []string{"deriveKey", "deriveBits"}},
	"Ed25519":           {kindOKP, nil, []string{"verify"}, []string{"sign"}},
	"X25519":            {kindOKP, nil, []string{}, []string{"deriveKey", "deriveBits"}},
	"RSASSA-PKCS1-v1_5": {kindRSA, nil, []string{"verify"}, []string{"sign"}},
	"RSA-PSS":           {kindRSA, nil, []string{"verify"}, []string{"sign"}},
	"RSA-OAEP":          {kindRSA, nil, []string{"encrypt", "wrapKey"}, []string{"decrypt", "unwrapKey"}},
	"PBKDF2":            {kindKDF, []string{"deriveKey", "deriveBits"}, nil, nil},
	"HKDF":              {kindKDF, []string{"deriveKey", "deriveBits"}, nil, nil},
}

// usageOrder is the order workerd lists a key's usages in.
var usageOrder = []string{"encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"}

// canonicalAlgorithm maps a name, in any case, to its canonical spelling ("" if none).
func canonicalAlgorithm(name string) string {
	for n := range algorithms {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	for n := range digests {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	return ""
}

// algParams reads an AlgorithmIdentifier: its canonical name (or the name as given when
// unknown) and its dictionary (nil for a bare name).
func algParams(vm *goja.Runtime, v goja.Value) (string, *goja.Object) {
	var given string
	var o *goja.Object
	if obj, ok := v.(*goja.Object); ok {
		o = obj
		if n := obj.Get("name"); n != nil && !goja.IsUndefined(n) {
			given = n.String()
		}
	} else if !jsx.IsNullish(v) {
		given = v.String()
	}
	if c := canonicalAlgorithm(given); c != "" {
		return c, o
	}
	return given, o
}

// member reads a dictionary member; nil when absent.
func member(o *goja.Object, name string) goja.Value {
	if o == nil {
		return nil
	}
	v := o.Get(name)
	if v == nil || goja.IsUndefined(v) {
		return nil
	}
	return v
}

// hashParam reads a dictionary's hash member (a name or {name}).
func hashParam(vm *goja.Runtime, o *goja.Object) (string, error) {
	v := member(o, "hash")
	if v == nil {
		return "", jsx.TypeError("Missing field \"hash\" in \"algorithm\".")
	}
	name, _ := algParams(vm, v)
	if _, ok := digests[name]; !ok || name == "MD5" {
		return "", jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized hash algorithm %q requested.", name))
	}
	return name, nil
}

// hashOf is Go's crypto.Hash for a WebCrypto digest name.
func hashOf(name string) crypto.Hash {
	switch name {
	case "SHA-1":
		return crypto.SHA1
	case "SHA-384":
		return crypto.SHA384
	case "SHA-512":
		return crypto.SHA512
	}
	return crypto.SHA256
}

// curveOf maps a WebCrypto curve name to Go's.
func curveOf(name string) (elliptic.Curve, bool) {
	switch name {
	case "P-256":
		return elliptic.P256(), true
	case "P-384":
		return elliptic.P384(), true
	case "P-521":
		return elliptic.P521(), true
	}
	return nil, false
}

func curveName(c elliptic.Curve) string { return c.Params().Name }

// checkUsages refuses usages a key of this type and algorithm may not have, with
// workerd's words, and returns them in workerd's order.
func checkUsages(vm *goja.Runtime, v goja.Value, alg, typ string) ([]string, error) {
	var given []string
	if err := vm.ExportTo(v, &given); err != nil {
		return nil, jsx.TypeError("Failed to execute 'importKey' on 'SubtleCrypto': parameter 5 is not of type 'Array'.")
	}
	spec := algorithms[alg]
	allowed := spec.secret
	switch typ {
	case "public":
		allowed = spec.public
	case "private":
		allowed = spec.priv
	}
	for _, u := range given {
		if !slices.Contains(allowed, u) {
			return nil, jsx.DOMException("SyntaxError", fmt.Sprintf("Attempt to import %s %s key with invalid usage %q.", typ, alg, u))
		}
	}
	var out []string
	for _, u := range usageOrder {
		if slices.Contains(given, u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// aesLength checks an AES key's size in bits.
func aesLength(bits int, generated bool) error {
	switch bits {
	case 128, 192, 256:
		return nil
	}
	if generated {
		return jsx.DOMException("OperationError", fmt.Sprintf("Generated AES key length must be 128, 192, or 256 bits but requested %d.", bits))
	}
	return jsx.DOMException("DataError", fmt.Sprintf("Imported AES key length must be 128, 192, or 256 bits but provided %d.", bits))
}

// importKey reads key material in a format (raw, spki, pkcs8, jwk) as a key of alg.
func (r *Realm) importKey(format string, data goja.Value, alg string, params *goja.Object, extractable bool, usagesArg goja.Value) (*cryptoKey, error) {
	vm := r.VM
	spec, ok := algorithms[alg]
	if !ok {
		return nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized key import algorithm %q requested.", alg))
	}
	k := &cryptoKey{alg: keyAlgorithm{name: alg}, extractable: extractable}
	var jwk map[string]any
	if format == "jwk" {
		o, ok := data.(*goja.Object)
		if !ok {
			return nil, jsx.TypeError("Failed to execute 'importKey' on 'SubtleCrypto': JSON Web Key is not an object.")
		}
		jwk = o.Export().(map[string]any)
	}
	var raw []byte
	if format != "jwk" {
		b, ok := r.BytesOf(data)
		if !ok {
			return nil, jsx.TypeError("Failed to execute 'importKey' on 'SubtleCrypto': parameter 2 is not of type 'ArrayBuffer or ArrayBufferView'.")
		}
		raw = append([]byte(nil), b...)
	}
	jwkBytes := func(name string) ([]byte, error) {
		s, _ := jwk[name].(string)
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
		if err != nil || s == "" {
			return nil, jsx.DOMException("DataError", fmt.Sprintf("Invalid JSON Web Key: %q is missing or not base64url.", name))
		}
		return b, nil
	}
	switch spec.kind {
	case kindAES, kindHMAC, kindKDF:
		k.typ = "secret"
		switch format {
		case "raw":
			k.secret = raw
		case "jwk":
			if jwk["kty"] != "oct" {
				return nil, jsx.DOMException("DataError", "Symmetric \"jwk\" key import requires a JSON Web Key with Key Type parameter \"kty\" equal to \"oct\".")
			}
			b, err := jwkBytes("k")
			if err != nil {
				return nil, err
			}
			k.secret = b
		default:
			return nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized key import format %q.", format))
		}
		switch spec.kind {
		case kindAES:
			if err := aesLength(len(k.secret)*8, false); err != nil {
				return nil, err
			}
			k.alg.length = len(k.secret) * 8
		case kindHMAC:
			h, err := hashParam(vm, params)
			if err != nil {
				return nil, err
			}
			k.alg.hash = h
			k.alg.length = len(k.secret) * 8
			if l := member(params, "length"); l != nil {
				k.alg.length = int(l.ToInteger())
			}
		case kindKDF:
			if extractable {
				return nil, jsx.DOMException("SyntaxError", alg+" key cannot be extractable.")
			}
		}
	default:
		var err error
		switch format {
		case "raw":
			err = k.importRawPublic(spec.kind, raw, params, vm)
		case "spki":
			var pub any
			if pub, err = x509.ParsePKIXPublicKey(raw); err != nil {
				return nil, jsx.DOMException("DataError", "Invalid SPKI input.")
			}
			k.typ, k.pub = "public", pub
		case "pkcs8":
			var priv any
			if priv, err = x509.ParsePKCS8PrivateKey(raw); err != nil {
				return nil, jsx.DOMException("DataError", "Invalid PKCS8 input.")
			}
			k.typ, k.priv = "private", priv
		case "jwk":
			err = k.importAsymmetricJWK(jwk, jwkBytes)
		default:
			return nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized key import format %q.", format))
		}
		if err != nil {
			return nil, err
		}
		if err := k.fitAlgorithm(spec.kind, params, vm); err != nil {
			return nil, err
		}
	}
	usages, err := checkUsages(vm, usagesArg, alg, k.typ)
	if err != nil {
		return nil, err
	}
	k.usages = usages
	if k.typ != "public" && len(usages) == 0 {
		return nil, errNoUsages
	}
	return k, nil
}

// errNoUsages is workerd's refusal of a secret or private key with no usages.
var errNoUsages = jsx.DOMException("SyntaxError", "Secret/private CryptoKeys must have at least one usage.")

// importRawPublic reads a raw public key: an uncompressed EC point, or 32 bytes of
// Ed25519 or X25519.
func (k *cryptoKey) importRawPublic(kind algKind, raw []byte, params *goja.Object, vm *goja.Runtime) error {
	k.typ = "public"
	switch {
	case kind == kindEC:
		crv, _ := algParams(vm, member(params, "namedCurve"))
		if v := member(params, "namedCurve"); v != nil {
			crv = v.String()
		}
		c, ok := curveOf(crv)
		if !ok {
			return jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized or unimplemented EC curve %q requested.", crv))
		}
		x, y := elliptic.Unmarshal(c, raw) //nolint:staticcheck // the point format WebCrypto defines
		if x == nil {
			return jsx.DOMException("DataError", "Invalid EC public key.")
		}
		k.pub = &ecdsa.PublicKey{Curve: c, X: x, Y: y}
	case k.alg.name == "Ed25519":
		if len(raw) != ed25519.PublicKeySize {
			return jsx.DOMException("DataError", "Ed25519 raw keys must be exactly 32-bytes (provided "+fmt.Sprint(len(raw))+").")
		}
		k.pub = ed25519.PublicKey(raw)
	case k.alg.name == "X25519":
		pub, err := ecdh.X25519().NewPublicKey(raw)
		if err != nil {
			return jsx.DOMException("DataError", "X25519 raw keys must be exactly 32-bytes (provided "+fmt.Sprint(len(raw))+").")
		}
		k.pub = pub
	default:
		return jsx.DOMException("NotSupportedError", "Unrecognized key import format \"raw\".")
	}
	return nil
}

// importAsymmetricJWK reads an EC, OKP or RSA JSON Web Key.
func (k *cryptoKey) importAsymmetricJWK(jwk map[string]any, b func(string) ([]byte, error)) error {
	num := func(name string) (*big.Int, error) {
		v, err := b(name)
		if err != nil {
			return nil, err
		}
		return new(big.Int).SetBytes(v), nil
	}
	_, private := jwk["d"]
	switch jwk["kty"] {
	case "EC":
		crv, _ := jwk["crv"].(string)
		c, ok := curveOf(crv)
		if !ok {
			return jsx.DOMException("DataError", "Invalid JSON Web Key: unsupported curve "+crv+".")
		}
		x, err := num("x")
		if err != nil {
			return err
		}
		y, err := num("y")
		if err != nil {
			return err
		}
		pub := &ecdsa.PublicKey{Curve: c, X: x, Y: y}
		if !private {
			k.typ, k.pub = "public", pub
			return nil
		}
		d, err := num("d")
		if err != nil {
			return err
		}
		k.typ, k.priv = "private", &ecdsa.PrivateKey{PublicKey: *pub, D: d}
	case "OKP":
		x, err := b("x")
		if err != nil {
			return err
		}
		switch jwk["crv"] {
		case "Ed25519":
			if !private {
				k.typ, k.pub = "public", ed25519.PublicKey(x)
				return nil
			}
			d, err := b("d")
			if err != nil || len(d) != ed25519.SeedSize {
				return jsx.DOMException("DataError", "Invalid JSON Web Key: \"d\" is not an Ed25519 seed.")
			}
			k.typ, k.priv = "private", ed25519.NewKeyFromSeed(d)
		case "X25519":
			if !private {
				pub, err := ecdh.X25519().NewPublicKey(x)
				if err != nil {
					return jsx.DOMException("DataError", "Invalid JSON Web Key: \"x\".")
				}
				k.typ, k.pub = "public", pub
				return nil
			}
			d, _ := b("d")
			priv, err := ecdh.X25519().NewPrivateKey(d)
			if err != nil {
				return jsx.DOMException("DataError", "Invalid JSON Web Key: \"d\".")
			}
			k.typ, k.priv = "private", priv
		default:
			return jsx.DOMException("DataError", "Invalid JSON Web Key: unsupported curve.")
		}
	case "RSA":
		n, err := num("n")
		if err != nil {
			return err
		}
		e, err := num("e")
		if err != nil {
			return err
		}
		pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
		if !private {
			k.typ, k.pub = "public", pub
			return nil
		}
		d, err1 := num("d")
		p, err2 := num("p")
		q, err3 := num("q")
		if err1 != nil || err2 != nil || err3 != nil {
			return jsx.DOMException("DataError", "Invalid RSA private JSON Web Key.")
		}
		priv := &rsa.PrivateKey{PublicKey: *pub, D: d, Primes: []*big.Int{p, q}}
		priv.Precompute()
		k.typ, k.priv = "private", priv
	default:
		return jsx.DOMException("DataError", "Invalid JSON Web Key: unsupported \"kty\".")
	}
	return nil
}

// fitAlgorithm checks that an asymmetric key suits its algorithm (a curve, a key kind)
// and fills the algorithm dictionary from the key and the parameters.
func (k *cryptoKey) fitAlgorithm(kind algKind, params *goja.Object, vm *goja.Runtime) error {
	pub := k.pub
	if k.typ == "private" {
		pub = PublicOf(k.priv)
	}
	mismatch := jsx.DOMException("DataError", "The key is not a "+k.alg.name+" key.")
	switch kind {
	case kindEC:
		p, ok := pub.(*ecdsa.PublicKey)
		if !ok {
			return mismatch
		}
		k.alg.namedCurve = curveName(p.Curve)
		if v := member(params, "namedCurve"); v != nil && v.String() != k.alg.namedCurve {
			return jsx.DOMException("DataError", "\"algorithm.namedCurve\" does not match the curve of the key.")
		}
	case kindOKP:
		switch pub.(type) {
		case ed25519.PublicKey:
			if k.alg.name != "Ed25519" {
				return mismatch
			}
		case *ecdh.PublicKey:
			if k.alg.name != "X25519" {
				return mismatch
			}
		default:
			return mismatch
		}
	case kindRSA:
		p, ok := pub.(*rsa.PublicKey)
		if !ok {
			return mismatch
		}
		h, err := hashParam(vm, params)
		if err != nil {
			return err
		}
		k.alg.hash = h
		k.alg.modulusLength = p.N.BitLen()
		k.alg.publicExponent = big.NewInt(int64(p.E)).Bytes()
	}
	return nil
}

// PublicOf is the public half of a private key (Go's crypto types).
func PublicOf(priv crypto.PrivateKey) crypto.PublicKey {
	switch p := priv.(type) {
	case *rsa.PrivateKey:
		return &p.PublicKey
	case *ecdsa.PrivateKey:
		return &p.PublicKey
	case ed25519.PrivateKey:
		return p.Public()
	case *ecdh.PrivateKey:
		return p.PublicKey()
	}
	return nil
}

// generateKey makes a key (or a key pair) of alg.
func (r *Realm) generateKey(alg string, params *goja.Object, extractable bool, usagesArg goja.Value) (secret *cryptoKey, pub *cryptoKey, priv *cryptoKey, err error) {
	vm := r.VM
	spec, ok := algorithms[alg]
	if !ok || spec.kind == kindKDF {
		return nil, nil, nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized key generation algorithm %q requested.", alg))
	}
	var given []string
	vm.ExportTo(usagesArg, &given)
	split := func(allowed []string) []string {
		var out []string
		for _, u := range usageOrder {
			if slices.Contains(given, u) && slices.Contains(allowed, u) {
				out = append(out, u)
			}
		}
		return out
	}
	for _, u := range given {
		if !slices.Contains(spec.secret, u) && !slices.Contains(spec.public, u) && !slices.Contains(spec.priv, u) {
			return nil, nil, nil, jsx.DOMException("SyntaxError", fmt.Sprintf("Attempt to generate %s key with invalid usage %q.", alg, u))
		}
	}
	switch spec.kind {
	case kindAES, kindHMAC:
		k := &cryptoKey{typ: "secret", alg: keyAlgorithm{name: alg}, extractable: extractable, usages: split(spec.secret)}
		bits := 0
		if l := member(params, "length"); l != nil {
			bits = int(l.ToInteger())
		}
		if spec.kind == kindAES {
			if err := aesLength(bits, true); err != nil {
				return nil, nil, nil, err
			}
		} else {
			h, err := hashParam(vm, params)
			if err != nil {
				return nil, nil, nil, err
			}
			k.alg.hash = h
			if bits == 0 {
				bits = hashOf(h).New().BlockSize() * 8
			}
		}
		k.alg.length = bits
		k.secret = make([]byte, (bits+7)/8)
		rand.Read(k.secret)
		if len(k.usages) == 0 {
			return nil, nil, nil, errNoUsages
		}
		return k, nil, nil, nil
	}
	var pk crypto.PublicKey
	var sk crypto.PrivateKey
	alga := keyAlgorithm{name: alg}
	switch spec.kind {
	case kindEC:
		crv := ""
		if v := member(params, "namedCurve"); v != nil {
			crv = v.String()
		}
		c, ok := curveOf(crv)
		if !ok {
			return nil, nil, nil, jsx.DOMException("NotSupportedError", fmt.Sprintf("Unrecognized or unimplemented EC curve %q requested.", crv))
		}
		key, _ := ecdsa.GenerateKey(c, rand.Reader)
		pk, sk, alga.namedCurve = &key.PublicKey, key, crv
	case kindOKP:
		if alg == "Ed25519" {
			p, s, _ := ed25519.GenerateKey(rand.Reader)
			pk, sk = p, s
		} else {
			s, _ := ecdh.X25519().GenerateKey(rand.Reader)
			pk, sk = s.PublicKey(), s
		}
	case kindRSA:
		h, err := hashParam(vm, params)
		if err != nil {
			return nil, nil, nil, err
		}
		bits := 0
		if v := member(params, "modulusLength"); v != nil {
			bits = int(v.ToInteger())
		}
		if e := member(params, "publicExponent"); e != nil {
			b, _ := r.BytesOf(e)
			if new(big.Int).SetBytes(b).Int64() != 65537 {
				return nil, nil, nil, jsx.DOMException("OperationError", "The \"publicExponent\" must be either 3 or 65537, but got "+new(big.Int).SetBytes(b).String()+".")
			}
		}
		key, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			return nil, nil, nil, jsx.DOMException("OperationError", "Invalid RSA modulus length: "+err.Error())
		}
		pk, sk = &key.PublicKey, key
		alga.hash, alga.modulusLength, alga.publicExponent = h, bits, []byte{1, 0, 1}
	}
	pub = &cryptoKey{typ: "public", alg: alga, pub: pk, extractable: true, usages: split(spec.public)}
	priv = &cryptoKey{typ: "private", alg: alga, priv: sk, extractable: extractable, usages: split(spec.priv)}
	if len(priv.usages) == 0 {
		return nil, nil, nil, jsx.DOMException("SyntaxError", "Attempt to generate asymmetric keys with no valid private key usages.")
	}
	return nil, pub, priv, nil
}
