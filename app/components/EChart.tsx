import { useEffect, useRef } from "react";

type Props = {
  option: Record<string, unknown>;
  height: number;
  ariaLabel: string;
  testId?: string;
  onClick?: (params: { name: string; dataIndex: number }) => void;
};

/** One ECharts chart, loaded and drawn in the browser only (SVG), redrawn when its option changes. */
export function EChart({ option, height, ariaLabel, testId, onClick }: Props) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    import("echarts").then((echarts) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: "svg" });
      instance.setOption({ animation: false, ...option });
      if (onClick) instance.on("click", (params) => onClick(params as { name: string; dataIndex: number }));
      chart = instance;
      window.addEventListener("resize", onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [option, onClick]);
  return <div ref={element} style={{ width: "100%", height }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}
