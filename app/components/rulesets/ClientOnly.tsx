import { Skeleton } from "antd";
import { lazy, Suspense } from "react";
import { useHydrated } from "~/utils/hydrated";
import type { ConditionBuilderProps } from "./ConditionBuilder.client";
import type { JsonEditorProps } from "./JsonEditor.client";

const LazyJsonEditor = lazy(() => import("./JsonEditor.client"));
const LazyConditionBuilder = lazy(() => import("./ConditionBuilder.client"));

/** CodeMirror, loaded in the browser only (it needs the DOM, and its packages are browser modules). */
export function JsonEditor(props: JsonEditorProps) {
  const hydrated = useHydrated();
  const fallback = <Skeleton active paragraph={{ rows: 8 }} />;
  return hydrated ? <Suspense fallback={fallback}>{<LazyJsonEditor {...props} />}</Suspense> : fallback;
}

/** react-querybuilder with antd controls, loaded in the browser only (its antd date picker is a browser module). */
export function ConditionBuilder(props: ConditionBuilderProps) {
  const hydrated = useHydrated();
  const fallback = <Skeleton active paragraph={{ rows: 3 }} />;
  return hydrated ? <Suspense fallback={fallback}>{<LazyConditionBuilder {...props} />}</Suspense> : fallback;
}
