import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, Table, Tag } from "antd";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { submissionsInScope } from "~/server/submissions/repository.server";
import { DOMAINS, domainTitle } from "~/utils/domains";
import { STATUS_TITLES, statusTitle } from "~/utils/labels";

export const meta: MetaFunction = () => [{ title: "评定 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "region.read", regionCode: actor.regionCode }, "评定页面");
  return { submissions: submissionsInScope(actor), canReview: actor.role === "reviewer" };
}

function distinct<T>(values: T[]): T[] {
  return [...new Set(values)];
}

export default function Review() {
  const { submissions, canReview } = useLoaderData<typeof loader>();
  return (
    <Card title="范围内的申报">
      <Table
        rowKey="id"
        dataSource={submissions}
        locale={{ emptyText: "范围内暂无申报" }}
        pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 份` }}
        columns={[
          {
            title: "支部",
            dataIndex: "branchName",
            render: (name: string, row) => (
              <Link to={canReview && row.status !== "revoked" ? `/review/${row.id}` : `/submissions/${row.id}`}>
                {name}
              </Link>
            ),
          },
          {
            title: "区域",
            dataIndex: "regionName",
            filters: distinct(submissions.map((s) => s.regionName)).map((r) => ({ text: r, value: r })),
            onFilter: (value, record) => record.regionName === value,
          },
          {
            title: "领域",
            dataIndex: "domain",
            render: (d: string) => domainTitle(d),
            filters: DOMAINS.map((d) => ({ text: d.title, value: d.id })),
            onFilter: (value, record) => record.domain === value,
          },
          {
            title: "年度",
            dataIndex: "year",
            filters: distinct(submissions.map((s) => s.year)).map((y) => ({ text: String(y), value: y })),
            onFilter: (value, record) => record.year === value,
          },
          {
            title: "状态",
            dataIndex: "status",
            render: (s: string) => <Tag>{statusTitle(s)}</Tag>,
            filters: Object.entries(STATUS_TITLES)
              .filter(([value]) => value !== "none")
              .map(([value, text]) => ({ text, value })),
            defaultFilteredValue: canReview ? ["submitted", "escalated"] : undefined,
            onFilter: (value, record) => record.status === value,
          },
        ]}
      />
    </Card>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
