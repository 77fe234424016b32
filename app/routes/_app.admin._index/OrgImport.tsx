import { DownloadOutlined, InboxOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Col, Modal, Row, Space, Statistic, Steps, Table, Tabs, Tag, Typography, Upload } from "antd";
import { useState } from "react";
import { JobProgress, useJob } from "~/components/JobProgress";
import type { OrgImportMode, OrgImportReport } from "~/server/regions/org-import-job.server";
import { useApi } from "~/utils/api";

const SHEETS = [
  { key: "regions", title: "区域" },
  { key: "branches", title: "党支部" },
  { key: "accounts", title: "账号" },
] as const;

/**
 * Import from the organisation workbook: download the template, upload a filled one, see what it would add, change
 * and leave alone with every error by sheet, row and column, then confirm — all rows, or only the valid ones — and
 * download the 账号分发表 once. Export writes the selected region's subtree in the same layout.
 */
export function OrgImport({ region, onImported }: { region: { code: string; name: string }; onImported: () => void }) {
  const { call, busy } = useApi();
  const preview = useJob<OrgImportReport>();
  const applying = useJob<OrgImportReport>();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [downloaded, setDownloaded] = useState(false);

  const send = async (mode: OrgImportMode, job: typeof preview) => {
    if (!file) return;
    job.setJob(null);
    const outcome = await call<{ job: string }>(
      `/api/v1/organisation/imports?mode=${mode}&name=${encodeURIComponent(file.name)}`,
      { body: file, headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" } },
    );
    if (!outcome.ok) return;
    await job.follow(outcome.data.job);
  };
  const choose = (chosen: File) => {
    setFile(chosen);
    preview.setJob(null);
    applying.setJob(null);
    setDownloaded(false);
  };
  const apply = async (mode: OrgImportMode) => {
    await send(mode, applying);
    onImported();
  };
  const report = preview.job?.status === "done" ? preview.job.result! : null;
  const result = applying.job?.status === "done" ? applying.job.result! : null;
  const step = result?.applied ? 2 : report ? 1 : 0;

  return (
    <>
      <Space wrap>
        <Button icon={<UploadOutlined />} onClick={() => setOpen(true)}>
          导入组织机构
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={`/api/v1/organisation/export?region=${encodeURIComponent(region.code)}`}
        >
          导出{region.name}
        </Button>
      </Space>
      <Modal
        open={open}
        title="从 Excel 导入组织机构"
        width={880}
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          <Steps
            size="small"
            current={step}
            items={[{ title: "上传并检查" }, { title: "确认导入" }, { title: "下发账号" }]}
          />
          <Space wrap>
            <Button icon={<DownloadOutlined />} href="/api/v1/organisation/template">
              下载导入模板
            </Button>
            <Typography.Text type="secondary">
              模板含“区域”“党支部”“账号”三张表和填写说明；只能导入本级及下级区域。
            </Typography.Text>
          </Space>
          <Upload.Dragger
            accept=".xlsx"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(chosen) => (choose(chosen), false)}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{file ? `已选择：${file.name}` : "点击或拖入填好的 .xlsx 文件（不超过 40 MB）"}</p>
          </Upload.Dragger>
          <Button
            type="primary"
            disabled={!file || busy}
            loading={preview.job?.status === "running"}
            onClick={() => send("preview", preview)}
          >
            检查并预览
          </Button>
          <JobProgress job={preview.job} percent />
          {preview.job?.status === "failed" ? <Alert type="error" showIcon message={preview.job.error} /> : null}
          {report ? <PreviewReport report={report} /> : null}
          {report && !result ? (
            <Space wrap>
              <Button
                type="primary"
                disabled={report.errorCount > 0 || applying.job?.status === "running"}
                onClick={() => apply("apply")}
              >
                确认导入
              </Button>
              {report.errorCount ? (
                <Button danger disabled={applying.job?.status === "running"} onClick={() => apply("valid")}>
                  只导入无误的行
                </Button>
              ) : null}
              <Typography.Text type="secondary">
                {report.errorCount
                  ? `有 ${report.errorCount} 处错误：改正后重新上传，或只导入无误的行。`
                  : "写入在一个事务中完成：要么全部导入，要么什么也不写。"}
              </Typography.Text>
            </Space>
          ) : null}
          <JobProgress job={applying.job} percent />
          {applying.job?.status === "failed" ? <Alert type="error" showIcon message={applying.job.error} /> : null}
          {result?.applied ? (
            <Alert
              type="success"
              showIcon
              message={`已导入：区域新增 ${result.applied.regions.added}、修改 ${result.applied.regions.changed}；党支部新增 ${result.applied.branches.added}、修改 ${result.applied.branches.changed}；账号新增 ${result.applied.accounts.added}、修改 ${result.applied.accounts.changed}。`}
              description={
                result.issued ? (
                  <Space orientation="vertical">
                    <span>
                      {result.issued} 个新账号的初始密码在账号分发表中，只能下载一次；对方首次登录时须改为自己的密码。
                    </span>
                    <Button
                      icon={<DownloadOutlined />}
                      disabled={downloaded}
                      href={`/api/v1/jobs/${applying.job!.id}/xlsx`}
                      // After the browser has followed the link: disabling it at once would remove the href first.
                      onClick={() => setTimeout(() => setDownloaded(true), 0)}
                    >
                      {downloaded ? "账号分发表已下载" : "下载账号分发表"}
                    </Button>
                  </Space>
                ) : (
                  "没有新账号。"
                )
              }
            />
          ) : null}
        </Space>
      </Modal>
    </>
  );
}

function PreviewReport({ report }: { report: OrgImportReport }) {
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Row gutter={16}>
        {SHEETS.map(({ key, title }) => {
          const c = report.counts[key];
          return (
            <Col span={8} key={key}>
              <Statistic
                title={`${title}（${c.rows} 行）`}
                value={`新增 ${c.add} · 修改 ${c.change} · 不变 ${c.same}`}
                valueStyle={{ fontSize: 16 }}
              />
            </Col>
          );
        })}
      </Row>
      <Tabs
        items={[
          {
            key: "errors",
            label: `错误（${report.errorCount}）`,
            children: report.errorCount ? (
              <Table
                size="small"
                rowKey={(e) => `${e.sheet}-${e.row}-${e.column}-${e.message}`}
                dataSource={report.errors}
                pagination={{
                  pageSize: 10,
                  showTotal: (n) => (n < report.errorCount ? `显示前 ${n} 处` : `共 ${n} 处`),
                }}
                columns={[
                  {
                    title: "工作表",
                    dataIndex: "sheet",
                    width: 80,
                    filters: SHEETS.map((s) => ({ text: s.title, value: s.title })),
                    onFilter: (value, e) => e.sheet === value,
                  },
                  { title: "行", dataIndex: "row", width: 60 },
                  { title: "列", dataIndex: "column", width: 180 },
                  { title: "问题", dataIndex: "message" },
                ]}
              />
            ) : (
              <Alert type="success" showIcon message="没有发现错误。" />
            ),
          },
          {
            key: "changes",
            label: "将要写入的变化",
            children: (
              <Table
                size="small"
                rowKey={(c) => `${c.sheet}-${c.row}`}
                dataSource={report.changes}
                pagination={{ pageSize: 10 }}
                columns={[
                  { title: "工作表", dataIndex: "sheet", width: 80 },
                  { title: "行", dataIndex: "row", width: 60 },
                  {
                    title: "变化",
                    dataIndex: "op",
                    width: 70,
                    render: (op: string) =>
                      op === "add" ? <Tag color="green">新增</Tag> : <Tag color="orange">修改</Tag>,
                  },
                  { title: "内容", dataIndex: "text" },
                ]}
              />
            ),
          },
        ]}
      />
    </Space>
  );
}
