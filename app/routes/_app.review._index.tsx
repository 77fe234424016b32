import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, Input, Select, Space, Table, Tag, TreeSelect } from "antd";
import { useMemo } from "react";
import { authorize } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { regionsWithin } from "~/server/regions/regions.server";
import {
  SUBMISSIONS_PAGE_SIZE,
  submissionPage,
  submissionYears,
  type SubmissionRow,
} from "~/server/submissions/repository.server";
import { DOMAINS, domainTitle, isDomain } from "~/utils/domains";
import { STATUS_TITLES, statusTitle } from "~/utils/labels";
import { useFilterParams, useServerPagination } from "~/utils/search-params";
import { regionTreeSelectData } from "~/utils/tree";
import { isYear } from "~/utils/years";

export const meta: MetaFunction = () => [{ title: "评定 · 支部标尺" }];

const STATUSES = Object.keys(STATUS_TITLES).filter((s) => s !== "none" && s !== "draft");

/**
 * The submissions in the reviewer's or admin's scope, a page at a time, filtered on the server by branch name,
 * region, domain, year and status — a reviewer starts on what waits for them (申报 and 逐级申报).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  authorize(actor, { action: "region.read", regionCode: actor.regionCode }, "评定页面");
  const url = new URL(request.url);
  const canReview = actor.role === "reviewer";
  const asked = url.searchParams.get("status");
  const statuses =
    asked === "all"
      ? []
      : asked
        ? asked.split(",").filter((s) => STATUSES.includes(s))
        : canReview
          ? ["submitted", "escalated"]
          : [];
  const domain = url.searchParams.get("domain");
  const year = Number(url.searchParams.get("year"));
  const region = url.searchParams.get("region");
  const filter = {
    page: Math.max(1, Number(url.searchParams.get("page")) || 1),
    query: url.searchParams.get("q") ?? "",
    region: region || undefined,
    domain: domain && isDomain(domain) ? domain : undefined,
    year: isYear(year) ? year : undefined,
    statuses,
  };
  return {
    canReview,
    pageSize: SUBMISSIONS_PAGE_SIZE,
    filter: { ...filter, region: filter.region ?? null, domain: filter.domain ?? null, year: filter.year ?? null },
    years: submissionYears(),
    regions: regionsWithin(actor.regionCode).map(({ code, name, parentCode }) => ({ code, name, parentCode })),
    ...submissionPage(actor, filter),
  };
}

export default function Review() {
  const { submissions, total, filter, years, regions, canReview, pageSize } = useLoaderData<typeof loader>();
  const update = useFilterParams();
  const pagination = useServerPagination(filter.page, pageSize, total, "份");
  const tree = useMemo(() => regionTreeSelectData(regions), [regions]);
  return (
    <Card title="范围内的申报">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="按支部名称搜索"
          placeholder="按支部名称搜索"
          allowClear
          defaultValue={filter.query}
          onSearch={(q) => update({ q: q || null })}
          style={{ width: 200 }}
        />
        <TreeSelect
          aria-label="按区域筛选"
          allowClear
          placeholder="全部区域"
          value={filter.region ?? undefined}
          onChange={(value) => update({ region: value ?? null })}
          treeData={tree}
          showSearch
          treeNodeFilterProp="title"
          style={{ width: 200 }}
        />
        <Select
          aria-label="按领域筛选"
          allowClear
          placeholder="全部领域"
          value={filter.domain ?? undefined}
          onChange={(value) => update({ domain: value ?? null })}
          options={DOMAINS.map((d) => ({ value: d.id, label: d.title }))}
          style={{ width: 170 }}
        />
        <Select
          aria-label="按年度筛选"
          allowClear
          placeholder="全部年度"
          value={filter.year ?? undefined}
          onChange={(value) => update({ year: value ? String(value) : null })}
          options={years.map((y) => ({ value: y, label: `${y} 年度` }))}
          style={{ width: 130 }}
        />
        <Select
          aria-label="按状态筛选"
          mode="multiple"
          allowClear
          placeholder="全部状态"
          value={filter.statuses}
          onChange={(values: string[]) => update({ status: values.length ? values.join(",") : "all" })}
          options={STATUSES.map((s) => ({ value: s, label: statusTitle(s) }))}
          style={{ minWidth: 200 }}
        />
      </Space>
      <Table<SubmissionRow>
        rowKey="id"
        dataSource={submissions}
        scroll={{ x: true }}
        locale={{ emptyText: "没有符合条件的申报" }}
        pagination={pagination}
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
          { title: "区域", dataIndex: "regionName" },
          { title: "领域", dataIndex: "domain", render: (d: string) => domainTitle(d) },
          { title: "年度", dataIndex: "year" },
          { title: "状态", dataIndex: "status", render: (s: string) => <Tag>{statusTitle(s)}</Tag> },
        ]}
      />
    </Card>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
