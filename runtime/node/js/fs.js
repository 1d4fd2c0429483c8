// node:fs and node:fs/promises as workerd's virtual file system: / holds /bundle (the
// worker's code, read-only and empty here), /tmp (writable, in memory, kept for the life
// of the isolate) and /dev (null, zero, random, full). Errors carry Node's codes with
// workerd's words; what a file system of this kind cannot do is not implemented.
(function (require, native, internal) {
  "use strict";
  const { Buffer } = require("buffer");
  const { Readable, Writable } = require("stream");
  const pathMod = require("path");
  const { codes } = internal;

  const S_IFDIR = 0o040000, S_IFREG = 0o100000, S_IFCHR = 0o020000;
  const constants = {
    UV_FS_SYMLINK_DIR: 1, UV_FS_SYMLINK_JUNCTION: 2, O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, UV_DIRENT_UNKNOWN: 0, UV_DIRENT_FILE: 1,
    UV_DIRENT_DIR: 2, UV_DIRENT_LINK: 3, UV_DIRENT_FIFO: 4, UV_DIRENT_SOCKET: 5, UV_DIRENT_CHAR: 6, UV_DIRENT_BLOCK: 7,
    S_IFMT: 61440, S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK: 24576, S_IFIFO: 4096, S_IFLNK: 40960, S_IFSOCK: 49152,
    O_CREAT: 64, O_EXCL: 128, UV_FS_O_FILEMAP: 0, O_NOCTTY: 256, O_TRUNC: 512, O_APPEND: 1024, O_DIRECTORY: 65536,
    O_NOATIME: 262144, O_NOFOLLOW: 131072, O_SYNC: 1052672, O_DSYNC: 4096, O_DIRECT: 16384, O_NONBLOCK: 2048,
    S_IRWXU: 448, S_IRUSR: 256, S_IWUSR: 128, S_IXUSR: 64, S_IRWXG: 56, S_IRGRP: 32, S_IWGRP: 16, S_IXGRP: 8,
    S_IRWXO: 7, S_IROTH: 4, S_IWOTH: 2, S_IXOTH: 1, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, UV_FS_COPYFILE_EXCL: 1,
    COPYFILE_EXCL: 1, UV_FS_COPYFILE_FICLONE: 2, COPYFILE_FICLONE: 2, UV_FS_COPYFILE_FICLONE_FORCE: 4, COPYFILE_FICLONE_FORCE: 4,
  };

  // The tree: a directory is a Map of names; a file holds its bytes.
  const now = () => new Date();
  const dir = (writable) => ({ kind: "dir", entries: new Map(), writable, mtime: now() });
  const root = dir(false);
  root.entries.set("bundle", dir(false));
  root.entries.set("tmp", dir(true));
  const dev = dir(false);
  for (const name of ["null", "zero", "random", "full"]) dev.entries.set(name, { kind: "dev", name, mtime: now() });
  root.entries.set("dev", dev);

  function fsError(code, message, syscall, path) {
    const e = new Error(`${message}, ${syscall} '${path}'`);
    e.code = code;
    e.errno = { ENOENT: -2, EEXIST: -17, ENOTDIR: -20, EISDIR: -21, EPERM: -1, ENOTEMPTY: -39, EACCES: -13 }[code];
    e.syscall = syscall;
    e.path = path;
    return e;
  }
  const enoent = (syscall, p) => fsError("ENOENT", "no such file or directory", syscall, p);

  function toPath(p, name = "path") {
    if (p instanceof URL) return require("url").fileURLToPath(p);
    if (Buffer.isBuffer(p)) return p.toString();
    if (typeof p !== "string") throw new codes.ERR_INVALID_ARG_TYPE(name, ["string", "Buffer", "URL"], p);
    return p;
  }
  function lookup(p) {
    const parts = pathMod.resolve(p).split("/").filter(Boolean);
    let node = root, parent = null;
    for (const part of parts) {
      if (!node || node.kind !== "dir") return { node: undefined, parent: null, name: part };
      parent = node;
      node = node.entries.get(part);
    }
    return { node, parent, name: parts[parts.length - 1] };
  }
  function parentFor(p, syscall) {
    const abs = pathMod.resolve(p);
    const { node: parent } = lookup(pathMod.dirname(abs));
    if (!parent) throw enoent(syscall, p);
    if (parent.kind !== "dir") throw fsError("ENOTDIR", "not a directory", syscall, p);
    if (!parent.writable) throw fsError("EPERM", "operation not permitted", syscall, p);
    return { parent, name: pathMod.basename(abs) };
  }
  function readBytes(node, p, syscall) {
    if (!node) throw enoent(syscall, p);
    if (node.kind === "dir") throw fsError("EISDIR", "illegal operation on a directory", syscall, p);
    if (node.kind === "dev") return node.name === "zero" || node.name === "random" ? Buffer.alloc(0) : Buffer.alloc(0);
    return node.data;
  }
  const encodingOf = (options) => (typeof options === "string" ? options : options && options.encoding);

  class Stats {
    constructor(node) {
      const size = node.kind === "file" ? node.data.length : node.kind === "dir" ? 4096 : 0;
      const mode = node.kind === "dir" ? S_IFDIR | 0o755 : node.kind === "dev" ? S_IFCHR | 0o666 : S_IFREG | 0o644;
      Object.assign(this, { dev: 0, mode, nlink: 1, uid: 0, gid: 0, rdev: 0, blksize: 4096, ino: 0, size, blocks: Math.ceil(size / 512) });
      const t = node.mtime;
      Object.assign(this, { atimeMs: +t, mtimeMs: +t, ctimeMs: +t, birthtimeMs: +t, atime: t, mtime: t, ctime: t, birthtime: t });
    }
    isFile() { return (this.mode & 0o170000) === S_IFREG; }
    isDirectory() { return (this.mode & 0o170000) === S_IFDIR; }
    isCharacterDevice() { return (this.mode & 0o170000) === S_IFCHR; }
    isBlockDevice() { return false; }
    isSymbolicLink() { return false; }
    isFIFO() { return false; }
    isSocket() { return false; }
  }
  class Dirent {
    constructor(name, node, parentPath) { this.name = name; this.parentPath = parentPath; this.path = parentPath; this[Symbol.for("node")] = node; }
    isFile() { return this[Symbol.for("node")].kind === "file"; }
    isDirectory() { return this[Symbol.for("node")].kind === "dir"; }
    isCharacterDevice() { return this[Symbol.for("node")].kind === "dev"; }
    isBlockDevice() { return false; }
    isSymbolicLink() { return false; }
    isFIFO() { return false; }
    isSocket() { return false; }
  }

  const sync = {
    existsSync(p) { try { return !!lookup(toPath(p)).node; } catch { return false; } },
    accessSync(p, mode) { p = toPath(p); const { node } = lookup(p); if (!node) throw enoent("access", p); if (mode & 2 && node.kind === "dir" && !node.writable) throw fsError("EACCES", "permission denied", "access", p); },
    statSync(p, options) {
      p = toPath(p);
      const { node } = lookup(p);
      if (!node) { if (options && options.throwIfNoEntry === false) return undefined; throw enoent("stat", p); }
      return new Stats(node);
    },
    readFileSync(p, options) {
      p = toPath(p);
      const data = Buffer.from(readBytes(lookup(p).node, p, "readAll"));
      const enc = encodingOf(options);
      return enc ? data.toString(enc) : data;
    },
    writeFileSync(p, data, options) {
      p = toPath(p);
      const bytes = typeof data === "string" ? Buffer.from(data, encodingOf(options) || "utf8") : Buffer.from(data.buffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data);
      const flag = options && options.flag;
      const { node } = lookup(p);
      if (node && node.kind === "dir") throw fsError("EISDIR", "illegal operation on a directory", "open", p);
      if (node && node.kind === "dev") return;
      if (node && flag === "wx") throw fsError("EEXIST", "file already exists", "open", p);
      const { parent, name } = parentFor(p, "open");
      const prev = parent.entries.get(name);
      parent.entries.set(name, { kind: "file", data: flag === "a" && prev ? Buffer.concat([prev.data, bytes]) : Buffer.from(bytes), mtime: now() });
      return bytes.length; // workerd's answers the bytes written
    },
    appendFileSync(p, data, options) { sync.writeFileSync(p, data, { ...(typeof options === "string" ? { encoding: options } : options), flag: "a" }); },
    mkdirSync(p, options) {
      p = toPath(p);
      const recursive = typeof options === "object" && options && options.recursive;
      const { node } = lookup(p);
      if (node) { if (recursive && node.kind === "dir") return undefined; throw fsError("EEXIST", "file already exists", "mkdir", p); }
      if (recursive) {
        const parentPath = pathMod.dirname(pathMod.resolve(p));
        const created = lookup(parentPath).node ? undefined : sync.mkdirSync(parentPath, { recursive: true });
        const { parent, name } = parentFor(p, "mkdir");
        parent.entries.set(name, dir(true));
        return created || pathMod.resolve(p);
      }
      const { parent, name } = parentFor(p, "mkdir");
      parent.entries.set(name, dir(true));
      return undefined;
    },
    mkdtempSync(prefix) {
      for (;;) {
        const p = prefix + Math.random().toString(36).slice(2, 8);
        if (!lookup(p).node) { sync.mkdirSync(p); return p; }
      }
    },
    readdirSync(p, options) {
      p = toPath(p);
      const { node } = lookup(p);
      if (!node) throw enoent("scandir", p);
      if (node.kind !== "dir") throw fsError("ENOTDIR", "not a directory", "scandir", p);
      const names = [...node.entries.keys()].sort();
      if (options && options.withFileTypes) return names.map((n) => new Dirent(n, node.entries.get(n), pathMod.resolve(p)));
      return names;
    },
    unlinkSync(p) {
      p = toPath(p);
      const { node, parent, name } = lookup(p);
      if (!node) throw enoent("unlink", p);
      if (node.kind === "dir") throw fsError("EISDIR", "illegal operation on a directory", "unlink", p);
      if (!parent.writable) throw fsError("EPERM", "operation not permitted", "unlink", p);
      parent.entries.delete(name);
    },
    rmdirSync(p) {
      p = toPath(p);
      const { node, parent, name } = lookup(p);
      if (!node) throw enoent("rmdir", p);
      if (node.kind !== "dir") throw fsError("ENOTDIR", "not a directory", "rmdir", p);
      if (node.entries.size) throw fsError("ENOTEMPTY", "directory not empty", "rmdir", p);
      if (!parent || !parent.writable) throw fsError("EPERM", "operation not permitted", "rmdir", p);
      parent.entries.delete(name);
    },
    rmSync(p, options = {}) {
      p = toPath(p);
      const { node, parent, name } = lookup(p);
      if (!node) { if (options.force) return; throw enoent("rm", p); }
      if (node.kind === "dir" && !options.recursive) throw fsError("ERR_FS_EISDIR", "Path is a directory", "rm", p);
      if (!parent || !parent.writable) throw fsError("EPERM", "operation not permitted", "rm", p);
      parent.entries.delete(name);
    },
    renameSync(from, to) {
      from = toPath(from, "oldPath");
      to = toPath(to, "newPath");
      const src = lookup(from);
      if (!src.node) throw enoent("rename", from);
      if (!src.parent.writable) throw fsError("EPERM", "operation not permitted", "rename", from);
      const { parent, name } = parentFor(to, "rename");
      src.parent.entries.delete(src.name);
      parent.entries.set(name, src.node);
    },
    copyFileSync(from, to, mode = 0) {
      from = toPath(from, "src");
      to = toPath(to, "dest");
      const data = readBytes(lookup(from).node, from, "copyfile");
      if (mode & 1 && lookup(to).node) throw fsError("EEXIST", "file already exists", "copyfile", to);
      sync.writeFileSync(to, data);
    },
    realpathSync(p) { p = toPath(p); if (!lookup(p).node) throw enoent("realpath", p); return pathMod.resolve(p); },
    truncateSync(p, len = 0) { p = toPath(p); const data = readBytes(lookup(p).node, p, "open"); sync.writeFileSync(p, Buffer.concat([data, Buffer.alloc(Math.max(0, len - data.length))]).subarray(0, len)); },
  };
  sync.lstatSync = sync.statSync;
  sync.realpathSync.native = sync.realpathSync;

  const fs = { constants, Stats, Dirent, F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1 };
  const promises = { constants };
  for (const [name, fn] of Object.entries(sync)) {
    fs[name] = fn;
    const base = name.replace(/Sync$/, "");
    if (base === name || base === "exists") continue;
    fs[base] = function (...args) {
      const cb = args.pop();
      if (typeof cb !== "function") throw new codes.ERR_INVALID_ARG_TYPE("cb", "Function", cb);
      let result, error = null;
      try { result = fn(...args); } catch (e) { error = e; }
      queueMicrotask(() => cb(error, result));
    };
    promises[base] = async (...args) => fn(...args);
  }
  fs.exists = (p, cb) => queueMicrotask(() => cb(sync.existsSync(p)));
  fs.createReadStream = (p, options) => {
    const data = sync.readFileSync(p);
    const enc = encodingOf(options);
    const r = Readable.from([data], { objectMode: false });
    if (enc) r.setEncoding(enc);
    return r;
  };
  fs.createWriteStream = (p, options) => {
    sync.writeFileSync(p, "", options);
    return new Writable({ write(chunk, e, cb) { try { sync.appendFileSync(p, chunk); cb(); } catch (err) { cb(err); } } });
  };
  // What needs file descriptors, links or permissions, which this file system has not.
  const missing = ["chmod", "chown", "close", "cp", "fchmod", "fchown", "fdatasync", "fstat", "fsync", "ftruncate", "futimes", "glob", "lchmod", "lchown", "link", "lutimes", "open", "opendir", "read", "readlink", "readv", "statfs", "symlink", "utimes", "write", "writev"];
  const byDescriptor = ["close", "fchmod", "fchown", "fdatasync", "fstat", "fsync", "ftruncate", "futimes", "read", "readv", "write", "writev"];
  for (const name of missing) {
    const fail = () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(`fs.${name}`); };
    fs[name] = fail;
    fs[name + "Sync"] = fail;
    if (!byDescriptor.includes(name)) promises[name] = async () => fail();
  }
  fs.openAsBlob = () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("fs.openAsBlob"); };
  for (const name of ["watch", "watchFile", "unwatchFile"]) fs[name] = () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(`fs.${name}`); };
  for (const name of ["Dir", "FileReadStream", "FileWriteStream", "ReadStream", "WriteStream"]) fs[name] = function () { throw new codes.ERR_METHOD_NOT_IMPLEMENTED(name); };
  promises.FileHandle = function () { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("FileHandle"); };
  promises.watch = () => { throw new codes.ERR_METHOD_NOT_IMPLEMENTED("fs.promises.watch"); };
  fs.promises = promises;
  return fs;
})
