package kvstore

import (
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// The limits of Workers KV (wrangler-reference.md 3.3 and 4.2).
const (
	MaxKeyBytes      = 512
	MaxValueBytes    = 25 << 20 // 26,214,400
	MaxMetadataBytes = 1024
	MinExpirationTTL = 60
	MinCacheTTL      = 30
	MaxListLimit     = 1000
	MaxBulkGet       = 100
	MaxBulkWrite     = 10000
)

// Error is a refusal with the HTTP status and text Cloudflare's KV service answers with,
// e.g. {413, "Value length of 26214401 exceeds limit of 26214400."}. The binding reports
// it as `KV PUT failed: 413 …`, the CLI prints it, a REST API answers with Status.
type Error struct {
	Status int
	// Code is the Cloudflare API error code where there is one (10013 namespace not
	// found, 10014 title exists), else 0.
	Code    int
	Message string
}

func (e *Error) Error() string { return strconv.Itoa(e.Status) + " " + e.Message }

// AsError returns err as an *Error, if it is one.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

func errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// ValidateKey applies the service's key rules: not empty, not "." or "..", at most
// MaxKeyBytes of UTF-8.
func ValidateKey(key string) error {
	switch key {
	case "":
		return errorf(400, "Key names must not be empty")
	case ".", "..":
		return errorf(400, "Illegal key name %q. Please use a different name.", key)
	}
	return checkKeyLength(key)
}

// checkKeyLength is the 414 for keys and prefixes longer than MaxKeyBytes.
func checkKeyLength(key string) error {
	if len(key) > MaxKeyBytes {
		return errorf(414, "UTF-8 encoded length of %d exceeds key length limit of %d.", len(key), MaxKeyBytes)
	}
	return nil
}

// errValueTooLarge is the 413 for a value of n bytes.
func errValueTooLarge(n int64) error {
	return errorf(413, "Value length of %d exceeds limit of %d.", n, MaxValueBytes)
}

// validateMetadata checks metadata JSON text: at most MaxMetadataBytes.
func validateMetadata(meta string) error {
	if len(meta) > MaxMetadataBytes {
		return errorf(413, "Metadata length of %d exceeds limit of %d.", len(meta), MaxMetadataBytes)
	}
	return nil
}

// ValidateCacheTTL checks a get's cacheTtl (seconds): at least MinCacheTTL. The value has
// no other effect locally.
func ValidateCacheTTL(ttl int64) error {
	if ttl < MinCacheTTL {
		return errorf(400, "Invalid cache_ttl of %d. Cache TTL must be at least %d.", ttl, MinCacheTTL)
	}
	return nil
}

// validateListLimit checks a list limit; ≤ 0 means the default.
func validateListLimit(limit int) error {
	if limit > MaxListLimit {
		return errorf(400, "Invalid key_count_limit of %d. Please specify an integer less than %d.", limit, MaxListLimit)
	}
	return nil
}

// expiryMs resolves put options into an absolute expiry in milliseconds (0: none) at time
// nowMs, with the service's checks; the TTL is checked first and wins.
func expiryMs(opts PutOptions, nowMs int64) (int64, error) {
	nowSec := nowMs / 1000
	if opts.ExpirationTTL != nil {
		ttl := *opts.ExpirationTTL
		if ttl <= 0 {
			return 0, errorf(400, "Invalid expiration_ttl of %d. Please specify integer greater than 0.", ttl)
		}
		if ttl < MinExpirationTTL {
			return 0, errorf(400, "Invalid expiration_ttl of %d. Expiration TTL must be at least %d.", ttl, MinExpirationTTL)
		}
		return nowMs + ttl*1000, nil
	}
	if opts.Expiration != nil {
		exp := *opts.Expiration
		if exp <= nowSec {
			return 0, errorf(400, "Invalid expiration of %d. Please specify integer greater than the current number of seconds since the UNIX epoch.", exp)
		}
		if exp < nowSec+MinExpirationTTL {
			return 0, errorf(400, "Invalid expiration of %d. Expiration times must be at least %d seconds in the future.", exp, MinExpirationTTL)
		}
		return exp * 1000, nil
	}
	return 0, nil
}

// ErrNamespaceNotFound is returned for an id no namespace has.
var ErrNamespaceNotFound = &Error{Status: 404, Code: 10013, Message: "namespace not found"}

// errTitleExists is the refusal of a second namespace with the same title.
func errTitleExists(title string) error {
	return &Error{Status: 400, Code: 10014, Message: fmt.Sprintf("A KV namespace with the title %q already exists.", title)}
}

// validateTitle checks a namespace title: not empty, at most 512 characters.
func validateTitle(title string) error {
	if title == "" {
		return errorf(400, "Namespace title must not be empty")
	}
	if n := utf8.RuneCountInString(title); n > 512 {
		return errorf(400, "Namespace title must be 512 characters or less (current: %d)", n)
	}
	return nil
}
