package assets

import (
	"net/http"

	"github.com/goflare/goflare/bindings"
)

// NewBinding returns the assets binding (assets.binding, env.ASSETS): a Fetcher answered
// by the site site returns at each call (it is replaced when the config changes), in
// the process, as the asset worker answers a service binding.
func NewBinding(name string, site func() *Site) *bindings.Fetcher {
	return bindings.NewFetcher(name, func() http.Handler { return site() })
}
