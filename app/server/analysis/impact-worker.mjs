// Worker threads do not inherit the loader the CLI runs under, and the app's build does not contain the worker:
// tsx compiles impact-worker.ts (the engine and the scan, nothing of the app) when the worker starts.
import { register } from "tsx/esm/api";

register();
await import("./impact-worker.ts");
