import { eq } from "../../../runtime/testdata/assert.js";

// The binding object as workerd shows it: class KvNamespace, not a global, methods on the
// prototype that check `this`; get's option conversion throws synchronously.
export default {
  async fetch(request, env) {
    const kv = env.KV;
    const proto = Object.getPrototypeOf(kv);
    eq([kv.constructor.name, Object.prototype.toString.call(kv), Object.keys(kv)],
      ["KvNamespace", "[object KvNamespace]", []], "class shape");
    eq(Object.getOwnPropertyNames(proto).sort(), ["constructor", "delete", "get", "getWithMetadata", "list", "put"], "methods");
    eq(typeof globalThis.KVNamespace + " " + typeof globalThis.KvNamespace, "undefined undefined", "no global class");
    let threw = null;
    try { new kv.constructor(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Illegal constructor", "not constructible");
    threw = null;
    try { proto.get.call({}, "k"); } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Illegal invocation", "brand check");
    threw = null;
    try { kv.get(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Failed to execute 'get' on 'KvNamespace': parameter 1 is not of type 'string or Array'.", "get() throws");
    threw = null;
    try { kv.get("k", { cacheTtl: 2 ** 40 }); } catch (e) { threw = e; }
    eq(threw instanceof TypeError && threw.message, "Value out of range. Must be between -2147483648 and 2147483647 (inclusive).", "get option range throws");
    eq(Object.keys(env), ["KV"], "one env entry per binding");
    return new Response("ok");
  },
};
