/**
 * A linear-time matcher for the `pattern`s of forms (ECMAScript syntax, as JSON Schema uses). A backtracking
 * engine takes exponential time on patterns like `^(a+)+$`, so one answer could hold the server; this one compiles
 * the pattern to an NFA and runs all its states in step (Thompson's construction), so matching costs at most
 * (answer length × pattern size). Single characters — literals, classes, `\d`, `\p{…}`, `.` — are tested by the
 * platform's RegExp on one character at a time, which cannot backtrack. Backreferences and lookaround cannot be
 * matched this way and are refused with a Chinese reason.
 */

export type CompiledPattern = { ok: true; test: (text: string) => boolean } | { ok: false; reason: string };

/** Beyond this many NFA instructions a pattern is refused (bounded repetition expands: `\d{1000}` is 1000). */
const MAX_PROGRAM = 20_000;
const MAX_REPEAT = 1_000;

type Node =
  | { t: "char"; test: (c: string) => boolean }
  | { t: "assert"; kind: "bol" | "eol" | "word" | "nonword" }
  | { t: "cat"; items: Node[] }
  | { t: "alt"; items: Node[] }
  | { t: "rep"; node: Node; min: number; max: number };

type Instruction =
  | { op: "char"; test: (c: string) => boolean }
  | { op: "assert"; kind: "bol" | "eol" | "word" | "nonword" }
  | { op: "split"; x: number; y: number }
  | { op: "jmp"; x: number }
  | { op: "match" };

class PatternError extends Error {}

const single = (source: string) => {
  const re = new RegExp(`^(?:${source})$`, "u");
  return (c: string) => re.test(c);
};

const isWordChar = (c: string | undefined) => c !== undefined && /\w/.test(c);

function parse(source: string): Node {
  const chars = Array.from(source);
  let at = 0;
  const peek = () => chars[at];
  const fail = (reason: string): never => {
    throw new PatternError(reason);
  };

  function escape(): string {
    // `\` already consumed: the escape's source, to be tested as one character.
    const c = chars[at++] ?? fail("模式以单独的反斜杠结尾");
    if (/[1-9]/.test(c) || c === "k") fail("不支持反向引用（如 \\1）");
    if (c === "p" || c === "P" || c === "u" || c === "x" || c === "c") {
      let text = c;
      if (chars[at] === "{") {
        while (at < chars.length && chars[at] !== "}") text += chars[at++];
        text += chars[at++] ?? fail("转义序列缺少 }");
      } else {
        const length = c === "u" ? 4 : c === "x" ? 2 : c === "c" ? 1 : 0;
        text += chars.slice(at, at + length).join("");
        at += length;
      }
      return `\\${text}`;
    }
    return `\\${c}`;
  }

  function characterClass(): string {
    // `[` already consumed.
    let text = "[";
    if (peek() === "^") text += chars[at++];
    if (peek() === "]") text += `\\${chars[at++]}`;
    for (;;) {
      const c = chars[at++] ?? fail("字符集缺少右方括号 ]");
      if (c === "]") return text + "]";
      text += c === "\\" ? escape() : c === "[" ? "\\[" : c;
    }
  }

  function atom(): Node {
    const c = chars[at++];
    switch (c) {
      case "(": {
        if (peek() === "?") {
          const next = chars[at + 1];
          if (next === ":") at += 2;
          else if (next === "<" && chars[at + 2] !== "=" && chars[at + 2] !== "!") {
            at = chars.indexOf(">", at) + 1 || fail("命名分组缺少 >");
          } else fail("不支持前瞻或后顾断言（如 (?=…)、(?!…)）");
        }
        const inner = alternation();
        if (chars[at++] !== ")") fail("括号不配对：缺少 )");
        return inner;
      }
      case "[":
        try {
          return { t: "char", test: single(characterClass()) };
        } catch (error) {
          if (error instanceof PatternError) throw error;
          return fail("字符集写法有误");
        }
      case "^":
        return { t: "assert", kind: "bol" };
      case "$":
        return { t: "assert", kind: "eol" };
      case "\\": {
        if (peek() === "b" || peek() === "B") return { t: "assert", kind: chars[at++] === "b" ? "word" : "nonword" };
        const source = escape();
        try {
          return { t: "char", test: single(source) };
        } catch {
          return fail(`无法识别的转义 ${source}`);
        }
      }
      case ")":
        return fail("括号不配对：多了 )");
      case "*":
      case "+":
      case "?":
      case "{":
        return fail(`量词 ${c} 前面缺少可重复的内容`);
      default:
        return { t: "char", test: single(c === "." ? "." : c.replace(/[\\^$.*+?()[\]{}|/]/, "\\$&")) };
    }
  }

  function quantified(): Node {
    const node = atom();
    const c = peek();
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Infinity];
    else if (c === "+") [min, max] = [1, Infinity];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(chars.slice(at, at + 16).join("")) ?? fail("量词 {…} 写法有误");
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (max < min) fail(`量词 ${m[0]} 的上限小于下限`);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) fail(`重复次数不能超过 ${MAX_REPEAT}`);
      at += m[0].length - 1;
    } else return node;
    at++;
    if (peek() === "?") at++; // Lazy or greedy: the same strings match.
    if (node.t === "assert") fail("断言（^、$、\\b）不能重复");
    return { t: "rep", node, min, max };
  }

  function concatenation(): Node {
    const items: Node[] = [];
    while (at < chars.length && peek() !== "|" && peek() !== ")") items.push(quantified());
    return { t: "cat", items };
  }

  function alternation(): Node {
    const items = [concatenation()];
    while (peek() === "|") {
      at++;
      items.push(concatenation());
    }
    return items.length === 1 ? items[0] : { t: "alt", items };
  }

  const node = alternation();
  if (at < chars.length) fail("括号不配对：多了 )");
  return node;
}

function compile(node: Node): Instruction[] {
  const program: Instruction[] = [];
  const emit = (instruction: Instruction) => {
    if (program.length >= MAX_PROGRAM) throw new PatternError(`模式过于复杂（展开后超过 ${MAX_PROGRAM} 步）`);
    program.push(instruction);
    return program.length - 1;
  };
  const walk = (n: Node): void => {
    switch (n.t) {
      case "char":
        emit({ op: "char", test: n.test });
        return;
      case "assert":
        emit({ op: "assert", kind: n.kind });
        return;
      case "cat":
        n.items.forEach(walk);
        return;
      case "alt": {
        const jumps: number[] = [];
        n.items.forEach((item, i) => {
          if (i === n.items.length - 1) return walk(item);
          const split = emit({ op: "split", x: 0, y: 0 });
          (program[split] as { x: number }).x = program.length;
          walk(item);
          jumps.push(emit({ op: "jmp", x: 0 }));
          (program[split] as { y: number }).y = program.length;
        });
        for (const j of jumps) (program[j] as { x: number }).x = program.length;
        return;
      }
      case "rep": {
        for (let i = 0; i < n.min; i++) walk(n.node);
        if (n.max === Infinity) {
          const split = emit({ op: "split", x: program.length + 1, y: 0 });
          walk(n.node);
          emit({ op: "jmp", x: split });
          (program[split] as { y: number }).y = program.length;
          return;
        }
        const splits: number[] = [];
        for (let i = n.min; i < n.max; i++) {
          splits.push(emit({ op: "split", x: program.length + 1, y: 0 }));
          walk(n.node);
        }
        for (const s of splits) (program[s] as { y: number }).y = program.length;
      }
    }
  };
  walk(node);
  emit({ op: "match" });
  return program;
}

/** Whether the program matches anywhere in `text` (RegExp#test semantics), in O(text length × program size). */
function run(program: Instruction[], text: string): boolean {
  const input = Array.from(text);
  let current: number[] = [];
  const seen = new Int32Array(program.length).fill(-1);
  let generation = 0;
  const add = (list: number[], pc: number, at: number): boolean => {
    const stack = [pc];
    while (stack.length) {
      const p = stack.pop()!;
      if (seen[p] === generation) continue;
      seen[p] = generation;
      const instruction = program[p];
      switch (instruction.op) {
        case "match":
          return true;
        case "jmp":
          stack.push(instruction.x);
          break;
        case "split":
          stack.push(instruction.y, instruction.x);
          break;
        case "assert": {
          const ok =
            instruction.kind === "bol"
              ? at === 0
              : instruction.kind === "eol"
                ? at === input.length
                : (isWordChar(input[at - 1]) !== isWordChar(input[at])) === (instruction.kind === "word");
          if (ok) stack.push(p + 1);
          break;
        }
        case "char":
          list.push(p);
      }
    }
    return false;
  };
  for (let at = 0; ; at++) {
    // A new thread starts at every position: the pattern may match anywhere.
    if (add(current, 0, at)) return true;
    if (at === input.length) return false;
    generation++;
    const next: number[] = [];
    for (const pc of current) {
      const instruction = program[pc] as { test: (c: string) => boolean };
      if (instruction.test(input[at]) && add(next, pc + 1, at + 1)) return true;
    }
    current = next;
  }
}

export function compilePattern(source: string): CompiledPattern {
  try {
    const program = compile(parse(source));
    return { ok: true, test: (text) => run(program, text) };
  } catch (error) {
    if (error instanceof PatternError) return { ok: false, reason: error.message };
    throw error;
  }
}

/** `compilePattern` in the shape of ajv's `code.regExp` option; a refused pattern throws with its Chinese reason. */
export const linearRegExp = Object.assign(
  (source: string) => {
    const compiled = compilePattern(source);
    if (!compiled.ok) throw new Error(`格式模式 ${source} 无法使用：${compiled.reason}`);
    return compiled;
  },
  { code: "linearRegExp" },
);

/**
 * Every `pattern` (and `patternProperties` key) in a JSON Schema that `compilePattern` refuses, at its JSON path,
 * with a Chinese message naming the field's title.
 */
export function refusedPatterns(schema: unknown, at = "$"): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 64 || typeof node !== "object" || node === null) return;
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`, depth + 1));
    const record = node as Record<string, unknown>;
    const field = typeof record.title === "string" ? `字段“${record.title}”的` : "";
    const check = (source: string, where: string) => {
      const compiled = compilePattern(source);
      if (!compiled.ok)
        problems.push({ path: where, message: `${field}格式模式 ${source} 无法使用：${compiled.reason}` });
    };
    if (typeof record.pattern === "string") check(record.pattern, `${path}.pattern`);
    if (typeof record.patternProperties === "object" && record.patternProperties !== null)
      for (const key of Object.keys(record.patternProperties)) check(key, `${path}.patternProperties`);
    for (const [key, child] of Object.entries(record))
      if (key !== "pattern" && key !== "enum" && key !== "const" && key !== "default" && key !== "examples")
        walk(child, `${path}.${key}`, depth + 1);
  };
  walk(schema, at, 0);
  return problems;
}
