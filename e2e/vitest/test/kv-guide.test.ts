// The KV guide's Worker tested the way wrangler's unstable_dev documentation tests a
// Worker. Only the import line differs from the wrangler version of this file, which
// imports from "wrangler".
import { unstable_dev, type Unstable_DevWorker } from "../goflare.js";
import { describe, expect, it, beforeAll, afterAll } from "vitest";

describe("Worker", () => {
  let worker: Unstable_DevWorker;

  beforeAll(async () => {
    worker = await unstable_dev("src/index.ts", {
      experimental: { disableExperimentalWarning: true },
    });
  });

  afterAll(async () => {
    await worker.stop();
  });

  it("should return the value it stored in KV", async () => {
    const resp = await worker.fetch();
    if (resp) {
      const text = await resp.text();
      expect(text).toMatchInlineSnapshot(`"disabled"`);
    }
  });
});
