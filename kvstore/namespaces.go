package kvstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
)

// Namespace is one entry of the namespace registry.
type Namespace struct {
	ID    string
	Title string
}

// CreateNamespace registers a namespace with a new 32-hex-digit id and the given title,
// which no other namespace may have.
func (s *Store) CreateNamespace(ctx context.Context, title string) (Namespace, error) {
	if err := validateTitle(title); err != nil {
		return Namespace{}, err
	}
	b := make([]byte, 16)
	rand.Read(b)
	ns := Namespace{ID: hex.EncodeToString(b), Title: title}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if taken, err := titleTaken(ctx, tx, title, ""); err != nil || taken {
			if taken {
				return errTitleExists(title)
			}
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO namespaces(id, title, created_ms) VALUES (?, ?, ?)`,
			ns.ID, ns.Title, s.nowMs())
		return err
	})
	return ns, wrap("create namespace", err)
}

// EnsureNamespace registers namespace id unless it exists, titled with its id (or the id
// and a number, should that title be taken): wrangler's local mode creates a namespace a
// binding refers to on first use.
func (s *Store) EnsureNamespace(ctx context.Context, id string) error {
	return wrap("ensure namespace", s.write(ctx, func(tx *sql.Tx) error {
		return s.ensureNamespace(ctx, tx, id, s.nowMs())
	}))
}

func (s *Store) ensureNamespace(ctx context.Context, tx *sql.Tx, id string, nowMs int64) error {
	var exists int
	err := in(ctx, tx, s.st.namespaceExists).QueryRowContext(ctx, id).Scan(&exists)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	title := id
	for n := 2; ; n++ {
		taken, err := titleTaken(ctx, tx, title, "")
		if err != nil {
			return err
		}
		if !taken {
			break
		}
		title = fmt.Sprintf("%s (%d)", id, n)
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO namespaces(id, title, created_ms) VALUES (?, ?, ?)`, id, title, nowMs)
	return err
}

// titleTaken reports whether a namespace other than except has title.
func titleTaken(ctx context.Context, tx *sql.Tx, title, except string) (bool, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM namespaces WHERE title = ? AND id <> ?`, title, except).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// ListNamespaces returns every namespace, sorted by title.
func (s *Store) ListNamespaces(ctx context.Context) ([]Namespace, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, title FROM namespaces ORDER BY title`)
	if err != nil {
		return nil, wrap("list namespaces", err)
	}
	defer rows.Close()
	out := []Namespace{}
	for rows.Next() {
		var ns Namespace
		if err := rows.Scan(&ns.ID, &ns.Title); err != nil {
			return nil, wrap("list namespaces", err)
		}
		out = append(out, ns)
	}
	return out, wrap("list namespaces", rows.Err())
}

// GetNamespace returns namespace id, or ErrNamespaceNotFound.
func (s *Store) GetNamespace(ctx context.Context, id string) (Namespace, error) {
	ns := Namespace{ID: id}
	err := s.db.QueryRowContext(ctx, `SELECT title FROM namespaces WHERE id = ?`, id).Scan(&ns.Title)
	if errors.Is(err, sql.ErrNoRows) {
		return Namespace{}, ErrNamespaceNotFound
	}
	return ns, wrap("get namespace", err)
}

// RenameNamespace gives namespace id a new title, which no other namespace may have.
func (s *Store) RenameNamespace(ctx context.Context, id, title string) (Namespace, error) {
	if err := validateTitle(title); err != nil {
		return Namespace{}, err
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if taken, err := titleTaken(ctx, tx, title, id); err != nil || taken {
			if taken {
				return errTitleExists(title)
			}
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE namespaces SET title = ? WHERE id = ?`, title, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNamespaceNotFound
		}
		return nil
	})
	return Namespace{ID: id, Title: title}, wrap("rename namespace", err)
}

// DeleteNamespace removes namespace id with all its entries and their values.
func (s *Store) DeleteNamespace(ctx context.Context, id string) error {
	return wrap("delete namespace", s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM namespaces WHERE id = ?`, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNamespaceNotFound
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM entries WHERE namespace_id = ?`, id)
		return err
	}))
}

// Clear removes every entry of namespace ns, keeping the namespace.
func (s *Store) Clear(ctx context.Context, ns string) error {
	return wrap("clear", s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM entries WHERE namespace_id = ?`, ns)
		return err
	}))
}

// ClearAll removes every entry and every namespace: the state as new.
func (s *Store) ClearAll(ctx context.Context) error {
	return wrap("clear all", s.write(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM entries`, `DELETE FROM blob_chunks`, `DELETE FROM namespaces`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}))
}
