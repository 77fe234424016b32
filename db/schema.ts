import { sql } from "drizzle-orm";
import type { EvaluationContext, JsonObject, MaterialCounts, Result } from "../app/engine/types";
import { index, integer, real, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/**
 * The organisation tree: administrative divisions and the 党(工)委 that rate branches. `path` is the chain of codes
 * from the root, e.g. `150000/150100/150102`. Nothing is deleted: a region is retired.
 */
export const regions = sqliteTable(
  "regions",
  {
    code: text("code").primaryKey(),
    name: text("name").notNull(),
    parentCode: text("parent_code").references((): AnySQLiteColumn => regions.code),
    level: integer("level").notNull(),
    path: text("path").notNull(),
    /** `admin`: an administrative division with its 区划代码; `committee`: a 党(工)委 node with a generated code. */
    kind: text("kind", { enum: ["admin", "committee"] })
      .notNull()
      .default("admin"),
    retiredAt: integer("retired_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("regions_parent_idx").on(t.parentCode), index("regions_path_idx").on(t.path)],
);

export const branches = sqliteTable(
  "branches",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    domain: text("domain").notNull(),
    establishedOn: text("established_on").notNull(),
    memberCount: integer("member_count").notNull(),
    secretaryName: text("secretary_name"),
    secretaryPhone: text("secretary_phone"),
    /** A dissolved branch keeps its submissions and grades; it no longer fills or is counted. */
    dissolvedAt: integer("dissolved_at", { mode: "timestamp_ms" }),
    /** Set when the branch was dissolved by merging it into another. */
    mergedIntoId: integer("merged_into_id").references((): AnySQLiteColumn => branches.id),
    createdAt: createdAt(),
  },
  (t) => [
    index("branches_region_idx").on(t.regionCode),
    uniqueIndex("branches_region_name_uq").on(t.regionCode, t.name),
  ],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull().unique(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ["admin", "reviewer", "branch"] }).notNull(),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    branchId: integer("branch_id").references(() => branches.id),
    /** A disabled user's sessions and tokens stop working at once; the account and its history stay. */
    disabledAt: integer("disabled_at", { mode: "timestamp_ms" }),
    /** Set when someone else chose the password (a reset, an import): the user must choose their own at sign-in. */
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index("users_region_idx").on(t.regionCode), index("users_branch_idx").on(t.branchId)],
);

/** Browser sessions; only the sha256 of the cookie token is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** API bearer tokens; only the sha256 of the token is stored. */
export const apiTokens = sqliteTable("api_tokens", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  /** Null: valid until revoked. */
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }),
  createdAt: createdAt(),
});

/** A form: `<domain>` for a base form, `<region>/<domain>` for a region's own form. */
export const forms = sqliteTable("forms", {
  id: text("id").primaryKey(),
  regionCode: text("region_code").references(() => regions.code),
  domain: text("domain").notNull(),
  createdAt: createdAt(),
});

export const formRevisions = sqliteTable(
  "form_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    formId: text("form_id")
      .notNull()
      .references(() => forms.id),
    /** Null for drafts; 1, 2, 3 … for published revisions. */
    revision: integer("revision"),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    schema: text("schema", { mode: "json" }).$type<JsonObject>().notNull(),
    uiSchema: text("ui_schema", { mode: "json" }).$type<JsonObject>().notNull(),
    sha256: text("sha256").notNull(),
    authorId: integer("author_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("form_revisions_rev_uq").on(t.formId, t.revision), index("form_revisions_form_idx").on(t.formId)],
);

/** A rule set: `<region>/<domain>`, one per region and domain. */
export const rulesets = sqliteTable("rulesets", {
  id: text("id").primaryKey(),
  regionCode: text("region_code")
    .notNull()
    .references(() => regions.code),
  domain: text("domain").notNull(),
  extendsId: text("extends_id"),
  createdAt: createdAt(),
});

export const rulesetRevisions = sqliteTable(
  "ruleset_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    rulesetId: text("ruleset_id")
      .notNull()
      .references(() => rulesets.id),
    /** Null for drafts; 1, 2, 3 … for published revisions, which never change. */
    revision: integer("revision"),
    status: text("status", { enum: ["draft", "published"] }).notNull(),
    content: text("content", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    sha256: text("sha256").notNull(),
    /**
     * For a published child: the parents' revision numbers it was published against (`{ "150000/village": 3 }`),
     * so a parent's later revision cannot change what an old child revision means.
     */
    parents: text("parents", { mode: "json" }).$type<Record<string, number>>(),
    authorId: integer("author_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ruleset_revisions_rev_uq").on(t.rulesetId, t.revision),
    index("ruleset_revisions_ruleset_idx").on(t.rulesetId),
  ],
);

/** One per branch, domain and year. */
export const submissions = sqliteTable(
  "submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
    domain: text("domain").notNull(),
    year: integer("year").notNull(),
    /** The branch's region when the submission was made: it stays there when the branch later moves. */
    regionCode: text("region_code").notNull().default(""),
    rulesetId: text("ruleset_id")
      .notNull()
      .references(() => rulesets.id),
    /** `returned`: sent back to the branch for correction (退回修改); a new 申报 makes it `submitted` again. */
    status: text("status", { enum: ["draft", "submitted", "returned", "rated", "escalated", "revoked"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("submissions_branch_year_uq").on(t.branchId, t.domain, t.year),
    index("submissions_region_idx").on(t.regionCode),
  ],
);

/** What a branch has typed but not yet submitted: saved as it types, one row per branch, domain and year. */
export const submissionDrafts = sqliteTable(
  "submission_drafts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
    domain: text("domain").notNull(),
    year: integer("year").notNull(),
    data: text("data", { mode: "json" }).$type<JsonObject>().notNull(),
    authorId: integer("author_id").references(() => users.id),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("submission_drafts_branch_year_uq").on(t.branchId, t.domain, t.year)],
);

/** Append-only: a correction is a new revision. */
export const submissionRevisions = sqliteTable(
  "submission_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
    revision: integer("revision").notNull(),
    data: text("data", { mode: "json" }).$type<JsonObject>().notNull(),
    /** A client's Idempotency-Key: scoped to its author, and bound to the body it came with (`idempotencyHash`). */
    idempotencyKey: text("idempotency_key"),
    idempotencyHash: text("idempotency_hash"),
    authorId: integer("author_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("submission_revisions_rev_uq").on(t.submissionId, t.revision),
    uniqueIndex("submission_revisions_idempotency_uq").on(t.authorId, t.idempotencyKey),
  ],
);

/** A submission revision scored under a rule-set revision; a re-score is a new row. */
export const evaluations = sqliteTable(
  "evaluations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    submissionRevisionId: integer("submission_revision_id")
      .notNull()
      .references(() => submissionRevisions.id),
    rulesetRevisionId: integer("ruleset_revision_id")
      .notNull()
      .references(() => rulesetRevisions.id),
    context: text("context", { mode: "json" }).$type<EvaluationContext>().notNull(),
    /** The evidence counts it was scored with (the `materials` fact), so a re-score reads the same. */
    materials: text("materials", { mode: "json" }).$type<MaterialCounts>(),
    result: text("result", { mode: "json" }).$type<Result>().notNull(),
    gradeId: text("grade_id").notNull(),
    score: real("score").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("evaluations_subrev_idx").on(t.submissionRevisionId)],
);

/**
 * An evidence file a branch uploaded for one catalogue entry of one year's 申报: its content is in the file store
 * under `sha256`. Withdrawing it (before 申报, or to replace a rejected one) marks the row; neither the row nor the
 * content is ever deleted, since a submitted revision may refer to it.
 */
export const evidenceFiles = sqliteTable(
  "evidence_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
    domain: text("domain").notNull(),
    year: integer("year").notNull(),
    materialId: text("material_id").notNull(),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    kind: text("kind", { enum: ["pdf", "jpg", "png", "docx", "xlsx"] }).notNull(),
    name: text("name").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    uploadedAt: createdAt(),
    withdrawnAt: integer("withdrawn_at", { mode: "timestamp_ms" }),
    withdrawnBy: integer("withdrawn_by").references(() => users.id),
  },
  (t) => [
    index("evidence_files_branch_year_idx").on(t.branchId, t.domain, t.year),
    index("evidence_files_sha_idx").on(t.sha256),
  ],
);

/** The evidence files a submission revision was sent with: what the reviewer rates against. Append-only. */
export const revisionFiles = sqliteTable(
  "revision_files",
  {
    submissionRevisionId: integer("submission_revision_id")
      .notNull()
      .references(() => submissionRevisions.id),
    evidenceFileId: integer("evidence_file_id")
      .notNull()
      .references(() => evidenceFiles.id),
  },
  (t) => [uniqueIndex("revision_files_uq").on(t.submissionRevisionId, t.evidenceFileId)],
);

/** A reviewer's 合格 / 不合格 on one evidence file; the latest counts. Append-only. */
export const evidenceReviews = sqliteTable(
  "evidence_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    evidenceFileId: integer("evidence_file_id")
      .notNull()
      .references(() => evidenceFiles.id),
    decision: text("decision", { enum: ["accepted", "rejected"] }).notNull(),
    reason: text("reason"),
    reviewerId: integer("reviewer_id").references(() => users.id),
    regionCode: text("region_code").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("evidence_reviews_file_idx").on(t.evidenceFileId)],
);

/** A reviewer's 四评 inputs and decision at one level. */
export const reviews = sqliteTable(
  "reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
    evaluationId: integer("evaluation_id").references(() => evaluations.id),
    reviewerId: integer("reviewer_id")
      .notNull()
      .references(() => users.id),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    level: integer("level").notNull(),
    /** For an escalation: the region whose reviewers rate next. */
    targetRegionCode: text("target_region_code").references(() => regions.code),
    siping: text("siping", { mode: "json" }).$type<JsonObject>().notNull(),
    decision: text("decision", { enum: ["rate", "escalate", "revoke", "return"] }).notNull(),
    gradeId: text("grade_id"),
    reason: text("reason"),
    /** For a return: the form paths the reviewer marked for correction. */
    fields: text("fields", { mode: "json" }).$type<string[]>(),
    createdAt: createdAt(),
  },
  (t) => [index("reviews_submission_idx").on(t.submissionId)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    regionCode: text("region_code"),
    before: text("before", { mode: "json" }).$type<unknown>(),
    after: text("after", { mode: "json" }).$type<unknown>(),
    /** Why, in the author's words: the change note asked for on every publish. */
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_entity_idx").on(t.entityType, t.entityId)],
);

/** The share of branches a region aims to rate 最强 in a year. */
export const targets = sqliteTable(
  "targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code")
      .notNull()
      .references(() => regions.code),
    year: integer("year").notNull(),
    ratio: real("ratio").notNull(),
  },
  (t) => [uniqueIndex("targets_region_year_uq").on(t.regionCode, t.year)],
);

/**
 * A 随机抽查 (002): a random sample of the rated submissions in a region's scope for a year (optionally one domain
 * and one counted grade), drawn from a recorded seed so that anyone can draw the same sample again. Append-only.
 */
export const spotChecks = sqliteTable("spot_checks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  regionCode: text("region_code").notNull(),
  year: integer("year").notNull(),
  domain: text("domain"),
  gradeId: text("grade_id"),
  /** How many were asked for: a number, or a percentage of the population. */
  size: integer("size"),
  percent: integer("percent"),
  seed: text("seed").notNull(),
  population: integer("population").notNull(),
  drawnBy: integer("drawn_by").references(() => users.id),
  createdAt: createdAt(),
});

/** One sampled submission of a spot check. Append-only. */
export const spotCheckItems = sqliteTable(
  "spot_check_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    spotCheckId: integer("spot_check_id")
      .notNull()
      .references(() => spotChecks.id),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
  },
  (t) => [uniqueIndex("spot_check_items_uq").on(t.spotCheckId, t.submissionId)],
);

/** The outcome of checking one sampled submission: 通过 or 不通过, with the findings; the latest counts. Append-only. */
export const spotCheckResults = sqliteTable(
  "spot_check_results",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    itemId: integer("item_id")
      .notNull()
      .references(() => spotCheckItems.id),
    result: text("result", { enum: ["passed", "failed"] }).notNull(),
    findings: text("findings").notNull(),
    checkerId: integer("checker_id").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("spot_check_results_item_idx").on(t.itemId)],
);

/** Files a checker attaches to a sampled branch's check (photos of its 台账, a signed record). Append-only. */
export const spotCheckFiles = sqliteTable(
  "spot_check_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    itemId: integer("item_id")
      .notNull()
      .references(() => spotCheckItems.id),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    kind: text("kind", { enum: ["pdf", "jpg", "png", "docx", "xlsx"] }).notNull(),
    name: text("name").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    uploadedAt: createdAt(),
  },
  (t) => [index("spot_check_files_item_idx").on(t.itemId), index("spot_check_files_sha_idx").on(t.sha256)],
);

/**
 * A region's windows for a year (自创, 申报 deadline, 评定 deadline), dates in China as YYYY-MM-DD, each within the
 * parent's. The latest row for a region and year is the one in force; rows are never changed.
 */
export const calendars = sqliteTable(
  "calendars",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code").notNull(),
    year: integer("year").notNull(),
    selfFrom: text("self_from").notNull(),
    selfTo: text("self_to").notNull(),
    submitDeadline: text("submit_deadline").notNull(),
    reviewDeadline: text("review_deadline").notNull(),
    setBy: integer("set_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("calendars_region_year_idx").on(t.regionCode, t.year)],
);

/** 申报 reopened for one branch after the deadline, until a date (audited). Append-only. */
export const reopenings = sqliteTable(
  "reopenings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
    year: integer("year").notNull(),
    until: text("until").notNull(),
    reason: text("reason").notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("reopenings_branch_year_idx").on(t.branchId, t.year)],
);

/**
 * A region's settings for the year around the rating: how many working days a 公示 lasts, whether only final
 * (公示-ed) results count in its statistics, and the 软弱涣散 reasons it adds to the built-in ones. Unset values
 * come from the nearest region above. The latest row is in force; rows are never changed.
 */
export const regionSettings = sqliteTable(
  "region_settings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code").notNull(),
    publicityDays: integer("publicity_days"),
    finalOnly: integer("final_only", { mode: "boolean" }),
    weakReasons: text("weak_reasons", { mode: "json" }).$type<string[]>(),
    setBy: integer("set_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("region_settings_region_idx").on(t.regionCode)],
);

/** A branch confirmed as 软弱涣散 for a year (排查), with the reasons; its 整顿 is told by its events. */
export const weakCases = sqliteTable(
  "weak_cases",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    branchId: integer("branch_id")
      .notNull()
      .references(() => branches.id),
    year: integer("year").notNull(),
    /** The branch's region when confirmed: the case stays with it, as submissions do. */
    regionCode: text("region_code").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    note: text("note").notNull().default(""),
    confirmedBy: integer("confirmed_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("weak_cases_branch_idx").on(t.branchId, t.year), index("weak_cases_region_idx").on(t.regionCode)],
);

/** What happened to a 软弱涣散 case: a 整顿 plan, a monthly report, a 考核验收, the 销号. Append-only. */
export const weakCaseEvents = sqliteTable(
  "weak_case_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    caseId: integer("case_id")
      .notNull()
      .references(() => weakCases.id),
    kind: text("kind", { enum: ["plan", "report", "acceptance", "closure"] }).notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdBy: integer("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index("weak_case_events_case_idx").on(t.caseId)],
);

/** Evidence files of a monthly 整顿 report. Append-only. */
export const weakReportFiles = sqliteTable(
  "weak_report_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    eventId: integer("event_id")
      .notNull()
      .references(() => weakCaseEvents.id),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    kind: text("kind", { enum: ["pdf", "jpg", "png", "docx", "xlsx"] }).notNull(),
    name: text("name").notNull(),
    uploadedBy: integer("uploaded_by").references(() => users.id),
    uploadedAt: createdAt(),
  },
  (t) => [index("weak_report_files_event_idx").on(t.eventId), index("weak_report_files_sha_idx").on(t.sha256)],
);

/**
 * A 公示 of rated results: the period (working days from its start), and a link that needs no sign-in. Closed once,
 * after the period and with no objection open; nothing else about it changes.
 */
export const publicities = sqliteTable(
  "publicities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    regionCode: text("region_code").notNull(),
    year: integer("year").notNull(),
    title: text("title").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    /** The public page's unguessable address. */
    slug: text("slug").notNull().unique(),
    openedBy: integer("opened_by").references(() => users.id),
    createdAt: createdAt(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    closedBy: integer("closed_by").references(() => users.id),
  },
  (t) => [index("publicities_region_year_idx").on(t.regionCode, t.year)],
);

/** A result in a 公示, as the public sees it (branch, region and grade as they were when it opened). */
export const publicityItems = sqliteTable(
  "publicity_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    publicityId: integer("publicity_id")
      .notNull()
      .references(() => publicities.id),
    submissionId: integer("submission_id")
      .notNull()
      .references(() => submissions.id),
    branchName: text("branch_name").notNull(),
    regionName: text("region_name").notNull(),
    gradeId: text("grade_id").notNull(),
    gradeTitle: text("grade_title").notNull(),
  },
  (t) => [
    index("publicity_items_publicity_idx").on(t.publicityId),
    index("publicity_items_submission_idx").on(t.submissionId),
  ],
);

/** An 异议 on a result in a 公示, recorded by a reviewer, and — once — how it was handled. */
export const objections = sqliteTable(
  "objections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    itemId: integer("item_id")
      .notNull()
      .references(() => publicityItems.id),
    content: text("content").notNull(),
    source: text("source").notNull().default(""),
    recordedBy: integer("recorded_by").references(() => users.id),
    createdAt: createdAt(),
    outcome: text("outcome", { enum: ["upheld", "dismissed"] }),
    handling: text("handling"),
    resolvedBy: integer("resolved_by").references(() => users.id),
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("objections_item_idx").on(t.itemId)],
);

/**
 * Background jobs (impact analyses, imports, exports): their progress and outcome, so that whichever server process
 * a browser's poll reaches can answer it. The work runs in the process that started it (`pid`); a job whose process
 * is gone is reported as interrupted. Kept for an hour after it finished, with the files it made.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    ownerId: integer("owner_id").notNull(),
    pid: integer("pid").notNull(),
    status: text("status", { enum: ["running", "done", "failed"] }).notNull(),
    done: integer("done").notNull().default(0),
    total: integer("total").notNull().default(0),
    result: text("result", { mode: "json" }),
    error: text("error"),
    files: text("files", { mode: "json" })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    startedAt: integer("started_at").notNull(),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("jobs_finished_idx").on(t.finishedAt)],
);

/** Attempts counted by the throttles (sign-in failures, API writes), shared by every server process; a minute kept. */
export const throttleHits = sqliteTable(
  "throttle_hits",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("throttle_hits_key_idx").on(t.scope, t.key, t.at), index("throttle_hits_at_idx").on(t.scope, t.at)],
);
