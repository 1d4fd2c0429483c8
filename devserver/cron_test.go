package devserver

import (
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
