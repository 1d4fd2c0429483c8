package runtime

import "testing"

func TestVLQRoundTrip(t *testing.T) {
	for _, seg := range []string{"AAAA", "SAAS", "gBAAgB", "2BAC,", "AACA", "+/B"} {
		if seg[len(seg)-1] == ',' {
			continue
		}
		f, ok := decodeVLQ(seg)
		if !ok {
			if seg == "+/B" {
				continue
			}
			t.Fatalf("decode %q failed", seg)
		}
		if got := encodeVLQ(f); got != seg {
			t.Errorf("%q -> %v -> %q", seg, f, got)
		}
	}
	if f, _ := decodeVLQ("gBAAgB"); f[0] != 16 || f[3] != 16 {
		t.Errorf("gBAAgB = %v", f)
	}
}

func TestShiftMappings(t *testing.T) {
	// Two lines; the first segment of each line and the first source column move by one.
	got, ok := shiftMappings("AAAA,EAAE;;IAAI,CAAC")
	if !ok {
		t.Fatal("not shifted")
	}
	if got != "CAAC,EAAE;;KAAI,CAAC" {
		t.Errorf("got %q", got)
	}
}
