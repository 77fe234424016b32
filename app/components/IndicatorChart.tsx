import { useEffect, useRef } from "react";

/** The indicators as a bar chart (ECharts, loaded in the browser only): score against maximum. */
export function IndicatorChart({ indicators }: { indicators: { title: string; score: number; max: number }[] }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    import("echarts").then((echarts) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: "svg" });
      instance.setOption({
        animation: false,
        grid: { left: 40, right: 16, top: 32, bottom: 40 },
        legend: { data: ["得分", "满分"], top: 0 },
        tooltip: { trigger: "axis" },
        xAxis: { type: "category", data: indicators.map((i) => i.title), axisLabel: { interval: 0 } },
        yAxis: { type: "value", min: 0 },
        series: [
          { name: "得分", type: "bar", data: indicators.map((i) => i.score), itemStyle: { color: "#c8161d" }, label: { show: true, position: "top" } },
          { name: "满分", type: "bar", data: indicators.map((i) => i.max), itemStyle: { color: "#d9d9d9" } },
        ],
      });
      chart = instance;
      window.addEventListener("resize", onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [indicators]);
  return <div ref={element} style={{ width: "100%", height: 260 }} role="img" aria-label="各项指标得分图" data-testid="indicator-chart" />;
}
