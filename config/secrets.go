package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// loadSecrets reads the local secrets the way `wrangler dev` does (reference 1.6):
// .dev.vars.<env> or else .dev.vars (the first that exists, not merged); only when
// neither exists, the .env family: .env, .env.local, .env.<env>, .env.<env>.local, later
// files overriding earlier ones, with ${VAR} expansion.
func loadSecrets(w *Worker, opts LoadOptions) (Diagnostics, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var candidates []string
	if w.Env != "" {
		candidates = append(candidates, ".dev.vars."+w.Env)
	}
	candidates = append(candidates, ".dev.vars")
	if len(opts.EnvFiles) > 0 {
		candidates = nil // --env-file: those files, not .dev.vars
	}
	for _, name := range candidates {
		data, err := os.ReadFile(filepath.Join(w.Dir, name))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		w.Secrets = parseDotenv(string(data))
		w.SecretsFiles = []string{name}
		return nil, nil
	}
	if strings.EqualFold(getenv("CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV"), "false") {
		return nil, nil
	}
	files := []string{".env", ".env.local"}
	if w.Env != "" {
		files = append(files, ".env."+w.Env, ".env."+w.Env+".local")
	}
	if len(opts.EnvFiles) > 0 {
		files = nil
		for _, f := range opts.EnvFiles {
			if rel, err := filepath.Rel(w.Dir, f); err == nil {
				f = rel
			}
			files = append(files, f)
		}
	}
	merged := map[string]string{}
	var order []string
	for _, name := range files {
		path := name
		if !filepath.IsAbs(path) {
			path = filepath.Join(w.Dir, name)
		}
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		for _, v := range parseDotenv(string(data)) {
			if _, seen := merged[v.Name]; !seen {
				order = append(order, v.Name)
			}
			merged[v.Name] = v.Value.(string)
		}
		w.SecretsFiles = append(w.SecretsFiles, name)
	}
	lookup := func(name string) string {
		if v, ok := merged[name]; ok {
			return v
		}
		if strings.EqualFold(getenv("CLOUDFLARE_INCLUDE_PROCESS_ENV"), "true") {
			return getenv(name)
		}
		return ""
	}
	for _, name := range order {
		w.Secrets = append(w.Secrets, Var{Name: name, Value: expand(merged[name], lookup)})
	}
	return nil, nil
}

// dotenvLine matches one assignment as dotenv 16 does: optional `export `, a key of
// [A-Za-z0-9_.-], `=` or `:`, then a single-, double- or backtick-quoted value (which
// may span lines) or an unquoted one ending at `#`.
var dotenvLine = regexp.MustCompile(`(?m)^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*` + "`" + `(?:\\` + "`" + `|[^` + "`" + `])*` + "`" + `|[^#\r\n]+)?\s*(?:#.*)?$`)

// parseDotenv parses .dev.vars / .env text with dotenv 16.3's rules: later duplicates
// win, values are trimmed, \n and \r become newlines only inside double quotes.
func parseDotenv(text string) []Var {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	values := map[string]string{}
	var order []string
	for _, m := range dotenvLine.FindAllStringSubmatch(text, -1) {
		key, value := m[1], strings.TrimSpace(m[2])
		if len(value) >= 2 {
			q := value[0]
			if (q == '\'' || q == '"' || q == '`') && value[len(value)-1] == q {
				value = value[1 : len(value)-1]
				if q == '"' {
					value = strings.NewReplacer(`\n`, "\n", `\r`, "\r").Replace(value)
				}
			}
		}
		if _, seen := values[key]; !seen {
			order = append(order, key)
		}
		values[key] = value
	}
	out := make([]Var, 0, len(order))
	for _, k := range order {
		out = append(out, Var{Name: k, Value: values[k]})
	}
	return out
}

var expansion = regexp.MustCompile(`(\\)?\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|(\\)?\$([A-Za-z_][A-Za-z0-9_]*)`)

// expand replaces ${VAR}, $VAR and ${VAR:-default} as dotenv-expand does (a backslash
// keeps the text as it is).
func expand(s string, lookup func(string) string) string {
	return expansion.ReplaceAllStringFunc(s, func(m string) string {
		p := expansion.FindStringSubmatch(m)
		if p[1] != "" || p[4] != "" {
			return m[1:]
		}
		name, def := p[2], p[3]
		if name == "" {
			name = p[5]
		}
		if v := lookup(name); v != "" {
			return v
		}
		return def
	})
}
