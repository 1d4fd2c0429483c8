package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/goflare/goflare/kvstore"
	"github.com/spf13/cobra"
)

// maxListedProblems is how many bad items a bulk file error lists before "...".
const maxListedProblems = 12

// readJSONFile reads and parses a bulk input file (strict JSON, as wrangler's parseJSON).
func (s *kvSession) readJSONFile(name string) (any, error) {
	data, err := os.ReadFile(s.abs(name))
	if err != nil {
		return nil, fmt.Errorf("Could not read file: %s\n%v", name, err)
	}
	v, err := jsParse(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %v%s", name, err, jsonErrorLocation(name, data, err))
	}
	return v, nil
}

// jsonErrorLocation points at a JSON syntax error: file:line:column (column from 0, as
// wrangler prints it) and the line with a caret.
func jsonErrorLocation(name string, data []byte, err error) string {
	off := -1
	var syn *jsonSyntaxError
	if errors.As(err, &syn) {
		off = syn.offset
	}
	if off < 0 || off > len(data) {
		return ""
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	end := bytes.IndexByte(data[start:], '\n')
	if end < 0 {
		end = len(data) - start
	}
	text := string(data[start : start+end])
	col := off - start
	if len(text) > 200 {
		return fmt.Sprintf("\n  %s:%d:%d", name, line, col)
	}
	return fmt.Sprintf("\n  %s:%d:%d:\n    %d │ %s\n    %s ╵ %s^", name, line, col, line, text,
		strings.Repeat(" ", len(fmt.Sprint(line))), strings.Repeat(" ", col))
}

// kvKeyValueKeys are the properties of a bulk put item.
var kvKeyValueKeys = map[string]bool{"key": true, "value": true, "expiration": true, "expiration_ttl": true, "metadata": true, "base64": true}

// isKVKeyValue is wrangler's item check, except that metadata may be any JSON value
// (a worker may store a string or a number as metadata, and export must round-trip it).
func isKVKeyValue(v any) bool {
	o, ok := v.(*jsObject)
	if !ok {
		return false
	}
	has := func(name, typ string, required bool) bool {
		x, ok := o.get(name)
		if !ok {
			return !required
		}
		return jsTypeof(x) == typ
	}
	return has("key", "string", true) && has("value", "string", true) && has("expiration", "number", false) &&
		has("expiration_ttl", "number", false) && has("base64", "boolean", false)
}

func bulkPutCommand(f *kvFlags, std streams) *cobra.Command {
	var ignored keyPutFlags
	cmd := targetCommand{
		use: "put <filename>", short: "Upload multiple key-value pairs to a namespace",
		long: "Upload multiple key-value pairs to a namespace, all or nothing, from a JSON array of\n" +
			"{key, value, expiration?, expiration_ttl?, metadata?, base64?} objects (what kv export writes).",
		args: positional(1, 1), verb: "write to", writes: true,
		run: func(s *kvSession, args []string) error { return s.bulkPut(args[0]) },
	}.build(f, std)
	fl := cmd.Flags()
	fl.Float64Var(&ignored.ttl, "ttl", 0, "Ignored: each item's expiration_ttl is used")
	fl.Float64Var(&ignored.expiration, "expiration", 0, "Ignored: each item's expiration is used")
	fl.StringVar(&ignored.metadata, "metadata", "", "Ignored: each item's metadata is used")
	return cmd
}

func (s *kvSession) bulkPut(filename string) error {
	id, _, err := s.resolve(s.cmd.Flags().Changed("preview"))
	if err != nil {
		return err
	}
	content, err := s.readJSONFile(filename)
	if err != nil {
		return err
	}
	items, ok := content.([]any)
	if !ok {
		return fmt.Errorf("Unexpected JSON input from %q.\nExpected an array of key-value objects but got type %q.", filename, jsTypeof(content))
	}
	var problems, warnings []string
	for i, item := range items {
		if !isKVKeyValue(item) && len(problems) <= maxListedProblems {
			if len(problems) == maxListedProblems {
				problems = append(problems, "...")
			} else {
				problems = append(problems, fmt.Sprintf("The item at index %d is %s", i, jsStringify(item, "")))
			}
			continue
		}
		o, _ := item.(*jsObject)
		if o == nil || len(warnings) > maxListedProblems {
			continue
		}
		var extra []any
		for _, k := range o.ordered() {
			if !kvKeyValueKeys[k] {
				extra = append(extra, k)
			}
		}
		if len(extra) == 0 {
			continue
		}
		if len(warnings) == maxListedProblems {
			warnings = append(warnings, "...")
		} else {
			warnings = append(warnings, fmt.Sprintf("The item at index %d contains unexpected properties: %s.", i, jsStringify(extra, "")))
		}
	}
	if len(warnings) > 0 {
		printWarning(s.std.stderr, fmt.Sprintf("Unexpected key-value properties in %q.\n", filename)+strings.Join(warnings, "\n"))
	}
	if len(problems) > 0 {
		return errors.New(fmt.Sprintf("Unexpected JSON input from %q.\n"+
			"Each item in the array should be an object that matches:\n\n"+
			"interface KeyValue {\n  key: string;\n  value: string;\n  expiration?: number;\n  expiration_ttl?: number;\n  metadata?: object;\n  base64?: boolean;\n}\n\n",
			filename) + strings.Join(problems, "\n"))
	}
	entries := make([]kvstore.PutEntry, len(items))
	for i, item := range items {
		e, err := putEntry(item.(*jsObject))
		if err != nil {
			return fmt.Errorf("%v\nThe item at index %d (key %q) was refused, so nothing was written.", err, i, e.Key)
		}
		entries[i] = e
	}
	bar := newProgress(s.std.stderr, s.std.stderrTTY, "Writing", len(entries))
	err = s.store.PutBulk(s.ctx(), id, entries, bar.update)
	bar.finish()
	var ee *kvstore.EntryError
	if errors.As(err, &ee) {
		return fmt.Errorf("%v\nThe item at index %d (key %q) was refused, so nothing was written.", storeError("PUT", ee.Err), ee.Index, ee.Key)
	}
	if err != nil {
		return err
	}
	s.printf("Success!\n")
	return nil
}

// putEntry converts a checked bulk item into a write.
func putEntry(o *jsObject) (kvstore.PutEntry, error) {
	k, _ := o.get("key")
	v, _ := o.get("value")
	key, value := k.(string), v.(string)
	if err := validateKey("PUT", key); err != nil {
		return kvstore.PutEntry{Key: key}, err
	}
	b := kvstore.BulkEntry{Key: key, Value: &value}
	b.Base64, _ = o.vals["base64"].(bool)
	for _, n := range []struct {
		name string
		dst  **int64
	}{{"expiration", &b.Expiration}, {"expiration_ttl", &b.ExpirationTTL}} {
		if x, ok := o.get(n.name); ok {
			i, err := toInt32(x.(float64))
			if err != nil {
				return kvstore.PutEntry{Key: key}, err
			}
			*n.dst = &i
		}
	}
	if m, ok := o.get("metadata"); ok {
		b.Metadata = json.RawMessage(jsStringify(m, ""))
	}
	e, err := b.Put()
	e.Key = key
	return e, err
}

// readKeysFile reads a bulk get/delete file: an array of strings or {name} objects.
func (s *kvSession) readKeysFile(filename string) ([]string, error) {
	content, err := s.readJSONFile(filename)
	if err != nil {
		return nil, err
	}
	items, ok := content.([]any)
	if !ok {
		return nil, fmt.Errorf("Unexpected JSON input from %q.\nExpected an array of strings but got:\n%s", filename, jsToString(content))
	}
	var problems []string
	keys := make([]string, 0, len(items))
	for i, item := range items {
		key, ok := item.(string)
		if o, isObj := item.(*jsObject); isObj {
			n, _ := o.get("name")
			key, ok = n.(string)
		}
		if !ok {
			switch {
			case len(problems) < maxListedProblems:
				problems = append(problems, fmt.Sprintf("The item at index %d is type: %q - %s", i, jsTypeof(item), jsStringify(item, "")))
			case len(problems) == maxListedProblems:
				problems = append(problems, "...")
			}
			continue
		}
		keys = append(keys, key)
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("Unexpected JSON input from %q.\nExpected an array of strings or objects with a \"name\" key.\n%s", filename, strings.Join(problems, "\n"))
	}
	return keys, nil
}

func bulkGetCommand(f *kvFlags, std streams) *cobra.Command {
	return targetCommand{
		use: "get <filename>", short: "Gets multiple key-value pairs from a namespace",
		args: positional(1, 1), verb: "read from",
		run: func(s *kvSession, args []string) error { return s.bulkGet(args[0]) },
	}.build(f, std)
}

func (s *kvSession) bulkGet(filename string) error {
	id, _, err := s.resolve(true)
	if err != nil {
		return err
	}
	keys, err := s.readKeysFile(filename)
	if err != nil {
		return err
	}
	for _, k := range keys {
		if err := validateKey("GET", k); err != nil {
			return err
		}
	}
	out := newJSObject()
	bar := newProgress(s.std.stderr, s.std.stderrTTY, "Reading", len(keys))
	for start := 0; start < len(keys); start += kvstore.MaxBulkGet {
		batch := keys[start:min(start+kvstore.MaxBulkGet, len(keys))]
		values, err := s.store.GetMany(s.ctx(), id, batch, kvstore.GetManyText)
		if err != nil {
			return storeError("GET", err)
		}
		for _, k := range batch {
			entry := newJSObject()
			entry.set("value", nil)
			if v := values[k]; v != nil {
				b, err := v.Bytes()
				if err != nil {
					return err
				}
				entry.set("value", decodeUTF8(b))
			}
			out.set(k, entry)
		}
		bar.update(start + len(batch))
	}
	bar.finish()
	s.printf("%s\n\nSuccess!\n", jsStringify(out, "  "))
	return nil
}

func bulkDeleteCommand(f *kvFlags, std streams) *cobra.Command {
	var force bool
	cmd := targetCommand{
		use: "delete <filename>", short: "Delete multiple key-value pairs from a namespace",
		args: positional(1, 1), verb: "delete from", writes: true,
		run: func(s *kvSession, args []string) error { return s.bulkDelete(args[0], force) },
	}.build(f, std)
	cmd.Flags().BoolVarP(&force, "force", "f", false, "Do not ask for confirmation before deleting")
	return cmd
}

func (s *kvSession) bulkDelete(filename string, force bool) error {
	id, display, err := s.resolve(s.cmd.Flags().Changed("preview"))
	if err != nil {
		return err
	}
	if !force && !confirm(s.std, fmt.Sprintf("Are you sure you want to delete all the keys read from %q from kv-namespace %s?", filename, display)) {
		s.printf("Not deleting keys read from %q.\n", filename)
		return nil
	}
	keys, err := s.readKeysFile(filename)
	if err != nil {
		return err
	}
	bar := newProgress(s.std.stderr, s.std.stderrTTY, "Deleting", len(keys))
	err = s.store.DeleteBulk(s.ctx(), id, keys, bar.update)
	bar.finish()
	var ee *kvstore.EntryError
	if errors.As(err, &ee) {
		if kerr := validateKey("DELETE", ee.Key); kerr != nil {
			return fmt.Errorf("%v\nThe item at index %d was refused, so nothing was deleted.", kerr, ee.Index)
		}
		return storeError("DELETE", ee.Err)
	}
	if err != nil {
		return err
	}
	s.printf("Success!\n")
	return nil
}

func exportCommand(f *kvFlags, std streams) *cobra.Command {
	var prefix string
	cmd := targetCommand{
		use: "export", short: "Write every entry of a namespace to stdout, in the format kv bulk put reads",
		long: "Write every entry of a namespace to stdout as a JSON array in the format kv bulk put reads:\n" +
			"values that are not valid UTF-8 as base64, with their metadata and expiration, so that\n" +
			"`goflare kv export ... > dump.json` then `goflare kv bulk put dump.json ...` into an\n" +
			"empty namespace reproduces it.",
		args: positional(0, 0), verb: "export",
		run: func(s *kvSession, args []string) error { return s.export(prefix) },
	}.build(f, std)
	cmd.Flags().StringVar(&prefix, "prefix", "", "Only the keys that start with this prefix")
	return cmd
}

func (s *kvSession) export(prefix string) error {
	id, _, err := s.resolve(true)
	if err != nil {
		return err
	}
	bar := newProgress(s.std.stderr, false, "Exporting", 0)
	if s.std.stderrTTY {
		n, err := s.store.CountKeys(s.ctx(), id, prefix)
		if err != nil {
			return storeError("LIST", err)
		}
		bar = newProgress(s.std.stderr, true, "Exporting", n)
	}
	w := bufio.NewWriterSize(s.std.stdout, 256<<10)
	n := 0
	var line []byte
	err = s.store.Export(s.ctx(), id, prefix, func(e kvstore.Entry) error {
		line = line[:0]
		if n == 0 {
			line = append(line, "[\n  "...)
		} else {
			line = append(line, ",\n  "...)
		}
		line = appendExportEntry(line, e)
		n++
		bar.update(n)
		_, err := w.Write(line)
		return err
	})
	if err != nil {
		return storeError("LIST", err)
	}
	bar.finish()
	if n == 0 {
		w.WriteString("[]\n")
	} else {
		w.WriteString("\n]\n")
	}
	return w.Flush()
}

// appendExportEntry appends one entry as a bulk put item on one line, strings escaped as
// JSON.stringify escapes them.
func appendExportEntry(b []byte, e kvstore.Entry) []byte {
	be := kvstore.BulkEntryOf(e)
	b = append(b, `{"key":`...)
	b = append(b, jsQuote(be.Key)...)
	b = append(b, `,"value":`...)
	b = append(b, jsQuote(*be.Value)...)
	if be.Base64 {
		b = append(b, `,"base64":true`...)
	}
	if be.Expiration != nil {
		b = fmt.Appendf(b, `,"expiration":%d`, *be.Expiration)
	}
	if be.Metadata != nil {
		b = append(b, `,"metadata":`...)
		b = append(b, be.Metadata...)
	}
	return append(b, '}')
}
