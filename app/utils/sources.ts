import library from "../../schemas/sources.json";

export type SourceDocument = { file: string; title: string; issuer: string; date: string };

/** The standards library's table of source documents (schemas/sources.json). */
export const SOURCE_DOCUMENTS: readonly SourceDocument[] = library.documents;

const TITLES = new Map(SOURCE_DOCUMENTS.map((d) => [d.file, d.title]));

/** A cited file name: the three-digit number, an underscore, sixteen hex digits, `.txt`. */
const CITED_FILE = /\b\d{3}_[0-9a-f]{16}\.txt\b/g;

const CITED_FILE_AND_SPACE = /\b(\d{3}_[0-9a-f]{16}\.txt)\b\s*/g;

/** The files a citation names that the table does not know. */
export const unknownSourceFiles = (citation: string): string[] =>
  [...citation.matchAll(CITED_FILE)].map((m) => m[0]).filter((file) => !TITLES.has(file));

/**
 * A citation as people read it: `002_7ac5433e7f4a04b1.txt 二.(二)` becomes the document's title and the clause. A
 * file the table does not know (lint refuses those) is shown as 来源文件, never by its name.
 */
export const citationText = (citation: string): string =>
  citation.replace(CITED_FILE_AND_SPACE, (_, file: string) => TITLES.get(file) ?? "来源文件");
