import { createCache, extractStyle, StyleProvider } from "@ant-design/cssinjs";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { ANTD_STYLE_ID } from "./components/AntdStyles";

/**
 * Renders to a string so that antd's CSS-in-JS styles used by this page can be inlined into the
 * placeholder <style> in <head>: the page arrives styled, with no flash of unstyled content.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const cache = createCache();
  const markup = renderToString(
    <StyleProvider cache={cache}>
      <RemixServer context={remixContext} url={request.url} />
    </StyleProvider>,
  );
  const css = extractStyle(cache, { plain: true });
  const placeholder = `<style id="${ANTD_STYLE_ID}"></style>`;
  const html = markup.replace(placeholder, `<style id="${ANTD_STYLE_ID}">${css}</style>`);
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  return new Response("<!DOCTYPE html>" + html, { status: responseStatusCode, headers: responseHeaders });
}
