package config

import (
	"fmt"
	"sort"
	"strings"
)

// The top-level keys of wrangler 4.86's config (wrangler-reference.md 1.4): which an
// environment inherits, which it must redeclare, and which exist only at the top.
var (
	inheritableKeys = setOf("account_id", "workers_dev", "preview_urls", "compatibility_date",
		"compatibility_flags", "jsx_factory", "jsx_fragment", "tsconfig", "rules", "name", "main",
		"find_additional_modules", "preserve_file_names", "base_dir", "route", "routes", "triggers",
		"assets", "limits", "placement", "build", "migrations", "logfwdr", "no_bundle", "minify",
		"keep_names", "first_party_worker", "logpush", "upload_source_maps", "observability", "cache",
		"compliance_region", "python_modules", "previews", "usage_model")
	// notInheritableOrder is in the order wrangler checks them (and so warns).
	notInheritableOrder = []string{"vars", "secrets", "define", "durable_objects", "workflows",
		"kv_namespaces", "cloudchamber", "containers", "send_email", "queues", "r2_buckets",
		"d1_databases", "vectorize", "ai_search_namespaces", "ai_search", "hyperdrive", "services",
		"analytics_engine_datasets", "dispatch_namespaces", "mtls_certificates", "tail_consumers",
		"streaming_tail_consumers", "unsafe", "browser", "ai", "images", "stream", "media",
		"pipelines", "secrets_store_secrets", "artifacts", "unsafe_hello_world", "flagship",
		"worker_loaders", "ratelimits", "vpc_services", "vpc_networks", "version_metadata"}
	notInheritableKeys = setOf(notInheritableOrder...)
	topLevelOnlyKeys   = setOf("dev", "goflare", "site", "alias", "wasm_modules", "text_blobs", "data_blobs",
		"send_metrics", "keep_vars", "pages_build_output_dir", "$schema", "env", "legacy_env")
	// Keys known inside the tables goflare reads.
	knownSubKeys = map[string]map[string]bool{
		"dev": setOf("ip", "port", "inspector_port", "inspector_ip", "local_protocol",
			"upstream_protocol", "host", "enable_containers", "container_engine", "generate_types"),
		"build":         setOf("command", "cwd", "watch_dir", "upload"),
		"triggers":      setOf("crons", "events"),
		"limits":        setOf("cpu_ms", "subrequests"),
		"kv_namespaces": setOf("binding", "id", "preview_id", "remote"),
		"goflare":       setOf("kv_write_limit", "kv_consistency", "kv_cache_ttl", "kv_quota"),
	}
)

func setOf(keys ...string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

// resolved is the active configuration: the top level merged with the selected
// environment. from[key] is the path prefix of where the key came from ("" for the top
// level, "env.NAME." for the environment), for messages and line numbers.
type resolved struct {
	m    map[string]any
	from map[string]string
}

// at is the full path of key in the file it came from.
func (r resolved) at(key string) string { return r.from[key] + key }

// warnUnexpected reports keys of obj that wrangler does not know, in wrangler's words:
// `Unexpected fields found in <where> field: "a","b"`.
func (v *validator) warnUnexpected(obj map[string]any, where, fieldPrefix string, known func(string) bool) {
	var unknown []string
	for k := range obj {
		if !known(k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return
	}
	sort.Slice(unknown, func(i, j int) bool {
		return v.doc.offsetOf(fieldPrefix+unknown[i]) < v.doc.offsetOf(fieldPrefix+unknown[j])
	})
	quoted := make([]string, len(unknown))
	for i, k := range unknown {
		quoted[i] = `"` + k + `"`
	}
	v.report(Warning, fieldPrefix+unknown[0], fmt.Sprintf("Unexpected fields found in %s field: %s", where, strings.Join(quoted, ",")))
}

// offsetOf orders fields as they appear in the file (by key order for TOML).
func (p *parsed) offsetOf(field string) int {
	if off, ok := p.offsets[field]; ok {
		return off
	}
	parent, name := "", field
	if i := strings.LastIndexByte(field, '.'); i >= 0 {
		parent, name = field[:i], field[i+1:]
	}
	for i, k := range p.order[parent] {
		if k == name {
			return i
		}
	}
	return 1 << 30
}

// resolveEnv merges the top level with environment name as wrangler does (reference 1.5),
// reporting its warnings and errors. name "" selects the top level.
func (v *validator) resolveEnv(top map[string]any, name string) (resolved, bool) {
	r := resolved{m: map[string]any{}, from: map[string]string{}}
	envs, _ := top["env"].(map[string]any)
	if name == "" {
		for k, val := range top {
			r.m[k] = val
		}
		return r, true
	}
	envRaw, ok := envs[name].(map[string]any)
	if !ok {
		msg := fmt.Sprintf("No environment found in configuration with name %q.\nBefore using `--env=%s` there should be an equivalent environment section in the configuration.", name, name)
		if len(envs) == 0 {
			v.report(Warning, "", msg)
			for k, val := range top {
				r.m[k] = val
			}
			return r, true
		}
		var names []string
		for n := range envs {
			names = append(names, n)
		}
		sort.Strings(names)
		msg += fmt.Sprintf("\nThe available configured environment names are: %s\n\nConsider adding an environment configuration section to the %s file:\n```\n[env.%s]\n```",
			jsonText(names), v.file.base(), name)
		v.report(Error, "", msg)
		return r, false
	}
	prefix := "env." + name + "."
	v.warnUnexpected(envRaw, "env."+name, prefix, func(k string) bool {
		return inheritableKeys[k] || notInheritableKeys[k]
	})
	for k, val := range top {
		if inheritableKeys[k] {
			r.m[k] = val
		}
	}
	for k, val := range envRaw {
		if inheritableKeys[k] || notInheritableKeys[k] {
			r.m[k] = val
			r.from[k] = prefix
		}
	}
	if _, own := envRaw["name"]; !own {
		if n, ok := top["name"].(string); ok && n != "" {
			r.m["name"] = n + "-" + name
		}
	}
	for _, k := range notInheritableOrder {
		_, atTop := top[k]
		_, inEnv := envRaw[k]
		if atTop && !inEnv {
			v.report(Warning, "", fmt.Sprintf("%q exists at the top level, but not on %q.\nThis is not what you probably want, since %q is not inherited by environments.\nPlease add %q to %q.",
				k, "env."+name, k, k, "env."+name))
		}
	}
	// Vars and KV bindings the environment forgot (wrangler 4.86 warns per name).
	if topVars, ok := top["vars"].(map[string]any); ok {
		if envVars, ok := envRaw["vars"].(map[string]any); ok {
			for _, k := range v.doc.order["vars"] {
				if _, has := envVars[k]; !has && topVars[k] != nil {
					v.report(Warning, "", fmt.Sprintf("%q exists at the top level, but not on %q.\nThis is not what you probably want, since %q is not inherited by environments.\nPlease add %q to %q.",
						"vars."+k, "env."+name+".vars", "vars", "vars."+k, "env."+name))
				}
			}
		}
	}
	if topKV, ok := asList(top["kv_namespaces"]); ok {
		if envKV, ok := asList(envRaw["kv_namespaces"]); ok {
			have := map[string]bool{}
			for _, b := range envKV {
				if m, ok := b.(map[string]any); ok {
					if s, ok := m["binding"].(string); ok {
						have[s] = true
					}
				}
			}
			for _, b := range topKV {
				if m, ok := b.(map[string]any); ok {
					if s, ok := m["binding"].(string); ok && !have[s] {
						v.report(Warning, "", fmt.Sprintf("There is a kv_namespaces binding with name %q at the top level, but not on %q.\nThis is not what you probably want, since \"kv_namespaces\" is not inherited by environments.\nPlease add a binding for %q to \"env.%s.kv_namespaces\".",
							s, "env."+name, s, name))
					}
				}
			}
		}
	}
	return r, true
}

// asList reads a TOML or JSON array.
func asList(x any) ([]any, bool) {
	switch l := x.(type) {
	case []any:
		return l, true
	case []map[string]any:
		out := make([]any, len(l))
		for i, m := range l {
			out[i] = m
		}
		return out, true
	}
	return nil, false
}
