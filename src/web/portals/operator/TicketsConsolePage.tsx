// The operator console: queues as tabs with live counters, search and filters, the list.
import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Flex, Input, Select, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { CHANNELS, TICKET_STATUSES, TICKET_TYPES } from '../../../common/tickets.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ACCENT_FREE_SEARCH } from '../../features/tickets/labels.tsx';
import { useLiveTickets } from '../../features/tickets/live.ts';
import { useConsoleShortcuts } from '../../features/tickets/shortcuts.ts';
import { TicketTable } from '../../features/tickets/TicketTable.tsx';
import { listDomains, ticketCounts, ticketKeys, type TicketFilters } from '../../features/tickets/tickets.api.ts';

type Queue = 'new' | 'returned' | 'review' | 'overdue' | 'mine' | 'all';
const QUEUES: Record<Queue, { filters: TicketFilters; counted: string[] | null }> = {
  new: { filters: { status: ['new'] }, counted: ['new'] },
  returned: { filters: { status: ['returned'] }, counted: ['returned'] },
  review: { filters: { status: ['answer_submitted'] }, counted: ['answer_submitted'] },
  overdue: { filters: { overdue: 'true' }, counted: null },
  mine: { filters: { assignee: 'me' }, counted: null },
  all: { filters: {}, counted: [...TICKET_STATUSES] },
};

export function TicketsConsolePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const language = currentLanguage();
  useDocumentTitle(t('nav.tickets.title'));
  useLiveTickets();
  useConsoleShortcuts();

  const [queue, setQueue] = useState<Queue>('new');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<string[]>([]);
  const [type, setType] = useState<string[]>([]);
  const [channel, setChannel] = useState<string[]>([]);
  const [domain, setDomain] = useState<string[]>([]);

  const counts = useQuery({ queryKey: ticketKeys.counts, queryFn: ({ signal }) => ticketCounts(signal), staleTime: 0 });
  const domains = useQuery({ queryKey: ['reference', 'domains'], queryFn: ({ signal }) => listDomains(signal), staleTime: Infinity });

  const filters = useMemo<TicketFilters>(() => {
    const base = QUEUES[queue].filters;
    return {
      ...base,
      ...(queue === 'all' || queue === 'mine' || queue === 'overdue' ? (status.length ? { status } : {}) : {}),
      ...(q.trim() ? { q: q.trim() } : {}),
      ...(type.length ? { type } : {}),
      ...(channel.length ? { channel } : {}),
      ...(domain.length ? { domain } : {}),
    };
  }, [queue, q, status, type, channel, domain]);

  const countOf = (statuses: string[] | null) =>
    statuses && counts.data ? statuses.reduce((sum, s) => sum + (counts.data[s] ?? 0), 0) : undefined;

  const tabLabel = (key: Queue) => {
    const count = countOf(QUEUES[key].counted);
    return (
      <Flex align="center" gap={6}>
        <span>{t(`tickets.queues.${key}`)}</span>
        {count !== undefined && (
          <Badge count={count} showZero overflowCount={9999} color={key === 'returned' && count > 0 ? 'volcano' : 'blue'} data-testid={`queue-count-${key}`} />
        )}
      </Flex>
    );
  };

  return (
    <Flex vertical gap="middle">
      <Flex justify="space-between" align="start" wrap gap="middle">
        <div>
          <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
            {t('nav.tickets.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('tickets.console.shortcuts')}</Typography.Text>
        </div>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/tickets/new')}>
          {t('tickets.console.newTicket')}
        </Button>
      </Flex>
      <Tabs
        activeKey={queue}
        onChange={(key) => setQueue(key as Queue)}
        items={(Object.keys(QUEUES) as Queue[]).map((key) => ({ key, label: tabLabel(key) }))}
      />
      <Flex wrap gap="small">
        <Input.Search
          allowClear
          style={{ width: 320 }}
          placeholder={t('tickets.console.searchPlaceholder')}
          aria-label={t('tickets.console.search')}
          onSearch={(value) => setQ(value)}
        />
        {(queue === 'all' || queue === 'mine' || queue === 'overdue') && (
          <Select
            mode="multiple"
            allowClear
            style={{ minWidth: 200 }}
            placeholder={t('tickets.fields.status')}
            value={status}
            onChange={setStatus}
            options={TICKET_STATUSES.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
          />
        )}
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('tickets.fields.type')}
          value={type}
          onChange={setType}
          options={TICKET_TYPES.map((s) => ({ value: s, label: t(`tickets.type.${s}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('tickets.fields.channel')}
          value={channel}
          onChange={setChannel}
          options={CHANNELS.map((s) => ({ value: s, label: t(`tickets.channel.${s}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          showSearch={ACCENT_FREE_SEARCH}
          style={{ minWidth: 200 }}
          placeholder={t('tickets.fields.domain')}
          value={domain}
          onChange={setDomain}
          options={(domains.data ?? []).map((d) => ({ value: d.code, label: language === 'en' ? d.nameEn : d.name }))}
        />
      </Flex>
      <TicketTable filters={filters} />
    </Flex>
  );
}
