import { operatorLabel } from "~/engine/operators";

export type TraceLine = { depth: number; text: string; result?: boolean };

const show = (value: unknown) => (value === undefined ? "未填" : JSON.stringify(value));

/** A json-rules-engine condition tree with its results, as indented lines a person can read. */
export function traceLines(node: unknown, depth = 0): TraceLine[] {
  if (!node || typeof node !== "object") return [];
  const n = node as Record<string, unknown>;
  for (const [key, label] of [
    ["all", "全部满足"],
    ["any", "任一满足"],
  ] as const) {
    if (Array.isArray(n[key]))
      return [
        { depth, text: label, result: n.result as boolean | undefined },
        ...(n[key] as unknown[]).flatMap((c) => traceLines(c, depth + 1)),
      ];
  }
  if (n.not)
    return [{ depth, text: "不满足", result: n.result as boolean | undefined }, ...traceLines(n.not, depth + 1)];
  if (typeof n.condition === "string")
    return [{ depth, text: `共享条件 ${n.condition}`, result: n.result as boolean | undefined }];
  const value =
    n.value && typeof n.value === "object" && "fact" in (n.value as object)
      ? `${show(n.valueResult)}（${(n.value as { path?: string }).path?.replace(/^\$\./, "参数 ") ?? ""}）`
      : show(n.value);
  const evaluated = "factResult" in n || "result" in n;
  return [
    {
      depth,
      text: `${n.fact} ${n.path ?? ""}：实际 ${evaluated ? show(n.factResult) : "（未求值）"} ${operatorLabel(String(n.operator))} ${value}`,
      result: n.result as boolean | undefined,
    },
  ];
}
