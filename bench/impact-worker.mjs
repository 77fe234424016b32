// Worker entry for bench/impact.ts: workers do not inherit tsx's loader, so register it here first.
import { register } from "tsx/esm/api";

register();
await import("./impact.ts");
