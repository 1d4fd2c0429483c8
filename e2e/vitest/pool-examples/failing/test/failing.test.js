// What the pool must report as failures: e2e/vitest/test/pool.test.ts expects exactly
// these results.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("reported", () => {
  it("passes", async () => {
    expect(await (await SELF.fetch("http://example.com/")).text()).toBe("Hello World!");
  });
  it("fails an assertion", () => {
    expect({ a: 1 }).toEqual({ a: 2 });
  });
  it("throws", () => {
    throw new TypeError("thrown inside the isolate");
  });
  it.skip("is skipped", () => {});
  it("fails an inline snapshot", () => {
    expect("x").toMatchInlineSnapshot(`"y"`);
  });
  it("runs in goflare, not in Node", () => {
    expect(navigator.userAgent).toBe("Cloudflare-Workers");
  });
});
