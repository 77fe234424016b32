import { Alert, Space } from "antd";
import { JsonEditor } from "~/components/rulesets/ClientOnly";
import { validateFormat } from "~/engine/format";
import type { ApiProblem } from "~/utils/api";
import rulesetSchema from "../../../schemas/ruleset.schema.json";

/** The whole rule set as JSON, with completion from the format schema and every problem underlined where it is. */
export function JsonTab({
  text,
  invalid,
  problems,
  readOnly,
  onChange,
}: {
  text: string;
  invalid: boolean;
  problems: ApiProblem[];
  readOnly: boolean;
  onChange: (text: string) => void;
}) {
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {invalid ? (
        <Alert type="error" showIcon message="JSON 有格式错误：其他页显示的是最后一次有效的内容，修正后才会应用。" />
      ) : null}
      <JsonEditor
        value={text}
        schema={rulesetSchema}
        validate={validateFormat}
        problems={problems}
        readOnly={readOnly}
        height="640px"
        ariaLabel="规则集 JSON"
        onChange={onChange}
      />
    </Space>
  );
}
