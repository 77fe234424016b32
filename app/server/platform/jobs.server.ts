import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { and, eq, lt } from "drizzle-orm";
import * as schema from "../../../db/schema";
import type { Actor } from "../auth/session.server";
import { getDb, type DB } from "./db.server";
import { domainError, errorMessage, notFound } from "./http.server";

export type JobState<R> = {
  id: string;
  kind: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  result?: R;
  error?: string;
  startedAt: number;
  finishedAt?: number;
};

const KEEP_MS = 60 * 60 * 1000;
/** Progress is written at most this often: a job reports it per row, every poll reads it. */
const PROGRESS_EVERY_MS = 100;

export type Progress = (done: number, total: number) => void;
/** Gives a file the job made to the job: it is deleted once taken and sent, or when the job expires. */
export type Attach = (file: string) => void;

type JobRow = typeof schema.jobs.$inferSelect;

/** Deletes a job's file and the temporary folder it was written in, if nothing else is left there. */
function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmdir(path.dirname(file), () => undefined);
}

function expire(id: string): void {
  const row = getDb().delete(schema.jobs).where(eq(schema.jobs.id, id)).returning().get();
  row?.files.forEach(removeFile);
}

/** Jobs finished more than an hour ago, left by a process that stopped before its own timer removed them. */
function expireOld(now: number): void {
  const rows = getDb()
    .delete(schema.jobs)
    .where(lt(schema.jobs.finishedAt, now - KEEP_MS))
    .returning()
    .all();
  for (const row of rows) row.files.forEach(removeFile);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Starts long work in the background and returns its id at once. The work reports progress and yields to the
 * event loop between chunks, so other users' requests keep being served. Its state is in the database, so every
 * server process answers a poll of it; the work itself runs in this one. Kept for an hour after it finished.
 */
export function startJob<R>(
  actor: Actor,
  kind: string,
  work: (progress: Progress, attach: Attach) => Promise<R>,
): JobState<R> {
  const now = Date.now();
  expireOld(now);
  const id = randomUUID();
  const row = getDb()
    .insert(schema.jobs)
    .values({ id, kind, ownerId: actor.id, pid: process.pid, status: "running", startedAt: now })
    .returning()
    .get();
  const update = (values: Partial<JobRow>) =>
    getDb().update(schema.jobs).set(values).where(eq(schema.jobs.id, id)).run();
  const files: string[] = [];
  let written = 0;
  const finish = (outcome: Partial<JobRow>) => {
    update({ ...outcome, files, finishedAt: Date.now() });
    setTimeout(() => expire(id), KEEP_MS).unref();
  };
  work(
    (done, total) => {
      if (done < total && performance.now() - written < PROGRESS_EVERY_MS) return;
      written = performance.now();
      update({ done, total });
    },
    (file) => {
      files.push(file);
      update({ files });
    },
  ).then(
    (result) => finish({ status: "done", result: result ?? null }),
    (error: unknown) => finish({ status: "failed", error: errorMessage(error) }),
  );
  return publicState(row) as JobState<R>;
}

function publicState(row: JobRow): JobState<unknown> {
  const state: JobState<unknown> = {
    id: row.id,
    kind: row.kind,
    status: row.status,
    done: row.done,
    total: row.total,
    startedAt: row.startedAt,
  };
  if (row.result !== null) state.result = row.result;
  if (row.error !== null) state.error = row.error;
  if (row.finishedAt !== null) state.finishedAt = row.finishedAt;
  return state;
}

const INTERRUPTED = "服务器进程在任务完成前停止，任务已中断：请重新发起。";

function ownedJob(actor: Actor, id: string): JobRow {
  let row = getDb().select().from(schema.jobs).where(eq(schema.jobs.id, id)).get();
  if (!row || (row.finishedAt !== null && row.finishedAt < Date.now() - KEEP_MS))
    throw notFound(`任务 ${id}（任务结果保留一小时）`);
  if (row.ownerId !== actor.id) throw domainError(403, "无权查看他人发起的任务。");
  if (row.status === "running" && !alive(row.pid)) {
    row = { ...row, status: "failed", error: INTERRUPTED, finishedAt: Date.now() };
    getDb()
      .update(schema.jobs)
      .set({ status: row.status, error: row.error, finishedAt: row.finishedAt })
      .where(and(eq(schema.jobs.id, id), eq(schema.jobs.status, "running")))
      .run();
  }
  return row;
}

/**
 * At start-up, before any server process runs: a job still marked running was cut off by the last stop. Its process
 * id may belong to someone else by now (a container's processes get the same few ids each time).
 */
export function interruptUnfinishedJobs(db: DB): number {
  return db
    .update(schema.jobs)
    .set({ status: "failed", error: INTERRUPTED, finishedAt: Date.now() })
    .where(eq(schema.jobs.status, "running"))
    .run().changes;
}

/** A job, for the user who started it only. */
export function getJob(actor: Actor, id: string): JobState<unknown> {
  return publicState(ownedJob(actor, id));
}

/**
 * The file a finished job made, for its owner, handed over once: the caller sends it and deletes it (`sendOnce`).
 * A second request finds nothing (410), whichever process it reaches: the file is taken in one transaction.
 */
export function takeJobFile(actor: Actor, id: string): string {
  // The transaction holds the write lock before it reads (db.server.ts): two processes taking the same file at once
  // cannot both read it before either writes.
  return getDb().transaction((tx) => {
    const [file, ...rest] = ownedJob(actor, id).files;
    if (!file) throw domainError(410, "文件已下载过或已过期：请重新导出。");
    tx.update(schema.jobs).set({ files: rest }).where(eq(schema.jobs.id, id)).run();
    return file;
  });
}

export const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * For loops in background jobs: `await pause()` gives the event loop back once the job has held it for `budgetMs`,
 * so other users' requests wait at most about that long.
 */
export function timeSlicer(budgetMs = 15) {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < budgetMs) return;
    await nextTick();
    since = performance.now();
  };
}
