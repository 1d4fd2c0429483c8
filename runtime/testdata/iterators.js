import { eq } from "./assert.js";

// Iterator helpers (runtime/webapi/js/language.js). Each case's text is what workerd
// (wrangler 4.86.0) gave for the same code: JSON of the result, or the error it threw.
function iterCases() {
  const out = {};
  const t = (k, f) => { try { out[k] = JSON.stringify(f()); } catch (e) { out[k] = "ERR " + e.constructor.name + ": " + e.message; } };
  const log = [];
  const src = () => {
    let i = 0;
    return { __proto__: Iterator.prototype, next() { log.push("next"); return i < 5 ? { value: i++, done: false } : { value: undefined, done: true }; }, return() { log.push("return"); return {}; } };
  };
  t("map", () => [1, 2, 3].values().map((x, i) => x * 10 + i).toArray());
  t("filter", () => [1, 2, 3, 4].values().filter((x) => x % 2).toArray());
  t("take", () => { log.length = 0; const r = src().take(2).toArray(); return [r, log.slice()]; });
  t("take0", () => { log.length = 0; const h = src().take(0); return [h.next(), log.slice()]; });
  t("drop", () => [1, 2, 3].values().drop(1).toArray());
  t("flatMap", () => [1, 2].values().flatMap((x) => [x, x]).toArray());
  t("flatMapString", () => [1].values().flatMap(() => "ab").toArray());
  t("reduce", () => [1, 2, 3].values().reduce((a, b) => a + b));
  t("reduceInit", () => [1, 2, 3].values().reduce((a, b) => a + b, 10));
  t("reduceEmpty", () => [].values().reduce((a, b) => a + b));
  t("some", () => { log.length = 0; const r = src().some((x) => x === 1); return [r, log.slice()]; });
  t("every", () => [1, 2].values().every((x) => x > 0));
  t("find", () => [1, 2, 3].values().find((x) => x > 1));
  t("forEach", () => { const seen = []; [1, 2].values().forEach((x, i) => seen.push([x, i])); return seen; });
  t("returnEarly", () => { log.length = 0; const h = src().map((x) => x); h.next(); h.return(); return log.slice(); });
  t("returnBeforeStart", () => { log.length = 0; const h = src().map((x) => x); h.return(); return [log.slice(), h.next()]; });
  t("throwCloses", () => { log.length = 0; try { src().map(() => { throw new Error("x"); }).next(); } catch (e) { log.push(e.message); } return log.slice(); });
  t("tag", () => Object.prototype.toString.call([].values().map((x) => x)));
  t("fromObj", () => Iterator.from({ next() { return { done: true }; } }).toArray());
  t("fromString", () => Iterator.from("ab").toArray());
  t("fromArrayIter", () => { const a = [1].values(); return Iterator.from(a) === a; });
  t("newIterator", () => new Iterator());
  t("callIterator", () => Iterator());
  t("subclass", () => { class C extends Iterator { next() { return { done: true }; } } return [new C() instanceof Iterator, new C().toArray()]; });
  t("takeNeg", () => [].values().take(-1));
  t("takeNaN", () => [].values().take("x"));
  t("mapNotFn", () => [].values().map(1));
  t("protoShape", () => [Iterator.prototype === Object.getPrototypeOf(Object.getPrototypeOf([].values())), Iterator.name, Iterator.length, Iterator.prototype.map.length, Iterator.prototype.reduce.length, Object.keys(Iterator.prototype)]);
  t("generator", () => { function* g() { yield 1; yield 2; } return g().map((x) => x * 2).toArray(); });
  t("mapIter", () => new Map([[1, 2]]).entries().map(([k, v]) => k + v).toArray());
  return out;
}

const want = {
  "map": "[10,21,32]",
  "filter": "[1,3]",
  "take": "[[0,1],[\"next\",\"next\",\"return\"]]",
  "take0": "[{\"done\":true},[\"return\"]]",
  "drop": "[2,3]",
  "flatMap": "[1,1,2,2]",
  "flatMapString": "ERR TypeError: Iterator.prototype.flatMap called on non-object",
  "reduce": "6",
  "reduceInit": "16",
  "reduceEmpty": "ERR TypeError: Reduce of a done iterator with no initial value",
  "some": "[true,[\"next\",\"next\",\"return\"]]",
  "every": "true",
  "find": "2",
  "forEach": "[[1,0],[2,1]]",
  "returnEarly": "[\"next\",\"return\"]",
  "returnBeforeStart": "[[\"return\"],{\"done\":true}]",
  "throwCloses": "[\"next\",\"return\",\"x\"]",
  "tag": "\"[object Iterator Helper]\"",
  "fromObj": "[]",
  "fromString": "[\"a\",\"b\"]",
  "fromArrayIter": "true",
  "newIterator": "ERR TypeError: Abstract class Iterator not directly constructable",
  "callIterator": "ERR TypeError: Constructor Iterator requires 'new'",
  "subclass": "[true,[]]",
  "takeNeg": "ERR RangeError: -1 must be positive",
  "takeNaN": "ERR RangeError: x must be positive",
  "mapNotFn": "ERR TypeError: number 1 is not a function",
  "protoShape": "[true,\"Iterator\",0,1,1,[]]",
  "generator": "[2,4]",
  "mapIter": "[3]"
};

export default {
  async fetch() {
    const got = iterCases();
    for (const [k, v] of Object.entries(want)) eq(got[k], v, k);
    return new Response("ok");
  },
};
