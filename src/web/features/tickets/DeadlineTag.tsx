// A ticket's running stage in colour: green on time, orange near the end, red overdue, grey
// while the clock waits for the citizen; with the due time in Vietnam time.
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { deadlineState, type DeadlineState, type TicketDeadline } from './deadline.ts';

const COLORS: Record<Exclude<DeadlineState, 'none'>, string> = {
  onTime: 'green',
  dueSoon: 'orange',
  overdue: 'red',
  paused: 'default',
};

/** Nothing when no stage runs (`showNone` writes "—" instead, for tables). */
export function DeadlineTag({ deadline, showNone = false }: { deadline: TicketDeadline | null | undefined; showNone?: boolean }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const state = deadlineState(deadline);
  if (state === 'none' || !deadline) return showNone ? <span>—</span> : null;
  const stage = deadline.stage ? t(`deadline.stage.${deadline.stage}`) : '';
  const text =
    state === 'paused'
      ? t('deadline.paused')
      : t(`deadline.${state}`, { at: deadline.dueAt ? formatDateTime(deadline.dueAt, language) : '—' });
  const tip =
    state === 'paused' && deadline.pausedRemainingMinutes !== null
      ? t('deadline.pausedLeft', { stage, hours: (Math.round(deadline.pausedRemainingMinutes / 6) / 10).toLocaleString(language) })
      : t('deadline.stageTip', { stage });
  return (
    <Tooltip title={tip}>
      <Tag color={COLORS[state]} data-testid="deadline-tag" data-state={state} style={{ marginInlineEnd: 0 }}>
        {text}
      </Tag>
    </Tooltip>
  );
}
