package runtime

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goflare/goflare/runtime/bundle"
)

// BenchmarkCompileFramework measures what a framework costs before its first request:
// esbuild's bundle, and Compile of it, as given ("repaired": goja rejects hono's
// get/set fields, so it is parsed once per repair) and already repaired (one parse).
// The difference between the two Compile figures is the repairs' cost. It needs
// fixtures/frameworks/node_modules (the e2e framework suite installs it).
func BenchmarkCompileFramework(b *testing.B) {
	for _, app := range []struct{ name, entry string }{{"hono", "src/index.tsx"}, {"chanfana", "src/index.ts"}} {
		dir, _ := filepath.Abs(filepath.Join("..", "fixtures", "frameworks", app.name))
		if _, err := os.Stat(filepath.Join(dir, "..", "node_modules", "hono")); err != nil {
			b.Skip("fixtures/frameworks/node_modules is not installed (go test ./e2e -run TestFrameworks installs it)")
		}
		opts := bundle.Options{Entry: filepath.Join(dir, app.entry), Dir: dir}
		b.Run(app.name+"/bundle", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := bundle.Build(opts); err != nil {
					b.Fatal(err)
				}
			}
		})
		res, err := bundle.Build(opts)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(app.name+"/compile-repaired", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Compile(res); err != nil {
					b.Fatal(err)
				}
			}
		})
		fixed, changed := repairForGoja(res.Code)
		if !changed {
			b.Fatalf("%s needed no repair", app.name)
		}
		prepared := *res
		prepared.Code = fixed
		b.Run(app.name+"/compile-prepared", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Compile(&prepared); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
