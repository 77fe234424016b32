/** A small argv parser: positionals, `--flag value`, `--flag=value` and boolean `--flag`. */
export type ParsedArgs = { positionals: string[]; options: Record<string, string | true> };

export function parseArgs(argv: string[], booleanFlags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = Object.create(null);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    if (eq > 0) {
      options[arg.slice(2, eq)] = arg.slice(eq + 1);
    } else if (booleanFlags.includes(arg.slice(2)) || i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
      options[arg.slice(2)] = true;
    } else {
      options[arg.slice(2)] = argv[++i];
    }
  }
  return { positionals, options };
}

export class UsageError extends Error {}

export function requireOption(args: ParsedArgs, name: string): string {
  const value = args.options[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`缺少参数 --${name}`);
  return value;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  if (value === true) throw new UsageError(`参数 --${name} 需要一个值`);
  return value;
}
