// JSON.parse is gojafork's own parser (patch 16): values for escapes, lone surrogates
// (kept, as V8 keeps them), numbers (-0, overflow, precision), duplicate and __proto__
// keys, and V8's SyntaxError texts. The wanted answers are what wrangler dev 4.86 (workerd)
// gives for the same code.
const want = ["d800 ","1f600 ","61.e9.a.9.22.5c.2f ","e9.1f600 ","d800.78.dc00 ","-0 ","null ","null ","12345678901234567000 ","0.1 ","100 ","-12 ","123456789012345 ","1234567890123456 ","[1,{\"a\":[]}] 0|1 Array","{\"b\":3,\"a\":2} b|a Object","{\"__proto__\":{\"x\":1}} __proto__ Object","{\"1\":2,\"2\":1,\"x\":3} 1|2|x Object","{\"é\":1,\"A\":2} é|A Object","[]  Array","{}  Object","true ","null ","0 ","SyntaxError: Unexpected token ']', \"[1,]\" is not valid JSON","SyntaxError: Expected double-quoted property name in JSON at position 7 (line 1 column 8)","SyntaxError: Unexpected number in JSON at position 1 (line 1 column 2)","SyntaxError: No number after minus sign in JSON at position 1 (line 1 column 2)","SyntaxError: Unterminated fractional number in JSON at position 2 (line 1 column 3)","SyntaxError: Exponent part is missing a number in JSON at position 2 (line 1 column 3)","SyntaxError: Bad escaped character in JSON at position 2 (line 1 column 3)","SyntaxError: Bad control character in string literal in JSON at position 2 (line 1 column 3)","SyntaxError: Unexpected end of JSON input","SyntaxError: Expected ',' or ']' after array element in JSON at position 3 (line 1 column 4)","d800.41 ","SyntaxError: Unexpected end of JSON input","SyntaxError: Unexpected end of JSON input","SyntaxError: Unterminated string in JSON at position 4 (line 1 column 5)","SyntaxError: Expected ':' after property name in JSON at position 4 (line 1 column 5)","SyntaxError: Expected property name or '}' in JSON at position 1 (line 1 column 2)","d83d "];

export default {
  async fetch() {
    const out = [];
    const texts = ['"\\ud800"', '"\\ud83d\\ude00"', '"a\\u00e9\\n\\t\\"\\\\\\/"', '"é😀"', '"\\ud800x\\udc00"', '-0', '1e400', '-1e400',
    '12345678901234567890', '0.1', '1E2', '-12', '123456789012345', '1234567890123456', ' [1 , {"a" : [ ] } ]\n',
    '{"b":1,"a":2,"b":3}', '{"__proto__":{"x":1}}', '{"2":1,"1":2,"x":3}', '{"é":1,"\\u0041":2}', '[]', '{}', 'true', 'null',
    '"\\u0000"', '[1,]', '{"a":1,}', '01', '-', '1.', '1e', '"\\x"', '"a\tb"', 'tru', '[1 2]', '"\\ud800\\u0041"', '', ' ', '"abc', '{"a"}', '{a:1}', '"\\uD83D"'];
    for (const t of texts) {
    try {
    const v = JSON.parse(t);
    const s = typeof v === "string" ? [...v].map((c) => c.codePointAt(0).toString(16)).join(".") : JSON.stringify(v);
    out.push(`${Object.is(v, -0) ? "-0" : s} ${v && typeof v === "object" ? Object.keys(v).join("|") + " " + Object.getPrototypeOf(v === null ? {} : v).constructor.name : ""}`);
    } catch (e) {
    out.push(e.name + ": " + e.message);
    }
    }
    for (let i = 0; i < want.length; i++) {
      if (out[i] !== want[i]) throw new Error(`JSON.parse(${JSON.stringify(texts[i])}): got ${out[i]}, want ${want[i]}`);
    }
    return new Response("ok");
  },
};
