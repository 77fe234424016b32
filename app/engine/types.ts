/** The rule-set file format (DESIGN.md §3) and the Result contract, as plain data types. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type ParamType = "number" | "integer" | "boolean" | "string";

export type ParamBounds = { min?: number; max?: number };

export type ParamDefinition = {
  title?: string;
  description?: string;
  unit?: string;
  type: ParamType;
  default: Json;
  min?: number;
  max?: number;
  /** Limits on what descendants may set. */
  bounds?: ParamBounds;
  /** Descendants may not change it. */
  locked?: boolean;
  enum?: Json[];
};

/** In a child: a value, or `{ value?, bounds?, locked? }` to set and tighten an inherited param, or a new definition. */
export type ParamEntry = Json | ParamDefinition | { value?: Json; bounds?: ParamBounds; locked?: boolean };

export type FactRef = { fact: string; path?: string; params?: JsonObject };

export type ConditionLeaf = {
  fact: string;
  path?: string;
  operator: string;
  value: Json | FactRef;
  params?: JsonObject;
  priority?: number;
  name?: string;
};
export type ConditionTree =
  | { all: Condition[]; priority?: number; name?: string }
  | { any: Condition[]; priority?: number; name?: string }
  | { not: Condition; priority?: number; name?: string }
  | { condition: string; priority?: number; name?: string };
export type Condition = ConditionLeaf | ConditionTree;

export const EVENT_TYPES = ["score", "deduct", "veto", "require", "star", "flag"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type RuleEvent = {
  type: EventType;
  params?: {
    indicator?: string;
    points?: number;
    message?: string;
    source?: string;
    star?: string;
    [key: string]: Json | undefined;
  };
};

export type Rule = {
  id: string;
  name?: string;
  description?: string;
  required?: boolean;
  priority?: number;
  conditions: Condition;
  event: RuleEvent;
};

export type Indicator = { id: string; title: string; max: number; description?: string };

export type ParamRef = { param: string };
export type NumberOrParam = number | ParamRef;

export type Grade = {
  id: string;
  title: string;
  description?: string;
  minScore?: NumberOrParam;
  minStars?: NumberOrParam;
  stars?: string[];
  noVeto?: boolean;
  requirements?: "all" | string[];
  noFlags?: true | string[];
};

export type CaseExpectation = {
  grade?: string;
  notGrade?: string[];
  score?: number;
  minScore?: number;
  vetoes?: string[];
  unmet?: string[];
  flags?: string[];
  stars?: number;
};

/**
 * A consistency check on the answers (DESIGN.md §3): it holds when its conditions are true, and is run only once
 * every form field its conditions read is answered; when it fails, `message` is shown at `field`.
 */
export type ConsistencyCheck = { id: string; field: string; conditions: Condition; message: string; source?: string };

/** The file kinds evidence may be, each checked by its bytes, never its name. */
export const MATERIAL_KINDS = ["pdf", "jpg", "png", "docx", "xlsx"] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/**
 * An entry of the evidence catalogue (DESIGN.md §3, `materials`): what a 申报 must be proved with, the files it
 * takes, and whether it is required — always, or for the grades listed.
 */
export type Material = {
  id: string;
  title: string;
  description?: string;
  accept: MaterialKind[];
  maxFiles: number;
  maxSizeMB: number;
  required?: boolean | string[];
  /** The answers it proves (form paths). */
  fields?: string[];
  source?: string;
};

/** The `materials` fact: per catalogue entry, how many files are uploaded, accepted and rejected. */
export type MaterialCount = { uploaded: number; accepted: number; rejected: number };
export type MaterialCounts = Record<string, MaterialCount>;
/** Counts as given (a script's body, a case): a count not given is 0. */
export type GivenMaterialCounts = Record<string, Partial<MaterialCount>>;

export type RulesetCase = {
  name: string;
  data: JsonObject;
  context?: JsonObject;
  materials?: GivenMaterialCounts;
  expect: CaseExpectation;
};

export type FormExtension = { base?: string; extend?: JsonObject; ui?: JsonObject };

/** A rule-set file as written: a base (with `region`, `domain`, `form` …) or a child (with `extends`). */
export type RulesetFile = {
  $schema?: string;
  id: string;
  extends?: string;
  title: string;
  description?: string;
  region?: string;
  domain?: string;
  form?: string | FormExtension;
  source?: string;
  /** The evaluation years it applies to; absent means every year. */
  effective?: { from?: number; to?: number };
  params?: Record<string, ParamEntry>;
  computed?: Record<string, Json>;
  conditions?: Record<string, Condition>;
  indicators?: Indicator[];
  rules?: Rule[];
  disable?: string[];
  grades?: Grade[];
  checks?: ConsistencyCheck[];
  materials?: Material[];
  cases?: RulesetCase[];
};

export type FormSchema = JsonObject;
export type Form = { id: string; schema: FormSchema; uiSchema: JsonObject };

export type ResolvedParam = ParamDefinition & { id: string; value: Json; setBy: string };

/**
 * Where a param's value and limits come from, for explanations (not part of the hash): the rule set that defined
 * it, each value set down the chain (the definition's default first), and who set its bounds and lock.
 */
export type ParamOrigin = {
  definedBy: string;
  values: { by: string; value: Json }[];
  boundsBy?: string;
  lockedBy?: string;
};

/** A rule set with its parents applied: what evaluation, diff and impact work on. */
export type ResolvedRuleset = {
  id: string;
  title: string;
  region: string;
  domain: string;
  /** From the root down to this rule set. */
  chain: string[];
  source?: string;
  effective?: { from?: number; to?: number };
  hash: string;
  form: Form | null;
  params: Record<string, ResolvedParam>;
  /** Absent in a rule set built by hand; resolution always gives it. */
  paramOrigins?: Record<string, ParamOrigin>;
  computed: Record<string, Json>;
  conditions: Record<string, Condition>;
  indicators: Indicator[];
  rules: Rule[];
  grades: Grade[];
  /** Not part of the hash: they decide what may be submitted, not how it scores. Absent in one built by hand. */
  checks?: ConsistencyCheck[];
  /** The evidence catalogue; a required entry also becomes a `require` rule reading the `materials` fact. */
  materials?: Material[];
  cases: RulesetCase[];
};

export type EvaluationContext = {
  year?: number;
  region?: string;
  domain?: string;
  branch?: JsonObject;
  history?: JsonObject;
  [key: string]: Json | undefined;
};

export type Submission = { data: JsonObject; context?: EvaluationContext; materials?: GivenMaterialCounts };

export type ResultItem = { rule: string; message: string; source?: string };

export type TraceEntry = {
  rule: string;
  name: string;
  type: EventType;
  /** The event took effect: conditions true, or for `require`, conditions false (the requirement is unmet). */
  fired: boolean;
  points?: number;
  indicator?: string;
  conditions: unknown;
};

export type Result = {
  ruleset: { id: string; revision: number | null; hash: string };
  grade: { id: string; title: string };
  score: number;
  maxScore: number;
  stars: number;
  starNames: string[];
  indicators: { id: string; title: string; score: number; max: number }[];
  vetoes: ResultItem[];
  unmet: ResultItem[];
  flags: ResultItem[];
  trace: TraceEntry[];
};

/** A lint problem: the file, the JSON path inside it, and why. Guardrail errors also name who forbids it. */
export type LintError = {
  file: string;
  path: string;
  message: string;
  line?: number;
  column?: number;
  parent?: string;
  forbiddenBy?: string;
};

export type ScoreOptions = { revision?: number | null; trace?: boolean };

/** Scores submissions under one resolved rule set: the compiled evaluator and the json-rules-engine reference. */
export type Evaluator = {
  ruleset: ResolvedRuleset;
  /** Scores a submission; the Result carries a trace unless `trace: false`. */
  score(submission: Submission, options?: ScoreOptions): Promise<Result>;
};
