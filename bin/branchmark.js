#!/usr/bin/env node
// The CLI is TypeScript under app/cli; tsx compiles it on load so `npx branchmark` works without a build step.
import { register } from "tsx/esm/api";

register();
await import("../app/cli/main.ts");
