// node:path: Node's POSIX algorithms (lib/path.js), with the working directory "/", as
// workerd's; path.win32 covers the common calls with Windows separators.
(function (require, native, internal) {
  "use strict";
  const { validateString, validateObject } = internal;

  // normalizeString resolves . and .. in path (Node's normalizeString).
  function normalizeString(path, allowAboveRoot, separator, isSep) {
    let res = "", lastSegmentLength = 0, lastSlash = -1, dots = 0, code = 0;
    for (let i = 0; i <= path.length; ++i) {
      if (i < path.length) code = path.charCodeAt(i);
      else if (isSep(code)) break;
      else code = 47;
      if (isSep(code)) {
        if (lastSlash === i - 1 || dots === 1) {
          // nothing
        } else if (dots === 2) {
          if (res.length < 2 || lastSegmentLength !== 2 || res.charCodeAt(res.length - 1) !== 46 || res.charCodeAt(res.length - 2) !== 46) {
            if (res.length > 2) {
              const lastSlashIndex = res.lastIndexOf(separator);
              if (lastSlashIndex === -1) { res = ""; lastSegmentLength = 0; }
              else { res = res.slice(0, lastSlashIndex); lastSegmentLength = res.length - 1 - res.lastIndexOf(separator); }
              lastSlash = i; dots = 0;
              continue;
            } else if (res.length !== 0) {
              res = ""; lastSegmentLength = 0; lastSlash = i; dots = 0;
              continue;
            }
          }
          if (allowAboveRoot) { res += res.length > 0 ? `${separator}..` : ".."; lastSegmentLength = 2; }
        } else {
          if (res.length > 0) res += `${separator}${path.slice(lastSlash + 1, i)}`;
          else res = path.slice(lastSlash + 1, i);
          lastSegmentLength = i - lastSlash - 1;
        }
        lastSlash = i; dots = 0;
      } else if (code === 46 && dots !== -1) ++dots;
      else dots = -1;
    }
    return res;
  }

  function makeFormat(sep) {
    return function format(pathObject) {
      validateObject(pathObject, "pathObject");
      const dir = pathObject.dir || pathObject.root;
      const base = pathObject.base || `${pathObject.name || ""}${pathObject.ext ? (pathObject.ext[0] === "." ? "" : ".") + pathObject.ext : ""}`;
      if (!dir) return base;
      return dir === pathObject.root ? `${dir}${base}` : `${dir}${sep}${base}`;
    };
  }

  const isPosixSep = (c) => c === 47;
  const posix = {
    sep: "/",
    delimiter: ":",
    resolve(...args) {
      let resolvedPath = "", resolvedAbsolute = false;
      for (let i = args.length - 1; i >= -1 && !resolvedAbsolute; i--) {
        const path = i >= 0 ? args[i] : "/";
        validateString(path, `paths[${i}]`);
        if (path.length === 0) continue;
        resolvedPath = `${path}/${resolvedPath}`;
        resolvedAbsolute = path.charCodeAt(0) === 47;
      }
      resolvedPath = normalizeString(resolvedPath, !resolvedAbsolute, "/", isPosixSep);
      if (resolvedAbsolute) return `/${resolvedPath}`;
      return resolvedPath.length > 0 ? resolvedPath : ".";
    },
    normalize(path) {
      validateString(path, "path");
      if (path.length === 0) return ".";
      const isAbsolute = path.charCodeAt(0) === 47;
      const trailingSeparator = path.charCodeAt(path.length - 1) === 47;
      path = normalizeString(path, !isAbsolute, "/", isPosixSep);
      if (path.length === 0) {
        if (isAbsolute) return "/";
        return trailingSeparator ? "./" : ".";
      }
      if (trailingSeparator) path += "/";
      return isAbsolute ? `/${path}` : path;
    },
    isAbsolute(path) { validateString(path, "path"); return path.length > 0 && path.charCodeAt(0) === 47; },
    join(...args) {
      if (args.length === 0) return ".";
      const parts = [];
      for (const arg of args) {
        validateString(arg, "path");
        if (arg.length > 0) parts.push(arg);
      }
      if (parts.length === 0) return ".";
      return posix.normalize(parts.join("/"));
    },
    relative(from, to) {
      validateString(from, "from");
      validateString(to, "to");
      if (from === to) return "";
      from = posix.resolve(from);
      to = posix.resolve(to);
      if (from === to) return "";
      const fromStart = 1, fromEnd = from.length, fromLen = fromEnd - fromStart;
      const toStart = 1, toLen = to.length - toStart;
      const length = fromLen < toLen ? fromLen : toLen;
      let lastCommonSep = -1, i = 0;
      for (; i < length; i++) {
        const fromCode = from.charCodeAt(fromStart + i);
        if (fromCode !== to.charCodeAt(toStart + i)) break;
        else if (fromCode === 47) lastCommonSep = i;
      }
      if (i === length) {
        if (toLen > length) {
          if (to.charCodeAt(toStart + i) === 47) return to.slice(toStart + i + 1);
          if (i === 0) return to.slice(toStart + i);
        } else if (fromLen > length) {
          if (from.charCodeAt(fromStart + i) === 47) lastCommonSep = i;
          else if (i === 0) lastCommonSep = 0;
        }
      }
      let out = "";
      for (i = fromStart + lastCommonSep + 1; i <= fromEnd; ++i) {
        if (i === fromEnd || from.charCodeAt(i) === 47) out += out.length === 0 ? ".." : "/..";
      }
      return `${out}${to.slice(toStart + lastCommonSep)}`;
    },
    toNamespacedPath(path) { return path; },
    dirname(path) {
      validateString(path, "path");
      if (path.length === 0) return ".";
      const hasRoot = path.charCodeAt(0) === 47;
      let end = -1, matchedSlash = true;
      for (let i = path.length - 1; i >= 1; --i) {
        if (path.charCodeAt(i) === 47) {
          if (!matchedSlash) { end = i; break; }
        } else matchedSlash = false;
      }
      if (end === -1) return hasRoot ? "/" : ".";
      if (hasRoot && end === 1) return "//";
      return path.slice(0, end);
    },
    basename(path, suffix) {
      if (suffix !== undefined) validateString(suffix, "suffix");
      validateString(path, "path");
      let start = 0, end = -1, matchedSlash = true;
      if (suffix !== undefined && suffix.length > 0 && suffix.length <= path.length) {
        if (suffix === path) return "";
        let extIdx = suffix.length - 1, firstNonSlashEnd = -1;
        for (let i = path.length - 1; i >= 0; --i) {
          const code = path.charCodeAt(i);
          if (code === 47) {
            if (!matchedSlash) { start = i + 1; break; }
          } else {
            if (firstNonSlashEnd === -1) { matchedSlash = false; firstNonSlashEnd = i + 1; }
            if (extIdx >= 0) {
              if (code === suffix.charCodeAt(extIdx)) { if (--extIdx === -1) end = i; }
              else { extIdx = -1; end = firstNonSlashEnd; }
            }
          }
        }
        if (start === end) end = firstNonSlashEnd;
        else if (end === -1) end = path.length;
        return path.slice(start, end);
      }
      for (let i = path.length - 1; i >= 0; --i) {
        if (path.charCodeAt(i) === 47) {
          if (!matchedSlash) { start = i + 1; break; }
        } else if (end === -1) { matchedSlash = false; end = i + 1; }
      }
      if (end === -1) return "";
      return path.slice(start, end);
    },
    extname(path) {
      validateString(path, "path");
      let startDot = -1, startPart = 0, end = -1, matchedSlash = true, preDotState = 0;
      for (let i = path.length - 1; i >= 0; --i) {
        const code = path.charCodeAt(i);
        if (code === 47) {
          if (!matchedSlash) { startPart = i + 1; break; }
          continue;
        }
        if (end === -1) { matchedSlash = false; end = i + 1; }
        if (code === 46) {
          if (startDot === -1) startDot = i;
          else if (preDotState !== 1) preDotState = 1;
        } else if (startDot !== -1) preDotState = -1;
      }
      if (startDot === -1 || end === -1 || preDotState === 0 || (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)) return "";
      return path.slice(startDot, end);
    },
    format: makeFormat("/"),
    parse(path) {
      validateString(path, "path");
      const ret = { root: "", dir: "", base: "", ext: "", name: "" };
      if (path.length === 0) return ret;
      const isAbsolute = path.charCodeAt(0) === 47;
      let start;
      if (isAbsolute) { ret.root = "/"; start = 1; } else start = 0;
      let startDot = -1, startPart = 0, end = -1, matchedSlash = true, i = path.length - 1, preDotState = 0;
      for (; i >= start; --i) {
        const code = path.charCodeAt(i);
        if (code === 47) {
          if (!matchedSlash) { startPart = i + 1; break; }
          continue;
        }
        if (end === -1) { matchedSlash = false; end = i + 1; }
        if (code === 46) {
          if (startDot === -1) startDot = i;
          else if (preDotState !== 1) preDotState = 1;
        } else if (startDot !== -1) preDotState = -1;
      }
      if (end !== -1) {
        const s = startPart === 0 && isAbsolute ? 1 : startPart;
        if (startDot === -1 || preDotState === 0 || (preDotState === 1 && startDot === end - 1 && startDot === startPart + 1)) {
          ret.base = ret.name = path.slice(s, end);
        } else {
          ret.name = path.slice(s, startDot);
          ret.base = path.slice(s, end);
          ret.ext = path.slice(startDot, end);
        }
      }
      if (startPart > 0) ret.dir = path.slice(0, startPart - 1);
      else if (isAbsolute) ret.dir = "/";
      return ret;
    },
    matchesGlob(path, pattern) {
      validateString(path, "path");
      validateString(pattern, "pattern");
      let re = "";
      for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "*") {
          if (pattern[i + 1] === "*") { re += ".*"; i++; if (pattern[i + 1] === "/") i++; }
          else re += "[^/]*";
        } else if (c === "?") re += "[^/]";
        else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
      }
      return new RegExp(`^${re}$`).test(path);
    },
  };

  // win32 reuses the POSIX algorithms on paths whose separators are made forward
  // slashes, then turns them back: enough for the joins and names libraries compute.
  const toPosix = (p) => p.replace(/\\/g, "/");
  const toWin = (p) => p.replace(/\//g, "\\");
  const drive = (p) => (/^[A-Za-z]:/.test(p) ? p.slice(0, 2) : "");
  const win32 = {
    sep: "\\",
    delimiter: ";",
    normalize: (p) => { validateString(p, "path"); const d = drive(p); return d + toWin(posix.normalize(toPosix(p.slice(d.length)) || ".")); },
    join: (...args) => { for (const a of args) validateString(a, "path"); return win32.normalize(args.filter((a) => a).join("\\") || "."); },
    isAbsolute: (p) => { validateString(p, "path"); return /^([A-Za-z]:)?[\\/]/.test(p); },
    basename: (p, ext) => posix.basename(toPosix(p.slice(drive(p).length)), ext),
    dirname: (p) => { const d = drive(p); return d + toWin(posix.dirname(toPosix(p.slice(d.length)))); },
    extname: (p) => posix.extname(toPosix(p)),
    resolve: (...args) => toWin(posix.resolve(...args.map(toPosix))),
    relative: (from, to) => toWin(posix.relative(toPosix(from), toPosix(to))),
    toNamespacedPath: (p) => p,
    format: makeFormat("\\"),
    parse: (p) => { const r = posix.parse(toPosix(p)); for (const k of ["root", "dir"]) r[k] = toWin(r[k]); return r; },
    matchesGlob: (p, pattern) => posix.matchesGlob(toPosix(p), toPosix(pattern)),
  };
  posix.posix = win32.posix = posix;
  posix.win32 = win32.win32 = win32;
  posix._makeLong = posix.toNamespacedPath;
  return posix;
})
