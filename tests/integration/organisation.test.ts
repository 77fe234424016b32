import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiAs, queryFile, waitForJob } from "../helpers/api";
import { apiToken, signIn, startServer, tempDir, type RunningServer } from "../helpers/server";
import { ORG_HEADERS, writeXlsx, type SheetData } from "../helpers/xlsx-writer";

// The organisation tree (issue "Onboarding", items 1, 3 and the bad-input list), over the API the /admin page uses.
let server: RunningServer;
let dbFile: string;
const tokens: Record<string, string> = {};
const api = apiAs(() => server.url, tokens);
const query = queryFile(() => dbFile);
const branchOf = (name: string) => query<{ id: number }>("SELECT id FROM branches WHERE name = ?", name)[0].id;
const post = (url: string, user: string, json: unknown) => api(url, user, { method: "POST", json });
const errorsOf = async (response: Response) => ((await response.json()) as { errors: unknown[] }).errors;

beforeAll(async () => {
  dbFile = path.join(tempDir(), "organisation.db");
  server = await startServer(dbFile);
  for (const user of ["admin", "hohhot-admin", "guangxi-admin", "reviewer", "branch"])
    tokens[user] = apiToken(dbFile, user);
});

afterAll(async () => {
  await server?.stop();
});

describe("regions", () => {
  it("adds an administrative region whose code fits its parent's, and a 党(工)委 with a generated code", async () => {
    const county = await post("/api/v1/regions", "hohhot-admin", {
      parent: "150100",
      name: "回民区",
      kind: "admin",
      code: "150103",
    });
    expect(county.status).toBe(201);
    expect(await county.json()).toMatchObject({ code: "150103", path: "150000/150100/150103", level: 3 });
    const committee = await post("/api/v1/regions", "hohhot-admin", {
      parent: "150100",
      name: "市直机关工委",
      kind: "committee",
    });
    expect(committee.status).toBe(201);
    expect((await committee.json()).code).toMatch(/^W\d{6}$/);
    const children = await (await api("/api/v1/regions?parent=150100", "hohhot-admin")).json();
    expect(children.regions.map((r: { name: string }) => r.name)).toEqual(["新城区", "回民区", "市直机关工委"]);
    expect(children.regions[0]).toMatchObject({ code: "150102", kind: "admin", retired: false });
    expect(children.regions[0].branches).toBeGreaterThan(10);
  });

  it("refuses codes outside the parent's prefix, a taken code, a duplicate name and an empty one, naming the field", async () => {
    const add = (json: unknown) => post("/api/v1/regions", "hohhot-admin", json);
    const wrongPrefix = await add({ parent: "150100", name: "某区", kind: "admin", code: "150201" });
    expect(wrongPrefix.status).toBe(422);
    expect(await errorsOf(wrongPrefix)).toEqual([{ path: "$.code", message: expect.stringContaining("以 1501 开头") }]);
    expect(
      await errorsOf(await add({ parent: "150100", name: "再一个新城区", kind: "admin", code: "150102" })),
    ).toEqual([{ path: "$.code", message: "代码 150102 已被 新城区 使用" }]);
    expect(await errorsOf(await add({ parent: "150100", name: "新城区", kind: "committee" }))).toEqual([
      { path: "$.name", message: "呼和浩特市下已有名为“新城区”的区域" },
    ]);
    expect(await errorsOf(await add({ parent: "150100", name: "  ", kind: "committee" }))).toEqual([
      { path: "$.name", message: "区域名称不能为空" },
    ]);
    const township = await add({ parent: "150102", name: "某街道", kind: "admin", code: "15010200" });
    expect((await errorsOf(township))[0]).toMatchObject({ path: "$.code", message: expect.stringContaining("9 位") });
  });

  it("keeps admins inside their subtree: no region above, beside or of their own", async () => {
    expect(
      (await post("/api/v1/regions", "hohhot-admin", { parent: "150200", name: "x", kind: "committee" })).status,
    ).toBe(403);
    expect(
      (await post("/api/v1/regions", "guangxi-admin", { parent: "150100", name: "x", kind: "committee" })).status,
    ).toBe(403);
    expect((await post("/api/v1/regions", "reviewer", { parent: "150102", name: "x", kind: "committee" })).status).toBe(
      403,
    );
    expect((await post("/api/v1/regions/150100", "hohhot-admin", { name: "改名" })).status).toBe(403);
    expect((await api("/api/v1/regions?parent=150200", "hohhot-admin")).status).toBe(403);
  });

  it("renames and moves a region with its subtree, never under itself, and keeps the move in its history", async () => {
    const [committee] = query<{ code: string }>("SELECT code FROM regions WHERE name = '市直机关工委'");
    const below = await (
      await post("/api/v1/regions", "hohhot-admin", { parent: committee.code, name: "第一党工委", kind: "committee" })
    ).json();
    const intoItself = await post(`/api/v1/regions/${committee.code}`, "hohhot-admin", { parent: below.code });
    expect(await errorsOf(intoItself)).toEqual([
      { path: "$.parent", message: "不能把市直机关工委移到它自己或它的下级区域之下" },
    ]);
    const moved = await post(`/api/v1/regions/${committee.code}`, "hohhot-admin", {
      parent: "150102",
      name: "新城区机关工委",
    });
    expect(moved.status).toBe(200);
    expect(query("SELECT path, level FROM regions WHERE code = ?", below.code)).toEqual([
      { path: `150000/150100/150102/${committee.code}/${below.code}`, level: 5 },
    ]);
    const adminCode = await post("/api/v1/regions/150103", "hohhot-admin", { parent: "150102" });
    expect((await errorsOf(adminCode))[0]).toMatchObject({
      path: "$.parent",
      message: expect.stringContaining("行政区划调整会启用新代码"),
    });
    const history = await (await api(`/api/v1/regions/${committee.code}`, "hohhot-admin")).json();
    expect(history.history.map((h: { action: string }) => h.action)).toEqual(["region.move", "region.create"]);
    expect(history.history[0]).toMatchObject({ by: "呼和浩特市委组织部管理员", after: { name: "新城区机关工委" } });
  });

  it("retires only an empty region", async () => {
    const busy = await post("/api/v1/regions/150102/retire", "hohhot-admin", { reason: "撤并" });
    expect(busy.status).toBe(409);
    expect((await busy.json()).error).toMatch(/^新城区下还有.*个党支部.*请先迁移或撤销它们/);
    const retired = await post("/api/v1/regions/150103/retire", "hohhot-admin", { reason: "测试用区域" });
    expect(retired.status).toBe(200);
    const underRetired = await post("/api/v1/regions", "hohhot-admin", {
      parent: "150103",
      name: "x",
      kind: "committee",
    });
    expect(await errorsOf(underRetired)).toEqual([
      { path: "$.parent", message: "回民区已撤销，不能再在其下设区域或支部" },
    ]);
  });
});

describe("branches", () => {
  const fields = {
    name: "新城区光明村党支部",
    region: "150102",
    domain: "village",
    establishedOn: "2016-03-01",
    memberCount: 18,
    secretaryName: "王明",
    secretaryPhone: "13900001111",
  };

  it("creates a branch and refuses bad fields, each at its path", async () => {
    const created = await post("/api/v1/branches", "hohhot-admin", fields);
    expect(created.status).toBe(201);
    const { region: _region, ...stored } = fields;
    expect(await created.json()).toMatchObject({ ...stored, regionCode: "150102", dissolvedAt: null });
    const bad = await post("/api/v1/branches", "hohhot-admin", {
      ...fields,
      name: "新城区光明村党支部",
      establishedOn: "2016-02-30",
      memberCount: 2,
      secretaryPhone: "12345",
      domain: "farm",
    });
    expect(bad.status).toBe(422);
    expect((await errorsOf(bad)).map((e) => (e as { path: string }).path).sort()).toEqual(
      ["$.domain", "$.establishedOn", "$.memberCount", "$.name", "$.secretaryPhone"].sort(),
    );
    expect((await post("/api/v1/branches", "hohhot-admin", { ...fields, region: "150200" })).status).toBe(403);
  });

  it("pages, searches and filters the branches of a region on the server", async () => {
    const page = await (await api("/api/v1/branches?region=150100&page=2", "hohhot-admin")).json();
    expect(page.total).toBeGreaterThan(20);
    expect(page.branches).toHaveLength(Math.min(20, page.total - 20));
    const villages = await (await api("/api/v1/branches?region=150100&page=1&domain=village", "hohhot-admin")).json();
    expect(villages.total).toBeGreaterThan(5);
    expect(villages.branches.every((b: { domain: string }) => b.domain === "village")).toBe(true);
    const found = await (
      await api(`/api/v1/branches?region=150100&page=1&q=${encodeURI("光明")}`, "hohhot-admin")
    ).json();
    expect(found).toMatchObject({ total: 1, branches: [{ name: "新城区光明村党支部", secretaryName: "王明" }] });
  });

  it("moves a branch with its accounts and leaves its past submissions with the region that rated them", async () => {
    const [committee] = query<{ code: string }>("SELECT code FROM regions WHERE name = '新城区机关工委'");
    const rated = branchOf("新城区和平社区党支部");
    const before = query<{ id: number; region_code: string }>(
      "SELECT id, region_code FROM submissions WHERE branch_id = ?",
      rated,
    );
    expect(before.length).toBeGreaterThan(0);
    const moved = await post(`/api/v1/branches/${rated}`, "hohhot-admin", { region: committee.code, memberCount: 31 });
    expect(moved.status).toBe(200);
    expect(query("SELECT id, region_code FROM submissions WHERE branch_id = ?", rated)).toEqual(before);
    // The 新城区 reviewer still opens the years the branch submitted there.
    expect((await api(`/api/v1/submissions/${before[0].id}`, "reviewer")).status).toBe(200);
    const history = await (await api(`/api/v1/branches/${rated}`, "hohhot-admin")).json();
    expect(history.history[0]).toMatchObject({
      action: "branch.move",
      before: { region: "150102", memberCount: expect.any(Number) },
      after: { region: committee.code, memberCount: 31 },
    });

    const withAccount = branchOf("新城区红旗村党支部");
    expect((await post(`/api/v1/branches/${withAccount}`, "hohhot-admin", { region: committee.code })).status).toBe(
      200,
    );
    expect(query("SELECT region_code FROM users WHERE username = 'branch'")).toEqual([{ region_code: committee.code }]);
  });

  it("dissolves a branch: its accounts stop working at once, it takes no new work, its history stays", async () => {
    const id = branchOf("新城区红旗村党支部");
    expect((await api("/api/v1/drafts/2026", "branch")).status).not.toBe(401);
    const dissolved = await post(`/api/v1/branches/${id}/dissolve`, "hohhot-admin", { reason: "村党组织撤并" });
    expect(dissolved.status).toBe(200);
    expect((await api("/api/v1/drafts/2026", "branch")).status).toBe(401);
    expect(query("SELECT dissolved_at IS NOT NULL AS gone FROM branches WHERE id = ?", id)).toEqual([{ gone: 1 }]);
    expect(query("SELECT disabled_at IS NOT NULL AS off FROM users WHERE username = 'branch'")).toEqual([{ off: 1 }]);
    expect((await post(`/api/v1/branches/${id}`, "hohhot-admin", { memberCount: 5 })).status).toBe(409);
    const listed = await (await api("/api/v1/branches?region=150100&page=1&state=dissolved", "hohhot-admin")).json();
    expect(listed.branches.map((b: { name: string }) => b.name)).toContain("新城区红旗村党支部");
  });

  it("merges one branch into another and refuses merging into itself or outside the scope", async () => {
    const from = branchOf("新城区光明村党支部");
    const into = branchOf("新城区新胜村党支部");
    expect(await errorsOf(await post(`/api/v1/branches/${from}/merge`, "hohhot-admin", { into: from }))).toEqual([
      { path: "$.into", message: "请选择另一个支部" },
    ]);
    expect(
      (await post(`/api/v1/branches/${from}/merge`, "hohhot-admin", { into: branchOf("包头市红旗村党支部") })).status,
    ).toBe(403);
    expect((await post(`/api/v1/branches/${from}/merge`, "hohhot-admin", { into })).status).toBe(200);
    expect(query("SELECT merged_into_id FROM branches WHERE id = ?", from)).toEqual([{ merged_into_id: into }]);
    expect(
      (await post(`/api/v1/branches/${branchOf("包头市红旗村党支部")}/dissolve`, "hohhot-admin", { reason: "x" }))
        .status,
    ).toBe(403);
  });
});

describe("the organisation workbook", () => {
  const sheets = (regions: SheetData["rows"], branches: SheetData["rows"], accounts: SheetData["rows"]) =>
    writeXlsx([
      { name: "说明", rows: [["自己写的说明"]] },
      { name: "区域", rows: [ORG_HEADERS.regions, ...regions] },
      { name: "党支部", rows: [ORG_HEADERS.branches, ...branches] },
      { name: "账号", rows: [ORG_HEADERS.accounts, ...accounts] },
    ]);
  const upload = async (file: Buffer | Promise<Buffer>, mode: string, user = "hohhot-admin") => {
    const response = await api(`/api/v1/organisation/imports?mode=${mode}&name=org.xlsx`, user, {
      method: "POST",
      body: new Uint8Array(await file),
    });
    expect(response.status).toBe(202);
    return waitForJob(api, user, (await response.json()).job);
  };
  const good = sheets(
    [
      ["150104", "玉泉区", "行政区域", "150100"],
      ["150104001", "小召前街街道", "行政区域", "玉泉区"],
      ["", "玉泉区机关工委", "党(工)委", "150104"],
    ],
    [
      ["", "小召前街社区党支部", "小召前街街道", "社区", "2012-05-04", 26, "李华", "0471-6960001"],
      ["", "玉泉区政府办党支部", "玉泉区机关工委", "党和国家机关", "2001-07-01", 15, "", ""],
    ],
    [
      ["xzq-secretary", "李华", "党支部", "150104001", "小召前街社区党支部"],
      ["yuquan-reviewer", "玉泉区评定人", "评定人", "玉泉区", ""],
    ],
  );

  it("downloads the template: instructions, three sheets with their headers and dropdowns", async () => {
    const response = await api("/api/v1/organisation/template", "hohhot-admin");
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["填写说明", "区域", "党支部", "账号"]);
    expect(workbook.getWorksheet("党支部")!.getRow(1).values).toEqual([undefined, ...ORG_HEADERS.branches]);
    const validation = (
      workbook.getWorksheet("账号") as unknown as { dataValidations: { model: Record<string, { formulae: string[] }> } }
    ).dataValidations.model;
    expect(Object.values(validation)[0].formulae).toEqual(['"管理员,评定人,党支部"']);
    expect((await api("/api/v1/organisation/template", "reviewer")).status).toBe(403);
  });

  it("previews an independently written workbook without writing anything", async () => {
    const before = query("SELECT count(*) AS n FROM regions");
    const job = await upload(good, "preview");
    expect(job.status).toBe("done");
    expect(job.result).toMatchObject({
      errorCount: 0,
      counts: {
        regions: { add: 3, change: 0, same: 0 },
        branches: { add: 2, change: 0, same: 0 },
        accounts: { add: 2, change: 0, same: 0 },
      },
      applied: null,
    });
    expect(job.result.changes[0].text).toBe("新增行政区域 玉泉区（上级：呼和浩特市，代码 150104）");
    expect(query("SELECT count(*) AS n FROM regions")).toEqual(before);
  });

  it("applies it in one go, hands the passwords out once as the 账号分发表, and the new account must change it", async () => {
    const job = await upload(good, "apply");
    expect(job.result).toMatchObject({
      applied: { regions: { added: 3 }, branches: { added: 2 }, accounts: { added: 2 } },
      issued: 2,
    });
    const [committee] = query<{ code: string; path: string }>(
      "SELECT code, path FROM regions WHERE name = '玉泉区机关工委'",
    );
    expect(committee.path).toBe(`150000/150100/150104/${committee.code}`);
    expect(query("SELECT region_code FROM branches WHERE name = '玉泉区政府办党支部'")).toEqual([
      { region_code: committee.code },
    ]);
    const sheet = await api(`/api/v1/jobs/${job.id}/xlsx`, "hohhot-admin");
    expect(sheet.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await sheet.arrayBuffer());
    const rows = workbook.getWorksheet("账号分发表")!.getSheetValues();
    expect(rows[2]).toEqual([
      undefined,
      "xzq-secretary",
      expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      "李华",
      "党支部",
      "小召前街街道",
      "小召前街社区党支部",
    ]);
    expect((await api(`/api/v1/jobs/${job.id}/xlsx`, "hohhot-admin")).status).toBe(410);
    expect(query("SELECT action FROM audit_log WHERE action = 'export.accounts'")).toHaveLength(1);
    const password = (rows[2] as string[])[2];
    expect(JSON.stringify(query("SELECT * FROM audit_log"))).not.toContain(password);
    const cookie = await signIn(server.url, "xzq-secretary", password);
    const home = await fetch(server.url + "/", { headers: { cookie }, redirect: "manual" });
    expect(home.headers.get("location")).toBe("/account?required=1");
  });

  it("changes nothing when the same file is imported again", async () => {
    const audit = query("SELECT count(*) AS n FROM audit_log");
    const job = await upload(good, "apply");
    expect(job.result).toMatchObject({
      counts: { regions: { same: 3 }, branches: { same: 2 }, accounts: { same: 2 } },
      applied: {
        regions: { added: 0, changed: 0 },
        branches: { added: 0, changed: 0 },
        accounts: { added: 0, changed: 0 },
      },
      issued: 0,
    });
    expect(query("SELECT count(*) AS n FROM audit_log")).toEqual(audit);
  });

  const bad = sheets(
    [
      ["150105", "赛罕区", "行政区域", "150100"],
      ["150105", "赛罕区", "行政区域", "150100"],
      ["150201", "昆都仑区", "行政区域", "150100"],
      ["150206", "白云区", "行政区域", "150200"],
      ["150107", "某区", "县", "150100"],
      ["150108", "某区二", "行政区域", "不存在的市"],
      ["150104", "玉泉区", "行政区域", "150104001"],
    ],
    [
      ["", "赛罕区一号党支部", "赛罕区", "社区", "2015-01-01", 10, "", ""],
      ["", "包头某党支部", "150200", "社区", "2015-01-01", 10, "", ""],
      ["", "x".repeat(70), "150102", "社区", "2015-01-01", 10, "", ""],
      ["", "", "150102", "社区", "明年", "很多", "", "123"],
      ["", "新城区团结社区党支部", "150102", "社区", "2015-01-01", 10, "", ""],
      ["", "新城区团结社区党支部", "150102", "社区", "2015-01-01", 10, "", ""],
    ],
    [
      ["admin", "重名", "评定人", "150102", ""],
      ["new-one", "新人", "书记", "150102", ""],
      ["新 用户", "新人", "评定人", "150102", ""],
      ["orphan", "无支部", "党支部", "150102", "没有的支部"],
      ["ok-reviewer", "新评定人", "评定人", "150102", ""],
    ],
  );

  it("reports every error by sheet, row and column in one pass, and writes nothing from a file with any", async () => {
    const regions = query("SELECT count(*) AS n FROM regions");
    const job = await upload(bad, "apply");
    const errors = job.result.errors as { sheet: string; row: number; column: string; message: string }[];
    const at = (sheet: string, row: number) => errors.filter((e) => e.sheet === sheet && e.row === row);
    expect(at("区域", 3)).toEqual([
      { sheet: "区域", row: 3, column: "区域代码", message: "代码 150105 与第 2 行重复" },
    ]);
    expect(at("区域", 4)[0]).toMatchObject({ column: "区域代码", message: expect.stringContaining("以 1501 开头") });
    expect(at("区域", 5)[0]).toMatchObject({
      column: "上级区域（代码或名称）",
      message: expect.stringContaining("不在您的管理范围内"),
    });
    expect(at("区域", 6)[0]).toMatchObject({ column: "类型", message: "类型“县”不存在：应为 行政区域 或 党(工)委" });
    expect(at("区域", 7)[0]).toMatchObject({ column: "上级区域（代码或名称）" });
    expect(at("区域", 8)[0]).toMatchObject({ message: "不能把玉泉区移到它自己或它的下级区域之下" });
    expect(at("党支部", 3)[0]).toMatchObject({
      column: "所属区域（代码或名称）",
      message: "区域“150200”不存在或不在您的管理范围内",
    });
    expect(at("党支部", 4)[0]).toMatchObject({ column: "支部名称", message: "支部名称最多 60 个字，现为 70 个字" });
    expect(
      at("党支部", 5)
        .map((e) => e.column)
        .sort(),
    ).toEqual(["书记电话", "党员人数", "成立日期", "支部名称"].sort());
    expect(at("党支部", 7)[0]).toMatchObject({ message: "与第 6 行重复：新城区下已有同名支部" });
    expect(at("账号", 2)[0]).toMatchObject({ column: "用户名", message: "用户名 admin 已被使用" });
    expect(at("账号", 3)[0]).toMatchObject({
      column: "角色",
      message: "角色“书记”不存在：应为 管理员、评定人 或 党支部",
    });
    expect(at("账号", 4)[0]).toMatchObject({ column: "用户名" });
    expect(at("账号", 5)[0]).toMatchObject({
      column: "所属支部（党支部账号填写）",
      message: "新城区下没有名为“没有的支部”的支部",
    });
    expect(at("账号", 6)).toEqual([]);
    expect(job.result.applied).toBeNull();
    expect(query("SELECT count(*) AS n FROM regions")).toEqual(regions);
    expect(query("SELECT count(*) AS n FROM users WHERE username = 'ok-reviewer'")).toEqual([{ n: 0 }]);
  });

  it("imports only the valid rows when the admin asks for that", async () => {
    const job = await upload(bad, "valid");
    expect(job.result.applied.accounts.added).toBe(1);
    expect(query("SELECT role FROM users WHERE username = 'ok-reviewer'")).toEqual([{ role: "reviewer" }]);
    expect(query("SELECT code FROM regions WHERE code IN ('150105', '150201')")).toEqual([{ code: "150105" }]);
    expect(query("SELECT count(*) AS n FROM branches WHERE name = '新城区团结社区党支部'")).toEqual([{ n: 1 }]);
  });

  it("refuses a workbook that is not the template, and a region outside the importer's subtree", async () => {
    const other = await writeXlsx([
      {
        name: "Sheet1",
        rows: [
          ["姓名", "年龄"],
          ["张三", 30],
        ],
      },
    ]);
    const job = await upload(other, "preview");
    expect(job).toMatchObject({ status: "failed", error: expect.stringContaining("不是组织机构导入模板") });
    const outside = await upload(sheets([["", "包头工委", "党(工)委", "150200"]], [], []), "preview");
    expect(outside.result.errors[0]).toMatchObject({
      sheet: "区域",
      row: 2,
      message: expect.stringContaining("不在您的管理范围内"),
    });
  });

  it("exports the admin's subtree in the same layout, and re-importing the export changes nothing", async () => {
    const response = await api("/api/v1/organisation/export", "hohhot-admin");
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(bytes).buffer);
    expect(
      workbook
        .getWorksheet("区域")!
        .getSheetValues()
        .slice(2)
        .map((r) => (r as string[])[1]),
    ).toContain("150104");
    expect(JSON.stringify(workbook.getWorksheet("账号")!.getSheetValues())).not.toContain("hohhot-admin");
    const job = await upload(bytes, "preview");
    expect(job.result.errorCount).toBe(0);
    for (const sheet of ["regions", "branches", "accounts"])
      expect(job.result.counts[sheet]).toMatchObject({ add: 0, change: 0 });
    expect((await api("/api/v1/organisation/export?region=150200", "hohhot-admin")).status).toBe(403);
  });
});
