package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Options configures a Site.
type Options struct {
	// Dir is the absolute assets directory.
	Dir string
	// HTMLHandling and NotFoundHandling are the config's ("" for the defaults).
	HTMLHandling, NotFoundHandling string
	// CompatibilityDate and CompatibilityFlags decide the asset worker's own flags
	// (a navigation prefers asset serving from 2025-04-01).
	CompatibilityDate  string
	CompatibilityFlags []string
	// HasWorker is false for an assets-only project: every request is the assets'.
	HasWorker bool
	// RunWorkerFirst sends every request to the worker (run_worker_first = true).
	RunWorkerFirst bool
	// RunWorkerFirstRules are run_worker_first's patterns ("/api/*", "!/api/docs/*").
	RunWorkerFirstRules []string
	// Log receives the "[goflare:info]" lines about _headers and _redirects (as wrangler
	// dev prints them), Warn the "[goflare:warn]" ones; nil for none.
	Log, Warn io.Writer
}

// Limits wrangler dev checks the directory against, with its messages.
const (
	maxAssetCount = 100_000
	maxAssetSize  = 25 << 20
)

// Site serves a directory as Cloudflare's asset worker does, and decides as its router
// worker does which requests the worker sees. Files are looked up on disk at each
// request, so a file added, changed or deleted is served so at once; _headers,
// _redirects and .assetsignore are read again when they change.
type Site struct {
	opts                   Options
	navigationPrefersAsset bool
	// userFirst and assetFirst are run_worker_first's patterns and its negated ones.
	userFirst, assetFirst []*regexp.Regexp

	mu    sync.Mutex
	rules *siteRules
}

// siteRules is what the rule files said, with the files' stamps when read.
type siteRules struct {
	stamp     string
	ignore    *Ignore
	headers   []headerRule
	headerRe  []compiledRule
	static    map[string]redirectRule
	dynamic   []redirectRule
	dynamicRe []compiledRule
}

// New checks the directory as wrangler dev does (the file count and size limits) and
// reads its rule files.
func New(opts Options) (*Site, error) {
	if opts.HTMLHandling == "" {
		opts.HTMLHandling = "auto-trailing-slash"
	}
	if opts.NotFoundHandling == "" {
		opts.NotFoundHandling = "none"
	}
	s := &Site{opts: opts, navigationPrefersAsset: navigationFlag(opts.CompatibilityDate, opts.CompatibilityFlags)}
	for _, r := range opts.RunWorkerFirstRules {
		if rest, ok := strings.CutPrefix(r, "!"); ok {
			s.assetFirst = append(s.assetFirst, staticGlob(rest))
		} else {
			s.userFirst = append(s.userFirst, staticGlob(r))
		}
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	s.currentRules()
	return s, nil
}

// navigationFlag is assets_navigation_prefers_asset_serving: on from 2025-04-01 unless
// assets_navigation_has_no_effect, or by name.
func navigationFlag(date string, flags []string) bool {
	for _, f := range flags {
		switch f {
		case "assets_navigation_prefers_asset_serving":
			return true
		case "assets_navigation_has_no_effect":
			return false
		}
	}
	if date == "" {
		date = "2021-11-02"
	}
	return date >= "2025-04-01"
}

// Dir is the assets directory.
func (s *Site) Dir() string { return s.opts.Dir }

// check walks the directory for wrangler's limits.
func (s *Site) check() error {
	ig := s.readIgnore()
	count := 0
	err := filepath.WalkDir(s.opts.Dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(s.opts.Dir, path)
		if ig.Ignored(filepath.ToSlash(rel)) {
			return nil
		}
		st, err := os.Stat(path)
		if err != nil || st.IsDir() {
			return nil
		}
		if st.Size() > maxAssetSize {
			return fmt.Errorf("Asset too large.\nCloudflare Workers supports assets with sizes of up to %s. We found a file %s with a size of %s.\nEnsure all assets in your assets directory \"%s\" conform with the Workers maximum size requirement.", prettyBytes(maxAssetSize), path, prettyBytes(st.Size()), s.opts.Dir)
		}
		count++
		return nil
	})
	if err != nil {
		return err
	}
	if count > maxAssetCount {
		return fmt.Errorf("Maximum number of assets exceeded.\nCloudflare Workers supports up to %s assets in a version. We found %s files in the specified assets directory \"%s\".\nEnsure your assets directory contains a maximum of %s files, and that you have specified your assets directory correctly.", english.Sprint(maxAssetCount), english.Sprint(count), s.opts.Dir, english.Sprint(maxAssetCount))
	}
	return nil
}

// prettyBytes is the pretty-bytes package's binary form (25 MiB, 26.2 MiB).
func prettyBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f := float64(n)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	// toPrecision(3), then printed as the number it is.
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 3, 64), 64)
	return strconv.FormatFloat(v, 'f', -1, 64) + " " + units[i]
}

// The rule files, which are never served.
const (
	headersFile   = "_headers"
	redirectsFile = "_redirects"
	ignoreFile    = ".assetsignore"
)

// readIgnore is the directory's ignore list: the rule files always, and .assetsignore's
// patterns.
func (s *Site) readIgnore() *Ignore {
	ig := NewIgnore("/"+ignoreFile, "/"+redirectsFile, "/"+headersFile)
	if b, err := os.ReadFile(filepath.Join(s.opts.Dir, ignoreFile)); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			ig.Add(line)
		}
	}
	return ig
}

// stampOf is the rule files' sizes and times, to see when one changed.
func (s *Site) stampOf() string {
	var b strings.Builder
	for _, name := range []string{headersFile, redirectsFile, ignoreFile} {
		if st, err := os.Stat(filepath.Join(s.opts.Dir, name)); err == nil {
			fmt.Fprintf(&b, "%s:%d:%d;", name, st.Size(), st.ModTime().UnixNano())
		}
	}
	return b.String()
}

// currentRules reads the rule files again when they changed since last read.
func (s *Site) currentRules() *siteRules {
	stamp := s.stampOf()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rules != nil && s.rules.stamp == stamp {
		return s.rules
	}
	r := &siteRules{stamp: stamp, ignore: s.readIgnore(), static: map[string]redirectRule{}}
	if b, err := os.ReadFile(filepath.Join(s.opts.Dir, redirectsFile)); err == nil {
		rules, invalid := parseRedirects(string(b), s.opts.HTMLHandling)
		s.report("redirect", filepath.Join(s.opts.Dir, redirectsFile), len(rules), invalid)
		canStatic := true
		for _, rule := range rules {
			if !strings.Contains(rule.from, "*") && !placeholderRegex.MatchString(rule.from) {
				if canStatic {
					r.static[rule.from] = rule
					continue
				}
				s.logf("info", "The redirect rule %s → %d %s could be made more performant by bringing it above any lines with splats or placeholders.", rule.from, rule.status, rule.to)
			}
			canStatic = false
			if c, ok := compileRule(rule.from); ok {
				r.dynamic = append(r.dynamic, rule)
				r.dynamicRe = append(r.dynamicRe, c)
			}
		}
	}
	if b, err := os.ReadFile(filepath.Join(s.opts.Dir, headersFile)); err == nil {
		rules, invalid := parseHeaders(string(b))
		s.report("header", filepath.Join(s.opts.Dir, headersFile), len(rules), invalid)
		for _, rule := range rules {
			if c, ok := compileRule(rule.path); ok {
				r.headers = append(r.headers, rule)
				r.headerRe = append(r.headerRe, c)
			}
		}
	}
	s.rules = r
	return r
}

// report prints what constructRedirects and constructHeaders print.
func (s *Site) report(kind, file string, valid int, invalid []invalidRule) {
	plural := func(n int) string {
		if n == 1 {
			return ""
		}
		return "s"
	}
	s.logf("info", "✨ Parsed %d valid %s rule%s.", valid, kind, plural(valid))
	if len(invalid) == 0 {
		return
	}
	rel := file
	if cwd, err := os.Getwd(); err == nil {
		if r, err := filepath.Rel(cwd, file); err == nil {
			rel = r
		}
	}
	var list strings.Builder
	for _, in := range invalid {
		fmt.Fprintf(&list, "▶︎ %s\n", in.message)
		if in.line != "" {
			at := ""
			if in.lineNumber != 0 {
				at = ":" + strconv.Itoa(in.lineNumber)
			}
			fmt.Fprintf(&list, "    at %s%s | %s\n\n", rel, at, in.line)
		}
	}
	s.logf("warn", "Found %d invalid %s rule%s:\n%s", len(invalid), kind, plural(len(invalid)), list.String())
}

func (s *Site) logf(level, format string, args ...any) {
	out := s.opts.Log
	if level == "warn" {
		out = s.opts.Warn
	}
	if out != nil {
		fmt.Fprintf(out, "[goflare:"+level+"] "+format+"\n", args...)
	}
}

// asset is a file the site serves.
type asset struct {
	path        string // on disk
	eTag        string
	contentType string
	size        int64
}

// lookup is the asset at a decoded pathname ("/blog/index.html"), if there is one: a
// regular file under the directory that no ignore rule hides.
func (s *Site) lookup(r *siteRules, pathname string) *asset {
	if !strings.HasPrefix(pathname, "/") || strings.ContainsRune(pathname, 0) || strings.Contains(pathname, "\\") {
		return nil
	}
	rel := pathname[1:]
	for _, seg := range strings.Split(rel, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return nil
		}
	}
	if r.ignore.Ignored(rel) {
		return nil
	}
	file := filepath.Join(s.opts.Dir, filepath.FromSlash(rel))
	st, err := os.Stat(file)
	if err != nil || !st.Mode().IsRegular() {
		return nil
	}
	return &asset{path: file, eTag: eTagOf(file, st.ModTime()), contentType: contentType(file), size: st.Size()}
}

// eTagOf is Miniflare's local ETag: the first 16 bytes of the SHA-256 of the file's path
// and modification time (in milliseconds, as Node's mtimeMs prints), in hex. A saved
// file gets a new one.
func eTagOf(file string, mtime time.Time) string {
	ms := float64(mtime.Unix())*1e3 + float64(mtime.Nanosecond())/1e6
	sum := sha256.Sum256([]byte(file + strconv.FormatFloat(ms, 'f', -1, 64)))
	return hex.EncodeToString(sum[:16])
}

// contentType is mime's getType for the file, with "; charset=utf-8" on text types, as
// Miniflare gives it; "" when the extension is unknown.
func contentType(file string) string {
	base := filepath.Base(file)
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return ""
	}
	t := mimeTypes[strings.ToLower(base[i+1:])]
	if strings.HasPrefix(t, "text/") && !strings.Contains(t, "charset") {
		t += "; charset=utf-8"
	}
	return t
}

// english prints numbers as wrangler's messages do, grouped in thousands (1,000).
var english = message.NewPrinter(language.English)
