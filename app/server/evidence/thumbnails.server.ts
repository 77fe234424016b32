/**
 * Thumbnails of uploaded photos and scans, so that a list of evidence on a phone costs a few KB per image instead of
 * the full 5 MB photo: made on first request, kept beside the stored files, turned upright by the photo's EXIF
 * orientation and stripped of its metadata (a phone photo's GPS position included).
 */
import sharp from "sharp";
import type { MaterialKind } from "~/engine/types";
import { notFound } from "../platform/http.server";
import { fileStore } from "./storage.server";

/** Longest side of a thumbnail, in pixels (twice the list's 64 px, for high-density screens… and a little more). */
export const THUMBNAIL_SIZE = 240;
/** An image larger than this is not decoded: a small PNG can claim a huge canvas and take the server's memory. */
const MAX_PIXELS = 60_000_000;

// One libvips thread and no decoded-image cache: thumbnails are made once each, and pages need the other core.
sharp.concurrency(1);
sharp.cache(false);

const inFlight = new Map<string, Promise<Buffer | undefined>>();

async function makeThumbnail(sha256: string): Promise<Buffer | undefined> {
  const source = fileStore().open(sha256);
  if (!source) return undefined;
  const resize = sharp({ limitInputPixels: MAX_PIXELS, failOn: "error" })
    .timeout({ seconds: 10 })
    .rotate()
    .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 72 });
  source.pipe(resize);
  try {
    const bytes = await resize.toBuffer();
    fileStore().putDerived(`thumbnails/${sha256}.jpg`, bytes);
    return bytes;
  } catch {
    // An image its own viewer cannot read either (truncated, or over the limit): no thumbnail, the list shows an icon.
    return undefined;
  } finally {
    source.destroy();
  }
}

/** The thumbnail of a stored image (JPEG bytes), made once; 404 for anything not an image or not readable as one. */
export async function thumbnailOf(sha256: string, kind: MaterialKind): Promise<Buffer> {
  if (kind !== "jpg" && kind !== "png") throw notFound("该文件的缩略图");
  const kept = fileStore().openDerived(`thumbnails/${sha256}.jpg`);
  if (kept) {
    const chunks: Buffer[] = [];
    for await (const chunk of kept) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }
  let pending = inFlight.get(sha256);
  if (!pending) {
    pending = makeThumbnail(sha256).finally(() => inFlight.delete(sha256));
    inFlight.set(sha256, pending);
  }
  const bytes = await pending;
  if (!bytes) throw notFound("该文件的缩略图");
  return bytes;
}
