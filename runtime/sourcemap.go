package runtime

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// goja looks up a source-map position with a 1-based generated column where the map's
// columns are 0-based, and reports the map's 0-based source column as if it were 1-based.
// Both are off by one, so `throw new Error()` at column 9 would read as column 8 and a
// lookup can land on the next token. shiftedSourceMap compensates once, at compile time: it
// moves every generated column and every source column of the inline map one to the
// right, so goja's lookups hit the intended mapping and stacks read V8's 1-based columns.
// shiftedSourceMap returns the inline map of code so shifted (nil without one).
func shiftedSourceMap(code string) []byte {
	const marker = "//# sourceMappingURL=data:application/json;base64,"
	i := strings.LastIndex(code, marker)
	if i < 0 {
		return nil
	}
	start := i + len(marker)
	end := start + strings.IndexAny(code[start:]+"\n", "\r\n")
	raw, err := base64.StdEncoding.DecodeString(code[start:end])
	if err != nil {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil
	}
	var mappings string
	if err := json.Unmarshal(m["mappings"], &mappings); err != nil {
		return raw
	}
	shifted, ok := shiftMappings(mappings)
	if !ok {
		return raw
	}
	m["mappings"], _ = json.Marshal(shifted)
	out, err := json.Marshal(m)
	if err != nil {
		return raw
	}
	return out
}

// shiftMappings adds one to the first segment's generated column on every line (the
// others are relative to it) and to the first source column in the map (all later ones
// are relative to it).
func shiftMappings(mappings string) (string, bool) {
	lines := strings.Split(mappings, ";")
	sourceShifted := false
	for li, line := range lines {
		if line == "" {
			continue
		}
		segs := strings.Split(line, ",")
		for si, seg := range segs {
			if si > 0 && sourceShifted {
				break
			}
			fields, ok := decodeVLQ(seg)
			if !ok {
				return "", false
			}
			if si == 0 {
				fields[0]++
			}
			if !sourceShifted && len(fields) >= 4 {
				fields[3]++
				sourceShifted = true
			}
			segs[si] = encodeVLQ(fields)
		}
		lines[li] = strings.Join(segs, ",")
	}
	return strings.Join(lines, ";"), true
}

const vlqChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// decodeVLQ decodes one source-map segment into its signed fields.
func decodeVLQ(seg string) ([]int, bool) {
	var out []int
	value, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		digit := strings.IndexByte(vlqChars, seg[i])
		if digit < 0 {
			return nil, false
		}
		value += (digit & 31) << shift
		if digit&32 != 0 {
			shift += 5
			continue
		}
		if value&1 != 0 {
			out = append(out, -(value >> 1))
		} else {
			out = append(out, value>>1)
		}
		value, shift = 0, 0
	}
	return out, shift == 0 && len(out) > 0
}

// encodeVLQ encodes signed fields as one source-map segment.
func encodeVLQ(fields []int) string {
	var b strings.Builder
	for _, f := range fields {
		v := f << 1
		if f < 0 {
			v = (-f << 1) | 1
		}
		for {
			digit := v & 31
			v >>= 5
			if v > 0 {
				digit |= 32
			}
			b.WriteByte(vlqChars[digit])
			if v == 0 {
				break
			}
		}
	}
	return b.String()
}
