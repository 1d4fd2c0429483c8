package node

import "github.com/dop251/goja"

// newHTTP is node:http (js/http.js): client requests over fetch, servers fed by
// cloudflare:node's httpServerHandler.
func newHTTP(m *Modules) goja.Value { return m.httpModules().Get("http") }

// newHTTPS is node:https.
func newHTTPS(m *Modules) goja.Value { return m.httpModules().Get("https") }

// CloudflareNode is cloudflare:node: httpServerHandler and handleAsNodeRequest, which
// serve the worker's requests with a node:http server.
func (m *Modules) CloudflareNode() *goja.Object {
	return m.httpModules().Get("cloudflareNode").(*goja.Object)
}

// httpModules runs js/http.js once for node:http, node:https and cloudflare:node.
func (m *Modules) httpModules() *goja.Object { return m.require("_http").ToObject(m.vm) }

func newHTTPScript(m *Modules) goja.Value { return m.runModule("http.js", nil) }
