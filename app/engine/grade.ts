import type { Grade, NumberOrParam, ResolvedRuleset } from "./types";

export type GradeInputs = {
  score: number;
  starNames: string[];
  vetoes: string[];
  unmet: string[];
  flags: string[];
};

export function valueOf(ref: NumberOrParam | undefined, ruleset: ResolvedRuleset): number | undefined {
  if (ref === undefined) return undefined;
  return typeof ref === "number" ? ref : (ruleset.params[ref.param]?.value as number);
}

/** Whether a submission with these results may be given this grade. */
export function meetsGrade(grade: Grade, inputs: GradeInputs, ruleset: ResolvedRuleset): boolean {
  const minScore = valueOf(grade.minScore, ruleset);
  if (minScore !== undefined && !(inputs.score >= minScore)) return false;
  const minStars = valueOf(grade.minStars, ruleset);
  if (minStars !== undefined && !(inputs.starNames.length >= minStars)) return false;
  if (grade.stars?.some((s) => !inputs.starNames.includes(s))) return false;
  if (grade.noVeto && inputs.vetoes.length) return false;
  if (grade.requirements === "all" && inputs.unmet.length) return false;
  if (Array.isArray(grade.requirements) && grade.requirements.some((r) => inputs.unmet.includes(r))) return false;
  if (grade.noFlags === true && inputs.flags.length) return false;
  if (Array.isArray(grade.noFlags) && grade.noFlags.some((f) => inputs.flags.includes(f))) return false;
  return true;
}

/** The first grade, in order, whose conditions all hold; the last grade is the fallback. */
export function gradeFor(ruleset: ResolvedRuleset, inputs: GradeInputs): Grade {
  return ruleset.grades.find((g) => meetsGrade(g, inputs, ruleset)) ?? ruleset.grades[ruleset.grades.length - 1];
}

/** The grades a reviewer may choose: those the rules allow for these results. */
export function allowedGrades(ruleset: ResolvedRuleset, inputs: GradeInputs): Grade[] {
  return ruleset.grades.filter((g, i) => i === ruleset.grades.length - 1 || meetsGrade(g, inputs, ruleset));
}
