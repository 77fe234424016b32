import { useMemo } from "react";
import { EChart } from "./EChart";

/** The indicators as a bar chart: score against maximum. */
export function IndicatorChart({ indicators }: { indicators: { title: string; score: number; max: number }[] }) {
  const option = useMemo(
    () => ({
      grid: { left: 40, right: 16, top: 32, bottom: 40 },
      legend: { data: ["得分", "满分"], top: 0 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: indicators.map((i) => i.title), axisLabel: { interval: 0 } },
      yAxis: { type: "value", min: 0 },
      series: [
        {
          name: "得分",
          type: "bar",
          data: indicators.map((i) => i.score),
          itemStyle: { color: "#c8161d" },
          label: { show: true, position: "top" },
        },
        { name: "满分", type: "bar", data: indicators.map((i) => i.max), itemStyle: { color: "#d9d9d9" } },
      ],
    }),
    [indicators],
  );
  return <EChart option={option} height={260} ariaLabel="各项指标得分图" testId="indicator-chart" />;
}
