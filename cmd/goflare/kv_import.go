package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/goflare/goflare/kvstore"
	"github.com/spf13/cobra"
)

// importMiniflareCommand is `goflare kv import-miniflare [DIR]`: the KV state wrangler dev
// (Miniflare) kept for the project's bindings, copied into goflare's, so a project that
// switches over keeps its local data.
func importMiniflareCommand(f *kvFlags, std streams) *cobra.Command {
	var ids []string
	cmd := &cobra.Command{
		Use:   "import-miniflare [dir]",
		Short: "Copy wrangler dev's (Miniflare's) local KV state into goflare's",
		Long: "Copies the KV entries wrangler dev kept (Miniflare's state: dir/v3/kv, where dir is the persist\n" +
			"directory, default .wrangler/state next to the config) into goflare's state, for each KV binding\n" +
			"of the config and each --namespace-id. Keys goflare already holds are overwritten; entries that\n" +
			"have expired, or expire within 60 seconds, are left out.",
		Args: positional(0, 1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withState(cmd, f, std, func(s *kvSession) error {
				dir := s.root
				if len(args) == 1 {
					dir = s.abs(args[0])
				}
				return s.importMiniflare(dir, ids)
			})
		},
	}
	cmd.Flags().StringArrayVar(&ids, "namespace-id", nil, "A namespace id to import besides the config's bindings (repeatable)")
	addPersistFlag(cmd, f)
	return cmd
}

// importMiniflare copies each namespace's Miniflare entries into the local state.
func (s *kvSession) importMiniflare(dir string, ids []string) error {
	kvDir := dir
	if _, err := os.Stat(filepath.Join(dir, "v3", "kv")); err == nil {
		kvDir = filepath.Join(dir, "v3", "kv")
	}
	if _, err := os.Stat(filepath.Join(kvDir, "miniflare-KVNamespaceObject")); err != nil {
		return fmt.Errorf("no Miniflare KV state in %s (wrangler dev keeps it in <persist>/v3/kv/miniflare-KVNamespaceObject)", dir)
	}
	for _, ns := range s.namespaces() {
		ids = append(ids, ns.DevID())
	}
	if len(ids) == 0 {
		return errors.New("No KV Namespaces configured! Either use --namespace-id to name one or add a KV namespace to your wrangler config file.")
	}
	minExp := time.Now().Unix() + kvstore.MinExpirationTTL
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		var entries []kvstore.PutEntry
		skipped := 0
		err := kvstore.ReadMiniflare(s.ctx(), kvDir, id, func(e kvstore.Entry) error {
			if e.Expiration != 0 && e.Expiration < minExp {
				skipped++
				return nil
			}
			p := kvstore.PutEntry{Key: e.Key, Value: bytes.NewReader(e.Value)}
			p.Metadata = e.Metadata
			if e.Expiration != 0 {
				exp := e.Expiration
				p.Expiration = &exp
			}
			entries = append(entries, p)
			return nil
		})
		if errors.Is(err, kvstore.ErrNoMiniflareState) {
			fmt.Fprintf(s.std.stdout, "Namespace %q: nothing to import (wrangler dev never wrote to it).\n", id)
			continue
		}
		if err != nil {
			return fmt.Errorf("namespace %q: %w", id, err)
		}
		if st, ok := s.store.(*kvstore.Store); ok {
			if err := st.EnsureNamespace(s.ctx(), id); err != nil {
				return err
			}
		}
		if err := s.store.PutBulk(s.ctx(), id, entries, nil); err != nil {
			return fmt.Errorf("namespace %q: %w", id, err)
		}
		note := ""
		if skipped > 0 {
			note = fmt.Sprintf(" (%d expired or expiring within 60 seconds left out)", skipped)
		}
		noun := "keys"
		if len(entries) == 1 {
			noun = "key"
		}
		fmt.Fprintf(s.std.stdout, "Namespace %q: imported %d %s%s.\n", id, len(entries), noun, note)
	}
	return nil
}
