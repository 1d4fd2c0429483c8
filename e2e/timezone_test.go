package e2e

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestWorkersRunInUTC: workerd runs every worker in UTC, so a worker's dates must not
// depend on the developer's time zone (getHours, getTimezoneOffset, toString).
func TestWorkersRunInUTC(t *testing.T) {
	if _, err := time.LoadLocation("America/New_York"); err != nil {
		t.Skip("no time zone database on this machine: ", err)
	}
	t.Setenv("TZ", "America/New_York") // the goflare process inherits it
	dir := t.TempDir()
	files := map[string]string{
		"wrangler.toml": "name = \"tz\"\nmain = \"index.js\"\ncompatibility_date = \"2026-04-01\"\n",
		"index.js": `export default { fetch() {
  const d = new Date(Date.UTC(2024, 6, 5, 13, 4, 5));
  return new Response([d.getHours(), d.getTimezoneOffset(), String(d), new Date(2024, 6, 5).toISOString()].join("|"));
} };`,
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dev := startDev(t, dir)
	want := "13|0|Fri Jul 05 2024 13:04:05 GMT+0000 (Coordinated Universal Time)|2024-07-05T00:00:00.000Z"
	if r := dev.get("/"); r.status != 200 || r.body != want {
		t.Errorf("with TZ=America/New_York: %d %q, want %q (what workerd answers)", r.status, r.body, want)
	}
}
