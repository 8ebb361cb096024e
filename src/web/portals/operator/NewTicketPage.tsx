// The incoming-call panel: the caller's number brings up their history, and the ticket is
// filed by keyboard alone (Enter moves on, Ctrl+Enter saves).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Flex, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PRIORITIES, TICKET_TYPES } from '../../../common/tickets.ts';
import { errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ACCENT_FREE_SEARCH, StatusTag } from '../../features/tickets/labels.tsx';
import { useConsoleShortcuts } from '../../features/tickets/shortcuts.ts';
import { createTicket, listDomains, lookupContact, ticketKeys } from '../../features/tickets/tickets.api.ts';

interface CallForm {
  phone?: string;
  name?: string;
  type: string;
  domainCode?: string;
  content?: string;
  address?: string;
  priority: string;
}

/** The fields in the order Enter walks through them. */
const ORDER = ['phone', 'name', 'type', 'domainCode', 'content', 'address', 'priority'] as const;
type Field = (typeof ORDER)[number];

function focusField(field: Field): void {
  const id = `call_${field}`;
  const radio = document.querySelector<HTMLInputElement>(`#${id} input:checked`) ?? document.querySelector<HTMLInputElement>(`#${id} input`);
  (radio ?? document.getElementById(id))?.focus();
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function NewTicketPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const language = currentLanguage();
  useDocumentTitle(t('nav.newTicket.title'));
  useConsoleShortcuts();
  const [form] = Form.useForm<CallForm>();
  const startedAt = useRef(new Date().toISOString());
  const phone = Form.useWatch('phone', form) ?? '';
  const digits = useDebounced(phone.replace(/\D/g, ''), 300);

  const domains = useQuery({ queryKey: ['reference', 'domains'], queryFn: ({ signal }) => listDomains(signal), staleTime: Infinity });
  const history = useQuery({
    queryKey: ['contacts', 'lookup', digits],
    queryFn: ({ signal }) => lookupContact(digits, signal),
    enabled: digits.length >= 8,
  });

  const save = useMutation({
    mutationFn: (values: CallForm) => {
      const callerPhone = values.phone?.trim();
      const name = values.name?.trim();
      return createTicket({
        type: values.type,
        channel: 'phone_in',
        content: values.content?.trim() ?? '',
        priority: values.priority,
        ...(values.domainCode ? { domainCode: values.domainCode } : {}),
        ...(values.address?.trim() ? { address: values.address.trim() } : {}),
        ...(callerPhone || name ? { contact: { ...(callerPhone ? { phone: callerPhone } : {}), ...(name ? { name } : {}) } } : {}),
        interaction: { call: { ...(callerPhone ? { callerNumber: callerPhone } : {}), startedAt: startedAt.current } },
      });
    },
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: ticketKeys.all });
      void message.success(t('tickets.newTicket.saved', { code: ticket.code }));
      void navigate(`/tickets/${ticket.code}`);
    },
  });

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter') return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      form.submit();
      return;
    }
    const target = event.target as HTMLElement;
    // A select handles Enter itself (open the list, pick an option); picking moves on.
    if (target.closest('.ant-select') || event.shiftKey || target.tagName === 'BUTTON') return;
    const holder = target.closest('[id^="call_"]') ?? target;
    const field = holder.id.replace(/^call_/, '') as Field;
    const index = ORDER.indexOf(field);
    if (index < 0) return;
    event.preventDefault();
    const next = ORDER[index + 1];
    if (next) focusField(next);
    else form.submit();
  };

  const contact = history.data?.contact;
  return (
    <Flex vertical gap="middle">
      <div>
        <Typography.Title level={1} style={{ fontSize: 24, marginBottom: 4 }}>
          {t('nav.newTicket.title')}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="shortcut-help">
          {t('tickets.newTicket.shortcuts')}
        </Typography.Text>
      </div>
      <Row gutter={[24, 24]}>
        <Col xs={24} lg={14}>
          <Form<CallForm>
            form={form}
            name="call"
            layout="vertical"
            initialValues={{ type: 'feedback', priority: 'normal' }}
            onFinish={(values) => save.mutate(values)}
            onKeyDown={onKeyDown}
          >
            {save.isError && <Alert type="error" showIcon title={errorMessage(save.error)} description={errorDetail(save.error)} style={{ marginBottom: 16 }} />}
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="phone" label={t('tickets.newTicket.phone')}>
                  <Input autoFocus inputMode="tel" autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="name" label={t('tickets.newTicket.name')}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="type" label={t('tickets.fields.type')} rules={[{ required: true }]}>
              <Radio.Group optionType="button" options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))} />
            </Form.Item>
            <Form.Item name="domainCode" label={t('tickets.fields.domain')}>
              <Select
                allowClear
                showSearch={ACCENT_FREE_SEARCH}
                loading={domains.isPending}
                options={(domains.data ?? []).map((d) => ({ value: d.code, label: language === 'en' ? d.nameEn : d.name }))}
                onSelect={() => setTimeout(() => focusField('content'), 0)}
              />
            </Form.Item>
            <Form.Item
              name="content"
              label={t('tickets.fields.content')}
              extra={t('tickets.newTicket.contentHelp')}
              rules={[{ required: true, whitespace: true, message: t('tickets.newTicket.contentRequired') }]}
            >
              <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} />
            </Form.Item>
            <Form.Item name="address" label={t('tickets.fields.address')}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="priority" label={t('tickets.fields.priority')}>
              <Radio.Group optionType="button" options={PRIORITIES.map((value) => ({ value, label: t(`tickets.priority.${value}`) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              {t('tickets.newTicket.save')}
            </Button>
          </Form>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('tickets.newTicket.historyTitle')} size="small" data-testid="caller-history">
            {digits.length < 8 ? (
              <Typography.Text type="secondary">{t('tickets.newTicket.historyHint')}</Typography.Text>
            ) : history.isPending ? (
              <Typography.Text type="secondary">{t('tickets.newTicket.historyLoading')}</Typography.Text>
            ) : history.isError ? (
              <Alert type="error" showIcon title={errorMessage(history.error)} />
            ) : !contact ? (
              <Typography.Text>{t('tickets.newTicket.newCaller')}</Typography.Text>
            ) : (
              <Flex vertical gap="small">
                <Typography.Text strong>
                  {t('tickets.newTicket.knownCaller', { name: contact.name ?? '—', count: history.data.tickets.length })}
                </Typography.Text>
                <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                  {history.data.tickets.map((item) => (
                    <li key={item.code} style={{ paddingBlock: 6, borderBottom: '1px solid rgba(5,5,5,0.06)' }}>
                      <Flex vertical style={{ minWidth: 0 }}>
                        <Flex gap="small" align="center">
                          <Link to={`/tickets/${item.code}`} tabIndex={-1}>
                            {item.code}
                          </Link>
                          <StatusTag status={item.status} />
                        </Flex>
                        <Typography.Text ellipsis>{item.title}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(item.createdAt, language)}
                        </Typography.Text>
                      </Flex>
                    </li>
                  ))}
                </ul>
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
