// The KV REST API's round trips: node bench/kv-api.js [N] starts the KV guide's worker
// and times N sequential values.update and N values.get calls of the official SDK
// (7.3.0) against the API goflare dev serves, then the same as plain fetch PUT / GET.
// `make bench` runs it.
import Cloudflare from "cloudflare7";
import { unstable_dev } from "../goflare.js";

const n = Number(process.argv[2] ?? 1000);
const worker = await unstable_dev("src/index.ts", { logLevel: "none" });
const baseURL = `http://${worker.address}:${worker.port}/cdn-cgi/client/v4`;
const ns = "kv-tutorial-namespace";
const c = new Cloudflare({ baseURL, apiToken: "local", maxRetries: 0 });
const rate = async (fn) => {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return Math.round(n / ((performance.now() - t0) / 1000));
};
const put = await rate((i) => c.kv.namespaces.values.update(`k${i % 50}`, { account_id: "a", namespace_id: ns, value: `value ${i}` }));
const get = await rate(async (i) => (await c.kv.namespaces.values.get(`k${i % 50}`, { account_id: "a", namespace_id: ns })).text());
const values = `${baseURL}/accounts/a/storage/kv/namespaces/${ns}/values`;
const rawPut = await rate(async (i) => (await fetch(`${values}/k${i % 50}`, { method: "PUT", body: `value ${i}` })).text());
const rawGet = await rate(async (i) => (await fetch(`${values}/k${i % 50}`)).text());
await worker.stop();
console.log(`KV REST API, ${n} sequential calls each: SDK values.update ${put}/s, values.get ${get}/s; fetch PUT ${rawPut}/s, GET ${rawGet}/s`);
