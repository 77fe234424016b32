import { App, Progress } from "antd";
import { useCallback, useEffect, useRef, useState } from "react";
import { callApi } from "~/utils/api";

export type Job<R = unknown> = {
  id: string;
  status: "running" | "done" | "failed";
  done: number;
  total: number;
  result?: R;
  error?: string;
};

/** A background job (GET /api/v1/jobs/:id) followed until it finishes; polling stops when the component goes away. */
export function useJob<R = unknown>() {
  const { message } = App.useApp();
  const [job, setJob] = useState<Job<R> | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const follow = useCallback(
    async (id: string) => {
      while (mounted.current) {
        const outcome = await callApi<Job<R>>(`/api/v1/jobs/${id}`);
        if (!outcome.ok) return void message.error(outcome.error);
        if (!mounted.current) return;
        setJob(outcome.data);
        if (outcome.data.status !== "running") return;
        await new Promise((r) => setTimeout(r, 300));
      }
    },
    [message],
  );
  return { job, setJob, follow };
}

/** The job's progress bar: rows done of rows in all, or (`percent`, for jobs that count in percent) the percentage. */
export function JobProgress({ job, percent = false }: { job: Job | null; percent?: boolean }) {
  if (!job) return null;
  const value = job.total ? Math.floor((job.done / job.total) * 100) : job.status === "done" ? 100 : 0;
  return (
    <Progress
      percent={value}
      status={job.status === "failed" ? "exception" : job.status === "done" ? "success" : "active"}
      format={() => (percent ? `${value}%` : `${job.done} / ${job.total || "…"}`)}
    />
  );
}
