package devserver

import (
	"html/template"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goflare/goflare/runtime"
	"github.com/goflare/goflare/runtime/webapi"
)

// wantsErrorPage is Miniflare's rule (reference 4.9): a client that is not curl and
// accepts HTML gets the error page; anyone else gets the stack as text.
func wantsErrorPage(r *http.Request) bool {
	if strings.Contains(r.Header.Get("User-Agent"), "curl/") {
		return false
	}
	accept := r.Header.Get("Accept")
	return strings.Contains(accept, "text/html") || strings.Contains(accept, "*/*") || strings.Contains(accept, "text/*")
}

// frameLine matches a stack frame that points into a file: "    at fn (src/a.ts:4:8)".
var frameLine = regexp.MustCompile(`^\s*at (?:(.*?) \()?([^()\s]+):(\d+):(\d+)\)?$`)

// codeFrame is a few lines of the user's source around a stack frame.
type codeFrame struct {
	Function, File string
	Line, Column   int
	Lines          []codeLine
}

type codeLine struct {
	Number int
	Text   string
	Here   bool
	Caret  string
}

// codeFrames reads the source around each frame of stack that names a file of the
// project (the stack is source-mapped, so these are the user's own lines).
func codeFrames(dir, stack string) []codeFrame {
	var out []codeFrame
	for _, l := range strings.Split(stack, "\n") {
		m := frameLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		line, _ := strconv.Atoi(m[3])
		col, _ := strconv.Atoi(m[4])
		f := codeFrame{Function: m[1], File: m[2], Line: line, Column: col}
		if src, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(m[2]))); err == nil {
			lines := strings.Split(string(src), "\n")
			for n := max(1, line-3); n <= min(len(lines), line+3); n++ {
				cl := codeLine{Number: n, Text: lines[n-1], Here: n == line}
				if cl.Here && col > 0 {
					cl.Caret = strings.Repeat(" ", col-1) + "^"
				}
				f.Lines = append(f.Lines, cl)
			}
		}
		out = append(out, f)
	}
	return out
}

var errorPage = template.Must(template.New("error").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>An error has occurred</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; background: #fafafa; }
h1 { font-size: 1.4rem; color: #b00020; margin-bottom: .2rem; }
.message { font-size: 1.1rem; margin-top: 0; }
pre { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 1rem; overflow-x: auto; }
.frame h3 { font-size: .95rem; margin-bottom: .3rem; font-family: ui-monospace, monospace; }
.here { background: #fdecea; font-weight: bold; }
table { border-collapse: collapse; font-family: ui-monospace, monospace; font-size: .9rem; }
td { padding: .15rem .8rem .15rem 0; vertical-align: top; }
footer a { margin-right: 1.5rem; }
</style>
</head>
<body>
<h1>{{.Name}}</h1>
<p class="message">{{.Message}}</p>
{{range .Frames}}<div class="frame">
<h3>{{if .Function}}{{.Function}} {{end}}{{.File}}:{{.Line}}:{{.Column}}</h3>
{{if .Lines}}<pre>{{range .Lines}}<span{{if .Here}} class="here"{{end}}>{{printf "%4d" .Number}} | {{.Text}}</span>
{{if .Caret}}       {{.Caret}}
{{end}}{{end}}</pre>{{end}}
</div>{{end}}
<h2>Stack</h2>
<pre>{{.Stack}}</pre>
<h2>Request</h2>
<table>
<tr><td>{{.Method}}</td><td>{{.URL}}</td></tr>
{{range .Headers}}<tr><td>{{index . 0}}</td><td>{{index . 1}}</td></tr>
{{end}}</table>
<footer><p><a href="https://developers.cloudflare.com/workers/">📚 Workers Docs</a><a href="https://discord.cloudflare.com">💬 Workers Discord</a></p></footer>
</body>
</html>
`))

// writeErrorPage answers an uncaught exception with the HTML page.
func (s *Server) writeErrorPage(w http.ResponseWriter, r *http.Request, ex *runtime.Exception) {
	s.swapMu.Lock()
	dir := s.worker.Dir
	s.swapMu.Unlock()
	var headers [][2]string
	for k, vs := range r.Header {
		headers = append(headers, [2]string{k, strings.Join(vs, ", ")})
	}
	sort.Slice(headers, func(i, j int) bool { return headers[i][0] < headers[j][0] })
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	errorPage.Execute(w, map[string]any{
		"Name": ex.Name, "Message": ex.Message, "Stack": ex.Stack,
		"Frames": codeFrames(dir, ex.Stack),
		"Method": r.Method, "URL": webapi.RequestURL(r.Host, requestTarget(r)), "Headers": headers,
	})
}
