package config

import (
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/tailscale/hujson"
)

// parsed is a config document as plain Go values plus what the validator needs to point
// at lines: where each dotted field starts (when the parser says) and the order of each
// object's keys.
type parsed struct {
	root    map[string]any
	offsets map[string]int
	order   map[string][]string
}

// parseTOML decodes a wrangler.toml.
func parseTOML(f *sourceFile) (*parsed, Diagnostics) {
	p := &parsed{root: map[string]any{}, offsets: map[string]int{}, order: map[string][]string{}}
	md, err := toml.Decode(f.text, &p.root)
	if err != nil {
		d := Diagnostic{Severity: Error, File: f.path, Message: "Invalid TOML document: " + err.Error()}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			d.Message = "Invalid TOML document: " + pe.Message
			d.Line, d.Column, d.Source = f.lineCol(pe.Position.Start)
		}
		return nil, Diagnostics{d}
	}
	for _, k := range md.Keys() {
		if len(k) < 2 {
			p.order[""] = append(p.order[""], k[0])
			continue
		}
		parent := strings.Join(k[:len(k)-1], ".")
		p.order[parent] = append(p.order[parent], k[len(k)-1])
	}
	return p, nil
}

var hujsonPos = regexp.MustCompile(`^hujson: line (\d+), column (\d+): (.*)$`)

// parseJSONC decodes a wrangler.json or wrangler.jsonc: JSON with comments and trailing
// commas, as wrangler's jsonc-parser accepts it.
func parseJSONC(f *sourceFile) (*parsed, Diagnostics) {
	v, err := hujson.Parse([]byte(f.text))
	if err != nil {
		d := Diagnostic{Severity: Error, File: f.path, Message: jsoncErrorName(err.Error())}
		if m := hujsonPos.FindStringSubmatch(err.Error()); m != nil {
			d.Line, _ = strconv.Atoi(m[1])
			d.Column, _ = strconv.Atoi(m[2])
			if lines := strings.Split(f.text, "\n"); d.Line-1 < len(lines) {
				d.Source = strings.TrimRight(lines[d.Line-1], "\r")
			}
		}
		return nil, Diagnostics{d}
	}
	p := &parsed{offsets: map[string]int{}, order: map[string][]string{}}
	p.walk("", v)
	std := v.Clone()
	std.Standardize()
	var root any
	if err := json.Unmarshal(std.Pack(), &root); err != nil {
		return nil, Diagnostics{{Severity: Error, File: f.path, Message: "Invalid JSON document: " + err.Error()}}
	}
	obj, ok := root.(map[string]any)
	if !ok {
		return nil, Diagnostics{{Severity: Error, File: f.path, Line: 1, Column: 1,
			Message: "The configuration must be a JSON object but got " + jsonText(root) + "."}}
	}
	p.root = obj
	return p, nil
}

// jsoncErrorName names a JSONC syntax error as wrangler's parser (jsonc-parser) does,
// e.g. CommaExpected; a problem it has no name for keeps hujson's description.
func jsoncErrorName(msg string) string {
	for _, m := range []struct{ contains, name string }{
		{"after object value", "CommaExpected"},
		{"after array value", "CommaExpected"},
		{"after object name", "ColonExpected"},
		{"at start of object name", "PropertyNameExpected"},
		{"parsing object after", "CloseBraceExpected"},
		{"parsing array after", "CloseBracketExpected"},
		{"parsing value: unexpected EOF", "ValueExpected"},
		{"at start of value", "ValueExpected"},
		{"after top-level value", "EndOfFileExpected"},
		{"parsing string", "UnexpectedEndOfString"},
		{"parsing comment", "UnexpectedEndOfComment"},
	} {
		if strings.Contains(msg, m.contains) {
			return m.name
		}
	}
	if i := strings.Index(msg, ": "); strings.HasPrefix(msg, "hujson: line") && i >= 0 {
		msg = msg[strings.LastIndex(msg, ": ")+2:]
	}
	return "Invalid JSON document: " + msg
}

// walk records where every object member and array element starts and the key order of
// every object.
func (p *parsed) walk(path string, v hujson.Value) {
	switch c := v.Value.(type) {
	case *hujson.Object:
		for _, m := range c.Members {
			name := m.Name.Value.(hujson.Literal).String()
			child := name
			if path != "" {
				child = path + "." + name
			}
			p.order[path] = append(p.order[path], name)
			p.offsets[child] = m.Name.StartOffset
			p.walk(child, m.Value)
		}
	case *hujson.Array:
		for i, e := range c.Elements {
			child := path + "[" + strconv.Itoa(i) + "]"
			p.offsets[child] = e.StartOffset
			p.walk(child, e)
		}
	}
}
