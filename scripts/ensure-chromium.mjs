// Makes sure Debian's Chromium and a CJK font are present for the e2e tests: installs them with apt when
// running as root, and otherwise stops with a message that says how. It never lets the e2e tests skip.
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const hasFont = () => spawnSync("sh", ["-c", "fc-list :lang=zh | grep -q ."]).status === 0;
const missing = [];
if (!fs.existsSync(chromium)) missing.push("chromium");
if (!hasFont()) missing.push("fonts-noto-cjk");

if (missing.length) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync("sh", ["-c", "command -v apt-get"]).status === 0;
  if (!isRoot || !hasApt || process.env.CHROMIUM_PATH) {
    console.error(
      `e2e 测试需要 ${missing.join(" 和 ")}，但本机没有。请安装：sudo apt-get install -y chromium fonts-noto-cjk` +
        `（或用 CHROMIUM_PATH 指向已有的 Chromium）。\n` +
        `The e2e tests need ${missing.join(" and ")}: run \`sudo apt-get install -y chromium fonts-noto-cjk\`.`,
    );
    process.exit(1);
  }
  console.log(`正在安装 ${missing.join(" ")}（Debian 软件包）……`);
  execSync("apt-get update -qq", { stdio: "inherit" });
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk`, { stdio: "inherit" });
}
console.log(`Chromium: ${chromium}`);
