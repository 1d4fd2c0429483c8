// goflare's vitest pool (pool/): the example projects in pool-examples run under vitest
// with it, each test file inside a goflare isolate. hello-world and kv have the shape of
// Cloudflare's vitest-pool-workers examples and pass; failing's results are reported
// test by test.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const vitestBin = fileURLToPath(new URL("../node_modules/vitest/vitest.mjs", import.meta.url));
const examples = fileURLToPath(new URL("../pool-examples/", import.meta.url));

type Result = { title: string; status: string; failureMessages: string[] };

function runExample(name: string): Promise<{ code: number | null; results: Result[]; out: string }> {
  const report = join(mkdtempSync(join(tmpdir(), "goflare-pool-")), "report.json");
  return new Promise((resolve) => {
    execFile(process.execPath, [vitestBin, "run", "--reporter=json", `--outputFile=${report}`],
      { cwd: join(examples, name), env: { ...process.env, CI: "true" }, timeout: 120000 },
      (err, stdout, stderr) => {
        let results: Result[] = [];
        try {
          const json = JSON.parse(readFileSync(report, "utf8"));
          results = json.testResults.flatMap((f: { assertionResults: Result[] }) => f.assertionResults);
        } catch {}
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, results, out: stdout + stderr });
      });
  });
}

describe("goflare's vitest pool", () => {
  it("runs the hello-world example: unit and integration style, inline snapshots", async () => {
    const { code, results, out } = await runExample("hello-world");
    expect(results.map((r) => [r.title, r.status]), out).toEqual([
      ["responds with Hello World! (unit style)", "passed"],
      ["responds with Hello World! (integration style)", "passed"],
    ]);
    expect(code, out).toBe(0);
  });

  it("runs the kv example: SELF, env, isolated storage, scheduled, fetchMock, goflare.clock", async () => {
    const { code, results, out } = await runExample("kv");
    expect(results.length, out).toBe(8);
    expect(results.filter((r) => r.status !== "passed"), out).toEqual([]);
    expect(code, out).toBe(0);
  });

  it("reports failures, throws, skips and snapshot mismatches test by test", async () => {
    const { code, results, out } = await runExample("failing");
    const by = Object.fromEntries(results.map((r) => [r.title, r]));
    expect(by["passes"]?.status, out).toBe("passed");
    expect(by["runs in goflare, not in Node"]?.status, out).toBe("passed");
    expect(by["is skipped"]?.status, out).toMatch(/skipped|pending/);
    expect(by["fails an assertion"]?.failureMessages.join("\n")).toContain("expected { a: 1 } to deeply equal { a: 2 }");
    expect(by["throws"]?.failureMessages.join("\n")).toContain("TypeError: thrown inside the isolate");
    expect(by["fails an inline snapshot"]?.status).toBe("failed");
    expect(code).not.toBe(0);
  });
});
