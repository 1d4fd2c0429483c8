import { fileURLToPath } from "node:url";

/** The entry point of one of goflare's fixtures (fixtures/<name>/src/index.ts). */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../../fixtures/${name}/src/index.ts`, import.meta.url));
}
