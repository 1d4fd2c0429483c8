package webapi

import (
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
	// navigator.sendBeacon(url, data) sends a POST nobody waits for, as workerd's does.
	beacon, err := vm.RunString(`(function sendBeacon(url, data) {
  if (arguments.length === 0) throw new TypeError("Failed to execute 'sendBeacon' on 'Navigator': parameter 1 is not of type 'string'.");
  fetch(String(url), { method: "POST", body: data ?? null }).catch(() => {});
  return true;
})`)
	if err != nil {
		panic(err)
	}
	nav.DefineDataProperty("sendBeacon", beacon, goja.FLAG_TRUE, goja.FLAG_FALSE, goja.FLAG_TRUE)

	// As on workerd, timeOrigin is 0 and performance.now() is the time since the epoch,
	// as Date.now() reads it.
	perf := vm.NewObject()
	dateNow, _ := goja.AssertFunction(vm.Get("Date").ToObject(vm).Get("now"))
	perf.Set("now", func(goja.FunctionCall) goja.Value {
		v, _ := dateNow(goja.Undefined())
		return v
	})
	perf.DefineDataProperty("timeOrigin", vm.ToValue(0), goja.FLAG_FALSE, goja.FLAG_FALSE, goja.FLAG_TRUE)
	vm.Set("performance", perf)
}
