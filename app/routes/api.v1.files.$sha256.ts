import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { requireApiActor } from "~/server/auth/access.server";
import { KIND_TYPES } from "~/server/evidence/file-kind.server";
import { openEvidence } from "~/server/evidence/evidence.server";

/** Kinds a browser may show inline; Word and Excel files are always downloads. */
const INLINE = new Set(["pdf", "jpg", "png"]);

/**
 * GET (DESIGN.md §5): an evidence file, for whoever may read a branch that uploaded it (404 for anyone else, as for
 * a file that does not exist). Served with its kind's type (the server's nosniff applies), in a sandbox, and named
 * as uploaded.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const file = openEvidence(actor, params.sha256 ?? "");
  const disposition = INLINE.has(file.kind) ? "inline" : "attachment";
  const ascii = file.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(Readable.toWeb(file.stream) as ReadableStream, {
    headers: {
      "Content-Type": KIND_TYPES[file.kind],
      "Content-Length": String(file.size),
      "Content-Disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "Cache-Control": "private, max-age=3600, immutable",
    },
  });
}
