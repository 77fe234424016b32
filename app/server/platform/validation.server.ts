import Ajv, { type ErrorObject, type SchemaObject } from "ajv";
import localizeZh from "ajv-i18n/localize/zh";
import { pointerToPath } from "~/engine/path";
import { YEAR_RANGE, isYear } from "~/utils/years";
import { domainError, notFound, type FieldError } from "./http.server";

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });

/** A year in a request body's schema. */
export const yearSchema = {
  type: "integer",
  minimum: YEAR_RANGE.min,
  maximum: YEAR_RANGE.max,
  description: `年度应为 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 之间的整数`,
} as const;

/** A property's `description` says in Chinese what it should be; ajv-i18n's sentence is the fallback. */
function problemOf(error: ErrorObject): FieldError {
  const at = pointerToPath(error.instancePath);
  const params = error.params as Record<string, string>;
  const properties = (error.parentSchema as SchemaObject | undefined)?.properties as
    Record<string, SchemaObject> | undefined;
  if (error.keyword === "required") {
    const hint = properties?.[params.missingProperty]?.description;
    return { path: `${at}.${params.missingProperty}`, message: hint ? `必填：${hint}` : "必填" };
  }
  if (error.keyword === "additionalProperties")
    return { path: `${at}.${params.additionalProperty}`, message: "不认识的属性" };
  const hint = (error.parentSchema as SchemaObject | undefined)?.description;
  return { path: at, message: typeof hint === "string" ? hint : (error.message ?? "不正确") };
}

const fieldName = (problem: FieldError) => (problem.path === "$" ? "请求体" : problem.path.replace(/^\$\./, ""));

/**
 * A request body's shape as a JSON Schema, compiled once. The parser returns the body as `T`, or throws a 422
 * `{ error, errors: [{ path, message }] }` naming every problem in Chinese (the first one in `error`).
 */
export function bodyParser<T>(schema: SchemaObject): (body: unknown) => T {
  const validate = ajv.compile(schema);
  return (body) => {
    if (validate(body)) return body as T;
    const errors = validate.errors ?? [];
    localizeZh(errors);
    // A failed `anyOf`/`oneOf` repeats what its branches said: keep the branches' own words.
    const problems = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf").map(problemOf);
    const first = problems[0] ?? { path: "$", message: "不正确" };
    const error = errors[0]?.keyword === "required" ? `请求缺少 ${fieldName(first)}` : `${fieldName(first)} 不正确`;
    throw domainError(422, error, problems);
  };
}

/**
 * A year from a URL (`/fill/2025`, `?year=2025`): a 400 naming the parameter when it is not one. An absent optional
 * parameter gives `fallback`.
 */
export function parseYear(text: string | null | undefined, name = "year", fallback?: number): number {
  if ((text === null || text === undefined || text === "") && fallback !== undefined) return fallback;
  const year = text && /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!isYear(year))
    throw domainError(400, `参数 ${name} 应为 ${YEAR_RANGE.min}–${YEAR_RANGE.max} 之间的整数年份。`, [
      { path: name, message: yearSchema.description },
    ]);
  return year;
}

/** A year handed to a service by code (an import, the CLI): a 422 at `path` when it is not one. */
export function requireYear(year: unknown, path = "$.year"): number {
  if (!isYear(year)) throw domainError(422, "年度不正确", [{ path, message: yearSchema.description }]);
  return year;
}

/** A record's numeric id from a URL segment; anything else is the record's 404. */
export function parseId(text: string | undefined, what: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw notFound(what);
  return id;
}
