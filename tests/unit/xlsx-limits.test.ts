import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { DomainError } from "~/server/platform/http.server";
import { inspectXlsx, streamingOrder, XLSX_LIMITS } from "~/server/spreadsheets/xlsx-limits.server";
import { inflationBomb, rowsBomb, sharedStringsBomb } from "../helpers/xlsx-bombs";
import { writeXlsx } from "../helpers/xlsx-writer";

const refusal = (bytes: Uint8Array) => {
  try {
    inspectXlsx(bytes);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { status: (error as DomainError).status, message: (error as DomainError).message };
  }
  return undefined;
};

describe("inspectXlsx: what an upload may hold before anything parses it", () => {
  it("lets a real workbook through", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("填报");
    for (let r = 1; r <= 200; r++) sheet.addRow([r, `支部${r}`, "是", 12.5]);
    expect(refusal(new Uint8Array(await workbook.xlsx.writeBuffer()))).toBeUndefined();
  });

  it("refuses one shared string more than the limit, naming the limit", async () => {
    expect(refusal(await sharedStringsBomb(XLSX_LIMITS.sharedStrings))).toBeUndefined();
    expect(refusal(await sharedStringsBomb(XLSX_LIMITS.sharedStrings + 1))).toEqual({
      status: 413,
      message: `该 Excel 文件含有 ${XLSX_LIMITS.sharedStrings + 1} 个共享字符串（上限 ${XLSX_LIMITS.sharedStrings} 个），超出平台的上限：请按地区拆分后分批导入。`,
    });
  });

  it("refuses a sheet with more rows than the limit", async () => {
    expect(refusal(await rowsBomb(XLSX_LIMITS.rows + 1))?.message).toContain(
      `有 ${XLSX_LIMITS.rows + 1} 行（上限 ${XLSX_LIMITS.rows} 行）`,
    );
  });

  it("stops inflating at the uncompressed limit, whatever size the zip declares", async () => {
    const bomb = await inflationBomb(XLSX_LIMITS.uncompressedBytes + 1024);
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(refusal(bomb)).toEqual({
      status: 413,
      message: "该 Excel 文件解压后超过 64 MB，超出平台的上限：请按地区拆分后分批导入。",
    });
  });

  it("calls a file that is not a zip damaged", () => {
    expect(refusal(new TextEncoder().encode("PK\u0003\u0004 not really a zip"))?.status).toBe(422);
  });
});

describe("streamingOrder: parts arranged so exceljs's streaming reader sees every worksheet", () => {
  const sheets = [
    { name: "区域", rows: [["区域代码"], ["150104"]] },
    { name: "账号", rows: [["用户名"], ["li-hua"]] },
  ];
  const namesRead = async (bytes: Buffer) => {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
      worksheets: "emit",
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      entries: "ignore",
    });
    const seen: string[] = [];
    for await (const sheet of reader) {
      seen.push((sheet as unknown as { name: string }).name);
      for await (const row of sheet) seen.push(String((row.values as unknown[])[1]));
    }
    return seen;
  };

  it("loses the last worksheet of an inline-string workbook as written, and keeps it once reordered", async () => {
    const bytes = await writeXlsx(sheets);
    expect(await namesRead(bytes)).toEqual(["区域", "区域代码", "150104"]);
    expect(await namesRead(streamingOrder(bytes))).toEqual(["区域", "区域代码", "150104", "账号", "用户名", "li-hua"]);
  });

  it("keeps an exceljs workbook's cells, passing the same limits", async () => {
    const workbook = new ExcelJS.Workbook();
    for (const s of sheets) workbook.addWorksheet(s.name).addRows(s.rows);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const reordered = streamingOrder(bytes);
    expect(() => inspectXlsx(reordered)).not.toThrow();
    expect(await namesRead(reordered)).toEqual(["区域", "区域代码", "150104", "账号", "用户名", "li-hua"]);
  });
});
