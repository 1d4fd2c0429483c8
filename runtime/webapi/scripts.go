package webapi

import (
	"embed"
	"sync"

	"github.com/dop251/goja"
)

// The parts of the Web platform written in JavaScript (js/*.js): each file is one
// expression whose value is what it defines.
//
//go:embed js/*.js
var scriptFiles embed.FS

// ScriptPrefix starts the name of every script of goflare's own (`goflare:events.js`): the
// runtime leaves their frames out of err.stack, as workerd shows none of its built-ins'.
const ScriptPrefix = "goflare:"

// scriptCache holds each script compiled once per process; every isolate runs it.
var scriptCache sync.Map // name -> func() *goja.Program

// runScript runs js/<name> in the realm and returns its value.
func (r *Realm) runScript(name string) goja.Value {
	compile, _ := scriptCache.LoadOrStore(name, sync.OnceValue(func() *goja.Program {
		src, err := scriptFiles.ReadFile("js/" + name)
		if err != nil {
			panic(err)
		}
		return goja.MustCompile(ScriptPrefix+name, string(src), true)
	}))
	v, err := r.VM.RunProgram(compile.(func() *goja.Program)())
	if err != nil {
		panic(err)
	}
	return v
}

// defineGlobals copies the named properties of exports onto the global object as
// non-enumerable globals, as the platform's classes are.
func (r *Realm) defineGlobals(exports *goja.Object, names ...string) {
	for _, name := range names {
		r.VM.GlobalObject().DefineDataProperty(name, exports.Get(name), goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	}
}
