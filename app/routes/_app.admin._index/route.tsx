import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { Card, Col, Row, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { BRANCHES_PAGE_SIZE, listBranches } from "~/server/regions/branches.server";
import { getRegion, regionChildren, regionsWithin } from "~/server/regions/regions.server";
import { isDomain } from "~/utils/domains";
import { regionTreeSelectData } from "~/utils/tree";
import { BranchTable } from "./BranchTable";
import { OrgImport } from "./OrgImport";
import { OrgTree } from "./OrgTree";

export const meta: MetaFunction = () => [{ title: "组织机构 · 支部标尺" }];

const STATES = ["active", "dissolved", "all"] as const;

/**
 * The organisation tree of the admin's subtree, loaded a level at a time, and a page of the selected region's
 * branches filtered on the server — a province's 60,000 branches never reach the browser.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "organisation.manage", regionCode: actor.regionCode }, "组织机构管理");
  const url = new URL(request.url);
  const asked = url.searchParams.get("region");
  const region = asked && getRegion(asked) ? asked : actor.regionCode;
  const domain = url.searchParams.get("domain");
  const state = STATES.find((s) => s === url.searchParams.get("state")) ?? "active";
  const filter = {
    region,
    query: url.searchParams.get("q") ?? "",
    domain: domain && isDomain(domain) ? domain : undefined,
    state,
    page: Math.max(1, Number(url.searchParams.get("page")) || 1),
  };
  const root = getRegion(actor.regionCode)!;
  const selected = getRegion(region)!;
  return {
    root: { code: root.code, name: root.name, kind: root.kind },
    rootChildren: regionChildren(root.code),
    selected: { code: selected.code, name: selected.name, retired: !!selected.retiredAt, path: selected.path },
    regions: regionsWithin(actor.regionCode)
      .filter((r) => !r.retiredAt)
      .map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    filter: { ...filter, domain: filter.domain ?? null },
    pageSize: BRANCHES_PAGE_SIZE,
    ...listBranches(actor, filter),
  };
}

export type AdminData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Admin() {
  const data = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const regionOptions = useMemo(() => regionTreeSelectData(data.regions), [data.regions]);
  // After an import the whole tree may have changed: it is drawn afresh, fetching its first level again.
  const [imports, setImports] = useState(0);
  const afterImport = () => {
    setImports((n) => n + 1);
    revalidator.revalidate();
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          组织机构
        </Typography.Title>
        <OrgImport region={data.selected} onImported={afterImport} />
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={8} xl={7}>
          <Card title="区域与党(工)委" size="small">
            <OrgTree
              key={imports}
              reloadRoot={imports > 0}
              root={data.root}
              rootChildren={data.rootChildren}
              selected={data.selected}
              regionOptions={regionOptions}
              onChanged={() => revalidator.revalidate()}
            />
          </Card>
        </Col>
        <Col xs={24} lg={16} xl={17}>
          <BranchTable data={data} regionOptions={regionOptions} onChanged={() => revalidator.revalidate()} />
        </Col>
      </Row>
    </Space>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
