import { CameraOutlined, FilePdfOutlined, FileOutlined, InboxOutlined, PaperClipOutlined } from "@ant-design/icons";
import { App, Button, Card, Image, List, Popconfirm, Progress, Space, Tag, Typography, Upload } from "antd";
import { useState, type ReactNode } from "react";
import type { Material, MaterialKind } from "~/engine/types";
import type { EvidenceFile } from "~/server/evidence/evidence.server";
import { ReasonConfirm } from "~/components/ReasonConfirm";
import { callApi } from "~/utils/api";
import { sendFile } from "~/utils/upload";
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

const PREVIEW = 56;

/**
 * A photo or scan as its thumbnail (a few KB, made by the server), opening the full image in antd's viewer; a PDF or
 * an office file as its kind's icon.
 */
function FilePreview({ file }: { file: EvidenceItem }) {
  const full = `/api/v1/files/${file.sha256}`;
  if (file.kind === "jpg" || file.kind === "png")
    return (
      <Image
        width={PREVIEW}
        height={PREVIEW}
        style={{ objectFit: "cover", borderRadius: 4 }}
        src={`${full}/thumbnail`}
        alt={file.name}
        preview={{ src: full }}
      />
    );
  const Icon = file.kind === "pdf" ? FilePdfOutlined : FileOutlined;
  return <Icon style={{ fontSize: 32, color: file.kind === "pdf" ? "#cf1322" : "#8c8c8c" }} aria-hidden />;
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
      <List.Item.Meta
        avatar={<FilePreview file={file} />}
        title={
          <Space wrap size={4}>
            <Typography.Link href={`/api/v1/files/${file.sha256}`} target="_blank" rel="noopener noreferrer">
              {file.name}
            </Typography.Link>
            {file.decision === "accepted" ? <Tag color="green">合格</Tag> : null}
            {file.decision === "rejected" ? <Tag color="red">不合格</Tag> : null}
          </Space>
        }
        description={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {KIND_NAMES[file.kind]} · {sizeText(file.size)} · {formatDateTime(file.uploadedAt)}
            {file.decision === "rejected" && file.reason ? ` · 不合格原因：${file.reason}` : ""}
          </Typography.Text>
        }
      />
    </List.Item>
  );
}

type Progress = Record<string, { name: string; percent: number; failed?: File } | null>;

/** What adding and withdrawing files needs: the upload address, the files now, and where new lists go. */
export type EvidenceUploads = {
  uploadUrl?: (materialId: string) => string;
  files: EvidenceItem[];
  /** Given an update of the list (uploads may finish in any order, so never a list computed earlier). */
  onChange?: (update: (files: EvidenceItem[]) => EvidenceItem[]) => void;
};

/**
 * Sending a file (a progress bar while it goes, the server's Chinese reason when refused, 重试 after a network error)
 * and 撤回, shared by every catalogue entry of a page wherever it is shown.
 */
function useUploads({ uploadUrl, onChange }: EvidenceUploads) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<Progress>({});

  const send = async (material: Material, file: File) => {
    const outcome = await sendFile(uploadUrl!(material.id), file, (percent) =>
      setProgress((p) => ({ ...p, [material.id]: { name: file.name, percent } })),
    );
    if (outcome.status === "network-error") {
      setProgress((p) => ({ ...p, [material.id]: { name: file.name, percent: 0, failed: file } }));
      return;
    }
    setProgress((p) => ({ ...p, [material.id]: null }));
    if (outcome.status === 201 && outcome.body) {
      onChange?.((all) => [...all, outcome.body as unknown as EvidenceItem]);
      message.success(`已上传：${file.name}`);
    } else message.error(String(outcome.body?.error ?? `上传失败（${outcome.status}）`));
  };

  const withdraw = async (file: EvidenceItem) => {
    const outcome = await callApi(`/api/v1/evidence/${file.id}/withdraw`, { json: {} });
    if (outcome.ok) onChange?.((all) => all.filter((f) => f.id !== file.id));
    else message.error(outcome.error);
  };

  return { progress, send, withdraw: uploadUrl ? withdraw : undefined, canUpload: Boolean(uploadUrl) };
}

type Uploads = ReturnType<typeof useUploads>;

/** One catalogue entry: what it asks for, its files, and — while the year is open — the ways to add one. */
function MaterialEntry({
  material,
  files,
  gradeTitles,
  fieldTitles,
  uploads,
  onReview,
}: {
  material: Material;
  files: EvidenceItem[];
  gradeTitles: Record<string, string>;
  fieldTitles?: Record<string, string>;
  uploads: Uploads;
  onReview?: EvidenceReview;
}) {
  const own = files.filter((f) => f.materialId === material.id);
  const required = requiredText(material, gradeTitles);
  const state = uploads.progress[material.id];
  const full = own.length >= material.maxFiles;
  return (
    <Space orientation="vertical" style={{ width: "100%" }} size={4} data-testid={`evidence-${material.id}`}>
      <Space wrap>
        <PaperClipOutlined />
        <Typography.Text strong>佐证材料：{material.title}</Typography.Text>
        {required ? <Tag color={own.length ? "default" : "orange"}>{required}</Tag> : null}
        <Typography.Text type="secondary">
          {own.length} / {material.maxFiles} 个
        </Typography.Text>
      </Space>
      {material.description ? <Typography.Text type="secondary">{material.description}</Typography.Text> : null}
      {fieldTitles && material.fields?.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          证明：{material.fields.map((f) => fieldTitles[f] ?? "相关填报项").join("、")}
        </Typography.Text>
      ) : null}
      <List
        size="small"
        locale={{ emptyText: "尚未上传" }}
        dataSource={own}
        renderItem={(file) => <FileLine key={file.id} file={file} onWithdraw={uploads.withdraw} onReview={onReview} />}
      />
      {state ? (
        <Space>
          <Typography.Text>{state.name}</Typography.Text>
          {state.failed ? (
            <>
              <Typography.Text type="danger">网络异常，未上传</Typography.Text>
              <Button size="small" onClick={() => void uploads.send(material, state.failed!)}>
                重试
              </Button>
            </>
          ) : (
            <Progress percent={state.percent} size="small" style={{ width: 160 }} />
          )}
        </Space>
      ) : null}
      {uploads.canUpload && !full ? (
        <Space orientation="vertical" style={{ width: "100%" }} size={4}>
          <Upload.Dragger
            accept={material.accept.map((k) => ACCEPT[k]).join(",")}
            multiple
            showUploadList={false}
            customRequest={({ file }) => void uploads.send(material, file as File)}
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
              customRequest={({ file }) => void uploads.send(material, file as File)}
            >
              <Button icon={<CameraOutlined />}>拍照上传</Button>
            </Upload>
          ) : null}
        </Space>
      ) : null}
    </Space>
  );
}

/** The form section a catalogue entry proves: the first section among its fields (`$.life.memberMeetings` → `life`). */
export const sectionOf = (material: Material): string | undefined =>
  material.fields?.map((f) => /^\$\.([^.[]+)\./.exec(f)?.[1]).find(Boolean);

/**
 * A year's evidence catalogue laid out beside the form: each entry at the end of the section it proves (`bySection`,
 * for the form's or the answers' section panels), the entries that prove no section of this form in `rest` (a card
 * of their own). `sections` are the form's section keys.
 */
export function useEvidenceLayout({
  materials,
  sections,
  gradeTitles,
  fieldTitles,
  onReview,
  ...uploadProps
}: EvidenceUploads & {
  materials: Material[];
  sections: string[];
  gradeTitles: Record<string, string>;
  fieldTitles: Record<string, string>;
  /** For a reviewer: 合格 / 不合格 on each file. */
  onReview?: EvidenceReview;
}): { bySection: Record<string, ReactNode>; rest: ReactNode } {
  const uploads = useUploads(uploadProps);
  const entry = (material: Material) => (
    <MaterialEntry
      key={material.id}
      material={material}
      files={uploadProps.files}
      gradeTitles={gradeTitles}
      fieldTitles={fieldTitles}
      uploads={uploads}
      onReview={onReview}
    />
  );
  const bySection: Record<string, ReactNode> = {};
  for (const section of sections) {
    const here = materials.filter((m) => sectionOf(m) === section);
    if (here.length)
      bySection[section] = (
        <div className="evidence-in-section" data-testid={`evidence-section-${section}`}>
          <Space orientation="vertical" style={{ width: "100%" }} size="middle">
            {here.map((m) => entry(m))}
          </Space>
        </div>
      );
  }
  const others = materials.filter((m) => !sections.includes(sectionOf(m) ?? ""));
  const rest = others.length ? (
    <Card size="small" title="其他佐证材料" data-testid="evidence">
      <Space orientation="vertical" style={{ width: "100%" }} size="middle">
        {others.map((m) => entry(m))}
      </Space>
    </Card>
  ) : null;
  return { bySection, rest };
}
