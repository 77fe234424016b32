import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Button, Card, Space, Table, Tag, Typography } from "antd";
import qrcode from "qrcode-generator";
import { publicPage } from "~/server/cycle/publicity.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.title ?? "公示"} · 支部标尺` }];

/**
 * The public page of a 公示 (no sign-in; its address is unguessable): the title, region, period and each result's
 * branch, region and grade — no score, no answer, nothing of a branch not in it — with a QR code to print beside it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = publicPage(params.slug ?? "");
  const url = new URL(request.url);
  const address = `${url.origin}/gs/${params.slug}`;
  const qr = qrcode(0, "M");
  qr.addData(address);
  qr.make();
  return { page, address, qr: qr.createDataURL(4, 2) };
}

export default function PublicityPage() {
  const { page, address, qr } = useLoaderData<typeof loader>();
  return (
    <div style={{ maxWidth: 900, margin: "24px auto", padding: "0 12px" }} data-testid="public-page">
      <style>{`@media print { .no-print { display: none !important; } }`}</style>
      <Card>
        <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
          <Typography.Title level={3} style={{ textAlign: "center", margin: 0 }}>
            {page.title}
          </Typography.Title>
          <Typography.Paragraph style={{ textAlign: "center", margin: 0 }}>
            公示期：{page.startsOn} 至 {page.endsOn}{" "}
            {page.state === "open" ? <Tag color="blue">公示中</Tag> : <Tag>公示已结束</Tag>}
          </Typography.Paragraph>
          <Typography.Paragraph>
            根据党支部建设评价工作安排，经党支部申报、评定单位评定，现将{page.regionName}
            {page.year} 年度党支部评定结果予以公示。公示期间，如对公示结果有异议，请向
            {page.regionName}党委组织部门反映，反映情况应实事求是、具体详实。
          </Typography.Paragraph>
          <Table
            rowKey={(_, i) => String(i)}
            size="small"
            pagination={false}
            dataSource={page.items}
            columns={[
              { title: "序号", width: 70, render: (_, __, i) => i + 1 },
              { title: "党支部", dataIndex: "branchName" },
              { title: "所属区域", dataIndex: "regionName", width: 160 },
              { title: "评定等次", dataIndex: "gradeTitle", width: 140 },
            ]}
          />
          <Space align="center" size="large" wrap>
            <img src={qr} alt="本公示的二维码" width={132} height={132} />
            <Space orientation="vertical" size={4}>
              <Typography.Text type="secondary">扫码或访问以下地址查看本公示：</Typography.Text>
              <Typography.Text copyable style={{ wordBreak: "break-all" }}>
                {address}
              </Typography.Text>
              <Button className="no-print" onClick={() => window.print()}>
                打印公示
              </Button>
            </Space>
          </Space>
        </Space>
      </Card>
    </div>
  );
}

export { RouteErrorBoundary as ErrorBoundary } from "~/components/RouteErrorBoundary";
