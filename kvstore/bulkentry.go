package kvstore

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// BulkEntry is one entry in the JSON form of Cloudflare's bulk write API, the form
// `wrangler kv bulk put` reads: `goflare kv export` writes it, `goflare kv bulk put` and
// the dev server's test controls read it.
type BulkEntry struct {
	Key string `json:"key"`
	// Value is the value as text, or in base64 when Base64 is set.
	Value  *string `json:"value"`
	Base64 bool    `json:"base64,omitempty"`
	// Expiration is seconds since the epoch; ExpirationTTL (writes only) seconds from now.
	Expiration    *int64          `json:"expiration,omitempty"`
	ExpirationTTL *int64          `json:"expiration_ttl,omitempty"`
	Metadata      json.RawMessage `json:"metadata,omitempty"`
}

// BulkEntryOf is a stored entry in bulk form: the value as text when it is valid UTF-8,
// else in base64.
func BulkEntryOf(e Entry) BulkEntry {
	b := BulkEntry{Key: e.Key}
	text := string(e.Value)
	if !utf8.Valid(e.Value) {
		text, b.Base64 = base64.StdEncoding.EncodeToString(e.Value), true
	}
	b.Value = &text
	if e.Expiration != 0 {
		exp := e.Expiration
		b.Expiration = &exp
	}
	if e.Metadata != "" {
		b.Metadata = json.RawMessage(e.Metadata)
	}
	return b
}

// Put is the write the entry describes (its values are checked by the write itself).
func (b BulkEntry) Put() (PutEntry, error) {
	if b.Value == nil {
		return PutEntry{}, errors.New(`"value" is missing`)
	}
	value := []byte(*b.Value)
	if b.Base64 {
		var err error
		if value, err = decodeBase64(*b.Value); err != nil {
			return PutEntry{}, fmt.Errorf("The value is not valid base64: %v", err)
		}
	}
	p := PutEntry{Key: b.Key, Value: bytes.NewReader(value)}
	p.Expiration, p.ExpirationTTL = b.Expiration, b.ExpirationTTL
	if len(b.Metadata) > 0 {
		var m bytes.Buffer
		if err := json.Compact(&m, b.Metadata); err != nil {
			return PutEntry{}, fmt.Errorf("the metadata is not valid JSON: %v", err)
		}
		p.Metadata = m.String()
	}
	return p, nil
}

// decodeBase64 decodes standard or URL-safe base64, padded or not, ignoring whitespace
// (the forms Node's Buffer.from(s, "base64") reads), but refuses other characters where
// Node would skip them silently.
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r':
			return -1
		case '-':
			return '+'
		case '_':
			return '/'
		}
		return r
	}, s)
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}
