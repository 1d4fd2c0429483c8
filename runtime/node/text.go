package node

import "github.com/dop251/goja"

// The modules of text and names, each all JavaScript: node:path (js/path.js, Node's
// POSIX algorithms), node:url (js/url.js), node:querystring, node:punycode,
// node:string_decoder.

func newPath(m *Modules) goja.Value          { return m.runModule("path.js", nil) }
func newPathPosix(m *Modules) goja.Value     { return m.require("path").ToObject(m.vm).Get("posix") }
func newPathWin32(m *Modules) goja.Value     { return m.require("path").ToObject(m.vm).Get("win32") }
func newURL(m *Modules) goja.Value           { return m.runModule("url.js", nil) }
func newQuerystring(m *Modules) goja.Value   { return m.runModule("querystring.js", nil) }
func newPunycode(m *Modules) goja.Value      { return m.runModule("punycode.js", nil) }
func newStringDecoder(m *Modules) goja.Value { return m.runModule("string_decoder.js", nil) }
