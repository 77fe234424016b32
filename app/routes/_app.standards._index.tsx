import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Card, Col, Row, Space, Table, Tag, Tree, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { can } from "~/server/auth/access.server";
import { requireActor } from "~/server/auth/session.server";
import { forbidden } from "~/server/platform/http.server";
import { regionsByCode } from "~/server/regions/regions.server";
import { listRulesets } from "~/server/rulesets/publishing.server";
import { DOMAINS } from "~/utils/domains";
import { buildRegionTree } from "~/utils/tree";

export const meta: MetaFunction = () => [{ title: "评价标准 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  if (actor.role === "branch") throw forbidden("评价标准管理");
  const regions = [...regionsByCode().values()].sort((a, b) => a.path.localeCompare(b.path));
  return {
    actorRegion: actor.regionCode,
    regions: regions.map(({ code, name, parentCode, path }) => ({
      code,
      name,
      parentCode,
      path,
      editable: can(actor, { action: "standards.write", regionCode: code }),
    })),
    rulesets: listRulesets(actor).map(
      ({
        id,
        regionCode,
        domain,
        title,
        extends: parent,
        publishedRevision,
        publishedAt,
        hasDraft,
        parentsUpdated,
      }) => ({
        id,
        regionCode,
        domain,
        title,
        parent,
        publishedRevision,
        publishedAt,
        hasDraft,
        parentsUpdated,
      }),
    ),
  };
}

type Row = {
  domain: string;
  domainTitle: string;
  own?: {
    id: string;
    title: string;
    parent: string | null;
    publishedRevision: number | null;
    publishedAt: Date | null;
    hasDraft: boolean;
    parentsUpdated: string[];
  };
  inherited?: { id: string; regionName: string; publishedRevision: number | null };
};

export default function Standards() {
  const { regions, rulesets, actorRegion } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const selected = params.get("region") ?? actorRegion;
  const tree = useMemo(() => buildRegionTree(regions), [regions]);
  const region = regions.find((r) => r.code === selected) ?? regions[0];
  const byId = new Map(rulesets.map((r) => [r.id, r]));
  const ancestry = region.path.split("/").reverse();

  const rows: Row[] = DOMAINS.map((d) => {
    const own = byId.get(`${region.code}/${d.id}`);
    const inheritedFrom = ancestry
      .slice(1)
      .map((code) => byId.get(`${code}/${d.id}`))
      .find((r) => r && r.publishedRevision !== null);
    return {
      domain: d.id,
      domainTitle: d.title,
      ...(own ? { own } : {}),
      ...(inheritedFrom
        ? {
            inherited: {
              id: inheritedFrom.id,
              regionName: regions.find((r) => r.code === inheritedFrom.regionCode)?.name ?? "",
              publishedRevision: inheritedFrom.publishedRevision,
            },
          }
        : {}),
    };
  });

  return (
    <Row gutter={16}>
      <Col xs={24} md={6}>
        <Card title="区域" size="small">
          <Tree
            treeData={tree}
            defaultExpandAll
            selectedKeys={[region.code]}
            onSelect={(keys) => keys[0] && setParams({ region: String(keys[0]) })}
          />
        </Card>
      </Col>
      <Col xs={24} md={18}>
        <Card
          title={
            <Space>
              <Typography.Text strong>{region.name}的评价标准</Typography.Text>
              {region.editable ? <Tag color="green">可编辑</Tag> : <Tag>只读</Tag>}
            </Space>
          }
          size="small"
        >
          <Table<Row>
            rowKey="domain"
            size="middle"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: "领域", dataIndex: "domainTitle", width: 160 },
              {
                title: "本级规则集",
                render: (_, row) =>
                  row.own ? (
                    <Space orientation="vertical" size={0}>
                      <Link to={`/standards/${region.code}/${row.domain}`}>{row.own.title}</Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {row.own.id}
                        {row.own.parent ? ` · 继承 ${row.own.parent}` : " · 根规则集"}
                      </Typography.Text>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">未设立</Typography.Text>
                  ),
              },
              {
                title: "状态",
                width: 200,
                filters: [
                  { text: "已发布", value: "published" },
                  { text: "有未发布草稿", value: "draft" },
                  { text: "沿用上级", value: "inherited" },
                ],
                onFilter: (value, row) =>
                  value === "published"
                    ? row.own?.publishedRevision != null
                    : value === "draft"
                      ? Boolean(row.own?.hasDraft)
                      : !row.own && Boolean(row.inherited),
                render: (_, row) => (
                  <Space wrap>
                    {row.own?.publishedRevision ? (
                      <Tag
                        color="blue"
                        title={
                          row.own.publishedAt
                            ? `发布于 ${dayjs(row.own.publishedAt).format("YYYY-MM-DD HH:mm")}`
                            : undefined
                        }
                      >
                        已发布 第 {row.own.publishedRevision} 版
                      </Tag>
                    ) : null}
                    {row.own?.hasDraft ? <Badge status="processing" text="有未发布草稿" /> : null}
                    {row.own?.parentsUpdated.length ? (
                      <Tag
                        color="warning"
                        title={`${row.own.parentsUpdated.join("、")} 已发布新版本；本级重新发布后才会继承`}
                      >
                        上级已更新
                      </Tag>
                    ) : null}
                    {!row.own && row.inherited ? (
                      <Tag>
                        沿用 {row.inherited.regionName}（第 {row.inherited.publishedRevision} 版）
                      </Tag>
                    ) : null}
                    {!row.own && !row.inherited ? <Tag color="default">尚无标准</Tag> : null}
                  </Space>
                ),
              },
              {
                title: "操作",
                width: 220,
                render: (_, row) => (
                  <Space>
                    {row.own ? (
                      <Link to={`/standards/${region.code}/${row.domain}`}>{region.editable ? "编辑" : "查看"}</Link>
                    ) : null}
                    {!row.own && region.editable ? (
                      <Link to={`/standards/${region.code}/${row.domain}`}>设立本级标准</Link>
                    ) : null}
                    {row.own?.publishedRevision && row.inherited ? (
                      <Link
                        to={`/compare?a=${encodeURIComponent(row.inherited.id)}&b=${encodeURIComponent(row.own.id)}`}
                      >
                        与上级比较
                      </Link>
                    ) : null}
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
