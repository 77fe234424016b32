import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Actor } from "../auth/session.server";
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

/** A job's server-side state: its owner and the files it made (never shown to the client). */
type Job = JobState<unknown> & { ownerId: number; files: string[] };

const jobs = new Map<string, Job>();
const KEEP_MS = 60 * 60 * 1000;

export type Progress = (done: number, total: number) => void;
/** Gives a file the job made to the job: it is deleted once taken and sent, or when the job expires. */
export type Attach = (file: string) => void;

/** Deletes a job's file and the temporary folder it was written in, if nothing else is left there. */
function removeFile(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmdir(path.dirname(file), () => undefined);
}

function expire(id: string): void {
  const job = jobs.get(id);
  if (!job) return;
  jobs.delete(id);
  job.files.forEach(removeFile);
}

/**
 * Starts long work in the background and returns its id at once. The work reports progress and yields to the
 * event loop between chunks, so other users' requests keep being served. Jobs live in this process for an hour.
 */
export function startJob<R>(
  actor: Actor,
  kind: string,
  work: (progress: Progress, attach: Attach) => Promise<R>,
): JobState<R> {
  const job: Job = {
    id: randomUUID(),
    kind,
    ownerId: actor.id,
    files: [],
    status: "running",
    done: 0,
    total: 0,
    startedAt: Date.now(),
  };
  jobs.set(job.id, job);
  const finish = (outcome: Partial<Job>) => {
    Object.assign(job, outcome, { finishedAt: Date.now() });
    setTimeout(() => expire(job.id), KEEP_MS).unref();
  };
  work(
    (done, total) => {
      job.done = done;
      job.total = total;
    },
    (file) => job.files.push(file),
  ).then(
    (result) => finish({ status: "done", result }),
    (error: unknown) => finish({ status: "failed", error: errorMessage(error) }),
  );
  return publicState(job) as JobState<R>;
}

const publicState = ({ ownerId: _owner, files: _files, ...state }: Job): JobState<unknown> => state;

/** A job, for the user who started it only. */
export function getJob(actor: Actor, id: string): JobState<unknown> {
  const job = jobs.get(id);
  if (!job) throw notFound(`任务 ${id}（任务结果保留一小时）`);
  if (job.ownerId !== actor.id) throw domainError(403, "无权查看他人发起的任务。");
  return publicState(job);
}

/**
 * The file a finished job made, for its owner, handed over once: the caller sends it and deletes it (`sendOnce`).
 * A second request finds nothing (410).
 */
export function takeJobFile(actor: Actor, id: string): string {
  getJob(actor, id);
  const job = jobs.get(id)!;
  const file = job.files.shift();
  if (!file) throw domainError(410, "文件已下载过或已过期：请重新导出。");
  return file;
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
