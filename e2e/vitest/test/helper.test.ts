// The helper itself: what it passes to goflare dev, how it fails, that it cleans up.
import { mkdtempSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { execSync, spawn } from "node:child_process";
import { join } from "node:path";
import { unstable_dev } from "../goflare.js";
import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures";

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "goflare-vitest-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

// goflarePids lists the goflare dev processes serving a fixture ("[d]" keeps pgrep's
// own shell, whose command line holds the pattern, out of the list).
function goflarePids(fixtureName: string): number[] {
  return execSync(`pgrep -f -- "[d]ev --port 0 .*${fixtureName}" || true`).toString().trim().split("\n").filter(Boolean).map(Number);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("unstable_dev", () => {
  it("rejects with goflare's diagnostic when the config is wrong, and leaves no process", async () => {
    const dir = project({
      "wrangler.toml": 'name = "bad"\nmain = "index.js"\ncompatibility_date = "2026-04-01"\nkv_namespaces = "nope"\n',
      "index.js": "export default { fetch() { return new Response('x') } };\n",
    });
    await expect(unstable_dev("index.js", { cwd: dir, logLevel: "none" })).rejects.toThrow(
      /exited \(code 1\) before it was ready:[\s\S]*The field "kv_namespaces" should be an array but got "nope"/,
    );
  });

  it("says how to name the binary when there is none", async () => {
    await expect(unstable_dev(fixture("hello-kv"), { binary: "/nonexistent/goflare" })).rejects.toThrow(
      "could not start /nonexistent/goflare: spawn /nonexistent/goflare ENOENT (set GOFLARE_BIN to the goflare binary)",
    );
  });

  it("rejects with the build error of a script that does not compile", async () => {
    const dir = project({ "index.ts": "export default { fetch() { return new Response( } };\n" });
    await expect(unstable_dev("index.ts", { cwd: dir, logLevel: "none" })).rejects.toThrow(/index\.ts:1:\d+/);
  });

  it("stops the process, once or twice", async () => {
    const worker = await unstable_dev(fixture("hello-kv"));
    const res = await worker.fetch("/");
    expect(res.status).toBe(200);
    const pids = goflarePids("hello-kv");
    expect(pids.length).toBeGreaterThan(0);
    await worker.stop();
    await worker.stop();
    for (const pid of pids) expect(alive(pid)).toBe(false);
    await expect(worker.fetch("/")).rejects.toThrow();
  });

  it("passes vars, env and the KV operation limit, and fetches absolute URLs on the worker", async () => {
    const dir = project({
      "wrangler.toml": [
        'name = "opts"', 'main = "index.js"', 'compatibility_date = "2026-04-01"',
        '[vars]', 'WHO = "top"', '[env.staging.vars]', 'WHO = "staging"',
        '[[env.staging.kv_namespaces]]', 'binding = "KV"', 'id = "staging-kv"', "",
      ].join("\n"),
      "index.js": `export default { async fetch(req, env) {
        const url = new URL(req.url);
        if (url.pathname === "/ops") { for (let i = 0; i < 3; i++) await env.KV.get("k"); return new Response("ok"); }
        return new Response(env.WHO + " " + env.EXTRA + " " + url.pathname + url.search);
      } };\n`,
    });
    const worker = await unstable_dev("index.js", { cwd: dir, env: "staging", vars: { EXTRA: 42 }, kvOpLimit: 2, logLevel: "none" });
    try {
      expect(await (await worker.fetch("https://example.com/a/b?c=d")).text()).toBe("staging 42 /a/b?c=d");
      expect(await (await worker.fetch(new Request("http://x/req"))).text()).toBe("staging 42 /req");
      const ops = await worker.fetch("/ops");
      expect(ops.status).toBe(500);
      expect(await ops.text()).toContain("Too many API requests by single worker invocation.");
      expect(worker.address).toBe("127.0.0.1");
      expect(worker.port).toBeGreaterThan(0);
    } finally {
      await worker.stop();
    }
    expect(existsSync(join(dir, ".wrangler"))).toBe(false);
  });

  it("round-trips binary values and metadata through the KV controls", async () => {
    const worker = await unstable_dev(fixture("hello-kv"));
    try {
      const kv = worker.kv("MY_KV");
      await kv.put([
        { key: "bin", value: new Uint8Array([0xff, 0, 1]), metadata: { kind: "bytes" } },
        { key: "text", value: "héllo", expiration: Math.floor(Date.now() / 1000) + 3600 },
      ]);
      const bin = await kv.get("bin");
      expect(Array.from(bin!.bytes)).toEqual([0xff, 0, 1]);
      expect(bin!.metadata).toEqual({ kind: "bytes" });
      expect(bin!.expiration).toBeNull();
      expect((await kv.get("text"))!.value).toBe("héllo");
      expect(await (await worker.fetch("/get?key=text")).text()).toBe("héllo");
      expect(await kv.get("missing")).toBeNull();
      await expect(kv.put("bad", "v", { expirationTtl: 10 })).rejects.toThrow(
        "Invalid expiration_ttl of 10. Expiration TTL must be at least 60.",
      );
      await expect(worker.kv("NOPE").list()).rejects.toThrow(/no KV binding named "NOPE" \(it has MY_KV\)/);
    } finally {
      await worker.stop();
    }
  });
});

describe("a killed test process", () => {
  it("takes its goflare along: goflare stops when its stdin closes", async () => {
    // A child node process starts a worker, says its port, then is SIGKILLed: no exit
    // handler of its runs.
    const script = `
      import { unstable_dev } from ${JSON.stringify(new URL("../goflare.js", import.meta.url).href)};
      const w = await unstable_dev(${JSON.stringify(fixture("hello-kv"))}, { logLevel: "none" });
      console.log("port", w.port);
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<string>((resolve) => parent.stdout!.on("data", (d) => resolve(String(d).trim().split(" ")[1])));
    const pids = goflarePids("hello-kv");
    expect(pids.length).toBe(1);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);
    parent.kill("SIGKILL");
    for (let i = 0; i < 100 && alive(pids[0]); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pids[0])).toBe(false);
  });
});
