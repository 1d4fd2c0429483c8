package goja

// goflare: the texts of the TypeErrors the VM throws, as V8 (and so workerd) words them.
// A worker's code reads them in err.message; goja's own wording differed.

import (
	"sort"
	"strconv"
	"strings"

	"github.com/dop251/goja/ast"
)

// propKeyText is a property key as V8 quotes it in a message (a Symbol as Symbol(desc)).
func propKeyText(key Value) string {
	if s, ok := key.(*Symbol); ok {
		return s.descriptiveString().String()
	}
	return key.String()
}

// nullishName is "null" or "undefined", whichever v is.
func nullishName(v Value) string {
	if v == _null {
		return "null"
	}
	return "undefined"
}

// readPropError is V8's TypeError for reading key of base (undefined or null).
func (r *Runtime) readPropError(base, key Value) *Object {
	return r.NewTypeError("Cannot read properties of %s (reading '%s')", nullishName(base), propKeyText(key))
}

// setBase is base as an object, to set key on; for undefined or null it throws V8's
// TypeError.
func (vm *vm) setBase(base, key Value) *Object {
	if base == _undefined || base == _null || base == nil {
		panic(vm.r.NewTypeError("Cannot set properties of %s (setting '%s')", nullishName(base), propKeyText(key)))
	}
	return base.ToObject(vm.r)
}

// noteExprText records, for the instruction just emitted, the source form of the
// expression it acts on (a callee, a constructor, an iterable), for its error message.
func (c *compiler) noteExprText(text string) {
	if text == "" {
		return
	}
	c.p.exprTexts = append(c.p.exprTexts, exprText{pc: len(c.p.code) - 1, text: text})
}

// exprText is one recorded expression text, by the pc of its instruction; a Program's
// are in pc order, as its instructions are emitted.
type exprText struct {
	pc   int
	text string
}

// exprText is what noteExprText recorded for the running instruction, or fallback.
func (vm *vm) exprText(fallback string) string {
	if vm.prg != nil {
		texts := vm.prg.exprTexts
		i := sort.Search(len(texts), func(i int) bool { return texts[i].pc >= vm.pc })
		if i < len(texts) && texts[i].pc == vm.pc {
			return texts[i].text
		}
	}
	return fallback
}

// notCallable is V8's TypeError for calling callee, which is not a function.
func (vm *vm) notCallable(callee Value) *Object {
	fallback := "expression"
	if m, ok := callee.(memberUnresolved); ok {
		fallback = m.ref.String()
	}
	return vm.r.NewTypeError("%s is not a function", vm.exprText(fallback))
}

// callPrint renders an expression as V8's CallPrinter does in "x is not a function":
// names, member chains and calls as written ("o.f", "a[0]", "o.g(...)"), anything
// else as "(intermediate value)".
func callPrint(e ast.Expression) string {
	if id, ok := e.(*ast.Identifier); ok {
		return id.Name.String() // the common case, without a builder
	}
	var b strings.Builder
	printExpr(&b, e)
	return b.String()
}

// printList prints list between open and close, sep between its elements (a hole in an
// array literal is nil and prints as nothing).
func printList(b *strings.Builder, open string, list []ast.Expression, sep, close string) {
	b.WriteString(open)
	for i, v := range list {
		if i > 0 {
			b.WriteString(sep)
		}
		if v != nil {
			printExpr(b, v)
		}
	}
	b.WriteString(close)
}

func printExpr(b *strings.Builder, e ast.Expression) {
	switch e := e.(type) {
	case *ast.Identifier:
		b.WriteString(e.Name.String())
	case *ast.ThisExpression:
		b.WriteString("this")
	case *ast.SuperExpression:
		b.WriteString("super")
	case *ast.OptionalChain:
		printExpr(b, e.Expression)
	case *ast.Optional:
		printExpr(b, e.Expression)
		b.WriteString("?")
	case *ast.DotExpression:
		printExpr(b, e.Left)
		b.WriteString(".")
		b.WriteString(e.Identifier.Name.String())
	case *ast.PrivateDotExpression:
		printExpr(b, e.Left)
		b.WriteString(".#")
		b.WriteString(e.Identifier.Name.String())
	case *ast.BracketExpression:
		printExpr(b, e.Left)
		if _, opt := e.Left.(*ast.Optional); opt {
			b.WriteString(".")
		}
		if s, ok := e.Member.(*ast.StringLiteral); ok {
			if _, opt := e.Left.(*ast.Optional); !opt {
				b.WriteString(".")
			}
			b.WriteString(s.Value.String())
			return
		}
		b.WriteString("[")
		printExpr(b, e.Member)
		b.WriteString("]")
	case *ast.CallExpression:
		printExpr(b, e.Callee)
		b.WriteString("(...)")
	case *ast.NumberLiteral:
		b.WriteString(e.Literal)
	case *ast.StringLiteral:
		b.WriteString(`"` + e.Value.String() + `"`)
	case *ast.BooleanLiteral:
		b.WriteString(e.Literal)
	case *ast.NullLiteral:
		b.WriteString("null")
	case *ast.ArrayLiteral:
		printList(b, "[", e.Value, ",", "]")
	case *ast.SequenceExpression:
		// esbuild calls imported functions as (0, m.f)(); V8 prints "(0 , m.f)".
		printList(b, "(", e.Sequence, " , ", ")")
	default:
		b.WriteString("(intermediate value)")
	}
}

// getIterator is r.getIterator for the running instruction, whose error names the
// iterated expression as V8 does ("o is not iterable").
func (vm *vm) getIterator(obj Value) *iteratorRecord {
	if toMethod(vm.r.getV(obj, SymIterator)) == nil {
		panic(vm.r.notIterable(obj, vm.exprText("")))
	}
	return vm.r.getIterator(obj, nil)
}

// notIterable is V8's TypeError for iterating v, which has no Symbol.iterator: with the
// expression's text when the VM knows it, else as V8 words it for built-ins
// ("number 5 is not iterable (cannot read property Symbol(Symbol.iterator))").
func (r *Runtime) notIterable(v Value, text string) *Object {
	if text != "" {
		return r.NewTypeError("%s is not iterable", text)
	}
	var what string
	switch v := v.(type) {
	case *Object:
		what = "object"
	case String:
		what = "string " + v.String()
	case *valueBigInt:
		what = "bigint " + v.String()
	case valueInt, valueFloat:
		what = "number " + v.String()
	case valueBool:
		what = "boolean " + v.String()
	default:
		what = nullishName(v)
	}
	return r.NewTypeError("%s is not iterable (cannot read property Symbol(Symbol.iterator))", what)
}

// frameNames fills in f what V8 shows of a frame whose callee sits at stack[sb-1] and
// receiver at stack[sb] (vmCall swaps them): the receiver's type when it is an object other than the
// global one, and whether it was a constructor call. It runs no JS code: the type is
// the name of the "constructor" data property found on the prototype chain.
func (vm *vm) frameNames(f StackFrame, stack valueStack, sb int, newTarget Value) StackFrame {
	if newTarget != nil && newTarget != _undefined {
		f.isNew = true
		return f
	}
	if sb < 1 || sb >= len(stack) {
		return f
	}
	recv, ok := stack[sb].(*Object)
	if !ok || recv == vm.r.globalObject {
		return f
	}
	f.typeName = "Object"
	o := recv
	for range 32 {
		if _, isProxy := o.self.(*proxyObject); isProxy {
			break
		}
		if c, ok := dataValue(o.self.getOwnPropStr("constructor")).(*Object); ok {
			if _, isProxy := c.self.(*proxyObject); !isProxy {
				if name, ok := dataValue(c.self.getOwnPropStr("name")).(String); ok && name.Length() > 0 {
					f.typeName = name.String()
				}
			}
			break
		}
		p := o.self.proto()
		if p == nil {
			break
		}
		o = p
	}
	return f
}

// v8String is the frame as V8 writes it after "at ": "Object.fetch (src/a.ts:4:8)",
// "new Foo (…)", "async fetch (…)", "src/a.ts:1:1" for an unnamed function, and
// "JSON.parse (native)"-like "name (native)" for a built-in.
func (f *StackFrame) v8String() string {
	var b strings.Builder
	if f.isAsync {
		b.WriteString("async ")
	}
	name := f.funcName.String()
	if f.prg != nil {
		name = f.prg.funcName.String()
	}
	switch {
	case f.isNew:
		if name == "" {
			name = "<anonymous>"
		}
		name = "new " + name
	case f.typeName != "" && f.prg != nil:
		if name == "" {
			name = "<anonymous>"
		}
		if !strings.HasPrefix(name, f.typeName+".") {
			name = f.typeName + "." + name
		}
	}
	if f.prg == nil {
		if name == "" {
			return b.String() + "native"
		}
		return b.String() + name + " (native)"
	}
	p := f.Position()
	loc := p.Filename
	if loc == "" {
		loc = "<anonymous>"
	}
	loc += ":" + strconv.Itoa(p.Line) + ":" + strconv.Itoa(p.Column)
	if name == "" {
		return b.String() + loc
	}
	return b.String() + name + " (" + loc + ")"
}

// dataValue is v's value when it is a data property, nil for an accessor.
func dataValue(v Value) Value {
	if p, ok := v.(*valueProperty); ok {
		if p.accessor {
			return nil
		}
		return p.value
	}
	return v
}

// goflare: the RegExp d flag (hasIndices), which goja lacks.

// regexpproto_getHasIndices is RegExp.prototype.hasIndices.
func (r *Runtime) regexpproto_getHasIndices(call FunctionCall) Value {
	if this, ok := r.toObject(call.This).self.(*regexpObject); ok {
		if this.pattern.hasIndices {
			return valueTrue
		}
		return valueFalse
	} else if call.This == r.global.RegExpPrototype {
		return _undefined
	}
	panic(r.NewTypeError("Method RegExp.prototype.hasIndices getter called on incompatible receiver %s", r.objectproto_toString(FunctionCall{This: call.This})))
}

// addMatchIndices gives an exec result of a d-flag RegExp its indices array: [start,
// end] of each capture (undefined where it did not take part), with groups by name.
func (r *Runtime) addMatchIndices(match *Object, valueArray []Value, result regexpResult) {
	pairs := make([]Value, len(valueArray))
	for i := range valueArray {
		if valueArray[i] == _undefined {
			pairs[i] = _undefined
			continue
		}
		pairs[i] = r.newArrayValues([]Value{intToValue(int64(result.indexes[2*i])), intToValue(int64(result.indexes[2*i+1]))})
	}
	indices := r.newArrayValues(pairs)
	var groupsVal Value = _undefined
	if groups := r.createRegexpGroupsObj(pairs, result.groups); groups != nil {
		groupsVal = groups
	}
	indices.self.defineOwnPropertyStr("groups", PropertyDescriptor{
		Value: groupsVal, Writable: FLAG_TRUE, Configurable: FLAG_TRUE, Enumerable: FLAG_TRUE,
	}, false)
	match.self.defineOwnPropertyStr("indices", PropertyDescriptor{
		Value: indices, Writable: FLAG_TRUE, Configurable: FLAG_TRUE, Enumerable: FLAG_TRUE,
	}, false)
}

// stackOverflow is V8's RangeError for a call stack past the maximum depth: an ordinary
// exception, which the script's own try/catch can catch, with V8's 10 frames (its
// default Error.stackTraceLimit) rather than all of them.
func (vm *vm) stackOverflow() *Object {
	o := vm.r.newError(vm.r.getRangeError(), "Maximum call stack size exceeded").(*Object)
	if e, ok := o.self.(*errorObject); ok && len(e.stack) > 10 {
		e.stack = e.stack[:10:10]
	}
	return o
}
