package kvstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// GetManyType is how a bulk get decodes values: "text" or "json".
type GetManyType string

// The types a bulk get accepts.
const (
	GetManyText GetManyType = "text"
	GetManyJSON GetManyType = "json"
)

// GetMany reads up to MaxBulkGet keys in one snapshot. The result maps each distinct key
// to its value, or to nil when missing or expired. The service's bulk rules apply: 1 to
// 100 keys, type text or json (for json every value must be JSON), each key valid, and a
// total size of at most 25 MiB.
func (s *Store) GetMany(ctx context.Context, ns string, keys []string, typ GetManyType) (map[string]*Value, error) {
	switch {
	case len(keys) > MaxBulkGet:
		return nil, errorf(400, "You can request a maximum of %d keys", MaxBulkGet)
	case len(keys) == 0:
		return nil, errorf(400, "You must request a minimum of 1 key")
	case typ != GetManyText && typ != GetManyJSON:
		return nil, errorf(400, "%q is not a valid type. Use \"json\" or \"text\"", string(typ))
	}
	for _, k := range keys {
		if err := ValidateKey(k); err != nil {
			return nil, err
		}
	}
	out := make(map[string]*Value, len(keys))
	var total int64
	err := s.read(ctx, func(tx *sql.Tx) error {
		now := s.nowMs()
		for _, k := range keys {
			if _, seen := out[k]; seen {
				continue
			}
			v, blob, err := s.getRow(ctx, tx, ns, k, now)
			if err != nil {
				return err
			}
			if v != nil {
				total += v.Size
				if total > MaxValueBytes {
					return errorf(413, "Total size of request exceeds the limit of 25MB")
				}
				if blob.Valid {
					chunks, err := s.readBlob(ctx, tx, blob.Int64)
					if err != nil {
						return err
					}
					v.r = chunksReader(chunks)
				}
			}
			out[k] = v
		}
		return nil
	})
	if err != nil {
		return nil, wrap("get many", err)
	}
	if typ == GetManyJSON {
		for k, v := range out {
			if v == nil {
				continue
			}
			b, err := v.Bytes()
			if err != nil {
				return nil, wrap("get many", err)
			}
			if !json.Valid(b) {
				return nil, errorf(400, "At least one of the requested keys corresponds to a non-json value")
			}
			v.inline, v.r = b, chunksReader([][]byte{b})
			out[k] = v
		}
	}
	return out, nil
}

// PutEntry is one write of a PutMany.
type PutEntry struct {
	Key   string
	Value io.Reader
	PutOptions
}

// PutMany writes up to MaxBulkWrite entries, all or nothing: every entry is checked and
// read first, then all are written in one transaction.
func (s *Store) PutMany(ctx context.Context, ns string, entries []PutEntry) error {
	if len(entries) > MaxBulkWrite {
		return errorf(400, "You can write a maximum of %d keys at once (got %d)", MaxBulkWrite, len(entries))
	}
	err := s.PutBulk(ctx, ns, entries, nil)
	var ee *EntryError
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}

// EntryError is the refusal of one entry of a bulk write, which then writes nothing.
type EntryError struct {
	// Index is the entry's position in the slice given.
	Index int
	Key   string
	// Err is the refusal, an *Error.
	Err error
}

func (e *EntryError) Error() string {
	return fmt.Sprintf("entry %d (key %q): %v", e.Index, e.Key, e.Err)
}

// Unwrap returns the refusal.
func (e *EntryError) Unwrap() error { return e.Err }

// PutBulk writes any number of entries in one transaction, all or nothing, for imports
// (the CLI's bulk put): every entry is checked and read first, and the first bad one is
// reported as an *EntryError. progress, when not nil, is called with the number written
// so far as the transaction goes on.
func (s *Store) PutBulk(ctx context.Context, ns string, entries []PutEntry, progress func(done int)) error {
	type prepared struct {
		key   string
		data  *valueData
		expMs int64
		meta  string
	}
	now := s.nowMs()
	ready := make([]prepared, len(entries))
	for i, e := range entries {
		refuse := func(err error) error { return &EntryError{Index: i, Key: e.Key, Err: err} }
		if err := ValidateKey(e.Key); err != nil {
			return refuse(err)
		}
		exp, err := expiryMs(e.PutOptions, now)
		if err != nil {
			return refuse(err)
		}
		if err := validateMetadata(e.Metadata); err != nil {
			return refuse(err)
		}
		data, err := readValue(e.Value)
		if err != nil {
			if _, ok := AsError(err); ok {
				return refuse(err)
			}
			return wrap("put many: read value", err)
		}
		ready[i] = prepared{e.Key, data, exp, e.Metadata}
	}
	return wrap("put many", s.write(ctx, func(tx *sql.Tx) error {
		if err := s.ensureNamespace(ctx, tx, ns, now); err != nil {
			return err
		}
		for i, p := range ready {
			if err := s.putEntry(ctx, tx, ns, p.key, p.data, p.expMs, p.meta); err != nil {
				return err
			}
			if progress != nil && (i+1)%progressStep == 0 {
				progress(i + 1)
			}
		}
		if progress != nil {
			progress(len(ready))
		}
		return nil
	}))
}

// progressStep is how many entries a bulk operation handles between progress calls.
const progressStep = 100

// DeleteMany removes up to MaxBulkWrite keys, all or nothing. Missing keys are fine.
func (s *Store) DeleteMany(ctx context.Context, ns string, keys []string) error {
	if len(keys) > MaxBulkWrite {
		return errorf(400, "You can delete a maximum of %d keys at once (got %d)", MaxBulkWrite, len(keys))
	}
	err := s.DeleteBulk(ctx, ns, keys, nil)
	var ee *EntryError
	if errors.As(err, &ee) {
		return ee.Err
	}
	return err
}

// DeleteBulk removes any number of keys in one transaction, all or nothing; a bad key is
// reported as an *EntryError. Missing keys are fine. progress is as for PutBulk.
func (s *Store) DeleteBulk(ctx context.Context, ns string, keys []string, progress func(done int)) error {
	for i, k := range keys {
		if err := ValidateKey(k); err != nil {
			return &EntryError{Index: i, Key: k, Err: err}
		}
	}
	return wrap("delete many", s.write(ctx, func(tx *sql.Tx) error {
		for i, k := range keys {
			if err := s.deleteEntry(ctx, tx, ns, k); err != nil {
				return err
			}
			if progress != nil && (i+1)%progressStep == 0 {
				progress(i + 1)
			}
		}
		if progress != nil {
			progress(len(keys))
		}
		return nil
	}))
}

// PurgeExpired deletes every entry that has expired, with its value, and returns how many.
// Reads never see expired entries anyway; this only reclaims space.
func (s *Store) PurgeExpired(ctx context.Context) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := s.nowMs()
		res, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE expiration_ms <= ?`, now)
		if err != nil {
			return err
		}
		c, _ := res.RowsAffected()
		n = int(c)
		return nil
	})
	return n, wrap("purge", err)
}
