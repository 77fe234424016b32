import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { domainError } from "~/server/platform/http.server";

/** Any other path under /api/: a JSON 404 in Chinese (DESIGN.md §5), whatever the method, not the HTML error page. */
const unknownApi = ({ request }: LoaderFunctionArgs | ActionFunctionArgs) => {
  throw domainError(
    404,
    `没有这个 API：${request.method} ${new URL(request.url).pathname}。可用的接口见 README 的 HTTP API 一节。`,
  );
};

export const loader = async (args: LoaderFunctionArgs) => unknownApi(args);
export const action = async (args: ActionFunctionArgs) => unknownApi(args);
