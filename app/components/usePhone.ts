import { Grid } from "antd";

/**
 * True in a browser narrower than antd's `md` breakpoint (768 px), where wide tables become cards. False on the
 * server and until the page has hydrated: a phone sees the table for that moment, then the cards.
 */
export function usePhone(): boolean {
  return Grid.useBreakpoint().md === false;
}
