/**
 * Reading facts, as json-rules-engine's almanac does with this project's path resolver: `form`, `params`,
 * `context`, `computed` and `materials`, each at a `$.a.b[0].c` path of own properties; any other fact is undefined.
 */
import { getAtSegments, hasOwn, parsePath, type PathSegment } from "./path";

/**
 * The facts of one evaluation. The form's sections that the rules read are read once by `prepare`: `sections` holds
 * those that are objects, `lists` the others (a list, a value, or nothing).
 */
export type Facts = {
  form: unknown;
  params: Record<string, unknown>;
  context: unknown;
  computed: unknown;
  /** The evidence counts per catalogue entry (materials.ts). */
  materials: unknown;
  sections: unknown[];
  lists: unknown[];
};
export type Read = (facts: Facts) => unknown;

const FACTS = new Set(["form", "params", "context", "computed", "materials"]);
const isObject = (value: unknown): value is object => value !== null && typeof value === "object";

/** An own, non-array property, or undefined: one step of getAtSegments by name. */
function child(value: unknown, key: string): unknown {
  if (!isObject(value) || Array.isArray(value) || !hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

const isFactReference = (value: unknown): value is { fact: string; path?: unknown } =>
  isObject(value) && hasOwn(value, "fact");

/**
 * The fact readers of one compiled rule set. Most rules read `$.section.field` of the form, and many share a
 * section, so each section is looked up once per evaluation (`prepare`) rather than once per condition.
 */
export class FactReader {
  private sections: string[] = [];
  /** Set by the first `prepare`: readers made after it (a shared condition first reached then) read sections themselves. */
  private prepared = false;

  constructor(private params: Record<string, unknown>) {}

  /**
   * Fills `facts.sections`; call once the facts are built, before any reader runs. A section that is not an object
   * (or is a list, which has no fields by name) is kept only for the paths that index into it.
   */
  prepare(facts: Facts): void {
    this.prepared = true;
    const { sections, lists } = facts;
    for (let k = 0; k < this.sections.length; k++) {
      const section = child(facts.form, this.sections[k]);
      const object = isObject(section) && !Array.isArray(section);
      sections[k] = object ? section : undefined;
      lists[k] = object ? undefined : section;
    }
  }

  /** The fact's value at its path; the path is parsed once, and applies only to an object, as in the reference. */
  read(fact: string, path: unknown): Read {
    if (!FACTS.has(fact)) return () => undefined;
    const root = fact as "form" | "params" | "context" | "computed" | "materials";
    if (!path) return (facts) => facts[root];
    const parsed = parsePath(path as string);
    // A primitive fact is returned as it is; an object at a path that cannot be parsed is undefined.
    if (!parsed.ok) return (facts) => (isObject(facts[root]) ? undefined : facts[root]);
    const segments = parsed.segments;
    if (root === "form" && !this.prepared && segments.length >= 2 && typeof segments[0] === "string")
      return this.formPath(segments[0], segments.slice(1));
    if (segments.length === 1 && typeof segments[0] === "string") {
      const [key] = segments;
      return (facts) => {
        const value = facts[root];
        return isObject(value) ? child(value, key) : value;
      };
    }
    return (facts) => {
      const value = facts[root];
      return isObject(value) ? getAtSegments(value, segments) : value;
    };
  }

  private formPath(section: string, rest: PathSegment[]): Read {
    let k = this.sections.indexOf(section);
    if (k < 0) k = this.sections.push(section) - 1;
    if (rest.length === 1 && typeof rest[0] === "string") {
      const [key] = rest;
      return (facts) => {
        if (!isObject(facts.form)) return facts.form;
        const section = facts.sections[k] as Record<string, unknown> | undefined;
        return section !== undefined && hasOwn(section, key) ? section[key] : undefined;
      };
    }
    return (facts) => (isObject(facts.form) ? getAtSegments(facts.sections[k] ?? facts.lists[k], rest) : facts.form);
  }

  /**
   * A condition's value: a literal, or a fact. `params` never change once a rule set is resolved, so a value that
   * reads them is read once, here, and is a constant from then on.
   */
  value(value: unknown): { constant: true; value: unknown } | { constant: false; read: Read } {
    if (!isFactReference(value)) return { constant: true, value };
    const read = this.read(value.fact, value.path);
    if (value.fact === "params")
      return {
        constant: true,
        value: read({
          form: undefined,
          params: this.params,
          context: undefined,
          computed: undefined,
          materials: undefined,
          sections: [],
          lists: [],
        }),
      };
    return { constant: false, read };
  }
}
