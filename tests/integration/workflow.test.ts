import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiToken, ROOT, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";

const dbFile = path.join(tempDir(), "workflow.db");
process.env.BRANCHMARK_DB = dbFile;

let server: RunningServer;
const tokens: Record<string, string> = {};
const branchIds: Record<string, number> = {};

/** Full-marks data of 呼和浩特's 嘎查村 standard, without the 四评 the reviewer fills. */
const hohhot = JSON.parse(fs.readFileSync(path.join(ROOT, "rulesets/150100/village.json"), "utf8"));
const fullMarks = () => {
  const { review: _review, ...data } = structuredClone(hohhot.cases[0].data);
  return data;
};
const siping = {
  review: {
    organizationRating: "优秀",
    memberParticipants: 20,
    memberExcellentVotes: 19,
    massesDissatisfiedVerified: false,
    socialNegativeFeedback: false,
  },
};

/** The evidence 内蒙古 requires for 最强党支部, counted as a script gives it to the score API. */
const REQUIRED_EVIDENCE = {
  "member-meeting-minutes": { uploaded: 4, accepted: 4 },
  "themed-party-day-records": { uploaded: 1 },
};

/** The branch uploads the required evidence for a year, as its fill page does, before it submits. */
async function uploadRequiredEvidence(year: number) {
  for (const material of Object.keys(REQUIRED_EVIDENCE)) {
    const response = await fetch(`${server.url}/api/v1/drafts/${year}/materials/${material}`, {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.branch}`, "x-file-name": encodeURIComponent(`${material}.pdf`) },
      body: new TextEncoder().encode(`%PDF-1.4\n% ${material} ${year}\n%%EOF\n`),
    });
    expect(response.status).toBe(201);
  }
}

function api(pathname: string, user: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${tokens[user]}`);
  if (init.body) headers.set("content-type", "application/json");
  return fetch(server.url + pathname, { ...init, headers });
}
const count = (table: string) => {
  const sqlite = new Database(dbFile, { readonly: true });
  const n = (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  sqlite.close();
  return n;
};

beforeAll(async () => {
  server = await startServer(dbFile);
  for (const user of ["branch", "reviewer", "hohhot-reviewer", "admin"]) tokens[user] = apiToken(dbFile, user);
  const sqlite = new Database(dbFile, { readonly: true });
  for (const name of ["新城区红旗村党支部", "新城区新胜村党支部"])
    branchIds[name] = (sqlite.prepare("SELECT id FROM branches WHERE name = ?").get(name) as { id: number }).id;
  sqlite.close();
});

afterAll(async () => {
  await server?.stop();
});

describe("the forms and score API", () => {
  it("serves the form a 新城区 village fills: 呼和浩特's, the nearest published standard, with its local field", async () => {
    const response = await api("/api/v1/forms/150102/village?year=2025", "branch");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.ruleset).toMatchObject({ id: "150100/village", revision: 1 });
    expect(Object.keys(body.schema.properties)).toEqual([
      "basic",
      "political",
      "team",
      "life",
      "role",
      "masses",
      "standard",
      "negative",
      "review",
      "local",
    ]);
    expect(body.uiSchema.review["ui:options"].filledBy).toBe("reviewer");
    expect((await api("/api/v1/forms/150102/village?year=2019", "branch")).status).toBe(404);
  });

  it("scores without storing anything", async () => {
    const before = count("evaluations");
    const response = await api("/api/v1/score", "reviewer", {
      method: "POST",
      body: JSON.stringify({
        ruleset: "150000/village@1",
        data: { ...fullMarks(), ...siping },
        context: { branch: { ageYears: 3 } },
        materials: REQUIRED_EVIDENCE,
      }),
    });
    expect(response.status).toBe(200);
    const result = await response.json();
    // Without the evidence, the same answers miss 最强: each required entry is listed like an unmet requirement.
    const withoutEvidence = await (
      await api("/api/v1/score", "reviewer", {
        method: "POST",
        body: JSON.stringify({
          ruleset: "150000/village@1",
          data: { ...fullMarks(), ...siping },
          context: { branch: { ageYears: 3 } },
        }),
      })
    ).json();
    expect(withoutEvidence.grade.id).toBe("advanced");
    expect(withoutEvidence.unmet.map((u: { message: string }) => u.message)).toEqual([
      "缺少佐证材料：党员大会会议记录",
      "缺少佐证材料：主题党日活动记录",
    ]);
    expect(result).toMatchObject({
      ruleset: { id: "150000/village", revision: 1 },
      grade: { id: "strongest" },
      score: 100,
      vetoes: [],
      unmet: [],
    });
    expect(count("evaluations")).toBe(before);
    expect(
      (
        await api("/api/v1/score", "reviewer", {
          method: "POST",
          body: JSON.stringify({ ruleset: "150000/nothing", data: {} }),
        })
      ).status,
    ).toBe(404);
    expect(
      (await api("/api/v1/score", "reviewer", { method: "POST", body: JSON.stringify({ data: {} }) })).status,
    ).toBe(422);
  });

  it("refuses a token at once when another process revokes it, though the server keeps what it looked up", async () => {
    const token = apiToken(dbFile, "reviewer");
    const body = JSON.stringify({ ruleset: "150000/village", data: {} });
    const score = () =>
      fetch(`${server.url}/api/v1/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body,
      });
    expect((await score()).status).toBe(200);
    expect((await score()).status).toBe(200);
    const sqlite = new Database(dbFile);
    sqlite
      .prepare("UPDATE api_tokens SET revoked_at = ? WHERE token_hash = ?")
      .run(Date.now(), createHash("sha256").update(token).digest("hex"));
    sqlite.close();
    expect((await score()).status).toBe(401);
  });

  it("answers a script's token on Node's fast path exactly as the Remix route answers a browser's session", async () => {
    const body = JSON.stringify({
      ruleset: "150100/village",
      data: { ...fullMarks(), ...siping },
      context: { branch: { ageYears: 0.5 } },
      materials: REQUIRED_EVIDENCE,
    });
    const viaToken = await api("/api/v1/score", "reviewer", { method: "POST", body });
    const cookie = await signIn(server.url, "reviewer");
    const viaSession = await fetch(`${server.url}/api/v1/score`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body,
    });
    // A body streamed without a declared length takes the Remix route too, with the same token.
    const chunked = await api("/api/v1/score", "reviewer", {
      method: "POST",
      body: new Blob([body]).stream(),
      duplex: "half",
    } as RequestInit);
    expect([viaToken.status, viaSession.status, chunked.status]).toEqual([200, 200, 200]);
    expect(viaToken.headers.get("content-type")).toBe(viaSession.headers.get("content-type"));
    const [a, b, c] = [await viaToken.text(), await viaSession.text(), await chunked.text()];
    expect(a).toBe(b);
    expect(c).toBe(a);
    // Only the fast path knows the length before sending: that is how the two paths can be told apart here.
    expect(viaToken.headers.get("content-length")).toBe(String(Buffer.byteLength(a)));
    expect(viaSession.headers.get("content-length")).toBeNull();
    expect(JSON.parse(a)).toMatchObject({ ruleset: { id: "150100/village" }, unmet: [{ rule: "eligibility-age" }] });

    // Refusals are the same on both paths: status and Chinese message.
    const branchCookie = await signIn(server.url, "branch");
    const refusals = async (init: { body: string }) => {
      const fast = await fetch(`${server.url}/api/v1/score`, {
        method: "POST",
        headers: { authorization: `Bearer ${tokens.branch}`, "content-type": "application/json" },
        body: init.body,
      });
      const remix = await fetch(`${server.url}/api/v1/score`, {
        method: "POST",
        headers: { cookie: branchCookie, "content-type": "application/json" },
        body: init.body,
      });
      return [fast.status, (await fast.json()).error, remix.status, (await remix.json()).error];
    };
    const [status400, message400, remix400, remixMessage400] = await refusals({ body: "{not json" });
    expect([status400, remix400]).toEqual([400, 400]);
    expect(message400).toBe(remixMessage400);
    expect(message400).toMatch(/^请求体不是合法的 JSON/);
    const outside = await refusals({ body: JSON.stringify({ ruleset: "450000/village", data: {} }) });
    expect(outside).toEqual([403, outside[1], 403, outside[1]]);
    expect(outside[1]).toContain("规则集 450000/village");
    const missing = await refusals({ body: JSON.stringify({ ruleset: "150000/village", data: [] }) });
    expect(missing).toEqual([422, "data 不正确", 422, "data 不正确"]);
    const badToken = await fetch(`${server.url}/api/v1/score`, {
      method: "POST",
      headers: { authorization: "Bearer bm_not-a-token" },
      body,
    });
    expect(badToken.status).toBe(401);
    expect((await badToken.json()).error).toMatch(/^未登录或令牌无效/);
    // Over the limit the fast path declines and the Remix route refuses it, naming the limit.
    const oversized = await api("/api/v1/score", "reviewer", {
      method: "POST",
      body: JSON.stringify({ ruleset: "150000/village", data: { pad: "x".repeat(3 * 1024 * 1024) } }),
    });
    expect(oversized.status).toBe(413);
    expect((await oversized.json()).error).toContain("不能超过 2 MB");
  });
});

describe("申报", () => {
  let submissionId: number;
  beforeAll(() => uploadRequiredEvidence(2025));

  it("validates, scores with the published revision, stores one revision per idempotency key", async () => {
    const request = () =>
      api("/api/v1/submissions", "branch", {
        method: "POST",
        headers: { "idempotency-key": "test-key-0001" },
        body: JSON.stringify({ year: 2025, data: fullMarks() }),
      });
    const first = await request();
    expect(first.status).toBe(201);
    const body = await first.json();
    submissionId = body.id;
    expect(body.revision).toBe(1);
    // Without the 四评 the requirements on them are unmet: 先进 for now.
    expect(body.result).toMatchObject({
      ruleset: { id: "150100/village", revision: 1 },
      grade: { id: "advanced" },
      score: 100,
    });
    expect(body.result.unmet.map((u: { rule: string }) => u.rule)).toEqual([
      "req-organization-rating",
      "req-member-excellent-ratio",
    ]);
    const replay = await request();
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual(body);
    const sqlite = new Database(dbFile, { readonly: true });
    expect(
      sqlite.prepare("SELECT count(*) AS n FROM submission_revisions WHERE submission_id = ?").get(submissionId),
    ).toEqual({ n: 1 });
    sqlite.close();
  });

  it("stores the revision and hash it was scored with, and re-scoring gives the same Result", async () => {
    const stored = await (await api(`/api/v1/submissions/${submissionId}`, "branch")).json();
    const [evaluation] = stored.evaluations;
    expect(evaluation.result.ruleset).toEqual({
      id: "150100/village",
      revision: 1,
      hash: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    const { rescore } = await import("~/server/submissions/submit.server");
    expect(await rescore(evaluation.id)).toEqual(evaluation.result);
  });

  it("refuses fields outside the form and values out of range with Chinese messages per field, storing nothing", async () => {
    const before = count("submission_revisions");
    const data = fullMarks();
    data.life.memberMeetings = -1;
    data.basic.memberCount = "二十";
    data.extra = { x: 1 };
    data.review = siping.review;
    const response = await api("/api/v1/submissions", "branch", {
      method: "POST",
      body: JSON.stringify({ year: 2025, data }),
    });
    expect(response.status).toBe(422);
    const body = await response.json();
    expect(body.error).toContain("未申报");
    const byPath = Object.fromEntries(body.errors.map((e: { path: string; message: string }) => [e.path, e.message]));
    expect(byPath["$.extra"]).toBe("表单中没有这个字段");
    expect(byPath["$.review"]).toContain("由评定人填写");
    expect(byPath["$.life.memberMeetings"]).toBe("组织生活强 / 本年度党员大会次数：不能小于 0");
    expect(byPath["$.basic.memberCount"]).toBe("基本信息 / 党员人数：应为整数");
    expect(count("submission_revisions")).toBe(before);
  });

  it("refuses answers that contradict each other at their fields: 预备党员 more than 党员, a founding date after today", async () => {
    const before = count("submission_revisions");
    const data = fullMarks();
    data.basic.probationaryCount = data.basic.memberCount + 1;
    data.basic.establishedOn = "2999-01-01";
    const response = await api("/api/v1/submissions", "branch", {
      method: "POST",
      body: JSON.stringify({ year: 2025, data }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toEqual([
      {
        path: "$.basic.probationaryCount",
        message: "其中预备党员人数不能多于党员人数",
        check: "check-probationary-within-members",
      },
      { path: "$.basic.establishedOn", message: "成立日期不能晚于今天", check: "check-established-not-future" },
    ]);
    expect(count("submission_revisions")).toBe(before);
  });

  it("refuses a 四评 with more “优秀” votes than members taking part", async () => {
    const review = { ...siping.review, memberParticipants: 10, memberExcellentVotes: 11 };
    const response = await api(`/api/v1/submissions/${submissionId}/reviews`, "reviewer", {
      method: "POST",
      body: JSON.stringify({ siping: { ...siping, review }, decision: "escalate" }),
    });
    expect(response.status).toBe(422);
    expect((await response.json()).errors).toEqual([
      expect.objectContaining({ path: "$.review.memberExcellentVotes", message: "党员评议“优秀”票数不能多于参评人数" }),
    ]);
  });

  it("refuses another branch's submission (403) and a year with no published standard (409)", async () => {
    const other = await api("/api/v1/submissions", "branch", {
      method: "POST",
      body: JSON.stringify({ branchId: branchIds["新城区新胜村党支部"], year: 2025, data: fullMarks() }),
    });
    expect(other.status).toBe(403);
    const early = await api("/api/v1/submissions", "branch", {
      method: "POST",
      body: JSON.stringify({ year: 2019, data: fullMarks() }),
    });
    expect(early.status).toBe(409);
    expect((await early.json()).error).toContain("2019 年度没有适用于新城区该领域的已发布评价标准");
  });

  it("lets a reviewer rate with the 四评, escalate, and the highest level's grade counts; a later veto withdraws it", async () => {
    const { reviewSubmission } = await import("~/server/submissions/review.server");
    const { revokeSubmission } = await import("~/server/submissions/revoke.server");
    const { countedGrade } = await import("~/server/submissions/repository.server");
    const { submit } = await import("~/server/submissions/submit.server");
    const { getDb, schema } = await import("~/server/platform/db.server");
    const users = getDb().select().from(schema.users).all();
    const actor = (username: string) => {
      const u = users.find((x) => x.username === username)!;
      return {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionCode: u.regionCode,
        regionName: "",
        branchId: u.branchId,
        mustChangePassword: false,
      };
    };
    const reviewer = actor("reviewer");

    await expect(
      reviewSubmission(actor("hohhot-admin"), submissionId, { siping, decision: "rate", gradeId: "strongest" }),
    ).rejects.toMatchObject({ status: 403 });
    const notAllowed = await reviewSubmission(reviewer, submissionId, {
      siping: { review: { ...siping.review, organizationRating: "良好" } },
      decision: "rate",
      gradeId: "strongest",
    }).catch((e: unknown) => e);
    expect(notAllowed).toMatchObject({ name: "DomainError", status: 422 });
    expect((notAllowed as Error).message).toContain("不能评为“最强党支部”");
    const lowerWithoutReason = await reviewSubmission(reviewer, submissionId, {
      siping,
      decision: "rate",
      gradeId: "advanced",
    }).catch((e: unknown) => e);
    expect(lowerWithoutReason).toMatchObject({ name: "DomainError", status: 422 });

    const rated = await reviewSubmission(reviewer, submissionId, { siping, decision: "rate", gradeId: "strongest" });
    expect(rated.result.grade.id).toBe("strongest");
    expect(countedGrade(submissionId)).toMatchObject({ gradeId: "strongest", regionCode: "150102" });
    await reviewSubmission(reviewer, submissionId, { siping, decision: "escalate" });
    await reviewSubmission(actor("hohhot-reviewer"), submissionId, {
      siping,
      decision: "rate",
      gradeId: "advanced",
      reason: "市级名额有限，好中选优",
    });
    expect(countedGrade(submissionId)).toMatchObject({ gradeId: "advanced", regionCode: "150100", level: 2 });

    // A correction after rating is refused; the rating stands.
    await expect(
      submit(actor("branch"), { branchId: branchIds["新城区红旗村党支部"], year: 2025, data: fullMarks() }),
    ).rejects.toMatchObject({ status: 409 });

    const revoked = await revokeSubmission(actor("hohhot-reviewer"), submissionId, {
      field: "accountability",
      note: "2026年3月被给予问责处理",
    });
    expect(revoked.result.vetoes.map((v) => v.rule)).toEqual(["veto-accountability"]);
    expect(countedGrade(submissionId)).toBeNull();
    const stored = await (await api(`/api/v1/submissions/${submissionId}`, "branch")).json();
    expect(stored.status).toBe("revoked");
    expect(stored.revisions.map((r: { revision: number }) => r.revision)).toEqual([1, 2]);
    expect(stored.revisions[0].data.negative.accountability).toBe(false);
    const sqlite = new Database(dbFile, { readonly: true });
    const audit = sqlite
      .prepare("SELECT action FROM audit_log WHERE entity_type = 'submission' AND entity_id = ? ORDER BY id")
      .all(String(submissionId));
    sqlite.close();
    expect(audit.map((a) => (a as { action: string }).action)).toEqual([
      "submission.submit",
      "submission.rate",
      "submission.escalate",
      "submission.rate",
      "submission.revoke",
    ]);
  });

  it("takes the branch's age and last year's counted grade from the database: 后进 last year cannot go straight to 最强", async () => {
    const { reviewSubmission } = await import("~/server/submissions/review.server");
    const { submit } = await import("~/server/submissions/submit.server");
    const { getDb, schema } = await import("~/server/platform/db.server");
    const users = getDb().select().from(schema.users).all();
    const actorOf = (username: string) => {
      const u = users.find((x) => x.username === username)!;
      return {
        id: u.id,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        regionCode: u.regionCode,
        regionName: "",
        branchId: u.branchId,
        mustChangePassword: false,
      };
    };
    const branchId = branchIds["新城区新胜村党支部"];
    const branchActor = { ...actorOf("branch"), branchId };
    const lastYear = await submit(branchActor, {
      branchId,
      year: 2024,
      data: { basic: { branchName: "新城区新胜村党支部", establishedOn: "2014-03-15", memberCount: 22 } },
    });
    expect(lastYear.result.grade.id).toBe("backward");
    await reviewSubmission(actorOf("reviewer"), lastYear.submissionId, {
      siping,
      decision: "rate",
      gradeId: "backward",
    });

    const thisYear = await submit(branchActor, { branchId, year: 2025, data: fullMarks() });
    const stored = await (await api(`/api/v1/submissions/${thisYear.submissionId}`, "reviewer")).json();
    expect(stored.evaluations[0].context).toMatchObject({
      year: 2025,
      branch: { ageYears: 11.8, establishedOn: "2014-03-15" },
      history: { lastGrade: "backward", weakLastYear: true },
    });
    expect(thisYear.result.unmet.map((u) => u.rule)).toContain("eligibility-not-weak");
  });
});

describe("退回修改", () => {
  it("returns a waiting submission with a reason and marked answers; the branch resubmits and it can be rated", async () => {
    await uploadRequiredEvidence(2024);
    const created = await api("/api/v1/submissions", "branch", {
      method: "POST",
      body: JSON.stringify({ year: 2024, data: fullMarks() }),
    });
    const createdBody = await created.json();
    expect(created.status, JSON.stringify(createdBody)).toBe(201);
    const { id } = createdBody;
    const giveBack = (user: string, body: unknown) =>
      api(`/api/v1/submissions/${id}/returns`, user, { method: "POST", body: JSON.stringify(body) });

    expect((await giveBack("branch", { reason: "x" })).status).toBe(403);
    const empty = await giveBack("reviewer", { reason: "  " });
    expect(empty.status).toBe(422);
    expect((await empty.json()).errors).toEqual([{ path: "$.reason", message: "请说明需要支部修改什么" }]);
    const unknown = await giveBack("reviewer", { reason: "补充佐证", fields: ["$.nothing.here"] });
    expect((await unknown.json()).errors).toEqual([
      { path: "$.fields[0]", message: "$.nothing.here 不是支部填写的项目" },
    ]);

    const returned = await giveBack("reviewer", {
      reason: "集中学习次数与会议记录不符，请核实",
      fields: ["$.political.studySessions"],
    });
    expect(returned.status).toBe(201);
    expect((await giveBack("reviewer", { reason: "again" })).status).toBe(409);
    const rate = await api(`/api/v1/submissions/${id}/reviews`, "reviewer", {
      method: "POST",
      body: JSON.stringify({ siping, decision: "rate", gradeId: "strongest" }),
    });
    expect(rate.status).toBe(409);
    const stored = await (await api(`/api/v1/submissions/${id}`, "branch")).json();
    expect(stored.status).toBe("returned");
    const stats = await (await api("/api/v1/stats?region=150102&domain=village&year=2024", "admin")).json();
    expect(stats.status.returned).toBe(1);
    expect(stored.reviews.at(-1)).toMatchObject({ decision: "return", fields: ["$.political.studySessions"] });

    // The fill page's data carries the reason and the marked answer by its title.
    const { fillPage } = await import("~/server/submissions/fill.server");
    const page = fillPage(stored.branchId, 2024);
    expect(page.submission).toMatchObject({
      status: "returned",
      returned: {
        reason: "集中学习次数与会议记录不符，请核实",
        by: "新城区",
        fields: [{ path: "$.political.studySessions", title: "政治功能强 / 本年度集中学习次数" }],
      },
    });

    const data = fullMarks();
    data.political.studySessions = 13;
    const again = await api("/api/v1/submissions", "branch", {
      method: "POST",
      body: JSON.stringify({ year: 2024, data }),
    });
    expect(again.status).toBe(201);
    expect(await again.json()).toMatchObject({ id, revision: 2 });
    const rated = await api(`/api/v1/submissions/${id}/reviews`, "reviewer", {
      method: "POST",
      body: JSON.stringify({ siping, decision: "rate", gradeId: "strongest" }),
    });
    expect(rated.status).toBe(201);
    const sqlite = new Database(dbFile, { readonly: true });
    expect(sqlite.prepare("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY id").all(String(id))).toEqual([
      { action: "submission.submit" },
      { action: "submission.return" },
      { action: "submission.correct" },
      { action: "submission.rate" },
    ]);
    sqlite.close();
  });
});

describe("the fill page's header", () => {
  it("names the standard revision a submission was scored with once a newer one is published", async () => {
    const cookie = await signIn(server.url, "branch");
    const header = async () => {
      const html = await (await fetch(`${server.url}/fill/2025`, { headers: { cookie } })).text();
      // React 18 left a NUL byte inside this very title at a 2 KB buffer boundary (entry.server.tsx).
      expect(html).not.toContain("\u0000");
      return /data-testid="standard-revision"[^>]*>([^<]*)</.exec(html)?.[1];
    };
    const before = await header();
    expect(before).toMatch(/^评价标准：呼和浩特市嘎查村党支部“最强党支部”评定标准（第 (\d+) 版）$/);
    const scored = Number(/第 (\d+) 版/.exec(before!)![1]);
    const saved = await api("/api/v1/rulesets/150100/village", "admin", {
      method: "PUT",
      body: JSON.stringify(hohhot),
    });
    expect(saved.status).toBe(200);
    const published = await api("/api/v1/rulesets/150100/village/publish", "admin", {
      method: "POST",
      body: JSON.stringify({ note: "按本年度文件重新发布" }),
    });
    expect(published.status).toBe(201);
    expect(await header()).toBe(
      `已申报的内容按 呼和浩特市嘎查村党支部“最强党支部”评定标准（第 ${scored} 版）评分；再次申报将按现行 呼和浩特市嘎查村党支部“最强党支部”评定标准（第 ${scored + 1} 版）评分`,
    );
    const sqlite = new Database(dbFile, { readonly: true });
    expect(
      sqlite
        .prepare("SELECT note FROM audit_log WHERE action = 'ruleset.publish' AND entity_id = ?")
        .get(`150100/village@${scored + 1}`),
    ).toEqual({ note: "按本年度文件重新发布" });
    sqlite.close();
  });
});
