import type { ThemeConfig } from "antd";

/** The class antd puts on each component's root so that the theme's CSS variables apply to it. */
export const CSS_VAR_SCOPE = "bm";

/**
 * The platform's one antd theme. Its CSS is baked once at build time (`scripts/antd-css.ts`) into a stylesheet the
 * browser caches, so no page generates antd's CSS while it renders — on the server or in the browser. The class
 * names must come out the same at build time and at run time: no per-theme hash, and a fixed CSS-variable scope
 * instead of one taken from React's `useId`.
 */
export const BAKED_THEME: ThemeConfig = {
  token: { colorPrimary: "#c8161d", borderRadius: 6 },
  hashed: false,
  cssVar: { key: CSS_VAR_SCOPE },
};

export const THEME: ThemeConfig = { ...BAKED_THEME, zeroRuntime: true };

/**
 * antd components the platform does not use, left out of the baked stylesheet (about 300 KB of CSS, 20 KB
 * compressed). A unit test fails when a module imports one of them from antd.
 */
export const UNBAKED_COMPONENTS = [
  "Affix",
  "Anchor",
  "AutoComplete",
  "Avatar",
  "BackTop",
  "BorderBeam",
  "Calendar",
  "Carousel",
  "Cascader",
  "ColorPicker",
  "FloatButton",
  "Listy",
  "Masonry",
  "Mentions",
  "QRCode",
  "Rate",
  "Splitter",
  "TimePicker",
  "Tour",
  "Transfer",
  "Watermark",
];
