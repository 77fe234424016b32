import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Card, Table } from "antd";
import { authorize } from "~/server/access.server";
import { requireActor } from "~/server/auth.server";
import { branchesInScope } from "~/server/branches.server";
import { DOMAINS } from "~/utils/domains";

export const meta: MetaFunction = () => [{ title: "统计 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "region.read", regionCode: actor.regionCode }, "统计页面");
  const byRegion = new Map<string, Record<string, number>>();
  for (const b of branchesInScope(actor)) {
    const counts = byRegion.get(b.regionName) ?? {};
    counts[b.domain] = (counts[b.domain] ?? 0) + 1;
    byRegion.set(b.regionName, counts);
  }
  return { rows: [...byRegion].map(([regionName, counts]) => ({ regionName, ...counts })) };
}

export default function Stats() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <Card title="各区域各领域党支部数">
      <Table
        rowKey="regionName"
        dataSource={rows}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: "区域", dataIndex: "regionName", fixed: "left" },
          ...DOMAINS.map((d) => ({ title: d.title, dataIndex: d.id, align: "right" as const, render: (n?: number) => n ?? 0 })),
        ]}
      />
    </Card>
  );
}
