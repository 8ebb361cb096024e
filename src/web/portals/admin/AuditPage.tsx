// The audit trail, newest first: filter by action, entity, actor and dates (Vietnam time),
// keyset "load more", each row's changes unfolded on demand.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Flex, Form, Input, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { dateInputFormat, formatDateTime, TIME_ZONE } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { adminKeys, searchAudit, type AuditFilters, type AuditRow } from './admin.api.ts';
import { AdminPageHeader } from './shared.tsx';

interface AuditForm {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
}

/** The start of a local (Vietnam) day as an instant. */
function vietnamDay(day: Dayjs, end: boolean): string {
  const start = dayjs.tz(day.format('YYYY-MM-DD'), TIME_ZONE);
  return (end ? start.endOf('day') : start).toISOString();
}

function toFilters(values: AuditForm): AuditFilters {
  const text = (value: string | undefined) => value?.trim() || undefined;
  const [from, to] = values.dates ?? [null, null];
  const filters: AuditFilters = {
    action: text(values.action),
    entityType: text(values.entityType),
    entityId: text(values.entityId),
    actorId: text(values.actorId),
    from: from ? vietnamDay(from, false) : undefined,
    to: to ? vietnamDay(to, true) : undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)) as AuditFilters;
}

export function AuditPage() {
  const { t } = useTranslation();
  const language = currentLanguage();
  useDocumentTitle(t('nav.audit.title'));
  const [form] = Form.useForm<AuditForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const list = useInfiniteQuery({
    queryKey: adminKeys.audit(filters),
    queryFn: ({ pageParam, signal }) => searchAudit(filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader title={t('nav.audit.title')} description={t('nav.audit.description')} />
      <Form<AuditForm> form={form} name="audit" layout="inline" onFinish={(values) => setFilters(toFilters(values))} style={{ rowGap: 8 }}>
        <Form.Item name="action" label={t('admin.audit.action')}>
          <Input allowClear placeholder="user.created" style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="entityType" label={t('admin.audit.entityType')}>
          <Input allowClear placeholder="user" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="entityId" label={t('admin.audit.entityId')}>
          <Input allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="actorId" label={t('admin.audit.actorId')}>
          <Input allowClear style={{ width: 170 }} />
        </Form.Item>
        <Form.Item name="dates" label={t('admin.audit.dates')}>
          <DatePicker.RangePicker format={dateInputFormat(currentLanguage())} allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Flex gap="small">
            <Button type="primary" htmlType="submit">
              {t('admin.audit.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('admin.audit.clear')}
            </Button>
          </Flex>
        </Form.Item>
      </Form>
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error)} />}
      <Table<AuditRow>
        data-testid="audit-table"
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('admin.common.empty') }}
        expandable={{
          rowExpandable: (row) => row.changes !== null && row.changes !== undefined,
          expandedRowRender: (row) => (
            <Typography.Paragraph code style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
              {JSON.stringify(row.changes, null, 2)}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: t('admin.audit.at'), dataIndex: 'at', width: 150, render: (value: string) => formatDateTime(value, language) },
          {
            title: t('admin.audit.actor'),
            dataIndex: 'actorLabel',
            width: 200,
            render: (label: string, row) => (
              <Typography.Text title={row.actorId ?? undefined} copyable={row.actorId ? { text: row.actorId, tooltips: [t('admin.audit.copyActorId'), t('admin.common.copied')] } : false}>
                {label}
              </Typography.Text>
            ),
          },
          { title: t('admin.audit.action'), dataIndex: 'action', width: 220, render: (action: string) => <code>{action}</code> },
          { title: t('admin.audit.entityType'), dataIndex: 'entityType', width: 120 },
          { title: t('admin.audit.entityId'), dataIndex: 'entityId', ellipsis: true, render: (id: string | null) => id ?? '—' },
          { title: t('admin.audit.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? '—' },
        ]}
      />
      {list.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('admin.common.loadMore')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
