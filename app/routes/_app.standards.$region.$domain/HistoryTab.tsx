import { Link } from "@remix-run/react";
import { Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useActor } from "~/utils/actor";
import dayjs from "dayjs";

type Revision = {
  id: number;
  revision: number | null;
  sha256: string;
  author: string | null;
  createdAt: Date;
  note: string | null;
};

const compareLink = (id: string, a: number, b: number) =>
  `/compare?a=${encodeURIComponent(`${id}@${a}`)}&b=${encodeURIComponent(`${id}@${b}`)}`;

/** 版本历史: every saved draft and published revision, with compare and rollback (a rollback publishes anew). */
export function HistoryTab({
  id,
  history,
  publishedRevision,
  readOnly,
  onRollback,
}: {
  id: string;
  history: Revision[];
  publishedRevision: number | null;
  readOnly: boolean;
  onRollback: (revision: number) => void;
}) {
  const admin = useActor()?.role === "admin";
  return (
    <Table
      rowKey="id"
      size="small"
      dataSource={history}
      pagination={{ pageSize: 20 }}
      columns={[
        {
          title: "版本",
          render: (_, r) => (
            <Tooltip title={admin ? `内容哈希 ${r.sha256.slice(7, 19)}` : undefined}>
              {r.revision ? <Tag color="blue">第 {r.revision} 版</Tag> : <Tag>草稿</Tag>}
            </Tooltip>
          ),
          width: 100,
        },
        {
          title: "修改说明",
          dataIndex: "note",
          render: (note: string | null) => note ?? <Typography.Text type="secondary">—</Typography.Text>,
        },
        { title: "作者", dataIndex: "author", render: (a: string | null) => a ?? "标准库导入", width: 220 },
        {
          title: "时间",
          dataIndex: "createdAt",
          render: (t: Date) => dayjs(t).format("YYYY-MM-DD HH:mm:ss"),
          width: 180,
        },
        {
          title: "操作",
          render: (_, r) =>
            r.revision ? (
              <Space>
                {publishedRevision && r.revision !== publishedRevision ? (
                  <Link to={compareLink(id, r.revision, publishedRevision)}>与最新版比较</Link>
                ) : null}
                {!readOnly && r.revision !== publishedRevision ? (
                  <Popconfirm
                    title={`把第 ${r.revision} 版的内容重新发布为新版本？历史版本保持不变。`}
                    onConfirm={() => onRollback(r.revision!)}
                    okText="回滚"
                    cancelText="取消"
                  >
                    <Button size="small" type="link">
                      回滚到此版本
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ) : null,
        },
      ]}
    />
  );
}
