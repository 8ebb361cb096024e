// Routing rules: for a domain, a commune or ward and a ticket type (each optional), which agency
// leads and which cooperate, at what priority. Rules are added or disabled (kept for the record).
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Select, Switch, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { TICKET_TYPES, type TicketType } from '../../../common/tickets.ts';
import { api, errorDetail, errorMessage } from '../../api/client.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { ACCENT_FREE_SEARCH } from '../../features/tickets/labels.tsx';
import { useAgencyOptions } from '../../features/tickets/ActionFields.tsx';
import { listDomains } from '../../features/tickets/tickets.api.ts';
import { formatDateTime } from '../../i18n/dates.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { createRoutingRule, disableRoutingRule, listRoutingRules, organizationKeys, type CreateRoutingRuleInput, type RoutingRule } from './organization.api.ts';
import { AdminPageHeader, placeFieldErrors } from './shared.tsx';

const RULE_FIELDS = ['domainCode', 'communeCode', 'ticketType', 'leadAgencyCode', 'cooperatingAgencyCodes', 'priority', 'note'] as const;

function useDomainNames() {
  const language = currentLanguage();
  const domains = useQuery({ queryKey: ['reference', 'domains'], queryFn: ({ signal }) => listDomains(signal), staleTime: Infinity });
  const options = (domains.data ?? []).map((d) => ({ value: d.code, label: language === 'en' ? d.nameEn : d.name }));
  return { options, nameOf: (code: string) => options.find((o) => o.value === code)?.label ?? code };
}

function useCommuneOptions() {
  const communes = useQuery({
    queryKey: ['reference', 'communes'],
    queryFn: async ({ signal }) => (await api.get<{ items: { code: string; name: string }[] }>('/api/v1/public/org-units?kind=ward&kind=commune', signal)).items,
    staleTime: Infinity,
  });
  return (communes.data ?? []).map((unit) => ({ value: unit.code, label: unit.name }));
}

function RuleDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateRoutingRuleInput>();
  const agencies = useAgencyOptions();
  const domains = useDomainNames();
  const communes = useCommuneOptions();
  const create = useMutation({
    mutationFn: (values: CreateRoutingRuleInput) =>
      createRoutingRule({
        leadAgencyCode: values.leadAgencyCode,
        ...(values.domainCode ? { domainCode: values.domainCode } : {}),
        ...(values.communeCode ? { communeCode: values.communeCode } : {}),
        ...(values.ticketType ? { ticketType: values.ticketType } : {}),
        ...(values.cooperatingAgencyCodes?.length ? { cooperatingAgencyCodes: values.cooperatingAgencyCodes } : {}),
        ...(values.priority !== undefined && values.priority !== null ? { priority: values.priority } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.allRoutingRules });
      void message.success(t('admin.routing.created'));
      onClose();
    },
    onError: (error) => placeFieldErrors(form, error, RULE_FIELDS),
  });
  return (
    <Modal
      open
      title={t('admin.routing.createTitle')}
      okText={t('admin.routing.create')}
      cancelText={t('admin.common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      width={640}
    >
      <Flex vertical gap="middle">
        <Alert type="info" showIcon title={t('admin.routing.createHint')} />
        {create.error && <Alert type="error" showIcon title={errorMessage(create.error)} description={errorDetail(create.error)} />}
        <Form<CreateRoutingRuleInput> form={form} name="routing-rule" layout="vertical" requiredMark={false} initialValues={{ priority: 0 }} onFinish={(values) => !create.isPending && create.mutate(values)}>
          <Form.Item name="domainCode" label={t('admin.routing.domain')}>
            <Select allowClear showSearch={ACCENT_FREE_SEARCH} options={domains.options} placeholder={t('admin.routing.any')} />
          </Form.Item>
          <Form.Item name="communeCode" label={t('admin.routing.commune')}>
            <Select allowClear showSearch={ACCENT_FREE_SEARCH} options={communes} placeholder={t('admin.routing.any')} />
          </Form.Item>
          <Form.Item name="ticketType" label={t('admin.routing.ticketType')}>
            <Select allowClear options={TICKET_TYPES.map((value) => ({ value, label: t(`tickets.type.${value}`) }))} placeholder={t('admin.routing.any')} />
          </Form.Item>
          <Form.Item name="leadAgencyCode" label={t('admin.routing.lead')} rules={[{ required: true, message: t('admin.routing.leadRequired') }]}>
            <Select showSearch={ACCENT_FREE_SEARCH} loading={agencies.loading} options={agencies.options} />
          </Form.Item>
          <Form.Item name="cooperatingAgencyCodes" label={t('admin.routing.cooperating')}>
            <Select mode="multiple" showSearch={ACCENT_FREE_SEARCH} options={agencies.options} />
          </Form.Item>
          <Form.Item name="priority" label={t('admin.routing.priority')} extra={t('admin.routing.priorityHint')}>
            <InputNumber min={-1000} max={1000} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="note" label={t('admin.routing.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Flex>
    </Modal>
  );
}

export function RoutingRulesPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const language = currentLanguage();
  const queryClient = useQueryClient();
  useDocumentTitle(t('nav.routingRules.title'));
  const [includeDisabled, setIncludeDisabled] = useState(false);
  const [creating, setCreating] = useState(false);
  const rules = useQuery({ queryKey: organizationKeys.routingRules(includeDisabled), queryFn: ({ signal }) => listRoutingRules(includeDisabled, signal) });
  const domains = useDomainNames();
  const agencies = useAgencyOptions();
  const agencyName = useMemo(() => new Map(agencies.options.map((o) => [o.value, o.label])), [agencies.options]);

  const disable = useMutation({
    mutationFn: (rule: RoutingRule) => disableRoutingRule(rule.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: organizationKeys.allRoutingRules });
      void message.success(t('admin.routing.disabled'));
    },
    onError: (error) => void message.error(errorMessage(error)),
  });
  const any = <Typography.Text type="secondary">{t('admin.routing.any')}</Typography.Text>;

  return (
    <Flex vertical gap="middle">
      <AdminPageHeader
        title={t('nav.routingRules.title')}
        description={t('nav.routingRules.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('admin.routing.createTitle')}
          </Button>
        }
      />
      <Flex align="center" gap="small">
        <Switch id="include-disabled" checked={includeDisabled} onChange={setIncludeDisabled} />
        <label htmlFor="include-disabled">{t('admin.routing.includeDisabled')}</label>
      </Flex>
      {rules.isError && <Alert type="error" showIcon title={errorMessage(rules.error)} />}
      <Table<RoutingRule>
        data-testid="routing-rules-table"
        rowKey="id"
        size="middle"
        loading={rules.isPending}
        dataSource={rules.data ?? []}
        pagination={false}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('admin.routing.empty') }}
        columns={[
          { title: t('admin.routing.domain'), dataIndex: 'domainCode', width: 180, render: (code: string | null) => (code ? domains.nameOf(code) : any) },
          { title: t('admin.routing.commune'), dataIndex: 'communeName', width: 180, render: (name: string | null, rule) => name ?? rule.communeCode ?? any },
          { title: t('admin.routing.ticketType'), dataIndex: 'ticketType', width: 130, render: (type: string | null) => (type ? t(`tickets.type.${type as TicketType}`, { defaultValue: type }) : any) },
          { title: t('admin.routing.lead'), dataIndex: 'leadAgencyName', width: 240 },
          {
            title: t('admin.routing.cooperating'),
            dataIndex: 'cooperatingAgencyCodes',
            width: 220,
            render: (codes: string[]) => (codes.length ? codes.map((code) => agencyName.get(code) ?? code).join(', ') : '—'),
          },
          { title: t('admin.routing.priority'), dataIndex: 'priority', width: 100, align: 'right' },
          {
            title: t('admin.routing.status'),
            key: 'status',
            width: 160,
            render: (_: unknown, rule) =>
              rule.active ? (
                <Tag color="green">{t('admin.routing.active')}</Tag>
              ) : (
                <Tag>{t('admin.routing.disabledAt', { at: rule.disabledAt ? formatDateTime(rule.disabledAt, language) : '—' })}</Tag>
              ),
          },
          { title: t('admin.routing.note'), dataIndex: 'note', ellipsis: true, render: (note: string | null) => note ?? '—' },
          {
            title: t('admin.common.actions'),
            key: 'actions',
            width: 120,
            fixed: 'right',
            render: (_: unknown, rule) =>
              rule.active && (
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    void modal.confirm({
                      title: t('admin.routing.disableConfirm', { lead: rule.leadAgencyName }),
                      okText: t('admin.common.yes'),
                      cancelText: t('admin.common.no'),
                      okButtonProps: { danger: true },
                      onOk: () => disable.mutateAsync(rule).catch(() => undefined),
                    })
                  }
                >
                  {t('admin.routing.disable')}
                </Button>
              ),
          },
        ]}
      />
      {creating && <RuleDialog onClose={() => setCreating(false)} />}
    </Flex>
  );
}
