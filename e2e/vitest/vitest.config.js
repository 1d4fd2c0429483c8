import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Run from a checkout, the suite uses the binary `make build` leaves in bin/ unless
// GOFLARE_BIN names another.
const built = fileURLToPath(new URL("../../bin/goflare", import.meta.url));
if (!process.env.GOFLARE_BIN && existsSync(built)) process.env.GOFLARE_BIN = built;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20000,
    hookTimeout: 30000,
  },
});
