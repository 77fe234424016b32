import Database from "better-sqlite3";

export type Api = (pathname: string, user: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

/** Calls the real server as one of the demo users (their API tokens by username); `json` is sent as the body. */
export function apiAs(url: () => string, tokens: Record<string, string>): Api {
  return (pathname, user, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${tokens[user]}`);
    if (init.json !== undefined) headers.set("content-type", "application/json");
    return fetch(url() + pathname, {
      ...init,
      headers,
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
  };
}

/** Reads the server's SQLite file directly (read-only), to check what was stored. */
export function queryFile(file: () => string) {
  return <T>(sql: string, ...params: unknown[]): T[] => {
    const sqlite = new Database(file(), { readonly: true });
    try {
      return sqlite.prepare(sql).all(...params) as T[];
    } finally {
      sqlite.close();
    }
  };
}

/** Polls GET /api/v1/jobs/:id until the job is no longer running (every 100 ms, `tries` times). */
export async function waitForJob(api: Api, user: string, id: string, tries = 300) {
  for (let i = 0; i < tries; i++) {
    const job = await (await api(`/api/v1/jobs/${id}`, user)).json();
    if (job.status !== "running") return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

/** Saves `content` as its rule set's draft and publishes it: a fixture for tests that need a published revision. */
export async function publishRuleset(
  api: Api,
  user: string,
  content: { id: string },
  note?: string,
): Promise<{ revision: number; hash: string }> {
  const [region, domain] = content.id.split("/");
  const saved = await api(`/api/v1/rulesets/${region}/${domain}`, user, { method: "PUT", json: content });
  if (saved.status !== 200) throw new Error(`saving ${content.id} failed: ${await saved.text()}`);
  const response = await api(`/api/v1/rulesets/${region}/${domain}/publish`, user, {
    method: "POST",
    ...(note ? { json: { note } } : {}),
  });
  if (response.status !== 201) throw new Error(`publishing ${content.id} failed: ${await response.text()}`);
  return response.json();
}
