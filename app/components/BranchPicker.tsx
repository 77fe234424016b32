import { Select } from "antd";
import { useState } from "react";
import { useApi } from "~/utils/api";

type BranchOption = { id: number; name: string; regionName: string };

/**
 * A branch picker that searches the region's branches on the server when opened or typed into, never loading them
 * all; it starts afresh when the region changes (its key).
 */
export function BranchPicker({
  region,
  value,
  onChange,
  exclude,
}: {
  region?: string;
  value?: number;
  onChange?: (id: number) => void;
  /** A branch not to offer (the one being merged). */
  exclude?: number;
}) {
  const { call } = useApi();
  const [options, setOptions] = useState<BranchOption[]>([]);
  const search = async (q: string) => {
    if (!region) return setOptions([]);
    const outcome = await call<{ branches: BranchOption[] }>(
      `/api/v1/branches?region=${encodeURIComponent(region)}&q=${encodeURIComponent(q)}`,
      {},
      { quiet: true },
    );
    if (outcome.ok) setOptions(outcome.data.branches.filter((b) => b.id !== exclude));
  };
  return (
    <Select
      showSearch
      aria-label="所属党支部"
      placeholder={region ? "输入支部名称搜索" : "请先选择区域"}
      disabled={!region}
      filterOption={false}
      onSearch={search}
      onOpenChange={(open) => open && void search("")}
      value={value}
      onChange={onChange}
      options={options.map((b) => ({ value: b.id, label: `${b.name}（${b.regionName}）` }))}
    />
  );
}
