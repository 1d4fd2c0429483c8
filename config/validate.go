package config

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// validator checks a parsed config against wrangler's rules, collecting diagnostics with
// wrangler's exact texts (wrangler-reference.md 1.3).
type validator struct {
	file  *sourceFile
	doc   *parsed
	diags Diagnostics
}

// report adds a diagnostic about field, located as precisely as the parser allows.
func (v *validator) report(sev Severity, field, msg string) {
	d := Diagnostic{Severity: sev, File: v.file.path, Field: field, Message: msg}
	if strings.HasPrefix(field, "env.") {
		d.Group = strings.Join(strings.SplitN(field, ".", 3)[:2], ".")
	}
	if field != "" {
		if off, ok := v.doc.offsets[field]; ok {
			d.Line, d.Column, d.Source = v.file.lineCol(off)
		} else {
			d.Line, d.Source = v.file.fieldLine(field)
		}
	}
	v.diags = append(v.diags, d)
}

func (v *validator) errorf(field, format string, args ...any) {
	v.report(Error, field, fmt.Sprintf(format, args...))
}

func (v *validator) warnf(field, format string, args ...any) {
	v.report(Warning, field, fmt.Sprintf(format, args...))
}

var nameRE = regexp.MustCompile(`^$|^[a-z0-9_][a-z0-9-_]*$`)

// unsupportedFlags are compatibility flags whose features goflare does not have, with
// what will not work.
var unsupportedFlags = map[string]string{
	"python_workers": "Python Workers do not run in goflare",
}

// worker validates the active configuration and fills w.
// worker validates the top-level fields; quiet leaves out the missing
// compatibility_date warning.
func (v *validator) worker(r resolved, w *Worker, today string, quiet bool) {
	raw := r.m
	if s, ok := v.str(r, "name"); ok {
		if !nameRE.MatchString(s) {
			v.errorf(r.at("name"), "Expected \"name\" to be of type string, alphanumeric and lowercase with dashes only but got %s.", jsonText(s))
		}
		w.Name = s
	}
	if s, ok := v.str(r, "main"); ok && s != "" {
		w.Main = filepath.Join(w.Dir, filepath.FromSlash(s))
	}
	if s, ok := v.str(r, "compatibility_date"); ok {
		switch {
		case strings.ContainsAny(s, "–—"):
			v.errorf(r.at("compatibility_date"), "\"compatibility_date\" field should use ISO-8601 accepted hyphens (-) rather than en-dashes (–) or em-dashes (—).")
		default:
			if _, err := time.Parse("2006-01-02", s); err != nil {
				v.errorf(r.at("compatibility_date"), "\"compatibility_date\" field should be a valid ISO-8601 date (YYYY-MM-DD), but got %s.", jsonText(s))
			}
		}
		w.CompatibilityDate = s
	} else if _, present := raw["compatibility_date"]; !present {
		w.CompatibilityDate = today
		if !quiet {
			v.warnf("", "No compatibility_date was specified. Using today's date: %s.\n❯❯ Add one to your %s file: compatibility_date = \"%s\", or\n❯❯ Pass it in your terminal: --compatibility-date=%s\n\nSee https://developers.cloudflare.com/workers/configuration/compatibility-dates/ for more information.", today, v.file.base(), today, today)
		}
	}
	v.compatibilityFlags(r, w)
	v.vars(r, w)
	v.kvNamespaces(r, w)
	w.Others = otherBindings(r)
	v.assets(r, w)
	v.site(r, w)
	v.goflareTable(r, w)
	if b, ok := r.m["minify"].(bool); ok {
		w.Minify = b
	}
	if t, ok := r.m["tsconfig"].(string); ok && t != "" {
		w.TSConfig = filepath.Join(w.Dir, t)
	}
	w.JSXFactory, _ = r.m["jsx_factory"].(string)
	w.JSXFragment, _ = r.m["jsx_fragment"].(string)
	w.NoBundle, _ = r.m["no_bundle"].(bool)
	v.alias(r, w)
	v.define(r, w)
	v.limits(r, w)
	v.triggers(r, w)
	v.dev(r, w)
	v.rules(r, w)
	v.build(r, w)
}

var ruleTypes = setOf("ESModule", "CommonJS", "CompiledWasm", "Text", "Data", "PythonModule", "PythonRequirement")

// rules reads "rules", then appends wrangler's defaults; a later rule of a type already
// seen is dropped (with wrangler's warning) unless the earlier one falls through.
func (v *validator) rules(r resolved, w *Worker) {
	var rules []Rule
	if val, present := r.m["rules"]; present {
		list, ok := asList(val)
		if !ok {
			v.errorf(r.at("rules"), "The field \"rules\" should be an array but got %s.", jsonText(val))
			list = nil
		}
		for i, el := range list {
			field := fmt.Sprintf("%s[%d]", r.at("rules"), i)
			obj, ok := el.(map[string]any)
			if !ok {
				v.errorf(field, "%q should be an object but got %s.", field, jsonText(el))
				continue
			}
			rule := Rule{}
			if t, ok := obj["type"].(string); ok && ruleTypes[t] {
				rule.Type = t
			} else {
				v.errorf(field, "bindings should have a string \"type\" field, which contains one of \"ESModule\", \"CommonJS\", \"CompiledWasm\", \"Text\", or \"Data\".")
				continue
			}
			globs, ok := asList(obj["globs"])
			for _, g := range globs {
				s, isStr := g.(string)
				if !isStr {
					ok = false
					break
				}
				rule.Globs = append(rule.Globs, s)
			}
			if !ok {
				v.errorf(field+".globs", "Expected %q to be an array of strings but got %s", field+".globs", jsonText(obj["globs"]))
				continue
			}
			if f, present := obj["fallthrough"]; present {
				b, ok := f.(bool)
				if !ok {
					v.errorf(field, "the field \"fallthrough\", when present, should be a boolean.")
				}
				rule.Fallthrough = b
			}
			rules = append(rules, rule)
		}
	}
	rules = append(rules, DefaultRules...)
	seen := map[string]bool{} // type -> an earlier rule without fallthrough exists
	for _, rule := range rules {
		if seen[rule.Type] {
			continue
		}
		w.Rules = append(w.Rules, rule)
		if !rule.Fallthrough {
			seen[rule.Type] = true
		}
	}
}

// build reads "build": command, cwd, watch_dir (a string or strings; "./src" by default
// when a command is set).
func (v *validator) build(r resolved, w *Worker) {
	obj, ok := v.table(r, "build")
	if !ok {
		return
	}
	if x, present := obj["command"]; present {
		if s, ok := x.(string); ok {
			w.Build.Command = s
		} else {
			v.errorf(r.at("build")+".command", "Expected \"build.command\" to be of type string but got %s.", jsonText(x))
		}
	}
	if x, present := obj["cwd"]; present {
		if s, ok := x.(string); ok {
			w.Build.Cwd = s
		} else {
			v.errorf(r.at("build")+".cwd", "Expected \"build.cwd\" to be of type string but got %s.", jsonText(x))
		}
	}
	switch x := obj["watch_dir"].(type) {
	case nil:
		if w.Build.Command != "" {
			w.Build.WatchDirs = []string{"./src"}
		}
	case string:
		w.Build.WatchDirs = []string{x}
	default:
		list, ok := asList(x)
		for _, d := range list {
			if s, isStr := d.(string); isStr {
				w.Build.WatchDirs = append(w.Build.WatchDirs, s)
			} else {
				ok = false
			}
		}
		if !ok {
			v.errorf(r.at("build")+".watch_dir", "Expected \"build.watch_dir\" to be of type string or string array but got %s.", jsonText(x))
		}
	}
}

// str reads an optional string field; ok is false when absent or invalid (an invalid
// value is reported).
func (v *validator) str(r resolved, field string) (string, bool) {
	val, present := r.m[field]
	if !present {
		return "", false
	}
	s, ok := val.(string)
	if !ok {
		v.errorf(r.at(field), "Expected %q to be of type string but got %s.", r.at(field), jsonText(val))
	}
	return s, ok
}

func (v *validator) compatibilityFlags(r resolved, w *Worker) {
	val, present := r.m["compatibility_flags"]
	if !present {
		return
	}
	list, ok := asList(val)
	for _, x := range list {
		if _, isStr := x.(string); !isStr {
			ok = false
		}
	}
	if !ok {
		v.errorf(r.at("compatibility_flags"), "Expected \"compatibility_flags\" to be of type string array but got %s.", jsonText(val))
		return
	}
	for _, x := range list {
		flag := x.(string)
		w.CompatibilityFlags = append(w.CompatibilityFlags, flag)
		if what, unsupported := unsupportedFlags[flag]; unsupported {
			v.warnf(r.at("compatibility_flags"), "The compatibility flag %q is accepted but not implemented by goflare: %s.", flag, what)
		}
	}
}

func (v *validator) vars(r resolved, w *Worker) {
	val, present := r.m["vars"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf(r.at("vars"), "The field \"vars\" should be an object but got %s.\n", jsonText(val))
		return
	}
	for _, name := range v.doc.order[r.at("vars")] {
		value, ok := obj[name]
		if !ok {
			continue
		}
		if t, isDate := value.(time.Time); isDate {
			v.errorf(r.at("vars")+"."+name, "The field \"vars.%s\" is a TOML date, which is not supported. Please use a string instead, e.g. %s = %q.", name, name, t.Format("2006-01-02"))
			continue
		}
		w.Vars = append(w.Vars, Var{Name: name, Value: value})
	}
}

func (v *validator) define(r resolved, w *Worker) {
	val, present := r.m["define"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf(r.at("define"), "The field \"define\" should be an object but got %s.", jsonText(val))
		return
	}
	w.Define = map[string]string{}
	for k, x := range obj {
		s, ok := x.(string)
		if !ok {
			v.errorf(r.at("define")+"."+k, "The field \"define.%s\" should be a string but got %s.", k, jsonText(x))
			continue
		}
		w.Define[k] = s
	}
}

// alias reads "alias": an object of module specifiers to the modules that replace them.
func (v *validator) alias(r resolved, w *Worker) {
	val, present := r.m["alias"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf(r.at("alias"), "The field \"alias\" should be an object but got %s.", jsonText(val))
		return
	}
	w.Alias = map[string]string{}
	for k, x := range obj {
		s, ok := x.(string)
		if !ok {
			v.errorf(r.at("alias")+"."+k, "The field \"alias.%s\" should be a string but got %s.", k, jsonText(x))
			continue
		}
		w.Alias[k] = s
	}
}

func (v *validator) kvNamespaces(r resolved, w *Worker) {
	val, present := r.m["kv_namespaces"]
	if !present {
		return
	}
	list, ok := asList(val)
	if !ok {
		v.errorf(r.at("kv_namespaces"), "The field \"kv_namespaces\" should be an array but got %s.", jsonText(val))
		return
	}
	seen := map[string]bool{}
	for i, el := range list {
		field := fmt.Sprintf("%s[%d]", r.at("kv_namespaces"), i)
		obj, ok := el.(map[string]any)
		if !ok {
			v.errorf(field, "\"kv_namespaces\" bindings should be objects, but got %s", jsonText(el))
			continue
		}
		v.warnUnexpected(obj, field, field+".", func(k string) bool { return knownSubKeys["kv_namespaces"][k] })
		ns := KVNamespace{}
		if b, ok := obj["binding"].(string); ok && b != "" {
			ns.Binding = b
		} else {
			v.errorf(field, "%q bindings should have a string \"binding\" field but got %s.", field, jsonText(obj))
			continue
		}
		if id, present := obj["id"]; present {
			if s, ok := id.(string); ok && s != "" {
				ns.ID = s
			} else {
				v.errorf(field, "%q bindings should have a string \"id\" field but got %s.", field, jsonText(obj))
			}
		}
		if pid, present := obj["preview_id"]; present {
			if s, ok := pid.(string); ok {
				ns.PreviewID = s
			} else {
				v.errorf(field, "%q bindings should, optionally, have a string \"preview_id\" field but got %s.", field, jsonText(obj))
			}
		}
		if rm, present := obj["remote"]; present {
			if b, ok := rm.(bool); ok {
				ns.Remote = b
			} else {
				v.errorf(field, "%q should, optionally, have a boolean \"remote\" field but got %s.", field, jsonText(obj))
			}
		}
		if seen[ns.Binding] {
			v.errorf(field, "%s assigned to multiple KV Namespace bindings.", ns.Binding)
		}
		seen[ns.Binding] = true
		w.KVNamespaces = append(w.KVNamespaces, ns)
	}
	for _, vr := range w.Vars {
		if seen[vr.Name] {
			v.errorf(r.at("vars")+"."+vr.Name, "%s assigned to KV Namespace and Environment Variable bindings.", vr.Name)
		}
	}
}

// limits reads "limits": cpu_ms and subrequests, positive integers.
func (v *validator) limits(r resolved, w *Worker) {
	obj, ok := v.table(r, "limits")
	if !ok {
		return
	}
	for _, f := range []struct {
		name string
		dst  *int
	}{{"cpu_ms", &w.Limits.CPUMs}, {"subrequests", &w.Limits.Subrequests}} {
		x, present := obj[f.name]
		if !present {
			continue
		}
		n, ok := wholeNumber(x)
		if !ok || n <= 0 {
			v.errorf(r.at("limits")+"."+f.name, "Expected \"limits.%s\" to be of type number but got %s.", f.name, jsonText(x))
			continue
		}
		*f.dst = n
	}
}

// triggers reads "triggers.crons" (the cron strings are not validated, as in wrangler).
func (v *validator) triggers(r resolved, w *Worker) {
	obj, ok := v.table(r, "triggers")
	if !ok {
		return
	}
	val, present := obj["crons"]
	if !present {
		return
	}
	list, ok := asList(val)
	if !ok {
		v.errorf(r.at("triggers"), "Expected \"triggers.crons\" to be of type array, but got %s.", jsonText(obj))
		return
	}
	for _, c := range list {
		if s, ok := c.(string); ok {
			w.Crons = append(w.Crons, s)
		}
	}
}

// dev reads "dev" (top level only): ip, port, local_protocol.
func (v *validator) dev(r resolved, w *Worker) {
	obj, ok := v.table(r, "dev")
	if !ok {
		return
	}
	if x, present := obj["ip"]; present {
		if s, ok := x.(string); ok {
			w.Dev.IP = s
		} else {
			v.errorf("dev.ip", "Expected \"dev.ip\" to be of type string but got %s.", jsonText(x))
		}
	}
	if x, present := obj["port"]; present {
		if n, ok := wholeNumber(x); ok {
			w.Dev.Port = n
		} else {
			v.errorf("dev.port", "Expected \"dev.port\" to be of type number but got %s.", jsonText(x))
		}
	}
	if x, present := obj["local_protocol"]; present {
		if s, ok := x.(string); ok && (s == "http" || s == "https") {
			w.Dev.LocalProtocol = s
		} else {
			v.errorf("dev.local_protocol", "Expected \"dev.local_protocol\" field to be one of [\"http\",\"https\"] but got %s.", jsonText(x))
		}
	}
}

// table reads an optional object field, reporting a non-object and unknown keys.
func (v *validator) table(r resolved, key string) (map[string]any, bool) {
	val, present := r.m[key]
	if !present {
		return nil, false
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf(r.at(key), "Expected %q to be of type object but got %s.", r.at(key), jsonText(val))
		return nil, false
	}
	if known := knownSubKeys[key]; known != nil {
		v.warnUnexpected(obj, r.at(key), r.at(key)+".", func(k string) bool { return known[k] })
	}
	return obj, true
}

// wholeNumber reads a TOML integer or a JSON number without a fraction.
func wholeNumber(x any) (int, bool) {
	switch n := x.(type) {
	case int64:
		return int(n), true
	case float64:
		if n == float64(int(n)) {
			return int(n), true
		}
	}
	return 0, false
}
