/**
 * What kind of file an upload is, from its bytes — never from its name: PDF, JPEG and PNG by their signatures, and
 * .docx / .xlsx as zip packages holding a Word document or an Excel workbook. A package is inspected the way
 * `xlsx-limits` inspects an import: its directory read from the file, each part inflated with a hard limit on what
 * all parts may add up to, so a zip bomb is refused without being unpacked.
 */
import fs from "node:fs";
import { inflateRawSync } from "node:zlib";
import type { MaterialKind } from "~/engine/types";
import { domainError } from "../platform/http.server";

/** All parts of an office file together, uncompressed; and how many parts it may have. */
export const PACKAGE_LIMITS = { uncompressedBytes: 200 * 1024 * 1024, parts: 5_000 };

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

const broken = (what: string) =>
  domainError(415, `无法识别该文件：${what}。请上传 PDF、JPG、PNG、Word（.docx）或 Excel（.xlsx）文件。`);

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  const read = fs.readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/** The names of a zip package's parts, after checking that inflating every part stays within the limits. */
function packageParts(fd: number, size: number): string[] {
  const tail = readAt(fd, Math.max(0, size - 65_557), Math.min(size, 65_557));
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > tail.length) throw broken("压缩包结构不完整");
  const count = tail.readUInt16LE(end + 10);
  if (count > PACKAGE_LIMITS.parts) throw domainError(413, `该文件包含 ${count} 个部件，超出上限。`);
  const directory = readAt(fd, tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
  const names: string[] = [];
  let budget = PACKAGE_LIMITS.uncompressedBytes;
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw broken("压缩包目录损坏");
    const method = directory.readUInt16LE(at + 10);
    const compressedSize = directory.readUInt32LE(at + 20);
    const nameLength = directory.readUInt16LE(at + 28);
    const localOffset = directory.readUInt32LE(at + 42);
    names.push(directory.toString("utf8", at + 46, at + 46 + nameLength));
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    const local = readAt(fd, localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw broken("压缩包内容损坏");
    const data = readAt(fd, localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), compressedSize);
    let inflated: number;
    if (method === 0) inflated = data.length;
    else if (method === 8) {
      try {
        inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE")
          throw domainError(413, "该文件解压后过大（疑似压缩炸弹），已拒绝。");
        throw broken("压缩包内容损坏");
      }
    } else throw broken("不支持的压缩方式");
    budget -= inflated;
    if (budget < 0) throw domainError(413, "该文件解压后过大（疑似压缩炸弹），已拒绝。");
  }
  return names;
}

/** The kind of the file at `file` (of `size` bytes), or a 415 saying it is none the platform takes. */
export function fileKind(file: string, size: number): MaterialKind {
  const fd = fs.openSync(file, "r");
  try {
    const head = readAt(fd, 0, 8);
    if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf";
    if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpg";
    if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
    if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
      const parts = packageParts(fd, size);
      if (parts.includes("word/document.xml")) return "docx";
      if (parts.includes("xl/workbook.xml")) return "xlsx";
      throw broken("这是一个压缩包，但不是 Word 或 Excel 文件");
    }
    throw broken("文件内容不是 PDF、图片、Word 或 Excel（扩展名不能决定文件类型）");
  } finally {
    fs.closeSync(fd);
  }
}

/** The MIME type a kind is served as. */
export const KIND_TYPES: Record<MaterialKind, string> = {
  pdf: "application/pdf",
  jpg: "image/jpeg",
  png: "image/png",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

export const KIND_TITLES: Record<MaterialKind, string> = {
  pdf: "PDF",
  jpg: "JPG 图片",
  png: "PNG 图片",
  docx: "Word（.docx）",
  xlsx: "Excel（.xlsx）",
};
