package webapi

import (
	"bytes"
	_ "embed"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"

	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// blobInternals are the helpers blob.js hands to Go.
type blobInternals struct {
	isBlob, blobBytes, isFormData, encodeFormData, newBlob goja.Callable
	formData, file                                         goja.Constructor
	urlSearchParams                                        *goja.Object
}

// installBlob runs blob.js: Blob, File, FormData.
func installBlob(r *Realm) {
	vm := r.VM
	exports := r.runScript("blob.js").ToObject(vm)
	r.defineGlobals(exports, "Blob", "File", "FormData")
	fn := func(name string) goja.Callable {
		f, _ := goja.AssertFunction(exports.Get(name))
		return f
	}
	ctor := func(name string) goja.Constructor {
		c, _ := goja.AssertConstructor(exports.Get(name))
		return c
	}
	r.blobs = blobInternals{isBlob: fn("isBlob"), blobBytes: fn("blobBytes"), isFormData: fn("isFormData"),
		encodeFormData: fn("encodeFormData"), newBlob: fn("newBlob"), formData: ctor("FormData"), file: ctor("File"),
		urlSearchParams: vm.Get("URLSearchParams").ToObject(vm)}
}

// formBody converts the BodyInit kinds blob.js and URL know: a Blob (its bytes and
// type), a FormData (multipart), a URLSearchParams (form-urlencoded). ok is false for
// anything else.
func (r *Realm) formBody(v goja.Value) (data []byte, contentType string, ok bool) {
	if res, _ := r.blobs.isBlob(goja.Undefined(), v); res != nil && res.ToBoolean() {
		bv, _ := r.blobs.blobBytes(goja.Undefined(), v)
		b, _ := r.BytesOf(bv)
		return append([]byte{}, b...), v.ToObject(r.VM).Get("type").String(), true
	}
	if res, _ := r.blobs.isFormData(goja.Undefined(), v); res != nil && res.ToBoolean() {
		enc, err := r.blobs.encodeFormData(goja.Undefined(), v)
		if err != nil {
			panic(err)
		}
		o := enc.ToObject(r.VM)
		b, _ := r.BytesOf(o.Get("bytes"))
		return append([]byte{}, b...), o.Get("contentType").String(), true
	}
	if o, isObj := v.(*goja.Object); isObj && r.VM.InstanceOf(o, r.blobs.urlSearchParams) {
		return []byte(o.String()), "application/x-www-form-urlencoded;charset=UTF-8", true
	}
	return nil, "", false
}

// newBlob makes a Blob of b with the given type.
func (r *Realm) newBlob(b []byte, typ string) (goja.Value, error) {
	return r.blobs.newBlob(goja.Undefined(), r.NewUint8Array(b), r.VM.ToValue(typ))
}

// parseFormData builds a FormData from a body whose Content-Type is multipart/form-data
// or application/x-www-form-urlencoded, as Request/Response formData() does.
func (r *Realm) parseFormData(data []byte, contentType string) (goja.Value, error) {
	vm := r.VM
	fd, err := r.blobs.formData(nil)
	if err != nil {
		return nil, err
	}
	add, _ := goja.AssertFunction(fd.Get("append"))
	media, params, _ := mime.ParseMediaType(contentType)
	switch media {
	case "application/x-www-form-urlencoded":
		values, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, jsx.TypeError("Failed to parse the body as application/x-www-form-urlencoded.")
		}
		// ParseQuery loses the order across names; keep the body's order instead.
		seen := map[string]int{}
		for _, pair := range strings.Split(string(data), "&") {
			if pair == "" {
				continue
			}
			k, _, _ := strings.Cut(pair, "=")
			name, _ := url.QueryUnescape(k)
			i := seen[name]
			seen[name]++
			if i < len(values[name]) {
				add(fd, vm.ToValue(name), vm.ToValue(values[name][i]))
			}
		}
		return fd, nil
	case "multipart/form-data":
		mr := multipart.NewReader(bytes.NewReader(data), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return fd, nil
			}
			if err != nil {
				return nil, jsx.TypeError("Failed to parse the body as multipart/form-data: " + err.Error())
			}
			content, err := io.ReadAll(part)
			if err != nil {
				return nil, jsx.TypeError("Failed to parse the body as multipart/form-data: " + err.Error())
			}
			if part.FileName() == "" {
				add(fd, vm.ToValue(part.FormName()), vm.ToValue(string(content)))
				continue
			}
			opts := vm.NewObject()
			opts.Set("type", part.Header.Get("Content-Type"))
			file, err := r.blobs.file(nil, vm.NewArray(r.NewUint8Array(content)), vm.ToValue(part.FileName()), opts)
			if err != nil {
				return nil, err
			}
			add(fd, vm.ToValue(part.FormName()), file)
		}
	}
	return nil, jsx.TypeError("Content-Type is not multipart/form-data or application/x-www-form-urlencoded; the body cannot be read as FormData.")
}
