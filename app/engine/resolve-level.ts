import type {
  ConsistencyCheck,
  Form,
  Material,
  Json,
  LintError,
  ParamOrigin,
  ResolvedParam,
  ResolvedRuleset,
  Rule,
  RulesetFile,
} from "./types";

/** One rule set of the chain being applied, with the way to report what it does wrong. */
export type Level = {
  rulesetId: string;
  content: RulesetFile;
  /** The rule set it extends, or undefined for the root. */
  parentId: string | undefined;
  /** Reports a lint error at a JSON path of this file, naming the rule set and rule that forbid it. */
  report: (path: string, message: string, parent?: string, forbiddenBy?: string) => void;
};

/** A param as resolution goes: who defined it (type, min, max), and who set its bounds and lock. */
export type ParamState = ResolvedParam & ParamOrigin;

/** What the chain adds up to so far; each step applies one rule set's part of it. */
export type Resolving = {
  params: Record<string, ParamState>;
  computed: Record<string, Json>;
  conditions: ResolvedRuleset["conditions"];
  indicators: ResolvedRuleset["indicators"];
  rules: Rule[];
  /** The rule set each rule comes from (its last replacement). */
  ruleOrigin: Map<string, string>;
  grades: ResolvedRuleset["grades"];
  checks: ConsistencyCheck[];
  /** The rule set each check comes from. */
  checkOrigin: Map<string, string>;
  materials: Material[];
  /** The rule set that first listed each evidence entry. */
  materialOrigin: Map<string, string>;
  form: Form | null;
};

export const emptyResolving = (): Resolving => ({
  params: {},
  computed: {},
  conditions: {},
  indicators: [],
  rules: [],
  ruleOrigin: new Map(),
  grades: [],
  checks: [],
  checkOrigin: new Map(),
  materials: [],
  materialOrigin: new Map(),
  form: null,
});

export const reporter =
  (errors: LintError[], file: string): Level["report"] =>
  (path, message, parent, forbiddenBy) =>
    errors.push({ file, path, message, ...(parent ? { parent } : {}), ...(forbiddenBy ? { forbiddenBy } : {}) });
