import { Link } from "@remix-run/react";
import { Badge, Button, Card, Input, Popconfirm, Space, Tag, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { useActor } from "~/utils/actor";

/** The rule set's title, where it stands (published, draft, unsaved, checking) and its save and publish buttons. */
export function EditorHeader({
  id,
  title,
  extendsId,
  parentTitle,
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
  parentTitle?: string;
  publishedRevision: number | null;
  status: "new" | "draft" | "published";
  savedAt: Date | null;
  dirty: boolean;
  readOnly: boolean;
  checking: boolean;
  busy: "save" | "publish" | null;
  onSave: () => void;
  /** Publishes with the author's change note (empty when none was written). */
  onPublish: (note: string) => void;
}) {
  const admin = useActor()?.role === "admin";
  const [note, setNote] = useState("");
  return (
    <Card size="small">
      <Space style={{ justifyContent: "space-between", width: "100%" }} wrap>
        <Space orientation="vertical" size={0}>
          <Tooltip title={admin ? `${id}${extendsId ? `，继承 ${extendsId}` : ""}` : undefined}>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {title}
            </Typography.Title>
          </Tooltip>
          <Space wrap>
            {extendsId ? (
              <Typography.Text type="secondary">继承{parentTitle ? `“${parentTitle}”` : "上级标准"}</Typography.Text>
            ) : (
              <Tag>根规则集</Tag>
            )}
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
                description={
                  <Input.TextArea
                    aria-label="修改说明"
                    placeholder="修改说明（可选）：为什么修改，依据哪份文件"
                    value={note}
                    maxLength={500}
                    showCount
                    autoSize={{ minRows: 2, maxRows: 5 }}
                    onChange={(e) => setNote(e.target.value)}
                    style={{ width: 360, marginTop: 8 }}
                  />
                }
                onConfirm={() => {
                  onPublish(note.trim());
                  setNote("");
                }}
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
