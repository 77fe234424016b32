/**
 * 150000/village written by hand as one JavaScript function — the baseline the compiled evaluator is measured
 * against. It returns what decides the outcome (score, grade, vetoes, unmet, flags), not a full Result.
 */
type Data = Record<string, Record<string, unknown> | undefined>;
type Context = { branch?: { ageYears?: unknown }; history?: { weakLastYear?: unknown } };
type Materials = Record<string, { uploaded?: number; rejected?: number } | undefined>;

/** The evidence 150000/village requires for 最强党支部 (its `materials` catalogue), in catalogue order. */
const REQUIRED_EVIDENCE = ["member-meeting-minutes", "themed-party-day-records"];

const num = (x: unknown) => Number.parseFloat(x as string).toString() !== "NaN";
const ge = (a: unknown, b: number) => num(a) && (a as number) >= b;
const le = (a: unknown, b: number) => num(a) && (a as number) <= b;
const ratio = (a: unknown, b: unknown) => {
  if (a === undefined || b === undefined || a === null || b === null) return null;
  const r = Number(a) / Number(b);
  return Number.isFinite(r) ? r : null;
};

export function handwrittenVillage(data: Data, context: Context, materials: Materials = {}) {
  const p = data.political ?? {};
  const t = data.team ?? {};
  const l = data.life ?? {};
  const r = data.role ?? {};
  const m = data.masses ?? {};
  const s = data.standard ?? {};
  const b = data.basic ?? {};
  const n = data.negative ?? {};
  const v = data.review ?? {};

  const political =
    (ge(p.studySessions, 12) ? 8 : 0) + (ge(p.themedPartyDays, 12) ? 6 : 0) + (p.implementsDecisions === true ? 6 : 0);
  const team =
    (ge(t.secretaryTrainings, 1) ? 5 : 0) +
    (t.democraticCentralism === true ? 5 : 0) +
    (t.memberDevelopmentCompliant === true ? 5 : 0) +
    (t.unqualifiedMembers === "无不合格党员" || t.unqualifiedMembers === "已及时处置" ? 5 : 0);
  const life =
    (ge(l.memberMeetings, 4) ? 4 : 0) +
    (ge(l.committeeMeetings, 12) ? 4 : 0) +
    (ge(l.groupMeetings, 12) ? 3 : 0) +
    (ge(l.partyLectures, 1) ? 3 : 0) +
    (l.talksCoverAll === true ? 3 : 0) +
    (ge(l.democraticAppraisals, 1) ? 3 : 0);
  const role =
    (r.organizationStandard === true ? 5 : 0) +
    (r.eightTasksCompleted === true ? 5 : 0) +
    (r.keyTasksCompleted === true ? 5 : 0) +
    (r.systemsImplemented === true ? 5 : 0);
  const masses =
    (ge(m.practicalMatters, 10) ? 5 : 0) +
    (m.visitsAndCare === true ? 5 : 0) +
    (m.massesInReview === true ? 5 : 0) +
    (m.massDiscipline === true ? 5 : 0);
  const score =
    Math.min(20, political) + Math.min(20, team) + Math.min(20, life) + Math.min(20, role) + Math.min(20, masses);

  const unmet: string[] = [];
  if (!(ge(s.starCount, 8) && s.teamStar === true && s.harmonyStar === true && s.satisfactionStar === true))
    unmet.push("std-ten-stars");
  if (!ge(b.collectiveIncome, 5)) unmet.push("std-collective-income");
  if (s.serviceCenterCompliant !== true) unmet.push("std-service-center-compliant");
  if (s.threeAffairsPublic !== true) unmet.push("std-three-affairs-public");
  if (!ge(s.collegeMembers, 1)) unmet.push("std-college-member");
  if (s.cadreMisconduct !== false) unmet.push("std-cadre-misconduct");
  if (s.clanInterference !== false) unmet.push("std-clan-interference");
  if (s.inspectionNotified !== false) unmet.push("std-inspection-notified");
  if (s.secretaryHandlesFinance !== false) unmet.push("req-no-secretary-finance");
  if (!(s.vacancyRefill === "无缺额" || s.vacancyRefill === "3个月内完成补选")) unmet.push("req-vacancy-refill");
  if (!ge(s.reserveCadres, 3)) unmet.push("team-reserve-cadres");
  if (v.organizationRating !== "优秀") unmet.push("req-organization-rating");
  const excellent = ratio(v.memberExcellentVotes, v.memberParticipants);
  if (!ge(excellent, 0.9)) unmet.push("req-member-excellent-ratio");
  if (!ge(context.branch?.ageYears, 1)) unmet.push("eligibility-age");
  if (context.history?.weakLastYear === true) unmet.push("eligibility-not-weak");
  for (const id of REQUIRED_EVIDENCE)
    if (!((materials[id]?.uploaded ?? 0) > (materials[id]?.rejected ?? 0))) unmet.push(`material-${id}`);

  const flags: string[] = [];
  if (le(s.publicDisclosures, 3)) flags.push("flag-disclosures");
  if (le(ratio(s.reserveCadresWithProject, s.reserveCadres), 0.79)) flags.push("flag-reserve-projects");
  if (le(s.secretaryTrainingDays, 14)) flags.push("flag-secretary-training-days");
  if (le(l.memberMeetings, 0) || le(l.committeeMeetings, 0)) flags.push("flag-weak-organization-life");

  const vetoes: string[] = [];
  if (n.accountability === true) vetoes.push("veto-accountability");
  if (n.majorNegativeOpinion === true) vetoes.push("veto-major-negative-opinion");
  if (n.leaderDisciplined === true) vetoes.push("veto-leader-disciplined");
  if (n.leaderInvestigated === true) vetoes.push("veto-leader-investigated");
  if (n.otherNonCompliance === true) vetoes.push("veto-other-non-compliance");
  if (v.massesDissatisfiedVerified === true) vetoes.push("veto-masses-dissatisfied");
  if (v.socialNegativeFeedback === true) vetoes.push("veto-social-evaluation");

  const grade =
    score >= 90 && !vetoes.length && !unmet.length
      ? "strongest"
      : score >= 80 && !vetoes.length
        ? "advanced"
        : score >= 60
          ? "middle"
          : "backward";
  return { score, grade, vetoes, unmet, flags };
}
