// wpt WebCryptoAPI/: our cases of the behaviours its directories test (digest, sign_verify,
// import_export, encrypt_decrypt, derive_bits_keys, generateKey, wrapKey_unwrapKey,
// getRandomValues, randomUUID), with published test vectors (FIPS 180, RFC 4231, RFC 6070,
// RFC 5869, RFC 8032, RFC 3394, NIST SP 800-38A).
import { test, promise_test, run, assert_equals, assert_true, assert_false, assert_throws_js, assert_throws_dom, assert_array_equals, assert_class_string, promise_rejects_js, promise_rejects_dom } from "./harness.js";

const subtle = crypto.subtle;
const enc = (s) => new TextEncoder().encode(s);
const hex = (b) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const unhex = (h) => new Uint8Array(h.match(/../g).map((x) => parseInt(x, 16)));

// digest
const digests = {
  "SHA-1": ["", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"],
  "SHA-256": ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
  "SHA-384": ["abc", "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7", "", "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"],
  "SHA-512": ["abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f", "", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"],
};
for (const [alg, [a, ah, b, bh]] of Object.entries(digests)) {
  promise_test(async () => { assert_equals(hex(await subtle.digest(alg, enc(a))), ah); assert_equals(hex(await subtle.digest({ name: alg.toLowerCase() }, enc(b))), bh); }, `${alg} digest`);
}
promise_test(async () => assert_equals(hex(await subtle.digest("MD5", enc("abc"))), "900150983cd24fb0d6963f7d28e17f72"), "MD5 digest (workerd's extension)");
promise_test(async () => await promise_rejects_dom("NotSupportedError", subtle.digest("SHA-0", enc(""))), "digest of an unknown algorithm rejects NotSupportedError");
promise_test(async () => await promise_rejects_js(TypeError, subtle.digest("SHA-256", "string")), "digest of a string rejects TypeError");
promise_test(async () => { const r = await subtle.digest("SHA-256", new Uint8Array(0)); assert_class_string(r, "ArrayBuffer"); }, "digest returns an ArrayBuffer");
// HMAC (RFC 4231 case 2)
promise_test(async () => {
  const key = await subtle.importKey("raw", enc("Jefe"), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const sig = await subtle.sign("HMAC", key, enc("what do ya want for nothing?"));
  assert_equals(hex(sig), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  assert_true(await subtle.verify("HMAC", key, sig, enc("what do ya want for nothing?")));
  assert_false(await subtle.verify("HMAC", key, sig, enc("what do ya want for something?")));
}, "HMAC SHA-256 sign and verify (RFC 4231)");
promise_test(async () => {
  const key = await subtle.importKey("raw", enc("Jefe"), { name: "HMAC", hash: "SHA-512" }, false, ["sign"]);
  assert_equals(hex(await subtle.sign("HMAC", key, enc("what do ya want for nothing?"))), "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
}, "HMAC SHA-512 (RFC 4231)");
promise_test(async () => {
  const key = await subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, true, ["sign", "verify"]);
  assert_equals(key.algorithm.length, 512); assert_equals(key.algorithm.hash.name, "SHA-256"); assert_equals(key.type, "secret");
  assert_equals((await subtle.exportKey("raw", key)).byteLength, 64);
}, "HMAC generateKey defaults to the hash's block size");
promise_test(async () => {
  const key = await subtle.importKey("raw", enc("k"), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  await promise_rejects_dom("InvalidAccessError", subtle.sign("HMAC", key, enc("x")));
}, "sign with a key without the sign usage rejects InvalidAccessError");
promise_test(async () => {
  const key = await subtle.importKey("raw", enc("k"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  await promise_rejects_dom("InvalidAccessError", subtle.exportKey("raw", key));
}, "export of a non-extractable key rejects InvalidAccessError");
promise_test(async () => await promise_rejects_dom("SyntaxError", subtle.importKey("raw", enc("k"), { name: "HMAC", hash: "SHA-256" }, false, ["encrypt"])), "importKey with a usage the algorithm has not rejects");
promise_test(async () => await promise_rejects_dom("SyntaxError", subtle.importKey("raw", enc("k"), { name: "HMAC", hash: "SHA-256" }, false, [])), "importKey of a secret key with no usages rejects");
promise_test(async () => await promise_rejects_dom("NotSupportedError", subtle.importKey("raw", enc("k"), { name: "NOPE" }, false, ["sign"])), "importKey of an unknown algorithm rejects NotSupportedError");
// CryptoKey shape
promise_test(async () => {
  const key = await subtle.importKey("raw", new Uint8Array(16), { name: "AES-GCM" }, true, ["encrypt", "decrypt"]);
  assert_class_string(key, "CryptoKey"); assert_equals(key.type, "secret"); assert_true(key.extractable);
  assert_equals(key.algorithm.name, "AES-GCM"); assert_equals(key.algorithm.length, 128);
  assert_array_equals(key.usages.slice().sort(), ["decrypt", "encrypt"]);
}, "CryptoKey attributes");
// AES
promise_test(async () => {
  const key = await subtle.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CBC", false, ["encrypt", "decrypt"]);
  const iv = unhex("000102030405060708090a0b0c0d0e0f");
  const ct = await subtle.encrypt({ name: "AES-CBC", iv }, key, unhex("6bc1bee22e409f96e93d7e117393172a"));
  assert_equals(hex(ct).slice(0, 32), "7649abac8119b246cee98e9b12e9197d");
  assert_equals(ct.byteLength, 32, "PKCS#7 padding adds a block");
  assert_equals(hex(await subtle.decrypt({ name: "AES-CBC", iv }, key, ct)), "6bc1bee22e409f96e93d7e117393172a");
}, "AES-CBC (NIST SP 800-38A F.2.1)");
promise_test(async () => {
  const key = await subtle.importKey("raw", unhex("2b7e151628aed2a6abf7158809cf4f3c"), "AES-CTR", false, ["encrypt"]);
  const ct = await subtle.encrypt({ name: "AES-CTR", counter: unhex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"), length: 64 }, key, unhex("6bc1bee22e409f96e93d7e117393172a"));
  assert_equals(hex(ct), "874d6191b620e3261bef6864990db6ce");
}, "AES-CTR (NIST SP 800-38A F.5.1)");
promise_test(async () => {
  const key = await subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await subtle.encrypt({ name: "AES-GCM", iv, additionalData: enc("aad") }, key, enc("secret"));
  assert_equals(ct.byteLength, 6 + 16);
  assert_equals(new TextDecoder().decode(await subtle.decrypt({ name: "AES-GCM", iv, additionalData: enc("aad") }, key, ct)), "secret");
  await promise_rejects_dom("OperationError", subtle.decrypt({ name: "AES-GCM", iv, additionalData: enc("other") }, key, ct));
}, "AES-GCM round trip, and a wrong additionalData fails with OperationError");
promise_test(async () => {
  const key = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt", "decrypt"]);
  const ct = await subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12), tagLength: 96 }, key, enc("x"));
  assert_equals(ct.byteLength, 1 + 12);
}, "AES-GCM with a 96-bit tag");
promise_test(async () => await promise_rejects_dom("DataError", subtle.importKey("raw", new Uint8Array(15), "AES-GCM", false, ["encrypt"])), "an AES key of 15 bytes rejects DataError");
for (const [tagLength, ivLength] of [[32, 12], [64, 16], [96, 7], [104, 12], [112, 12], [120, 12]]) {
  promise_test(async () => {
    const key = await subtle.importKey("raw", new Uint8Array(16).fill(7), "AES-GCM", false, ["encrypt", "decrypt"]);
    const p = { name: "AES-GCM", iv: new Uint8Array(ivLength).fill(3), tagLength, additionalData: new Uint8Array([1]) };
    const ct = new Uint8Array(await subtle.encrypt(p, key, enc("hello")));
    assert_equals(ct.length, 5 + tagLength / 8);
    assert_equals(new TextDecoder().decode(await subtle.decrypt(p, key, ct)), "hello");
    ct[ct.length - 1] ^= 1;
    await promise_rejects_dom("OperationError", subtle.decrypt(p, key, ct));
  }, `AES-GCM with a ${tagLength}-bit tag and a ${ivLength}-byte iv`);
}
for (const tagLength of [0, 100, 256]) {
  promise_test(async () => {
    const key = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
    await promise_rejects_dom("OperationError", subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(12), tagLength }, key, enc("x")));
  }, `AES-GCM with tagLength ${tagLength} rejects OperationError`);
}
promise_test(async () => {
  const key = await subtle.importKey("raw", new Uint8Array(16), "AES-GCM", false, ["encrypt"]);
  await promise_rejects_dom("OperationError", subtle.encrypt({ name: "AES-GCM", iv: new Uint8Array(0) }, key, enc("x")));
}, "AES-GCM with an empty iv rejects OperationError");
promise_test(async () => {
  const key = await subtle.importKey("raw", new Uint8Array(16), "AES-CBC", false, ["decrypt"]);
  await promise_rejects_dom("OperationError", subtle.decrypt({ name: "AES-CBC", iv: new Uint8Array(16) }, key, new Uint8Array(16)));
}, "AES-CBC decrypt with bad padding rejects OperationError");
promise_test(async () => {
  const key = await subtle.importKey("raw", new Uint8Array(16), "AES-CBC", false, ["encrypt"]);
  await promise_rejects_dom("OperationError", subtle.encrypt({ name: "AES-CBC", iv: new Uint8Array(8) }, key, new Uint8Array(1)));
}, "AES-CBC with an 8-byte iv rejects OperationError");
// AES-KW (RFC 3394 4.1)
promise_test(async () => {
  const kek = await subtle.importKey("raw", unhex("000102030405060708090A0B0C0D0E0F"), "AES-KW", false, ["wrapKey", "unwrapKey"]);
  const key = await subtle.importKey("raw", unhex("00112233445566778899AABBCCDDEEFF"), "AES-GCM", true, ["encrypt"]);
  const wrapped = await subtle.wrapKey("raw", key, kek, "AES-KW");
  assert_equals(hex(wrapped), "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5");
  const back = await subtle.unwrapKey("raw", wrapped, kek, "AES-KW", "AES-GCM", true, ["encrypt"]);
  assert_equals(hex(await subtle.exportKey("raw", back)), "00112233445566778899aabbccddeeff");
}, "AES-KW wrapKey and unwrapKey (RFC 3394)");
// PBKDF2 (RFC 6070) and HKDF (RFC 5869)
promise_test(async () => {
  const key = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]);
  const bits = await subtle.deriveBits({ name: "PBKDF2", salt: enc("salt"), iterations: 2, hash: "SHA-1" }, key, 160);
  assert_equals(hex(bits), "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
}, "PBKDF2 deriveBits (RFC 6070)");
promise_test(async () => {
  const key = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveBits"]);
  await promise_rejects_dom("OperationError", subtle.deriveBits({ name: "PBKDF2", salt: enc("s"), iterations: 0, hash: "SHA-256" }, key, 256));
}, "PBKDF2 with 0 iterations rejects OperationError");
promise_test(async () => await promise_rejects_dom("SyntaxError", subtle.importKey("raw", enc("p"), "PBKDF2", true, ["deriveBits"])), "PBKDF2 keys cannot be extractable");
promise_test(async () => {
  const key = await subtle.importKey("raw", unhex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), "HKDF", false, ["deriveBits"]);
  const bits = await subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: unhex("000102030405060708090a0b0c"), info: unhex("f0f1f2f3f4f5f6f7f8f9") }, key, 336);
  assert_equals(hex(bits), "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}, "HKDF deriveBits (RFC 5869 A.1)");
promise_test(async () => {
  const base = await subtle.importKey("raw", enc("password"), "PBKDF2", false, ["deriveKey"]);
  const key = await subtle.deriveKey({ name: "PBKDF2", salt: enc("salt"), iterations: 1000, hash: "SHA-256" }, base, { name: "AES-GCM", length: 128 }, true, ["encrypt"]);
  assert_equals(key.algorithm.name, "AES-GCM"); assert_equals((await subtle.exportKey("raw", key)).byteLength, 16);
}, "deriveKey makes an AES key from PBKDF2");
// Ed25519 (RFC 8032 test 1)
promise_test(async () => {
  const pub = await subtle.importKey("raw", unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), "Ed25519", true, ["verify"]);
  const sig = unhex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  assert_true(await subtle.verify("Ed25519", pub, sig, new Uint8Array(0)));
  assert_false(await subtle.verify("Ed25519", pub, sig, new Uint8Array(1)));
}, "Ed25519 verify (RFC 8032 test 1)");
promise_test(async () => {
  const kp = await subtle.generateKey("Ed25519", true, ["sign", "verify"]);
  assert_equals(kp.publicKey.type, "public"); assert_equals(kp.privateKey.type, "private");
  assert_true(kp.publicKey.extractable); assert_false(kp.privateKey.extractable === undefined);
  const sig = await subtle.sign("Ed25519", kp.privateKey, enc("m"));
  assert_equals(sig.byteLength, 64);
  assert_true(await subtle.verify("Ed25519", kp.publicKey, sig, enc("m")));
  const jwk = await subtle.exportKey("jwk", kp.publicKey);
  assert_equals(jwk.kty, "OKP"); assert_equals(jwk.crv, "Ed25519");
}, "Ed25519 generateKey, sign, verify and JWK export");
// ECDSA and ECDH
for (const [curve, sigLen] of [["P-256", 64], ["P-384", 96], ["P-521", 132]]) {
  promise_test(async () => {
    const kp = await subtle.generateKey({ name: "ECDSA", namedCurve: curve }, true, ["sign", "verify"]);
    const sig = await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, kp.privateKey, enc("m"));
    assert_equals(sig.byteLength, sigLen, "IEEE P1363 r||s");
    assert_true(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, kp.publicKey, sig, enc("m")));
    const spki = await subtle.exportKey("spki", kp.publicKey);
    const back = await subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: curve }, true, ["verify"]);
    assert_true(await subtle.verify({ name: "ECDSA", hash: "SHA-256" }, back, sig, enc("m")));
  }, `ECDSA ${curve} round trip through SPKI`);
}
promise_test(async () => {
  const a = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  const b = await subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"]);
  const x = await subtle.deriveBits({ name: "ECDH", public: b.publicKey }, a.privateKey, 256);
  const y = await subtle.deriveBits({ name: "ECDH", public: a.publicKey }, b.privateKey, 256);
  assert_equals(hex(x), hex(y));
}, "ECDH agrees");
promise_test(async () => {
  const a = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const b = await subtle.generateKey({ name: "X25519" }, true, ["deriveBits"]);
  const x = await subtle.deriveBits({ name: "X25519", public: b.publicKey }, a.privateKey, 256);
  const y = await subtle.deriveBits({ name: "X25519", public: a.publicKey }, b.privateKey, 256);
  assert_equals(hex(x), hex(y));
}, "X25519 agrees");
promise_test(async () => {
  const kp = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign"]);
  const jwk = await subtle.exportKey("jwk", kp.privateKey);
  assert_equals(jwk.kty, "EC"); assert_equals(jwk.crv, "P-256"); assert_true(typeof jwk.d === "string");
  const back = await subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  assert_equals(back.type, "private");
}, "ECDSA private key through JWK");
// RSA
promise_test(async () => {
  const kp = await subtle.generateKey({ name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["sign", "verify"]);
  assert_equals(kp.publicKey.algorithm.modulusLength, 2048); assert_array_equals([...kp.publicKey.algorithm.publicExponent], [1, 0, 1]);
  const sig = await subtle.sign("RSASSA-PKCS1-v1_5", kp.privateKey, enc("m"));
  assert_equals(sig.byteLength, 256);
  assert_true(await subtle.verify("RSASSA-PKCS1-v1_5", kp.publicKey, sig, enc("m")));
  const pkcs8 = await subtle.exportKey("pkcs8", kp.privateKey);
  const again = await subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["sign"]);
  assert_equals(hex(await subtle.sign("RSASSA-PKCS1-v1_5", again, enc("m"))), hex(sig), "PKCS#1 v1.5 signatures are deterministic");
}, "RSASSA-PKCS1-v1_5 generate, sign, verify, PKCS#8");
promise_test(async () => {
  const kp = await subtle.generateKey({ name: "RSA-PSS", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, false, ["sign", "verify"]);
  const sig = await subtle.sign({ name: "RSA-PSS", saltLength: 32 }, kp.privateKey, enc("m"));
  assert_true(await subtle.verify({ name: "RSA-PSS", saltLength: 32 }, kp.publicKey, sig, enc("m")));
}, "RSA-PSS sign and verify");
promise_test(async () => {
  const kp = await subtle.generateKey({ name: "RSA-OAEP", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" }, true, ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
  const ct = await subtle.encrypt({ name: "RSA-OAEP", label: enc("l") }, kp.publicKey, enc("secret"));
  assert_equals(new TextDecoder().decode(await subtle.decrypt({ name: "RSA-OAEP", label: enc("l") }, kp.privateKey, ct)), "secret");
  const aes = await subtle.generateKey({ name: "AES-GCM", length: 128 }, true, ["encrypt"]);
  const wrapped = await subtle.wrapKey("jwk", aes, kp.publicKey, "RSA-OAEP");
  const back = await subtle.unwrapKey("jwk", wrapped, kp.privateKey, "RSA-OAEP", "AES-GCM", true, ["encrypt"]);
  assert_equals(hex(await subtle.exportKey("raw", back)), hex(await subtle.exportKey("raw", aes)));
}, "RSA-OAEP encrypt, decrypt, and wrap a JWK");
promise_test(async () => {
  const kp = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  assert_true(kp.publicKey.extractable, "a public key is always extractable");
  assert_false(kp.privateKey.extractable);
  assert_array_equals(kp.publicKey.usages, ["verify"]); assert_array_equals(kp.privateKey.usages, ["sign"]);
}, "generateKey splits usages between the pair");
promise_test(async () => await promise_rejects_dom("SyntaxError", subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [])), "generateKey of a pair with no usages rejects SyntaxError");
promise_test(async () => await promise_rejects_dom("NotSupportedError", subtle.generateKey({ name: "ECDSA", namedCurve: "P-192" }, true, ["sign"])), "an unsupported curve rejects NotSupportedError");
// random
test(() => { const a = crypto.getRandomValues(new Uint8Array(16)); assert_equals(a.length, 16); }, "getRandomValues fills and returns the array");
test(() => assert_throws_dom("QuotaExceededError", () => crypto.getRandomValues(new Uint8Array(65537))), "getRandomValues over 65,536 bytes throws QuotaExceededError");
for (const T of [Float32Array, Float64Array]) test(() => assert_throws_dom("TypeMismatchError", () => crypto.getRandomValues(new T(1))), `getRandomValues of a ${T.name} throws TypeMismatchError`);
test(() => assert_regexp(crypto.randomUUID()), "randomUUID is a version 4 UUID");
function assert_regexp(s) { if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(s)) throw new Error(s); }
test(() => { assert_class_string(crypto, "Crypto"); assert_class_string(subtle, "SubtleCrypto"); assert_throws_js(TypeError, () => new CryptoKey()); }, "Crypto, SubtleCrypto and CryptoKey");

export default { fetch: run };
