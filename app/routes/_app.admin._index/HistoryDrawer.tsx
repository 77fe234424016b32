import { Drawer, Empty, Spin, Timeline, Typography } from "antd";
import { useEffect, useState } from "react";
import { useApi } from "~/utils/api";
import { formatDateTime } from "~/utils/format";

type HistoryEntry = { action: string; title: string; lines: string[]; at: number; by: string };

/** What happened to a region or a branch, newest first, as sentences. */
export function HistoryDrawer({ title, url, onClose }: { title: string; url: string | null; onClose: () => void }) {
  const { call, busy } = useApi();
  const [loaded, setLoaded] = useState<{ url: string; entries: HistoryEntry[] } | null>(null);
  useEffect(() => {
    if (!url) return;
    void call<{ history: HistoryEntry[] }>(url).then(
      (outcome) => outcome.ok && setLoaded({ url, entries: outcome.data.history }),
    );
  }, [url, call]);
  const entries = loaded && loaded.url === url ? loaded.entries : [];
  return (
    <Drawer open={url !== null} title={`${title} · 变更记录`} onClose={onClose} width={480} destroyOnHidden>
      {busy ? (
        <Spin />
      ) : entries.length ? (
        <Timeline
          items={entries.map((e) => ({
            children: (
              <div data-testid="history-entry">
                <Typography.Text strong>{e.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {" "}
                  · {e.by} · {formatDateTime(e.at)}
                </Typography.Text>
                {e.lines.map((line, i) => (
                  <div key={i}>{line}</div>
                ))}
              </div>
            ),
          }))}
        />
      ) : (
        <Empty description="没有变更记录" />
      )}
    </Drawer>
  );
}
