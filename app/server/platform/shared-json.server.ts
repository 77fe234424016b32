import type { AppLoadContext } from "@remix-run/node";
import { rememberSharedText, type SharedJson } from "~/utils/shared-json";

/**
 * A shared JSON text as a loader returns it. A whole page the server renders leaves the text out of its data and
 * names its address instead (`SharedJsonPreload`): Remix sends a loader's data into the page escaped as a script and
 * decodes it again on the server, which for the form page's 45 KB standard was a quarter of the page's processor time
 * (bench/RESULTS.md); the browser keeps the copy at that address for good. A navigation in the browser asks for the
 * data alone, and gets the text in it.
 */
export function shareWithDocument(
  context: AppLoadContext,
  json: { id: string; url: string; text: string },
): SharedJson {
  if (!context.documentRequest) return json;
  rememberSharedText(json.id, json.text);
  return { id: json.id, url: json.url, text: null };
}
