import type { ActionFunctionArgs } from "@remix-run/node";
import { readApiWrite } from "~/server/auth/access.server";
import { scoreRequest } from "~/server/submissions/score.server";

/** Requests the Node fast path (node-api.server.ts) leaves to Remix: a session cookie, a chunked or oversized body. */
export async function action({ request }: ActionFunctionArgs) {
  const { actor, body } = await readApiWrite(request, "POST", { counted: false });
  return Response.json(scoreRequest(actor, body));
}
