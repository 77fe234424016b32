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
