// wpt html/webappapis/atob: our cases of base64.any.js's behaviour (forgiving-base64).
import { test, run, assert_equals, assert_throws_dom } from "./harness.js";

const good = [["", ""], ["abcd", "i\xB7\x1D"], [" abcd", "i\xB7\x1D"], ["abcd ", "i\xB7\x1D"], ["ab", "i"], ["abc", "i\xB7"], ["ab==", "i"], ["abc=", "i\xB7"],
  ["ab\tcd", "i\xB7\x1D"], ["ab\ncd", "i\xB7\x1D"], ["ab\fcd", "i\xB7\x1D"], ["ab\rcd", "i\xB7\x1D"], ["ab cd", "i\xB7\x1D"], ["YQ", "a"], ["YR", "a"], ["/+/+", "\xFF\xEF\xFE"], ["AAAA", "\0\0\0"],
  [" a b c d ", "i\xB7\x1D"], ["abcdef==".slice(0, 6), "i\xB7\x1Dy"]];
for (const [input, out] of good) test(() => assert_equals(atob(input), out), `atob(${JSON.stringify(input)})`);
const bad = ["a", "abcde", "ab=", "a===", "ab=c", "ab===", "abcd=", "=", "==", "a\u00ffbc", "ab-c", "ab_c", "a%bc", "ab\vcd", "abc==", "\u00e9"];
for (const input of bad) test(() => assert_throws_dom("InvalidCharacterError", () => atob(input)), `atob(${JSON.stringify(input)}) throws`);
test(() => assert_equals(atob(undefined), "\x9E\xE9\xDA"), "atob(undefined) decodes the string 'undefined'");
test(() => assert_throws_dom("InvalidCharacterError", () => atob(null)), "atob(null) throws (the string 'null' has a bad length)");
test(() => assert_equals(atob(12), "\xD7"), "atob(12) decodes '12'");
test(() => assert_equals(atob({ toString() { return "YQ=="; } }), "a"), "atob converts objects with toString");
for (const [input, out] of [["", ""], ["a", "YQ=="], ["ab", "YWI="], ["abc", "YWJj"], ["\0\xFF", "AP8="], ["\xFF\xFF\xFF", "////"]]) test(() => assert_equals(btoa(input), out), `btoa(${JSON.stringify(input)})`);
test(() => assert_throws_dom("InvalidCharacterError", () => btoa("\u0100")), "btoa of a character past U+00FF throws");
test(() => assert_equals(btoa(undefined), "dW5kZWZpbmVk"), "btoa(undefined)");
test(() => assert_equals(btoa(null), "bnVsbA=="), "btoa(null)");

export default { fetch: run };
