// How long unstable_dev takes: node bench/start.js [N] starts the KV guide's worker N
// times (default 20) and prints the median time to a resolved unstable_dev() and to the
// first response. `make bench` runs it.
import { unstable_dev } from "../goflare.js";

const n = Number(process.argv[2] ?? 20);
const ready = [];
const first = [];
for (let i = 0; i < n; i++) {
  const t0 = performance.now();
  const worker = await unstable_dev("src/index.ts", { logLevel: "none" });
  ready.push(performance.now() - t0);
  await (await worker.fetch()).text();
  first.push(performance.now() - t0);
  await worker.stop();
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log(
  `unstable_dev over ${n} starts: median ${median(ready).toFixed(1)} ms to ready, ` +
    `${median(first).toFixed(1)} ms to the first response (min ${Math.min(...ready).toFixed(1)}, max ${Math.max(...ready).toFixed(1)})`,
);
