export type RegionNode = { code: string; name: string; parentCode: string | null };
export type RegionTreeNode = { key: string; title: string; children: RegionTreeNode[] };

/** Nests regions under their parents; regions whose parent is not in the list become roots. */
export function buildRegionTree(regions: RegionNode[]): RegionTreeNode[] {
  const nodes = new Map(
    regions.map((r) => [r.code, { key: r.code, title: `${r.name}（${r.code}）`, children: [] as RegionTreeNode[] }]),
  );
  const roots: RegionTreeNode[] = [];
  for (const r of regions) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

export type RegionTreeSelectNode = { value: string; title: string; children: RegionTreeSelectNode[] };

/** The same tree in the shape antd's TreeSelect takes. */
export function regionTreeSelectData(regions: RegionNode[]): RegionTreeSelectNode[] {
  const toSelect = (n: RegionTreeNode): RegionTreeSelectNode => ({
    value: n.key,
    title: n.title,
    children: n.children.map(toSelect),
  });
  return buildRegionTree(regions).map(toSelect);
}
