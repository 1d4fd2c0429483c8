package config

// OtherBinding is a binding of a kind goflare does not provide (R2, D1, Durable Objects,
// services, queues, …): it is named at start-up and in the bindings table, and reading it
// in the worker throws, instead of it being silently undefined.
type OtherBinding struct {
	// Name is the env property.
	Name string
	// Resource is the kind, as wrangler's bindings table names it ("R2 Bucket").
	Resource string
	// Detail is what wrangler shows in parentheses (the bucket's name); "" for none.
	Detail string
}

// otherKinds are the binding fields goflare does not provide, in the order wrangler dev's
// bindings table lists them: the config key, wrangler's resource name, the field of the
// binding's name and the field shown beside it.
var otherKinds = []struct {
	key, resource, name, detail string
	single                      bool // one object, not an array
}{
	{"durable_objects", "Durable Object", "name", "class_name", false},
	{"workflows", "Workflow", "binding", "name", false},
	{"send_email", "Send Email", "name", "destination_address", false},
	{"queues", "Queue", "binding", "queue", false},
	{"d1_databases", "D1 Database", "binding", "database_name", false},
	{"vectorize", "Vectorize Index", "binding", "index_name", false},
	{"hyperdrive", "Hyperdrive Config", "binding", "id", false},
	{"vpc_services", "VPC Service", "binding", "service_id", false},
	{"r2_buckets", "R2 Bucket", "binding", "bucket_name", false},
	{"secrets_store_secrets", "Secrets Store Secret", "binding", "secret_name", false},
	{"services", "Worker", "binding", "service", false},
	{"analytics_engine_datasets", "Analytics Engine Dataset", "binding", "dataset", false},
	{"browser", "Browser", "binding", "", true},
	{"images", "Images", "binding", "", true},
	{"ai", "AI", "binding", "", true},
	{"pipelines", "Pipeline", "binding", "pipeline", false},
	{"ratelimits", "Rate Limit", "name", "", false},
	// (the assets binding comes here: AfterAssets)
	{"version_metadata", "Worker Version Metadata", "binding", "", true},
	{"dispatch_namespaces", "Dispatch Namespace", "binding", "namespace", false},
	{"mtls_certificates", "mTLS Certificate", "binding", "certificate_id", false},
	{"worker_loaders", "Worker Loader", "binding", "", false},
}

// AfterAssets reports whether wrangler's bindings table lists a binding of this resource
// after the assets binding.
func AfterAssets(resource string) bool {
	switch resource {
	case "Worker Version Metadata", "Dispatch Namespace", "mTLS Certificate", "Worker Loader":
		return true
	}
	return false
}

// otherBindings collects the bindings goflare does not provide from the active config.
// Malformed entries are left to wrangler's own checks (the worker still starts).
func otherBindings(r resolved) []OtherBinding {
	var out []OtherBinding
	for _, k := range otherKinds {
		val, ok := r.m[k.key]
		if !ok {
			continue
		}
		var items []any
		switch {
		case k.single:
			items = []any{val}
		case k.key == "durable_objects":
			if o, ok := val.(map[string]any); ok {
				items = list(o["bindings"])
			}
		case k.key == "queues":
			if o, ok := val.(map[string]any); ok {
				items = list(o["producers"])
			}
		default:
			items = list(val)
		}
		for _, it := range items {
			o, ok := it.(map[string]any)
			if !ok {
				continue
			}
			name, _ := o[k.name].(string)
			if name == "" {
				continue
			}
			detail := ""
			if k.detail != "" {
				detail, _ = o[k.detail].(string)
			}
			out = append(out, OtherBinding{Name: name, Resource: k.resource, Detail: detail})
		}
	}
	return out
}

// list is an array of the config as []any, however the parser typed it (TOML's arrays of
// tables come as []map[string]any).
func list(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case []map[string]any:
		out := make([]any, len(v))
		for i, m := range v {
			out[i] = m
		}
		return out
	}
	return nil
}
