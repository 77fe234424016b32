import { Link } from "@remix-run/react";
import { Badge, Button, Card, Popconfirm, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";

/** The rule set's title, where it stands (published, draft, unsaved, checking) and its save and publish buttons. */
export function EditorHeader({
  id,
  title,
  extendsId,
  publishedRevision,
  status,
  savedAt,
  dirty,
  readOnly,
  checking,
  busy,
  onSave,
  onPublish,
}: {
  id: string;
  title: string;
  extendsId?: string;
  publishedRevision: number | null;
  status: "new" | "draft" | "published";
  savedAt: Date | null;
  dirty: boolean;
  readOnly: boolean;
  checking: boolean;
  busy: "save" | "publish" | null;
  onSave: () => void;
  onPublish: () => void;
}) {
  return (
    <Card size="small">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Space wrap>
            <Typography.Text type="secondary">{id}</Typography.Text>
            {extendsId ? <Typography.Text type="secondary">继承 {extendsId}</Typography.Text> : <Tag>根规则集</Tag>}
            {publishedRevision ? <Tag color="blue">已发布 第 {publishedRevision} 版</Tag> : <Tag>尚未发布</Tag>}
            {status === "draft" ? (
              <Badge status="processing" text={`草稿保存于 ${dayjs(savedAt).format("MM-DD HH:mm")}`} />
            ) : null}
            {dirty ? <Badge status="warning" text="有未保存的修改" /> : null}
            {readOnly ? <Tag>只读</Tag> : null}
            {checking ? <Typography.Text type="secondary">检查中……</Typography.Text> : null}
          </Space>
        </Space>
        <Space>
          {publishedRevision ? (
            <Link
              to={`/compare?a=${encodeURIComponent(`${id}@${publishedRevision}`)}&b=${encodeURIComponent(`${id}@draft`)}`}
            >
              与已发布版本比较
            </Link>
          ) : null}
          {readOnly ? null : (
            <>
              <Button onClick={onSave} loading={busy === "save"} disabled={!dirty || busy !== null}>
                保存草稿
              </Button>
              <Popconfirm
                title="发布后成为不可修改的新版本，并用于之后的申报。确定发布？"
                onConfirm={onPublish}
                okText="发布"
                cancelText="取消"
                disabled={busy !== null}
              >
                <Button
                  type="primary"
                  loading={busy === "publish"}
                  disabled={busy !== null || (!dirty && status !== "draft" && status !== "new")}
                >
                  发布
                </Button>
              </Popconfirm>
            </>
          )}
        </Space>
      </Space>
    </Card>
  );
}
