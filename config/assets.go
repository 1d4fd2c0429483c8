package config

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Assets is the config's "assets" (or --assets DIR): static files served in front of the
// worker, as wrangler dev serves them.
type Assets struct {
	// Directory is the absolute directory of the files ("" when the config names none:
	// Check reports it).
	Directory string
	// Binding is the env property the worker fetches assets through ("" for none).
	Binding string
	// HTMLHandling is html_handling ("auto-trailing-slash" when not set).
	HTMLHandling string
	// NotFoundHandling is not_found_handling ("none" when not set).
	NotFoundHandling string
	// RunWorkerFirst is run_worker_first = true: every request goes to the worker.
	RunWorkerFirst bool
	// RunWorkerFirstRules is run_worker_first as route patterns ("/api/*", "!/api/docs/*").
	RunWorkerFirstRules []string
	// FromFlag is set when the directory came from --assets (wrangler's messages say so).
	FromFlag bool
}

// The values html_handling and not_found_handling take, in wrangler's order.
var (
	htmlHandlings     = []string{"auto-trailing-slash", "force-trailing-slash", "drop-trailing-slash", "none"}
	notFoundHandlings = []string{"single-page-application", "404-page", "none"}
)

// assets reads "assets" with wrangler's checks and messages.
func (v *validator) assets(r resolved, w *Worker) {
	val, present := r.m["assets"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf(r.at("assets"), "\"assets\" should be an object, but got value \"assets\" of type %s", jsType(val))
		return
	}
	a := &Assets{HTMLHandling: "auto-trailing-slash", NotFoundHandling: "none"}
	str := func(key string, choices []string) (string, bool) {
		x, present := obj[key]
		if !present {
			return "", false
		}
		s, ok := x.(string)
		if !ok {
			v.errorf(r.at("assets")+"."+key, "Expected \"assets.%s\" to be of type string but got %s.", key, jsonText(x))
			return "", false
		}
		if choices != nil && !slices.Contains(choices, s) {
			v.errorf(r.at("assets")+"."+key, "Expected \"assets.%s\" field to be one of [%s] but got %s.", key, strings.Trim(jsonText(choices), "[]"), jsonText(s))
			return "", false
		}
		return s, true
	}
	if d, ok := str("directory", nil); ok && d != "" {
		a.Directory = filepath.Join(w.Dir, filepath.FromSlash(d))
	} else if ok {
		a.Directory = "" // Check: "The assets directory cannot be an empty string."
		v.errorf(r.at("assets")+".directory", "`The assets directory cannot be an empty string.")
	}
	a.Binding, _ = str("binding", nil)
	if s, ok := str("html_handling", htmlHandlings); ok {
		a.HTMLHandling = s
	}
	if s, ok := str("not_found_handling", notFoundHandlings); ok {
		a.NotFoundHandling = s
	}
	switch x := obj["run_worker_first"].(type) {
	case nil:
	case bool:
		a.RunWorkerFirst = x
	default:
		items, ok := asList(x)
		if !ok {
			v.errorf(r.at("assets")+".run_worker_first", "The field \"assets.run_worker_first\" should be an array of strings or a boolean, but got %s.", jsonText(x))
			break
		}
		for i, it := range items {
			s, ok := it.(string)
			if !ok {
				v.errorf(r.at("assets")+".run_worker_first", "Expected \"assets.run_worker_first.[%d]\" to be of type string but got %s.", i, jsonText(it))
				continue
			}
			a.RunWorkerFirstRules = append(a.RunWorkerFirstRules, s)
		}
		if a.RunWorkerFirstRules == nil {
			a.RunWorkerFirstRules = []string{}
		}
	}
	v.warnUnexpected(obj, `"assets"`, r.at("assets")+".", func(k string) bool {
		return k == "directory" || k == "binding" || k == "html_handling" || k == "not_found_handling" || k == "run_worker_first"
	})
	w.Assets = a
}

// CheckAssets applies --assets and checks what wrangler dev checks before serving
// assets, with its messages: a directory that is named and exists, run_worker_first only
// with a worker, no binding without one, and not both assets and Workers Sites.
// Warnings (run_worker_first = true without a binding) are returned as such.
func CheckAssets(w *Worker, flagDir, cwd string) (warnings []string, err error) {
	if flagDir != "" {
		if w.Assets == nil {
			w.Assets = &Assets{HTMLHandling: "auto-trailing-slash", NotFoundHandling: "none"}
		}
		if !filepath.IsAbs(flagDir) {
			flagDir = filepath.Join(cwd, flagDir)
		}
		w.Assets.Directory, w.Assets.FromFlag = flagDir, true
	}
	a := w.Assets
	if a == nil {
		return nil, nil
	}
	if w.Site != nil {
		return nil, fmt.Errorf("Cannot use assets and Workers Sites in the same Worker.\nPlease remove either the `site` or `assets` field from your configuration file.")
	}
	if a.Directory == "" {
		return nil, fmt.Errorf("The `assets` property in your configuration is missing the required `directory` property.")
	}
	source := `"assets.directory" field in your configuration file`
	if a.FromFlag {
		source = `"--assets" command line argument`
	}
	st, statErr := statDir(a.Directory)
	switch {
	case statErr != nil:
		return nil, fmt.Errorf("The directory specified by the %s does not exist:\n%s", source, a.Directory)
	case !st:
		return nil, fmt.Errorf("The path specified by the %s doesn't point to a directory:\n%s", source, a.Directory)
	}
	if w.Main == "" && a.Binding != "" {
		return nil, fmt.Errorf("Cannot use assets with a binding in an assets-only Worker.\nPlease remove the asset binding from your configuration file, or provide a Worker script in your configuration file (`main`).")
	}
	if w.Main == "" && (a.RunWorkerFirst || a.RunWorkerFirstRules != nil) {
		return nil, fmt.Errorf("Cannot set run_worker_first without a Worker script.\nPlease remove run_worker_first from your configuration file, or provide a Worker script in your configuration file (`main`).")
	}
	if a.RunWorkerFirstRules != nil {
		if err := checkStaticRouting(a.RunWorkerFirstRules); err != nil {
			return nil, err
		}
	}
	if a.RunWorkerFirst && a.Binding == "" {
		warnings = append(warnings, "run_worker_first=true set without an assets binding\nSetting run_worker_first to true will always invoke your Worker script.\nTo fetch your assets from your Worker, please set the [assets.binding] key in your configuration file.\n\nRead more: https://developers.cloudflare.com/workers/static-assets/binding/#binding")
	}
	return warnings, nil
}

// Limits of run_worker_first rules, as wrangler's.
const (
	maxRoutesRules      = 100
	maxRoutesRuleLength = 100
)

// checkStaticRouting is wrangler's parseStaticRouting's checks.
func checkStaticRouting(rules []string) error {
	if len(rules) == 0 {
		return fmt.Errorf("No `run_worker_first` rules were provided; must provide at least 1 rule.")
	}
	if len(rules) > maxRoutesRules {
		return fmt.Errorf("Too many `run_worker_first` rules were provided; %d rules provided exceeds max of %d.", len(rules), maxRoutesRules)
	}
	var raw, user, invalid []string
	for _, rule := range rules {
		switch {
		case strings.HasPrefix(rule, "!/"):
			raw = append(raw, rule)
		case strings.HasPrefix(rule, "/"):
			user = append(user, rule)
		case strings.HasPrefix(rule, "!"):
			invalid = append(invalid, fmt.Sprintf("'%s': negative rules must start with '!/'", rule))
		default:
			invalid = append(invalid, fmt.Sprintf("'%s': rules must start with '/' or '!/'", rule))
		}
	}
	if len(raw) > 0 && len(user) == 0 {
		return fmt.Errorf("Only negative `run_worker_first` rules were provided; must provide at least 1 non-negative rule")
	}
	invalid = append(invalid, checkRoutingRules(user)...)
	invalid = append(invalid, checkRoutingRules(raw)...)
	if len(invalid) > 0 {
		return fmt.Errorf("Invalid routes in `run_worker_first`:\n%s", strings.Join(invalid, "\n"))
	}
	return nil
}

func checkRoutingRules(rules []string) []string {
	var invalid []string
	seen := map[string]bool{}
	for _, rule := range rules {
		if len(rule) > maxRoutesRuleLength {
			invalid = append(invalid, fmt.Sprintf("'%s': all rules must be less than %d characters in length", rule, maxRoutesRuleLength))
		}
		if seen[rule] {
			invalid = append(invalid, fmt.Sprintf("'%s': rule is a duplicate; rules must be unique", rule))
		}
		if strings.HasSuffix(rule, "*") {
			for _, other := range rules {
				if other != rule && strings.HasPrefix(other, rule[:len(rule)-1]) {
					invalid = append(invalid, fmt.Sprintf("'%s': rule '%s' makes it redundant", other, rule))
				}
			}
		}
		seen[rule] = true
	}
	return invalid
}

// jsType is JavaScript's typeof for a config value.
func jsType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case nil:
		return "object"
	case map[string]any, []any:
		return "object"
	}
	return "number"
}

// statDir reports whether path is a directory; err when it does not exist.
func statDir(path string) (bool, error) {
	st, err := os.Stat(path)
	if err != nil {
		return false, err
	}
	return st.IsDir(), nil
}

// Site is the config's "site" (Workers Sites): a bucket of files the worker serves from
// the __STATIC_CONTENT KV namespace with @cloudflare/kv-asset-handler.
type Site struct {
	// Bucket is the absolute directory of the files.
	Bucket string
	// Include and Exclude are gitignore-style patterns: only included files (all when
	// Include is empty), less excluded ones.
	Include, Exclude []string
	// Manifest is the manifest's JSON text (each file's path to its KV key), filled in
	// by the dev server when it puts the bucket's files into KV.
	Manifest string
}

// site reads "site" with wrangler's checks and messages.
func (v *validator) site(r resolved, w *Worker) {
	val, present := r.m["site"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf(r.at("site"), "Expected \"site\" to be of type object but got %s.", jsonText(val))
		return
	}
	st := &Site{}
	switch b := obj["bucket"].(type) {
	case nil:
		v.errorf(r.at("site"), "\"site.bucket\" is a required field.")
	case string:
		st.Bucket = filepath.Join(w.Dir, filepath.FromSlash(b))
	default:
		v.errorf(r.at("site")+".bucket", "Expected \"site.bucket\" to be of type string but got %s.", jsonText(b))
	}
	for _, key := range []string{"include", "exclude"} {
		x, present := obj[key]
		if !present {
			continue
		}
		items, ok := asList(x)
		var out []string
		for _, it := range items {
			s, isStr := it.(string)
			if !isStr {
				ok = false
				break
			}
			out = append(out, s)
		}
		if !ok {
			v.errorf(r.at("site")+"."+key, "Expected \"site.%s\" to be an array of strings but got %s", key, jsonText(x))
			continue
		}
		if key == "include" {
			st.Include = out
		} else {
			st.Exclude = out
		}
	}
	v.warnUnexpected(obj, `"site"`, r.at("site")+".", func(k string) bool {
		return k == "bucket" || k == "include" || k == "exclude" || k == "entry-point"
	})
	w.Site = st
}
