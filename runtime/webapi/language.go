package webapi

import (
	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// errCodeGeneration is workerd's refusal of eval and new Function: Workers may not
// compile code from strings, so code that relies on it fails locally as it would deployed.
const errCodeGeneration = "Code generation from strings disallowed for this context"

// MaxJSONDepth is how deeply nested a text JSON.parse (and so request.json()) accepts.
// goja's parser recurses on the Go stack, which is not recoverable when it overflows, so
// deeper input throws V8's stack-overflow RangeError instead of crashing the process
// (goja.Runtime.SetJSONMaxDepth).
const MaxJSONDepth = 100_000

// installLanguage adjusts the language built-ins to workerd's rules: eval and the
// Function constructors (plain, async, generator) throw EvalError, JSON.parse refuses
// nesting past MaxJSONDepth, and JSON.stringify is ours (json.go); and it adds the
// built-ins goja lacks (js/language.js).
func installLanguage(r *Realm) {
	vm := r.VM
	refuse := func(goja.FunctionCall) goja.Value {
		jsx.Throw(vm, &jsx.Error{Name: "EvalError", Message: errCodeGeneration})
		return nil
	}
	eval := vm.ToValue(refuse).ToObject(vm)
	eval.DefineDataProperty("name", vm.ToValue("eval"), goja.FLAG_FALSE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	vm.GlobalObject().DefineDataProperty("eval", eval, goja.FLAG_TRUE, goja.FLAG_TRUE, goja.FLAG_FALSE)
	// Each Function constructor is replaced where code can reach it: the global, and the
	// constructor property of its prototype (async and generator functions have no global;
	// goja has no async generators).
	install, err := vm.RunString(`(refuse) => {
	  const ctors = [Function, Object.getPrototypeOf(async function () {}).constructor,
	    Object.getPrototypeOf(function* () {}).constructor];
	  for (const real of ctors) {
	    // workerd compiles nothing from strings, but Function() with no argument at all
	    // makes an empty function there (V8 has no source to vet).
	    const fake = real === Function
	      ? function (...args) { return args.length === 0 ? function anonymous() {} : refuse(...args); }
	      : function (...args) { return refuse(...args); };
	    Object.defineProperty(fake, "name", { value: real.name });
	    Object.defineProperty(fake, "length", { value: 1 });
	    Object.defineProperty(fake, "prototype", { value: real.prototype });
	    Object.defineProperty(real.prototype, "constructor", { value: fake, writable: true, configurable: true });
	    if (real === Function) Object.defineProperty(globalThis, "Function", { value: fake, writable: true, configurable: true });
	  }
	}`)
	if err != nil {
		panic(err)
	}
	call, _ := goja.AssertFunction(install)
	if _, err := call(goja.Undefined(), vm.ToValue(refuse)); err != nil {
		panic(err)
	}

	vm.SetJSONMaxDepth(MaxJSONDepth)
	// JSON.parse's SyntaxErrors carry V8's messages (hono answers err.message for a bad
	// body), worded from the text only once goja's parser has rejected it.
	vm.SetJSONSyntaxMessage(v8JSONError)
	json := vm.Get("JSON").ToObject(vm)
	installStringify(r, json)
	installTransfer(r)
	r.runScript("language.js")
}

// installTransfer defines ArrayBuffer.prototype.transfer, transferToFixedLength and
// detached (ES2024): the bytes move to a new buffer of the given length and the old one is
// detached. goja has no resizable buffers, so both make a fixed-length one.
func installTransfer(r *Realm) {
	vm := r.VM
	proto := vm.Get("ArrayBuffer").ToObject(vm).Get("prototype").ToObject(vm)
	for _, name := range []string{"transfer", "transferToFixedLength"} {
		fn := vm.ToValue(func(call goja.FunctionCall) goja.Value {
			ab, ok := call.This.Export().(goja.ArrayBuffer)
			if !ok {
				jsx.Throw(vm, jsx.TypeError("Method ArrayBuffer.prototype."+name+" called on incompatible receiver "+call.This.String()))
			}
			if ab.Detached() {
				jsx.Throw(vm, jsx.TypeError("Cannot perform ArrayBuffer.prototype."+name+" on a detached ArrayBuffer"))
			}
			old := ab.Bytes()
			n := len(old)
			if arg := call.Argument(0); !goja.IsUndefined(arg) {
				f := arg.ToFloat()
				if f != f { // NaN is 0
					f = 0
				}
				if f < 0 || f > 1<<32 {
					jsx.Throw(vm, jsx.RangeError("Invalid array buffer length"))
				}
				n = int(f)
			}
			data := make([]byte, n)
			copy(data, old)
			ab.Detach()
			return vm.ToValue(vm.NewArrayBuffer(data))
		}).ToObject(vm)
		fn.DefineDataProperty("name", vm.ToValue(name), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		fn.DefineDataProperty("length", vm.ToValue(0), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
		proto.DefineDataProperty(name, fn, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
	detached := vm.ToValue(func(call goja.FunctionCall) goja.Value {
		ab, ok := call.This.Export().(goja.ArrayBuffer)
		if !ok {
			jsx.Throw(vm, jsx.TypeError("Method ArrayBuffer.prototype.detached called on incompatible receiver "+call.This.String()))
		}
		return vm.ToValue(ab.Detached())
	})
	proto.DefineAccessorProperty("detached", detached, nil, goja.FLAG_TRUE, goja.FLAG_FALSE)
}
