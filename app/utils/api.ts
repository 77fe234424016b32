import { App } from "antd";
import { useCallback, useRef, useState } from "react";

/** A field problem as the API reports it (DESIGN.md §5): where, and what is wrong there, in Chinese. */
export type ApiProblem = { path: string; message: string; file?: string; parent?: string; forbiddenBy?: string };

export type ApiFailure = {
  ok: false;
  /** The HTTP status; 0 when the server could not be reached. */
  status: number;
  error: string;
  errors: ApiProblem[];
};
export type ApiOutcome<T> = { ok: true; data: T } | ApiFailure;

export type ApiRequest = {
  method?: "GET" | "POST" | "PUT";
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is (a file upload). */
  body?: BodyInit;
  headers?: Record<string, string>;
};

const NETWORK_FAILURE = "网络异常，请检查网络后重试。";

/**
 * The one way pages talk to the JSON API. It never throws: a refusal comes back with the server's Chinese `error`
 * and field `errors`, an unreachable server as status 0.
 */
export async function callApi<T>(url: string, request: ApiRequest = {}): Promise<ApiOutcome<T>> {
  const headers = { ...request.headers, ...(request.json !== undefined ? { "content-type": "application/json" } : {}) };
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? (request.json !== undefined || request.body !== undefined ? "POST" : "GET"),
      headers,
      body: request.json !== undefined ? JSON.stringify(request.json) : request.body,
    });
  } catch {
    return { ok: false, status: 0, error: NETWORK_FAILURE, errors: [] };
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: string; errors?: ApiProblem[] }) | null;
  if (response.ok && body !== null) return { ok: true, data: body };
  return {
    ok: false,
    status: response.status,
    error: body?.error ?? `请求失败（${response.status}）`,
    errors: body?.errors ?? [],
  };
}

/**
 * callApi for a page: `busy` while a call runs, and a refusal shown as an antd message unless the caller handles it
 * (`quiet`). A call started while an earlier one is still running supersedes it: the earlier one then neither
 * clears `busy` nor shows its failure.
 */
export function useApi() {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);
  const call = useCallback(
    async <T>(url: string, request: ApiRequest = {}, options: { quiet?: boolean } = {}): Promise<ApiOutcome<T>> => {
      const seq = ++latest.current;
      setBusy(true);
      const outcome = await callApi<T>(url, request);
      const stale = seq !== latest.current;
      if (!stale) setBusy(false);
      if (!stale && !outcome.ok && !options.quiet) message.error(outcome.error);
      return outcome;
    },
    [message],
  );
  return { call, busy };
}
