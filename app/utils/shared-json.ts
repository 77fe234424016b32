const parsed = new Map<string, unknown>();

/**
 * `JSON.parse`, once per distinct text: the server renders the form page of every branch under one standard from the
 * same 45 KB text, and parsing it on each visit was about 3% of the page's processor time. The value is shared
 * between renders, so nothing may change it.
 */
export function parseShared<T>(text: string): T {
  let value = parsed.get(text);
  if (value === undefined) {
    if (parsed.size >= 64) parsed.clear();
    value = JSON.parse(text) as unknown;
    parsed.set(text, value);
  }
  return value as T;
}

/**
 * A JSON text many pages share, as a loader hands it to its page: the text itself (a navigation in the browser asks
 * for the loader's data alone), or — for a whole page the server renders — only its id and the address of a copy the
 * browser keeps for good (`shareWithDocument`, app/server/platform/shared-json.server.ts). The browser fetches that
 * copy while the page's scripts load and before it hydrates the page (app/entry.client.tsx).
 */
export type SharedJson = { id: string; url: string; text: string | null };

const remembered = new Map<string, string>();
const REMEMBERED = 64;

/** A shared text by its id: on the server for the page being rendered, in the browser as fetched before hydration. */
export function rememberSharedText(id: string, text: string): void {
  // Most recent last, the oldest forgotten first: the few pages being rendered are always among the most recent.
  remembered.delete(id);
  remembered.set(id, text);
  if (remembered.size > REMEMBERED) remembered.delete(remembered.keys().next().value!);
}

/** The text behind a `SharedJson`. */
export function sharedText(json: SharedJson): string {
  const text = json.text ?? remembered.get(json.id);
  // The browser hydrates a page only once it has all its shared texts (app/entry.client.tsx).
  if (text === undefined) throw new Error(`shared text ${json.id} was neither sent nor fetched`);
  return text;
}
