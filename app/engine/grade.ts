import type { Grade, NumberOrParam, ResolvedRuleset, Result } from "./types";

/** What a grade looks at: the score, the stars and the rules that fired — a Result, or a Result being built. */
export type GradeInputs = Pick<Result, "score" | "starNames" | "vetoes" | "unmet" | "flags">;
export type GradeCheck = (inputs: GradeInputs) => boolean;

export function valueOf(ref: NumberOrParam | undefined, ruleset: ResolvedRuleset): number | undefined {
  if (ref === undefined) return undefined;
  return typeof ref === "number" ? ref : (ruleset.params[ref.param]?.value as number);
}

const names = (items: { rule: string }[], rule: string) => items.some((item) => item.rule === rule);

/** Whether a submission with these results may be given the grade; its thresholds are read once, here. */
export function compileGrade(grade: Grade, ruleset: ResolvedRuleset): GradeCheck {
  const minScore = valueOf(grade.minScore, ruleset);
  const minStars = valueOf(grade.minStars, ruleset);
  const { stars, noVeto, requirements, noFlags } = grade;
  return (inputs) => {
    if (minScore !== undefined && !(inputs.score >= minScore)) return false;
    if (minStars !== undefined && !(inputs.starNames.length >= minStars)) return false;
    if (stars?.some((s) => !inputs.starNames.includes(s))) return false;
    if (noVeto && inputs.vetoes.length) return false;
    if (requirements === "all" && inputs.unmet.length) return false;
    if (Array.isArray(requirements) && requirements.some((r) => names(inputs.unmet, r))) return false;
    if (noFlags === true && inputs.flags.length) return false;
    if (Array.isArray(noFlags) && noFlags.some((f) => names(inputs.flags, f))) return false;
    return true;
  };
}

/** The first grade, in order, whose conditions all hold; the last grade is the fallback. */
export function compileGradeFor(ruleset: ResolvedRuleset): (inputs: GradeInputs) => Grade {
  const checks = ruleset.grades.map((grade) => compileGrade(grade, ruleset));
  const fallback = ruleset.grades[ruleset.grades.length - 1];
  return (inputs) => {
    for (let i = 0; i < checks.length; i++) if (checks[i](inputs)) return ruleset.grades[i];
    return fallback;
  };
}

/** The grades a reviewer may choose: those the rules allow for these results. */
export function allowedGrades(ruleset: ResolvedRuleset, inputs: GradeInputs): Grade[] {
  return ruleset.grades.filter((g, i) => i === ruleset.grades.length - 1 || compileGrade(g, ruleset)(inputs));
}
