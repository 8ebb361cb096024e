// The agency's lists: tickets forwarded to it (focal point) and tickets assigned to me, by state.
import { useQuery } from '@tanstack/react-query';
import { Badge, Flex, Input, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketStatus } from '../../../common/tickets.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useLiveTickets } from '../../features/tickets/live.ts';
import { TicketTable } from '../../features/tickets/TicketTable.tsx';
import { ticketCounts, ticketKeys, type TicketFilters } from '../../features/tickets/tickets.api.ts';

const AGENCY_STATES: TicketStatus[] = ['forwarded', 'in_progress', 'waiting_citizen', 'answer_submitted'];

function AgencyTickets({ kind }: { kind: 'inbox' | 'assigned' }) {
  const { t } = useTranslation();
  const navKey = kind === 'inbox' ? 'agencyInbox' : 'assigned';
  useDocumentTitle(t(`nav.${navKey}.title`));
  useLiveTickets();
  const states = kind === 'inbox' ? AGENCY_STATES : AGENCY_STATES.filter((s) => s !== 'forwarded');
  const [tab, setTab] = useState<string>(states[0]!);
  const [q, setQ] = useState('');
  const counts = useQuery({ queryKey: ticketKeys.counts, queryFn: ({ signal }) => ticketCounts(signal), staleTime: 0, enabled: kind === 'inbox' });

  const filters = useMemo<TicketFilters>(
    () => ({
      status: tab === 'all' ? states : [tab],
      ...(kind === 'assigned' ? { assignee: 'me' } : {}),
      ...(q.trim() ? { q: q.trim() } : {}),
    }),
    [tab, kind, q, states],
  );

  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {t(`nav.${navKey}.title`)}
        </Typography.Title>
        <Typography.Text type="secondary">{t(`nav.${navKey}.description`)}</Typography.Text>
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[...states, 'all'].map((key) => {
          const count = key === 'all' ? undefined : counts.data?.[key];
          return {
            key,
            label: (
              <Flex align="center" gap={6}>
                <span>{key === 'all' ? t('tickets.queues.all') : t(`tickets.status.${key as TicketStatus}`)}</span>
                {count !== undefined && <Badge count={count} showZero overflowCount={9999} color="blue" />}
              </Flex>
            ),
          };
        })}
      />
      <Input.Search allowClear style={{ maxWidth: 320 }} placeholder={t('tickets.console.searchPlaceholder')} aria-label={t('tickets.console.search')} onSearch={setQ} />
      <TicketTable filters={filters} testId={`agency-${kind}-table`} />
    </Flex>
  );
}

export function AgencyInboxPage() {
  return <AgencyTickets kind="inbox" />;
}

export function AgencyAssignedPage() {
  return <AgencyTickets kind="assigned" />;
}
