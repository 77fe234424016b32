// Worker threads do not inherit the loader the CLI runs under, and the app's build does not contain the worker:
// tsx compiles sheet-worker.ts (the limits and exceljs, nothing of the app) when the worker starts.
import { register } from "tsx/esm/api";

register();
await import("./sheet-worker.ts");
