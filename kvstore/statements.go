package kvstore

import (
	"context"
	"database/sql"
)

// statements are the hot queries, prepared once per Open (database/sql then keeps one
// prepared copy per connection): parsing SQL costs more than running these.
type statements struct {
	getRow, upsertEntry, deleteEntry, namespaceExists, blobChunks *sql.Stmt
}

const (
	sqlGetRow = `SELECT size, value, blob_id, metadata, expiration_ms FROM entries
		WHERE namespace_id = ? AND key = ? AND (expiration_ms IS NULL OR expiration_ms > ?)`
	// An update in place is cheaper than a delete and an insert in the B-tree.
	sqlUpsertEntry = `INSERT INTO entries(namespace_id, key, expiration_ms, metadata, size, value, blob_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT(namespace_id, key) DO UPDATE SET expiration_ms = excluded.expiration_ms,
			metadata = excluded.metadata, size = excluded.size, value = excluded.value, blob_id = excluded.blob_id`
	sqlDeleteEntry     = `DELETE FROM entries WHERE namespace_id = ? AND key = ?`
	sqlNamespaceExists = `SELECT 1 FROM namespaces WHERE id = ?`
	sqlBlobChunks      = `SELECT data FROM blob_chunks WHERE blob_id = ? ORDER BY seq`
)

func prepare(ctx context.Context, db *sql.DB) (*statements, error) {
	st := &statements{}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.getRow, sqlGetRow},
		{&st.upsertEntry, sqlUpsertEntry},
		{&st.deleteEntry, sqlDeleteEntry},
		{&st.namespaceExists, sqlNamespaceExists},
		{&st.blobChunks, sqlBlobChunks},
	} {
		stmt, err := db.PrepareContext(ctx, p.sql)
		if err != nil {
			st.close()
			return nil, err
		}
		*p.dst = stmt
	}
	return st, nil
}

func (st *statements) close() {
	for _, s := range []*sql.Stmt{st.getRow, st.upsertEntry, st.deleteEntry, st.namespaceExists, st.blobChunks} {
		if s != nil {
			s.Close()
		}
	}
}

// in returns stmt bound to tx.
func in(ctx context.Context, tx *sql.Tx, stmt *sql.Stmt) *sql.Stmt { return tx.StmtContext(ctx, stmt) }
