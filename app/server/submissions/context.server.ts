import type { EvaluationContext } from "~/engine/types";
import { domainError } from "../platform/http.server";
import type { Branch } from "../regions/branches.server";
import { regionName } from "../regions/regions.server";
import { effectiveStandard, type Standard } from "../rulesets/standards.server";
import { countedGrade, submissionFor } from "./repository.server";
import { weakHistory } from "../cycle/weak.server";

/**
 * Context facts from the database: the branch's age at the end of the year, last year's outcome, and its 软弱涣散
 * record — `weakLastYear` when last year's counted grade was the standard's lowest or the branch was confirmed
 * 软弱涣散 for last year, `weakUnresolved` while a case of an earlier year awaits 销号.
 */
export function contextFor(branch: Branch, domain: string, year: number, standard: Standard): EvaluationContext {
  const end = Date.UTC(year, 11, 31);
  const ageYears = Math.round(((end - Date.parse(branch.establishedOn)) / (365.25 * 86_400_000)) * 100) / 100;
  const last = submissionFor({ branchId: branch.id, domain, year: year - 1 });
  const lastGrade = last ? countedGrade(last.id)?.gradeId : undefined;
  const fallback = standard.ruleset.grades[standard.ruleset.grades.length - 1]?.id;
  const weak = weakHistory(branch.id, year);
  return {
    year,
    region: branch.regionCode,
    domain,
    branch: { ageYears, memberCount: branch.memberCount, establishedOn: branch.establishedOn },
    history: {
      ...(lastGrade ? { lastGrade } : {}),
      weakLastYear: (lastGrade !== undefined && lastGrade === fallback) || weak.weakLastYear,
      weakUnresolved: weak.weakUnresolved,
    },
  };
}

export function requireStandard(branch: Branch, domain: string, year: number): Standard {
  const standard = effectiveStandard(branch.regionCode, domain, year);
  if (!standard) {
    throw domainError(
      409,
      `${year} 年度没有适用于${regionName(branch.regionCode)}该领域的已发布评价标准，暂不能申报。`,
    );
  }
  return standard;
}
