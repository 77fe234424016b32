import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySession } from "~/server/auth/session.server";
import { requireSameOrigin } from "~/server/platform/http.server";

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  throw redirect("/login", { headers: { "Set-Cookie": await destroySession(request) } });
}

export async function loader() {
  throw redirect("/");
}
