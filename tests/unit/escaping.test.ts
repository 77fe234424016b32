import { describe, expect, it } from "vitest";
import { heatmapOption } from "~/components/TransitionHeatmap";
import { escapeHtml } from "~/utils/html";

const payload = '先进<img src=x onerror="alert(1)">&\'';

describe("user text in HTML strings", () => {
  it("escapes every character that could open markup or an attribute", () => {
    expect(escapeHtml(payload)).toBe("先进&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
  });

  it("keeps a grade title in the impact heatmap's tooltip as text (H2: stored XSS on /compare)", () => {
    const option = heatmapOption({
      grades: [
        { id: "strongest", title: "最强党支部" },
        { id: "advanced", title: payload },
      ],
      transitions: [{ from: "strongest", to: "advanced", count: 3 }],
    });
    const tooltip = option.tooltip.formatter({ value: [1, 0, 3] });
    expect(tooltip).toBe(`最强党支部 → ${escapeHtml(payload)}：3 份`);
    expect(tooltip).not.toContain("<img");
  });
});

describe("user text in spreadsheets (L10: formula injection)", () => {
  it("writes text that starts like a formula with a leading apostrophe, and leaves everything else", async () => {
    const { cellText, safeRow } = await import("~/server/spreadsheets/workbook.server");
    for (const formula of ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\t=1", "\r=1"])
      expect(cellText(formula)).toBe(`'${formula}`);
    expect(cellText("红旗村党支部")).toBe("红旗村党支部");
    expect(cellText(-2)).toBe(-2);
    expect(safeRow({ branch: "=cmd|' /C calc'!A0", score: 92 })).toEqual({ branch: "'=cmd|' /C calc'!A0", score: 92 });
  });

  it("writes the names of the 账号分发表, which come from an uploaded workbook, the same way", async () => {
    const { writeAccountSheet } = await import("~/server/regions/org-import-job.server");
    const ExcelJS = (await import("exceljs")).default;
    const file = await writeAccountSheet([
      {
        username: "li-hua",
        password: "abcdefghjkmnpqrs",
        displayName: '=HYPERLINK("http://x","点我")',
        role: "党支部",
        region: "新城区",
        branch: "@SUM(A1)",
      },
    ]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const row = workbook.getWorksheet("账号分发表")!.getRow(2).values as unknown[];
    expect(row.slice(1)).toEqual([
      "li-hua",
      "abcdefghjkmnpqrs",
      '\'=HYPERLINK("http://x","点我")',
      "党支部",
      "新城区",
      "'@SUM(A1)",
    ]);
  });
});
