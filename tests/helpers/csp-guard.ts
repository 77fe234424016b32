import { afterEach } from "vitest";
import { cspViolations } from "./browser";

// Set up for every e2e file (vitest.config.ts): a page that breaks the Content-Security-Policy fails the test it ran in.
afterEach(() => {
  const found = cspViolations.splice(0);
  if (found.length) throw new Error(`Content-Security-Policy violations:\n${found.join("\n")}`);
});
