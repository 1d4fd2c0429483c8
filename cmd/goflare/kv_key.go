package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/goflare/goflare/kvstore"
	"github.com/spf13/cobra"
)

// keyPutFlags are the flags of `kv key put` beyond the shared ones.
type keyPutFlags struct {
	path       string
	ttl        float64
	expiration float64
	metadata   string
}

func keyPutCommand(f *kvFlags, std streams) *cobra.Command {
	var p keyPutFlags
	cmd := targetCommand{
		use: "put <key> [value]", short: "Write a single key/value pair to the given namespace",
		args: positional(1, 2), verb: "write to", writes: true,
		check: func(cmd *cobra.Command, args []string) error {
			hasValue, hasPath := len(args) == 2, cmd.Flags().Changed("path")
			if hasValue && hasPath {
				return &usageError{cmd, "Arguments value and path are mutually exclusive"}
			}
			if !hasValue && !hasPath {
				return &usageError{cmd, "Exactly one of the arguments value and path is required"}
			}
			return nil
		},
		run: func(s *kvSession, args []string) error { return s.keyPut(args, p) },
	}.build(f, std)
	fl := cmd.Flags()
	fl.StringVar(&p.path, "path", "", "Read value from the file at a given path")
	fl.Float64Var(&p.ttl, "ttl", 0, "Time for which the entries should be visible")
	fl.Float64Var(&p.expiration, "expiration", 0, "Time since the UNIX epoch after which the entry expires")
	fl.StringVar(&p.metadata, "metadata", "", "Arbitrary JSON that is associated with a key")
	return cmd
}

func (s *kvSession) keyPut(args []string, p keyPutFlags) error {
	id, display, err := s.resolve(s.cmd.Flags().Changed("preview"))
	if err != nil {
		return err
	}
	key := args[0]
	var opts kvstore.PutOptions
	meta := ""
	if s.cmd.Flags().Changed("metadata") {
		v, err := jsParse([]byte(p.metadata))
		if err != nil {
			return fmt.Errorf("--metadata is not valid JSON: %v\nIt was: %s", err, p.metadata)
		}
		opts.Metadata = jsStringify(v, "")
		meta = " with metadata \"" + opts.Metadata + "\""
	}
	var value []byte
	if len(args) == 2 {
		value = []byte(args[1])
		s.printf("Writing the value \"%s\" to key \"%s\" on namespace %s%s.\n", args[1], key, display, meta)
	} else {
		s.printf("Writing the contents of %s to the key \"%s\" on namespace %s%s.\n", p.path, key, display, meta)
		if value, err = os.ReadFile(s.abs(p.path)); err != nil {
			return err
		}
	}
	if err := validateKey("PUT", key); err != nil {
		return err
	}
	for _, n := range []struct {
		name string
		v    float64
		dst  **int64
	}{{"ttl", p.ttl, &opts.ExpirationTTL}, {"expiration", p.expiration, &opts.Expiration}} {
		if s.cmd.Flags().Changed(n.name) {
			i, err := toInt32(n.v)
			if err != nil {
				return err
			}
			*n.dst = &i
		}
	}
	return storeError("PUT", s.store.Put(s.ctx(), id, key, bytes.NewReader(value), opts))
}

func keyGetCommand(f *kvFlags, std streams) *cobra.Command {
	var text bool
	cmd := targetCommand{
		use: "get <key>", short: "Read a single value by key from the given namespace",
		args: positional(1, 1), verb: "read from",
		run: func(s *kvSession, args []string) error { return s.keyGet(args[0], text) },
	}.build(f, std)
	cmd.Flags().BoolVar(&text, "text", false, "Decode the returned value as a utf8 string")
	return cmd
}

func (s *kvSession) keyGet(key string, text bool) error {
	id, _, err := s.resolve(true)
	if err != nil {
		return err
	}
	if err := validateKey("GET", key); err != nil {
		return err
	}
	v, err := s.store.Get(s.ctx(), id, key)
	if err != nil {
		return storeError("GET", err)
	}
	if v == nil {
		s.printf("Value not found\n")
		return nil
	}
	b, err := v.Bytes()
	if err != nil {
		return err
	}
	if text {
		s.printf("%s\n", decodeUTF8(b))
		return nil
	}
	_, err = s.std.stdout.Write(b)
	return err
}

// decodeUTF8 decodes bytes as TextDecoder does: each invalid sequence becomes U+FFFD.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return strings.ToValidUTF8(string(b), "\uFFFD")
}

func keyListCommand(f *kvFlags, std streams) *cobra.Command {
	var prefix string
	cmd := targetCommand{
		use: "list", short: "Output a list of all keys in a given namespace",
		args: positional(0, 0), verb: "list",
		run: func(s *kvSession, args []string) error { return s.keyList(prefix) },
	}.build(f, std)
	cmd.Flags().StringVar(&prefix, "prefix", "", "A prefix to filter listed keys")
	return cmd
}

// keyList prints every key (following the cursor, unlike wrangler's first page only).
func (s *kvSession) keyList(prefix string) error {
	id, _, err := s.resolve(true)
	if err != nil {
		return err
	}
	keys := []any{}
	cursor := ""
	for {
		res, err := s.store.List(s.ctx(), id, kvstore.ListOptions{Prefix: prefix, Cursor: cursor})
		if err != nil {
			return storeError("LIST", err)
		}
		for _, k := range res.Keys {
			o := newJSObject()
			o.set("name", k.Name)
			if k.Expiration != 0 {
				o.set("expiration", float64(k.Expiration))
			}
			if k.Metadata != "" {
				o.set("metadata", parseStored(k.Metadata))
			}
			keys = append(keys, o)
		}
		if res.Complete {
			break
		}
		cursor = res.Cursor
	}
	s.printf("%s\n", jsStringify(keys, "  "))
	return nil
}

// parseStored parses metadata JSON text from the state; text that is somehow not JSON
// is shown as a string rather than lost.
func parseStored(meta string) any {
	v, err := jsParse([]byte(meta))
	if err != nil {
		return meta
	}
	return v
}

func keyDeleteCommand(f *kvFlags, std streams) *cobra.Command {
	return targetCommand{
		use: "delete <key>", short: "Remove a single key value pair from the given namespace",
		args: positional(1, 1), verb: "delete from", writes: true,
		run: func(s *kvSession, args []string) error {
			id, display, err := s.resolve(s.cmd.Flags().Changed("preview"))
			if err != nil {
				return err
			}
			s.printf("Deleting the key \"%s\" on namespace %s.\n", args[0], display)
			if err := validateKey("DELETE", args[0]); err != nil {
				return err
			}
			return storeError("DELETE", s.store.Delete(s.ctx(), id, args[0]))
		},
	}.build(f, std)
}
