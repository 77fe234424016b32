import { runBranchmark } from "./run";

process.exitCode = await runBranchmark(process.argv.slice(2));
