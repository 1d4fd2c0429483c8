import { eq } from "./assert.js";

const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, "0")).join("");
const enc = new TextEncoder();

async function rejects(p, name, what) {
  try { await p; } catch (e) { eq(e.name, name, what); return e; }
  throw new Error(what + ": did not reject");
}

export default {
  async fetch() {
    const uuid = crypto.randomUUID();
    eq(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuid), true, "randomUUID is v4: " + uuid);
    eq(crypto.randomUUID() !== uuid, true, "randomUUID differs");
    const bytes = new Uint8Array(32);
    eq(crypto.getRandomValues(bytes), bytes, "getRandomValues returns its argument");
    eq(bytes.some((b) => b !== 0), true, "getRandomValues fills");
    let e = null;
    try { crypto.getRandomValues(new Float32Array(2)); } catch (x) { e = x; }
    eq(e && e.name, "TypeMismatchError", "getRandomValues of floats");
    e = null;
    try { crypto.getRandomValues(new Uint8Array(65537)); } catch (x) { e = x; }
    eq(e && e.name, "QuotaExceededError", "getRandomValues over 65536 bytes");
    eq([e.message, e.stack.includes("goflare:"), e.stack.split("\n")[0]],
      ["getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes.", false,
        "QuotaExceededError: getRandomValues() only accepts buffers of size <= 64K but provided 65537 bytes."],
      "workerd's text, and no frame of goflare's own JavaScript in the stack");

    // Digests of "abc" (FIPS 180 test vectors, RFC 1321 for MD5)
    const abc = enc.encode("abc");
    eq(hex(await crypto.subtle.digest("SHA-256", abc)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "SHA-256");
    eq(hex(await crypto.subtle.digest({ name: "sha-1" }, abc)), "a9993e364706816aba3e25717850c26c9cd0d89d", "SHA-1");
    eq(hex(await crypto.subtle.digest("SHA-384", abc)).slice(0, 16), "cb00753f45a35e8b", "SHA-384");
    eq(hex(await crypto.subtle.digest("SHA-512", abc)).slice(0, 16), "ddaf35a193617aba", "SHA-512");
    eq(hex(await crypto.subtle.digest("MD5", abc)), "900150983cd24fb0d6963f7d28e17f72", "MD5");
    const unknown = await rejects(crypto.subtle.digest("SHA-3", abc), "NotSupportedError", "unknown digest");
    eq(unknown.message, "Unrecognized or unimplemented digest algorithm requested.", "workerd's text for an unknown digest");

    // HMAC-SHA256, RFC 4231 test case 2
    const key = await crypto.subtle.importKey("raw", enc.encode("Jefe"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    eq([key instanceof CryptoKey, key.type, key.algorithm.name, key.algorithm.hash.name, key.usages], [true, "secret", "HMAC", "SHA-256", ["sign", "verify"]], "CryptoKey");
    const sig = await crypto.subtle.sign("HMAC", key, enc.encode("what do ya want for nothing?"));
    eq(hex(sig), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "HMAC sign");
    eq(await crypto.subtle.verify("HMAC", key, sig, enc.encode("what do ya want for nothing?")), true, "HMAC verify");
    eq(await crypto.subtle.verify({ name: "HMAC" }, key, sig, enc.encode("tampered")), false, "HMAC verify tampered");
    const jwk = await crypto.subtle.importKey("jwk", { kty: "oct", k: "SmVmZQ" }, { name: "HMAC", hash: { name: "SHA-256" } }, true, ["sign"]);
    eq(hex(await crypto.subtle.sign("HMAC", jwk, enc.encode("what do ya want for nothing?"))), hex(sig), "HMAC jwk key");
    await rejects(crypto.subtle.verify("HMAC", jwk, sig, abc), "InvalidAccessError", "usage not allowed");
    await rejects(crypto.subtle.encrypt({ name: "AES-GCM" }, key, abc), "InvalidAccessError", "an HMAC key does not encrypt");
    await rejects(crypto.subtle.importKey("raw", abc, { name: "AES-GCM" }, false, ["encrypt"]), "DataError", "a 3-byte AES key");
    await rejects(crypto.subtle.importKey("raw", abc, { name: "AES-XYZ" }, false, ["encrypt"]), "NotSupportedError", "an unknown algorithm");

    eq(crypto.subtle.timingSafeEqual(enc.encode("same"), enc.encode("same")), true, "timingSafeEqual equal");
    eq(crypto.subtle.timingSafeEqual(enc.encode("same"), enc.encode("diff")), false, "timingSafeEqual different");
    e = null;
    try { crypto.subtle.timingSafeEqual(enc.encode("a"), enc.encode("ab")); } catch (x) { e = x; }
    eq(e instanceof TypeError, true, "timingSafeEqual of different lengths");
    return new Response("ok");
  },
};
