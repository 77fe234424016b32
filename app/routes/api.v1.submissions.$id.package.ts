import type { LoaderFunctionArgs } from "@remix-run/node";
import { Readable } from "node:stream";
import { requireApiActor } from "~/server/auth/access.server";
import { parseId } from "~/server/platform/validation.server";
import { submissionPackage } from "~/server/submissions/package.server";

/** GET (extension): the 评定 package of a submission — its answers, result and every file marked 合格 — as one .zip. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  const { stream, fileName } = submissionPackage(actor, parseId(params.id, "该申报"));
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="package.zip"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "no-store",
    },
  });
}
