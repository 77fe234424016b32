import { Menu } from "antd";
import type { ReactNode } from "react";
import { useHydrated } from "~/utils/hydrated";
import { CSS_VAR_SCOPE } from "~/utils/theme";

type TopNavItem = { key: string; label: ReactNode };

/**
 * The navigation across the top of a signed-in page (wide screens; phones open it in a drawer). The server sends
 * antd's dark menu as plain markup — antd's own classes, so it looks the same, and links that work before the
 * scripts run — because rendering antd's Menu was about a fifth of the form page's processor time on the server
 * (bench/RESULTS.md). Once the page is hydrated antd's Menu takes its place and folds what does not fit into "⋯";
 * until then, what does not fit is cut off at the edge rather than drawn under the account's name.
 */
export function TopNav({ items, selected }: { items: TopNavItem[]; selected: string }) {
  const hydrated = useHydrated();
  if (hydrated)
    return (
      <Menu
        className="nav-desktop"
        theme="dark"
        mode="horizontal"
        selectedKeys={[selected]}
        items={items}
        style={{ flex: 1, minWidth: 0 }}
      />
    );
  return (
    <ul
      className={`ant-menu-overflow ant-menu ant-menu-root ant-menu-horizontal ant-menu-dark nav-desktop ${CSS_VAR_SCOPE} ant-menu-css-var`}
      role="menu"
      style={{ flex: 1, minWidth: 0, overflow: "hidden" }}
    >
      {items.map((item) => (
        <li
          key={item.key}
          role="menuitem"
          className={`ant-menu-overflow-item ant-menu-item ant-menu-item-only-child${item.key === selected ? " ant-menu-item-selected" : ""}`}
        >
          <span className="ant-menu-title-content">{item.label}</span>
        </li>
      ))}
    </ul>
  );
}
