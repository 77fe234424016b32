import { englishStringTranslator, replaceStringParameters, TranslatableString } from "@rjsf/utils";

const ZH: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.ArrayItemTitle]: "项目",
  [TranslatableString.MissingItems]: "缺少列表项定义",
  [TranslatableString.EmptyArray]: "暂无项目，请用下方按钮添加。",
  [TranslatableString.YesLabel]: "是",
  [TranslatableString.NoLabel]: "否",
  [TranslatableString.CloseLabel]: "关闭",
  [TranslatableString.ErrorsLabel]: "错误",
  [TranslatableString.NewStringDefault]: "新值",
  [TranslatableString.AddButton]: "添加",
  [TranslatableString.AddItemButton]: "添加一项",
  [TranslatableString.CopyButton]: "复制",
  [TranslatableString.MoveDownButton]: "下移",
  [TranslatableString.MoveUpButton]: "上移",
  [TranslatableString.RemoveButton]: "删除",
  [TranslatableString.NowLabel]: "现在",
  [TranslatableString.ClearLabel]: "清除",
  [TranslatableString.AriaDateLabel]: "选择日期",
  [TranslatableString.DecrementAriaLabel]: "减 1",
  [TranslatableString.IncrementAriaLabel]: "加 1",
  [TranslatableString.OptionalObjectAdd]: "填写此可选项",
  [TranslatableString.OptionalObjectRemove]: "清空此可选项",
  [TranslatableString.OptionalObjectEmptyMsg]: "此可选项未填写",
  [TranslatableString.Type]: "类型",
  [TranslatableString.Value]: "值",
  [TranslatableString.ClearButton]: "清空输入",
  [TranslatableString.UnknownFieldType]: "未知的字段类型 %1",
  [TranslatableString.OptionPrefix]: "选项 %1",
  [TranslatableString.UnsupportedField]: "不支持的字段定义。",
};

/** rjsf's own strings in Chinese; anything not listed falls back to English. */
export function translateZh(key: TranslatableString, params?: string[]): string {
  const text = ZH[key];
  return text ? replaceStringParameters(text, params) : englishStringTranslator(key, params);
}
