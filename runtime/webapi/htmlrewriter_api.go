package webapi

import (
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// installHTMLRewriter defines HTMLRewriter: js/htmlrewriter.js over the walker
// (htmlrewriter.go) and the objects handlers get, as workerd names them.
func installHTMLRewriter(r *Realm) {
	vm := r.VM
	r.installHTMLClasses()
	native := vm.NewObject()
	native.Set("parse", func(call goja.FunctionCall) goja.Value {
		chains, err := parseSelector(jsx.String(vm, call.Argument(0)))
		if err != nil {
			jsx.Throw(vm, err)
		}
		return vm.ToValue(chains)
	})
	native.Set("walker", func(call goja.FunctionCall) goja.Value {
		w := &hrWalker{r: r, src: newHRSource()}
		get := func(o *goja.Object, name string) goja.Value {
			if o == nil {
				return nil
			}
			return o.Get(name)
		}
		for _, item := range r.iterate(call.Argument(0).ToObject(vm)) {
			pair := item.ToObject(vm)
			chains, _ := pair.Get("0").Export().([]selChain)
			h, _ := pair.Get("1").(*goja.Object)
			w.handlers = append(w.handlers, &hrHandler{chains: chains, this: h, element: get(h, "element"), text: get(h, "text"), comments: get(h, "comments")})
		}
		for _, item := range r.iterate(call.Argument(1).ToObject(vm)) {
			h, _ := item.(*goja.Object)
			w.docs = append(w.docs, &hrDocHandler{this: h, doctype: get(h, "doctype"), comments: get(h, "comments"), text: get(h, "text"), end: get(h, "end")})
		}
		o := vm.NewObject()
		o.Set("next", func(goja.FunctionCall) goja.Value {
			c := w.next()
			if c == nil {
				return goja.Null()
			}
			if c == hrNeed {
				return goja.Undefined()
			}
			res := vm.NewObject()
			res.Set("fn", c.fn)
			res.Set("self", c.this)
			res.Set("arg", c.arg)
			return res
		})
		// take returns what was written since the last take.
		o.Set("take", func(goja.FunctionCall) goja.Value {
			out := w.out.String()
			w.out.Reset()
			return vm.ToValue(out)
		})
		// feed gives the tokenizer a chunk of the page (bytes), or the page's end (none).
		o.Set("feed", func(call goja.FunctionCall) goja.Value {
			if b, ok := r.BytesOf(call.Argument(0)); ok {
				w.src.feed(append([]byte(nil), b...), false)
			} else {
				w.src.feed(nil, true)
			}
			return goja.Undefined()
		})
		// wait resolves when a token is ready (false) or the tokenizer wants more (true).
		o.Set("wait", func(goja.FunctionCall) goja.Value {
			p, settle := r.Bridge.Promise()
			go func() {
				more := w.src.wait()
				settle.Settle(func(vm *goja.Runtime) (goja.Value, error) { return vm.ToValue(more), nil })
			}()
			return vm.ToValue(p)
		})
		return o
	})
	make, _ := goja.AssertFunction(r.runScript("htmlrewriter.js"))
	ctor, err := make(goja.Undefined(), native)
	if err != nil {
		panic(err)
	}
	vm.GlobalObject().DefineDataProperty("HTMLRewriter", ctor, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
}

// contentArg is a content operation's text, escaped unless {html: true}.
func contentArg(vm *goja.Runtime, call goja.FunctionCall) string {
	s := jsx.String(vm, call.Argument(0))
	if o, ok := call.Argument(1).(*goja.Object); ok {
		if h := o.Get("html"); h != nil && h.ToBoolean() {
			return s
		}
	}
	return escapeText(s)
}

func (r *Realm) installHTMLClasses() {
	vm := r.VM
	str := func(s string) goja.Value { return vm.ToValue(s) }
	accessor := func(c *jsx.Class, name string, get func(goja.Value) goja.Value, set func(goja.Value, goja.Value)) {
		var setter goja.Value
		if set != nil {
			setter = jsx.Func(vm, "", func(call goja.FunctionCall) goja.Value { set(call.This, call.Argument(0)); return goja.Undefined() })
		}
		c.Prototype.DefineAccessorProperty(name, jsx.Func(vm, "", func(call goja.FunctionCall) goja.Value { return get(call.This) }), setter, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}

	el := jsx.NewClass(vm, "Element", nil)
	r.htmlElement = el
	accessor(el, "tagName", func(t goja.Value) goja.Value { return str(jsx.This[*hrOpen](vm, t).node.name) }, func(t, v goja.Value) {
		o := jsx.This[*hrOpen](vm, t)
		o.node.name = strings.ToLower(jsx.String(vm, v))
		o.modified = true
	})
	accessor(el, "attributes", func(t goja.Value) goja.Value {
		o := jsx.This[*hrOpen](vm, t)
		items := make([]any, len(o.node.attrs))
		for i, a := range o.node.attrs {
			items[i] = vm.NewArray(a[0], a[1])
		}
		return r.arrayIterator(items)
	}, nil)
	accessor(el, "namespaceURI", func(goja.Value) goja.Value { return str("http://www.w3.org/1999/xhtml") }, nil)
	accessor(el, "removed", func(t goja.Value) goja.Value { return vm.ToValue(jsx.This[*hrOpen](vm, t).removed) }, nil)
	accessor(el, "selfClosing", func(goja.Value) goja.Value { return goja.Null() }, nil) // as workerd answers
	accessor(el, "canHaveContent", func(goja.Value) goja.Value { return goja.Null() }, nil)
	jsx.Method(el, "getAttribute", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		if v, ok := o.node.attr(strings.ToLower(jsx.String(vm, call.Argument(0)))); ok {
			return str(v)
		}
		return goja.Null()
	})
	jsx.Method(el, "hasAttribute", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		_, ok := o.node.attr(strings.ToLower(jsx.String(vm, call.Argument(0))))
		return vm.ToValue(ok)
	})
	jsx.Method(el, "setAttribute", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		name, value := strings.ToLower(jsx.String(vm, call.Argument(0))), jsx.String(vm, call.Argument(1))
		o.modified = true
		for i := range o.node.attrs {
			if o.node.attrs[i][0] == name {
				o.node.attrs[i][1] = value
				return call.This
			}
		}
		o.node.attrs = append(o.node.attrs, [2]string{name, value})
		return call.This
	})
	jsx.Method(el, "removeAttribute", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		name := strings.ToLower(jsx.String(vm, call.Argument(0)))
		kept := o.node.attrs[:0]
		for _, a := range o.node.attrs {
			if a[0] != name {
				kept = append(kept, a)
			}
		}
		o.node.attrs = kept
		o.modified = true
		return call.This
	})
	jsx.Method(el, "before", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		o.before = append(o.before, contentArg(vm, call))
		return call.This
	})
	jsx.Method(el, "after", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		o.after = append([]string{contentArg(vm, call)}, o.after...)
		return call.This
	})
	jsx.Method(el, "prepend", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		o.prepend = append([]string{contentArg(vm, call)}, o.prepend...)
		return call.This
	})
	jsx.Method(el, "append", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		o.append = append(o.append, contentArg(vm, call))
		return call.This
	})
	jsx.Method(el, "replace", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		c := contentArg(vm, call)
		o.replace, o.removed = &c, true
		return call.This
	})
	jsx.Method(el, "setInnerContent", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		c := contentArg(vm, call)
		o.inner = &c
		return call.This
	})
	jsx.Method(el, "remove", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		o.removed = true
		return call.This
	})
	jsx.Method(el, "removeAndKeepContent", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		o.keepTags = true
		return call.This
	})
	jsx.Method(el, "onEndTag", func(o *hrOpen, call goja.FunctionCall) goja.Value {
		if !isCallable(call.Argument(0)) {
			jsx.Throw(vm, jsx.TypeError("Failed to execute 'onEndTag' on 'Element': parameter 1 is not of type 'Function'."))
		}
		if voidElements[o.origName] {
			jsx.Throw(vm, jsx.TypeError("No end tag."))
		}
		o.endTag = append(o.endTag, call.Argument(0))
		return goja.Undefined()
	})

	end := jsx.NewClass(vm, "EndTag", nil)
	r.htmlEndTag = end
	accessor(end, "name", func(t goja.Value) goja.Value { return str(jsx.This[*hrEnd](vm, t).name) }, func(t, v goja.Value) {
		jsx.This[*hrEnd](vm, t).name = strings.ToLower(jsx.String(vm, v))
	})
	jsx.Method(end, "before", func(e *hrEnd, call goja.FunctionCall) goja.Value {
		e.before = append(e.before, contentArg(vm, call))
		return call.This
	})
	jsx.Method(end, "after", func(e *hrEnd, call goja.FunctionCall) goja.Value {
		e.after = append([]string{contentArg(vm, call)}, e.after...)
		return call.This
	})
	jsx.Method(end, "remove", func(e *hrEnd, call goja.FunctionCall) goja.Value {
		e.removed = true
		return call.This
	})

	piece := func(name string) *jsx.Class {
		c := jsx.NewClass(vm, name, nil)
		accessor(c, "removed", func(t goja.Value) goja.Value { return vm.ToValue(jsx.This[*hrPiece](vm, t).removed) }, nil)
		jsx.Method(c, "before", func(p *hrPiece, call goja.FunctionCall) goja.Value {
			p.before = append(p.before, contentArg(vm, call))
			return call.This
		})
		jsx.Method(c, "after", func(p *hrPiece, call goja.FunctionCall) goja.Value {
			p.after = append([]string{contentArg(vm, call)}, p.after...)
			return call.This
		})
		jsx.Method(c, "replace", func(p *hrPiece, call goja.FunctionCall) goja.Value {
			s := contentArg(vm, call)
			p.replace, p.removed = &s, true
			return call.This
		})
		jsx.Method(c, "remove", func(p *hrPiece, call goja.FunctionCall) goja.Value {
			p.removed = true
			return call.This
		})
		return c
	}
	text := piece("Text")
	r.htmlText = text
	accessor(text, "text", func(t goja.Value) goja.Value { return str(jsx.This[*hrPiece](vm, t).text) }, nil)
	accessor(text, "lastInTextNode", func(t goja.Value) goja.Value { return vm.ToValue(jsx.This[*hrPiece](vm, t).last) }, nil)
	comment := piece("Comment")
	r.htmlComment = comment
	accessor(comment, "text", func(t goja.Value) goja.Value { return str(jsx.This[*hrPiece](vm, t).text) }, func(t, v goja.Value) {
		p := jsx.This[*hrPiece](vm, t)
		p.text, p.modified = jsx.String(vm, v), true
	})

	doctype := jsx.NewClass(vm, "Doctype", nil)
	r.htmlDoctype = doctype
	optional := func(s *string) goja.Value {
		if s == nil {
			return goja.Null()
		}
		return str(*s)
	}
	accessor(doctype, "name", func(t goja.Value) goja.Value { return str(jsx.This[*hrDoctype](vm, t).name) }, nil)
	accessor(doctype, "publicId", func(t goja.Value) goja.Value { return optional(jsx.This[*hrDoctype](vm, t).public) }, nil)
	accessor(doctype, "systemId", func(t goja.Value) goja.Value { return optional(jsx.This[*hrDoctype](vm, t).system) }, nil)

	docEnd := jsx.NewClass(vm, "DocumentEnd", nil)
	r.htmlDocEnd = docEnd
	jsx.Method(docEnd, "append", func(w *hrWalker, call goja.FunctionCall) goja.Value {
		w.out.WriteString(contentArg(vm, call))
		return call.This
	})
}
