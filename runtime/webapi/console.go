package webapi

import (
	"bytes"
	_ "embed"
	"io"
	"strings"

	"github.com/dop251/goja"
)

// installConsole defines console: log, info and debug write to stdout; warn, error and
// trace to stderr; each line formatted as wrangler dev shows it (inspect.js). Output is
// unprefixed, as a worker's console output is in wrangler dev.
func installConsole(r *Realm) {
	vm := r.VM
	makeFormat, _ := goja.AssertFunction(r.runScript("inspect.js"))
	formatFn, err := makeFormat(goja.Undefined(), vm.ToValue(func(call goja.FunctionCall) goja.Value {
		return promiseState(vm, call.Argument(0))
	}))
	if err != nil {
		panic(err)
	}
	format, _ := goja.AssertFunction(formatFn)
	r.Format = formatFn.ToObject(vm)
	line := func(out io.Writer) func(goja.FunctionCall) goja.Value {
		return func(call goja.FunctionCall) goja.Value {
			s, err := format(goja.Undefined(), call.Arguments...)
			if err != nil {
				panic(err)
			}
			io.WriteString(out, s.String()+"\n")
			return goja.Undefined()
		}
	}
	console := vm.NewObject()
	quiet := func(goja.FunctionCall) goja.Value { return goja.Undefined() }
	// What --log-level prints of each, as wrangler dev 4.86 does: debug shows from info up.
	for _, m := range []struct {
		name  string
		out   io.Writer
		level LogLevel
	}{{"log", r.Stdout, LogLog}, {"info", r.Stdout, LogInfo}, {"debug", r.Stdout, LogInfo}, {"warn", r.Stderr, LogWarn}, {"error", r.Stderr, LogError}} {
		if r.LogLevel < m.level {
			console.Set(m.name, quiet)
			continue
		}
		console.Set(m.name, line(m.out))
	}
	console.Set("trace", func(call goja.FunctionCall) goja.Value {
		if r.LogLevel < LogLog {
			return goja.Undefined()
		}
		s, err := format(goja.Undefined(), call.Arguments...)
		if err != nil {
			panic(err)
		}
		stack := vm.CaptureCallStack(0, nil)
		var b strings.Builder
		b.WriteString("Trace: " + s.String())
		for _, f := range stack[1:] {
			b.WriteString("\n    at ")
			b.WriteString(strings.TrimSpace(frameString(f)))
		}
		io.WriteString(r.Stderr, b.String()+"\n")
		return goja.Undefined()
	})
	console.Set("assert", func(call goja.FunctionCall) goja.Value {
		if call.Argument(0).ToBoolean() || r.LogLevel < LogError {
			return goja.Undefined()
		}
		args := append([]goja.Value{vm.ToValue("Assertion failed")}, call.Arguments[min(1, len(call.Arguments)):]...)
		if len(call.Arguments) > 1 {
			args[0] = vm.ToValue("Assertion failed:")
		}
		s, _ := format(goja.Undefined(), args...)
		io.WriteString(r.Stderr, s.String()+"\n")
		return goja.Undefined()
	})
	// workerd has these, and wrangler dev's terminal shows nothing of them (no count, no
	// timing, no group label or indentation, no table, no dir): they exist, so calling one is
	// not a TypeError, and print nothing.
	for _, name := range []string{"count", "countReset", "time", "timeLog", "timeEnd", "timeStamp", "group", "groupCollapsed", "groupEnd", "table", "dir", "dirxml", "profile", "profileEnd", "clear"} {
		console.Set(name, quiet)
	}
	vm.Set("console", console)
}

// frameString renders a stack frame as "fn (file:line:col)".
func frameString(f goja.StackFrame) string {
	var b bytes.Buffer
	f.Write(&b)
	return b.String()
}

// promiseState is [state, result] of a promise, which JavaScript cannot read: util.inspect
// shows Promise { 4 } and Promise { <rejected> Error: … }.
func promiseState(vm *goja.Runtime, v goja.Value) goja.Value {
	p, ok := v.Export().(*goja.Promise)
	if !ok {
		return vm.NewArray("pending")
	}
	switch p.State() {
	case goja.PromiseStateFulfilled:
		return vm.NewArray("fulfilled", p.Result())
	case goja.PromiseStateRejected:
		return vm.NewArray("rejected", p.Result())
	}
	return vm.NewArray("pending")
}
