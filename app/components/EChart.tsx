import { useEffect, useRef } from "react";

type Props = { option: Record<string, unknown>; height: number; ariaLabel: string; testId?: string };

/** One ECharts chart, loaded and drawn in the browser only (SVG), redrawn when its option changes. */
export function EChart({ option, height, ariaLabel, testId }: Props) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    const onResize = () => chart?.resize();
    import("echarts").then((echarts) => {
      if (disposed || !element.current) return;
      const instance = echarts.init(element.current, undefined, { renderer: "svg" });
      instance.setOption({ animation: false, ...option });
      chart = instance;
      window.addEventListener("resize", onResize);
    });
    return () => {
      disposed = true;
      window.removeEventListener("resize", onResize);
      chart?.dispose();
    };
  }, [option]);
  return <div ref={element} style={{ width: "100%", height }} role="img" aria-label={ariaLabel} data-testid={testId} />;
}
