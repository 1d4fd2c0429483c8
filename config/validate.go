package config

import (
	"fmt"
	"path/filepath"
	"regexp"
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
	if off, ok := v.doc.offsets[field]; ok {
		d.Line, d.Column, d.Source = v.file.lineCol(off)
	} else {
		d.Line, d.Source = v.file.fieldLine(field)
	}
	v.diags = append(v.diags, d)
}

func (v *validator) errorf(field, format string, args ...any) {
	v.report(Error, field, fmt.Sprintf(format, args...))
}

var nameRE = regexp.MustCompile(`^$|^[a-z0-9_][a-z0-9-_]*$`)

// worker validates the fields goflare reads and fills w.
func (v *validator) worker(w *Worker) {
	raw := v.doc.root
	if s, ok := v.str(raw, "name"); ok {
		if !nameRE.MatchString(s) {
			v.errorf("name", "Expected \"name\" to be of type string, alphanumeric and lowercase with dashes only but got %s.", jsonText(s))
		}
		w.Name = s
	}
	if s, ok := v.str(raw, "main"); ok && s != "" {
		w.Main = filepath.Join(w.Dir, filepath.FromSlash(s))
	}
	if s, ok := v.str(raw, "compatibility_date"); ok {
		if _, err := time.Parse("2006-01-02", s); err != nil {
			v.errorf("compatibility_date", "\"compatibility_date\" field should be a valid ISO-8601 date (YYYY-MM-DD), but got %s.", jsonText(s))
		}
		w.CompatibilityDate = s
	}
	v.vars(raw, w)
	v.kvNamespaces(raw, w)
	v.limits(raw, w)
}

// limits reads "limits": cpu_ms and subrequests, positive integers.
func (v *validator) limits(raw map[string]any, w *Worker) {
	val, present := raw["limits"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf("limits", "Expected \"limits\" to be of type object but got %s.", jsonText(val))
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
			v.errorf("limits."+f.name, "Expected \"limits.%s\" to be of type number but got %s.", f.name, jsonText(x))
			continue
		}
		*f.dst = n
	}
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

// str reads an optional string field of obj; ok is false when absent or invalid (an
// invalid value is reported).
func (v *validator) str(obj map[string]any, field string) (string, bool) {
	val, present := obj[field]
	if !present {
		return "", false
	}
	s, ok := val.(string)
	if !ok {
		v.errorf(field, "Expected %q to be of type string but got %s.", field, jsonText(val))
	}
	return s, ok
}

func (v *validator) vars(raw map[string]any, w *Worker) {
	val, present := raw["vars"]
	if !present {
		return
	}
	obj, ok := val.(map[string]any)
	if !ok {
		v.errorf("vars", "The field \"vars\" should be an object but got %s.\n", jsonText(val))
		return
	}
	for _, name := range v.doc.order["vars"] {
		value, ok := obj[name]
		if !ok {
			continue // a nested key of a JSON var, not a var itself
		}
		if t, isDate := value.(time.Time); isDate {
			v.errorf("vars."+name, "The field \"vars.%s\" is a TOML date, which is not supported. Please use a string instead, e.g. %s = %q.", name, name, t.Format("2006-01-02"))
			continue
		}
		w.Vars = append(w.Vars, Var{Name: name, Value: value})
	}
}

func (v *validator) kvNamespaces(raw map[string]any, w *Worker) {
	val, present := raw["kv_namespaces"]
	if !present {
		return
	}
	list, ok := val.([]any)
	if !ok {
		// TOML arrays of tables decode as []map[string]any.
		if maps, isMaps := val.([]map[string]any); isMaps {
			for _, m := range maps {
				list = append(list, m)
			}
			ok = true
		}
	}
	if !ok {
		v.errorf("kv_namespaces", "The field \"kv_namespaces\" should be an array but got %s.", jsonText(val))
		return
	}
	seen := map[string]bool{}
	for i, el := range list {
		field := fmt.Sprintf("kv_namespaces[%d]", i)
		obj, ok := el.(map[string]any)
		if !ok {
			v.errorf(field, "\"kv_namespaces\" bindings should be objects, but got %s", jsonText(el))
			continue
		}
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
		if r, present := obj["remote"]; present {
			if b, ok := r.(bool); ok {
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
			v.errorf("vars."+vr.Name, "%s assigned to KV Namespace and Environment Variable bindings.", vr.Name)
		}
	}
}
