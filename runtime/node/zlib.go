package node

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"hash/crc32"
	"io"

	"github.com/andybalholm/brotli"
	"github.com/dop251/goja"
	"github.com/goflare/goflare/runtime/jsx"
)

// newZlib is node:zlib (js/zlib.js) over Go's compress packages and brotli. Go's
// compressor is not zlib's: what it makes decompresses anywhere, but its bytes differ
// from Node's.
func newZlib(m *Modules) goja.Value {
	vm := m.vm
	native := vm.NewObject()
	native.Set("compress", func(kind string, data goja.Value, level int) goja.Value {
		var out bytes.Buffer
		w, err := newCompressor(kind, &out, level)
		if err == nil {
			if _, err = w.Write(m.bytes(data)); err == nil {
				err = w.Close()
			}
		}
		if err != nil {
			jsx.Throw(vm, jsx.PlainError(err.Error()))
		}
		return m.realm.NewArrayBuffer(out.Bytes())
	})
	native.Set("decompress", func(kind string, data goja.Value) goja.Value {
		out, err := decompress(kind, m.bytes(data))
		if err != nil {
			jsx.Throw(vm, jsx.PlainError(err.Error()))
		}
		return m.realm.NewArrayBuffer(out)
	})
	native.Set("crc32", func(data goja.Value, value uint32) uint32 {
		return crc32.Update(value, crc32.IEEETable, m.bytes(data))
	})
	// stream is a compressor fed chunk by chunk: write returns what it has made so far.
	native.Set("compressor", func(kind string, level int) goja.Value {
		var out bytes.Buffer
		w, err := newCompressor(kind, &out, level)
		if err != nil {
			jsx.Throw(vm, jsx.PlainError(err.Error()))
		}
		take := func() goja.Value {
			b := append([]byte(nil), out.Bytes()...)
			out.Reset()
			return m.realm.NewArrayBuffer(b)
		}
		o := vm.NewObject()
		o.Set("write", func(data goja.Value) goja.Value {
			w.Write(m.bytes(data))
			return take()
		})
		o.Set("flush", func() goja.Value {
			if f, ok := w.(interface{ Flush() error }); ok {
				f.Flush()
			}
			return take()
		})
		o.Set("end", func() goja.Value {
			w.Close()
			return take()
		})
		return o
	})
	return m.runModule("zlib.js", native)
}

func newCompressor(kind string, out io.Writer, level int) (io.WriteCloser, error) {
	switch kind {
	case "gzip":
		return gzip.NewWriterLevel(out, level)
	case "deflate":
		return zlib.NewWriterLevel(out, level)
	case "deflateRaw":
		return flate.NewWriter(out, level)
	case "brotli":
		if level < 0 || level > 11 {
			level = brotli.DefaultCompression
		}
		return brotli.NewWriterLevel(out, level), nil
	}
	return nil, errors.New("unknown compression " + kind)
}

// decompress reads a whole compressed message; errors carry zlib's words.
func decompress(kind string, data []byte) ([]byte, error) {
	var r io.Reader
	var err error
	src := bytes.NewReader(data)
	if kind == "unzip" {
		kind = "inflate"
		if len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b {
			kind = "gunzip"
		}
	}
	switch kind {
	case "gunzip":
		r, err = gzip.NewReader(src)
	case "inflate":
		r, err = zlib.NewReader(src)
	case "inflateRaw":
		r = flate.NewReader(src)
	case "brotliDecompress":
		r = brotli.NewReader(src)
	default:
		return nil, errors.New("unknown decompression " + kind)
	}
	if err != nil {
		return nil, zlibError(kind, err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, zlibError(kind, err)
	}
	return out, nil
}

// zlibError is the message zlib (or brotli) gives for what Go's reader reported.
func zlibError(kind string, err error) error {
	switch {
	case kind == "brotliDecompress" && errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("Unexpected end of file")
	case kind == "brotliDecompress":
		return errors.New("Decompression failed")
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, zlib.ErrHeader):
		return errors.New("incorrect header check")
	case errors.Is(err, gzip.ErrChecksum), errors.Is(err, zlib.ErrChecksum):
		return errors.New("incorrect data check")
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("unexpected end of file")
	}
	var corrupt flate.CorruptInputError
	if errors.As(err, &corrupt) {
		return errors.New("invalid block type")
	}
	return err
}
