import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { requireApiActor } from "~/server/auth/access.server";
import { KIND_TYPES } from "~/server/evidence/file-kind.server";
import { openFile } from "~/server/evidence/readable.server";

/** Kinds a browser may show inline; Word and Excel files are always downloads. */
const INLINE = new Set(["pdf", "jpg", "png"]);

/**
 * What a shown file may do: an image nothing but be an image; a PDF is left to the browser's viewer (Chromium's
 * refuses to run in a sandboxed document, and runs no page script of its own); a download is sandboxed outright.
 */
const POLICIES: Record<string, string> = {
  jpg: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  png: "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  pdf: "frame-ancestors 'none'",
  download: "sandbox; default-src 'none'; frame-ancestors 'none'",
};

/**
 * GET (DESIGN.md §5): an evidence file, for whoever may read a branch that uploaded it or the spot check it records (404 for anyone else, as for
 * a file that does not exist). Served with its kind's type (the server's nosniff applies), a policy for its kind, and
 * named as uploaded.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const file = openFile(actor, params.sha256 ?? "");
  const disposition = INLINE.has(file.kind) ? "inline" : "attachment";
  const ascii = file.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: {
      "Content-Type": KIND_TYPES[file.kind],
      "Content-Length": String(file.size),
      "Content-Disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Content-Security-Policy": POLICIES[file.kind] ?? POLICIES.download,
    },
  });
}
