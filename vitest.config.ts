import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };
/** One temporary folder per run, removed at its end. */
const globalSetup = ["tests/helpers/temp-root.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
          environment: "node",
          globalSetup,
          // Each project in a group of its own: a run naming files of several projects takes them one after another.
          sequence: { groupOrder: 0 },
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          globalSetup,
          // Each file drives its own server process, so two files at a time keep both cores busy (153 s → 89 s).
          maxWorkers: 2,
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          // One test per finding of the attack on the platform (issue "Trust"), against the built server.
          name: "security",
          sequence: { groupOrder: 2 },
          globalSetup,
          maxWorkers: 2,
          include: ["tests/security/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          sequence: { groupOrder: 3 },
          globalSetup,
          setupFiles: ["tests/helpers/csp-guard.ts"],
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          // Waits are on what the page shows; on a machine whose cores are busy elsewhere that can take a while.
          expect: { poll: { timeout: 30_000, interval: 100 } },
        },
      },
    ],
  },
});
