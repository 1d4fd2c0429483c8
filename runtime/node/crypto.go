package node

import (
	"crypto"
	"crypto/hkdf"
	"crypto/hmac"
	_ "crypto/md5" // the digests are found through crypto.Hash
	"crypto/pbkdf2"
	"crypto/rand"
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha3"
	_ "crypto/sha512"
	"hash"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
	"golang.org/x/crypto/scrypt"
)

// newCrypto is node:crypto: js/crypto.js's classes and checks over Go's hashes, MACs,
// key derivations, ciphers and keys (crypto_cipher.go, crypto_keys.go).
func newCrypto(m *Modules) goja.Value {
	vm := m.vm
	native := vm.NewObject()
	throw := func(err error) { jsx.Throw(vm, err) }

	native.Set("hashes", hashNames)
	native.Set("createHash", func(alg string) goja.Value {
		h, ok := newHash(alg)
		if !ok {
			throw(jsx.PlainError("Digest method not supported"))
		}
		return m.hashObject(h)
	})
	native.Set("createHmac", func(alg string, key goja.Value) goja.Value {
		f, ok := hashFunc(alg)
		if !ok {
			throw(jsx.TypeError("Invalid digest: " + alg))
		}
		return m.hashObject(hmac.New(f, m.bytes(key)))
	})
	native.Set("randomFill", func(v goja.Value) {
		rand.Read(m.bytes(v))
	})
	native.Set("pbkdf2", func(password, salt goja.Value, iterations, keylen int, digest string) goja.Value {
		f, ok := hashFunc(digest)
		if !ok {
			throw(jsx.TypeError("Invalid Pbkdf2 digest: " + digest + "."))
		}
		key, err := pbkdf2.Key(f, string(m.bytes(password)), m.bytes(salt), iterations, keylen)
		if err != nil {
			throw(jsx.PlainError(err.Error()))
		}
		return m.realm.NewArrayBuffer(key)
	})
	native.Set("scrypt", func(password, salt goja.Value, n, r, p, keylen int) goja.Value {
		key, err := scrypt.Key(m.bytes(password), m.bytes(salt), n, r, p, keylen)
		if err != nil {
			throw(jsx.RangeError("Invalid scrypt params: " + err.Error()))
		}
		return m.realm.NewArrayBuffer(key)
	})
	native.Set("hkdf", func(digest string, ikm, salt, info goja.Value, keylen int) goja.Value {
		f, ok := hashFunc(digest)
		if !ok {
			throw(jsx.TypeError("Invalid digest: " + digest))
		}
		key, err := hkdf.Key(f, m.bytes(ikm), m.bytes(salt), string(m.bytes(info)), keylen)
		if err != nil {
			throw(jsx.RangeError("Invalid key length"))
		}
		return m.realm.NewArrayBuffer(key)
	})
	native.Set("timingSafeEqual", func(a, b goja.Value) bool {
		return hmac.Equal(m.bytes(a), m.bytes(b))
	})
	m.cipherNatives(native)
	m.keyNatives(native)
	return m.runModule("crypto.js", native)
}

// hashObject is what the JS Hash and Hmac classes wrap: update, digest, copy.
func (m *Modules) hashObject(h hash.Hash) goja.Value {
	o := m.vm.NewObject()
	o.Set("update", func(v goja.Value) {
		b, _ := m.realm.BytesOf(v)
		h.Write(b)
	})
	o.Set("digest", func() goja.Value { return m.realm.NewArrayBuffer(h.Sum(nil)) })
	o.Set("copy", func() goja.Value {
		c, ok := cloneHash(h)
		if !ok {
			return goja.Null()
		}
		return m.hashObject(c)
	})
	return o
}

// cloneHash copies a hash's state (Go's hashes and HMAC implement Cloner).
func cloneHash(h hash.Hash) (hash.Hash, bool) {
	if c, ok := h.(hash.Cloner); ok {
		if d, err := c.Clone(); err == nil {
			return d, true
		}
	}
	return nil, false
}

// hashNames are the digests goflare has, as getHashes() lists them.
var hashNames = []string{"RSA-MD5", "RSA-SHA1", "RSA-SHA224", "RSA-SHA256", "RSA-SHA384", "RSA-SHA512", "RSA-SHA512/224", "RSA-SHA512/256", "RSA-SHA3-224", "RSA-SHA3-256", "RSA-SHA3-384", "RSA-SHA3-512", "md5", "md5WithRSAEncryption", "sha1", "sha1WithRSAEncryption", "sha224", "sha224WithRSAEncryption", "sha256", "sha256WithRSAEncryption", "sha3-224", "sha3-256", "sha3-384", "sha3-512", "sha384", "sha384WithRSAEncryption", "sha512", "sha512-224", "sha512-256", "sha512WithRSAEncryption"}

// digests are the digests by OpenSSL name (lower case, without "rsa-").
var digests = map[string]crypto.Hash{
	"md5": crypto.MD5, "sha1": crypto.SHA1, "sha224": crypto.SHA224, "sha-224": crypto.SHA224,
	"sha256": crypto.SHA256, "sha-256": crypto.SHA256, "sha384": crypto.SHA384, "sha-384": crypto.SHA384,
	"sha512": crypto.SHA512, "sha-512": crypto.SHA512, "sha512-224": crypto.SHA512_224, "sha512/224": crypto.SHA512_224,
	"sha512-256": crypto.SHA512_256, "sha512/256": crypto.SHA512_256, "sha3-224": crypto.SHA3_224,
	"sha3-256": crypto.SHA3_256, "sha3-384": crypto.SHA3_384, "sha3-512": crypto.SHA3_512,
}

// digestByName maps an OpenSSL digest name, in any case, to Go's hash.
func digestByName(name string) (crypto.Hash, bool) {
	n := strings.ToLower(name)
	n = strings.TrimPrefix(n, "rsa-")
	n = strings.TrimSuffix(n, "withrsaencryption")
	id, ok := digests[n]
	return id, ok && id.Available()
}

// hashFunc is digestByName's constructor.
func hashFunc(name string) (func() hash.Hash, bool) {
	id, ok := digestByName(name)
	if !ok {
		return nil, false
	}
	return id.New, true
}

func newHash(name string) (hash.Hash, bool) {
	f, ok := hashFunc(name)
	if !ok {
		return nil, false
	}
	return f(), true
}
