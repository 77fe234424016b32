import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * vitest globalSetup: one temporary folder for the whole run — every database, copied library and 台账 a test
 * makes goes under it (tests/helpers/server.ts tempDir) — removed when the run ends, passed or failed.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "branchmark-tests-"));
  process.env.BRANCHMARK_TEST_TMP = root;
  // Servers the tests start write their temporary files (台账 exports) there too.
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
