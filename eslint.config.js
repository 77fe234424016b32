import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", "public/build/", "node_modules/", "test-artifacts/", "data/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='eval']", message: "Rule content is never executed as code." },
        { selector: "NewExpression[callee.name='Function']", message: "Rule content is never executed as code." },
      ],
    },
  },
  {
    // The engine runs unchanged in the browser and the CLI: no Node, DOM or Remix.
    files: ["app/engine/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: ["fs", "path", "crypto", "os", "url", "util", "stream", "react", "react-dom"].map((name) => ({
            name,
            message: "app/engine imports nothing from Node, the DOM or Remix.",
          })),
          patterns: [
            {
              group: ["node:*", "@remix-run/*", "~/server/*", "../server/*", "../cli/*"],
              message: "app/engine imports nothing from Node, the DOM or Remix.",
            },
          ],
        },
      ],
    },
  },
);
