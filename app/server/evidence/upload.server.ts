/**
 * One uploaded file checked and stored, the same way wherever files are taken (evidence, a spot check's record, a
 * 整顿 progress report): the name first, then the caller's own refusal (a full entry), the declared size — all before
 * a byte is read — then, once streamed, empty, over the limit, or not a kind taken (by its bytes). Nothing of a
 * refused upload is kept.
 */
import type { MaterialKind } from "~/engine/types";
import { domainError } from "../platform/http.server";
import { fileKind, KIND_TITLES } from "./file-kind.server";
import { fileStore } from "./storage.server";

/** An upload as a route reads it: the name header, the declared length, the body. */
export type Upload = { name: string | null; length: string | null; body: AsyncIterable<Uint8Array> | null };

/** What an upload must be: named for messages (“党员大会会议记录”), its kinds and its size. */
export type UploadLimits = { title: string; accept: MaterialKind[]; maxSizeMB: number };

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE_IN_NAME = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/**
 * A file name as the uploader's computer had it, percent-encoded in `X-File-Name`: refused when it is missing, too
 * long, or holds a path separator or a control or direction character (it is shown to reviewers and used to name
 * the download).
 */
export function fileNameFrom(header: string | null): string {
  let name: string;
  try {
    name = decodeURIComponent(header ?? "").trim();
  } catch {
    throw domainError(400, "文件名编码有误：X-File-Name 须为百分号编码的文件名。", [
      { path: "X-File-Name", message: "编码有误" },
    ]);
  }
  const problem = !name
    ? "缺少文件名"
    : name.length > 120
      ? "文件名不能超过 120 个字"
      : /[/\\]/.test(name)
        ? "文件名不能包含路径分隔符（/ 或 \\）"
        : UNSAFE_IN_NAME.test(name)
          ? "文件名不能包含控制字符"
          : name === "." || name === ".."
            ? "文件名无效"
            : undefined;
  if (problem) throw domainError(400, `${problem}，未上传。`, [{ path: "X-File-Name", message: problem }]);
  return name;
}

/** Checks and stores one upload (see the module's note); returns what to record with it. */
export async function storeUpload(upload: Upload, limits: UploadLimits, refuseEarly: () => void = () => {}) {
  const name = fileNameFrom(upload.name);
  refuseEarly();
  const maxBytes = limits.maxSizeMB * 1024 * 1024;
  if (Number(upload.length) > maxBytes)
    throw domainError(413, `文件超过“${limits.title}”的 ${limits.maxSizeMB} MB 上限，未上传。`);
  if (!upload.body) throw domainError(422, "文件是空的（0 字节），未上传。");
  const stored = await fileStore().put(upload.body, maxBytes, (file, size) => {
    const kind = fileKind(file, size);
    if (!limits.accept.includes(kind))
      throw domainError(
        415,
        `“${limits.title}”只接受 ${limits.accept.map((k) => KIND_TITLES[k]).join("、")}，这是 ${KIND_TITLES[kind]} 文件，未上传。`,
      );
    return kind;
  });
  return { name, sha256: stored.sha256, size: stored.size, kind: stored.accepted };
}
