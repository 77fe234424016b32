import { describe, expect, it } from "vitest";
import { parseArgs } from "~/cli/args";
import { safeRedirect } from "~/server/auth/session.server";
import { generatePassword, hashPassword, verifyPassword } from "~/server/auth/password.server";
import { activeNavKey, navFor } from "~/utils/nav";
import { buildRegionTree } from "~/utils/tree";

describe("passwords", () => {
  it("hashes with scrypt and a random salt, and verifies only the right password", async () => {
    const a = await hashPassword("正确的密码-123");
    const b = await hashPassword("正确的密码-123");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("正确的密码-123", a)).toBe(true);
    expect(await verifyPassword("错误的密码", a)).toBe(false);
    expect(await verifyPassword("x", "md5$abc")).toBe(false);
  });

  it("generates 16-character passwords without look-alike characters", () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    expect(new Set(passwords).size).toBe(50);
    for (const p of passwords) expect(p).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/);
  });
});

describe("safeRedirect", () => {
  it.each([
    ["/admin?x=1", "/admin?x=1"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    [null, "/"],
    // L1: browsers drop tabs and newlines, so these would lead off the site; a newline also broke the header.
    ["/\t/evil.example", "/"],
    ["/\n/evil.example", "/"],
    ["/%2F/ok", "/%2F/ok"],
    ["/standards\r\nSet-Cookie: x=1", "/"],
    ["/ /evil.example", "/"],
  ])("%j → %s", (input, expected) => expect(safeRedirect(input)).toBe(expected));
});

describe("parseArgs", () => {
  it("reads positionals, --flag value, --flag=value and boolean flags", () => {
    const args = parseArgs(
      ["score", "150000/village", "data.json", "--context=ctx.json", "--json", "--rulesets", "dir"],
      ["json"],
    );
    expect(args.positionals).toEqual(["score", "150000/village", "data.json"]);
    expect(args.options).toEqual({ context: "ctx.json", json: true, rulesets: "dir" });
  });

  it("does not let an option named __proto__ reach Object.prototype", () => {
    const args = parseArgs(["--__proto__", "polluted"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(args.options)).toBeNull();
  });
});

describe("navigation", () => {
  it("offers each role its own sections", () => {
    expect(navFor("admin").map((i) => i.label)).toEqual([
      "首页",
      "评价标准",
      "比较与影响",
      "组织机构",
      "账号",
      "审计日志",
      "评定",
      "统计",
      "随机抽查",
      "软弱涣散整顿",
      "公示",
      "年度安排",
    ]);
    expect(navFor("reviewer").map((i) => i.label)).toEqual([
      "首页",
      "评价标准",
      "比较与影响",
      "评定",
      "统计",
      "随机抽查",
      "软弱涣散整顿",
      "公示",
    ]);
    expect(navFor("branch").map((i) => i.label)).toEqual(["首页", "填报", "软弱涣散整顿"]);
  });

  it("highlights the section a nested path belongs to", () => {
    expect(activeNavKey("/admin/rulesets/150000/village")).toBe("/admin");
    expect(activeNavKey("/admin/users")).toBe("/admin/users");
    expect(activeNavKey("/administrator")).toBe("/");
    expect(activeNavKey("/")).toBe("/");
    expect(activeNavKey("/submissions/7", "branch")).toBe("/fill");
    expect(activeNavKey("/submissions/7", "reviewer")).toBe("/review");
    expect(activeNavKey("/review/7", "reviewer")).toBe("/review");
  });
});

describe("buildRegionTree", () => {
  it("nests regions and treats an orphan as a root", () => {
    const tree = buildRegionTree([
      { code: "150100", name: "呼和浩特市", parentCode: "150000" },
      { code: "150102", name: "新城区", parentCode: "150100" },
      { code: "150200", name: "包头市", parentCode: "150000" },
    ]);
    expect(tree.map((n) => n.key)).toEqual(["150100", "150200"]);
    expect(tree[0].children.map((n) => n.title)).toEqual(["新城区（150102）"]);
  });
});
