// Bakes antd's CSS for the platform's theme into app/styles/antd.css, which the root route links as a stylesheet
// with a content hash (so browsers cache it for a year). Run by `npm run build` before `remix build`.
import fs from "node:fs";
import path from "node:path";
import { extractStyle } from "@ant-design/static-style-extract";
import { ConfigProvider } from "antd";
import { createElement } from "react";
import { BAKED_THEME, UNBAKED_COMPONENTS } from "../app/utils/theme";

const target = path.resolve(import.meta.dirname, "../app/styles/antd.css");
// Rendering every component with no props makes antd and React warn about things that do not matter here.
const { error, warn } = console;
console.error = console.warn = () => undefined;
const css = extractStyle({
  customTheme: (node) => createElement(ConfigProvider, { theme: BAKED_THEME }, node),
  excludes: UNBAKED_COMPONENTS,
});
Object.assign(console, { error, warn });
if (!css.includes(".ant-btn")) throw new Error("antd's CSS came out without the button's styles");
fs.mkdirSync(path.dirname(target), { recursive: true });
if (!fs.existsSync(target) || fs.readFileSync(target, "utf8") !== css) fs.writeFileSync(target, css);
console.log(`antd CSS: ${Math.round(css.length / 1024)} KB → ${path.relative(process.cwd(), target)}`);
