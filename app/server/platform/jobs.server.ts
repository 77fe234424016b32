import { randomUUID } from "node:crypto";
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

type Job = JobState<unknown> & { ownerId: number };

const jobs = new Map<string, Job>();
const KEEP_MS = 60 * 60 * 1000;

export type Progress = (done: number, total: number) => void;

/**
 * Starts long work in the background and returns its id at once. The work reports progress and yields to the
 * event loop between chunks, so other users' requests keep being served. Jobs live in this process for an hour.
 */
export function startJob<R>(actor: Actor, kind: string, work: (progress: Progress) => Promise<R>): JobState<R> {
  const now = Date.now();
  for (const [id, job] of jobs) if (job.finishedAt && now - job.finishedAt > KEEP_MS) jobs.delete(id);
  const job: Job = { id: randomUUID(), kind, ownerId: actor.id, status: "running", done: 0, total: 0, startedAt: now };
  jobs.set(job.id, job);
  work((done, total) => {
    job.done = done;
    job.total = total;
  }).then(
    (result) => Object.assign(job, { status: "done", result, finishedAt: Date.now() }),
    (error: unknown) => Object.assign(job, { status: "failed", finishedAt: Date.now(), error: errorMessage(error) }),
  );
  return publicState(job) as JobState<R>;
}

const publicState = ({ ownerId: _owner, ...state }: Job): JobState<unknown> => state;

/** A job, for the user who started it only. */
export function getJob(actor: Actor, id: string): JobState<unknown> {
  const job = jobs.get(id);
  if (!job) throw notFound(`任务 ${id}（任务结果保留一小时）`);
  if (job.ownerId !== actor.id) throw domainError(403, "无权查看他人发起的任务。");
  return publicState(job);
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
