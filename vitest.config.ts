import { defineConfig } from "vitest/config";

const intProject = (name: string, backend: "pglite" | "postgres") => ({
  test: {
    name,
    include: ["**/*.int.test.ts", "**/*.int.test.tsx"],
    exclude: ["node_modules/**", "build/**", "e2e/**"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    env: { TEST_DB_BACKEND: backend, LOG_REQUESTS: "false" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

// Integration tests run once per backend: always on the embedded PGlite, and on a real PostgreSQL
// server too when TEST_DATABASE_URL names one.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["**/*.test.ts", "**/*.test.tsx"],
          exclude: ["node_modules/**", "build/**", "e2e/**", "**/*.int.test.ts", "**/*.int.test.tsx"],
          setupFiles: ["test/setup.ts"],
        },
      },
      intProject("int-pglite", "pglite"),
      ...(process.env.TEST_DATABASE_URL ? [intProject("int-postgres", "postgres")] : []),
    ],
  },
});
