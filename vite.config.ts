import { reactRouter } from "@react-router/dev/vite";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [reactRouter()],
  build: { target: "es2022" },
  // Server-only native packages: keep Vite's dependency scan from trying to bundle them for the browser.
  optimizeDeps: { exclude: ["@node-rs/argon2", "@electric-sql/pglite"] },
  ssr: {
    // Native and WASM packages stay outside the server bundle and load from node_modules.
    external: ["@node-rs/argon2", "@electric-sql/pglite", "postgres"],
  },
});
