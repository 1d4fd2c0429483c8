package webapi

import (
	neturl "net/url"

	"github.com/dop251/goja"
	"github.com/dop251/goja_nodejs/require"
	"github.com/dop251/goja_nodejs/url"
	"github.com/goflare/goflare/runtime/jsx"
)

// urlFixes corrects goja_nodejs' URL where it departs from the WHATWG standard: a
// relative input resolves against its base as RFC 3986 says (goja_nodejs loses leading
// "../" segments), origin keeps a non-default port, and URL.canParse exists. The
// accessors of goja_nodejs' URL cannot be redefined, so the global URL becomes a
// subclass (its instances are still goja_nodejs URLs underneath). The script is called
// with the resolver.
const urlFixes = `((resolve) => {
  const Base = globalThis.URL;
  class WhatwgURL extends Base {
    constructor(input, base = undefined) {
      if (arguments.length === 0) throw new TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");
      if (base === undefined) super(String(input));
      else super(resolve(String(input), new Base(String(base)).href));
    }
    get origin() {
      const p = this.protocol;
      return ["http:", "https:", "ws:", "wss:", "ftp:"].includes(p) ? p + "//" + this.host : "null";
    }
    static canParse(input, base = undefined) {
      try { new WhatwgURL(input, base); return true; } catch { return false; }
    }
  }
  Object.defineProperty(WhatwgURL, "name", { value: "URL" });
  Object.defineProperty(globalThis, "URL", { value: WhatwgURL, writable: true, configurable: true, enumerable: false });
})`

// installURL defines URL and URLSearchParams (WHATWG) from goja_nodejs, with urlFixes.
func installURL(r *Realm) {
	vm := r.VM
	reg := require.NewRegistry()
	reg.Enable(vm)
	url.Enable(vm)
	vm.GlobalObject().Delete("require")
	fix, err := vm.RunString(urlFixes)
	if err != nil {
		panic(err)
	}
	apply, _ := goja.AssertFunction(fix)
	resolve := func(call goja.FunctionCall) goja.Value {
		base, err := neturl.Parse(call.Argument(1).String())
		if err != nil {
			jsx.Throw(vm, jsx.TypeError("Invalid base URL"))
		}
		ref, err := neturl.Parse(call.Argument(0).String())
		if err != nil {
			jsx.Throw(vm, jsx.TypeError("Invalid URL"))
		}
		return vm.ToValue(base.ResolveReference(ref).String())
	}
	if _, err := apply(goja.Undefined(), vm.ToValue(resolve)); err != nil {
		panic(err)
	}
}
