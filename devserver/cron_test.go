package devserver

import (
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestCronMatching(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04 Mon", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	cases := []struct {
		cron string
		at   string
		want bool
	}{
		{"* * * * *", "2026-11-26 10:07 Thu", true},
		{"*/5 * * * *", "2026-11-26 10:10 Thu", true},
		{"*/5 * * * *", "2026-11-26 10:07 Thu", false},
		{"0 0 * * *", "2026-11-26 00:00 Thu", true},
		{"0 0 * * *", "2026-11-26 00:01 Thu", false},
		{"30 9 * * MON-FRI", "2026-11-26 09:30 Thu", true},
		{"30 9 * * MON-FRI", "2026-11-29 09:30 Sun", false},
		{"0 12 1 JAN *", "2027-01-01 12:00 Fri", true},
		{"0 12 15 * 0", "2026-11-29 12:00 Sun", true}, // day-of-month OR day-of-week
		{"0 12 15 * 7", "2026-11-29 12:00 Sun", true}, // 7 is Sunday
		{"10-20/5 * * * *", "2026-11-26 10:15 Thu", true},
		{"10-20/5 * * * *", "2026-11-26 10:16 Thu", false},
		{"1,2,3 * * * *", "2026-11-26 10:02 Thu", true},
	}
	for _, c := range cases {
		spec, err := parseCron(c.cron)
		if err != nil {
			t.Fatalf("%s: %v", c.cron, err)
		}
		if got := spec.matches(at(c.at)); got != c.want {
			t.Errorf("%q at %s = %v, want %v", c.cron, c.at, got, c.want)
		}
	}
	for _, bad := range []string{"* * * *", "60 * * * *", "*/0 * * * *", "5-1 * * * *", "x * * * *"} {
		if _, err := parseCron(bad); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

// TestRunCronsFiresMatchingCrons runs a real server with --run-crons on a clock that
// jumps a minute at a time: the handler runs for the crons that match each minute.
func TestRunCronsFiresMatchingCrons(t *testing.T) {
	project := writeProject(t, map[string]string{
		"wrangler.toml": `name = "crons"
main = "index.js"
compatibility_date = "2026-04-01"
[triggers]
crons = ["*/2 * * * *", "0 0 1 1 *"]
[[kv_namespaces]]
binding = "KV"
`,
		"index.js": `export default {
  async scheduled(c, env) {
    const seen = JSON.parse((await env.KV.get("seen")) ?? "[]");
    seen.push(c.cron + " @ " + new Date(c.scheduledTime).toISOString().slice(11, 16));
    await env.KV.put("seen", JSON.stringify(seen));
  },
  async fetch(req, env) { return new Response((await env.KV.get("seen")) ?? "[]"); },
};`,
	})
	var mu sync.Mutex
	now := time.Date(2026, 11, 26, 10, 0, 30, 0, time.UTC)
	ticks := 0
	s := serve(t, project, Options{Port: 0, RunCrons: true}, func(s *Server) {
		s.cronClock = cronClock{
			now: func() time.Time { mu.Lock(); defer mu.Unlock(); return now },
			after: func(d time.Duration) <-chan time.Time {
				mu.Lock()
				defer mu.Unlock()
				ch := make(chan time.Time, 1)
				if ticks < 3 { // 10:01, 10:02, 10:03
					ticks++
					now = now.Add(d)
					ch <- now
				}
				return ch
			},
		}
	})
	want := `["*/2 * * * * @ 10:02"]`
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(s.URL() + "/")
		if err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if string(body) == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("seen = %s, want %s", body, want)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}
