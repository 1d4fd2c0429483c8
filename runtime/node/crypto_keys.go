package node

import (
	"crypto"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
	"github.com/goflare/goflare/runtime/webapi"
)

// keyHandle is the Go half of a KeyObject: a secret's bytes or an asymmetric key.
type keyHandle struct {
	kind   string // "secret", "public", "private"
	secret []byte
	pub    crypto.PublicKey
	priv   crypto.PrivateKey
}

// The RSA padding constants of crypto.constants.
const (
	rsaPKCS1Padding = 1
	rsaPSSPadding   = 6
)

func (m *Modules) keyNatives(native *goja.Object) {
	vm := m.vm
	throw := func(err error) { jsx.Throw(vm, err) }
	handleOf := func(v goja.Value) *keyHandle {
		h, ok := v.Export().(*keyHandle)
		if !ok {
			throw(jsx.TypeError("Invalid key object"))
		}
		return h
	}
	native.Set("secretKey", func(v goja.Value) *keyHandle {
		return &keyHandle{kind: "secret", secret: append([]byte(nil), m.bytes(v)...)}
	})
	// parseKey reads a key: data is PEM text, DER bytes or JWK JSON; kind is what is wanted
	// ("public" may be taken from a private key or a certificate).
	native.Set("parseKey", func(kind string, data goja.Value, format, typ string) *keyHandle {
		var h *keyHandle
		var err error
		switch format {
		case "jwk":
			h, err = parseJWK(data.String())
		case "der":
			h, err = parseDER(m.bytes(data), typ, kind)
		default:
			text := data.String()
			if b, ok := m.realm.BytesOf(data); ok {
				text = string(b)
			}
			h, err = parsePEM(text)
		}
		if err != nil {
			throw(jsx.TypeError(err.Error()))
		}
		if kind == "public" && h.kind == "private" {
			h = &keyHandle{kind: "public", pub: webapi.PublicOf(h.priv)}
		}
		if kind == "private" && h.kind != "private" {
			throw(jsx.TypeError("error:1E08010C:DECODER routines::unsupported"))
		}
		return h
	})
	native.Set("publicKey", func(v goja.Value) *keyHandle {
		return &keyHandle{kind: "public", pub: webapi.PublicOf(handleOf(v).priv)}
	})
	native.Set("keyInfo", func(v goja.Value) goja.Value {
		h := handleOf(v)
		info := vm.NewObject()
		info.Set("type", h.kind)
		if h.kind == "secret" {
			info.Set("symmetricKeySize", len(h.secret))
			return info
		}
		key := h.pub
		if key == nil {
			key = webapi.PublicOf(h.priv)
		}
		details := vm.NewObject()
		details.Set("modulusLength", goja.Undefined())
		details.Set("publicExponent", goja.Undefined())
		details.Set("divisorLength", goja.Undefined())
		details.Set("namedCurve", goja.Undefined())
		switch k := key.(type) {
		case *rsa.PublicKey:
			info.Set("asymmetricKeyType", "rsa")
			details.Set("modulusLength", k.N.BitLen())
			details.Set("publicExponent", vm.ToValue(big.NewInt(int64(k.E))))
		case *ecdsa.PublicKey:
			info.Set("asymmetricKeyType", "ec")
			details.Set("namedCurve", opensslCurve(k.Curve))
		case ed25519.PublicKey:
			info.Set("asymmetricKeyType", "ed25519")
		case *ecdh.PublicKey:
			info.Set("asymmetricKeyType", "x25519")
		}
		info.Set("asymmetricKeyDetails", details)
		return info
	})
	native.Set("exportKey", func(v goja.Value, format, typ string) goja.Value {
		h := handleOf(v)
		if h.kind == "secret" {
			if format == "jwk" {
				return vm.ToValue(`{"kty":"oct","k":"` + base64.RawURLEncoding.EncodeToString(h.secret) + `"}`)
			}
			return m.realm.NewArrayBuffer(append([]byte(nil), h.secret...))
		}
		if format == "jwk" {
			text, err := exportJWK(h)
			if err != nil {
				throw(jsx.TypeError(err.Error()))
			}
			return vm.ToValue(text)
		}
		der, blockType, err := exportDER(h, typ)
		if err != nil {
			throw(jsx.TypeError(err.Error()))
		}
		if format == "der" {
			return m.realm.NewArrayBuffer(der)
		}
		return vm.ToValue(string(pem.EncodeToMemory(&pem.Block{Type: blockType, Bytes: der})))
	})
	native.Set("equals", func(a, b goja.Value) bool {
		x, y := handleOf(a), handleOf(b)
		if x.kind != y.kind {
			return false
		}
		if x.kind == "secret" {
			return string(x.secret) == string(y.secret)
		}
		dx, _, e1 := exportDER(x, "")
		dy, _, e2 := exportDER(y, "")
		return e1 == nil && e2 == nil && string(dx) == string(dy)
	})
	native.Set("sign", func(alg goja.Value, data goja.Value, key goja.Value, padding, saltLength int, p1363 bool) goja.Value {
		h := handleOf(key)
		sig, err := signWith(h, algName(alg), m.bytes(data), padding, saltLength, p1363)
		if err != nil {
			throw(err)
		}
		return m.realm.NewArrayBuffer(sig)
	})
	native.Set("verify", func(alg goja.Value, data goja.Value, key goja.Value, sig goja.Value, padding, saltLength int, p1363 bool) bool {
		h := handleOf(key)
		ok, err := verifyWith(h, algName(alg), m.bytes(data), m.bytes(sig), padding, saltLength, p1363)
		if err != nil {
			throw(err)
		}
		return ok
	})
	native.Set("generateKeyPair", func(typ string, modulusLength, exponent int, curve string) []any {
		pub, priv, err := generateKeyPair(typ, modulusLength, exponent, curve)
		if err != nil {
			throw(err)
		}
		return []any{&keyHandle{kind: "public", pub: pub}, &keyHandle{kind: "private", priv: priv}}
	})
}

func algName(v goja.Value) string {
	if v == nil || goja.IsUndefined(v) || goja.IsNull(v) {
		return ""
	}
	return v.String()
}

// opensslCurve is the OpenSSL name Node reports for a curve.
func opensslCurve(c elliptic.Curve) string {
	switch c {
	case elliptic.P256():
		return "prime256v1"
	case elliptic.P384():
		return "secp384r1"
	case elliptic.P521():
		return "secp521r1"
	}
	return c.Params().Name
}

func curveByName(name string) (elliptic.Curve, bool) {
	switch name {
	case "P-256", "prime256v1", "secp256r1":
		return elliptic.P256(), true
	case "P-384", "secp384r1":
		return elliptic.P384(), true
	case "P-521", "secp521r1":
		return elliptic.P521(), true
	}
	return nil, false
}

func parsePEM(text string) (*keyHandle, error) {
	block, _ := pem.Decode([]byte(text))
	if block == nil {
		return nil, errors.New("error:1E08010C:DECODER routines::unsupported")
	}
	if x509.IsEncryptedPEMBlock(block) { //nolint:staticcheck // reported, not decrypted
		return nil, errors.New("Passphrase required for encrypted key")
	}
	switch block.Type {
	case "PRIVATE KEY":
		return parseDER(block.Bytes, "pkcs8", "private")
	case "RSA PRIVATE KEY":
		return parseDER(block.Bytes, "pkcs1", "private")
	case "EC PRIVATE KEY":
		return parseDER(block.Bytes, "sec1", "private")
	case "PUBLIC KEY":
		return parseDER(block.Bytes, "spki", "public")
	case "RSA PUBLIC KEY":
		return parseDER(block.Bytes, "pkcs1", "public")
	case "CERTIFICATE":
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, err
		}
		return &keyHandle{kind: "public", pub: cert.PublicKey}, nil
	}
	return nil, errors.New("error:1E08010C:DECODER routines::unsupported")
}

func parseDER(der []byte, typ, kind string) (*keyHandle, error) {
	unsupported := errors.New("error:1E08010C:DECODER routines::unsupported")
	switch {
	case typ == "pkcs8" || (kind == "private" && typ == ""):
		k, err := x509.ParsePKCS8PrivateKey(der)
		if err != nil {
			return nil, unsupported
		}
		return &keyHandle{kind: "private", priv: k}, nil
	case typ == "pkcs1" && kind == "private":
		k, err := x509.ParsePKCS1PrivateKey(der)
		if err != nil {
			return nil, unsupported
		}
		return &keyHandle{kind: "private", priv: k}, nil
	case typ == "sec1":
		k, err := x509.ParseECPrivateKey(der)
		if err != nil {
			return nil, unsupported
		}
		return &keyHandle{kind: "private", priv: k}, nil
	case typ == "pkcs1":
		k, err := x509.ParsePKCS1PublicKey(der)
		if err != nil {
			return nil, unsupported
		}
		return &keyHandle{kind: "public", pub: k}, nil
	default:
		k, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return nil, unsupported
		}
		return &keyHandle{kind: "public", pub: k}, nil
	}
}

func exportDER(h *keyHandle, typ string) (der []byte, blockType string, err error) {
	if h.kind == "public" {
		if typ == "pkcs1" {
			k, ok := h.pub.(*rsa.PublicKey)
			if !ok {
				return nil, "", errors.New("The selected key encoding pkcs1 can only be used for RSA keys.")
			}
			return x509.MarshalPKCS1PublicKey(k), "RSA PUBLIC KEY", nil
		}
		der, err = x509.MarshalPKIXPublicKey(h.pub)
		return der, "PUBLIC KEY", err
	}
	switch typ {
	case "pkcs1":
		k, ok := h.priv.(*rsa.PrivateKey)
		if !ok {
			return nil, "", errors.New("The selected key encoding pkcs1 can only be used for RSA keys.")
		}
		return x509.MarshalPKCS1PrivateKey(k), "RSA PRIVATE KEY", nil
	case "sec1":
		k, ok := h.priv.(*ecdsa.PrivateKey)
		if !ok {
			return nil, "", errors.New("The selected key encoding sec1 can only be used for EC keys.")
		}
		der, err = x509.MarshalECPrivateKey(k)
		return der, "EC PRIVATE KEY", err
	}
	der, err = x509.MarshalPKCS8PrivateKey(h.priv)
	return der, "PRIVATE KEY", err
}

var b64u = base64.RawURLEncoding

// padded is n's big-endian bytes, left-padded to size.
func padded(n *big.Int, size int) []byte {
	b := n.Bytes()
	if len(b) >= size {
		return b
	}
	return append(make([]byte, size-len(b)), b...)
}

func exportJWK(h *keyHandle) (string, error) {
	j := map[string]string{}
	pub := h.pub
	if h.kind == "private" {
		pub = webapi.PublicOf(h.priv)
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		j["kty"], j["n"], j["e"] = "RSA", b64u.EncodeToString(k.N.Bytes()), b64u.EncodeToString(big.NewInt(int64(k.E)).Bytes())
		if p, ok := h.priv.(*rsa.PrivateKey); ok {
			p.Precompute()
			j["d"], j["p"], j["q"] = b64u.EncodeToString(p.D.Bytes()), b64u.EncodeToString(p.Primes[0].Bytes()), b64u.EncodeToString(p.Primes[1].Bytes())
			j["dp"], j["dq"], j["qi"] = b64u.EncodeToString(p.Precomputed.Dp.Bytes()), b64u.EncodeToString(p.Precomputed.Dq.Bytes()), b64u.EncodeToString(p.Precomputed.Qinv.Bytes())
		}
	case *ecdsa.PublicKey:
		size := (k.Curve.Params().BitSize + 7) / 8
		j["kty"], j["crv"] = "EC", k.Curve.Params().Name
		j["x"], j["y"] = b64u.EncodeToString(padded(k.X, size)), b64u.EncodeToString(padded(k.Y, size))
		if p, ok := h.priv.(*ecdsa.PrivateKey); ok {
			j["d"] = b64u.EncodeToString(padded(p.D, size))
		}
	case ed25519.PublicKey:
		j["kty"], j["crv"], j["alg"], j["x"] = "OKP", "Ed25519", "EdDSA", b64u.EncodeToString(k)
		if p, ok := h.priv.(ed25519.PrivateKey); ok {
			j["d"] = b64u.EncodeToString(p.Seed())
		}
	case *ecdh.PublicKey:
		j["kty"], j["crv"], j["x"] = "OKP", "X25519", b64u.EncodeToString(k.Bytes())
		if p, ok := h.priv.(*ecdh.PrivateKey); ok {
			j["d"] = b64u.EncodeToString(p.Bytes())
		}
	default:
		return "", errors.New("Unsupported JWK key type")
	}
	out, err := json.Marshal(j)
	return string(out), err
}

func parseJWK(text string) (*keyHandle, error) {
	var j map[string]string
	if err := json.Unmarshal([]byte(text), &j); err != nil {
		return nil, errors.New("Invalid JWK")
	}
	num := func(k string) (*big.Int, error) {
		b, err := b64u.DecodeString(j[k])
		if err != nil || j[k] == "" {
			return nil, errors.New("Invalid JWK " + k)
		}
		return new(big.Int).SetBytes(b), nil
	}
	switch j["kty"] {
	case "oct":
		b, err := b64u.DecodeString(j["k"])
		if err != nil {
			return nil, errors.New("Invalid JWK secret key")
		}
		return &keyHandle{kind: "secret", secret: b}, nil
	case "RSA":
		n, err := num("n")
		if err != nil {
			return nil, err
		}
		e, err := num("e")
		if err != nil {
			return nil, err
		}
		pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
		if j["d"] == "" {
			return &keyHandle{kind: "public", pub: pub}, nil
		}
		d, err1 := num("d")
		p, err2 := num("p")
		q, err3 := num("q")
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, err
		}
		k := &rsa.PrivateKey{PublicKey: *pub, D: d, Primes: []*big.Int{p, q}}
		k.Precompute()
		return &keyHandle{kind: "private", priv: k}, nil
	case "EC":
		curve, ok := curveByName(j["crv"])
		if !ok {
			return nil, errors.New("Unsupported JWK EC curve: " + j["crv"])
		}
		x, err1 := num("x")
		y, err2 := num("y")
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		pub := &ecdsa.PublicKey{Curve: curve, X: x, Y: y}
		if j["d"] == "" {
			return &keyHandle{kind: "public", pub: pub}, nil
		}
		d, err := num("d")
		if err != nil {
			return nil, err
		}
		return &keyHandle{kind: "private", priv: &ecdsa.PrivateKey{PublicKey: *pub, D: d}}, nil
	case "OKP":
		x, err := b64u.DecodeString(j["x"])
		if err != nil {
			return nil, errors.New("Invalid JWK x")
		}
		switch j["crv"] {
		case "Ed25519":
			if j["d"] == "" {
				return &keyHandle{kind: "public", pub: ed25519.PublicKey(x)}, nil
			}
			d, err := b64u.DecodeString(j["d"])
			if err != nil || len(d) != ed25519.SeedSize {
				return nil, errors.New("Invalid JWK d")
			}
			return &keyHandle{kind: "private", priv: ed25519.NewKeyFromSeed(d)}, nil
		case "X25519":
			if j["d"] == "" {
				k, err := ecdh.X25519().NewPublicKey(x)
				if err != nil {
					return nil, err
				}
				return &keyHandle{kind: "public", pub: k}, nil
			}
			d, _ := b64u.DecodeString(j["d"])
			k, err := ecdh.X25519().NewPrivateKey(d)
			if err != nil {
				return nil, err
			}
			return &keyHandle{kind: "private", priv: k}, nil
		}
	}
	return nil, errors.New("Unsupported JWK key type")
}

// digestOf hashes data with alg for the RSA and ECDSA signatures; "" is SHA-256.
func digestOf(alg string, data []byte) (crypto.Hash, []byte, error) {
	if alg == "" {
		alg = "sha256"
	}
	id, ok := digestByName(alg)
	if !ok {
		return 0, nil, jsx.PlainError("Invalid digest: " + alg)
	}
	h := id.New()
	h.Write(data)
	return id, h.Sum(nil), nil
}

func signWith(h *keyHandle, alg string, data []byte, padding, saltLength int, p1363 bool) ([]byte, error) {
	if h.kind != "private" {
		return nil, jsx.TypeError("Invalid key type: sign requires a private key")
	}
	switch k := h.priv.(type) {
	case ed25519.PrivateKey:
		return ed25519.Sign(k, data), nil
	case *rsa.PrivateKey:
		id, digest, err := digestOf(alg, data)
		if err != nil {
			return nil, err
		}
		if padding == rsaPSSPadding {
			return rsa.SignPSS(rand.Reader, k, id, digest, &rsa.PSSOptions{SaltLength: pssSalt(saltLength, true)})
		}
		return rsa.SignPKCS1v15(nil, k, id, digest)
	case *ecdsa.PrivateKey:
		_, digest, err := digestOf(alg, data)
		if err != nil {
			return nil, err
		}
		if p1363 {
			r, s, err := ecdsa.Sign(rand.Reader, k, digest)
			if err != nil {
				return nil, err
			}
			size := (k.Curve.Params().BitSize + 7) / 8
			return append(padded(r, size), padded(s, size)...), nil
		}
		return ecdsa.SignASN1(rand.Reader, k, digest)
	}
	return nil, jsx.TypeError("Unsupported key type for signing")
}

func verifyWith(h *keyHandle, alg string, data, sig []byte, padding, saltLength int, p1363 bool) (bool, error) {
	pub := h.pub
	if h.kind == "private" {
		pub = webapi.PublicOf(h.priv)
	}
	switch k := pub.(type) {
	case ed25519.PublicKey:
		return ed25519.Verify(k, data, sig), nil
	case *rsa.PublicKey:
		id, digest, err := digestOf(alg, data)
		if err != nil {
			return false, err
		}
		if padding == rsaPSSPadding {
			return rsa.VerifyPSS(k, id, digest, sig, &rsa.PSSOptions{SaltLength: pssSalt(saltLength, false)}) == nil, nil
		}
		return rsa.VerifyPKCS1v15(k, id, digest, sig) == nil, nil
	case *ecdsa.PublicKey:
		_, digest, err := digestOf(alg, data)
		if err != nil {
			return false, err
		}
		if p1363 {
			size := (k.Curve.Params().BitSize + 7) / 8
			if len(sig) != 2*size {
				return false, nil
			}
			r, s := new(big.Int).SetBytes(sig[:size]), new(big.Int).SetBytes(sig[size:])
			der, _ := asn1.Marshal(struct{ R, S *big.Int }{r, s})
			sig = der
		}
		return ecdsa.VerifyASN1(k, digest, sig), nil
	}
	return false, jsx.TypeError("Unsupported key type for verification")
}

// pssSalt maps Node's saltLength (-1 digest length, -2 maximum or auto) to Go's.
func pssSalt(n int, signing bool) int {
	switch n {
	case -1:
		return rsa.PSSSaltLengthEqualsHash
	case -2, -3:
		return rsa.PSSSaltLengthAuto
	}
	if n < 0 && signing {
		return rsa.PSSSaltLengthAuto
	}
	return n
}

func generateKeyPair(typ string, modulusLength, exponent int, curve string) (crypto.PublicKey, crypto.PrivateKey, error) {
	switch typ {
	case "rsa", "rsa-pss":
		if exponent != 0 && exponent != 65537 {
			return nil, nil, jsx.PlainError("goflare generates RSA keys with the public exponent 65537 only")
		}
		k, err := rsa.GenerateKey(rand.Reader, modulusLength)
		if err != nil {
			return nil, nil, jsx.RangeError(err.Error())
		}
		return &k.PublicKey, k, nil
	case "ec":
		c, ok := curveByName(curve)
		if !ok {
			return nil, nil, jsx.TypeError("Invalid EC curve name")
		}
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		return &k.PublicKey, k, nil
	case "ed25519":
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		return pub, priv, err
	case "x25519":
		k, err := ecdh.X25519().GenerateKey(rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		return k.PublicKey(), k, nil
	}
	return nil, nil, jsx.TypeError("The argument 'type' must be a supported key type. Received '" + typ + "'")
}
