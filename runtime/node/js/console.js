// node:console: the global console with the methods Node's has beside log (count, time,
// group, table, ...), written to the same output.
(function (require, native, internal, inspect) {
  "use strict";
  const c = globalThis.console;
  const counts = new Map(), timers = new Map();
  let indent = "";
  const out = (fn) => (...args) => {
    if (!indent) return fn(...args);
    const text = require("util").format(...args);
    return fn(text.split("\n").map((l) => indent + l).join("\n"));
  };
  const log = out(c.log), warn = out(c.warn);
  const m = {
    log, info: out(c.info), debug: out(c.debug), warn, error: out(c.error), trace: c.trace, dir: out(c.dir), dirxml: log, assert: c.assert,
    clear() {}, context() { return m; }, createTask: () => ({ run: (fn) => fn() }), profile() {}, profileEnd() {}, timeStamp() {},
    count(label = "default") { const n = (counts.get(label) || 0) + 1; counts.set(label, n); log(`${label}: ${n}`); },
    countReset(label = "default") { counts.delete(label); },
    group(...label) { if (label.length) log(...label); indent += "  "; },
    groupEnd() { indent = indent.slice(2); },
    time(label = "default") { timers.set(label, performance.now()); },
    timeLog(label = "default", ...data) { if (timers.has(label)) log(`${label}: ${(performance.now() - timers.get(label)).toFixed(3)}ms`, ...data); },
    timeEnd(label = "default") { m.timeLog(label); timers.delete(label); },
    table(data) { log(inspect(data)); },
    _ignoreErrors: true, _stderr: { write: (s) => c.error(String(s).replace(/\n$/, "")) }, _stdout: { write: (s) => c.log(String(s).replace(/\n$/, "")) },
    _stderrErrorHandler() {}, _stdoutErrorHandler() {}, _times: timers,
  };
  m.groupCollapsed = m.group;
  m.Console = function Console() { return m; };
  return m;
})
