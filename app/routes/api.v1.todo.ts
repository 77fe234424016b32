import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireApiActor } from "~/server/auth/access.server";
import { todoFor } from "~/server/cycle/todo.server";

/** GET (contract): the caller's to-do list, most urgent first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  return Response.json({ items: todoFor(actor) });
}
