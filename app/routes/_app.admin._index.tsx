import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, Col, Input, Row, Table, Tree, Typography } from "antd";
import { useMemo, useState } from "react";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { branchesInScope } from "~/server/regions/branches.server";
import { regionsWithin } from "~/server/regions/regions.server";
import { DOMAINS, domainTitle } from "~/utils/domains";
import { buildRegionTree } from "~/utils/tree";

export const meta: MetaFunction = () => [{ title: "管理 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "standards.write", regionCode: actor.regionCode }, "管理页面");
  const regions = regionsWithin(actor.regionCode);
  return {
    regions: regions.map(({ code, name, parentCode, path }) => ({ code, name, parentCode, path })),
    branches: branchesInScope(actor).map(
      ({ id, name, regionCode, regionName, domain, establishedOn, memberCount }) => ({
        id,
        name,
        regionCode,
        regionName,
        domain,
        establishedOn,
        memberCount,
      }),
    ),
  };
}

export default function Admin() {
  const { regions, branches } = useLoaderData<typeof loader>();
  const tree = useMemo(() => buildRegionTree(regions), [regions]);
  const [selectedRegion, setSelectedRegion] = useState<string | null>(null);
  const [query, setQuery] = useState("");
  const pathOf = useMemo(() => new Map(regions.map((r) => [r.code, r.path])), [regions]);
  const selectedPath = selectedRegion ? pathOf.get(selectedRegion)! : null;
  const inSelection = (code: string) => {
    const path = pathOf.get(code) ?? "";
    return !selectedPath || path === selectedPath || path.startsWith(selectedPath + "/");
  };
  const rows = branches.filter((b) => inSelection(b.regionCode) && (!query || b.name.includes(query)));
  return (
    <Row gutter={16}>
      <Col xs={24} md={6}>
        <Card title="区域">
          <Tree
            treeData={tree}
            defaultExpandAll
            selectedKeys={selectedRegion ? [selectedRegion] : []}
            onSelect={(keys) => setSelectedRegion((keys[0] as string) ?? null)}
          />
        </Card>
      </Col>
      <Col xs={24} md={18}>
        <Card
          title={<Typography.Text strong>党支部（{rows.length}）</Typography.Text>}
          extra={<Input.Search allowClear placeholder="按支部名称搜索" onSearch={setQuery} style={{ width: 240 }} />}
        >
          <Table
            rowKey="id"
            size="middle"
            dataSource={rows}
            pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个` }}
            columns={[
              { title: "支部名称", dataIndex: "name" },
              { title: "所属区域", dataIndex: "regionName" },
              {
                title: "领域",
                dataIndex: "domain",
                render: (d: string) => domainTitle(d),
                filters: DOMAINS.map((d) => ({ text: d.title, value: d.id })),
                onFilter: (value, record) => record.domain === value,
              },
              {
                title: "成立日期",
                dataIndex: "establishedOn",
                sorter: (a, b) => a.establishedOn.localeCompare(b.establishedOn),
              },
              {
                title: "党员人数",
                dataIndex: "memberCount",
                align: "right",
                sorter: (a, b) => a.memberCount - b.memberCount,
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
