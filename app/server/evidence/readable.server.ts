/**
 * A stored file as a reader reaches it: through a branch's evidence, a spot check's record or a 整顿 report, whichever the
 * reader may see. Anyone else gets the same 404 as for content that does not exist.
 */
import { readableSpotCheckFile } from "../analysis/spot-checks.server";
import { readableWeakReportFile } from "../cycle/weak.server";
import type { Actor } from "../auth/session.server";
import { notFound } from "../platform/http.server";
import { readableEvidence } from "./evidence.server";
import { fileStore } from "./storage.server";

export function readableFile(actor: Actor, sha256: string) {
  const file =
    readableEvidence(actor, sha256) ?? readableSpotCheckFile(actor, sha256) ?? readableWeakReportFile(actor, sha256);
  if (!file || !fileStore().has(sha256)) throw notFound("该文件");
  return { kind: file.kind, name: file.name, size: file.size };
}

/** A readable file's bytes as a stream, with its kind, size and the name it was uploaded with. */
export function openFile(actor: Actor, sha256: string) {
  const file = readableFile(actor, sha256);
  const stream = fileStore().open(sha256);
  if (!stream) throw notFound("该文件");
  return { ...file, stream };
}
