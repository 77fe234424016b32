import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, runCli, signIn, startServer, tempDir } from "../helpers/server";

describe("npm start", () => {
  it("creates the database with WAL and foreign keys, loads demo data once, and keeps it on a second start", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "nested", "branchmark.db");
    const first = await startServer(dbFile);
    expect(first.output()).toContain("首次启动");
    expect(first.output()).toMatch(/admin\s+Test-Passw0rd-Only/);
    await signIn(first.url, "admin", DEMO_PASSWORD);
    await first.stop();

    const sqlite = new Database(dbFile);
    expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    const counts = () => ({
      users: (sqlite.prepare("SELECT count(*) AS n FROM users").get() as { n: number }).n,
      branches: (sqlite.prepare("SELECT count(*) AS n FROM branches").get() as { n: number }).n,
    });
    const before = counts();
    expect(before.users).toBe(6);
    expect(before.branches).toBeGreaterThanOrEqual(48);
    sqlite.prepare("UPDATE users SET display_name = '改过的名字' WHERE username = 'admin'").run();

    // A different demo password must not matter: nothing is re-seeded on the second start.
    const second = await startServer(dbFile, { BRANCHMARK_DEMO_PASSWORD: "another-password" });
    expect(second.output()).not.toContain("首次启动");
    const cookie = await signIn(second.url, "admin", DEMO_PASSWORD);
    expect(await (await fetch(second.url + "/", { headers: { cookie } })).text()).toContain("改过的名字");
    await second.stop();
    expect(counts()).toEqual(before);
    sqlite.close();
    expect(fs.existsSync(path.join(dir, "nested", "session-secret"))).toBe(true);
  });

  it("serves from one process when `npm run dev` starts it: remix dev restarts the process it started", async () => {
    const server = await startServer(path.join(tempDir(), "dev.db"), { REMIX_DEV_ORIGIN: "http://localhost:3001/" });
    expect(server.output()).toMatch(/支部标尺已启动：http:\/\/localhost:\d+\n/);
    expect(server.output()).not.toContain("个服务进程");
    await server.stop();
  });

  it("stops with a clear message naming the path when the database cannot be written", () => {
    const dir = tempDir();
    const blocker = path.join(dir, "not-a-directory");
    fs.writeFileSync(blocker, "");
    const dbFile = path.join(blocker, "branchmark.db");
    const { code, stderr } = runCli(["serve"], { BRANCHMARK_DB: dbFile, PORT: "0" });
    expect(code).toBe(1);
    expect(stderr).toContain(`无法打开数据库文件 ${dbFile}`);
    expect(stderr).toContain("BRANCHMARK_DB");
  });

  it("enforces foreign keys", () => {
    const dbFile = path.join(tempDir(), "fk.db");
    expect(runCli(["db", "migrate"], { BRANCHMARK_DB: dbFile }).code).toBe(0);
    const sqlite = new Database(dbFile);
    sqlite.pragma("foreign_keys = ON");
    expect(() =>
      sqlite
        .prepare(
          "INSERT INTO branches (name, region_code, domain, established_on, member_count) VALUES ('x', '999999', 'village', '2020-01-01', 3)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    sqlite.close();
  });
});
