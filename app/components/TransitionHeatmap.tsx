import { useMemo } from "react";
import { escapeHtml } from "~/utils/html";
import { EChart } from "./EChart";

type Props = { grades: { id: string; title: string }[]; transitions: { from: string; to: string; count: number }[] };

/**
 * The chart's ECharts option. Grade titles come from rule sets that administrators write: the tooltip formatter
 * returns HTML, so they are escaped there (axis labels are drawn as text and need nothing).
 */
export function heatmapOption({ grades, transitions }: Props) {
  const titles = grades.map((g) => g.title);
  const cells = grades.flatMap((from, y) =>
    grades.map((to, x) => [x, y, transitions.find((t) => t.from === from.id && t.to === to.id)?.count ?? 0]),
  );
  const max = Math.max(1, ...cells.map((c) => c[2]));
  return {
    tooltip: {
      formatter: (p: { value: number[] }) =>
        `${escapeHtml(titles[p.value[1]])} → ${escapeHtml(titles[p.value[0]])}：${p.value[2]} 份`,
    },
    grid: { left: 110, right: 24, top: 16, bottom: 64 },
    xAxis: {
      type: "category",
      data: titles,
      name: "方案 B",
      nameLocation: "middle",
      nameGap: 36,
      splitArea: { show: true },
    },
    yAxis: {
      type: "category",
      data: titles,
      name: "方案 A",
      nameLocation: "middle",
      nameGap: 90,
      inverse: true,
      splitArea: { show: true },
    },
    visualMap: { min: 0, max, show: false, inRange: { color: ["#fff7f0", "#c8161d"] } },
    series: [
      { type: "heatmap", data: cells, label: { show: true }, itemStyle: { borderColor: "#fff", borderWidth: 2 } },
    ],
  };
}

/** How many submissions move from each grade under A (rows) to each grade under B (columns). */
export function TransitionHeatmap({ grades, transitions }: Props) {
  const option = useMemo(() => heatmapOption({ grades, transitions }), [grades, transitions]);
  return (
    <EChart
      option={option}
      height={Math.max(220, grades.length * 56 + 80)}
      ariaLabel="等次变化热力图"
      testId="transition-heatmap"
    />
  );
}
