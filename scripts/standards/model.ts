/**
 * The vocabulary the standards library is written in: sections of fields, rules with their sources, and the
 * expectations each rule implies. build.ts turns it into schemas/forms/*, rulesets/* and docs/standards.md.
 */
export type FieldType = "integer" | "number" | "boolean" | "string" | "date" | "enum" | "checklist" | "text";

export type FieldSpec = {
  key: string;
  title: string;
  type: FieldType;
  unit?: string;
  min?: number;
  max?: number;
  description?: string;
  options?: string[];
  required?: boolean;
  /** A yes/no answer that carries a note on its evidence (`<key>Note`). */
  evidence?: boolean;
  /** The value the full-marks case gives a field that no rule reads. */
  sample?: unknown;
};

export type SectionSpec = { key: string; title: string; description?: string; reviewer?: boolean; fields: FieldSpec[] };

export type Operator =
  "equal" | "notEqual" | "greaterThanInclusive" | "lessThanInclusive" | "lessThan" | "contains" | "in";

export type Cond = {
  path: string;
  op: Operator;
  value?: unknown;
  param?: string;
  fact?: "form" | "computed" | "context";
};

export type ParamSpec = {
  title: string;
  type: "number" | "integer";
  default: number;
  unit?: string;
  description: string;
  min?: number;
  max?: number;
  bounds?: { min?: number; max?: number };
  locked?: boolean;
};

/** A patch of form data by path (`$.a.b`) and/or context. */
export type Patch = {
  data?: Record<string, unknown>;
  context?: Record<string, unknown>;
  materials?: Record<string, MaterialCountSpec>;
};

export type MaterialCountSpec = { uploaded: number; accepted: number; rejected: number };

/** An entry of the evidence catalogue, as written in the rule-set file. */
export type MaterialSpec = {
  id: string;
  title: string;
  description: string;
  accept: ("pdf" | "jpg" | "png" | "docx" | "xlsx")[];
  maxFiles: number;
  maxSizeMB: number;
  required?: boolean | string[];
  fields: string[];
  source: string;
};

export type RuleSpec = {
  id: string;
  name: string;
  type: "score" | "require" | "veto" | "flag" | "star";
  indicator?: string;
  points?: number;
  message?: string;
  star?: string;
  source: string;
  required?: boolean;
  all?: Cond[];
  any?: Cond[];
  /** Data that satisfies the rule, when it cannot be derived from its conditions (computed facts, `any`). */
  pass?: Patch;
  /** One patch per way of breaking the rule, when they cannot be derived from its conditions. */
  fails?: { name: string; patch: Patch }[];
  /** Where it is documented: the row in docs/standards.md. */
  item?: string;
};

export type GradeSpec = {
  id: string;
  title: string;
  minScore?: number | { param: string };
  noVeto?: boolean;
  requirements?: "all" | string[];
};

export type ExtraCase = { name: string; patch: Patch; expect: Record<string, unknown> };

export type RulesetSpec = {
  id: string;
  extends?: string;
  title: string;
  description: string;
  form: string;
  source: string;
  effective?: { from: number };
  params: Record<string, ParamSpec>;
  computed: Record<string, unknown>;
  indicators: { id: string; title: string; max: number; description?: string }[];
  rules: RuleSpec[];
  grades: GradeSpec[];
  /** Consistency checks on the answers, written as they appear in the rule-set file. */
  checks?: CheckSpec[];
  /** The evidence catalogue. */
  materials?: MaterialSpec[];
  baseContext: Record<string, unknown>;
  extraCases?: ExtraCase[];
};

export type CheckSpec = {
  id: string;
  field: string;
  conditions: { all: Record<string, unknown>[] };
  message: string;
};
