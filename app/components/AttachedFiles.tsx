import { PaperClipOutlined, UploadOutlined } from "@ant-design/icons";
import { App, Button, Progress, Space, Typography, Upload } from "antd";
import { useState } from "react";
import { sendFile } from "~/utils/upload";

export type AttachedFile = { id: number; sha256: string; name: string };

/**
 * Files attached to a record (a spot check's visit, a month's 整顿 report): each opening in a new tab, and — where
 * `uploadUrl` is given — one more sent with a progress bar, the server's Chinese reason when refused.
 */
export function AttachedFiles({
  files,
  uploadUrl,
  label,
  onUploaded,
}: {
  files: AttachedFile[];
  uploadUrl?: string;
  label: string;
  onUploaded: () => void;
}) {
  const { message } = App.useApp();
  const [sending, setSending] = useState<{ name: string; percent: number } | null>(null);
  const send = async (file: File) => {
    setSending({ name: file.name, percent: 0 });
    const outcome = await sendFile(uploadUrl!, file, (percent) => setSending({ name: file.name, percent }));
    setSending(null);
    if (outcome.status === 201) {
      message.success(`已上传：${file.name}`);
      onUploaded();
    } else
      message.error(
        outcome.status === "network-error"
          ? `网络异常，“${file.name}”未上传，请重试`
          : String(outcome.body?.error ?? `上传失败（${outcome.status}）`),
      );
  };
  return (
    <Space orientation="vertical" size={2}>
      {files.map((f) => (
        <Typography.Link key={f.id} href={`/api/v1/files/${f.sha256}`} target="_blank" rel="noopener noreferrer">
          <PaperClipOutlined /> {f.name}
        </Typography.Link>
      ))}
      {!uploadUrl ? null : sending ? (
        <Progress percent={sending.percent} size="small" style={{ width: 140 }} />
      ) : (
        <Upload
          accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx,image/*"
          showUploadList={false}
          customRequest={({ file }) => void send(file as File)}
        >
          <Button size="small" icon={<UploadOutlined />}>
            {label}
          </Button>
        </Upload>
      )}
    </Space>
  );
}
