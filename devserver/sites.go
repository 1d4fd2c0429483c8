package devserver

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/goflare/goflare/bindings/assets"
	"github.com/goflare/goflare/config"
	"github.com/goflare/goflare/kvstore"
)

// SiteNamespace is the KV namespace Workers Sites serve from: a goflare namespace like
// any other, so `goflare kv` and the REST API see the files in it.
const SiteNamespace = "__STATIC_CONTENT"

// siteManifestModule is the module a module worker imports the manifest from.
const siteManifestModule = "__STATIC_CONTENT_MANIFEST"

// syncSite puts the site's files into SiteNamespace under content-hashed keys, as
// `wrangler deploy` uploads them (dir/name.HASH.ext), and returns the manifest (each
// file's path to its key) and the keys no file has any more. Files are those `wrangler
// deploy` uploads: not node_modules, not hidden ones but .well-known, and only those that
// include (when given) and exclude let through.
func (s *Server) syncSite(ctx context.Context, site *config.Site) (manifest map[string]string, stale []string, err error) {
	include, exclude := assets.NewIgnore(site.Include...), assets.NewIgnore(site.Exclude...)
	manifest = map[string]string{}
	values := map[string][]byte{}
	err = filepath.WalkDir(site.Bucket, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != site.Bucket && (name == "node_modules" || strings.HasPrefix(name, ".") && name != ".well-known") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(site.Bucket, p)
		rel = filepath.ToSlash(rel)
		if len(site.Include) > 0 && !include.Ignored(rel) || exclude.Ignored(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		key := siteKey(rel, data)
		manifest[rel] = key
		values[key] = data
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	if err := s.store.EnsureNamespace(ctx, SiteNamespace); err != nil {
		return nil, nil, err
	}
	have := map[string]bool{}
	cursor := ""
	for {
		page, err := s.store.List(ctx, SiteNamespace, kvstore.ListOptions{Cursor: cursor})
		if err != nil {
			return nil, nil, err
		}
		for _, k := range page.Keys {
			have[k.Name] = true
		}
		if page.Complete {
			break
		}
		cursor = page.Cursor
	}
	var batch []kvstore.PutEntry
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := s.store.PutMany(ctx, SiteNamespace, batch)
		batch = batch[:0]
		return err
	}
	for key, data := range values {
		if have[key] {
			continue // content-addressed: the same key holds the same bytes
		}
		batch = append(batch, kvstore.PutEntry{Key: key, Value: bytes.NewReader(data)})
		if len(batch) == 100 {
			if err := flush(); err != nil {
				return nil, nil, err
			}
		}
	}
	if err := flush(); err != nil {
		return nil, nil, err
	}
	for key := range have {
		if _, ok := values[key]; !ok {
			stale = append(stale, key)
		}
	}
	return manifest, stale, nil
}

// siteKey is a file's key: its path with the first 10 hex digits of a hash of its bytes
// before the extension, as wrangler names uploaded site files (its hash is xxHash64's,
// this one SHA-256's: only the changing matters).
func siteKey(rel string, data []byte) string {
	sum := sha256.Sum256(data)
	ext := path.Ext(rel)
	base := strings.TrimSuffix(rel, ext)
	return base + "." + hex.EncodeToString(sum[:])[:10] + ext
}

// pruneSite deletes the keys no file has any more.
func (s *Server) pruneSite(ctx context.Context, stale []string) {
	for len(stale) > 0 {
		n := min(len(stale), 1000)
		s.store.DeleteMany(ctx, SiteNamespace, stale[:n])
		stale = stale[n:]
	}
}

// manifestSource is the manifest module: its JSON text as the default export, as
// wrangler provides it.
func manifestSource(manifest map[string]string) (string, string) {
	text, _ := json.Marshal(manifest)
	quoted, _ := json.Marshal(string(text))
	return string(text), "export default " + string(quoted) + ";\n"
}
