export const ANTD_STYLE_ID = "antd-ssr";

/** Filled with antd's server-rendered CSS by entry.server; left as it is when the browser hydrates. */
export function AntdStyles() {
  return <style id={ANTD_STYLE_ID} dangerouslySetInnerHTML={{ __html: "" }} suppressHydrationWarning />;
}
