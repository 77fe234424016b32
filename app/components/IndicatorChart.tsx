import { useMemo } from "react";
import { EChart } from "./EChart";

/** The indicators as a bar chart: score against maximum. */
export function IndicatorChart({ indicators }: { indicators: { title: string; score: number; max: number }[] }) {
  // Bars across the page, one indicator a row: its name never collides with its neighbour's, however narrow the
  // screen (a phone's 390 px fits five Chinese names side by side only by overlapping them).
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 40, top: 32, bottom: 8, containLabel: true },
      legend: { data: ["得分", "满分"], top: 0 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      yAxis: { type: "category", data: indicators.map((i) => i.title), inverse: true },
      xAxis: { type: "value", min: 0 },
      series: [
        {
          name: "得分",
          type: "bar",
          data: indicators.map((i) => i.score),
          itemStyle: { color: "#c8161d" },
          label: { show: true, position: "right" },
        },
        { name: "满分", type: "bar", data: indicators.map((i) => i.max), itemStyle: { color: "#d9d9d9" } },
      ],
    }),
    [indicators],
  );
  return (
    <EChart option={option} height={60 + indicators.length * 44} ariaLabel="各项指标得分图" testId="indicator-chart" />
  );
}
