import { eq } from "./assert.js";

export default {
  async fetch() {
    const blob = new Blob(["hé", new Uint8Array([33]), new Blob(["?"])], { type: "Text/Plain" });
    eq([blob.size, blob.type, await blob.text()], [5, "text/plain", "hé!?"], "Blob");
    eq(await blob.slice(3).text(), "!?", "slice");
    eq([...new Uint8Array(await blob.arrayBuffer())], [104, 195, 169, 33, 63], "arrayBuffer");
    eq(await new Response(blob.stream()).text(), "hé!?", "stream");
    const file = new File(["data"], "a.txt", { type: "text/plain", lastModified: 5 });
    eq([file instanceof Blob, file.name, file.lastModified, file.size], [true, "a.txt", 5, 4], "File");

    const fd = new FormData();
    fd.append("name", "Ann");
    fd.append("tag", "a");
    fd.append("tag", "b");
    fd.append("upload", file);
    fd.append("raw", new Blob(["x"]));
    eq([fd.get("name"), fd.getAll("tag"), fd.has("nope"), fd.get("nope")], ["Ann", ["a", "b"], false, null], "FormData get");
    eq(fd.get("raw") instanceof File && fd.get("raw").name, "blob", "a Blob entry becomes a File named blob");
    fd.set("tag", "c");
    eq(fd.getAll("tag"), ["c"], "set replaces");
    fd.delete("raw");
    eq([...fd.keys()], ["name", "tag", "upload"], "keys");

    // FormData bodies round-trip through multipart/form-data
    const req = new Request("https://x.test/", { method: "POST", body: fd });
    eq(req.headers.get("content-type").startsWith("multipart/form-data; boundary="), true, "multipart content type");
    const parsed = await req.formData();
    eq([parsed.get("name"), parsed.get("tag"), parsed.get("upload").name, await parsed.get("upload").text(), parsed.get("upload").type],
      ["Ann", "c", "a.txt", "data", "text/plain"], "formData() of multipart");

    // URLSearchParams bodies
    const form = new Response(new URLSearchParams("b=2&a=1&b=3"));
    eq(form.headers.get("content-type"), "application/x-www-form-urlencoded;charset=UTF-8", "urlencoded content type");
    const pf = await form.formData();
    eq([...pf], [["b", "2"], ["a", "1"], ["b", "3"]], "formData() of urlencoded keeps order");

    // blob() of a response
    const rb = await new Response("xyz", { headers: { "content-type": "text/x-test" } }).blob();
    eq([rb.type, await rb.text()], ["text/x-test", "xyz"], "blob()");
    const blobBody = new Response(new Blob(["b"], { type: "image/png" }));
    eq(blobBody.headers.get("content-type"), "image/png", "a Blob body sets its type");

    let threw = null;
    try { await new Response("not a form").formData(); } catch (e) { threw = e; }
    eq(threw instanceof TypeError, true, "formData() of plain text");
    const err = Response.error();
    eq([err.status, err.type, err.ok], [0, "error", false], "Response.error()");

    // the body can be read once
    const once = new Response("x");
    await once.text();
    threw = null;
    try { await once.text(); } catch (e) { threw = e; }
    eq(threw && threw.message, "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.", "body used twice");
    return new Response("ok");
  },
};
