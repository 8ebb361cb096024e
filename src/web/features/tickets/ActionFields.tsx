// The fields of the ticket actions that take more than one text: classify, reject, forward (with
// ranked routing suggestions), assign (from the agency's staff list), link a duplicate, and the
// extension and progress-report forms. ActionDialog places them in its form.
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Descriptions, Flex, Form, Input, List, Radio, Select, Tag, Typography, type FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, TICKET_TYPES } from '../../../common/tickets.ts';
import { dateInputFormat, formatDateTime, formatLocalDate, vietnamToday } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { ACCENT_FREE_SEARCH } from './labels.tsx';
import { listAgencies, listDomains, listOutOfScope, routingSuggestions, ticketKeys, unitStaff, type Ticket } from './tickets.api.ts';

/** Local dates up to today (Vietnam) cannot be chosen. */
const notAfterToday = (day: Dayjs) => day.format('YYYY-MM-DD') <= vietnamToday();

function useRequired() {
  const { t } = useTranslation();
  return { required: true, whitespace: true, message: t('tickets.actions.required') };
}

const area = (rows: number) => <Input.TextArea autoSize={{ minRows: rows, maxRows: 14 }} />;

export function useAgencyOptions() {
  const agencies = useQuery({ queryKey: ['reference', 'agencies'], queryFn: ({ signal }) => listAgencies(signal), staleTime: Infinity });
  return { loading: agencies.isPending, options: (agencies.data ?? []).map((unit) => ({ value: unit.code, label: unit.name })) };
}

export function ClassifyFields() {
  const { t } = useTranslation();
  const language = currentLanguage();
  const domains = useQuery({ queryKey: ['reference', 'domains'], queryFn: ({ signal }) => listDomains(signal), staleTime: Infinity });
  return (
    <>
      <Form.Item name="type" label={t('tickets.fields.type')}>
        <Radio.Group optionType="button" options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))} />
      </Form.Item>
      <Form.Item name="domainCode" label={t('tickets.fields.domain')}>
        <Select showSearch={ACCENT_FREE_SEARCH} options={(domains.data ?? []).map((d) => ({ value: d.code, label: language === 'en' ? d.nameEn : d.name }))} />
      </Form.Item>
      <Form.Item name="priority" label={t('tickets.fields.priority')}>
        <Radio.Group optionType="button" options={PRIORITIES.map((value) => ({ value, label: t(`tickets.priority.${value}`) }))} />
      </Form.Item>
      <Form.Item name="title" label={t('tickets.fields.title')} rules={[useRequired()]}>
        <Input maxLength={300} />
      </Form.Item>
    </>
  );
}

export function RejectFields({ form }: { form: FormInstance }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const reason = Form.useWatch('reason', form) as string | undefined;
  const outOfScope = useQuery({ queryKey: ['reference', 'out-of-scope'], queryFn: ({ signal }) => listOutOfScope(signal), staleTime: Infinity });
  return (
    <>
      <Form.Item name="reason" label={t('tickets.actions.rejectReason')}>
        <Radio.Group
          options={[
            { value: 'out_of_scope', label: t('tickets.rejectReason.out_of_scope') },
            { value: 'spam', label: t('tickets.rejectReason.spam') },
          ]}
        />
      </Form.Item>
      {reason !== 'spam' && (
        <Form.Item name="outOfScopeCode" label={t('tickets.actions.outOfScope')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
          <Select options={(outOfScope.data ?? []).map((item) => ({ value: item.code, label: language === 'en' ? item.nameEn : item.name }))} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('tickets.actions.note')}>
        {area(2)}
      </Form.Item>
    </>
  );
}

/** The suggestions of the forward dialog (shared with ActionDialog, which records the choice). */
export function useRoutingSuggestions(code: string) {
  return useQuery({ queryKey: ticketKeys.suggestions(code), queryFn: ({ signal }) => routingSuggestions(code, signal), staleTime: 0, retry: false });
}

export function ForwardFields({ ticket, form }: { ticket: Ticket; form: FormInstance }) {
  const { t } = useTranslation();
  const agencies = useAgencyOptions();
  const suggestions = useRoutingSuggestions(ticket.code);
  const chosen = Form.useWatch('leadAgencyCode', form) as string | undefined;
  const nameOf = (code: string) => agencies.options.find((option) => option.value === code)?.label ?? code;
  return (
    <>
      <section aria-label={t('tickets.forward.suggestions')} style={{ marginBottom: 16 }}>
        <Typography.Text strong>{t('tickets.forward.suggestions')}</Typography.Text>
        {suggestions.isError ? (
          <Typography.Paragraph type="secondary">{t('tickets.forward.suggestionsUnavailable')}</Typography.Paragraph>
        ) : (
          <List
            size="small"
            loading={suggestions.isPending}
            dataSource={(suggestions.data ?? []).slice(0, 5)}
            locale={{ emptyText: t('tickets.forward.noSuggestions') }}
            renderItem={(item) => (
              <List.Item
                data-testid="routing-suggestion"
                actions={[
                  <Button
                    key="choose"
                    size="small"
                    type={chosen === item.agencyCode ? 'primary' : 'default'}
                    aria-label={t('tickets.forward.chooseNamed', { name: item.agencyName })}
                    onClick={() => form.setFieldsValue({ leadAgencyCode: item.agencyCode, cooperatingAgencyCodes: item.cooperatingAgencyCodes })}
                  >
                    {chosen === item.agencyCode ? t('tickets.forward.chosen') : t('tickets.forward.choose')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  avatar={<Tag color={item.rule ? 'blue' : 'default'}>{item.rank}</Tag>}
                  title={item.agencyName}
                  description={
                    <Flex vertical gap={2}>
                      <span>{item.reason}</span>
                      {item.cooperatingAgencyCodes.length > 0 && (
                        <span>{t('tickets.forward.withCooperating', { names: item.cooperatingAgencyCodes.map(nameOf).join(', ') })}</span>
                      )}
                    </Flex>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </section>
      <Form.Item name="leadAgencyCode" label={t('tickets.actions.leadAgency')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
        <Select showSearch={ACCENT_FREE_SEARCH} loading={agencies.loading} options={agencies.options} />
      </Form.Item>
      <Form.Item name="cooperatingAgencyCodes" label={t('tickets.actions.cooperating')}>
        <Select mode="multiple" showSearch={ACCENT_FREE_SEARCH} options={agencies.options} />
      </Form.Item>
      <Form.Item name="note" label={t('tickets.actions.note')}>
        {area(2)}
      </Form.Item>
    </>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The agency's staff to choose from; where the list cannot be read, a user id to type. */
export function AssignField({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const unit = ticket.leadAgencyCode ?? '';
  const staff = useQuery({ queryKey: ticketKeys.staff(unit), queryFn: ({ signal }) => unitStaff(unit, signal), enabled: unit !== '', retry: false });
  if (staff.isError || unit === '') {
    return (
      <Form.Item name="assigneeId" label={t('tickets.actions.assigneeId')} extra={t('tickets.actions.assigneeHelp')} rules={[{ required: true, pattern: UUID, message: t('tickets.actions.uuid') }]}>
        <Input autoComplete="off" />
      </Form.Item>
    );
  }
  const options = (staff.data ?? [])
    .filter((user) => user.roles.includes('agency_staff') || user.roles.includes('agency_focal'))
    .map((user) => ({ value: user.id, label: user.displayName === user.username ? user.displayName : `${user.displayName} (${user.username})` }));
  return (
    <Form.Item name="assigneeId" label={t('tickets.actions.assignee')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
      <Select showSearch={ACCENT_FREE_SEARCH} loading={staff.isPending} options={options} notFoundContent={t('tickets.actions.noStaff')} />
    </Form.Item>
  );
}

export function LinkDuplicateField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="masterCode" label={t('tickets.actions.masterCode')} rules={[{ required: true, pattern: /^[A-Za-z0-9]{1,10}-\d{4}-\d{6}$/, message: t('tickets.actions.codeFormat') }]}>
      <Input placeholder="1022-2026-000123" autoComplete="off" />
    </Form.Item>
  );
}

export function RequestExtensionFields({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const due = ticket.deadline?.answerDueAt ?? null;
  const dueDay = due ? vietnamToday(due) : null;
  return (
    <>
      {due && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('tickets.extension.currentDue', { at: formatDateTime(due, language) })} />}
      <Form.Item name="reason" label={t('tickets.extension.reason')} rules={[useRequired()]}>
        {area(3)}
      </Form.Item>
      <Form.Item name="proposedDueDate" label={t('tickets.extension.proposedDueDate')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
        <DatePicker format={dateInputFormat(currentLanguage())} disabledDate={(day) => notAfterToday(day) || (dueDay !== null && day.format('YYYY-MM-DD') <= dueDay)} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}

export function DecideExtensionFields({ ticket, form }: { ticket: Ticket; form: FormInstance }) {
  const { t } = useTranslation();
  const language = currentLanguage();
  const decision = Form.useWatch('decision', form) as string | undefined;
  const extension = ticket.extension;
  return (
    <>
      {extension && (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('tickets.extension.reason')}>{extension.reason}</Descriptions.Item>
          <Descriptions.Item label={t('tickets.extension.proposedDueDate')}>{formatLocalDate(extension.proposedDueDate, language)}</Descriptions.Item>
          {extension.previousDueAt && <Descriptions.Item label={t('tickets.extension.previousDue')}>{formatDateTime(extension.previousDueAt, language)}</Descriptions.Item>}
        </Descriptions>
      )}
      <Form.Item name="decision" label={t('tickets.extension.decision')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'approve', label: t('tickets.extension.approve') },
            { value: 'refuse', label: t('tickets.extension.refuse') },
          ]}
        />
      </Form.Item>
      {decision === 'approve' && (
        <Form.Item name="dueDate" label={t('tickets.extension.grantedDate')} extra={t('tickets.extension.grantedDateHint')}>
          <DatePicker format={dateInputFormat(currentLanguage())} disabledDate={notAfterToday} style={{ width: 200 }} />
        </Form.Item>
      )}
      <Form.Item name="note" label={t('tickets.extension.note')}>
        {area(2)}
      </Form.Item>
    </>
  );
}

export function ProgressReportFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="done" label={t('tickets.progress.done')} rules={[useRequired()]}>
        {area(4)}
      </Form.Item>
      <Form.Item name="committedDate" label={t('tickets.progress.committedDate')} rules={[{ required: true, message: t('tickets.actions.required') }]}>
        <DatePicker format={dateInputFormat(currentLanguage())} disabledDate={(day) => day.format('YYYY-MM-DD') < vietnamToday()} style={{ width: 200 }} />
      </Form.Item>
    </>
  );
}
