import { defineWorkersConfig } from "../../pool/config.js";

export default defineWorkersConfig({
  test: {
    poolOptions: {
      workers: {
        isolatedStorage: true,
        wrangler: { configPath: "./wrangler.toml" },
      },
    },
  },
});
