import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { readableFile } from "~/server/evidence/readable.server";
import { thumbnailOf } from "~/server/evidence/thumbnails.server";

/**
 * GET (extension): a small JPEG of an uploaded image, for whoever may read the image itself (a branch's evidence or a spot check's record) (404 for anyone else,
 * and for a file that is not an image). The same content always has the same thumbnail, so the browser keeps it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const sha256 = params.sha256 ?? "";
  const file = readableFile(actor, sha256);
  const bytes = await thumbnailOf(sha256, file.kind);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": "image/jpeg",
      "Content-Length": String(bytes.byteLength),
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      // Private: it is still a branch's evidence. The server's no-store default is replaced for this one response.
      "Cache-Control": "private, max-age=86400, immutable",
    },
  });
}
