// How ticket vocabulary looks on screen: status tags, channel and type names.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TicketStatus } from '../../../common/tickets.ts';

const STATUS_COLORS: Record<TicketStatus, string> = {
  new: 'blue',
  forwarded: 'geekblue',
  in_progress: 'processing',
  waiting_citizen: 'orange',
  answer_submitted: 'purple',
  answered: 'green',
  closed: 'default',
  returned: 'volcano',
  rejected: 'red',
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = STATUS_COLORS[status as TicketStatus] ?? 'default';
  return (
    <Tag color={color} data-testid="status-tag">
      {t(`tickets.status.${status as TicketStatus}`, { defaultValue: status })}
    </Tag>
  );
}

/** Folds text for matching: no accents, đ = d, lower case. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** Select search that ignores accents ("xay dung" finds "Xây dựng"). */
export const ACCENT_FREE_SEARCH = {
  filterOption: (input: string, option?: { label?: unknown }) => foldText(String(option?.label ?? '')).includes(foldText(input.trim())),
};
