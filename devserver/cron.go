package devserver

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// cronSpec is a parsed five-field cron expression (minute hour day-of-month month
// day-of-week), evaluated in UTC as Cloudflare evaluates cron triggers.
type cronSpec struct {
	text                          string
	minute, hour, dom, month, dow [64]bool
	domAny, dowAny                bool
}

var (
	monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
	dayNames   = map[string]int{"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}
)

// parseCron reads standard cron syntax: *, numbers, names (JAN, MON), ranges a-b, steps
// */n and a-b/n, and lists a,b,c.
func parseCron(text string) (*cronSpec, error) {
	fields := strings.Fields(text)
	if len(fields) != 5 {
		return nil, fmt.Errorf("cron %q: want 5 fields (minute hour day-of-month month day-of-week), got %d", text, len(fields))
	}
	c := &cronSpec{text: text, domAny: fields[2] == "*" || fields[2] == "?", dowAny: fields[4] == "*" || fields[4] == "?"}
	for i, f := range []struct {
		set      *[64]bool
		min, max int
		names    map[string]int
	}{{&c.minute, 0, 59, nil}, {&c.hour, 0, 23, nil}, {&c.dom, 1, 31, nil}, {&c.month, 1, 12, monthNames}, {&c.dow, 0, 7, dayNames}} {
		if err := parseCronField(fields[i], f.min, f.max, f.names, f.set); err != nil {
			return nil, fmt.Errorf("cron %q: %v", text, err)
		}
	}
	if c.dow[7] {
		c.dow[0] = true // 7 is Sunday too
	}
	return c, nil
}

func parseCronField(field string, min, max int, names map[string]int, set *[64]bool) error {
	value := func(s string) (int, error) {
		if n, ok := names[strings.ToUpper(s)]; ok {
			return n, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < min || n > max {
			return 0, fmt.Errorf("%q is not a value between %d and %d", s, min, max)
		}
		return n, nil
	}
	for _, part := range strings.Split(field, ",") {
		rng, stepText, hasStep := strings.Cut(part, "/")
		step := 1
		if hasStep {
			n, err := strconv.Atoi(stepText)
			if err != nil || n <= 0 {
				return fmt.Errorf("bad step %q", stepText)
			}
			step = n
		}
		lo, hi := min, max
		switch {
		case rng == "*" || rng == "?":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			var err error
			if lo, err = value(a); err != nil {
				return err
			}
			if hi, err = value(b); err != nil {
				return err
			}
		default:
			n, err := value(rng)
			if err != nil {
				return err
			}
			lo, hi = n, n
			if hasStep {
				hi = max
			}
		}
		if lo > hi {
			return fmt.Errorf("range %q runs backwards", rng)
		}
		for v := lo; v <= hi; v += step {
			set[v] = true
		}
	}
	return nil
}

// matches reports whether the cron fires at minute t (UTC). As in standard cron, when
// both day fields are restricted either may match.
func (c *cronSpec) matches(t time.Time) bool {
	t = t.UTC()
	if !c.minute[t.Minute()] || !c.hour[t.Hour()] || !c.month[int(t.Month())] {
		return false
	}
	dom, dow := c.dom[t.Day()], c.dow[int(t.Weekday())]
	switch {
	case c.domAny && c.dowAny:
		return true
	case c.domAny:
		return dow
	case c.dowAny:
		return dom
	}
	return dom || dow
}

// cronClock is the time source of --run-crons; tests replace it.
type cronClock struct {
	now   func() time.Time
	after func(time.Duration) <-chan time.Time
}

var realCronClock = cronClock{now: time.Now, after: time.After}

// runCrons fires the config's crons on their schedule until ctx ends (--run-crons).
func (s *Server) runCrons(ctx context.Context, specs []*cronSpec, clock cronClock) {
	for {
		now := clock.now()
		next := now.Truncate(time.Minute).Add(time.Minute)
		select {
		case <-ctx.Done():
			return
		case <-clock.after(next.Sub(now)):
			if ctx.Err() != nil { // the server is stopping: no cron starts now
				return
			}
		}
		for _, c := range specs {
			if !c.matches(next) {
				continue
			}
			err := s.scheduled(ctx, c.text, next)
			outcome := "ok"
			if err != nil {
				outcome = "exception"
				fmt.Fprintf(s.opts.Stderr, "[goflare:error] %s\n", describe(err))
			}
			fmt.Fprintf(s.out, "[goflare:info] Ran cron %q: %s\n", c.text, outcome)
		}
	}
}
