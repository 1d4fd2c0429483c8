package node

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// cipherSpec is one cipher createCipheriv knows.
type cipherSpec struct {
	keyLen int
	mode   string // cbc, ctr, gcm, ecb
}

// ciphers are the AES modes goflare has, by OpenSSL name.
var ciphers = map[string]cipherSpec{
	"aes-128-cbc": {16, "cbc"}, "aes-192-cbc": {24, "cbc"}, "aes-256-cbc": {32, "cbc"},
	"aes-128-ctr": {16, "ctr"}, "aes-192-ctr": {24, "ctr"}, "aes-256-ctr": {32, "ctr"},
	"aes-128-gcm": {16, "gcm"}, "aes-192-gcm": {24, "gcm"}, "aes-256-gcm": {32, "gcm"},
	"aes-128-ecb": {16, "ecb"}, "aes-192-ecb": {24, "ecb"}, "aes-256-ecb": {32, "ecb"},
	"id-aes128-gcm": {16, "gcm"}, "id-aes192-gcm": {24, "gcm"}, "id-aes256-gcm": {32, "gcm"},
	"aes128": {16, "cbc"}, "aes192": {24, "cbc"}, "aes256": {32, "cbc"},
}

// cipherState is one Cipheriv or Decipheriv. CBC and ECB hold back what is not a whole
// block (and, decrypting, the last block, for its padding); CTR streams; GCM holds the
// whole message until final, where Go's AEAD seals or opens it at once.
type cipherState struct {
	spec     cipherSpec
	decrypt  bool
	block    cipher.Block
	iv       []byte
	stream   cipher.Stream
	cbc      cipher.BlockMode
	pending  []byte
	aad      []byte
	tag      []byte
	tagLen   int
	autoPad  bool
	finished bool
}

func (m *Modules) cipherNatives(native *goja.Object) {
	vm := m.vm
	names := make([]string, 0, len(ciphers))
	for n := range ciphers {
		names = append(names, n)
	}
	native.Set("ciphers", names)
	native.Set("createCipher", func(name string, key, iv goja.Value, decrypt bool, tagLen int) goja.Value {
		spec, ok := ciphers[strings.ToLower(name)]
		if !ok {
			jsx.Throw(vm, jsx.PlainError("Unknown or unsupported cipher: "+name))
		}
		k := m.bytes(key)
		if len(k) != spec.keyLen {
			jsx.Throw(vm, jsx.PlainError("Invalid key length"))
		}
		ivb := append([]byte(nil), m.bytes(iv)...)
		switch {
		case spec.mode == "gcm" && len(ivb) == 0,
			(spec.mode == "cbc" || spec.mode == "ctr") && len(ivb) != aes.BlockSize:
			jsx.Throw(vm, jsx.PlainError("Invalid initialization vector"))
		}
		block, _ := aes.NewCipher(k)
		c := &cipherState{spec: spec, decrypt: decrypt, block: block, iv: ivb, autoPad: true, tagLen: 16}
		if tagLen > 0 {
			c.tagLen = tagLen
		}
		switch spec.mode {
		case "ctr":
			c.stream = cipher.NewCTR(block, ivb)
		case "cbc":
			if decrypt {
				c.cbc = cipher.NewCBCDecrypter(block, ivb)
			} else {
				c.cbc = cipher.NewCBCEncrypter(block, ivb)
			}
		}
		return m.cipherObject(c)
	})
}

// cipherObject is what the JS Cipheriv and Decipheriv classes wrap.
func (m *Modules) cipherObject(c *cipherState) goja.Value {
	vm := m.vm
	o := vm.NewObject()
	fail := func(msg string) { jsx.Throw(vm, jsx.PlainError(msg)) }
	o.Set("update", func(v goja.Value) goja.Value {
		b, _ := m.realm.BytesOf(v)
		return m.realm.NewArrayBuffer(c.update(b))
	})
	o.Set("final", func() goja.Value {
		out, err := c.final()
		if err != "" {
			fail(err)
		}
		return m.realm.NewArrayBuffer(out)
	})
	o.Set("setAAD", func(v goja.Value) bool {
		if c.spec.mode != "gcm" {
			return false
		}
		b, _ := m.realm.BytesOf(v)
		c.aad = append(c.aad, b...)
		return true
	})
	o.Set("setAuthTag", func(v goja.Value) bool {
		if c.spec.mode != "gcm" || !c.decrypt {
			return false
		}
		b, _ := m.realm.BytesOf(v)
		c.tag = append([]byte(nil), b...)
		return true
	})
	o.Set("getAuthTag", func() goja.Value {
		if c.spec.mode != "gcm" || c.decrypt || c.tag == nil {
			return goja.Undefined()
		}
		return m.realm.NewArrayBuffer(c.tag)
	})
	o.Set("setAutoPadding", func(on bool) { c.autoPad = on })
	return o
}

func (c *cipherState) update(b []byte) []byte {
	switch c.spec.mode {
	case "ctr":
		out := make([]byte, len(b))
		c.stream.XORKeyStream(out, b)
		return out
	case "gcm":
		c.pending = append(c.pending, b...)
		return nil
	}
	// CBC and ECB: whole blocks now; decrypting keeps the last block for final's padding.
	c.pending = append(c.pending, b...)
	n := len(c.pending) / aes.BlockSize * aes.BlockSize
	if c.decrypt && c.autoPad && n == len(c.pending) && n > 0 {
		n -= aes.BlockSize
	}
	out := make([]byte, n)
	c.crypt(out, c.pending[:n])
	c.pending = append([]byte(nil), c.pending[n:]...)
	return out
}

// crypt runs the block mode over whole blocks.
func (c *cipherState) crypt(dst, src []byte) {
	if c.spec.mode == "cbc" {
		c.cbc.CryptBlocks(dst, src)
		return
	}
	for i := 0; i < len(src); i += aes.BlockSize {
		if c.decrypt {
			c.block.Decrypt(dst[i:], src[i:])
		} else {
			c.block.Encrypt(dst[i:], src[i:])
		}
	}
}

// final ends the message; a failure is workerd's message.
func (c *cipherState) final() ([]byte, string) {
	if c.finished {
		return nil, "Unsupported state"
	}
	c.finished = true
	switch c.spec.mode {
	case "ctr":
		return nil, ""
	case "gcm":
		aead, err := cipher.NewGCMWithNonceSize(c.block, len(c.iv))
		if c.tagLen != 16 {
			aead, err = cipher.NewGCMWithTagSize(c.block, c.tagLen)
		}
		if err != nil {
			return nil, "Invalid initialization vector"
		}
		if !c.decrypt {
			sealed := aead.Seal(nil, c.iv, c.pending, c.aad)
			c.tag = sealed[len(sealed)-aead.Overhead():]
			return sealed[:len(sealed)-aead.Overhead()], ""
		}
		if len(c.tag) == 0 {
			return nil, "Authentication failed"
		}
		out, err := aead.Open(nil, c.iv, append(append([]byte(nil), c.pending...), c.tag...), c.aad)
		if err != nil {
			return nil, "Authentication failed"
		}
		return out, ""
	}
	if !c.decrypt {
		data := c.pending
		if c.autoPad {
			pad := aes.BlockSize - len(data)%aes.BlockSize
			data = append(data, bytes.Repeat([]byte{byte(pad)}, pad)...)
		} else if len(data)%aes.BlockSize != 0 {
			return nil, "Invalid final block length"
		}
		out := make([]byte, len(data))
		c.crypt(out, data)
		return out, ""
	}
	if len(c.pending)%aes.BlockSize != 0 {
		return nil, "Invalid final block length"
	}
	out := make([]byte, len(c.pending))
	c.crypt(out, c.pending)
	if !c.autoPad {
		return out, ""
	}
	if len(out) == 0 {
		return nil, "Authentication failed"
	}
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize || pad > len(out) ||
		subtle.ConstantTimeCompare(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) != 1 {
		return nil, "Authentication failed"
	}
	return out[:len(out)-pad], ""
}
