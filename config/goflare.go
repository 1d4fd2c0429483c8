package config

import (
	"fmt"
	"strings"
	"time"
)

// GoflareSettings is the config's "goflare" table: settings of goflare's own, which
// wrangler does not read (it warns about the table as an unexpected field). Each has a
// goflare dev flag of the same name that wins over it.
//
//	[goflare]
//	kv_write_limit = true          # --kv-write-limit
//	kv_consistency = "eventual"    # --kv-consistency eventual[=DURATION]
//	kv_cache_ttl = true            # --kv-cache-ttl
//	kv_quota = "free"              # --kv-quota free
type GoflareSettings struct {
	KVWriteLimit  bool
	KVConsistency time.Duration
	KVCacheTTL    bool
	KVQuota       string
}

// DefaultEventualDelay is how long a KV write takes to be seen elsewhere under
// --kv-consistency eventual: production's "up to 60 seconds".
const DefaultEventualDelay = 60 * time.Second

// ParseKVConsistency reads "strong" (0), "eventual" (DefaultEventualDelay) or
// "eventual=DURATION" ("eventual=5s").
func ParseKVConsistency(s string) (time.Duration, error) {
	switch {
	case s == "" || s == "strong":
		return 0, nil
	case s == "eventual":
		return DefaultEventualDelay, nil
	}
	if d, ok := strings.CutPrefix(s, "eventual="); ok {
		if dur, err := time.ParseDuration(d); err == nil && dur > 0 {
			return dur, nil
		}
	}
	return 0, fmt.Errorf("kv consistency %q: expected strong, eventual or eventual=DURATION (e.g. eventual=30s)", s)
}

// goflareTable reads "goflare".
func (v *validator) goflareTable(r resolved, w *Worker) {
	obj, ok := v.table(r, "goflare")
	if !ok {
		return
	}
	if x, present := obj["kv_write_limit"]; present {
		if b, ok := x.(bool); ok {
			w.Goflare.KVWriteLimit = b
		} else {
			v.errorf(r.at("goflare")+".kv_write_limit", "Expected \"goflare.kv_write_limit\" to be of type boolean but got %s.", jsonText(x))
		}
	}
	if x, present := obj["kv_cache_ttl"]; present {
		if b, ok := x.(bool); ok {
			w.Goflare.KVCacheTTL = b
		} else {
			v.errorf(r.at("goflare")+".kv_cache_ttl", "Expected \"goflare.kv_cache_ttl\" to be of type boolean but got %s.", jsonText(x))
		}
	}
	if x, present := obj["kv_consistency"]; present {
		s, _ := x.(string)
		d, err := ParseKVConsistency(s)
		if _, isStr := x.(string); !isStr || err != nil {
			v.errorf(r.at("goflare")+".kv_consistency", "Expected \"goflare.kv_consistency\" to be \"strong\", \"eventual\" or \"eventual=DURATION\" but got %s.", jsonText(x))
		} else {
			w.Goflare.KVConsistency = d
		}
	}
	if x, present := obj["kv_quota"]; present {
		if s, ok := x.(string); ok && (s == "free" || s == "none") {
			w.Goflare.KVQuota = s
		} else {
			v.errorf(r.at("goflare")+".kv_quota", "Expected \"goflare.kv_quota\" to be \"free\" or \"none\" but got %s.", jsonText(x))
		}
	}
}
