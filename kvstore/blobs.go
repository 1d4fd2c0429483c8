package kvstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"io"
)

const (
	// inlineMax is the largest value stored in its entry row.
	inlineMax = 1024
	// chunkSize is the size of one blob_chunks row.
	chunkSize = 256 << 10
	// drainMax bounds how far past the limit an oversized stream is read to report its
	// exact length; beyond it the length so far is reported.
	drainMax = 4 * MaxValueBytes
)

// valueData is a value read from a stream: in memory as the chunks it will be stored in,
// never concatenated.
type valueData struct {
	chunks [][]byte
	size   int64
}

// readValue reads r to the end, counting: a value over MaxValueBytes is refused as soon
// as the count passes the limit, without keeping what follows (the rest is only counted,
// up to drainMax, so the error names the real length when it can).
func readValue(r io.Reader) (*valueData, error) {
	if r == nil {
		return &valueData{}, nil
	}
	if l, ok := r.(interface{ Len() int }); ok && int64(l.Len()) > MaxValueBytes {
		return nil, errValueTooLarge(int64(l.Len()))
	}
	v := &valueData{}
	// Small values are the common case: start small (or at the known length) and grow to
	// a full chunk, rather than allocate 256 KiB for 100 bytes.
	first := 512
	if l, ok := r.(interface{ Len() int }); ok {
		first = max(1, min(l.Len(), chunkSize))
	}
	buf := make([]byte, 0, first)
	for {
		if len(buf) == cap(buf) {
			if cap(buf) >= chunkSize {
				v.chunks = append(v.chunks, buf)
				buf = make([]byte, 0, chunkSize)
			} else {
				grown := make([]byte, len(buf), min(2*cap(buf), chunkSize))
				copy(grown, buf)
				buf = grown
			}
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		v.size += int64(n)
		if v.size > MaxValueBytes {
			extra, _ := io.Copy(io.Discard, io.LimitReader(r, drainMax))
			return nil, errValueTooLarge(v.size + extra)
		}
		if errors.Is(err, io.EOF) {
			if len(buf) > 0 {
				v.chunks = append(v.chunks, buf)
			}
			return v, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// inline returns the value as one slice when it is small enough to live in its row.
func (v *valueData) inline() ([]byte, bool) {
	if v.size > inlineMax {
		return nil, false
	}
	if len(v.chunks) == 0 {
		return []byte{}, true
	}
	return v.chunks[0], true
}

// writeBlob stores v's chunks under a new blob id and returns it.
func writeBlob(ctx context.Context, tx *sql.Tx, v *valueData) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(blob_id), 0) + 1 FROM blob_chunks`).Scan(&id); err != nil {
		return 0, err
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO blob_chunks(blob_id, seq, data) VALUES (?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	for i, c := range v.chunks {
		if _, err := stmt.ExecContext(ctx, id, i, c); err != nil {
			return 0, err
		}
	}
	return id, nil
}

// readBlob reads every chunk of blob id, in order.
func (s *Store) readBlob(ctx context.Context, tx *sql.Tx, id int64) ([][]byte, error) {
	rows, err := in(ctx, tx, s.st.blobChunks).QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var chunks [][]byte
	for rows.Next() {
		// modernc.org/sqlite hands each row a freshly allocated copy of the blob, so
		// keeping the RawBytes spares database/sql's second copy of a 25 MiB value.
		var c sql.RawBytes
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		chunks = append(chunks, c)
	}
	return chunks, rows.Err()
}

// chunksReader reads a sequence of byte slices without copying them together.
func chunksReader(chunks [][]byte) io.Reader {
	switch len(chunks) {
	case 0:
		return bytes.NewReader(nil)
	case 1:
		return bytes.NewReader(chunks[0])
	}
	rs := make([]io.Reader, len(chunks))
	for i, c := range chunks {
		rs[i] = bytes.NewReader(c)
	}
	return io.MultiReader(rs...)
}
