package webapi

import (
	"time"

	"github.com/dop251/goja"
)

// installPlatform defines navigator and performance as workerd shows them.
func installPlatform(r *Realm) {
	vm := r.VM
	nav := vm.NewObject()
	nav.DefineDataProperty("userAgent", vm.ToValue("Cloudflare-Workers"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	nav.DefineDataProperty("hardwareConcurrency", vm.ToValue(1), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	nav.DefineDataProperty("language", vm.ToValue("en"), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	vm.Set("navigator", nav)

	origin := time.Now()
	perf := vm.NewObject()
	perf.Set("now", func(goja.FunctionCall) goja.Value {
		return vm.ToValue(float64(time.Since(origin).Microseconds()) / 1000)
	})
	perf.DefineDataProperty("timeOrigin", vm.ToValue(float64(origin.UnixMicro())/1000), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	vm.Set("performance", perf)
}
