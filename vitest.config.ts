import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

// `npm run coverage` sets SCF_CHILD_COVERAGE: the `scf` processes that the CLI and durability tests
// start get NODE_V8_COVERAGE, so scripts/coverage-figures.ts can add what they ran to vitest's own
// figure (vitest's V8 coverage sees only its workers). The workers themselves are already running
// when this reaches their environment, so only their children write there.
const childCoverage = process.env.SCF_CHILD_COVERAGE;

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
    env: childCoverage ? { NODE_V8_COVERAGE: resolve(childCoverage) } : {},
    // `npm run coverage` (scripts/coverage-figures.ts): src/ as Node runs it. src/web/ is browser code,
    // exercised by the Chromium test (test/e2e), so it is not counted here (see the README).
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "json-summary", "json"],
      reportsDirectory: "coverage/ts",
      reportOnFailure: true,
    },
  },
});
