import { Input, Popconfirm } from "antd";
import { useState, type ReactNode } from "react";

/** A button's confirmation that asks for a reason first (a 不合格 mark, a 不通过 check): no reason, no confirming. */
export function ReasonConfirm({
  title,
  label,
  okText,
  maxLength = 500,
  onConfirm,
  children,
}: {
  title: string;
  /** The reason box's accessible name. */
  label: string;
  okText: string;
  maxLength?: number;
  onConfirm: (reason: string) => void;
  children: ReactNode;
}) {
  const [reason, setReason] = useState("");
  return (
    <Popconfirm
      title={title}
      description={
        <Input.TextArea
          aria-label={label}
          value={reason}
          maxLength={maxLength}
          autoSize={{ minRows: 2, maxRows: 4 }}
          onChange={(e) => setReason(e.target.value)}
          style={{ width: 280 }}
        />
      }
      okText={okText}
      okButtonProps={{ disabled: !reason.trim() }}
      onConfirm={() => {
        onConfirm(reason.trim());
        setReason("");
      }}
    >
      {children}
    </Popconfirm>
  );
}
