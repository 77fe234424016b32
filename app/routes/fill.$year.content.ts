import type { LoaderFunctionArgs } from "@remix-run/node";
import { fillContentFor, fillYear, requireFiller } from "~/server/submissions/fill.server";

/**
 * The standard's rules and form for the signed-in branch's form page, at the address the page names
 * (`SharedJsonPreload`): kept by the browser for good, since the address changes with the content. An address of
 * content that has changed since (a new revision was published) is not found, and the page asks to be reloaded.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { branchId } = await requireFiller(request);
  const content = fillContentFor(branchId, fillYear(params.year));
  if (!content || content.id !== new URL(request.url).searchParams.get("v"))
    return new Response("评价标准已更新，请刷新页面。", {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  return new Response(content.text, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "private, max-age=31536000, immutable",
    },
  });
}
