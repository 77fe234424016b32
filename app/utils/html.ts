const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text made safe for an HTML string: for the places React does not escape for us — ECharts formatters (which return
 * HTML), anything written to innerHTML. Every user string that reaches one goes through this.
 */
export const escapeHtml = (text: unknown): string => String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
