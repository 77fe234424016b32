import { CameraOutlined, InboxOutlined } from "@ant-design/icons";
import { App, Button, Card, List, Popconfirm, Progress, Space, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import type { Material, MaterialKind } from "~/engine/types";
import type { EvidenceFile } from "~/server/evidence/evidence.server";
import { ReasonConfirm } from "~/components/ReasonConfirm";
import { callApi } from "~/utils/api";
import { formatDateTime } from "~/utils/format";

/** A file of the year's evidence as pages show it. */
export type EvidenceItem = EvidenceFile;

const KIND_NAMES: Record<MaterialKind, string> = { pdf: "PDF", jpg: "JPG", png: "PNG", docx: "Word", xlsx: "Excel" };
const ACCEPT: Record<MaterialKind, string> = {
  pdf: ".pdf,application/pdf",
  jpg: ".jpg,.jpeg,image/jpeg",
  png: ".png,image/png",
  docx: ".docx",
  xlsx: ".xlsx",
};

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function requiredText(material: Material, gradeTitles: Record<string, string>): string | null {
  if (material.required === true) return "必须提交";
  if (Array.isArray(material.required) && material.required.length)
    return `评为${material.required.map((g) => `“${gradeTitles[g] ?? g}”`).join("、")}必须提交`;
  return null;
}

export type EvidenceReview = (file: EvidenceItem, decision: "accepted" | "rejected", reason?: string) => void;

/** 合格, or 不合格 with the reason the branch will read. */
function ReviewButtons({ file, onReview }: { file: EvidenceItem; onReview: EvidenceReview }) {
  return (
    <Space size={4}>
      <Button size="small" onClick={() => onReview(file, "accepted")} disabled={file.decision === "accepted"}>
        合格
      </Button>
      <ReasonConfirm
        title="不合格的原因（党支部会看到）"
        label="不合格原因"
        okText="认定不合格"
        onConfirm={(reason) => onReview(file, "rejected", reason)}
      >
        <Button size="small" danger disabled={file.decision === "rejected"}>
          不合格
        </Button>
      </ReasonConfirm>
    </Space>
  );
}

/** One file: its name (opening it), size and time, the reviewer's 合格 / 不合格 with the reason, and 撤回 or 评定. */
function FileLine({
  file,
  onWithdraw,
  onReview,
}: {
  file: EvidenceItem;
  onWithdraw?: (file: EvidenceItem) => void;
  onReview?: EvidenceReview;
}) {
  return (
    <List.Item
      actions={[
        ...(onWithdraw
          ? [
              <Popconfirm
                key="withdraw"
                title="撤回这个文件？已申报的版本仍保留它。"
                onConfirm={() => onWithdraw(file)}
              >
                <Button size="small" type="link" danger>
                  撤回
                </Button>
              </Popconfirm>,
            ]
          : []),
        ...(onReview ? [<ReviewButtons key="review" file={file} onReview={onReview} />] : []),
      ]}
    >
      <Space direction="vertical" size={0}>
        <Space wrap size={4}>
          <Typography.Link href={`/api/v1/files/${file.sha256}`} target="_blank" rel="noopener noreferrer">
            {file.name}
          </Typography.Link>
          {file.decision === "accepted" ? <Tag color="green">合格</Tag> : null}
          {file.decision === "rejected" ? <Tag color="red">不合格</Tag> : null}
        </Space>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {KIND_NAMES[file.kind]} · {sizeText(file.size)} · {formatDateTime(file.uploadedAt)}
          {file.decision === "rejected" && file.reason ? ` · 不合格原因：${file.reason}` : ""}
        </Typography.Text>
      </Space>
    </List.Item>
  );
}

/**
 * The evidence catalogue of a year, each entry with its files: drag-and-drop or the phone's camera to add one (a
 * progress bar while it goes, the server's Chinese reason when refused, 重试 after a network error), 撤回 to take one
 * out. Read-only where `uploadUrl` is not given.
 */
export function EvidencePanel({
  materials,
  files,
  gradeTitles,
  fieldTitles,
  uploadUrl,
  onChange,
  onReview,
}: {
  materials: Material[];
  files: EvidenceItem[];
  gradeTitles: Record<string, string>;
  fieldTitles: Record<string, string>;
  uploadUrl?: (materialId: string) => string;
  onChange?: (files: EvidenceItem[]) => void;
  /** For a reviewer: 合格 / 不合格 on each file. */
  onReview?: EvidenceReview;
}) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<Record<string, { name: string; percent: number; failed?: File } | null>>({});

  const send = (material: Material, file: File) =>
    new Promise<void>((resolve) => {
      const request = new XMLHttpRequest();
      request.open("POST", uploadUrl!(material.id));
      request.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
      request.upload.onprogress = (e) =>
        setProgress((p) => ({
          ...p,
          [material.id]: { name: file.name, percent: e.total ? Math.round((e.loaded / e.total) * 100) : 0 },
        }));
      request.onload = () => {
        const body = JSON.parse(request.responseText || "null") as (EvidenceItem & { error?: string }) | null;
        if (request.status === 201 && body) {
          setProgress((p) => ({ ...p, [material.id]: null }));
          onChange?.([...files, body]);
          message.success(`已上传：${file.name}`);
        } else {
          setProgress((p) => ({ ...p, [material.id]: null }));
          message.error(body?.error ?? `上传失败（${request.status}）`);
        }
        resolve();
      };
      request.onerror = () => {
        setProgress((p) => ({ ...p, [material.id]: { name: file.name, percent: 0, failed: file } }));
        resolve();
      };
      request.send(file);
    });

  const withdraw = async (file: EvidenceItem) => {
    const outcome = await callApi(`/api/v1/evidence/${file.id}/withdraw`, { json: {} });
    if (outcome.ok) onChange?.(files.filter((f) => f.id !== file.id));
    else message.error(outcome.error);
  };

  return (
    <Card size="small" title="佐证材料" data-testid="evidence">
      <List
        itemLayout="vertical"
        dataSource={materials}
        renderItem={(material) => {
          const own = files.filter((f) => f.materialId === material.id);
          const required = requiredText(material, gradeTitles);
          const state = progress[material.id];
          const full = own.length >= material.maxFiles;
          return (
            <List.Item key={material.id} data-testid={`evidence-${material.id}`}>
              <Space direction="vertical" style={{ width: "100%" }} size={4}>
                <Space wrap>
                  <Typography.Text strong>{material.title}</Typography.Text>
                  {required ? <Tag color={own.length ? "default" : "orange"}>{required}</Tag> : null}
                  <Typography.Text type="secondary">
                    {own.length} / {material.maxFiles} 个
                  </Typography.Text>
                </Space>
                {material.description ? (
                  <Typography.Text type="secondary">{material.description}</Typography.Text>
                ) : null}
                {material.fields?.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    证明：{material.fields.map((f) => fieldTitles[f] ?? "相关填报项").join("、")}
                  </Typography.Text>
                ) : null}
                <List
                  size="small"
                  locale={{ emptyText: "尚未上传" }}
                  dataSource={own}
                  renderItem={(file) => (
                    <FileLine
                      key={file.id}
                      file={file}
                      onWithdraw={uploadUrl ? withdraw : undefined}
                      onReview={onReview}
                    />
                  )}
                />
                {state ? (
                  <Space>
                    <Typography.Text>{state.name}</Typography.Text>
                    {state.failed ? (
                      <>
                        <Typography.Text type="danger">网络异常，未上传</Typography.Text>
                        <Button size="small" onClick={() => void send(material, state.failed!)}>
                          重试
                        </Button>
                      </>
                    ) : (
                      <Progress percent={state.percent} size="small" style={{ width: 160 }} />
                    )}
                  </Space>
                ) : null}
                {uploadUrl && !full ? (
                  <Space direction="vertical" style={{ width: "100%" }} size={4}>
                    <Upload.Dragger
                      accept={material.accept.map((k) => ACCEPT[k]).join(",")}
                      multiple
                      showUploadList={false}
                      customRequest={({ file }) => void send(material, file as File)}
                      aria-label={`上传${material.title}`}
                    >
                      <p className="ant-upload-drag-icon">
                        <InboxOutlined />
                      </p>
                      <p>点击或拖入文件上传</p>
                      <p className="ant-upload-hint">
                        {material.accept.map((k) => KIND_NAMES[k]).join("、")}，每个不超过 {material.maxSizeMB} MB
                      </p>
                    </Upload.Dragger>
                    {material.accept.some((k) => k === "jpg" || k === "png") ? (
                      <Upload
                        accept="image/*"
                        capture="environment"
                        showUploadList={false}
                        customRequest={({ file }) => void send(material, file as File)}
                      >
                        <Button icon={<CameraOutlined />}>拍照上传</Button>
                      </Upload>
                    ) : null}
                  </Space>
                ) : null}
              </Space>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}
