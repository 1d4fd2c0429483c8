package webapi

import (
	"github.com/dop251/goja_nodejs/require"
	"github.com/dop251/goja_nodejs/url"
)

// installURL defines URL and URLSearchParams (WHATWG) from goja_nodejs.
func installURL(r *Realm) {
	reg := require.NewRegistry()
	reg.Enable(r.VM)
	url.Enable(r.VM)
	r.VM.GlobalObject().Delete("require")
}
