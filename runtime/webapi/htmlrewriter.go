package webapi

import (
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/dop251/goja"
	xhtml "golang.org/x/net/html"
)

// HTMLRewriter (js/htmlrewriter.js is its JavaScript face) walks the page in Go: x/net/html's
// tokenizer, the open elements, selector matching and the output are here, and only the
// handler calls cross into JavaScript. The JavaScript asks the walker for the next call
// (next), makes it, awaits it when it returned a promise, and asks again: a page's
// unmatched tags never reach JavaScript, and a synchronous handler costs no promise.

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "param": true, "source": true, "track": true, "wbr": true}

// hrHandler is one on(selector, handlers).
type hrHandler struct {
	chains                  []selChain
	this                    goja.Value
	element, text, comments goja.Value
}

// hrDocHandler is one onDocument(handlers).
type hrDocHandler struct {
	this                         goja.Value
	doctype, comments, text, end goja.Value
}

// hrCall is one handler call the JavaScript makes.
type hrCall struct{ fn, this, arg goja.Value }

// hrTask is a token's (or a closing element's) handler calls and what is written once
// they are done.
type hrTask struct {
	calls []hrCall
	after func()
}

// hrOpen is an open element: what selectors see and what its handlers did.
type hrOpen struct {
	node      hnode
	origName  string
	rawName   string // the name as the source wrote it
	modified  bool   // attributes or name changed: the start tag is written anew
	counts    int
	typeCount map[string]int
	matched   []*hrHandler
	before    []string
	after     []string
	prepend   []string
	append    []string
	replace   *string
	inner     *string
	removed   bool
	keepTags  bool
	endTag    []goja.Value
	supp      bool
}

type hrEnd struct {
	name          string
	before, after []string
	removed       bool
}

type hrPiece struct {
	text          string
	last          bool
	before, after []string
	replace       *string
	removed       bool
	modified      bool
}

type hrWalker struct {
	r         *Realm
	src       *hrSource
	tok       hrToken // the token being handled
	out       strings.Builder
	handlers  []*hrHandler
	docs      []*hrDocHandler
	stack     []*hrOpen
	root      hrOpen
	suppress  int
	tasks     []hrTask
	finishing bool
	finished  bool
}

func (w *hrWalker) emit(parts ...string) {
	if w.suppress == 0 {
		for _, p := range parts {
			w.out.WriteString(p)
		}
	}
}

// hrNeed is what next returns when the tokenizer has no token ready: JavaScript then
// waits (wait), feeding the tokenizer the next chunk of the page if it asks for one.
var hrNeed = &hrCall{}

// next returns the next handler call, hrNeed when the next token is not ready yet, or
// nil when the page is written.
func (w *hrWalker) next() *hrCall {
	for {
		if len(w.tasks) > 0 {
			t := &w.tasks[0]
			if len(t.calls) > 0 {
				c := t.calls[0]
				t.calls = t.calls[1:]
				return &c
			}
			after := t.after
			w.tasks = w.tasks[1:]
			if after != nil {
				after()
			}
			continue
		}
		if w.finished {
			return nil
		}
		if !w.advance() {
			return hrNeed
		}
	}
}

// hrToken is one token as the tokenizer goroutine read it.
type hrToken struct {
	tt   xhtml.TokenType
	raw  string
	name string      // an end tag's
	tok  xhtml.Token // a start tag's or doctype's
}

// hrSource streams the page through x/net/html's tokenizer on its own goroutine:
// JavaScript feeds it the page's chunks as the response body yields them, the tokenizer
// reads them (waiting when it has read everything fed so far: starved), and the tokens
// queue up for the walker, on the loop, to take.
type hrSource struct {
	mu      sync.Mutex
	cond    *sync.Cond
	buf     []byte
	closed  bool // the page has ended: the tokenizer reads io.EOF once buf is empty
	starved bool // the tokenizer waits for more of the page
	tokens  []hrToken
	done    bool          // the tokenizer has ended (its last token is the ErrorToken)
	taken   []hrToken     // the walker's batch (on the loop, without the lock)
	next    int           // the next of taken
	notify  chan struct{} // a token came, or the tokenizer starved
}

// hrBatch is how many tokens wait lets queue up before the walker takes them.
const hrBatch = 256

func newHRSource() *hrSource {
	s := &hrSource{notify: make(chan struct{}, 1)}
	s.cond = sync.NewCond(&s.mu)
	go s.tokenize()
	return s
}

func (s *hrSource) signal() {
	select {
	case s.notify <- struct{}{}:
	default:
	}
}

// Read gives the tokenizer what was fed, waiting for more when it has had it all.
func (s *hrSource) Read(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.buf) == 0 && !s.closed {
		s.starved = true
		s.signal()
		s.cond.Wait()
	}
	s.starved = false
	if len(s.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// feed adds a chunk of the page; end says there is no more.
func (s *hrSource) feed(b []byte, end bool) {
	s.mu.Lock()
	s.buf = append(s.buf, b...)
	if end {
		s.closed = true
	}
	s.starved = false
	s.cond.Signal()
	s.mu.Unlock()
}

func (s *hrSource) tokenize() {
	z := xhtml.NewTokenizer(s)
	for {
		tt := z.Next()
		t := hrToken{tt: tt, raw: string(z.Raw())}
		switch tt {
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			t.name = string(name)
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken, xhtml.DoctypeToken:
			t.tok = z.Token()
		}
		s.mu.Lock()
		s.tokens = append(s.tokens, t)
		s.done = tt == xhtml.ErrorToken
		s.mu.Unlock()
		s.signal()
		if tt == xhtml.ErrorToken {
			return
		}
	}
}

// pop takes the next token, if one is ready: from the batch taken last, or by taking
// every token queued since (one lock a batch, not a token).
func (s *hrSource) pop() (hrToken, bool) {
	if s.next < len(s.taken) {
		t := s.taken[s.next]
		s.taken[s.next] = hrToken{}
		s.next++
		return t, true
	}
	s.mu.Lock()
	s.taken, s.tokens = s.tokens, s.taken[:0]
	s.mu.Unlock()
	s.next = 0
	if len(s.taken) == 0 {
		return hrToken{}, false
	}
	return s.pop()
}

// wait blocks until tokens are ready (false) or the tokenizer wants more of the page
// (true). It waits for a batch of tokens rather than one: each wait costs the loop a
// promise, and the walker is faster than the tokenizer.
func (s *hrSource) wait() (more bool) {
	for {
		s.mu.Lock()
		queued, done, starved := len(s.tokens), s.done, s.starved
		s.mu.Unlock()
		switch {
		case done || queued >= hrBatch:
			return false
		case starved: // the walker takes what is queued before the page is read further
			return queued == 0
		}
		<-s.notify
	}
}

func (w *hrWalker) push(calls []hrCall, after func()) {
	w.tasks = append(w.tasks, hrTask{calls: calls, after: after})
}

func (w *hrWalker) nodes() []*hnode {
	out := make([]*hnode, len(w.stack))
	for i, o := range w.stack {
		out[i] = &o.node
	}
	return out
}

// advance takes the next token and queues its work; it reports false when no token is
// ready yet.
func (w *hrWalker) advance() bool {
	if w.finishing {
		w.finished = true
		var calls []hrCall
		end := w.r.htmlDocEnd.New(w)
		for _, d := range w.docs {
			if isCallable(d.end) {
				calls = append(calls, hrCall{d.end, d.this, end})
			}
		}
		w.push(calls, nil)
		return true
	}
	t, ok := w.src.pop()
	if !ok {
		return false
	}
	w.tok = t
	if t.tt == xhtml.ErrorToken {
		for len(w.stack) > 0 {
			w.closeTop(nil)
		}
		w.finishing = true
		return true
	}
	raw := t.raw
	switch t.tt {
	case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
		w.startTag(raw, t.tt == xhtml.SelfClosingTagToken)
	case xhtml.EndTagToken:
		w.endTag(raw, t.name)
	case xhtml.TextToken:
		w.piece(raw, true)
	case xhtml.CommentToken:
		w.piece(raw, false)
	case xhtml.DoctypeToken:
		d := w.r.htmlDoctype.New(parseDoctype(t.tok.Data))
		var calls []hrCall
		for _, h := range w.docs {
			if isCallable(h.doctype) {
				calls = append(calls, hrCall{h.doctype, h.this, d})
			}
		}
		w.push(calls, func() { w.emit(raw) })
	}
	return true
}

func (w *hrWalker) startTag(raw string, selfClosing bool) {
	tok := w.tok.tok
	parent := &w.root
	if len(w.stack) > 0 {
		parent = w.stack[len(w.stack)-1]
	}
	name := tok.Data
	parent.counts++
	if parent.typeCount == nil {
		parent.typeCount = map[string]int{}
	}
	parent.typeCount[name]++
	o := &hrOpen{node: hnode{name: name, index: parent.counts, typeIndex: parent.typeCount[name]}, origName: name}
	for _, a := range tok.Attr {
		o.node.attrs = append(o.node.attrs, [2]string{a.Key, a.Val})
	}
	var calls []hrCall
	if len(w.handlers) > 0 {
		ancestors := w.nodes()
		for _, h := range w.handlers {
			for _, c := range h.chains {
				if matchChain(c, &o.node, ancestors) {
					o.matched = append(o.matched, h)
					break
				}
			}
		}
		if w.suppress == 0 {
			var el goja.Value
			for _, h := range o.matched {
				if isCallable(h.element) {
					if el == nil {
						el = w.r.htmlElement.New(o)
					}
					calls = append(calls, hrCall{h.element, h.this, el})
				}
			}
		}
	}
	w.push(calls, func() {
		w.emit(o.before...)
		if o.removed {
			if o.replace != nil {
				w.emit(*o.replace)
			}
		} else {
			if !o.keepTags {
				if !o.modified {
					w.emit(raw)
				} else {
					var b strings.Builder
					b.WriteString("<" + o.node.name)
					for _, a := range o.node.attrs {
						b.WriteString(" " + a[0] + `="` + escapeAttr(a[1]) + `"`)
					}
					if selfClosing {
						b.WriteString(" /")
					}
					b.WriteString(">")
					w.emit(b.String())
				}
			}
			w.emit(o.prepend...)
			if o.inner != nil {
				w.emit(*o.inner)
			}
		}
		o.supp = o.removed || o.inner != nil
		if voidElements[name] || selfClosing {
			w.emit(o.after...)
			return
		}
		if o.supp {
			w.suppress++
		}
		w.stack = append(w.stack, o)
	})
}

func (w *hrWalker) endTag(raw, name string) {
	at := -1
	for i := len(w.stack) - 1; i >= 0; i-- {
		if w.stack[i].origName == name {
			at = i
			break
		}
	}
	if at < 0 {
		w.push(nil, func() { w.emit(raw) })
		return
	}
	for len(w.stack) > at+1 {
		w.closeTop(nil) // an end tag the source left out
	}
	r := raw
	w.closeTop(&r)
}

// closeTop queues the closing of the innermost open element; raw is its end tag as the
// source wrote it (nil when the source left it out: then none is written).
func (w *hrWalker) closeTop(raw *string) {
	o := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	end := &hrEnd{name: o.node.name}
	var calls []hrCall
	if !o.removed && len(o.endTag) > 0 {
		et := w.r.htmlEndTag.New(end)
		for _, h := range o.endTag {
			calls = append(calls, hrCall{h, goja.Undefined(), et})
		}
	}
	w.push(calls, func() {
		if o.supp {
			w.suppress--
		}
		if w.suppress != 0 {
			return
		}
		if !o.removed {
			w.emit(o.append...)
			w.emit(end.before...)
			if raw != nil && !o.keepTags && !end.removed {
				if o.node.name != o.origName || end.name != o.origName {
					w.emit("</" + end.name + ">")
				} else {
					w.emit(*raw)
				}
			}
			w.emit(end.after...)
		}
		w.emit(o.after...)
	})
}

// piece queues a text node's two chunks (its text, then an empty last one, as lol-html
// ends a text node) or a comment.
func (w *hrWalker) piece(raw string, isText bool) {
	var targets []hrCall
	pick := func(fn, this goja.Value) {
		if isCallable(fn) {
			targets = append(targets, hrCall{fn: fn, this: this})
		}
	}
	for _, d := range w.docs {
		if isText {
			pick(d.text, d.this)
		} else {
			pick(d.comments, d.this)
		}
	}
	seen := map[*hrHandler]bool{}
	for _, o := range w.stack {
		for _, h := range o.matched {
			if !seen[h] {
				seen[h] = true
				if isText {
					pick(h.text, h.this)
				} else {
					pick(h.comments, h.this)
				}
			}
		}
	}
	if w.suppress > 0 || len(targets) == 0 {
		w.push(nil, func() { w.emit(raw) })
		return
	}
	chunks := []*hrPiece{{text: raw}, {last: true}}
	if !isText {
		chunks = []*hrPiece{{text: strings.TrimSuffix(strings.TrimPrefix(raw, "<!--"), "-->")}}
	}
	for _, p := range chunks {
		var obj goja.Value
		if isText {
			obj = w.r.htmlText.New(p)
		} else {
			obj = w.r.htmlComment.New(p)
		}
		calls := make([]hrCall, len(targets))
		for i, t := range targets {
			calls[i] = hrCall{t.fn, t.this, obj}
		}
		w.push(calls, func() {
			w.emit(p.before...)
			switch {
			case p.removed:
				if p.replace != nil {
					w.emit(*p.replace)
				}
			case !isText && p.modified:
				w.emit("<!--" + p.text + "-->")
			case !isText:
				w.emit(raw)
			default:
				w.emit(p.text)
			}
			w.emit(p.after...)
		})
	}
}

func isCallable(v goja.Value) bool {
	_, ok := goja.AssertFunction(v)
	return ok
}

var doctypeIDs = regexp.MustCompile(`(?i)(PUBLIC|SYSTEM)\s+("[^"]*"|'[^']*')(?:\s+("[^"]*"|'[^']*'))?`)

// hrDoctype is a doctype's name and ids (nil when absent).
type hrDoctype struct {
	name           string
	public, system *string
}

func parseDoctype(data string) *hrDoctype {
	d := &hrDoctype{name: strings.ToLower(strings.Fields(data + " ")[0])}
	if ids := doctypeIDs.FindStringSubmatch(data); ids != nil {
		unq := func(s string) *string {
			if s == "" {
				return nil
			}
			v := s[1 : len(s)-1]
			return &v
		}
		if strings.EqualFold(ids[1], "PUBLIC") {
			d.public, d.system = unq(ids[2]), unq(ids[3])
		} else {
			d.system = unq(ids[2])
		}
	}
	return d
}

// escapeText is what content not marked {html: true} is written as.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func escapeAttr(s string) string { return strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(s) }
