// goflare's KV explorer: a client of the local Cloudflare REST API (/cdn-cgi/client/v4)
// and nothing else, but for the goflare clock (a test control, when on). Plain browser
// JavaScript, no build step. window.GOFLARE (set by the dev server in the page) names
// the worker's bindings and the API's base.
"use strict";

const cfg = window.GOFLARE || { api: "/cdn-cgi/client/v4", bindings: [], clock: null };
const base = `${cfg.api}/accounts/local/storage/kv/namespaces`;
const PAGE = 100;
const $ = (id) => document.getElementById(id);

const state = {
  namespaces: [],
  ns: null, // the namespace shown
  prefix: "",
  cursors: [""], // cursors of the pages seen, for Previous
  page: 0,
  keys: [],
  next: "",
  selected: new Set(),
  open: null, // the key whose value is shown
  clockOffset: 0, // goflare clock minus the browser's
};

function token() {
  return sessionStorage.getItem("goflare-token") || "";
}

// api calls the REST API and returns its result (or the raw response for raw: true).
async function api(path, init = {}, raw = false) {
  const headers = new Headers(init.headers || {});
  if (token()) headers.set("Authorization", `Bearer ${token()}`);
  const res = await fetch(base + path, { ...init, headers });
  if (res.status === 401) {
    const t = prompt("This goflare asks for its API token (printed at start-up):");
    if (t) {
      sessionStorage.setItem("goflare-token", t);
      return api(path, init, raw);
    }
  }
  if (raw) return res;
  const body = await res.json();
  if (!body.success) throw new Error(body.errors.map((e) => `${e.code}: ${e.message}`).join("; "));
  return body;
}

function status(text) {
  $("status").textContent = text;
}

function now() {
  return Date.now() + state.clockOffset;
}

async function syncClock() {
  if (!cfg.clock) {
    $("clock-time").textContent = new Date(now()).toISOString().replace(".000", "") + " (your clock; start goflare with --test-controls to see its own)";
    return;
  }
  try {
    const res = await fetch(cfg.clock);
    const { now: ms } = await res.json();
    state.clockOffset = ms - Date.now();
  } catch {}
  $("clock-time").textContent = new Date(now()).toISOString();
}

// countKeys pages through a namespace's keys, 1,000 at a time, and shows the count as
// it grows.
async function countKeys(ns, out) {
  let cursor = "";
  let n = 0;
  do {
    const q = new URLSearchParams({ limit: "1000" });
    if (cursor) q.set("cursor", cursor);
    const body = await api(`/${encodeURIComponent(ns.id)}/keys?${q}`);
    n += body.result.length;
    cursor = body.result_info?.cursor || "";
    out.textContent = cursor ? `${n.toLocaleString("en-US")}+` : n.toLocaleString("en-US");
  } while (cursor);
  return n;
}

async function loadNamespaces() {
  const body = await api("?per_page=100");
  const byId = new Map(body.result.map((n) => [n.id, n]));
  for (const b of cfg.bindings) if (!byId.has(b.id)) byId.set(b.id, { id: b.id, title: b.id });
  state.namespaces = [...byId.values()];
  const list = $("namespaces");
  list.textContent = "";
  for (const ns of state.namespaces) {
    const bound = cfg.bindings.filter((b) => b.id === ns.id).map((b) => `env.${b.binding}`);
    const li = document.createElement("li");
    const btn = document.createElement("button");
    btn.type = "button";
    btn.dataset.ns = ns.id;
    const name = document.createElement("span");
    name.textContent = bound.length ? `${bound.join(", ")} (${ns.id})` : ns.title === ns.id ? ns.id : `${ns.title} (${ns.id})`;
    const count = document.createElement("span");
    count.className = "count";
    count.setAttribute("aria-label", "keys");
    btn.append(name, count);
    btn.addEventListener("click", () => selectNamespace(ns));
    li.append(btn);
    list.append(li);
    countKeys(ns, count).catch(() => (count.textContent = "?"));
  }
  if (!state.ns && state.namespaces.length) selectNamespace(state.namespaces[0]);
}

function selectNamespace(ns) {
  state.ns = ns;
  state.cursors = [""];
  state.page = 0;
  state.selected.clear();
  closeValue();
  for (const b of document.querySelectorAll("nav button")) b.setAttribute("aria-current", String(b.dataset.ns === ns.id));
  $("keys-title").textContent = `Keys of ${ns.title === ns.id ? ns.id : ns.title}`;
  loadKeys();
}

async function loadKeys(quiet = false) {
  if (!state.ns) return;
  const q = new URLSearchParams({ limit: String(PAGE) });
  if (state.prefix) q.set("prefix", state.prefix);
  const cursor = state.cursors[state.page];
  if (cursor) q.set("cursor", cursor);
  try {
    const body = await api(`/${encodeURIComponent(state.ns.id)}/keys?${q}`);
    const names = body.result.map((k) => k.name + (k.expiration ?? "") + JSON.stringify(k.metadata ?? null)).join("\n");
    const changed = names !== state.keys.map((k) => k.name + (k.expiration ?? "") + JSON.stringify(k.metadata ?? null)).join("\n");
    state.keys = body.result;
    state.next = body.result_info?.cursor || "";
    if (changed || !quiet) renderKeys();
    if (!quiet) status(`${state.keys.length} key${state.keys.length === 1 ? "" : "s"} on this page${state.prefix ? ` with prefix “${state.prefix}”` : ""}`);
  } catch (e) {
    status(`Could not list keys: ${e.message}`);
  }
}

function countdown(exp) {
  const s = Math.round(exp - now() / 1000);
  if (s <= 0) return "expired";
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return `in ${h ? `${h}h ` : ""}${h || m ? `${m}m ` : ""}${sec}s`;
}

// renderKeys shows the page's keys. Rows are kept and updated in place, keyed by name,
// so a refresh never replaces the element under the user's pointer or focus.
function renderKeys() {
  const tbody = $("keys").tBodies[0];
  const existing = new Map([...tbody.rows].map((tr) => [tr.dataset.key, tr]));
  let at = 0;
  for (const k of state.keys) {
    let tr = existing.get(k.name);
    if (!tr) tr = newRow(k.name);
    existing.delete(k.name);
    updateRow(tr, k);
    if (tbody.rows[at] !== tr) tbody.insertBefore(tr, tbody.rows[at] || null);
    at++;
  }
  for (const tr of existing.values()) tr.remove();
  $("prev-page").disabled = state.page === 0;
  $("next-page").disabled = !state.next;
  $("page-info").textContent = `page ${state.page + 1}`;
  $("delete-selected").disabled = state.selected.size === 0;
}

function newRow(name) {
  const tr = document.createElement("tr");
  tr.dataset.key = name;
  const sel = document.createElement("td");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.setAttribute("aria-label", `Select ${name}`);
  box.addEventListener("change", () => {
    box.checked ? state.selected.add(name) : state.selected.delete(name);
    tr.className = box.checked ? "selected" : "";
    $("delete-selected").disabled = state.selected.size === 0;
  });
  sel.append(box);
  const cell = document.createElement("td");
  cell.className = "key";
  const open = document.createElement("button");
  open.type = "button";
  open.textContent = name;
  open.addEventListener("click", () => openValue(name));
  cell.append(open);
  const exp = document.createElement("td");
  exp.className = "exp";
  const meta = document.createElement("td");
  meta.className = "meta";
  tr.append(sel, cell, exp, meta);
  return tr;
}

function updateRow(tr, k) {
  const selected = state.selected.has(k.name);
  tr.className = selected ? "selected" : "";
  tr.querySelector('input[type="checkbox"]').checked = selected;
  const exp = tr.querySelector("td.exp");
  const stamp = String(k.expiration ?? "");
  if (exp.dataset.stamp !== stamp) {
    exp.dataset.stamp = stamp;
    exp.textContent = "";
    if (k.expiration) {
      const t = document.createElement("time");
      t.dateTime = new Date(k.expiration * 1000).toISOString();
      t.dataset.expiration = k.expiration;
      t.textContent = `${t.dateTime.replace(".000Z", "Z")} (${countdown(k.expiration)})`;
      exp.append(t);
    } else exp.textContent = "never";
  }
  const meta = k.metadata === undefined ? "" : JSON.stringify(k.metadata);
  const cell = tr.querySelector("td.meta");
  if (cell.textContent !== meta) cell.textContent = meta;
}

function tickCountdowns() {
  for (const t of document.querySelectorAll("time[data-expiration]")) {
    const exp = Number(t.dataset.expiration);
    t.textContent = `${t.dateTime.replace(".000Z", "Z")} (${countdown(exp)})`;
    t.classList.toggle("soon", exp - now() / 1000 < 60);
  }
}

function isImage(b) {
  const sig = (arr) => arr.every((v, i) => b[i] === v);
  if (sig([0x89, 0x50, 0x4e, 0x47])) return "image/png";
  if (sig([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (sig([0x47, 0x49, 0x46, 0x38])) return "image/gif";
  if (sig([0x52, 0x49, 0x46, 0x46]) && b[8] === 0x57 && b[9] === 0x45) return "image/webp";
  return "";
}

function hexDump(bytes) {
  const lines = [];
  for (let i = 0; i < Math.min(bytes.length, 4096); i += 16) {
    const row = [...bytes.slice(i, i + 16)];
    const hex = row.map((v) => v.toString(16).padStart(2, "0")).join(" ");
    const text = row.map((v) => (v >= 32 && v < 127 ? String.fromCharCode(v) : ".")).join("");
    lines.push(`${i.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${text}`);
  }
  if (bytes.length > 4096) lines.push(`… ${bytes.length - 4096} more bytes`);
  return lines.join("\n");
}

async function openValue(key) {
  state.open = { key };
  const path = `/${encodeURIComponent(state.ns.id)}`;
  const res = await api(`${path}/values/${encodeURIComponent(key)}`, {}, true);
  if (res.status === 404) {
    status(`${key} is gone`);
    closeValue();
    return loadKeys();
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  const meta = (await api(`${path}/metadata/${encodeURIComponent(key)}`).catch(() => ({ result: null }))).result;
  const listed = state.keys.find((k) => k.name === key);
  state.open = { key, bytes, meta, expiration: listed?.expiration };
  const view = $("value-view");
  view.textContent = "";
  let kind = "binary";
  let text = null;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    kind = "text";
  } catch {}
  const pre = document.createElement("pre");
  if (text !== null) {
    try {
      const parsed = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object") {
        pre.textContent = JSON.stringify(parsed, null, 2);
        kind = "JSON";
      } else pre.textContent = text;
    } catch {
      pre.textContent = text;
    }
    view.append(pre);
  } else if (isImage(bytes)) {
    kind = "image";
    const img = document.createElement("img");
    img.alt = `the image stored under ${key}`;
    img.src = URL.createObjectURL(new Blob([bytes], { type: isImage(bytes) }));
    view.append(img);
  } else {
    pre.textContent = hexDump(bytes);
    view.append(pre);
  }
  $("value-title").textContent = key;
  const exp = listed?.expiration ? `, expires ${new Date(listed.expiration * 1000).toISOString()}` : "";
  $("value-info").textContent = `${kind}, ${bytes.length.toLocaleString("en-US")} bytes${exp}${meta !== null && meta !== undefined ? `, metadata ${JSON.stringify(meta)}` : ""}`;
  $("value-pane").hidden = false;
  $("editor").hidden = true;
  $("edit").hidden = kind === "binary" || kind === "image";
  $("value-view").setAttribute("data-kind", kind);
}

function closeValue() {
  state.open = null;
  $("value-pane").hidden = true;
}

function edit(fresh) {
  $("value-pane").hidden = false;
  $("editor").hidden = false;
  const o = fresh ? null : state.open;
  $("edit-key").value = o ? o.key : state.prefix;
  $("edit-key").readOnly = !!o;
  let text = "";
  if (o) {
    text = new TextDecoder().decode(o.bytes);
    try {
      const parsed = JSON.parse(text);
      if (parsed !== null && typeof parsed === "object") text = JSON.stringify(parsed, null, 2);
    } catch {}
  }
  $("edit-value").value = text;
  $("edit-metadata").value = o && o.meta !== null && o.meta !== undefined ? JSON.stringify(o.meta) : "";
  $("edit-ttl").value = o && o.expiration ? String(Math.max(60, Math.round(o.expiration - now() / 1000))) : "";
  if (fresh) {
    $("value-title").textContent = "New key";
    $("value-view").textContent = "";
    $("value-info").textContent = "";
  }
  (fresh ? $("edit-key") : $("edit-value")).focus();
}

async function save(ev) {
  ev.preventDefault();
  const key = $("edit-key").value;
  let value = $("edit-value").value;
  // JSON edited pretty is stored compact, as a worker would have written it.
  try {
    const parsed = JSON.parse(value);
    if (parsed !== null && typeof parsed === "object") value = JSON.stringify(parsed);
  } catch {}
  const meta = $("edit-metadata").value.trim();
  if (meta) {
    try {
      JSON.parse(meta);
    } catch {
      status("Metadata must be JSON");
      $("edit-metadata").focus();
      return;
    }
  }
  const form = new FormData();
  form.append("value", value);
  if (meta) form.append("metadata", meta);
  const q = new URLSearchParams();
  if ($("edit-ttl").value) q.set("expiration_ttl", $("edit-ttl").value);
  try {
    await api(`/${encodeURIComponent(state.ns.id)}/values/${encodeURIComponent(key)}${q.size ? `?${q}` : ""}`, { method: "PUT", body: form });
    status(`Saved ${key}`);
    await loadKeys(true);
    openValue(key);
  } catch (e) {
    status(`Could not save ${key}: ${e.message}`);
  }
}

async function deleteKeys(keys) {
  if (!keys.length || !confirm(`Delete ${keys.length === 1 ? keys[0] : `${keys.length} keys`}?`)) return;
  try {
    await api(`/${encodeURIComponent(state.ns.id)}/bulk/delete`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(keys) });
    status(`Deleted ${keys.length} key${keys.length === 1 ? "" : "s"}`);
    for (const k of keys) state.selected.delete(k);
    if (state.open && keys.includes(state.open.key)) closeValue();
    loadKeys(true);
  } catch (e) {
    status(`Could not delete: ${e.message}`);
  }
}

function toBase64(bytes) {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

// exportNamespace writes what `goflare kv export` writes: every key's entry.
async function exportNamespace() {
  const entries = [];
  let cursor = "";
  do {
    const q = new URLSearchParams({ limit: "1000" });
    if (state.prefix) q.set("prefix", state.prefix);
    if (cursor) q.set("cursor", cursor);
    const body = await api(`/${encodeURIComponent(state.ns.id)}/keys?${q}`);
    for (const k of body.result) {
      const res = await api(`/${encodeURIComponent(state.ns.id)}/values/${encodeURIComponent(k.name)}`, {}, true);
      if (!res.ok) continue;
      const bytes = new Uint8Array(await res.arrayBuffer());
      const e = { key: k.name };
      try {
        e.value = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        e.value = toBase64(bytes);
        e.base64 = true;
      }
      if (k.expiration) e.expiration = k.expiration;
      if (k.metadata !== undefined) e.metadata = k.metadata;
      entries.push(e);
    }
    cursor = body.result_info?.cursor || "";
  } while (cursor);
  download(new Blob([JSON.stringify(entries, null, 2)], { type: "application/json" }), `${state.ns.id}.json`);
  status(`Exported ${entries.length} keys`);
}

function download(blob, name) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

async function importFile(file) {
  let entries;
  try {
    entries = JSON.parse(await file.text());
    if (!Array.isArray(entries)) throw new Error("expected an array of entries");
  } catch (e) {
    status(`Could not import ${file.name}: ${e.message}`);
    return;
  }
  try {
    for (let i = 0; i < entries.length; i += 1000) {
      await api(`/${encodeURIComponent(state.ns.id)}/bulk`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify(entries.slice(i, i + 1000)) });
    }
    status(`Imported ${entries.length} key${entries.length === 1 ? "" : "s"} from ${file.name}`);
    loadKeys(true);
  } catch (e) {
    status(`Could not import ${file.name}: ${e.message}`);
  }
}

function wire() {
  let timer;
  $("prefix").addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.prefix = $("prefix").value;
      state.cursors = [""];
      state.page = 0;
      loadKeys();
    }, 150);
  });
  $("search").addEventListener("submit", (e) => e.preventDefault());
  $("next-page").addEventListener("click", () => {
    state.cursors[state.page + 1] = state.next;
    state.page++;
    loadKeys();
  });
  $("prev-page").addEventListener("click", () => {
    state.page = Math.max(0, state.page - 1);
    loadKeys();
  });
  $("select-all").addEventListener("change", (e) => {
    for (const k of state.keys) e.target.checked ? state.selected.add(k.name) : state.selected.delete(k.name);
    renderKeys();
  });
  $("delete-selected").addEventListener("click", () => deleteKeys([...state.selected]));
  $("delete-one").addEventListener("click", () => state.open && deleteKeys([state.open.key]));
  $("new-key").addEventListener("click", () => edit(true));
  $("edit").addEventListener("click", () => edit(false));
  $("cancel").addEventListener("click", () => ($("editor").hidden = true));
  $("editor").addEventListener("submit", save);
  $("download").addEventListener("click", () => state.open && download(new Blob([state.open.bytes]), state.open.key.replace(/[\\/:*?"<>|]/g, "_")));
  $("export").addEventListener("click", () => exportNamespace().catch((e) => status(`Could not export: ${e.message}`)));
  $("import").addEventListener("change", (e) => e.target.files[0] && importFile(e.target.files[0]).finally(() => (e.target.value = "")));
}

// live keeps the page current: the keys shown (a change by the worker, the CLI or the
// API appears within a second or two), the clock and the countdowns.
function live() {
  setInterval(() => {
    if (document.hidden) return;
    loadKeys(true);
  }, 1500);
  // The shown namespace's count follows too (a namespace of 100,000 keys costs 100
  // listing requests, so every 10 s).
  setInterval(() => {
    if (document.hidden || !state.ns) return;
    const out = document.querySelector(`nav button[data-ns="${CSS.escape(state.ns.id)}"] .count`);
    if (out) countKeys(state.ns, out).catch(() => {});
  }, 10000);
  setInterval(() => {
    syncClock();
    tickCountdowns();
  }, 1000);
}

wire();
syncClock();
loadNamespaces().catch((e) => status(`Could not reach the KV REST API: ${e.message}`));
live();
