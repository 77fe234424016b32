import { useSearchParams } from "@remix-run/react";

/**
 * Changes some of the page's URL parameters (a `null` removes one), so the loader answers with the new filter;
 * any change but the page number itself goes back to the first page.
 */
export function useFilterParams(): (patch: Record<string, string | null>) => void {
  const [, setParams] = useSearchParams();
  return (patch) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(patch))
        if (value) next.set(key, value);
        else next.delete(key);
      if (!("page" in patch)) next.delete("page");
      return next;
    });
}

/** antd Table pagination for a page the server chose: the URL's page number and the total, counted in `unit`. */
export function useServerPagination(page: number, pageSize: number, total: number, unit: string) {
  const update = useFilterParams();
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: false,
    showTotal: (n: number) => `共 ${n} ${unit}`,
    onChange: (next: number) => update({ page: String(next) }),
  };
}
