import type { SharedJson } from "~/utils/shared-json";

/**
 * Asks the browser for a shared text the page's data left out while its scripts load; app/entry.client.tsx reads it
 * before hydrating the page. Nothing once the data carries the text itself.
 */
export function SharedJsonPreload({ json }: { json: SharedJson }) {
  if (json.text !== null) return null;
  return <link rel="preload" as="fetch" crossOrigin="anonymous" href={json.url} data-shared-json={json.id} />;
}
