package webapi

import (
	"io"

	"github.com/dop251/goja_nodejs/console"
	"github.com/dop251/goja_nodejs/require"
)

// consolePrinter writes each console line to the realm's writers, unprefixed, as wrangler
// shows a worker's console output.
type consolePrinter struct{ out, err io.Writer }

func (p consolePrinter) Log(s string)   { io.WriteString(p.out, s+"\n") }
func (p consolePrinter) Warn(s string)  { io.WriteString(p.err, s+"\n") }
func (p consolePrinter) Error(s string) { io.WriteString(p.err, s+"\n") }

// installConsole defines console (log, info, debug to stdout; warn, error to stderr) with
// goja_nodejs's formatting. The require() the module system needs is removed again:
// workers have no require.
func installConsole(r *Realm) {
	reg := require.NewRegistry()
	reg.RegisterNativeModule(console.ModuleName, console.RequireWithPrinter(consolePrinter{r.Stdout, r.Stderr}))
	reg.Enable(r.VM)
	console.Enable(r.VM)
	r.VM.GlobalObject().Delete("require")
}
