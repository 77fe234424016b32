import { Link } from "@remix-run/react";
import { Card, Empty, Select, Space, Typography } from "antd";

/**
 * A region and domain without a rule set of its own: it follows its parent's (read-only users), or an administrator
 * starts from another region's published one.
 */
export function NoRuleset({
  title,
  parent,
  copySources,
  readOnly,
  onCopy,
}: {
  title: string;
  parent: { id: string; title: string } | null;
  copySources: string[];
  readOnly: boolean;
  onCopy: (id: string) => void;
}) {
  if (readOnly && parent) {
    return (
      <Card title={title}>
        <Empty
          description={
            <>
              本区域未设立该领域的评价标准，沿用 <Link to={`/standards/${parent.id}`}>{parent.title}</Link>。
            </>
          }
        />
      </Card>
    );
  }
  return (
    <Card title={title}>
      <Empty description="本区域及其上级都还没有该领域的评价标准。">
        {readOnly ? null : (
          <Space orientation="vertical">
            <Typography.Text>可以复制其他地区已发布的同领域标准作为起点：</Typography.Text>
            <Select
              aria-label="复制来源"
              placeholder="选择要复制的规则集"
              style={{ width: 320 }}
              options={copySources.map((id) => ({ value: id, label: id }))}
              onChange={onCopy}
            />
          </Space>
        )}
      </Empty>
    </Card>
  );
}
