import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Card, Col, Descriptions, List, Row, Space, Statistic, Tag, Typography } from "antd";
import { requireActor } from "~/server/auth/session.server";
import { todoFor } from "~/server/cycle/todo.server";
import { countBranchesInScope, getBranch } from "~/server/regions/branches.server";
import { submissionCounts } from "~/server/submissions/repository.server";
import { regionName, regionsWithin } from "~/server/regions/regions.server";
import { domainTitle } from "~/utils/domains";
import { navFor } from "~/utils/nav";
import { ROLE_TITLES } from "~/utils/roles";

export const meta: MetaFunction = () => [{ title: "首页 · 支部标尺" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const ownBranch = actor.role === "branch" && actor.branchId !== null ? getBranch(actor.branchId) : null;
  return {
    actor,
    regionCount: actor.role === "branch" ? 1 : regionsWithin(actor.regionCode).length,
    branchCount: countBranchesInScope(actor),
    ownBranch: ownBranch ? { ...ownBranch, regionName: regionName(ownBranch.regionCode) } : null,
    ...submissionCounts(actor),
    todo: todoFor(actor),
  };
}

export default function Home() {
  const { actor, regionCount, branchCount, ownBranch, submitted, rated, todo } = useLoaderData<typeof loader>();
  return (
    <div style={{ maxWidth: 1100, margin: "0 auto" }}>
      <Typography.Title level={3}>欢迎，{actor.displayName}</Typography.Title>
      <Typography.Paragraph type="secondary">
        您以{ROLE_TITLES[actor.role]}身份登录，权限范围：{actor.regionName}
        {actor.role === "branch" ? "（仅本支部）" : "及其下级区域"}。
      </Typography.Paragraph>
      <Card title={`待办事项（${todo.length}）`} style={{ marginBottom: 24 }} data-testid="todo">
        <List
          locale={{ emptyText: "目前没有待办事项" }}
          dataSource={todo}
          renderItem={(item) => (
            <List.Item
              actions={[
                item.link.startsWith("/api/") ? (
                  <a key="go" href={item.link} download>
                    导出 Excel
                  </a>
                ) : (
                  <Link key="go" to={item.link}>
                    去处理
                  </Link>
                ),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    {item.urgency === "overdue" ? <Tag color="red">已逾期</Tag> : null}
                    {item.urgency === "soon" ? <Tag color="orange">即将到期</Tag> : null}
                    <Typography.Text strong>{item.title}</Typography.Text>
                  </Space>
                }
                description={[item.detail, item.due ? `期限 ${item.due}` : null].filter(Boolean).join(" · ")}
              />
            </List.Item>
          )}
        />
      </Card>
      {ownBranch ? (
        <Card title="本支部信息" style={{ marginBottom: 24 }}>
          <Descriptions column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label="支部名称">{ownBranch.name}</Descriptions.Item>
            <Descriptions.Item label="所属区域">{ownBranch.regionName}</Descriptions.Item>
            <Descriptions.Item label="领域">{domainTitle(ownBranch.domain)}</Descriptions.Item>
            <Descriptions.Item label="成立日期">{ownBranch.establishedOn}</Descriptions.Item>
            <Descriptions.Item label="党员人数">{ownBranch.memberCount} 名</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : null}
      <Row gutter={[16, 16]}>
        {actor.role !== "branch" ? (
          <>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title="范围内区域" value={regionCount} suffix="个" />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title="范围内党支部" value={branchCount} suffix="个" />
              </Card>
            </Col>
          </>
        ) : null}
        <Col xs={12} md={6}>
          <Card>
            <Statistic title="已申报" value={submitted} suffix="份" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title="已评定" value={rated} suffix="份" />
          </Card>
        </Col>
      </Row>
      <Card title="常用入口" style={{ marginTop: 24 }}>
        <Row gutter={[16, 16]}>
          {navFor(actor.role)
            .filter((i) => i.key !== "/")
            .map((item) => (
              <Col key={item.key}>
                <Link to={item.key}>{item.label}</Link>
              </Col>
            ))}
        </Row>
      </Card>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
