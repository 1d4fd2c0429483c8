// node:console: the global console (as in workerd, whose node:console is that console),
// with the fields Node's has beside its methods.
(function (require) {
  "use strict";
  const c = globalThis.console;
  const m = {};
  for (const name of ["log", "info", "debug", "warn", "error", "trace", "dir", "dirxml", "assert", "clear", "count", "countReset", "group", "groupCollapsed", "groupEnd", "table", "time", "timeEnd", "timeLog", "timeStamp", "profile", "profileEnd"]) {
    m[name] = typeof c[name] === "function" ? c[name] : () => {};
  }
  m.context = () => m;
  m.createTask = () => ({ run: (fn) => fn() });
  Object.assign(m, {
    _ignoreErrors: true, _times: new Map(), _stderrErrorHandler() {}, _stdoutErrorHandler() {},
    _stderr: { write: (s) => c.error(String(s).replace(/\n$/, "")) }, _stdout: { write: (s) => c.log(String(s).replace(/\n$/, "")) },
  });
  m.Console = function Console() { return m; };
  return m;
})
