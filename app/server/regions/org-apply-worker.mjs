// Worker threads do not inherit the loader the CLI runs under, and the app's build does not contain the worker:
// tsx compiles org-apply-worker.ts (the plan's writer, nothing of the app's pages) when the worker starts.
import { register } from "tsx/esm/api";

register();
await import("./org-apply-worker.ts");
