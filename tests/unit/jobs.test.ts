import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as schema from "../../db/schema";
import type { Actor } from "~/server/auth/session.server";
import { getDb, openDatabase } from "~/server/platform/db.server";
import { getJob, interruptUnfinishedJobs, startJob, takeJobFile } from "~/server/platform/jobs.server";
import { migrateDatabase } from "~/server/platform/migrate.server";
import { sendOnce } from "~/server/spreadsheets/workbook.server";
import { tempDir } from "../helpers/server";

beforeAll(() => {
  process.env.BRANCHMARK_DB = path.join(tempDir("branchmark-jobs-"), "jobs.db");
  const { db, sqlite } = openDatabase();
  migrateDatabase(db);
  sqlite.close();
});

const owner: Actor = {
  id: 7,
  username: "admin",
  displayName: "管理员",
  role: "admin",
  regionCode: "150000",
  regionName: "内蒙古自治区",
  branchId: null,
  mustChangePassword: false,
};
const other: Actor = { ...owner, id: 8, username: "other" };

function fileForJob(): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "branchmark-job-test-")), "ledger.xlsx");
  fs.writeFileSync(file, "xlsx");
  return file;
}

const finished = async (id: string) => {
  await vi.waitFor(() => expect(getJob(owner, id).status).toBe("done"));
};

afterEach(() => vi.useRealTimers());

describe("files made by background jobs", () => {
  it("hands the file to its owner once, never shows its path, and deletes it once sent", async () => {
    const file = fileForJob();
    const job = startJob(owner, "ledger", async (_progress, attach) => {
      attach(file);
      return { rows: 1 };
    });
    await finished(job.id);
    expect(JSON.stringify(getJob(owner, job.id))).not.toContain(file);
    expect(() => takeJobFile(other, job.id)).toThrow(expect.objectContaining({ status: 403 }));
    const taken = takeJobFile(owner, job.id);
    expect(taken).toBe(file);
    const sent = sendOnce(taken, "台账.xlsx");
    expect(await sent.text()).toBe("xlsx");
    await vi.waitFor(() => expect(fs.existsSync(file)).toBe(false));
    expect(() => takeJobFile(owner, job.id)).toThrow(expect.objectContaining({ status: 410 }));
  });

  it("deletes a file nobody downloaded when its job expires an hour after it finished", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "Date"] });
    const file = fileForJob();
    const job = startJob(owner, "ledger", async (_progress, attach) => {
      attach(file);
      return { rows: 1 };
    });
    await vi.waitFor(() => expect(getJob(owner, job.id).status).toBe("done"));
    vi.advanceTimersByTime(59 * 60 * 1000);
    expect(fs.existsSync(file)).toBe(true);
    vi.advanceTimersByTime(2 * 60 * 1000);
    expect(fs.existsSync(file)).toBe(false);
    expect(() => getJob(owner, job.id)).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("reports a job whose server process stopped before it finished as interrupted, not running forever", () => {
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    const id = "job-of-a-stopped-process";
    getDb()
      .insert(schema.jobs)
      .values({ id, kind: "ledger", ownerId: owner.id, pid: Number(gone.stdout), status: "running", startedAt: 1 })
      .run();
    const state = getJob(owner, id);
    expect(state.status).toBe("failed");
    expect(state.error).toContain("任务已中断");
  });

  it("marks a job left running by the last stop as interrupted when the server starts, whatever its process id", () => {
    const id = "job-cut-off-by-a-restart";
    getDb()
      .insert(schema.jobs)
      .values({ id, kind: "import", ownerId: owner.id, pid: process.pid, status: "running", startedAt: 1 })
      .run();
    expect(getJob(owner, id).status).toBe("running");
    expect(interruptUnfinishedJobs(getDb())).toBeGreaterThanOrEqual(1);
    expect(getJob(owner, id)).toMatchObject({ status: "failed", error: expect.stringContaining("任务已中断") });
  });
});
