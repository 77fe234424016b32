import { Select } from "antd";

/** The year a page shows, from the years that have submissions (“2025 年度”). */
export function YearSelect({
  value,
  years,
  onChange,
  label = "年度",
}: {
  value: number;
  years: number[];
  onChange: (year: number) => void;
  label?: string;
}) {
  return (
    <Select
      aria-label={label}
      value={value}
      style={{ width: 120 }}
      onChange={onChange}
      options={years.map((y) => ({ value: y, label: `${y} 年度` }))}
    />
  );
}
