import type { LoaderFunctionArgs } from "@remix-run/node";
import { authorize, requireApiActor } from "~/server/auth/access.server";
import { orgTemplateFile } from "~/server/spreadsheets/org-workbook.server";
import { sendOnce } from "~/server/spreadsheets/workbook.server";

/** GET (extension): the empty organisation workbook — 填写说明, 区域, 党支部, 账号 with dropdowns. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireApiActor(request);
  authorize(actor, { action: "organisation.manage", regionCode: actor.regionCode }, "组织机构导入模板");
  return sendOnce(await orgTemplateFile(), "组织机构导入模板.xlsx");
}
