import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runCli, startServer, tempDir } from "../helpers/server";
import { ORG_HEADERS, writeXlsx } from "../helpers/xlsx-writer";

describe("branchmark db / user / token", () => {
  const dbFile = path.join(tempDir(), "cli.db");
  const env = { BRANCHMARK_DB: dbFile, BRANCHMARK_DEMO_PASSWORD: "" };

  it("migrates and seeds idempotently, printing generated passwords only for new users", () => {
    expect(runCli(["db", "migrate"], env).code).toBe(0);
    const first = runCli(["db", "seed"], env);
    expect(first.code).toBe(0);
    const passwords = [...first.stdout.matchAll(/^\s+\S+\t(\S+)\t(\S{16})\t/gm)].map((m) => m[2]);
    expect(passwords).toHaveLength(6);
    expect(new Set(passwords).size).toBe(6);
    const second = runCli(["db", "seed"], env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain("演示账号");
  });

  it("adds a user with a hashed password and rejects bad input in Chinese", async () => {
    const ok = runCli(
      ["user", "add", "--name", "baotou-admin", "--password", "s3cret-pass", "--role", "admin", "--region", "150200"],
      env,
    );
    expect(ok.code).toBe(0);
    const dup = runCli(
      ["user", "add", "--name", "baotou-admin", "--password", "s3cret-pass", "--role", "admin", "--region", "150200"],
      env,
    );
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("已存在");
    const badRole = runCli(
      ["user", "add", "--name", "x", "--password", "s3cret-pass", "--role", "root", "--region", "150200"],
      env,
    );
    expect(badRole.stderr).toContain("--role 必须是");
    const badRegion = runCli(
      ["user", "add", "--name", "x", "--password", "s3cret-pass", "--role", "admin", "--region", "999999"],
      env,
    );
    expect(badRegion.stderr).toContain("区域 999999 不存在");
    const noBranch = runCli(
      ["user", "add", "--name", "x", "--password", "s3cret-pass", "--role", "branch", "--region", "150200"],
      env,
    );
    expect(noBranch.stderr).toContain("--branch");

    const server = await startServer(dbFile);
    try {
      const token = runCli(["token", "create", "--user", "baotou-admin"], env).stdout.trim();
      expect(token).toMatch(/^bm_[A-Za-z0-9_-]{43}$/);
      const list = await fetch(`${server.url}/api/v1/rulesets`, { headers: { authorization: `Bearer ${token}` } });
      expect(list.status).toBe(200);
      const page = await fetch(`${server.url}/login`, {
        method: "POST",
        body: new URLSearchParams({ username: "baotou-admin", password: "s3cret-pass" }),
        redirect: "manual",
      });
      expect(page.status).toBe(302);
    } finally {
      await server.stop();
    }
  });

  it("stores only hashes of passwords and tokens", async () => {
    const { default: Database } = await import("better-sqlite3");
    const sqlite = new Database(dbFile, { readonly: true });
    const user = sqlite.prepare("SELECT password_hash FROM users WHERE username = 'baotou-admin'").get() as {
      password_hash: string;
    };
    expect(user.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(user.password_hash).not.toContain("s3cret-pass");
    const tokens = sqlite.prepare("SELECT token_hash FROM api_tokens").all() as { token_hash: string }[];
    expect(tokens.every((t) => /^[0-9a-f]{64}$/.test(t.token_hash))).toBe(true);
    sqlite.close();
  });

  it("exports the organisation, checks a file with --dry-run, imports it and hands out the passwords in a file", async () => {
    const dir = tempDir();
    const exported = path.join(dir, "呼和浩特.xlsx");
    const out = runCli(["org", "export", exported, "--as", "hohhot-admin"], env);
    expect(out).toMatchObject({ code: 0, stdout: `已导出呼和浩特市的组织机构到 ${exported}。\n` });
    const same = runCli(["org", "import", exported, "--dry-run", "--region", "150100"], env);
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/党支部：\d+ 行，新增 0，修改 0，不变 \d+/);
    expect(runCli(["org", "import", exported], env).stderr).toContain("请用 --region 或 --as 指定范围");

    const file = path.join(dir, "新增.xlsx");
    fs.writeFileSync(
      file,
      await writeXlsx([
        { name: "区域", rows: [ORG_HEADERS.regions, ["150105", "赛罕区", "行政区域", "呼和浩特市"]] },
        { name: "账号", rows: [ORG_HEADERS.accounts, ["saihan-admin", "赛罕区管理员", "管理员", "150105", ""]] },
      ]),
    );
    const bad = path.join(dir, "有误.xlsx");
    fs.writeFileSync(
      bad,
      await writeXlsx([{ name: "区域", rows: [ORG_HEADERS.regions, ["150205", "某区", "行政区域", "150100"]] }]),
    );
    const refused = runCli(["org", "import", bad, "--as", "hohhot-admin"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("区域 第 2 行「区域代码」：应为 呼和浩特市（150100）下的旗县代码");
    const imported = runCli(["org", "import", file, "--as", "hohhot-admin"], env);
    expect(imported.code).toBe(0);
    const accounts = path.join(dir, "新增-账号分发表.xlsx");
    expect(imported.stdout).toContain(`1 个新账号的初始密码已写入 ${accounts}`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(accounts);
    const [, , row] = workbook.getWorksheet("账号分发表")!.getSheetValues() as string[][];
    expect(row.slice(1, 5)).toEqual([
      "saihan-admin",
      expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      "赛罕区管理员",
      "管理员",
    ]);

    const reset = runCli(["user", "reset-password", "--name", "saihan-admin"], env);
    expect(reset.stdout).toMatch(
      /^saihan-admin 的新密码（只显示这一次；下次登录时须改为自己的密码）：[A-Za-z0-9]{16}\n$/,
    );
  });
});
