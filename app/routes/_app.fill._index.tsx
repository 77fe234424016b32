import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Button, Card, Descriptions, Empty, Space, Table, Tag } from "antd";
import { branchesInScope } from "~/server/regions/branches.server";
import { requireFiller } from "~/server/submissions/fill.server";
import { submissionsInScope } from "~/server/submissions/repository.server";
import { domainTitle } from "~/utils/domains";
import { statusTitle } from "~/utils/labels";

export const meta: MetaFunction = () => [{ title: "填报 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = await requireFiller(request);
  const [branch] = branchesInScope(actor);
  const year = new Date().getFullYear();
  return { branch, submissions: submissionsInScope(actor), years: [year - 1, year] };
}

export default function Fill() {
  const { branch, submissions, years } = useLoaderData<typeof loader>();
  return (
    <div style={{ maxWidth: 1100, margin: "0 auto" }}>
      <Card
        title="本支部"
        style={{ marginBottom: 24 }}
        extra={
          <Space>
            {years.map((y) => (
              <Link key={y} to={`/fill/${y}`}>
                <Button type={y === years[0] ? "primary" : "default"}>填报 {y} 年度</Button>
              </Link>
            ))}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="支部名称">{branch.name}</Descriptions.Item>
          <Descriptions.Item label="领域">{domainTitle(branch.domain)}</Descriptions.Item>
          <Descriptions.Item label="党员人数">{branch.memberCount} 名</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="历年填报">
        {submissions.length ? (
          <Table
            rowKey="id"
            dataSource={submissions}
            pagination={false}
            columns={[
              {
                title: "年度",
                dataIndex: "year",
                render: (year: number, row) => <Link to={`/submissions/${row.id}`}>{year} 年度</Link>,
              },
              { title: "领域", dataIndex: "domain", render: (d: string) => domainTitle(d) },
              {
                title: "状态",
                dataIndex: "status",
                render: (s: string) => <Tag>{statusTitle(s)}</Tag>,
              },
            ]}
          />
        ) : (
          <Empty description="本支部尚未填报任何年度的评价表" />
        )}
      </Card>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
