package bundle

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// Rule makes the files matching Globs importable as a module of Type: "Text" (the
// default export is the file's text), "Data" (an ArrayBuffer of its bytes) or
// "CompiledWasm" (refused: goja has no WebAssembly). "ESModule" and "CommonJS" rules
// need nothing: esbuild bundles JavaScript itself.
type Rule struct {
	Type  string
	Globs []string
}

// rulesPlugin loads imports matched by the rules, as wrangler's module rules do.
func rulesPlugin(rules []Rule) (api.Plugin, bool) {
	type matcher struct {
		typ string
		re  *regexp.Regexp
	}
	var ms []matcher
	var all []string
	for _, r := range rules {
		if r.Type != "Text" && r.Type != "Data" && r.Type != "CompiledWasm" {
			continue
		}
		for _, g := range r.Globs {
			src := globRegexp(strings.TrimSuffix(g, "?module"))
			ms = append(ms, matcher{r.Type, regexp.MustCompile(src)})
			all = append(all, src)
		}
	}
	if len(ms) == 0 {
		return api.Plugin{}, false
	}
	filter := "(" + strings.Join(all, ")|(") + ")"
	return api.Plugin{
		Name: "goflare-module-rules",
		Setup: func(b api.PluginBuild) {
			b.OnLoad(api.OnLoadOptions{Filter: filter}, func(args api.OnLoadArgs) (api.OnLoadResult, error) {
				typ := ""
				for _, m := range ms {
					if m.re.MatchString(args.Path) {
						typ = m.typ
						break
					}
				}
				if typ == "CompiledWasm" {
					return api.OnLoadResult{}, fmt.Errorf("goflare cannot run WebAssembly modules (%s matches a CompiledWasm rule)", args.Path)
				}
				data, err := os.ReadFile(args.Path)
				if err != nil {
					return api.OnLoadResult{}, err
				}
				var contents string
				if typ == "Text" {
					text, _ := json.Marshal(string(data))
					contents = "export default " + string(text) + ";"
				} else {
					contents = fmt.Sprintf("const b = atob(%q); const u = new Uint8Array(b.length); for (let i = 0; i < b.length; i++) u[i] = b.charCodeAt(i); export default u.buffer;",
						base64.StdEncoding.EncodeToString(data))
				}
				return api.OnLoadResult{Contents: &contents, Loader: api.LoaderJS}, nil
			})
		},
	}, true
}

// globRegexp turns a wrangler glob ("**/*.txt") into a regular expression matched
// against the end of an absolute path.
func globRegexp(glob string) string {
	var b strings.Builder
	for i := 0; i < len(glob); i++ {
		c := glob[i]
		switch {
		case c == '*' && i+1 < len(glob) && glob[i+1] == '*':
			b.WriteString(".*")
			i++
			if i+1 < len(glob) && glob[i+1] == '/' {
				b.WriteString("/?")
				i++
			}
		case c == '*':
			b.WriteString("[^/]*")
		case c == '?':
			b.WriteString("[^/]")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	return "(^|/)" + b.String() + "$"
}
