// node:punycode: RFC 3492 Punycode and IDNA's toASCII/toUnicode, as punycode.js 2.1.0
// (which Node ships) computes them.
(function (require, native, internal) {
  "use strict";
  const maxInt = 2147483647, base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128, delimiter = "-";
  const regexPunycode = /^xn--/;
  const regexNonASCII = /[^\0-\x7F]/;
  const regexSeparators = /[\x2E\u3002\uFF0E\uFF61]/g;
  const errors = { overflow: "Overflow: input needs wider integers to process", "not-basic": "Illegal input >= 0x80 (not a basic code point)", "invalid-input": "Invalid input" };
  const error = (type) => { throw new RangeError(errors[type]); };

  function mapDomain(domain, fn) {
    const parts = domain.split("@");
    let result = "";
    if (parts.length > 1) { result = parts[0] + "@"; domain = parts[1]; }
    domain = domain.replace(regexSeparators, "\x2E");
    return result + domain.split(".").map(fn).join(".");
  }
  function ucs2decode(string) {
    const output = [];
    let counter = 0;
    const length = string.length;
    while (counter < length) {
      const value = string.charCodeAt(counter++);
      if (value >= 0xd800 && value <= 0xdbff && counter < length) {
        const extra = string.charCodeAt(counter++);
        if ((extra & 0xfc00) === 0xdc00) output.push(((value & 0x3ff) << 10) + (extra & 0x3ff) + 0x10000);
        else { output.push(value); counter--; }
      } else output.push(value);
    }
    return output;
  }
  const ucs2encode = (codePoints) => String.fromCodePoint(...codePoints);
  const basicToDigit = (cp) => cp >= 0x30 && cp < 0x3a ? 26 + (cp - 0x30) : cp >= 0x41 && cp < 0x5b ? cp - 0x41 : cp >= 0x61 && cp < 0x7b ? cp - 0x61 : base;
  const digitToBasic = (digit, flag) => digit + 22 + 75 * (digit < 26) - ((flag != 0) << 5);
  function adapt(delta, numPoints, firstTime) {
    let k = 0;
    delta = firstTime ? Math.floor(delta / damp) : delta >> 1;
    delta += Math.floor(delta / numPoints);
    for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
    return Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
  }
  function decode(input) {
    const output = [];
    const inputLength = input.length;
    let i = 0, n = initialN, bias = initialBias;
    let basic = input.lastIndexOf(delimiter);
    if (basic < 0) basic = 0;
    for (let j = 0; j < basic; ++j) {
      if (input.charCodeAt(j) >= 0x80) error("not-basic");
      output.push(input.charCodeAt(j));
    }
    for (let index = basic > 0 ? basic + 1 : 0; index < inputLength;) {
      const oldi = i;
      for (let w = 1, k = base; ; k += base) {
        if (index >= inputLength) error("invalid-input");
        const digit = basicToDigit(input.charCodeAt(index++));
        if (digit >= base) error("invalid-input");
        if (digit > Math.floor((maxInt - i) / w)) error("overflow");
        i += digit * w;
        const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
        if (digit < t) break;
        const baseMinusT = base - t;
        if (w > Math.floor(maxInt / baseMinusT)) error("overflow");
        w *= baseMinusT;
      }
      const out = output.length + 1;
      bias = adapt(i - oldi, out, oldi == 0);
      if (Math.floor(i / out) > maxInt - n) error("overflow");
      n += Math.floor(i / out);
      i %= out;
      output.splice(i++, 0, n);
    }
    return String.fromCodePoint(...output);
  }
  function encode(input) {
    const output = [];
    input = ucs2decode(input);
    const inputLength = input.length;
    let n = initialN, delta = 0, bias = initialBias;
    for (const c of input) if (c < 0x80) output.push(String.fromCharCode(c));
    const basicLength = output.length;
    let handledCPCount = basicLength;
    if (basicLength) output.push(delimiter);
    while (handledCPCount < inputLength) {
      let m = maxInt;
      for (const c of input) if (c >= n && c < m) m = c;
      const handledCPCountPlusOne = handledCPCount + 1;
      if (m - n > Math.floor((maxInt - delta) / handledCPCountPlusOne)) error("overflow");
      delta += (m - n) * handledCPCountPlusOne;
      n = m;
      for (const c of input) {
        if (c < n && ++delta > maxInt) error("overflow");
        if (c === n) {
          let q = delta;
          for (let k = base; ; k += base) {
            const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
            if (q < t) break;
            const qMinusT = q - t, baseMinusT = base - t;
            output.push(String.fromCharCode(digitToBasic(t + (qMinusT % baseMinusT), 0)));
            q = Math.floor(qMinusT / baseMinusT);
          }
          output.push(String.fromCharCode(digitToBasic(q, 0)));
          bias = adapt(delta, handledCPCountPlusOne, handledCPCount === basicLength);
          delta = 0;
          ++handledCPCount;
        }
      }
      ++delta;
      ++n;
    }
    return output.join("");
  }
  const toUnicode = (input) => mapDomain(input, (s) => regexPunycode.test(s) ? decode(s.slice(4).toLowerCase()) : s);
  const toASCII = (input) => mapDomain(input, (s) => regexNonASCII.test(s) ? "xn--" + encode(s) : s);
  return { version: "2.1.0", ucs2: { decode: ucs2decode, encode: ucs2encode }, decode, encode, toASCII, toUnicode };
})
