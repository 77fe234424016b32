import type { Json, JsonObject } from "~/engine/types";

/**
 * What was typed into the form the server drew (`plainFormHtml`, ./plain-form.ts) before the page's scripts came:
 * read when the live form takes its place, and carried over a reload. Apart from the drawing, so that the page's
 * entry script can carry them without loading what the drawing needs.
 */

// Not engine/json's isPlainObject: every page's entry script imports this file, and that module would come with it.
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** One answer typed into the plain form before the scripts came: its section, its field, the value (undefined: cleared). */
export type TypedAnswer = { section: string; field: string; value: Json | undefined };

/** A choice's value as the server wrote it (JSON); nothing for the empty choice or a value altered in the page. */
function parsed(text: string): Json | undefined {
  try {
    return text === "" ? undefined : (JSON.parse(text) as Json);
  } catch {
    return undefined;
  }
}

/** What was typed into a field of the plain form, or null when it still holds the answer the server drew. */
function typedInto(field: HTMLElement): { value: Json | undefined } | null {
  const kind = field.dataset.k;
  if (kind === "radio" || kind === "checkbox" || kind === "checkboxes") {
    const boxes = [...field.querySelectorAll<HTMLInputElement>("input")];
    if (boxes.every((box) => box.checked === box.defaultChecked)) return null;
    const picked = boxes
      .filter((box) => box.checked)
      .map((box) => parsed(box.value))
      .filter((value) => value !== undefined);
    if (kind === "checkboxes") return { value: picked };
    if (kind === "checkbox") return { value: picked.length > 0 };
    return { value: picked[0] };
  }
  if (kind === "select") {
    const select = field.querySelector("select")!;
    if ([...select.options].every((option) => option.selected === option.defaultSelected)) return null;
    return { value: parsed(select.value) };
  }
  const input = field.querySelector<HTMLInputElement | HTMLTextAreaElement>("input, textarea");
  if (!input || input.value === input.defaultValue) return null;
  if (kind !== "number") return { value: input.value === "" ? undefined : input.value };
  const number = input.value === "" ? undefined : Number(input.value);
  return { value: number === undefined || !Number.isFinite(number) ? undefined : number };
}

/** The answers typed into the plain form (in `container`) since the server drew it. */
export function typedAnswers(container: HTMLElement): TypedAnswer[] {
  return [...container.querySelectorAll<HTMLElement>("[data-f]")].flatMap((field) => {
    const typed = typedInto(field);
    return typed ? [{ section: field.dataset.s!, field: field.dataset.f!, value: typed.value }] : [];
  });
}

/** The answers with those typed before the scripts came put in, a cleared one removed. */
export function withTypedAnswers(data: JsonObject, typed: TypedAnswer[]): JsonObject {
  const next: JsonObject = { ...data };
  for (const { section, field, value } of typed) {
    const answers: JsonObject = isObject(next[section]) ? { ...(next[section] as JsonObject) } : {};
    if (value === undefined) delete answers[field];
    else Object.defineProperty(answers, field, { value, enumerable: true, writable: true, configurable: true });
    Object.defineProperty(next, section, { value: answers, enumerable: true, writable: true, configurable: true });
  }
  return next;
}

const CARRIED = "branchmark:typed-before-reload:";

/**
 * Keeps what was typed into the plain form for the page's next load (sessionStorage, this tab only): a page whose
 * data could not be loaded is reloaded with nothing but this (app/entry.client.tsx), and must not lose it.
 */
export function carryTypedAnswers(): void {
  const form = document.querySelector<HTMLElement>(".plain-form");
  if (!form) return;
  const typed = [...takeCarriedAnswers(), ...typedAnswers(form)];
  if (typed.length) sessionStorage.setItem(CARRIED + location.pathname, JSON.stringify(typed));
}

let carried: TypedAnswer[] | undefined;

/**
 * The answers carried over the last reload of this page (`carryTypedAnswers`), taken from the tab's storage on the
 * first call of the page's life (React runs a layout effect twice in development, and both runs must see them).
 */
export function takeCarriedAnswers(): TypedAnswer[] {
  carried ??= readCarriedAnswers();
  return carried;
}

function readCarriedAnswers(): TypedAnswer[] {
  const key = CARRIED + location.pathname;
  const stored = sessionStorage.getItem(key);
  sessionStorage.removeItem(key);
  try {
    const typed: unknown = stored ? JSON.parse(stored) : [];
    return Array.isArray(typed)
      ? typed.filter(
          (t): t is TypedAnswer => isObject(t) && typeof t.section === "string" && typeof t.field === "string",
        )
      : [];
  } catch {
    return [];
  }
}

/** The plain form's field the person is typing in, to be focused again in the form that takes its place. */
export type FocusedField = { id: string; selection: [number, number] | null };

export function focusedField(container: HTMLElement): FocusedField | undefined {
  const active = document.activeElement;
  if (!(active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement)) return undefined;
  if (!container.contains(active) || !["text", "number", "textarea"].includes(active.type)) return undefined;
  // A number input has no selection to read; the caret goes back to the end of what was typed.
  const { selectionStart: start, selectionEnd: end } = active;
  return { id: active.id, selection: start === null || end === null ? null : [start, end] };
}
