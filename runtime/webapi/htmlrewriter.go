package webapi

import (
	"encoding/json"
	"regexp"
	"strings"

	"github.com/dop251/goja"
	"golang.org/x/net/html"
)

// installHTMLRewriter defines HTMLRewriter (js/htmlrewriter.js) over x/net/html's
// tokenizer, which splits the document into tags, text, comments and a doctype, each
// with its raw bytes, so that what no handler touches comes out exactly as it went in.
func installHTMLRewriter(r *Realm) {
	vm := r.VM
	make, _ := goja.AssertFunction(r.runScript("htmlrewriter.js"))
	tokenize := func(call goja.FunctionCall) goja.Value {
		// As JSON: JSON.parse makes plain JS objects much faster than JS reads Go maps.
		text, err := json.Marshal(tokenizeHTML(call.Argument(0).String()))
		if err != nil {
			panic(err)
		}
		return vm.ToValue(string(text))
	}
	ctor, err := make(goja.Undefined(), vm.ToValue(tokenize))
	if err != nil {
		panic(err)
	}
	vm.GlobalObject().DefineDataProperty("HTMLRewriter", ctor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

var doctypeIDs = regexp.MustCompile(`(?i)(PUBLIC|SYSTEM)\s+("[^"]*"|'[^']*')(?:\s+("[^"]*"|'[^']*'))?`)

// tokenizeHTML splits doc into tokens ({t, raw, name, attrs, selfClosing, text,
// publicId, systemId}).
func tokenizeHTML(doc string) []map[string]any {
	z := html.NewTokenizer(strings.NewReader(doc))
	var out []map[string]any
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		raw := string(z.Raw())
		tok := z.Token()
		m := map[string]any{"raw": raw}
		switch tt {
		case html.StartTagToken, html.SelfClosingTagToken:
			m["t"], m["name"] = "start", tok.Data
			attrs := make([]any, len(tok.Attr))
			for i, a := range tok.Attr {
				attrs[i] = []any{a.Key, a.Val}
			}
			m["attrs"] = attrs
			m["selfClosing"] = tt == html.SelfClosingTagToken
		case html.EndTagToken:
			m["t"], m["name"] = "end", tok.Data
		case html.TextToken:
			m["t"] = "text"
		case html.CommentToken:
			m["t"], m["text"] = "comment", tok.Data
		case html.DoctypeToken:
			m["t"], m["name"] = "doctype", strings.ToLower(strings.Fields(tok.Data + " ")[0])
			if ids := doctypeIDs.FindStringSubmatch(tok.Data); ids != nil {
				unq := func(s string) any {
					if s == "" {
						return nil
					}
					return s[1 : len(s)-1]
				}
				if strings.EqualFold(ids[1], "PUBLIC") {
					m["publicId"], m["systemId"] = unq(ids[2]), unq(ids[3])
				} else {
					m["systemId"] = unq(ids[2])
				}
			}
		}
		out = append(out, m)
	}
}
