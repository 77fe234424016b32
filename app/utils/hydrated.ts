import { useEffect, useLayoutEffect, useSyncExternalStore } from "react";

const subscribeNever = () => () => {};

/** False on the server and during hydration, true in the browser after: for parts that only work with scripts. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

/** `useLayoutEffect` in the browser, nothing on the server (where React warns that a layout effect cannot run). */
export const useIsomorphicLayoutEffect = typeof document === "undefined" ? useEffect : useLayoutEffect;
