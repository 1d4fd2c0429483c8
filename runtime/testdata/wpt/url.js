// WPT's url/ cases (urltestdata.json: parsing; setters_tests.json: the setters), run as
// wpt's url-constructor.any.js and url-setters.any.js run them. The worker answers the
// ids of the cases that fail.
import cases from "./url/urltestdata.json";
import setters from "./url/setters_tests.json";

const fields = ["href", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash"];

export default {
  fetch() {
    const failed = [];
    let total = 0;
    for (const c of cases) {
      if (typeof c === "string") continue;
      total++;
      const id = `parse ${JSON.stringify(c.input)} against ${JSON.stringify(c.base)}`;
      try {
        if (c.failure) {
          let threw = false;
          try { c.base === null ? new URL(c.input) : new URL(c.input, c.base); } catch (e) { threw = e instanceof TypeError; }
          if (!threw || URL.canParse(c.input, c.base ?? undefined)) failed.push(id);
          continue;
        }
        const u = c.base === null ? new URL(c.input) : new URL(c.input, c.base);
        const wrong = fields.filter((f) => u[f] !== c[f]);
        if ("origin" in c && u.origin !== c.origin) wrong.push("origin");
        if ("searchParams" in c && u.searchParams.toString() !== c.searchParams) wrong.push("searchParams");
        if (wrong.length) failed.push(id);
      } catch (e) {
        failed.push(id);
      }
    }
    for (const [setter, list] of Object.entries(setters)) {
      if (setter === "comment") continue;
      for (const c of list) {
        total++;
        const id = `set ${setter} of ${JSON.stringify(c.href)} to ${JSON.stringify(c.new_value)}`;
        try {
          const u = new URL(c.href);
          u[setter] = c.new_value;
          if (Object.entries(c.expected).some(([k, v]) => u[k] !== v)) failed.push(id);
        } catch (e) {
          failed.push(id);
        }
      }
    }
    return Response.json({ total, failed });
  },
};
